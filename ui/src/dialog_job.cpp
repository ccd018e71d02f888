#include "dialog_job.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

namespace cellcam::ui {

DialogJob::DialogJob(JobManager& jobs, QObject* parent)
    : QObject(parent),
      jobs_(&jobs),
      progress_(new QProgressBar),
      message_(new QLabel),
      cancel_(new QPushButton(tr("Cancel"))) {
  progress_->setRange(0, 100);
  progress_->setValue(0);
  message_->setWordWrap(true);
  message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  message_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  cancel_->setEnabled(false);
  connect(cancel_, &QPushButton::clicked, this, [this]() {
    if (running()) jobs_->cancel(id_);
  });
  connect(jobs_, &JobManager::jobProgress, this,
          [this](int id, double fraction, const QString& message) {
            if (id != id_) return;
            progress_->setValue(static_cast<int>(fraction * 100.0 + 0.5));
            message_->setText(message);
          });
  connect(jobs_, &JobManager::jobFinished, this, [this](int id) {
    if (id != id_) return;
    cancel_->setEnabled(false);
    Q_EMIT ended(id);
  });
}

DialogJob::~DialogJob() { stop(); }

void DialogJob::stop() {
  if (stopped_) return;
  stopped_ = true;
  // The dialog is being destroyed: nobody is left to hear how the job ended.
  blockSignals(true);
  if (jobs_) disconnect(jobs_, nullptr, this, nullptr);
  if (!jobs_ || id_ == 0) return;
  if (running()) {
    jobs_->cancel(id_);
    jobs_->waitForJob(id_, 60000);
  }
  if (run_.pending()) run_.finish(runStatus(jobs_->job(id_).state));
}

bool DialogJob::running() const { return jobs_ && id_ != 0 && !jobs_->job(id_).ended(); }

int DialogJob::submit(const QString& title, JobFunction job) {
  id_ = jobs_->submit(title, std::move(job));
  progress_->setValue(0);
  message_->setText(tr("Queued …"));
  cancel_->setEnabled(true);
  return id_;
}

}  // namespace cellcam::ui
