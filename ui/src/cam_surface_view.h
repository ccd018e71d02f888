#pragma once
// The 3D CAM landscape: one class's CAM as a surface warped by intensity (VTK), embedded in
// Qt 6 through QOpenGLWidget and vtkGenericOpenGLRenderWindow.

#include <memory>

#include <QImage>
#include <QSurfaceFormat>
#include <QWidget>
#include <opencv2/core.hpp>

namespace cellcam::ui {

/// Shows a CAM as a height field: the height follows the CAM value from its minimum to its
/// maximum, the colour follows it as in the 2D overlay (jet over [0, max], with a scalar bar), the
/// cell outlines of the label image run on the surface, and the image composite can be draped over
/// it as a texture. Left drag rotates, right drag or the wheel zooms, middle (or shift + left) drag
/// pans, a double click or R resets the camera, T toggles the texture.
///
/// The picture comes from a child QOpenGLWidget (the only child that is one): VTK renders into
/// its own framebuffers with that widget's OpenGL context (it never owns the context) and the
/// result is blitted into QOpenGLWidget::defaultFramebufferObject() in paintGL(). Mouse and key
/// input goes to that child. VTK 9.1 needs OpenGL 3.2 core: the child asks for defaultFormat(),
/// and applications should also call QSurfaceFormat::setDefaultFormat(CamSurfaceView::
/// defaultFormat()) before constructing QApplication so that every context shares one format.
///
/// GUI thread only.
class CamSurfaceView : public QWidget {
  Q_OBJECT

 public:
  /// The largest grid side of the surface; larger CAMs are downsampled (area average).
  static constexpr int kMaxGridSide = 256;

  explicit CamSurfaceView(QWidget* parent = nullptr);
  ~CamSurfaceView() override;

  /// The OpenGL format VTK needs (3.2 core profile, 8-bit RGBA, depth buffer, no multisampling).
  static QSurfaceFormat defaultFormat();

  /// Shows `cam` (single channel, normally CV_32FC1, any size; non-finite values count as 0).
  /// `labels` (CV_32SC1 or CV_16UC1 cell ids, 0 = background, any size, may be empty) gives
  /// the outlines, resized to the CAM grid by nearest neighbour; `texture` (may be null) is
  /// the image composite draped over the surface when the texture is visible. An empty or
  /// multi-channel `cam` clears the view. Keeps the camera while the grid size stays the same
  /// (switching classes of one image), else resets it.
  void setCam(const cv::Mat& cam, const cv::Mat& labels, const QImage& texture);
  /// Drapes the image over the surface (true) or colours it by the CAM (false, the default).
  void setTextureVisible(bool on);
  bool textureVisible() const;
  /// Looks at the whole surface from the front, tilted, with the image's top at the back.
  void resetCamera();
  /// Removes the surface, outlines and texture and shows a hint.
  void clear();
  /// True while a CAM is shown.
  bool hasCam() const;
  /// Side lengths of the surface grid (columns, rows) after downsampling; 0 x 0 when empty.
  QSize gridSize() const;
  /// Line segments of the drawn cell outlines (0 without labels).
  int outlineSegmentCount() const;

  /// Renders now and returns the framebuffer content (tests, screenshots). Null when OpenGL
  /// could not be initialised.
  QImage renderToImage();

 private:
  struct Impl;
  class RenderWidget;

  std::unique_ptr<Impl> impl_;
};

}  // namespace cellcam::ui
