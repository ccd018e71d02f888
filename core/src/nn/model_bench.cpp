#include "cellcam/model_bench.h"

#include <algorithm>
#include <chrono>
#include <string>

#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/nn/functional/loss.h>
#include <torch/optim/sgd.h>

#include "cellcam/error.h"
#include "cellcam/model_config.h"
#include "cellcam/runtime.h"
#include "cellcam/timing.h"

#include "nn/autocast.h"
#include "nn/cam_net.h"

namespace cellcam {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

std::vector<ModelBenchFigures> benchModel(const ModelBenchOptions& o) {
  if (o.size < 32 || o.size % 32 != 0 || o.batch < 1 || o.iterations < 1)
    throw Error("bench model needs --size a multiple of 32 and --batch, --iterations >= 1.");
  ModelConfig config;
  config.backbone = o.backbone;
  config.channels = o.channels;
  config.inputSize = o.size;
  std::vector<ModelBenchFigures> out;
  std::vector<bool> modes{false};
  if (o.bf16 && cpuHasBf16()) modes.push_back(true);
  for (bool bf16 : modes) {
    torch::manual_seed(0);
    nn::CamNet net = nn::makeCamNet(config);
    const auto format = bf16 ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous;
    net->to(torch::kFloat, /*non_blocking=*/false);
    for (auto& p : net->parameters())
      if (p.dim() == 4) p.set_data(p.data().contiguous(format));
    const torch::Tensor x =
        torch::rand({o.batch, config.inputChannels(), o.size, o.size}).contiguous(format);
    const torch::Tensor targets =
        (torch::rand({o.batch, config.numClasses}) > 0.8).to(torch::kFloat);
    ModelBenchFigures figures;
    figures.precision = bf16 ? "bf16" : "fp32";
    {
      net->eval();
      torch::NoGradGuard noGrad;
      nn::AutocastScope autocast(false, bf16 ? at::kBFloat16 : at::kFloat);
      for (int i = 0; i < o.warmup; ++i) net->forward(x);
      const auto start = Clock::now();
      for (int i = 0; i < o.iterations; ++i) net->forward(x);
      figures.inferenceImagesPerSecond = o.batch * o.iterations / secondsSince(start);
    }
    {
      net->train();
      torch::optim::SGD sgd(net->parameters(), torch::optim::SGDOptions(1e-4).momentum(0.9));
      auto step = [&]() {
        sgd.zero_grad();
        torch::Tensor loss;
        {
          nn::AutocastScope autocast(false, bf16 ? at::kBFloat16 : at::kFloat);
          const nn::CamOutput y = net->forward(x);
          loss = torch::nn::functional::binary_cross_entropy_with_logits(y.logits.to(torch::kFloat),
                                                                         targets);
        }
        loss.backward();
        sgd.step();
      };
      for (int i = 0; i < o.warmup; ++i) step();
      const auto start = Clock::now();
      for (int i = 0; i < o.iterations; ++i) step();
      figures.trainImagesPerSecond = o.batch * o.iterations / secondsSince(start);
    }
    out.push_back(figures);
  }
  return out;
}

double forwardFlops(const ModelConfig& config, int height, int width) {
  if (height < 16 || width < 16) throw Error("forwardFlops needs an image of at least 16x16.");
  torch::manual_seed(0);
  nn::CamNet net = nn::makeCamNet(config);
  net->eval();
  torch::NoGradGuard noGrad;
  const torch::Tensor x = torch::zeros({1, config.inputChannels(), height, width});
  using torch::profiler::impl::ProfilerConfig;
  using torch::profiler::impl::ProfilerState;
  torch::autograd::profiler::enableProfilerLegacy(
      ProfilerConfig(ProfilerState::CPU, /*report_input_shapes=*/true, /*profile_memory=*/false,
                     /*with_stack=*/false, /*with_flops=*/true));
  try {
    net->forward(x);
  } catch (...) {
    torch::autograd::profiler::disableProfilerLegacy();
    throw;
  }
  const auto events = torch::autograd::profiler::disableProfilerLegacy();
  double flops = 0;
  for (const auto& thread : events)
    for (auto event : thread) flops += static_cast<double>(event.flops());
  return flops;
}

double measureGemmGflops(const std::string& precision, int n, int repeats) {
  if (n < 64 || repeats < 1) throw Error("measureGemmGflops needs n >= 64 and repeats >= 1.");
  if (precision != "fp32" && precision != "bf16")
    throw Error("measureGemmGflops: precision must be fp32 or bf16, not " + precision + ".");
  if (precision == "bf16" && !cpuHasBf16())
    throw Error("this CPU has no bf16 support (AVX-512 BF16 or AMX) to measure.");
  torch::NoGradGuard noGrad;
  const auto type = precision == "bf16" ? torch::kBFloat16 : torch::kFloat;
  torch::manual_seed(0);
  const torch::Tensor a = torch::rand({n, n}).to(type);
  const torch::Tensor b = torch::rand({n, n}).to(type);
  torch::Tensor c = torch::mm(a, b);  // warm-up
  double best = 1e300;
  for (int i = 0; i < repeats; ++i) {
    const auto start = Clock::now();
    c = torch::mm(a, b);
    best = std::min(best, secondsSince(start));
  }
  return 2.0 * n * static_cast<double>(n) * n / best / 1e9;
}

}  // namespace cellcam
