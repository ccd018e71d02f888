#pragma once
// The job half of a dialog that runs one core job at a time (submission export, mapping fit,
// dataset segmentation): a progress bar and a message line that follow the job, a Cancel
// button, and cancel-and-wait when the dialog goes away.

#include <QObject>
#include <QPointer>
#include <QString>

#include "form_support.h"
#include "job_manager.h"

class QLabel;
class QProgressBar;
class QPushButton;

namespace cellcam::ui {

/// Owned by its dialog (a QObject child); the dialog puts progressBar(), messageLabel() and
/// cancelButton() in its layout (they then belong to the dialog). GUI thread only.
class DialogJob : public QObject {
  Q_OBJECT

 public:
  DialogJob(JobManager& jobs, QObject* parent);
  /// stop() (again: a no-op when the dialog's destructor already called it).
  ~DialogJob() override;

  /// For the dialog's destructor, while its widgets still exist: from now on emits nothing,
  /// cancels a running job and waits for it (up to 60 s, processing events), and ends a run
  /// still pending in the history with the job's state (a dialog closed while its job ran
  /// records "cancelled", not "running" for ever). Waiting here and not in ~DialogJob matters:
  /// events processed while QWidget's destructor deletes the dialog's children reach a
  /// half-destroyed dialog. When the JobManager went first (a window deletes its children in
  /// creation order), it already cancelled and waited for every job: nothing is left to do.
  void stop();

  QProgressBar* progressBar() const { return progress_; }
  /// Word-wrapped and selectable: the job's progress message, then whatever the dialog shows.
  QLabel* messageLabel() const { return message_; }
  /// Enabled while the job runs; a click cancels it.
  QPushButton* cancelButton() const { return cancel_; }

  /// The id of the last submitted job (0 before the first).
  int id() const { return id_; }
  /// True from submit() until the job ended.
  bool running() const;
  /// Submits `job` to the JobManager under `title`, resets the bar, shows "Queued …" and
  /// enables Cancel. Returns the job id.
  int submit(const QString& title, JobFunction job);
  /// The job's entry in the run history: the dialog start()s it before submit() and
  /// finish()es it with its figures when the job ended.
  RecordedRun& run() { return run_; }

 Q_SIGNALS:
  /// The submitted job `id` ended (finished, failed or cancelled: see JobManager::job(id));
  /// Cancel is disabled again.
  void ended(int id);

 private:
  QPointer<JobManager> jobs_;
  QProgressBar* progress_;
  QLabel* message_;
  QPushButton* cancel_;
  int id_ = 0;
  bool stopped_ = false;
  RecordedRun run_;
};

}  // namespace cellcam::ui
