// Qt Test: the run history panel on a project with runs of every kind: newest first, kinds,
// statuses (a "running" record from before the panel is "not finished"), durations, the result
// figures of each kind, the details, and which actions each run offers.
#include <filesystem>
#include <fstream>

#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "cellcam/project.h"

#include "form_support.h"
#include "run_history_panel.h"

using namespace cellcam::ui;
using cellcam::RunRecord;

namespace {

void touch(const std::filesystem::path& file) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file) << "x";
}

QString cell(const RunHistoryPanel& panel, int row, int column) {
  const QTableWidgetItem* item = panel.table()->item(row, column);
  return item ? item->text() : QString();
}

std::string isoUtc(const QDateTime& t) { return t.toUTC().toString(Qt::ISODate).toStdString(); }

}  // namespace

class TestRunHistory : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
  void showsEveryKindNewestFirstWithItsFigures();
  void actionsFollowTheSelectedRun();
  void followsTheProject();
};

void TestRunHistory::showsEveryKindNewestFirstWithItsFigures() {
  QTemporaryDir tmp;
  cellcam::Project project = cellcam::Project::create(toPath(tmp.filePath("p")), {});
  const QDateTime now = QDateTime::currentDateTimeUtc();
  // Recorded before the panel exists: a "running" record is then one whose studio ended.
  RunRecord train{0,
                  "run-a",
                  "train",
                  R"({"epochs": 8})",
                  R"({"val_map": 0.6123, "val_macro_auc": 0.87149, "epochs_done": 8, "steps": 96})",
                  "/runs/a",
                  "finished",
                  isoUtc(now.addSecs(-4000)),
                  isoUtc(now.addSecs(-3935))};
  project.addRun(train);
  RunRecord stale{0, "run-b", "train", "{}", "{}", "/runs/b", "running", isoUtc(now.addSecs(-600)),
                  ""};
  project.addRun(stale);
  project.addRun({0, "model.pt", "fit-mapping", R"({"modelFile": "/runs/a/model.pt"})",
                  R"({"rows": 12345, "images": 40, "annotatedCells": 0})", "/runs/a", "finished",
                  isoUtc(now.addSecs(-300)), isoUtc(now.addSecs(-290))});
  project.addRun({0, "submission.csv", "predict", "{}",
                  R"({"images": 559, "cells": 20000, "bytes": 1048576})", "/out", "finished",
                  isoUtc(now.addSecs(-100)), isoUtc(now.addSecs(-98))});
  project.addRun({0, "data", "segment", "{}", "", "/seg", "failed", isoUtc(now.addSecs(-50)),
                  isoUtc(now.addSecs(-50))});

  RunHistoryPanel panel;
  panel.setProject(&project);
  QCOMPARE(panel.table()->rowCount(), 5);
  QCOMPARE(panel.runs().front().kind, std::string("segment"));
  QCOMPARE(panel.runs().back().name, std::string("run-a"));
  QCOMPARE(cell(panel, 0, RunHistoryPanel::KindColumn), QStringLiteral("Segmentation"));
  QCOMPARE(cell(panel, 0, RunHistoryPanel::StatusColumn), QStringLiteral("failed"));
  QCOMPARE(cell(panel, 0, RunHistoryPanel::ResultColumn), QString());  // no figures recorded
  QCOMPARE(cell(panel, 1, RunHistoryPanel::KindColumn), QStringLiteral("Export"));
  QCOMPARE(cell(panel, 1, RunHistoryPanel::DurationColumn), QStringLiteral("2 s"));
  QVERIFY2(cell(panel, 1, RunHistoryPanel::ResultColumn).startsWith("559 images · 20,000 cells · "),
           qPrintable(cell(panel, 1, RunHistoryPanel::ResultColumn)));
  QCOMPARE(cell(panel, 2, RunHistoryPanel::ResultColumn),
           QStringLiteral("12,345 rows · 40 images"));
  QCOMPARE(cell(panel, 3, RunHistoryPanel::StatusColumn), QStringLiteral("not finished"));
  QCOMPARE(cell(panel, 3, RunHistoryPanel::DurationColumn), QString());
  QCOMPARE(cell(panel, 4, RunHistoryPanel::KindColumn), QStringLiteral("Training"));
  QCOMPARE(cell(panel, 4, RunHistoryPanel::DurationColumn), QStringLiteral("1 min 5 s"));
  QCOMPARE(cell(panel, 4, RunHistoryPanel::ResultColumn),
           QStringLiteral("val mAP 0.612 · AUC 0.871 · 8 epoch(s)"));
  QCOMPARE(cell(panel, 4, RunHistoryPanel::NameColumn), QStringLiteral("run-a"));

  // A run recorded after the panel was created and still running is running.
  RunRecord live{0,    "run-c",   "train",   "{}",
                 "{}", "/runs/c", "running", isoUtc(QDateTime::currentDateTimeUtc()),
                 ""};
  live.id = project.addRun(live);
  panel.refresh();
  QCOMPARE(panel.runs().front().id, live.id);
  QCOMPARE(cell(panel, 0, RunHistoryPanel::StatusColumn), QStringLiteral("running"));
  QVERIFY(!cell(panel, 0, RunHistoryPanel::DurationColumn).isEmpty());

  // The details show the settings and results in full.
  QVERIFY(panel.selectRun(panel.runs().back().id));
  const QString details = panel.details()->toPlainText();
  QVERIFY2(details.contains("\"val_map\": 0.6123"), qPrintable(details));
  QVERIFY2(details.contains("\"epochs\": 8"), qPrintable(details));
  QVERIFY2(details.contains("/runs/a"), qPrintable(details));
  // The selection survives a refresh that adds a run above it.
  const long long selected = panel.selectedRunId();
  project.addRun({0, "run-d", "train", "{}", "{}", "/runs/d", "", "", ""});
  panel.refresh();
  QCOMPARE(panel.selectedRunId(), selected);
  QCOMPARE(panel.table()->rowCount(), 7);
}

void TestRunHistory::actionsFollowTheSelectedRun() {
  QTemporaryDir tmp;
  const std::filesystem::path root = toPath(tmp.path());
  cellcam::Project project = cellcam::Project::create(root / "p", {});
  // A finished training run with both models; a cancelled one with a checkpoint only; a failed
  // one without a checkpoint; a mapping fit whose model exists.
  touch(root / "done" / "model.pt");
  touch(root / "done" / "best.pt");
  touch(root / "stopped" / "checkpoint.pt");
  std::filesystem::create_directories(root / "broken");
  const auto id = [&](const char* name, const char* kind, const std::string& config,
                      const std::filesystem::path& dir, const char* status) {
    return project.addRun({0, name, kind, config, "{}", dir.string(), status, "", ""});
  };
  const long long done = id("done", "train", "{}", root / "done", "finished");
  const long long stopped = id("stopped", "train", "{}", root / "stopped", "cancelled");
  const long long broken = id("broken", "train", "{}", root / "broken", "failed");
  const long long fit = id("fit", "fit-mapping",
                           R"({"modelFile": ")" + (root / "done" / "model.pt").string() + R"("})",
                           root / "done", "finished");
  const long long gone = id("gone", "predict", "{}", root / "nowhere", "finished");

  RunHistoryPanel panel;
  panel.setProject(&project);
  QSignalSpy models(&panel, &RunHistoryPanel::openModelRequested);
  QSignalSpy resumes(&panel, &RunHistoryPanel::resumeRequested);
  QVERIFY(!panel.openFolderButton()->isEnabled());  // nothing selected

  QVERIFY(panel.selectRun(done));
  QVERIFY(panel.openFolderButton()->isEnabled());
  QVERIFY(panel.openModelButton()->isEnabled());
  QVERIFY(!panel.resumeButton()->isEnabled());  // finished
  QTest::mouseClick(panel.openModelButton(), Qt::LeftButton);
  QCOMPARE(models.count(), 1);
  QCOMPARE(toPath(models.at(0).at(0).toString()), root / "done" / "best.pt");

  QVERIFY(panel.selectRun(stopped));
  QVERIFY(!panel.openModelButton()->isEnabled());  // no model yet
  QVERIFY(panel.resumeButton()->isEnabled());
  QTest::mouseClick(panel.resumeButton(), Qt::LeftButton);
  QCOMPARE(resumes.count(), 1);
  QCOMPARE(toPath(resumes.at(0).at(0).toString()), root / "stopped");
  // Not while this studio runs it.
  panel.setActiveRunDirs({QString::fromStdString((root / "stopped").string() + "/")});
  QVERIFY(!panel.resumeButton()->isEnabled());
  panel.setActiveRunDirs({});
  QVERIFY(panel.resumeButton()->isEnabled());

  QVERIFY(panel.selectRun(broken));
  QVERIFY(!panel.resumeButton()->isEnabled());  // no checkpoint to resume from
  QVERIFY(panel.openFolderButton()->isEnabled());

  QVERIFY(panel.selectRun(fit));
  QVERIFY(panel.openModelButton()->isEnabled());
  QTest::mouseClick(panel.openModelButton(), Qt::LeftButton);
  QCOMPARE(models.count(), 2);
  QCOMPARE(toPath(models.at(1).at(0).toString()), root / "done" / "model.pt");
  QVERIFY(!panel.resumeButton()->isEnabled());

  QVERIFY(panel.selectRun(gone));
  QVERIFY(!panel.openFolderButton()->isEnabled());  // the folder is gone
  QVERIFY(!panel.openModelButton()->isEnabled());
  QVERIFY(!panel.selectRun(9999));
}

void TestRunHistory::followsTheProject() {
  QTemporaryDir tmp;
  cellcam::Project a = cellcam::Project::create(toPath(tmp.filePath("a")), {});
  cellcam::Project b = cellcam::Project::create(toPath(tmp.filePath("b")), {});
  a.addRun({0, "only-a", "predict", "{}", "{}", "/x", "finished", "", ""});
  RunHistoryPanel panel;
  QCOMPARE(panel.table()->rowCount(), 0);
  panel.setProject(&a);
  QCOMPARE(panel.table()->rowCount(), 1);
  panel.setProject(&b);
  QCOMPARE(panel.table()->rowCount(), 0);
  panel.setProject(nullptr);
  QCOMPARE(panel.table()->rowCount(), 0);
  panel.setProject(&a);
  QVERIFY(panel.selectRun(panel.runs()[0].id));
  QVERIFY(panel.message()->isHidden());
  // A record that a newer CellCAM wrote (an unknown kind) is shown as it is.
  QCOMPARE(RunHistoryPanel::resultText({0, "x", "dance", "{}", R"({"rows": 1})", "", "", "", ""}),
           QString());
}

QTEST_MAIN(TestRunHistory)
#include "test_run_history.moc"
