// cellcam segment: label images of every cell for a dataset's images, with the built-in
// classical segmenter or two TorchScript models; --eval scores them against test_masks/.
// The work is the core job segmentDataset(); this file parses the options and prints.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "cellcam/segment_dataset.h"
#include "cellcam/segmentation.h"
#include "cellcam/synth.h"
#include "cellcam/timing.h"

#include "commands.h"
#include "terminal_progress.h"

namespace fs = std::filesystem;

namespace cellcam::cli {
namespace {

using Clock = std::chrono::steady_clock;

struct SegmentOptions {
  fs::path data;
  std::string split = "test";
  fs::path out;
  fs::path config;
  fs::path nucleiModel;
  fs::path cellModel;
  int threads = 0;
  bool eval = false;
};

void runSegment(const SegmentOptions& o) {
  SegmentDatasetOptions options;
  options.data = o.data;
  options.split = o.split;
  options.out = o.out;
  options.configFile = o.config;
  options.nucleiModel = o.nucleiModel;
  options.cellModel = o.cellModel;
  options.threads = o.threads;
  options.eval = o.eval;
  SegmentDatasetSummary s;
  {
    TerminalProgress progress("segment");
    s = segmentDataset(options, progress, interruptToken());
  }
  std::printf("segmented %d %s images (%lld cells, %s) into %s in %.2f s (%.1f ms per image)\n",
              s.images, s.split.c_str(), s.cells, s.models ? "TorchScript models" : "built-in",
              s.out.c_str(), s.seconds, 1000.0 * s.seconds / s.images);
  if (!s.score) return;

  std::printf("%-40s %8s %10s %9s %9s\n", "image", "true", "predicted", "matched", "mean IoU");
  for (const SegmentedImage& r : s.results) {
    if (!r.score) continue;
    std::printf("%-40s %8lld %10lld %9.4f %9.4f\n", r.id.c_str(), r.score->trueCells,
                r.score->predictedCells, r.score->matchedFraction(), r.score->meanMatchedIoU());
  }
  const SegmentationScore& sum = *s.score;
  std::printf(
      "total: %d images, true cells %lld, predicted cells %lld, matched fraction %.4f at IoU >= "
      "0.6, mean IoU of matches %.4f\n",
      s.evaluatedImages, sum.trueCells, sum.predictedCells, sum.matchedFraction(),
      sum.meanMatchedIoU());
}

void printStats(const char* what, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  const double mean = std::accumulate(ms.begin(), ms.end(), 0.0) / static_cast<double>(ms.size());
  std::printf("%-34s mean %8.2f ms   median %8.2f ms   min %8.2f ms   (n=%zu)\n", what, mean,
              ms[ms.size() / 2], ms.front(), ms.size());
}

}  // namespace

void benchSegment(int size, int repeats) {
  if (repeats < 1) repeats = 1;
  const int previousThreads = cv::getNumThreads();
  cv::setNumThreads(1);  // one core: OpenCV's own parallel loops off
  const SegmentationConfig config;
  std::vector<double> ms;
  SegmentationScore score;
  for (int i = 0; i < repeats; ++i) {
    const SynthImage s = synthesizeImage(size, 2000 + static_cast<std::uint64_t>(i), false);
    ChannelImage image;
    image.red = s.red;
    image.green = s.green;
    image.blue = s.blue;
    image.yellow = s.yellow;
    const auto start = Clock::now();
    const cv::Mat labels = segmentCells(image, config);
    ms.push_back(1000.0 * secondsSince(start));
    score += scoreSegmentation(s.labels, labels, 0.6);
  }
  cv::setNumThreads(previousThreads);
  std::printf("segment at %dx%d px (working size %d), one thread, %.1f cells per image\n", size,
              size, config.workSize, static_cast<double>(score.trueCells) / repeats);
  printStats("segmentCells", ms);
  std::printf("matched fraction %.4f at IoU >= 0.6, mean IoU of matches %.4f\n",
              score.matchedFraction(), score.meanMatchedIoU());
}

void addSegmentCommand(CLI::App& app) {
  auto o = std::make_shared<SegmentOptions>();
  CLI::App* cmd = app.add_subcommand(
      "segment", "Segment cells: a label image per image ({ID}.png, 0 = background)");
  cmd->add_option("--data", o->data, "Dataset folder (Kaggle layout or a folder of channels)")
      ->required();
  cmd->add_option("--split", o->split, "Images to segment")
      ->check(CLI::IsMember({"test", "train", "all"}))
      ->capture_default_str();
  cmd->add_option("--out", o->out, "Folder for the label images (default DATA/segmentation)");
  cmd->add_option("--config", o->config, "Segmentation settings (JSON; missing keys = defaults)");
  cmd->add_option("--threads", o->threads,
                  "Worker threads (0 = all cores; 1 with models, which use every core each)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--nuclei-model", o->nucleiModel,
                  "TorchScript nuclei model (with --cell-model instead of the built-in segmenter)");
  cmd->add_option("--cell-model", o->cellModel,
                  "TorchScript cell model (with --nuclei-model instead of the built-in segmenter)");
  cmd->add_flag("--eval", o->eval,
                "Compare with DATA/test_masks/{ID}.png: matched fraction at IoU >= 0.6, mean IoU");
  cmd->callback([o]() { runSegment(*o); });
}

}  // namespace cellcam::cli
