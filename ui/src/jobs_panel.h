#pragma once
// The jobs panel: every job with state, progress bar and ETA, the live log of the selected job
// and a Cancel button; publishes a one-line status for the main window's status bar.

#include <QAbstractTableModel>
#include <QList>
#include <QString>
#include <QWidget>

class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace cellcam::ui {

class JobManager;

/// Formats seconds as "m:ss" or "h:mm:ss"; "–" for a negative (unknown) value.
QString formatEta(double seconds);

/// The jobs of a JobManager as a table (one row per job in submission order, keyed by job id):
/// columns Job, State, Progress (0..100 as Qt::DisplayRole int), ETA, Message.
class JobsModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { Title, State, Progress, Eta, Message, ColumnCount };
  /// Role of every cell: the job id (int).
  static constexpr int JobIdRole = Qt::UserRole + 1;

  explicit JobsModel(JobManager& jobs, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

  int jobAt(int row) const { return row >= 0 && row < ids_.size() ? ids_[row] : 0; }
  int rowOf(int id) const { return static_cast<int>(ids_.indexOf(id)); }

 private:
  void refreshRow(int id);

  JobManager& jobs_;
  QList<int> ids_;
};

class JobsPanel : public QWidget {
  Q_OBJECT

 public:
  /// `jobs` must outlive the panel.
  explicit JobsPanel(JobManager& jobs, QWidget* parent = nullptr);

  /// The job whose log is shown (0 if none).
  int selectedJob() const { return selected_; }
  void selectJob(int id);
  /// "TITLE: NN % – MESSAGE – ETA m:ss" of the active (latest running) job; empty when idle.
  QString statusText() const { return statusText_; }

  JobsModel* model() const { return model_; }
  QTableView* view() const { return view_; }
  QPlainTextEdit* logView() const { return log_; }
  QPushButton* cancelButton() const { return cancel_; }

 Q_SIGNALS:
  /// The status bar text changed (empty: no job running).
  void statusTextChanged(const QString& text);

 private:
  void showLog();
  void updateStatus();
  void updateCancelButton();

  JobManager& jobs_;
  JobsModel* model_;
  QTableView* view_;
  QPlainTextEdit* log_;
  QPushButton* cancel_;
  int selected_ = 0;
  QString statusText_;
};

}  // namespace cellcam::ui
