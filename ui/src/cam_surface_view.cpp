#include "cam_surface_view.h"

#include <algorithm>
#include <cmath>

#include <QEnterEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QOpenGLWidget>
#include <QWheelEvent>
#include <opencv2/imgproc.hpp>

#include <vtkActor.h>
#include <vtkCallbackCommand.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCommand.h>
#include <vtkFloatArray.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkImageData.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkLookupTable.h>
#include <vtkNew.h>
#include <vtkOpenGLFramebufferObject.h>
#include <vtkOpenGLState.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkTexture.h>

namespace cellcam::ui {

namespace {

// Height of the highest CAM value, as a fraction of the longer grid side.
constexpr double kHeightFraction = 0.35;
// Largest side of the texture uploaded to the GPU.
constexpr int kMaxTextureSide = 1024;
// Background of the 3D view (dark grey, so the jet colours and white outlines stand out).
constexpr double kBackground[3] = {0.12, 0.12, 0.14};

// The jet colormap of the 2D overlay (OpenCV's COLORMAP_JET), as a VTK lookup table.
void fillJet(vtkLookupTable* lut) {
  cv::Mat ramp(1, 256, CV_8UC1);
  for (int i = 0; i < 256; ++i) ramp.at<uchar>(0, i) = static_cast<uchar>(i);
  cv::Mat bgr;
  cv::applyColorMap(ramp, bgr, cv::COLORMAP_JET);
  lut->SetNumberOfTableValues(256);
  lut->Build();
  for (int i = 0; i < 256; ++i) {
    const cv::Vec3b c = bgr.at<cv::Vec3b>(0, i);
    lut->SetTableValue(i, c[2] / 255.0, c[1] / 255.0, c[0] / 255.0, 1.0);
  }
}

}  // namespace

struct CamSurfaceView::Impl {
  vtkNew<vtkGenericOpenGLRenderWindow> window;
  vtkNew<vtkGenericRenderWindowInteractor> interactor;
  vtkNew<vtkInteractorStyleTrackballCamera> style;
  vtkNew<vtkRenderer> renderer;
  vtkNew<vtkCallbackCommand> windowCallback;

  vtkNew<vtkLookupTable> lut;
  vtkNew<vtkPolyData> surface;
  vtkNew<vtkPolyDataMapper> surfaceMapper;
  vtkNew<vtkActor> surfaceActor;
  vtkNew<vtkPolyData> outlines;
  vtkNew<vtkPolyDataMapper> outlineMapper;
  vtkNew<vtkActor> outlineActor;
  vtkNew<vtkImageData> textureImage;
  vtkNew<vtkTexture> texture;
  vtkNew<vtkScalarBarActor> scalarBar;
  vtkNew<vtkTextActor> hint;

  RenderWidget* gl = nullptr;  ///< The child that renders; owned by the view.
  bool glReady = false;
  bool hasCam = false;
  bool hasTexture = false;
  bool textureVisible = false;
  bool cameraSet = false;
  QSize grid;
  int outlineSegments = 0;

  void applyTexture() {
    const bool on = textureVisible && hasTexture;
    surfaceActor->SetTexture(on ? texture.Get() : nullptr);
    surfaceMapper->SetScalarVisibility(!on);
  }
};

/// The QOpenGLWidget that VTK renders into, and that forwards input to VTK's interactor.
class CamSurfaceView::RenderWidget final : public QOpenGLWidget {
 public:
  RenderWidget(CamSurfaceView* view, Impl* d);
  ~RenderWidget() override;

 protected:
  void initializeGL() override;
  void resizeGL(int w, int h) override;
  void paintGL() override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void enterEvent(QEnterEvent* event) override;
  void leaveEvent(QEvent* event) override;

 private:
  void cleanupGL();
  void updateSize();
  void setEventPosition(const QPointF& pos, Qt::KeyboardModifiers modifiers);
  void forwardMouse(QMouseEvent* event, unsigned long vtkEvent);

  CamSurfaceView* view_;
  Impl* d_;
};

CamSurfaceView::RenderWidget::RenderWidget(CamSurfaceView* view, Impl* d)
    : QOpenGLWidget(view), view_(view), d_(d) {
  setFormat(CamSurfaceView::defaultFormat());
  setFocusPolicy(Qt::StrongFocus);
  // VTK renders with this widget's context: it must neither create nor own one, and it renders
  // only inside paintGL() (ReadyForRendering is set while a context is live).
  d->window->SetReadyForRendering(false);
  d->window->SetOwnContext(0);
  d->window->SetFrameBlitModeToNoBlit();
  d->window->SetForceMaximumHardwareLineWidth(1);
  d->window->SetMultiSamples(0);
  d->windowCallback->SetClientData(this);
  d->windowCallback->SetCallback([](vtkObject*, unsigned long event, void* client, void* call) {
    auto* self = static_cast<RenderWidget*>(client);
    if (event == vtkCommand::WindowMakeCurrentEvent) {
      // QOpenGLWidget::makeCurrent() also binds the widget's framebuffer behind VTK's state
      // cache (VTK would then attach its buffers to Qt's framebuffer): only when needed.
      if (QOpenGLContext::currentContext() != self->context()) self->makeCurrent();
    } else if (event == vtkCommand::WindowIsCurrentEvent) {
      *static_cast<bool*>(call) =
          self->context() != nullptr && QOpenGLContext::currentContext() == self->context();
    }
  });
  d->window->AddObserver(vtkCommand::WindowMakeCurrentEvent, d->windowCallback);
  d->window->AddObserver(vtkCommand::WindowIsCurrentEvent, d->windowCallback);
}

CamSurfaceView::RenderWidget::~RenderWidget() {
  // The base class destroys the context later; this object must not hear about it then.
  if (context()) disconnect(context(), nullptr, this, nullptr);
  cleanupGL();
  d_->window->RemoveObserver(d_->windowCallback);
}

void CamSurfaceView::RenderWidget::initializeGL() {
  connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &RenderWidget::cleanupGL,
          static_cast<Qt::ConnectionType>(Qt::DirectConnection | Qt::UniqueConnection));
  // A new context: VTK (re)loads its OpenGL functions and state for it.
  d_->window->SetReadyForRendering(true);
  d_->window->SetOwnContext(0);
  d_->window->OpenGLInitContext();
  d_->glReady = true;
  updateSize();
}

void CamSurfaceView::RenderWidget::cleanupGL() {
  if (!d_->glReady) return;
  makeCurrent();
  d_->window->ReleaseGraphicsResources(d_->window);
  d_->window->Finalize();
  d_->window->SetReadyForRendering(false);
  d_->glReady = false;
  doneCurrent();
}

void CamSurfaceView::RenderWidget::updateSize() {
  const double dpr = devicePixelRatioF();
  const int w = std::max(1, static_cast<int>(std::lround(width() * dpr)));
  const int h = std::max(1, static_cast<int>(std::lround(height() * dpr)));
  d_->interactor->UpdateSize(w, h);
  d_->window->SetSize(w, h);
  d_->window->SetDPI(static_cast<int>(std::lround(72 * dpr)));
}

void CamSurfaceView::RenderWidget::resizeGL(int, int) { updateSize(); }

void CamSurfaceView::RenderWidget::paintGL() {
  QOpenGLExtraFunctions* f = context()->extraFunctions();
  if (!d_->glReady) {
    f->glClearColor(kBackground[0], kBackground[1], kBackground[2], 1.0f);
    f->glClear(GL_COLOR_BUFFER_BIT);
    return;
  }
  updateSize();
  // Qt and VTK share the context: VTK's state cache re-reads what Qt left (the widget's
  // framebuffer bound, Qt's viewport), VTK renders into its own framebuffers, Qt's state is
  // restored, and VTK's picture is copied into the widget's framebuffer.
  vtkOpenGLState* state = d_->window->GetState();
  state->Reset();
  state->Push();
  d_->window->Render();
  state->Pop();
  if (QOpenGLContext::currentContext() != context()) makeCurrent();

  const int* size = d_->window->GetRenderFramebuffer()->GetLastSize();
  const int w = static_cast<int>(std::lround(width() * devicePixelRatioF()));
  const int h = static_cast<int>(std::lround(height() * devicePixelRatioF()));
  f->glBindFramebuffer(GL_DRAW_FRAMEBUFFER, defaultFramebufferObject());
  const GLenum buffers[1] = {GL_COLOR_ATTACHMENT0};
  f->glDrawBuffers(1, buffers);
  const GLboolean scissor = f->glIsEnabled(GL_SCISSOR_TEST);
  if (scissor) {
    state->vtkglDisable(GL_SCISSOR_TEST);
    f->glDisable(GL_SCISSOR_TEST);
  }
  d_->window->BlitDisplayFramebuffer(0, 0, 0, size[0], size[1], 0, 0, w, h, GL_COLOR_BUFFER_BIT,
                                     GL_LINEAR);
  // An opaque alpha channel, or Qt's compositor blends the picture with what lies behind.
  GLboolean mask[4];
  f->glGetBooleanv(GL_COLOR_WRITEMASK, mask);
  f->glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
  f->glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
  f->glViewport(0, 0, w, h);
  f->glClear(GL_COLOR_BUFFER_BIT);
  f->glColorMask(mask[0], mask[1], mask[2], mask[3]);
  if (scissor) {
    state->vtkglEnable(GL_SCISSOR_TEST);
    f->glEnable(GL_SCISSOR_TEST);
  }
  f->glBindFramebuffer(GL_FRAMEBUFFER, defaultFramebufferObject());
}

void CamSurfaceView::RenderWidget::setEventPosition(const QPointF& pos,
                                                    Qt::KeyboardModifiers modifiers) {
  const double dpr = devicePixelRatioF();
  vtkRenderWindowInteractor* iren = d_->interactor;
  iren->SetEventInformationFlipY(
      static_cast<int>(std::lround(pos.x() * dpr)), static_cast<int>(std::lround(pos.y() * dpr)),
      (modifiers & Qt::ControlModifier) ? 1 : 0, (modifiers & Qt::ShiftModifier) ? 1 : 0);
  iren->SetAltKey((modifiers & Qt::AltModifier) ? 1 : 0);
}

void CamSurfaceView::RenderWidget::forwardMouse(QMouseEvent* event, unsigned long vtkEvent) {
  setEventPosition(event->position(), event->modifiers());
  d_->interactor->InvokeEvent(vtkEvent, event);
  update();
}

void CamSurfaceView::RenderWidget::mousePressEvent(QMouseEvent* event) {
  switch (event->button()) {
    case Qt::LeftButton:
      forwardMouse(event, vtkCommand::LeftButtonPressEvent);
      break;
    case Qt::MiddleButton:
      forwardMouse(event, vtkCommand::MiddleButtonPressEvent);
      break;
    case Qt::RightButton:
      forwardMouse(event, vtkCommand::RightButtonPressEvent);
      break;
    default:
      QOpenGLWidget::mousePressEvent(event);
      return;
  }
  event->accept();
}

void CamSurfaceView::RenderWidget::mouseMoveEvent(QMouseEvent* event) {
  forwardMouse(event, vtkCommand::MouseMoveEvent);
  event->accept();
}

void CamSurfaceView::RenderWidget::mouseReleaseEvent(QMouseEvent* event) {
  switch (event->button()) {
    case Qt::LeftButton:
      forwardMouse(event, vtkCommand::LeftButtonReleaseEvent);
      break;
    case Qt::MiddleButton:
      forwardMouse(event, vtkCommand::MiddleButtonReleaseEvent);
      break;
    case Qt::RightButton:
      forwardMouse(event, vtkCommand::RightButtonReleaseEvent);
      break;
    default:
      QOpenGLWidget::mouseReleaseEvent(event);
      return;
  }
  event->accept();
}

void CamSurfaceView::RenderWidget::mouseDoubleClickEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton) {
    view_->resetCamera();
    event->accept();
    return;
  }
  QOpenGLWidget::mouseDoubleClickEvent(event);
}

void CamSurfaceView::RenderWidget::wheelEvent(QWheelEvent* event) {
  const int delta = event->angleDelta().y();
  if (delta == 0) {
    event->ignore();
    return;
  }
  setEventPosition(event->position(), event->modifiers());
  d_->interactor->InvokeEvent(
      delta > 0 ? vtkCommand::MouseWheelForwardEvent : vtkCommand::MouseWheelBackwardEvent, event);
  update();
  event->accept();
}

void CamSurfaceView::RenderWidget::keyPressEvent(QKeyEvent* event) {
  if (event->modifiers() & ~(Qt::KeypadModifier | Qt::ShiftModifier)) {
    QOpenGLWidget::keyPressEvent(event);
    return;
  }
  switch (event->key()) {
    case Qt::Key_R:
      view_->resetCamera();
      break;
    case Qt::Key_T:
      view_->setTextureVisible(!view_->textureVisible());
      break;
    default:
      QOpenGLWidget::keyPressEvent(event);
      return;
  }
  event->accept();
}

void CamSurfaceView::RenderWidget::enterEvent(QEnterEvent* event) {
  d_->interactor->InvokeEvent(vtkCommand::EnterEvent, event);
  QOpenGLWidget::enterEvent(event);
}

void CamSurfaceView::RenderWidget::leaveEvent(QEvent* event) {
  d_->interactor->InvokeEvent(vtkCommand::LeaveEvent, event);
  QOpenGLWidget::leaveEvent(event);
}

CamSurfaceView::CamSurfaceView(QWidget* parent) : QWidget(parent), impl_(new Impl) {
  impl_->gl = new RenderWidget(this, impl_.get());
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(impl_->gl);
  setFocusProxy(impl_->gl);
  setMinimumSize(240, 200);
  impl_->gl->setToolTip(
      tr("Drag to rotate, right drag or wheel to zoom, middle drag to pan; "
         "double click or R resets the view, T toggles the image texture."));

  Impl& d = *impl_;
  d.window->AddRenderer(d.renderer);

  // The interactor never renders by itself: camera changes schedule a repaint instead.
  d.interactor->SetRenderWindow(d.window);
  d.interactor->SetInteractorStyle(d.style);
  d.interactor->SetEnableRender(false);
  d.interactor->Initialize();

  d.renderer->SetBackground(kBackground[0], kBackground[1], kBackground[2]);
  d.renderer->SetBackground2(kBackground[0], kBackground[1], kBackground[2]);
  d.renderer->GradientBackgroundOff();

  fillJet(d.lut);
  d.surfaceMapper->SetInputData(d.surface);
  d.surfaceMapper->SetLookupTable(d.lut);
  d.surfaceMapper->SetScalarModeToUsePointData();
  d.surfaceMapper->UseLookupTableScalarRangeOff();
  d.surfaceMapper->InterpolateScalarsBeforeMappingOn();
  d.surfaceActor->SetMapper(d.surfaceMapper);
  d.surfaceActor->GetProperty()->SetColor(1.0, 1.0, 1.0);
  d.surfaceActor->GetProperty()->SetAmbient(0.25);
  d.surfaceActor->GetProperty()->SetDiffuse(0.8);
  d.surfaceActor->GetProperty()->SetSpecular(0.1);
  d.renderer->AddActor(d.surfaceActor);

  d.outlineMapper->SetInputData(d.outlines);
  d.outlineMapper->ScalarVisibilityOff();
  d.outlineActor->SetMapper(d.outlineMapper);
  d.outlineActor->GetProperty()->SetColor(1.0, 1.0, 1.0);
  d.outlineActor->GetProperty()->SetLineWidth(1.5f);
  d.outlineActor->GetProperty()->LightingOff();
  d.renderer->AddActor(d.outlineActor);

  d.texture->SetInputData(d.textureImage);
  d.texture->InterpolateOn();
  d.texture->RepeatOff();
  d.texture->EdgeClampOn();

  d.scalarBar->SetLookupTable(d.lut);
  d.scalarBar->SetTitle(tr("CAM").toUtf8().constData());
  d.scalarBar->SetNumberOfLabels(5);
  d.scalarBar->SetLabelFormat("%.3g");
  d.scalarBar->UnconstrainedFontSizeOn();
  d.scalarBar->GetTitleTextProperty()->SetFontSize(14);
  d.scalarBar->GetTitleTextProperty()->ItalicOff();
  d.scalarBar->GetLabelTextProperty()->SetFontSize(11);
  d.scalarBar->GetLabelTextProperty()->ItalicOff();
  d.scalarBar->GetLabelTextProperty()->BoldOff();
  d.scalarBar->SetPosition(0.9, 0.1);
  d.scalarBar->SetWidth(0.09);
  d.scalarBar->SetHeight(0.8);
  d.scalarBar->SetBarRatio(0.3);
  d.renderer->AddViewProp(d.scalarBar);

  d.hint->GetTextProperty()->SetFontSize(14);
  d.hint->GetTextProperty()->SetColor(0.8, 0.8, 0.8);
  d.hint->SetPosition(12, 12);
  d.renderer->AddViewProp(d.hint);

  clear();
}

CamSurfaceView::~CamSurfaceView() {
  // The render widget uses impl_: delete it while impl_ still exists.
  delete impl_->gl;
  impl_->gl = nullptr;
}

QSurfaceFormat CamSurfaceView::defaultFormat() {
  QSurfaceFormat format;
  format.setRenderableType(QSurfaceFormat::OpenGL);
  format.setVersion(3, 2);
  format.setProfile(QSurfaceFormat::CoreProfile);
  format.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
  format.setRedBufferSize(8);
  format.setGreenBufferSize(8);
  format.setBlueBufferSize(8);
  format.setAlphaBufferSize(8);
  format.setDepthBufferSize(24);
  format.setStencilBufferSize(0);
  format.setSamples(0);
  return format;
}

void CamSurfaceView::setCam(const cv::Mat& cam, const cv::Mat& labels, const QImage& texture) {
  if (cam.empty() || cam.channels() != 1) {
    clear();
    return;
  }
  Impl& d = *impl_;

  // The CAM on a grid of at most kMaxGridSide per side, finite.
  cv::Mat values;
  cam.convertTo(values, CV_32F);
  for (int r = 0; r < values.rows; ++r) {
    float* row = values.ptr<float>(r);
    for (int c = 0; c < values.cols; ++c)
      if (!std::isfinite(row[c])) row[c] = 0.0f;
  }
  const int longSide = std::max(values.cols, values.rows);
  if (longSide > kMaxGridSide) {
    const double scale = static_cast<double>(kMaxGridSide) / longSide;
    const cv::Size size(std::max(2, static_cast<int>(std::lround(values.cols * scale))),
                        std::max(2, static_cast<int>(std::lround(values.rows * scale))));
    cv::resize(values, values, size, 0, 0, cv::INTER_AREA);
  }
  if (values.cols < 2 || values.rows < 2)
    cv::resize(values, values, cv::Size(std::max(2, values.cols), std::max(2, values.rows)), 0, 0,
               cv::INTER_NEAREST);
  const int cols = values.cols, rows = values.rows;
  double lo = 0, hi = 0;
  cv::minMaxLoc(values, &lo, &hi);
  const double range = hi > lo ? hi - lo : 1.0;
  const double heightScale = kHeightFraction * std::max(cols, rows);
  cv::Mat height = (values - lo) * (heightScale / range);  // CV_32F, row-major

  // Surface: one point per grid node at (column, flipped row, height), two triangles per cell.
  vtkNew<vtkPoints> points;
  points->SetDataTypeToFloat();
  points->SetNumberOfPoints(static_cast<vtkIdType>(cols) * rows);
  vtkNew<vtkFloatArray> scalars;
  scalars->SetName("CAM");
  scalars->SetNumberOfTuples(static_cast<vtkIdType>(cols) * rows);
  vtkNew<vtkFloatArray> normals;
  normals->SetNumberOfComponents(3);
  normals->SetNumberOfTuples(static_cast<vtkIdType>(cols) * rows);
  vtkNew<vtkFloatArray> tcoords;
  tcoords->SetNumberOfComponents(2);
  tcoords->SetNumberOfTuples(static_cast<vtkIdType>(cols) * rows);
  auto heightAt = [&](int r, int c) {
    return height.at<float>(std::clamp(r, 0, rows - 1), std::clamp(c, 0, cols - 1));
  };
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      const vtkIdType id = static_cast<vtkIdType>(r) * cols + c;
      const double y = rows - 1 - r;
      points->SetPoint(id, c, y, heightAt(r, c));
      scalars->SetValue(id, values.at<float>(r, c));
      // Normal of the height field; +y runs against the row index.
      const double dzdx = 0.5 * (heightAt(r, c + 1) - heightAt(r, c - 1));
      const double dzdy = -0.5 * (heightAt(r + 1, c) - heightAt(r - 1, c));
      const double norm = std::sqrt(dzdx * dzdx + dzdy * dzdy + 1.0);
      normals->SetTuple3(id, -dzdx / norm, -dzdy / norm, 1.0 / norm);
      tcoords->SetTuple2(id, static_cast<double>(c) / (cols - 1), y / (rows - 1));
    }
  }
  vtkNew<vtkCellArray> triangles;
  triangles->AllocateEstimate(2 * static_cast<vtkIdType>(cols - 1) * (rows - 1), 3);
  for (int r = 0; r + 1 < rows; ++r) {
    for (int c = 0; c + 1 < cols; ++c) {
      const vtkIdType a = static_cast<vtkIdType>(r) * cols + c, b = a + 1, e = a + cols, g = e + 1;
      const vtkIdType first[3] = {a, e, b};
      const vtkIdType second[3] = {b, e, g};
      triangles->InsertNextCell(3, first);
      triangles->InsertNextCell(3, second);
    }
  }
  d.surface->Initialize();
  d.surface->SetPoints(points);
  d.surface->SetPolys(triangles);
  d.surface->GetPointData()->SetScalars(scalars);
  d.surface->GetPointData()->SetNormals(normals);
  d.surface->GetPointData()->SetTCoords(tcoords);
  d.surface->Modified();
  // Colours as in the 2D overlay (image_analysis.cpp): jet over [0, max], lower values blue.
  const double colourLo = hi > 0.0 ? 0.0 : lo;
  const double colourHi = hi > colourLo ? hi : colourLo + 1.0;
  d.surfaceMapper->SetScalarRange(colourLo, colourHi);
  d.lut->SetTableRange(colourLo, colourHi);
  // Labels with two decimals unless the values are tiny (3 significant digits then).
  d.scalarBar->SetLabelFormat(std::max(std::abs(colourLo), std::abs(colourHi)) >= 0.1 ? "%.2f"
                                                                                      : "%.3g");

  // Outlines: a segment along every grid edge between two different labels (one of them a
  // cell), at the highest neighbouring height plus a small lift so it stays visible.
  vtkNew<vtkPoints> linePoints;
  vtkNew<vtkCellArray> lines;
  d.outlineSegments = 0;
  if (!labels.empty() && labels.channels() == 1) {
    cv::Mat ids;
    labels.convertTo(ids, CV_32S);
    if (ids.size() != values.size()) cv::resize(ids, ids, values.size(), 0, 0, cv::INTER_NEAREST);
    const double lift = 0.01 * heightScale + 0.3;
    // Height at the corner between nodes (r, c), (r, c+1), (r+1, c), (r+1, c+1).
    auto cornerHeight = [&](int r, int c) {
      return std::max(std::max(heightAt(r, c), heightAt(r, c + 1)),
                      std::max(heightAt(r + 1, c), heightAt(r + 1, c + 1))) +
             lift;
    };
    auto addSegment = [&](double x0, double r0, double z0, double x1, double r1, double z1) {
      const vtkIdType p0 = linePoints->InsertNextPoint(x0, rows - 1 - r0, z0);
      const vtkIdType p1 = linePoints->InsertNextPoint(x1, rows - 1 - r1, z1);
      const vtkIdType segment[2] = {p0, p1};
      lines->InsertNextCell(2, segment);
      ++d.outlineSegments;
    };
    for (int r = 0; r < rows; ++r) {
      for (int c = 0; c < cols; ++c) {
        const int here = ids.at<int>(r, c);
        // Edge to the right neighbour: a vertical segment at x = c + 0.5.
        if (c + 1 < cols) {
          const int right = ids.at<int>(r, c + 1);
          if (right != here && (right > 0 || here > 0)) {
            const double r0 = std::max(r - 0.5, 0.0), r1 = std::min(r + 0.5, rows - 1.0);
            addSegment(c + 0.5, r0, cornerHeight(r - 1, c), c + 0.5, r1, cornerHeight(r, c));
          }
        }
        // Edge to the neighbour below: a horizontal segment at row r + 0.5.
        if (r + 1 < rows) {
          const int below = ids.at<int>(r + 1, c);
          if (below != here && (below > 0 || here > 0)) {
            const double c0 = std::max(c - 0.5, 0.0), c1 = std::min(c + 0.5, cols - 1.0);
            addSegment(c0, r + 0.5, cornerHeight(r, c - 1), c1, r + 0.5, cornerHeight(r, c));
          }
        }
      }
    }
  }
  d.outlines->Initialize();
  d.outlines->SetPoints(linePoints);
  d.outlines->SetLines(lines);
  d.outlines->Modified();

  // Texture: the composite, at most kMaxTextureSide per side, rows bottom-up as VTK expects.
  d.hasTexture = !texture.isNull();
  if (d.hasTexture) {
    QImage rgb = texture.convertToFormat(QImage::Format_RGB888);
    if (std::max(rgb.width(), rgb.height()) > kMaxTextureSide)
      rgb = rgb.scaled(kMaxTextureSide, kMaxTextureSide, Qt::KeepAspectRatio,
                       Qt::SmoothTransformation);
    d.textureImage->SetDimensions(rgb.width(), rgb.height(), 1);
    d.textureImage->AllocateScalars(VTK_UNSIGNED_CHAR, 3);
    auto* out = static_cast<unsigned char*>(d.textureImage->GetScalarPointer());
    const size_t rowBytes = static_cast<size_t>(rgb.width()) * 3;
    for (int y = 0; y < rgb.height(); ++y)
      std::copy_n(rgb.constScanLine(rgb.height() - 1 - y), rowBytes, out + y * rowBytes);
    d.textureImage->Modified();
  }
  d.applyTexture();

  const bool newGrid = d.grid != QSize(cols, rows);
  d.grid = QSize(cols, rows);
  d.hasCam = true;
  d.surfaceActor->VisibilityOn();
  d.outlineActor->SetVisibility(d.outlineSegments > 0);
  d.scalarBar->VisibilityOn();
  d.hint->VisibilityOff();
  if (!d.cameraSet || newGrid) resetCamera();
  if (impl_->gl) impl_->gl->update();
}

void CamSurfaceView::setTextureVisible(bool on) {
  impl_->textureVisible = on;
  impl_->applyTexture();
  if (impl_->gl) impl_->gl->update();
}

bool CamSurfaceView::textureVisible() const { return impl_->textureVisible; }

void CamSurfaceView::resetCamera() {
  Impl& d = *impl_;
  vtkCamera* camera = d.renderer->GetActiveCamera();
  const double cx = d.hasCam ? 0.5 * (d.grid.width() - 1) : 0.0;
  const double cy = d.hasCam ? 0.5 * (d.grid.height() - 1) : 0.0;
  camera->SetFocalPoint(cx, cy, 0.0);
  camera->SetPosition(cx, cy, 1.0);
  camera->SetViewUp(0.0, 1.0, 0.0);
  // Tilt back so that the image's bottom edge is nearest and the peaks stand up.
  camera->Elevation(-55.0);
  camera->OrthogonalizeViewUp();
  d.renderer->ResetCamera();
  camera->Zoom(1.2);
  d.renderer->ResetCameraClippingRange();
  d.cameraSet = d.hasCam;
  if (impl_->gl) impl_->gl->update();
}

void CamSurfaceView::clear() {
  Impl& d = *impl_;
  d.hasCam = false;
  d.hasTexture = false;
  d.grid = QSize();
  d.outlineSegments = 0;
  d.surface->Initialize();
  d.outlines->Initialize();
  d.surfaceActor->VisibilityOff();
  d.outlineActor->VisibilityOff();
  d.scalarBar->VisibilityOff();
  d.applyTexture();
  d.hint->SetInput(
      tr("Choose an image and a class to see its CAM as a landscape.").toUtf8().constData());
  d.hint->VisibilityOn();
  d.cameraSet = false;
  if (impl_->gl) impl_->gl->update();
}

bool CamSurfaceView::hasCam() const { return impl_->hasCam; }
QSize CamSurfaceView::gridSize() const { return impl_->grid; }
int CamSurfaceView::outlineSegmentCount() const { return impl_->outlineSegments; }

QImage CamSurfaceView::renderToImage() {
  // grabFramebuffer() initialises the context if needed, calls paintGL() and reads back.
  return impl_->gl->grabFramebuffer();
}

}  // namespace cellcam::ui
