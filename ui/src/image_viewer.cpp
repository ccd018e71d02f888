#include "image_viewer.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QThread>
#include <QWheelEvent>
#include <opencv2/imgproc.hpp>

#include "image_analysis.h"

namespace cellcam::ui {
namespace {

constexpr double kWheelStep = 1.25;  ///< Zoom factor per wheel notch (120 units).
constexpr double kMaxScale = 32.0;
constexpr int kTileCacheKb = 256 * 1024;

}  // namespace

ImageViewer::ImageViewer(QWidget* parent) : QWidget(parent), tiles_(kTileCacheKb) {
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  setMinimumSize(200, 200);
  setAttribute(Qt::WA_OpaquePaintEvent);
  pool_.setMaxThreadCount(std::max(1, std::min(4, QThread::idealThreadCount())));
  clear();
}

ImageViewer::~ImageViewer() {
  // Workers post their tiles to this object: finish them before it goes away.
  pool_.clear();
  pool_.waitForDone();
}

quint64 ImageViewer::tileKey(int level, int tx, int ty) {
  return (quint64(level) << 48) | (quint64(ty) << 24) | quint64(tx);
}

void ImageViewer::setLoading(const QString& title) {
  state_ = State::Loading;
  message_ = tr("Loading %1…").arg(title);
  dropImage();
}

void ImageViewer::setImage(const QString& title, std::shared_ptr<const ChannelPyramid> pyramid) {
  pyramid_ = std::move(pyramid);
  state_ = State::Shown;
  message_ = tr("%1 (%2 x %3 px)").arg(title).arg(pyramid_->width).arg(pyramid_->height);
  ++generation_;
  tiles_.clear();
  pending_.clear();
  const QSize size(pyramid_->width, pyramid_->height);
  if (fitted_ || size != lastImageSize_) fitToWindow();
  lastImageSize_ = size;
  update();
  Q_EMIT loaded();
}

void ImageViewer::setFailed(const QString& message) {
  state_ = State::Failed;
  message_ = message;
  dropImage();
  Q_EMIT loaded();
}

void ImageViewer::clear() {
  state_ = State::Empty;
  message_ = tr("Select an image in the dataset list.");
  dropImage();
}

void ImageViewer::dropImage() {
  pyramid_.reset();
  cells_.reset();
  overlay_ = {};
  selection_.clear();
  annotated_.clear();
  hoveredCell_ = 0;
  ++generation_;  // tiles still rendering for the old image are dropped when they arrive
  tiles_.clear();
  pending_.clear();
  update();
}

void ImageViewer::setBusyText(const QString& text) {
  if (text == busyText_) return;
  busyText_ = text;
  update();
}

void ImageViewer::setDisplay(const ChannelDisplay& display) {
  if (display == display_) return;
  display_ = display;
  ++generation_;  // cached tiles stay as stale stand-ins until their replacements arrive
  pending_.clear();
  update();
}

void ImageViewer::setCells(std::shared_ptr<const CellLayout> cells) {
  cells_ = std::move(cells);
  if (cells_) selection_.removeIf([this](int id) { return cells_->shape(id) == nullptr; });
  update();
}

void ImageViewer::setCellsVisible(bool on) {
  cellsVisible_ = on;
  update();
}

void ImageViewer::setSelectedCell(int id) {
  setSelectedCells(id > 0 ? QList<int>{id} : QList<int>{});
}

void ImageViewer::setSelectedCells(const QList<int>& ids) {
  QList<int> selection;
  for (int id : ids)
    if (id > 0 && !selection.contains(id)) selection.append(id);
  if (selection == selection_) return;
  selection_ = selection;
  update();
}

void ImageViewer::setAnnotatedCells(const QSet<int>& ids) {
  if (ids == annotated_) return;
  annotated_ = ids;
  update();
}

void ImageViewer::setOverlay(const QImage& overlay) {
  overlay_ = overlay;
  update();
}

void ImageViewer::setOverlayMaximum(double value) {
  overlayMaximum_ = value;
  update();
}

void ImageViewer::setOverlayVisible(bool on) {
  overlayVisible_ = on;
  update();
}

void ImageViewer::setOverlayOpacity(double opacity) {
  overlayOpacity_ = std::clamp(opacity, 0.0, 1.0);
  update();
}

QSize ImageViewer::imageSize() const {
  return pyramid_ ? QSize(pyramid_->width, pyramid_->height) : QSize();
}

void ImageViewer::setScaleClamped(double scale, const QPointF& anchor) {
  if (!pyramid_) return;
  const double fit =
      std::min(double(width()) / pyramid_->width, double(height()) / pyramid_->height);
  const double lowest = std::min(fit, 1.0) / 4.0;
  const QPointF imagePoint = widgetToImage(anchor);
  scale_ = std::clamp(scale, lowest, kMaxScale);
  offset_ = anchor - imagePoint * scale_;
  update();
}

void ImageViewer::zoomAt(const QPointF& anchor, double factor) {
  fitted_ = false;
  setScaleClamped(scale_ * factor, anchor);
}

void ImageViewer::zoomIn() { zoomAt(QPointF(width() / 2.0, height() / 2.0), kWheelStep); }

void ImageViewer::zoomOut() { zoomAt(QPointF(width() / 2.0, height() / 2.0), 1.0 / kWheelStep); }

void ImageViewer::fitToWindow() {
  fitted_ = true;
  if (!pyramid_) return;
  scale_ = std::min(double(width()) / pyramid_->width, double(height()) / pyramid_->height);
  offset_ = QPointF((width() - pyramid_->width * scale_) / 2.0,
                    (height() - pyramid_->height * scale_) / 2.0);
  update();
}

void ImageViewer::showActualSize() {
  fitted_ = false;
  setScaleClamped(1.0, QPointF(width() / 2.0, height() / 2.0));
}

void ImageViewer::panBy(const QPointF& delta) {
  fitted_ = false;
  offset_ += delta;
  update();
}

int ImageViewer::displayLevel() const {
  if (!pyramid_) return 0;
  // The coarsest level that still has at least one stored pixel per screen pixel.
  const int level = scale_ >= 1.0 ? 0 : static_cast<int>(std::floor(std::log2(1.0 / scale_)));
  return std::clamp(level, 0, pyramid_->levelCount() - 1);
}

void ImageViewer::requestTile(int level, int tx, int ty) {
  const quint64 key = tileKey(level, tx, ty);
  if (pending_.contains(key)) return;
  pending_.insert(key);
  const int tileSize = pyramid_->tileSize;
  pool_.start([this, pyramid = pyramid_, display = display_, generation = generation_, level, tx,
               ty, key, tileSize]() {
    const QImage image = composeRegion(
        *pyramid, level, QRect(tx * tileSize, ty * tileSize, tileSize, tileSize), display);
    QMetaObject::invokeMethod(
        this, [this, key, generation, image]() { tileRendered(key, generation, image); },
        Qt::QueuedConnection);
  });
}

void ImageViewer::tileRendered(quint64 key, int generation, const QImage& image) {
  if (generation != generation_) return;
  pending_.remove(key);
  const auto costKb = static_cast<int>(std::max<qsizetype>(1, image.sizeInBytes() / 1024));
  tiles_.insert(key, new Tile{image, generation}, costKb);
  update();
}

bool ImageViewer::drawTile(QPainter& painter, int level, int tx, int ty) {
  const Tile* tile = tiles_.object(tileKey(level, tx, ty));
  if (!tile || tile->generation != generation_) requestTile(level, tx, ty);
  if (!tile) return false;
  const QSize levelSize = pyramid_->levelSize(level);
  const double fx = double(pyramid_->width) / levelSize.width();
  const double fy = double(pyramid_->height) / levelSize.height();
  const int t = pyramid_->tileSize;
  const QRectF imageRect(tx * t * fx, ty * t * fy, tile->image.width() * fx,
                         tile->image.height() * fy);
  const QRectF target(imageToWidget(imageRect.topLeft()), imageToWidget(imageRect.bottomRight()));
  painter.setRenderHint(QPainter::SmoothPixmapTransform, target.width() < tile->image.width());
  painter.drawImage(target, tile->image);
  return true;
}

void ImageViewer::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), QColor(24, 24, 24));
  if (state_ != State::Shown || !pyramid_) {
    painter.setPen(QColor(220, 220, 220));
    painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                     message_);
    return;
  }
  const int top = pyramid_->levelCount() - 1;
  const int level = displayLevel();
  std::vector<QPoint> visible;  // tiles of `level` on screen
  {
    const QSize levelSize = pyramid_->levelSize(level);
    const double fx = double(pyramid_->width) / levelSize.width();
    const double fy = double(pyramid_->height) / levelSize.height();
    const QPointF a = widgetToImage(QPointF(0, 0)), b = widgetToImage(QPointF(width(), height()));
    const int t = pyramid_->tileSize;
    const QSize grid = pyramid_->tileGrid(level);
    const int x0 = std::clamp(static_cast<int>(std::floor(a.x() / fx / t)), 0, grid.width() - 1);
    const int x1 = std::clamp(static_cast<int>(std::floor(b.x() / fx / t)), 0, grid.width() - 1);
    const int y0 = std::clamp(static_cast<int>(std::floor(a.y() / fy / t)), 0, grid.height() - 1);
    const int y1 = std::clamp(static_cast<int>(std::floor(b.y() / fy / t)), 0, grid.height() - 1);
    for (int ty = y0; ty <= y1; ++ty)
      for (int tx = x0; tx <= x1; ++tx) visible.emplace_back(tx, ty);
  }
  // Underneath, while any of them is still missing: the coarsest level (one tile).
  const bool complete = std::all_of(visible.begin(), visible.end(), [&](const QPoint& tile) {
    return tiles_.contains(tileKey(level, tile.x(), tile.y()));
  });
  if (!complete && level != top) drawTile(painter, top, 0, 0);
  for (const QPoint& tile : visible) drawTile(painter, level, tile.x(), tile.y());

  const QRectF imageRect(imageToWidget(QPointF(0, 0)),
                         imageToWidget(QPointF(pyramid_->width, pyramid_->height)));
  if (overlayVisible_ && !overlay_.isNull() && overlayOpacity_ > 0) {
    painter.save();
    painter.setOpacity(overlayOpacity_);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(imageRect, overlay_);
    painter.restore();
  }
  if (cellsVisible_ && cells_) drawCells(painter);
  if (overlayVisible_ && !overlay_.isNull() && overlayMaximum_ > 0) drawColourBar(painter);

  if (!busyText_.isEmpty()) {
    const QRect box = painter.fontMetrics()
                          .boundingRect(busyText_)
                          .adjusted(-8, -4, 8, 4)
                          .translated(0, painter.fontMetrics().ascent());
    const QRect placed = box.translated(width() - box.right() - 8, 8 - box.top());
    painter.fillRect(placed, QColor(0, 0, 0, 170));
    painter.setPen(QColor(255, 220, 0));
    painter.drawText(placed, Qt::AlignCenter, busyText_);
  }
  painter.setPen(QColor(230, 230, 230));
  painter.drawText(rect().adjusted(8, 4, -8, -6), Qt::AlignLeft | Qt::AlignBottom,
                   tr("%1 — %2%").arg(message_).arg(scale_ * 100.0, 0, 'f', 0));
}

void ImageViewer::drawColourBar(QPainter& painter) {
  if (colourBar_.isNull()) {  // the overlay's colours, opaque (the overlay adds alpha)
    cv::Mat ramp(256, 1, CV_8UC1), colours;
    for (int y = 0; y < ramp.rows; ++y) ramp.at<uchar>(y) = static_cast<uchar>(255 - y);
    cv::applyColorMap(ramp, colours, cv::COLORMAP_JET);
    colourBar_ = QImage(1, 256, QImage::Format_RGB32);
    for (int y = 0; y < 256; ++y) {
      const cv::Vec3b bgr = colours.at<cv::Vec3b>(y);
      colourBar_.setPixel(0, y, qRgb(bgr[2], bgr[1], bgr[0]));
    }
  }
  const QFontMetrics metrics = painter.fontMetrics();
  const QRect bar(width() - 22, height() / 2 - 64, 12, 128);
  painter.save();
  painter.fillRect(bar.adjusted(-4 - metrics.horizontalAdvance(QStringLiteral("00000")),
                                -metrics.height() - 4, 4, metrics.height() + 4),
                   QColor(0, 0, 0, 150));
  painter.drawImage(bar, colourBar_);
  painter.setPen(QColor(230, 230, 230));
  painter.drawRect(bar.adjusted(0, 0, -1, -1));
  const QString top = QString::number(overlayMaximum_, 'g', 3);
  painter.drawText(QRect(bar.left() - 60, bar.top() - metrics.height() - 2, 70, metrics.height()),
                   Qt::AlignRight | Qt::AlignVCenter, top);
  painter.drawText(QRect(bar.left() - 60, bar.bottom() + 2, 70, metrics.height()),
                   Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("0"));
  painter.restore();
}

void ImageViewer::drawCells(QPainter& painter) {
  const QRectF visible(widgetToImage(QPointF(0, 0)), widgetToImage(QPointF(width(), height())));
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setTransform(QTransform(scale_, 0, 0, scale_, offset_.x(), offset_.y()));
  QPen outline(QColor(255, 255, 255, 170), 1.0);
  outline.setCosmetic(true);
  painter.setPen(outline);
  painter.setBrush(Qt::NoBrush);
  for (const CellShape& cell : cells_->cells)
    if (cell.bounds.intersects(visible) && !selection_.contains(cell.id) &&
        cell.id != hoveredCell_ && !annotated_.contains(cell.id))
      painter.drawPath(cell.outline);
  // Annotated cells: a green outline (a dot at the centre is drawn with the ids below).
  QPen annotatedPen(QColor(60, 220, 110), 2.0);
  annotatedPen.setCosmetic(true);
  painter.setPen(annotatedPen);
  for (int id : annotated_)
    if (const CellShape* cell = cells_->shape(id);
        cell && cell->bounds.intersects(visible) && !selection_.contains(id) && id != hoveredCell_)
      painter.drawPath(cell->outline);
  if (const CellShape* hovered = cells_->shape(hoveredCell_);
      hovered && !selection_.contains(hoveredCell_)) {
    QPen pen(QColor(0, 230, 255), 2.0);
    pen.setCosmetic(true);
    painter.setPen(pen);
    painter.drawPath(hovered->outline);
  }
  for (int id : selection_)
    if (const CellShape* selected = cells_->shape(id)) {
      QPen pen(QColor(255, 220, 0), 3.0);
      pen.setCosmetic(true);
      painter.setPen(pen);
      painter.setBrush(QColor(255, 220, 0, 50));
      painter.drawPath(selected->outline);
    }
  painter.restore();

  // Ids in screen pixels, only where a cell is big enough on screen to carry its label.
  painter.save();
  QFont font = painter.font();
  font.setPointSizeF(std::max(7.0, font.pointSizeF() - 1));
  painter.setFont(font);
  const int minSide = painter.fontMetrics().horizontalAdvance(QStringLiteral("000")) + 4;
  for (const CellShape& cell : cells_->cells) {
    if (!cell.bounds.intersects(visible)) continue;
    if (std::min(cell.bounds.width(), cell.bounds.height()) * scale_ < minSide) continue;
    const QPointF at = imageToWidget(cell.center);
    const QString text = QString::number(cell.id);
    const QRectF box(at.x() - 20, at.y() - 8, 40, 16);
    painter.setPen(QColor(0, 0, 0, 200));
    painter.drawText(box.translated(1, 1), Qt::AlignCenter, text);
    painter.setPen(selection_.contains(cell.id) ? QColor(255, 220, 0) : QColor(255, 255, 255));
    painter.drawText(box, Qt::AlignCenter, text);
  }
  // A dot on every visible annotated cell, so marks stay visible when the cells are small.
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setPen(QPen(QColor(0, 0, 0, 200), 1.0));
  painter.setBrush(QColor(60, 220, 110));
  for (int id : annotated_)
    if (const CellShape* cell = cells_->shape(id); cell && cell->bounds.intersects(visible)) {
      const QPointF at = imageToWidget(cell->center) + QPointF(0, 10);
      painter.drawEllipse(at, 3.5, 3.5);
    }
  painter.restore();
}

void ImageViewer::resizeEvent(QResizeEvent*) {
  if (fitted_) fitToWindow();
}

void ImageViewer::wheelEvent(QWheelEvent* event) {
  const double notches = event->angleDelta().y() / 120.0;
  if (notches != 0.0) zoomAt(event->position(), std::pow(kWheelStep, notches));
  event->accept();
}

void ImageViewer::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return QWidget::mousePressEvent(event);
  pressed_ = true;
  dragging_ = false;
  pressPos_ = lastPos_ = event->position();
}

void ImageViewer::mouseMoveEvent(QMouseEvent* event) {
  if (pressed_) {
    if (!dragging_ && (event->position() - pressPos_).manhattanLength() > 3) {
      dragging_ = true;
      setCursor(Qt::ClosedHandCursor);
    }
    if (dragging_) {
      panBy(event->position() - lastPos_);
      lastPos_ = event->position();
      return;
    }
  }
  const int id = cellAtWidget(event->position());
  if (id != hoveredCell_) {
    hoveredCell_ = id;
    update();
    Q_EMIT cellHovered(id, event->globalPosition().toPoint());
  }
}

void ImageViewer::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton || !pressed_) return QWidget::mouseReleaseEvent(event);
  pressed_ = false;
  if (dragging_) {
    dragging_ = false;
    unsetCursor();
    return;
  }
  if (state_ != State::Shown) return;
  const int id = cellAtWidget(event->position());
  if (event->modifiers() & (Qt::ControlModifier | Qt::ShiftModifier)) {
    if (id <= 0) return;
    QList<int> selection = selection_;
    if (!selection.removeOne(id)) selection.append(id);
    setSelectedCells(selection);
    Q_EMIT selectionChanged(selection_);
    return;
  }
  setSelectedCell(id);
  Q_EMIT cellClicked(id);
  Q_EMIT selectionChanged(selection_);
}

void ImageViewer::mouseDoubleClickEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton) fitToWindow();
}

void ImageViewer::leaveEvent(QEvent*) {
  if (hoveredCell_ != 0) {
    hoveredCell_ = 0;
    update();
    Q_EMIT cellHovered(0, {});
  }
}

void ImageViewer::keyPressEvent(QKeyEvent* event) {
  const double stepX = width() / 10.0, stepY = height() / 10.0;
  switch (event->key()) {
    case Qt::Key_Left:
      return panBy(QPointF(stepX, 0));
    case Qt::Key_Right:
      return panBy(QPointF(-stepX, 0));
    case Qt::Key_Up:
      return panBy(QPointF(0, stepY));
    case Qt::Key_Down:
      return panBy(QPointF(0, -stepY));
    default:
      QWidget::keyPressEvent(event);
  }
}

int ImageViewer::cellAtWidget(const QPointF& pos) const {
  if (!cells_ || state_ != State::Shown) return 0;
  const QPointF p = widgetToImage(pos);
  return cells_->cellAt(static_cast<int>(std::floor(p.x())), static_cast<int>(std::floor(p.y())));
}

}  // namespace cellcam::ui
