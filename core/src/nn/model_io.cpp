#include "nn/model_io.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <system_error>

#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/serialization/import.h>
#include <torch/serialize/output-archive.h>

#include "cellcam/atomic_file.h"
#include "cellcam/error.h"

namespace fs = std::filesystem;

namespace cellcam::nn {
namespace {

constexpr const char* kFormatKey = "cellcam_format";
constexpr const char* kConfigKey = "cellcam_config";
constexpr int64_t kProbeSize = 64;

const char* const kScriptContract =
    "a TorchScript CAM model's forward(x) must take float32 [N,C,H,W] and return a tuple "
    "(logits [N,classes], maps [N,classes,h,w])";

using TensorMap = std::map<std::string, torch::Tensor>;

std::string shapeString(const torch::Tensor& t) {
  std::string s = "[";
  for (int64_t d = 0; d < t.dim(); ++d) s += (d ? "," : "") + std::to_string(t.size(d));
  return s + "]";
}

/// Checks that `file` exists and can be read, with messages for the user.
void checkReadable(const fs::path& file, const std::string& what) {
  std::error_code ec;
  if (!fs::exists(file, ec)) throwFileError(file, what + " not found", "check the path");
  if (fs::is_directory(file, ec))
    throwFileError(file, "is a folder, not " + what, "choose the file itself");
  if (!std::ifstream(file, std::ios::binary))
    throwFileError(file, "cannot read the " + what, "check its permissions");
}

/// Loads a TorchScript archive on the CPU; `extra` names the extra files to read.
torch::jit::Module loadArchive(const fs::path& file, torch::jit::ExtraFilesMap& extra,
                               const std::string& what, const std::string& fix) {
  try {
    return torch::jit::load(file.string(), torch::Device(torch::kCPU), extra);
  } catch (const std::exception& e) {
    throwFileError(file, "is not " + what + " or is damaged (" + torchErrorReason(e) + ")", fix);
  }
}

TensorMap namedTensors(const torch::jit::Module& module) {
  TensorMap tensors;
  for (const auto& p : module.named_parameters(/*recurse=*/true)) tensors.emplace(p.name, p.value);
  for (const auto& b : module.named_buffers(/*recurse=*/true)) tensors.emplace(b.name, b.value);
  return tensors;
}

/// Parameters and buffers of a C++ module by name.
std::vector<std::pair<std::string, torch::Tensor>> ownTensors(const torch::nn::Module& module) {
  std::vector<std::pair<std::string, torch::Tensor>> tensors;
  for (const auto& p : module.named_parameters(/*recurse=*/true))
    tensors.emplace_back(p.key(), p.value());
  for (const auto& b : module.named_buffers(/*recurse=*/true))
    tensors.emplace_back(b.key(), b.value());
  return tensors;
}

/// Copies every tensor of `target` from `source` (same names and shapes, nothing left over).
void copyAll(torch::nn::Module& target, const TensorMap& source, const fs::path& file,
             const ModelConfig& config) {
  const std::string model =
      "a " + config.backbone + " model with " + std::to_string(config.numClasses) + " classes";
  const std::string fix = "the file is damaged or was not written by this version of CellCAM";
  torch::NoGradGuard noGrad;
  std::set<std::string> used;
  for (auto& [name, tensor] : ownTensors(target)) {
    const auto it = source.find(name);
    if (it == source.end())
      throwFileError(file,
                     "does not fit its settings: " + model + " needs tensor '" + name +
                         "', which the file lacks",
                     fix);
    if (it->second.sizes() != tensor.sizes())
      throwFileError(file,
                     "does not fit its settings: tensor '" + name + "' is " +
                         shapeString(it->second) + " in the file but " + shapeString(tensor) +
                         " in " + model,
                     fix);
    tensor.copy_(it->second);
    used.insert(name);
  }
  for (const auto& [name, tensor] : source)
    if (!used.count(name))
      throwFileError(file,
                     "does not fit its settings: it has tensor '" + name + "', which " + model +
                         " does not have",
                     fix);
}

/// Runs the probe input through a TorchScript CAM model and checks its outputs.
void checkScriptContract(torch::jit::Module& module, const ModelConfig& config,
                         const fs::path& file) {
  const int64_t classes = config.numClasses;
  torch::NoGradGuard noGrad;
  const torch::Tensor probe = torch::zeros({1, config.inputChannels(), kProbeSize, kProbeSize});
  c10::IValue out;
  try {
    out = module.forward({probe});
  } catch (const std::exception& e) {
    throwFileError(file,
                   "its forward fails on a [1," + std::to_string(config.inputChannels()) + "," +
                       std::to_string(kProbeSize) + "," + std::to_string(kProbeSize) + "] input (" +
                       torchErrorReason(e) + ")",
                   std::string(kScriptContract) + " (check the channel mode)");
  }
  const bool pair = out.isTuple() && out.toTupleRef().elements().size() == 2 &&
                    out.toTupleRef().elements()[0].isTensor() &&
                    out.toTupleRef().elements()[1].isTensor();
  if (!pair) throwFileError(file, "its forward does not return (logits, maps)", kScriptContract);
  const torch::Tensor logits = out.toTupleRef().elements()[0].toTensor();
  const torch::Tensor maps = out.toTupleRef().elements()[1].toTensor();
  if (logits.dim() != 2 || logits.size(0) != 1 || logits.size(1) != classes || maps.dim() != 4 ||
      maps.size(0) != 1 || maps.size(1) != classes)
    throwFileError(file,
                   "its forward returns logits " + shapeString(logits) + " and maps " +
                       shapeString(maps) + " for one image, expected [1," +
                       std::to_string(classes) + "] and [1," + std::to_string(classes) + ",h,w]",
                   std::string(kScriptContract) + " (check the number of classes)");
  if (!logits.is_floating_point() || !maps.is_floating_point())
    throwFileError(file, "its forward returns non-floating-point tensors", kScriptContract);
}

}  // namespace

std::string torchErrorReason(const std::exception& e) {
  std::string text;
  if (const auto* c10 = dynamic_cast<const c10::Error*>(&e))
    text = c10->what_without_backtrace();
  else
    text = e.what();
  std::string last;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first != std::string::npos) last = line.substr(first);
  }
  while (!last.empty() && (last.back() == '.' || last.back() == ' ' || last.back() == '\r'))
    last.pop_back();
  if (last.size() > 200) last = last.substr(0, 197) + "...";
  return last;
}

void saveCamModel(CamNet& net, const ModelConfig& config, const fs::path& file) {
  std::string bytes;
  try {
    torch::serialize::OutputArchive archive;
    net->save(archive);
    archive.write(kFormatKey, c10::IValue(kModelFormatVersion));
    archive.write(kConfigKey, c10::IValue(config.toJson()));
    archive.save_to([&bytes](const void* data, std::size_t size) {
      bytes.append(static_cast<const char*>(data), size);
      return size;
    });
  } catch (const c10::Error& e) {
    throwFileError(file, "cannot serialise the model (" + torchErrorReason(e) + ")",
                   "check that the network is valid");
  }
  writeFileAtomically(file, bytes);
}

ModelFile loadModelFile(const fs::path& file) {
  checkReadable(file, "model file");
  torch::jit::ExtraFilesMap extra{{kScriptConfigFile, ""}};
  const std::string fix = "choose a model file saved by CellCAM";
  torch::jit::Module module = loadArchive(file, extra, "a CellCAM model file", fix);

  ModelFile result;
  if (module.hasattr(kFormatKey)) {
    const c10::IValue version = module.attr(kFormatKey);
    if (!version.isInt() || !module.hasattr(kConfigKey) || !module.attr(kConfigKey).isString())
      throwFileError(file, "is damaged (its format entries are invalid)", fix);
    if (version.toInt() > kModelFormatVersion)
      throwFileError(file,
                     "was written by a newer version of CellCAM (model format " +
                         std::to_string(version.toInt()) + ")",
                     "update CellCAM to read it");
    result.config = ModelConfig::fromJson(module.attr(kConfigKey).toStringRef(), file.string());
    try {
      result.native = makeCamNet(result.config);
    } catch (const Error& e) {
      throwFileError(file, std::string("cannot build its network: ") + e.what());
    }
    copyAll(*result.native, namedTensors(module), file, result.config);
    result.native->eval();
  } else if (!extra[kScriptConfigFile].empty()) {
    result.config = ModelConfig::fromJson(extra[kScriptConfigFile], file.string());
    result.script = std::make_shared<torch::jit::Module>(std::move(module));
    result.script->eval();
  } else {
    throwFileError(file, "is a TorchScript archive but not a CellCAM model (it has no settings)",
                   "import a TorchScript CAM model with its settings first");
  }
  return result;
}

std::pair<CamNet, ModelConfig> loadCamModel(const fs::path& file) {
  ModelFile model = loadModelFile(file);
  if (!model.native)
    throwFileError(file,
                   "is a TorchScript CAM model imported from Python; it can predict but not "
                   "be trained",
                   "train a native CellCAM model instead");
  return {model.native, model.config};
}

ImportedWeights importBackboneWeights(CamNet& net, const fs::path& archive,
                                      const ModelConfig& config) {
  checkReadable(archive, "weights archive");
  torch::jit::ExtraFilesMap noExtra;
  const std::string example = "torch.jit.script(torchvision.models." + config.backbone +
                              "(weights=\"DEFAULT\")).save(\"" + config.backbone + ".pt\")";
  torch::jit::Module module =
      loadArchive(archive, noExtra, "a TorchScript archive", "export the weights with " + example);

  // Names without a "module." (DataParallel) or "backbone." prefix.
  TensorMap source;
  for (auto& [name, tensor] : namedTensors(module)) {
    std::string key = name;
    for (const std::string prefix : {"module.", "backbone."})
      if (key.compare(0, prefix.size(), prefix) == 0) key = key.substr(prefix.size());
    source.emplace(key, tensor);
  }

  const std::string stem = net->backbone->stemWeightName();
  ImportedWeights report;
  torch::NoGradGuard noGrad;
  for (auto& [name, tensor] : ownTensors(*net->backbone)) {
    ++report.total;
    const auto it = source.find(name);
    if (it == source.end()) {
      report.missing.push_back(name);
      continue;
    }
    const torch::Tensor& from = it->second;
    if (from.sizes() == tensor.sizes()) {
      tensor.copy_(from);
    } else if (name == stem && config.channels == "rgby" && from.dim() == 4 && tensor.dim() == 4 &&
               from.size(1) == 3 && tensor.size(1) == 4 && from.size(0) == tensor.size(0) &&
               from.size(2) == tensor.size(2) && from.size(3) == tensor.size(3)) {
      // Red, green, blue as they are; yellow starts as a copy of red (the seed's choice).
      tensor.narrow(1, 0, 3).copy_(from);
      tensor.narrow(1, 3, 1).copy_(from.narrow(1, 0, 1));
    } else {
      throwFileError(archive,
                     "tensor '" + it->first + "' is " + shapeString(from) + " in the archive but " +
                         shapeString(tensor) + " in a " + config.backbone + " backbone (" +
                         config.channels + " input)",
                     "export weights of the same architecture (" + config.backbone + ")");
    }
    ++report.copied;
  }
  if (report.copied == 0)
    throwFileError(archive, "no tensor in it matches a " + config.backbone + " backbone by name",
                   "export weights of the same architecture, e.g. " + example);
  return report;
}

std::shared_ptr<torch::jit::Module> importTorchScriptCamModel(const fs::path& file,
                                                              const ModelConfig& config) {
  config.inputChannels();  // Throws for an unknown channel mode.
  checkReadable(file, "TorchScript CAM model");
  torch::jit::ExtraFilesMap noExtra;
  auto module = std::make_shared<torch::jit::Module>(
      loadArchive(file, noExtra, "a TorchScript archive",
                  "export the model with torch.jit.script(model).save(path)"));
  module->eval();
  checkScriptContract(*module, config, file);
  return module;
}

void saveTorchScriptCamModel(const torch::jit::Module& module, const ModelConfig& config,
                             const fs::path& file) {
  std::ostringstream bytes;
  try {
    module.save(bytes, {{kScriptConfigFile, config.toJson()}});
  } catch (const c10::Error& e) {
    throwFileError(file, "cannot serialise the model (" + torchErrorReason(e) + ")");
  }
  writeFileAtomically(file, bytes.str());
}

}  // namespace cellcam::nn
