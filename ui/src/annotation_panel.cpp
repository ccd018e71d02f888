#include "annotation_panel.h"

#include <algorithm>

#include <QAction>
#include <QCheckBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include "cellcam/classes.h"
#include "cellcam/error.h"

#include "class_text.h"

namespace cellcam::ui {
namespace {

std::vector<int> toStd(const QList<int>& list) { return {list.begin(), list.end()}; }

QList<int> toQt(const std::vector<int>& v) { return QList<int>(v.begin(), v.end()); }

/// Hotkeys of classes 10..18, in class order.
constexpr char kLetterKeys[] = "QWERTYUIO";

}  // namespace

AnnotationPanel::AnnotationPanel(QWidget* parent)
    : QWidget(parent),
      undoStack_(new QUndoStack(this)),
      setButton_(new QPushButton(tr("Set"), this)),
      clearButton_(new QPushButton(tr("Clear"), this)),
      acceptButton_(new QPushButton(tr("Accept predicted"), this)),
      selection_(new QLabel(this)),
      error_(new QLabel(this)),
      evaluation_(new QLabel(this)) {
  auto* classes = new QGroupBox(tr("Classes"), this);
  auto* grid = new QGridLayout(classes);
  const int perColumn = (kNumClasses + 1) / 2;
  for (int c = 0; c < kNumClasses; ++c) {
    const QKeySequence key = hotkeyFor(c);
    auto* box = new QCheckBox(QStringLiteral("%1  %2 %3")
                                  .arg(key.toString(QKeySequence::NativeText))
                                  .arg(c)
                                  .arg(classText(c)),
                              classes);
    box->setToolTip(c == kNegativeClass
                        ? tr("Hotkey %1 toggles Negative; Negative excludes every other class. "
                             "Return sets the checked classes on the selected cells.")
                              .arg(key.toString(QKeySequence::NativeText))
                        : tr("Hotkey %1 toggles this class. Return sets the checked classes on "
                             "the selected cells.")
                              .arg(key.toString(QKeySequence::NativeText)));
    box->setFocusPolicy(Qt::NoFocus);
    grid->addWidget(box, c % perColumn, c / perColumn);
    boxes_.append(box);
    connect(box, &QCheckBox::toggled, this, [this, c](bool checked) { onBoxToggled(c, checked); });

    auto* action = new QAction(tr("Toggle %1").arg(classText(c)), this);
    action->setShortcut(key);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(action, &QAction::triggered, this, [this, c] { toggleClass(c); });
    addAction(action);
    classActions_.append(action);
  }

  setAction_ = new QAction(tr("Set labels"), this);
  setAction_->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
  setAction_->setToolTip(tr("Set the checked classes on the selected cells (Return)"));
  clearAction_ = new QAction(tr("Clear labels"), this);
  clearAction_->setShortcuts({QKeySequence(Qt::Key_Delete), QKeySequence(Qt::Key_Backspace)});
  clearAction_->setToolTip(tr("Remove the annotations of the selected cells (Delete)"));
  acceptAction_ = new QAction(tr("Accept predicted labels"), this);
  acceptAction_->setShortcut(QKeySequence(Qt::Key_A));
  acceptAction_->setToolTip(tr("Annotate the selected cells with their predicted labels (A)"));
  undoAction_ = undoStack_->createUndoAction(this, tr("Undo"));
  undoAction_->setShortcut(QKeySequence::Undo);
  redoAction_ = undoStack_->createRedoAction(this, tr("Redo"));
  redoAction_->setShortcut(QKeySequence::Redo);
  for (QAction* a : {setAction_, clearAction_, acceptAction_, undoAction_, redoAction_}) {
    a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(a);
  }
  connect(setAction_, &QAction::triggered, this, &AnnotationPanel::setCheckedOnSelection);
  connect(clearAction_, &QAction::triggered, this, &AnnotationPanel::clearSelection);
  connect(acceptAction_, &QAction::triggered, this, &AnnotationPanel::acceptPredicted);

  setButton_->setToolTip(setAction_->toolTip());
  clearButton_->setToolTip(clearAction_->toolTip());
  acceptButton_->setToolTip(acceptAction_->toolTip());
  for (QPushButton* b : {setButton_, clearButton_, acceptButton_}) b->setFocusPolicy(Qt::NoFocus);
  setButton_->setObjectName(QStringLiteral("setButton"));
  clearButton_->setObjectName(QStringLiteral("clearButton"));
  acceptButton_->setObjectName(QStringLiteral("acceptButton"));
  connect(setButton_, &QPushButton::clicked, setAction_, &QAction::trigger);
  connect(clearButton_, &QPushButton::clicked, clearAction_, &QAction::trigger);
  connect(acceptButton_, &QPushButton::clicked, acceptAction_, &QAction::trigger);

  auto* undoButton = new QToolButton(this);
  undoButton->setDefaultAction(undoAction_);
  auto* redoButton = new QToolButton(this);
  redoButton->setDefaultAction(redoAction_);

  auto* buttons = new QHBoxLayout;
  buttons->addWidget(setButton_);
  buttons->addWidget(clearButton_);
  buttons->addWidget(acceptButton_);
  buttons->addStretch();
  buttons->addWidget(undoButton);
  buttons->addWidget(redoButton);

  selection_->setWordWrap(true);
  error_->setWordWrap(true);
  error_->setStyleSheet(QStringLiteral("color: #b00020;"));
  error_->hide();
  evaluation_->setWordWrap(true);
  evaluation_->hide();

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(selection_);
  layout->addWidget(classes);
  layout->addLayout(buttons);
  layout->addWidget(error_);
  layout->addWidget(evaluation_);
  layout->addStretch();
  setFocusPolicy(Qt::StrongFocus);
  updateState();
}

AnnotationPanel::~AnnotationPanel() {
  // Commands refer to the project; drop them before anything else goes.
  undoStack_->clear();
}

QCheckBox* AnnotationPanel::classBox(int label) const {
  return label >= 0 && label < boxes_.size() ? boxes_[label] : nullptr;
}

QKeySequence AnnotationPanel::hotkeyFor(int label) {
  if (label >= 0 && label <= 8) return QKeySequence(Qt::Key_1 + label);
  if (label == 9) return QKeySequence(Qt::Key_0);
  if (label >= 10 && label < kNumClasses)
    return QKeySequence(QString(QLatin1Char(kLetterKeys[label - 10])));
  return {};
}

void AnnotationPanel::setShortcutContext(Qt::ShortcutContext context) {
  for (QAction* a : actions()) a->setShortcutContext(context);
}

void AnnotationPanel::setProject(Project* project) {
  undoStack_->clear();
  project_ = project;
  imageId_.clear();
  cellIds_.clear();
  predicted_.clear();
  error_->hide();
  evaluation_->hide();
  setCheckedLabels({});
  updateState();
}

QList<int> AnnotationPanel::checkedLabels() const {
  QList<int> out;
  for (int c = 0; c < boxes_.size(); ++c)
    if (boxes_[c]->isChecked()) out.append(c);
  return out;
}

void AnnotationPanel::setCheckedLabels(const QList<int>& labels) {
  for (int c = 0; c < boxes_.size(); ++c) {
    const QSignalBlocker block(boxes_[c]);
    boxes_[c]->setChecked(labels.contains(c));
  }
  updateState();
}

QSet<int> AnnotationPanel::annotatedCells(const QString& imageId) const {
  QSet<int> out;
  if (!project_) return out;
  try {
    for (const auto& entry : project_->cellLabels(imageId.toStdString())) out.insert(entry.first);
  } catch (const Error&) {
    // A database that cannot be read shows no marks; changes report the error.
  }
  return out;
}

QMap<int, QList<int>> AnnotationPanel::cellLabels(const QString& imageId) const {
  QMap<int, QList<int>> out;
  if (!project_) return out;
  try {
    for (const auto& [cell, labels] : project_->cellLabels(imageId.toStdString()))
      out.insert(cell, toQt(labels));
  } catch (const Error&) {
    // As in annotatedCells().
  }
  return out;
}

void AnnotationPanel::setEvaluation(const AnnotatedCellMetric& metric) {
  QString text;
  if (metric.cellsScored == 0) {
    text =
        tr("%n annotated cell(s) without a prediction: open a model and show their images, "
           "or use Annotate > Predict Cells for Review, to see the mAP on them.",
           nullptr, static_cast<int>(metric.cellsUnpredicted));
  } else {
    text = tr("mAP on %n annotated cell(s): %1 (%2 classes)", nullptr,
              static_cast<int>(metric.cellsScored))
               .arg(metric.metric.mAP, 0, 'f', 3)
               .arg(metric.metric.classesScored);
    if (metric.cellsUnpredicted > 0)
      text += QLatin1Char(' ') + tr("%n more without a prediction yet.", nullptr,
                                    static_cast<int>(metric.cellsUnpredicted));
  }
  evaluation_->setText(text);
  evaluation_->setWordWrap(true);
  evaluation_->show();
}

void AnnotationPanel::clearEvaluation() { evaluation_->hide(); }

void AnnotationPanel::setSelectedCells(const QString& imageId, const QList<int>& cellIds,
                                       const QMap<int, QList<int>>& predictedLabels) {
  imageId_ = imageId;
  cellIds_ = cellIds;
  predicted_ = predictedLabels;
  error_->hide();
  showSelectionLabels();
}

void AnnotationPanel::showSelectionLabels() {
  // The classes every selected cell is annotated with.
  QList<int> shared;
  if (project_ && !cellIds_.isEmpty()) {
    const QMap<int, QList<int>> labels = cellLabels(imageId_);
    bool first = true;
    for (int id : cellIds_) {
      const QList<int> mine = labels.value(id);
      if (first) {
        shared = mine;
        first = false;
      } else {
        shared.erase(
            std::remove_if(shared.begin(), shared.end(), [&](int c) { return !mine.contains(c); }),
            shared.end());
      }
    }
  }
  setCheckedLabels(shared);
}

void AnnotationPanel::toggleClass(int label) {
  if (QCheckBox* box = classBox(label)) box->setChecked(!box->isChecked());
}

void AnnotationPanel::onBoxToggled(int label, bool checked) {
  if (checked) {
    // Negative is exclusive.
    for (int c = 0; c < boxes_.size(); ++c) {
      const bool conflicts = label == kNegativeClass ? c != label : c == kNegativeClass;
      if (conflicts && boxes_[c]->isChecked()) {
        const QSignalBlocker block(boxes_[c]);
        boxes_[c]->setChecked(false);
      }
    }
  }
  updateState();
}

AnnotationCallbacks AnnotationPanel::callbacks() {
  AnnotationCallbacks cb;
  cb.changed = [this](const QString& imageId) {
    if (imageId == imageId_) showSelectionLabels();
    Q_EMIT annotationsChanged(imageId);
  };
  cb.failed = [this](const QString&, const QString& message) {
    error_->setText(message);
    error_->show();
    Q_EMIT errorOccurred(message);
  };
  return cb;
}

void AnnotationPanel::setCheckedOnSelection() {
  if (!project_ || cellIds_.isEmpty()) return;
  const QList<int> labels = checkedLabels();
  if (labels.isEmpty()) {
    clearSelection();
    return;
  }
  push([&] {
    return new SetCellLabelsCommand(*project_, imageId_.toStdString(), toStd(cellIds_),
                                    toStd(labels), callbacks());
  });
}

void AnnotationPanel::clearSelection() {
  if (!project_ || cellIds_.isEmpty()) return;
  push([&] {
    return new ClearCellLabelsCommand(*project_, imageId_.toStdString(), toStd(cellIds_),
                                      callbacks());
  });
}

void AnnotationPanel::acceptPredicted() {
  if (!project_ || cellIds_.isEmpty()) return;
  CellLabelMap predicted;
  for (int id : cellIds_) {
    const auto it = predicted_.constFind(id);
    if (it != predicted_.constEnd() && !it->isEmpty()) predicted[id] = toStd(*it);
  }
  if (predicted.empty()) return;
  push([&] {
    return new AcceptPredictedLabelsCommand(*project_, imageId_.toStdString(), predicted,
                                            callbacks());
  });
}

void AnnotationPanel::push(const std::function<QUndoCommand*()>& make) {
  error_->hide();
  try {
    // The command reads the cells' current labels when it is made (for undo).
    undoStack_->push(make());
  } catch (const Error& e) {
    const QString message = QString::fromUtf8(e.what());
    error_->setText(message);
    error_->show();
    Q_EMIT errorOccurred(message);
  }
  updateState();
}

void AnnotationPanel::updateState() {
  const bool haveCells = project_ && !cellIds_.isEmpty();
  bool havePredicted = false;
  for (int id : cellIds_)
    if (!predicted_.value(id).isEmpty()) havePredicted = true;
  setAction_->setEnabled(haveCells);
  clearAction_->setEnabled(haveCells);
  acceptAction_->setEnabled(haveCells && havePredicted);
  setButton_->setEnabled(haveCells && !checkedLabels().isEmpty());
  clearButton_->setEnabled(haveCells);
  acceptButton_->setEnabled(haveCells && havePredicted);
  if (!project_)
    selection_->setText(tr("Open a project to annotate cells."));
  else if (cellIds_.isEmpty())
    selection_->setText(tr("Select cells in the viewer to annotate them."));
  else
    selection_->setText(
        tr("Image %1: %n cell(s) selected", nullptr, static_cast<int>(cellIds_.size()))
            .arg(imageId_));
}

}  // namespace cellcam::ui
