// ModelConfig as JSON: keys = member names, missing keys keep their defaults; unknown keys, wrong
// types and bad values are errors that name the source and the key.
#include "cellcam/model_config.h"

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cellcam/error.h"

namespace cellcam {

namespace nn {
// Defined in nn/cam_net.cpp; declared here rather than included so that this file does not
// pull in LibTorch.
std::vector<std::string> backboneNames();
}  // namespace nn

namespace {

constexpr int kMaxClasses = 1000;
constexpr int kSizeMultiple = 32;  // Output stride 16, and Puzzle-CAM's 2x2 tiles.
constexpr int kMaxInputSize = 8192;

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& n : names) text += (text.empty() ? "" : ", ") + n;
  return text;
}

[[noreturn]] void badValue(const std::string& source, const std::string& key,
                           const std::string& problem, const std::string& fix) {
  throwFileError(source, "model setting '" + key + "' " + problem, fix);
}

int readInt(const nlohmann::json& value, const std::string& source, const std::string& key) {
  if (!value.is_number_integer())
    badValue(source, key, "must be a whole number, not " + value.dump(), "write it as e.g. 19");
  const auto v = value.get<long long>();
  if (v < -1'000'000'000LL || v > 1'000'000'000LL)
    badValue(source, key, "= " + value.dump() + " is out of range", "use a sensible value");
  return static_cast<int>(v);
}

std::string readString(const nlohmann::json& value, const std::string& source,
                       const std::string& key) {
  if (!value.is_string())
    badValue(source, key, "must be a string, not " + value.dump(), "write it in double quotes");
  return value.get<std::string>();
}

}  // namespace

int ModelConfig::inputChannels() const {
  if (channels == "rgby") return 4;
  if (channels == "rgb" || channels == "ggg") return 3;
  throw Error("unknown channel mode '" + channels + "'; use rgby, rgb or ggg.");
}

std::string ModelConfig::toJson() const {
  nlohmann::ordered_json json;
  json["backbone"] = backbone;
  json["channels"] = channels;
  json["numClasses"] = numClasses;
  json["inputSize"] = inputSize;
  return json.dump(2);
}

ModelConfig ModelConfig::fromJson(const std::string& text, const std::string& source) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throwFileError(source, std::string("the model settings are not valid JSON (") + e.what() + ")",
                   "fix the file or write it anew");
  }
  if (!json.is_object())
    throwFileError(source, "the model settings must be a JSON object",
                   "write them as {\"backbone\": \"resnet50\", \"channels\": \"rgby\", ...}");

  ModelConfig config;
  for (auto it = json.begin(); it != json.end(); ++it) {
    const std::string& key = it.key();
    const nlohmann::json& value = it.value();
    if (key == "backbone") {
      config.backbone = readString(value, source, key);
      const std::vector<std::string> names = nn::backboneNames();
      if (std::find(names.begin(), names.end(), config.backbone) == names.end())
        badValue(source, key, "names an unknown backbone '" + config.backbone + "'",
                 "use one of " + joined(names));
    } else if (key == "channels") {
      config.channels = readString(value, source, key);
      if (config.channels != "rgby" && config.channels != "rgb" && config.channels != "ggg")
        badValue(source, key, "names an unknown channel mode '" + config.channels + "'",
                 "use rgby, rgb or ggg");
    } else if (key == "numClasses") {
      config.numClasses = readInt(value, source, key);
      if (config.numClasses < 1 || config.numClasses > kMaxClasses)
        badValue(source, key, "= " + std::to_string(config.numClasses) + " is out of range",
                 "use 1 to " + std::to_string(kMaxClasses) + " (19 for HPA)");
    } else if (key == "inputSize") {
      config.inputSize = readInt(value, source, key);
      if (config.inputSize < kSizeMultiple || config.inputSize > kMaxInputSize ||
          config.inputSize % kSizeMultiple != 0)
        badValue(source, key, "= " + std::to_string(config.inputSize) + " is not allowed",
                 "use a multiple of " + std::to_string(kSizeMultiple) + " from " +
                     std::to_string(kSizeMultiple) + " to " + std::to_string(kMaxInputSize) +
                     " (the seed uses 640)");
    } else {
      throwFileError(source, "unknown key '" + key + "' in the model settings",
                     "use only backbone, channels, numClasses and inputSize");
    }
  }
  return config;
}

}  // namespace cellcam
