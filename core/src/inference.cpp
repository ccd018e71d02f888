// Class activation maps with test-time augmentation (see cellcam/inference.h).
#include "cellcam/inference.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "cellcam/error.h"
#include "cellcam/runtime.h"

#include "nn/autocast.h"

namespace cellcam {
namespace {

// ---- Model input (identical to train::BatchLoader without augmentation) --------------------

struct InputPlan {
  std::vector<Channel> stored;
  std::vector<std::size_t> outputFromStored;
  std::vector<float> mean, std;
};

InputPlan inputPlan(const std::string& mode) {
  InputPlan p;
  if (mode == "rgby") {
    p.stored = {Channel::Red, Channel::Green, Channel::Blue, Channel::Yellow};
    p.outputFromStored = {0, 1, 2, 3};
  } else if (mode == "rgb") {
    p.stored = {Channel::Red, Channel::Green, Channel::Blue};
    p.outputFromStored = {0, 1, 2};
  } else if (mode == "ggg") {
    p.stored = {Channel::Green};
    p.outputFromStored = {0, 0, 0};
  } else {
    throw Error("unknown channel mode \"" + mode + "\"; use rgby, rgb or ggg");
  }
  p.mean = {0.485f, 0.456f, 0.406f};
  p.std = {0.229f, 0.224f, 0.225f};
  if (p.outputFromStored.size() == 4) {
    p.mean.push_back(0.485f);
    p.std.push_back(0.229f);
  }
  return p;
}

cv::Mat resizePlane(const cv::Mat& plane, int side) {
  if (plane.rows == side && plane.cols == side) return plane;
  const bool shrink = plane.rows >= side && plane.cols >= side;
  cv::Mat out;
  cv::resize(plane, out, cv::Size(side, side), 0, 0, shrink ? cv::INTER_AREA : cv::INTER_LINEAR);
  return out;
}

// ---- TTA -----------------------------------------------------------------------------------

/// Flip codes of the views: none, vertical (rows), horizontal (columns), both.
constexpr int kFlipNone = 2;  // not a cv::flip code
const int kFlipCodes[4] = {kFlipNone, 0, 1, -1};

void flipInPlace(cv::Mat& m, int code) {
  if (code != kFlipNone) cv::flip(m, m, code);
}

/// The flipped copy of a planar [C][side][side] input, appended to `batch`.
void appendFlipped(const std::vector<float>& input, int channels, int side, int code,
                   std::vector<float>& batch) {
  const std::size_t plane = static_cast<std::size_t>(side) * side;
  const std::size_t offset = batch.size();
  batch.resize(offset + plane * channels);
  for (int c = 0; c < channels; ++c) {
    const cv::Mat src(side, side, CV_32F, const_cast<float*>(input.data() + c * plane));
    cv::Mat dst(side, side, CV_32F, batch.data() + offset + c * plane);
    if (code == kFlipNone)
      src.copyTo(dst);
    else
      cv::flip(src, dst, code);
  }
}

int scaledSide(int inputSize, double scale) {
  return std::max(1, static_cast<int>(std::lround(inputSize * scale)));
}

/// Runs every view; accumulates logits (sum) and, when `maps` is given, the per-scale sums of
/// the Swish-activated, un-flipped maps resized to the first scale's map size.
CamResult runViews(const CamModel& model, const ChannelImage& image, const TtaConfig& tta,
                   bool wantMaps) {
  tta.validate();
  if (tta.precision == "bf16" && !cpuHasBf16())
    throw Error(
        "precision \"bf16\" needs a CPU with AVX-512 BF16 or AMX, which this one lacks; use "
        "\"fp32\".");
  const ModelConfig& config = model.config();
  const int channels = config.inputChannels();
  const int classes = config.numClasses;
  const int flipCount = tta.flips ? 4 : 1;

  CamResult result;
  std::vector<double> logitSum(static_cast<std::size_t>(classes), 0.0);
  std::vector<cv::Mat> total;  // per class, at the reference (first scale's) map size
  cv::Size reference;

  using Clock = std::chrono::steady_clock;
  const auto since = [](Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
  };
  for (std::size_t s = 0; s < tta.scales.size(); ++s) {
    const int side = scaledSide(config.inputSize, tta.scales[s]);
    Clock::time_point t = Clock::now();
    const std::vector<float> input = modelInput(image, config, side);
    result.inputSeconds += since(t);
    std::vector<cv::Mat> scaleSum;  // per class, at this scale's map size
    for (int first = 0; first < flipCount; first += tta.batch) {
      const int count = std::min(tta.batch, flipCount - first);
      t = Clock::now();
      std::vector<float> batch;
      batch.reserve(input.size() * count);
      for (int v = 0; v < count; ++v)
        appendFlipped(input, channels, side, kFlipCodes[first + v], batch);
      result.inputSeconds += since(t);
      t = Clock::now();
      CamModel::Output out;
      {
        nn::AutocastScope autocast(false, tta.precision == "bf16" ? at::kBFloat16 : at::kFloat);
        out = model.forward(batch, count, side, side);
      }
      result.forwardSeconds += since(t);
      t = Clock::now();
      for (int v = 0; v < count; ++v)
        for (int c = 0; c < classes; ++c)
          logitSum[c] += out.logits[static_cast<std::size_t>(v) * classes + c];
      result.views += count;
      if (!wantMaps) continue;
      const std::size_t mapSize = static_cast<std::size_t>(out.height) * out.width;
      if (scaleSum.empty())
        for (int c = 0; c < classes; ++c)
          scaleSum.push_back(cv::Mat::zeros(out.height, out.width, CV_32F));
      for (int v = 0; v < count; ++v) {
        for (int c = 0; c < classes; ++c) {
          const float* src =
              out.maps.data() + (static_cast<std::size_t>(v) * classes + c) * mapSize;
          cv::Mat map(out.height, out.width, CV_32F);
          float* dst = map.ptr<float>();
          for (std::size_t i = 0; i < mapSize; ++i) {
            const float x = src[i];
            dst[i] = x / (1.0f + std::exp(-x));  // Swish
          }
          flipInPlace(map, kFlipCodes[first + v]);
          scaleSum[c] += map;
        }
      }
      result.mapSeconds += since(t);
    }
    if (!wantMaps) continue;
    t = Clock::now();
    if (s == 0) {
      reference = scaleSum.front().size();
      total = std::move(scaleSum);
      continue;
    }
    for (int c = 0; c < classes; ++c) {
      cv::Mat resized;
      if (scaleSum[c].size() == reference)
        resized = scaleSum[c];
      else
        cv::resize(scaleSum[c], resized, reference, 0, 0, cv::INTER_LINEAR);
      total[c] += resized;
    }
    result.mapSeconds += since(t);
  }

  result.meanLogits.resize(static_cast<std::size_t>(classes));
  result.imageProbabilities.resize(static_cast<std::size_t>(classes));
  for (int c = 0; c < classes; ++c) {
    const double mean = logitSum[c] / result.views;
    result.meanLogits[c] = static_cast<float>(mean);
    result.imageProbabilities[c] = static_cast<float>(1.0 / (1.0 + std::exp(-mean)));
  }
  if (wantMaps) {
    const Clock::time_point t = Clock::now();
    const double factor = 3.0 / static_cast<double>(tta.scales.size());
    result.cams.resize(static_cast<std::size_t>(classes));
    for (int c = 0; c < classes; ++c) {
      total[c] *= factor;
      cv::resize(total[c], result.cams[c], cv::Size(tta.workSize, tta.workSize), 0, 0,
                 cv::INTER_CUBIC);
    }
    result.upsampleSeconds = since(t);
  }
  return result;
}

}  // namespace

// ---- TtaConfig ------------------------------------------------------------------------------

void TtaConfig::validate() const {
  if (scales.empty()) throw Error("TTA setting scales must list at least one scale, e.g. [1.0].");
  for (double s : scales)
    if (!(s > 0.0 && s <= 8.0))
      throw Error("TTA setting scales holds " + std::to_string(s) +
                  ", which is out of range; allowed: (0, 8].");
  if (batch < 1) throw Error("TTA setting batch = " + std::to_string(batch) + " must be >= 1.");
  if (workSize < 16 || workSize > 8192)
    throw Error("TTA setting workSize = " + std::to_string(workSize) +
                " is out of range; allowed: 16 to 8192.");
  if (precision != "fp32" && precision != "bf16")
    throw Error("TTA setting precision = \"" + precision + "\" is unknown; use fp32 or bf16.");
}

std::string TtaConfig::toJson() const {
  nlohmann::ordered_json json;
  json["scales"] = scales;
  json["flips"] = flips;
  json["batch"] = batch;
  json["workSize"] = workSize;
  json["precision"] = precision;
  return json.dump(2);
}

TtaConfig TtaConfig::fromJson(const std::string& text, const std::string& source) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throwFileError(source, std::string("the TTA settings are not valid JSON (") + e.what() + ")",
                   "fix the file");
  }
  if (!json.is_object())
    throwFileError(source, "the TTA settings must be a JSON object",
                   "write them as {\"scales\": [1.0, 1.3, 1.6], \"flips\": true, ...}");
  TtaConfig config;
  const auto bad = [&](const std::string& key, const std::string& want) {
    throwFileError(source, "TTA setting '" + key + "' must be " + want, "fix the value");
  };
  for (auto it = json.begin(); it != json.end(); ++it) {
    const std::string& key = it.key();
    const nlohmann::json& v = it.value();
    if (key == "scales") {
      if (!v.is_array()) bad(key, "an array of numbers");
      config.scales.clear();
      for (const auto& s : v) {
        if (!s.is_number()) bad(key, "an array of numbers");
        config.scales.push_back(s.get<double>());
      }
    } else if (key == "flips") {
      if (!v.is_boolean()) bad(key, "true or false");
      config.flips = v.get<bool>();
    } else if (key == "batch" || key == "workSize") {
      if (!v.is_number_integer()) bad(key, "an integer");
      (key == "batch" ? config.batch : config.workSize) = v.get<int>();
    } else if (key == "precision") {
      if (!v.is_string()) bad(key, "\"fp32\" or \"bf16\"");
      config.precision = v.get<std::string>();
    } else {
      throwFileError(source, "unknown key '" + key + "' in the TTA settings",
                     "use only scales, flips, batch, workSize, precision");
    }
  }
  try {
    config.validate();
  } catch (const Error& e) {
    throwFileError(source, e.what(), "");
  }
  return config;
}

// ---- Public functions ------------------------------------------------------------------------

std::vector<float> modelInput(const ChannelImage& image, const ModelConfig& config, int side) {
  if (side < 1) throw Error("the model input side must be at least 1 pixel.");
  const InputPlan plan = inputPlan(config.channels);
  if (image.red.empty() || image.green.empty() || image.blue.empty())
    throw Error("an image needs red, green and blue planes to be fed to a CAM model.");
  std::vector<cv::Mat> planes;
  for (Channel channel : plan.stored) {
    const cv::Mat& source = image.plane(channel);
    if (source.empty()) {  // rgby without yellow: zeros
      planes.push_back(cv::Mat::zeros(side, side, CV_32F));
      continue;
    }
    cv::Mat plane = resizePlane(source, side);
    const double scale = plane.depth() == CV_16U ? 1.0 / 65535.0 : 1.0 / 255.0;
    cv::Mat scaled;
    plane.convertTo(scaled, CV_32F, scale);
    planes.push_back(std::move(scaled));
  }
  const std::size_t planeFloats = static_cast<std::size_t>(side) * side;
  std::vector<float> pixels(planeFloats * plan.outputFromStored.size());
  for (std::size_t k = 0; k < plan.outputFromStored.size(); ++k) {
    cv::Mat out(side, side, CV_32F, pixels.data() + k * planeFloats);
    planes[plan.outputFromStored[k]].convertTo(out, CV_32F, 1.0 / plan.std[k],
                                               -static_cast<double>(plan.mean[k]) / plan.std[k]);
  }
  return pixels;
}

CamResult computeCams(const CamModel& model, const ChannelImage& image, const TtaConfig& tta) {
  return runViews(model, image, tta, true);
}

std::vector<float> computeImageProbabilities(const CamModel& model, const ChannelImage& image,
                                             const TtaConfig& tta) {
  return runViews(model, image, tta, false).imageProbabilities;
}

}  // namespace cellcam
