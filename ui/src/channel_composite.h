#pragma once
// The HPA display composite of the four stains: red = microtubules, green = protein,
// blue = nucleus, yellow (ER) added to red and green.

#include <array>

#include <QImage>
#include <QString>

namespace cellcam::ui {

/// Reads the four channel files (red, green, blue, yellow; 8- or 16-bit grayscale) and returns
/// the RGB composite. Thread-safe (may run on a worker thread). On failure returns a null image
/// and sets `error` to one sentence naming the file.
QImage loadChannelComposite(const std::array<QString, 4>& files, QString* error);

}  // namespace cellcam::ui
