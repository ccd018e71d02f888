#pragma once
// Composing an ensemble from the GUI: families of models with weights, an optional image
// classifier, the sigmoid weight of the mapping and the TTA scales and flips, saved as an
// ensemble file (cellcam::EnsembleSpec::save) and recorded in the project.

#include <vector>

#include <QDialog>
#include <QString>
#include <QStringList>

#include "cellcam/ensemble.h"
#include "cellcam/project.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QMenu;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
class QToolButton;

namespace cellcam::ui {

/// The ensemble composer. Edits families (name, weight, model files; each model row shows
/// whether its GBR mapping file, mappingFileFor(), exists), the image classifier (models and
/// weight in [0, 1]), the mapping's sigmoid weight and the TTA scales and flips; every other
/// setting of a loaded ensemble (TTA batch, work size and precision, the mapping's other
/// settings, segmentation) is kept unchanged. A read-only preview shows the JSON that Save
/// writes. GUI thread only.
///
/// The project record (Project::saveEnsemble) holds the same JSON with model paths relative to
/// the project folder when they lie below it (absolute otherwise): read it back with
/// EnsembleSpec::fromJson(json, project->folder(), name).
class EnsembleDialog : public QDialog {
  Q_OBJECT

 public:
  explicit EnsembleDialog(QWidget* parent = nullptr);

  /// The project that saveTo() records ensembles in and whose saved ensembles the "Saved
  /// ensembles" list offers; may be null (none). Not owned; must outlive the dialog or be
  /// replaced first.
  void setProject(cellcam::Project* project);
  /// Model files offered in the "Add model" menus besides the file chooser.
  void setModelCandidates(const QStringList& modelFiles);

  /// Reads an ensemble file into the form. False (the form unchanged, the one-sentence error
  /// in message()) when the file cannot be read or is not a valid ensemble.
  bool loadFile(const QString& file);
  /// Loads the project's saved ensemble called `name`. False (with message()) when there is
  /// no project, no such ensemble or its JSON is bad.
  bool loadSaved(const QString& name);
  /// Validates the form (validationProblem()) and writes the ensemble file atomically and,
  /// when a project is set, records it there under name() (the file's base name when the name
  /// field is empty). False with one sentence in message() and nothing written when a check
  /// fails; emits ensembleSaved(file) on success.
  bool saveTo(const QString& file);

  /// The form's contents as an ensemble (not validated; unparsable TTA scales are left out).
  cellcam::EnsembleSpec spec() const;
  /// Fills the form from `spec` (the file name and the ensemble name are kept).
  void setSpec(const cellcam::EnsembleSpec& spec);
  /// One sentence naming what prevents saving, or an empty string: no family with a model, a
  /// family without models, a model file that does not exist, a negative weight, all family
  /// weights 0, bad TTA scales.
  QString validationProblem() const;

  QString name() const;
  void setName(const QString& name);
  /// The file last loaded or saved (empty for a new ensemble).
  QString currentFile() const { return currentFile_; }
  /// The last error or confirmation shown in the dialog.
  QString message() const;
  /// The JSON preview's text.
  QString previewText() const;

  /// Appends a family and selects it; returns its row.
  int addFamily(const QString& name, double weight = 1.0);
  /// Appends model files (made absolute) to family `row`.
  void addModels(int row, const QStringList& files);
  void setFamilyWeight(int row, double weight);
  /// Appends image classifier model files (made absolute).
  void addClassifierModels(const QStringList& files);

  QTableWidget* familiesTable() const { return families_; }
  QTableWidget* modelsTable() const { return models_; }
  QComboBox* savedEnsembles() const { return saved_; }
  QPushButton* saveButton() const { return save_; }
  QPushButton* saveAsButton() const { return saveAs_; }

 Q_SIGNALS:
  /// An ensemble file was written (and recorded in the project, when one is set).
  void ensembleSaved(const QString& file);

 private:
  struct Family {
    QStringList models;
  };

  void buildUi();
  QMenu* makeAddMenu(QToolButton* button, bool classifier);
  void rebuildAddMenus();
  void chooseModelFiles(bool classifier);
  void addCandidate(const QString& file, bool classifier);
  void onFamilySelected();
  void removeSelectedFamily();
  void removeSelectedModels();
  void removeSelectedClassifierModels();
  void fillModelRows(QTableWidget* table, const QStringList& models);
  void refreshSaved();
  void refreshPreview();
  void showMessage(const QString& text, bool error);
  void onSave();
  void onSaveAs();
  QString previewBaseDir() const;
  bool parseScales(std::vector<double>* scales) const;
  double familyWeight(int row) const;
  QString familyName(int row) const;

  cellcam::Project* project_ = nullptr;
  QStringList candidates_;
  QString currentFile_;
  cellcam::EnsembleSpec base_;  ///< Settings the form does not edit, kept from a loaded spec.
  std::vector<Family> data_;    ///< Per family row.
  bool updating_ = false;

  QLineEdit* name_ = nullptr;
  QComboBox* saved_ = nullptr;
  QTableWidget* families_ = nullptr;
  QTableWidget* models_ = nullptr;
  QToolButton* addModel_ = nullptr;
  QPushButton* removeModel_ = nullptr;
  QTableWidget* classifier_ = nullptr;
  QToolButton* addClassifier_ = nullptr;
  QDoubleSpinBox* classifierWeight_ = nullptr;
  QDoubleSpinBox* sigmoidWeight_ = nullptr;
  QLineEdit* scales_ = nullptr;
  QCheckBox* flips_ = nullptr;
  QPlainTextEdit* preview_ = nullptr;
  QLabel* message_ = nullptr;
  QPushButton* save_ = nullptr;
  QPushButton* saveAs_ = nullptr;
  QPushButton* cancel_ = nullptr;
};

}  // namespace cellcam::ui
