#pragma once
// The dataset browser dock: a searchable, class-filterable table of the dataset's images.

#include <QSortFilterProxyModel>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QTableView;
class QLabel;

namespace cellcam::ui {

class DatasetModel;

/// Filters images by ID substring and by an image-level class.
class DatasetFilterModel : public QSortFilterProxyModel {
  Q_OBJECT

 public:
  using QSortFilterProxyModel::QSortFilterProxyModel;
  void setSearchText(const QString& text);
  /// -1 shows all images.
  void setClassFilter(int label);

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

 private:
  QString search_;
  int label_ = -1;
};

class DatasetPanel : public QWidget {
  Q_OBJECT

 public:
  explicit DatasetPanel(DatasetModel* model, QWidget* parent = nullptr);
  QTableView* view() const { return view_; }
  DatasetFilterModel* filter() const { return filter_; }
  QLineEdit* searchField() const { return search_; }
  QComboBox* classFilter() const { return classFilter_; }
  /// Selects the image in the given source-model row (if it passes the filter).
  void selectSourceRow(int row);
  /// Selects the first image in the shown (filtered, sorted) order, if any.
  void selectFirstRow();
  /// Moves the selection `step` rows down (negative: up) in the shown order, stopping at the
  /// ends; selects the first row when none is selected.
  void selectRelative(int step);

 Q_SIGNALS:
  /// The current image changed; `row` is the row in the DatasetModel (-1 for none).
  void imageSelected(int row);

 private:
  void updateCount();

  DatasetModel* model_;
  DatasetFilterModel* filter_;
  QLineEdit* search_;
  QComboBox* classFilter_;
  QTableView* view_;
  QLabel* count_;
};

}  // namespace cellcam::ui
