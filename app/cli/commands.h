#pragma once
// Subcommands of the `cellcam` CLI. Each registers itself on the app and runs through a
// callback that throws cellcam::Error on bad input; main() turns that into one line on stderr
// and exit code 1.

#include <CLI/CLI.hpp>

#include "cellcam/progress.h"

namespace cellcam::cli {

void addSynthCommand(CLI::App& app);
void addInfoCommand(CLI::App& app);
void addBenchCommand(CLI::App& app);
void addValidateCommand(CLI::App& app);
void addEvaluateCommand(CLI::App& app);
void addSegmentCommand(CLI::App& app);
void addTrainCommand(CLI::App& app);
void addPredictCommand(CLI::App& app);
void addMergeCommand(CLI::App& app);  // joins `predict --shard k/n` outputs
void addFitMappingCommand(CLI::App& app);
void benchSegment(int size, int repeats);  // segmentCells timing on synthetic images

/// Cancelled by SIGINT/SIGTERM, so Ctrl-C stops a job at its next check instead of killing it
/// halfway through a file.
CancelToken& interruptToken();

}  // namespace cellcam::cli
