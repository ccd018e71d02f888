// Qt Test: the studio's main window on a small synthetic dataset.
#include <filesystem>

#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QMenuBar>
#include <QSignalSpy>
#include <QSurfaceFormat>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <QTranslator>
#include <QtTest>

#include "cellcam/synth.h"

#include "about_dialog.h"
#include "cam_surface_view.h"
#include "dataset_model.h"
#include "dataset_panel.h"
#include "gui_test_support.h"
#include "image_viewer.h"
#include "main_window.h"

using cellcam::ui::DatasetModel;
using cellcam::ui::ImageViewer;
using cellcam::ui::MainWindow;

class TestMainWindow : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void init();
  void cleanup();
  void opensTheDatasetAndShowsTheFirstImage();
  void previewResultArrivesOnTheGuiThread();
  void filtersByClass();
  void searchesById();
  void badFolderKeepsTheOpenDataset();
  void missingChannelShowsAnErrorNamingTheFile();
  void germanTranslationIsEmbedded();
  void aboutNamesEveryLibrary();

 private:
  QTemporaryDir tmp_;
  QString data_;
  MainWindow* window_ = nullptr;
};

void TestMainWindow::initTestCase() {
  QVERIFY(tmp_.isValid());
  QCoreApplication::setOrganizationName(QStringLiteral("CellCAM-tests"));
  data_ = tmp_.filePath(QStringLiteral("demo"));
  cellcam::ui::test::writeSynthData(data_.toStdString(), 8, 2, 96, 5);
}

void TestMainWindow::init() {
  window_ = new MainWindow;
  window_->show();
  QVERIFY(QTest::qWaitForWindowExposed(window_));
}

void TestMainWindow::cleanup() {
  delete window_;
  window_ = nullptr;
}

void TestMainWindow::opensTheDatasetAndShowsTheFirstImage() {
  QSignalSpy loaded(window_->viewer(), &ImageViewer::loaded);
  QVERIFY(window_->openDataset(data_, false));
  QCOMPARE(window_->datasetModel()->rowCount(), 10);
  QCOMPARE(window_->datasetPanel()->view()->model()->rowCount(), 10);
  QVERIFY(loaded.count() > 0 || loaded.wait(5000));
  QCOMPARE(window_->viewer()->state(), ImageViewer::State::Shown);
  QCOMPARE(window_->viewer()->imageSize(), QSize(96, 96));
  // The first image in the shown order (sorted by ID) is in the preview's caption.
  const QString firstId = window_->datasetPanel()->view()->model()->index(0, 0).data().toString();
  const QString secondId = window_->datasetPanel()->view()->model()->index(1, 0).data().toString();
  QVERIFY(firstId < secondId);
  QVERIFY(window_->viewer()->message().contains(firstId));
}

void TestMainWindow::previewResultArrivesOnTheGuiThread() {
  QThread* seenOn = nullptr;
  connect(
      window_->viewer(), &ImageViewer::loaded, this,
      [&seenOn]() { seenOn = QThread::currentThread(); }, Qt::DirectConnection);
  QVERIFY(window_->openDataset(data_, false));
  QTRY_VERIFY_WITH_TIMEOUT(seenOn != nullptr, 5000);
  QCOMPARE(seenOn, qApp->thread());
}

void TestMainWindow::filtersByClass() {
  QVERIFY(window_->openDataset(data_, false));
  const auto& images = window_->datasetModel()->dataset().images();
  const int label = images.front().labels.front();
  const int expected = static_cast<int>(std::count_if(images.begin(), images.end(), [&](auto& im) {
    return std::count(im.labels.begin(), im.labels.end(), label) > 0;
  }));
  QComboBox* classes = window_->datasetPanel()->classFilter();
  classes->setCurrentIndex(classes->findData(label));
  QCOMPARE(window_->datasetPanel()->view()->model()->rowCount(), expected);
  QVERIFY(expected >= 1 && expected < 10);  // test images have no labels: never all rows
  classes->setCurrentIndex(0);
  QCOMPARE(window_->datasetPanel()->view()->model()->rowCount(), 10);
}

void TestMainWindow::searchesById() {
  QVERIFY(window_->openDataset(data_, false));
  const QString id = window_->datasetModel()->index(3, 0).data().toString();
  QTest::keyClicks(window_->datasetPanel()->searchField(), id.left(13).toUpper());
  QCOMPARE(window_->datasetPanel()->view()->model()->rowCount(), 1);
  QCOMPARE(window_->datasetPanel()->view()->model()->index(0, 0).data().toString(), id);
}

void TestMainWindow::badFolderKeepsTheOpenDataset() {
  QVERIFY(window_->openDataset(data_, false));
  const QString missing = tmp_.filePath(QStringLiteral("no-such-folder"));
  QVERIFY(!window_->openDataset(missing, false));
  QVERIFY2(window_->lastError().contains(missing), qPrintable(window_->lastError()));
  QCOMPARE(window_->datasetModel()->rowCount(), 10);
}

void TestMainWindow::missingChannelShowsAnErrorNamingTheFile() {
  QVERIFY(window_->openDataset(data_, false));
  const auto& dataset = window_->datasetModel()->dataset();
  const auto& image = dataset.images()[2];
  const auto yellow = dataset.channelFile(image, cellcam::Channel::Yellow);
  const auto moved = yellow.string() + ".bak";
  std::filesystem::rename(yellow, moved);
  QSignalSpy loaded(window_->viewer(), &ImageViewer::loaded);
  window_->datasetPanel()->selectSourceRow(2);
  QVERIFY(loaded.wait(5000));
  std::filesystem::rename(moved, yellow);
  QCOMPARE(window_->viewer()->state(), ImageViewer::State::Failed);
  QVERIFY2(window_->viewer()->message().contains(QString::fromStdString(yellow.string())),
           qPrintable(window_->viewer()->message()));
}

void TestMainWindow::germanTranslationIsEmbedded() {
  QTranslator german;
  QVERIFY(german.load(QStringLiteral(":/i18n/cellcam_de.qm")));
  QCoreApplication::installTranslator(&german);
  MainWindow translated;
  QCoreApplication::removeTranslator(&german);
  const QList<QAction*> menus = translated.menuBar()->actions();
  QVERIFY(!menus.isEmpty());
  QCOMPARE(menus.first()->text(), QStringLiteral("&Datei"));
  QCOMPARE(window_->menuBar()->actions().first()->text(), QStringLiteral("&File"));
}

void TestMainWindow::aboutNamesEveryLibrary() {
  const QString text = cellcam::ui::aboutText();
  for (const char* library : {"cellcam ", "LibTorch ", "OpenCV ", "XGBoost ", "SQLite ", "zlib ",
                              "Qt 6.", "QCustomPlot 2.", "VTK 9."})
    QVERIFY2(text.contains(QLatin1String(library)), library);
}

int main(int argc, char** argv) {
  QSurfaceFormat::setDefaultFormat(cellcam::ui::CamSurfaceView::defaultFormat());
  QApplication app(argc, argv);
  TestMainWindow test;
  return QTest::qExec(&test, argc, argv);
}
#include "test_main_window.moc"
