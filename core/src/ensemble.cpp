// Ensembles of CAM models (see cellcam/ensemble.h).
#include "cellcam/ensemble.h"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cellcam/atomic_file.h"
#include "cellcam/cam_model.h"
#include "cellcam/cell_scores.h"
#include "cellcam/error.h"

#include <unistd.h>

namespace cellcam {
namespace {

namespace fs = std::filesystem;

fs::path resolve(const fs::path& baseDir, const std::string& path) {
  const fs::path p(path);
  return p.is_absolute() || baseDir.empty() ? p : (baseDir / p).lexically_normal();
}

/// A SegmentationConfig from a JSON object, through SegmentationConfig::load (which owns the
/// validation) on a private temporary file.
SegmentationConfig segmentationFromObject(const nlohmann::json& object, const std::string& source) {
  static std::atomic<int> counter{0};
  const fs::path file =
      fs::temp_directory_path() / ("cellcam_seg_" + std::to_string(::getpid()) + "_" +
                                   std::to_string(counter.fetch_add(1)) + ".json");
  {
    std::ofstream out(file, std::ios::binary);
    out << object.dump();
    if (!out) throwFileError(file, "cannot write a temporary file", "check the temporary folder");
  }
  try {
    SegmentationConfig config = SegmentationConfig::load(file);
    std::error_code ec;
    fs::remove(file, ec);
    return config;
  } catch (const Error& e) {
    std::error_code ec;
    fs::remove(file, ec);
    throwFileError(source, std::string("bad \"segmentation\" settings: ") + e.what(), "");
  }
}

std::vector<fs::path> readModelList(const nlohmann::json& j, const fs::path& baseDir,
                                    const std::string& source, const std::string& where) {
  if (!j.is_array())
    throwFileError(source, where + ".models must be an array of model file paths",
                   "write it as \"models\": [\"fold0/model.pt\", ...]");
  std::vector<fs::path> models;
  for (const auto& m : j) {
    if (!m.is_string())
      throwFileError(source, where + ".models must hold only file paths (strings)", "");
    models.push_back(resolve(baseDir, m.get<std::string>()));
  }
  return models;
}

double readWeight(const nlohmann::json& j, const std::string& source, const std::string& key) {
  if (!j.is_number() || !(j.get<double>() >= 0.0))
    throwFileError(source, key + " must be a number >= 0", "fix the value");
  return j.get<double>();
}

/// `path` made absolute against the working folder, lexically normalised (no error: a path
/// that cannot be made absolute stays as it is).
fs::path absoluteNormal(const fs::path& path) {
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec);
  if (ec) abs = path;
  abs = abs.lexically_normal();
  // "/a/b/" -> "/a/b", so that lexically_relative() compares whole names.
  if (!abs.has_filename() && abs.has_relative_path()) abs = abs.parent_path();
  return abs;
}

/// How a model path is written into an ensemble file (see EnsembleSpec::toJson): relative to
/// `absBase` when it lies below it, else absolute.
std::string pathForFile(const fs::path& model, const fs::path& absBase) {
  const fs::path abs = absoluteNormal(model);
  if (!absBase.empty()) {
    const fs::path rel = abs.lexically_relative(absBase);
    if (!rel.empty() && rel != "." && *rel.begin() != "..") return rel.generic_string();
  }
  return abs.string();
}

nlohmann::ordered_json modelListJson(const std::vector<fs::path>& models, const fs::path& absBase) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const fs::path& m : models) list.push_back(pathForFile(m, absBase));
  return list;
}

}  // namespace

// ---- EnsembleSpec --------------------------------------------------------------------------

EnsembleSpec EnsembleSpec::fromJson(const std::string& text, const fs::path& baseDir,
                                    const std::string& source) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throwFileError(source, std::string("the ensemble is not valid JSON (") + e.what() + ")",
                   "fix the file");
  }
  if (!json.is_object())
    throwFileError(source, "an ensemble must be a JSON object",
                   "write it as {\"families\": [{\"name\": ..., \"models\": [...]}]}");
  EnsembleSpec spec;
  bool haveFamilies = false;
  for (auto it = json.begin(); it != json.end(); ++it) {
    const std::string& key = it.key();
    const nlohmann::json& v = it.value();
    if (key == "families") {
      haveFamilies = true;
      if (!v.is_array()) throwFileError(source, "\"families\" must be an array", "");
      for (std::size_t i = 0; i < v.size(); ++i) {
        const nlohmann::json& f = v[i];
        const std::string where = "families[" + std::to_string(i) + "]";
        if (!f.is_object()) throwFileError(source, where + " must be a JSON object", "");
        EnsembleFamily family;
        family.name = "family" + std::to_string(i);
        bool haveModels = false;
        for (auto fit = f.begin(); fit != f.end(); ++fit) {
          if (fit.key() == "name") {
            if (!fit.value().is_string())
              throwFileError(source, where + ".name must be a string", "");
            family.name = fit.value().get<std::string>();
          } else if (fit.key() == "weight") {
            family.weight = readWeight(fit.value(), source, where + ".weight");
          } else if (fit.key() == "models") {
            family.models = readModelList(fit.value(), baseDir, source, where);
            haveModels = true;
          } else {
            throwFileError(source, "unknown key '" + fit.key() + "' in " + where,
                           "use only name, weight, models");
          }
        }
        if (!haveModels || family.models.empty())
          throwFileError(source, where + " lists no models", "add \"models\": [\"...\"]");
        spec.families.push_back(std::move(family));
      }
    } else if (key == "imageClassifier") {
      if (!v.is_object()) throwFileError(source, "\"imageClassifier\" must be a JSON object", "");
      for (auto cit = v.begin(); cit != v.end(); ++cit) {
        if (cit.key() == "models")
          spec.imageClassifier.models =
              readModelList(cit.value(), baseDir, source, "imageClassifier");
        else if (cit.key() == "weight")
          spec.imageClassifier.weight = readWeight(cit.value(), source, "imageClassifier.weight");
        else
          throwFileError(source, "unknown key '" + cit.key() + "' in imageClassifier",
                         "use only models, weight");
      }
      if (spec.imageClassifier.weight > 1.0)
        throwFileError(source, "imageClassifier.weight must be in [0, 1]", "fix the value");
    } else if (key == "tta") {
      spec.tta = TtaConfig::fromJson(v.dump(), source);
    } else if (key == "mapping") {
      spec.mapping = MappingConfig::fromJson(v.dump(), source);
      try {
        spec.mapping.validate();
      } catch (const Error& e) {
        throwFileError(source, e.what(), "");
      }
    } else if (key == "segmentation") {
      if (v.is_string())
        spec.segmentation = SegmentationConfig::load(resolve(baseDir, v.get<std::string>()));
      else if (v.is_object())
        spec.segmentation = segmentationFromObject(v, source);
      else
        throwFileError(source, "\"segmentation\" must be a JSON object or a file path", "");
    } else {
      throwFileError(source, "unknown key '" + key + "' in the ensemble",
                     "use only families, imageClassifier, tta, mapping, segmentation");
    }
  }
  if (!haveFamilies || spec.families.empty())
    throwFileError(source, "the ensemble lists no model families",
                   "add \"families\": [{\"name\": \"a\", \"models\": [\"model.pt\"]}]");
  double total = 0;
  for (const auto& f : spec.families) total += f.weight;
  if (!(total > 0.0)) throwFileError(source, "the family weights sum to 0", "give one a weight");
  return spec;
}

EnsembleSpec EnsembleSpec::load(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throwFileError(file, "cannot be read (missing or not readable)",
                   "check the path of the ensemble file");
  std::ostringstream text;
  text << in.rdbuf();
  return fromJson(text.str(), file.parent_path(), file.string());
}

EnsembleSpec EnsembleSpec::singleModel(const fs::path& model) {
  EnsembleSpec spec;
  EnsembleFamily family;
  family.name = "model";
  family.models = {model};
  spec.families.push_back(std::move(family));
  return spec;
}

std::string EnsembleSpec::toJson(const fs::path& baseDir) const {
  const fs::path absBase = baseDir.empty() ? fs::path() : absoluteNormal(baseDir);
  nlohmann::ordered_json json;
  nlohmann::ordered_json familyList = nlohmann::ordered_json::array();
  for (const EnsembleFamily& f : families) {
    nlohmann::ordered_json family;
    family["name"] = f.name;
    family["weight"] = f.weight;
    family["models"] = modelListJson(f.models, absBase);
    familyList.push_back(std::move(family));
  }
  json["families"] = std::move(familyList);
  nlohmann::ordered_json classifier;
  classifier["models"] = modelListJson(imageClassifier.models, absBase);
  classifier["weight"] = imageClassifier.weight;
  json["imageClassifier"] = std::move(classifier);
  // The settings' own writers own their keys; fromJson() reads them back with their parsers.
  json["tta"] = nlohmann::ordered_json::parse(tta.toJson());
  json["mapping"] = nlohmann::ordered_json::parse(mapping.toJson());
  json["segmentation"] = nlohmann::ordered_json::parse(segmentation.toJson());
  try {
    return json.dump(2);
  } catch (const nlohmann::json::exception&) {
    throw Error(
        "the ensemble cannot be written as JSON: a family name or model path is not valid UTF-8; "
        "rename it");
  }
}

void EnsembleSpec::save(const fs::path& file) const {
  const fs::path baseDir = absoluteNormal(file).parent_path();
  std::string text;
  try {
    text = toJson(baseDir);
  } catch (const Error& e) {
    throwFileError(file, e.what(), "");
  }
  // Checked as load() will read it, so that nothing is written that cannot be loaded.
  fromJson(text, baseDir, file.string());
  writeFileAtomically(file, text + "\n");
}

fs::path mappingFileFor(const fs::path& model) {
  fs::path file = model;
  file.replace_extension(".mapping.json");
  return file;
}

// ---- Ensemble ------------------------------------------------------------------------------

struct Ensemble::Impl {
  EnsembleSpec spec;
  std::vector<CamModel> models;                // families flattened
  std::vector<std::size_t> familyOf;           // per model
  std::vector<std::optional<GbrMapping>> gbr;  // per model
  std::vector<std::string> scalerOf;           // per model: the scaler of its z
  std::vector<CamModel> classifiers;
  /// Per classifier: the CAM model loaded from the same file (its image probabilities come
  /// from the same TTA views, so they are reused instead of computed twice), or -1.
  std::vector<int> classifierIsModel;
  std::vector<fs::path> modelFiles;  // canonical, per CAM model
  std::vector<std::string> warnings;
  int numClasses = 0;
};

Ensemble::Ensemble(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Ensemble::~Ensemble() = default;
Ensemble::Ensemble(Ensemble&&) noexcept = default;
Ensemble& Ensemble::operator=(Ensemble&&) noexcept = default;

Ensemble Ensemble::load(const EnsembleSpec& spec) {
  spec.tta.validate();
  spec.mapping.validate();
  if (spec.families.empty()) throw Error("an ensemble needs at least one model family.");
  double weights = 0;
  for (const auto& f : spec.families) {
    if (f.models.empty() || !(f.weight >= 0))
      throw Error("ensemble family " + f.name + " needs models and a weight >= 0.");
    weights += f.weight;
  }
  if (!(weights > 0)) throw Error("the ensemble's family weights sum to 0; give one a weight.");
  auto impl = std::make_unique<Impl>();
  impl->spec = spec;
  const auto checkClasses = [&](const CamModel& m, const fs::path& file) {
    if (impl->numClasses == 0) impl->numClasses = m.config().numClasses;
    if (m.config().numClasses != impl->numClasses)
      throwFileError(file,
                     "predicts " + std::to_string(m.config().numClasses) +
                         " classes but the ensemble's first model predicts " +
                         std::to_string(impl->numClasses),
                     "use models trained for the same classes");
  };
  for (std::size_t f = 0; f < spec.families.size(); ++f) {
    for (const fs::path& file : spec.families[f].models) {
      if (!fs::exists(file))
        throwFileError(file, "model file is missing",
                       "check the path (an ensemble file's paths are relative to its folder)");
      CamModel model = CamModel::load(file);
      checkClasses(model, file);
      const fs::path mapping = mappingFileFor(file);
      if (fs::exists(mapping)) {
        GbrMapping gbr = GbrMapping::load(mapping);
        // The regressor only knows z of the scaler it was fit on: that model uses it.
        if (gbr.scoreScaler() != spec.mapping.scaler)
          impl->warnings.push_back(mapping.string() + ": fit on '" + gbr.scoreScaler() +
                                   "'-scaled scores, so this model uses that scaler instead of '" +
                                   spec.mapping.scaler +
                                   "' (fit the mapping again with cellcam fit-mapping --scaler)");
        impl->scalerOf.push_back(gbr.scoreScaler());
        impl->gbr.emplace_back(std::move(gbr));
      } else {
        impl->gbr.emplace_back(std::nullopt);
        impl->scalerOf.push_back(spec.mapping.scaler);
        impl->warnings.push_back(file.string() + ": no GBR mapping (" +
                                 mapping.filename().string() +
                                 "); using the sigmoid mapping only (run cellcam fit-mapping)");
      }
      impl->models.push_back(std::move(model));
      impl->familyOf.push_back(f);
      impl->modelFiles.push_back(fs::weakly_canonical(file));
    }
  }
  for (const fs::path& file : spec.imageClassifier.models) {
    if (!fs::exists(file))
      throwFileError(file, "image classifier model of the ensemble is missing",
                     "check the path (relative to the ensemble file)");
    const auto same =
        std::find(impl->modelFiles.begin(), impl->modelFiles.end(), fs::weakly_canonical(file));
    impl->classifierIsModel.push_back(
        same == impl->modelFiles.end() ? -1 : static_cast<int>(same - impl->modelFiles.begin()));
    CamModel model = CamModel::load(file);
    checkClasses(model, file);
    impl->classifiers.push_back(std::move(model));
  }
  return Ensemble(std::move(impl));
}

const EnsembleSpec& Ensemble::spec() const { return impl_->spec; }
const std::vector<std::string>& Ensemble::warnings() const { return impl_->warnings; }
int Ensemble::camModelCount() const { return static_cast<int>(impl_->models.size()); }
int Ensemble::numClasses() const { return impl_->numClasses; }

EnsembleCams Ensemble::computeCams(const ChannelImage& image) const {
  EnsembleCams out;
  for (const CamModel& m : impl_->models)
    out.models.push_back(cellcam::computeCams(m, image, impl_->spec.tta));
  if (!impl_->classifiers.empty()) {
    out.imageProbabilities.assign(static_cast<std::size_t>(impl_->numClasses), 0.0f);
    for (std::size_t k = 0; k < impl_->classifiers.size(); ++k) {
      const int same = impl_->classifierIsModel[k];
      const std::vector<float> p =
          same >= 0 ? out.models[static_cast<std::size_t>(same)].imageProbabilities
                    : computeImageProbabilities(impl_->classifiers[k], image, impl_->spec.tta);
      for (std::size_t c = 0; c < p.size(); ++c) out.imageProbabilities[c] += p[c];
    }
    for (float& p : out.imageProbabilities) p /= static_cast<float>(impl_->classifiers.size());
  }
  return out;
}

CellProbabilities Ensemble::combine(const EnsembleCams& cams, const cv::Mat& labels,
                                    std::vector<ModelCellDetails>* details) const {
  const Impl& d = *impl_;
  if (cams.models.size() != d.models.size())
    throw Error("ensemble CAMs for " + std::to_string(cams.models.size()) +
                " models given to an ensemble of " + std::to_string(d.models.size()) + ".");
  const std::size_t families = d.spec.families.size();
  CellProbabilities result;
  result.numClasses = d.numClasses;
  std::vector<std::vector<double>> familySum(families);
  std::vector<int> familyCount(families, 0);
  if (details) details->clear();
  for (std::size_t m = 0; m < d.models.size(); ++m) {
    const CellScores scores =
        computeCellScores(cams.models[m].cams, cams.models[m].imageProbabilities, labels);
    if (m == 0) {
      result.cellIds = scores.cellIds;
      result.vanishedCells = scores.vanishedCells();
    }
    MappingConfig mapping = d.spec.mapping;
    mapping.scaler = d.scalerOf[m];
    const SigmoidMapping sig = mapBySigmoid(scores, mapping);
    std::vector<float> p = sig.probabilities;
    std::vector<float> gbr;
    if (d.gbr[m]) {
      gbr = d.gbr[m]->predict(sig.z);
      p = blendProbabilities(sig.probabilities, gbr, d.spec.mapping.sigmoidWeight);
    }
    std::vector<double>& sum = familySum[d.familyOf[m]];
    sum.resize(p.size(), 0.0);
    for (std::size_t i = 0; i < p.size(); ++i) sum[i] += p[i];
    ++familyCount[d.familyOf[m]];
    if (details)
      details->push_back({scores, cams.models[m].imageProbabilities, sig.z, sig.probabilities,
                          std::move(gbr), std::move(p)});
  }
  const std::size_t n = result.cellIds.size() * static_cast<std::size_t>(d.numClasses);
  std::vector<double> combined(n, 0.0);
  double weightTotal = 0;
  for (std::size_t f = 0; f < families; ++f) {
    if (familyCount[f] == 0) continue;
    const double w = d.spec.families[f].weight;
    weightTotal += w;
    for (std::size_t i = 0; i < n; ++i) combined[i] += w * familySum[f][i] / familyCount[f];
  }
  const bool withImage = !cams.imageProbabilities.empty();
  const double imageWeight = withImage ? d.spec.imageClassifier.weight : 0.0;
  result.probabilities.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    double p = combined[i] / weightTotal;
    if (withImage)
      p = (1.0 - imageWeight) * p +
          imageWeight * cams.imageProbabilities[i % static_cast<std::size_t>(d.numClasses)];
    if (!(p >= 0.0)) p = 0.0;  // NaN too
    result.probabilities[i] = static_cast<float>(std::min(p, 1.0));
  }
  return result;
}

}  // namespace cellcam
