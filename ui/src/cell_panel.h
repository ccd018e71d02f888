#pragma once
// The cell panel: a sortable table of every cell x class of the shown image, filterable by
// class, whose selection follows and drives the viewer's selected cell.

#include <memory>

#include <QSet>
#include <QSortFilterProxyModel>
#include <QWidget>

class QComboBox;
class QLabel;
class QTableView;

namespace cellcam::ui {

class CellTableModel;
struct CellTable;

/// Shows the rows of one class (or all) of a CellTableModel.
class CellFilterModel : public QSortFilterProxyModel {
  Q_OBJECT

 public:
  using QSortFilterProxyModel::QSortFilterProxyModel;
  /// -1 shows all classes.
  void setClassFilter(int label);

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

 private:
  int label_ = -1;
};

/// Rows are sorted by the numbers behind them (CellTableModel::SortRole). GUI thread only.
class CellPanel : public QWidget {
  Q_OBJECT

 public:
  explicit CellPanel(QWidget* parent = nullptr);

  /// Shows a table (nullptr: empty, with `hint` as the explanation).
  void setTable(std::shared_ptr<const CellTable> table, const QString& hint = {});
  /// Selects every row of a cell and scrolls to it without emitting cellSelected(); 0 clears.
  void selectCell(int id);
  /// Cell ids of the selected rows.
  QSet<int> selectedCellIds() const;

  CellTableModel* model() const { return model_; }
  CellFilterModel* filter() const { return filter_; }
  QTableView* view() const { return view_; }
  QComboBox* classFilter() const { return classFilter_; }

 Q_SIGNALS:
  /// The user selected a row of this cell.
  void cellSelected(int id);

 private:
  CellTableModel* model_;
  CellFilterModel* filter_;
  QComboBox* classFilter_;
  QTableView* view_;
  QLabel* status_;
  bool selecting_ = false;
};

}  // namespace cellcam::ui
