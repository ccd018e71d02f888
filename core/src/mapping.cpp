// The per-image sigmoid mapping (robust or standard scaling as sklearn's scalers, then a
// sigmoid), the training rows of the gradient-boosted mapping, the blend, and MappingConfig as
// JSON. The XGBoost mapping itself is in xgb_mapping.cpp.
#include "cellcam/mapping.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "cellcam/error.h"

namespace cellcam {
namespace {

// ---- MappingConfig fields ----

using Ref = std::variant<int*, double*, bool*, std::string*>;

/// One setting: its key ("sigmoidFactor", "gbr.rounds"), where it lives, and its range.
struct Field {
  const char* key;
  Ref (*ref)(MappingConfig&);
  double min, max;
  bool minOpen;       ///< The range excludes min.
  const char* range;  ///< The allowed range in words, for messages.
};

const std::vector<Field>& fields() {
  using C = MappingConfig;
  static const std::vector<Field> table{
      {"scaler", [](C& c) -> Ref { return &c.scaler; }, 0, 0, false, "robust or standard"},
      {"sigmoidFactor", [](C& c) -> Ref { return &c.sigmoidFactor; }, 0, 1000, true,
       "above 0, at most 1000"},
      {"sigmoidShift", [](C& c) -> Ref { return &c.sigmoidShift; }, -1000, 1000, false,
       "-1000 to 1000"},
      {"sigmoidWeight", [](C& c) -> Ref { return &c.sigmoidWeight; }, 0, 1, false, "0 to 1"},
      {"gbr.rounds", [](C& c) -> Ref { return &c.gbr.rounds; }, 1, 100000, false, "1 to 100000"},
      {"gbr.maxDepth", [](C& c) -> Ref { return &c.gbr.maxDepth; }, 1, 16, false, "1 to 16"},
      {"gbr.eta", [](C& c) -> Ref { return &c.gbr.eta; }, 0, 1, true, "above 0, at most 1"},
      {"gbr.subsample", [](C& c) -> Ref { return &c.gbr.subsample; }, 0, 1, true,
       "above 0, at most 1"},
      {"gbr.lambda", [](C& c) -> Ref { return &c.gbr.lambda; }, 0, 1e6, false, "0 to 1e6"},
      {"gbr.minChildWeight", [](C& c) -> Ref { return &c.gbr.minChildWeight; }, 0, 1e9, false,
       "0 to 1e9"},
      {"gbr.monotone", [](C& c) -> Ref { return &c.gbr.monotone; }, 0, 1, false, "true or false"},
      {"gbr.treeMethod", [](C& c) -> Ref { return &c.gbr.treeMethod; }, 0, 0, false,
       "hist, exact or approx"},
      {"gbr.maxBin", [](C& c) -> Ref { return &c.gbr.maxBin; }, 2, 65536, false, "2 to 65536"},
      {"gbr.threads", [](C& c) -> Ref { return &c.gbr.threads; }, 0, 1024, false,
       "0 (all cores) to 1024"},
      {"gbr.seed", [](C& c) -> Ref { return &c.gbr.seed; }, 0, 2147483647, false,
       "0 to 2147483647"},
  };
  return table;
}

std::string formatNumber(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

/// Empty when the field's value is allowed, else the value in words.
std::string badValueText(const Field& f, MappingConfig& c) {
  return std::visit(
      [&](auto* p) -> std::string {
        using T = std::remove_pointer_t<decltype(p)>;
        if constexpr (std::is_same_v<T, bool>) {
          return {};
        } else if constexpr (std::is_same_v<T, std::string>) {
          const bool ok = std::string(f.key) == "scaler"
                              ? (*p == "robust" || *p == "standard")
                              : (*p == "hist" || *p == "exact" || *p == "approx");
          return ok ? std::string{} : "'" + *p + "'";
        } else {
          const double v = static_cast<double>(*p);
          const bool ok = std::isfinite(v) && v <= f.max && (f.minOpen ? v > f.min : v >= f.min);
          return ok ? std::string{} : formatNumber(v);
        }
      },
      f.ref(c));
}

[[noreturn]] void badSetting(const std::string& source, const std::string& key,
                             const std::string& problem) {
  throwFileError(source, "mapping setting '" + key + "' " + problem, "fix the value");
}

void readField(const Field& f, const nlohmann::json& value, MappingConfig& config,
               const std::string& source) {
  std::visit(
      [&](auto* p) {
        using T = std::remove_pointer_t<decltype(p)>;
        if constexpr (std::is_same_v<T, bool>) {
          if (!value.is_boolean()) badSetting(source, f.key, "must be true or false");
          *p = value.get<bool>();
        } else if constexpr (std::is_same_v<T, std::string>) {
          if (!value.is_string())
            badSetting(source, f.key, std::string("must be a string (") + f.range + ")");
          *p = value.get<std::string>();
        } else if constexpr (std::is_same_v<T, int>) {
          if (!value.is_number_integer())
            badSetting(source, f.key,
                       "must be a whole number (allowed: " + std::string(f.range) + "), not " +
                           value.dump());
          const auto v = value.get<long long>();
          if (v < static_cast<long long>(f.min) || v > static_cast<long long>(f.max))
            badSetting(source, f.key,
                       "= " + value.dump() + " is out of range (allowed: " + f.range + ")");
          *p = static_cast<int>(v);
        } else {
          if (!value.is_number())
            badSetting(
                source, f.key,
                "must be a number (allowed: " + std::string(f.range) + "), not " + value.dump());
          *p = value.get<double>();
        }
      },
      f.ref(config));
  const std::string bad = badValueText(f, config);
  if (!bad.empty())
    badSetting(source, f.key, "= " + bad + " is out of range (allowed: " + f.range + ")");
}

std::string knownKeys(bool nested) {
  std::string text;
  for (const Field& f : fields()) {
    const std::string key = f.key;
    const bool isNested = key.rfind("gbr.", 0) == 0;
    if (isNested != nested) continue;
    text += (text.empty() ? "" : ", ") + (nested ? key.substr(4) : key);
  }
  if (!nested) text += ", gbr";
  return text;
}

// ---- Percentiles ----

/// numpy's linear interpolation a + (b - a) t, computed from the nearer end.
double lerp(double a, double b, double t) {
  const double d = b - a;
  return t >= 0.5 ? b - d * (1.0 - t) : a + d * t;
}

/// Percentile q of already sorted values.
double sortedPercentile(const std::vector<double>& sorted, double q) {
  const double pos = q / 100.0 * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return lerp(sorted[lo], sorted[hi], pos - static_cast<double>(lo));
}

/// numpy's median: the middle value, or the mean of the two middle values.
double sortedMedian(const std::vector<double>& sorted) {
  const size_t n = sorted.size();
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
}

void checkLabel(int label, int numClasses, const std::string& what) {
  if (label < 0 || label >= numClasses)
    throw Error(what + " label " + std::to_string(label) + " is out of range; labels are 0 to " +
                std::to_string(numClasses - 1) + ".");
}

}  // namespace

// ---- MappingConfig ----

void MappingConfig::validate() const {
  MappingConfig copy = *this;
  for (const Field& f : fields()) {
    const std::string bad = badValueText(f, copy);
    if (!bad.empty())
      throw Error("mapping setting " + std::string(f.key) + " = " + bad +
                  " is out of range; allowed: " + f.range + ".");
  }
}

std::string MappingConfig::toJson() const {
  nlohmann::ordered_json json;
  json["scaler"] = scaler;
  json["sigmoidFactor"] = sigmoidFactor;
  json["sigmoidShift"] = sigmoidShift;
  json["sigmoidWeight"] = sigmoidWeight;
  nlohmann::ordered_json g;
  g["rounds"] = gbr.rounds;
  g["maxDepth"] = gbr.maxDepth;
  g["eta"] = gbr.eta;
  g["subsample"] = gbr.subsample;
  g["lambda"] = gbr.lambda;
  g["minChildWeight"] = gbr.minChildWeight;
  g["monotone"] = gbr.monotone;
  g["treeMethod"] = gbr.treeMethod;
  g["maxBin"] = gbr.maxBin;
  g["threads"] = gbr.threads;
  g["seed"] = gbr.seed;
  json["gbr"] = g;
  return json.dump(2);
}

MappingConfig MappingConfig::fromJson(const std::string& text, const std::string& source) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throwFileError(source,
                   std::string("the mapping settings are not valid JSON (") + e.what() + ")",
                   "fix the file or write it anew");
  }
  if (!json.is_object())
    throwFileError(source, "the mapping settings must be a JSON object",
                   "write them as {\"sigmoidFactor\": 2.0, \"gbr\": {\"rounds\": 100}, ...}");

  auto findField = [](const std::string& key) -> const Field* {
    for (const Field& f : fields())
      if (key == f.key) return &f;
    return nullptr;
  };
  MappingConfig config;
  for (auto it = json.begin(); it != json.end(); ++it) {
    if (it.key() == "gbr") {
      if (!it.value().is_object())
        throwFileError(source, "mapping setting 'gbr' must be a JSON object",
                       "write it as \"gbr\": {\"rounds\": 100, ...}");
      for (auto g = it.value().begin(); g != it.value().end(); ++g) {
        const Field* f = findField("gbr." + g.key());
        if (!f)
          throwFileError(source, "unknown key 'gbr." + g.key() + "' in the mapping settings",
                         "use only " + knownKeys(true) + " inside gbr");
        readField(*f, g.value(), config, source);
      }
      continue;
    }
    const Field* f = findField(it.key());
    if (!f || std::string(f->key).rfind("gbr.", 0) == 0)
      throwFileError(source, "unknown key '" + it.key() + "' in the mapping settings",
                     "use only " + knownKeys(false));
    readField(*f, it.value(), config, source);
  }
  return config;
}

// ---- Robust standardisation and the sigmoid ----

double percentile(std::vector<double> values, double q) {
  if (values.empty()) throw Error("a percentile of no values is undefined.");
  if (!(q >= 0.0 && q <= 100.0))
    throw Error("percentile " + formatNumber(q) + " is out of range; use 0 to 100.");
  std::sort(values.begin(), values.end());
  return sortedPercentile(values, q);
}

namespace {

void requireFinite(const std::vector<double>& values) {
  for (double v : values)
    if (!std::isfinite(v))
      throw Error(
          "cannot standardise cell scores that are not finite (NaN or infinity); check "
          "the model's class activation maps.");
}

}  // namespace

ScoreScale fitRobustScale(const std::vector<double>& values) {
  ScoreScale scale;
  if (values.empty()) return scale;
  requireFinite(values);
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  scale.center = sortedMedian(sorted);
  scale.scale = sortedPercentile(sorted, 75.0) - sortedPercentile(sorted, 25.0);
  if (scale.scale < 10.0 * std::numeric_limits<double>::epsilon()) scale.scale = 1.0;
  return scale;
}

ScoreScale fitStandardScale(const std::vector<double>& values) {
  ScoreScale scale;
  if (values.empty()) return scale;
  requireFinite(values);
  // Two passes (mean, then squared deviations), as numpy computes var.
  double sum = 0;
  for (double v : values) sum += v;
  const double n = static_cast<double>(values.size());
  scale.center = sum / n;
  double squares = 0;
  for (double v : values) squares += (v - scale.center) * (v - scale.center);
  scale.scale = std::sqrt(squares / n);
  if (scale.scale < 10.0 * std::numeric_limits<double>::epsilon()) scale.scale = 1.0;
  return scale;
}

ScoreScale fitScoreScale(const std::vector<double>& values, const std::string& scaler) {
  if (scaler == "robust") return fitRobustScale(values);
  if (scaler == "standard") return fitStandardScale(values);
  throw Error("unknown score scaler '" + scaler + "'; use robust or standard.");
}

std::vector<float> standardise(const std::vector<double>& values, const ScoreScale& scale) {
  std::vector<float> z(values.size());
  for (size_t i = 0; i < values.size(); ++i)
    z[i] = static_cast<float>((values[i] - scale.center) / scale.scale);
  return z;
}

std::vector<float> sigmoidProbabilities(const std::vector<float>& z, double factor, double shift) {
  std::vector<float> p(z.size());
  for (size_t i = 0; i < z.size(); ++i)
    p[i] =
        static_cast<float>(1.0 / (1.0 + std::exp(-factor * (static_cast<double>(z[i]) - shift))));
  return p;
}

SigmoidMapping mapBySigmoid(const CellScores& scores, const MappingConfig& config) {
  const size_t classes = static_cast<size_t>(std::max(scores.numClasses, 0));
  if (scores.scores.size() != scores.cellIds.size() * classes ||
      scores.pixels.size() != scores.cellIds.size())
    throw Error("inconsistent cell scores: " + std::to_string(scores.scores.size()) +
                " scores and " + std::to_string(scores.pixels.size()) + " pixel counts for " +
                std::to_string(scores.cellIds.size()) + " cells of " + std::to_string(classes) +
                " classes.");
  std::vector<double> measured;
  measured.reserve(scores.scores.size());
  for (size_t i = 0; i < scores.cellIds.size(); ++i)
    if (scores.pixels[i] > 0)
      measured.insert(measured.end(), scores.scores.begin() + static_cast<long>(i * classes),
                      scores.scores.begin() + static_cast<long>((i + 1) * classes));
  SigmoidMapping result;
  result.scale = fitScoreScale(measured.empty() ? scores.scores : measured, config.scaler);
  result.z = standardise(scores.scores, result.scale);
  result.probabilities = sigmoidProbabilities(result.z, config.sigmoidFactor, config.sigmoidShift);
  return result;
}

// ---- Training rows ----

void MappingTrainingSet::append(const MappingTrainingSet& other) {
  z.insert(z.end(), other.z.begin(), other.z.end());
  targets.insert(targets.end(), other.targets.begin(), other.targets.end());
}

MappingTrainingSet mappingTrainingRows(const CellScores& scores, const std::vector<float>& z,
                                       const std::vector<int>& imageLabels,
                                       const std::map<int, std::vector<int>>& cellLabels) {
  const int numClasses = scores.numClasses;
  const size_t classes = static_cast<size_t>(std::max(numClasses, 0));
  if (z.size() != scores.cellIds.size() * classes || scores.pixels.size() != scores.cellIds.size())
    throw Error("training rows need one standardised score per cell and class (got " +
                std::to_string(z.size()) + " for " + std::to_string(scores.cellIds.size()) +
                " cells of " + std::to_string(classes) + " classes).");
  for (int label : imageLabels) checkLabel(label, numClasses, "image");
  for (const auto& [id, labels] : cellLabels)
    for (int label : labels) checkLabel(label, numClasses, "cell " + std::to_string(id) + "'s");

  std::vector<int> unique = imageLabels;
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  const int imageLabel = unique.size() == 1 ? unique[0] : -1;

  MappingTrainingSet rows;
  std::vector<float> target(classes);
  for (size_t i = 0; i < scores.cellIds.size(); ++i) {
    if (scores.pixels[i] <= 0) continue;
    const auto annotated = cellLabels.find(scores.cellIds[i]);
    if (annotated != cellLabels.end()) {
      std::fill(target.begin(), target.end(), 0.0f);
      for (int label : annotated->second) target[static_cast<size_t>(label)] = 1.0f;
    } else if (imageLabel >= 0) {
      std::fill(target.begin(), target.end(), 0.0f);
      target[static_cast<size_t>(imageLabel)] = 1.0f;
    } else {
      continue;
    }
    rows.z.insert(rows.z.end(), z.begin() + static_cast<long>(i * classes),
                  z.begin() + static_cast<long>((i + 1) * classes));
    rows.targets.insert(rows.targets.end(), target.begin(), target.end());
  }
  return rows;
}

// ---- Blend ----

std::vector<float> blendProbabilities(const std::vector<float>& sigmoidP,
                                      const std::vector<float>& gbrP, double weightSigmoid) {
  if (sigmoidP.size() != gbrP.size())
    throw Error("cannot blend " + std::to_string(sigmoidP.size()) + " sigmoid probabilities with " +
                std::to_string(gbrP.size()) + " gradient-boosting probabilities.");
  if (!(weightSigmoid >= 0.0 && weightSigmoid <= 1.0))
    throw Error("the sigmoid weight of the blend is " + formatNumber(weightSigmoid) +
                "; use 0 to 1.");
  std::vector<float> p(sigmoidP.size());
  for (size_t i = 0; i < p.size(); ++i)
    p[i] = static_cast<float>(weightSigmoid * sigmoidP[i] + (1.0 - weightSigmoid) * gbrP[i]);
  return p;
}

}  // namespace cellcam
