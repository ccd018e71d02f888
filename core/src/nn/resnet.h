#pragma once
// torchvision's ResNet-18/50/101 as CAM backbones: the same modules and parameter names
// (conv1, bn1, layer1..layer4, "N.conv1", "N.downsample.0/1", ...) so that torchvision weights
// load by name, up to layer4, with output stride 16 as Puzzle-CAM builds it (stage strides
// 2,2,2,1: layer4's first block has stride 1 in its strided convolution and in its downsample
// convolution; no dilation). The fully connected head (fc) is left out.

#include <array>
#include <cstdint>
#include <memory>

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/pooling.h>

#include "nn/cam_net.h"

namespace cellcam::nn {

class ResNetImpl : public BackboneImpl {
 public:
  /// bottleneck: Bottleneck blocks (expansion 4, stride on the 3x3 conv2 as in torchvision)
  /// or BasicBlocks; blocks: the number of blocks per stage; inChannels: 3 or 4.
  ResNetImpl(bool bottleneck, std::array<int64_t, 4> blocks, int64_t inChannels);

  torch::Tensor forward(torch::Tensor x) override;
  int64_t featureChannels() const override { return featureChannels_; }
  std::string stemWeightName() const override { return "conv1.weight"; }

  torch::nn::Conv2d conv1{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr};
  torch::nn::MaxPool2d maxpool{nullptr};
  torch::nn::Sequential layer1{nullptr}, layer2{nullptr}, layer3{nullptr}, layer4{nullptr};

 private:
  int64_t featureChannels_ = 0;
};

/// ResNet-`depth` (18, 50 or 101) with `inChannels` (3 or 4) input channels.
std::shared_ptr<BackboneImpl> makeResNet(int depth, int64_t inChannels);

/// torchvision's initialisation: convolutions Kaiming normal (fan_out, ReLU), batch norms
/// weight 1 and bias 0. Applied to every descendant of `module`.
void initResNetWeights(torch::nn::Module& module);

}  // namespace cellcam::nn
