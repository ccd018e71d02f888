#include "cellcam/segment_dataset.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <opencv2/core.hpp>

#include "cellcam/atomic_file.h"
#include "cellcam/dataset.h"
#include "cellcam/error.h"
#include "cellcam/image_io.h"
#include "cellcam/parallel.h"
#include "cellcam/timing.h"

namespace fs = std::filesystem;

namespace cellcam {
namespace {

using Clock = std::chrono::steady_clock;

int labelCount(const cv::Mat& labels) {
  double maxValue = 0;
  if (!labels.empty()) cv::minMaxLoc(labels, nullptr, &maxValue);
  return static_cast<int>(maxValue);
}

}  // namespace

SegmentDatasetSummary segmentDataset(const SegmentDatasetOptions& o, Progress& progress,
                                     const CancelToken& cancel) {
  const bool useModels = !o.nucleiModel.empty() || !o.cellModel.empty();
  if (useModels && (o.nucleiModel.empty() || o.cellModel.empty()))
    throw Error(std::string("--nuclei-model and --cell-model go together, but only ") +
                (o.nucleiModel.empty() ? "--cell-model" : "--nuclei-model") +
                " was given; pass both model files, or neither for the built-in segmenter.");
  if (o.eval && o.split == "train")
    throw Error(
        "--eval compares test images with test_masks/{ID}.png, but --split train selects "
        "none; use --split test or --split all.");
  if (o.split != "test" && o.split != "train" && o.split != "all")
    throw Error("--split '" + o.split + "' is not a split; use test, train or all.");

  const SegmentationConfig config =
      o.configFile.empty() ? o.config : SegmentationConfig::load(o.configFile);
  if (o.configFile.empty()) config.validate();
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
  cancel.throwIfCancelled();  // Nothing written yet.
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

  SegmentDatasetSummary summary;
  summary.images = total;
  summary.out = out;
  summary.split = o.split;
  summary.models = useModels;
  summary.results.resize(static_cast<std::size_t>(total));
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
      SegmentedImage& r = summary.results[static_cast<std::size_t>(index)];
      r.id = record.id;
      r.cells = labelCount(labels);
      if (o.eval && record.split == Split::Test) {
        const cv::Mat truth = readLabelImage(masks / (record.id + ".png"), labels.size());
        r.score = scoreSegmentation(truth, labels, 0.6);
      }
    };
  };
  parallelFor(total, threads, makeWorker, progress, cancel);
  summary.seconds = secondsSince(start);

  for (const SegmentedImage& r : summary.results) {
    summary.cells += r.cells;
    if (!r.score) continue;
    if (!summary.score) summary.score.emplace();
    *summary.score += *r.score;
    ++summary.evaluatedImages;
  }
  if (o.eval && !summary.score) summary.score.emplace();
  return summary;
}

}  // namespace cellcam
