#pragma once
// ResNeSt-50/101 as CAM backbones, after the reference implementation (zhanghang1989/ResNeSt,
// resnest/torch/models/{resnet,splat}.py): radix 2, cardinality 1, bottleneck width 64, deep
// stem (3x3 convolutions, stem width 32 for ResNeSt-50 and 64 for ResNeSt-101), avg_down
// shortcuts, avd (3x3 average pooling after the split-attention convolution, avd_first false).
// Same module tree and parameter names (conv1.0/1/3/4/6, bn1, layerN.M.conv2.{conv,bn0,fc1,bn1,
// fc2}, layerN.M.downsample.{1,2}, ...), so the reference weights load by name; fc left out.
//
// Output stride 16 exactly as Puzzle-CAM (the seed's CAM code) builds its ResNeSt classifier,
// resnest101(dilated=False, dilation=2): stage strides 2,2,2,1; layer4's first block keeps
// stride 1 (its avd pooling becomes a 3x3 stride-1 average), the following layer4 blocks use
// dilation 2 (padding 2) in their 3x3 split-attention convolution.

#include <array>
#include <cstdint>
#include <memory>

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/pooling.h>

#include "nn/cam_net.h"

namespace cellcam::nn {

/// Split-attention convolution (SplAtConv2d) with batch norms, as in the reference.
class SplAtConv2dImpl : public torch::nn::Module {
 public:
  SplAtConv2dImpl(int64_t inChannels, int64_t channels, int64_t stride, int64_t dilation,
                  int64_t radix, int64_t cardinality);
  torch::Tensor forward(torch::Tensor x);

  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn0{nullptr};
  torch::nn::Conv2d fc1{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr};
  torch::nn::Conv2d fc2{nullptr};

 private:
  int64_t radix_, cardinality_;
};
TORCH_MODULE(SplAtConv2d);

class ResNeStImpl : public BackboneImpl {
 public:
  /// blocks: blocks per stage; stemWidth: 32 (ResNeSt-50) or 64 (ResNeSt-101); inChannels 3/4.
  ResNeStImpl(std::array<int64_t, 4> blocks, int64_t stemWidth, int64_t inChannels);

  torch::Tensor forward(torch::Tensor x) override;
  int64_t featureChannels() const override { return 2048; }
  std::string stemWeightName() const override { return "conv1.0.weight"; }

  torch::nn::Sequential conv1{nullptr};  ///< Deep stem.
  torch::nn::BatchNorm2d bn1{nullptr};
  torch::nn::MaxPool2d maxpool{nullptr};
  torch::nn::Sequential layer1{nullptr}, layer2{nullptr}, layer3{nullptr}, layer4{nullptr};
};

/// ResNeSt-`depth` (50 or 101) with `inChannels` (3 or 4) input channels.
std::shared_ptr<BackboneImpl> makeResNeSt(int depth, int64_t inChannels);

}  // namespace cellcam::nn
