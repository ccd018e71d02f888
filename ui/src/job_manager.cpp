#include "job_manager.h"

#include <algorithm>
#include <exception>
#include <mutex>
#include <vector>

#include <QApplication>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QThread>

#include "cellcam/error.h"

namespace cellcam::ui {

namespace {

constexpr int kTickMs = 100;
constexpr std::size_t kMaxPendingReports = 1000;
constexpr int kMaxLogLines = 2000;

QVariantMap toVariantMap(const std::map<std::string, double>& metrics) {
  QVariantMap map;
  for (const auto& [key, value] : metrics) map.insert(QString::fromStdString(key), value);
  return map;
}

}  // namespace

QString jobStateName(JobState state) {
  switch (state) {
    case JobState::Queued:
      return JobManager::tr("queued");
    case JobState::Running:
      return JobManager::tr("running");
    case JobState::Finished:
      return JobManager::tr("finished");
    case JobState::Failed:
      return JobManager::tr("failed");
    case JobState::Cancelled:
      return JobManager::tr("cancelled");
  }
  return {};
}

std::string runStatus(JobState state) {
  switch (state) {
    case JobState::Finished:
      return "finished";
    case JobState::Failed:
      return "failed";
    case JobState::Cancelled:
      return "cancelled";
    default:
      return "running";
  }
}

struct JobManager::Job {
  JobInfo info;
  JobFunction function;
  CancelToken cancel;
  QThread* thread = nullptr;
  // Written by the worker, drained by the GUI thread.
  std::mutex mutex;
  std::vector<ProgressUpdate> pending;
  // GUI thread only.
  QString lastLogged;
  QDateTime etaStart;
  double etaStartFraction = -1.0;
};

/// The Progress a job reports to: stores every report for the GUI thread's next tick.
class JobManager::Reporter final : public Progress {
 public:
  explicit Reporter(Job& job) : job_(job) {}
  void report(const ProgressUpdate& update) override {
    std::lock_guard<std::mutex> lock(job_.mutex);
    if (job_.pending.size() >= kMaxPendingReports) job_.pending.erase(job_.pending.begin());
    job_.pending.push_back(update);
  }

 private:
  Job& job_;
};

JobManager::JobManager(QObject* parent) : QObject(parent) {
  qRegisterMetaType<cellcam::ui::JobState>("cellcam::ui::JobState");
  timer_.setInterval(kTickMs);
  connect(&timer_, &QTimer::timeout, this, &JobManager::drain);
}

JobManager::~JobManager() {
  for (auto& [id, job] : jobs_) job->cancel.cancel();
  for (auto& [id, job] : jobs_) {
    if (job->thread) {
      job->thread->wait();
      delete job->thread;
      job->thread = nullptr;
    }
  }
}

int JobManager::submit(const QString& title, JobFunction function) {
  auto job = std::make_unique<Job>();
  const int id = nextId_++;
  job->info.id = id;
  job->info.title = title;
  job->function = std::move(function);
  jobs_.emplace(id, std::move(job));
  order_.append(id);
  Q_EMIT jobAdded(id);
  startQueued();
  return id;
}

void JobManager::cancel(int id) {
  const auto it = jobs_.find(id);
  if (it == jobs_.end()) return;
  Job& job = *it->second;
  job.cancel.cancel();
  if (job.info.state == JobState::Queued)
    onJobEnded(id, JobState::Cancelled, {});
  else if (job.info.state == JobState::Running)
    appendLog(job, tr("Cancelling …"));
}

bool JobManager::hasRunningJobs() const {
  return std::any_of(jobs_.begin(), jobs_.end(),
                     [](const auto& entry) { return !entry.second->info.ended(); });
}

bool JobManager::cancelAllAndWait(int timeoutMs) {
  for (const int id : order_) cancel(id);
  QElapsedTimer clock;
  clock.start();
  while (hasRunningJobs() && clock.elapsed() < timeoutMs) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(5);
  }
  return !hasRunningJobs();
}

bool JobManager::waitForJob(int id, int timeoutMs) {
  QElapsedTimer clock;
  clock.start();
  while (!job(id).ended() && clock.elapsed() < timeoutMs) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(5);
  }
  return job(id).ended();
}

QList<int> JobManager::jobIds() const { return order_; }

JobInfo JobManager::job(int id) const {
  const auto it = jobs_.find(id);
  return it == jobs_.end() ? JobInfo{} : it->second->info;
}

int JobManager::activeJob() const {
  int active = 0;
  QDateTime latest;
  for (const auto& [id, job] : jobs_) {
    if (job->info.state != JobState::Running) continue;
    if (active == 0 || job->info.started >= latest) {
      active = id;
      latest = job->info.started;
    }
  }
  return active;
}

void JobManager::setMaxConcurrentJobs(int count) {
  maxConcurrent_ = std::max(1, count);
  startQueued();
}

void JobManager::startQueued() {
  int running = 0;
  for (const auto& [id, job] : jobs_) running += job->info.state == JobState::Running ? 1 : 0;
  for (const int id : order_) {
    if (running >= maxConcurrent_) break;
    Job& job = *jobs_.at(id);
    if (job.info.state != JobState::Queued) continue;
    job.info.state = JobState::Running;
    job.info.started = QDateTime::currentDateTime();
    ++running;
    Job* raw = &job;
    job.thread = QThread::create([this, raw, id]() {
      Reporter reporter(*raw);
      JobState state = JobState::Finished;
      QString error;
      try {
        raw->function(reporter, raw->cancel);
      } catch (const Cancelled&) {
        state = JobState::Cancelled;
      } catch (const std::exception& e) {
        state = JobState::Failed;
        error = QString::fromStdString(e.what());
      } catch (...) {
        state = JobState::Failed;
        error = tr("The job stopped with an unknown error; see the terminal for details.");
      }
      QMetaObject::invokeMethod(
          this, [this, id, state, error]() { onJobEnded(id, state, error); }, Qt::QueuedConnection);
    });
    job.thread->setObjectName(QStringLiteral("cellcam-job-%1").arg(id));
    appendLog(job, tr("Started %1").arg(job.info.title));
    Q_EMIT jobStateChanged(id, JobState::Running);
    job.thread->start();
  }
  if (running > 0 && !timer_.isActive()) timer_.start();
}

void JobManager::drain() {
  bool anyRunning = false;
  for (const int id : order_) {
    Job& job = *jobs_.at(id);
    if (job.info.state != JobState::Running) continue;
    anyRunning = true;
    drainJob(job);
  }
  if (!anyRunning) timer_.stop();
}

void JobManager::drainJob(Job& job) {
  std::vector<ProgressUpdate> updates;
  {
    std::lock_guard<std::mutex> lock(job.mutex);
    updates.swap(job.pending);
  }
  if (updates.empty()) return;
  QList<QVariantMap> withMetrics;
  for (const ProgressUpdate& update : updates) {
    const QString message = QString::fromStdString(update.message);
    if (!message.isEmpty() && message != job.lastLogged) {
      job.lastLogged = message;
      appendLog(job, message);
    }
    if (!update.metrics.empty()) {
      QVariantMap map = toVariantMap(update.metrics);
      map.insert(QStringLiteral("_message"), message);
      map.insert(QStringLiteral("_fraction"), update.fraction);
      withMetrics.append(map);
    }
  }
  const ProgressUpdate& last = updates.back();
  JobInfo& info = job.info;
  info.fraction = std::clamp(last.fraction, 0.0, 1.0);
  info.message = QString::fromStdString(last.message);
  info.metrics = toVariantMap(last.metrics);
  // ETA from the progress made since the first report (a resumed run starts above 0).
  const QDateTime now = QDateTime::currentDateTime();
  if (job.etaStartFraction < 0) {
    job.etaStartFraction = info.fraction;
    job.etaStart = now;
  }
  const double done = info.fraction - job.etaStartFraction;
  const double elapsed = static_cast<double>(job.etaStart.msecsTo(now)) / 1000.0;
  info.etaSeconds = done > 1e-3 && elapsed > 0.5 ? elapsed * (1.0 - info.fraction) / done : -1.0;
  if (!withMetrics.isEmpty()) Q_EMIT jobMetrics(info.id, withMetrics);
  Q_EMIT jobProgress(info.id, info.fraction, info.message, info.metrics);
}

void JobManager::onJobEnded(int id, JobState state, const QString& error) {
  Job& job = *jobs_.at(id);
  if (job.info.ended()) return;
  if (job.info.state == JobState::Running) drainJob(job);
  if (job.thread) {
    job.thread->wait();
    delete job.thread;
    job.thread = nullptr;
  }
  job.info.state = state;
  job.info.error = error;
  job.info.finished = QDateTime::currentDateTime();
  job.info.etaSeconds = state == JobState::Finished ? 0.0 : -1.0;
  if (state == JobState::Finished) job.info.fraction = 1.0;
  switch (state) {
    case JobState::Finished:
      appendLog(job,
                tr("Finished in %1 s.")
                    .arg(static_cast<double>(job.info.started.msecsTo(job.info.finished)) / 1000.0,
                         0, 'f', 1));
      break;
    case JobState::Cancelled:
      appendLog(job, tr("Cancelled."));
      break;
    case JobState::Failed:
      appendLog(job, tr("Failed: %1").arg(error));
      break;
    default:
      break;
  }
  Q_EMIT jobStateChanged(id, state);
  Q_EMIT jobFinished(id, state, error);
  startQueued();
}

void JobManager::appendLog(Job& job, const QString& line) {
  job.info.log.append(line);
  while (job.info.log.size() > kMaxLogLines) job.info.log.removeFirst();
  Q_EMIT jobLog(job.info.id, line);
}

bool confirmCloseWithJobs(QWidget* parent, JobManager& jobs) {
  if (!jobs.hasRunningJobs()) return true;
  int count = 0;
  for (const int id : jobs.jobIds()) count += jobs.job(id).ended() ? 0 : 1;
  const auto answer = QMessageBox::question(
      parent, JobManager::tr("Jobs are running"),
      JobManager::tr("%n job(s) still running. Cancel them and close? Training runs keep a "
                     "checkpoint and can be resumed.",
                     nullptr, count),
      QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
  if (answer != QMessageBox::Yes) return false;
  QApplication::setOverrideCursor(Qt::WaitCursor);
  const bool stopped = jobs.cancelAllAndWait(60000);
  QApplication::restoreOverrideCursor();
  if (!stopped) {
    QMessageBox::warning(parent, JobManager::tr("Jobs are running"),
                         JobManager::tr("A job did not stop within a minute; wait for it to "
                                        "finish, then close the window again."));
  }
  return stopped;
}

}  // namespace cellcam::ui
