// Qt Test: projects and annotation in the studio's main window (issues 7 and 9): annotate cells
// in the viewer with the hotkeys, undo, redo, close the window, reopen the project and find the
// annotations; the review queue from a prediction job; annotation CSV export and import; a
// damaged database; and a studio killed (SIGKILL) while annotating loses no committed
// annotation.
//
// The kill test runs this executable a second time as the studio under test:
// `cellcam_ui_project_tests --annotate-child PROJECT_FOLDER` opens the project, then annotates
// one cell after another through the window (selection in the viewer, class hotkey, Return),
// printing "committed IMAGE CELL LABEL" after each change returns, until it is killed.
#include <filesystem>
#include <fstream>

#include <QApplication>
#include <QCheckBox>
#include <QDockWidget>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSurfaceFormat>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextStream>
#include <QtTest>

#include "cellcam/cam_model.h"
#include "cellcam/classes.h"
#include "cellcam/project.h"
#include "cellcam/synth.h"

#include "annotation_panel.h"
#include "cam_surface_view.h"
#include "dataset_model.h"
#include "fit_mapping_dialog.h"
#include "gui_test_support.h"
#include "image_analysis.h"
#include "image_viewer.h"
#include "job_manager.h"
#include "main_window.h"
#include "review_queue.h"
#include "run_history_panel.h"
#include "segment_dialog.h"
#include "training_dialog.h"
#include "training_monitor.h"

using cellcam::CellLabelMap;
using cellcam::Project;
using cellcam::ui::test::interiorPixel;
using namespace cellcam::ui;

namespace {

/// Clicks cell `id` in the viewer (with `modifiers`, e.g. Ctrl to add it to the selection).
bool clickCell(ImageViewer* viewer, int id, Qt::KeyboardModifiers modifiers = {}) {
  const auto cells = viewer->cells();
  if (!cells) return false;
  const QPoint pixel = interiorPixel(cells->labels, id);
  if (pixel.x() < 0) return false;
  const QPointF at = viewer->imageToWidget(QPointF(pixel) + QPointF(0.5, 0.5));
  QTest::mouseClick(viewer, Qt::LeftButton, modifiers, at.toPoint());
  return true;
}

/// Ids of cells big enough to click (a 5x5 interior), ascending.
QList<int> clickableCells(const CellLayout& cells) {
  QList<int> ids;
  for (const CellShape& cell : cells.cells)
    if (interiorPixel(cells.labels, cell.id).x() >= 0) ids.append(cell.id);
  return ids;
}

/// The studio under test for the kill test: annotates cells until killed.
int runAnnotateChild(const QString& projectFolder) {
  MainWindow window;
  window.analysis()->setTestTimeAugmentation(false);
  window.resize(1200, 800);
  window.show();
  window.activateWindow();
  if (!QTest::qWaitForWindowActive(&window)) return 5;
  if (!window.openProject(projectFolder, false)) {
    QTextStream(stderr) << "cannot open project: " << window.lastError() << "\n";
    return 2;
  }
  if (!QTest::qWaitFor([&]() { return window.viewer()->cells() != nullptr; }, 60000)) return 3;
  window.setAnnotateMode(true);
  const QList<int> ids = clickableCells(*window.viewer()->cells());
  QTextStream out(stdout);
  const QString image = window.analysis()->imageId();
  for (int round = 0;; ++round) {  // until killed
    for (int i = 0; i < ids.size(); ++i) {
      const int label = (round + i) % 18;
      if (!clickCell(window.viewer(), ids[i])) return 4;
      window.annotationPanel()->setCheckedLabels({label});
      QTest::keyClick(&window, Qt::Key_Return);
      // Reported only when the window shows it as saved.
      if (window.annotationPanel()->cellLabels(image).value(ids[i]) != QList<int>{label}) return 6;
      out << "committed " << image << ' ' << ids[i] << ' ' << label << Qt::endl;
      QTest::qWait(5);
    }
  }
}

}  // namespace

class TestProjectWindow : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void init();
  void cleanup();
  void annotateUndoRedoCloseAndReopen();
  void evaluationOnAnnotatedCells();
  void reviewQueueFromPredictionShowsTheCell();
  void annotationCsvExportAndImport();
  void runsAreRecordedInTheProject();
  void fitMappingWithAnnotationsReloadsTheModel();
  void segmentDatasetFromTheRunMenu();
  void runHistoryResumesATrainingRunAndOpensItsModel();
  void damagedProjectIsBackedUpAndTheOpenOneStays();
  void projectWhoseDatasetMovedStillOpens();
  void killDuringAnnotationLosesNothingCommitted();

 private:
  MainWindow* newWindow();
  QString projectDir() const { return tmp_.filePath(QStringLiteral("project")); }

  QTemporaryDir tmp_;
  QString data_;
  QString modelFile_;
  MainWindow* window_ = nullptr;
};

void TestProjectWindow::initTestCase() {
  QVERIFY(tmp_.isValid());
  data_ = tmp_.filePath(QStringLiteral("data"));
  test::writeSynthData(data_.toStdString(), 3, 1, 256, 5);
  modelFile_ = tmp_.filePath(QStringLiteral("model.pt"));
  test::saveRandomModel(modelFile_.toStdString(), 128);
}

MainWindow* TestProjectWindow::newWindow() {
  auto* window = new MainWindow;
  window->analysis()->setTestTimeAugmentation(false);
  window->resize(1300, 850);
  window->show();
  window->activateWindow();  // window shortcuts (annotation mode) need the active window
  return window;
}

void TestProjectWindow::init() {
  QSettings().clear();
  std::filesystem::remove_all(projectDir().toStdString());
  window_ = newWindow();
  QVERIFY(QTest::qWaitForWindowActive(window_));
}

void TestProjectWindow::cleanup() {
  delete window_;
  window_ = nullptr;
}

void TestProjectWindow::annotateUndoRedoCloseAndReopen() {
  QVERIFY(window_->openDataset(data_, false));
  QVERIFY(window_->newProject(projectDir(), {}, false));
  QVERIFY(window_->project() != nullptr);
  QVERIFY(window_->windowTitle().contains(QStringLiteral("project")));
  QTRY_VERIFY_WITH_TIMEOUT(window_->viewer()->cells() != nullptr, 60000);
  const std::string image = window_->analysis()->imageId().toStdString();
  // The project learnt the shown image's cells under the studio's segmentation.
  QTRY_COMPARE(window_->project()->segmentationKey(image), MainWindow::studioSegmentationKey());
  QCOMPARE(window_->project()->cells(image).size(), window_->viewer()->cells()->cells.size());

  const QList<int> ids = clickableCells(*window_->viewer()->cells());
  QVERIFY2(ids.size() >= 3, "the synthetic image needs three clickable cells");
  const int a = ids[0], b = ids[1], c = ids[2];
  QVERIFY(clickCell(window_->viewer(), a));
  QVERIFY(clickCell(window_->viewer(), b, Qt::ControlModifier));
  QCOMPARE(window_->viewer()->selectedCells(), (QList<int>{a, b}));
  QCOMPARE(window_->annotationPanel()->selectedCells(), (QList<int>{a, b}));

  // Annotation mode: the hotkeys work from the viewer; "1" toggles class 0 instead of the
  // view's Actual Size, "O" class 18 (Negative) instead of the overlay toggle.
  window_->setAnnotateMode(true);
  QVERIFY(window_->annotationDock()->isVisible());
  window_->viewer()->setFocus();
  const bool overlayBefore = window_->overlayAction()->isChecked();
  QTest::keyClick(window_, Qt::Key_1);
  QTest::keyClick(window_, Qt::Key_6);
  QCOMPARE(window_->annotationPanel()->checkedLabels(), (QList<int>{0, 5}));
  QTest::keyClick(window_, Qt::Key_Return);
  QCOMPARE(window_->project()->cellLabels(image), (CellLabelMap{{a, {0, 5}}, {b, {0, 5}}}));
  QCOMPARE(window_->viewer()->annotatedCells(), (QSet<int>{a, b}));
  // No model: the evaluation says how to get predictions instead of an mAP of nothing.
  bool hint = false;
  for (const QLabel* label : window_->annotationPanel()->findChildren<QLabel*>())
    hint |= label->isVisible() && label->text().contains(QStringLiteral("without a prediction"));
  QVERIFY(hint);

  QVERIFY(clickCell(window_->viewer(), c));
  QTest::keyClick(window_, Qt::Key_O);
  QCOMPARE(window_->overlayAction()->isChecked(), overlayBefore);
  QCOMPARE(window_->annotationPanel()->checkedLabels(), (QList<int>{cellcam::kNegativeClass}));
  QTest::keyClick(window_, Qt::Key_Return);
  QCOMPARE(window_->project()->cellLabels(image).at(c), (std::vector<int>{18}));

  // Undo twice, redo once: the database follows each step at once.
  QTest::keyClick(window_, Qt::Key_Z, Qt::ControlModifier);
  QCOMPARE(window_->project()->cellLabels(image), (CellLabelMap{{a, {0, 5}}, {b, {0, 5}}}));
  QTest::keyClick(window_, Qt::Key_Z, Qt::ControlModifier);
  QVERIFY(window_->project()->cellLabels(image).empty());
  QVERIFY(window_->viewer()->annotatedCells().isEmpty());
  QTest::keyClick(window_, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
  QCOMPARE(window_->project()->cellLabels(image), (CellLabelMap{{a, {0, 5}}, {b, {0, 5}}}));
  QCOMPARE(window_->viewer()->annotatedCells(), (QSet<int>{a, b}));

  // Delete clears the selected cell.
  QVERIFY(clickCell(window_->viewer(), b));
  QTest::keyClick(window_, Qt::Key_Delete);
  QCOMPARE(window_->project()->cellLabels(image), (CellLabelMap{{a, {0, 5}}}));

  // Leaving annotation mode gives the view its shortcuts back.
  window_->setAnnotateMode(false);
  QTest::keyClick(window_, Qt::Key_O);
  QCOMPARE(window_->overlayAction()->isChecked(), !overlayBefore);

  // Close the window, open a new one and the project: dataset, image and marks come back.
  QVERIFY(window_->close());
  delete window_;
  window_ = newWindow();
  QVERIFY(QTest::qWaitForWindowActive(window_));
  window_->restoreSession();  // reopens the last project and with it its dataset
  QVERIFY(window_->project() != nullptr);
  QCOMPARE(QDir(window_->projectFolder()), QDir(projectDir()));
  QCOMPARE(QDir(window_->datasetFolder()), QDir(data_));
  QTRY_VERIFY_WITH_TIMEOUT(window_->viewer()->cells() != nullptr, 60000);
  QCOMPARE(window_->analysis()->imageId().toStdString(), image);
  QCOMPARE(window_->project()->cellLabels(image), (CellLabelMap{{a, {0, 5}}}));
  QTRY_COMPARE(window_->viewer()->annotatedCells(), (QSet<int>{a}));
  QCOMPARE(window_->annotationPanel()->annotatedCells(QString::fromStdString(image)),
           (QSet<int>{a}));
  // The undo history does not survive the window (its commands refer to the old one).
  QVERIFY(!window_->annotationPanel()->undoStack()->canUndo());
  // A screenshot with the annotated cell marked, for a person to look at.
  if (const QString folder = qEnvironmentVariable("CELLCAM_ARTIFACTS"); !folder.isEmpty()) {
    QDir().mkpath(folder);
    window_->viewer()->setSelectedCells({b, c});
    window_->annotationDock()->raise();
    QVERIFY(window_->grab().toImage().save(QDir(folder).filePath("project_window.png")));
  }

  window_->closeProject();
  QVERIFY(window_->project() == nullptr);
  QVERIFY(window_->viewer()->annotatedCells().isEmpty());
  QVERIFY(!window_->windowTitle().contains(QStringLiteral("project")));
}

void TestProjectWindow::evaluationOnAnnotatedCells() {
  QVERIFY(window_->openDataset(data_, false));
  QVERIFY(window_->newProject(projectDir(), {}, false));
  QVERIFY(window_->openModel(modelFile_, false));
  QTRY_VERIFY_WITH_TIMEOUT(window_->analysis()->cellTable() != nullptr, 60000);
  const auto table = window_->analysis()->cellTable();
  const QString image = window_->analysis()->imageId();
  QVERIFY(table->cellIds.size() >= 2);
  // Annotate two cells with the class each scores highest and lowest in: the evaluation
  // shown must equal evaluateAnnotatedCells on the table's probabilities.
  const int a = table->cellIds[0], b = table->cellIds[1];
  auto* panel = window_->annotationPanel();
  panel->setSelectedCells(image, {a});
  panel->setCheckedLabels({3});
  panel->setCheckedOnSelection();
  panel->setSelectedCells(image, {b});
  panel->setCheckedLabels({7});
  panel->setCheckedOnSelection();
  std::vector<cellcam::CellPrediction> predictions;
  for (int row : {0, 1}) {
    const auto begin = table->final.begin() + row * table->numClasses;
    predictions.push_back({image.toStdString(), table->cellIds[static_cast<std::size_t>(row)],
                           std::vector<float>(begin, begin + table->numClasses)});
  }
  const auto expected =
      cellcam::evaluateAnnotatedCells(predictions, window_->project()->annotationMap());
  QCOMPARE(expected.cellsScored, 2LL);
  const QString expectedText = QString::number(expected.metric.mAP, 'f', 3);
  bool shown = false;
  for (const QLabel* label : panel->findChildren<QLabel*>())
    shown |= label->isVisible() && label->text().contains(QStringLiteral("mAP")) &&
             label->text().contains(expectedText);
  QVERIFY2(shown, qPrintable(QStringLiteral("no label shows mAP %1").arg(expectedText)));
}

void TestProjectWindow::reviewQueueFromPredictionShowsTheCell() {
  QVERIFY(window_->openDataset(data_, false));
  QCOMPARE(window_->predictCellsForReview(), 0);  // no model yet: refused
  QVERIFY(window_->openModel(modelFile_, false));
  QTRY_VERIFY_WITH_TIMEOUT(window_->analysis()->hasModel(), 60000);
  QSignalSpy ready(window_, &MainWindow::reviewReady);
  const int job = window_->predictCellsForReview();
  QVERIFY(job > 0);
  QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 120000);
  const int images = static_cast<int>(window_->datasetModel()->dataset().images().size());
  QCOMPARE(ready.at(0).at(0).toInt(), images);
  QCOMPARE(window_->jobs()->job(job).state, JobState::Finished);
  ReviewQueueModel* model = window_->reviewPanel()->model();
  QVERIFY(model->rowCount() > 0);
  QCOMPARE(model->skippedRecords(), 0);
  // Train images carry their labels, so "outside the image's labels" can be judged.
  bool anyImageLabels = false;
  for (int row = 0; row < model->rowCount(); ++row)
    anyImageLabels |= !model->review(row).record.imageLabels.isEmpty();
  QVERIFY(anyImageLabels);

  // Double-clicking a row of another image shows that image with the cell selected.
  const QString shown = window_->analysis()->imageId();
  int target = -1;
  for (int row = 0; row < model->rowCount() && target < 0; ++row)
    if (model->review(row).record.imageId != shown) target = row;
  QVERIFY(target >= 0);
  const QString image = model->review(target).record.imageId;
  const int cell = model->review(target).record.cellId;
  QSortFilterProxyModel* proxy = window_->reviewPanel()->proxy();
  const QModelIndex index = proxy->mapFromSource(model->index(target, 0));
  QTableView* view = window_->reviewPanel()->view();
  view->scrollTo(index);
  const QRect rect = view->visualRect(index);
  QVERIFY(rect.isValid());
  // A double click is a click followed by a double-click event at the same place.
  QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
  QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, rect.center());
  QTRY_COMPARE_WITH_TIMEOUT(window_->analysis()->imageId(), image, 30000);
  QTRY_COMPARE_WITH_TIMEOUT(window_->viewer()->selectedCell(), cell, 60000);
}

void TestProjectWindow::annotationCsvExportAndImport() {
  QVERIFY(window_->openDataset(data_, false));
  QVERIFY(window_->importAnnotations(tmp_.filePath(QStringLiteral("x.csv")), false) < 0);
  QVERIFY(window_->newProject(projectDir(), {}, false));
  QTRY_VERIFY_WITH_TIMEOUT(window_->viewer()->cells() != nullptr, 60000);
  const QString image = window_->analysis()->imageId();
  const QList<int> ids = clickableCells(*window_->viewer()->cells());
  QVERIFY(ids.size() >= 2);
  auto* panel = window_->annotationPanel();
  panel->setSelectedCells(image, {ids[0], ids[1]});
  panel->setCheckedLabels({2, 11});
  panel->setCheckedOnSelection();
  const QString csv = tmp_.filePath(QStringLiteral("annotations.csv"));
  QVERIFY(window_->exportAnnotations(csv, false));
  const CellLabelMap exported = window_->project()->cellLabels(image.toStdString());

  // Into a second project of the same dataset.
  const QString second = tmp_.filePath(QStringLiteral("project2"));
  std::filesystem::remove_all(second.toStdString());
  QVERIFY(window_->newProject(second, {}, false));
  QVERIFY(window_->project()->cellLabels(image.toStdString()).empty());
  QCOMPARE(window_->importAnnotations(csv, false), 2LL);
  QCOMPARE(window_->project()->cellLabels(image.toStdString()), exported);
  QTRY_COMPARE(window_->viewer()->annotatedCells(), (QSet<int>{ids[0], ids[1]}));

  // A bad row changes nothing and names the file.
  const QString bad = tmp_.filePath(QStringLiteral("bad.csv"));
  {
    std::ofstream out(bad.toStdString());
    out << "ID,CellID,Labels\n" << image.toStdString() << "," << ids[0] << ",5\nnope,1,3\n";
  }
  QVERIFY(window_->importAnnotations(bad, false) < 0);
  QVERIFY(window_->lastError().contains(bad));
  QCOMPARE(window_->project()->cellLabels(image.toStdString()), exported);
}

void TestProjectWindow::runsAreRecordedInTheProject() {
  QVERIFY(window_->runRecorder() == nullptr);
  QVERIFY(window_->openDataset(data_, false));
  QVERIFY(window_->newProject(projectDir(), {}, false));
  RunRecorder* recorder = window_->runRecorder();
  QVERIFY(recorder != nullptr);
  cellcam::RunRecord run;
  run.name = "r1";
  run.kind = "predict";
  run.configJson = "{}";
  run.metricsJson = "{}";
  run.id = recorder->addRun(run);
  // A run started in one project ends in that project even after another one was opened.
  const QString second = tmp_.filePath(QStringLiteral("project3"));
  std::filesystem::remove_all(second.toStdString());
  QVERIFY(window_->newProject(second, {}, false));
  QVERIFY(window_->runRecorder() != recorder);
  run.status = "finished";
  recorder->updateRun(run);
  const auto runs = Project::open(projectDir().toStdString()).runs();
  QCOMPARE(runs.size(), std::size_t{1});
  QCOMPARE(runs[0].status, std::string("finished"));
  QVERIFY(window_->project()->runs().empty());
}

void TestProjectWindow::fitMappingWithAnnotationsReloadsTheModel() {
  const QString model = tmp_.filePath(QStringLiteral("fit/model.pt"));
  std::filesystem::create_directories(tmp_.filePath(QStringLiteral("fit")).toStdString());
  std::filesystem::copy_file(modelFile_.toStdString(), model.toStdString(),
                             std::filesystem::copy_options::overwrite_existing);
  QVERIFY(window_->openDataset(data_, false));
  QVERIFY(window_->newProject(projectDir(), {}, false));
  QVERIFY(window_->openModel(model, false));
  QTRY_VERIFY_WITH_TIMEOUT(window_->analysis()->cellTable() != nullptr, 60000);
  QVERIFY(!window_->analysis()->hasMapping());
  const auto table = window_->analysis()->cellTable();
  window_->annotationPanel()->setSelectedCells(window_->analysis()->imageId(), {table->cellIds[0]});
  window_->annotationPanel()->setCheckedLabels({4});
  window_->annotationPanel()->setCheckedOnSelection();

  FitMappingDialog* dialog = window_->showFitMappingDialog();
  QCOMPARE(QFileInfo(dialog->modelFile()), QFileInfo(model));
  QCOMPARE(QDir(dialog->dataDir()), QDir(data_));
  QVERIFY(dialog->annotationsCheckBox()->isEnabled());
  QVERIFY(dialog->annotationsCheckBox()->isChecked());
  QSignalSpy finished(dialog, &FitMappingDialog::fitFinished);
  QVERIFY(dialog->startFit() > 0);
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
  QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
  QCOMPARE(dialog->summary().annotatedCells, 1LL);
  // The open model is reloaded with its new mapping: the cells get GBR probabilities.
  QTRY_VERIFY_WITH_TIMEOUT(window_->analysis()->hasMapping(), 60000);
  QTRY_VERIFY_WITH_TIMEOUT(
      window_->analysis()->cellTable() != nullptr && !window_->analysis()->cellTable()->gbr.empty(),
      60000);
  bool recorded = false;
  for (const cellcam::RunRecord& run : window_->project()->runs())
    recorded |= run.kind == "fit-mapping" && run.status == "finished";
  QVERIFY(recorded);
  dialog->close();
}

void TestProjectWindow::segmentDatasetFromTheRunMenu() {
  QVERIFY(window_->openDataset(data_, false));
  QVERIFY(window_->newProject(projectDir(), {}, false));
  SegmentDialog* dialog = window_->showSegmentDialog();
  QCOMPARE(QDir(dialog->dataDir()), QDir(data_));
  QSignalSpy finished(dialog, &SegmentDialog::segmentationFinished);
  const int job = dialog->startSegmentation();
  QVERIFY(job > 0);
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
  QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
  // The job ran in the window's job list and wrote a label image per test image.
  QCOMPARE(window_->jobs()->job(job).state, JobState::Finished);
  for (const cellcam::ImageRecord& image : window_->datasetModel()->dataset().images())
    if (image.split == cellcam::Split::Test)
      QVERIFY(QFileInfo::exists(
          QDir(dialog->outputDir()).filePath(QString::fromStdString(image.id) + ".png")));
  // The run is in the project's history and the history panel shows it (no refresh needed).
  const auto runs = window_->project()->runs();
  QCOMPARE(runs.size(), std::size_t{1});
  QCOMPARE(runs[0].kind, std::string("segment"));
  QCOMPARE(runs[0].status, std::string("finished"));
  QCOMPARE(QDir(QString::fromStdString(runs[0].runDir)), QDir(dialog->outputDir()));
  const QJsonObject metrics =
      QJsonDocument::fromJson(QByteArray::fromStdString(runs[0].metricsJson)).object();
  QCOMPARE(metrics.value("images").toInt(), dialog->summary().images);
  QCOMPARE(metrics.value("cells").toDouble(), static_cast<double>(dialog->summary().cells));
  RunHistoryPanel* history = window_->runHistoryPanel();
  QCOMPARE(history->table()->rowCount(), 1);
  QCOMPARE(history->table()->item(0, RunHistoryPanel::StatusColumn)->text(),
           QStringLiteral("finished"));
  QVERIFY(history->table()
              ->item(0, RunHistoryPanel::ResultColumn)
              ->text()
              .startsWith(QStringLiteral("%1 images").arg(dialog->summary().images)));
  dialog->close();
}

void TestProjectWindow::runHistoryResumesATrainingRunAndOpensItsModel() {
  QVERIFY(window_->openDataset(data_, false));
  QVERIFY(window_->newProject(projectDir(), {}, false));
  RunHistoryPanel* history = window_->runHistoryPanel();
  const QString runDir = tmp_.filePath(QStringLiteral("history-run"));
  std::filesystem::remove_all(runDir.toStdString());

  TrainingDialog* dialog = window_->showTrainingDialog();
  dialog->setInteractive(false);
  cellcam::TrainConfig config = test::tinyTrainConfig(0.34);
  // Two training images make one step per epoch: enough epochs that the cancel below comes
  // while the run is still going.
  config.epochs = 8;
  dialog->setConfig(config);
  dialog->setRunDir(runDir);
  const int first = dialog->start();
  QVERIFY2(first > 0, qPrintable(dialog->lastError()));
  // Recorded at once and shown as running; no resume while this studio runs it.
  QCOMPARE(history->table()->rowCount(), 1);
  QVERIFY(history->selectRun(history->runs()[0].id));
  QCOMPARE(history->table()->item(0, RunHistoryPanel::StatusColumn)->text(),
           QStringLiteral("running"));
  QTRY_VERIFY_WITH_TIMEOUT(window_->trainingMonitor()->lossPointCount() > 0, 60000);
  QVERIFY(!history->resumeButton()->isEnabled());
  window_->trainingMonitor()->cancel();
  QVERIFY(window_->jobs()->waitForJob(first, 60000));
  QCOMPARE(window_->jobs()->job(first).state, JobState::Cancelled);
  QTRY_COMPARE(history->table()->item(0, RunHistoryPanel::StatusColumn)->text(),
               QStringLiteral("cancelled"));
  QVERIFY(history->resumeButton()->isEnabled());

  // Resume from the history: the training dialog comes up with the run's config, the run
  // folder and Resume ticked; starting it finishes the run.
  QTest::mouseClick(history->resumeButton(), Qt::LeftButton);
  TrainingDialog* resume = nullptr;
  for (TrainingDialog* d : window_->findChildren<TrainingDialog*>())
    if (d != dialog && d->isVisible()) resume = d;
  QVERIFY(resume != nullptr);
  resume->setInteractive(false);
  QVERIFY(resume->resume());
  QCOMPARE(QDir(resume->runDir()), QDir(runDir));
  QCOMPARE(resume->config().toJson(), config.toJson());
  QCOMPARE(QDir(resume->dataDir()), QDir(data_));
  const int second = resume->start();
  QVERIFY2(second > 0, qPrintable(resume->lastError()));
  QCOMPARE(history->table()->rowCount(), 2);
  QVERIFY(window_->jobs()->waitForJob(second, 120000));
  QVERIFY2(window_->jobs()->job(second).state == JobState::Finished,
           qPrintable(window_->jobs()->job(second).error));
  QTRY_COMPARE(history->table()->item(0, RunHistoryPanel::StatusColumn)->text(),
               QStringLiteral("finished"));
  QVERIFY2(history->table()
               ->item(0, RunHistoryPanel::ResultColumn)
               ->text()
               .contains(QStringLiteral("8 epoch(s)")),
           qPrintable(history->table()->item(0, RunHistoryPanel::ResultColumn)->text()));

  // Open the trained model from the history: the viewer loads it.
  QVERIFY(history->selectRun(history->runs()[0].id));
  QVERIFY(!history->resumeButton()->isEnabled());  // finished
  QVERIFY(history->openModelButton()->isEnabled());
  QTest::mouseClick(history->openModelButton(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(window_->analysis()->cellTable() != nullptr, 60000);
  QCOMPARE(QFileInfo(window_->analysis()->modelFile()),
           QFileInfo(history->modelFileOf(history->runs()[0])));

  // A screenshot of the history with the details of the finished run, for a person to look at.
  if (const QString folder = qEnvironmentVariable("CELLCAM_ARTIFACTS"); !folder.isEmpty()) {
    QDir().mkpath(folder);
    window_->runHistoryDock()->show();
    window_->runHistoryDock()->raise();
    QVERIFY(window_->grab().toImage().save(QDir(folder).filePath("run_history.png")));
  }

  // A run folder without config.json cannot be resumed: one sentence naming the file.
  QVERIFY(window_->showResumeDialog(tmp_.filePath(QStringLiteral("no-such-run")), false) ==
          nullptr);
  QVERIFY2(window_->lastError().contains(QStringLiteral("config.json")),
           qPrintable(window_->lastError()));
}

void TestProjectWindow::damagedProjectIsBackedUpAndTheOpenOneStays() {
  QVERIFY(window_->openDataset(data_, false));
  QVERIFY(window_->newProject(projectDir(), {}, false));
  const QString damaged = tmp_.filePath(QStringLiteral("damaged"));
  std::filesystem::create_directories(damaged.toStdString());
  {
    std::ofstream out((damaged + QStringLiteral("/project.sqlite")).toStdString(),
                      std::ios::binary);
    out << std::string(8192, 'x');
  }
  QVERIFY(!window_->openProject(damaged, false));
  QVERIFY(window_->lastError().contains(QStringLiteral("project.sqlite")));
  QVERIFY(window_->lastError().contains(QStringLiteral("damaged")));
  QCOMPARE(QDir(window_->projectFolder()), QDir(projectDir()));
  bool backup = false;
  for (const auto& entry : std::filesystem::directory_iterator(damaged.toStdString()))
    backup |= entry.path().filename().string().rfind("project.sqlite.damaged-", 0) == 0;
  QVERIFY(backup);
}

void TestProjectWindow::projectWhoseDatasetMovedStillOpens() {
  // A project on a copy of the data, annotated, then the copy is moved away.
  const QString copy = tmp_.filePath(QStringLiteral("data-copy"));
  std::filesystem::remove_all(copy.toStdString());
  std::filesystem::copy(data_.toStdString(), copy.toStdString(),
                        std::filesystem::copy_options::recursive);
  QVERIFY(window_->openDataset(copy, false));
  QVERIFY(window_->newProject(projectDir(), {}, false));
  QTRY_VERIFY_WITH_TIMEOUT(window_->viewer()->cells() != nullptr, 60000);
  const QString image = window_->analysis()->imageId();
  const int cell = window_->viewer()->cells()->cells.front().id;
  window_->annotationPanel()->setSelectedCells(image, {cell});
  window_->annotationPanel()->setCheckedLabels({9});
  window_->annotationPanel()->setCheckedOnSelection();
  window_->closeProject();
  QVERIFY(window_->openDataset(data_, false));
  std::filesystem::rename(copy.toStdString(), (copy + QStringLiteral("-moved")).toStdString());

  QVERIFY(window_->openProject(projectDir(), false));
  QVERIFY(window_->project() != nullptr);
  QVERIFY2(window_->lastError().contains(copy), qPrintable(window_->lastError()));
  // The annotations are there, and the dataset that was open stays open.
  QCOMPARE(window_->project()->cellLabels(image.toStdString()), (CellLabelMap{{cell, {9}}}));
  QCOMPARE(QDir(window_->datasetFolder()), QDir(data_));
  QVERIFY(window_->exportAnnotations(tmp_.filePath(QStringLiteral("moved.csv")), false));
}

void TestProjectWindow::killDuringAnnotationLosesNothingCommitted() {
  {
    QVERIFY(window_->openDataset(data_, false));
    QVERIFY(window_->newProject(projectDir(), {}, false));
    window_->closeProject();
  }
  QProcess child;
  child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
  child.start(QCoreApplication::applicationFilePath(),
              {QStringLiteral("--annotate-child"), projectDir()});
  QVERIFY(child.waitForStarted(20000));
  struct Committed {
    std::string image;
    int cell;
    int label;
  };
  std::vector<Committed> committed;
  QByteArray buffer;
  QElapsedTimer clock;
  clock.start();
  while (committed.size() < 25 && clock.elapsed() < 120000 && child.state() == QProcess::Running) {
    child.waitForReadyRead(1000);
    buffer += child.readAllStandardOutput();
    int end;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const QList<QByteArray> parts = buffer.left(end).trimmed().split(' ');
      buffer.remove(0, end + 1);
      if (parts.size() == 4 && parts[0] == "committed")
        committed.push_back({parts[1].toStdString(), parts[2].toInt(), parts[3].toInt()});
    }
  }
  QVERIFY2(committed.size() >= 25, "the studio under test did not annotate");
  child.kill();  // SIGKILL mid-run: no clean-up of any kind
  QVERIFY(child.waitForFinished(20000));
  QCOMPARE(child.exitStatus(), QProcess::CrashExit);

  // Every annotation reported as committed is there: the last label written to each cell.
  // (A change in flight when the kill came may or may not be there; nothing else may differ.)
  Project project = Project::open(projectDir().toStdString());
  std::map<int, int> expected;
  for (const Committed& c : committed) expected[c.cell] = c.label;
  const CellLabelMap found = project.cellLabels(committed.front().image);
  QVERIFY(found.size() <= expected.size() + 1);
  for (const auto& [cell, label] : expected) {
    const auto it = found.find(cell);
    QVERIFY2(it != found.end(), qPrintable(QStringLiteral("cell %1 lost").arg(cell)));
    // The cell may have moved on to its next label (the in-flight change) but only by one.
    const int next = (label + 1) % 18;
    QVERIFY2(it->second == std::vector<int>{label} || it->second == std::vector<int>{next},
             qPrintable(QStringLiteral("cell %1 has the wrong label").arg(cell)));
  }
}

int main(int argc, char** argv) {
  QSurfaceFormat::setDefaultFormat(CamSurfaceView::defaultFormat());
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("CellCAM-tests"));
  if (argc == 3 && QByteArray(argv[1]) == "--annotate-child") {
    QApplication::setApplicationName(QStringLiteral("project-window-child"));
    return runAnnotateChild(QString::fromLocal8Bit(argv[2]));
  }
  QApplication::setApplicationName(QStringLiteral("project-window"));
  TestProjectWindow test;
  return QTest::qExec(&test, argc, argv);
}

#include "test_project_window.moc"
