// Qt Test: jobs, the training dialog and monitor, the submission export and the language
// settings, on a tiny synthetic dataset.
#include <atomic>
#include <filesystem>

#include <QAbstractButton>
#include <QApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QtTest>

#include "cellcam/cam_model.h"
#include "cellcam/error.h"
#include "cellcam/project.h"
#include "cellcam/submission.h"
#include "cellcam/synth.h"

#include "export_dialog.h"
#include "form_support.h"
#include "gui_test_support.h"
#include "i18n.h"
#include "job_manager.h"
#include "jobs_panel.h"
#include "settings_dialog.h"
#include "training_dialog.h"
#include "training_monitor.h"

using namespace cellcam::ui;

namespace {

/// A job that reports until it is cancelled.
JobFunction untilCancelled(std::atomic<bool>* started = nullptr) {
  return [started](cellcam::Progress& progress, const cellcam::CancelToken& cancel) {
    for (int i = 0;; ++i) {
      progress.report({0.01, "working " + std::to_string(i), {}});
      if (started) started->store(true);
      cancel.throwIfCancelled();
      QThread::msleep(5);
    }
  };
}

/// Clicks `button` of the next modal message box (from the event loop, while it is open).
void answerNextMessageBox(QMessageBox::StandardButton button) {
  QTimer::singleShot(50, [button]() {
    auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
    if (!box) {
      answerNextMessageBox(button);
      return;
    }
    box->button(button)->click();
  });
}

}  // namespace

class TestJobsTraining : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void jobReportsArriveOnTheGuiThreadThrottledWithTheFinalUpdate();
  void etaFollowsTheProgress();
  void failedJobKeepsTheErrorSentence();
  void cancelsQueuedAndRunningJobs();
  void jobsPanelShowsLogStatusAndCancels();
  void closePromptCancelsCleanlyOrKeepsTheWindow();
  void presetsFollowTheSeedsRecipes();
  void dialogRefusesMissingFoldersAndBadConfigFiles();
  void dialogConfigRoundTripsThroughJson();
  void trainsFromTheDialogWithLivePlotsSnapshotsAndHistory();
  void cancelledRunKeepsACheckpointAndResumes();
  void exportWritesASubmissionThatValidates();
  void exportNamesTheMissingModel();
  void germanTranslationIsInstalledAndStored();

 private:
  QTemporaryDir tmp_;
  QString data_;
};

void TestJobsTraining::initTestCase() {
  QVERIFY(tmp_.isValid());
  QCoreApplication::setOrganizationName(QStringLiteral("CellCAM-tests"));
  QCoreApplication::setApplicationName(QStringLiteral("jobs-training"));
  QSettings().clear();
  data_ = tmp_.filePath(QStringLiteral("synth"));
  cellcam::ui::test::writeSynthData(toPath(data_), 16, 2, 128, 11);
}

void TestJobsTraining::jobReportsArriveOnTheGuiThreadThrottledWithTheFinalUpdate() {
  JobManager jobs;
  QSignalSpy progress(&jobs, &JobManager::jobProgress);
  QSignalSpy metrics(&jobs, &JobManager::jobMetrics);
  bool allOnGuiThread = true;
  connect(&jobs, &JobManager::jobProgress, this, [&allOnGuiThread]() {
    allOnGuiThread = allOnGuiThread && QThread::currentThread() == qApp->thread();
  });
  connect(&jobs, &JobManager::jobFinished, this, [&allOnGuiThread]() {
    allOnGuiThread = allOnGuiThread && QThread::currentThread() == qApp->thread();
  });
  const int id =
      jobs.submit(QStringLiteral("count"), [](cellcam::Progress& p, const cellcam::CancelToken&) {
        for (int i = 1; i <= 2000; ++i)
          p.report({i / 2000.0, "item " + std::to_string(i), {{"i", static_cast<double>(i)}}});
        p.report({1.0, "last", {{"final", 42.0}}});
      });
  QVERIFY(id > 0);
  QVERIFY(jobs.waitForJob(id, 20000));
  const JobInfo job = jobs.job(id);
  QCOMPARE(job.state, JobState::Finished);
  QVERIFY(allOnGuiThread);
  QVERIFY(progress.count() >= 1);
  QVERIFY2(progress.count() < 100, qPrintable(QString::number(progress.count())));
  const QList<QVariant> last = progress.last();
  QCOMPARE(last.at(1).toDouble(), 1.0);
  QCOMPARE(last.at(2).toString(), QStringLiteral("last"));
  QCOMPARE(last.at(3).toMap().value(QStringLiteral("final")).toDouble(), 42.0);
  // Every report with metrics reaches jobMetrics, the final one last.
  QList<QVariantMap> reports;
  for (const QList<QVariant>& args : metrics) reports += args.at(1).value<QList<QVariantMap>>();
  QVERIFY(!reports.isEmpty());
  QCOMPARE(reports.last().value(QStringLiteral("final")).toDouble(), 42.0);
  QCOMPARE(job.fraction, 1.0);
  QVERIFY(job.log.contains(QStringLiteral("last")));
  QVERIFY(!jobs.hasRunningJobs());
}

void TestJobsTraining::etaFollowsTheProgress() {
  JobManager jobs;
  // 1 % every 30 ms: about 3 s in all.
  const int id = jobs.submit(QStringLiteral("steady"),
                             [](cellcam::Progress& p, const cellcam::CancelToken& cancel) {
                               for (int i = 1; i <= 100; ++i) {
                                 QThread::msleep(30);
                                 cancel.throwIfCancelled();
                                 p.report({i / 100.0, "step", {}});
                               }
                             });
  QCOMPARE(jobs.job(id).etaSeconds, -1.0);
  QTRY_VERIFY_WITH_TIMEOUT(jobs.job(id).etaSeconds > 0, 5000);
  const JobInfo job = jobs.job(id);
  QVERIFY2(job.etaSeconds < 20, qPrintable(QString::number(job.etaSeconds)));
  QVERIFY(job.fraction > 0 && job.fraction < 1);
  jobs.cancel(id);
  QVERIFY(jobs.waitForJob(id, 10000));
  QCOMPARE(jobs.job(id).state, JobState::Cancelled);
  QCOMPARE(jobs.job(id).etaSeconds, -1.0);
}

void TestJobsTraining::failedJobKeepsTheErrorSentence() {
  JobManager jobs;
  QSignalSpy finished(&jobs, &JobManager::jobFinished);
  const int id =
      jobs.submit(QStringLiteral("fails"), [](cellcam::Progress&, const cellcam::CancelToken&) {
        throw cellcam::Error("x.csv: line 3 has no ID; fix the file.");
      });
  QVERIFY(jobs.waitForJob(id, 10000));
  QCOMPARE(jobs.job(id).state, JobState::Failed);
  QCOMPARE(jobs.job(id).error, QStringLiteral("x.csv: line 3 has no ID; fix the file."));
  QCOMPARE(finished.count(), 1);
  QCOMPARE(finished.first().at(2).toString(), jobs.job(id).error);
}

void TestJobsTraining::cancelsQueuedAndRunningJobs() {
  JobManager jobs;
  QCOMPARE(jobs.maxConcurrentJobs(), 1);
  std::atomic<bool> started{false};
  const int running = jobs.submit(QStringLiteral("runs"), untilCancelled(&started));
  std::atomic<bool> queuedRan{false};
  const int queued = jobs.submit(
      QStringLiteral("waits"),
      [&queuedRan](cellcam::Progress&, const cellcam::CancelToken&) { queuedRan = true; });
  QCOMPARE(jobs.job(running).state, JobState::Running);
  QCOMPARE(jobs.job(queued).state, JobState::Queued);
  QTRY_VERIFY(started.load());
  QVERIFY(jobs.hasRunningJobs());
  jobs.cancel(queued);
  QCOMPARE(jobs.job(queued).state, JobState::Cancelled);
  jobs.cancel(running);
  QVERIFY(jobs.waitForJob(running, 10000));
  QCOMPARE(jobs.job(running).state, JobState::Cancelled);
  QVERIFY(!queuedRan.load());
  QVERIFY(!jobs.hasRunningJobs());
  QCOMPARE(jobs.activeJob(), 0);
}

void TestJobsTraining::jobsPanelShowsLogStatusAndCancels() {
  JobManager jobs;
  JobsPanel panel(jobs);
  panel.show();
  QSignalSpy status(&panel, &JobsPanel::statusTextChanged);
  const int id = jobs.submit(QStringLiteral("Segmenting"), untilCancelled());
  QCOMPARE(panel.model()->rowCount(), 1);
  QCOMPARE(panel.selectedJob(), id);
  QTRY_VERIFY(panel.statusText().startsWith(QStringLiteral("Segmenting: 1 %")));
  QVERIFY(status.count() >= 1);
  QTRY_VERIFY(panel.logView()->toPlainText().contains(QStringLiteral("working")));
  QVERIFY(panel.cancelButton()->isEnabled());
  QTest::mouseClick(panel.cancelButton(), Qt::LeftButton);
  QVERIFY(jobs.waitForJob(id, 10000));
  QCOMPARE(jobs.job(id).state, JobState::Cancelled);
  QCOMPARE(panel.model()->index(0, JobsModel::State).data().toString(),
           QStringLiteral("cancelled"));
  QVERIFY(!panel.cancelButton()->isEnabled());
  QVERIFY(panel.statusText().isEmpty());
  QCOMPARE(formatEta(75), QStringLiteral("1:15"));
  QCOMPARE(formatEta(3725), QStringLiteral("1:02:05"));
  QCOMPARE(formatEta(-1), QStringLiteral("–"));
}

void TestJobsTraining::closePromptCancelsCleanlyOrKeepsTheWindow() {
  JobManager jobs;
  QVERIFY(confirmCloseWithJobs(nullptr, jobs));  // Nothing runs: no question.
  std::atomic<bool> started{false};
  const int id = jobs.submit(QStringLiteral("long"), untilCancelled(&started));
  QTRY_VERIFY(started.load());
  answerNextMessageBox(QMessageBox::No);
  QVERIFY(!confirmCloseWithJobs(nullptr, jobs));
  QCOMPARE(jobs.job(id).state, JobState::Running);
  answerNextMessageBox(QMessageBox::Yes);
  QVERIFY(confirmCloseWithJobs(nullptr, jobs));
  QCOMPARE(jobs.job(id).state, JobState::Cancelled);
  QVERIFY(!jobs.hasRunningJobs());
}

void TestJobsTraining::presetsFollowTheSeedsRecipes() {
  const cellcam::TrainConfig resnest = trainingPresetConfig(TrainingPreset::ResNeSt101);
  QCOMPARE(resnest.model.backbone, std::string("resnest101"));
  QCOMPARE(resnest.optimizer, std::string("sgd"));
  QCOMPARE(resnest.sgd.lr, 2.5e-3);
  QVERIFY(resnest.sgd.nesterov);
  QCOMPARE(resnest.batchSize, 8);
  QCOMPARE(resnest.accumulation, 3);
  QCOMPARE(resnest.model.inputSize, 640);
  QCOMPARE(resnest.epochs, 3);
  const cellcam::TrainConfig effnet = trainingPresetConfig(TrainingPreset::EfficientNetB4);
  QCOMPARE(effnet.model.backbone, std::string("efficientnet_b4"));
  QCOMPARE(effnet.optimizer, std::string("adam"));
  QCOMPARE(effnet.adam.lr, 1e-3);
  QCOMPARE(effnet.adam.stepGamma, 0.85);
  QCOMPARE(effnet.batchSize, 6);
  const cellcam::TrainConfig quick = trainingPresetConfig(TrainingPreset::QuickCpuDemo);
  QCOMPARE(quick.model.backbone, std::string("resnet18"));
  QCOMPARE(quick.model.inputSize, 128);
  QCOMPARE(quick.device, std::string("cpu"));
  for (const auto& config : {resnest, effnet, quick}) config.validate();

  JobManager jobs;
  TrainingDialog dialog(jobs, nullptr);
  dialog.applyPreset(TrainingPreset::EfficientNetB4);
  QCOMPARE(dialog.config().toJson(), effnet.toJson());
  dialog.applyPreset(TrainingPreset::ResNeSt101);
  QCOMPARE(dialog.config().toJson(), resnest.toJson());
}

void TestJobsTraining::dialogRefusesMissingFoldersAndBadConfigFiles() {
  JobManager jobs;
  TrainingDialog dialog(jobs, nullptr);
  dialog.setInteractive(false);
  dialog.setDataDir(data_);
  QCOMPARE(dialog.start(), 0);
  QVERIFY(dialog.lastError().contains(QStringLiteral("run folder")));
  QVERIFY(jobs.jobIds().isEmpty());

  cellcam::TrainConfig bad = trainingPresetConfig(TrainingPreset::QuickCpuDemo);
  bad.model.inputSize = 100;  // Not a multiple of 16 * tiles.
  dialog.setConfig(bad);
  dialog.setRunDir(tmp_.filePath(QStringLiteral("never")));
  QCOMPARE(dialog.start(), 0);
  QVERIFY(!dialog.lastError().isEmpty());
  QVERIFY(jobs.jobIds().isEmpty());

  const QString broken = tmp_.filePath(QStringLiteral("broken.json"));
  QFile file(broken);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write("{\"epochs\": \"many\"}");
  file.close();
  QVERIFY(!dialog.loadConfig(broken));
  QVERIFY2(dialog.lastError().contains(QStringLiteral("broken.json")),
           qPrintable(dialog.lastError()));
}

void TestJobsTraining::dialogConfigRoundTripsThroughJson() {
  JobManager jobs;
  TrainingDialog dialog(jobs, nullptr);
  dialog.setInteractive(false);
  cellcam::TrainConfig config = trainingPresetConfig(TrainingPreset::QuickCpuDemo);
  config.model.channels = "ggg";
  config.epochs = 7;
  config.sgd.momentum = 0.8;
  config.adam.weightDecay = 3e-5;
  config.focalGamma = 2.0;
  config.alphaSchedule = 0.25;
  config.augment.rotate90 = false;
  config.augment.resizedCropMinScale = 0.6;
  config.seed = 12345678901ULL;
  config.checkpointEvery = 17;
  config.cacheDir = "/tmp/cache";
  dialog.setConfig(config);
  QCOMPARE(dialog.config().toJson(), config.toJson());
  const QString file = tmp_.filePath(QStringLiteral("saved.json"));
  QVERIFY(dialog.saveConfig(file));
  dialog.applyPreset(TrainingPreset::ResNeSt101);
  QVERIFY(dialog.loadConfig(file));
  QCOMPARE(dialog.config().toJson(), config.toJson());
}

void TestJobsTraining::trainsFromTheDialogWithLivePlotsSnapshotsAndHistory() {
  cellcam::Project project =
      cellcam::Project::create(toPath(tmp_.filePath(QStringLiteral("project"))), {});
  ProjectRunRecorder recorder(project);
  JobManager jobs;
  JobsPanel panel(jobs);
  TrainingMonitor monitor(jobs, &recorder);
  monitor.setSnapshotCount(2);
  monitor.show();
  TrainingDialog dialog(jobs, &recorder);
  dialog.setInteractive(false);
  connect(&dialog, &TrainingDialog::runStarted, &monitor, &TrainingMonitor::watch);
  QSignalSpy status(&panel, &JobsPanel::statusTextChanged);
  QSignalSpy snapshot(&monitor, &TrainingMonitor::snapshotUpdated);

  dialog.applyPreset(TrainingPreset::QuickCpuDemo);
  cellcam::TrainConfig config = dialog.config();
  config.model.inputSize = 64;
  config.epochs = 2;
  config.batchSize = 4;
  config.workers = 1;
  config.validationFraction = 0.25;
  dialog.setConfig(config);
  const QString runDir = tmp_.filePath(QStringLiteral("run-dialog"));
  dialog.setDataDir(data_);
  dialog.setRunDir(runDir);
  dialog.show();
  QTest::mouseClick(dialog.startButton(), Qt::LeftButton);
  QVERIFY2(dialog.lastError().isEmpty(), qPrintable(dialog.lastError()));
  QCOMPARE(jobs.jobIds().size(), 1);
  const int id = jobs.jobIds().first();
  QCOMPARE(monitor.jobId(), id);
  QVERIFY(!dialog.isVisible());  // Start closes the dialog.

  // The run is recorded as running before it ends.
  std::vector<cellcam::RunRecord> runs = project.runs();
  QCOMPARE(runs.size(), std::size_t{1});
  QCOMPARE(runs[0].status, std::string("running"));
  QCOMPARE(runs[0].kind, std::string("train"));

  QVERIFY(jobs.waitForJob(id, 120000));
  QVERIFY2(jobs.job(id).state == JobState::Finished, qPrintable(jobs.job(id).error));
  QVERIFY(monitor.lossPointCount() > 0);
  QVERIFY(monitor.epochPointCount() >= 1);
  QVERIFY(status.count() >= 1);
  // The snapshot of the last epoch arrives from a worker thread.
  QTRY_VERIFY_WITH_TIMEOUT(monitor.snapshotEpoch() == 2, 30000);
  for (const QList<QVariant>& args : snapshot)
    QVERIFY2(args.at(1).toString().isEmpty(), qPrintable(args.at(1).toString()));
  QCOMPARE(monitor.snapshots().size(), 2);
  for (const CamSnapshot& shot : monitor.snapshots()) {
    QVERIFY(!shot.overlay.isNull());
    QVERIFY(shot.topClass >= 0 && shot.topClass < 19);
    QVERIFY(!shot.trueLabels.isEmpty());
  }
  // The snapshot shows the run's first validation images, as the trainer recorded them.
  QFile idsFile(QDir(runDir).filePath(QStringLiteral("validation_ids.txt")));
  QVERIFY(idsFile.open(QIODevice::ReadOnly | QIODevice::Text));
  const QStringList validationIds =
      QString::fromUtf8(idsFile.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
  QVERIFY(validationIds.size() >= 2);
  QCOMPARE(monitor.snapshots()[0].imageId, validationIds[0]);
  QCOMPARE(monitor.snapshots()[1].imageId, validationIds[1]);
  QVERIFY(std::filesystem::exists(toPath(runDir) / "model.pt"));

  runs = project.runs();
  QCOMPARE(runs.size(), std::size_t{1});
  QCOMPARE(runs[0].status, std::string("finished"));
  QVERIFY(!runs[0].finishedAt.empty());
  QCOMPARE(cellcam::TrainConfig::fromJson(runs[0].configJson, "run").toJson(), config.toJson());
  const QJsonObject metrics =
      QJsonDocument::fromJson(QByteArray::fromStdString(runs[0].metricsJson)).object();
  QVERIFY2(metrics.contains(QStringLiteral("val_map")), runs[0].metricsJson.c_str());
  QCOMPARE(metrics.value(QStringLiteral("epochs_done")).toInt(), 2);
  QCOMPARE(QString::fromStdString(runs[0].runDir), QDir::cleanPath(runDir));
}

void TestJobsTraining::cancelledRunKeepsACheckpointAndResumes() {
  cellcam::Project project =
      cellcam::Project::create(toPath(tmp_.filePath(QStringLiteral("project-cancel"))), {});
  ProjectRunRecorder recorder(project);
  JobManager jobs;
  TrainingMonitor monitor(jobs, &recorder);
  monitor.setSnapshotCount(1);
  const cellcam::TrainConfig config = test::tinyTrainConfig(0.25);
  const QString runDir = tmp_.filePath(QStringLiteral("run-cancel"));
  const TrainingStart started = startTrainingRun(jobs, &recorder, config, data_, runDir, false);
  QVERIFY2(started.jobId > 0, qPrintable(started.error));
  monitor.watch(started.jobId, data_, runDir);
  QTRY_VERIFY_WITH_TIMEOUT(monitor.lossPointCount() > 0, 60000);
  monitor.cancel();
  QVERIFY(jobs.waitForJob(started.jobId, 60000));
  QVERIFY2(jobs.job(started.jobId).state == JobState::Cancelled,
           qPrintable(jobs.job(started.jobId).error));
  QVERIFY(std::filesystem::exists(toPath(runDir) / "checkpoint.pt"));
  std::vector<cellcam::RunRecord> runs = project.runs();
  QCOMPARE(runs.size(), std::size_t{1});
  QCOMPARE(runs[0].status, std::string("cancelled"));

  // A new run may not overwrite it; a resume needs a checkpoint.
  const TrainingStart overwrite = startTrainingRun(jobs, &recorder, config, data_, runDir, false);
  QCOMPARE(overwrite.jobId, 0);
  QVERIFY2(overwrite.error.contains(QStringLiteral("checkpoint.pt")), qPrintable(overwrite.error));
  const TrainingStart nothing = startTrainingRun(jobs, &recorder, config, data_,
                                                 tmp_.filePath(QStringLiteral("empty-run")), true);
  QCOMPARE(nothing.jobId, 0);
  QVERIFY2(nothing.error.contains(QStringLiteral("checkpoint.pt")), qPrintable(nothing.error));
  QCOMPARE(project.runs().size(), std::size_t{1});

  QSignalSpy resumed(&monitor, &TrainingMonitor::resumed);
  const int again = monitor.resume();
  QVERIFY2(again > 0, qPrintable(monitor.statusText()));
  QCOMPARE(resumed.count(), 1);
  QCOMPARE(monitor.jobId(), again);
  QVERIFY(jobs.waitForJob(again, 120000));
  QVERIFY2(jobs.job(again).state == JobState::Finished, qPrintable(jobs.job(again).error));
  QVERIFY(monitor.epochPointCount() >= 1);
  runs = project.runs();
  QCOMPARE(runs.size(), std::size_t{2});
  QCOMPARE(runs[1].status, std::string("finished"));
  QTRY_VERIFY_WITH_TIMEOUT(monitor.snapshotEpoch() == 2, 30000);
}

void TestJobsTraining::exportWritesASubmissionThatValidates() {
  const QString modelFile = tmp_.filePath(QStringLiteral("random.pt"));
  cellcam::ui::test::saveRandomModel(toPath(modelFile), 64);
  cellcam::Project project =
      cellcam::Project::create(toPath(tmp_.filePath(QStringLiteral("project-export"))), {});
  ProjectRunRecorder recorder(project);
  JobManager jobs;
  ExportDialog dialog(jobs);
  dialog.setRunRecorder(&recorder);
  dialog.show();
  dialog.setDataDir(data_);
  dialog.setSource(ExportDialog::Source::Model, modelFile);
  const QString out = tmp_.filePath(QStringLiteral("out/submission.csv"));
  QDir().mkpath(tmp_.filePath(QStringLiteral("out")));
  dialog.setOutputFile(out);
  QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
  QVERIFY(!dialog.openFolderButton()->isEnabled());
  QTest::mouseClick(dialog.exportButton(), Qt::LeftButton);
  QCOMPARE(dialog.state(), ExportDialog::State::Running);
  QVERIFY(!dialog.exportButton()->isEnabled());
  QVERIFY(finished.wait(120000));
  QVERIFY2(dialog.state() == ExportDialog::State::Succeeded, qPrintable(dialog.resultText()));
  QCOMPARE(finished.first().at(0).toBool(), true);
  QVERIFY2(dialog.resultText().startsWith(QStringLiteral("2 rows, ")),
           qPrintable(dialog.resultText()));
  QVERIFY(dialog.summary().cells > 0);
  QVERIFY(dialog.openFolderButton()->isEnabled());
  const cellcam::ValidationReport report =
      cellcam::validateSubmission(toPath(out), toPath(data_) / "sample_submission.csv");
  QVERIFY2(report.ok(), report.problems.empty() ? "" : report.problems.front().c_str());
  QCOMPARE(report.rows, std::size_t{2});
  const std::vector<cellcam::RunRecord> runs = project.runs();
  QCOMPARE(runs.size(), std::size_t{1});
  QCOMPARE(runs[0].kind, std::string("predict"));
  QCOMPARE(runs[0].status, std::string("finished"));
  const QJsonObject metrics =
      QJsonDocument::fromJson(QByteArray::fromStdString(runs[0].metricsJson)).object();
  QCOMPARE(metrics.value(QStringLiteral("images")).toInt(), 2);
  QCOMPARE(metrics.value(QStringLiteral("bytes")).toDouble(), double(QFileInfo(out).size()));
}

void TestJobsTraining::exportNamesTheMissingModel() {
  JobManager jobs;
  ExportDialog dialog(jobs);
  dialog.setDataDir(data_);
  dialog.setSource(ExportDialog::Source::Model, tmp_.filePath(QStringLiteral("missing.pt")));
  dialog.setOutputFile(tmp_.filePath(QStringLiteral("never.csv")));
  QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
  QVERIFY(dialog.startExport() > 0);
  QVERIFY(finished.wait(30000));
  QCOMPARE(dialog.state(), ExportDialog::State::Failed);
  QVERIFY2(dialog.resultText().contains(QStringLiteral("missing.pt")),
           qPrintable(dialog.resultText()));
  QVERIFY(!QFileInfo::exists(tmp_.filePath(QStringLiteral("never.csv"))));

  ExportDialog empty(jobs);
  QCOMPARE(empty.startExport(), 0);
  QCOMPARE(empty.state(), ExportDialog::State::Failed);
  QVERIFY(!empty.resultText().isEmpty());
}

void TestJobsTraining::germanTranslationIsInstalledAndStored() {
  QCoreApplication& app = *QCoreApplication::instance();
  const char* context = "cellcam::ui::MainWindow";
  QCOMPARE(QCoreApplication::translate(context, "&File"), QStringLiteral("&File"));
  QVERIFY(installTranslator(app, QStringLiteral("de")));
  QCOMPARE(QCoreApplication::translate(context, "&File"), QStringLiteral("&Datei"));
  QVERIFY(installTranslator(app, QStringLiteral("de")));  // Switching again replaces it.
  QCOMPARE(QCoreApplication::translate(context, "&File"), QStringLiteral("&Datei"));
  QVERIFY(installTranslator(app, QStringLiteral("en")));
  QCOMPARE(QCoreApplication::translate(context, "&File"), QStringLiteral("&File"));
  QVERIFY(!installTranslator(app, QStringLiteral("xx")));
  QCOMPARE(QCoreApplication::translate(context, "&File"), QStringLiteral("&File"));

  QCOMPARE(storedLanguage(), systemLanguage());
  storeLanguage(QStringLiteral("en"));
  QCOMPARE(storedLanguage(), QStringLiteral("en"));
  SettingsDialog settings;
  QSignalSpy changed(&settings, &SettingsDialog::languageChanged);
  QCOMPARE(settings.language(), QStringLiteral("en"));
  settings.setLanguage(QStringLiteral("de"));
  settings.setMaxConcurrentJobs(2);
  settings.accept();
  QCOMPARE(changed.count(), 1);
  QCOMPARE(storedLanguage(), QStringLiteral("de"));
  QCOMPARE(SettingsDialog::storedMaxConcurrentJobs(), 2);
  SettingsDialog reopened;
  QCOMPARE(reopened.language(), QStringLiteral("de"));
  QCOMPARE(reopened.maxConcurrentJobs(), 2);
  QSettings().clear();
}

QTEST_MAIN(TestJobsTraining)
#include "test_jobs_training.moc"
