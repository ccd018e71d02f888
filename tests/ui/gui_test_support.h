#pragma once
// Helpers shared by the studio's Qt tests.
#include <QDir>
#include <QPoint>
#include <QString>
#include <opencv2/core.hpp>

#include "cellcam/training.h"

#include "training_dialog.h"

namespace cellcam::ui::test {

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
