// cellcam train: Puzzle-CAM training of a CAM model (trainPuzzleCam) with a live progress line.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include "cellcam/classes.h"
#include "cellcam/error.h"
#include "cellcam/runtime.h"
#include "cellcam/training.h"

#include "commands.h"
#include "terminal_progress.h"

namespace cellcam::cli {
namespace {

std::string formatMetrics(const std::map<std::string, double>& metrics) {
  std::string text;
  for (const auto& [name, value] : metrics) {
    if (name == "epoch" || name == "step") continue;
    char item[96];
    std::snprintf(item, sizeof item, " %s=%.4g", name.c_str(), value);
    text += item;
  }
  return text;
}

/// The bar shows the running figures; an epoch's end (message "... done") closes the bar's line
/// and prints the epoch's metrics on a line of their own, so they stay in the scrollback and
/// in logs.
class TrainProgress final : public Progress {
 public:
  void report(const ProgressUpdate& update) override {
    const std::string doneSuffix = " done";
    const bool epochDone = update.message.size() > doneSuffix.size() &&
                           update.message.compare(update.message.size() - doneSuffix.size(),
                                                  doneSuffix.size(), doneSuffix) == 0;
    if (epochDone) {
      bar_.finish();
      std::fprintf(stderr, "train: %s:%s\n", update.message.c_str(),
                   formatMetrics(update.metrics).c_str());
      std::fflush(stderr);
      return;
    }
    ProgressUpdate shown = update;
    shown.metrics.erase("epoch");
    shown.metrics.erase("step");
    bar_.report(shown);
  }
  void finish() { bar_.finish(); }

 private:
  TerminalProgress bar_{"train"};
};

}  // namespace

void addTrainCommand(CLI::App& app) {
  struct Options {
    std::filesystem::path config, data, out;
    bool resume = false;
    bool printDefault = false;
    int epochs = 0;
    int threads = 0;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "train", "Train a CAM model with Puzzle-CAM on image-level labels (the seed's recipe)");
  cmd->add_option("--config", o->config,
                  "Training config JSON (see --print-default-config); with --resume, defaults to "
                  "the run's config.json");
  cmd->add_option("--data", o->data, "Dataset folder (Kaggle layout with train.csv)");
  cmd->add_option("--out", o->out,
                  "Run folder (config.json, checkpoint.pt, model.pt, best.pt, log.jsonl, "
                  "validation_ids.txt)");
  cmd->add_flag("--resume", o->resume, "Continue the run in --out from its checkpoint");
  cmd->add_option("--epochs", o->epochs, "Override the config's number of epochs")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--threads", o->threads, "LibTorch threads (0 = all cores)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_flag("--print-default-config", o->printDefault,
                "Print the default training config (JSON) and exit");
  cmd->callback([o]() {
    if (o->printDefault) {
      std::fputs(TrainConfig().toJson().c_str(), stdout);
      return;
    }
    if (o->data.empty()) throw CLI::RequiredError("--data");
    if (o->out.empty()) throw CLI::RequiredError("--out");
    std::filesystem::path configFile = o->config;
    if (configFile.empty()) {
      if (!o->resume) throw CLI::RequiredError("--config");
      configFile = o->out / "config.json";
    }
    TrainConfig config = TrainConfig::load(configFile);
    if (o->epochs > 0) config.epochs = o->epochs;
    if (o->threads > 0) initRuntime(o->threads);
    // Launched by torchrun (or with its variables set): one rank of a data-parallel run.
    const DistributedConfig distributed = DistributedConfig::fromEnvironment();
    const bool leader = !distributed.active || distributed.rank == 0;

    TrainResult result;
    {
      TrainProgress progress;
      try {
        result = trainPuzzleCam(config, o->data, o->out, o->resume, progress, interruptToken(),
                                distributed);
      } catch (const Cancelled&) {
        progress.finish();
        if (leader)
          std::fprintf(stderr,
                       "train: stopped; the checkpoint in %s is saved (continue with --resume)\n",
                       o->out.c_str());
        throw;
      }
    }
    if (!leader) return;
    std::printf("trained %d epochs (%lld optimizer steps) in %s\n", result.epochsDone, result.steps,
                o->out.c_str());
    for (const auto& [name, value] : result.finalMetrics)
      std::printf("  %-14s %.4f\n", name.c_str(), value);
    if (!result.classAuc.empty()) {
      std::printf("  validation ROC AUC per class:\n");
      for (std::size_t c = 0; c < result.classAuc.size(); ++c) {
        if (std::isnan(result.classAuc[c])) continue;
        const std::string name =
            c < kNumClasses ? std::string(className(static_cast<int>(c))) : std::string();
        std::printf("    %2zu %-42s %.4f\n", c, name.c_str(), result.classAuc[c]);
      }
    }
    std::printf("model: %s\nbest:  %s\n", result.modelPath.c_str(), result.bestModelPath.c_str());
  });
}

}  // namespace cellcam::cli
