#pragma once
// Helpers shared by the studio's Qt tests.
#include <cstdint>
#include <filesystem>

#include <QDir>
#include <QPoint>
#include <QString>
#include <opencv2/core.hpp>

#include "cellcam/cam_model.h"
#include "cellcam/progress.h"
#include "cellcam/synth.h"
#include "cellcam/training.h"

#include "training_dialog.h"

namespace cellcam::ui::test {

/// Writes a synthetic dataset in the Kaggle layout to `folder`: `train` labelled and `test`
/// test images of `size` px, from `seed`.
inline void writeSynthData(const std::filesystem::path& folder, int train, int test, int size,
                           std::uint64_t seed) {
  SynthOptions options;
  options.out = folder;
  options.trainImages = train;
  options.testImages = test;
  options.size = size;
  options.seed = seed;
  NullProgress progress;
  CancelToken cancel;
  writeSynthDataset(options, progress, cancel);
}

/// Saves a ResNet-18 CAM model with random weights and input side `inputSize` to `file`.
inline void saveRandomModel(const std::filesystem::path& file, int inputSize) {
  ModelConfig config;
  config.backbone = "resnet18";
  config.inputSize = inputSize;
  CamModel::create(config).save(file);
}

/// Where screenshots for a person go: $CELLCAM_ARTIFACTS (ctest sets the build's artifacts
/// folder), else cellcam-artifacts in the system's temporary folder, never the working directory
/// (a test run by hand from the checkout would litter the source tree). Created when missing.
inline QString artifactsDir() {
  QString dir = qEnvironmentVariable("CELLCAM_ARTIFACTS");
  if (dir.isEmpty()) dir = QDir::temp().filePath(QStringLiteral("cellcam-artifacts"));
  QDir().mkpath(dir);
  return dir;
}

/// A pixel of cell `id` whose 5x5 neighbourhood lies inside the cell (the first such pixel in
/// scan order), so that a click on its screen position hits the cell; (-1, -1) when none.
inline QPoint interiorPixel(const cv::Mat& labels, int id) {
  for (int y = 2; y < labels.rows - 2; ++y)
    for (int x = 2; x < labels.cols - 2; ++x) {
      bool inside = true;
      for (int dy = -2; dy <= 2 && inside; ++dy)
        for (int dx = -2; dx <= 2 && inside; ++dx) inside = labels.at<int>(y + dy, x + dx) == id;
      if (inside) return {x, y};
    }
  return {-1, -1};
}

/// The quick CPU demo preset shrunk to a run of a few seconds on a synthetic dataset: 64 px,
/// 2 epochs of batch 2, one loader worker, `validationFraction` of the images for validation.
inline TrainConfig tinyTrainConfig(double validationFraction) {
  TrainConfig config = trainingPresetConfig(TrainingPreset::QuickCpuDemo);
  config.model.inputSize = 64;
  config.epochs = 2;
  config.batchSize = 2;
  config.workers = 1;
  config.validationFraction = validationFraction;
  return config;
}

}  // namespace cellcam::ui::test
