#pragma once
// EfficientNet-B0..B4 feature extractors with output stride 16, a port of torchvision 0.14's
// EfficientNet `features` (same parameter and buffer names, so torchvision weights load by
// name). Internal to core (LibTorch types).

#include <cstdint>
#include <string>

#include <torch/nn/modules/container/sequential.h>

#include "nn/cam_net.h"

namespace cellcam::nn {

/// torchvision's EfficientNet `features` (stem, seven MBConv stages, final 1x1 convolution),
/// registered as "features" so that names read "features.0.0.weight",
/// "features.1.0.block.0.0.weight", ... "features.8.0.weight".
///
/// Differences from torchvision: the stem takes inChannels (3 or 4) input channels, and the
/// first block of stage 6 (features.6.0, the 5x5 depthwise stage with 192 base channels) has
/// stride 1 instead of 2, without dilation, which gives output stride 16.
/// Batch norm as torchvision's B0..B4 (eps 1e-5, momentum 0.1); SiLU activations; squeeze-
/// excitation with 1x1 convolutions; stochastic depth ("row" mode, per-block probability rising
/// linearly to 0.2) on the residual blocks in training mode only.
/// Like any LibTorch module, one instance serves one thread at a time.
class EfficientNetImpl : public BackboneImpl {
 public:
  /// variant 0..4 (B0..B4); inChannels 3 or 4. Throws cellcam::Error otherwise.
  /// Weights are initialised as torchvision does (Kaiming normal, fan-out, for convolutions;
  /// ones and zeros for batch norm; zero biases).
  EfficientNetImpl(int variant, int64_t inChannels);

  /// x: [N, inChannels, H, W] -> [N, featureChannels(), ceil(H/16), ceil(W/16)].
  torch::Tensor forward(torch::Tensor x) override;
  int64_t featureChannels() const override { return featureChannels_; }
  std::string stemWeightName() const override { return "features.0.0.weight"; }
  int variant() const { return variant_; }

  torch::nn::Sequential features{nullptr};  ///< Registered as "features".

 private:
  int variant_;
  int64_t featureChannels_ = 0;
};

// makeEfficientNet(variant, inChannels), declared in cam_net.h, returns a new EfficientNetImpl.

}  // namespace cellcam::nn
