#pragma once
// The HPA display composite of the four stains: red = microtubules, green = protein,
// blue = nucleus, yellow (ER) added to red and green. Display settings per channel, and a
// pyramid of 8-bit planes at power-of-two levels from which the viewer renders tiles.

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include <QImage>
#include <QRect>
#include <opencv2/core/mat.hpp>

#include "cellcam/image_io.h"

namespace cellcam::ui {

/// How the four stains are shown. Index 0..3 = red, green, blue, yellow (kRgbyChannels).
/// A stored value v in 0..1 is shown as pow(min(1, v * contrast), 1 / gamma), or 0 when the
/// channel is hidden; yellow is then added to red and green (clamped), as the HPA shows it.
struct ChannelDisplay {
  std::array<bool, 4> visible{true, true, true, true};
  std::array<double, 4> contrast{1.0, 1.0, 1.0, 1.0};  ///< Gain, > 0 (1 = as stored).
  std::array<double, 4> gamma{1.0, 1.0, 1.0, 1.0};     ///< > 0; above 1 brightens dark values.

  /// The 8-bit lookup table of channel `c` (0..3).
  std::array<std::uint8_t, 256> lookupTable(int c) const;
  bool operator==(const ChannelDisplay& other) const {
    return visible == other.visible && contrast == other.contrast && gamma == other.gamma;
  }
  bool operator!=(const ChannelDisplay& other) const { return !(*this == other); }
};

/// The four stains as 8-bit planes at levels 0 (full size), 1 (half), 2 (quarter), ... down to
/// the first level whose longer side is at most `tileSize`. Immutable once built, so it may be
/// shared between threads. 16-bit stains are reduced to 8 bits (value / 257); a missing yellow
/// plane is zeros.
struct ChannelPyramid {
  int width = 0;
  int height = 0;
  int tileSize = 512;
  std::vector<std::array<cv::Mat, 4>> levels;  ///< CV_8UC1 planes, red/green/blue/yellow.

  int levelCount() const { return static_cast<int>(levels.size()); }
  /// Size of a level's planes.
  QSize levelSize(int level) const;
  /// Number of tile columns and rows at a level.
  QSize tileGrid(int level) const;
  /// The finest level whose longer side is at most `side` pixels (the last level when none is).
  int levelAtMost(int side) const;
};

/// Builds the pyramid (area averaging between levels). Thread-safe; O(pixels).
std::shared_ptr<const ChannelPyramid> buildChannelPyramid(const ChannelImage& image,
                                                          int tileSize = 512);

/// Renders `region` (pixels of `level`) of the pyramid as an RGB32 image with `display`.
/// Thread-safe (reads only). The region is clipped to the level.
QImage composeRegion(const ChannelPyramid& pyramid, int level, const QRect& region,
                     const ChannelDisplay& display);

}  // namespace cellcam::ui
