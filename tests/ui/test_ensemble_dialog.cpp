// Qt Test: the ensemble composer on real (untrained) models: two families and an image
// classifier saved as an ensemble file that core loads and runs, recorded in the project,
// loaded back (from the file and from the project), and refused cases that write nothing.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>
#include <nlohmann/json.hpp>

#include "cellcam/cam_model.h"
#include "cellcam/ensemble.h"
#include "cellcam/error.h"
#include "cellcam/mapping.h"
#include "cellcam/project.h"

#include "ensemble_dialog.h"
#include "gui_test_support.h"

using namespace cellcam::ui;

namespace {

namespace fs = std::filesystem;

fs::path toPath(const QString& text) { return fs::path(text.toStdString()); }

QString readAll(const QString& file) {
  QFile f(file);
  if (!f.open(QIODevice::ReadOnly)) return QString();
  return QString::fromUtf8(f.readAll());
}

/// Triggers the "Add model" menu entry of `file` (the candidates offered beside the chooser).
bool triggerCandidate(EnsembleDialog& dialog, const char* button, const QString& file) {
  auto* tool = dialog.findChild<QToolButton*>(QLatin1String(button));
  if (!tool || !tool->menu()) return false;
  for (QAction* action : tool->menu()->actions())
    if (action->data().toString() == file) {
      action->trigger();
      return true;
    }
  return false;
}

/// The dialog's push button labelled `text` (English; the tests run untranslated).
QPushButton* button(EnsembleDialog& dialog, const char* text) {
  for (QPushButton* b : dialog.findChildren<QPushButton*>())
    if (b->text() == QLatin1String(text)) return b;
  qFatal("no button %s", text);
  return nullptr;
}

}  // namespace

class TestEnsembleDialog : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void savesTwoFamiliesThatCoreLoadsAndTheProjectRecords();
  void loadsBackIntoAFreshDialogFromTheFileAndTheProject();
  void refusedEnsemblesWriteNothing();

 private:
  QString model(const QString& name) const {
    return tmp_.filePath(QStringLiteral("models/") + name);
  }
  QTemporaryDir tmp_;
  std::unique_ptr<cellcam::Project> project_;
  QString saved_;  ///< The file written by the first test.
};

void TestEnsembleDialog::initTestCase() {
  QVERIFY(tmp_.isValid());
  for (const char* name : {"a0/model.pt", "a1/model.pt", "b0/model.pt"}) {
    const fs::path file = toPath(model(QString::fromLatin1(name)));
    fs::create_directories(file.parent_path());
    cellcam::ui::test::saveRandomModel(file, 64);
  }
  // A fitted GBR mapping next to a0 only (a monotone toy curve).
  cellcam::GbrConfig g;
  g.rounds = 10;
  cellcam::GbrMapping mapping(g);
  std::vector<float> z, t;
  for (int i = 0; i < 200; ++i) {
    z.push_back(-3.0f + 0.03f * static_cast<float>(i));
    t.push_back(i > 120 ? 1.0f : 0.0f);
  }
  mapping.fit(z, t);
  mapping.save(cellcam::mappingFileFor(toPath(model(QStringLiteral("a0/model.pt")))));
  project_ = std::make_unique<cellcam::Project>(
      cellcam::Project::create(toPath(tmp_.filePath(QStringLiteral("project"))), {}));
}

void TestEnsembleDialog::savesTwoFamiliesThatCoreLoadsAndTheProjectRecords() {
  const QString a0 = model(QStringLiteral("a0/model.pt"));
  const QString a1 = model(QStringLiteral("a1/model.pt"));
  const QString b0 = model(QStringLiteral("b0/model.pt"));
  EnsembleDialog dialog;
  dialog.setProject(project_.get());
  dialog.setModelCandidates({a0, a1, b0});
  dialog.show();
  QCOMPARE(dialog.savedEnsembles()->count(), 1);  // only the placeholder

  dialog.setName(QStringLiteral("folds"));
  const int resnest = dialog.addFamily(QStringLiteral("resnest"), 0.7);
  dialog.addModels(resnest, {a0, a1});
  // The selected family's model rows show whether a GBR mapping sits next to the model.
  QCOMPARE(dialog.modelsTable()->rowCount(), 2);
  QCOMPARE(dialog.modelsTable()->item(0, 1)->data(Qt::UserRole).toBool(), true);
  QCOMPARE(dialog.modelsTable()->item(1, 1)->data(Qt::UserRole).toBool(), false);
  // The second family through the "Add family" button and the "Add model" menu's candidates.
  button(dialog, "Add family")->click();
  QCOMPARE(dialog.familiesTable()->rowCount(), 2);
  QCOMPARE(dialog.familiesTable()->currentRow(), 1);
  QCOMPARE(dialog.modelsTable()->rowCount(), 0);
  dialog.familiesTable()->item(1, 0)->setText(QStringLiteral("effnet"));
  dialog.setFamilyWeight(1, 0.3);
  QVERIFY(triggerCandidate(dialog, "addModel", b0));
  QCOMPARE(dialog.modelsTable()->rowCount(), 1);
  QVERIFY(triggerCandidate(dialog, "addClassifierModel", b0));
  dialog.findChild<QDoubleSpinBox*>(QStringLiteral("classifierWeight"))->setValue(0.25);
  dialog.findChild<QDoubleSpinBox*>(QStringLiteral("sigmoidWeight"))->setValue(0.35);
  dialog.findChild<QLineEdit*>(QStringLiteral("ttaScales"))->setText(QStringLiteral("1.0, 1.25"));
  dialog.findChild<QCheckBox*>(QStringLiteral("ttaFlips"))->setChecked(false);
  QVERIFY2(dialog.validationProblem().isEmpty(), qPrintable(dialog.validationProblem()));
  // The preview shows the file to be written (project-relative paths until a file is chosen).
  QVERIFY(dialog.previewText().contains(QStringLiteral("\"effnet\"")));
  QVERIFY(dialog.previewText().contains(QStringLiteral("1.25")));

  QVERIFY(QDir().mkpath(tmp_.filePath(QStringLiteral("ens"))));
  saved_ = tmp_.filePath(QStringLiteral("ens/folds.json"));
  QSignalSpy savedSpy(&dialog, &EnsembleDialog::ensembleSaved);
  QVERIFY2(dialog.saveTo(saved_), qPrintable(dialog.message()));
  QCOMPARE(savedSpy.count(), 1);
  QCOMPARE(savedSpy.at(0).at(0).toString(), QFileInfo(saved_).absoluteFilePath());
  QCOMPARE(dialog.previewText() + QStringLiteral("\n"), readAll(saved_));

  // Core reads back the same families, weights and paths and the edited settings.
  const cellcam::EnsembleSpec spec = cellcam::EnsembleSpec::load(toPath(saved_));
  QCOMPARE(spec.families.size(), std::size_t{2});
  QCOMPARE(spec.families[0].name, std::string("resnest"));
  QCOMPARE(spec.families[0].weight, 0.7);
  QCOMPARE(spec.families[0].models, (std::vector<fs::path>{toPath(a0), toPath(a1)}));
  QCOMPARE(spec.families[1].name, std::string("effnet"));
  QCOMPARE(spec.families[1].weight, 0.3);
  QCOMPARE(spec.families[1].models, std::vector<fs::path>{toPath(b0)});
  QCOMPARE(spec.imageClassifier.models, std::vector<fs::path>{toPath(b0)});
  QCOMPARE(spec.imageClassifier.weight, 0.25);
  QCOMPARE(spec.mapping.sigmoidWeight, 0.35);
  QCOMPARE(spec.tta.scales, (std::vector<double>{1.0, 1.25}));
  QCOMPARE(spec.tta.flips, false);
  // ... and loads it as an ensemble: three CAM models, a0's mapping found, the others warned.
  const cellcam::Ensemble ensemble = cellcam::Ensemble::load(spec);
  QCOMPARE(ensemble.camModelCount(), 3);
  QCOMPARE(ensemble.warnings().size(), std::size_t{2});

  // The project records it under its name, with the same content.
  const std::vector<cellcam::EnsembleRecord> records = project_->ensembles();
  QCOMPARE(records.size(), std::size_t{1});
  QCOMPARE(records[0].name, std::string("folds"));
  const cellcam::EnsembleSpec recorded =
      cellcam::EnsembleSpec::fromJson(records[0].json, project_->folder(), "record");
  QCOMPARE(recorded.toJson({}), spec.toJson({}));
  QCOMPARE(dialog.savedEnsembles()->count(), 2);
  QCOMPARE(dialog.savedEnsembles()->currentText(), QStringLiteral("folds"));

  // Saved next to the models, the paths are written relative to the file.
  const QString nearby = model(QStringLiteral("near.json"));
  QVERIFY2(dialog.saveTo(nearby), qPrintable(dialog.message()));
  const nlohmann::json json = nlohmann::json::parse(readAll(nearby).toStdString());
  QCOMPARE(json["families"][0]["models"][0].get<std::string>(), std::string("a0/model.pt"));
  QCOMPARE(json["imageClassifier"]["models"][0].get<std::string>(), std::string("b0/model.pt"));
  QCOMPARE(project_->ensembles().size(), std::size_t{1});  // replaced, not added

  // A screenshot for the artifacts folder.
  const QString shot =
      QDir(cellcam::ui::test::artifactsDir()).filePath(QStringLiteral("ensemble_dialog.png"));
  dialog.familiesTable()->selectRow(0);
  QVERIFY(dialog.grab().toImage().save(shot));
  qInfo("screenshot: %s", qPrintable(shot));
}

void TestEnsembleDialog::loadsBackIntoAFreshDialogFromTheFileAndTheProject() {
  QVERIFY(!saved_.isEmpty());
  const cellcam::EnsembleSpec original = cellcam::EnsembleSpec::load(toPath(saved_));
  {
    EnsembleDialog dialog;
    dialog.show();
    QVERIFY2(dialog.loadFile(saved_), qPrintable(dialog.message()));
    QCOMPARE(dialog.currentFile(), QFileInfo(saved_).absoluteFilePath());
    QCOMPARE(dialog.name(), QStringLiteral("folds"));
    QCOMPARE(dialog.familiesTable()->rowCount(), 2);
    QCOMPARE(dialog.familiesTable()->item(1, 0)->text(), QStringLiteral("effnet"));
    dialog.familiesTable()->selectRow(0);
    QCOMPARE(dialog.modelsTable()->rowCount(), 2);
    QCOMPARE(dialog.findChild<QLineEdit*>(QStringLiteral("ttaScales"))->text(),
             QStringLiteral("1, 1.25"));
    QCOMPARE(dialog.spec().toJson({}), original.toJson({}));

    // Save (the loaded file) writes the edit and closes the dialog.
    dialog.setFamilyWeight(1, 0.5);
    QSignalSpy savedSpy(&dialog, &EnsembleDialog::ensembleSaved);
    QTest::mouseClick(dialog.saveButton(), Qt::LeftButton);
    QCOMPARE(savedSpy.count(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(cellcam::EnsembleSpec::load(toPath(saved_)).families[1].weight, 0.5);
  }
  {
    // From the project's list (paths in the record are relative to the project or absolute).
    EnsembleDialog dialog;
    dialog.setProject(project_.get());
    dialog.show();
    QComboBox* combo = dialog.savedEnsembles();
    const int index = combo->findData(QStringLiteral("folds"));
    QVERIFY(index > 0);
    combo->setCurrentIndex(index);
    Q_EMIT combo->activated(index);
    QCOMPARE(dialog.name(), QStringLiteral("folds"));
    QVERIFY(dialog.currentFile().isEmpty());
    QCOMPARE(dialog.familiesTable()->rowCount(), 2);
    QCOMPARE(dialog.spec().families[0].models, original.families[0].models);
    QVERIFY(!dialog.loadSaved(QStringLiteral("nothing")));
    QVERIFY(dialog.message().contains(QStringLiteral("nothing")));
  }
}

void TestEnsembleDialog::refusedEnsemblesWriteNothing() {
  const QString a0 = model(QStringLiteral("a0/model.pt"));
  const QString out = tmp_.filePath(QStringLiteral("refused/e.json"));
  QVERIFY(QDir().mkpath(tmp_.filePath(QStringLiteral("refused"))));
  const std::size_t recordsBefore = project_->ensembles().size();
  EnsembleDialog dialog;
  dialog.setProject(project_.get());
  dialog.setName(QStringLiteral("refused"));
  dialog.show();
  QSignalSpy savedSpy(&dialog, &EnsembleDialog::ensembleSaved);
  auto refused = [&](const QString& expected) {
    if (dialog.saveTo(out)) return false;
    if (!dialog.message().contains(expected)) {
      qWarning() << "message:" << dialog.message() << "expected:" << expected;
      return false;
    }
    return !QFileInfo::exists(out) && savedSpy.isEmpty() &&
           project_->ensembles().size() == recordsBefore;
  };

  // No model at all (no family, then a family without models).
  QVERIFY(refused(QStringLiteral("at least one model")));
  // Clicking Save with nothing to save shows the sentence instead of a file chooser.
  QTest::mouseClick(dialog.saveButton(), Qt::LeftButton);
  QVERIFY(dialog.message().contains(QStringLiteral("at least one model")));
  QVERIFY(dialog.isVisible());
  const int first = dialog.addFamily(QStringLiteral("first"), 1.0);
  QVERIFY(refused(QStringLiteral("at least one model")));

  // A missing model file.
  const QString missing = tmp_.filePath(QStringLiteral("models/gone/model.pt"));
  dialog.addModels(first, {missing});
  QCOMPARE(dialog.modelsTable()->item(0, 0)->foreground().color(), QColor(Qt::red));
  QVERIFY(refused(QStringLiteral("gone")));
  // A real model in a second family, then the first family removed.
  const int second = dialog.addFamily(QStringLiteral("second"), 0.0);
  dialog.addModels(second, {a0});
  QVERIFY(refused(QStringLiteral("gone")));
  dialog.familiesTable()->selectRow(first);
  button(dialog, "Remove family")->click();
  QCOMPARE(dialog.familiesTable()->rowCount(), 1);

  // Every family weight 0.
  QVERIFY(refused(QStringLiteral("weights are 0")));
  dialog.setFamilyWeight(0, 2.0);

  // A family without models beside one with.
  dialog.addFamily(QStringLiteral("empty"), 1.0);
  QVERIFY(refused(QStringLiteral("“empty” has no models")));
  QCOMPARE(dialog.familiesTable()->currentRow(), 1);
  button(dialog, "Remove family")->click();
  QCOMPARE(dialog.familiesTable()->rowCount(), 1);

  // Bad TTA scales.
  auto* scales = dialog.findChild<QLineEdit*>(QStringLiteral("ttaScales"));
  scales->setText(QStringLiteral("1.0, big"));
  QVERIFY(refused(QStringLiteral("TTA scales")));
  scales->setText(QStringLiteral("1.0, 9"));
  QVERIFY(refused(QStringLiteral("9")));
  scales->setText(QStringLiteral("1.0"));

  // A missing image classifier model.
  dialog.addClassifierModels({missing});
  QVERIFY(refused(QStringLiteral("gone")));

  // A bad ensemble file does not load and leaves the form as it was.
  const QString bad = tmp_.filePath(QStringLiteral("refused/bad.json"));
  {
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"families": [{"name": "x", "models": []}]})");
  }
  const std::string before = dialog.spec().toJson({});
  QVERIFY(!dialog.loadFile(bad));
  QVERIFY(dialog.message().contains(QStringLiteral("bad.json")));
  QCOMPARE(dialog.spec().toJson({}), before);
}

QTEST_MAIN(TestEnsembleDialog)
#include "test_ensemble_dialog.moc"
