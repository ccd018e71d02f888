#include "ensemble_dialog.h"

#include <exception>
#include <filesystem>
#include <string>

#include <QAbstractItemView>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "cellcam/error.h"

#include "form_support.h"

namespace cellcam::ui {

namespace {

namespace fs = std::filesystem;

/// Shortest text that reads back as the same double (1.3, not 1.3000000000000000444).
QString numberText(double v) { return QString::number(v, 'g', QLocale::FloatingPointShortest); }

QTableWidget* modelTable(const QStringList& headers) {
  auto* table = new QTableWidget(0, headers.size());
  table->setHorizontalHeaderLabels(headers);
  table->setSelectionBehavior(QAbstractItemView::SelectRows);
  table->setSelectionMode(QAbstractItemView::ExtendedSelection);
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  table->verticalHeader()->setVisible(false);
  return table;
}

}  // namespace

EnsembleDialog::EnsembleDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Compose ensemble"));
  buildUi();
  setProject(nullptr);
  setSpec(cellcam::EnsembleSpec());  // the default settings, no families
}

void EnsembleDialog::buildUi() {
  name_ = new QLineEdit;
  name_->setPlaceholderText(tr("name under which the project keeps the ensemble"));
  saved_ = new QComboBox;
  saved_->setToolTip(tr("Load an ensemble saved in the project"));

  // Families and the selected family's models.
  families_ = new QTableWidget(0, 2);
  families_->setHorizontalHeaderLabels({tr("Family"), tr("Weight")});
  families_->setSelectionBehavior(QAbstractItemView::SelectRows);
  families_->setSelectionMode(QAbstractItemView::SingleSelection);
  families_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  families_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Fixed);
  families_->setColumnWidth(1, 110);  // the weight spin boxes
  families_->verticalHeader()->setVisible(false);
  auto* addFamilyButton = new QPushButton(tr("Add family"));
  auto* removeFamilyButton = new QPushButton(tr("Remove family"));

  models_ = modelTable({tr("Model file"), tr("GBR mapping")});
  addModel_ = new QToolButton;
  addModel_->setText(tr("Add model"));
  addModel_->setPopupMode(QToolButton::InstantPopup);
  removeModel_ = new QPushButton(tr("Remove model"));

  // Image classifier.
  classifier_ = modelTable({tr("Model file"), tr("GBR mapping")});
  classifier_->setColumnHidden(1, true);
  addClassifier_ = new QToolButton;
  addClassifier_->setText(tr("Add model"));
  addClassifier_->setPopupMode(QToolButton::InstantPopup);
  auto* removeClassifier = new QPushButton(tr("Remove model"));
  classifierWeight_ = realSpin(0.0, 1.0, 3, 0.05);
  classifierWeight_->setToolTip(tr("Share of the image classifier in each cell's probability"));

  // Settings.
  sigmoidWeight_ = realSpin(0.0, 1.0, 3, 0.05);
  sigmoidWeight_->setToolTip(
      tr("Blend of the sigmoid mapping with the GBR mapping (1 = sigmoid only)"));
  scales_ = new QLineEdit;
  scales_->setPlaceholderText(tr("e.g. 1.0, 1.3, 1.6"));
  flips_ = new QCheckBox(tr("Flipped views (four per scale)"));
  // Names for tests and style sheets.
  name_->setObjectName(QStringLiteral("name"));
  classifierWeight_->setObjectName(QStringLiteral("classifierWeight"));
  sigmoidWeight_->setObjectName(QStringLiteral("sigmoidWeight"));
  scales_->setObjectName(QStringLiteral("ttaScales"));
  flips_->setObjectName(QStringLiteral("ttaFlips"));
  addModel_->setObjectName(QStringLiteral("addModel"));
  addClassifier_->setObjectName(QStringLiteral("addClassifierModel"));

  preview_ = new QPlainTextEdit;
  preview_->setReadOnly(true);
  preview_->setLineWrapMode(QPlainTextEdit::NoWrap);
  message_ = new QLabel;
  message_->setWordWrap(true);
  message_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  save_ = new QPushButton(tr("Save"));
  save_->setDefault(true);
  saveAs_ = new QPushButton(tr("Save As…"));
  cancel_ = new QPushButton(tr("Cancel"));

  // Layout.
  auto* top = new QFormLayout;
  top->addRow(tr("Name:"), name_);
  top->addRow(tr("Saved ensembles:"), saved_);

  auto* familyButtons = new QHBoxLayout;
  familyButtons->addWidget(addFamilyButton);
  familyButtons->addWidget(removeFamilyButton);
  familyButtons->addStretch();
  auto* modelButtons = new QHBoxLayout;
  modelButtons->addWidget(addModel_);
  modelButtons->addWidget(removeModel_);
  modelButtons->addStretch();
  auto* familyBox = new QGroupBox(tr("Families"));
  auto* familyLayout = new QVBoxLayout(familyBox);
  families_->setMinimumHeight(120);
  familyLayout->addWidget(families_, 2);
  familyLayout->addLayout(familyButtons);
  familyLayout->addWidget(new QLabel(tr("Models of the selected family (averaged):")));
  familyLayout->addWidget(models_, 3);
  familyLayout->addLayout(modelButtons);

  auto* classifierButtons = new QHBoxLayout;
  classifierButtons->addWidget(addClassifier_);
  classifierButtons->addWidget(removeClassifier);
  classifierButtons->addStretch();
  classifierButtons->addWidget(new QLabel(tr("Weight:")));
  classifierButtons->addWidget(classifierWeight_);
  auto* classifierBox = new QGroupBox(tr("Image classifier (optional)"));
  auto* classifierLayout = new QVBoxLayout(classifierBox);
  classifierLayout->addWidget(classifier_, 1);
  classifierLayout->addLayout(classifierButtons);

  auto* settingsBox = new QGroupBox(tr("Mapping and test-time augmentation"));
  auto* settings = new QFormLayout(settingsBox);
  settings->addRow(tr("Sigmoid weight:"), sigmoidWeight_);
  settings->addRow(tr("TTA scales:"), scales_);
  settings->addRow(QString(), flips_);

  auto* left = new QWidget;
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 0, 0);
  leftLayout->addLayout(top);
  leftLayout->addWidget(familyBox, 4);
  leftLayout->addWidget(classifierBox, 1);
  leftLayout->addWidget(settingsBox);
  auto* previewBox = new QGroupBox(tr("Ensemble file (preview)"));
  auto* previewLayout = new QVBoxLayout(previewBox);
  previewLayout->addWidget(preview_);
  auto* splitter = new QSplitter;
  splitter->addWidget(left);
  splitter->addWidget(previewBox);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 2);

  auto* buttons = new QHBoxLayout;
  buttons->addStretch();
  buttons->addWidget(save_);
  buttons->addWidget(saveAs_);
  buttons->addWidget(cancel_);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(splitter, 1);
  layout->addWidget(message_);
  layout->addLayout(buttons);
  resize(1050, 800);

  rebuildAddMenus();

  // Connections.
  connect(addFamilyButton, &QPushButton::clicked, this,
          [this]() { addFamily(tr("family %1").arg(families_->rowCount() + 1)); });
  connect(removeFamilyButton, &QPushButton::clicked, this, &EnsembleDialog::removeSelectedFamily);
  connect(removeModel_, &QPushButton::clicked, this, &EnsembleDialog::removeSelectedModels);
  connect(removeClassifier, &QPushButton::clicked, this,
          &EnsembleDialog::removeSelectedClassifierModels);
  connect(families_, &QTableWidget::itemSelectionChanged, this, &EnsembleDialog::onFamilySelected);
  connect(families_, &QTableWidget::itemChanged, this, [this]() {
    if (!updating_) refreshPreview();
  });
  connect(scales_, &QLineEdit::textChanged, this, [this]() { refreshPreview(); });
  connect(flips_, &QCheckBox::toggled, this, [this]() { refreshPreview(); });
  connect(sigmoidWeight_, &QDoubleSpinBox::valueChanged, this, [this]() { refreshPreview(); });
  connect(classifierWeight_, &QDoubleSpinBox::valueChanged, this, [this]() { refreshPreview(); });
  connect(saved_, &QComboBox::activated, this, [this](int index) {
    if (index <= 0) return;
    loadSaved(saved_->itemData(index).toString());
  });
  connect(save_, &QPushButton::clicked, this, &EnsembleDialog::onSave);
  connect(saveAs_, &QPushButton::clicked, this, &EnsembleDialog::onSaveAs);
  connect(cancel_, &QPushButton::clicked, this, &QDialog::reject);
}

// ---- Project and candidates ----------------------------------------------------------------

void EnsembleDialog::setProject(cellcam::Project* project) {
  project_ = project;
  refreshSaved();
  refreshPreview();
}

void EnsembleDialog::setModelCandidates(const QStringList& modelFiles) {
  candidates_.clear();
  for (const QString& file : modelFiles) candidates_.append(absolutePath(file));
  candidates_.removeDuplicates();
  rebuildAddMenus();
}

void EnsembleDialog::rebuildAddMenus() {
  for (QToolButton* button : {addModel_, addClassifier_}) {
    QMenu* old = button->menu();
    button->setMenu(makeAddMenu(button, button == addClassifier_));
    if (old) old->deleteLater();
  }
}

QMenu* EnsembleDialog::makeAddMenu(QToolButton* button, bool classifier) {
  auto* menu = new QMenu(button);
  connect(menu->addAction(tr("Choose files…")), &QAction::triggered, this,
          [this, classifier]() { chooseModelFiles(classifier); });
  if (!candidates_.isEmpty()) menu->addSeparator();
  for (const QString& file : candidates_) {
    QAction* action = menu->addAction(QDir::toNativeSeparators(file));
    action->setData(file);
    connect(action, &QAction::triggered, this,
            [this, file, classifier]() { addCandidate(file, classifier); });
  }
  return menu;
}

void EnsembleDialog::addCandidate(const QString& file, bool classifier) {
  if (classifier) {
    addClassifierModels({file});
    return;
  }
  int row = families_->currentRow();
  if (row < 0) row = addFamily(tr("family %1").arg(families_->rowCount() + 1));
  addModels(row, {file});
}

void EnsembleDialog::chooseModelFiles(bool classifier) {
  QString dir;
  if (!candidates_.isEmpty())
    dir = QFileInfo(candidates_.front()).absolutePath();
  else if (project_)
    dir = pathText(project_->folder());
  const QStringList files = QFileDialog::getOpenFileNames(
      this, classifier ? tr("Add image classifier models") : tr("Add models"), dir,
      tr("CellCAM models (*.pt);;All files (*)"));
  for (const QString& file : files) addCandidate(file, classifier);
}

// ---- Families and models -------------------------------------------------------------------

int EnsembleDialog::addFamily(const QString& name, double weight) {
  const int row = families_->rowCount();
  {
    const QSignalBlocker block(families_);
    updating_ = true;
    families_->insertRow(row);
    families_->setItem(row, 0, new QTableWidgetItem(name));
    auto* box = realSpin(0.0, 1000.0, 4, 0.1);
    box->setValue(weight);
    connect(box, &QDoubleSpinBox::valueChanged, this, [this]() { refreshPreview(); });
    families_->setCellWidget(row, 1, box);
    data_.push_back({});
    updating_ = false;
  }
  families_->selectRow(row);
  onFamilySelected();
  refreshPreview();
  return row;
}

void EnsembleDialog::addModels(int row, const QStringList& files) {
  if (row < 0 || row >= static_cast<int>(data_.size())) return;
  for (const QString& file : files) data_[row].models.append(absolutePath(file));
  if (families_->currentRow() == row) fillModelRows(models_, data_[row].models);
  refreshPreview();
}

void EnsembleDialog::setFamilyWeight(int row, double weight) {
  if (auto* box = qobject_cast<QDoubleSpinBox*>(families_->cellWidget(row, 1)))
    box->setValue(weight);
}

void EnsembleDialog::addClassifierModels(const QStringList& files) {
  QStringList models;
  for (int r = 0; r < classifier_->rowCount(); ++r)
    models.append(classifier_->item(r, 0)->data(Qt::UserRole).toString());
  for (const QString& file : files) models.append(absolutePath(file));
  fillModelRows(classifier_, models);
  refreshPreview();
}

double EnsembleDialog::familyWeight(int row) const {
  auto* box = qobject_cast<QDoubleSpinBox*>(families_->cellWidget(row, 1));
  return box ? box->value() : 0.0;
}

QString EnsembleDialog::familyName(int row) const {
  const QTableWidgetItem* item = families_->item(row, 0);
  return item ? item->text() : QString();
}

void EnsembleDialog::onFamilySelected() {
  const int row = families_->currentRow();
  const bool valid = row >= 0 && row < static_cast<int>(data_.size());
  fillModelRows(models_, valid ? data_[row].models : QStringList());
  addModel_->setEnabled(true);
  removeModel_->setEnabled(valid);
}

void EnsembleDialog::removeSelectedFamily() {
  const int row = families_->currentRow();
  if (row < 0 || row >= static_cast<int>(data_.size())) return;
  data_.erase(data_.begin() + row);
  families_->removeRow(row);
  onFamilySelected();
  refreshPreview();
}

void EnsembleDialog::removeSelectedModels() {
  const int family = families_->currentRow();
  if (family < 0 || family >= static_cast<int>(data_.size())) return;
  QStringList& models = data_[family].models;
  for (int r = models_->rowCount() - 1; r >= 0; --r)
    if (models_->item(r, 0)->isSelected() && r < models.size()) models.removeAt(r);
  fillModelRows(models_, models);
  refreshPreview();
}

void EnsembleDialog::removeSelectedClassifierModels() {
  QStringList models;
  for (int r = 0; r < classifier_->rowCount(); ++r)
    if (!classifier_->item(r, 0)->isSelected())
      models.append(classifier_->item(r, 0)->data(Qt::UserRole).toString());
  fillModelRows(classifier_, models);
  refreshPreview();
}

void EnsembleDialog::fillModelRows(QTableWidget* table, const QStringList& models) {
  table->setRowCount(0);
  table->setRowCount(models.size());
  for (int r = 0; r < models.size(); ++r) {
    const QString& file = models[r];
    auto* fileItem = new QTableWidgetItem(QDir::toNativeSeparators(file));
    fileItem->setData(Qt::UserRole, file);
    if (!QFileInfo::exists(file)) {
      fileItem->setForeground(Qt::red);
      fileItem->setToolTip(tr("The model file does not exist."));
    } else {
      fileItem->setToolTip(QDir::toNativeSeparators(file));
    }
    table->setItem(r, 0, fileItem);
    const QString mapping = pathText(mappingFileFor(toPath(file)));
    const bool haveMapping = QFileInfo::exists(mapping);
    auto* mappingItem =
        new QTableWidgetItem(haveMapping ? tr("found") : tr("missing (sigmoid only)"));
    mappingItem->setData(Qt::UserRole, haveMapping);
    mappingItem->setToolTip(QDir::toNativeSeparators(mapping));
    table->setItem(r, 1, mappingItem);
  }
}

// ---- The spec ------------------------------------------------------------------------------

bool EnsembleDialog::parseScales(std::vector<double>* scales) const {
  scales->clear();
  const QStringList parts =
      scales_->text().split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts);
  for (const QString& part : parts) {
    bool ok = false;
    const double v = part.toDouble(&ok);
    if (!ok) return false;
    scales->push_back(v);
  }
  return !scales->empty();
}

cellcam::EnsembleSpec EnsembleDialog::spec() const {
  cellcam::EnsembleSpec spec = base_;
  spec.families.clear();
  for (int row = 0; row < families_->rowCount(); ++row) {
    cellcam::EnsembleFamily family;
    family.name = familyName(row).toStdString();
    family.weight = familyWeight(row);
    if (row < static_cast<int>(data_.size()))
      for (const QString& file : data_[row].models) family.models.push_back(toPath(file));
    spec.families.push_back(std::move(family));
  }
  spec.imageClassifier.models.clear();
  for (int r = 0; r < classifier_->rowCount(); ++r)
    spec.imageClassifier.models.push_back(
        toPath(classifier_->item(r, 0)->data(Qt::UserRole).toString()));
  spec.imageClassifier.weight = classifierWeight_->value();
  spec.mapping.sigmoidWeight = sigmoidWeight_->value();
  std::vector<double> scales;
  if (parseScales(&scales)) spec.tta.scales = scales;
  spec.tta.flips = flips_->isChecked();
  return spec;
}

void EnsembleDialog::setSpec(const cellcam::EnsembleSpec& spec) {
  updating_ = true;
  base_ = spec;
  {
    const QSignalBlocker block(families_);
    families_->setRowCount(0);
    data_.clear();
  }
  updating_ = false;
  for (const cellcam::EnsembleFamily& family : spec.families) {
    const int row = addFamily(QString::fromStdString(family.name), family.weight);
    for (const fs::path& model : family.models) data_[row].models.append(pathText(model));
  }
  QStringList classifier;
  for (const fs::path& model : spec.imageClassifier.models) classifier.append(pathText(model));
  fillModelRows(classifier_, classifier);
  classifierWeight_->setValue(spec.imageClassifier.weight);
  sigmoidWeight_->setValue(spec.mapping.sigmoidWeight);
  QStringList scales;
  for (double s : spec.tta.scales) scales.append(numberText(s));
  scales_->setText(scales.join(QStringLiteral(", ")));
  flips_->setChecked(spec.tta.flips);
  if (families_->rowCount() > 0) families_->selectRow(0);
  onFamilySelected();
  refreshPreview();
}

QString EnsembleDialog::validationProblem() const {
  std::vector<double> scales;
  if (!parseScales(&scales))
    return tr("Write the TTA scales as numbers separated by commas, e.g. 1.0, 1.3, 1.6.");
  for (double s : scales)
    if (!(s > 0.0 && s <= 8.0))
      return tr("The TTA scale %1 is out of range: use numbers above 0 and at most 8.")
          .arg(numberText(s));
  bool anyModel = false;
  for (const Family& family : data_) anyModel = anyModel || !family.models.isEmpty();
  if (!anyModel) return tr("Add at least one model to a family before saving.");
  for (int row = 0; row < families_->rowCount(); ++row)
    if (row >= static_cast<int>(data_.size()) || data_[row].models.isEmpty())
      return tr("Family “%1” has no models: add one or remove the family.").arg(familyName(row));
  QStringList files;
  for (const Family& family : data_) files += family.models;
  for (int r = 0; r < classifier_->rowCount(); ++r)
    files.append(classifier_->item(r, 0)->data(Qt::UserRole).toString());
  for (const QString& file : files)
    if (!QFileInfo(file).isFile())
      return tr("The model file %1 does not exist: choose another file or remove it.")
          .arg(QDir::toNativeSeparators(file));
  double total = 0.0;
  for (int row = 0; row < families_->rowCount(); ++row) {
    const double w = familyWeight(row);
    if (!(w >= 0.0))
      return tr("Family “%1” has a negative weight: weights must be 0 or more.")
          .arg(familyName(row));
    total += w;
  }
  if (!(total > 0.0))
    return tr("All family weights are 0: give at least one family a weight above 0.");
  return QString();
}

// ---- Loading and saving --------------------------------------------------------------------

bool EnsembleDialog::loadFile(const QString& file) {
  cellcam::EnsembleSpec spec;
  try {
    spec = cellcam::EnsembleSpec::load(toPath(absolutePath(file)));
  } catch (const std::exception& e) {
    showMessage(QString::fromStdString(e.what()), true);
    return false;
  }
  currentFile_ = absolutePath(file);
  name_->setText(QFileInfo(file).completeBaseName());
  setSpec(spec);
  showMessage(tr("Loaded %1.").arg(QDir::toNativeSeparators(currentFile_)), false);
  return true;
}

bool EnsembleDialog::loadSaved(const QString& name) {
  if (!project_) {
    showMessage(tr("No project is open: open a project to use its saved ensembles."), true);
    return false;
  }
  try {
    for (const cellcam::EnsembleRecord& record : project_->ensembles()) {
      if (QString::fromStdString(record.name) != name) continue;
      const cellcam::EnsembleSpec spec = cellcam::EnsembleSpec::fromJson(
          record.json, project_->folder(),
          tr("the project's ensemble “%1”").arg(name).toStdString());
      currentFile_.clear();
      name_->setText(name);
      setSpec(spec);
      showMessage(tr("Loaded the project's ensemble “%1”.").arg(name), false);
      return true;
    }
  } catch (const std::exception& e) {
    showMessage(QString::fromStdString(e.what()), true);
    return false;
  }
  showMessage(tr("The project has no ensemble called “%1”: choose one from the list.").arg(name),
              true);
  return false;
}

bool EnsembleDialog::saveTo(const QString& file) {
  const QString problem = validationProblem();
  if (!problem.isEmpty()) {
    showMessage(problem, true);
    return false;
  }
  if (file.trimmed().isEmpty()) {
    showMessage(tr("Choose a file to save the ensemble to."), true);
    return false;
  }
  const QString target = absolutePath(file);
  const cellcam::EnsembleSpec ensemble = spec();
  try {
    ensemble.save(toPath(target));
  } catch (const std::exception& e) {
    showMessage(QString::fromStdString(e.what()), true);
    return false;
  }
  currentFile_ = target;
  if (name().isEmpty()) name_->setText(QFileInfo(target).completeBaseName());
  if (project_) {
    try {
      project_->saveEnsemble(name().toStdString(), ensemble.toJson(project_->folder()));
    } catch (const std::exception& e) {
      showMessage(tr("Saved %1, but the project did not record it: %2")
                      .arg(QDir::toNativeSeparators(target), QString::fromStdString(e.what())),
                  true);
      refreshPreview();
      return false;
    }
    refreshSaved();
  }
  refreshPreview();
  showMessage(project_ ? tr("Saved %1 and recorded it in the project as “%2”.")
                             .arg(QDir::toNativeSeparators(target), name())
                       : tr("Saved %1.").arg(QDir::toNativeSeparators(target)),
              false);
  Q_EMIT ensembleSaved(target);
  return true;
}

void EnsembleDialog::onSave() {
  if (currentFile_.isEmpty()) {
    onSaveAs();
    return;
  }
  if (saveTo(currentFile_)) accept();
}

void EnsembleDialog::onSaveAs() {
  const QString problem = validationProblem();
  if (!problem.isEmpty()) {
    showMessage(problem, true);
    return;
  }
  QString suggestion = currentFile_;
  if (suggestion.isEmpty()) {
    const QString base = name().isEmpty() ? QStringLiteral("ensemble") : name();
    const QString dir = project_ ? pathText(project_->folder()) : QDir::currentPath();
    suggestion = QDir(dir).filePath(base + QStringLiteral(".json"));
  }
  const QString file = QFileDialog::getSaveFileName(this, tr("Save ensemble"), suggestion,
                                                    tr("Ensemble files (*.json)"));
  if (file.isEmpty()) return;
  if (saveTo(file)) accept();
}

// ---- Display -------------------------------------------------------------------------------

QString EnsembleDialog::name() const { return name_->text().trimmed(); }

void EnsembleDialog::setName(const QString& name) { name_->setText(name); }

QString EnsembleDialog::message() const { return message_->text(); }

QString EnsembleDialog::previewText() const { return preview_->toPlainText(); }

void EnsembleDialog::showMessage(const QString& text, bool error) {
  message_->setText(text);
  message_->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
}

void EnsembleDialog::refreshSaved() {
  const QString current = saved_->currentIndex() > 0 ? saved_->currentData().toString() : name();
  saved_->clear();
  saved_->addItem(project_ ? tr("(choose a saved ensemble)") : tr("(no project open)"));
  saved_->setEnabled(project_ != nullptr);
  if (!project_) return;
  try {
    for (const cellcam::EnsembleRecord& record : project_->ensembles()) {
      const QString name = QString::fromStdString(record.name);
      saved_->addItem(name, name);
      saved_->setItemData(saved_->count() - 1,
                          tr("saved %1").arg(QString::fromStdString(record.savedAt)),
                          Qt::ToolTipRole);
    }
  } catch (const std::exception& e) {
    showMessage(QString::fromStdString(e.what()), true);
  }
  const int index = saved_->findData(current);
  saved_->setCurrentIndex(index > 0 ? index : 0);
}

QString EnsembleDialog::previewBaseDir() const {
  if (!currentFile_.isEmpty()) return QFileInfo(currentFile_).absolutePath();
  if (project_) return pathText(project_->folder());
  return QString();
}

void EnsembleDialog::refreshPreview() {
  if (updating_ || !preview_) return;
  const QString dir = previewBaseDir();
  QString text;
  try {
    text = QString::fromStdString(spec().toJson(toPath(dir)));
  } catch (const std::exception& e) {
    text = QString::fromStdString(e.what());
  }
  preview_->setPlainText(text);
  preview_->setToolTip(dir.isEmpty() ? tr("Model paths are absolute until the file is saved.")
                                     : tr("Model paths below %1 are written relative to it.")
                                           .arg(QDir::toNativeSeparators(dir)));
}

}  // namespace cellcam::ui
