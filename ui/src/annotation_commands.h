#pragma once
// Undoable annotation changes: each command applies to a cellcam::Project and commits to its
// database at once, in redo() and in undo().

#include <functional>
#include <string>

#include <QCoreApplication>
#include <QString>
#include <QUndoCommand>

#include "cellcam/project.h"

namespace cellcam::ui {

/// Called after a command changed the database (argument: the image id), or when applying it
/// failed (arguments: the image id and the one-sentence error).
struct AnnotationCallbacks {
  std::function<void(const QString& imageId)> changed;
  std::function<void(const QString& imageId, const QString& error)> failed;
};

/// Base of the annotation commands: gives the listed cells of one image their "after" labels
/// in redo() and their "before" labels (remembered at construction) in undo(), each time as
/// one transaction (Project::replaceCellLabels). An empty label list means "not annotated".
///
/// `project` is not owned and must outlive the command; clear the QUndoStack before closing
/// the project. GUI thread only. When the database refuses a change (a bad label, a full
/// disk), nothing is changed, `failed` is called and the command marks itself obsolete, so
/// QUndoStack drops it instead of keeping a step that did not happen.
class CellLabelsCommand : public QUndoCommand {
  Q_DECLARE_TR_FUNCTIONS(CellLabelsCommand)

 public:
  CellLabelsCommand(Project& project, const std::string& imageId, CellLabelMap after,
                    AnnotationCallbacks callbacks, const QString& text,
                    QUndoCommand* parent = nullptr);

  void redo() override;
  void undo() override;

  const std::string& imageId() const { return imageId_; }
  const CellLabelMap& before() const { return before_; }
  const CellLabelMap& after() const { return after_; }

 private:
  void apply(const CellLabelMap& labels);

  Project& project_;
  std::string imageId_;
  CellLabelMap before_;
  CellLabelMap after_;
  AnnotationCallbacks callbacks_;
};

/// Sets `labels` on every cell in `cellIds` (replacing their earlier labels).
class SetCellLabelsCommand : public CellLabelsCommand {
  Q_DECLARE_TR_FUNCTIONS(SetCellLabelsCommand)

 public:
  SetCellLabelsCommand(Project& project, const std::string& imageId,
                       const std::vector<int>& cellIds, const std::vector<int>& labels,
                       AnnotationCallbacks callbacks, QUndoCommand* parent = nullptr);
};

/// Removes the annotations of the cells in `cellIds`.
class ClearCellLabelsCommand : public CellLabelsCommand {
  Q_DECLARE_TR_FUNCTIONS(ClearCellLabelsCommand)

 public:
  ClearCellLabelsCommand(Project& project, const std::string& imageId,
                         const std::vector<int>& cellIds, AnnotationCallbacks callbacks,
                         QUndoCommand* parent = nullptr);
};

/// Annotates each cell with its own predicted labels (cell id -> labels; cells with no
/// predicted label are left out).
class AcceptPredictedLabelsCommand : public CellLabelsCommand {
  Q_DECLARE_TR_FUNCTIONS(AcceptPredictedLabelsCommand)

 public:
  AcceptPredictedLabelsCommand(Project& project, const std::string& imageId,
                               const CellLabelMap& predicted, AnnotationCallbacks callbacks,
                               QUndoCommand* parent = nullptr);
};

}  // namespace cellcam::ui
