#include "review_queue.h"

#include <cmath>

#include <QHeaderView>
#include <QSortFilterProxyModel>
#include <QStringList>
#include <QTableView>
#include <QVBoxLayout>

#include "cellcam/classes.h"

#include "class_text.h"

namespace cellcam::ui {
namespace {

QString labelList(const QList<int>& labels) {
  return QString::fromStdString(formatLabelList({labels.begin(), labels.end()}));
}

}  // namespace

ReviewQueueModel::ReviewQueueModel(QObject* parent) : QAbstractTableModel(parent) {}

void ReviewQueueModel::setRecords(const std::vector<CellReviewRecord>& records) {
  records_ = records;
  setThresholds(labelThreshold_, lowTopThreshold_);
}

void ReviewQueueModel::setThresholds(double labelThreshold, double lowTopThreshold) {
  beginResetModel();
  labelThreshold_ = labelThreshold;
  lowTopThreshold_ = lowTopThreshold;
  rows_.clear();
  skipped_ = 0;
  const auto n = static_cast<std::size_t>(kNumClasses);
  for (const CellReviewRecord& r : records_) {
    if (r.sigmoid.size() != n || r.gbr.size() != n || r.final.size() != n) {
      ++skipped_;
      continue;
    }
    rows_.push_back(reviewOf(r));
  }
  endResetModel();
}

CellReview ReviewQueueModel::reviewOf(const CellReviewRecord& record) const {
  CellReview r;
  r.record = record;
  r.topProbability = -1;
  r.disagreement = -1;
  for (int c = 0; c < kNumClasses; ++c) {
    const auto i = static_cast<std::size_t>(c);
    const double p = record.final[i];
    if (p > r.topProbability) {
      r.topProbability = p;
      r.topClass = c;
    }
    const double d = std::abs(static_cast<double>(record.sigmoid[i]) - record.gbr[i]);
    if (d > r.disagreement) {
      r.disagreement = d;
      r.disagreementClass = c;
    }
    if (p >= labelThreshold_) {
      r.predicted.append(c);
      if (!record.imageLabels.isEmpty() && !record.imageLabels.contains(c)) r.outside.append(c);
    }
  }
  r.lowTop = r.topProbability < lowTopThreshold_;
  r.priority = 3.0 * (r.outside.isEmpty() ? 0 : 1) + (1.0 - r.topProbability) + r.disagreement;
  return r;
}

QString ReviewQueueModel::reasonText(const CellReview& r) const {
  QStringList reasons;
  if (!r.outside.isEmpty())
    reasons << tr("predicted %1 outside the image's labels").arg(labelList(r.outside));
  if (r.lowTop) reasons << tr("low top probability");
  reasons << tr("mappings differ by %1 on class %2")
                 .arg(r.disagreement, 0, 'f', 2)
                 .arg(r.disagreementClass);
  return reasons.join(QStringLiteral("; "));
}

int ReviewQueueModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int ReviewQueueModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReviewQueueModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const CellReview& r = rows_[static_cast<std::size_t>(index.row())];
  if (role == CellIdRole) return r.record.cellId;
  if (role == Qt::ToolTipRole && index.column() == TopClassColumn) return classText(r.topClass);
  if (role == Qt::ToolTipRole && index.column() == ReasonColumn) return reasonText(r);
  if (role != Qt::DisplayRole && role != SortRole) return {};
  const bool sort = role == SortRole;
  switch (index.column()) {
    case PriorityColumn:
      return sort ? QVariant(r.priority) : QVariant(QString::number(r.priority, 'f', 2));
    case ImageColumn:
      return r.record.imageId;
    case CellColumn:
      return r.record.cellId;
    case ReasonColumn:
      return reasonText(r);
    case TopClassColumn:
      return sort ? QVariant(r.topClass) : QVariant(classLabel(r.topClass));
    case TopProbabilityColumn:
      return sort ? QVariant(r.topProbability)
                  : QVariant(QString::number(r.topProbability, 'f', 3));
    case DisagreementColumn:
      return sort ? QVariant(r.disagreement) : QVariant(QString::number(r.disagreement, 'f', 3));
    case PredictedColumn:
      return labelList(r.predicted);
    default:
      return {};
  }
}

QVariant ReviewQueueModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case PriorityColumn:
      return tr("Priority");
    case ImageColumn:
      return tr("Image");
    case CellColumn:
      return tr("Cell");
    case ReasonColumn:
      return tr("Why");
    case TopClassColumn:
      return tr("Top class");
    case TopProbabilityColumn:
      return tr("Top probability");
    case DisagreementColumn:
      return tr("Sigmoid vs GBR");
    case PredictedColumn:
      return tr("Predicted");
    default:
      return {};
  }
}

ReviewQueuePanel::ReviewQueuePanel(QWidget* parent)
    : QWidget(parent),
      model_(new ReviewQueueModel(this)),
      proxy_(new QSortFilterProxyModel(this)),
      view_(new QTableView(this)) {
  proxy_->setSourceModel(model_);
  proxy_->setSortRole(ReviewQueueModel::SortRole);
  view_->setModel(proxy_);
  view_->setSortingEnabled(true);
  view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  view_->setSelectionMode(QAbstractItemView::SingleSelection);
  view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  view_->verticalHeader()->hide();
  view_->horizontalHeader()->setStretchLastSection(true);
  view_->sortByColumn(ReviewQueueModel::PriorityColumn, Qt::DescendingOrder);
  view_->setToolTip(tr("Cells to check first; double-click one to show it in the viewer"));
  connect(view_, &QTableView::doubleClicked, this, &ReviewQueuePanel::activate);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(view_);
}

void ReviewQueuePanel::setRecords(const std::vector<CellReviewRecord>& records) {
  model_->setRecords(records);
  view_->sortByColumn(ReviewQueueModel::PriorityColumn, Qt::DescendingOrder);
}

void ReviewQueuePanel::activate(const QModelIndex& proxyIndex) {
  if (!proxyIndex.isValid()) return;
  const QModelIndex source = proxy_->mapToSource(proxyIndex);
  const CellReview& r = model_->review(source.row());
  Q_EMIT cellActivated(r.record.imageId, r.record.cellId);
}

}  // namespace cellcam::ui
