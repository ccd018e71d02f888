#pragma once
/// @file
/// A CAM model ready for inference: a network that maps a batch of images to one class
/// activation map per class and image-level logits (Puzzle-CAM: logits = mean of the maps).

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cellcam/model_config.h"

namespace cellcam {

/// A CAM model: either a native CellCAM network (backbone + 1x1 classifier, trainable in
/// CellCAM) or a TorchScript CAM model exported from Python. Both kinds load, save and predict
/// the same way. Runs in eval mode without autograd, by default on the CPU in float32 (see
/// setDevice() for CUDA).
///
/// Copies are cheap and share the same network (and its lock); a moved-from model may only be
/// assigned to or destroyed.
///
/// Thread-safety: every member function may be called from any thread. forward() and save()
/// take an internal lock, so calls on the same model (or its copies) run one at a time; each
/// forward uses LibTorch's intra-op threads. For parallel inference use separate models loaded
/// from the same file.
class CamModel {
 public:
  /// Output of forward(): row-major float32 arrays.
  struct Output {
    std::vector<float> logits;  ///< [batch][classes]
    std::vector<float> maps;    ///< [batch][classes][height][width], before any activation
    int batch = 0;
    int classes = 0;
    int height = 0;  ///< ceil(input height / 16) for native models.
    int width = 0;   ///< ceil(input width / 16) for native models.
  };

  /// A new native model for `config`, randomly initialised (Kaiming; no pretrained weights).
  /// Throws Error for an invalid config (unknown backbone, channel mode, class count).
  static CamModel create(const ModelConfig& config);

  /// Loads a model file written by save() (native or imported TorchScript). Throws Error naming
  /// the file when it is missing, unreadable, damaged, not a CellCAM model or inconsistent.
  static CamModel load(const std::filesystem::path& file);

  /// Imports a TorchScript CAM model exported from Python (torch.jit.script or trace, saved with
  /// torch.jit.save) whose forward(x) takes float32 [N, C, H, W] (C = config.inputChannels(),
  /// normalised like CellCAM's training input) and returns (logits [N, K], maps [N, K, h, w]),
  /// K = config.numClasses. The contract is checked with a probe input [1, C, 64, 64]; a
  /// missing file, a file that is not TorchScript or a model that breaks the contract is an
  /// Error naming the file. Save the result with save() to keep its config with it.
  static CamModel importTorchScript(const std::filesystem::path& file, const ModelConfig& config);

  /// Writes the model with its config to `file` atomically (temporary file, fsync, rename).
  /// Throws Error naming the file on I/O errors (folder missing or not writable, disk full).
  void save(const std::filesystem::path& file) const;

  /// Chooses where forward() runs: "cpu", "cuda" (GPU 0), "cuda:N", or "auto" (GPU 0 when this
  /// LibTorch has CUDA and a GPU is visible, else the CPU). On CUDA, `cudaPrecision` "fp16" or
  /// "bf16" runs the forward under CUDA autocast to that type ("fp32": none); the outputs are
  /// float32 either way. On the CPU the precision is ignored (CPU bf16 is the caller's autocast,
  /// as before). forward() copies the input to the device and the outputs back, so callers see no
  /// difference. Applies to every copy of this model (they share the network). Throws Error
  /// for an unknown device or precision, "cuda" without a usable GPU (naming the fix), or a
  /// GPU index that is not there.
  void setDevice(const std::string& device, const std::string& cudaPrecision = "fp16");
  /// "cpu" or "cuda:N".
  std::string device() const;
  /// The device (and CUDA precision) that create(), load() and importTorchScript() give new
  /// models in this process; "cpu" until set (e.g. by `cellcam predict --device`). Validated
  /// as setDevice(); thread-safe.
  static void setDefaultDevice(const std::string& device,
                               const std::string& cudaPrecision = "fp16");

  const ModelConfig& config() const;
  /// True for a model imported from TorchScript (predicts, but cannot be trained in CellCAM).
  bool isTorchScript() const;

  /// Runs the network on `batch` images of `height` x `width` pixels. `input` holds float32
  /// planar data [batch][C][height][width], C = config().inputChannels(), normalised as in
  /// training. Throws Error when the size of `input` does not match, or when the network
  /// cannot process the input (e.g. images too small).
  Output forward(const std::vector<float>& input, int batch, int height, int width) const;

  CamModel(const CamModel&) = default;
  CamModel(CamModel&&) noexcept = default;
  CamModel& operator=(const CamModel&) = default;
  CamModel& operator=(CamModel&&) noexcept = default;
  ~CamModel();

 private:
  struct Impl;
  explicit CamModel(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace cellcam
