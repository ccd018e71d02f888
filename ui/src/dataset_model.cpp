#include "dataset_model.h"

#include <QStringList>
#include <QVariantList>

#include "cellcam/classes.h"

namespace cellcam::ui {

DatasetModel::DatasetModel(QObject* parent) : QAbstractTableModel(parent) {}

void DatasetModel::setDataset(Dataset dataset) {
  beginResetModel();
  dataset_ = std::move(dataset);
  endResetModel();
}

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
  if (role == Qt::DisplayRole || (role == Qt::ToolTipRole && index.column() == LabelsColumn &&
                                   image.split == Split::Train)) {
    switch (index.column()) {
      case IdColumn:
        return QString::fromStdString(image.id);
      case SplitColumn:
        return image.split == Split::Train ? tr("train") : tr("test");
      case LabelsColumn: {
        QStringList names;
        for (int label : image.labels)
          names << QStringLiteral("%1 %2").arg(label).arg(QString::fromUtf8(
              className(label).data(), static_cast<int>(className(label).size())));
        return names.join(QStringLiteral(", "));
      }
    }
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
  }
  return {};
}

}  // namespace cellcam::ui
