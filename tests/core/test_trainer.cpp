// trainPuzzleCam and TrainConfig: learning on a tiny synthetic dataset, exact resume,
// checkpoint damage, cancellation, NaN losses, the recorded validation set, stale temporary
// files and the config's JSON.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <ATen/ops/equal.h>
#include <nlohmann/json.hpp>

#include "cellcam/atomic_file.h"
#include "cellcam/dataset.h"
#include "cellcam/error.h"
#include "cellcam/synth.h"
#include "cellcam/training.h"

#include "nn/model_io.h"
#include "temp_dir.h"
#include "train/batch_loader.h"
#include <gtest/gtest.h>
#include <unistd.h>

namespace cellcam {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

/// 16 training images of 64 px, shared by every test of the suite.
class TrainerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    SynthOptions o;
    o.out = dir_->path() / "data";
    o.trainImages = 16;
    o.testImages = 1;
    o.size = 64;
    o.seed = 3;
    o.threads = 2;
    NullProgress progress;
    CancelToken cancel;
    writeSynthDataset(o, progress, cancel);
  }
  static void TearDownTestSuite() { delete dir_; }
  static fs::path data() { return dir_->path() / "data"; }

  /// resnet18 at 64 px, batches of 4, no validation, checkpoints at epoch ends only.
  static TrainConfig tinyConfig() {
    TrainConfig c;
    c.model.backbone = "resnet18";
    c.model.inputSize = 64;
    c.epochs = 1;
    c.batchSize = 4;
    c.accumulation = 1;
    c.validationFraction = 0;
    c.workers = 2;
    c.checkpointEvery = 0;
    c.device = "cpu";
    c.seed = 11;
    return c;
  }

 private:
  static inline TempDir* dir_ = nullptr;
};

std::vector<nlohmann::json> readLog(const fs::path& file, const std::string& type) {
  std::vector<nlohmann::json> lines;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    nlohmann::json j = nlohmann::json::parse(line);
    if (j.at("type") == type) lines.push_back(j);
  }
  return lines;
}

/// Largest absolute difference between the parameters and buffers of two model files.
double maxDifference(const fs::path& a, const fs::path& b) {
  auto [netA, configA] = nn::loadCamModel(a);
  auto [netB, configB] = nn::loadCamModel(b);
  const auto paramsA = netA->named_parameters(), paramsB = netB->named_parameters();
  const auto buffersA = netA->named_buffers(), buffersB = netB->named_buffers();
  EXPECT_EQ(paramsA.size(), paramsB.size());
  double worst = 0;
  for (const auto& item : paramsA)
    worst = std::max(worst, (item.value() - paramsB[item.key()]).abs().max().item<double>());
  for (const auto& item : buffersA)
    worst =
        std::max(worst, (item.value().to(torch::kDouble) - buffersB[item.key()].to(torch::kDouble))
                            .abs()
                            .max()
                            .item<double>());
  return worst;
}

/// Cancels its token after the n-th batch (1-based) of epoch `epoch` (1-based) was reported.
class CancelAfterBatch final : public Progress {
 public:
  CancelAfterBatch(CancelToken& token, int epoch, int n) : token_(token), epoch_(epoch), n_(n) {}
  void report(const ProgressUpdate& update) override {
    const auto epoch = update.metrics.find("epoch");
    const bool batchReport = update.metrics.count("lr") > 0;
    if (batchReport && epoch != update.metrics.end() && epoch->second == epoch_ && ++count_ == n_)
      token_.cancel();
  }

 private:
  CancelToken& token_;
  int epoch_, n_;
  int count_ = 0;
};

/// Records the last batch report (the one with lr) and the last report.
class Recorder final : public Progress {
 public:
  void report(const ProgressUpdate& update) override {
    if (update.metrics.count("lr")) lastBatch = update;
    last = update;
  }
  ProgressUpdate lastBatch, last;
};

TEST_F(TrainerTest, TrainingLowersTheLossAndWritesTheRun) {
  TempDir run;
  TrainConfig config = tinyConfig();
  config.epochs = 4;
  config.sgd.lr = 0.01;
  Recorder progress;
  CancelToken cancel;
  const TrainResult result = trainPuzzleCam(config, data(), run.path(), false, progress, cancel);
  EXPECT_EQ(result.epochsDone, 4);
  EXPECT_EQ(result.steps, 16);  // 16 images / 4 per batch, accumulation 1, 4 epochs
  for (const char* file :
       {"config.json", "log.jsonl", "checkpoint.pt", "model.pt", "best.pt", "validation_ids.txt"})
    EXPECT_TRUE(fs::exists(run.path() / file)) << file;
  // No validation set (validationFraction 0): an empty list.
  EXPECT_EQ(fs::file_size(run.path() / "validation_ids.txt"), 0u);

  const auto steps = readLog(run.path() / "log.jsonl", "step");
  ASSERT_EQ(steps.size(), 16u);
  for (const char* key : {"loss", "class", "pclass", "re", "lr", "alpha", "images_per_s"})
    EXPECT_TRUE(steps[0].contains(key)) << key;
  const auto epochs = readLog(run.path() / "log.jsonl", "epoch");
  ASSERT_EQ(epochs.size(), 4u);
  const double first = epochs.front().at("train_class").get<double>();
  const double last = epochs.back().at("train_class").get<double>();
  std::printf("class loss: epoch 1 %.4f, epoch 4 %.4f\n", first, last);
  EXPECT_LT(last, 0.8 * first);
  // The poly schedule decays from lr; alpha ramps from 0 in epoch 1.
  EXPECT_DOUBLE_EQ(steps[0].at("lr").get<double>(), 0.01);
  EXPECT_LT(steps.back().at("lr").get<double>(), 0.01 * 0.2);
  EXPECT_DOUBLE_EQ(steps[0].at("alpha").get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(steps.back().at("alpha").get<double>(), 4.0);

  for (const char* key : {"epoch", "step", "loss", "class", "pclass", "re", "lr", "images/s"})
    EXPECT_TRUE(progress.lastBatch.metrics.count(key)) << key;
  EXPECT_DOUBLE_EQ(progress.last.fraction, 1.0);
  EXPECT_TRUE(progress.last.metrics.count("train_loss"));

  auto [net, model] = nn::loadCamModel(result.modelPath);
  EXPECT_EQ(model.backbone, "resnet18");
  EXPECT_EQ(model.inputSize, 64);
}

TEST_F(TrainerTest, ResumeAfterCancelReproducesTheUninterruptedRun) {
  // SGD with accumulation 3 over 3 batches per epoch (12 training images) and validation:
  // cancelled after batch 2 of epoch 2, i.e. inside an accumulation group.
  TrainConfig config = tinyConfig();
  config.epochs = 2;
  config.accumulation = 3;
  config.validationFraction = 0.25;
  CancelToken never;
  TempDir whole, parts;
  NullProgress quiet;
  trainPuzzleCam(config, data(), whole.path(), false, quiet, never);

  CancelToken cancel;
  CancelAfterBatch stopper(cancel, 2, 2);
  EXPECT_THROW(trainPuzzleCam(config, data(), parts.path(), false, stopper, cancel), Cancelled);
  ASSERT_TRUE(fs::exists(parts.path() / "checkpoint.pt"));
  const TrainResult result = trainPuzzleCam(config, data(), parts.path(), true, quiet, never);
  EXPECT_EQ(result.epochsDone, 2);
  EXPECT_EQ(result.steps, 2);
  const double difference = maxDifference(whole.path() / "model.pt", parts.path() / "model.pt");
  std::printf("largest weight difference after resume: %g\n", difference);
  EXPECT_LE(difference, 1e-6);
  // The log is the same too (bar timings).
  const auto a = readLog(whole.path() / "log.jsonl", "epoch"),
             b = readLog(parts.path() / "log.jsonl", "epoch");
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    EXPECT_NEAR(a[i].at("val_loss").get<double>(), b[i].at("val_loss").get<double>(), 1e-6);
  EXPECT_EQ(readLog(parts.path() / "log.jsonl", "step").size(), 2u);
}

TEST_F(TrainerTest, ResumeForMoreEpochsReproducesALongerRun) {
  // Adam's schedule depends on the epoch only, so 1 epoch + 1 resumed equals 2 epochs.
  TrainConfig config = tinyConfig();
  config.optimizer = "adam";
  config.accumulation = 2;
  config.epochs = 2;
  TempDir whole, parts;
  NullProgress quiet;
  CancelToken never;
  trainPuzzleCam(config, data(), whole.path(), false, quiet, never);
  config.epochs = 1;
  trainPuzzleCam(config, data(), parts.path(), false, quiet, never);
  config.epochs = 2;
  const TrainResult result = trainPuzzleCam(config, data(), parts.path(), true, quiet, never);
  EXPECT_EQ(result.epochsDone, 2);
  const double difference = maxDifference(whole.path() / "model.pt", parts.path() / "model.pt");
  std::printf("largest weight difference after resume: %g\n", difference);
  EXPECT_LE(difference, 1e-6);
}

TEST_F(TrainerTest, CancelLeavesALoadableCheckpoint) {
  TempDir run;
  TrainConfig config = tinyConfig();
  CancelToken cancel;
  CancelAfterBatch stopper(cancel, 1, 2);
  EXPECT_THROW(trainPuzzleCam(config, data(), run.path(), false, stopper, cancel), Cancelled);
  EXPECT_NO_THROW(nn::loadCamModel(run.path() / "model.pt"));
  // A new run in the same folder is refused; resuming finishes it.
  CancelToken never;
  NullProgress quiet;
  EXPECT_THROW(trainPuzzleCam(config, data(), run.path(), false, quiet, never), Error);
  EXPECT_EQ(trainPuzzleCam(config, data(), run.path(), true, quiet, never).epochsDone, 1);
}

TEST_F(TrainerTest, DamagedCheckpointsAreReportedByName) {
  TempDir run;
  TrainConfig config = tinyConfig();
  NullProgress quiet;
  CancelToken never;
  trainPuzzleCam(config, data(), run.path(), false, quiet, never);
  const fs::path file = run.path() / "checkpoint.pt";
  const std::string bytes = test::readBytes(file);

  const auto resumeError = [&]() -> std::string {
    try {
      config.epochs = 2;
      trainPuzzleCam(config, data(), run.path(), true, quiet, never);
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  };
  test::writeText(file, bytes.substr(0, bytes.size() / 2));
  std::string message = resumeError();
  EXPECT_NE(message.find("checkpoint.pt"), std::string::npos) << message;
  EXPECT_NE(message.find("truncated"), std::string::npos) << message;

  std::string flipped = bytes;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x40);
  test::writeText(file, flipped);
  message = resumeError();
  EXPECT_NE(message.find("checkpoint.pt"), std::string::npos) << message;
  EXPECT_NE(message.find("damaged"), std::string::npos) << message;

  test::writeText(file, "not a checkpoint");
  message = resumeError();
  EXPECT_NE(message.find("checkpoint.pt"), std::string::npos) << message;
}

TEST_F(TrainerTest, ResumeRefusesAChangedConfig) {
  TempDir run;
  TrainConfig config = tinyConfig();
  NullProgress quiet;
  CancelToken never;
  trainPuzzleCam(config, data(), run.path(), false, quiet, never);
  config.batchSize = 2;
  config.epochs = 2;
  try {
    trainPuzzleCam(config, data(), run.path(), true, quiet, never);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("batchSize"), std::string::npos) << e.what();
  }
}

TEST_F(TrainerTest, NanLossStopsWithAClearErrorAndKeepsTheCheckpoint) {
  // An absurd learning rate (with a checkpoint after every step) blows the weights up.
  TempDir run;
  TrainConfig config = tinyConfig();
  config.epochs = 8;
  config.sgd.lr = 10;
  config.sgd.headLrScale = 1000;
  config.sgd.polyPower = 0;
  config.checkpointEvery = 1;
  NullProgress quiet;
  CancelToken never;
  std::string message = "no error";
  try {
    trainPuzzleCam(config, data(), run.path(), false, quiet, never);
  } catch (const Cancelled&) {
    message = "cancelled";
  } catch (const Error& e) {
    message = e.what();
  }
  std::printf("%s\n", message.c_str());
  EXPECT_NE(message.find("at step"), std::string::npos) << message;
  EXPECT_NE(message.find("lower the learning rate"), std::string::npos) << message;
  if (message.find("is kept") != std::string::npos) {
    // The kept checkpoint (finite weights) is readable and resumable; epochs = 1 just loads it
    // (the blown-up weights would diverge again under any lr).
    config.sgd.lr = 1e-6;
    config.epochs = 1;
    EXPECT_NO_THROW(trainPuzzleCam(config, data(), run.path(), true, quiet, never));
    EXPECT_NO_THROW(nn::loadCamModel(run.path() / "model.pt"));
  }
}

/// The lines of a text file.
std::vector<std::string> readLines(const fs::path& file) {
  std::vector<std::string> lines;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

/// A PID no process can have: the kernel hands out PIDs below pid_max.
long long deadPid() {
  long long pidMax = 4194304;
  std::ifstream("/proc/sys/kernel/pid_max") >> pidMax;
  return pidMax;
}

TEST_F(TrainerTest, ValidationIdsAreTheSplitWrittenOnceAndKeptOnResume) {
  TrainConfig config = tinyConfig();
  config.epochs = 2;
  config.validationFraction = 0.25;
  TempDir run;
  const fs::path idsFile = run.path() / "validation_ids.txt";

  // The split the trainer must use: labelled training images, stratified by the seed.
  const Dataset dataset = Dataset::open(data());
  std::vector<std::string> labelledIds;
  std::vector<std::vector<int>> labels;
  for (const ImageRecord& image : dataset.images())
    if (image.split == Split::Train && !image.labels.empty()) {
      labelledIds.push_back(image.id);
      labels.push_back(image.labels);
    }
  const auto [trainPart, valPart] = train::stratifiedSplit(labels, 0.25, config.seed);
  std::vector<std::string> expected, trainIds;
  for (std::size_t k : valPart) expected.push_back(labelledIds[k]);
  for (std::size_t k : trainPart) trainIds.push_back(labelledIds[k]);
  ASSERT_GE(expected.size(), 2u);

  // Cancelled in epoch 1: the list is there from the start, exactly the validation images.
  CancelToken cancel1;
  CancelAfterBatch stop1(cancel1, 1, 1);
  EXPECT_THROW(trainPuzzleCam(config, data(), run.path(), false, stop1, cancel1), Cancelled);
  ASSERT_TRUE(fs::exists(idsFile));
  const std::string text = test::readBytes(idsFile);
  const std::vector<std::string> ids = readLines(idsFile);
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
  for (const std::string& id : ids)
    EXPECT_EQ(std::count(trainIds.begin(), trainIds.end(), id), 0) << id << " is also trained on";
  EXPECT_EQ(ids.size() + trainIds.size(), labelledIds.size());
  const auto written = fs::last_write_time(idsFile);

  // Resumed (and cancelled again in epoch 2): the file is left as it was.
  CancelToken cancel2;
  CancelAfterBatch stop2(cancel2, 2, 1);
  NullProgress quiet;
  EXPECT_THROW(trainPuzzleCam(config, data(), run.path(), true, stop2, cancel2), Cancelled);
  EXPECT_EQ(test::readBytes(idsFile), text);
  EXPECT_EQ(fs::last_write_time(idsFile), written);
  // Epoch 1 validated exactly these images.
  const auto epochs = readLog(run.path() / "log.jsonl", "epoch");
  ASSERT_EQ(epochs.size(), 1u);
  EXPECT_EQ(epochs[0].at("val_images").get<std::size_t>(), ids.size());

  // A lost or edited list is written again from the split when the run resumes.
  test::writeText(idsFile, "edited\n");
  CancelToken never;
  EXPECT_EQ(trainPuzzleCam(config, data(), run.path(), true, quiet, never).epochsDone, 2);
  EXPECT_EQ(test::readBytes(idsFile), text);
}

TEST_F(TrainerTest, StartAndResumeRemoveStaleTemporaryFilesOnly) {
  TrainConfig config = tinyConfig();
  config.epochs = 2;
  TempDir run;
  const std::string dead = std::to_string(deadPid());
  const std::string self = std::to_string(::getpid());
  // Left by a killed run before its first checkpoint: a new run in the folder cleans up.
  const fs::path early = run.path() / (".model.pt.tmp" + dead + "_0");
  test::writeText(early, "partial");
  CancelToken cancel;
  CancelAfterBatch stopper(cancel, 2, 1);
  EXPECT_THROW(trainPuzzleCam(config, data(), run.path(), false, stopper, cancel), Cancelled);
  EXPECT_FALSE(fs::exists(early));

  const std::vector<fs::path> stale = {
      run.path() / (".checkpoint.pt.tmp" + dead + "_3"),
      run.path() / (".best.pt.tmp" + dead + "_12"),
      run.path() / (".config.json.tmp" + dead + "_1"),
      run.path() / (".validation_ids.txt.tmp" + dead + "_0"),
  };
  const std::vector<fs::path> kept = {
      run.path() / (".checkpoint.pt.tmp" + self + "_999"),  // a live process's (this one)
      run.path() / ("checkpoint.pt.tmp" + dead + "_3"),     // not the writer's naming
      run.path() / (".checkpoint.pt.tmp" + dead),           // no counter
      run.path() / (".checkpoint.pt.tmpx" + dead + "_3"),   // not a PID
      run.path() / (".notes.txt.tmp" + dead + "_0"),        // not a file of the run
      run.path() / "notes.txt",
  };
  for (const fs::path& file : stale) test::writeText(file, "partial");
  for (const fs::path& file : kept) test::writeText(file, "keep");
  NullProgress quiet;
  CancelToken never;
  EXPECT_EQ(trainPuzzleCam(config, data(), run.path(), true, quiet, never).epochsDone, 2);
  for (const fs::path& file : stale) EXPECT_FALSE(fs::exists(file)) << file;
  for (const fs::path& file : kept) EXPECT_TRUE(fs::exists(file)) << file;
  EXPECT_NO_THROW(nn::loadCamModel(run.path() / "model.pt"));
}

TEST(AtomicFile, RemoveStaleTemporaryFilesReturnsWhatItRemoved) {
  TempDir dir;
  const fs::path target = dir.path() / "model.pt";
  const fs::path stale = dir.path() / (".model.pt.tmp" + std::to_string(deadPid()) + "_7");
  test::writeText(stale, "partial");
  fs::create_directories(dir.path() / (".model.pt.tmp" + std::to_string(deadPid()) + "_8"));
  // A writer at work in this process keeps its file until it commits.
  AtomicFileWriter writer(target);
  writer.write("new");
  const std::vector<fs::path> removed = removeStaleTemporaryFiles(target);
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(removed[0], stale);
  EXPECT_TRUE(fs::exists(writer.temporaryPath()));
  EXPECT_TRUE(fs::is_directory(dir.path() / (".model.pt.tmp" + std::to_string(deadPid()) + "_8")));
  writer.commit();
  EXPECT_EQ(test::readBytes(target), "new");
  // A missing folder is no error.
  EXPECT_TRUE(removeStaleTemporaryFiles(dir.path() / "missing" / "model.pt").empty());
}

TEST_F(TrainerTest, ClassLossAloneTrainsWithoutTiles) {
  TempDir run;
  TrainConfig config = tinyConfig();
  config.loss = "class";
  NullProgress quiet;
  CancelToken never;
  trainPuzzleCam(config, data(), run.path(), false, quiet, never);
  const auto steps = readLog(run.path() / "log.jsonl", "step");
  ASSERT_FALSE(steps.empty());
  EXPECT_FALSE(steps[0].contains("pclass"));
  EXPECT_DOUBLE_EQ(steps[0].at("loss").get<double>(), steps[0].at("class").get<double>());
}

TEST(TrainConfig, DefaultsAreTheSeeds) {
  const TrainConfig c;
  EXPECT_EQ(c.epochs, 3);
  EXPECT_EQ(c.batchSize, 8);
  EXPECT_EQ(c.accumulation, 3);
  EXPECT_EQ(c.optimizer, "sgd");
  EXPECT_DOUBLE_EQ(c.sgd.lr, 2.5e-3);
  EXPECT_DOUBLE_EQ(c.sgd.momentum, 0.9);
  EXPECT_TRUE(c.sgd.nesterov);
  EXPECT_DOUBLE_EQ(c.sgd.weightDecay, 1e-4);
  EXPECT_DOUBLE_EQ(c.sgd.polyPower, 0.9);
  EXPECT_DOUBLE_EQ(c.adam.lr, 1e-3);
  EXPECT_DOUBLE_EQ(c.adam.stepGamma, 0.85);
  EXPECT_DOUBLE_EQ(c.focalGamma, 1.0);
  EXPECT_DOUBLE_EQ(c.labelSmoothing, 0.1);
  EXPECT_EQ(c.loss, "puzzle");
  EXPECT_DOUBLE_EQ(c.alpha, 4.0);
  EXPECT_DOUBLE_EQ(c.alphaSchedule, 0.5);
  EXPECT_DOUBLE_EQ(c.confidenceWeight, 0.0);
  EXPECT_EQ(c.tiles, 2);
  EXPECT_DOUBLE_EQ(c.validationFraction, 0.1);
  EXPECT_EQ(c.precision, "fp32");
  EXPECT_NO_THROW(c.validate());
}

TEST(TrainConfig, JsonRoundTrip) {
  TrainConfig c;
  c.model.backbone = "resnet18";
  c.model.channels = "rgb";
  c.model.inputSize = 256;
  c.epochs = 7;
  c.optimizer = "adam";
  c.adam.lr = 3e-4;
  c.sgd.nesterov = false;
  c.loss = "class";
  c.confidenceWeight = 0.5;
  c.augment.flips = false;
  c.augment.resizedCropMinScale = 0.6;
  c.cacheDir = "/tmp/cache";
  c.precision = "bf16";
  c.seed = 1234567890123ULL;
  c.pretrained = "resnet18.pt";
  const std::string json = c.toJson();
  const TrainConfig back = TrainConfig::fromJson(json, "test");
  EXPECT_EQ(back.toJson(), json);
  EXPECT_EQ(back.model.channels, "rgb");
  EXPECT_EQ(back.seed, 1234567890123ULL);
  EXPECT_DOUBLE_EQ(back.adam.lr, 3e-4);
  EXPECT_FALSE(back.augment.flips);

  TempDir dir;
  c.save(dir / "train.json");
  EXPECT_EQ(TrainConfig::load(dir / "train.json").toJson(), json);
  // Missing keys keep the defaults.
  const TrainConfig partial = TrainConfig::fromJson(R"({"epochs": 5, "sgd": {"lr": 0.01}})", "t");
  EXPECT_EQ(partial.epochs, 5);
  EXPECT_DOUBLE_EQ(partial.sgd.lr, 0.01);
  EXPECT_DOUBLE_EQ(partial.sgd.momentum, 0.9);
  EXPECT_EQ(partial.batchSize, 8);
}

TEST(TrainConfig, BadKeysAndValuesNameTheFileAndKey) {
  const auto message = [](const std::string& json) -> std::string {
    try {
      TrainConfig::fromJson(json, "run/train.json");
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  };
  const auto expectMentions = [&](const std::string& json, const std::string& key) {
    const std::string m = message(json);
    EXPECT_NE(m.find("run/train.json"), std::string::npos) << m;
    EXPECT_NE(m.find(key), std::string::npos) << m;
  };
  expectMentions(R"({"epoch": 3})", "'epoch'");
  expectMentions(R"({"sgd": {"learningRate": 1}})", "learningRate");
  expectMentions(R"({"epochs": "3"})", "epochs");
  expectMentions(R"({"epochs": 2.5})", "epochs");
  expectMentions(R"({"optimizer": "rmsprop"})", "optimizer");
  expectMentions(R"({"sgd": {"lr": -1}})", "sgd.lr");
  expectMentions(R"({"augment": {"flips": 1}})", "augment.flips");
  expectMentions(R"({"precision": "int8"})", "precision");
  expectMentions(R"({"model": {"inputSize": 100}})", "inputSize");
  expectMentions(R"({"model": {"colour": "rgb"}})", "colour");
  expectMentions(R"([1, 2])", "JSON object");
  expectMentions(R"({"epochs": )", "JSON");
  TempDir dir;
  try {
    TrainConfig::load(dir / "missing.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("missing.json"), std::string::npos);
  }
}

TEST(TrainConfig, UnsupportedPrecisionIsAnError) {
  TrainConfig c;
  c.device = "cpu";
  c.precision = "fp16";
  TempDir run;
  NullProgress quiet;
  CancelToken never;
  try {
    trainPuzzleCam(c, run.path(), run.path() / "run", false, quiet, never);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("fp16"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace cellcam
