#pragma once
// CAM model files, starting weights and TorchScript CAM models.
//
// Native model file (saveCamModel / loadCamModel)
// -----------------------------------------------
// One file, written atomically (temporary file, fsync, rename). It is a TorchScript-readable
// archive as written by torch::serialize::OutputArchive: every parameter and buffer of the
// CamNet under its module path ("backbone.conv1.weight", "backbone.layer1.0.bn1.running_mean",
// ..., "classifier.weight"), plus two attributes: "cellcam_format" (int, kModelFormatVersion)
// and "cellcam_config" (ModelConfig::toJson()). Python reads it with torch.jit.load(path)
// (state_dict() and .cellcam_config).
//
// TorchScript CAM model (importTorchScriptCamModel / saveTorchScriptCamModel)
// --------------------------------------------------------------------------
// A module exported from Python with torch.jit.script or torch.jit.trace whose forward(x) takes
// float32 [N, C, H, W] (C = config.inputChannels(), normalised like CellCAM's training input)
// and returns a tuple (logits [N, K], maps [N, K, h, w]), K = config.numClasses, maps before any
// activation. CellCAM saves it unchanged plus the extra file "cellcam_config.json"
// (ModelConfig JSON) in the archive.
//
// Errors are cellcam::Error with "FILE: problem; fix." messages.

#include <cstddef>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cellcam/model_config.h"

#include "nn/cam_net.h"

namespace torch::jit {
struct Module;
}  // namespace torch::jit

namespace cellcam::nn {

/// Version of the native file layout written by saveCamModel.
constexpr int64_t kModelFormatVersion = 1;
/// Name of the config entry in TorchScript CAM model archives (an extra file).
inline constexpr const char* kScriptConfigFile = "cellcam_config.json";

/// Saves `net` (parameters and buffers) with `config` to `file`, atomically. The network may be
/// on any device; it is not modified. Throws Error naming the file on I/O errors.
void saveCamModel(CamNet& net, const ModelConfig& config, const std::filesystem::path& file);

/// Loads a native model file: a new CamNet built from the stored config (on the CPU, in eval
/// mode) with every parameter and buffer read back. Throws Error naming the file when it is
/// missing or unreadable, not a model file, damaged, of a newer format, a TorchScript CAM model
/// (those can predict but not train: use CamModel), or when its tensors do not fit its config.
std::pair<CamNet, ModelConfig> loadCamModel(const std::filesystem::path& file);

/// What importBackboneWeights copied.
struct ImportedWeights {
  std::size_t copied = 0;            ///< Tensors copied (parameters and buffers).
  std::size_t total = 0;             ///< Parameters and buffers of the backbone.
  std::vector<std::string> missing;  ///< Backbone tensors the archive does not have.
};

/// Starting weights: copies every parameter and buffer of a TorchScript archive (e.g.
/// torch.jit.script(torchvision.models.resnet50(weights=...)).save(path), or an archive of the
/// reference ResNeSt) whose name and shape match one of net->backbone's (names may also carry a
/// "backbone." or "module." prefix). For the stem convolution of a 4-channel network
/// (config.channels "rgby") a 3-channel filter is expanded: red, green, blue copied, yellow =
/// red (as the seed does). Other tensors of the archive (fc, ...) are ignored. Throws Error
/// naming the file when it is missing or not TorchScript, when no tensor matches, or when a
/// matching name has a different shape.
ImportedWeights importBackboneWeights(CamNet& net, const std::filesystem::path& archive,
                                      const ModelConfig& config);

/// Loads a TorchScript CAM model exported from Python (see above) for `config`, in eval mode
/// on the CPU, and checks the contract with a probe input [1, C, 64, 64]. Throws Error naming
/// the file when it is missing, not TorchScript, or breaks the contract.
std::shared_ptr<torch::jit::Module> importTorchScriptCamModel(const std::filesystem::path& file,
                                                              const ModelConfig& config);

/// Saves a TorchScript CAM model with its config (extra file kScriptConfigFile), atomically.
void saveTorchScriptCamModel(const torch::jit::Module& module, const ModelConfig& config,
                             const std::filesystem::path& file);

/// A model file of either kind, as read by loadModelFile: exactly one of native and script is
/// set.
struct ModelFile {
  ModelConfig config;
  CamNet native{nullptr};                      ///< Native file: the network, in eval mode.
  std::shared_ptr<torch::jit::Module> script;  ///< TorchScript CAM model, in eval mode.
};

/// A one-line reason from a LibTorch exception (the last line of its message, without the C++
/// backtrace), for messages to the user.
std::string torchErrorReason(const std::exception& e);

/// Loads a native model file or a TorchScript CAM model saved by saveTorchScriptCamModel (on
/// the CPU, in eval mode). Errors as loadCamModel.
ModelFile loadModelFile(const std::filesystem::path& file);

}  // namespace cellcam::nn
