#include "cellcam/cam_model.h"

#include <mutex>
#include <string>
#include <utility>

#include <torch/csrc/jit/api/module.h>

#include "cellcam/error.h"

#include "nn/cam_net.h"
#include "nn/model_io.h"

namespace cellcam {

struct CamModel::Impl {
  ModelConfig config;
  nn::CamNet native{nullptr};
  std::shared_ptr<torch::jit::Module> script;
  std::mutex mutex;  ///< Serialises forward() and save().
};

CamModel::CamModel(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
CamModel::~CamModel() = default;

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
  torch::NoGradGuard noGrad;
  torch::Tensor logits, maps;
  try {
    // A copy: a TorchScript model may modify its input in place.
    const torch::Tensor x = torch::from_blob(const_cast<float*>(input.data()),
                                             {batch, channels, height, width}, torch::kFloat32)
                                .clone();
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
  logits = logits.to(torch::kFloat32).contiguous();
  maps = maps.to(torch::kFloat32).contiguous();

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
