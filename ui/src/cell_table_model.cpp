#include "cell_table_model.h"

#include <algorithm>
#include <cmath>

#include <QColor>

#include "cellcam/classes.h"

#include "class_text.h"
#include "image_analysis.h"

namespace cellcam::ui {

CellTableModel::CellTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void CellTableModel::setTable(std::shared_ptr<const CellTable> table) {
  beginResetModel();
  table_ = std::move(table);
  maxRaw_ = 0;
  if (table_)
    for (double v : table_->raw) maxRaw_ = std::max(maxRaw_, v);
  endResetModel();
}

int CellTableModel::rowCount(const QModelIndex& parent) const {
  if (parent.isValid() || !table_) return 0;
  return static_cast<int>(table_->cellIds.size()) * table_->numClasses;
}

int CellTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QColor CellTableModel::valueColour(double value) {
  const double v = std::clamp(value, 0.0, 1.0);
  // White at 0.5; saturating to blue at 0 and red at 1, light enough for black text.
  const double strength = std::abs(v - 0.5) * 2.0 * 0.55;
  return QColor::fromHsvF(v < 0.5 ? 0.6 : 0.0, strength, 1.0);
}

QVariant CellTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || !table_ || index.row() >= rowCount()) return {};
  const int cell = index.row() / table_->numClasses;
  const int c = index.row() % table_->numClasses;
  const std::size_t at = static_cast<std::size_t>(index.row());
  const int id = table_->cellIds[static_cast<std::size_t>(cell)];
  if (role == CellIdRole) return id;
  if (role == ClassRole) return c;
  const bool hasGbr = !table_->gbr.empty();
  double value = 0;
  switch (index.column()) {
    case CellColumn:
      value = id;
      break;
    case ClassColumn:
      value = c;
      break;
    case RawColumn:
      value = table_->raw[at];
      break;
    case SigmoidColumn:
      value = table_->sigmoid[at];
      break;
    case GbrColumn:
      value = hasGbr ? table_->gbr[at] : -1.0;
      break;
    case FinalColumn:
      value = table_->final[at];
      break;
  }
  switch (role) {
    case SortRole:
      return value;
    case Qt::DisplayRole:
      if (index.column() == CellColumn) return id;
      if (index.column() == ClassColumn) return classLabel(c);
      if (index.column() == GbrColumn && !hasGbr) return QStringLiteral("–");
      if (index.column() == RawColumn) return QString::number(value, 'g', 4);
      return QString::number(value, 'f', 3);
    case Qt::TextAlignmentRole:
      return index.column() == ClassColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                           : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::BackgroundRole:
      if (index.column() == RawColumn) return valueColour(maxRaw_ > 0 ? value / maxRaw_ : 0);
      if (index.column() >= SigmoidColumn && (index.column() != GbrColumn || hasGbr))
        return valueColour(value);
      return {};
    case Qt::ForegroundRole:
      if (index.column() >= RawColumn) return QColor(Qt::black);
      return {};
    case Qt::ToolTipRole:
      if (index.column() == GbrColumn && !hasGbr)
        return tr(
            "The model has no XGBoost mapping file; the final probability is the sigmoid "
            "mapping alone.");
      return {};
  }
  return {};
}

QVariant CellTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return {};
  if (role == Qt::ToolTipRole) {
    switch (section) {
      case RawColumn:
        return tr("Sum of the class's CAM over the cell's pixels times the image probability.");
      case SigmoidColumn:
        return tr("Robustly standardised over the image, then a sigmoid.");
      case GbrColumn:
        return tr("The model's gradient-boosted (XGBoost) mapping of the standardised score.");
      case FinalColumn:
        return tr("Blend of the sigmoid and XGBoost probabilities.");
    }
    return {};
  }
  if (role != Qt::DisplayRole) return {};
  switch (section) {
    case CellColumn:
      return tr("Cell");
    case ClassColumn:
      return tr("Class");
    case RawColumn:
      return tr("Raw score");
    case SigmoidColumn:
      return tr("Sigmoid");
    case GbrColumn:
      return tr("XGBoost");
    case FinalColumn:
      return tr("Final");
  }
  return {};
}

}  // namespace cellcam::ui
