#pragma once
// Runs core jobs (function(Progress&, const CancelToken&)) on worker threads and publishes
// their state, progress, ETA and log to the GUI thread through queued, throttled signals.

#include <functional>
#include <map>
#include <memory>
#include <string>

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QVariantMap>

#include "cellcam/progress.h"
#include "cellcam/project.h"

class QWidget;

namespace cellcam::ui {

/// A core job: blocking work that reports through `progress`, polls `cancel` and throws
/// cellcam::Error (failure) or cellcam::Cancelled (stopped on request). Runs on a worker thread,
/// so it must not touch widgets; hand results back through captured shared state.
using JobFunction = std::function<void(Progress& progress, const CancelToken& cancel)>;

/// The life of a job: Queued -> Running -> Finished | Failed | Cancelled (a queued job that is
/// cancelled goes straight to Cancelled).
enum class JobState { Queued, Running, Finished, Failed, Cancelled };

/// The translated name of a state ("running", ...).
QString jobStateName(JobState state);
/// The run-history status of a job in `state`: "finished", "failed", "cancelled", else
/// "running" (RunRecord::status; not translated).
std::string runStatus(JobState state);

/// A snapshot of one job as the GUI thread sees it.
struct JobInfo {
  int id = 0;
  QString title;
  JobState state = JobState::Queued;
  double fraction = 0.0;     ///< 0..1, from the job's last progress report.
  QString message;           ///< The job's last progress message.
  QVariantMap metrics;       ///< The job's last progress metrics.
  double etaSeconds = -1.0;  ///< Estimated seconds left; negative when unknown.
  QStringList log;           ///< Distinct progress messages and the outcome, oldest first.
  QString error;             ///< The one-sentence error of a failed job.
  QDateTime started;         ///< Invalid while queued.
  QDateTime finished;        ///< Invalid until the job ended.
  bool ended() const {
    return state == JobState::Finished || state == JobState::Failed || state == JobState::Cancelled;
  }
};

/// Owns the jobs of the studio. Jobs start in submission order, at most maxConcurrentJobs() at
/// once, each on its own thread. Workers never emit signals themselves: every report is stored
/// under a lock, and a 100 ms timer on the GUI thread drains the reports and emits at most one
/// jobProgress() per job and tick (so about 10 per second) plus jobMetrics() with every report
/// that carried metrics. When a job ends, its remaining reports are drained before
/// jobFinished(), so the final update is never lost. All members are for the GUI thread only;
/// every signal is emitted on the GUI thread.
class JobManager : public QObject {
  Q_OBJECT

 public:
  explicit JobManager(QObject* parent = nullptr);
  /// Cancels every job and waits for the worker threads to stop.
  ~JobManager() override;

  /// Queues `job` and starts it when a slot is free. Returns the job's id (> 0, stable).
  int submit(const QString& title, JobFunction job);
  /// Asks job `id` to stop (sets its CancelToken). A queued job is cancelled at once; a running
  /// job ends with state Cancelled when its function throws Cancelled. Unknown ids are ignored.
  void cancel(int id);

  /// True while any job is queued or running.
  bool hasRunningJobs() const;
  /// Cancels every job and waits (processing events, so the end signals arrive) until all have
  /// stopped or `timeoutMs` passed. Returns true when no job is left running.
  bool cancelAllAndWait(int timeoutMs);
  /// Processes events until job `id` ended or `timeoutMs` passed; true if it ended.
  bool waitForJob(int id, int timeoutMs);

  /// Ids of all jobs, in submission order.
  QList<int> jobIds() const;
  /// The snapshot of job `id` (a default JobInfo with id 0 for an unknown id).
  JobInfo job(int id) const;
  /// The most recently started job that is still running, or 0.
  int activeJob() const;

  /// Jobs that may run at the same time (default 1, so heavy jobs do not compete for cores).
  void setMaxConcurrentJobs(int count);
  int maxConcurrentJobs() const { return maxConcurrent_; }

 Q_SIGNALS:
  void jobAdded(int id);
  void jobStateChanged(int id, cellcam::ui::JobState state);
  /// The latest fraction, message and metrics of a running job (throttled).
  void jobProgress(int id, double fraction, const QString& message, const QVariantMap& metrics);
  /// Every report with metrics since the last tick, oldest first (never throttled away; a
  /// job that reports thousands of times per tick keeps the last 1000).
  void jobMetrics(int id, const QList<QVariantMap>& reports);
  /// A line was appended to the job's log.
  void jobLog(int id, const QString& line);
  /// The job ended (Finished, Failed or Cancelled); `error` is empty unless it failed.
  void jobFinished(int id, cellcam::ui::JobState state, const QString& error);

 private:
  struct Job;
  class Reporter;
  void startQueued();
  void drain();
  void drainJob(Job& job);
  void onJobEnded(int id, JobState state, const QString& error);
  void appendLog(Job& job, const QString& line);

  std::map<int, std::unique_ptr<Job>> jobs_;
  QList<int> order_;
  int nextId_ = 1;
  int maxConcurrent_ = 1;
  QTimer timer_;
};

/// Where started runs are recorded (the project's run history). Called on the GUI thread only.
/// Implementations may throw cellcam::Error; the run then goes on and the error is reported as
/// a warning. Records have status "running", then "finished", "failed" or "cancelled", and UTC
/// ISO 8601 times; training runs (startTrainingRun) have kind "train", configJson =
/// TrainConfig::toJson() and metricsJson = a JSON object of the last epoch's figures ("{}"
/// before one ended); exports (ExportDialog) have kind "predict".
class RunRecorder {
 public:
  virtual ~RunRecorder() = default;
  /// Stores a new run and returns its id (> 0).
  virtual long long addRun(const RunRecord& run) = 0;
  /// Replaces the stored run with id run.id.
  virtual void updateRun(const RunRecord& run) = 0;
};

/// Records runs in a project database and calls `changed` (when set) after each stored change
/// (the run history panel refreshes). The project must outlive the recorder.
class ProjectRunRecorder final : public RunRecorder {
 public:
  explicit ProjectRunRecorder(Project& project, std::function<void()> changed = {})
      : project_(project), changed_(std::move(changed)) {}
  long long addRun(const RunRecord& run) override {
    const long long id = project_.addRun(run);
    if (changed_) changed_();
    return id;
  }
  void updateRun(const RunRecord& run) override {
    project_.updateRun(run);
    if (changed_) changed_();
  }

 private:
  Project& project_;
  std::function<void()> changed_;
};

/// For a main window's closeEvent: when jobs are running, asks whether to cancel them and
/// close; on yes cancels every job and waits for them to stop cleanly (checkpoints written).
/// Returns true when the window may close (no jobs, or all stopped), false to keep it open.
bool confirmCloseWithJobs(QWidget* parent, JobManager& jobs);

}  // namespace cellcam::ui

Q_DECLARE_METATYPE(cellcam::ui::JobState)
