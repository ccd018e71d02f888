#pragma once
// The cell annotation dock: a checklist of the 19 classes with hotkeys, Set / Clear / Accept
// predicted, and undo/redo through a QUndoStack; every change is committed to the project's
// database at once.

#include <functional>
#include <vector>

#include <QList>
#include <QMap>
#include <QSet>
#include <QString>
#include <QWidget>

#include "cellcam/project.h"

#include "annotation_commands.h"

class QAction;
class QCheckBox;
class QLabel;
class QPushButton;
class QUndoCommand;
class QUndoStack;

namespace cellcam::ui {

/// Annotates the cells that the viewer selected. GUI thread only.
///
/// Hotkeys (active while the panel or one of its children has focus; the main window may widen
/// that with setShortcutContext(Qt::WindowShortcut)): 1-9 and 0 toggle classes 0-9, Q W E R T
/// Y U I O toggle classes 10-18 (O = Negative); Return sets the checked classes on the
/// selected cells, Delete clears them, A accepts their predicted labels; Ctrl+Z / Ctrl+Shift+Z
/// undo and redo. Negative is exclusive: checking it unchecks the others and vice versa.
class AnnotationPanel : public QWidget {
  Q_OBJECT

 public:
  explicit AnnotationPanel(QWidget* parent = nullptr);
  ~AnnotationPanel() override;

  /// The project to annotate (not owned; it must outlive its use here). nullptr closes it.
  /// Either way the undo stack and the selection are cleared, so no command refers to a
  /// closed project.
  void setProject(Project* project);
  Project* project() const { return project_; }

  QUndoStack* undoStack() const { return undoStack_; }
  QAction* undoAction() const { return undoAction_; }
  QAction* redoAction() const { return redoAction_; }
  QAction* setAction() const { return setAction_; }
  QAction* clearAction() const { return clearAction_; }
  QAction* acceptAction() const { return acceptAction_; }
  /// The class hotkey actions; index = class.
  const QList<QAction*>& classActions() const { return classActions_; }
  QCheckBox* classBox(int label) const;
  /// The hotkey of a class (see the class comment).
  static QKeySequence hotkeyFor(int label);
  /// Shortcut context of every action above (default Qt::WidgetWithChildrenShortcut).
  void setShortcutContext(Qt::ShortcutContext context);

  /// Classes checked in the checklist, ascending.
  QList<int> checkedLabels() const;
  /// Checks exactly these classes.
  void setCheckedLabels(const QList<int>& labels);

  QString currentImage() const { return imageId_; }
  QList<int> selectedCells() const { return cellIds_; }
  /// Ids of the annotated cells of an image (empty without a project), for the viewer's marks.
  QSet<int> annotatedCells(const QString& imageId) const;
  /// The annotations of an image: cell id -> labels.
  QMap<int, QList<int>> cellLabels(const QString& imageId) const;

  /// Shows the per-cell evaluation (mAP on annotated cells) under the buttons; when no
  /// annotated cell has a prediction, says how to get one instead of an mAP.
  void setEvaluation(const AnnotatedCellMetric& metric);
  /// Hides the evaluation (no annotations).
  void clearEvaluation();

 public Q_SLOTS:
  /// The viewer's selection: cells of one image and, optionally, each cell's predicted labels
  /// (for Accept predicted). The checklist shows the labels the selected cells share.
  void setSelectedCells(const QString& imageId, const QList<int>& cellIds,
                        const QMap<int, QList<int>>& predictedLabels = {});
  /// Sets the checked classes on the selected cells (one undo step).
  void setCheckedOnSelection();
  /// Clears the annotations of the selected cells (one undo step).
  void clearSelection();
  /// Annotates the selected cells with their predicted labels (one undo step).
  void acceptPredicted();
  /// Toggles a class in the checklist (what its hotkey does).
  void toggleClass(int label);

 Q_SIGNALS:
  /// Annotations of the image changed in the database (by a command, its undo or redo).
  void annotationsChanged(const QString& imageId);
  /// A change was refused (one sentence naming the problem); nothing was changed.
  void errorOccurred(const QString& message);

 private:
  void onBoxToggled(int label, bool checked);
  void showSelectionLabels();
  void updateState();
  AnnotationCallbacks callbacks();
  /// Pushes the command that `make` creates; reports an Error from making it.
  void push(const std::function<QUndoCommand*()>& make);

  Project* project_ = nullptr;
  QString imageId_;
  QList<int> cellIds_;
  QMap<int, QList<int>> predicted_;

  QUndoStack* undoStack_;
  QList<QCheckBox*> boxes_;
  QList<QAction*> classActions_;
  QAction* undoAction_;
  QAction* redoAction_;
  QAction* setAction_;
  QAction* clearAction_;
  QAction* acceptAction_;
  QPushButton* setButton_;
  QPushButton* clearButton_;
  QPushButton* acceptButton_;
  QLabel* selection_;
  QLabel* error_;
  QLabel* evaluation_;
};

}  // namespace cellcam::ui
