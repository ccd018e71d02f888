#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "cellcam/error.h"
#include "cellcam/parallel.h"

namespace cellcam {
namespace {

TEST(ParallelFor, RunsEveryIndexOnceWithOneWorkerFunctionPerThread) {
  std::vector<std::atomic<int>> hits(97);
  std::atomic<int> workersMade{0};
  std::mutex mutex;
  std::set<std::thread::id> threadsSeen;
  NullProgress progress;
  CancelToken cancel;
  parallelFor(
      97, 3,
      [&]() -> std::function<void(int)> {
        workersMade++;
        return [&](int i) {
          hits[static_cast<std::size_t>(i)]++;
          std::lock_guard<std::mutex> lock(mutex);
          threadsSeen.insert(std::this_thread::get_id());
        };
      },
      progress, cancel);
  for (const auto& h : hits) EXPECT_EQ(h.load(), 1);
  EXPECT_EQ(workersMade.load(), 3);
  EXPECT_LE(threadsSeen.size(), 3u);
}

TEST(ParallelFor, RethrowsTheFirstErrorAndStops) {
  std::atomic<int> ran{0};
  NullProgress progress;
  CancelToken cancel;
  auto make = [&]() -> std::function<void(int)> {
    return [&](int i) {
      ran++;
      if (i == 5) throw Error("item 5 is bad");
    };
  };
  try {
    parallelFor(10000, 2, make, progress, cancel);
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "item 5 is bad");
  }
  EXPECT_LT(ran.load(), 10000);
}

TEST(ParallelFor, CancelStopsBetweenItems) {
  std::atomic<int> ran{0};
  NullProgress progress;
  CancelToken cancel;
  auto make = [&]() -> std::function<void(int)> {
    return [&](int) {
      if (++ran == 3) cancel.cancel();
    };
  };
  EXPECT_THROW(parallelFor(10000, 1, make, progress, cancel), Cancelled);
  EXPECT_EQ(ran.load(), 3);
}

TEST(ParallelFor, ReportsCompletion) {
  struct Last : Progress {
    ProgressUpdate last;
    void report(const ProgressUpdate& u) override { last = u; }
  } progress;
  CancelToken cancel;
  parallelFor(4, 0, []() -> std::function<void(int)> { return [](int) {}; }, progress, cancel);
  EXPECT_DOUBLE_EQ(progress.last.fraction, 1.0);
}

}  // namespace
}  // namespace cellcam
