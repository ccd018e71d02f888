#include "cellcam/cam_model.h"

#include <mutex>
#include <string>
#include <utility>

#include <ATen/autocast_mode.h>
#include <c10/core/InferenceMode.h>
#include <torch/csrc/jit/api/module.h>
#include <torch/cuda.h>

#include "cellcam/error.h"

#include "nn/autocast.h"
#include "nn/cam_net.h"
#include "nn/model_io.h"

namespace cellcam {

namespace {

struct DeviceChoice {
  torch::Device device = torch::kCPU;
  at::ScalarType cudaAutocast = at::kFloat;
};

DeviceChoice parseDevice(const std::string& name, const std::string& cudaPrecision) {
  DeviceChoice choice;
  const bool cudaAvailable = torch::cuda::is_available();
  if (name == "cpu" || (name == "auto" && !cudaAvailable)) {
    // CPU: the precision only matters on CUDA.
  } else if (name == "auto" || name == "cuda" || name.rfind("cuda:", 0) == 0) {
    if (!cudaAvailable)
      throw Error("device \"" + name +
                  "\" is not possible: this LibTorch has no CUDA or no GPU is visible; use "
                  "device \"cpu\" (or \"auto\").");
    int index = 0;
    if (name.size() > 5) {
      std::size_t used = 0;
      try {
        index = std::stoi(name.substr(5), &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != name.size() - 5 || index < 0)
        throw Error("device \"" + name + "\" is not a device; use cpu, cuda, cuda:N or auto.");
    }
    if (index >= static_cast<int>(torch::cuda::device_count()))
      throw Error("device \"" + name + "\" names a GPU that is not there (" +
                  std::to_string(torch::cuda::device_count()) + " visible).");
    choice.device = torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
  } else {
    throw Error("device \"" + name + "\" is unknown; use cpu, cuda, cuda:N or auto.");
  }
  if (cudaPrecision == "fp16")
    choice.cudaAutocast = at::kHalf;
  else if (cudaPrecision == "bf16")
    choice.cudaAutocast = at::kBFloat16;
  else if (cudaPrecision != "fp32")
    throw Error("CUDA precision \"" + cudaPrecision + "\" is unknown; use fp16, bf16 or fp32.");
  if (!choice.device.is_cuda()) choice.cudaAutocast = at::kFloat;
  return choice;
}

std::mutex defaultMutex;
DeviceChoice defaultChoice;

}  // namespace

struct CamModel::Impl {
  ModelConfig config;
  nn::CamNet native{nullptr};
  std::shared_ptr<torch::jit::Module> script;
  /// Memory format of the native network's 4-d weights: channels-last while it runs under
  /// CPU bf16 autocast (oneDNN's fast path there), contiguous otherwise.
  at::MemoryFormat format = at::MemoryFormat::Contiguous;
  torch::Device device = torch::kCPU;
  at::ScalarType cudaAutocast = at::kFloat;  ///< kFloat: none; kHalf or kBFloat16.
  std::mutex mutex;                          ///< Serialises forward(), save() and setDevice().

  void moveTo(const DeviceChoice& choice) {
    if (native) native->to(choice.device);
    if (script) script->to(choice.device);
    device = choice.device;
    cudaAutocast = choice.cudaAutocast;
  }
  /// Moves a new model's network to the process default device.
  void applyDefaultDevice() {
    DeviceChoice choice;
    {
      std::lock_guard<std::mutex> lock(defaultMutex);
      choice = defaultChoice;
    }
    if (choice.device.is_cuda()) moveTo(choice);
  }
};

CamModel::CamModel(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {
  if (impl_) impl_->applyDefaultDevice();
}
CamModel::~CamModel() = default;

void CamModel::setDefaultDevice(const std::string& device, const std::string& cudaPrecision) {
  const DeviceChoice choice = parseDevice(device, cudaPrecision);
  std::lock_guard<std::mutex> lock(defaultMutex);
  defaultChoice = choice;
}

void CamModel::setDevice(const std::string& device, const std::string& cudaPrecision) {
  const DeviceChoice choice = parseDevice(device, cudaPrecision);
  std::lock_guard<std::mutex> lock(impl_->mutex);
  try {
    impl_->moveTo(choice);
  } catch (const c10::Error& e) {
    throw Error("the CAM model cannot be moved to " + choice.device.str() + ": " +
                nn::torchErrorReason(e) + ".");
  }
}

std::string CamModel::device() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->device.str();
}

CamModel CamModel::create(const ModelConfig& config) {
  auto impl = std::make_shared<Impl>();
  impl->config = config;
  impl->native = nn::makeCamNet(config);
  impl->native->eval();
  return CamModel(std::move(impl));
}

CamModel CamModel::load(const std::filesystem::path& file) {
  nn::ModelFile model = nn::loadModelFile(file);
  auto impl = std::make_shared<Impl>();
  impl->config = std::move(model.config);
  impl->native = std::move(model.native);
  impl->script = std::move(model.script);
  return CamModel(std::move(impl));
}

CamModel CamModel::importTorchScript(const std::filesystem::path& file, const ModelConfig& config) {
  auto impl = std::make_shared<Impl>();
  impl->config = config;
  impl->script = nn::importTorchScriptCamModel(file, config);
  return CamModel(std::move(impl));
}

void CamModel::save(const std::filesystem::path& file) const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  // Files hold CPU tensors, so that any machine can load them.
  const torch::Device device = impl_->device;
  if (device.is_cuda()) impl_->moveTo(DeviceChoice{});
  struct Restore {
    Impl& impl;
    torch::Device device;
    at::ScalarType autocast;
    ~Restore() {
      if (device.is_cuda()) impl.moveTo(DeviceChoice{device, autocast});
    }
  } restore{*impl_, device, impl_->cudaAutocast};
  if (impl_->native && impl_->format != at::MemoryFormat::Contiguous) {
    torch::NoGradGuard noGrad;
    for (auto& p : impl_->native->parameters())
      if (p.dim() == 4) p.set_data(p.data().contiguous());
    impl_->format = at::MemoryFormat::Contiguous;
  }
  if (impl_->native)
    nn::saveCamModel(impl_->native, impl_->config, file);
  else
    nn::saveTorchScriptCamModel(*impl_->script, impl_->config, file);
}

const ModelConfig& CamModel::config() const { return impl_->config; }

bool CamModel::isTorchScript() const { return impl_->script != nullptr; }

CamModel::Output CamModel::forward(const std::vector<float>& input, int batch, int height,
                                   int width) const {
  const int channels = impl_->config.inputChannels();
  const std::string shape = "[" + std::to_string(batch) + "," + std::to_string(channels) + "," +
                            std::to_string(height) + "," + std::to_string(width) + "]";
  if (batch < 1 || height < 1 || width < 1 ||
      input.size() != static_cast<std::size_t>(batch) * channels * height * width)
    throw Error("CAM model input of " + std::to_string(input.size()) +
                " values does not match the shape " + shape + ".");

  std::lock_guard<std::mutex> lock(impl_->mutex);
  torch::Tensor logits, maps;
  try {
    const bool cuda = impl_->device.is_cuda();
    const bool bf16 = !cuda && at::autocast::is_cpu_enabled() &&
                      at::autocast::get_autocast_cpu_dtype() == at::kBFloat16;
    const at::MemoryFormat format =
        bf16 && impl_->native ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous;
    if (impl_->native && impl_->format != format) {
      torch::NoGradGuard noGrad;
      for (auto& p : impl_->native->parameters())
        if (p.dim() == 4) p.set_data(p.data().contiguous(format));
      impl_->format = format;
    }
    c10::InferenceMode inference;
    // A copy: a TorchScript model may modify its input in place.
    torch::Tensor x = torch::from_blob(const_cast<float*>(input.data()),
                                       {batch, channels, height, width}, torch::kFloat32);
    x = cuda ? x.to(impl_->device)
             : (format == at::MemoryFormat::Contiguous ? x.clone() : x.contiguous(format));
    nn::AutocastScope autocast(true, cuda ? impl_->cudaAutocast : at::kFloat);
    if (impl_->native) {
      nn::CamOutput out = impl_->native->forward(x);
      logits = std::move(out.logits);
      maps = std::move(out.maps);
    } else {
      const c10::IValue out = impl_->script->forward({x});
      logits = out.toTupleRef().elements()[0].toTensor();
      maps = out.toTupleRef().elements()[1].toTensor();
    }
  } catch (const c10::Error& e) {
    throw Error("the " + impl_->config.backbone + " CAM model cannot process an input of shape " +
                shape + ": " + nn::torchErrorReason(e) + ".");
  }
  const int classes = impl_->config.numClasses;
  if (logits.dim() != 2 || logits.size(0) != batch || logits.size(1) != classes ||
      maps.dim() != 4 || maps.size(0) != batch || maps.size(1) != classes)
    throw Error("the CAM model returned outputs of unexpected shapes for an input of shape " +
                shape + ".");
  logits = logits.to(torch::kCPU, torch::kFloat32).contiguous();
  maps = maps.to(torch::kCPU, torch::kFloat32).contiguous();

  Output result;
  result.batch = batch;
  result.classes = classes;
  result.height = static_cast<int>(maps.size(2));
  result.width = static_cast<int>(maps.size(3));
  result.logits.assign(logits.data_ptr<float>(), logits.data_ptr<float>() + logits.numel());
  result.maps.assign(maps.data_ptr<float>(), maps.data_ptr<float>() + maps.numel());
  return result;
}

}  // namespace cellcam
