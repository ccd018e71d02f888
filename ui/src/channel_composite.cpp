#include "channel_composite.h"

#include <algorithm>

#include <QCoreApplication>
#include <QImageReader>

namespace cellcam::ui {

QImage loadChannelComposite(const std::array<QString, 4>& files, QString* error) {
  std::array<QImage, 4> channels;
  for (std::size_t c = 0; c < files.size(); ++c) {
    QImageReader reader(files[c]);
    QImage image = reader.read();
    if (image.isNull()) {
      if (error)
        *error = QCoreApplication::translate("cellcam::ui", "%1: cannot read the image (%2).")
                     .arg(files[c], reader.errorString());
      return {};
    }
    channels[c] = image.convertToFormat(QImage::Format_Grayscale8);
    if (c > 0 && channels[c].size() != channels[0].size()) {
      if (error)
        *error = QCoreApplication::translate("cellcam::ui",
                                             "%1: size %2x%3 differs from the red channel's %4x%5.")
                     .arg(files[c])
                     .arg(channels[c].width())
                     .arg(channels[c].height())
                     .arg(channels[0].width())
                     .arg(channels[0].height());
      return {};
    }
  }
  const int w = channels[0].width(), h = channels[0].height();
  QImage out(w, h, QImage::Format_RGB32);
  for (int y = 0; y < h; ++y) {
    const uchar* r = channels[0].constScanLine(y);
    const uchar* g = channels[1].constScanLine(y);
    const uchar* b = channels[2].constScanLine(y);
    const uchar* yl = channels[3].constScanLine(y);
    auto* row = reinterpret_cast<QRgb*>(out.scanLine(y));
    for (int x = 0; x < w; ++x)
      row[x] = qRgb(std::min(255, r[x] + yl[x]), std::min(255, g[x] + yl[x]), b[x]);
  }
  return out;
}

}  // namespace cellcam::ui
