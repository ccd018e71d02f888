// ProcessGroup: c10d's TCPStore + ProcessGroupGloo / ProcessGroupNCCL behind the few
// collectives the trainer needs, and DistributedConfig (torchrun's environment).
//
// Gloo is compiled in when LibTorch has it (USE_C10D_GLOO, from LibTorch's CMake targets) and
// CMake found Gloo's headers (CELLCAM_WITH_GLOO); NCCL likewise (USE_C10D_NCCL with a CUDA
// LibTorch, CELLCAM_WITH_NCCL when nccl.h was found). Without them joining a group is an Error.
// The backend class is a template parameter so the same code builds against LibTorch 1.13
// (where the backends are c10d::ProcessGroup subclasses) and 2.x (c10d::Backend subclasses).

#include "train/distributed.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <functional>
#include <limits>
#include <optional>
#include <string>

#include <ATen/core/grad_mode.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/zeros_like.h>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/nn/module.h>
#if defined(USE_C10D_GLOO) && defined(CELLCAM_WITH_GLOO)
#define CELLCAM_GLOO 1
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#if defined(USE_C10D_NCCL) && defined(CELLCAM_WITH_NCCL)
#define CELLCAM_NCCL 1
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include "cellcam/error.h"

namespace cellcam {

namespace {

/// The first line of an exception's text (c10::Error appends a stack trace).
std::string firstLine(const std::exception& e) {
  std::string what = e.what();
  what = what.substr(0, what.find('\n'));
  return what.empty() ? std::string("unknown error") : what;
}

std::optional<long long> envInteger(const char* name) {
  const char* text = std::getenv(name);
  if (!text || !*text) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(text, &end, 10);
  if (errno != 0 || *end != '\0')
    throw Error(std::string("the environment variable ") + name + " = \"" + text +
                "\" is not a whole number; set it as torchrun does (or unset it).");
  return value;
}

}  // namespace

DistributedConfig DistributedConfig::fromEnvironment() {
  DistributedConfig c;
  const auto world = envInteger("WORLD_SIZE");
  if (!world) return c;
  c.active = true;
  c.worldSize = static_cast<int>(std::clamp<long long>(*world, -1, 1 << 20));
  c.rank = static_cast<int>(std::clamp<long long>(envInteger("RANK").value_or(0), -1, 1 << 20));
  c.localRank =
      static_cast<int>(std::clamp<long long>(envInteger("LOCAL_RANK").value_or(0), -1, 1 << 20));
  if (const char* addr = std::getenv("MASTER_ADDR"); addr && *addr) c.masterAddr = addr;
  c.masterPort = static_cast<int>(
      std::clamp<long long>(envInteger("MASTER_PORT").value_or(29500), -1, 1 << 20));
  if (const char* text = std::getenv("CELLCAM_DIST_TIMEOUT_S"); text && *text) {
    char* end = nullptr;
    const double seconds = std::strtod(text, &end);
    if (*end != '\0' || !(seconds > 0))
      throw Error(std::string("the environment variable CELLCAM_DIST_TIMEOUT_S = \"") + text +
                  "\" is not a positive number of seconds; set it to e.g. 300.");
    c.timeoutSeconds = seconds;
  }
  c.validate();
  return c;
}

void DistributedConfig::validate() const {
  const auto bad = [](const std::string& what, const std::string& fix) {
    throw Error("distributed training setting " + what + " is not possible; " + fix + ".");
  };
  if (worldSize < 1) bad("WORLD_SIZE = " + std::to_string(worldSize), "it must be at least 1");
  if (rank < 0 || rank >= worldSize)
    bad("RANK = " + std::to_string(rank) + " with WORLD_SIZE = " + std::to_string(worldSize),
        "RANK must lie in 0..WORLD_SIZE-1");
  if (localRank < 0) bad("LOCAL_RANK = " + std::to_string(localRank), "it must be at least 0");
  if (masterPort < 1 || masterPort > 65535)
    bad("MASTER_PORT = " + std::to_string(masterPort), "use a TCP port in 1..65535");
  if (!(timeoutSeconds > 0) || timeoutSeconds > 1e7)
    bad("timeout = " + std::to_string(timeoutSeconds) + " s", "use a positive number of seconds");
  if (emulateWorldSize < 1)
    bad("emulateWorldSize = " + std::to_string(emulateWorldSize), "it must be at least 1");
  if (active && emulateWorldSize != 1)
    bad("emulateWorldSize with a real process group", "emulate only in a single process");
}

namespace train {

/// The collectives of one backend.
struct ProcessGroup::Impl {
  virtual ~Impl() = default;
  virtual c10::intrusive_ptr<c10d::Work> allreduce(std::vector<at::Tensor>& t,
                                                   const c10d::AllreduceOptions& o) = 0;
  virtual c10::intrusive_ptr<c10d::Work> broadcast(std::vector<at::Tensor>& t,
                                                   const c10d::BroadcastOptions& o) = 0;
  c10::intrusive_ptr<c10d::Store> store;
};

namespace {

template <class Backend>
struct BackendImpl final : ProcessGroup::Impl {
  explicit BackendImpl(c10::intrusive_ptr<Backend> b) : backend(std::move(b)) {}
  c10::intrusive_ptr<c10d::Work> allreduce(std::vector<at::Tensor>& t,
                                           const c10d::AllreduceOptions& o) override {
    return backend->allreduce(t, o);
  }
  c10::intrusive_ptr<c10d::Work> broadcast(std::vector<at::Tensor>& t,
                                           const c10d::BroadcastOptions& o) override {
    return backend->broadcast(t, o);
  }
  c10::intrusive_ptr<Backend> backend;
};

/// Runs `op` on flat buckets of `tensors` (grouped by dtype, at most `bucketBytes` each, in the
/// given order) and copies the results back.
void bucketed(const std::vector<at::Tensor>& tensors, std::int64_t bucketBytes,
              const std::function<void(at::Tensor&)>& op) {
  std::size_t first = 0;
  while (first < tensors.size()) {
    const at::ScalarType type = tensors[first].scalar_type();
    std::int64_t bytes = 0;
    std::size_t last = first;
    std::vector<at::Tensor> flat;
    while (
        last < tensors.size() && tensors[last].scalar_type() == type &&
        (flat.empty() || bytes + tensors[last].nbytes() <= static_cast<std::size_t>(bucketBytes))) {
      bytes += static_cast<std::int64_t>(tensors[last].nbytes());
      flat.push_back(tensors[last].reshape({-1}));
      ++last;
    }
    at::Tensor bucket = flat.size() == 1 ? flat.front().clone() : at::cat(flat);
    op(bucket);
    std::int64_t offset = 0;
    for (std::size_t i = first; i < last; ++i) {
      const std::int64_t n = tensors[i].numel();
      tensors[i].copy_(bucket.narrow(0, offset, n).view(tensors[i].sizes()));
      offset += n;
    }
    first = last;
  }
}

}  // namespace

ProcessGroup::ProcessGroup(const DistributedConfig& config, const torch::Device& device)
    : rank_(config.rank),
      worldSize_(config.worldSize),
      device_(device),
      timeout_(std::chrono::milliseconds(static_cast<std::int64_t>(config.timeoutSeconds * 1000))) {
  config.validate();
  const std::string where = config.masterAddr + ":" + std::to_string(config.masterPort);
  c10::intrusive_ptr<c10d::Store> store;
  try {
    c10d::TCPStoreOptions options;
    options.port = static_cast<std::uint16_t>(config.masterPort);
    options.isServer = rank_ == 0;
    options.numWorkers = static_cast<std::size_t>(worldSize_);
    options.waitWorkers = true;
    options.timeout = timeout_;
    store = c10::make_intrusive<c10d::TCPStore>(config.masterAddr, options);
  } catch (const std::exception& e) {
    throw Error("rank " + std::to_string(rank_) + " could not join the process group at " + where +
                " (" + firstLine(e) + "); check MASTER_ADDR and MASTER_PORT" +
                (rank_ == 0 ? " (is the port free?)" : "") + " and that all " +
                std::to_string(worldSize_) + " ranks were started.");
  }
  try {
    if (device.is_cuda()) {
#ifdef CELLCAM_NCCL
      auto options = c10d::ProcessGroupNCCL::Options::create();
      options->timeout = timeout_;
      impl_ = std::make_unique<BackendImpl<c10d::ProcessGroupNCCL>>(
          c10::make_intrusive<c10d::ProcessGroupNCCL>(store, rank_, worldSize_, options));
#else
      throw Error(
          "distributed training on CUDA needs NCCL, which this CellCAM build lacks; rebuild "
          "against a CUDA LibTorch with NCCL's headers, or train with device \"cpu\".");
#endif
    } else {
#ifdef CELLCAM_GLOO
      auto options = c10d::ProcessGroupGloo::Options::create(timeout_);
      if (const char* ifname = std::getenv("GLOO_SOCKET_IFNAME"); ifname && *ifname)
        options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(ifname));
      else
        options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
      impl_ = std::make_unique<BackendImpl<c10d::ProcessGroupGloo>>(
          c10::make_intrusive<c10d::ProcessGroupGloo>(store, rank_, worldSize_, options));
#else
      throw Error(
          "distributed training on the CPU needs Gloo, which this CellCAM build lacks; rebuild "
          "with Gloo's headers (Debian: libgloo-dev).");
#endif
    }
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error("rank " + std::to_string(rank_) + " could not set up the " +
                (device.is_cuda() ? "NCCL" : "Gloo") + " process group with " + where + " (" +
                firstLine(e) + "); check that all " + std::to_string(worldSize_) +
                " ranks were started with the same MASTER_ADDR, MASTER_PORT and WORLD_SIZE.");
  }
  impl_->store = store;
}

ProcessGroup::~ProcessGroup() = default;

void ProcessGroup::lostContact(const std::exception& e) const {
  throw Error("rank " + std::to_string(rank_) + " lost contact with the process group (" +
              firstLine(e) + "); check the other ranks' logs.");
}

void ProcessGroup::allreduce(std::vector<torch::Tensor>& tensors, bool maximum) {
  c10d::AllreduceOptions options;
  options.reduceOp = maximum ? c10d::ReduceOp::MAX : c10d::ReduceOp::SUM;
  options.timeout = timeout_;
  try {
    auto work = impl_->allreduce(tensors, options);
    if (!work->wait(timeout_)) throw std::runtime_error("all-reduce failed");
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    lostContact(e);
  }
}

void ProcessGroup::broadcast(std::vector<torch::Tensor>& tensors) {
  c10d::BroadcastOptions options;
  options.rootRank = 0;
  options.timeout = timeout_;
  try {
    auto work = impl_->broadcast(tensors, options);
    if (!work->wait(timeout_)) throw std::runtime_error("broadcast failed");
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    lostContact(e);
  }
}

void ProcessGroup::broadcastModel(torch::nn::Module& module) {
  at::NoGradGuard noGrad;
  std::vector<at::Tensor> tensors;
  for (const at::Tensor& p : module.parameters()) tensors.push_back(p.detach());
  for (const at::Tensor& b : module.buffers()) tensors.push_back(b);
  bucketed(tensors, 25 * 1024 * 1024, [&](at::Tensor& bucket) {
    std::vector<at::Tensor> one{bucket};
    broadcast(one);
  });
}

void ProcessGroup::broadcastBuffers(torch::nn::Module& module) {
  at::NoGradGuard noGrad;
  std::vector<at::Tensor> tensors;
  for (const at::Tensor& b : module.buffers()) tensors.push_back(b);
  bucketed(tensors, 25 * 1024 * 1024, [&](at::Tensor& bucket) {
    std::vector<at::Tensor> one{bucket};
    broadcast(one);
  });
}

void ProcessGroup::allreduceGradients(torch::nn::Module& module, std::int64_t bucketBytes) {
  at::NoGradGuard noGrad;
  std::vector<at::Tensor> grads;
  std::vector<at::Tensor> params = module.parameters();
  // DDP's order: buckets fill from the last parameter, whose gradient backward finishes first.
  for (auto it = params.rbegin(); it != params.rend(); ++it) {
    if (!it->requires_grad()) continue;
    at::Tensor& grad = it->mutable_grad();
    if (!grad.defined()) grad = at::zeros_like(*it);
    grads.push_back(grad);
  }
  const double world = static_cast<double>(worldSize_);
  bucketed(grads, bucketBytes, [&](at::Tensor& bucket) {
    std::vector<at::Tensor> one{bucket};
    allreduce(one, false);
    bucket.div_(world);
  });
}

void ProcessGroup::sum(std::vector<double>& values) {
  if (values.empty()) return;
  at::Tensor t =
      at::empty({static_cast<std::int64_t>(values.size())}, at::TensorOptions().dtype(at::kDouble));
  std::copy(values.begin(), values.end(), t.data_ptr<double>());
  // NCCL needs device tensors.
  std::vector<at::Tensor> one{device_.is_cuda() ? t.to(device_) : t};
  allreduce(one, false);
  const at::Tensor back = one.front().to(at::kCPU).contiguous();
  std::copy(back.data_ptr<double>(), back.data_ptr<double>() + back.numel(), values.begin());
}

void ProcessGroup::max(std::vector<double>& values) {
  if (values.empty()) return;
  at::Tensor t =
      at::empty({static_cast<std::int64_t>(values.size())}, at::TensorOptions().dtype(at::kDouble));
  std::copy(values.begin(), values.end(), t.data_ptr<double>());
  std::vector<at::Tensor> one{device_.is_cuda() ? t.to(device_) : t};
  allreduce(one, true);
  const at::Tensor back = one.front().to(at::kCPU).contiguous();
  std::copy(back.data_ptr<double>(), back.data_ptr<double>() + back.numel(), values.begin());
}

}  // namespace train
}  // namespace cellcam
