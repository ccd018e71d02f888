#include "nn/cam_net.h"

#include <utility>

#include <torch/nn/init.h>

#include "cellcam/error.h"

#include "nn/resnest.h"
#include "nn/resnet.h"

namespace cellcam::nn {

namespace {

constexpr int kEfficientNetVariants = 5;  // B0 .. B4

std::string knownNames() {
  std::string text;
  for (const std::string& n : backboneNames()) text += (text.empty() ? "" : ", ") + n;
  return text;
}

}  // namespace

std::vector<std::string> backboneNames() {
  std::vector<std::string> names{"resnet18", "resnet50", "resnet101", "resnest50", "resnest101"};
  for (int v = 0; v < kEfficientNetVariants; ++v)
    names.push_back("efficientnet_b" + std::to_string(v));
  return names;
}

std::shared_ptr<BackboneImpl> makeBackbone(const std::string& name, int64_t inChannels) {
  if (inChannels != 3 && inChannels != 4)
    throw Error("a " + name + " backbone takes 3 or 4 input channels, not " +
                std::to_string(inChannels) + ".");
  if (name == "resnet18") return makeResNet(18, inChannels);
  if (name == "resnet50") return makeResNet(50, inChannels);
  if (name == "resnet101") return makeResNet(101, inChannels);
  if (name == "resnest50") return makeResNeSt(50, inChannels);
  if (name == "resnest101") return makeResNeSt(101, inChannels);
  const std::string prefix = "efficientnet_b";
  if (name.size() == prefix.size() + 1 && name.compare(0, prefix.size(), prefix) == 0 &&
      name.back() >= '0' && name.back() < '0' + kEfficientNetVariants) {
    return makeEfficientNet(name.back() - '0', inChannels);
  }
  throw Error("unknown backbone '" + name + "'; use one of " + knownNames() + ".");
}

CamNetImpl::CamNetImpl(std::shared_ptr<BackboneImpl> backboneModule, int64_t numClasses)
    : backbone(register_module("backbone", std::move(backboneModule))) {
  classifier = register_module(
      "classifier",
      torch::nn::Conv2d(
          torch::nn::Conv2dOptions(backbone->featureChannels(), numClasses, 1).bias(false)));
  torch::NoGradGuard noGrad;
  torch::nn::init::kaiming_normal_(classifier->weight);
}

CamOutput CamNetImpl::forward(torch::Tensor x) {
  torch::Tensor maps = mapsOf(backbone->forward(std::move(x)));
  torch::Tensor logits = logitsOf(maps);
  return {std::move(logits), std::move(maps)};
}

torch::Tensor CamNetImpl::mapsOf(torch::Tensor features) {
  return classifier->forward(std::move(features));
}

torch::Tensor CamNetImpl::logitsOf(const torch::Tensor& maps) { return maps.mean({2, 3}); }

int64_t CamNetImpl::numClasses() const { return classifier->options.out_channels(); }

CamNet makeCamNet(const ModelConfig& config) {
  const int64_t channels = config.inputChannels();
  if (config.numClasses < 1)
    throw Error("a CAM model needs at least one class, not " + std::to_string(config.numClasses) +
                ".");
  return CamNet(makeBackbone(config.backbone, channels), config.numClasses);
}

}  // namespace cellcam::nn
