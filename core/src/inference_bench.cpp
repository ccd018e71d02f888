// The inference benchmark (see cellcam/inference_bench.h).
#include "cellcam/inference_bench.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "cellcam/cam_model.h"
#include "cellcam/cell_scores.h"
#include "cellcam/dataset.h"
#include "cellcam/ensemble.h"
#include "cellcam/error.h"
#include "cellcam/image_io.h"
#include "cellcam/inference.h"
#include "cellcam/mapping.h"
#include "cellcam/model_bench.h"
#include "cellcam/oid_mask.h"
#include "cellcam/predict.h"
#include "cellcam/runtime.h"
#include "cellcam/segmentation.h"
#include "cellcam/synth.h"
#include "cellcam/timing.h"

#include <sys/resource.h>

namespace cellcam {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

/// Resets the kernel's peak-RSS counter of this process (VmHWM), so that peakRssKb() measures
/// from here; false where the kernel does not allow it.
bool resetPeakRss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

long minorFaults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

/// True when `data` holds a synthetic set of `images` test images of `size` px.
bool datasetMatches(const fs::path& data, int size, int images) {
  std::ifstream in(data / "synth.json");
  if (!in || !fs::exists(data / "sample_submission.csv")) return false;
  try {
    const nlohmann::json j = nlohmann::json::parse(in);
    return j.value("size", 0) == size && j.value("test", 0) == images;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

void report(Progress& progress, double fraction, const std::string& message) {
  ProgressUpdate u;
  u.fraction = fraction;
  u.message = message;
  progress.report(u);
}

}  // namespace

std::vector<InferenceBenchFigures> benchInference(const InferenceBenchOptions& o,
                                                  Progress& progress) {
  if (o.images < 1 || o.imageSize < 64 || o.modelSize < 32 || o.workSize < 16)
    throw Error("bench inference needs --images >= 1, --image-size >= 64, --size >= 32.");
  if (o.workDir.empty()) throw Error("bench inference needs a work folder.");
  TtaConfig tta;
  tta.scales = o.scales;
  tta.flips = o.flips;
  tta.workSize = o.workSize;
  tta.validate();
  fs::create_directories(o.workDir);

  // The test images (synthetic, with cells to score and encode).
  const fs::path data = o.workDir / "data";
  if (!datasetMatches(data, o.imageSize, o.images)) {
    report(progress, 0.0,
           "writing " + std::to_string(o.images) + " test images of " +
               std::to_string(o.imageSize) + " px");
    SynthOptions s;
    s.out = data;
    s.trainImages = 1;
    s.testImages = o.images;
    s.size = o.imageSize;
    s.seed = 2048;
    s.overwrite = true;
    NullProgress quiet;
    writeSynthDataset(s, quiet, CancelToken());
  }

  // The model (random weights unless given) and a GBR mapping beside it, so that the mapping
  // stage runs both mappings as in a real prediction.
  fs::path modelFile = o.model;
  if (modelFile.empty()) {
    modelFile = o.workDir / (o.backbone + "-" + std::to_string(o.modelSize) + ".pt");
    if (!fs::exists(modelFile)) {
      ModelConfig config;
      config.backbone = o.backbone;
      config.inputSize = o.modelSize;
      CamModel::create(config).save(modelFile);
    }
  }
  if (!fs::exists(mappingFileFor(modelFile))) {
    std::mt19937 rng(7);
    std::normal_distribution<float> noise(0.0f, 1.0f);
    std::vector<float> z, t;
    for (int i = 0; i < 20000; ++i) {
      const float zi = noise(rng) * 3.0f;
      z.push_back(zi);
      t.push_back(zi + noise(rng) > 1.0f ? 1.0f : 0.0f);
    }
    GbrMapping mapping;
    mapping.fit(z, t);
    mapping.save(mappingFileFor(modelFile));
  }
  const GbrMapping gbr = GbrMapping::load(mappingFileFor(modelFile));
  const MappingConfig mappingConfig;

  const Dataset dataset = Dataset::openKaggle(data);
  std::vector<const ImageRecord*> images;
  for (const ImageRecord& r : dataset.images())
    if (r.split == Split::Test) images.push_back(&r);
  fs::create_directories(o.workDir / "labels");

  std::vector<std::string> precisions;
  for (const std::string& p : o.precisions)
    if (p != "bf16" || cpuHasBf16()) precisions.push_back(p);
  std::vector<InferenceBenchFigures> out;
  const double steps = static_cast<double>(precisions.size());
  for (std::size_t k = 0; k < precisions.size(); ++k) {
    InferenceBenchFigures f;
    f.precision = precisions[k];
    tta.precision = f.precision;
    const CamModel model = CamModel::load(modelFile);
    const ModelConfig& config = model.config();

    // Compute bound: FLOPs of every view over the measured GEMM rate of this precision.
    report(progress, k / steps, f.precision + ": counting FLOPs and measuring GEMM");
    for (double scale : tta.scales) {
      const int side = std::max(1, static_cast<int>(std::lround(config.inputSize * scale)));
      f.forwardFlops += forwardFlops(config, side, side) * (tta.flips ? 4 : 1);
    }
    f.gemmGflops = measureGemmGflops(f.precision);
    f.boundSeconds = f.forwardFlops / (f.gemmGflops * 1e9);

    // Stages one after another; the first image once more untimed to warm up.
    for (std::size_t i = 0; i <= images.size(); ++i) {
      const bool warmup = i == 0;
      const ImageRecord& record = *images[warmup ? 0 : i - 1];
      report(progress, (k + 0.2 + 0.6 * i / (images.size() + 1.0)) / steps,
             f.precision + ": stages of image " + std::to_string(i) + "/" +
                 std::to_string(images.size()) + (warmup ? " (warm-up)" : ""));
      InferenceStageSeconds s;
      Clock::time_point t = Clock::now();
      const ChannelImage image = readChannels(dataset, record);
      s.decode = secondsSince(t);
      t = Clock::now();
      const cv::Mat labels = segmentCells(image);
      s.segment = secondsSince(t);
      // The Python comparison reads the same cells (untimed; once per image).
      const fs::path labelFile = o.workDir / "labels" / (record.id + ".png");
      if (!fs::exists(labelFile)) writeLabelImage(labelFile, labels);
      const long faultsBefore = minorFaults();
      const CamResult cams = computeCams(model, image, tta);
      const long faults = minorFaults() - faultsBefore;
      s.camTta = cams.inputSeconds + cams.forwardSeconds + cams.mapSeconds;
      s.forward = cams.forwardSeconds;
      s.upsample = cams.upsampleSeconds;
      t = Clock::now();
      const CellScores scores = computeCellScores(cams.cams, cams.imageProbabilities, labels);
      s.cellScores = secondsSince(t);
      t = Clock::now();
      const SigmoidMapping sig = mapBySigmoid(scores, mappingConfig);
      const std::vector<float> blended =
          blendProbabilities(sig.probabilities, gbr.predict(sig.z), mappingConfig.sigmoidWeight);
      s.mapping = secondsSince(t);
      t = Clock::now();
      const std::vector<EncodedCell> encoded = encodeLabelImage(labels);
      s.encode = secondsSince(t);
      if (blended.size() != encoded.size() * static_cast<std::size_t>(config.numClasses))
        throw Error("internal error: cells scored and encoded differ in the benchmark.");
      if (warmup) continue;
      f.views = cams.views;
      f.camPageFaults += static_cast<double>(faults) / images.size();
      f.cellsPerImage += static_cast<double>(encoded.size()) / images.size();
      const double n = static_cast<double>(images.size());
      f.stages.decode += s.decode / n;
      f.stages.segment += s.segment / n;
      f.stages.camTta += s.camTta / n;
      f.stages.forward += s.forward / n;
      f.stages.upsample += s.upsample / n;
      f.stages.cellScores += s.cellScores / n;
      f.stages.mapping += s.mapping / n;
      f.stages.encode += s.encode / n;
    }

    // The real pipeline (workers overlap reading, segmenting and encoding with the model).
    report(progress, (k + 0.8) / steps, f.precision + ": the predict pipeline");
    PredictOptions p;
    p.dataDir = data;
    p.ensembleFile = o.workDir / ("ensemble-" + f.precision + ".json");
    {
      EnsembleSpec spec = EnsembleSpec::singleModel(fs::absolute(modelFile));
      spec.tta = tta;
      spec.save(p.ensembleFile);
    }
    p.out = o.workDir / ("submission-" + f.precision + ".csv");
    const bool reset = resetPeakRss();
    NullProgress quiet;
    const PredictSummary summary = predictSubmission(p, quiet, CancelToken());
    f.pipelineSecondsPerImage = summary.secondsPerImage;
    f.pipelinePeakRssKb = reset ? summary.peakRssKb : 0;
    out.push_back(f);
  }
  report(progress, 1.0, "done");
  return out;
}

}  // namespace cellcam
