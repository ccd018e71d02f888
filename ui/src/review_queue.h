#pragma once
// The review queue: cells a user should check (and annotate) first, from per-cell predictions.

#include <vector>

#include <QAbstractTableModel>
#include <QList>
#include <QString>
#include <QWidget>

class QSortFilterProxyModel;
class QTableView;

namespace cellcam::ui {

/// One predicted cell, as prediction gives it.
struct CellReviewRecord {
  QString imageId;
  int cellId = 0;
  std::vector<float> sigmoid;  ///< Per class (19): the sigmoid mapping's probabilities.
  std::vector<float> gbr;      ///< Per class: the GBR mapping's probabilities.
  std::vector<float> final;    ///< Per class: the blended probabilities that are predicted.
  QList<int> imageLabels;      ///< The image's labels (empty for test images: not checked).
};

/// What the queue concluded about one cell.
struct CellReview {
  CellReviewRecord record;
  QList<int> predicted;  ///< Classes with final probability >= the label threshold.
  QList<int> outside;    ///< Predicted classes not among the image's labels.
  int topClass = 0;      ///< Class of the highest final probability.
  double topProbability = 0;
  int disagreementClass = 0;  ///< Class where |sigmoid - GBR| is largest.
  double disagreement = 0;    ///< That largest |sigmoid - GBR|.
  bool lowTop = false;        ///< topProbability < the low-top threshold.
  /// Ordering key, higher = check first: 3 x (any predicted class outside the image's labels)
  /// + (1 - topProbability) + disagreement. Cells with labels outside their image's set come
  /// first; among the others, uncertain cells and cells where the mappings disagree.
  double priority = 0;
};

/// Table of the cells to review, one row per cell. Sort with a QSortFilterProxyModel on
/// SortRole (numbers for numeric columns). GUI thread only.
class ReviewQueueModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column {
    PriorityColumn,
    ImageColumn,
    CellColumn,
    ReasonColumn,
    TopClassColumn,
    TopProbabilityColumn,
    DisagreementColumn,
    PredictedColumn,
    ColumnCount
  };
  static constexpr int SortRole = Qt::UserRole;
  static constexpr int CellIdRole = Qt::UserRole + 1;

  explicit ReviewQueueModel(QObject* parent = nullptr);

  /// Replaces the rows. Records whose three probability vectors do not all have 19 entries
  /// are skipped (counted in skippedRecords()).
  void setRecords(const std::vector<CellReviewRecord>& records);
  /// Predicted-label threshold on the final probability (default 0.5) and the top probability
  /// below which a cell is "uncertain" (default 0.5). Recomputes the rows.
  void setThresholds(double labelThreshold, double lowTopThreshold);
  int skippedRecords() const { return skipped_; }
  const CellReview& review(int row) const { return rows_[static_cast<std::size_t>(row)]; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  CellReview reviewOf(const CellReviewRecord& record) const;
  QString reasonText(const CellReview& review) const;

  std::vector<CellReviewRecord> records_;
  std::vector<CellReview> rows_;
  double labelThreshold_ = 0.5;
  double lowTopThreshold_ = 0.5;
  int skipped_ = 0;
};

/// The review queue dock: the table sorted by priority (highest first; click a header to
/// sort by another column). Double-clicking a row emits cellActivated().
class ReviewQueuePanel : public QWidget {
  Q_OBJECT

 public:
  explicit ReviewQueuePanel(QWidget* parent = nullptr);
  ReviewQueueModel* model() const { return model_; }
  QSortFilterProxyModel* proxy() const { return proxy_; }
  QTableView* view() const { return view_; }
  /// Replaces the rows and sorts by priority, highest first.
  void setRecords(const std::vector<CellReviewRecord>& records);

 Q_SIGNALS:
  /// A user asked to see this cell (to check and annotate it).
  void cellActivated(const QString& imageId, int cellId);

 private:
  void activate(const QModelIndex& proxyIndex);

  ReviewQueueModel* model_;
  QSortFilterProxyModel* proxy_;
  QTableView* view_;
};

}  // namespace cellcam::ui
