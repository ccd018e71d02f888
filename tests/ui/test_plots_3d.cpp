// Qt Test: the mapping plots (QCustomPlot) and the 3D CAM landscape (VTK in a QOpenGLWidget).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>
#include <vector>

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QMouseEvent>
#include <QOpenGLWidget>
#include <QSurfaceFormat>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/imgproc.hpp>

#include "cellcam/ensemble.h"
#include "cellcam/mapping.h"

#include "cam_surface_view.h"
#include "gui_test_support.h"
#include "mapping_plot_panel.h"
#include "qcustomplot.h"

using cellcam::ui::CamSurfaceView;
using cellcam::ui::MappingPlotPanel;
using cellcam::ui::test::artifactsDir;

namespace {

QByteArray head(const QString& file, int bytes) {
  QFile f(file);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return f.read(bytes);
}

// Fraction of pixels that differ from the view's background colour.
double foregroundFraction(const QImage& image) {
  const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
  const QColor background = QColor::fromRgbF(0.12f, 0.12f, 0.14f);
  long long count = 0;
  for (int y = 0; y < rgb.height(); ++y) {
    const auto* line = reinterpret_cast<const QRgb*>(rgb.constScanLine(y));
    for (int x = 0; x < rgb.width(); ++x) {
      const QRgb p = line[x];
      if (std::abs(qRed(p) - background.red()) > 6 ||
          std::abs(qGreen(p) - background.green()) > 6 ||
          std::abs(qBlue(p) - background.blue()) > 6)
        ++count;
    }
  }
  return rgb.isNull() ? 0.0 : static_cast<double>(count) / (rgb.width() * rgb.height());
}

// Fraction of pixels whose colours differ by more than a little between two pictures.
double differenceFraction(const QImage& a, const QImage& b) {
  if (a.size() != b.size() || a.isNull()) return 1.0;
  const QImage x = a.convertToFormat(QImage::Format_RGB32);
  const QImage y = b.convertToFormat(QImage::Format_RGB32);
  long long count = 0;
  for (int r = 0; r < x.height(); ++r) {
    const auto* lx = reinterpret_cast<const QRgb*>(x.constScanLine(r));
    const auto* ly = reinterpret_cast<const QRgb*>(y.constScanLine(r));
    for (int c = 0; c < x.width(); ++c)
      if (std::abs(qRed(lx[c]) - qRed(ly[c])) + std::abs(qGreen(lx[c]) - qGreen(ly[c])) +
              std::abs(qBlue(lx[c]) - qBlue(ly[c])) >
          30)
        ++count;
  }
  return static_cast<double>(count) / (x.width() * x.height());
}

void sendMouse(QWidget* widget, QEvent::Type type, QPoint pos, Qt::MouseButton button,
               Qt::MouseButtons buttons) {
  QMouseEvent event(type, QPointF(pos), widget->mapToGlobal(QPointF(pos)), button, buttons,
                    Qt::NoModifier);
  QApplication::sendEvent(widget, &event);
}

}  // namespace

class TestPlots3d : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void reliabilityBinsMatchAHandComputation();
  void plotsTheCurveTheSigmoidAndTheTrainingPoints();
  void reliabilityMatchesTheTrainingPoints();
  void exportsPngAndPdf();
  void exportRefusesAnUnknownFormat();
  void missingMappingFileNamesTheFile();
  void surfaceRendersTheCam();
  void dragRotatesAndResetRestores();
  void textureChangesThePicture();
  void largeCamIsDownsampledAndEmptyCamClears();
  void rendersAgainAfterMovingToAnotherWindow();

 private:
  QTemporaryDir tmp_;
  std::filesystem::path modelPath_;
  std::vector<cellcam::MappingPoint> trainingPoints_;
  std::vector<float> trainingPredictions_;
  cv::Mat cam_, labels_;
  QImage texture_;
};

void TestPlots3d::initTestCase() {
  QVERIFY(tmp_.isValid());
  // Synthetic training rows: the probability of target 1 rises with z (a logistic in z).
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> uniformZ(-3.0f, 3.0f);
  std::uniform_real_distribution<float> coin(0.0f, 1.0f);
  std::vector<float> z, targets;
  for (int i = 0; i < 800; ++i) {
    const float v = uniformZ(rng);
    z.push_back(v);
    targets.push_back(coin(rng) < 1.0f / (1.0f + std::exp(-2.5f * v)) ? 1.0f : 0.0f);
  }
  cellcam::GbrMapping mapping;
  mapping.fit(z, targets);
  modelPath_ = std::filesystem::path(tmp_.path().toStdString()) / "fold0" / "model.pt";
  std::filesystem::create_directories(modelPath_.parent_path());
  mapping.save(cellcam::mappingFileFor(modelPath_));
  trainingPoints_ = mapping.trainingPoints();
  QCOMPARE(trainingPoints_.size(), z.size());
  std::vector<float> pointZ;
  for (const auto& p : trainingPoints_) pointZ.push_back(p.z);
  trainingPredictions_ = mapping.predict(pointZ);

  // A CAM with two Gaussian blobs, three cells at twice the CAM's size, a striped composite.
  cam_ = cv::Mat(120, 160, CV_32FC1);
  for (int r = 0; r < cam_.rows; ++r)
    for (int c = 0; c < cam_.cols; ++c)
      cam_.at<float>(r, c) =
          static_cast<float>(std::exp(-(std::pow(c - 55, 2) + std::pow(r - 60, 2)) / 500.0) +
                             0.6 * std::exp(-(std::pow(c - 115, 2) + std::pow(r - 45, 2)) / 250.0));
  labels_ = cv::Mat::zeros(240, 320, CV_32SC1);
  cv::circle(labels_, {110, 120}, 60, cv::Scalar(1), cv::FILLED);
  cv::circle(labels_, {230, 90}, 45, cv::Scalar(2), cv::FILLED);
  cv::rectangle(labels_, cv::Rect(180, 160, 100, 60), cv::Scalar(3), cv::FILLED);
  texture_ = QImage(320, 240, QImage::Format_RGB32);
  for (int y = 0; y < texture_.height(); ++y)
    for (int x = 0; x < texture_.width(); ++x)
      texture_.setPixel(x, y, ((x / 20 + y / 20) % 2) ? qRgb(240, 240, 40) : qRgb(200, 30, 200));
}

void TestPlots3d::reliabilityBinsMatchAHandComputation() {
  // Bin 0: 0.05 (t 0), 0.07 (t 1); bin 1: 0.15 (t 0); bin 9: 0.95 (t 1), 1.0 (t 1).
  const std::vector<float> predicted{0.05f, 0.07f, 0.15f, 0.95f, 1.0f};
  const std::vector<float> targets{0.0f, 1.0f, 0.0f, 1.0f, 1.0f};
  const auto bins = MappingPlotPanel::reliabilityBins(predicted, targets);
  QCOMPARE(bins.size(), size_t(10));
  QCOMPARE(bins[0].count, 2);
  QCOMPARE(bins[0].observed, 0.5);
  QVERIFY(std::abs(bins[0].meanPredicted - 0.06) < 1e-6);
  QCOMPARE(bins[1].count, 1);
  QCOMPARE(bins[1].observed, 0.0);
  QCOMPARE(bins[9].count, 2);
  QCOMPARE(bins[9].observed, 1.0);
  for (int b = 2; b < 9; ++b) QCOMPARE(bins[b].count, 0);
  QCOMPARE(bins[3].lower, 0.3);
  QCOMPARE(bins[3].upper, 0.4);
}

void TestPlots3d::plotsTheCurveTheSigmoidAndTheTrainingPoints() {
  MappingPlotPanel panel;
  panel.setCurveSamples(150);
  QString error;
  QVERIFY2(panel.setModel(QStringLiteral("fold0"), modelPath_, cellcam::MappingConfig{}, &error),
           qPrintable(error));
  QVERIFY(error.isEmpty());
  QVERIFY(panel.message().isEmpty());
  QCOMPARE(panel.curvePointCount(), 150);
  QCOMPARE(panel.scatterPointCount(), static_cast<int>(trainingPoints_.size()));

  auto* plot = panel.findChild<QCustomPlot*>();
  QVERIFY(plot);
  auto* curve = plot->findChild<QCPGraph*>(QStringLiteral("gbrCurve"));
  auto* sigmoid = plot->findChild<QCPGraph*>(QStringLiteral("sigmoidCurve"));
  auto* scatter = plot->findChild<QCPGraph*>(QStringLiteral("trainingPoints"));
  QVERIFY(curve && sigmoid && scatter);
  QCOMPARE(curve->dataCount(), 150);
  QCOMPARE(sigmoid->dataCount(), 150);
  // The curve covers the training points' z range and never decreases (monotone GBR).
  const auto [minZ, maxZ] =
      std::minmax_element(trainingPoints_.begin(), trainingPoints_.end(),
                          [](const auto& a, const auto& b) { return a.z < b.z; });
  QVERIFY(curve->data()->at(0)->key < minZ->z);
  QVERIFY(curve->data()->at(149)->key > maxZ->z);
  for (int i = 1; i < curve->dataCount(); ++i)
    QVERIFY2(curve->data()->at(i)->value >= curve->data()->at(i - 1)->value - 1e-7,
             qPrintable(QStringLiteral("curve decreases at sample %1").arg(i)));
  QVERIFY(curve->data()->at(149)->value > curve->data()->at(0)->value + 0.5);
  // The sigmoid is the seed's: sigmoid(2 (z - 0.2)).
  for (int i = 0; i < sigmoid->dataCount(); i += 37) {
    const double zi = sigmoid->data()->at(i)->key;
    QVERIFY(std::abs(sigmoid->data()->at(i)->value - 1.0 / (1.0 + std::exp(-2.0 * (zi - 0.2)))) <
            1e-5);
  }
  // Scatter: every training point at its z, its target jittered by less than 0.05.
  QVERIFY(scatter->lineStyle() == QCPGraph::lsNone);
  int ones = 0;
  for (int i = 0; i < scatter->dataCount(); ++i) {
    const double v = scatter->data()->at(i)->value;
    QVERIFY(std::abs(v) < 0.05 || std::abs(v - 1.0) < 0.05);
    ones += v > 0.5;
  }
  const long expectedOnes = std::count_if(trainingPoints_.begin(), trainingPoints_.end(),
                                          [](const auto& p) { return p.target > 0.5f; });
  QCOMPARE(ones, static_cast<int>(expectedOnes));
  // A different sample count applies on the next setModel().
  panel.setCurveSamples(40);
  QVERIFY(panel.setModel(QStringLiteral("fold0"), modelPath_, cellcam::MappingConfig{}));
  QCOMPARE(panel.curvePointCount(), 40);
}

void TestPlots3d::reliabilityMatchesTheTrainingPoints() {
  MappingPlotPanel panel;
  QVERIFY(panel.setModel(QStringLiteral("fold0"), modelPath_, cellcam::MappingConfig{}));
  QVERIFY(panel.reliabilityBinCount() > 0);
  // By hand: bin each training point's GBR prediction, average its targets.
  std::vector<int> count(10, 0);
  std::vector<double> ones(10, 0.0);
  for (size_t i = 0; i < trainingPoints_.size(); ++i) {
    const int b = std::min(9, static_cast<int>(trainingPredictions_[i] * 10));
    ++count[b];
    ones[b] += trainingPoints_[i].target;
  }
  const auto& bins = panel.gbrReliability();
  QCOMPARE(bins.size(), size_t(10));
  int nonEmpty = 0;
  for (int b = 0; b < 10; ++b) {
    QCOMPARE(bins[b].count, count[b]);
    if (count[b] == 0) continue;
    ++nonEmpty;
    QVERIFY(std::abs(bins[b].observed - ones[b] / count[b]) < 1e-9);
  }
  QCOMPARE(panel.reliabilityBinCount(), nonEmpty);
  // The sigmoid's bins use sigmoid(2 (z - 0.2)) of the same points.
  std::vector<int> sigmoidCount(10, 0);
  for (const auto& p : trainingPoints_) {
    const double s = 1.0 / (1.0 + std::exp(-2.0 * (p.z - 0.2)));
    ++sigmoidCount[std::min(9, static_cast<int>(s * 10))];
  }
  for (int b = 0; b < 10; ++b) QCOMPARE(panel.sigmoidReliability()[b].count, sigmoidCount[b]);
  // The plotted reliability curve has one point per non-empty bin.
  auto* graph =
      panel.findChild<QCustomPlot*>()->findChild<QCPGraph*>(QStringLiteral("gbrReliability"));
  QVERIFY(graph);
  QCOMPARE(graph->dataCount(), nonEmpty);
}

void TestPlots3d::exportsPngAndPdf() {
  MappingPlotPanel panel;
  panel.resize(1000, 500);
  QVERIFY(panel.setModel(QStringLiteral("fold0"), modelPath_, cellcam::MappingConfig{}));
  const QString png = tmp_.filePath(QStringLiteral("mapping.png"));
  const QString pdf = tmp_.filePath(QStringLiteral("mapping.pdf"));
  QString error;
  QVERIFY2(panel.exportPlot(png, &error), qPrintable(error));
  QVERIFY2(panel.exportPlot(pdf, &error), qPrintable(error));
  QCOMPARE(head(png, 8), QByteArray("\x89PNG\r\n\x1a\n", 8));
  QCOMPARE(head(pdf, 5), QByteArray("%PDF-"));
  QVERIFY(QFileInfo(png).size() > 10000);
  QVERIFY(QFileInfo(pdf).size() > 1000);
  const QImage image(png);
  QCOMPARE(image.size(), QSize(1400, 620));
  // No temporary file is left next to the exports.
  QCOMPARE(QDir(tmp_.path()).entryList({QStringLiteral("mapping*")}, QDir::Files).size(), 2);
  QVERIFY(panel.exportPlot(artifactsDir() + QStringLiteral("/mapping_plot.png"), &error));
}

void TestPlots3d::exportRefusesAnUnknownFormat() {
  MappingPlotPanel panel;
  QString error;
  QVERIFY(!panel.exportPlot(tmp_.filePath(QStringLiteral("empty.png")), &error));
  QVERIFY(error.contains(QStringLiteral("empty.png")));
  QVERIFY(panel.setModel(QStringLiteral("fold0"), modelPath_, cellcam::MappingConfig{}));
  const QString svg = tmp_.filePath(QStringLiteral("plot.svg"));
  QVERIFY(!panel.exportPlot(svg, &error));
  QVERIFY(error.contains(QStringLiteral("plot.svg")));
  QVERIFY(error.contains(QStringLiteral(".pdf")));
  QVERIFY(!QFile::exists(svg));
  const QString noFolder = tmp_.filePath(QStringLiteral("no/such/folder/plot.png"));
  QVERIFY(!panel.exportPlot(noFolder, &error));
  QVERIFY(error.contains(QStringLiteral("plot.png")));
}

void TestPlots3d::missingMappingFileNamesTheFile() {
  MappingPlotPanel panel;
  QVERIFY(panel.setModel(QStringLiteral("fold0"), modelPath_, cellcam::MappingConfig{}));
  const std::filesystem::path other =
      std::filesystem::path(tmp_.path().toStdString()) / "fold1" / "model.pt";
  QString error;
  QVERIFY(!panel.setModel(QStringLiteral("fold1"), other, cellcam::MappingConfig{}, &error));
  const QString expected = QString::fromStdString(cellcam::mappingFileFor(other).string());
  QVERIFY2(error.contains(expected), qPrintable(error));
  QCOMPARE(panel.message(), error);
  QCOMPARE(panel.curvePointCount(), 0);
  QCOMPARE(panel.scatterPointCount(), 0);
  QCOMPARE(panel.reliabilityBinCount(), 0);
  // A file that is not a mapping: the message names it too.
  std::filesystem::create_directories(other.parent_path());
  QFile bad(QString::fromStdString(cellcam::mappingFileFor(other).string()));
  QVERIFY(bad.open(QIODevice::WriteOnly));
  bad.write("{\"format\": \"something else\"}");
  bad.close();
  QVERIFY(!panel.setModel(QStringLiteral("fold1"), other, cellcam::MappingConfig{}, &error));
  QVERIFY2(error.contains(expected), qPrintable(error));
  panel.clear();
  QVERIFY(!panel.message().isEmpty());
}

void TestPlots3d::surfaceRendersTheCam() {
  CamSurfaceView view;
  view.resize(640, 480);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  const QImage empty = view.renderToImage();
  QVERIFY2(!empty.isNull(), "the OpenGL context could not be created");
  empty.save(artifactsDir() + QStringLiteral("/3d_view_empty.png"));
  QVERIFY(foregroundFraction(empty) < 0.05);

  view.setCam(cam_, labels_, texture_);
  QVERIFY(view.hasCam());
  QCOMPARE(view.gridSize(), QSize(160, 120));
  QVERIFY(view.outlineSegmentCount() > 100);
  const QImage image = view.renderToImage();
  QCOMPARE(image.size(), QSize(640, 480) * view.devicePixelRatio());
  // The corners show the background: the picture is VTK's, blitted to the right place.
  for (const QPoint corner : {QPoint(2, 2), QPoint(image.width() - 3, image.height() - 3)}) {
    const QColor c = image.pixelColor(corner);
    QVERIFY2(c.alpha() == 255 && std::abs(c.red() - 31) <= 3 && std::abs(c.blue() - 36) <= 3,
             qPrintable(c.name(QColor::HexArgb)));
  }
  const double fraction = foregroundFraction(image);
  QVERIFY2(fraction > 0.05, qPrintable(QStringLiteral("foreground %1").arg(fraction)));
  // The peak is jet's dark red, the low plain jet's dark blue: both must be on screen.
  bool red = false, blue = false;
  const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
  for (int y = 0; y < rgb.height(); y += 2)
    for (int x = 0; x < rgb.width(); x += 2) {
      const QRgb p = rgb.pixel(x, y);
      red |= qRed(p) > 150 && qGreen(p) < 80 && qBlue(p) < 80;
      blue |= qBlue(p) > 150 && qRed(p) < 80 && qGreen(p) < 80;
    }
  QVERIFY(red);
  QVERIFY(blue);
  QVERIFY(image.save(artifactsDir() + QStringLiteral("/3d_view.png")));

  // Without labels there are no outlines, and the picture changes.
  view.setCam(cam_, cv::Mat(), texture_);
  QCOMPARE(view.outlineSegmentCount(), 0);
  QVERIFY(differenceFraction(view.renderToImage(), image) > 0.002);
  // 16-bit labels work like 32-bit ones.
  cv::Mat labels16;
  labels_.convertTo(labels16, CV_16UC1);
  view.setCam(cam_, labels16, texture_);
  QVERIFY(view.outlineSegmentCount() > 100);
}

void TestPlots3d::dragRotatesAndResetRestores() {
  CamSurfaceView view;
  view.resize(640, 480);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  view.setCam(cam_, labels_, QImage());
  view.resetCamera();
  const QImage before = view.renderToImage();
  QVERIFY(foregroundFraction(before) > 0.05);

  // Input goes to the child that renders.
  auto* gl = view.findChild<QOpenGLWidget*>();
  QVERIFY(gl);
  QCOMPARE(gl->size(), view.size());
  const QPoint start(320, 240);
  sendMouse(gl, QEvent::MouseButtonPress, start, Qt::LeftButton, Qt::LeftButton);
  for (int step = 1; step <= 10; ++step)
    sendMouse(gl, QEvent::MouseMove, start + QPoint(12 * step, 3 * step), Qt::NoButton,
              Qt::LeftButton);
  sendMouse(gl, QEvent::MouseButtonRelease, start + QPoint(120, 30), Qt::LeftButton, Qt::NoButton);
  const QImage rotated = view.renderToImage();
  before.save(artifactsDir() + QStringLiteral("/3d_view_before_drag.png"));
  rotated.save(artifactsDir() + QStringLiteral("/3d_view_rotated.png"));
  const double changed = differenceFraction(before, rotated);
  QVERIFY2(changed > 0.05, qPrintable(QStringLiteral("rotation changed %1").arg(changed)));
  QVERIFY(foregroundFraction(rotated) > 0.05);

  // The wheel zooms: the surface grows on screen.
  QWheelEvent wheel(QPointF(320, 240), gl->mapToGlobal(QPointF(320, 240)), QPoint(), QPoint(0, 120),
                    Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
  QApplication::sendEvent(gl, &wheel);
  QVERIFY(foregroundFraction(view.renderToImage()) > foregroundFraction(rotated));

  view.resetCamera();
  const double restored = differenceFraction(before, view.renderToImage());
  QVERIFY2(restored < 0.01, qPrintable(QStringLiteral("after reset %1 differ").arg(restored)));
}

void TestPlots3d::textureChangesThePicture() {
  CamSurfaceView view;
  view.resize(640, 480);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  view.setCam(cam_, labels_, texture_);
  const QImage jet = view.renderToImage();
  view.setTextureVisible(true);
  QVERIFY(view.textureVisible());
  const QImage textured = view.renderToImage();
  textured.save(artifactsDir() + QStringLiteral("/3d_view_textured.png"));
  const double changed = differenceFraction(jet, textured);
  QVERIFY2(changed > 0.05, qPrintable(QStringLiteral("texture changed %1").arg(changed)));
  // The texture's magenta squares are on screen only with the texture.
  auto magenta = [](const QImage& image) {
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    int n = 0;
    for (int y = 0; y < rgb.height(); y += 2)
      for (int x = 0; x < rgb.width(); x += 2) {
        const QRgb p = rgb.pixel(x, y);
        n += qRed(p) > 100 && qBlue(p) > 100 && qGreen(p) < qRed(p) / 2;
      }
    return n;
  };
  QVERIFY(magenta(textured) > 100);
  QCOMPARE(magenta(jet), 0);
  QTest::keyClick(view.findChild<QOpenGLWidget*>(), Qt::Key_T);
  QVERIFY(!view.textureVisible());
  QVERIFY(differenceFraction(jet, view.renderToImage()) < 0.01);
  // Without a texture image, asking for the texture keeps the jet colours.
  view.setCam(cam_, labels_, QImage());
  view.setTextureVisible(true);
  QVERIFY(differenceFraction(jet, view.renderToImage()) < 0.01);
}

void TestPlots3d::largeCamIsDownsampledAndEmptyCamClears() {
  CamSurfaceView view;
  view.resize(320, 240);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  cv::Mat large;
  cv::resize(cam_, large, cv::Size(1000, 800), 0, 0, cv::INTER_LINEAR);
  large.at<float>(10, 10) = std::numeric_limits<float>::quiet_NaN();
  view.setCam(large, labels_, QImage());
  QCOMPARE(view.gridSize(), QSize(256, 205));
  QVERIFY(foregroundFraction(view.renderToImage()) > 0.05);
  view.setCam(cv::Mat(), cv::Mat(), QImage());
  QVERIFY(!view.hasCam());
  QCOMPARE(view.gridSize(), QSize());
  QVERIFY(foregroundFraction(view.renderToImage()) < 0.05);
  // A colour image is not a CAM: the view clears instead of guessing.
  view.setCam(large, labels_, QImage());
  view.setCam(cv::Mat(50, 50, CV_8UC3, cv::Scalar(1, 2, 3)), labels_, QImage());
  QVERIFY(!view.hasCam());
}

void TestPlots3d::rendersAgainAfterMovingToAnotherWindow() {
  // Docking and undocking moves the view between top-level windows: Qt may give it a new
  // OpenGL context, and VTK must release its resources and start again in the new one.
  QWidget first, second;
  first.resize(400, 300);
  second.resize(500, 400);
  auto* view = new CamSurfaceView(&first);
  view->resize(400, 300);
  first.show();
  QVERIFY(QTest::qWaitForWindowExposed(&first));
  view->setCam(cam_, labels_, texture_);
  QVERIFY(foregroundFraction(view->renderToImage()) > 0.05);
  view->setParent(&second);
  view->resize(500, 400);
  view->show();
  second.show();
  QVERIFY(QTest::qWaitForWindowExposed(&second));
  const QImage moved = view->renderToImage();
  QCOMPARE(moved.size(), QSize(500, 400) * view->devicePixelRatio());
  QVERIFY(foregroundFraction(moved) > 0.05);
  delete view;  // releases VTK's resources while the window still exists
  QVERIFY(second.findChildren<QOpenGLWidget*>().isEmpty());
}

int main(int argc, char** argv) {
  // VTK needs an OpenGL 3.2 core context; all contexts share one format.
  QSurfaceFormat::setDefaultFormat(CamSurfaceView::defaultFormat());
  QApplication app(argc, argv);
  TestPlots3d test;
  return QTest::qExec(&test, argc, argv);
}

#include "test_plots_3d.moc"
