// Qt Test (issue 9): bad inputs in the studio. Each bad dataset, channel file and model file
// gives one sentence naming the file and the problem, and the dataset that was open stays open.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <QApplication>
#include <QSignalSpy>
#include <QSurfaceFormat>
#include <QTemporaryDir>
#include <QtTest>

#include "cellcam/synth.h"

#include "cam_surface_view.h"
#include "dataset_model.h"
#include "dataset_panel.h"
#include "gui_test_support.h"
#include "image_viewer.h"
#include "main_window.h"

namespace fs = std::filesystem;
using cellcam::ui::ImageViewer;
using cellcam::ui::MainWindow;

namespace {

void writeText(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
}

std::string readBytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// One sentence: a single line that ends with a full stop.
bool oneSentence(const QString& message) {
  return !message.isEmpty() && !message.contains(QLatin1Char('\n')) &&
         message.trimmed().endsWith(QLatin1Char('.'));
}

}  // namespace

class TestBadInputs : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void init();
  void cleanup();
  void badCsvKeepsTheOpenDataset_data();
  void badCsvKeepsTheOpenDataset();
  void corruptChannelFileNamesTheFile();
  void corruptModelFileNamesTheFile();

 private:
  /// A copy of the good dataset under `name`.
  fs::path copyDataset(const std::string& name);

  QTemporaryDir tmp_;
  fs::path good_;
  MainWindow* window_ = nullptr;
};

void TestBadInputs::initTestCase() {
  QVERIFY(tmp_.isValid());
  QCoreApplication::setOrganizationName(QStringLiteral("CellCAM-tests"));
  good_ = fs::path(tmp_.path().toStdString()) / "good";
  cellcam::ui::test::writeSynthData(good_, 4, 2, 64, 8);
}

void TestBadInputs::init() {
  window_ = new MainWindow;
  window_->show();
  QVERIFY(QTest::qWaitForWindowExposed(window_));
  QVERIFY(window_->openDataset(QString::fromStdString(good_.string()), false));
  QCOMPARE(window_->datasetModel()->rowCount(), 6);
}

void TestBadInputs::cleanup() {
  delete window_;
  window_ = nullptr;
}

fs::path TestBadInputs::copyDataset(const std::string& name) {
  const fs::path copy = fs::path(tmp_.path().toStdString()) / name;
  fs::remove_all(copy);
  fs::copy(good_, copy, fs::copy_options::recursive);
  return copy;
}

void TestBadInputs::badCsvKeepsTheOpenDataset_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<QString>("content");
  QTest::addColumn<QString>("problem");
  QTest::newRow("label 19") << "train.csv"
                            << "ID,Label\nx1,19\n"
                            << "'19'";
  QTest::newRow("label text") << "train.csv"
                              << "ID,Label\nx1,Nucleoplasm\n"
                              << "'Nucleoplasm'";
  QTest::newRow("no Label column") << "train.csv"
                                   << "ID\nx1\n"
                                   << "'Label'";
  QTest::newRow("duplicate ID") << "train.csv"
                                << "ID,Label\nx1,1\nx1,2\n"
                                << "x1";
  QTest::newRow("unclosed quote") << "train.csv"
                                  << "ID,Label\n\"x1,1\n"
                                  << "never closed";
  QTest::newRow("empty") << "train.csv"
                         << ""
                         << "empty";
  QTest::newRow("width text") << "sample_submission.csv"
                              << "ID,ImageWidth,ImageHeight,PredictionString\nx1,wide,64,\n"
                              << "'wide'";
}

void TestBadInputs::badCsvKeepsTheOpenDataset() {
  QFETCH(QString, file);
  QFETCH(QString, content);
  QFETCH(QString, problem);
  const fs::path bad = copyDataset("bad_csv");
  writeText(bad / file.toStdString(), content.toStdString());
  QVERIFY(!window_->openDataset(QString::fromStdString(bad.string()), false));
  const QString error = window_->lastError();
  QVERIFY2(error.contains(QString::fromStdString((bad / file.toStdString()).string())),
           qPrintable(error));
  QVERIFY2(error.contains(problem), qPrintable(error));
  QVERIFY2(oneSentence(error), qPrintable(error));
  // The good dataset is still the open one.
  QCOMPARE(window_->datasetModel()->rowCount(), 6);
  QCOMPARE(window_->datasetModel()->dataset().root(), good_);
}

void TestBadInputs::corruptChannelFileNamesTheFile() {
  const fs::path bad = copyDataset("bad_channel");
  QVERIFY(window_->openDataset(QString::fromStdString(bad.string()), false));
  const auto& dataset = window_->datasetModel()->dataset();
  const auto& image = dataset.images()[1];
  const fs::path green = dataset.channelFile(image, cellcam::Channel::Green);
  const std::string bytes = readBytes(green);
  writeText(green, bytes.substr(0, bytes.size() / 2));  // truncated PNG
  QSignalSpy loaded(window_->viewer(), &ImageViewer::loaded);
  window_->datasetPanel()->selectSourceRow(1);
  QVERIFY(loaded.wait(10000));
  QCOMPARE(window_->viewer()->state(), ImageViewer::State::Failed);
  const QString message = window_->viewer()->message();
  QVERIFY2(message.contains(QString::fromStdString(green.string())), qPrintable(message));
  QVERIFY2(message.contains(QStringLiteral("truncated")), qPrintable(message));
  QVERIFY2(oneSentence(message), qPrintable(message));
  // The dataset stays open and the other images still show.
  QCOMPARE(window_->datasetModel()->rowCount(), 6);
  window_->datasetPanel()->selectSourceRow(0);
  QTRY_COMPARE_WITH_TIMEOUT(window_->viewer()->state(), ImageViewer::State::Shown, 10000);
}

void TestBadInputs::corruptModelFileNamesTheFile() {
  const fs::path model = fs::path(tmp_.path().toStdString()) / "broken.pt";
  writeText(model, "this is not a model\n");
  const QString file = QString::fromStdString(model.string());
  QVERIFY(window_->openModel(file, false));  // the file exists: loading reports the problem
  QTRY_VERIFY_WITH_TIMEOUT(!window_->lastError().isEmpty(), 20000);
  const QString error = window_->lastError();
  QVERIFY2(error.contains(file), qPrintable(error));
  QVERIFY2(oneSentence(error), qPrintable(error));
  QCOMPARE(window_->datasetModel()->rowCount(), 6);
}

int main(int argc, char** argv) {
  QSurfaceFormat::setDefaultFormat(cellcam::ui::CamSurfaceView::defaultFormat());
  QApplication app(argc, argv);
  TestBadInputs test;
  return QTest::qExec(&test, argc, argv);
}
#include "test_bad_inputs.moc"
