#include "nn/resnest.h"

#include <algorithm>
#include <utility>
#include <vector>

#include <torch/nn/modules/activation.h>

#include "cellcam/error.h"

#include "nn/resnet.h"

namespace cellcam::nn {
namespace {

using torch::nn::AvgPool2d;
using torch::nn::AvgPool2dOptions;
using torch::nn::BatchNorm2d;
using torch::nn::Conv2d;
using torch::nn::Conv2dOptions;
using torch::nn::Sequential;

constexpr int64_t kRadix = 2;
constexpr int64_t kCardinality = 1;
constexpr int64_t kBottleneckWidth = 64;
constexpr int64_t kExpansion = 4;

Conv2d conv3x3(int64_t in, int64_t out, int64_t stride) {
  return Conv2d(Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(false));
}

Conv2d conv1x1(int64_t in, int64_t out) { return Conv2d(Conv2dOptions(in, out, 1).bias(false)); }

/// The reference Bottleneck with radix >= 1 (conv2 is a SplAtConv2d).
class ResNeStBottleneckImpl : public torch::nn::Module {
 public:
  ResNeStBottleneckImpl(int64_t inplanes, int64_t planes, int64_t stride, Sequential downsample,
                        int64_t dilation, bool isFirst)
      : downsample(std::move(downsample)) {
    const int64_t groupWidth = planes * kBottleneckWidth / 64 * kCardinality;
    conv1 = register_module("conv1", conv1x1(inplanes, groupWidth));
    bn1 = register_module("bn1", BatchNorm2d(groupWidth));
    // avd: the stride moves from the 3x3 convolution to a 3x3 average pooling after it.
    avd_ = stride > 1 || isFirst;
    if (avd_) {
      avd_layer =
          register_module("avd_layer", AvgPool2d(AvgPool2dOptions(3).stride(stride).padding(1)));
      stride = 1;
    }
    conv2 = register_module(
        "conv2", SplAtConv2d(groupWidth, groupWidth, stride, dilation, kRadix, kCardinality));
    conv3 = register_module("conv3", conv1x1(groupWidth, planes * kExpansion));
    bn3 = register_module("bn3", BatchNorm2d(planes * kExpansion));
    if (this->downsample) register_module("downsample", this->downsample);
  }

  torch::Tensor forward(torch::Tensor x) {
    torch::Tensor out = bn1->forward(conv1->forward(x)).relu_();
    out = conv2->forward(out);
    if (avd_) out = avd_layer->forward(out);
    out = bn3->forward(conv3->forward(out));
    out += downsample ? downsample->forward(x) : x;
    return out.relu_();
  }

  torch::nn::Conv2d conv1{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr};
  AvgPool2d avd_layer{nullptr};
  SplAtConv2d conv2{nullptr};
  torch::nn::Conv2d conv3{nullptr};
  torch::nn::BatchNorm2d bn3{nullptr};
  Sequential downsample;

 private:
  bool avd_ = false;
};
TORCH_MODULE(ResNeStBottleneck);

/// The reference _make_layer with avg_down; `dilation` 1 or 2 (the first block is never
/// dilated, as in the reference for dilation 2).
Sequential makeStage(int64_t& inplanes, int64_t planes, int64_t blocks, int64_t stride,
                     int64_t dilation, bool isFirst) {
  const int64_t outplanes = planes * kExpansion;
  Sequential downsample{nullptr};
  if (stride != 1 || inplanes != outplanes) {
    // kernel = stride = 1 when dilated (the reference's AvgPool2d(1, 1)).
    const int64_t pool = dilation == 1 ? stride : 1;
    downsample = Sequential(
        AvgPool2d(AvgPool2dOptions(pool).stride(pool).ceil_mode(true).count_include_pad(false)),
        conv1x1(inplanes, outplanes), BatchNorm2d(outplanes));
  }
  Sequential stage;
  stage->push_back(ResNeStBottleneck(inplanes, planes, stride, downsample, 1, isFirst));
  inplanes = outplanes;
  for (int64_t i = 1; i < blocks; ++i)
    stage->push_back(ResNeStBottleneck(inplanes, planes, 1, nullptr, dilation, false));
  return stage;
}

}  // namespace

SplAtConv2dImpl::SplAtConv2dImpl(int64_t inChannels, int64_t channels, int64_t stride,
                                 int64_t dilation, int64_t radix, int64_t cardinality)
    : radix_(radix), cardinality_(cardinality) {
  const int64_t inter = std::max<int64_t>(inChannels * radix / 4, 32);
  conv = register_module("conv", Conv2d(Conv2dOptions(inChannels, channels * radix, 3)
                                            .stride(stride)
                                            .padding(dilation)
                                            .dilation(dilation)
                                            .groups(cardinality * radix)
                                            .bias(false)));
  bn0 = register_module("bn0", BatchNorm2d(channels * radix));
  fc1 = register_module("fc1", Conv2d(Conv2dOptions(channels, inter, 1).groups(cardinality)));
  bn1 = register_module("bn1", BatchNorm2d(inter));
  fc2 =
      register_module("fc2", Conv2d(Conv2dOptions(inter, channels * radix, 1).groups(cardinality)));
}

torch::Tensor SplAtConv2dImpl::forward(torch::Tensor x) {
  x = bn0->forward(conv->forward(x)).relu_();
  const int64_t batch = x.size(0);
  const int64_t split = x.size(1) / radix_;
  std::vector<torch::Tensor> splits;
  torch::Tensor gap = x;
  if (radix_ > 1) {
    splits = x.split(split, 1);
    gap = splits[0];
    for (std::size_t i = 1; i < splits.size(); ++i) gap = gap + splits[i];
  }
  gap = gap.mean({2, 3}, /*keepdim=*/true);
  gap = bn1->forward(fc1->forward(gap)).relu_();
  torch::Tensor atten = fc2->forward(gap);
  // rSoftMax: softmax over the radix within each cardinal group.
  if (radix_ > 1)
    atten = atten.view({batch, cardinality_, radix_, -1})
                .transpose(1, 2)
                .softmax(1)
                .reshape({batch, -1});
  else
    atten = atten.sigmoid();
  atten = atten.view({batch, -1, 1, 1});
  if (radix_ == 1) return (atten * x).contiguous();
  const std::vector<torch::Tensor> attens = atten.split(split, 1);
  torch::Tensor out = attens[0] * splits[0];
  for (std::size_t i = 1; i < attens.size(); ++i) out = out + attens[i] * splits[i];
  return out.contiguous();
}

ResNeStImpl::ResNeStImpl(std::array<int64_t, 4> blocks, int64_t stemWidth, int64_t inChannels) {
  using torch::nn::ReLU;
  using torch::nn::ReLUOptions;
  conv1 =
      register_module("conv1", Sequential(conv3x3(inChannels, stemWidth, 2), BatchNorm2d(stemWidth),
                                          ReLU(ReLUOptions(true)), conv3x3(stemWidth, stemWidth, 1),
                                          BatchNorm2d(stemWidth), ReLU(ReLUOptions(true)),
                                          conv3x3(stemWidth, stemWidth * 2, 1)));
  bn1 = register_module("bn1", BatchNorm2d(stemWidth * 2));
  maxpool = register_module(
      "maxpool", torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(3).stride(2).padding(1)));
  int64_t inplanes = stemWidth * 2;
  layer1 = register_module("layer1", makeStage(inplanes, 64, blocks[0], 1, 1, false));
  layer2 = register_module("layer2", makeStage(inplanes, 128, blocks[1], 2, 1, true));
  layer3 = register_module("layer3", makeStage(inplanes, 256, blocks[2], 2, 1, true));
  layer4 = register_module("layer4", makeStage(inplanes, 512, blocks[3], 1, 2, true));
  // The reference's init: normal(0, sqrt(2 / (k * k * out))) = Kaiming normal, fan_out.
  initResNetWeights(*this);
}

torch::Tensor ResNeStImpl::forward(torch::Tensor x) {
  x = maxpool->forward(bn1->forward(conv1->forward(x)).relu_());
  x = layer1->forward(x);
  x = layer2->forward(x);
  x = layer3->forward(x);
  return layer4->forward(x);
}

std::shared_ptr<BackboneImpl> makeResNeSt(int depth, int64_t inChannels) {
  switch (depth) {
    case 50:
      return std::make_shared<ResNeStImpl>(std::array<int64_t, 4>{3, 4, 6, 3}, 32, inChannels);
    case 101:
      return std::make_shared<ResNeStImpl>(std::array<int64_t, 4>{3, 4, 23, 3}, 64, inChannels);
    default:
      throw Error("ResNeSt-" + std::to_string(depth) +
                  " is not available; use ResNeSt-50 or ResNeSt-101.");
  }
}

}  // namespace cellcam::nn
