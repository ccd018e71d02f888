// Qt Test: segmenting a dataset from the studio (SegmentDialog) on tiny synthetic datasets: the
// job, the label images, the summary with the evaluation figures, refused starts that submit
// nothing, a failing job's sentence, and cancelling.
#include <filesystem>
#include <fstream>
#include <string>

#include <QCheckBox>
#include <QDir>
#include <QFileInfo>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/core.hpp>

#include "cellcam/dataset.h"
#include "cellcam/image_io.h"
#include "cellcam/project.h"
#include "cellcam/segment_dataset.h"
#include "cellcam/segmentation.h"
#include "cellcam/synth.h"

#include "form_support.h"
#include "gui_test_support.h"
#include "job_manager.h"
#include "segment_dialog.h"

using namespace cellcam::ui;

namespace {

void writeText(const QString& file, const std::string& text) {
  std::ofstream out(toPath(file), std::ios::binary);
  out << text;
}

void synthesize(const QString& folder, int train, int test, int size) {
  cellcam::ui::test::writeSynthData(toPath(folder), train, test, size, 11);
}

qsizetype pngCount(const QString& folder) {
  return QDir(folder).entryList({QStringLiteral("*.png")}, QDir::Files).size();
}

}  // namespace

class TestSegmentDialog : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void segmentsWritesLabelsAndShowsTheEvaluation();
  void evalNeedsTestMasksAndTestImages();
  void refusesBadFieldsAndSubmitsNothing();
  void failedJobShowsItsSentence();
  void cancelStopsTheJob();
  void closingWhileRunningEndsTheRecordedRun();

 private:
  QTemporaryDir tmp_;
  QString data_;
};

void TestSegmentDialog::initTestCase() {
  QVERIFY(tmp_.isValid());
  data_ = tmp_.filePath(QStringLiteral("synth"));
  synthesize(data_, 2, 3, 128);
}

void TestSegmentDialog::segmentsWritesLabelsAndShowsTheEvaluation() {
  JobManager jobs;
  SegmentDialog dialog(jobs);
  dialog.show();
  dialog.setDataDir(data_);
  const QString out = QDir(data_).filePath(QStringLiteral("segmentation"));
  QCOMPARE(dialog.outputDir(), out);
  QVERIFY(dialog.evalCheckBox()->isEnabled());
  dialog.evalCheckBox()->setChecked(true);
  QVERIFY(dialog.options().eval);

  QSignalSpy finished(&dialog, &SegmentDialog::segmentationFinished);
  QTest::mouseClick(dialog.segmentButton(), Qt::LeftButton);
  QCOMPARE(jobs.jobIds().size(), qsizetype(1));
  QCOMPARE(dialog.jobId(), jobs.jobIds().front());
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);
  QVERIFY2(dialog.state() == SegmentDialog::State::Succeeded, qPrintable(dialog.resultText()));
  QCOMPARE(finished.first().at(0).toBool(), true);
  QCOMPARE(finished.first().at(1).toString(), dialog.resultText());
  QCOMPARE(jobs.job(dialog.jobId()).state, JobState::Finished);
  qInfo("%s", qPrintable(dialog.resultText()));
  if (qEnvironmentVariableIsSet("CELLCAM_ARTIFACTS")) {  // A screenshot for reviewers.
    const QString folder = qEnvironmentVariable("CELLCAM_ARTIFACTS");
    QDir().mkpath(folder);
    QVERIFY(dialog.grab().save(QDir(folder).filePath(QStringLiteral("segment_dialog.png"))));
  }
  QVERIFY(dialog.segmentButton()->isEnabled());
  QVERIFY(!dialog.cancelButton()->isEnabled());

  // One label image per test image, equal to the built-in segmentation of that image.
  const cellcam::SegmentDatasetSummary& s = dialog.summary();
  QCOMPARE(s.images, 3);
  QCOMPARE(pngCount(out), qsizetype(3));
  QCOMPARE(QFileInfo(QString::fromStdString(s.out.string())).absoluteFilePath(), out);
  const cellcam::Dataset dataset = cellcam::Dataset::open(toPath(data_));
  long long cells = 0;
  for (const cellcam::ImageRecord& record : dataset.images()) {
    if (record.split != cellcam::Split::Test) continue;
    const cv::Mat expected = cellcam::segmentCells(cellcam::readChannels(dataset, record));
    const cv::Mat written =
        cellcam::readLabelImage(toPath(out) / (record.id + ".png"), expected.size());
    QCOMPARE(cv::countNonZero(written != expected), 0);
    double maxLabel = 0;
    cv::minMaxLoc(expected, nullptr, &maxLabel);
    cells += static_cast<long long>(maxLabel);
  }
  QCOMPARE(s.cells, cells);
  QVERIFY(cells > 0);

  // The summary text: counts, folder and the evaluation figures.
  QVERIFY(s.score.has_value());
  QCOMPARE(s.evaluatedImages, 3);
  QVERIFY(s.score->trueCells > 0);
  QVERIFY2(s.score->matchedFraction() >= 0.5, qPrintable(dialog.resultText()));
  const QString text = dialog.resultText();
  QVERIFY2(text.startsWith(QStringLiteral("Segmented 3 image")), qPrintable(text));
  QVERIFY2(text.contains(QStringLiteral("(%1 cells, built-in segmenter)").arg(cells)),
           qPrintable(text));
  QVERIFY2(text.contains(QDir::toNativeSeparators(out)), qPrintable(text));
  QVERIFY2(text.contains(
               QStringLiteral("matched fraction %1").arg(s.score->matchedFraction(), 0, 'f', 4)),
           qPrintable(text));
  QVERIFY2(text.contains(
               QStringLiteral("mean IoU of matches %1").arg(s.score->meanMatchedIoU(), 0, 'f', 4)),
           qPrintable(text));

  // Again without evaluation, all images into another folder: no figures.
  const QString outAll = tmp_.filePath(QStringLiteral("labels-all"));
  cellcam::SegmentDatasetOptions options = dialog.options();
  options.split = "all";
  options.out = toPath(outAll);
  options.eval = false;
  options.threads = 1;
  dialog.setOptions(options);
  QCOMPARE(dialog.outputDir(), outAll);
  finished.clear();
  QVERIFY(dialog.startSegmentation() > 0);
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);
  QVERIFY2(dialog.state() == SegmentDialog::State::Succeeded, qPrintable(dialog.resultText()));
  QCOMPARE(dialog.summary().images, 5);
  QVERIFY(!dialog.summary().score.has_value());
  QCOMPARE(pngCount(outAll), qsizetype(5));
  QVERIFY(!dialog.resultText().contains(QStringLiteral("matched fraction")));
  QCOMPARE(jobs.jobIds().size(), qsizetype(2));
}

void TestSegmentDialog::evalNeedsTestMasksAndTestImages() {
  JobManager jobs;
  SegmentDialog dialog(jobs);
  QVERIFY(!dialog.evalCheckBox()->isEnabled());  // no data folder yet
  dialog.setDataDir(data_);
  QVERIFY(dialog.evalCheckBox()->isEnabled());
  dialog.evalCheckBox()->setChecked(true);
  cellcam::SegmentDatasetOptions options = dialog.options();
  options.split = "train";
  dialog.setOptions(options);
  QVERIFY(!dialog.evalCheckBox()->isEnabled());
  QVERIFY(!dialog.options().eval);
  options.split = "all";
  dialog.setOptions(options);
  QVERIFY(dialog.evalCheckBox()->isEnabled());
  QVERIFY(dialog.options().eval);

  // A dataset without test_masks/.
  const QString noMasks = tmp_.filePath(QStringLiteral("no-masks"));
  synthesize(noMasks, 1, 1, 128);
  QVERIFY(QDir(QDir(noMasks).filePath(QStringLiteral("test_masks"))).removeRecursively());
  dialog.setDataDir(noMasks);
  QVERIFY(!dialog.evalCheckBox()->isEnabled());
  QVERIFY(!dialog.options().eval);
  QVERIFY(jobs.jobIds().isEmpty());
}

void TestSegmentDialog::refusesBadFieldsAndSubmitsNothing() {
  JobManager jobs;
  SegmentDialog dialog(jobs);
  dialog.show();
  QSignalSpy finished(&dialog, &SegmentDialog::segmentationFinished);

  // No data folder, then a missing one (by clicking Segment).
  QCOMPARE(dialog.startSegmentation(), 0);
  QCOMPARE(dialog.state(), SegmentDialog::State::Failed);
  QVERIFY(dialog.resultText().contains(QStringLiteral("data folder")));
  dialog.setDataDir(tmp_.filePath(QStringLiteral("no-such-data")));
  QTest::mouseClick(dialog.segmentButton(), Qt::LeftButton);
  QCOMPARE(dialog.state(), SegmentDialog::State::Failed);
  QVERIFY2(dialog.resultText().contains(QStringLiteral("no-such-data")),
           qPrintable(dialog.resultText()));
  QCOMPARE(finished.count(), 2);
  QCOMPARE(finished.last().at(0).toBool(), false);
  QVERIFY(dialog.segmentButton()->isEnabled());

  // Only one of the two models.
  const QString model = tmp_.filePath(QStringLiteral("some-model.pt"));
  writeText(model, "not a model\n");
  cellcam::SegmentDatasetOptions options;
  options.data = toPath(data_);
  options.nucleiModel = toPath(model);
  dialog.setOptions(options);
  QCOMPARE(dialog.startSegmentation(), 0);
  QVERIFY2(dialog.resultText().contains(QStringLiteral("Only the nuclei model")),
           qPrintable(dialog.resultText()));
  options.nucleiModel.clear();
  options.cellModel = toPath(model);
  dialog.setOptions(options);
  QCOMPARE(dialog.startSegmentation(), 0);
  QVERIFY2(dialog.resultText().contains(QStringLiteral("Only the cell model")),
           qPrintable(dialog.resultText()));
  // Both, but one file is missing.
  options.nucleiModel = toPath(tmp_.filePath(QStringLiteral("missing-nuclei.pt")));
  dialog.setOptions(options);
  QCOMPARE(dialog.startSegmentation(), 0);
  QVERIFY2(dialog.resultText().contains(QStringLiteral("missing-nuclei.pt")),
           qPrintable(dialog.resultText()));

  // A missing settings file, and one with an unknown key.
  options = {};
  options.data = toPath(data_);
  options.configFile = toPath(tmp_.filePath(QStringLiteral("missing-settings.json")));
  dialog.setOptions(options);
  QCOMPARE(dialog.startSegmentation(), 0);
  QVERIFY2(dialog.resultText().contains(QStringLiteral("missing-settings.json")),
           qPrintable(dialog.resultText()));
  const QString badSettings = tmp_.filePath(QStringLiteral("bad-settings.json"));
  writeText(badSettings, "{\"cellTreshold\": 0.6}\n");
  options.configFile = toPath(badSettings);
  dialog.setOptions(options);
  QCOMPARE(dialog.startSegmentation(), 0);
  QVERIFY2(dialog.resultText().contains(QStringLiteral("bad-settings.json")) &&
               dialog.resultText().contains(QStringLiteral("cellTreshold")),
           qPrintable(dialog.resultText()));

  // Unwritable output: a file, and a folder below a file (cannot be created, even as root).
  const QString file = tmp_.filePath(QStringLiteral("a-file"));
  writeText(file, "x\n");
  options.configFile.clear();
  options.out = toPath(file);
  dialog.setOptions(options);
  QCOMPARE(dialog.startSegmentation(), 0);
  QVERIFY2(dialog.resultText().contains(QStringLiteral("a-file")), qPrintable(dialog.resultText()));
  options.out = toPath(file) / "labels";
  dialog.setOptions(options);
  QCOMPARE(dialog.startSegmentation(), 0);
  QVERIFY2(dialog.resultText().contains(QStringLiteral("a-file/labels")),
           qPrintable(dialog.resultText()));

  // Nothing was submitted or written; each refusal is one sentence.
  QVERIFY(jobs.jobIds().isEmpty());
  QCOMPARE(finished.count(), 9);
  for (const QList<QVariant>& args : finished) {
    QCOMPARE(args.at(0).toBool(), false);
    QVERIFY2(!args.at(1).toString().trimmed().isEmpty(), "empty refusal");
    QVERIFY2(!args.at(1).toString().contains(QLatin1Char('\n')), qPrintable(args.at(1).toString()));
  }
  QVERIFY(!QFileInfo::exists(QDir(data_).filePath(QStringLiteral("segmentation"))) ||
          pngCount(QDir(data_).filePath(QStringLiteral("segmentation"))) == 3);
}

void TestSegmentDialog::failedJobShowsItsSentence() {
  // Both model files exist but are not TorchScript: the job fails and names the file.
  const QString nuclei = tmp_.filePath(QStringLiteral("broken-nuclei.pt"));
  const QString cells = tmp_.filePath(QStringLiteral("broken-cells.pt"));
  writeText(nuclei, "this is not a model\n");
  writeText(cells, "this is not a model either\n");
  JobManager jobs;
  SegmentDialog dialog(jobs);
  cellcam::SegmentDatasetOptions options;
  options.data = toPath(data_);
  options.out = toPath(tmp_.filePath(QStringLiteral("labels-broken")));
  options.nucleiModel = toPath(nuclei);
  options.cellModel = toPath(cells);
  dialog.setOptions(options);
  QSignalSpy finished(&dialog, &SegmentDialog::segmentationFinished);
  QVERIFY(dialog.startSegmentation() > 0);
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);
  QCOMPARE(dialog.state(), SegmentDialog::State::Failed);
  QCOMPARE(finished.first().at(0).toBool(), false);
  QVERIFY2(dialog.resultText().contains(QStringLiteral("broken-")),
           qPrintable(dialog.resultText()));
  QCOMPARE(dialog.resultText(), jobs.job(dialog.jobId()).error);
  QCOMPARE(pngCount(tmp_.filePath(QStringLiteral("labels-broken"))), qsizetype(0));
  QVERIFY(dialog.segmentButton()->isEnabled());
}

void TestSegmentDialog::cancelStopsTheJob() {
  const QString data = tmp_.filePath(QStringLiteral("larger"));
  const int images = 40;
  synthesize(data, 1, images, 384);
  JobManager jobs;
  SegmentDialog dialog(jobs);
  dialog.show();
  cellcam::SegmentDatasetOptions options;
  options.data = toPath(data);
  options.threads = 1;
  dialog.setOptions(options);
  QSignalSpy finished(&dialog, &SegmentDialog::segmentationFinished);
  const int id = dialog.startSegmentation();
  QVERIFY2(id > 0, qPrintable(dialog.resultText()));
  QCOMPARE(dialog.state(), SegmentDialog::State::Running);
  QVERIFY(dialog.cancelButton()->isEnabled());
  QVERIFY(!dialog.segmentButton()->isEnabled());
  // Cancel once the first label image is written, in the middle of the run.
  const QString out = dialog.outputDir();
  QTRY_VERIFY_WITH_TIMEOUT(pngCount(out) > 0 || finished.count() > 0, 60000);
  QTest::mouseClick(dialog.cancelButton(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);
  QCOMPARE(dialog.state(), SegmentDialog::State::Cancelled);
  QCOMPARE(jobs.job(id).state, JobState::Cancelled);
  QCOMPARE(finished.first().at(0).toBool(), false);
  QVERIFY2(dialog.resultText().contains(QStringLiteral("cancelled")),
           qPrintable(dialog.resultText()));
  const qsizetype written = pngCount(out);
  qInfo("cancelled after %lld of %d label images", static_cast<long long>(written), images);
  QVERIFY(written > 0);
  QVERIFY(written < images);
  QVERIFY(dialog.segmentButton()->isEnabled());
  QVERIFY(!dialog.cancelButton()->isEnabled());
}

void TestSegmentDialog::closingWhileRunningEndsTheRecordedRun() {
  // A dialog closed (deleted) while its job runs cancels the job; its run in the history must
  // end too instead of staying "running" for the rest of the session.
  const QString data = tmp_.filePath(QStringLiteral("closing"));
  synthesize(data, 1, 20, 256);
  cellcam::Project project =
      cellcam::Project::create(toPath(tmp_.filePath(QStringLiteral("project-close"))), {});
  ProjectRunRecorder recorder(project);
  JobManager jobs;
  auto* dialog = new SegmentDialog(jobs);
  dialog->setRunRecorder(&recorder);
  cellcam::SegmentDatasetOptions options;
  options.data = toPath(data);
  options.out = toPath(tmp_.filePath(QStringLiteral("closed-out")));
  options.threads = 1;
  dialog->setOptions(options);
  const int id = dialog->startSegmentation();
  QVERIFY2(id > 0, qPrintable(dialog->resultText()));
  QCOMPARE(project.runs().size(), std::size_t{1});
  QCOMPARE(project.runs()[0].status, std::string("running"));
  delete dialog;
  QVERIFY(jobs.job(id).ended());
  const auto runs = project.runs();
  QCOMPARE(runs.size(), std::size_t{1});
  QCOMPARE(runs[0].status, runStatus(jobs.job(id).state));
  QVERIFY2(runs[0].status != "running", runs[0].status.c_str());
  QVERIFY(!runs[0].finishedAt.empty());
}

QTEST_MAIN(TestSegmentDialog)
#include "test_segment_dialog.moc"
