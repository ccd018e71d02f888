// Qt Test: the inspection workspace (viewer, CAM overlays, cells, grid, docks) on a small
// synthetic dataset with a random ResNet-18 CAM model saved by the test.
#include <chrono>
#include <cmath>
#include <filesystem>

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStatusBar>
#include <QSurfaceFormat>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <QWheelEvent>
#include <QtTest>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "cellcam/cam_model.h"
#include "cellcam/classes.h"
#include "cellcam/ensemble.h"
#include "cellcam/error.h"
#include "cellcam/mapping.h"
#include "cellcam/runtime.h"
#include "cellcam/submission.h"
#include "cellcam/synth.h"

#include "cam_grid_view.h"
#include "cam_surface_view.h"
#include "cell_panel.h"
#include "cell_table_model.h"
#include "channel_composite.h"
#include "channel_panel.h"
#include "dataset_model.h"
#include "dataset_panel.h"
#include "gui_test_support.h"
#include "image_analysis.h"
#include "image_viewer.h"
#include "job_manager.h"
#include "jobs_panel.h"
#include "main_window.h"
#include "mapping_plot_panel.h"
#include "training_monitor.h"

using namespace cellcam::ui;

namespace {

using cellcam::ui::test::interiorPixel;

int differingPixels(const QImage& a, const QImage& b) {
  if (a.size() != b.size()) return a.width() * a.height();
  const QImage x = a.convertToFormat(QImage::Format_RGB32),
               y = b.convertToFormat(QImage::Format_RGB32);
  int n = 0;
  for (int r = 0; r < x.height(); ++r)
    for (int c = 0; c < x.width(); ++c) n += x.pixel(c, r) != y.pixel(c, r);
  return n;
}

}  // namespace

class TestWorkspace : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void cleanupTestCase();
  void computesCamsOnAWorkerWithABusyState();
  void fastCamsAreBf16AndCloseToFp32();
  void switchingTheClassChangesTheOverlay();
  void gridShowsEveryClass();
  void clickingACellSelectsItsRowsAndBack();
  void hoverShowsTheCellsTopClasses();
  void wheelZoomKeepsThePointUnderTheCursor();
  void dragPansAndShortcutsFitAndZoom();
  void nextImageKeepsAZoomedView();
  void channelTogglesChangeTheComposite();
  void overlayAlphaRisesWithIntensity();
  void surfaceAndPlotsFollowTheModel();
  void rapidImageSwitchingStaysResponsive();
  void tilePyramidRendersOnlyVisibleTiles();
  void cellOutlinesOfALargeLabelImage();
  void badModelFilesAreReportedAndTheModelStays();
  void submissionGivesPredictedLabels();
  void layoutIsSavedAndRestored();
  void savesAScreenshot();

 private:
  QTemporaryDir tmp_;
  QString data_;
  QString modelFile_;
  MainWindow* window_ = nullptr;
};

void TestWorkspace::initTestCase() {
  QVERIFY(tmp_.isValid());
  QSettings().clear();
  data_ = tmp_.filePath(QStringLiteral("demo"));
  cellcam::ui::test::writeSynthData(data_.toStdString(), 4, 2, 256, 11);
  modelFile_ = tmp_.filePath(QStringLiteral("model.pt"));
  cellcam::ui::test::saveRandomModel(modelFile_.toStdString(), 128);
  // A GBR mapping next to the model (probability rising with z), as fit-mapping writes it.
  std::vector<float> z, target;
  cv::RNG rng(3);
  for (int i = 0; i < 600; ++i) {
    const float v = static_cast<float>(rng.uniform(-3.0, 3.0));
    z.push_back(v);
    target.push_back(rng.uniform(0.0, 1.0) < 1.0 / (1.0 + std::exp(-2.0 * v)) ? 1.0f : 0.0f);
  }
  cellcam::GbrConfig gbr;
  gbr.rounds = 20;
  cellcam::GbrMapping mapping(gbr);
  mapping.fit(z, target);
  mapping.save(cellcam::mappingFileFor(modelFile_.toStdString()));

  window_ = new MainWindow;
  window_->analysis()->setTestTimeAugmentation(false);  // one view: a fast test
  window_->resize(1400, 900);
  window_->show();
  QVERIFY(QTest::qWaitForWindowExposed(window_));
}

void TestWorkspace::cleanupTestCase() {
  delete window_;
  window_ = nullptr;
}

void TestWorkspace::computesCamsOnAWorkerWithABusyState() {
  QThread* camsArrivedOn = nullptr;
  connect(
      window_->analysis(), &ImageAnalysis::camsReady, this,
      [&camsArrivedOn]() { camsArrivedOn = QThread::currentThread(); }, Qt::DirectConnection);
  QSignalSpy busy(window_->analysis(), &ImageAnalysis::busyChanged);
  QVERIFY(window_->openDataset(data_, false));
  QVERIFY(window_->openModel(modelFile_, false));
  QTRY_VERIFY_WITH_TIMEOUT(window_->analysis()->cellTable() != nullptr, 60000);
  QCOMPARE(camsArrivedOn, qApp->thread());
  bool sawCamBusy = false;
  for (const auto& args : busy) sawCamBusy |= args.at(0).toString().contains(QLatin1String("CAM"));
  QVERIFY(sawCamBusy);
  QTRY_VERIFY(window_->busyText().isEmpty());
  QVERIFY(window_->viewer()->busyText().isEmpty());

  const auto cams = window_->analysis()->cams();
  QCOMPARE(static_cast<int>(cams->cams.size()), cellcam::kNumClasses);
  QCOMPARE(static_cast<int>(cams->overlays.size()), cellcam::kNumClasses);
  QVERIFY(cams->maxValue > 0);
  QCOMPARE(window_->viewer()->state(), ImageViewer::State::Shown);
  QCOMPARE(window_->viewer()->imageSize(), QSize(256, 256));
  QVERIFY(!window_->viewer()->overlay().isNull());
  // The predicted-labels column of the shown image is filled from the image probabilities.
  const QModelIndex current = window_->datasetPanel()->view()->currentIndex();
  const int row = window_->datasetPanel()->filter()->mapToSource(current).row();
  QVERIFY(window_->datasetModel()->hasPrediction(row));
  QVERIFY(!window_->datasetModel()
               ->index(row, DatasetModel::PredictedColumn)
               .data()
               .toString()
               .isEmpty());
  // The cell table: cells x classes rows; the mapping file gives XGBoost values and the final
  // probability is their blend with the sigmoid.
  const auto table = window_->analysis()->cellTable();
  QVERIFY(!table->cellIds.empty());
  QCOMPARE(window_->cellPanel()->model()->rowCount(),
           static_cast<int>(table->cellIds.size()) * cellcam::kNumClasses);
  QCOMPARE(table->gbr.size(), table->sigmoid.size());
  for (std::size_t i = 0; i < table->final.size(); ++i)
    QVERIFY(std::abs(table->final[i] - 0.5f * (table->sigmoid[i] + table->gbr[i])) < 1e-5f);
}

void TestWorkspace::fastCamsAreBf16AndCloseToFp32() {
  QTRY_VERIFY_WITH_TIMEOUT(window_->analysis()->cellTable() != nullptr, 60000);
  QAction* fast = window_->bf16Action();
  QVERIFY(!fast->isChecked());  // fp32 unless chosen: the values cellcam predict gives
  QCOMPARE(window_->analysis()->precision(), QStringLiteral("fp32"));
  if (!cellcam::cpuHasBf16()) {
    QVERIFY(!fast->isEnabled());
    return;
  }
  QVERIFY(fast->isEnabled());
  const auto fp32 = window_->analysis()->cams();
  fast->setChecked(true);
  QVERIFY(QSettings().value(QStringLiteral("cams/bf16")).toBool());
  QCOMPARE(window_->analysis()->precision(), QStringLiteral("bf16"));
  QTRY_VERIFY_WITH_TIMEOUT(window_->analysis()->cellTable() != nullptr, 60000);
  const auto bf16 = window_->analysis()->cams();
  QVERIFY(bf16 != nullptr && bf16 != fp32);
  // The same CAMs in bf16: relative L2 error of all classes together (measured 0.003-0.007 on
  // random models in core.ComputeCams.Bf16IsCloseToFp32), and not the fp32 CAMs again.
  double diff2 = 0, norm2 = 0;
  for (int c = 0; c < cellcam::kNumClasses; ++c) {
    diff2 += std::pow(cv::norm(fp32->cams[c], bf16->cams[c], cv::NORM_L2), 2);
    norm2 += std::pow(cv::norm(fp32->cams[c], cv::NORM_L2), 2);
  }
  const double relative = std::sqrt(diff2 / norm2);
  QVERIFY2(relative < 0.02 && relative > 5e-4, qPrintable(QString::number(relative)));
  // Back to fp32: the cached fp32 CAMs return at once.
  fast->setChecked(false);
  QVERIFY(window_->analysis()->cams() == fp32);
  QVERIFY(!QSettings().value(QStringLiteral("cams/bf16")).toBool());
  QVERIFY_EXCEPTION_THROWN(window_->analysis()->setPrecision(QStringLiteral("fp16")),
                           cellcam::Error);
  QTRY_VERIFY_WITH_TIMEOUT(window_->analysis()->cellTable() != nullptr, 60000);
}

void TestWorkspace::switchingTheClassChangesTheOverlay() {
  QTRY_VERIFY_WITH_TIMEOUT(window_->analysis()->cams() != nullptr, 60000);
  const auto cams = window_->analysis()->cams();
  // Classes whose CAM has positive values (a random model may leave a class all <= 0, whose
  // overlay is fully transparent).
  std::vector<int> shown;
  for (int c = 0; c < cellcam::kNumClasses; ++c)
    if (cams->maxValues[static_cast<std::size_t>(c)] > 0) shown.push_back(c);
  QVERIFY(shown.size() >= 2);
  window_->centralTabs()->setCurrentWidget(window_->viewer());
  window_->classChooser()->setCurrentIndex(shown[0]);
  QCoreApplication::processEvents();
  const QImage first = window_->viewer()->overlay();
  const QImage shotFirst = window_->viewer()->grab().toImage();
  window_->classChooser()->setCurrentIndex(shown[1]);
  QVERIFY(first != window_->viewer()->overlay());
  QVERIFY(window_->viewer()->overlay() == cams->overlays[static_cast<std::size_t>(shown[1])]);
  QCOMPARE(window_->viewer()->overlayMaximum(),
           double(cams->maxValues[static_cast<std::size_t>(shown[1])]));
  QVERIFY(differingPixels(shotFirst, window_->viewer()->grab().toImage()) > 0);

  // ']' and '[' are the next/previous class shortcuts.
  QApplication::setActiveWindow(window_);  // shortcuts fire in the active window only
  QTRY_VERIFY(window_->isActiveWindow());
  window_->classChooser()->setCurrentIndex(0);
  QTest::keyClick(window_, Qt::Key_BracketRight);
  QCOMPARE(window_->currentClass(), 1);
  QVERIFY(window_->viewer()->overlay() == cams->overlays[1]);
  QTest::keyClick(window_, Qt::Key_BracketLeft);
  QTest::keyClick(window_, Qt::Key_BracketLeft);
  QCOMPARE(window_->currentClass(), cellcam::kNumClasses - 1);

  // The overlay toggle ('O') and the opacity slider change what is drawn.
  window_->classChooser()->setCurrentIndex(shown[0]);
  window_->opacitySlider()->setValue(100);
  QCOMPARE(window_->viewer()->overlayOpacity(), 1.0);
  const QImage opaque = window_->viewer()->grab().toImage();
  QTest::keyClick(window_, Qt::Key_O);
  QVERIFY(!window_->viewer()->overlayVisible());
  QVERIFY(differingPixels(opaque, window_->viewer()->grab().toImage()) > 0);
  QTest::keyClick(window_, Qt::Key_O);
  QVERIFY(window_->viewer()->overlayVisible());
  window_->opacitySlider()->setValue(60);
}

void TestWorkspace::gridShowsEveryClass() {
  QTRY_VERIFY_WITH_TIMEOUT(window_->analysis()->cams() != nullptr, 60000);
  window_->centralTabs()->setCurrentWidget(window_->camGrid());
  QCOMPARE(window_->camGrid()->tileCount(), cellcam::kNumClasses);
  QVERIFY(!window_->camGrid()->tileRect(18).isEmpty());
  QVERIFY(!window_->camGrid()->tileRect(0).intersects(window_->camGrid()->tileRect(1)));
  QTest::mouseClick(window_->camGrid(), Qt::LeftButton, {},
                    window_->camGrid()->tileRect(7).center());
  QCOMPARE(window_->currentClass(), 7);
  QVERIFY(window_->viewer()->overlay() == window_->analysis()->cams()->overlays[7]);
  window_->centralTabs()->setCurrentWidget(window_->viewer());
}

void TestWorkspace::clickingACellSelectsItsRowsAndBack() {
  QTRY_VERIFY_WITH_TIMEOUT(window_->analysis()->cellTable() != nullptr, 60000);
  ImageViewer* viewer = window_->viewer();
  window_->centralTabs()->setCurrentWidget(viewer);
  viewer->fitToWindow();
  const auto cells = viewer->cells();
  QVERIFY(cells && cells->cells.size() >= 2);
  const int id = cells->cells[0].id;
  const QPoint pixel = interiorPixel(cells->labels, id);
  QVERIFY(pixel.x() >= 0);
  const QPoint at = viewer->imageToWidget(QPointF(pixel) + QPointF(0.5, 0.5)).toPoint();
  QTest::mouseClick(viewer, Qt::LeftButton, {}, at);
  QCOMPARE(viewer->selectedCell(), id);
  const QSet<int> selected = window_->cellPanel()->selectedCellIds();
  QCOMPARE(selected, QSet<int>{id});
  QCOMPARE(window_->cellPanel()->view()->selectionModel()->selectedRows().size(),
           cellcam::kNumClasses);

  // Back: selecting a row of another cell in the table highlights that cell in the viewer.
  const int other = cells->cells[1].id;
  CellFilterModel* filter = window_->cellPanel()->filter();
  QModelIndex otherRow;
  for (int r = 0; r < filter->rowCount() && !otherRow.isValid(); ++r)
    if (filter->index(r, 0).data(CellTableModel::CellIdRole).toInt() == other)
      otherRow = filter->index(r, CellTableModel::FinalColumn);
  QVERIFY(otherRow.isValid());
  QTest::mouseClick(window_->cellPanel()->view()->viewport(), Qt::LeftButton, {},
                    window_->cellPanel()->view()->visualRect(otherRow).center());
  QCOMPARE(viewer->selectedCell(), other);

  // A click on the background clears the selection.
  QPoint background(-1, -1);
  for (int y = 0; y < cells->labels.rows && background.x() < 0; ++y)
    for (int x = 0; x < cells->labels.cols; ++x)
      if (cells->labels.at<int>(y, x) == 0) {
        background = QPoint(x, y);
        break;
      }
  QTest::mouseClick(viewer, Qt::LeftButton, {},
                    viewer->imageToWidget(QPointF(background) + QPointF(0.5, 0.5)).toPoint());
  QCOMPARE(viewer->selectedCell(), 0);
  QVERIFY(window_->cellPanel()->selectedCellIds().isEmpty());
}

void TestWorkspace::hoverShowsTheCellsTopClasses() {
  QTRY_VERIFY_WITH_TIMEOUT(window_->analysis()->cellTable() != nullptr, 60000);
  ImageViewer* viewer = window_->viewer();
  const auto cells = viewer->cells();
  const auto table = window_->analysis()->cellTable();
  const int id = cells->cells[0].id;
  const QPoint pixel = interiorPixel(cells->labels, id);
  QTest::mouseMove(viewer, QPoint(1, 1));
  QTest::mouseMove(viewer, viewer->imageToWidget(QPointF(pixel) + QPointF(0.5, 0.5)).toPoint());
  QTRY_COMPARE(viewer->hoveredCell(), id);
  const QString status = window_->statusBar()->currentMessage();
  QVERIFY2(status.contains(QStringLiteral("Cell %1").arg(id)), qPrintable(status));
  const int best = table->topClasses(table->rowOf(id), 1).front();
  const auto name = cellcam::className(best);
  QVERIFY2(status.contains(QString::fromUtf8(name.data(), static_cast<int>(name.size()))),
           qPrintable(status));
}

void TestWorkspace::wheelZoomKeepsThePointUnderTheCursor() {
  ImageViewer* viewer = window_->viewer();
  window_->centralTabs()->setCurrentWidget(viewer);
  viewer->fitToWindow();
  for (const QPointF pos :
       {QPointF(137, 91), QPointF(viewer->width() - 40, viewer->height() - 30)}) {
    const QPointF before = viewer->widgetToImage(pos);
    const double scale = viewer->scale();
    QWheelEvent wheel(pos, viewer->mapToGlobal(pos), QPoint(), QPoint(0, 240), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(viewer, &wheel);
    QVERIFY(std::abs(viewer->scale() - scale * 1.25 * 1.25) < 1e-9);
    const QPointF after = viewer->widgetToImage(pos);
    QVERIFY(std::abs(after.x() - before.x()) < 1e-9 && std::abs(after.y() - before.y()) < 1e-9);
    QWheelEvent back(pos, viewer->mapToGlobal(pos), QPoint(), QPoint(0, -240), Qt::NoButton,
                     Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(viewer, &back);
    QVERIFY(std::abs(viewer->scale() - scale) < 1e-9);
    QVERIFY((viewer->widgetToImage(pos) - before).manhattanLength() < 1e-9);
  }
}

void TestWorkspace::dragPansAndShortcutsFitAndZoom() {
  // Help > Keyboard Shortcuts lists the common actions.
  const QString keys = window_->shortcutSummary();
  for (const char* action :
       {"Open Dataset", "Open Model", "Next Image", "Previous Image", "Next Class",
        "Previous Class", "Show Overlay", "Fit to Window", "Actual Size", "Zoom In", "Zoom Out"})
    QVERIFY2(keys.contains(QLatin1String(action)), action);
  ImageViewer* viewer = window_->viewer();
  window_->centralTabs()->setCurrentWidget(viewer);
  viewer->fitToWindow();
  const double fit = viewer->scale();
  QVERIFY(std::abs(fit - std::min(viewer->width() / 256.0, viewer->height() / 256.0)) < 1e-9);
  const int selectedBefore = viewer->selectedCell();
  QSignalSpy clicks(viewer, &ImageViewer::cellClicked);
  const QPointF offset = viewer->offset();
  QTest::mousePress(viewer, Qt::LeftButton, {}, QPoint(200, 200));
  QTest::mouseMove(viewer, QPoint(230, 210));
  QTest::mouseMove(viewer, QPoint(260, 220));
  QTest::mouseRelease(viewer, Qt::LeftButton, {}, QPoint(260, 220));
  QVERIFY((viewer->offset() - offset - QPointF(60, 20)).manhattanLength() < 1e-9);
  QCOMPARE(clicks.count(), 0);  // a drag is not a click
  QCOMPARE(viewer->selectedCell(), selectedBefore);

  QApplication::setActiveWindow(window_);
  QTRY_VERIFY(window_->isActiveWindow());
  viewer->setFocus();
  QTest::keyClick(window_, Qt::Key_1);
  QCOMPARE(viewer->scale(), 1.0);
  QTest::keyClick(window_, Qt::Key_Plus);
  QVERIFY(std::abs(viewer->scale() - 1.25) < 1e-9);
  QTest::keyClick(window_, Qt::Key_Minus);
  QVERIFY(std::abs(viewer->scale() - 1.0) < 1e-9);
  QTest::keyClick(window_, Qt::Key_F);
  QVERIFY(std::abs(viewer->scale() - fit) < 1e-9);
  // Arrow keys pan by a tenth of the view.
  const QPointF fitted = viewer->offset();
  QTest::keyClick(viewer, Qt::Key_Left);
  QVERIFY((viewer->offset() - fitted - QPointF(viewer->width() / 10.0, 0)).manhattanLength() <
          1e-9);
  QTest::keyClick(window_, Qt::Key_F);
}

void TestWorkspace::nextImageKeepsAZoomedView() {
  ImageViewer* viewer = window_->viewer();
  window_->centralTabs()->setCurrentWidget(viewer);
  viewer->fitToWindow();
  viewer->zoomAt(QPointF(120, 100), 2.0);
  const double scale = viewer->scale();
  const QPointF offset = viewer->offset();
  QApplication::setActiveWindow(window_);
  QTRY_VERIFY(window_->isActiveWindow());
  const QModelIndex before = window_->datasetPanel()->view()->currentIndex();
  QSignalSpy loaded(viewer, &ImageViewer::loaded);
  QTest::keyClick(window_, Qt::Key_PageDown);  // next image (same size in this dataset)
  QCOMPARE(window_->datasetPanel()->view()->currentIndex().row(), before.row() + 1);
  QTRY_VERIFY(loaded.count() > 0);
  QCOMPARE(viewer->state(), ImageViewer::State::Shown);
  QCOMPARE(viewer->scale(), scale);
  QCOMPARE(viewer->offset(), offset);
  // Back to the first image; its CAMs and cells come from the caches.
  QTest::keyClick(window_, Qt::Key_PageUp);
  QCOMPARE(window_->datasetPanel()->view()->currentIndex().row(), before.row());
  QVERIFY(window_->analysis()->cams() != nullptr);
  QVERIFY(window_->analysis()->cells() != nullptr);
  QTRY_VERIFY(window_->analysis()->cellTable() != nullptr);
  viewer->fitToWindow();
}

void TestWorkspace::channelTogglesChangeTheComposite() {
  // Yellow is added to red and green, as the HPA shows it; hidden channels drop out.
  cellcam::ChannelImage image;
  image.red = cv::Mat(8, 8, CV_8UC1, cv::Scalar(40));
  image.green = cv::Mat(8, 8, CV_8UC1, cv::Scalar(50));
  image.blue = cv::Mat(8, 8, CV_8UC1, cv::Scalar(60));
  image.yellow = cv::Mat(8, 8, CV_8UC1, cv::Scalar(100));
  const auto pyramid = buildChannelPyramid(image);
  ChannelDisplay display;
  QCOMPARE(composeRegion(*pyramid, 0, QRect(0, 0, 8, 8), display).pixel(3, 3), qRgb(140, 150, 60));
  display.visible[3] = false;
  QCOMPARE(composeRegion(*pyramid, 0, QRect(0, 0, 8, 8), display).pixel(3, 3), qRgb(40, 50, 60));
  display.visible[1] = false;
  display.contrast[0] = 2.0;
  QCOMPARE(composeRegion(*pyramid, 0, QRect(0, 0, 8, 8), display).pixel(3, 3), qRgb(80, 0, 60));
  display.gamma[2] = 2.0;  // 60/255 -> sqrt -> 124
  QCOMPARE(qBlue(composeRegion(*pyramid, 0, QRect(0, 0, 8, 8), display).pixel(3, 3)), 124);

  // In the studio: hiding green re-renders the tiles in the background.
  ImageViewer* viewer = window_->viewer();
  window_->centralTabs()->setCurrentWidget(viewer);
  viewer->setOverlayVisible(false);
  viewer->setCellsVisible(false);
  QTRY_COMPARE(viewer->pendingTileCount(), 0);
  const QImage before = viewer->grab().toImage();
  window_->channelPanel()->toggle(1)->setChecked(false);
  QVERIFY(!viewer->display().visible[1]);
  QTRY_COMPARE(viewer->pendingTileCount(), 0);
  QTRY_VERIFY(differingPixels(before, viewer->grab().toImage()) > 100);
  window_->channelPanel()->setDisplay(ChannelDisplay{});
  QVERIFY(viewer->display().visible[1]);
  viewer->setOverlayVisible(true);
  viewer->setCellsVisible(true);
}

void TestWorkspace::overlayAlphaRisesWithIntensity() {
  cv::Mat cam(1, 5, CV_32FC1);
  const float values[] = {-1.0f, 0.0f, 1.0f, 2.0f, 4.0f};
  for (int x = 0; x < 5; ++x) cam.at<float>(0, x) = values[x];
  const QImage overlay = camOverlay(cam, 4.0f);
  QCOMPARE(overlay.format(), QImage::Format_ARGB32_Premultiplied);
  QCOMPARE(qAlpha(overlay.pixel(0, 0)), 0);  // negative: transparent
  QCOMPARE(qAlpha(overlay.pixel(1, 0)), 0);
  QVERIFY(qAlpha(overlay.pixel(2, 0)) < qAlpha(overlay.pixel(3, 0)));
  QCOMPARE(qAlpha(overlay.pixel(4, 0)), 255);
  // Jet: low values blue, the maximum red.
  const QRgb low = overlay.pixel(2, 0), high = overlay.pixel(4, 0);
  QVERIFY(qBlue(low) > qRed(low));
  QVERIFY(qRed(high) > qBlue(high));
  // In the studio each class's overlay is normalised by its own maximum.
  QTRY_VERIFY_WITH_TIMEOUT(window_->analysis()->cams() != nullptr, 60000);
  const auto cams = window_->analysis()->cams();
  for (std::size_t c = 0; c < cams->overlays.size(); ++c) {
    const QImage& o = cams->overlays[c];
    int top = 0;
    for (int y = 0; y < o.height(); ++y)
      for (int x = 0; x < o.width(); ++x) top = std::max(top, qAlpha(o.pixel(x, y)));
    QCOMPARE(top, cams->maxValues[c] > 0 ? 255 : 0);
  }
}

// Scrolling quickly through images must neither block the GUI thread nor leave the studio
// busy with images the user has left: the last image's results arrive.
void TestWorkspace::rapidImageSwitchingStaysResponsive() {
  QTRY_VERIFY_WITH_TIMEOUT(window_->analysis()->cellTable() != nullptr, 60000);
  // The last image stays unvisited (submissionGivesPredictedLabels needs it without
  // predictions).
  const int rows = window_->datasetModel()->rowCount() - 1;
  QVERIFY(rows >= 3);
  QElapsedTimer timer;
  timer.start();
  for (int i = 0; i < 18; ++i) window_->datasetPanel()->selectSourceRow(i % rows);
  QVERIFY2(timer.elapsed() < 5000, qPrintable(QStringLiteral("18 switches blocked the GUI "
                                                             "thread for %1 ms")
                                                  .arg(timer.elapsed())));
  for (int i = 0; i < 18; ++i) {
    window_->datasetPanel()->selectSourceRow((i * 7) % rows);
    QCoreApplication::processEvents();
  }
  window_->datasetPanel()->selectSourceRow(0);
  QTRY_VERIFY_WITH_TIMEOUT(window_->analysis()->cellTable() != nullptr, 60000);
  QTRY_VERIFY_WITH_TIMEOUT(window_->busyText().isEmpty(), 60000);
}

void TestWorkspace::surfaceAndPlotsFollowTheModel() {
  QTRY_VERIFY_WITH_TIMEOUT(window_->analysis()->cellTable() != nullptr, 60000);
  // The model has a mapping file: the plots dock shows its curve.
  QVERIFY(window_->mappingPlots()->curvePointCount() > 0);
  QVERIFY(window_->mappingPlots()->scatterPointCount() > 0);
  // The 3D dock shows the chosen class's CAM with the cell outlines.
  auto* dock = window_->findChild<QDockWidget*>(QStringLiteral("surfaceDock"));
  QVERIFY(dock);
  dock->show();
  dock->raise();
  QTRY_VERIFY(window_->camSurface()->hasCam());
  QVERIFY(window_->camSurface()->outlineSegmentCount() > 0);
}

void TestWorkspace::tilePyramidRendersOnlyVisibleTiles() {
  // A 4096 px image: the pyramid has levels 4096, 2048, 1024, 512 of 512 px tiles.
  cellcam::ChannelImage image;
  cv::Mat ramp(4096, 4096, CV_16UC1);
  cv::randu(ramp, 0, 65535);
  image.red = ramp;
  image.green = ramp.t();
  image.blue = cv::Mat(4096, 4096, CV_16UC1, cv::Scalar(20000));
  image.yellow = cv::Mat(4096, 4096, CV_16UC1, cv::Scalar(0));
  QElapsedTimer timer;
  timer.start();
  const auto pyramid = buildChannelPyramid(image);
  const qint64 buildMs = timer.elapsed();
  QCOMPARE(pyramid->levelCount(), 4);
  QCOMPARE(pyramid->tileGrid(0), QSize(8, 8));
  QCOMPARE(pyramid->levelSize(3), QSize(512, 512));

  ImageViewer viewer;
  viewer.resize(900, 700);
  viewer.show();
  QVERIFY(QTest::qWaitForWindowExposed(&viewer));
  viewer.setImage(QStringLiteral("big"), pyramid);
  viewer.repaint();
  QTRY_COMPARE(viewer.pendingTileCount(), 0);
  QVERIFY(viewer.displayLevel() >= 2);
  // 1:1 at the centre: only the level-0 tiles on screen (at most 3 x 3 for 900 x 700) plus the
  // coarsest one are rendered, never the 64 tiles of the whole level.
  viewer.showActualSize();
  QCOMPARE(viewer.displayLevel(), 0);
  viewer.repaint();
  QTRY_COMPARE(viewer.pendingTileCount(), 0);
  const int cachedAtOneToOne = viewer.cachedTileCount();
  QVERIFY2(cachedAtOneToOne <= 1 + 4 + 9, qPrintable(QString::number(cachedAtOneToOne)));
  // Painting from cached tiles is fast, at 1:1 and while zooming (median of 10 paints).
  std::vector<qint64> paints;
  for (int i = 0; i < 10; ++i) {
    timer.restart();
    viewer.repaint();
    paints.push_back(timer.nsecsElapsed());
  }
  std::sort(paints.begin(), paints.end());
  const double paintMs = paints[5] / 1e6;
  timer.restart();
  for (int i = 0; i < 20; ++i) {
    viewer.zoomAt(QPointF(450, 350), i < 10 ? 0.8 : 1.25);
    viewer.repaint();
  }
  const double zoomPaintMs = timer.nsecsElapsed() / 1e6 / 20;
  qInfo(
      "4096 px: pyramid built in %lld ms; paint at 1:1 %.2f ms (median); zoom step + paint "
      "%.2f ms (mean, tiles rendering in the background); %d tiles cached at 1:1",
      buildMs, paintMs, zoomPaintMs, cachedAtOneToOne);
  QVERIFY2(paintMs < 40, qPrintable(QString::number(paintMs)));
}

void TestWorkspace::cellOutlinesOfALargeLabelImage() {
  // 15 x 15 disks of radius 100 on a 4096 px label image, ids 1..225 (and one huge id).
  cv::Mat labels = cv::Mat::zeros(4096, 4096, CV_32SC1);
  int id = 0;
  for (int gy = 0; gy < 15; ++gy)
    for (int gx = 0; gx < 15; ++gx)
      cv::circle(labels, cv::Point(150 + gx * 260, 150 + gy * 260), 100, cv::Scalar(++id),
                 cv::FILLED);
  cv::circle(labels, cv::Point(4000, 4000), 50, cv::Scalar(5000000), cv::FILLED);
  QElapsedTimer timer;
  timer.start();
  const auto layout = traceCells(labels);
  const qint64 ms = timer.elapsed();
  qInfo("traceCells on 4096 px with 226 cells: %lld ms", ms);
  QCOMPARE(static_cast<int>(layout->cells.size()), 226);
  QCOMPARE(layout->cells.back().id, 5000000);
  const CellShape* cell = layout->shape(17);  // row 1, column 1
  QVERIFY(cell);
  QVERIFY((cell->center - QPointF(150 + 260 + 0.5, 150 + 260 + 0.5)).manhattanLength() < 0.5);
  QVERIFY(cell->outline.contains(cell->center));
  QVERIFY(!cell->outline.contains(QPointF(150 + 260 + 110, 150 + 260)));
  QCOMPARE(layout->cellAt(410, 410), 17);
  QCOMPARE(layout->cellAt(0, 0), 0);
}

void TestWorkspace::badModelFilesAreReportedAndTheModelStays() {
  QTRY_VERIFY_WITH_TIMEOUT(window_->analysis()->hasModel(), 60000);
  const QString missing = tmp_.filePath(QStringLiteral("no-such-model.pt"));
  QVERIFY(!window_->openModel(missing, false));
  QVERIFY2(window_->lastError().contains(missing), qPrintable(window_->lastError()));
  const QString damaged = tmp_.filePath(QStringLiteral("damaged.pt"));
  {
    QFile file(damaged);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a model");
  }
  QSignalSpy failed(window_->analysis(), &ImageAnalysis::modelFailed);
  QVERIFY(window_->openModel(damaged, false));
  QVERIFY(failed.wait(30000));
  QVERIFY2(window_->lastError().contains(damaged), qPrintable(window_->lastError()));
  QCOMPARE(window_->analysis()->modelFile(), modelFile_);  // the good model stays open
}

void TestWorkspace::submissionGivesPredictedLabels() {
  const auto& images = window_->datasetModel()->dataset().images();
  // The last image (never viewed): one cell with class 3 at 0.9 and class 5 at 0.2, another
  // with class 16 at 0.7.
  const int row = static_cast<int>(images.size()) - 1;
  cellcam::Submission submission;
  cellcam::SubmissionRow line;
  line.id = images.back().id;
  line.width = line.height = 256;
  line.instances = {{3, 0.9, "eNoLAAA"}, {5, 0.2, "eNoLAAA"}, {16, 0.7, "eNoLBBB"}};
  submission.rows.push_back(line);
  const QString file = tmp_.filePath(QStringLiteral("submission.csv"));
  cellcam::writeSubmission(file.toStdString(), submission);
  QVERIFY(!window_->datasetModel()->hasPrediction(row));
  QSignalSpy loaded(window_, &MainWindow::submissionLoaded);
  window_->loadSubmission(file, false);
  QVERIFY(loaded.wait(10000));
  QCOMPARE(loaded.front().at(0).toInt(), 1);
  const QString shown =
      window_->datasetModel()->index(row, DatasetModel::PredictedColumn).data().toString();
  QVERIFY2(shown.startsWith(QStringLiteral("3 ")) && shown.contains(QStringLiteral(", 16 ")),
           qPrintable(shown));
  QVERIFY(!shown.contains(QStringLiteral("5 ")));
  // A broken file: one sentence naming it.
  const QString broken = tmp_.filePath(QStringLiteral("broken.csv"));
  {
    QFile out(broken);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write("ID,Whatever\nabc,1\n");
  }
  window_->loadSubmission(broken, false);
  QTRY_VERIFY(window_->lastError().contains(broken));
}

void TestWorkspace::layoutIsSavedAndRestored() {
  window_->jobsDock()->hide();
  ChannelDisplay display;
  display.visible[3] = false;
  display.gamma[1] = 2.0;
  window_->channelPanel()->setDisplay(display);
  window_->close();  // saves the layout
  {
    MainWindow second;
    QVERIFY(second.jobsDock()->isHidden());
    QCOMPARE(second.jobsDock()->windowTitle(), QStringLiteral("Jobs"));
    QVERIFY(second.jobs()->jobIds().isEmpty());
    QCOMPARE(second.jobsDock()->widget(), static_cast<QWidget*>(second.jobsPanel()));
    QCOMPARE(second.trainingDock()->widget(), static_cast<QWidget*>(second.trainingMonitor()));
    QVERIFY(second.channelPanel()->display() == display);
    QVERIFY(second.viewer()->display() == display);
  }
  window_->channelPanel()->setDisplay(ChannelDisplay{});
  window_->jobsDock()->show();
  window_->show();
  QVERIFY(QTest::qWaitForWindowExposed(window_));
}

void TestWorkspace::savesAScreenshot() {
  QTRY_VERIFY_WITH_TIMEOUT(window_->analysis()->cellTable() != nullptr, 60000);
  window_->centralTabs()->setCurrentWidget(window_->viewer());
  const int id = window_->viewer()->cells()->cells.front().id;
  window_->viewer()->setSelectedCell(id);
  window_->cellPanel()->selectCell(id);
  QTRY_COMPARE(window_->viewer()->pendingTileCount(), 0);
  QTest::qWait(200);
  const QString folder = cellcam::ui::test::artifactsDir();
  const QString file = QDir(folder).filePath(QStringLiteral("main_window.png"));
  const QImage shot = window_->grab().toImage();
  QVERIFY(!shot.isNull());
  QVERIFY(shot.save(file));
  QVERIFY(QFileInfo(file).size() > 10000);
  qInfo("screenshot: %s", qPrintable(file));
  // The all-classes grid as a second artifact.
  window_->centralTabs()->setCurrentWidget(window_->camGrid());
  const QString grid = QDir(folder).filePath(QStringLiteral("cam_grid.png"));
  QVERIFY(window_->camGrid()->grab().toImage().save(grid));
  window_->centralTabs()->setCurrentWidget(window_->viewer());
}

int main(int argc, char** argv) {
  QSurfaceFormat::setDefaultFormat(CamSurfaceView::defaultFormat());
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("CellCAM-tests"));
  QApplication::setApplicationName(QStringLiteral("workspace"));
  TestWorkspace test;
  return QTest::qExec(&test, argc, argv);
}

#include "test_workspace.moc"
