#pragma once
/// @file
/// Independent items of a job processed on worker threads, with progress and cancellation.

#include <functional>
#include <string>

#include "cellcam/progress.h"

namespace cellcam {

/// Runs work(index) once for every index in [0, count) on `threads` worker threads (0 = the
/// hardware concurrency; never more than count): each worker takes the next free index.
/// `makeWorker` is called once on each worker thread and returns that thread's work function,
/// so per-thread state (a model, buffers) lives in its closure. The calling thread reports
/// "<unit> k of n" to `progress` every 100 ms and a final report when all items are done.
/// The first exception thrown by a worker stops the others (between items) and is rethrown;
/// when `cancel` fires, workers stop between items and Cancelled is thrown.
void parallelFor(int count, int threads,
                 const std::function<std::function<void(int index)>()>& makeWorker,
                 Progress& progress, const CancelToken& cancel, const std::string& unit = "image");

}  // namespace cellcam
