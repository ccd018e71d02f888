#pragma once
// CAM networks (Puzzle-CAM): a backbone with output stride 16, a 1x1 convolution without bias
// to one map per class (the CAMs), logits = global average pooling of the maps.
// Internal to core (LibTorch types); the public API wraps it behind pimpl classes
// (cellcam/cam_model.h). Model files: model_io.h.

#include <memory>
#include <string>
#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

#include "cellcam/model_config.h"

namespace cellcam::nn {

/// Output stride of every backbone: maps are ceil(H/16) x ceil(W/16).
constexpr int64_t kOutputStride = 16;

/// Output of one forward pass.
struct CamOutput {
  torch::Tensor logits;  ///< [N, classes]
  torch::Tensor maps;    ///< [N, classes, H/16, W/16], before any activation
};

/// A feature extractor with output stride 16. Parameter names follow torchvision
/// (ResNet: conv1, bn1, layer1..layer4; EfficientNet: features.N...) or the reference
/// ResNeSt implementation, so weights exported from Python load by name.
/// Construction initialises the weights (Kaiming normal, fan_out, for convolutions; batch norms
/// weight 1, bias 0), as torchvision does.
class BackboneImpl : public torch::nn::Module {
 public:
  /// x: [N, inChannels, H, W] -> [N, featureChannels(), H/16, W/16] (ceil for odd sizes).
  virtual torch::Tensor forward(torch::Tensor x) = 0;
  virtual int64_t featureChannels() const = 0;
  /// Name of the first convolution's weight in this module's named_parameters(), e.g.
  /// "conv1.weight" or "features.0.0.weight": the one whose input channels depend on the
  /// channel mode (used to expand 3-channel weights to 4).
  virtual std::string stemWeightName() const = 0;
};

/// Backbone names: resnet18, resnet50, resnet101, resnest50, resnest101, efficientnet_b0 ..
/// efficientnet_b4. Throws cellcam::Error for an unknown name (listing the known ones) or for
/// inChannels other than 3 or 4.
std::shared_ptr<BackboneImpl> makeBackbone(const std::string& name, int64_t inChannels);
/// The names makeBackbone accepts, in a stable order (ResNets, ResNeSts, EfficientNets).
std::vector<std::string> backboneNames();

/// EfficientNet-B`variant` (0..4) with output stride 16 (core/src/nn/efficientnet.cpp).
std::shared_ptr<BackboneImpl> makeEfficientNet(int variant, int64_t inChannels);

class CamNetImpl : public torch::nn::Module {
 public:
  /// Registers the backbone as "backbone" and a new 1x1 classifier (Kaiming normal, fan_in,
  /// as Puzzle-CAM initialises it) as "classifier".
  CamNetImpl(std::shared_ptr<BackboneImpl> backbone, int64_t numClasses);
  /// x: [N, C, H, W] float32 -> logits [N, classes] and maps [N, classes, H/16, W/16];
  /// logits = mean of the maps over H and W.
  CamOutput forward(torch::Tensor x);
  /// The maps of given features (the 1x1 classifier alone), for Puzzle-CAM's tiles.
  torch::Tensor mapsOf(torch::Tensor features);
  /// Logits of given maps: their mean over H and W ([N, K, h, w] -> [N, K]).
  static torch::Tensor logitsOf(const torch::Tensor& maps);
  int64_t numClasses() const;

  std::shared_ptr<BackboneImpl> backbone;  ///< Registered as "backbone".
  torch::nn::Conv2d classifier{nullptr};   ///< 1x1, no bias; registered as "classifier".
};
TORCH_MODULE(CamNet);

/// A new, randomly initialised network for `config` (backbone, input channels, classes), in
/// training mode on the CPU. Throws cellcam::Error for an invalid config.
CamNet makeCamNet(const ModelConfig& config);

}  // namespace cellcam::nn
