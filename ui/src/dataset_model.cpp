#include "dataset_model.h"

#include <QStringList>
#include <QVariantList>

#include "cellcam/classes.h"

#include "class_text.h"

namespace cellcam::ui {

DatasetModel::DatasetModel(QObject* parent) : QAbstractTableModel(parent) {}

void DatasetModel::setDataset(Dataset dataset) {
  beginResetModel();
  dataset_ = std::move(dataset);
  predictions_.clear();
  endResetModel();
}

void DatasetModel::setPrediction(int row, std::vector<int> labels) {
  if (row < 0 || row >= rowCount()) return;
  predictions_.insert(row, std::move(labels));
  const QModelIndex cell = index(row, PredictedColumn);
  Q_EMIT dataChanged(cell, cell);
}

void DatasetModel::clearPredictions() {
  if (predictions_.isEmpty()) return;
  predictions_.clear();
  Q_EMIT dataChanged(index(0, PredictedColumn), index(rowCount() - 1, PredictedColumn));
}

namespace {

QString labelNames(const std::vector<int>& labels) {
  QStringList names;
  for (int label : labels) names << classLabel(label);
  return names.join(QStringLiteral(", "));
}

}  // namespace

int DatasetModel::rowOfId(const QString& id) const {
  const std::string key = id.toStdString();
  const auto& images = dataset_.images();
  for (std::size_t i = 0; i < images.size(); ++i)
    if (images[i].id == key) return static_cast<int>(i);
  return -1;
}

int DatasetModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(dataset_.images().size());
}

int DatasetModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant DatasetModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const ImageRecord& image = dataset_.images()[static_cast<std::size_t>(index.row())];
  if (role == LabelNumbersRole) {
    QVariantList labels;
    for (int label : image.labels) labels.append(label);
    return labels;
  }
  if (role == ImageIndexRole) return index.row();
  if (role == Qt::DisplayRole ||
      (role == Qt::ToolTipRole && index.column() == LabelsColumn && image.split == Split::Train)) {
    switch (index.column()) {
      case IdColumn:
        return QString::fromStdString(image.id);
      case SplitColumn:
        return image.split == Split::Train ? tr("train") : tr("test");
      case LabelsColumn:
        return labelNames(image.labels);
    }
  }
  if (index.column() == PredictedColumn) {
    const auto it = predictions_.constFind(index.row());
    if (role == Qt::DisplayRole && it != predictions_.constEnd())
      return it->empty() ? tr("none above 0.5") : labelNames(*it);
    if (role == Qt::ToolTipRole)
      return it == predictions_.constEnd()
                 ? tr("Shown once the model's CAMs of this image were computed.")
                 : tr("Classes whose image-level probability is above 0.5 (viewed images) or "
                      "with a cell above confidence 0.5 (a loaded submission).");
  }
  if (role == Qt::ToolTipRole && index.column() == LabelsColumn && image.split == Split::Test)
    return tr("Test images have no image-level labels.");
  return {};
}

QVariant DatasetModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case IdColumn:
      return tr("Image");
    case SplitColumn:
      return tr("Split");
    case LabelsColumn:
      return tr("Labels");
    case PredictedColumn:
      return tr("Predicted");
  }
  return {};
}

}  // namespace cellcam::ui
