#include "nn/resnet.h"

#include <utility>

#include <torch/nn/init.h>

#include "cellcam/error.h"

namespace cellcam::nn {
namespace {

using torch::nn::BatchNorm2d;
using torch::nn::Conv2d;
using torch::nn::Conv2dOptions;
using torch::nn::Sequential;

Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride) {
  return Conv2d(Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2).bias(false));
}

/// torchvision BasicBlock: 3x3 (stride) - bn - relu - 3x3 - bn, + identity, relu.
class BasicBlockImpl : public torch::nn::Module {
 public:
  static constexpr int64_t kExpansion = 1;
  BasicBlockImpl(int64_t inplanes, int64_t planes, int64_t stride, Sequential downsample)
      : conv1(register_module("conv1", conv(inplanes, planes, 3, stride))),
        bn1(register_module("bn1", BatchNorm2d(planes))),
        conv2(register_module("conv2", conv(planes, planes, 3, 1))),
        bn2(register_module("bn2", BatchNorm2d(planes))),
        downsample(std::move(downsample)) {
    if (this->downsample) register_module("downsample", this->downsample);
  }

  torch::Tensor forward(torch::Tensor x) {
    torch::Tensor out = bn1->forward(conv1->forward(x)).relu_();
    out = bn2->forward(conv2->forward(out));
    out += downsample ? downsample->forward(x) : x;
    return out.relu_();
  }

  Conv2d conv1;
  BatchNorm2d bn1;
  Conv2d conv2;
  BatchNorm2d bn2;
  Sequential downsample;
};
TORCH_MODULE(BasicBlock);

/// torchvision Bottleneck (ResNet v1.5): 1x1 - 3x3 (stride) - 1x1 (x4), + identity, relu.
class BottleneckImpl : public torch::nn::Module {
 public:
  static constexpr int64_t kExpansion = 4;
  BottleneckImpl(int64_t inplanes, int64_t planes, int64_t stride, Sequential downsample)
      : conv1(register_module("conv1", conv(inplanes, planes, 1, 1))),
        bn1(register_module("bn1", BatchNorm2d(planes))),
        conv2(register_module("conv2", conv(planes, planes, 3, stride))),
        bn2(register_module("bn2", BatchNorm2d(planes))),
        conv3(register_module("conv3", conv(planes, planes * kExpansion, 1, 1))),
        bn3(register_module("bn3", BatchNorm2d(planes * kExpansion))),
        downsample(std::move(downsample)) {
    if (this->downsample) register_module("downsample", this->downsample);
  }

  torch::Tensor forward(torch::Tensor x) {
    torch::Tensor out = bn1->forward(conv1->forward(x)).relu_();
    out = bn2->forward(conv2->forward(out)).relu_();
    out = bn3->forward(conv3->forward(out));
    out += downsample ? downsample->forward(x) : x;
    return out.relu_();
  }

  Conv2d conv1;
  BatchNorm2d bn1;
  Conv2d conv2;
  BatchNorm2d bn2;
  Conv2d conv3;
  BatchNorm2d bn3;
  Sequential downsample;
};
TORCH_MODULE(Bottleneck);

/// One stage (torchvision's _make_layer): the first block has `stride` and, when the shape
/// changes, a downsample (1x1 convolution with that stride, batch norm).
template <typename Block, typename BlockImpl>
Sequential makeStage(int64_t& inplanes, int64_t planes, int64_t blocks, int64_t stride) {
  const int64_t outplanes = planes * BlockImpl::kExpansion;
  Sequential downsample{nullptr};
  if (stride != 1 || inplanes != outplanes)
    downsample = Sequential(conv(inplanes, outplanes, 1, stride), BatchNorm2d(outplanes));
  Sequential stage;
  stage->push_back(Block(inplanes, planes, stride, downsample));
  inplanes = outplanes;
  for (int64_t i = 1; i < blocks; ++i) stage->push_back(Block(inplanes, planes, 1, nullptr));
  return stage;
}

}  // namespace

ResNetImpl::ResNetImpl(bool bottleneck, std::array<int64_t, 4> blocks, int64_t inChannels) {
  conv1 = register_module(
      "conv1", Conv2d(Conv2dOptions(inChannels, 64, 7).stride(2).padding(3).bias(false)));
  bn1 = register_module("bn1", BatchNorm2d(64));
  maxpool = register_module(
      "maxpool", torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(3).stride(2).padding(1)));
  // Stage strides 2, 2, 2, 1 after the stem: output stride 16.
  const std::array<int64_t, 4> planes{64, 128, 256, 512};
  const std::array<int64_t, 4> strides{1, 2, 2, 1};
  std::array<Sequential, 4> stages;
  int64_t inplanes = 64;
  for (std::size_t i = 0; i < 4; ++i)
    stages[i] =
        bottleneck
            ? makeStage<Bottleneck, BottleneckImpl>(inplanes, planes[i], blocks[i], strides[i])
            : makeStage<BasicBlock, BasicBlockImpl>(inplanes, planes[i], blocks[i], strides[i]);
  layer1 = register_module("layer1", stages[0]);
  layer2 = register_module("layer2", stages[1]);
  layer3 = register_module("layer3", stages[2]);
  layer4 = register_module("layer4", stages[3]);
  featureChannels_ = inplanes;
  initResNetWeights(*this);
}

torch::Tensor ResNetImpl::forward(torch::Tensor x) {
  x = maxpool->forward(bn1->forward(conv1->forward(x)).relu_());
  x = layer1->forward(x);
  x = layer2->forward(x);
  x = layer3->forward(x);
  return layer4->forward(x);
}

void initResNetWeights(torch::nn::Module& module) {
  torch::NoGradGuard noGrad;
  for (const auto& m : module.modules(/*include_self=*/false)) {
    if (auto* c = m->as<torch::nn::Conv2d>()) {
      torch::nn::init::kaiming_normal_(c->weight, 0, torch::kFanOut, torch::kReLU);
    } else if (auto* b = m->as<torch::nn::BatchNorm2d>()) {
      torch::nn::init::ones_(b->weight);
      torch::nn::init::zeros_(b->bias);
    }
  }
}

std::shared_ptr<BackboneImpl> makeResNet(int depth, int64_t inChannels) {
  switch (depth) {
    case 18:
      return std::make_shared<ResNetImpl>(false, std::array<int64_t, 4>{2, 2, 2, 2}, inChannels);
    case 50:
      return std::make_shared<ResNetImpl>(true, std::array<int64_t, 4>{3, 4, 6, 3}, inChannels);
    case 101:
      return std::make_shared<ResNetImpl>(true, std::array<int64_t, 4>{3, 4, 23, 3}, inChannels);
    default:
      throw Error("ResNet-" + std::to_string(depth) +
                  " is not available; use ResNet-18, ResNet-50 or ResNet-101.");
  }
}

}  // namespace cellcam::nn
