#include "cellcam/parallel.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace cellcam {

void parallelFor(int count, int threads,
                 const std::function<std::function<void(int index)>()>& makeWorker,
                 Progress& progress, const CancelToken& cancel, const std::string& unit) {
  if (count <= 0) return;
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = std::min(threads, count);

  std::atomic<int> next{0}, done{0};
  std::atomic<bool> stop{false};
  std::exception_ptr failure;
  std::mutex failureMutex;
  auto run = [&]() {
    try {
      const std::function<void(int)> work = makeWorker();
      for (;;) {
        const int index = next.fetch_add(1);
        if (index >= count || stop.load() || cancel.cancelled()) return;
        work(index);
        done.fetch_add(1);
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(failureMutex);
      if (!failure) failure = std::current_exception();
      stop.store(true);
    }
  };

  std::vector<std::future<void>> workers;
  for (int t = 0; t < threads; ++t) workers.push_back(std::async(std::launch::async, run));
  const std::string of = " of " + std::to_string(count);
  for (auto& w : workers) {
    while (w.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
      const int n = done.load();
      progress.report({static_cast<double>(n) / count, unit + " " + std::to_string(n) + of, {}});
    }
  }
  if (failure) std::rethrow_exception(failure);
  cancel.throwIfCancelled();
  progress.report({1.0, "done", {}});
}

}  // namespace cellcam
