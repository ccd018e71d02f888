// SegmentationConfig as JSON: keys = member names, missing keys keep their defaults, unknown
// keys and out-of-range values are errors that name the file, the key and the allowed range.
#include <cmath>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cellcam/atomic_file.h"
#include "cellcam/error.h"
#include "cellcam/segmentation.h"

namespace fs = std::filesystem;

namespace cellcam {
namespace {

enum class Kind { Int, Real, Bool };

/// One member: its key, type, allowed range and accessors.
struct Field {
  const char* key;
  Kind kind;
  double min, max;
  const char* range;  ///< The allowed range in words, for messages.
  std::function<double(const SegmentationConfig&)> get;
  std::function<void(SegmentationConfig&, double)> set;
};

const std::vector<Field>& fields() {
  using C = SegmentationConfig;
  static const std::vector<Field> table{
      {"workSize", Kind::Int, 0, 16384, "0 (full size) or 32 to 16384",
       [](const C& c) { return c.workSize; },
       [](C& c, double v) { c.workSize = static_cast<int>(v); }},
      {"denoiseSigma", Kind::Real, 0, 20, "0 to 20", [](const C& c) { return c.denoiseSigma; },
       [](C& c, double v) { c.denoiseSigma = v; }},
      {"nucleusThreshold", Kind::Real, 0.01, 10, "0.01 to 10",
       [](const C& c) { return c.nucleusThreshold; },
       [](C& c, double v) { c.nucleusThreshold = v; }},
      {"nucleusMinArea", Kind::Real, 0, 1e8, "0 to 1e8",
       [](const C& c) { return c.nucleusMinArea; }, [](C& c, double v) { c.nucleusMinArea = v; }},
      {"nucleusSplit", Kind::Real, 0, 0.95, "0 to 0.95", [](const C& c) { return c.nucleusSplit; },
       [](C& c, double v) { c.nucleusSplit = v; }},
      {"cellSigma", Kind::Real, 0, 20, "0 to 20", [](const C& c) { return c.cellSigma; },
       [](C& c, double v) { c.cellSigma = v; }},
      {"cellThreshold", Kind::Real, 0.01, 10, "0.01 to 10",
       [](const C& c) { return c.cellThreshold; }, [](C& c, double v) { c.cellThreshold = v; }},
      {"boundarySigma", Kind::Real, 0, 20, "0 to 20", [](const C& c) { return c.boundarySigma; },
       [](C& c, double v) { c.boundarySigma = v; }},
      {"cellMinArea", Kind::Real, 0, 1e8, "0 to 1e8", [](const C& c) { return c.cellMinArea; },
       [](C& c, double v) { c.cellMinArea = v; }},
      {"removeBorderCells", Kind::Bool, 0, 1, "true or false",
       [](const C& c) { return c.removeBorderCells ? 1.0 : 0.0; },
       [](C& c, double v) { c.removeBorderCells = v != 0; }},
  };
  return table;
}

bool inRange(const Field& f, double v) {
  if (!std::isfinite(v) || v < f.min || v > f.max) return false;
  if (f.kind == Kind::Int && std::string(f.key) == "workSize") return v == 0 || v >= 32;
  return true;
}

std::string formatValue(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

}  // namespace

void SegmentationConfig::validate() const {
  for (const Field& f : fields()) {
    const double v = f.get(*this);
    if (!inRange(f, v))
      throw Error("segmentation setting " + std::string(f.key) + " = " + formatValue(v) +
                  " is out of range; allowed: " + f.range + ".");
  }
}

SegmentationConfig SegmentationConfig::load(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::error_code ec;
    if (!fs::exists(file, ec))
      throwFileError(file, "segmentation config not found", "check the path");
    throwFileError(file, "cannot read the segmentation config", "check its permissions");
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(buffer.str());
  } catch (const nlohmann::json::parse_error& e) {
    throwFileError(file, std::string("not valid JSON (") + e.what() + ")",
                   "fix the file or write a new one with the defaults");
  }
  if (!json.is_object())
    throwFileError(file, "a segmentation config must be a JSON object of settings",
                   "write it as {\"workSize\": 512, ...}");

  SegmentationConfig config;
  for (auto it = json.begin(); it != json.end(); ++it) {
    const Field* field = nullptr;
    for (const Field& f : fields())
      if (it.key() == f.key) field = &f;
    if (!field) {
      std::string known;
      for (const Field& f : fields()) known += (known.empty() ? "" : ", ") + std::string(f.key);
      throwFileError(file, "unknown key '" + it.key() + "' in the segmentation config",
                     "use only " + known);
    }
    const nlohmann::json& value = it.value();
    double v = 0;
    if (field->kind == Kind::Bool) {
      if (!value.is_boolean())
        throwFileError(file, "'" + it.key() + "' must be true or false",
                       "fix the value in the file");
      v = value.get<bool>() ? 1 : 0;
    } else {
      if (!value.is_number())
        throwFileError(file, "'" + it.key() + "' must be a number (allowed: " + field->range + ")",
                       "fix the value in the file");
      v = value.get<double>();
      if (field->kind == Kind::Int && v != std::floor(v))
        throwFileError(file,
                       "'" + it.key() + "' must be a whole number (allowed: " + field->range + ")",
                       "fix the value in the file");
    }
    if (!inRange(*field, v))
      throwFileError(file,
                     "'" + it.key() + "' = " + formatValue(v) +
                         " is out of range (allowed: " + field->range + ")",
                     "fix the value in the file");
    field->set(config, v);
  }
  return config;
}

std::string SegmentationConfig::toJson() const {
  nlohmann::ordered_json json = nlohmann::ordered_json::object();
  for (const Field& f : fields()) {
    const double v = f.get(*this);
    if (f.kind == Kind::Int)
      json[f.key] = static_cast<int>(v);
    else if (f.kind == Kind::Bool)
      json[f.key] = v != 0;
    else
      json[f.key] = v;
  }
  return json.dump(2);
}

void SegmentationConfig::save(const fs::path& file) const {
  writeFileAtomically(file, toJson() + "\n");
}

}  // namespace cellcam
