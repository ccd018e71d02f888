#pragma once
// The images of a dataset as a Qt table model: one row per image, keyed by its Kaggle ID.

#include <vector>

#include <QAbstractTableModel>
#include <QHash>
#include <QString>

#include "cellcam/dataset.h"

namespace cellcam::ui {

class DatasetModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { IdColumn, SplitColumn, LabelsColumn, PredictedColumn, ColumnCount };
  /// Extra roles: the image's label numbers (QVariantList of int) and its row in dataset().
  enum Role { LabelNumbersRole = Qt::UserRole + 1, ImageIndexRole };

  explicit DatasetModel(QObject* parent = nullptr);

  /// Replaces the shown dataset (resets the model). GUI thread only.
  void setDataset(Dataset dataset);
  const Dataset& dataset() const { return dataset_; }
  bool hasDataset() const { return !dataset_.root().empty(); }
  /// Row of the image with this ID, or -1.
  int rowOfId(const QString& id) const;

  /// Predicted labels of the image at `row` (e.g. the classes whose image-level probability
  /// exceeds 0.5), shown in PredictedColumn. GUI thread only.
  void setPrediction(int row, std::vector<int> labels);
  /// Forgets every prediction (e.g. when another model is opened).
  void clearPredictions();
  bool hasPrediction(int row) const { return predictions_.contains(row); }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  Dataset dataset_;
  QHash<int, std::vector<int>> predictions_;
};

}  // namespace cellcam::ui
