// Qt Test: cell annotation (panel, undo/redo, persistence) and the review queue.
#include <memory>
#include <vector>

#include <QCheckBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include "cellcam/classes.h"
#include "cellcam/project.h"

#include "annotation_panel.h"
#include "review_queue.h"

using cellcam::CellLabelMap;
using cellcam::Project;
using cellcam::ui::AnnotationPanel;
using cellcam::ui::CellReviewRecord;
using cellcam::ui::ReviewQueueModel;
using cellcam::ui::ReviewQueuePanel;

class TestAnnotation : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void init();
  void cleanup();
  void annotateUndoRedoCloseAndReopen();
  void hotkeysSetLabels();
  void negativeIsExclusiveInTheChecklist();
  void refusedChangeIsReportedAndNotKept();
  void acceptPredictedLabels();
  void reviewQueueOrdersCellsToCheckFirst();
  void reviewQueueDoubleClickActivatesTheCell();

 private:
  std::filesystem::path folder() const { return (tmp_->path() + "/proj").toStdString(); }
  QPushButton* button(const char* name) const {
    return panel_->findChild<QPushButton*>(QString::fromLatin1(name));
  }

  std::unique_ptr<QTemporaryDir> tmp_;
  std::unique_ptr<Project> project_;
  std::unique_ptr<AnnotationPanel> panel_;
};

void TestAnnotation::init() {
  tmp_ = std::make_unique<QTemporaryDir>();
  QVERIFY(tmp_->isValid());
  project_ = std::make_unique<Project>(Project::create(folder(), {}));
  project_->addImages({{"img1", "train", {0, 5}}, {"img2", "test", {}}});
  std::vector<cellcam::ProjectCell> cells;
  for (int id = 1; id <= 6; ++id) cells.push_back({id, 50, 1.0 * id, 2.0 * id});
  project_->setCells("img1", "builtin:{}", cells);
  panel_ = std::make_unique<AnnotationPanel>();
  panel_->setProject(project_.get());
}

void TestAnnotation::cleanup() {
  panel_.reset();
  project_.reset();
  tmp_.reset();
}

void TestAnnotation::annotateUndoRedoCloseAndReopen() {
  QSignalSpy changed(panel_.get(), &AnnotationPanel::annotationsChanged);
  panel_->setSelectedCells(QStringLiteral("img1"), {3, 4});
  panel_->setCheckedLabels({2, 5});
  QTest::mouseClick(button("setButton"), Qt::LeftButton);
  QCOMPARE(changed.count(), 1);
  QCOMPARE(changed.at(0).at(0).toString(), QStringLiteral("img1"));
  QCOMPARE(project_->cellLabels("img1"), (CellLabelMap{{3, {2, 5}}, {4, {2, 5}}}));
  QCOMPARE(panel_->annotatedCells(QStringLiteral("img1")), (QSet<int>{3, 4}));

  panel_->setSelectedCells(QStringLiteral("img1"), {4});
  QCOMPARE(panel_->checkedLabels(), (QList<int>{2, 5}));  // the checklist shows cell 4's labels
  panel_->setCheckedLabels({7});
  QTest::mouseClick(button("setButton"), Qt::LeftButton);
  QCOMPARE(project_->cellLabels("img1"), (CellLabelMap{{3, {2, 5}}, {4, {7}}}));
  QCOMPARE(panel_->undoStack()->count(), 2);

  panel_->undoAction()->trigger();
  QCOMPARE(project_->cellLabels("img1"), (CellLabelMap{{3, {2, 5}}, {4, {2, 5}}}));
  panel_->undoAction()->trigger();
  QVERIFY(project_->cellLabels("img1").empty());
  QVERIFY(panel_->annotatedCells(QStringLiteral("img1")).isEmpty());
  panel_->redoAction()->trigger();
  QCOMPARE(project_->cellLabels("img1"), (CellLabelMap{{3, {2, 5}}, {4, {2, 5}}}));
  QCOMPARE(changed.count(), 5);

  // Clear one cell, then close the project without saving anything else and reopen it.
  panel_->setSelectedCells(QStringLiteral("img1"), {3});
  QTest::mouseClick(button("clearButton"), Qt::LeftButton);
  QCOMPARE(project_->cellLabels("img1"), (CellLabelMap{{4, {2, 5}}}));
  panel_->setProject(nullptr);
  QCOMPARE(panel_->undoStack()->count(), 0);
  QVERIFY(!button("setButton")->isEnabled());
  project_.reset();

  project_ = std::make_unique<Project>(Project::open(folder()));
  QCOMPARE(project_->cellLabels("img1"), (CellLabelMap{{4, {2, 5}}}));
  panel_->setProject(project_.get());
  QCOMPARE(panel_->annotatedCells(QStringLiteral("img1")), (QSet<int>{4}));
  QCOMPARE(panel_->cellLabels(QStringLiteral("img1")).value(4), (QList<int>{2, 5}));
}

void TestAnnotation::hotkeysSetLabels() {
  panel_->show();
  panel_->activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(panel_.get()));
  panel_->setFocus();
  panel_->setSelectedCells(QStringLiteral("img1"), {1, 2});
  QVERIFY(panel_->classBox(0)->toolTip().contains(QStringLiteral("1")));

  QTest::keyClick(panel_.get(), Qt::Key_3);  // class 2
  QTest::keyClick(panel_.get(), Qt::Key_Q);  // class 10
  QTest::keyClick(panel_.get(), Qt::Key_0);  // class 9
  QCOMPARE(panel_->checkedLabels(), (QList<int>{2, 9, 10}));
  QTest::keyClick(panel_.get(), Qt::Key_0);  // toggles class 9 off again
  QTest::keyClick(panel_.get(), Qt::Key_Return);
  QCOMPARE(project_->cellLabels("img1"), (CellLabelMap{{1, {2, 10}}, {2, {2, 10}}}));

  QTest::keyClick(panel_.get(), Qt::Key_O);  // Negative, exclusive
  QCOMPARE(panel_->checkedLabels(), (QList<int>{cellcam::kNegativeClass}));
  QTest::keyClick(panel_.get(), Qt::Key_Return);
  QCOMPARE(project_->cellLabels("img1"), (CellLabelMap{{1, {18}}, {2, {18}}}));

  QTest::keyClick(panel_.get(), Qt::Key_Delete);
  QVERIFY(project_->cellLabels("img1").empty());
  QTest::keyClick(panel_.get(), Qt::Key_Z, Qt::ControlModifier);  // undo the clear
  QCOMPARE(project_->cellLabels("img1"), (CellLabelMap{{1, {18}}, {2, {18}}}));
  QTest::keyClick(panel_.get(), Qt::Key_Z, Qt::ControlModifier);
  QCOMPARE(project_->cellLabels("img1"), (CellLabelMap{{1, {2, 10}}, {2, {2, 10}}}));
}

void TestAnnotation::negativeIsExclusiveInTheChecklist() {
  panel_->classBox(3)->setChecked(true);
  panel_->classBox(4)->setChecked(true);
  panel_->classBox(cellcam::kNegativeClass)->setChecked(true);
  QCOMPARE(panel_->checkedLabels(), (QList<int>{18}));
  panel_->classBox(1)->setChecked(true);
  QCOMPARE(panel_->checkedLabels(), (QList<int>{1}));
}

void TestAnnotation::refusedChangeIsReportedAndNotKept() {
  QSignalSpy errors(panel_.get(), &AnnotationPanel::errorOccurred);
  panel_->setSelectedCells(QStringLiteral("img1"), {2, 99});  // 99 is no cell of img1
  panel_->setCheckedLabels({1});
  panel_->setCheckedOnSelection();
  QCOMPARE(errors.count(), 1);
  QVERIFY2(errors.at(0).at(0).toString().contains(QStringLiteral("99")),
           qPrintable(errors.at(0).at(0).toString()));
  QVERIFY(project_->cellLabels("img1").empty());
  QCOMPARE(panel_->undoStack()->count(), 0);  // no undo step for a change that did not happen
}

void TestAnnotation::acceptPredictedLabels() {
  panel_->setSelectedCells(QStringLiteral("img1"), {5, 6}, {{5, {0}}, {6, {0, 5}}, {1, {3}}});
  QVERIFY(button("acceptButton")->isEnabled());
  QTest::mouseClick(button("acceptButton"), Qt::LeftButton);
  QCOMPARE(project_->cellLabels("img1"), (CellLabelMap{{5, {0}}, {6, {0, 5}}}));
  panel_->undoAction()->trigger();
  QVERIFY(project_->cellLabels("img1").empty());
  panel_->setSelectedCells(QStringLiteral("img1"), {2});
  QVERIFY(!button("acceptButton")->isEnabled());  // no prediction for cell 2
}

namespace {

CellReviewRecord record(int cell, QList<int> imageLabels, std::vector<std::pair<int, float>> finalP,
                        int disagreeClass = 0, float sigmoid = 0, float gbr = 0) {
  CellReviewRecord r;
  r.imageId = QStringLiteral("img");
  r.cellId = cell;
  r.imageLabels = imageLabels;
  r.final.assign(cellcam::kNumClasses, 0.01f);
  for (auto [c, p] : finalP) r.final[static_cast<std::size_t>(c)] = p;
  r.sigmoid = r.final;
  r.gbr = r.final;
  if (sigmoid != gbr) {
    r.sigmoid[static_cast<std::size_t>(disagreeClass)] = sigmoid;
    r.gbr[static_cast<std::size_t>(disagreeClass)] = gbr;
  }
  return r;
}

std::vector<CellReviewRecord> handRecords() {
  std::vector<CellReviewRecord> records;
  records.push_back(record(1, {0}, {{0, 0.9f}}));                 // confident, in labels: 0.1
  records.push_back(record(2, {0}, {{0, 0.2f}, {5, 0.8f}}));      // 5 outside {0}: 3.2
  records.push_back(record(3, {0}, {{0, 0.3f}}));                 // uncertain: 0.7
  records.push_back(record(4, {0}, {{0, 0.9f}}, 0, 1.0f, 0.2f));  // mappings disagree: 0.9
  records.push_back(record(5, {}, {{7, 0.95f}}));                 // test image: 0.05
  CellReviewRecord broken = record(6, {0}, {{0, 0.5f}});
  broken.gbr.resize(3);
  records.push_back(broken);
  return records;
}

}  // namespace

void TestAnnotation::reviewQueueOrdersCellsToCheckFirst() {
  ReviewQueuePanel panel;
  panel.setRecords(handRecords());
  QCOMPARE(panel.model()->skippedRecords(), 1);
  QSortFilterProxyModel* proxy = panel.proxy();
  QCOMPARE(proxy->rowCount(), 5);
  QList<int> order;
  for (int row = 0; row < proxy->rowCount(); ++row)
    order << proxy->index(row, ReviewQueueModel::CellColumn).data().toInt();
  QCOMPARE(order, (QList<int>{2, 4, 3, 1, 5}));
  const QString why = proxy->index(0, ReviewQueueModel::ReasonColumn).data().toString();
  QVERIFY2(why.contains(QStringLiteral("outside")), qPrintable(why));
  QVERIFY(proxy->index(2, ReviewQueueModel::ReasonColumn)
              .data()
              .toString()
              .contains(QStringLiteral("low top probability")));
  const double disagreement = proxy->index(1, ReviewQueueModel::DisagreementColumn)
                                  .data(ReviewQueueModel::SortRole)
                                  .toDouble();
  QVERIFY2(qAbs(disagreement - 0.8) < 1e-6, qPrintable(QString::number(disagreement)));
  // Sorting by top probability, ascending: the uncertain cell first.
  panel.view()->sortByColumn(ReviewQueueModel::TopProbabilityColumn, Qt::AscendingOrder);
  QCOMPARE(proxy->index(0, ReviewQueueModel::CellColumn).data().toInt(), 3);
  QCOMPARE(proxy->index(1, ReviewQueueModel::CellColumn).data().toInt(), 2);
  QCOMPARE(proxy->index(4, ReviewQueueModel::CellColumn).data().toInt(), 5);
  // A test image (no labels) never counts as "outside".
  panel.model()->setThresholds(0.5, 0.5);
  for (int row = 0; row < panel.model()->rowCount(); ++row)
    if (panel.model()->review(row).record.cellId == 5)
      QVERIFY(panel.model()->review(row).outside.isEmpty());
}

void TestAnnotation::reviewQueueDoubleClickActivatesTheCell() {
  ReviewQueuePanel panel;
  panel.resize(900, 400);
  panel.setRecords(handRecords());
  panel.show();
  QVERIFY(QTest::qWaitForWindowExposed(&panel));
  QSignalSpy activated(&panel, &ReviewQueuePanel::cellActivated);
  const QRect rect =
      panel.view()->visualRect(panel.proxy()->index(1, ReviewQueueModel::CellColumn));
  QVERIFY(rect.isValid());
  // A double click is a click followed by a double-click event at the same place.
  QTest::mouseClick(panel.view()->viewport(), Qt::LeftButton, {}, rect.center());
  QTest::mouseDClick(panel.view()->viewport(), Qt::LeftButton, {}, rect.center());
  QCOMPARE(activated.count(), 1);
  QCOMPARE(activated.at(0).at(0).toString(), QStringLiteral("img"));
  QCOMPARE(activated.at(0).at(1).toInt(), 4);
}

QTEST_MAIN(TestAnnotation)
#include "test_annotation.moc"
