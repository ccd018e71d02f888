#include <cstdint>
#include <cstdio>

#include "cellcam/atomic_file.h"
#include "cellcam/synth.h"

#include "commands.h"
#include "terminal_progress.h"

namespace cellcam::cli {

void addSynthCommand(CLI::App& app) {
  auto options = std::make_shared<SynthOptions>();
  CLI::App* cmd = app.add_subcommand(
      "synth", "Create a synthetic HPA-like dataset (Kaggle layout) with per-cell ground truth");
  cmd->add_option("--out", options->out, "Dataset folder to create")->required();
  cmd->add_option("--train", options->trainImages, "Number of training images")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--test", options->testImages, "Number of test images")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--size", options->size, "Image side in pixels")
      ->check(CLI::Range(32, 8192))
      ->capture_default_str();
  cmd->add_option("--seed", options->seed, "Random seed (same seed, same dataset)")
      ->capture_default_str();
  cmd->add_flag("--bit16", options->bit16, "Write 16-bit PNG channels");
  cmd->add_flag("--overwrite", options->overwrite,
                "Write into a folder that already holds a dataset");
  cmd->add_option("--threads", options->threads, "Worker threads (0 = all cores)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->callback([options]() {
    // Report an unwritable folder or a full disk before generating anything. Synthetic
    // channels compress to about a quarter of their raw size as PNG.
    if (!options->out.empty() && options->trainImages + options->testImages > 0) {
      const std::uintmax_t side = static_cast<std::uintmax_t>(options->size);
      const std::uintmax_t images =
          static_cast<std::uintmax_t>(options->trainImages + options->testImages);
      ensureWritableDir(options->out, images * 4 * side * side * (options->bit16 ? 2 : 1) / 4);
    }
    SynthSummary summary;
    {
      TerminalProgress progress("synth");
      summary = writeSynthDataset(*options, progress, interruptToken());
    }
    const int images = summary.trainImages + summary.testImages;
    std::printf(
        "wrote %d train + %d test images (%lld cells, %dx%d px, %s) to %s in %.2f s "
        "(%.1f ms per image)\n",
        summary.trainImages, summary.testImages, summary.cells, options->size, options->size,
        options->bit16 ? "16-bit" : "8-bit", options->out.c_str(), summary.seconds,
        1000.0 * summary.seconds / images);
  });
}

}  // namespace cellcam::cli
