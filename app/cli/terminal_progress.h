#pragma once
// A progress bar on stderr: redrawn in place on a terminal, a line per 10% otherwise (logs).

#include <chrono>
#include <mutex>
#include <string>

#include "cellcam/progress.h"

namespace cellcam::cli {

class TerminalProgress final : public Progress {
 public:
  /// `task` names the job in front of the bar, e.g. "synth".
  explicit TerminalProgress(std::string task);
  ~TerminalProgress() override;
  /// Thread-safe.
  void report(const ProgressUpdate& update) override;
  /// Ends the bar's line (called by the destructor too).
  void finish();

 private:
  std::string task_;
  bool tty_;
  bool open_ = false;
  int lastDecile_ = -1;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
};

/// "1m05s", "42s", "3h02m".
std::string formatDuration(double seconds);

}  // namespace cellcam::cli
