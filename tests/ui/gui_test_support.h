#pragma once
// Helpers shared by the studio's Qt tests.
#include <QPoint>
#include <opencv2/core.hpp>

namespace cellcam::ui::test {

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

}  // namespace cellcam::ui::test
