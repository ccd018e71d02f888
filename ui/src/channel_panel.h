#pragma once
// Display controls of the four stains: a toggle, a contrast and a gamma slider per channel.

#include <array>

#include <QWidget>

#include "channel_composite.h"

class QCheckBox;
class QLabel;
class QSlider;

namespace cellcam::ui {

/// Edits a ChannelDisplay; the viewer re-renders its tiles in the background. GUI thread only.
class ChannelPanel : public QWidget {
  Q_OBJECT

 public:
  explicit ChannelPanel(QWidget* parent = nullptr);

  const ChannelDisplay& display() const { return display_; }
  /// Sets the controls (emits displayChanged() when it differs).
  void setDisplay(const ChannelDisplay& display);
  /// Toggles a channel (0..3 = red, green, blue, yellow).
  void setChannelVisible(int channel, bool on);
  QCheckBox* toggle(int channel) const { return rows_[static_cast<std::size_t>(channel)].toggle; }
  QSlider* contrastSlider(int channel) const {
    return rows_[static_cast<std::size_t>(channel)].contrast;
  }
  QSlider* gammaSlider(int channel) const { return rows_[static_cast<std::size_t>(channel)].gamma; }

 Q_SIGNALS:
  void displayChanged(const ChannelDisplay& display);

 private:
  struct Row {
    QCheckBox* toggle = nullptr;
    QSlider* contrast = nullptr;
    QSlider* gamma = nullptr;
    QLabel* contrastValue = nullptr;
    QLabel* gammaValue = nullptr;
  };
  void readControls();
  void writeControls();

  std::array<Row, 4> rows_;
  ChannelDisplay display_;
  bool updating_ = false;
};

}  // namespace cellcam::ui
