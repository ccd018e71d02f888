#pragma once
// Live view of a training run: loss plots per optimizer step, validation AUC/mAP per epoch, a
// CAM snapshot strip of a few fixed validation images after each epoch, Cancel and Resume.

#include <QFutureWatcher>
#include <QImage>
#include <QList>
#include <QString>
#include <QVariantMap>
#include <QWidget>

class QCustomPlot;
class QLabel;
class QPushButton;

namespace cellcam::ui {

class JobManager;
class RunRecorder;

/// One image of the CAM snapshot strip.
struct CamSnapshot {
  QString imageId;
  int topClass = -1;         ///< Predicted class whose CAM is shown.
  double probability = 0.0;  ///< Its image-level probability.
  QString trueLabels;        ///< The image's labels, "0|5".
  QImage overlay;            ///< Channel composite with the jet-coloured CAM on top.
};

/// Watches one training run at a time (the latest watch()). Reads the run's progress through
/// the JobManager's jobMetrics() signal: each step report (metrics step, loss, class, pclass,
/// re) becomes one point per loss curve at x = step (a later report of the same step replaces
/// it; a resumed run replaces the points from its first step on); each "epoch E/N done" report
/// adds val_macro_auc and val_map at x = E and starts a CAM snapshot: runDir/model.pt is loaded
/// on a worker thread and a few fixed images go through computeCams with one scale and no
/// flips; the top predicted class's CAM is drawn over the channel composite. The images are the
/// first snapshotCount() IDs of runDir/validation_ids.txt (the run's validation images, which
/// the trainer writes when the run starts; IDs the data folder no longer holds are skipped).
/// When the run has no validation set (the file is missing, e.g. a run of an older version, or
/// empty: validationFraction 0), they are the first snapshotCount() labelled training images
/// of the data folder instead. Either way the same images after every epoch. GUI thread only.
class TrainingMonitor : public QWidget {
  Q_OBJECT

 public:
  /// `jobs` and `recorder` (may be null; used for resumed runs) must outlive the monitor.
  TrainingMonitor(JobManager& jobs, RunRecorder* recorder, QWidget* parent = nullptr);
  ~TrainingMonitor() override;

  /// Shows the run of job `jobId` (training `dataDir` into `runDir`). Watching a new run folder
  /// clears the plots; watching the same folder again (a resumed run) keeps them.
  void watch(int jobId, const QString& dataDir, const QString& runDir);
  /// Cancels the watched job (it writes a checkpoint and ends as Cancelled).
  void cancel();
  /// Re-submits the watched run with resume = true and its saved config.json, and watches the
  /// new job. Returns the new job id, or 0 with the error shown in the status line.
  int resume();

  /// Where resumed runs are recorded (may be null; must outlive its use here).
  void setRunRecorder(RunRecorder* recorder) { recorder_ = recorder; }

  int jobId() const { return jobId_; }
  QString runDir() const { return runDir_; }
  /// Images in the snapshot strip (default 3; set before the first epoch ends).
  void setSnapshotCount(int count) { snapshotCount_ = count; }
  int snapshotCount() const { return snapshotCount_; }

  /// Points of the total-loss curve (the other loss curves have as many or fewer).
  int lossPointCount() const;
  /// Points of the validation macro-AUC curve.
  int epochPointCount() const;
  /// Epoch of the snapshot shown (0: none yet).
  int snapshotEpoch() const { return snapshotEpoch_; }
  const QList<CamSnapshot>& snapshots() const { return snapshots_; }
  /// The status line (state, last figures, or the last error).
  QString statusText() const;

  QCustomPlot* lossPlot() const { return lossPlot_; }
  QCustomPlot* epochPlot() const { return epochPlot_; }

 Q_SIGNALS:
  /// A CAM snapshot of `epoch` is shown (or failed: `error` is then one sentence).
  void snapshotUpdated(int epoch, const QString& error);
  /// resume() started job `jobId`.
  void resumed(int jobId);

 private:
  struct SnapshotResult {
    int epoch = 0;
    QList<CamSnapshot> images;
    QString error;
  };
  void onMetrics(int id, const QList<QVariantMap>& reports);
  void onFinished(int id);
  void addStep(const QVariantMap& metrics);
  void addEpoch(const QVariantMap& metrics);
  void requestSnapshot(int epoch);
  void onSnapshotDone();
  void showSnapshots();
  void updateButtons();
  void clearPlots();

  JobManager& jobs_;
  RunRecorder* recorder_;
  int jobId_ = 0;
  QString dataDir_;
  QString runDir_;
  int snapshotCount_ = 3;
  QCustomPlot* lossPlot_;
  QCustomPlot* epochPlot_;
  QList<QLabel*> snapshotLabels_;
  QWidget* strip_;
  QLabel* snapshotCaption_;
  QLabel* status_;
  QPushButton* cancel_;
  QPushButton* resume_;
  QFutureWatcher<SnapshotResult> snapshotWatcher_;
  int pendingSnapshotEpoch_ = 0;
  int snapshotEpoch_ = 0;
  QList<CamSnapshot> snapshots_;
  QString statusText_;
};

}  // namespace cellcam::ui
