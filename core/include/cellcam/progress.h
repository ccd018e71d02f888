#pragma once
/// @file
/// How long-running core jobs report progress and learn that they should stop.

#include <atomic>
#include <map>
#include <string>

namespace cellcam {

/// A request to stop, set by any thread (a GUI button, a signal handler) and polled by the
/// job between steps. Cancel only asks: the job stops at its next check and throws Cancelled.
class CancelToken {
 public:
  /// Thread-safe; may be called from any thread, any number of times.
  void cancel() noexcept { cancelled_.store(true, std::memory_order_relaxed); }
  /// Thread-safe.
  bool cancelled() const noexcept { return cancelled_.load(std::memory_order_relaxed); }
  /// Throws Cancelled if cancel() was called. Called by jobs between steps.
  void throwIfCancelled() const;

 private:
  std::atomic<bool> cancelled_{false};
};

/// One progress report of a job.
struct ProgressUpdate {
  double fraction = 0.0;                  ///< Done so far, 0..1.
  std::string message;                    ///< What the job is doing now (one short line).
  std::map<std::string, double> metrics;  ///< Named figures (loss, images/s, ...).
};

/// Receives a job's progress. Implemented by front ends (terminal bar, GUI snapshot).
/// A job calls report() from the thread it runs on; implementations must be cheap and
/// thread-safe and must not call back into the job.
class Progress {
 public:
  virtual ~Progress() = default;
  virtual void report(const ProgressUpdate& update) = 0;
};

/// A Progress that discards everything.
class NullProgress final : public Progress {
 public:
  void report(const ProgressUpdate&) override {}
};

}  // namespace cellcam
