// CAM networks (core/src/nn/cam_net.h, resnet.h, resnest.h), model files and weight import
// (nn/model_io.h), the public CamModel and ModelConfig.
// The reference tests compare against Python: ctest first runs make_reference_models.py
// (fixture reference_models), which writes torchvision's ResNet-50, a re-implementation of the
// reference ResNeSt-50 and a TorchScript CAM model, with inputs and outputs, into the folder
// given by CELLCAM_REFERENCE_MODELS.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <torch/script.h>

#include "cellcam/cam_model.h"
#include "cellcam/error.h"
#include "cellcam/model_bench.h"
#include "cellcam/model_config.h"

#include "nn/cam_net.h"
#include "nn/model_io.h"
#include "temp_dir.h"
#include <gtest/gtest.h>

namespace cellcam::nn {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

constexpr double kReferenceTolerance = 1e-4;

fs::path referenceDir() {
  const char* dir = std::getenv("CELLCAM_REFERENCE_MODELS");
  return dir ? fs::path(dir) : fs::path();
}

#define REQUIRE_REFERENCE_DIR(dir)                                                          \
  ASSERT_FALSE((dir).empty())                                                               \
      << "CELLCAM_REFERENCE_MODELS is not set: run these tests with ctest (fixture "        \
         "reference_models), or run '/usr/bin/python3 tests/core/make_reference_models.py " \
         "DIR' and set CELLCAM_REFERENCE_MODELS=DIR"

/// A tensor stored as an attribute of a TorchScript holder module written by the script.
torch::Tensor referenceTensor(const fs::path& file, const std::string& name) {
  return torch::jit::load(file.string()).attr(name).toTensor();
}

/// max |a - b| / max |b|: the error relative to the output's scale.
double maxRelativeDifference(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<double>() / b.abs().max().item<double>();
}

ModelConfig config(const std::string& backbone, const std::string& channels, int classes = 19) {
  ModelConfig c;
  c.backbone = backbone;
  c.channels = channels;
  c.numClasses = classes;
  c.inputSize = 512;
  return c;
}

int64_t parameterCount(const torch::nn::Module& module) {
  int64_t count = 0;
  for (const auto& p : module.parameters()) count += p.numel();
  return count;
}

bool hasTensor(const torch::nn::Module& module, const std::string& name) {
  return module.named_parameters().contains(name) || module.named_buffers().contains(name);
}

/// Non-trivial batch-norm statistics, so that saving and loading buffers matters.
void randomiseBuffers(torch::nn::Module& module) {
  torch::NoGradGuard noGrad;
  for (auto& b : module.named_buffers()) {
    if (b.key().find("running_mean") != std::string::npos) b.value().uniform_(-0.2, 0.2);
    if (b.key().find("running_var") != std::string::npos) b.value().uniform_(0.5, 1.5);
  }
}

/// Calls `f`, expects a cellcam::Error whose message names `file` and contains `part`.
template <typename F>
void expectFileError(F&& f, const fs::path& file, const std::string& part) {
  try {
    f();
    ADD_FAILURE() << "no error for " << file;
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(file.string()), std::string::npos) << message;
    EXPECT_NE(message.find(part), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

// --- Shapes and construction -----------------------------------------------------------------

TEST(CamNet, OutputStride16At512) {
  CamNet net = makeCamNet(config("resnet18", "rgb"));
  net->eval();
  torch::NoGradGuard noGrad;
  const CamOutput out = net->forward(torch::randn({1, 3, 512, 512}));
  EXPECT_EQ(out.maps.sizes(), (std::vector<int64_t>{1, 19, 32, 32}));
  EXPECT_EQ(out.logits.sizes(), (std::vector<int64_t>{1, 19}));
  EXPECT_TRUE(torch::allclose(out.logits, out.maps.mean({2, 3}), 1e-6, 1e-6));
  EXPECT_EQ(net->numClasses(), 19);
}

TEST(CamNet, FourChannelInputAndOddSizes) {
  CamNet net = makeCamNet(config("resnet18", "rgby", 7));
  EXPECT_EQ(net->backbone->named_parameters()["conv1.weight"].sizes(),
            (std::vector<int64_t>{64, 4, 7, 7}));
  net->eval();
  torch::NoGradGuard noGrad;
  const CamOutput out = net->forward(torch::randn({2, 4, 65, 97}));
  EXPECT_EQ(out.maps.sizes(), (std::vector<int64_t>{2, 7, 5, 7}));  // ceil(65/16), ceil(97/16)
  EXPECT_EQ(out.logits.sizes(), (std::vector<int64_t>{2, 7}));
  EXPECT_THROW(net->forward(torch::randn({1, 3, 64, 64})), c10::Error);
}

TEST(CamNet, MapsOfAndLogitsOfComposeToForward) {
  CamNet net = makeCamNet(config("resnet18", "rgb", 5));
  net->eval();
  torch::NoGradGuard noGrad;
  const torch::Tensor x = torch::randn({2, 3, 64, 64});
  const CamOutput out = net->forward(x);
  const torch::Tensor maps = net->mapsOf(net->backbone->forward(x));
  EXPECT_TRUE(torch::equal(maps, out.maps));
  EXPECT_TRUE(torch::equal(CamNetImpl::logitsOf(maps), out.logits));
}

TEST(CamNet, EveryBackboneConstructs) {
  const std::vector<std::string> names = backboneNames();
  ASSERT_EQ(names.size(), 10u);
  for (const std::string& name : names) {
    SCOPED_TRACE(name);
    for (int64_t channels : {3, 4}) {
      const auto backbone = makeBackbone(name, channels);
      ASSERT_TRUE(backbone);
      const auto params = backbone->named_parameters();
      ASSERT_TRUE(params.contains(backbone->stemWeightName())) << backbone->stemWeightName();
      EXPECT_EQ(params[backbone->stemWeightName()].size(1), channels);
      if (channels == 4) continue;
      backbone->eval();
      torch::NoGradGuard noGrad;
      const torch::Tensor features = backbone->forward(torch::randn({1, channels, 64, 80}));
      EXPECT_EQ(features.sizes(), (std::vector<int64_t>{1, backbone->featureChannels(), 4, 5}));
    }
  }
}

TEST(CamNet, ParameterCountsAndNamesFollowTheReferences) {
  // The Python models' counts without their fc layers.
  const std::vector<std::pair<std::string, int64_t>> expected{
      {"resnet18", 11176512},  {"resnet50", 23508032},   {"resnet101", 42500160},
      {"resnest50", 25434240}, {"resnest101", 46226016},
  };
  for (const auto& [name, count] : expected)
    EXPECT_EQ(parameterCount(*makeBackbone(name, 3)), count) << name;

  const auto resnet = makeBackbone("resnet50", 3);
  for (const char* n : {"conv1.weight", "bn1.running_var", "layer1.0.downsample.0.weight",
                        "layer1.0.downsample.1.num_batches_tracked", "layer3.5.conv2.weight",
                        "layer4.0.downsample.1.bias", "layer4.2.bn3.weight"})
    EXPECT_TRUE(hasTensor(*resnet, n)) << n;
  EXPECT_FALSE(hasTensor(*resnet, "fc.weight"));
  EXPECT_EQ(resnet->named_parameters().size() + resnet->named_buffers().size(), 318u);

  const auto resnest = makeBackbone("resnest50", 3);
  for (const char* n :
       {"conv1.0.weight", "conv1.1.running_mean", "conv1.4.weight", "conv1.6.weight", "bn1.weight",
        "layer1.0.conv2.conv.weight", "layer1.0.conv2.bn0.bias", "layer1.0.conv2.fc1.bias",
        "layer1.0.conv2.bn1.running_var", "layer1.0.conv2.fc2.weight",
        "layer2.0.downsample.1.weight", "layer2.0.downsample.2.running_mean",
        "layer4.2.conv3.weight"})
    EXPECT_TRUE(hasTensor(*resnest, n)) << n;
  EXPECT_EQ(resnest->named_parameters().size() + resnest->named_buffers().size(), 474u);
}

TEST(CamNet, BadNamesAndChannelsAreErrors) {
  try {
    makeBackbone("resnet34", 3);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("resnest101"), std::string::npos) << e.what();
  }
  EXPECT_THROW(makeBackbone("resnet50", 2), Error);
  EXPECT_THROW(makeCamNet(config("resnet18", "rgbx")), Error);
  EXPECT_THROW(makeCamNet(config("resnet18", "rgb", 0)), Error);
}

// --- Model files -------------------------------------------------------------------------------

TEST(CamNet, SaveLoadRoundTripIsExact) {
  TempDir dir;
  const ModelConfig cfg = config("resnet18", "rgby", 19);
  CamNet net = makeCamNet(cfg);
  randomiseBuffers(*net);
  net->eval();
  saveCamModel(net, cfg, dir / "model.cellcam");

  auto [loaded, loadedConfig] = loadCamModel(dir / "model.cellcam");
  EXPECT_EQ(loadedConfig.toJson(), cfg.toJson());
  EXPECT_FALSE(loaded->is_training());
  const auto a = net->named_parameters(), b = loaded->named_parameters();
  ASSERT_EQ(a.size(), b.size());
  for (const auto& p : a) EXPECT_TRUE(torch::equal(p.value(), b[p.key()])) << p.key();
  for (const auto& buf : net->named_buffers())
    EXPECT_TRUE(torch::equal(buf.value(), loaded->named_buffers()[buf.key()])) << buf.key();

  torch::NoGradGuard noGrad;
  const torch::Tensor x = torch::randn({2, 4, 96, 64});
  const CamOutput before = net->forward(x), after = loaded->forward(x);
  EXPECT_TRUE(torch::equal(before.maps, after.maps));
  EXPECT_TRUE(torch::equal(before.logits, after.logits));
  // No temporary files left behind.
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir.path())) files += entry.is_regular_file();
  EXPECT_EQ(files, 1);
}

TEST(CamNet, DamagedModelFilesAreErrorsNamingTheFile) {
  TempDir dir;
  const ModelConfig cfg = config("resnet18", "rgb", 3);
  CamNet net = makeCamNet(cfg);
  const fs::path good = dir / "good.cellcam";
  saveCamModel(net, cfg, good);
  const std::string bytes = test::readBytes(good);

  const fs::path truncated = dir / "truncated.cellcam";
  test::writeText(truncated, bytes.substr(0, bytes.size() / 2));
  expectFileError([&] { loadCamModel(truncated); }, truncated, "damaged");

  const fs::path text = dir / "text.cellcam";
  test::writeText(text, "this is not a model\n");
  expectFileError([&] { loadCamModel(text); }, text, "damaged");

  const fs::path empty = dir / "empty.cellcam";
  test::writeText(empty, "");
  expectFileError([&] { loadCamModel(empty); }, empty, "damaged");

  const fs::path missing = dir / "missing.cellcam";
  expectFileError([&] { loadCamModel(missing); }, missing, "not found");
  expectFileError([&] { loadCamModel(dir.path()); }, dir.path(), "folder");

  // Tensors that do not fit the stored settings.
  const fs::path mismatched = dir / "mismatched.cellcam";
  saveCamModel(net, config("resnet50", "rgb", 3), mismatched);
  expectFileError([&] { loadCamModel(mismatched); }, mismatched, "does not fit");
  const fs::path fewerClasses = dir / "classes.cellcam";
  saveCamModel(net, config("resnet18", "rgb", 2), fewerClasses);
  expectFileError([&] { loadCamModel(fewerClasses); }, fewerClasses, "classifier.weight");

  // Saving into a folder that does not exist.
  expectFileError([&] { saveCamModel(net, cfg, dir / "no" / "such.cellcam"); },
                  dir / "no" / "such.cellcam", "does not exist");
}

// --- CamModel --------------------------------------------------------------------------------

TEST(CamModel, ForwardEqualsCamNet) {
  TempDir dir;
  const ModelConfig cfg = config("resnet18", "rgby", 19);
  const CamModel model = CamModel::create(cfg);
  EXPECT_FALSE(model.isTorchScript());
  EXPECT_EQ(model.config().backbone, "resnet18");
  model.save(dir / "model.cellcam");
  auto [net, loadedConfig] = loadCamModel(dir / "model.cellcam");
  net->eval();

  const int batch = 2, height = 80, width = 112;
  const torch::Tensor x = torch::randn({batch, 4, height, width});
  const std::vector<float> input(x.data_ptr<float>(), x.data_ptr<float>() + x.numel());
  const CamModel::Output out = model.forward(input, batch, height, width);
  EXPECT_EQ(out.batch, batch);
  EXPECT_EQ(out.classes, 19);
  EXPECT_EQ(out.height, 5);
  EXPECT_EQ(out.width, 7);
  ASSERT_EQ(out.logits.size(), 2u * 19);
  ASSERT_EQ(out.maps.size(), 2u * 19 * 5 * 7);

  torch::NoGradGuard noGrad;
  const CamOutput ref = net->forward(x);
  const torch::Tensor maps = torch::from_blob(const_cast<float*>(out.maps.data()), {2, 19, 5, 7});
  const torch::Tensor logits = torch::from_blob(const_cast<float*>(out.logits.data()), {2, 19});
  EXPECT_TRUE(torch::equal(maps, ref.maps));
  EXPECT_TRUE(torch::equal(logits, ref.logits));

  // The loaded public model gives the same answer.
  const CamModel reloaded = CamModel::load(dir / "model.cellcam");
  const CamModel::Output again = reloaded.forward(input, batch, height, width);
  EXPECT_EQ(again.maps, out.maps);
  EXPECT_EQ(again.logits, out.logits);
}

TEST(CamModel, ForwardChecksTheInputSize) {
  const CamModel model = CamModel::create(config("resnet18", "rgb", 3));
  EXPECT_THROW(model.forward(std::vector<float>(3 * 32 * 32 - 1), 1, 32, 32), Error);
  EXPECT_THROW(model.forward({}, 0, 32, 32), Error);
  const CamModel::Output out = model.forward(std::vector<float>(3 * 32 * 48, 0.5f), 1, 32, 48);
  EXPECT_EQ(out.height, 2);
  EXPECT_EQ(out.width, 3);
}

TEST(CamModel, CreateRejectsBadConfigs) {
  EXPECT_THROW(CamModel::create(config("vgg16", "rgb")), Error);
  EXPECT_THROW(CamModel::create(config("resnet18", "rgbw")), Error);
}

TEST(CamModel, ConcurrentForwardCallsAgree) {
  const CamModel model = CamModel::create(config("resnet18", "rgb", 4));
  const std::vector<float> input(2 * 3 * 64 * 64, 0.25f);
  const CamModel::Output expected = model.forward(input, 2, 64, 64);
  std::vector<std::thread> threads;
  std::vector<CamModel::Output> outputs(3);
  for (int i = 0; i < 3; ++i)
    threads.emplace_back([&, i] { outputs[i] = model.forward(input, 2, 64, 64); });
  for (auto& t : threads) t.join();
  for (const auto& o : outputs) EXPECT_EQ(o.maps, expected.maps);
}

// --- ModelConfig -------------------------------------------------------------------------------

TEST(CamModelConfig, JsonRoundTripAndDefaults) {
  const ModelConfig cfg = config("resnest101", "ggg", 5);
  const ModelConfig back = ModelConfig::fromJson(cfg.toJson(), "test");
  EXPECT_EQ(back.backbone, "resnest101");
  EXPECT_EQ(back.channels, "ggg");
  EXPECT_EQ(back.numClasses, 5);
  EXPECT_EQ(back.inputSize, 512);
  EXPECT_EQ(back.inputChannels(), 3);
  const ModelConfig defaults = ModelConfig::fromJson("{}", "test");
  EXPECT_EQ(defaults.backbone, "resnet50");
  EXPECT_EQ(defaults.inputChannels(), 4);
  EXPECT_EQ(defaults.numClasses, 19);
  EXPECT_EQ(defaults.inputSize, 640);
}

TEST(CamModelConfig, BadSettingsAreErrorsNamingSourceAndKey) {
  const fs::path source = "settings.json";
  expectFileError([&] { ModelConfig::fromJson("{\"backbon\": \"resnet50\"}", "settings.json"); },
                  source, "backbon");
  expectFileError([&] { ModelConfig::fromJson("{\"backbone\": \"vgg\"}", "settings.json"); },
                  source, "efficientnet_b4");
  expectFileError([&] { ModelConfig::fromJson("{\"channels\": \"rgbw\"}", "settings.json"); },
                  source, "channels");
  expectFileError([&] { ModelConfig::fromJson("{\"numClasses\": 0}", "settings.json"); }, source,
                  "numClasses");
  expectFileError([&] { ModelConfig::fromJson("{\"numClasses\": \"19\"}", "settings.json"); },
                  source, "whole number");
  expectFileError([&] { ModelConfig::fromJson("{\"inputSize\": 500}", "settings.json"); }, source,
                  "multiple of 32");
  expectFileError([&] { ModelConfig::fromJson("[1, 2]", "settings.json"); }, source, "object");
  expectFileError([&] { ModelConfig::fromJson("{", "settings.json"); }, source, "JSON");
  ModelConfig bad;
  bad.channels = "xyz";
  EXPECT_THROW(bad.inputChannels(), Error);
}

// --- Against Python (fixture reference_models) ----------------------------------------------

/// Builds `backbone` (rgb, 19 classes), imports the weights of DIR/`archive`, runs the input of
/// DIR/`reference` and expects its features within kReferenceTolerance of the reference's.
/// Returns the import report.
ImportedWeights expectMatchesReference(const fs::path& dir, const std::string& backbone,
                                       const std::string& archive, const std::string& reference,
                                       const std::string& what) {
  const ModelConfig cfg = config(backbone, "rgb", 19);
  CamNet net = makeCamNet(cfg);
  const ImportedWeights report = importBackboneWeights(net, dir / archive, cfg);
  EXPECT_TRUE(report.missing.empty());
  net->eval();
  torch::NoGradGuard noGrad;
  const torch::Tensor input = referenceTensor(dir / reference, "input");
  const torch::Tensor expected = referenceTensor(dir / reference, "features");
  const torch::Tensor features = net->backbone->forward(input);
  EXPECT_EQ(features.sizes(), expected.sizes());
  if (features.sizes() != expected.sizes()) return report;
  const double diff = maxRelativeDifference(features, expected);
  std::cout << what << ": max relative difference " << diff << "\n";
  ::testing::Test::RecordProperty("max_relative_difference", std::to_string(diff));
  EXPECT_LE(diff, kReferenceTolerance);
  return report;
}

TEST(CamNetReference, ResNet50MatchesTorchvision) {
  const fs::path dir = referenceDir();
  REQUIRE_REFERENCE_DIR(dir);
  const ImportedWeights report = expectMatchesReference(
      dir, "resnet50", "resnet50_os16.pt", "resnet50_ref.pt", "ResNet-50 vs torchvision");
  EXPECT_EQ(report.copied, 318u);
  EXPECT_EQ(report.total, 318u);
}

TEST(CamNetReference, ResNeSt50MatchesPythonReference) {
  const fs::path dir = referenceDir();
  REQUIRE_REFERENCE_DIR(dir);
  const ImportedWeights report =
      expectMatchesReference(dir, "resnest50", "resnest50_os16.pt", "resnest50_ref.pt",
                             "ResNeSt-50 vs Python reference");
  EXPECT_EQ(report.copied, 474u);
}

TEST(CamNetReference, FourChannelImportCopiesRedIntoYellow) {
  const fs::path dir = referenceDir();
  REQUIRE_REFERENCE_DIR(dir);
  const ModelConfig cfg = config("resnet50", "rgby", 19);
  CamNet net = makeCamNet(cfg);
  importBackboneWeights(net, dir / "resnet50_os16.pt", cfg);
  const torch::Tensor stem = net->backbone->named_parameters()["conv1.weight"];
  const torch::Tensor source = torch::jit::load((dir / "resnet50_os16.pt").string())
                                   .attr("conv1")
                                   .toModule()
                                   .attr("weight")
                                   .toTensor();
  ASSERT_EQ(stem.sizes(), (std::vector<int64_t>{64, 4, 7, 7}));
  EXPECT_TRUE(torch::equal(stem.narrow(1, 0, 3), source));
  EXPECT_TRUE(torch::equal(stem.select(1, 3), source.select(1, 0)));
  // With an empty yellow stain the 4-channel network computes the 3-channel features.
  net->eval();
  torch::NoGradGuard noGrad;
  const torch::Tensor input = referenceTensor(dir / "resnet50_ref.pt", "input");
  const torch::Tensor expected = referenceTensor(dir / "resnet50_ref.pt", "features");
  const torch::Tensor rgby = torch::cat({input, torch::zeros_like(input.narrow(1, 0, 1))}, 1);
  EXPECT_LE(maxRelativeDifference(net->backbone->forward(rgby), expected), kReferenceTolerance);
}

TEST(CamNetReference, CamHeadMatchesPython) {
  const fs::path dir = referenceDir();
  REQUIRE_REFERENCE_DIR(dir);
  const ModelConfig cfg = config("resnet18", "rgb", 19);
  CamNet net = makeCamNet(cfg);
  // The archive's names carry a "backbone." prefix.
  const ImportedWeights report = importBackboneWeights(net, dir / "cam_resnet18.pt", cfg);
  EXPECT_EQ(report.copied, report.total);
  {
    torch::NoGradGuard noGrad;
    net->classifier->weight.copy_(torch::jit::load((dir / "cam_resnet18.pt").string())
                                      .attr("classifier")
                                      .toModule()
                                      .attr("weight")
                                      .toTensor());
  }
  net->eval();
  torch::NoGradGuard noGrad;
  const fs::path ref = dir / "cam_resnet18_ref.pt";
  const CamOutput out = net->forward(referenceTensor(ref, "input"));
  EXPECT_LE(maxRelativeDifference(out.maps, referenceTensor(ref, "maps")), kReferenceTolerance);
  EXPECT_LE(maxRelativeDifference(out.logits, referenceTensor(ref, "logits")), kReferenceTolerance);
}

TEST(CamNetReference, ImportRejectsForeignArchives) {
  const fs::path dir = referenceDir();
  REQUIRE_REFERENCE_DIR(dir);
  const ModelConfig cfg = config("resnet50", "rgb", 19);
  CamNet net = makeCamNet(cfg);
  // Same names, other shapes (ResNeSt's downsample.1 is a convolution, ResNet's a batch norm).
  expectFileError([&] { importBackboneWeights(net, dir / "resnest50_os16.pt", cfg); },
                  dir / "resnest50_os16.pt", "downsample.1");
  // TorchScript, but no matching name.
  expectFileError([&] { importBackboneWeights(net, dir / "resnet50_ref.pt", cfg); },
                  dir / "resnet50_ref.pt", "no tensor");
  TempDir tmp;
  test::writeText(tmp / "weights.pt", "not an archive");
  expectFileError([&] { importBackboneWeights(net, tmp / "weights.pt", cfg); }, tmp / "weights.pt",
                  "TorchScript");
  expectFileError([&] { importBackboneWeights(net, tmp / "none.pt", cfg); }, tmp / "none.pt",
                  "not found");
  // A plain TorchScript archive is not a CellCAM model file.
  expectFileError([&] { loadCamModel(dir / "resnet50_os16.pt"); }, dir / "resnet50_os16.pt",
                  "not a CellCAM model");
}

TEST(CamModelReference, TorchScriptImportMatchesPythonAndRoundTrips) {
  const fs::path dir = referenceDir();
  REQUIRE_REFERENCE_DIR(dir);
  const ModelConfig cfg = config("resnet18", "rgb", 19);
  const CamModel model = CamModel::importTorchScript(dir / "cam_resnet18.pt", cfg);
  EXPECT_TRUE(model.isTorchScript());

  const fs::path ref = dir / "cam_resnet18_ref.pt";
  const torch::Tensor input = referenceTensor(ref, "input").contiguous();
  const std::vector<float> data(input.data_ptr<float>(), input.data_ptr<float>() + input.numel());
  const CamModel::Output out = model.forward(data, 2, 96, 128);
  ASSERT_EQ(out.height, 6);
  ASSERT_EQ(out.width, 8);
  const torch::Tensor maps = torch::from_blob(const_cast<float*>(out.maps.data()), {2, 19, 6, 8});
  const torch::Tensor logits = torch::from_blob(const_cast<float*>(out.logits.data()), {2, 19});
  EXPECT_LE(maxRelativeDifference(maps, referenceTensor(ref, "maps")), 1e-6);
  EXPECT_LE(maxRelativeDifference(logits, referenceTensor(ref, "logits")), 1e-6);

  TempDir tmp;
  model.save(tmp / "imported.cellcam");
  const CamModel loaded = CamModel::load(tmp / "imported.cellcam");
  EXPECT_TRUE(loaded.isTorchScript());
  EXPECT_EQ(loaded.config().toJson(), cfg.toJson());
  const CamModel::Output again = loaded.forward(data, 2, 96, 128);
  EXPECT_EQ(again.maps, out.maps);
  EXPECT_EQ(again.logits, out.logits);
  // It predicts, but is not a native (trainable) model.
  expectFileError([&] { loadCamModel(tmp / "imported.cellcam"); }, tmp / "imported.cellcam",
                  "TorchScript");
}

TEST(CamModelReference, TorchScriptImportChecksTheContract) {
  const fs::path dir = referenceDir();
  REQUIRE_REFERENCE_DIR(dir);
  const fs::path cam = dir / "cam_resnet18.pt";
  expectFileError([&] { CamModel::importTorchScript(cam, config("resnet18", "rgb", 5)); }, cam,
                  "classes");
  expectFileError([&] { CamModel::importTorchScript(cam, config("resnet18", "rgby", 19)); }, cam,
                  "fails");
  const fs::path classifier = dir / "resnet50_os16.pt";  // Returns one tensor.
  expectFileError([&] { CamModel::importTorchScript(classifier, config("resnet50", "rgb")); },
                  classifier, "(logits, maps)");
  TempDir tmp;
  test::writeText(tmp / "cam.pt", "garbage");
  expectFileError([&] { CamModel::importTorchScript(tmp / "cam.pt", config("resnet18", "rgb")); },
                  tmp / "cam.pt", "TorchScript");
}

// Rough timing; run with --gtest_also_run_disabled_tests.
TEST(CamNet, DISABLED_ResNet50Timing512) {
  CamNet net = makeCamNet(config("resnet50", "rgby", 19));
  net->eval();
  torch::NoGradGuard noGrad;
  const torch::Tensor x = torch::randn({1, 4, 512, 512});
  net->forward(x);
  const int runs = 5;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < runs; ++i) net->forward(x);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() /
      runs;
  std::cout << "ResNet-50 CAM forward, 1x4x512x512 fp32: " << ms << " ms (" << at::get_num_threads()
            << " threads)\n";
}

}  // namespace
}  // namespace cellcam::nn

// The compute bound of `cellcam bench inference` rests on this count. By hand for ResNet-18
// with output stride 16 at 224 px and four input channels (multiply-adds): torchvision's
// ResNet-18 has 1814 M; layer4 at stride 1 runs on 14x14 instead of 7x7 (its 411 M become
// 1644 M); the 4-channel stem adds 39.3 M; the 1x1 CAM classifier (512 -> 19 at 14x14) adds
// 1.9 M instead of the 0.5 M fc: 3088 M multiply-adds, 6.18 GFLOP.
TEST(ModelBench, ForwardFlopsMatchesAHandCount) {
  cellcam::ModelConfig config;
  config.backbone = "resnet18";
  config.inputSize = 224;
  const double flops = cellcam::forwardFlops(config, 224, 224);
  EXPECT_NEAR(flops / 6.18e9, 1.0, 0.02) << flops;
  // Convolutions scale with the area (within rounding of the strided sizes).
  const double twice = cellcam::forwardFlops(config, 448, 448);
  EXPECT_NEAR(twice / flops, 4.0, 0.04);
  EXPECT_THROW(cellcam::forwardFlops(config, 8, 8), cellcam::Error);
}

TEST(ModelBench, GemmRateIsMeasured) {
  const double fp32 = cellcam::measureGemmGflops("fp32", 256, 2);
  EXPECT_GT(fp32, 0.1);
  EXPECT_LT(fp32, 1e6);
  EXPECT_THROW(cellcam::measureGemmGflops("fp8"), cellcam::Error);
}
