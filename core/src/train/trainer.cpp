// PuzzleCamTrainer: the seed's Puzzle-CAM training loop as a core job (trainPuzzleCam).
//
// Per batch: full-image forward (logits, maps) -> focal class loss; 2x2 tiles forward -> tile
// maps merged back into re_maps -> GAP -> focal p-class loss; masked L1 re-loss between maps
// and re_maps; total = class + pclass + alpha_e * re (+ confidenceWeight * conf), divided by
// the size of the accumulation group and back-propagated. An optimizer step follows every
// `accumulation` batches (the last group of an epoch may be smaller: its batches are averaged,
// and no gradient is carried into the next epoch).
//
// Exact resume: batches are a pure function of (seed, epoch) and the loader can skip batches;
// checkpoint.pt holds the weights, the optimizer's state, the gradients accumulated so far in
// an unfinished group, torch's CPU generator state, the position (epoch, batch in epoch,
// optimizer steps), the loss scaler and the running sums of the log, and the config. The file
// is a small header (magic, version, payload size, CRC-32) followed by a torch archive, so a
// truncated or damaged file is detected before any of it is used.
//
// Data parallel (DistributedConfig, train/distributed.h): each rank trains on its shard of the
// epoch (BatchLoader's shardRank/shardCount) and the ranks meet at every optimizer step (the
// gradients, averaged in buckets, and the group's loss sums) and once per batch (a tiny
// all-reduce of "cancel" and "loss not finite", so that all stop at the same batch). Rank 0
// writes every file. An emulated run (emulateWorldSize) is one process whose loader delivers
// the ranks' batches interleaved and whose accumulation groups are emulateWorldSize times
// larger: the same averaged gradients, which the distributed test compares against.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/core/grad_mode.h>
#include <ATen/ops/_amp_foreach_non_finite_check_and_unscale.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/full.h>
#include <ATen/ops/sigmoid.h>
#include <ATen/ops/zeros.h>
#include <nlohmann/json.hpp>
#include <torch/cuda.h>
#include <torch/optim/adam.h>
#include <torch/optim/sgd.h>
#include <torch/serialize/archive.h>
#include <zlib.h>

#include "cellcam/atomic_file.h"
#include "cellcam/dataset.h"
#include "cellcam/error.h"
#include "cellcam/runtime.h"
#include "cellcam/training.h"

#include "nn/autocast.h"
#include "nn/cam_net.h"
#include "nn/model_io.h"
#include "train/batch_loader.h"
#include "train/distributed.h"
#include "train/metrics.h"
#include "train/puzzle.h"

namespace cellcam {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using train::Batch;
using train::BatchLoader;

constexpr char kMagic[8] = {'C', 'C', 'A', 'M', 'C', 'K', 'P', 'T'};
constexpr std::uint32_t kCheckpointVersion = 1;
constexpr std::size_t kHeaderBytes = 8 + 4 + 8 + 4;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---------------------------------------------------------------------------------------------
// Device and precision.

struct Precision {
  torch::Device device = torch::kCPU;
  bool autocast = false;
  at::ScalarType autocastType = at::kFloat;
  bool channelsLast = false;
  bool lossScaling = false;
};

Precision resolvePrecision(const TrainConfig& config, int cudaIndex) {
  const bool cudaAvailable = torch::cuda::is_available();
  if (config.device == "cuda" && !cudaAvailable)
    throw Error(
        "training setting device = \"cuda\" is not possible: this LibTorch has no CUDA or no GPU "
        "is visible; use device \"cpu\" or \"auto\".");
  Precision p;
  const bool cuda = config.device == "cuda" || (config.device == "auto" && cudaAvailable);
  if (cuda && cudaIndex >= static_cast<int>(torch::cuda::device_count()))
    throw Error("LOCAL_RANK = " + std::to_string(cudaIndex) + " names a GPU that is not there (" +
                std::to_string(torch::cuda::device_count()) +
                " visible); start at most one rank per GPU on each machine.");
  p.device = cuda ? torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(cudaIndex))
                  : torch::Device(torch::kCPU);
  if (config.precision == "bf16") {
    if (!cuda && !cpuHasBf16())
      throw Error(
          "training setting precision = \"bf16\" needs a CPU with AVX-512 BF16 or AMX, which this "
          "one lacks; use precision \"fp32\".");
    p.autocast = true;
    p.autocastType = at::kBFloat16;
    p.channelsLast = !cuda;
  } else if (config.precision == "fp16") {
    if (!cuda)
      throw Error(
          "training setting precision = \"fp16\" needs a CUDA device; use \"bf16\" or \"fp32\" on "
          "the CPU.");
    p.autocast = true;
    p.autocastType = at::kHalf;
    p.lossScaling = true;
  }
  return p;
}

void convertToChannelsLast(torch::nn::Module& module) {
  at::NoGradGuard noGrad;
  for (torch::Tensor& p : module.parameters())
    if (p.dim() == 4) p.set_data(p.data().contiguous(at::MemoryFormat::ChannelsLast));
}

// ---------------------------------------------------------------------------------------------
// Losses of one batch.

struct LossValues {
  double total = 0, cls = 0, pcls = 0, re = 0, conf = 0;
  LossValues& operator+=(const LossValues& o) {
    total += o.total;
    cls += o.cls;
    pcls += o.pcls;
    re += o.re;
    conf += o.conf;
    return *this;
  }
  LossValues operator+(const LossValues& o) const {
    LossValues sum = *this;
    return sum += o;
  }
  LossValues scaled(double f) const { return {total * f, cls * f, pcls * f, re * f, conf * f}; }
};

struct BatchLoss {
  torch::Tensor total;   ///< Differentiable (training) total.
  LossValues values;     ///< Its parts as numbers.
  torch::Tensor logits;  ///< Full-image logits, float32 (for validation scores).
};

BatchLoss computeLoss(nn::CamNet& net, const Batch& batch, const TrainConfig& config,
                      const Precision& precision, double alphaE) {
  torch::Tensor images = batch.images.to(precision.device);
  if (precision.channelsLast) images = images.contiguous(at::MemoryFormat::ChannelsLast);
  const torch::Tensor targets = batch.targets.to(precision.device);
  const torch::Tensor labels = targets.gt(0.5).to(torch::kFloat);

  nn::CamOutput full, tiled;
  {
    nn::AutocastScope autocast(precision.device.is_cuda(),
                               precision.autocast ? precision.autocastType : at::kFloat);
    full = net->forward(images);
    if (config.loss == "puzzle") {
      torch::Tensor tiles = train::tileImages(images, config.tiles);
      if (precision.channelsLast) tiles = tiles.contiguous(at::MemoryFormat::ChannelsLast);
      tiled = net->forward(tiles);
    }
  }
  BatchLoss out;
  out.logits = full.logits.to(torch::kFloat);
  const torch::Tensor cls = train::focalLoss(out.logits, targets, config.focalGamma);
  out.total = cls;
  out.values.cls = cls.item<double>();
  if (config.loss == "puzzle") {
    const torch::Tensor maps = full.maps.to(torch::kFloat);
    const torch::Tensor reMaps = train::mergeTiles(tiled.maps.to(torch::kFloat), config.tiles);
    const torch::Tensor pcls =
        train::focalLoss(train::globalAveragePool(reMaps), targets, config.focalGamma);
    const torch::Tensor re = train::reconstructionLoss(maps, reMaps, labels);
    out.total = out.total + pcls + alphaE * re;
    out.values.pcls = pcls.item<double>();
    out.values.re = re.item<double>();
    if (config.confidenceWeight > 0) {
      const torch::Tensor conf = train::confidenceLoss(tiled.logits);
      out.total = out.total + config.confidenceWeight * conf;
      out.values.conf = conf.item<double>();
    }
  }
  out.values.total = out.total.item<double>();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Optimizer and schedule.

struct OptimizerSetup {
  std::unique_ptr<torch::optim::Optimizer> optimizer;
  std::vector<double> lrScale;  ///< Per parameter group, relative to the base lr.
};

bool isWeight(const std::string& name) {
  const auto dot = name.rfind('.');
  return (dot == std::string::npos ? name : name.substr(dot + 1)) == "weight";
}

OptimizerSetup makeOptimizer(nn::CamNet& net, const TrainConfig& config) {
  OptimizerSetup setup;
  if (config.optimizer == "adam") {
    torch::optim::AdamOptions options(config.adam.lr);
    options.weight_decay(config.adam.weightDecay);
    setup.optimizer = std::make_unique<torch::optim::Adam>(net->parameters(), options);
    setup.lrScale = {1.0};
    return setup;
  }
  const SgdConfig& s = config.sgd;
  // Puzzle-CAM's groups: backbone weights, backbone biases, head weights, head biases.
  std::vector<torch::Tensor> groups[4];
  for (const auto& item : net->backbone->named_parameters())
    groups[isWeight(item.key()) ? 0 : 1].push_back(item.value());
  for (const auto& item : net->classifier->named_parameters())
    groups[isWeight(item.key()) ? 2 : 3].push_back(item.value());
  const double scale[4] = {1.0, s.biasLrScale, s.headLrScale, s.headLrScale * s.biasLrScale};
  const double decay[4] = {s.weightDecay, 0.0, s.weightDecay, 0.0};
  std::vector<torch::optim::OptimizerParamGroup> paramGroups;
  for (int g = 0; g < 4; ++g) {
    if (groups[g].empty()) continue;
    auto options = std::make_unique<torch::optim::SGDOptions>(s.lr * scale[g]);
    options->momentum(s.momentum).nesterov(s.nesterov).weight_decay(decay[g]);
    paramGroups.emplace_back(groups[g], std::move(options));
    setup.lrScale.push_back(scale[g]);
  }
  torch::optim::SGDOptions defaults(s.lr);
  defaults.momentum(s.momentum).nesterov(s.nesterov).weight_decay(s.weightDecay);
  setup.optimizer = std::make_unique<torch::optim::SGD>(std::move(paramGroups), defaults);
  return setup;
}

/// The base learning rate of optimizer step `step` (0-based) in epoch `epoch` (0-based).
double scheduledLr(const TrainConfig& config, std::int64_t step, std::int64_t totalSteps,
                   int epoch) {
  if (config.optimizer == "adam") return config.adam.lr * std::pow(config.adam.stepGamma, epoch);
  const double progress =
      totalSteps > 0 ? std::min(1.0, static_cast<double>(step) / static_cast<double>(totalSteps))
                     : 0.0;
  return config.sgd.lr * std::pow(1.0 - progress, config.sgd.polyPower);
}

void setLr(OptimizerSetup& setup, double lr) {
  auto& groups = setup.optimizer->param_groups();
  for (std::size_t g = 0; g < groups.size(); ++g) groups[g].options().set_lr(lr * setup.lrScale[g]);
}

// ---------------------------------------------------------------------------------------------
// Run state and checkpoints.

/// Where a run stands; everything here goes into checkpoint.pt as JSON.
struct RunState {
  int epoch = 0;                  ///< Current epoch (0-based); == epochs when done.
  std::int64_t batchInEpoch = 0;  ///< Batches of `epoch` already trained on.
  std::int64_t step = 0;          ///< Optimizer steps done.
  bool gradsPending = false;      ///< Gradients of an unfinished accumulation group are saved.
  LossValues groupSum;            ///< Loss sums of the unfinished group (for its log line).
  std::int64_t groupBatches = 0;
  LossValues epochSum;  ///< Loss sums of the epoch so far (train_loss).
  std::int64_t epochBatches = 0;
  double bestValLoss = kNaN;
  int bestEpoch = -1;
  std::uint64_t logBytes = 0;  ///< Size of log.jsonl at this state.
  double lossScale = 65536.0;  ///< fp16 loss scaler.
  std::int64_t goodSteps = 0;
  std::map<std::string, double> lastMetrics;
  std::vector<double> lastClassAuc;
};

nlohmann::json lossJson(const LossValues& v) {
  return {{"total", v.total}, {"class", v.cls}, {"pclass", v.pcls}, {"re", v.re}, {"conf", v.conf}};
}
LossValues lossFromJson(const nlohmann::json& j) {
  return {j.at("total").get<double>(), j.at("class").get<double>(), j.at("pclass").get<double>(),
          j.at("re").get<double>(), j.at("conf").get<double>()};
}

/// nlohmann writes NaN as null; read null back as NaN.
double numberOrNaN(const nlohmann::json& j) { return j.is_null() ? kNaN : j.get<double>(); }

std::string stateToJson(const RunState& s) {
  nlohmann::json j;
  j["epoch"] = s.epoch;
  j["batchInEpoch"] = s.batchInEpoch;
  j["step"] = s.step;
  j["gradsPending"] = s.gradsPending;
  j["groupSum"] = lossJson(s.groupSum);
  j["groupBatches"] = s.groupBatches;
  j["epochSum"] = lossJson(s.epochSum);
  j["epochBatches"] = s.epochBatches;
  j["bestValLoss"] = s.bestValLoss;
  j["bestEpoch"] = s.bestEpoch;
  j["logBytes"] = s.logBytes;
  j["lossScale"] = s.lossScale;
  j["goodSteps"] = s.goodSteps;
  j["lastMetrics"] = s.lastMetrics;
  j["lastClassAuc"] = s.lastClassAuc;
  return j.dump();
}

RunState stateFromJson(const std::string& text) {
  const nlohmann::json j = nlohmann::json::parse(text);
  RunState s;
  s.epoch = j.at("epoch").get<int>();
  s.batchInEpoch = j.at("batchInEpoch").get<std::int64_t>();
  s.step = j.at("step").get<std::int64_t>();
  s.gradsPending = j.at("gradsPending").get<bool>();
  s.groupSum = lossFromJson(j.at("groupSum"));
  s.groupBatches = j.at("groupBatches").get<std::int64_t>();
  s.epochSum = lossFromJson(j.at("epochSum"));
  s.epochBatches = j.at("epochBatches").get<std::int64_t>();
  s.bestValLoss = numberOrNaN(j.at("bestValLoss"));
  s.bestEpoch = j.at("bestEpoch").get<int>();
  s.logBytes = j.at("logBytes").get<std::uint64_t>();
  s.lossScale = j.at("lossScale").get<double>();
  s.goodSteps = j.at("goodSteps").get<std::int64_t>();
  for (const auto& [key, value] : j.at("lastMetrics").items())
    s.lastMetrics[key] = numberOrNaN(value);
  for (const auto& value : j.at("lastClassAuc")) s.lastClassAuc.push_back(numberOrNaN(value));
  return s;
}

void putLe(std::string& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
std::uint64_t getLe(const std::string& in, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i)
    v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[at + i])) << (8 * i);
  return v;
}

std::uint32_t crc32Of(const std::string& bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const std::size_t chunk = std::min<std::size_t>(bytes.size() - done, 1u << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + done), static_cast<uInt>(chunk));
    done += chunk;
  }
  return static_cast<std::uint32_t>(crc);
}

/// Everything a checkpoint restores, besides the state.
struct Trainee {
  nn::CamNet net{nullptr};
  OptimizerSetup optimizer;
};

void writeCheckpoint(const fs::path& file, Trainee& t, const RunState& state,
                     const TrainConfig& config) {
  torch::serialize::OutputArchive root;
  torch::serialize::OutputArchive model(root.compilation_unit());
  t.net->save(model);
  root.write("model", model);
  torch::serialize::OutputArchive optimizer(root.compilation_unit());
  t.optimizer.optimizer->save(optimizer);
  root.write("optimizer", optimizer);
  if (state.gradsPending) {
    torch::serialize::OutputArchive grads(root.compilation_unit());
    for (const auto& item : t.net->named_parameters())
      if (item.value().grad().defined()) grads.write(item.key(), item.value().grad());
    root.write("grads", grads);
  }
  {
    at::Generator generator = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(generator.mutex());
    root.write("rng_cpu", generator.get_state());
  }
  root.write("state", c10::IValue(stateToJson(state)));
  root.write("config", c10::IValue(config.toJson()));
  std::ostringstream payloadStream;
  root.save_to(payloadStream);
  const std::string payload = payloadStream.str();

  std::string bytes(kMagic, sizeof kMagic);
  putLe(bytes, kCheckpointVersion, 4);
  putLe(bytes, payload.size(), 8);
  putLe(bytes, crc32Of(payload), 4);
  bytes += payload;
  writeFileAtomically(file, bytes);
}

/// Reads and checks a checkpoint file; returns its torch archive.
torch::serialize::InputArchive openCheckpoint(const fs::path& file, const torch::Device& device) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throwFileError(file, "cannot read the checkpoint", "check that the file exists");
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string fix = "the run cannot be resumed from it; start a new run";
  if (bytes.size() < kHeaderBytes || bytes.compare(0, sizeof kMagic, kMagic, sizeof kMagic) != 0)
    throwFileError(file, "is not a CellCAM training checkpoint (or its header is damaged)", fix);
  const auto version = getLe(bytes, 8, 4);
  if (version != kCheckpointVersion)
    throwFileError(file,
                   "was written by another CellCAM version (checkpoint format " +
                       std::to_string(version) + ")",
                   fix);
  const auto size = getLe(bytes, 12, 8);
  if (bytes.size() - kHeaderBytes != size)
    throwFileError(file,
                   "is truncated or damaged (" + std::to_string(bytes.size() - kHeaderBytes) +
                       " bytes of data where " + std::to_string(size) + " were written)",
                   fix);
  const auto crc = static_cast<std::uint32_t>(getLe(bytes, 20, 4));
  std::string payload = bytes.substr(kHeaderBytes);
  bytes.clear();
  bytes.shrink_to_fit();
  if (crc32Of(payload) != crc)
    throwFileError(file, "is damaged (its checksum does not match its contents)", fix);
  torch::serialize::InputArchive archive;
  try {
    std::istringstream stream(payload);
    archive.load_from(stream, device);
  } catch (const std::exception& e) {
    throwFileError(file, std::string("cannot be read (") + e.what() + ")", fix);
  }
  return archive;
}

/// The settings that may differ between a run and its resumption.
bool mayChangeOnResume(const std::string& key) {
  static const char* const keys[] = {"epochs",          "sgd.lr",    "adam.lr",         "workers",
                                     "prefetchBatches", "cacheDir",  "checkpointEvery", "device",
                                     "precision",       "pretrained"};
  for (const char* k : keys)
    if (key == k) return true;
  return false;
}

/// Throws Error when `config` differs from the run's config in a setting that shapes the
/// result.
void checkResumeConfig(const fs::path& file, const std::string& runConfigJson,
                       const TrainConfig& config) {
  const nlohmann::json saved = nlohmann::json::parse(runConfigJson);
  const nlohmann::json given = nlohmann::json::parse(config.toJson());
  const nlohmann::json savedFlat = saved.flatten(), givenFlat = given.flatten();
  for (const auto& [pointer, value] : givenFlat.items()) {
    std::string key = pointer.substr(1);
    std::replace(key.begin(), key.end(), '/', '.');
    if (mayChangeOnResume(key)) continue;
    if (!savedFlat.contains(pointer) || savedFlat.at(pointer) != value)
      throwFileError(file,
                     "the run was started with " + key + " = " +
                         (savedFlat.contains(pointer) ? savedFlat.at(pointer).dump() : "(unset)") +
                         " but the config now says " + value.dump(),
                     "resume with the run's own config.json (only epochs, learning rates, "
                     "workers, caching, checkpointing, device and precision may change)");
  }
}

/// log.jsonl: one JSON object per line, flushed per line.
class RunLog {
 public:
  RunLog(fs::path file, bool fresh, std::uint64_t keepBytes) : file_(std::move(file)) {
    std::error_code ec;
    if (!fresh && fs::exists(file_, ec)) {
      if (fs::file_size(file_, ec) > keepBytes) fs::resize_file(file_, keepBytes, ec);
      if (ec) throwFileError(file_, "cannot shorten the training log (" + ec.message() + ")");
    }
    out_.open(file_, fresh ? std::ios::binary | std::ios::trunc : std::ios::binary | std::ios::app);
    if (!out_)
      throwFileError(file_, "cannot write the training log", "check the folder's permissions");
    out_.seekp(0, std::ios::end);
    bytes_ = static_cast<std::uint64_t>(out_.tellp());
  }
  void write(const nlohmann::ordered_json& line) {
    const std::string text = line.dump() + "\n";
    out_.write(text.data(), static_cast<std::streamsize>(text.size()));
    out_.flush();
    if (!out_) throwFileError(file_, "cannot write the training log", "check the free disk space");
    bytes_ += text.size();
  }
  std::uint64_t bytes() const { return bytes_; }

 private:
  fs::path file_;
  std::ofstream out_;
  std::uint64_t bytes_ = 0;
};

struct Validation {
  LossValues mean;
  train::ClassificationMetrics metrics;
  std::size_t images = 0;
};

/// The raw figures of a validation pass (of one rank's shard in a distributed run).
struct ValidationSums {
  LossValues sum;  ///< Loss parts summed over images (each batch's mean times its size).
  std::size_t images = 0;
  std::vector<double> scores;  ///< [images][classes] sigmoid(logits).
  std::vector<int> labels;     ///< [images][classes] hard labels.
  bool cancelled = false;
};

/// Runs the loader's validation images; stops early (cancelled) when `cancel` is set.
ValidationSums validationSums(Trainee& t, BatchLoader& loader, const TrainConfig& config,
                              const Precision& precision, double alphaE,
                              const CancelToken& cancel) {
  at::NoGradGuard noGrad;
  t.net->eval();
  ValidationSums v;
  loader.startEpoch(0);
  while (std::optional<Batch> batch = loader.next()) {
    if (cancel.cancelled()) {
      v.cancelled = true;
      break;
    }
    const BatchLoss loss = computeLoss(t.net, *batch, config, precision, alphaE);
    const auto n = static_cast<std::size_t>(batch->images.size(0));
    v.sum += loss.values.scaled(static_cast<double>(n));
    v.images += n;
    const torch::Tensor p = at::sigmoid(loss.logits).to(torch::kCPU, torch::kDouble).contiguous();
    const torch::Tensor l = batch->targets.gt(0.5).to(torch::kInt).contiguous();
    v.scores.insert(v.scores.end(), p.data_ptr<double>(), p.data_ptr<double>() + p.numel());
    v.labels.insert(v.labels.end(), l.data_ptr<int>(), l.data_ptr<int>() + l.numel());
  }
  t.net->train();
  return v;
}

/// Means and classification metrics of the summed figures.
Validation finishValidation(const ValidationSums& sums, const TrainConfig& config) {
  Validation v;
  v.mean = sums.sum;
  v.images = sums.images;
  if (v.images > 0) {
    v.mean = v.mean.scaled(1.0 / static_cast<double>(v.images));
    // The seed's validation loss: the unweighted sum of the parts.
    v.mean.total = v.mean.cls + v.mean.pcls + v.mean.re;
    v.metrics = train::classificationMetrics(sums.scores, sums.labels,
                                             static_cast<std::size_t>(config.model.numClasses));
  }
  return v;
}

/// Gathers every rank's validation shard (rank r holds positions r, r + W, ... of the
/// validation order) into the figures of the whole set, in the single-process order, on every
/// rank. Cancelled when any rank was.
ValidationSums gatherValidation(train::ProcessGroup& group, ValidationSums local,
                                std::size_t totalImages, std::size_t classes) {
  std::vector<double> flag{local.cancelled ? 1.0 : 0.0};
  group.max(flag);
  if (flag[0] > 0) {
    local.cancelled = true;
    return local;
  }
  const auto w = static_cast<std::size_t>(group.worldSize());
  const auto r = static_cast<std::size_t>(group.rank());
  std::vector<double> scores(totalImages * classes, 0.0), labels(totalImages * classes, 0.0);
  for (std::size_t i = 0; i < local.images; ++i) {
    const std::size_t row = r + i * w;
    for (std::size_t c = 0; c < classes; ++c) {
      scores[row * classes + c] = local.scores[i * classes + c];
      labels[row * classes + c] = local.labels[i * classes + c];
    }
  }
  std::vector<double> sums{local.sum.total, local.sum.cls,  local.sum.pcls,
                           local.sum.re,    local.sum.conf, static_cast<double>(local.images)};
  group.sum(sums);
  group.sum(scores);
  group.sum(labels);
  ValidationSums all;
  all.sum = {sums[0], sums[1], sums[2], sums[3], sums[4]};
  all.images = static_cast<std::size_t>(std::llround(sums[5]));
  all.scores = std::move(scores);
  all.labels.reserve(labels.size());
  for (double l : labels) all.labels.push_back(static_cast<int>(std::lround(l)));
  return all;
}

train::LoaderConfig loaderConfig(const TrainConfig& config, bool training) {
  train::LoaderConfig l;
  l.imageSize = config.model.inputSize;
  l.channels = config.model.channels;
  l.batchSize = config.batchSize;
  l.shuffle = training;
  l.dropLast = training;
  l.workers = config.workers;
  l.prefetchBatches = config.prefetchBatches;
  l.cacheDir = config.cacheDir;
  l.labelSmoothing = config.labelSmoothing;
  l.augmentEnabled = training;
  l.augment.flips = config.augment.flips;
  l.augment.rotate90 = config.augment.rotate90;
  l.augment.brightness = config.augment.brightness;
  l.augment.contrast = config.augment.contrast;
  l.augment.resizedCropMinScale = config.augment.resizedCropMinScale;
  return l;
}

void seedTorch(std::uint64_t seed) {
  at::Generator generator = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(generator.mutex());
  generator.set_current_seed(seed);
}

void restoreTorchRng(const torch::Tensor& state) {
  at::Generator generator = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(generator.mutex());
  generator.set_state(state.to(torch::kCPU));
}

nlohmann::ordered_json lossesForLog(const LossValues& v, bool puzzle, bool conf) {
  nlohmann::ordered_json j{{"loss", v.total}, {"class", v.cls}};
  if (puzzle) {
    j["pclass"] = v.pcls;
    j["re"] = v.re;
  }
  if (conf) j["conf"] = v.conf;
  return j;
}

/// Writes the validation images' IDs, one per line in validation order, atomically. A resumed
/// run keeps the file when it already says the same (it is written once per run).
void writeValidationIds(const fs::path& file, const Dataset& dataset,
                        const std::vector<std::size_t>& valIndices, bool resume) {
  std::string text;
  for (std::size_t i : valIndices) text += dataset.images()[i].id + "\n";
  if (resume) {
    std::ifstream in(file, std::ios::binary);
    if (in) {
      const std::string existing((std::istreambuf_iterator<char>(in)),
                                 std::istreambuf_iterator<char>());
      if (existing == text) return;
    }
  }
  writeFileAtomically(file, text);
}

/// Turns LibTorch's out-of-memory and other runtime failures into one sentence.
[[noreturn]] void rethrowTorchFailure(const std::exception& e, const TrainConfig& config) {
  const std::string what = e.what();
  if (dynamic_cast<const std::bad_alloc*>(&e) || what.find("out of memory") != std::string::npos ||
      what.find("DefaultCPUAllocator") != std::string::npos)
    throw Error("training ran out of memory at batch size " + std::to_string(config.batchSize) +
                " and input size " + std::to_string(config.model.inputSize) +
                "; lower batchSize (and raise accumulation) or model.inputSize.");
  throw Error("training failed: " + what.substr(0, what.find('\n')));
}

/// Whether every gradient (or, with `weights`, every parameter) of `net` is finite: one sum
/// in float64 per tensor, which a NaN or an infinity turns non-finite.
bool allFinite(nn::CamNet& net, bool weights) {
  at::NoGradGuard noGrad;
  std::vector<torch::Tensor> sums;
  for (const torch::Tensor& p : net->parameters()) {
    const torch::Tensor& t = weights ? p : p.grad();
    if (t.defined()) sums.push_back(t.sum(torch::kDouble).reshape({1}));
  }
  return sums.empty() || std::isfinite(at::cat(sums).sum().item<double>());
}

}  // namespace

TrainResult trainPuzzleCam(const TrainConfig& config, const fs::path& dataDir,
                           const fs::path& runDir, bool resume, Progress& progress,
                           const CancelToken& cancel) {
  return trainPuzzleCam(config, dataDir, runDir, resume, progress, cancel, DistributedConfig());
}

TrainResult trainPuzzleCam(const TrainConfig& config, const fs::path& dataDir,
                           const fs::path& runDir, bool resume, Progress& rankProgress,
                           const CancelToken& cancel, const DistributedConfig& distributed) {
  config.validate();
  distributed.validate();
  const Precision precision =
      resolvePrecision(config, distributed.active ? distributed.localRank : 0);
  const bool puzzle = config.loss == "puzzle";
  const bool conf = puzzle && config.confidenceWeight > 0;
  // Rank 0 (or the single process) writes files and reports progress.
  const bool leader = !distributed.active || distributed.rank == 0;
  NullProgress silent;
  Progress& progress = leader ? rankProgress : silent;
  // Ranks whose batches one optimizer step averages, real or emulated.
  const int emulated = distributed.active ? 1 : distributed.emulateWorldSize;
  const int stepAccumulation = config.accumulation * emulated;

  std::error_code ec;
  if (leader) fs::create_directories(runDir, ec);
  if (leader && (ec || !fs::is_directory(runDir)))
    throwFileError(runDir, "cannot create the run folder", "check the path and its permissions");
  const fs::path checkpointFile = runDir / "checkpoint.pt";
  const fs::path modelFile = runDir / "model.pt";
  const fs::path bestFile = runDir / "best.pt";
  if (!resume && fs::exists(checkpointFile, ec))
    throwFileError(runDir, "already holds a training run (checkpoint.pt)",
                   "resume it (--resume) or choose a new run folder");
  if (resume && !fs::exists(checkpointFile, ec))
    throwFileError(checkpointFile, "not found, so there is no run to resume",
                   "start the run without --resume");
  const fs::path validationIdsFile = runDir / "validation_ids.txt";
  // A process killed mid-write left its temporary files; this run rewrites those files.
  if (leader)
    for (const fs::path& file :
         {checkpointFile, modelFile, bestFile, runDir / "config.json", validationIdsFile})
      removeStaleTemporaryFiles(file);

  // Every rank has checked the folder before it joins, so rank 0 cannot have written a
  // checkpoint yet that another rank's check would see.
  std::unique_ptr<train::ProcessGroup> group;
  if (distributed.active) {
    progress.report(
        {0.0,
         "joining the process group (" + std::to_string(distributed.worldSize) + " ranks)",
         {}});
    group = std::make_unique<train::ProcessGroup>(distributed, precision.device);
  }
  const int world = distributed.active ? distributed.worldSize : 1;

  // The checkpoint's state and config come first: they decide what is built.
  std::optional<torch::serialize::InputArchive> archive;
  RunState state;
  if (resume) {
    progress.report({0.0, "reading checkpoint", {}});
    archive = openCheckpoint(checkpointFile, precision.device);
    try {
      c10::IValue stateValue, configValue;
      archive->read("state", stateValue);
      archive->read("config", configValue);
      state = stateFromJson(stateValue.toStringRef());
      checkResumeConfig(checkpointFile, configValue.toStringRef(), config);
    } catch (const Error&) {
      throw;
    } catch (const std::exception& e) {
      throwFileError(checkpointFile, std::string("is not a usable checkpoint (") + e.what() + ")",
                     "start a new run");
    }
  }

  // Data: labelled images, split by multilabel stratification.
  progress.report({0.0, "opening dataset", {}});
  const Dataset dataset = Dataset::open(dataDir);
  std::vector<std::size_t> labelled;
  std::vector<std::vector<int>> labels;
  for (std::size_t i = 0; i < dataset.images().size(); ++i) {
    const ImageRecord& image = dataset.images()[i];
    if (image.split != Split::Train || image.labels.empty()) continue;
    for (int label : image.labels)
      if (label < 0 || label >= config.model.numClasses)
        throwFileError(dataDir,
                       "image " + image.id + " has label " + std::to_string(label) +
                           " but the model has " + std::to_string(config.model.numClasses) +
                           " classes",
                       "fix the labels or model.numClasses");
    labelled.push_back(i);
    labels.push_back(image.labels);
  }
  if (labelled.empty())
    throwFileError(dataDir, "holds no labelled training images",
                   "train on a dataset with train.csv (ID,Label)");
  std::vector<std::size_t> trainIndices, valIndices;
  if (config.validationFraction > 0) {
    auto [trainPart, valPart] =
        train::stratifiedSplit(labels, config.validationFraction, config.seed);
    for (std::size_t k : trainPart) trainIndices.push_back(labelled[k]);
    for (std::size_t k : valPart) valIndices.push_back(labelled[k]);
  } else {
    trainIndices = labelled;
  }
  if (leader) writeValidationIds(validationIdsFile, dataset, valIndices, resume);
  train::LoaderConfig trainLoaderConfig = loaderConfig(config, true);
  train::LoaderConfig valLoaderConfig = loaderConfig(config, false);
  if (distributed.active) {
    trainLoaderConfig.shardRank = valLoaderConfig.shardRank = distributed.rank;
    trainLoaderConfig.shardCount = valLoaderConfig.shardCount = distributed.worldSize;
    valLoaderConfig.padShards = false;
  }
  trainLoaderConfig.emulatedShards = emulated;
  BatchLoader trainLoader(dataset, trainIndices, trainLoaderConfig, config.seed);
  std::optional<BatchLoader> valLoader;
  if (!valIndices.empty()) valLoader.emplace(dataset, valIndices, valLoaderConfig, config.seed);
  const auto batchesPerEpoch = static_cast<std::int64_t>(trainLoader.batchesPerEpoch());
  if (batchesPerEpoch == 0)
    throwFileError(
        dataDir,
        "has " + std::to_string(trainIndices.size()) +
            " training images, fewer than one batch of " + std::to_string(config.batchSize) +
            (world * emulated > 1 ? " for each of " + std::to_string(world * emulated) + " ranks"
                                  : std::string()),
        "lower batchSize or add images");
  const std::int64_t stepsPerEpoch = (batchesPerEpoch + stepAccumulation - 1) / stepAccumulation;
  const std::int64_t totalSteps = stepsPerEpoch * config.epochs;
  const std::int64_t totalBatches = batchesPerEpoch * config.epochs;

  // Model and optimizer.
  Trainee t;
  try {
    seedTorch(config.seed);
    if (precision.device.is_cuda()) torch::cuda::manual_seed_all(config.seed);
    t.net = nn::CamNet(nn::makeBackbone(config.model.backbone, config.model.inputChannels()),
                       config.model.numClasses);
    if (!resume && !config.pretrained.empty())
      nn::importBackboneWeights(t.net, config.pretrained, config.model);
    if (resume) {
      torch::serialize::InputArchive model;
      archive->read("model", model);
      t.net->load(model);
    }
    t.net->to(precision.device);
    if (precision.channelsLast) convertToChannelsLast(*t.net);
    t.optimizer = makeOptimizer(t.net, config);
    if (resume) {
      torch::serialize::InputArchive optimizer;
      archive->read("optimizer", optimizer);
      t.optimizer.optimizer->load(optimizer);
      if (state.gradsPending) {
        torch::serialize::InputArchive grads;
        archive->read("grads", grads);
        for (auto& item : t.net->named_parameters()) {
          torch::Tensor grad;
          if (grads.try_read(item.key(), grad))
            item.value().mutable_grad() = grad.to(precision.device);
        }
      }
      torch::Tensor rng;
      archive->read("rng_cpu", rng);
      restoreTorchRng(rng);
      archive.reset();
    }
    if (group) {
      group->broadcastModel(*t.net);
      // The saved loss sums of an unfinished group are the whole group's: rank 0 carries them.
      if (!leader) {
        state.groupSum = {};
        state.groupBatches = 0;
      }
    }
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    if (resume)
      throwFileError(checkpointFile, std::string("does not fit this model (") + e.what() + ")",
                     "resume with the run's own config.json or start a new run");
    rethrowTorchFailure(e, config);
  }
  t.net->train();
  std::optional<RunLog> log;
  if (leader) {
    config.save(runDir / "config.json");
    log.emplace(runDir / "log.jsonl", !resume, state.logBytes);
  }

  std::int64_t checkpointStep = resume ? state.step : -1;  // -1: no checkpoint yet
  const auto divergence = [&](const std::string& what) {
    std::string message =
        what + " at step " + std::to_string(state.step + 1) + "; lower the learning rate";
    if (checkpointStep >= 0)
      message += " and resume (the checkpoint " + checkpointFile.string() + " of step " +
                 std::to_string(checkpointStep) + " is kept)";
    return Error(message + ".");
  };
  const auto saveState = [&](RunState s) {
    if (!allFinite(t.net, true)) throw divergence("the weights became NaN or infinite");
    checkpointStep = s.step;
    if (!leader) return;
    s.logBytes = log->bytes();
    nn::saveCamModel(t.net, config.model, modelFile);
    writeCheckpoint(checkpointFile, t, s, config);
  };
  // Distributed: the group's loss sums and batch count become the sums over every rank.
  const auto sumGroupOverRanks = [&] {
    std::vector<double> sums{state.groupSum.total, state.groupSum.cls,
                             state.groupSum.pcls,  state.groupSum.re,
                             state.groupSum.conf,  static_cast<double>(state.groupBatches)};
    group->sum(sums);
    state.groupSum = {sums[0], sums[1], sums[2], sums[3], sums[4]};
    state.groupBatches = static_cast<std::int64_t>(std::llround(sums[5]));
  };
  // Distributed: makes the gradients of an unfinished group and its loss sums the whole
  // group's, so that rank 0's checkpoint holds them (see the resume above).
  const auto gatherPendingGroup = [&] {
    if (!group || state.batchInEpoch % stepAccumulation == 0) return;
    group->allreduceGradients(*t.net);
    sumGroupOverRanks();
  };
  // Distributed, at an optimizer step: the group's loss sums become the whole group's (for its
  // log line) and join the epoch's.
  const auto gatherGroupSums = [&] {
    sumGroupOverRanks();
    state.epochSum += state.groupSum;
    state.epochBatches += state.groupBatches;
  };
  const auto fraction = [&](int epoch, std::int64_t batch) {
    return static_cast<double>(epoch * batchesPerEpoch + batch) / static_cast<double>(totalBatches);
  };

  double lastImagesPerSecond = 0;  // Of the last optimizer step; 0 until one was timed.
  try {
    while (state.epoch < config.epochs) {
      const int epoch = state.epoch;
      const double alphaE =
          puzzle ? train::alphaForEpoch(config.alpha, config.alphaSchedule, epoch, config.epochs)
                 : 0.0;
      const std::string epochText =
          "epoch " + std::to_string(epoch + 1) + "/" + std::to_string(config.epochs);
      trainLoader.startEpoch(epoch, static_cast<std::size_t>(state.batchInEpoch));
      auto groupStart = Clock::now();
      std::int64_t groupImages = 0;
      double lastLr = scheduledLr(config, state.step, totalSteps, epoch);

      const auto cancelRun = [&] {
        if (group) {
          gatherPendingGroup();
          state.gradsPending = state.batchInEpoch % stepAccumulation != 0;
        } else {
          state.gradsPending = state.groupBatches > 0;
        }
        saveState(state);
        throw Cancelled();
      };
      while (state.batchInEpoch < batchesPerEpoch) {
        if (!group && cancel.cancelled()) cancelRun();
        std::optional<Batch> batch = trainLoader.next();
        if (!batch) break;
        const std::int64_t b = state.batchInEpoch;
        const std::int64_t groupFirst = (b / stepAccumulation) * stepAccumulation;
        const std::int64_t groupSize =
            std::min<std::int64_t>(stepAccumulation, batchesPerEpoch - groupFirst);

        BatchLoss loss = computeLoss(t.net, *batch, config, precision, alphaE);
        bool lossFinite = std::isfinite(loss.values.total);
        if (group) {
          // The ranks agree on stopping (cancel, or a NaN loss anywhere) before this batch
          // counts, so they stop together at the same place.
          std::vector<double> flags{cancel.cancelled() ? 1.0 : 0.0, lossFinite ? 0.0 : 1.0};
          group->max(flags);
          if (flags[1] > 0 && lossFinite)
            throw divergence("another rank's loss became NaN or infinite");
          lossFinite = lossFinite && flags[1] == 0;
          if (lossFinite && flags[0] > 0) cancelRun();
        }
        if (!lossFinite)
          throw divergence(std::string("loss became ") +
                           (std::isnan(loss.values.total) ? "NaN" : "infinite"));
        const double lossScale = precision.lossScaling ? state.lossScale : 1.0;
        (loss.total * (lossScale / static_cast<double>(groupSize))).backward();

        state.groupSum += loss.values;
        ++state.groupBatches;
        if (!group) {
          state.epochSum += loss.values;
          ++state.epochBatches;
        }
        groupImages += batch->images.size(0) * world;
        state.batchInEpoch = b + 1;

        if (state.batchInEpoch - groupFirst == groupSize) {
          const double lr = scheduledLr(config, state.step, totalSteps, epoch);
          setLr(t.optimizer, lr);
          bool skipped = false;
          if (group) {
            group->allreduceGradients(*t.net);
            gatherGroupSums();
          }
          if (precision.lossScaling) {
            std::vector<torch::Tensor> grads;
            for (const torch::Tensor& p : t.net->parameters())
              if (p.grad().defined()) grads.push_back(p.grad());
            torch::Tensor foundInf =
                at::zeros({1}, torch::TensorOptions().device(precision.device));
            const torch::Tensor invScale = at::full(
                {1}, 1.0 / state.lossScale, torch::TensorOptions().device(precision.device));
            at::_amp_foreach_non_finite_check_and_unscale_(grads, foundInf, invScale);
            skipped = foundInf.item<float>() > 0;
          }
          if (!precision.lossScaling && !allFinite(t.net, false))
            throw divergence("the gradients became NaN or infinite");
          if (skipped) {
            state.lossScale *= 0.5;
            state.goodSteps = 0;
          } else {
            t.optimizer.optimizer->step();
            if (precision.lossScaling && ++state.goodSteps >= 2000) {
              state.lossScale *= 2.0;
              state.goodSteps = 0;
            }
          }
          t.optimizer.optimizer->zero_grad();
          ++state.step;
          lastLr = lr;

          const double seconds = std::chrono::duration<double>(Clock::now() - groupStart).count();
          lastImagesPerSecond = seconds > 0 ? static_cast<double>(groupImages) / seconds : 0.0;
          const LossValues mean =
              state.groupSum.scaled(1.0 / static_cast<double>(state.groupBatches));
          nlohmann::ordered_json line{{"type", "step"},
                                      {"epoch", epoch + 1},
                                      {"step", state.step},
                                      {"batch", state.batchInEpoch}};
          line.update(lossesForLog(mean, puzzle, conf));
          line["alpha"] = alphaE;
          line["lr"] = lr;
          line["images_per_s"] = lastImagesPerSecond;
          if (precision.lossScaling) {
            line["loss_scale"] = state.lossScale;
            if (skipped) line["skipped"] = true;
          }
          if (log) log->write(line);
          state.groupSum = {};
          state.groupBatches = 0;
          groupImages = 0;
          groupStart = Clock::now();

          if (config.checkpointEvery > 0 && state.step % config.checkpointEvery == 0 &&
              state.batchInEpoch < batchesPerEpoch) {
            state.gradsPending = false;
            saveState(state);
          }
        }

        ProgressUpdate update;
        update.fraction = fraction(epoch, state.batchInEpoch);
        update.message =
            epochText + " step " + std::to_string(state.step) + "/" + std::to_string(totalSteps);
        // Distributed: the steps' figures of all ranks and this rank's unfinished group.
        const LossValues epochMean =
            group ? (state.epochSum + state.groupSum)
                        .scaled(1.0 / static_cast<double>(std::max<std::int64_t>(
                                          1, state.epochBatches + state.groupBatches)))
                  : state.epochSum.scaled(1.0 / static_cast<double>(state.epochBatches));
        update.metrics = {{"epoch", epoch + 1},
                          {"step", static_cast<double>(state.step)},
                          {"loss", epochMean.total},
                          {"class", epochMean.cls},
                          {"lr", lastLr}};
        if (lastImagesPerSecond > 0) update.metrics["images/s"] = lastImagesPerSecond;
        if (puzzle) {
          update.metrics["pclass"] = epochMean.pcls;
          update.metrics["re"] = epochMean.re;
        }
        if (conf) update.metrics["conf"] = epochMean.conf;
        progress.report(update);
      }

      // Epoch end: validation, log, model files, checkpoint.
      std::map<std::string, double> metrics;
      const LossValues trainMean = state.epochSum.scaled(
          1.0 / static_cast<double>(std::max<std::int64_t>(1, state.epochBatches)));
      metrics["train_loss"] = trainMean.total;
      std::vector<double> classAuc;
      if (valLoader) {
        progress.report({fraction(epoch, batchesPerEpoch), epochText + " validating", {}});
        if (group) group->broadcastBuffers(*t.net);  // Evaluate with rank 0's statistics.
        ValidationSums sums = validationSums(t, *valLoader, config, precision, alphaE, cancel);
        if (group)
          sums = gatherValidation(*group, std::move(sums), valIndices.size(),
                                  static_cast<std::size_t>(config.model.numClasses));
        if (sums.cancelled) {
          state.gradsPending = false;
          saveState(state);
          throw Cancelled();
        }
        const Validation v = finishValidation(sums, config);
        metrics["val_loss"] = v.mean.total;
        metrics["val_class"] = v.mean.cls;
        if (puzzle) {
          metrics["val_pclass"] = v.mean.pcls;
          metrics["val_re"] = v.mean.re;
        }
        metrics["val_macro_auc"] = v.metrics.macroAuc;
        metrics["val_map"] = v.metrics.meanAp;
        classAuc = v.metrics.auc;
      }
      nlohmann::ordered_json line{{"type", "epoch"}, {"epoch", epoch + 1}, {"step", state.step}};
      {
        nlohmann::ordered_json train = lossesForLog(trainMean, puzzle, conf);
        for (auto& [key, value] : train.items()) line["train_" + key] = value;
      }
      line["alpha"] = alphaE;
      line["lr"] = lastLr;
      for (const auto& [key, value] : metrics)
        if (key.rfind("val_", 0) == 0) line[key] = value;
      if (valLoader) {
        line["val_images"] = valIndices.size();
        line["val_auc"] = classAuc;
      }
      if (log) log->write(line);

      const bool better =
          !valLoader || std::isnan(state.bestValLoss) || metrics["val_loss"] < state.bestValLoss;
      if (better) {
        state.bestValLoss = valLoader ? metrics["val_loss"] : kNaN;
        state.bestEpoch = epoch;
        if (leader) nn::saveCamModel(t.net, config.model, bestFile);
      }
      state.lastMetrics = metrics;
      state.lastClassAuc = classAuc;
      RunState next = state;
      next.epoch = epoch + 1;
      next.batchInEpoch = 0;
      next.epochSum = {};
      next.epochBatches = 0;
      next.gradsPending = false;
      saveState(next);
      state = next;

      ProgressUpdate update;
      update.fraction = fraction(epoch + 1, 0);
      update.message = epochText + " done";
      update.metrics = metrics;
      update.metrics["epoch"] = epoch + 1;
      update.metrics["step"] = static_cast<double>(state.step);
      progress.report(update);
    }
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    rethrowTorchFailure(e, config);
  }

  TrainResult result;
  result.epochsDone = state.epoch;
  result.steps = state.step;
  result.finalMetrics = state.lastMetrics;
  result.classAuc = state.lastClassAuc;
  result.modelPath = modelFile;
  result.bestModelPath = bestFile;
  result.checkpointPath = checkpointFile;
  return result;
}

}  // namespace cellcam
