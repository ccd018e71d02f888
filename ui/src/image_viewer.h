#pragma once
// The image viewer: the channel composite drawn from a tile pyramid (tiles rendered lazily on
// worker threads and cached), zoom and pan, a CAM overlay, and cell outlines with their ids.

#include <memory>

#include <QCache>
#include <QImage>
#include <QSet>
#include <QThreadPool>
#include <QWidget>

#include "channel_composite.h"

namespace cellcam::ui {

struct CellLayout;

/// Draws the shown image from a ChannelPyramid: at each zoom the level with at least one stored
/// pixel per screen pixel, in 512 px tiles rendered on the viewer's own thread pool and kept in
/// a 256 MB cache (a paint never composes pixels itself; missing tiles are drawn from the
/// coarsest level until they arrive). Wheel zooms about the cursor, drag or the arrow keys pan,
/// a double click fits; a click selects the cell under the cursor, Ctrl+click (or Shift+click)
/// adds it to the selection or removes it (for annotating several cells at once). Annotated
/// cells carry a green mark. GUI thread only.
class ImageViewer : public QWidget {
  Q_OBJECT

 public:
  enum class State { Empty, Loading, Shown, Failed };

  explicit ImageViewer(QWidget* parent = nullptr);
  ~ImageViewer() override;

  /// Shows "loading `title`" until setImage() or setFailed(). Drops the shown image.
  void setLoading(const QString& title);
  /// Shows an image. It is fitted to the window unless the user zoomed or panned the previous
  /// image and this one has the same size (the view is kept for comparing images). The
  /// pyramid is shared, never copied.
  void setImage(const QString& title, std::shared_ptr<const ChannelPyramid> pyramid);
  /// Shows an error instead of an image; emits loaded().
  void setFailed(const QString& message);
  void clear();

  /// Channel toggles, contrast and gamma; tiles are re-rendered in the background (the old
  /// tiles stay visible until then).
  void setDisplay(const ChannelDisplay& display);
  const ChannelDisplay& display() const { return display_; }

  /// Cell outlines and ids (nullptr: none).
  void setCells(std::shared_ptr<const CellLayout> cells);
  const std::shared_ptr<const CellLayout>& cells() const { return cells_; }
  void setCellsVisible(bool on);
  bool cellsVisible() const { return cellsVisible_; }
  /// Selects exactly this cell (0: none). Does not emit cellClicked() or selectionChanged().
  void setSelectedCell(int id);
  /// The cell selected last (0: none).
  int selectedCell() const { return selection_.isEmpty() ? 0 : selection_.last(); }
  /// Selects these cells (ids > 0, in this order; duplicates dropped). Emits nothing.
  void setSelectedCells(const QList<int>& ids);
  /// Every selected cell, in the order selected.
  const QList<int>& selectedCells() const { return selection_; }
  /// Cells to mark as annotated (a green outline and dot).
  void setAnnotatedCells(const QSet<int>& ids);
  const QSet<int>& annotatedCells() const { return annotated_; }
  int hoveredCell() const { return hoveredCell_; }

  /// The CAM overlay (ARGB32 premultiplied, any size: stretched over the whole image). Null
  /// removes it.
  void setOverlay(const QImage& overlay);
  const QImage& overlay() const { return overlay_; }
  void setOverlayVisible(bool on);
  bool overlayVisible() const { return overlayVisible_; }
  /// The CAM value that the overlay's top colour stands for, shown on a colour bar next to
  /// the overlay (0 hides the bar).
  void setOverlayMaximum(double value);
  double overlayMaximum() const { return overlayMaximum_; }
  /// 0..1, multiplied with the overlay's own alpha.
  void setOverlayOpacity(double opacity);
  double overlayOpacity() const { return overlayOpacity_; }

  /// Work in progress for this image (e.g. "Computing CAMs…"), drawn in the top-right
  /// corner; empty hides it.
  void setBusyText(const QString& text);
  const QString& busyText() const { return busyText_; }

  State state() const { return state_; }
  const QString& message() const { return message_; }
  QSize imageSize() const;
  const std::shared_ptr<const ChannelPyramid>& pyramid() const { return pyramid_; }

  /// Zoom and pan: widget = image * scale() + offset().
  double scale() const { return scale_; }
  QPointF offset() const { return offset_; }
  QPointF imageToWidget(const QPointF& image) const { return image * scale_ + offset_; }
  QPointF widgetToImage(const QPointF& widget) const { return (widget - offset_) / scale_; }
  /// Zooms by `factor` keeping the image point under `anchor` (widget pixels) in place.
  void zoomAt(const QPointF& anchor, double factor);
  void zoomIn();
  void zoomOut();
  void fitToWindow();
  /// One image pixel per screen pixel, keeping the image point at the widget centre.
  void showActualSize();
  void panBy(const QPointF& delta);

  /// The pyramid level drawn at the current scale (0 = full resolution).
  int displayLevel() const;
  int cachedTileCount() const { return tiles_.count(); }
  int pendingTileCount() const { return static_cast<int>(pending_.size()); }

 Q_SIGNALS:
  /// The image (or its error) is shown.
  void loaded();
  /// The mouse moved onto another cell (0 = background); `globalPos` for a tooltip.
  void cellHovered(int id, const QPoint& globalPos);
  /// A click (not a drag) without Ctrl or Shift on a cell (0 = background).
  void cellClicked(int id);
  /// A click changed the selection (plain click, Ctrl+click or Shift+click); `ids` as
  /// selectedCells().
  void selectionChanged(const QList<int>& ids);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

 private:
  struct Tile {
    QImage image;
    int generation = 0;
  };
  static quint64 tileKey(int level, int tx, int ty);
  /// Draws the tile from the cache (requesting it when missing or stale); false when missing.
  bool drawTile(QPainter& painter, int level, int tx, int ty);
  void requestTile(int level, int tx, int ty);
  void tileRendered(quint64 key, int generation, const QImage& image);
  /// Forgets the shown image, its cells, overlay, selection and tiles (state and message are
  /// the caller's).
  void dropImage();
  void drawCells(QPainter& painter);
  void drawColourBar(QPainter& painter);
  int cellAtWidget(const QPointF& pos) const;
  void setScaleClamped(double scale, const QPointF& anchor);

  State state_ = State::Empty;
  QString message_;
  QString busyText_;
  std::shared_ptr<const ChannelPyramid> pyramid_;
  QSize lastImageSize_;  ///< Size of the image shown before: same-size images keep the view.
  std::shared_ptr<const CellLayout> cells_;
  ChannelDisplay display_;
  QImage overlay_;
  bool overlayVisible_ = true;
  double overlayOpacity_ = 0.6;
  double overlayMaximum_ = 0;
  QImage colourBar_;  ///< The overlay colormap, bottom (0) to top (maximum).
  bool cellsVisible_ = true;
  QList<int> selection_;
  QSet<int> annotated_;
  int hoveredCell_ = 0;

  double scale_ = 1.0;
  QPointF offset_;
  bool fitted_ = true;  ///< Follows the window size until the user zooms or pans.
  QPointF pressPos_;
  QPointF lastPos_;
  bool pressed_ = false;
  bool dragging_ = false;

  int generation_ = 0;  ///< Bumped when the image or the display settings change.
  QCache<quint64, Tile> tiles_;
  QSet<quint64> pending_;
  QThreadPool pool_;
};

}  // namespace cellcam::ui
