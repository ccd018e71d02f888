#pragma once
// Internal pieces of the synthetic image generator shared by synth.cpp (layout, stains, I/O)
// and synth_patterns.cpp (the green protein patterns, one per class).

#include <vector>

#include <opencv2/core/mat.hpp>

#include "rng.h"

namespace cellcam::synth {

/// Per-pixel fields of one image, all size x size.
struct SceneFields {
  cv::Mat labels;        ///< CV_16U, cell id (1-based) or 0.
  cv::Mat cellDist;      ///< CV_32F, distance to the own cell's centre / its radius (0..1).
  cv::Mat nucleusDist;   ///< CV_32F, same for the own nucleus (< 1 inside it).
  cv::Mat boundaryDist;  ///< CV_32F, pixels to the nearest cell boundary or background.
  cv::Mat fineTexture;   ///< CV_32F, smooth noise in 0..1.
  cv::Mat erTexture;     ///< CV_32F, reticular network in 0..1.
  cv::Mat red;           ///< CV_32F, the microtubule stain (drawn before green).
  double scale = 1.0;    ///< size / 512: lengths below are given for 512 px images.
};

/// Geometry of one cell.
struct Cell {
  int id = 0;    ///< Label value.
  cv::Rect box;  ///< Bounding box of its pixels in the image.
  cv::Point2d center;
  double radius = 0;  ///< Mean radius in pixels.
  cv::Point2d nucleusCenter;
  double nucleusRadius = 0;  ///< Mean nucleus radius in pixels.
  std::vector<cv::Point2d> nucleoli;
  std::vector<double> nucleoliRadius;
};

enum class Region { Cell, Nucleus, Cytoplasm };

/// True if pixel (x, y) (image coordinates) belongs to `region` of `cell`.
bool inRegion(const SceneFields& f, const Cell& cell, Region region, int x, int y);

/// Adds the green pattern of class `label` for `cell`, scaled by `level`, into `green`
/// (CV_32F, image size).
void paintPattern(int label, const Cell& cell, const SceneFields& fields, double level, Rng& rng,
                  cv::Mat& green);

}  // namespace cellcam::synth
