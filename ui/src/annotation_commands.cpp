#include "annotation_commands.h"

#include "cellcam/classes.h"
#include "cellcam/error.h"

namespace cellcam::ui {
namespace {

CellLabelMap sameLabels(const std::vector<int>& cellIds, const std::vector<int>& labels) {
  CellLabelMap out;
  for (int id : cellIds) out[id] = labels;
  return out;
}

CellLabelMap withoutEmpty(const CellLabelMap& labels) {
  CellLabelMap out;
  for (const auto& [cell, l] : labels)
    if (!l.empty()) out.emplace(cell, l);
  return out;
}

}  // namespace

CellLabelsCommand::CellLabelsCommand(Project& project, const std::string& imageId,
                                     CellLabelMap after, AnnotationCallbacks callbacks,
                                     const QString& text, QUndoCommand* parent)
    : QUndoCommand(text, parent),
      project_(project),
      imageId_(imageId),
      after_(std::move(after)),
      callbacks_(std::move(callbacks)) {
  const CellLabelMap current = project_.cellLabels(imageId_);
  for (const auto& [cell, labels] : after_) {
    const auto it = current.find(cell);
    before_[cell] = it == current.end() ? std::vector<int>{} : it->second;
  }
}

void CellLabelsCommand::redo() { apply(after_); }
void CellLabelsCommand::undo() { apply(before_); }

void CellLabelsCommand::apply(const CellLabelMap& labels) {
  const QString image = QString::fromStdString(imageId_);
  try {
    project_.replaceCellLabels(imageId_, labels);
  } catch (const Error& e) {
    setObsolete(true);
    if (callbacks_.failed) callbacks_.failed(image, QString::fromUtf8(e.what()));
    return;
  }
  if (callbacks_.changed) callbacks_.changed(image);
}

SetCellLabelsCommand::SetCellLabelsCommand(Project& project, const std::string& imageId,
                                           const std::vector<int>& cellIds,
                                           const std::vector<int>& labels,
                                           AnnotationCallbacks callbacks, QUndoCommand* parent)
    : CellLabelsCommand(project, imageId, sameLabels(cellIds, labels), std::move(callbacks),
                        tr("Set %1 on %n cell(s)", nullptr, static_cast<int>(cellIds.size()))
                            .arg(QString::fromStdString(formatLabelList(labels))),
                        parent) {}

ClearCellLabelsCommand::ClearCellLabelsCommand(Project& project, const std::string& imageId,
                                               const std::vector<int>& cellIds,
                                               AnnotationCallbacks callbacks, QUndoCommand* parent)
    : CellLabelsCommand(project, imageId, sameLabels(cellIds, {}), std::move(callbacks),
                        tr("Clear %n cell(s)", nullptr, static_cast<int>(cellIds.size())), parent) {
}

AcceptPredictedLabelsCommand::AcceptPredictedLabelsCommand(Project& project,
                                                           const std::string& imageId,
                                                           const CellLabelMap& predicted,
                                                           AnnotationCallbacks callbacks,
                                                           QUndoCommand* parent)
    : CellLabelsCommand(project, imageId, withoutEmpty(predicted), std::move(callbacks),
                        tr("Accept predicted labels of %n cell(s)", nullptr,
                           static_cast<int>(withoutEmpty(predicted).size())),
                        parent) {}

}  // namespace cellcam::ui
