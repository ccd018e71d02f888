#pragma once
// Every cell x class of the shown image as a table: raw CAM score, sigmoid-mapped,
// XGBoost-mapped and final probability.

#include <memory>

#include <QAbstractTableModel>

namespace cellcam::ui {

struct CellTable;

class CellTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column {
    CellColumn,
    ClassColumn,
    RawColumn,
    SigmoidColumn,
    GbrColumn,
    FinalColumn,
    ColumnCount
  };
  /// Extra roles: the number to sort by (double), the cell id and the class of a row.
  enum Role { SortRole = Qt::UserRole + 1, CellIdRole, ClassRole };

  explicit CellTableModel(QObject* parent = nullptr);

  /// Replaces the table (resets the model); nullptr empties it. GUI thread only.
  void setTable(std::shared_ptr<const CellTable> table);
  const std::shared_ptr<const CellTable>& table() const { return table_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

  /// Background colour for a value in 0..1 (blue - white - red ramp), as the table shows it.
  static QColor valueColour(double value);

 private:
  std::shared_ptr<const CellTable> table_;
  double maxRaw_ = 0;
};

}  // namespace cellcam::ui
