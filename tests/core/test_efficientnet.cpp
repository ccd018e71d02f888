// EfficientNet-B0..B4 backbones (core/src/nn/efficientnet.h) against torchvision 0.14.
// ctest first runs make_efficientnet_reference.py (fixture efficientnet_reference), which
// writes TorchScript references and torchvision's parameter counts into the folder given by
// CELLCAM_EFFICIENTNET_REFERENCE.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>

#include <torch/nn/module.h>
#include <torch/script.h>

#include "cellcam/error.h"

#include "nn/efficientnet.h"
#include <gtest/gtest.h>

namespace cellcam::nn {
namespace {

namespace fs = std::filesystem;

fs::path referenceDir() {
  const char* dir = std::getenv("CELLCAM_EFFICIENTNET_REFERENCE");
  if (dir == nullptr) return {};
  return dir;
}

#define REQUIRE_REFERENCE_DIR(dir)                                                         \
  ASSERT_FALSE((dir).empty())                                                              \
      << "CELLCAM_EFFICIENTNET_REFERENCE is not set: run these tests with ctest (fixture " \
         "core.make_efficientnet_reference), or run '/usr/bin/python3 "                    \
         "tests/core/make_efficientnet_reference.py DIR' and set "                         \
         "CELLCAM_EFFICIENTNET_REFERENCE=DIR"

/// Copies every parameter and buffer of `source` into the same-named tensor of `target`;
/// fails the test when a name exists on one side only or the shapes differ.
void copyByName(const torch::jit::Module& source, torch::nn::Module& target) {
  torch::NoGradGuard noGrad;
  std::map<std::string, torch::Tensor> sourceTensors;
  for (const auto& p : source.named_parameters()) sourceTensors[p.name] = p.value;
  for (const auto& b : source.named_buffers()) sourceTensors[b.name] = b.value;
  std::set<std::string> copied;
  auto copy = [&](const std::string& name, torch::Tensor& dst) {
    auto it = sourceTensors.find(name);
    ASSERT_NE(it, sourceTensors.end()) << name << " is missing from the torchvision reference";
    ASSERT_EQ(dst.sizes(), it->second.sizes()) << name;
    dst.copy_(it->second);
    copied.insert(name);
  };
  for (auto& p : target.named_parameters()) copy(p.key(), p.value());
  for (auto& b : target.named_buffers()) copy(b.key(), b.value());
  for (const auto& [name, tensor] : sourceTensors)
    EXPECT_TRUE(copied.count(name)) << name << " of torchvision has no counterpart";
}

int64_t parameterCount(const torch::nn::Module& module) {
  int64_t count = 0;
  for (const auto& p : module.parameters()) count += p.numel();
  return count;
}

/// max |a - b| / max |b|: the error relative to the output's scale.
double maxRelativeDifference(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<double>() / b.abs().max().item<double>();
}

class EfficientNetReference : public ::testing::TestWithParam<int> {};

TEST_P(EfficientNetReference, MatchesTorchvision) {
  const fs::path dir = referenceDir();
  REQUIRE_REFERENCE_DIR(dir);
  const int variant = GetParam();
  const fs::path file = dir / ("efficientnet_b" + std::to_string(variant) + ".pt");
  ASSERT_TRUE(fs::exists(file)) << file << " is missing";
  torch::jit::Module reference = torch::jit::load(file.string());

  EfficientNetImpl net(variant, 3);
  copyByName(reference, net);
  net.eval();
  torch::NoGradGuard noGrad;
  const torch::Tensor input = reference.attr("input").toTensor();
  const torch::Tensor expected = reference.attr("expected").toTensor();
  const torch::Tensor output = net.forward(input);
  ASSERT_EQ(output.sizes(), expected.sizes());
  const double difference = maxRelativeDifference(output, expected);
  std::cout << "efficientnet_b" << variant
            << ": max relative difference to torchvision = " << difference << "\n";
  EXPECT_LE(difference, 1e-4);
}

INSTANTIATE_TEST_SUITE_P(B0AndB3, EfficientNetReference, ::testing::Values(0, 3));

TEST(EfficientNet, ParameterCountsEqualTorchvision) {
  const fs::path dir = referenceDir();
  REQUIRE_REFERENCE_DIR(dir);
  // Written by make_efficientnet_reference.py: torchvision's efficientnet_bK().features
  // parameter counts (4007548, 6513184, 7700994, 10696232, 17548616 in torchvision 0.14).
  std::ifstream in(dir / "parameter_counts.txt");
  ASSERT_TRUE(in) << dir / "parameter_counts.txt"
                  << " is missing";
  std::map<std::string, int64_t> expected;
  std::string name;
  int64_t count = 0;
  while (in >> name >> count) expected[name] = count;
  ASSERT_EQ(expected.size(), 5u);
  for (int variant = 0; variant <= 4; ++variant) {
    const std::string key = "efficientnet_b" + std::to_string(variant);
    ASSERT_TRUE(expected.count(key)) << key;
    EXPECT_EQ(parameterCount(EfficientNetImpl(variant, 3)), expected[key]) << key;
  }
}

TEST(EfficientNet, OutputStride16At512) {
  // featureChannels = 4 x the last stage's channels (torchvision's last_channel rule).
  const int64_t channels[] = {1280, 1280, 1408, 1536, 1792};
  torch::NoGradGuard noGrad;
  torch::manual_seed(0);
  const torch::Tensor x = torch::randn({1, 3, 512, 512});
  for (int variant = 0; variant <= 4; ++variant) {
    const auto net = makeEfficientNet(variant, 3);
    net->eval();
    EXPECT_EQ(net->featureChannels(), channels[variant]);
    EXPECT_EQ(net->stemWeightName(), "features.0.0.weight");
    const auto start = std::chrono::steady_clock::now();
    const torch::Tensor y = net->forward(x);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "efficientnet_b" << variant << " forward 1x3x512x512 fp32: " << seconds << " s\n";
    EXPECT_EQ(y.sizes(), torch::IntArrayRef({1, channels[variant], 32, 32}));
    EXPECT_TRUE(torch::isfinite(y).all().item<bool>());
  }
}

TEST(EfficientNet, OddSizesRoundUp) {
  torch::NoGradGuard noGrad;
  EfficientNetImpl net(0, 3);
  net.eval();
  const torch::Tensor y = net.forward(torch::randn({1, 3, 100, 132}));
  EXPECT_EQ(y.sizes(), torch::IntArrayRef({1, 1280, 7, 9}));
}

TEST(EfficientNet, FourChannelInput) {
  const auto net = makeEfficientNet(0, 4);
  const auto params = net->named_parameters();
  ASSERT_TRUE(params.contains(net->stemWeightName()));
  EXPECT_EQ(params[net->stemWeightName()].sizes(), torch::IntArrayRef({32, 4, 3, 3}));
  net->eval();
  torch::NoGradGuard noGrad;
  const torch::Tensor y = net->forward(torch::randn({2, 4, 64, 96}));
  EXPECT_EQ(y.sizes(), torch::IntArrayRef({2, 1280, 4, 6}));
}

TEST(EfficientNet, DropConnectOnlyInTraining) {
  torch::manual_seed(7);
  EfficientNetImpl net(0, 3);
  torch::NoGradGuard noGrad;
  const torch::Tensor x = torch::randn({4, 3, 64, 64});
  net.train();
  // Batch norm uses batch statistics in training, which are the same for both passes, so
  // only stochastic depth makes them differ.
  const torch::Tensor train1 = net.forward(x);
  const torch::Tensor train2 = net.forward(x);
  EXPECT_FALSE(torch::equal(train1, train2));
  net.eval();
  const torch::Tensor eval1 = net.forward(x);
  const torch::Tensor eval2 = net.forward(x);
  EXPECT_TRUE(torch::equal(eval1, eval2));
}

TEST(EfficientNet, TorchvisionNames) {
  EfficientNetImpl net(0, 3);
  const auto params = net.named_parameters();
  for (const char* name :
       {"features.0.0.weight", "features.0.1.weight", "features.1.0.block.0.0.weight",
        "features.1.0.block.1.fc1.weight", "features.1.0.block.1.fc2.bias",
        "features.2.0.block.0.0.weight", "features.6.0.block.1.0.weight", "features.8.0.weight",
        "features.8.1.bias"})
    EXPECT_TRUE(params.contains(name)) << name;
  EXPECT_TRUE(net.named_buffers().contains("features.8.1.running_var"));
  // features.6.0's depthwise convolution keeps its 5x5 kernel (stride 1 for output stride 16).
  EXPECT_EQ(params["features.6.0.block.1.0.weight"].sizes(), torch::IntArrayRef({672, 1, 5, 5}));
}

TEST(EfficientNet, RejectsBadArguments) {
  EXPECT_THROW(makeEfficientNet(5, 3), Error);
  EXPECT_THROW(makeEfficientNet(-1, 3), Error);
  EXPECT_THROW(makeEfficientNet(0, 2), Error);
}

}  // namespace
}  // namespace cellcam::nn
