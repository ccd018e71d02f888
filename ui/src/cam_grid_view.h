#pragma once
// All classes' CAMs of one image side by side: one tile per class with the image, the class's
// overlay, its name and image-level probability. A click on a tile chooses that class.

#include <vector>

#include <QImage>
#include <QWidget>

namespace cellcam::ui {

/// Paints the overlays computed by ImageAnalysis (no work of its own). GUI thread only.
class CamGridView : public QWidget {
  Q_OBJECT

 public:
  explicit CamGridView(QWidget* parent = nullptr);

  /// The image under every tile (a small composite; may be null).
  void setImage(const QImage& image);
  /// One overlay and one image-level probability per class; empty clears the tiles.
  void setCams(const std::vector<QImage>& overlays, const std::vector<float>& probabilities);
  /// The tile drawn with a frame (the viewer's class).
  void setCurrentClass(int label);
  void setOverlayOpacity(double opacity);
  /// The text shown instead of tiles (e.g. while CAMs are computed).
  void setMessage(const QString& message);

  int tileCount() const { return static_cast<int>(overlays_.size()); }
  int currentClass() const { return current_; }
  /// The tile rectangle of a class in widget pixels (empty when there is none).
  QRect tileRect(int label) const;

 Q_SIGNALS:
  void classActivated(int label);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;

 private:
  int columns() const;

  QImage image_;
  std::vector<QImage> overlays_;
  std::vector<float> probabilities_;
  int current_ = 0;
  double opacity_ = 0.6;
  QString message_;
};

}  // namespace cellcam::ui
