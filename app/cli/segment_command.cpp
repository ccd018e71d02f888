// cellcam segment: label images of every cell for a dataset's images, with the built-in
// classical segmenter or two TorchScript models; --eval scores them against test_masks/.
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

#include "cellcam/atomic_file.h"
#include "cellcam/dataset.h"
#include "cellcam/error.h"
#include "cellcam/image_io.h"
#include "cellcam/parallel.h"
#include "cellcam/segmentation.h"
#include "cellcam/synth.h"

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

/// What happened to one image.
struct ImageResult {
  int cells = 0;
  bool evaluated = false;
  SegmentationScore score;
};

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

int labelCount(const cv::Mat& labels) {
  double maxValue = 0;
  if (!labels.empty()) cv::minMaxLoc(labels, nullptr, &maxValue);
  return static_cast<int>(maxValue);
}

void runSegment(const SegmentOptions& o) {
  const bool useModels = !o.nucleiModel.empty() || !o.cellModel.empty();
  if (useModels && (o.nucleiModel.empty() || o.cellModel.empty()))
    throw Error(std::string("--nuclei-model and --cell-model go together, but only ") +
                (o.nucleiModel.empty() ? "--cell-model" : "--nuclei-model") +
                " was given; pass both model files, or neither for the built-in segmenter.");
  if (o.eval && o.split == "train")
    throw Error(
        "--eval compares test images with test_masks/{ID}.png, but --split train selects "
        "none; use --split test or --split all.");

  const SegmentationConfig config =
      o.config.empty() ? SegmentationConfig{} : SegmentationConfig::load(o.config);
  const Dataset dataset = Dataset::open(o.data);

  std::vector<const ImageRecord*> images;
  for (const ImageRecord& image : dataset.images())
    if (o.split == "all" || (o.split == "test") == (image.split == Split::Test))
      images.push_back(&image);
  if (images.empty())
    throwFileError(o.data, "the dataset has no " + o.split + " images",
                   "choose another --split or --data folder");

  const fs::path masks = dataset.root() / "test_masks";
  if (o.eval) {
    std::error_code ec;
    if (!fs::is_directory(masks, ec))
      throwFileError(masks,
                     "folder not found, so --eval has no true label images to compare with "
                     "(it reads test_masks/{ID}.png, as written by 'cellcam synth')",
                     "add the masks or run without --eval");
  }

  const fs::path out = o.out.empty() ? dataset.root() / "segmentation" : o.out;
  {
    std::error_code ec;
    if (fs::exists(out, ec) && !fs::is_directory(out, ec))
      throwFileError(out, "exists and is not a folder", "choose another --out folder");
    fs::create_directories(out, ec);
    if (ec)
      throwFileError(out, "cannot create the folder (" + ec.message() + ")",
                     "choose a folder you can write to with --out");
    // Unwritable or full: say so now, not after segmenting the first image.
    ensureWritableDir(out);
  }

  const int total = static_cast<int>(images.size());
  // 0 = all cores (parallelFor); LibTorch models use every core each, so they run one at a time.
  const int threads = o.threads > 0 ? o.threads : (useModels ? 1 : 0);

  std::vector<ImageResult> results(static_cast<std::size_t>(total));
  const CancelToken& cancel = interruptToken();
  const auto start = Clock::now();
  // One TorchSegmenter per worker thread (they are not thread-safe).
  auto makeWorker = [&]() -> std::function<void(int)> {
    auto model = std::make_shared<std::optional<TorchSegmenter>>();
    if (useModels) model->emplace(o.nucleiModel, o.cellModel, config);
    return [&, model](int index) {
      const ImageRecord& record = *images[static_cast<std::size_t>(index)];
      const ChannelImage image = readChannels(dataset, record);
      const cv::Mat labels = *model ? (*model)->segment(image) : segmentCells(image, config);
      writeLabelImage(out / (record.id + ".png"), labels);
      ImageResult& r = results[static_cast<std::size_t>(index)];
      r.cells = labelCount(labels);
      if (o.eval && record.split == Split::Test) {
        const cv::Mat truth = readLabelImage(masks / (record.id + ".png"), labels.size());
        r.score = scoreSegmentation(truth, labels, 0.6);
        r.evaluated = true;
      }
    };
  };
  {
    TerminalProgress progress("segment");
    parallelFor(total, threads, makeWorker, progress, cancel);
  }
  const double seconds = secondsSince(start);

  long long cells = 0;
  for (const ImageResult& r : results) cells += r.cells;
  std::printf("segmented %d %s images (%lld cells, %s) into %s in %.2f s (%.1f ms per image)\n",
              total, o.split.c_str(), cells, useModels ? "TorchScript models" : "built-in",
              out.c_str(), seconds, 1000.0 * seconds / total);
  if (!o.eval) return;

  SegmentationScore sum;
  int evaluated = 0;
  std::printf("%-40s %8s %10s %9s %9s\n", "image", "true", "predicted", "matched", "mean IoU");
  for (int i = 0; i < total; ++i) {
    const ImageResult& r = results[static_cast<std::size_t>(i)];
    if (!r.evaluated) continue;
    ++evaluated;
    sum += r.score;
    std::printf("%-40s %8lld %10lld %9.4f %9.4f\n", images[static_cast<std::size_t>(i)]->id.c_str(),
                r.score.trueCells, r.score.predictedCells, r.score.matchedFraction(),
                r.score.meanMatchedIoU());
  }
  std::printf(
      "total: %d images, true cells %lld, predicted cells %lld, matched fraction %.4f at IoU >= "
      "0.6, mean IoU of matches %.4f\n",
      evaluated, sum.trueCells, sum.predictedCells, sum.matchedFraction(), sum.meanMatchedIoU());
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
