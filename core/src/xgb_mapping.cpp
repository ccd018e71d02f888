// GbrMapping: a StandardScaler and an XGBoost regressor (one feature) from the standardised
// cell score to a probability, through XGBoost's C API. Every XGBoost return code is checked and
// a failure becomes cellcam::Error carrying XGBGetLastError().
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <mutex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <xgboost/c_api.h>

#include "cellcam/atomic_file.h"
#include "cellcam/error.h"
#include "cellcam/mapping.h"

namespace fs = std::filesystem;

namespace cellcam {
namespace {

constexpr const char* kFormat = "cellcam-gbr-mapping";
constexpr int kVersion = 1;
constexpr size_t kMaxTrainingPoints = 2000;

/// Throws Error("WHAT: XGBoost's message") when an XGBoost call failed.
void check(int rc, const std::string& what) {
  if (rc != 0) {
    const char* message = XGBGetLastError();
    throw Error(what + " failed in XGBoost: " + (message && *message ? message : "unknown error") +
                ".");
  }
}

/// Owns a DMatrixHandle.
class DMatrix {
 public:
  /// One column of features (NaN = missing).
  explicit DMatrix(const std::vector<float>& column) {
    check(XGDMatrixCreateFromMat(column.data(), static_cast<bst_ulong>(column.size()), 1,
                                 std::numeric_limits<float>::quiet_NaN(), &handle_),
          "creating the feature matrix");
  }
  ~DMatrix() {
    if (handle_) XGDMatrixFree(handle_);
  }
  DMatrix(const DMatrix&) = delete;
  DMatrix& operator=(const DMatrix&) = delete;
  DMatrixHandle get() const { return handle_; }

 private:
  DMatrixHandle handle_ = nullptr;
};

/// Owns a BoosterHandle.
class Booster {
 public:
  Booster() = default;
  Booster(const DMatrixHandle* cache, bst_ulong count) {
    check(XGBoosterCreate(cache, count, &handle_), "creating the booster");
  }
  ~Booster() { reset(); }
  Booster(Booster&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
  Booster& operator=(Booster&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, nullptr);
    }
    return *this;
  }
  BoosterHandle get() const { return handle_; }
  explicit operator bool() const { return handle_ != nullptr; }
  void set(const std::string& name, const std::string& value) {
    check(XGBoosterSetParam(handle_, name.c_str(), value.c_str()),
          "setting parameter " + name + " = " + value);
  }

 private:
  void reset() {
    if (handle_) XGBoosterFree(handle_);
    handle_ = nullptr;
  }
  BoosterHandle handle_ = nullptr;
};

/// A number as XGBoost parses parameters (enough digits to round-trip a double).
std::string paramText(double v) {
  std::ostringstream out;
  out.precision(17);
  out << v;
  return out.str();
}

/// Parameters that do not change the model's predictions (set after loading too).
void setRuntimeParams(Booster& booster, const GbrConfig& config) {
  booster.set("nthread", std::to_string(config.threads));
  booster.set("verbosity", "0");
}

void setTrainingParams(Booster& booster, const GbrConfig& config, double baseScore) {
  setRuntimeParams(booster, config);
  booster.set("objective", "reg:squarederror");
  booster.set("booster", "gbtree");
  booster.set("base_score", paramText(baseScore));
  booster.set("max_depth", std::to_string(config.maxDepth));
  booster.set("eta", paramText(config.eta));
  booster.set("subsample", paramText(config.subsample));
  booster.set("lambda", paramText(config.lambda));
  booster.set("min_child_weight", paramText(config.minChildWeight));
  booster.set("tree_method", config.treeMethod);
  booster.set("max_bin", std::to_string(config.maxBin));
  booster.set("seed", std::to_string(config.seed));
  booster.set("monotone_constraints", config.monotone ? "(1)" : "(0)");
}

nlohmann::ordered_json configJson(const GbrConfig& config) {
  MappingConfig wrapper;
  wrapper.gbr = config;
  return nlohmann::ordered_json::parse(wrapper.toJson())["gbr"];
}

/// The double nearest to the shortest decimal that reads back as `v`, so that JSON shows
/// 0.3 rather than 0.30000001192092896 and reading it back as float gives `v` again.
double shortestDouble(float v) {
  char text[64];
  const auto result = std::to_chars(text, text + sizeof text, v);
  *result.ptr = '\0';
  return std::strtod(text, nullptr);
}

/// One top-level key per line, each value compact (the XGBoost model is long).
std::string fileText(const nlohmann::ordered_json& json) {
  std::string text = "{\n";
  for (auto it = json.begin(); it != json.end(); ++it) {
    if (it != json.begin()) text += ",\n";
    text += nlohmann::json(it.key()).dump() + ": " + it.value().dump();
  }
  return text + "\n}\n";
}

std::string readWholeFile(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::error_code ec;
    if (!fs::exists(file, ec))
      throwFileError(file, "gradient-boosting mapping not found",
                     "check the path or fit the mapping again");
    throwFileError(file, "cannot read the gradient-boosting mapping", "check its permissions");
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throwFileError(file, "cannot read the gradient-boosting mapping", "check the disk");
  return buffer.str();
}

[[noreturn]] void badFile(const fs::path& file, const std::string& problem) {
  throwFileError(file, problem, "fit the mapping again to write a new file");
}

double readNumber(const nlohmann::json& object, const char* key, const fs::path& file,
                  const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number() || !std::isfinite(it->get<double>()))
    badFile(file, "the gradient-boosting mapping lacks a finite number '" + where + key + "'");
  return it->get<double>();
}

}  // namespace

struct GbrMapping::Impl {
  GbrConfig config;
  Booster booster;
  double mean = 0.0;
  double std = 1.0;
  long long rows = 0;
  std::vector<MappingPoint> points;
  std::string scoreScaler = MappingConfig().scaler;
  mutable std::mutex mutex;  ///< Serialises use of the booster by const methods.

  /// The scaled feature column of z.
  std::vector<float> scaled(const std::vector<float>& z) const {
    std::vector<float> x(z.size());
    for (size_t i = 0; i < z.size(); ++i)
      x[i] = static_cast<float>((static_cast<double>(z[i]) - mean) / std);
    return x;
  }
  void requireFitted() const {
    if (!booster)
      throw Error(
          "the gradient-boosting mapping has not been fitted or loaded; fit it on "
          "training cells or load a saved mapping first.");
  }
};

GbrMapping::GbrMapping(const GbrConfig& config) : impl_(std::make_unique<Impl>()) {
  impl_->config = config;
}
GbrMapping::~GbrMapping() = default;
GbrMapping::GbrMapping(GbrMapping&&) noexcept = default;
GbrMapping& GbrMapping::operator=(GbrMapping&&) noexcept = default;

void GbrMapping::fit(const std::vector<float>& z, const std::vector<float>& targets,
                     Progress* progress, const CancelToken* cancel) {
  MappingConfig wrapper;
  wrapper.gbr = impl_->config;
  wrapper.validate();
  const GbrConfig& config = impl_->config;
  if (z.empty()) throw Error("cannot fit the gradient-boosting mapping on no training cells.");
  if (z.size() != targets.size())
    throw Error("the gradient-boosting mapping needs one target per score (got " +
                std::to_string(targets.size()) + " targets for " + std::to_string(z.size()) +
                " scores).");
  double sum = 0.0, sumTargets = 0.0;
  for (size_t i = 0; i < z.size(); ++i) {
    if (!std::isfinite(z[i]) || !std::isfinite(targets[i]))
      throw Error("cannot fit the gradient-boosting mapping on values that are not finite (row " +
                  std::to_string(i) + ").");
    sum += z[i];
    sumTargets += targets[i];
  }
  const double n = static_cast<double>(z.size());
  const double mean = sum / n;
  double squares = 0.0;
  for (float v : z) squares += (v - mean) * (v - mean);
  double std = std::sqrt(squares / n);
  if (std < 10.0 * std::numeric_limits<double>::epsilon()) std = 1.0;

  std::vector<float> x(z.size());
  for (size_t i = 0; i < z.size(); ++i) x[i] = static_cast<float>((z[i] - mean) / std);
  DMatrix train(x);
  check(XGDMatrixSetFloatInfo(train.get(), "label", targets.data(),
                              static_cast<bst_ulong>(targets.size())),
        "setting the training targets");
  const DMatrixHandle cache[] = {train.get()};
  Booster booster(cache, 1);
  setTrainingParams(booster, config, sumTargets / n);

  const auto start = std::chrono::steady_clock::now();
  for (int round = 0; round < config.rounds; ++round) {
    if (cancel) cancel->throwIfCancelled();
    check(XGBoosterUpdateOneIter(booster.get(), round, train.get()),
          "boosting round " + std::to_string(round + 1));
    if (progress) {
      ProgressUpdate update;
      update.fraction = static_cast<double>(round + 1) / config.rounds;
      update.message = "gradient-boosting mapping: round " + std::to_string(round + 1) + " of " +
                       std::to_string(config.rounds);
      update.metrics["rows"] = n;
      update.metrics["seconds"] =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      progress->report(update);
    }
  }

  std::vector<MappingPoint> points;
  const size_t kept = std::min(z.size(), kMaxTrainingPoints);
  points.reserve(kept);
  for (size_t k = 0; k < kept; ++k) {
    const size_t i = k * z.size() / kept;
    points.push_back({z[i], targets[i]});
  }

  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->booster = std::move(booster);
  impl_->mean = mean;
  impl_->std = std;
  impl_->rows = static_cast<long long>(z.size());
  impl_->points = std::move(points);
}

bool GbrMapping::fitted() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return static_cast<bool>(impl_->booster);
}

std::vector<float> GbrMapping::predict(const std::vector<float>& z) const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->requireFitted();
  if (z.empty()) return {};
  DMatrix data(impl_->scaled(z));
  const char* config = R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0,)"
                       R"( "strict_shape": false})";
  const bst_ulong* shape = nullptr;
  bst_ulong dims = 0;
  const float* out = nullptr;
  check(XGBoosterPredictFromDMatrix(impl_->booster.get(), data.get(), config, &shape, &dims, &out),
        "predicting probabilities");
  bst_ulong count = dims > 0 ? 1 : 0;
  for (bst_ulong d = 0; d < dims; ++d) count *= shape[d];
  if (count != z.size())
    throw Error("XGBoost returned " + std::to_string(count) + " predictions for " +
                std::to_string(z.size()) + " scores.");
  std::vector<float> p(out, out + count);
  for (float& v : p) v = std::clamp(v, 0.0f, 1.0f);
  return p;
}

MappingCurve GbrMapping::sampleCurve(float zMin, float zMax, int n) const {
  if (n < 1 || n > 10'000'000)
    throw Error("a mapping curve needs 1 to 10000000 samples, not " + std::to_string(n) + ".");
  if (!std::isfinite(zMin) || !std::isfinite(zMax) || zMin > zMax)
    throw Error("a mapping curve needs finite bounds with zMin <= zMax.");
  MappingCurve curve;
  curve.z.resize(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i)
    curve.z[static_cast<size_t>(i)] =
        n == 1 ? zMin : static_cast<float>(zMin + (static_cast<double>(zMax) - zMin) * i / (n - 1));
  curve.probabilities = predict(curve.z);
  return curve;
}

void GbrMapping::save(const fs::path& file) const {
  nlohmann::ordered_json json;
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    if (!impl_->booster)
      throwFileError(file, "cannot save a gradient-boosting mapping that has not been fitted",
                     "fit it first");
    bst_ulong length = 0;
    const char* bytes = nullptr;
    check(
        XGBoosterSaveModelToBuffer(impl_->booster.get(), R"({"format": "json"})", &length, &bytes),
        "saving the model of " + file.string());
    json["format"] = kFormat;
    json["version"] = kVersion;
    json["scoreScaler"] = impl_->scoreScaler;
    json["scaler"] = {{"mean", impl_->mean}, {"std", impl_->std}};
    json["config"] = configJson(impl_->config);
    json["trainingRows"] = impl_->rows;
    nlohmann::ordered_json points = nlohmann::ordered_json::array();
    for (const MappingPoint& p : impl_->points)
      points.push_back({shortestDouble(p.z), shortestDouble(p.target)});
    json["trainingPoints"] = std::move(points);
    json["xgboost"] = nlohmann::ordered_json::parse(bytes, bytes + length);
  }
  writeFileAtomically(file, fileText(json));
}

GbrMapping GbrMapping::load(const fs::path& file) {
  const std::string text = readWholeFile(file);
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    badFile(file,
            std::string("the gradient-boosting mapping is not valid JSON (") + e.what() + ")");
  }
  if (!json.is_object() || !json.contains("format") || json["format"] != kFormat)
    badFile(file, "not a CellCAM gradient-boosting mapping (no \"format\": \"" +
                      std::string(kFormat) + "\")");
  if (!json.contains("version") || !json["version"].is_number_integer())
    badFile(file, "the gradient-boosting mapping has no version number");
  if (json["version"].get<long long>() < 1)
    badFile(file, "the gradient-boosting mapping has an invalid version " + json["version"].dump());
  if (json["version"].get<long long>() > kVersion)
    throwFileError(file,
                   "the gradient-boosting mapping has version " + json["version"].dump() +
                       ", newer than this CellCAM reads (" + std::to_string(kVersion) + ")",
                   "update CellCAM or fit the mapping again");

  if (!json.contains("scaler") || !json["scaler"].is_object())
    badFile(file, "the gradient-boosting mapping lacks its \"scaler\"");
  const double mean = readNumber(json["scaler"], "mean", file, "scaler.");
  const double std = readNumber(json["scaler"], "std", file, "scaler.");
  if (!(std > 0.0)) badFile(file, "the gradient-boosting mapping's scaler.std is not positive");

  std::string scoreScaler = "robust";  // files written before the key existed
  if (json.contains("scoreScaler")) {
    if (!json["scoreScaler"].is_string() ||
        (json["scoreScaler"] != "robust" && json["scoreScaler"] != "standard"))
      badFile(file, "the gradient-boosting mapping's \"scoreScaler\" is not robust or standard");
    scoreScaler = json["scoreScaler"].get<std::string>();
  }

  GbrConfig config;
  if (json.contains("config")) {
    nlohmann::json wrapper = {{"gbr", json["config"]}};
    config = MappingConfig::fromJson(wrapper.dump(), file.string()).gbr;
  }

  long long rows = 0;
  if (json.contains("trainingRows") && json["trainingRows"].is_number_integer())
    rows = json["trainingRows"].get<long long>();
  std::vector<MappingPoint> points;
  if (json.contains("trainingPoints")) {
    const nlohmann::json& list = json["trainingPoints"];
    if (!list.is_array()) badFile(file, "\"trainingPoints\" must be a list of [z, target] pairs");
    for (const nlohmann::json& pair : list) {
      if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number() || !pair[1].is_number())
        badFile(file, "\"trainingPoints\" must be a list of [z, target] pairs");
      points.push_back({pair[0].get<float>(), pair[1].get<float>()});
    }
  }

  if (!json.contains("xgboost") || !json["xgboost"].is_object())
    badFile(file, "the gradient-boosting mapping lacks its \"xgboost\" model");
  const std::string model = json["xgboost"].dump();
  Booster booster(nullptr, 0);
  if (XGBoosterLoadModelFromBuffer(booster.get(), model.data(),
                                   static_cast<bst_ulong>(model.size())) != 0) {
    const char* message = XGBGetLastError();
    badFile(file, std::string("XGBoost cannot read the model in it (") +
                      (message && *message ? message : "unknown error") + ")");
  }
  bst_ulong features = 0;
  check(XGBoosterGetNumFeature(booster.get(), &features), "reading the model of " + file.string());
  if (features != 1)
    badFile(file, "the XGBoost model has " + std::to_string(features) +
                      " features; a mapping has exactly one");
  setRuntimeParams(booster, config);

  GbrMapping mapping(config);
  mapping.impl_->booster = std::move(booster);
  mapping.impl_->mean = mean;
  mapping.impl_->std = std;
  mapping.impl_->rows = rows;
  mapping.impl_->points = std::move(points);
  mapping.impl_->scoreScaler = scoreScaler;
  return mapping;
}

const GbrConfig& GbrMapping::config() const { return impl_->config; }
const std::string& GbrMapping::scoreScaler() const { return impl_->scoreScaler; }
void GbrMapping::setScoreScaler(const std::string& scaler) {
  if (scaler != "robust" && scaler != "standard")
    throw Error("unknown score scaler '" + scaler + "'; use robust or standard.");
  impl_->scoreScaler = scaler;
}
double GbrMapping::scalerMean() const { return impl_->mean; }
double GbrMapping::scalerStd() const { return impl_->std; }
long long GbrMapping::trainingRows() const { return impl_->rows; }
const std::vector<MappingPoint>& GbrMapping::trainingPoints() const { return impl_->points; }

}  // namespace cellcam
