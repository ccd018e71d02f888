#include "jobs_panel.h"

#include <cmath>

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include "job_manager.h"

namespace cellcam::ui {

namespace {

/// Draws the Progress column as a progress bar.
class ProgressDelegate : public QStyledItemDelegate {
 public:
  using QStyledItemDelegate::QStyledItemDelegate;
  void paint(QPainter* painter, const QStyleOptionViewItem& option,
             const QModelIndex& index) const override {
    QStyleOptionProgressBar bar;
    bar.rect = option.rect.adjusted(2, 2, -2, -2);
    bar.minimum = 0;
    bar.maximum = 100;
    bar.progress = index.data().toInt();
    bar.text = QStringLiteral("%1 %").arg(bar.progress);
    bar.textVisible = true;
    bar.state = option.state | QStyle::State_Horizontal;
    QApplication::style()->drawControl(QStyle::CE_ProgressBar, &bar, painter);
  }
};

}  // namespace

QString formatEta(double seconds) {
  if (seconds < 0 || !std::isfinite(seconds)) return QStringLiteral("–");
  const long long total = std::llround(seconds);
  const long long h = total / 3600, m = (total / 60) % 60, s = total % 60;
  if (h > 0)
    return QStringLiteral("%1:%2:%3")
        .arg(h)
        .arg(m, 2, 10, QLatin1Char('0'))
        .arg(s, 2, 10, QLatin1Char('0'));
  return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

JobsModel::JobsModel(JobManager& jobs, QObject* parent)
    : QAbstractTableModel(parent), jobs_(jobs), ids_(jobs.jobIds()) {
  connect(&jobs_, &JobManager::jobAdded, this, [this](int id) {
    beginInsertRows({}, static_cast<int>(ids_.size()), static_cast<int>(ids_.size()));
    ids_.append(id);
    endInsertRows();
  });
  connect(&jobs_, &JobManager::jobStateChanged, this, [this](int id) { refreshRow(id); });
  connect(&jobs_, &JobManager::jobProgress, this, [this](int id) { refreshRow(id); });
}

int JobsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(ids_.size());
}

int JobsModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant JobsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= ids_.size()) return {};
  const JobInfo job = jobs_.job(ids_[index.row()]);
  if (role == JobIdRole) return job.id;
  if (role == Qt::ToolTipRole && job.state == JobState::Failed) return job.error;
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case Title:
      return job.title;
    case State:
      return jobStateName(job.state);
    case Progress:
      return static_cast<int>(std::lround(job.fraction * 100.0));
    case Eta:
      return job.state == JobState::Running ? formatEta(job.etaSeconds) : QString();
    case Message:
      return job.state == JobState::Failed ? job.error : job.message;
    default:
      return {};
  }
}

QVariant JobsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case Title:
      return tr("Job");
    case State:
      return tr("State");
    case Progress:
      return tr("Progress");
    case Eta:
      return tr("ETA");
    case Message:
      return tr("Message");
    default:
      return {};
  }
}

void JobsModel::refreshRow(int id) {
  const int row = rowOf(id);
  if (row < 0) return;
  Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

JobsPanel::JobsPanel(JobManager& jobs, QWidget* parent)
    : QWidget(parent),
      jobs_(jobs),
      model_(new JobsModel(jobs, this)),
      view_(new QTableView),
      log_(new QPlainTextEdit),
      cancel_(new QPushButton(tr("Cancel job"))) {
  view_->setModel(model_);
  view_->setItemDelegateForColumn(JobsModel::Progress, new ProgressDelegate(view_));
  view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  view_->setSelectionMode(QAbstractItemView::SingleSelection);
  view_->verticalHeader()->hide();
  view_->horizontalHeader()->setStretchLastSection(true);
  view_->horizontalHeader()->setSectionResizeMode(JobsModel::Title, QHeaderView::ResizeToContents);
  view_->horizontalHeader()->setMinimumSectionSize(60);
  view_->setWordWrap(false);
  log_->setReadOnly(true);
  log_->setMaximumBlockCount(2000);
  log_->setPlaceholderText(tr("Select a job to see its log."));
  cancel_->setEnabled(false);

  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->addWidget(view_);
  splitter->addWidget(log_);
  auto* buttons = new QHBoxLayout;
  buttons->addStretch();
  buttons->addWidget(cancel_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(splitter);
  layout->addLayout(buttons);

  connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current) {
            selected_ = model_->jobAt(current.row());
            showLog();
            updateCancelButton();
          });
  connect(cancel_, &QPushButton::clicked, this, [this]() {
    if (selected_ != 0) jobs_.cancel(selected_);
  });
  connect(&jobs_, &JobManager::jobAdded, this, [this](int id) { selectJob(id); });
  connect(&jobs_, &JobManager::jobLog, this, [this](int id, const QString& line) {
    if (id == selected_) log_->appendPlainText(line);
  });
  connect(&jobs_, &JobManager::jobProgress, this, &JobsPanel::updateStatus);
  connect(&jobs_, &JobManager::jobStateChanged, this, [this]() {
    updateStatus();
    updateCancelButton();
  });
}

void JobsPanel::selectJob(int id) {
  const int row = model_->rowOf(id);
  if (row < 0) return;
  view_->selectionModel()->setCurrentIndex(
      model_->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void JobsPanel::showLog() {
  log_->setPlainText(jobs_.job(selected_).log.join(QLatin1Char('\n')));
  log_->verticalScrollBar()->setValue(log_->verticalScrollBar()->maximum());
}

void JobsPanel::updateCancelButton() {
  const JobInfo job = jobs_.job(selected_);
  cancel_->setEnabled(job.id != 0 && !job.ended());
}

void JobsPanel::updateStatus() {
  QString text;
  if (const int active = jobs_.activeJob(); active != 0) {
    const JobInfo job = jobs_.job(active);
    text = tr("%1: %2 %").arg(job.title).arg(std::lround(job.fraction * 100.0));
    if (!job.message.isEmpty()) text += QStringLiteral(" – ") + job.message;
    if (job.etaSeconds >= 0)
      text += QStringLiteral(" – ") + tr("ETA %1").arg(formatEta(job.etaSeconds));
  }
  if (text == statusText_) return;
  statusText_ = text;
  Q_EMIT statusTextChanged(text);
}

}  // namespace cellcam::ui
