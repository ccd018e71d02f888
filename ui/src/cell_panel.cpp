#include "cell_panel.h"

#include <QComboBox>
#include <QHeaderView>
#include <QItemSelection>
#include <QItemSelectionModel>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

#include "cellcam/classes.h"

#include "cell_table_model.h"
#include "class_text.h"
#include "image_analysis.h"

namespace cellcam::ui {

void CellFilterModel::setClassFilter(int label) {
  label_ = label;
  invalidateFilter();
}

bool CellFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
  if (label_ < 0) return true;
  return sourceModel()->index(sourceRow, 0, sourceParent).data(CellTableModel::ClassRole).toInt() ==
         label_;
}

CellPanel::CellPanel(QWidget* parent)
    : QWidget(parent),
      model_(new CellTableModel(this)),
      filter_(new CellFilterModel(this)),
      classFilter_(new QComboBox(this)),
      view_(new QTableView(this)),
      status_(new QLabel(this)) {
  filter_->setSourceModel(model_);
  filter_->setSortRole(CellTableModel::SortRole);
  classFilter_->addItem(tr("All classes"), -1);
  for (int c = 0; c < kNumClasses; ++c) classFilter_->addItem(classLabel(c), c);
  view_->setModel(filter_);
  view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  view_->setSortingEnabled(true);
  view_->sortByColumn(CellTableModel::CellColumn, Qt::AscendingOrder);
  view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  view_->verticalHeader()->hide();
  view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 6);
  view_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  view_->horizontalHeader()->setStretchLastSection(true);
  view_->setWordWrap(false);
  const int digit = view_->fontMetrics().horizontalAdvance(QLatin1Char('0'));
  view_->setColumnWidth(CellTableModel::CellColumn, digit * 7);
  view_->setColumnWidth(CellTableModel::ClassColumn, digit * 20);
  for (int column :
       {CellTableModel::RawColumn, CellTableModel::SigmoidColumn, CellTableModel::GbrColumn})
    view_->setColumnWidth(column, digit * 10);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(classFilter_);
  layout->addWidget(view_, 1);
  layout->addWidget(status_);
  status_->setWordWrap(true);

  connect(classFilter_, &QComboBox::currentIndexChanged, this,
          [this](int) { filter_->setClassFilter(classFilter_->currentData().toInt()); });
  connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current) {
            if (selecting_ || !current.isValid()) return;
            Q_EMIT cellSelected(current.data(CellTableModel::CellIdRole).toInt());
          });
  setTable(nullptr, tr("Open a model to see the cells' class probabilities."));
}

void CellPanel::setTable(std::shared_ptr<const CellTable> table, const QString& hint) {
  const bool empty = !table;
  model_->setTable(std::move(table));
  if (empty) {
    status_->setText(hint);
    return;
  }
  const auto& t = *model_->table();
  status_->setText(t.gbr.empty() ? tr("%n cell(s); sigmoid mapping only (no XGBoost mapping file).",
                                      nullptr, static_cast<int>(t.cellIds.size()))
                                 : tr("%n cell(s); final = blend of sigmoid and XGBoost.", nullptr,
                                      static_cast<int>(t.cellIds.size())));
}

void CellPanel::selectCell(int id) {
  selecting_ = true;
  QItemSelection selection;
  QModelIndex first;
  const int columns = filter_->columnCount();
  for (int row = 0; id > 0 && row < filter_->rowCount(); ++row) {
    const QModelIndex index = filter_->index(row, 0);
    if (index.data(CellTableModel::CellIdRole).toInt() != id) continue;
    selection.select(index, filter_->index(row, columns - 1));
    if (!first.isValid()) first = index;
  }
  QItemSelectionModel* selectionModel = view_->selectionModel();
  if (first.isValid()) {
    selectionModel->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
    selectionModel->select(selection, QItemSelectionModel::ClearAndSelect);
    view_->scrollTo(first, QAbstractItemView::PositionAtTop);
  } else {
    selectionModel->clearSelection();
  }
  selecting_ = false;
}

QSet<int> CellPanel::selectedCellIds() const {
  QSet<int> ids;
  for (const QModelIndex& index : view_->selectionModel()->selectedRows())
    ids.insert(index.data(CellTableModel::CellIdRole).toInt());
  return ids;
}

}  // namespace cellcam::ui
