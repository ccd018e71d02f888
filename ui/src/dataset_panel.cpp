#include "dataset_panel.h"

#include <algorithm>

#include <QComboBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

#include "cellcam/classes.h"

#include "class_text.h"
#include "dataset_model.h"

namespace cellcam::ui {

void DatasetFilterModel::setSearchText(const QString& text) {
  search_ = text.trimmed();
  invalidateFilter();
}

void DatasetFilterModel::setClassFilter(int label) {
  label_ = label;
  invalidateFilter();
}

bool DatasetFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
  const QModelIndex idIndex = sourceModel()->index(sourceRow, DatasetModel::IdColumn, sourceParent);
  if (!search_.isEmpty() && !idIndex.data().toString().contains(search_, Qt::CaseInsensitive))
    return false;
  if (label_ >= 0) {
    const QVariantList labels = idIndex.data(DatasetModel::LabelNumbersRole).toList();
    if (!labels.contains(label_)) return false;
  }
  return true;
}

DatasetPanel::DatasetPanel(DatasetModel* model, QWidget* parent)
    : QWidget(parent),
      model_(model),
      filter_(new DatasetFilterModel(this)),
      search_(new QLineEdit(this)),
      classFilter_(new QComboBox(this)),
      view_(new QTableView(this)),
      count_(new QLabel(this)) {
  filter_->setSourceModel(model_);
  search_->setPlaceholderText(tr("Search by image ID"));
  search_->setClearButtonEnabled(true);
  classFilter_->addItem(tr("All classes"), -1);
  for (int c = 0; c < kNumClasses; ++c) classFilter_->addItem(classLabel(c), c);
  view_->setModel(filter_);
  view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  view_->setSelectionMode(QAbstractItemView::SingleSelection);
  view_->setSortingEnabled(true);
  view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  view_->verticalHeader()->hide();
  view_->horizontalHeader()->setStretchLastSection(true);
  view_->setAlternatingRowColors(true);
  view_->setWordWrap(false);
  view_->setTextElideMode(Qt::ElideRight);
  view_->sortByColumn(DatasetModel::IdColumn, Qt::AscendingOrder);
  view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 6);
  view_->horizontalHeader()->resizeSection(
      DatasetModel::IdColumn, view_->fontMetrics().horizontalAdvance(QLatin1Char('0')) * 38);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(search_);
  layout->addWidget(classFilter_);
  layout->addWidget(view_, 1);
  layout->addWidget(count_);

  connect(search_, &QLineEdit::textChanged, filter_, &DatasetFilterModel::setSearchText);
  connect(classFilter_, &QComboBox::currentIndexChanged, this,
          [this](int) { filter_->setClassFilter(classFilter_->currentData().toInt()); });
  connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current) {
            Q_EMIT imageSelected(current.isValid() ? filter_->mapToSource(current).row() : -1);
          });
  connect(filter_, &QAbstractItemModel::modelReset, this, &DatasetPanel::updateCount);
  connect(filter_, &QAbstractItemModel::rowsInserted, this, &DatasetPanel::updateCount);
  connect(filter_, &QAbstractItemModel::rowsRemoved, this, &DatasetPanel::updateCount);
  connect(filter_, &QAbstractItemModel::layoutChanged, this, &DatasetPanel::updateCount);
  updateCount();
}

void DatasetPanel::selectSourceRow(int row) {
  const QModelIndex index = filter_->mapFromSource(model_->index(row, 0));
  if (index.isValid())
    view_->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void DatasetPanel::selectFirstRow() {
  const QModelIndex first = filter_->index(0, 0);
  if (first.isValid())
    view_->selectionModel()->setCurrentIndex(
        first, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void DatasetPanel::selectRelative(int step) {
  const QModelIndex current = view_->selectionModel()->currentIndex();
  if (!current.isValid()) return selectFirstRow();
  const int row = std::clamp(current.row() + step, 0, filter_->rowCount() - 1);
  if (row != current.row())
    view_->selectionModel()->setCurrentIndex(
        filter_->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void DatasetPanel::updateCount() {
  count_->setText(tr("%1 of %2 images").arg(filter_->rowCount()).arg(model_->rowCount()));
}

}  // namespace cellcam::ui
