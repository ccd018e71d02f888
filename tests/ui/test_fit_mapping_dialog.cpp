// Qt Test: fitting a model's GBR mapping from the studio (FitMappingDialog) on a tiny synthetic
// dataset with a random model: the job, the mapping file, the signal, the run history, the
// annotated cells, cancelling, and refused or failing fits.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "cellcam/cam_model.h"
#include "cellcam/dataset.h"
#include "cellcam/ensemble.h"
#include "cellcam/error.h"
#include "cellcam/image_io.h"
#include "cellcam/mapping.h"
#include "cellcam/project.h"
#include "cellcam/segmentation.h"
#include "cellcam/synth.h"

#include "fit_mapping_dialog.h"
#include "form_support.h"
#include "gui_test_support.h"
#include "job_manager.h"

using namespace cellcam::ui;

namespace {

std::string readText(const QString& file) {
  std::ifstream in(toPath(file), std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void writeText(const QString& file, const std::string& text) {
  std::ofstream out(toPath(file), std::ios::binary);
  out << text;
}

/// Fast settings: one view, a few trees.
cellcam::FitMappingOptions quickOptions() {
  cellcam::FitMappingOptions options;
  options.maxImages = 6;
  options.tta.scales = {1.0};
  options.tta.flips = false;
  options.mapping.scaler = "robust";
  options.mapping.gbr.rounds = 20;
  options.mapping.gbr.maxDepth = 2;
  options.mapping.gbr.seed = 3;
  return options;
}

}  // namespace

class TestFitMappingDialog : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void fieldsRoundTripEveryTunableSetting();
  void fitsWritesTheMappingCountsAnnotationsAndRecordsTheRun();
  void cancelledFitLeavesTheOldMappingFile();
  void refusesMissingFilesAndSubmitsNothing();
  void failedJobShowsItsSentenceAndIsRecorded();

 private:
  /// A copy of the random model in its own folder (so each test has its own mapping file).
  QString modelCopy(const QString& name);

  QTemporaryDir tmp_;
  QString data_;
  QString model_;
};

void TestFitMappingDialog::initTestCase() {
  QVERIFY(tmp_.isValid());
  data_ = tmp_.filePath(QStringLiteral("synth"));
  cellcam::ui::test::writeSynthData(toPath(data_), 16, 2, 128, 7);
  model_ = tmp_.filePath(QStringLiteral("random.pt"));
  cellcam::ui::test::saveRandomModel(toPath(model_), 64);
}

QString TestFitMappingDialog::modelCopy(const QString& name) {
  QDir().mkpath(tmp_.filePath(name));
  const QString file = tmp_.filePath(name + QStringLiteral("/model.pt"));
  if (!QFileInfo::exists(file)) QFile::copy(model_, file);
  return file;
}

void TestFitMappingDialog::fieldsRoundTripEveryTunableSetting() {
  JobManager jobs;
  FitMappingDialog dialog(jobs);
  cellcam::FitMappingOptions in;
  in.maxImages = 42;
  in.tta.precision = "bf16";  // TTA on (the default: 3 scales with flips)
  in.mapping.scaler = "robust";
  in.labelsDir = toPath(tmp_.filePath(QStringLiteral("labels")));
  cellcam::GbrConfig& g = in.mapping.gbr;
  g.rounds = 77;
  g.maxDepth = 5;
  g.eta = 0.25;
  g.subsample = 0.8;
  g.lambda = 2.5;
  g.minChildWeight = 4;
  g.monotone = false;
  g.treeMethod = "exact";
  g.maxBin = 128;
  g.threads = 0;
  g.seed = 99;
  dialog.setOptions(in);
  const cellcam::FitMappingOptions out = dialog.options();
  QCOMPARE(out.maxImages, 42);
  QVERIFY(out.tta.scales == (std::vector<double>{1.0, 1.3, 1.6}));
  QVERIFY(out.tta.flips);
  QCOMPARE(out.tta.precision, std::string("bf16"));
  QCOMPARE(out.mapping.scaler, std::string("robust"));
  QVERIFY(out.labelsDir == in.labelsDir);
  QCOMPARE(out.mapping.gbr.rounds, 77);
  QCOMPARE(out.mapping.gbr.maxDepth, 5);
  QCOMPARE(out.mapping.gbr.eta, 0.25);
  QCOMPARE(out.mapping.gbr.subsample, 0.8);
  QCOMPARE(out.mapping.gbr.lambda, 2.5);
  QCOMPARE(out.mapping.gbr.minChildWeight, 4.0);
  QCOMPARE(out.mapping.gbr.monotone, false);
  QCOMPARE(out.mapping.gbr.treeMethod, std::string("exact"));
  QCOMPARE(out.mapping.gbr.maxBin, 128);
  QCOMPARE(out.mapping.gbr.threads, 0);
  QCOMPARE(out.mapping.gbr.seed, 99);
  QVERIFY(out.annotations.empty());

  dialog.setOptions(quickOptions());
  QVERIFY(dialog.options().tta.scales == std::vector<double>{1.0});
  QVERIFY(!dialog.options().tta.flips);
  QVERIFY(dialog.options().labelsDir.empty());

  // The mapping file is the model's, next to it.
  dialog.setModelFile(model_);
  QCOMPARE(dialog.mappingFile(), pathText(cellcam::mappingFileFor(toPath(model_))));
  QVERIFY(dialog.options().out == cellcam::mappingFileFor(toPath(model_)));
}

void TestFitMappingDialog::fitsWritesTheMappingCountsAnnotationsAndRecordsTheRun() {
  const QString model = modelCopy(QStringLiteral("fit"));
  const QString mappingFile = pathText(cellcam::mappingFileFor(toPath(model)));
  QVERIFY(!QFileInfo::exists(mappingFile));

  // Annotate two real cells of a test image (ids from the studio's built-in segmentation)
  // and one id that is no cell.
  const cellcam::Dataset dataset = cellcam::Dataset::open(toPath(data_));
  const cellcam::ImageRecord* testImage = nullptr;
  int singleLabel = 0;
  for (const cellcam::ImageRecord& r : dataset.images()) {
    if (r.split == cellcam::Split::Test && !testImage) testImage = &r;
    if (r.split == cellcam::Split::Train && r.labels.size() == 1) ++singleLabel;
  }
  QVERIFY(testImage);
  QVERIFY2(singleLabel > 0, "the synthetic dataset has no single-label training image");
  const std::vector<cellcam::ProjectCell> cells =
      cellcam::describeCells(cellcam::segmentCells(cellcam::readChannels(dataset, *testImage)));
  QVERIFY2(cells.size() >= 2, "the test image has fewer than two cells");
  cellcam::AnnotationMap annotations;
  cellcam::CellLabelMap& annotated = annotations[testImage->id];
  annotated[cells[0].cellId] = {0};
  annotated[cells[1].cellId] = {18};
  annotated[cells.back().cellId + 1000] = {3};

  cellcam::Project project =
      cellcam::Project::create(toPath(tmp_.filePath(QStringLiteral("project-fit"))), {});
  ProjectRunRecorder recorder(project);
  JobManager jobs;
  FitMappingDialog dialog(jobs);
  dialog.setRunRecorder(&recorder);
  dialog.show();
  QVERIFY(!dialog.annotationsCheckBox()->isEnabled());
  dialog.setAnnotations(annotations, QStringLiteral("the test project"));
  QVERIFY(dialog.annotationsCheckBox()->isEnabled());
  QVERIFY(dialog.annotationsCheckBox()->isChecked());
  QVERIFY2(
      dialog.annotationsCheckBox()->text().contains(QStringLiteral("Include 3 annotated cell")),
      qPrintable(dialog.annotationsCheckBox()->text()));
  dialog.setOptions(quickOptions());
  dialog.setModelFile(model);
  dialog.setDataDir(data_);

  QSignalSpy fitted(&dialog, &FitMappingDialog::mappingFitted);
  QSignalSpy finished(&dialog, &FitMappingDialog::fitFinished);
  QTest::mouseClick(dialog.fitButton(), Qt::LeftButton);
  QCOMPARE(dialog.state(), FitMappingDialog::State::Running);
  QCOMPARE(jobs.jobIds().size(), qsizetype(1));
  QCOMPARE(dialog.jobId(), jobs.jobIds().front());
  QVERIFY(!dialog.fitButton()->isEnabled());
  QVERIFY(dialog.cancelButton()->isEnabled());
  QCOMPARE(project.runs().size(), std::size_t{1});
  QCOMPARE(project.runs()[0].status, std::string("running"));

  QVERIFY(finished.wait(90000));
  QVERIFY2(dialog.state() == FitMappingDialog::State::Succeeded, qPrintable(dialog.resultText()));
  QCOMPARE(finished.first().at(0).toBool(), true);
  qInfo("%s", qPrintable(dialog.resultText()));
  if (qEnvironmentVariableIsSet("CELLCAM_ARTIFACTS")) {  // A screenshot for reviewers.
    const QString folder = qEnvironmentVariable("CELLCAM_ARTIFACTS");
    QDir().mkpath(folder);
    QVERIFY(dialog.grab().save(QDir(folder).filePath(QStringLiteral("fit_mapping_dialog.png"))));
  }
  QVERIFY(dialog.fitButton()->isEnabled());
  QVERIFY(!dialog.cancelButton()->isEnabled());

  // The signal names the model and its new mapping file.
  QCOMPARE(fitted.count(), 1);
  QCOMPARE(fitted.first().at(0).toString(), QFileInfo(model).absoluteFilePath());
  QCOMPARE(fitted.first().at(1).toString(), mappingFile);

  // The summary: 6 single-label images (or fewer when the dataset has fewer) plus the
  // annotated test image; two annotated cells used, one id that is no cell.
  const cellcam::FitMappingSummary& s = dialog.summary();
  QCOMPARE(s.images, std::min(6, singleLabel) + 1);
  QCOMPARE(s.annotatedImages, 1);
  QCOMPARE(s.annotatedCells, 2LL);
  QCOMPARE(s.unmatchedAnnotations, 1LL);
  QVERIFY(s.cells > 2);
  QCOMPARE(s.rows, s.cells * 19);
  QCOMPARE(pathText(s.mappingFile), mappingFile);
  QVERIFY2(dialog.resultText().contains(QStringLiteral("model.mapping.json")),
           qPrintable(dialog.resultText()));
  QVERIFY2(dialog.resultText().contains(QStringLiteral("Annotated cells used: 2 in 1 images")),
           qPrintable(dialog.resultText()));

  // The file loads with the dialog's settings.
  QVERIFY(QFileInfo::exists(mappingFile));
  const cellcam::GbrMapping mapping = cellcam::GbrMapping::load(toPath(mappingFile));
  QVERIFY(mapping.fitted());
  QCOMPARE(mapping.trainingRows(), s.rows);
  QCOMPARE(mapping.scoreScaler(), std::string("robust"));
  QCOMPARE(mapping.config().rounds, 20);
  QCOMPARE(mapping.config().maxDepth, 2);
  QCOMPARE(mapping.config().seed, 3);
  const std::vector<float> p = mapping.predict({-5.0f, 0.0f, 5.0f});
  for (float v : p) QVERIFY(v >= 0.0f && v <= 1.0f);
  // Nothing else (no temporary file) was left next to the model.
  QCOMPARE(QDir(QFileInfo(model).absolutePath()).entryList(QDir::Files | QDir::Hidden).size(),
           qsizetype(2));

  // The run history: one finished fit-mapping run with the options and the summary.
  const std::vector<cellcam::RunRecord> runs = project.runs();
  QCOMPARE(runs.size(), std::size_t{1});
  QCOMPARE(runs[0].kind, std::string("fit-mapping"));
  QCOMPARE(runs[0].status, std::string("finished"));
  QCOMPARE(runs[0].name, std::string("model.pt"));
  QVERIFY(!runs[0].finishedAt.empty());
  const QJsonObject config = jsonObject(runs[0].configJson);
  QCOMPARE(config.value(QStringLiteral("maxImages")).toInt(), 6);
  QCOMPARE(config.value(QStringLiteral("annotatedCells")).toInt(), 3);
  QCOMPARE(config.value(QStringLiteral("tta")).toObject().value(QStringLiteral("flips")).toBool(),
           false);
  const QJsonObject mappingConfig = config.value(QStringLiteral("mapping")).toObject();
  QCOMPARE(mappingConfig.value(QStringLiteral("scaler")).toString(), QStringLiteral("robust"));
  QCOMPARE(
      mappingConfig.value(QStringLiteral("gbr")).toObject().value(QStringLiteral("rounds")).toInt(),
      20);
  const QJsonObject metrics = jsonObject(runs[0].metricsJson);
  QCOMPARE(metrics.value(QStringLiteral("rows")).toDouble(), double(s.rows));
  QCOMPARE(metrics.value(QStringLiteral("images")).toInt(), s.images);
  QCOMPARE(metrics.value(QStringLiteral("annotatedCells")).toInt(), 2);
  QCOMPARE(metrics.value(QStringLiteral("unmatchedAnnotations")).toInt(), 1);
  QCOMPARE(metrics.value(QStringLiteral("mappingFile")).toString(), mappingFile);

  // Without the annotations (check box cleared) the same fit uses no annotated cell, and the
  // second run replaces the file.
  dialog.annotationsCheckBox()->setChecked(false);
  QVERIFY(dialog.options().annotations.empty());
  finished.clear();
  QVERIFY(dialog.startFit() > 0);
  QVERIFY(finished.wait(90000));
  QVERIFY2(dialog.state() == FitMappingDialog::State::Succeeded, qPrintable(dialog.resultText()));
  QCOMPARE(dialog.summary().annotatedCells, 0LL);
  QCOMPARE(dialog.summary().images, std::min(6, singleLabel));
  QCOMPARE(cellcam::GbrMapping::load(toPath(mappingFile)).trainingRows(), dialog.summary().rows);
  QCOMPARE(fitted.count(), 2);
  QCOMPARE(project.runs().size(), std::size_t{2});
  QCOMPARE(project.runs()[1].status, std::string("finished"));
}

void TestFitMappingDialog::cancelledFitLeavesTheOldMappingFile() {
  const QString model = modelCopy(QStringLiteral("cancel"));
  const QString mappingFile = pathText(cellcam::mappingFileFor(toPath(model)));
  const std::string old = "{\"old\": true}\n";
  writeText(mappingFile, old);

  cellcam::Project project =
      cellcam::Project::create(toPath(tmp_.filePath(QStringLiteral("project-cancel"))), {});
  ProjectRunRecorder recorder(project);
  JobManager jobs;
  FitMappingDialog dialog(jobs);
  dialog.setRunRecorder(&recorder);
  dialog.show();
  cellcam::FitMappingOptions options;  // The seed's TTA (12 views) on every image: slow.
  dialog.setOptions(options);
  dialog.setModelFile(model);
  dialog.setDataDir(data_);
  QSignalSpy fitted(&dialog, &FitMappingDialog::mappingFitted);
  QSignalSpy finished(&dialog, &FitMappingDialog::fitFinished);
  const int id = dialog.startFit();
  QVERIFY2(id > 0, qPrintable(dialog.resultText()));
  QTRY_VERIFY_WITH_TIMEOUT(jobs.job(id).state == JobState::Running, 10000);
  QTest::mouseClick(dialog.cancelButton(), Qt::LeftButton);
  QVERIFY(finished.wait(60000));
  QCOMPARE(dialog.state(), FitMappingDialog::State::Cancelled);
  QCOMPARE(finished.first().at(0).toBool(), false);
  QCOMPARE(fitted.count(), 0);
  QVERIFY(dialog.resultText().contains(QStringLiteral("not changed")));
  QCOMPARE(readText(mappingFile), old);
  QCOMPARE(QDir(QFileInfo(model).absolutePath()).entryList(QDir::Files | QDir::Hidden).size(),
           qsizetype(2));
  const std::vector<cellcam::RunRecord> runs = project.runs();
  QCOMPARE(runs.size(), std::size_t{1});
  QCOMPARE(runs[0].kind, std::string("fit-mapping"));
  QCOMPARE(runs[0].status, std::string("cancelled"));
  QVERIFY(dialog.fitButton()->isEnabled());
}

void TestFitMappingDialog::refusesMissingFilesAndSubmitsNothing() {
  cellcam::Project project =
      cellcam::Project::create(toPath(tmp_.filePath(QStringLiteral("project-refuse"))), {});
  ProjectRunRecorder recorder(project);
  JobManager jobs;
  FitMappingDialog dialog(jobs);
  dialog.setRunRecorder(&recorder);
  dialog.show();
  dialog.setOptions(quickOptions());
  QSignalSpy finished(&dialog, &FitMappingDialog::fitFinished);

  // No model at all.
  dialog.setDataDir(data_);
  QCOMPARE(dialog.startFit(), 0);
  QCOMPARE(dialog.state(), FitMappingDialog::State::Failed);
  QVERIFY(!dialog.resultText().isEmpty());

  // A missing model file, by clicking Fit.
  dialog.setModelFile(tmp_.filePath(QStringLiteral("missing.pt")));
  QTest::mouseClick(dialog.fitButton(), Qt::LeftButton);
  QCOMPARE(dialog.state(), FitMappingDialog::State::Failed);
  QVERIFY2(dialog.resultText().contains(QStringLiteral("missing.pt")),
           qPrintable(dialog.resultText()));
  QVERIFY(dialog.fitButton()->isEnabled());
  QCOMPARE(finished.count(), 2);
  QCOMPARE(finished.last().at(0).toBool(), false);

  // A missing data folder, and a folder that is no dataset.
  dialog.setModelFile(model_);
  dialog.setDataDir(tmp_.filePath(QStringLiteral("no-such-data")));
  QCOMPARE(dialog.startFit(), 0);
  QVERIFY2(dialog.resultText().contains(QStringLiteral("no-such-data")),
           qPrintable(dialog.resultText()));
  dialog.setDataDir(tmp_.path());
  QCOMPARE(dialog.startFit(), 0);
  QVERIFY2(dialog.resultText().contains(QStringLiteral("train.csv")),
           qPrintable(dialog.resultText()));

  // A label image folder that does not exist.
  dialog.setDataDir(data_);
  cellcam::FitMappingOptions withLabels = quickOptions();
  withLabels.labelsDir = toPath(tmp_.filePath(QStringLiteral("no-labels")));
  dialog.setOptions(withLabels);
  QCOMPARE(dialog.startFit(), 0);
  QVERIFY2(dialog.resultText().contains(QStringLiteral("no-labels")),
           qPrintable(dialog.resultText()));

  // Nothing was submitted, recorded or written.
  QVERIFY(jobs.jobIds().isEmpty());
  QVERIFY(project.runs().empty());
  QVERIFY(!QFileInfo::exists(tmp_.filePath(QStringLiteral("missing.mapping.json"))));

  // No annotations: the check box stays off.
  dialog.setAnnotations({}, QString());
  QVERIFY(!dialog.annotationsCheckBox()->isEnabled());
  QVERIFY(dialog.options().annotations.empty());
}

void TestFitMappingDialog::failedJobShowsItsSentenceAndIsRecorded() {
  QDir().mkpath(tmp_.filePath(QStringLiteral("bad")));
  const QString badModel = tmp_.filePath(QStringLiteral("bad/broken.pt"));
  writeText(badModel, "this is not a model\n");

  cellcam::Project project =
      cellcam::Project::create(toPath(tmp_.filePath(QStringLiteral("project-fail"))), {});
  ProjectRunRecorder recorder(project);
  JobManager jobs;
  FitMappingDialog dialog(jobs);
  dialog.setRunRecorder(&recorder);
  dialog.setOptions(quickOptions());
  dialog.setModelFile(badModel);
  dialog.setDataDir(data_);
  QSignalSpy fitted(&dialog, &FitMappingDialog::mappingFitted);
  QSignalSpy finished(&dialog, &FitMappingDialog::fitFinished);
  QVERIFY(dialog.startFit() > 0);
  QVERIFY(finished.wait(30000));
  QCOMPARE(dialog.state(), FitMappingDialog::State::Failed);
  QVERIFY2(dialog.resultText().contains(QStringLiteral("broken.pt")),
           qPrintable(dialog.resultText()));
  QCOMPARE(fitted.count(), 0);
  QVERIFY(!QFileInfo::exists(tmp_.filePath(QStringLiteral("bad/broken.mapping.json"))));
  std::vector<cellcam::RunRecord> runs = project.runs();
  QCOMPARE(runs.size(), std::size_t{1});
  QCOMPARE(runs[0].status, std::string("failed"));

  // Annotations of an image that is not in the dataset: the job names the image.
  const QString model = modelCopy(QStringLiteral("foreign"));
  cellcam::AnnotationMap foreign;
  foreign["not-in-this-dataset"][1] = {0};
  dialog.setModelFile(model);
  dialog.setAnnotations(foreign, QStringLiteral("another project"));
  finished.clear();
  QVERIFY(dialog.startFit() > 0);
  QVERIFY(finished.wait(30000));
  QCOMPARE(dialog.state(), FitMappingDialog::State::Failed);
  QVERIFY2(dialog.resultText().contains(QStringLiteral("not-in-this-dataset")),
           qPrintable(dialog.resultText()));
  QVERIFY(!QFileInfo::exists(pathText(cellcam::mappingFileFor(toPath(model)))));
  runs = project.runs();
  QCOMPARE(runs.size(), std::size_t{2});
  QCOMPARE(runs[1].status, std::string("failed"));
}

QTEST_MAIN(TestFitMappingDialog)
#include "test_fit_mapping_dialog.moc"
