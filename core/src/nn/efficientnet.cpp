// EfficientNet-B0..B4 as torchvision 0.14 builds them (torchvision/models/efficientnet.py,
// torchvision/ops/misc.py), with output stride 16. Module and parameter names mirror
// torchvision's so that its state dicts load by name:
//   features.0            Conv2dNormActivation stem: 0 conv 3x3 s2, 1 BatchNorm2d, 2 SiLU
//   features.1..7         stages; features.S.B is an MBConv whose `block` holds
//                         [expand Conv2dNormActivation (absent for expand ratio 1)],
//                         depthwise Conv2dNormActivation, SqueezeExcitation (fc1, fc2),
//                         project Conv2dNormActivation without activation
//   features.8            Conv2dNormActivation 1x1 to 4x the last stage's channels
#include "nn/efficientnet.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include <torch/nn/init.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

#include "cellcam/error.h"

namespace cellcam::nn {
namespace {

/// One row of torchvision's inverted_residual_setting for efficientnet_b* (before scaling).
struct StageConfig {
  double expandRatio;
  int64_t kernel;
  int64_t stride;
  int64_t inChannels;
  int64_t outChannels;
  int64_t numLayers;
};

constexpr std::array<StageConfig, 7> kStages{{
    {1, 3, 1, 32, 16, 1},
    {6, 3, 2, 16, 24, 2},
    {6, 5, 2, 24, 40, 2},
    {6, 3, 2, 40, 80, 3},
    {6, 5, 1, 80, 112, 3},
    {6, 5, 2, 112, 192, 4},
    {6, 3, 1, 192, 320, 1},
}};
/// Index in kStages of the stage (features.6) whose first block gets stride 1 for output
/// stride 16.
constexpr size_t kOutputStrideStage = 5;
/// torchvision's stochastic_depth_prob: the largest per-block drop probability.
constexpr double kStochasticDepthProb = 0.2;

struct Scaling {
  double width;
  double depth;
};
constexpr std::array<Scaling, 5> kScalings{{
    {1.0, 1.0},  // B0
    {1.0, 1.1},  // B1
    {1.1, 1.2},  // B2
    {1.2, 1.4},  // B3
    {1.4, 1.8},  // B4
}};

/// torchvision's _make_divisible(v, 8): nearest multiple of 8, at least 8, and not more than
/// 10% below v.
int64_t makeDivisible(double v, int64_t divisor = 8) {
  int64_t rounded = std::max(divisor, static_cast<int64_t>(v + divisor / 2.0) / divisor * divisor);
  if (static_cast<double>(rounded) < 0.9 * v) rounded += divisor;
  return rounded;
}

int64_t adjustChannels(int64_t channels, double widthMult) {
  return makeDivisible(static_cast<double>(channels) * widthMult);
}

int64_t adjustDepth(int64_t layers, double depthMult) {
  return static_cast<int64_t>(std::ceil(static_cast<double>(layers) * depthMult));
}

/// A Sequential that can sit inside another one (LibTorch's AnyModule cannot hold a
/// Sequential, whose forward is a template).
class NestedSequentialImpl : public torch::nn::SequentialImpl {
 public:
  using SequentialImpl::SequentialImpl;
  torch::Tensor forward(torch::Tensor x) { return SequentialImpl::forward(x); }
};
TORCH_MODULE(NestedSequential);

/// torchvision's Conv2dNormActivation: "0" convolution without bias, "1" BatchNorm2d
/// (eps 1e-5, momentum 0.1), "2" SiLU when `activation`.
NestedSequential convNormActivation(int64_t in, int64_t out, int64_t kernel, int64_t stride,
                                    int64_t groups, bool activation) {
  NestedSequential layers(
      torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel)
                            .stride(stride)
                            .padding((kernel - 1) / 2)
                            .groups(groups)
                            .bias(false)),
      torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(out).eps(1e-5).momentum(0.1)));
  if (activation) layers->push_back(torch::nn::SiLU());
  return layers;
}

/// torchvision.ops.SqueezeExcitation with SiLU and Sigmoid: x * sigmoid(fc2(silu(fc1(avg(x))))).
class SqueezeExcitationImpl : public torch::nn::Module {
 public:
  SqueezeExcitationImpl(int64_t channels, int64_t squeezeChannels)
      : fc1(register_module(
            "fc1", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, squeezeChannels, 1)))),
        fc2(register_module(
            "fc2", torch::nn::Conv2d(torch::nn::Conv2dOptions(squeezeChannels, channels, 1)))) {}

  torch::Tensor forward(torch::Tensor x) {
    torch::Tensor scale = torch::adaptive_avg_pool2d(x, {1, 1});
    scale = torch::sigmoid(fc2->forward(torch::silu(fc1->forward(scale))));
    return scale * x;
  }

  torch::nn::Conv2d fc1;
  torch::nn::Conv2d fc2;
};
TORCH_MODULE(SqueezeExcitation);

/// torchvision's MBConv: inverted residual block with squeeze-excitation; the residual path
/// (stride 1 and equal channels) drops the block's output per sample with probability
/// dropProb in training ("row" stochastic depth, survivors scaled by 1 / (1 - dropProb)).
class MBConvImpl : public torch::nn::Module {
 public:
  /// `residual` follows torchvision's rule on the configured (stride-2) network, so the
  /// output-stride change never adds a shortcut that torchvision does not have.
  MBConvImpl(const StageConfig& config, int64_t stride, bool residual, double dropProb)
      : residual_(residual), dropProb_(dropProb) {
    const int64_t expanded = adjustChannels(config.inChannels, config.expandRatio);
    block = NestedSequential();
    if (expanded != config.inChannels)
      block->push_back(convNormActivation(config.inChannels, expanded, 1, 1, 1, true));
    block->push_back(convNormActivation(expanded, expanded, config.kernel, stride, expanded, true));
    block->push_back(SqueezeExcitation(expanded, std::max<int64_t>(1, config.inChannels / 4)));
    block->push_back(convNormActivation(expanded, config.outChannels, 1, 1, 1, false));
    register_module("block", block);
  }

  torch::Tensor forward(torch::Tensor x) {
    torch::Tensor result = block->forward(x);
    if (!residual_) return result;
    if (is_training() && dropProb_ > 0.0) {
      const double survival = 1.0 - dropProb_;
      std::vector<int64_t> size(static_cast<size_t>(result.dim()), 1);
      size[0] = result.size(0);
      torch::Tensor noise = torch::empty(size, result.options()).bernoulli_(survival);
      if (survival > 0.0) noise.div_(survival);
      result = result * noise;
    }
    return result + x;
  }

  NestedSequential block{nullptr};

 private:
  bool residual_;
  double dropProb_;
};
TORCH_MODULE(MBConv);

}  // namespace

EfficientNetImpl::EfficientNetImpl(int variant, int64_t inChannels) : variant_(variant) {
  if (variant < 0 || variant >= static_cast<int>(kScalings.size()))
    throw Error("unknown EfficientNet variant B" + std::to_string(variant) +
                "; use B0 to B4 (efficientnet_b0 .. efficientnet_b4).");
  if (inChannels != 3 && inChannels != 4)
    throw Error("EfficientNet backbones take 3 or 4 input channels, not " +
                std::to_string(inChannels) + ".");
  const Scaling scaling = kScalings[static_cast<size_t>(variant)];

  std::array<StageConfig, kStages.size()> stages = kStages;
  int64_t totalBlocks = 0;
  for (StageConfig& stage : stages) {
    stage.inChannels = adjustChannels(stage.inChannels, scaling.width);
    stage.outChannels = adjustChannels(stage.outChannels, scaling.width);
    stage.numLayers = adjustDepth(stage.numLayers, scaling.depth);
    totalBlocks += stage.numLayers;
  }

  features = torch::nn::Sequential();
  features->push_back(convNormActivation(inChannels, stages.front().inChannels, 3, 2, 1, true));
  int64_t blockId = 0;
  for (size_t s = 0; s < stages.size(); ++s) {
    NestedSequential stage;
    for (int64_t b = 0; b < stages[s].numLayers; ++b, ++blockId) {
      StageConfig block = stages[s];
      if (b > 0) {
        block.inChannels = block.outChannels;
        block.stride = 1;
      }
      const bool residual = block.stride == 1 && block.inChannels == block.outChannels;
      const int64_t stride = s == kOutputStrideStage ? 1 : block.stride;
      const double dropProb =
          kStochasticDepthProb * static_cast<double>(blockId) / static_cast<double>(totalBlocks);
      stage->push_back(MBConv(block, stride, residual, dropProb));
    }
    features->push_back(stage);
  }
  featureChannels_ = 4 * stages.back().outChannels;
  features->push_back(
      convNormActivation(stages.back().outChannels, featureChannels_, 1, 1, 1, true));
  register_module("features", features);

  // torchvision's initialisation.
  for (const auto& module : modules(/*include_self=*/false)) {
    if (auto* conv = module->as<torch::nn::Conv2d>()) {
      torch::nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut);
      if (conv->bias.defined()) torch::nn::init::zeros_(conv->bias);
    } else if (auto* bn = module->as<torch::nn::BatchNorm2d>()) {
      torch::nn::init::ones_(bn->weight);
      torch::nn::init::zeros_(bn->bias);
    }
  }
}

torch::Tensor EfficientNetImpl::forward(torch::Tensor x) { return features->forward(x); }

std::shared_ptr<BackboneImpl> makeEfficientNet(int variant, int64_t inChannels) {
  return std::make_shared<EfficientNetImpl>(variant, inChannels);
}

}  // namespace cellcam::nn
