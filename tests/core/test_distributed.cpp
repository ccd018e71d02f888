// Data-parallel training (DistributedConfig, train::ProcessGroup, the loader's shards): two
// real ranks on loopback (Gloo) train the same weights as one process that sees the same
// global batches, a killed rank stops the other with a clear error, and the sampler's shards.
//
// The ranks are this test executable started again (posix_spawn) with torchrun's variables
// and CELLCAM_TEST_RANK_RUN set, which turns DistributedRank.Process from a skipped test into
// one rank of a run.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>
#include <torch/cuda.h>

#include "cellcam/cam_model.h"
#include "cellcam/dataset.h"
#include "cellcam/error.h"
#include "cellcam/synth.h"
#include "cellcam/training.h"

#include "nn/cam_net.h"
#include "nn/model_io.h"
#include "temp_dir.h"
#include "train/batch_loader.h"
#include "train/metrics.h"
#include "train/puzzle.h"
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace cellcam {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

// ---------------------------------------------------------------------------------------------
// One rank, when started by the tests below.

TEST(DistributedRank, Process) {
  const char* run = std::getenv("CELLCAM_TEST_RANK_RUN");
  if (!run) GTEST_SKIP() << "only runs as a rank started by the distributed tests";
  const fs::path dir = run;
  try {
    const TrainConfig config = TrainConfig::load(dir / "rank-config.json");
    NullProgress quiet;
    CancelToken never;
    const char* runName = std::getenv("CELLCAM_TEST_RANK_RUN_NAME");
    trainPuzzleCam(config, dir / "data", dir / (runName ? runName : "run"),
                   std::getenv("CELLCAM_TEST_RANK_RESUME") != nullptr, quiet, never,
                   DistributedConfig::fromEnvironment());
  } catch (const Error& e) {
    std::fprintf(stderr, "rank error: %s\n", e.what());
    FAIL() << e.what();
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers.

int freePort() {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t length = sizeof addr;
  getsockname(s, reinterpret_cast<sockaddr*>(&addr), &length);
  close(s);
  return ntohs(addr.sin_port);
}

/// Starts this executable as rank `rank` of `world` for the run in `dir`; its output goes to
/// dir/rank<R>.log.
pid_t startRank(const fs::path& dir, int rank, int world, int port, double timeoutSeconds,
                const std::string& runName = "run", bool resume = false) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    const std::string item = *e;
    const std::string name = item.substr(0, item.find('='));
    if (name == "RANK" || name == "WORLD_SIZE" || name == "LOCAL_RANK" || name == "MASTER_ADDR" ||
        name == "MASTER_PORT" || name == "CELLCAM_DIST_TIMEOUT_S" ||
        name.rfind("CELLCAM_TEST_RANK_", 0) == 0 || name.rfind("GTEST_", 0) == 0)
      continue;
    env.push_back(item);
  }
  env.push_back("RANK=" + std::to_string(rank));
  env.push_back("LOCAL_RANK=" + std::to_string(rank));
  env.push_back("WORLD_SIZE=" + std::to_string(world));
  env.push_back("MASTER_ADDR=127.0.0.1");
  env.push_back("MASTER_PORT=" + std::to_string(port));
  env.push_back("CELLCAM_DIST_TIMEOUT_S=" + std::to_string(timeoutSeconds));
  env.push_back("CELLCAM_TEST_RANK_RUN=" + dir.string());
  env.push_back("CELLCAM_TEST_RANK_RUN_NAME=" + runName);
  if (resume) env.push_back("CELLCAM_TEST_RANK_RESUME=1");
  // One intra-op thread, as the reference run in the test process: other thread counts change
  // the summation order of convolutions, and with it max-pooling and ReLU decisions on the
  // synthetic images' flat regions, which do not stay within float rounding.
  std::vector<char*> envp;
  for (auto& item : env) envp.push_back(item.data());
  envp.push_back(nullptr);

  const std::string exe = fs::read_symlink("/proc/self/exe").string();
  std::string filter = "--gtest_filter=DistributedRank.Process";
  std::vector<char*> argv{const_cast<char*>(exe.c_str()), filter.data(), nullptr};

  const std::string log = (dir / (runName + "-rank" + std::to_string(rank) + ".log")).string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  EXPECT_EQ(rc, 0) << "posix_spawn failed";
  return rc == 0 ? pid : -1;
}

/// Waits for `pid` at most `seconds`; returns its wait status, or nullopt (after killing it)
/// when it did not end in time.
std::optional<int> waitFor(pid_t pid, double seconds) {
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(static_cast<int>(seconds * 1000));
  for (;;) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return status;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::string readText(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

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

/// `images` training images of 64 px.
void writeData(const fs::path& out, int images) {
  SynthOptions o;
  o.out = out;
  o.trainImages = images;
  o.testImages = 1;
  o.size = 64;
  o.seed = 5;
  o.threads = 2;
  NullProgress progress;
  CancelToken cancel;
  writeSynthDataset(o, progress, cancel);
}

/// resnet18 at 64 px, fp32 on the CPU, 2 images per rank and batch, accumulation 2.
TrainConfig tinyConfig() {
  TrainConfig c;
  c.model.backbone = "resnet18";
  c.model.inputSize = 64;
  c.epochs = 2;
  c.batchSize = 2;
  c.accumulation = 2;
  c.validationFraction = 0;
  c.workers = 1;
  c.checkpointEvery = 0;
  c.device = "cpu";
  c.sgd.lr = 1e-4;
  c.seed = 17;
  return c;
}

// ---------------------------------------------------------------------------------------------
// Two ranks against one process.

TEST(Distributed, TwoRanksTrainTheWeightsOfOneProcessOnTheSameGlobalBatches) {
  TempDir dir;
  writeData(dir / "data", 13);
  // 13 images, 2 ranks: 7 per rank (padded), 3 batches of 2 per rank and epoch, groups of 2
  // and 1 batch per rank: 2 optimizer steps per epoch, 4 in all. Augmentation stays on.
  const TrainConfig config = tinyConfig();
  config.save(dir / "rank-config.json");

  const int port = freePort();
  const pid_t rank0 = startRank(dir.path(), 0, 2, port, 60);
  const pid_t rank1 = startRank(dir.path(), 1, 2, port, 60);
  ASSERT_GT(rank0, 0);
  ASSERT_GT(rank1, 0);

  // Meanwhile the reference: one process playing both ranks (with the same number of
  // intra-op threads as the ranks: other counts change the convolutions' summation order).
  TempDir reference;
  DistributedConfig emulate;
  emulate.emulateWorldSize = 2;
  NullProgress quiet;
  CancelToken never;
  const TrainResult expected =
      trainPuzzleCam(config, dir / "data", reference.path(), false, quiet, never, emulate);
  EXPECT_EQ(expected.steps, 4);

  const auto status0 = waitFor(rank0, 120), status1 = waitFor(rank1, 120);
  ASSERT_TRUE(status0 && status1) << "a rank did not finish";
  EXPECT_TRUE(WIFEXITED(*status0) && WEXITSTATUS(*status0) == 0) << readText(dir / "run-rank0.log");
  EXPECT_TRUE(WIFEXITED(*status1) && WEXITSTATUS(*status1) == 0) << readText(dir / "run-rank1.log");

  // Weights: equal up to float rounding (the gradient sums associate differently). Measured
  // against the weights and against what training changed from the initialisation (the
  // trainer's: the network built right after seeding torch's generator with config.seed).
  auto [net, modelConfig] = nn::loadCamModel(dir / "run" / "model.pt");
  auto [refNet, refConfig] = nn::loadCamModel(reference.path() / "model.pt");
  at::Generator generator = at::detail::getDefaultCPUGenerator();
  {
    std::lock_guard<std::mutex> lock(generator.mutex());
    generator.set_current_seed(config.seed);
  }
  nn::CamNet start(nn::makeBackbone(config.model.backbone, config.model.inputChannels()),
                   config.model.numClasses);
  const auto params = net->named_parameters(), refParams = refNet->named_parameters();
  const auto startParams = start->named_parameters();
  ASSERT_EQ(params.size(), refParams.size());
  double difference = 0, weights = 0, change = 0;
  for (const auto& item : refParams) {
    const torch::Tensor a = params[item.key()].to(torch::kDouble);
    const torch::Tensor b = item.value().to(torch::kDouble);
    difference += (a - b).square().sum().item<double>();
    weights += b.square().sum().item<double>();
    change += (b - startParams[item.key()].to(torch::kDouble)).square().sum().item<double>();
  }
  difference = std::sqrt(difference);
  weights = std::sqrt(weights);
  change = std::sqrt(change);
  std::printf("|2 ranks - 1 process| = %g, |weights| = %g, |change by training| = %g\n", difference,
              weights, change);
  EXPECT_LE(difference, 1e-5 * weights);
  EXPECT_LE(difference, 1e-3 * change);
  EXPECT_GT(change, 1e-3 * weights);  // The runs did train.

  // The log: rank 0's, with the global losses of each step.
  const auto steps = readLog(dir / "run" / "log.jsonl", "step");
  const auto refSteps = readLog(reference.path() / "log.jsonl", "step");
  ASSERT_EQ(steps.size(), refSteps.size());
  EXPECT_EQ(steps.size(), static_cast<std::size_t>(expected.steps));
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const double a = steps[i].at("loss").get<double>(), b = refSteps[i].at("loss").get<double>();
    std::printf("step %zu loss: 2 ranks %.8g, one process %.8g\n", i + 1, a, b);
    EXPECT_NEAR(a, b, 1e-4 * std::abs(b)) << "step " << i + 1;
    EXPECT_DOUBLE_EQ(steps[i].at("lr").get<double>(), refSteps[i].at("lr").get<double>());
  }
  const auto epochs = readLog(dir / "run" / "log.jsonl", "epoch");
  const auto refEpochs = readLog(reference.path() / "log.jsonl", "epoch");
  ASSERT_EQ(epochs.size(), 2u);
  EXPECT_NEAR(epochs.back().at("train_loss").get<double>(),
              refEpochs.back().at("train_loss").get<double>(),
              1e-4 * std::abs(refEpochs.back().at("train_loss").get<double>()));
  for (const char* file : {"config.json", "checkpoint.pt", "model.pt", "best.pt"})
    EXPECT_TRUE(fs::exists(dir / "run" / file)) << file;
}

/// Runs ranks 0 and 1 of a 2-rank run to the end; false (with their logs) when one failed.
::testing::AssertionResult runTwoRanks(const fs::path& dir, const std::string& runName,
                                       bool resume) {
  const int port = freePort();
  const pid_t rank0 = startRank(dir, 0, 2, port, 60, runName, resume);
  const pid_t rank1 = startRank(dir, 1, 2, port, 60, runName, resume);
  const auto status0 = waitFor(rank0, 120), status1 = waitFor(rank1, 120);
  const auto ok = [](const std::optional<int>& status) {
    return status && WIFEXITED(*status) && WEXITSTATUS(*status) == 0;
  };
  if (ok(status0) && ok(status1)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << readText(dir / (runName + "-rank0.log")) << readText(dir / (runName + "-rank1.log"));
}

TEST(Distributed, ResumedRanksContinueExactly) {
  // Adam's schedule depends on the epoch only, so 1 epoch + 1 resumed (every rank reading
  // rank 0's checkpoint) equals 2 epochs straight.
  TempDir dir;
  writeData(dir / "data", 9);
  TrainConfig config = tinyConfig();
  config.optimizer = "adam";
  config.adam.lr = 1e-4;
  config.save(dir / "rank-config.json");
  ASSERT_TRUE(runTwoRanks(dir.path(), "whole", false));
  config.epochs = 1;
  config.save(dir / "rank-config.json");
  ASSERT_TRUE(runTwoRanks(dir.path(), "parts", false));
  config.epochs = 2;
  config.save(dir / "rank-config.json");
  ASSERT_TRUE(runTwoRanks(dir.path(), "parts", true));

  auto [whole, wholeConfig] = nn::loadCamModel(dir / "whole" / "model.pt");
  auto [parts, partsConfig] = nn::loadCamModel(dir / "parts" / "model.pt");
  const auto a = whole->named_parameters(), b = parts->named_parameters();
  double worst = 0;
  for (const auto& item : a)
    worst = std::max(worst, (item.value() - b[item.key()]).abs().max().item<double>());
  std::printf("largest weight difference after a distributed resume: %g\n", worst);
  EXPECT_LE(worst, 1e-6);
  EXPECT_EQ(readLog(dir / "parts" / "log.jsonl", "step").size(),
            readLog(dir / "whole" / "log.jsonl", "step").size());
}

TEST(Distributed, ShardedValidationGivesTheWholeSetsFigures) {
  // Validation sharded over 2 ranks (3 + 2 images) and gathered: val_class and val_map equal
  // those of one process evaluating rank 0's saved model (whose running statistics every rank
  // validated with) on the whole validation set.
  TempDir dir;
  writeData(dir / "data", 14);
  TrainConfig config = tinyConfig();
  config.epochs = 1;
  config.accumulation = 1;
  config.validationFraction = 0.35;
  config.save(dir / "rank-config.json");
  const int port = freePort();
  const pid_t rank0 = startRank(dir.path(), 0, 2, port, 60);
  const pid_t rank1 = startRank(dir.path(), 1, 2, port, 60);
  ASSERT_GT(rank0, 0);
  ASSERT_GT(rank1, 0);
  const auto status0 = waitFor(rank0, 120), status1 = waitFor(rank1, 120);
  ASSERT_TRUE(status0 && status1) << "a rank did not finish";
  ASSERT_TRUE(WIFEXITED(*status0) && WEXITSTATUS(*status0) == 0) << readText(dir / "run-rank0.log");
  ASSERT_TRUE(WIFEXITED(*status1) && WEXITSTATUS(*status1) == 0) << readText(dir / "run-rank1.log");
  const auto epochs = readLog(dir / "run" / "log.jsonl", "epoch");
  ASSERT_EQ(epochs.size(), 1u);

  // The trainer's split and validation, by hand, in one process.
  const Dataset dataset = Dataset::open(dir / "data");
  std::vector<std::size_t> labelled;
  std::vector<std::vector<int>> labels;
  for (std::size_t i = 0; i < dataset.images().size(); ++i)
    if (dataset.images()[i].split == Split::Train && !dataset.images()[i].labels.empty()) {
      labelled.push_back(i);
      labels.push_back(dataset.images()[i].labels);
    }
  std::vector<std::size_t> valIndices;
  for (std::size_t k :
       train::stratifiedSplit(labels, config.validationFraction, config.seed).second)
    valIndices.push_back(labelled[k]);
  ASSERT_GE(valIndices.size(), 3u);
  EXPECT_EQ(epochs.front().at("val_images").get<std::size_t>(), valIndices.size());
  train::LoaderConfig l;
  l.imageSize = 64;
  l.batchSize = config.batchSize;
  l.shuffle = false;
  l.dropLast = false;
  l.workers = 1;
  l.labelSmoothing = config.labelSmoothing;
  l.augmentEnabled = false;
  train::BatchLoader loader(dataset, valIndices, l, config.seed);
  auto [net, modelConfig] = nn::loadCamModel(dir / "run" / "model.pt");
  net->eval();
  torch::NoGradGuard noGrad;
  double classSum = 0;
  std::vector<double> scores;
  std::vector<int> hard;
  loader.startEpoch(0);
  while (auto batch = loader.next()) {
    const nn::CamOutput out = net->forward(batch->images);
    classSum += train::focalLoss(out.logits, batch->targets, config.focalGamma).item<double>() *
                static_cast<double>(batch->images.size(0));
    const torch::Tensor p = out.logits.sigmoid().to(torch::kDouble).contiguous();
    const torch::Tensor t = batch->targets.gt(0.5).to(torch::kInt).contiguous();
    scores.insert(scores.end(), p.data_ptr<double>(), p.data_ptr<double>() + p.numel());
    hard.insert(hard.end(), t.data_ptr<int>(), t.data_ptr<int>() + t.numel());
  }
  const double valClass = classSum / static_cast<double>(valIndices.size());
  const train::ClassificationMetrics metrics = train::classificationMetrics(scores, hard, 19);
  std::printf("val_class: 2 ranks %.6f, one process %.6f\n",
              epochs.front().at("val_class").get<double>(), valClass);
  EXPECT_NEAR(epochs.front().at("val_class").get<double>(), valClass, 1e-5 * valClass);
  EXPECT_NEAR(epochs.front().at("val_map").get<double>(), metrics.meanAp, 1e-9);
}

/// Two ranks of a run that trains until it is stopped (1000 epochs), in dir; returns once rank
/// 0 logged a step (trained = true) or after 60 s (trained = false).
struct EndlessPair {
  pid_t rank0 = -1, rank1 = -1;
  bool trained = false;
};

EndlessPair startEndlessPair(const TempDir& dir, double timeout) {
  writeData(dir / "data", 8);
  TrainConfig config = tinyConfig();
  config.epochs = 1000;  // Runs until the test stops it.
  config.accumulation = 1;
  config.save(dir / "rank-config.json");
  const int port = freePort();
  EndlessPair pair;
  pair.rank0 = startRank(dir.path(), 0, 2, port, timeout);
  pair.rank1 = startRank(dir.path(), 1, 2, port, timeout);
  if (pair.rank0 <= 0 || pair.rank1 <= 0) return pair;
  const fs::path log = dir / "run" / "log.jsonl";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline &&
         (!fs::exists(log) || readLog(log, "step").empty()))
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  pair.trained = fs::exists(log) && !readLog(log, "step").empty();
  return pair;
}

TEST(Distributed, AKilledRankMakesTheOtherStopWithAClearError) {
  TempDir dir;
  const double timeout = 10;
  const auto [rank0, rank1, trained] = startEndlessPair(dir, timeout);
  ASSERT_GT(rank0, 0);
  ASSERT_GT(rank1, 0);

  // Once the ranks train together (rank 0 logged a step), kill rank 1.
  kill(rank1, SIGKILL);
  waitFor(rank1, 10);
  ASSERT_TRUE(trained) << readText(dir / "run-rank0.log");

  const auto killedAt = std::chrono::steady_clock::now();
  const auto status = waitFor(rank0, timeout + 20);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - killedAt).count();
  ASSERT_TRUE(status) << "rank 0 hung after rank 1 died";
  std::printf("rank 0 stopped %.1f s after rank 1 was killed\n", seconds);
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) != 0);
  const std::string output = readText(dir / "run-rank0.log");
  EXPECT_NE(output.find("rank 0 lost contact with the process group ("), std::string::npos)
      << output;
  EXPECT_NE(output.find("); check the other ranks' logs."), std::string::npos) << output;
}

TEST(Distributed, AStalledRankMakesTheOtherStopWithinTheTimeout) {
  // Rank 1 stops (SIGSTOP) with its sockets open: nothing fails, rank 0 just gets no answer, so
  // only the timeout can end its wait.
  TempDir dir;
  const double timeout = 5;
  const auto [rank0, rank1, trained] = startEndlessPair(dir, timeout);
  ASSERT_GT(rank0, 0);
  ASSERT_GT(rank1, 0);
  kill(rank1, SIGSTOP);
  const auto stoppedAt = std::chrono::steady_clock::now();
  const auto status = waitFor(rank0, timeout * 4 + 10);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - stoppedAt).count();
  kill(rank1, SIGKILL);
  waitFor(rank1, 10);
  ASSERT_TRUE(status) << "rank 0 hung after rank 1 stalled";
  std::printf("rank 0 stopped %.1f s after rank 1 stalled (timeout %.0f s)\n", seconds, timeout);
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) != 0);
  const std::string output = readText(dir / "run-rank0.log");
  EXPECT_NE(output.find("rank 0 lost contact with the process group ("), std::string::npos)
      << output;
}

// ---------------------------------------------------------------------------------------------
// The CUDA path: on a machine without a GPU, clear errors; with one, the same results.

TEST(CudaPath, CamModelRunsOnTheChosenDeviceOrSaysWhyNot) {
  ModelConfig config;
  config.backbone = "resnet18";
  config.inputSize = 64;
  CamModel model = CamModel::create(config);
  EXPECT_EQ(model.device(), "cpu");
  std::vector<float> input(static_cast<std::size_t>(2) * config.inputChannels() * 64 * 64);
  for (std::size_t i = 0; i < input.size(); ++i)
    input[i] = static_cast<float>((i * 37) % 101) / 50.f - 1.f;
  const CamModel::Output cpu = model.forward(input, 2, 64, 64);

  const auto message = [&](const std::string& device, const std::string& precision) {
    try {
      model.setDevice(device, precision);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("tpu", "fp16").find("device \"tpu\" is unknown"), std::string::npos);
  EXPECT_NE(message("cpu", "fp12").find("CUDA precision \"fp12\" is unknown"), std::string::npos);
  EXPECT_EQ(message("auto", "fp32"), "no error");  // CUDA when there is one, else the CPU.
  model.setDevice("cpu", "fp32");
  if (!torch::cuda::is_available()) {
    EXPECT_NE(message("cuda", "fp16").find("no CUDA or no GPU is visible; use device \"cpu\""),
              std::string::npos);
    EXPECT_EQ(model.device(), "cpu");
    EXPECT_THROW(CamModel::setDefaultDevice("cuda:0"), Error);
    return;
  }
  // With a GPU: fp32 on CUDA matches the CPU closely, fp16 autocast loosely; save() writes CPU
  // tensors that load anywhere.
  model.setDevice("cuda", "fp32");
  EXPECT_EQ(model.device(), "cuda:0");
  const CamModel::Output gpu = model.forward(input, 2, 64, 64);
  ASSERT_EQ(gpu.maps.size(), cpu.maps.size());
  double worst = 0, scale = 0;
  for (std::size_t i = 0; i < cpu.maps.size(); ++i) {
    worst = std::max(worst, static_cast<double>(std::abs(gpu.maps[i] - cpu.maps[i])));
    scale = std::max(scale, static_cast<double>(std::abs(cpu.maps[i])));
  }
  EXPECT_LE(worst, 1e-3 * std::max(1.0, scale));
  model.setDevice("cuda", "fp16");
  const CamModel::Output half = model.forward(input, 2, 64, 64);
  worst = 0;
  for (std::size_t i = 0; i < cpu.maps.size(); ++i)
    worst = std::max(worst, static_cast<double>(std::abs(half.maps[i] - cpu.maps[i])));
  EXPECT_LE(worst, 3e-2 * std::max(1.0, scale));
  TempDir dir;
  model.save(dir / "m.pt");
  EXPECT_EQ(model.device(), "cuda:0");
  EXPECT_EQ(CamModel::load(dir / "m.pt").device(), "cpu");
}

TEST(CudaPath, TrainingOnCudaOrFp16WithoutAGpuIsAClearError) {
  if (torch::cuda::is_available()) GTEST_SKIP() << "a GPU is visible";
  TempDir dir;
  writeData(dir / "data", 4);
  TrainConfig config = tinyConfig();
  NullProgress quiet;
  CancelToken never;
  config.device = "cuda";
  try {
    trainPuzzleCam(config, dir / "data", dir / "run", false, quiet, never);
    ADD_FAILURE() << "device cuda trained without a GPU";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("device = \"cuda\" is not possible"), std::string::npos)
        << e.what();
  }
  config.device = "auto";
  config.precision = "fp16";
  try {
    trainPuzzleCam(config, dir / "data", dir / "run", false, quiet, never);
    ADD_FAILURE() << "fp16 trained without a GPU";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("precision = \"fp16\" needs a CUDA device"),
              std::string::npos)
        << e.what();
  }
}

// ---------------------------------------------------------------------------------------------
// Settings and shards.

/// Sets environment variables for one test and restores them.
class ScopedEnv {
 public:
  ScopedEnv(std::map<std::string, std::string> values) {
    for (const char* name : {"RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT",
                             "CELLCAM_DIST_TIMEOUT_S"}) {
      if (const char* old = std::getenv(name)) saved_[name] = old;
      unsetenv(name);
    }
    for (const auto& [name, value] : values) setenv(name.c_str(), value.c_str(), 1);
  }
  ~ScopedEnv() {
    for (const char* name : {"RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT",
                             "CELLCAM_DIST_TIMEOUT_S"})
      unsetenv(name);
    for (const auto& [name, value] : saved_) setenv(name.c_str(), value.c_str(), 1);
  }

 private:
  std::map<std::string, std::string> saved_;
};

TEST(Distributed, ConfigComesFromTorchrunsVariables) {
  {
    ScopedEnv env({});
    EXPECT_FALSE(DistributedConfig::fromEnvironment().active);
  }
  {
    ScopedEnv env({{"RANK", "3"},
                   {"WORLD_SIZE", "4"},
                   {"LOCAL_RANK", "1"},
                   {"MASTER_ADDR", "node7"},
                   {"MASTER_PORT", "29611"},
                   {"CELLCAM_DIST_TIMEOUT_S", "12.5"}});
    const DistributedConfig c = DistributedConfig::fromEnvironment();
    EXPECT_TRUE(c.active);
    EXPECT_EQ(c.rank, 3);
    EXPECT_EQ(c.worldSize, 4);
    EXPECT_EQ(c.localRank, 1);
    EXPECT_EQ(c.masterAddr, "node7");
    EXPECT_EQ(c.masterPort, 29611);
    EXPECT_DOUBLE_EQ(c.timeoutSeconds, 12.5);
  }
  const auto message = [](std::map<std::string, std::string> values) {
    ScopedEnv env(std::move(values));
    try {
      DistributedConfig::fromEnvironment();
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message({{"RANK", "2"}, {"WORLD_SIZE", "2"}}).find("RANK = 2 with WORLD_SIZE = 2"),
            std::string::npos);
  EXPECT_NE(message({{"WORLD_SIZE", "two"}}).find("WORLD_SIZE = \"two\" is not a whole number"),
            std::string::npos);
  EXPECT_NE(message({{"WORLD_SIZE", "2"}, {"MASTER_PORT", "70000"}}).find("MASTER_PORT = 70000"),
            std::string::npos);
  EXPECT_NE(message({{"WORLD_SIZE", "1"}, {"CELLCAM_DIST_TIMEOUT_S", "-1"}})
                .find("CELLCAM_DIST_TIMEOUT_S"),
            std::string::npos);
}

std::vector<std::vector<std::string>> allBatches(train::BatchLoader& loader, int epoch) {
  std::vector<std::vector<std::string>> batches;
  loader.startEpoch(epoch);
  while (auto batch = loader.next()) batches.push_back(batch->ids);
  return batches;
}

TEST(Distributed, ShardsSplitThePaddedPermutationAndEmulationInterleavesThem) {
  TempDir dir;
  writeData(dir / "data", 7);
  const Dataset dataset = Dataset::open(dir / "data");
  std::vector<std::size_t> indices;
  for (std::size_t i = 0; i < dataset.images().size(); ++i)
    if (dataset.images()[i].split == Split::Train) indices.push_back(i);
  ASSERT_EQ(indices.size(), 7u);

  train::LoaderConfig base;
  base.imageSize = 32;
  base.batchSize = 2;
  base.workers = 1;
  // Whole epoch order in one batch per sample: the single-process permutation.
  train::LoaderConfig single = base;
  single.batchSize = 1;
  single.augmentEnabled = false;
  train::BatchLoader whole(dataset, indices, single, 9);
  std::vector<std::string> perm;
  for (auto& batch : allBatches(whole, 1)) perm.push_back(batch.front());

  // Rank r of 3 takes positions r, r + 3, ... of the permutation padded to 9 (7 -> 9: 2 repeats).
  std::vector<std::vector<std::vector<std::string>>> shards;
  std::multiset<std::string> seen;
  for (int r = 0; r < 3; ++r) {
    train::LoaderConfig c = base;
    c.shardRank = r;
    c.shardCount = 3;
    c.dropLast = false;
    c.augmentEnabled = false;
    train::BatchLoader loader(dataset, indices, c, 9);
    EXPECT_EQ(loader.batchesPerEpoch(), 2u);  // 3 samples per rank: batches of 2 and 1.
    auto batches = allBatches(loader, 1);
    std::vector<std::string> ids;
    for (auto& b : batches) ids.insert(ids.end(), b.begin(), b.end());
    ASSERT_EQ(ids.size(), 3u);
    for (std::size_t i = 0; i < ids.size(); ++i) {
      EXPECT_EQ(ids[i], perm[(static_cast<std::size_t>(r) + 3 * i) % 7]) << r << " " << i;
      seen.insert(ids[i]);
    }
    shards.push_back(batches);
  }
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 7u);  // Every image.

  // Emulating 2 ranks (dropLast): rank 0's batch 1, rank 1's batch 1, rank 0's batch 2, ...,
  // with the augmentation each rank gives the sample (the same pixels).
  train::LoaderConfig e = base;
  e.emulatedShards = 2;
  train::BatchLoader emulated(dataset, indices, e, 9);
  EXPECT_EQ(emulated.batchesPerEpoch(), 2u * 2u);  // 4 samples per rank: 2 batches each.
  std::vector<train::Batch> rankBatches[2];
  for (int r = 0; r < 2; ++r) {
    train::LoaderConfig c = base;
    c.shardRank = r;
    c.shardCount = 2;
    train::BatchLoader loader(dataset, indices, c, 9);
    loader.startEpoch(2);
    while (auto batch = loader.next()) rankBatches[r].push_back(std::move(*batch));
    ASSERT_EQ(rankBatches[r].size(), 2u);
  }
  emulated.startEpoch(2);
  for (std::size_t k = 0; k < 4; ++k) {
    auto batch = emulated.next();
    ASSERT_TRUE(batch);
    const train::Batch& expected = rankBatches[k % 2][k / 2];
    EXPECT_EQ(batch->ids, expected.ids) << k;
    EXPECT_TRUE(batch->images.equal(expected.images)) << k;
  }
  EXPECT_FALSE(emulated.next());

  // One shard of one is the plain loader, augmentation included.
  train::LoaderConfig one = base;
  one.shardCount = 1;
  train::BatchLoader plain(dataset, indices, base, 9), shardOfOne(dataset, indices, one, 9);
  plain.startEpoch(3);
  shardOfOne.startEpoch(3);
  while (auto a = plain.next()) {
    auto b = shardOfOne.next();
    ASSERT_TRUE(b);
    EXPECT_TRUE(a->images.equal(b->images));
  }
}

}  // namespace
}  // namespace cellcam
