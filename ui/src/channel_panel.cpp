#include "channel_panel.h"

#include <cmath>

#include <QCheckBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>

namespace cellcam::ui {
namespace {

// Sliders hold 10 * log2(value): contrast 0.25..8, gamma 0.25..4.
double fromSlider(int v) { return std::pow(2.0, v / 10.0); }
int toSlider(double value) { return static_cast<int>(std::lround(10.0 * std::log2(value))); }

}  // namespace

ChannelPanel::ChannelPanel(QWidget* parent) : QWidget(parent) {
  const std::array<QString, 4> names{tr("Red (microtubules)"), tr("Green (protein)"),
                                     tr("Blue (nucleus)"), tr("Yellow (ER)")};
  const std::array<QColor, 4> colours{QColor(230, 60, 60), QColor(60, 200, 60),
                                      QColor(80, 120, 255), QColor(230, 200, 40)};
  auto* grid = new QGridLayout(this);
  grid->setContentsMargins(6, 6, 6, 6);
  grid->addWidget(new QLabel(tr("Contrast"), this), 0, 1, 1, 2);
  grid->addWidget(new QLabel(tr("Gamma"), this), 0, 3, 1, 2);
  for (std::size_t c = 0; c < rows_.size(); ++c) {
    Row& row = rows_[c];
    const int r = static_cast<int>(c) + 1;
    row.toggle = new QCheckBox(names[c], this);
    row.toggle->setStyleSheet(QStringLiteral("QCheckBox { color: %1; }").arg(colours[c].name()));
    row.contrast = new QSlider(Qt::Horizontal, this);
    row.contrast->setRange(-20, 30);
    row.contrast->setToolTip(tr("Gain: values are multiplied by it before clipping."));
    row.gamma = new QSlider(Qt::Horizontal, this);
    row.gamma->setRange(-20, 20);
    row.gamma->setToolTip(tr("Gamma above 1 brightens faint signal."));
    row.contrastValue = new QLabel(this);
    row.gammaValue = new QLabel(this);
    row.contrastValue->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("0.00")));
    row.gammaValue->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("0.00")));
    grid->addWidget(row.toggle, r, 0);
    grid->addWidget(row.contrast, r, 1);
    grid->addWidget(row.contrastValue, r, 2);
    grid->addWidget(row.gamma, r, 3);
    grid->addWidget(row.gammaValue, r, 4);
    connect(row.toggle, &QCheckBox::toggled, this, &ChannelPanel::readControls);
    connect(row.contrast, &QSlider::valueChanged, this, &ChannelPanel::readControls);
    connect(row.gamma, &QSlider::valueChanged, this, &ChannelPanel::readControls);
  }
  auto* reset = new QPushButton(tr("Reset"), this);
  grid->addWidget(reset, 5, 0);
  grid->setColumnStretch(1, 1);
  grid->setColumnStretch(3, 1);
  grid->setRowStretch(6, 1);
  connect(reset, &QPushButton::clicked, this, [this]() { setDisplay(ChannelDisplay{}); });
  writeControls();
}

void ChannelPanel::setDisplay(const ChannelDisplay& display) {
  if (display == display_) return;
  display_ = display;
  writeControls();
  Q_EMIT displayChanged(display_);
}

void ChannelPanel::setChannelVisible(int channel, bool on) {
  ChannelDisplay display = display_;
  display.visible[static_cast<std::size_t>(channel)] = on;
  setDisplay(display);
}

void ChannelPanel::writeControls() {
  updating_ = true;
  for (std::size_t c = 0; c < rows_.size(); ++c) {
    rows_[c].toggle->setChecked(display_.visible[c]);
    rows_[c].contrast->setValue(toSlider(display_.contrast[c]));
    rows_[c].gamma->setValue(toSlider(display_.gamma[c]));
    rows_[c].contrastValue->setText(QString::number(display_.contrast[c], 'f', 2));
    rows_[c].gammaValue->setText(QString::number(display_.gamma[c], 'f', 2));
  }
  updating_ = false;
}

void ChannelPanel::readControls() {
  if (updating_) return;
  ChannelDisplay display = display_;
  for (std::size_t c = 0; c < rows_.size(); ++c) {
    display.visible[c] = rows_[c].toggle->isChecked();
    if (rows_[c].contrast->value() != toSlider(display.contrast[c]))
      display.contrast[c] = fromSlider(rows_[c].contrast->value());
    if (rows_[c].gamma->value() != toSlider(display.gamma[c]))
      display.gamma[c] = fromSlider(rows_[c].gamma->value());
  }
  setDisplay(display);
}

}  // namespace cellcam::ui
