#include "channel_composite.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace cellcam::ui {

std::array<std::uint8_t, 256> ChannelDisplay::lookupTable(int c) const {
  std::array<std::uint8_t, 256> table{};
  if (!visible[static_cast<std::size_t>(c)]) return table;
  const double gain = std::max(1e-6, contrast[static_cast<std::size_t>(c)]);
  const double exponent = 1.0 / std::max(1e-6, gamma[static_cast<std::size_t>(c)]);
  for (int v = 0; v < 256; ++v) {
    const double x = std::min(1.0, v / 255.0 * gain);
    table[static_cast<std::size_t>(v)] =
        static_cast<std::uint8_t>(std::lround(255.0 * std::pow(x, exponent)));
  }
  return table;
}

QSize ChannelPyramid::levelSize(int level) const {
  const cv::Mat& plane = levels[static_cast<std::size_t>(level)][0];
  return {plane.cols, plane.rows};
}

QSize ChannelPyramid::tileGrid(int level) const {
  const QSize size = levelSize(level);
  return {(size.width() + tileSize - 1) / tileSize, (size.height() + tileSize - 1) / tileSize};
}

int ChannelPyramid::levelAtMost(int side) const {
  for (int level = 0; level < levelCount(); ++level) {
    const QSize size = levelSize(level);
    if (std::max(size.width(), size.height()) <= side) return level;
  }
  return levelCount() - 1;
}

std::shared_ptr<const ChannelPyramid> buildChannelPyramid(const ChannelImage& image, int tileSize) {
  auto pyramid = std::make_shared<ChannelPyramid>();
  pyramid->width = image.width();
  pyramid->height = image.height();
  pyramid->tileSize = tileSize;
  std::array<cv::Mat, 4> base;
  for (std::size_t c = 0; c < kRgbyChannels.size(); ++c) {
    const cv::Mat& plane = image.plane(kRgbyChannels[c]);
    if (plane.empty()) {
      base[c] = cv::Mat::zeros(image.height(), image.width(), CV_8UC1);
    } else if (plane.depth() == CV_16U) {
      plane.convertTo(base[c], CV_8U, 1.0 / 257.0);
    } else {
      base[c] = plane;
    }
  }
  pyramid->levels.push_back(base);
  while (std::max(pyramid->levels.back()[0].cols, pyramid->levels.back()[0].rows) > tileSize) {
    const auto& previous = pyramid->levels.back();
    const cv::Size half((previous[0].cols + 1) / 2, (previous[0].rows + 1) / 2);
    std::array<cv::Mat, 4> next;
    for (std::size_t c = 0; c < next.size(); ++c)
      cv::resize(previous[c], next[c], half, 0, 0, cv::INTER_AREA);
    pyramid->levels.push_back(std::move(next));
  }
  return pyramid;
}

QImage composeRegion(const ChannelPyramid& pyramid, int level, const QRect& region,
                     const ChannelDisplay& display) {
  const QSize size = pyramid.levelSize(level);
  const QRect clipped = region.intersected(QRect(QPoint(0, 0), size));
  if (clipped.isEmpty()) return {};
  std::array<std::array<std::uint8_t, 256>, 4> tables;
  for (int c = 0; c < 4; ++c) tables[static_cast<std::size_t>(c)] = display.lookupTable(c);
  const auto& planes = pyramid.levels[static_cast<std::size_t>(level)];
  QImage out(clipped.size(), QImage::Format_RGB32);
  for (int y = 0; y < clipped.height(); ++y) {
    const int sy = clipped.y() + y;
    const uchar* r = planes[0].ptr<uchar>(sy) + clipped.x();
    const uchar* g = planes[1].ptr<uchar>(sy) + clipped.x();
    const uchar* b = planes[2].ptr<uchar>(sy) + clipped.x();
    const uchar* yl = planes[3].ptr<uchar>(sy) + clipped.x();
    auto* row = reinterpret_cast<QRgb*>(out.scanLine(y));
    for (int x = 0; x < clipped.width(); ++x) {
      const int yellow = tables[3][yl[x]];
      row[x] = qRgb(std::min(255, tables[0][r[x]] + yellow),
                    std::min(255, tables[1][g[x]] + yellow), tables[2][b[x]]);
    }
  }
  return out;
}

}  // namespace cellcam::ui
