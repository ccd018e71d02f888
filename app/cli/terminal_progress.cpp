#include "terminal_progress.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <unistd.h>

namespace cellcam::cli {

std::string formatDuration(double seconds) {
  const long s = std::lround(std::max(0.0, seconds));
  char buffer[32];
  if (s >= 3600)
    std::snprintf(buffer, sizeof buffer, "%ldh%02ldm", s / 3600, (s % 3600) / 60);
  else if (s >= 60)
    std::snprintf(buffer, sizeof buffer, "%ldm%02lds", s / 60, s % 60);
  else
    std::snprintf(buffer, sizeof buffer, "%lds", s);
  return buffer;
}

TerminalProgress::TerminalProgress(std::string task)
    : task_(std::move(task)),
      tty_(::isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()) {}

TerminalProgress::~TerminalProgress() { finish(); }

void TerminalProgress::report(const ProgressUpdate& update) {
  std::lock_guard<std::mutex> lock(mutex_);
  const double fraction = std::clamp(update.fraction, 0.0, 1.0);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string eta = "--";
  if (fraction > 0.01) eta = formatDuration(elapsed * (1.0 - fraction) / fraction);
  std::string metrics;
  for (const auto& [name, value] : update.metrics) {
    char item[64];
    std::snprintf(item, sizeof item, " %s=%.4g", name.c_str(), value);
    metrics += item;
  }
  if (tty_) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(kWidth, '.');
    std::fprintf(stderr, "\r\033[K%s [%s] %3d%% %s ETA %s%s", task_.c_str(), bar.c_str(),
                 static_cast<int>(fraction * 100), update.message.c_str(), eta.c_str(),
                 metrics.c_str());
    open_ = true;
  } else {
    const int decile = static_cast<int>(fraction * 10);
    if (decile == lastDecile_) return;
    lastDecile_ = decile;
    std::fprintf(stderr, "%s: %3d%% %s (elapsed %s, ETA %s)%s\n", task_.c_str(), decile * 10,
                 update.message.c_str(), formatDuration(elapsed).c_str(), eta.c_str(),
                 metrics.c_str());
  }
  std::fflush(stderr);
}

void TerminalProgress::finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (open_) std::fputc('\n', stderr);
  open_ = false;
}

}  // namespace cellcam::cli
