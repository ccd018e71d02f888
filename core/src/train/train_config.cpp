// TrainConfig as JSON: keys = member names, nested objects "model", "sgd", "adam" and
// "augment"; missing keys keep their defaults; unknown keys, wrong types and out-of-range
// values are errors that name the file (or source) and the key.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "cellcam/atomic_file.h"
#include "cellcam/error.h"
#include "cellcam/training.h"

namespace fs = std::filesystem;

namespace cellcam {
namespace {

using Ref = std::variant<int*, double*, bool*, std::string*, std::uint64_t*>;

/// One setting: its key ("epochs", "sgd.lr") and where it lives in a TrainConfig.
struct Field {
  const char* key;
  std::function<Ref(TrainConfig&)> ref;
};

const std::vector<Field>& fields() {
  using C = TrainConfig;
  static const std::vector<Field> table{
      {"epochs", [](C& c) -> Ref { return &c.epochs; }},
      {"batchSize", [](C& c) -> Ref { return &c.batchSize; }},
      {"accumulation", [](C& c) -> Ref { return &c.accumulation; }},
      {"optimizer", [](C& c) -> Ref { return &c.optimizer; }},
      {"sgd.lr", [](C& c) -> Ref { return &c.sgd.lr; }},
      {"sgd.momentum", [](C& c) -> Ref { return &c.sgd.momentum; }},
      {"sgd.nesterov", [](C& c) -> Ref { return &c.sgd.nesterov; }},
      {"sgd.weightDecay", [](C& c) -> Ref { return &c.sgd.weightDecay; }},
      {"sgd.polyPower", [](C& c) -> Ref { return &c.sgd.polyPower; }},
      {"sgd.headLrScale", [](C& c) -> Ref { return &c.sgd.headLrScale; }},
      {"sgd.biasLrScale", [](C& c) -> Ref { return &c.sgd.biasLrScale; }},
      {"adam.lr", [](C& c) -> Ref { return &c.adam.lr; }},
      {"adam.weightDecay", [](C& c) -> Ref { return &c.adam.weightDecay; }},
      {"adam.stepGamma", [](C& c) -> Ref { return &c.adam.stepGamma; }},
      {"focalGamma", [](C& c) -> Ref { return &c.focalGamma; }},
      {"labelSmoothing", [](C& c) -> Ref { return &c.labelSmoothing; }},
      {"loss", [](C& c) -> Ref { return &c.loss; }},
      {"alpha", [](C& c) -> Ref { return &c.alpha; }},
      {"alphaSchedule", [](C& c) -> Ref { return &c.alphaSchedule; }},
      {"confidenceWeight", [](C& c) -> Ref { return &c.confidenceWeight; }},
      {"tiles", [](C& c) -> Ref { return &c.tiles; }},
      {"augment.flips", [](C& c) -> Ref { return &c.augment.flips; }},
      {"augment.rotate90", [](C& c) -> Ref { return &c.augment.rotate90; }},
      {"augment.brightness", [](C& c) -> Ref { return &c.augment.brightness; }},
      {"augment.contrast", [](C& c) -> Ref { return &c.augment.contrast; }},
      {"augment.resizedCropMinScale", [](C& c) -> Ref { return &c.augment.resizedCropMinScale; }},
      {"validationFraction", [](C& c) -> Ref { return &c.validationFraction; }},
      {"workers", [](C& c) -> Ref { return &c.workers; }},
      {"prefetchBatches", [](C& c) -> Ref { return &c.prefetchBatches; }},
      {"cacheDir", [](C& c) -> Ref { return &c.cacheDir; }},
      {"precision", [](C& c) -> Ref { return &c.precision; }},
      {"device", [](C& c) -> Ref { return &c.device; }},
      {"seed", [](C& c) -> Ref { return &c.seed; }},
      {"checkpointEvery", [](C& c) -> Ref { return &c.checkpointEvery; }},
      {"pretrained", [](C& c) -> Ref { return &c.pretrained; }},
  };
  return table;
}

const char* const kGroups[] = {"sgd", "adam", "augment"};

bool isGroup(const std::string& key) {
  for (const char* g : kGroups)
    if (key == g) return true;
  return false;
}

std::string knownKeys(const std::string& group) {
  std::string known;
  for (const Field& f : fields()) {
    std::string key = f.key;
    const auto dot = key.find('.');
    const std::string fieldGroup = dot == std::string::npos ? "" : key.substr(0, dot);
    if (fieldGroup != group) continue;
    if (!group.empty()) key = key.substr(dot + 1);
    known += (known.empty() ? "" : ", ") + key;
  }
  if (group.empty()) known += ", model, sgd, adam, augment";
  return known;
}

std::string format(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

/// Stores one JSON value into the field, or throws naming the key.
void assign(const Field& field, TrainConfig& config, const nlohmann::json& value,
            const std::string& source) {
  const std::string key = field.key;
  const auto bad = [&](const std::string& what) {
    throwFileError(source, "'" + key + "' must be " + what, "fix the value in the file");
  };
  std::visit(
      [&](auto* target) {
        using T = std::remove_pointer_t<decltype(target)>;
        if constexpr (std::is_same_v<T, bool>) {
          if (!value.is_boolean()) bad("true or false");
          *target = value.get<bool>();
        } else if constexpr (std::is_same_v<T, std::string>) {
          if (!value.is_string()) bad("a string");
          *target = value.get<std::string>();
        } else if constexpr (std::is_same_v<T, double>) {
          if (!value.is_number()) bad("a number");
          *target = value.get<double>();
        } else if constexpr (std::is_same_v<T, int>) {
          if (!value.is_number_integer()) bad("a whole number");
          const auto v = value.get<long long>();
          if (v < -1000000000LL || v > 1000000000LL) bad("a whole number of reasonable size");
          *target = static_cast<int>(v);
        } else {
          if (!value.is_number_unsigned() &&
              !(value.is_number_integer() && value.get<long long>() >= 0))
            bad("a non-negative whole number");
          *target = value.get<std::uint64_t>();
        }
      },
      field.ref(config));
}

const Field* findField(const std::string& key) {
  for (const Field& f : fields())
    if (key == f.key) return &f;
  return nullptr;
}

void require(bool ok, const std::string& key, const std::string& value,
             const std::string& allowed) {
  if (!ok)
    throw Error("training setting " + key + " = " + value + " is not allowed; allowed: " + allowed +
                ".");
}

void requireRange(double v, double lo, double hi, const std::string& key,
                  const std::string& allowed) {
  require(std::isfinite(v) && v >= lo && v <= hi, key, format(v), allowed);
}

}  // namespace

void TrainConfig::validate() const {
  (void)model.inputChannels();
  requireRange(model.numClasses, 1, 1000, "model.numClasses", "1 to 1000");
  requireRange(model.inputSize, 32, 8192, "model.inputSize", "32 to 8192");
  requireRange(epochs, 1, 100000, "epochs", "1 to 100000");
  requireRange(batchSize, 1, 4096, "batchSize", "1 to 4096");
  requireRange(accumulation, 1, 1024, "accumulation", "1 to 1024");
  require(optimizer == "sgd" || optimizer == "adam", "optimizer", "\"" + optimizer + "\"",
          "\"sgd\" or \"adam\"");
  requireRange(sgd.lr, 1e-12, 10, "sgd.lr", "greater than 0, at most 10");
  requireRange(sgd.momentum, 0, 0.999999, "sgd.momentum", "0 to below 1");
  require(!sgd.nesterov || sgd.momentum > 0, "sgd.nesterov", "true",
          "false when sgd.momentum is 0 (Nesterov needs momentum)");
  requireRange(sgd.weightDecay, 0, 1, "sgd.weightDecay", "0 to 1");
  requireRange(sgd.polyPower, 0, 10, "sgd.polyPower", "0 to 10");
  requireRange(sgd.headLrScale, 1e-6, 1000, "sgd.headLrScale", "greater than 0, at most 1000");
  requireRange(sgd.biasLrScale, 1e-6, 1000, "sgd.biasLrScale", "greater than 0, at most 1000");
  requireRange(adam.lr, 1e-12, 10, "adam.lr", "greater than 0, at most 10");
  requireRange(adam.weightDecay, 0, 1, "adam.weightDecay", "0 to 1");
  requireRange(adam.stepGamma, 1e-6, 1, "adam.stepGamma", "greater than 0, at most 1");
  requireRange(focalGamma, 0, 10, "focalGamma", "0 to 10");
  requireRange(labelSmoothing, 0, 0.999, "labelSmoothing", "0 to below 1");
  require(loss == "puzzle" || loss == "class", "loss", "\"" + loss + "\"",
          "\"puzzle\" or \"class\"");
  requireRange(alpha, 0, 1000, "alpha", "0 to 1000");
  requireRange(alphaSchedule, 0, 100, "alphaSchedule", "0 to 100");
  requireRange(confidenceWeight, 0, 1000, "confidenceWeight", "0 to 1000");
  requireRange(tiles, 1, 8, "tiles", "1 to 8");
  if (loss == "puzzle")
    require(model.inputSize % (16 * tiles) == 0, "model.inputSize", std::to_string(model.inputSize),
            "a multiple of 16 * tiles = " + std::to_string(16 * tiles) +
                " so that the tiles' maps re-assemble exactly (e.g. " +
                std::to_string(16 * tiles * std::max(1, model.inputSize / (16 * tiles))) + ")");
  requireRange(augment.brightness, 0, 0.999, "augment.brightness", "0 to below 1");
  requireRange(augment.contrast, 0, 0.999, "augment.contrast", "0 to below 1");
  requireRange(augment.resizedCropMinScale, 0.01, 1, "augment.resizedCropMinScale", "0.01 to 1");
  requireRange(validationFraction, 0, 0.9, "validationFraction", "0 to 0.9");
  requireRange(workers, 0, 1024, "workers", "0 (all cores) to 1024");
  requireRange(prefetchBatches, 1, 256, "prefetchBatches", "1 to 256");
  require(precision == "fp32" || precision == "bf16" || precision == "fp16", "precision",
          "\"" + precision + "\"", "\"fp32\", \"bf16\" or \"fp16\"");
  require(device == "cpu" || device == "cuda" || device == "auto", "device", "\"" + device + "\"",
          "\"cpu\", \"cuda\" or \"auto\"");
  requireRange(checkpointEvery, 0, 1e9, "checkpointEvery", "0 (epoch ends only) or more");
}

std::string TrainConfig::toJson() const {
  TrainConfig copy = *this;
  nlohmann::ordered_json json = nlohmann::ordered_json::object();
  json["model"] = nlohmann::ordered_json::parse(model.toJson());
  for (const Field& f : fields()) {
    const std::string key = f.key;
    const auto dot = key.find('.');
    nlohmann::ordered_json& slot =
        dot == std::string::npos ? json[key] : json[key.substr(0, dot)][key.substr(dot + 1)];
    std::visit([&](auto* target) { slot = *target; }, f.ref(copy));
  }
  return json.dump(2) + "\n";
}

TrainConfig TrainConfig::fromJson(const std::string& text, const std::string& source) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throwFileError(source, std::string("not valid JSON (") + e.what() + ")",
                   "fix the file or start from 'cellcam train --print-default-config'");
  }
  if (!json.is_object())
    throwFileError(source, "a training config must be a JSON object of settings",
                   "start from 'cellcam train --print-default-config'");
  TrainConfig config;
  for (auto it = json.begin(); it != json.end(); ++it) {
    const std::string& key = it.key();
    if (key == "model") {
      if (!it.value().is_object())
        throwFileError(source, "'model' must be a JSON object", "fix the value in the file");
      config.model = ModelConfig::fromJson(it.value().dump(), source);
    } else if (isGroup(key)) {
      if (!it.value().is_object())
        throwFileError(source, "'" + key + "' must be a JSON object", "fix the value in the file");
      for (auto sub = it.value().begin(); sub != it.value().end(); ++sub) {
        const Field* field = findField(key + "." + sub.key());
        if (!field)
          throwFileError(source,
                         "unknown key '" + sub.key() + "' in '" + key + "' of the training config",
                         "use only " + knownKeys(key));
        assign(*field, config, sub.value(), source);
      }
    } else {
      const Field* field = findField(key);
      if (!field)
        throwFileError(source, "unknown key '" + key + "' in the training config",
                       "use only " + knownKeys(""));
      assign(*field, config, it.value(), source);
    }
  }
  try {
    config.validate();
  } catch (const Error& e) {
    std::string problem = e.what();
    if (!problem.empty() && problem.back() == '.') problem.pop_back();
    throwFileError(source, problem, "fix the value in the file");
  }
  return config;
}

TrainConfig TrainConfig::load(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::error_code ec;
    if (!fs::exists(file, ec)) throwFileError(file, "training config not found", "check the path");
    throwFileError(file, "cannot read the training config", "check its permissions");
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return fromJson(buffer.str(), file.string());
}

void TrainConfig::save(const fs::path& file) const { writeFileAtomically(file, toJson()); }

}  // namespace cellcam
