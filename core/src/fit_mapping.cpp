// Fitting a model's GBR mapping (see cellcam/fit_mapping.h).
#include "cellcam/fit_mapping.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "cellcam/cam_model.h"
#include "cellcam/cell_scores.h"
#include "cellcam/dataset.h"
#include "cellcam/ensemble.h"
#include "cellcam/error.h"
#include "cellcam/image_io.h"
#include "cellcam/timing.h"

namespace cellcam {
namespace {

using Clock = std::chrono::steady_clock;

/// Rescales a job's fractions into [from, from + span] of another sink.
class SubProgress final : public Progress {
 public:
  SubProgress(Progress& parent, double from, double span)
      : parent_(parent), from_(from), span_(span) {}
  void report(const ProgressUpdate& update) override {
    ProgressUpdate u = update;
    u.fraction = from_ + span_ * update.fraction;
    if (u.message.empty()) u.message = "fitting the GBR mapping";
    parent_.report(u);
  }

 private:
  Progress& parent_;
  double from_, span_;
};

}  // namespace

FitMappingSummary fitMapping(const std::filesystem::path& modelFile,
                             const std::filesystem::path& dataDir, const FitMappingOptions& options,
                             Progress& progress, const CancelToken& cancel) {
  const Clock::time_point start = Clock::now();
  options.tta.validate();
  options.mapping.validate();
  const CamModel model = CamModel::load(modelFile);
  const Dataset dataset = Dataset::open(dataDir);

  std::vector<const ImageRecord*> images;
  for (const ImageRecord& r : dataset.images())
    if (r.split == Split::Train && r.labels.size() == 1) images.push_back(&r);
  if (options.maxImages > 0 && images.size() > static_cast<std::size_t>(options.maxImages))
    images.resize(static_cast<std::size_t>(options.maxImages));
  // Every annotated image joins, whatever its split and labels.
  std::map<std::string, const ImageRecord*> byId;
  for (const ImageRecord& r : dataset.images()) byId[r.id] = &r;
  for (const auto& [id, cells] : options.annotations) {
    const auto it = byId.find(id);
    if (it == byId.end())
      throw Error("the annotations name image " + id + ", which is not in the dataset " +
                  dataDir.string() + "; use annotations made on this dataset.");
    if (!cells.empty() && std::find(images.begin(), images.end(), it->second) == images.end())
      images.push_back(it->second);
  }
  if (images.empty())
    throw Error("the dataset " + dataDir.string() +
                " has no training image with exactly one label and no annotated cells to fit a "
                "mapping on.");

  static const std::map<int, std::vector<int>> kNoAnnotations;
  FitMappingSummary summary;
  MappingTrainingSet rows;
  for (std::size_t k = 0; k < images.size(); ++k) {
    cancel.throwIfCancelled();
    const ImageRecord& record = *images[k];
    const ChannelImage image = readChannels(dataset, record);
    const cv::Mat labels =
        options.labelsDir.empty()
            ? segmentCells(image, options.segmentation)
            : readLabelImage(options.labelsDir / (record.id + ".png"), image.red.size());
    const CamResult cams = computeCams(model, image, options.tta);
    const CellScores scores = computeCellScores(cams.cams, cams.imageProbabilities, labels);
    const SigmoidMapping sig = mapBySigmoid(scores, options.mapping);
    const auto annotated = options.annotations.find(record.id);
    const std::map<int, std::vector<int>>& cellLabels =
        annotated == options.annotations.end() ? kNoAnnotations : annotated->second;
    const std::vector<int> imageLabels =
        record.split == Split::Train ? record.labels : std::vector<int>{};
    const MappingTrainingSet imageRows =
        mappingTrainingRows(scores, sig.z, imageLabels, cellLabels);
    rows.append(imageRows);
    if (scores.numClasses > 0)
      summary.cells += static_cast<long long>(imageRows.size()) / scores.numClasses;
    if (!cellLabels.empty()) {
      ++summary.annotatedImages;
      std::map<int, long long> pixels;
      for (std::size_t i = 0; i < scores.cellIds.size(); ++i)
        pixels[scores.cellIds[i]] = scores.pixels[i];
      for (const auto& [cell, cellClasses] : cellLabels) {
        const auto p = pixels.find(cell);
        if (p != pixels.end() && p->second > 0)
          ++summary.annotatedCells;
        else
          ++summary.unmatchedAnnotations;
      }
    }
    ++summary.images;

    ProgressUpdate update;
    update.fraction = 0.8 * static_cast<double>(k + 1) / static_cast<double>(images.size());
    update.message = "CAMs of image " + std::to_string(k + 1) + "/" + std::to_string(images.size());
    update.metrics["rows"] = static_cast<double>(rows.size());
    progress.report(update);
  }
  if (rows.size() == 0)
    throw Error("no cells were found in the " + std::to_string(images.size()) +
                " single-label or annotated images, so there is nothing to fit a mapping on.");

  const Clock::time_point fitStart = Clock::now();
  GbrMapping mapping(options.mapping.gbr);
  mapping.setScoreScaler(options.mapping.scaler);
  SubProgress fitProgress(progress, 0.8, 0.2);
  mapping.fit(rows.z, rows.targets, &fitProgress, &cancel);
  summary.fitSeconds = secondsSince(fitStart);
  cancel.throwIfCancelled();

  summary.mappingFile = options.out.empty() ? mappingFileFor(modelFile) : options.out;
  mapping.save(summary.mappingFile);
  summary.rows = static_cast<long long>(rows.size());
  summary.seconds = secondsSince(start);
  return summary;
}

}  // namespace cellcam
