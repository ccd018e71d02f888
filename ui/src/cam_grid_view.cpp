#include "cam_grid_view.h"

#include <algorithm>
#include <cmath>

#include <QMouseEvent>
#include <QPainter>

#include "cellcam/classes.h"

#include "class_text.h"

namespace cellcam::ui {
namespace {
constexpr int kSpacing = 4;
constexpr int kCaption = 18;
}  // namespace

CamGridView::CamGridView(QWidget* parent) : QWidget(parent) {
  setMinimumSize(240, 200);
  message_ = tr("Open a model to see the CAMs of all classes.");
}

void CamGridView::setImage(const QImage& image) {
  image_ = image;
  update();
}

void CamGridView::setCams(const std::vector<QImage>& overlays,
                          const std::vector<float>& probabilities) {
  overlays_ = overlays;
  probabilities_ = probabilities;
  update();
}

void CamGridView::setCurrentClass(int label) {
  current_ = label;
  update();
}

void CamGridView::setOverlayOpacity(double opacity) {
  opacity_ = opacity;
  update();
}

void CamGridView::setMessage(const QString& message) {
  message_ = message;
  update();
}

int CamGridView::columns() const {
  // The column count that makes square tiles (plus caption) as large as possible.
  const int n = std::max(1, tileCount());
  int best = 1;
  double bestSide = 0;
  for (int cols = 1; cols <= n; ++cols) {
    const int rows = (n + cols - 1) / cols;
    const double side = std::min((width() - kSpacing * (cols + 1)) / double(cols),
                                 (height() - kSpacing * (rows + 1)) / double(rows) - kCaption);
    if (side > bestSide) {
      bestSide = side;
      best = cols;
    }
  }
  return best;
}

QRect CamGridView::tileRect(int label) const {
  if (label < 0 || label >= tileCount()) return {};
  const int cols = columns();
  const int rows = (tileCount() + cols - 1) / cols;
  const int w = (width() - kSpacing * (cols + 1)) / cols;
  const int h = (height() - kSpacing * (rows + 1)) / rows;
  return {kSpacing + (label % cols) * (w + kSpacing), kSpacing + (label / cols) * (h + kSpacing), w,
          h};
}

void CamGridView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), QColor(24, 24, 24));
  painter.setPen(QColor(220, 220, 220));
  if (overlays_.empty()) {
    painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                     message_);
    return;
  }
  painter.setRenderHint(QPainter::SmoothPixmapTransform);
  for (int c = 0; c < tileCount(); ++c) {
    const QRect tile = tileRect(c);
    const QRect picture = tile.adjusted(0, 0, 0, -kCaption);
    const int side = std::max(1, std::min(picture.width(), picture.height()));
    const QRect square(picture.x() + (picture.width() - side) / 2, picture.y(), side, side);
    if (!image_.isNull()) painter.drawImage(square, image_);
    painter.setOpacity(opacity_);
    painter.drawImage(square, overlays_[static_cast<std::size_t>(c)]);
    painter.setOpacity(1.0);
    if (c == current_) {
      painter.setPen(QPen(QColor(255, 220, 0), 2));
      painter.drawRect(square.adjusted(-1, -1, 1, 1));
    }
    const float p = c < static_cast<int>(probabilities_.size())
                        ? probabilities_[static_cast<std::size_t>(c)]
                        : 0.0f;
    // Number and probability first: the name is what gets elided in small tiles.
    const QString caption = tr("%1 · p %2 · %3").arg(c).arg(double(p), 0, 'f', 2).arg(classText(c));
    painter.setPen(c == current_ ? QColor(255, 220, 0) : QColor(220, 220, 220));
    const QRect text(tile.x(), tile.bottom() - kCaption + 1, tile.width(), kCaption);
    painter.drawText(text, Qt::AlignHCenter | Qt::AlignVCenter,
                     painter.fontMetrics().elidedText(caption, Qt::ElideRight, tile.width()));
  }
}

void CamGridView::mouseReleaseEvent(QMouseEvent* event) {
  for (int c = 0; c < tileCount(); ++c)
    if (tileRect(c).contains(event->position().toPoint())) {
      setCurrentClass(c);
      Q_EMIT classActivated(c);
      return;
    }
}

}  // namespace cellcam::ui
