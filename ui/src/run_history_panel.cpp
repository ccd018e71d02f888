#include "run_history_panel.h"

#include <cmath>

#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace cellcam::ui {

namespace {

QDateTime parseUtc(const std::string& text) {
  QDateTime t = QDateTime::fromString(QString::fromStdString(text), Qt::ISODateWithMs);
  if (!t.isValid()) t = QDateTime::fromString(QString::fromStdString(text), Qt::ISODate);
  return t;
}

QJsonObject parseObject(const std::string& text) {
  return QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
}

QString prettyJson(const std::string& text) {
  const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(text));
  if (doc.isObject() && !doc.object().isEmpty())
    return QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
  return QString::fromStdString(text.empty() ? std::string("{}") : text);
}

QString duration(qint64 seconds) {
  if (seconds < 60) return RunHistoryPanel::tr("%1 s").arg(seconds);
  if (seconds < 3600) return RunHistoryPanel::tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
  return RunHistoryPanel::tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
}

QString kindText(const std::string& kind) {
  if (kind == "train") return RunHistoryPanel::tr("Training");
  if (kind == "fit-mapping") return RunHistoryPanel::tr("Mapping fit");
  if (kind == "predict") return RunHistoryPanel::tr("Export");
  if (kind == "segment") return RunHistoryPanel::tr("Segmentation");
  return QString::fromStdString(kind);
}

/// `key` of `metrics` as a number, or NaN when missing or not a number.
double number(const QJsonObject& metrics, const char* key) {
  const QJsonValue value = metrics.value(QLatin1String(key));
  return value.isDouble() ? value.toDouble() : std::nan("");
}

}  // namespace

RunHistoryPanel::RunHistoryPanel(QWidget* parent)
    : QWidget(parent),
      created_(QDateTime::currentDateTimeUtc()),
      table_(new QTableWidget(0, ColumnCount, this)),
      details_(new QPlainTextEdit(this)),
      message_(new QLabel(this)),
      openFolder_(new QPushButton(tr("Open Folder"), this)),
      openModel_(new QPushButton(tr("Open Model"), this)),
      resume_(new QPushButton(tr("Resume Training…"), this)),
      refresh_(new QPushButton(tr("Refresh"), this)) {
  table_->setHorizontalHeaderLabels(
      {tr("Started"), tr("Name"), tr("Kind"), tr("Status"), tr("Duration"), tr("Result")});
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setWordWrap(false);
  details_->setReadOnly(true);
  details_->setLineWrapMode(QPlainTextEdit::NoWrap);
  details_->setPlaceholderText(tr("Select a run to see its settings and results."));
  message_->setWordWrap(true);
  message_->hide();
  openFolder_->setToolTip(tr("Show the run's folder in the file manager"));
  openModel_->setToolTip(
      tr("Load the run's model into the viewer (a training run's best.pt, else model.pt)"));
  resume_->setToolTip(tr("Continue the training run from its last checkpoint"));

  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(table_);
  split->addWidget(details_);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(openFolder_);
  buttons->addWidget(openModel_);
  buttons->addWidget(resume_);
  buttons->addStretch(1);
  buttons->addWidget(refresh_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(message_);
  layout->addWidget(split, 1);
  layout->addLayout(buttons);

  connect(table_, &QTableWidget::itemSelectionChanged, this, &RunHistoryPanel::onSelectionChanged);
  connect(refresh_, &QPushButton::clicked, this, &RunHistoryPanel::refresh);
  connect(openFolder_, &QPushButton::clicked, this, [this]() {
    if (const RunRecord* run = selectedRun())
      QDesktopServices::openUrl(QUrl::fromLocalFile(QString::fromStdString(run->runDir)));
  });
  connect(openModel_, &QPushButton::clicked, this, [this]() {
    const RunRecord* run = selectedRun();
    const QString file = run ? modelFileOf(*run) : QString();
    if (!file.isEmpty()) Q_EMIT openModelRequested(file);
  });
  connect(resume_, &QPushButton::clicked, this, [this]() {
    const RunRecord* run = selectedRun();
    if (run && canResume(*run)) Q_EMIT resumeRequested(QString::fromStdString(run->runDir));
  });
  fill(0);
}

void RunHistoryPanel::setProject(Project* project) {
  project_ = project;
  runs_.clear();
  message_->hide();
  refresh();
}

void RunHistoryPanel::refresh() {
  const long long keep = selectedRunId();  // of the rows shown, before they change
  if (!project_) {
    runs_.clear();
    fill(0);
    return;
  }
  try {
    std::vector<RunRecord> runs = project_->runs();
    runs_.assign(runs.rbegin(), runs.rend());
    message_->hide();
  } catch (const std::exception& e) {
    message_->setText(QString::fromStdString(e.what()));
    message_->show();
  }
  fill(keep);
}

void RunHistoryPanel::setActiveRunDirs(const QStringList& runDirs) {
  activeRunDirs_.clear();
  for (const QString& dir : runDirs) activeRunDirs_ << QDir::cleanPath(dir);
  onSelectionChanged();
}

bool RunHistoryPanel::selectRun(long long id) {
  for (std::size_t i = 0; i < runs_.size(); ++i)
    if (runs_[i].id == id) {
      table_->selectRow(static_cast<int>(i));
      return true;
    }
  return false;
}

const RunRecord* RunHistoryPanel::selectedRun() const {
  const QList<QTableWidgetSelectionRange> ranges = table_->selectedRanges();
  if (ranges.isEmpty()) return nullptr;
  const int row = ranges.first().topRow();
  return row >= 0 && row < static_cast<int>(runs_.size()) ? &runs_[row] : nullptr;
}

long long RunHistoryPanel::selectedRunId() const {
  const RunRecord* run = selectedRun();
  return run ? run->id : 0;
}

QString RunHistoryPanel::modelFileOf(const RunRecord& run) const {
  if (run.kind == "train") {
    const QDir dir(QString::fromStdString(run.runDir));
    for (const char* name : {"best.pt", "model.pt"})
      if (QFileInfo(dir.filePath(QLatin1String(name))).isFile())
        return dir.filePath(QLatin1String(name));
    return {};
  }
  if (run.kind == "fit-mapping") {
    const QString file = parseObject(run.configJson).value(QStringLiteral("modelFile")).toString();
    if (!file.isEmpty() && QFileInfo(file).isFile()) return file;
  }
  return {};
}

bool RunHistoryPanel::canResume(const RunRecord& run) const {
  if (run.kind != "train" || run.status == "finished") return false;
  const QString dir = QDir::cleanPath(QString::fromStdString(run.runDir));
  if (activeRunDirs_.contains(dir)) return false;
  return QFileInfo(QDir(dir).filePath(QStringLiteral("checkpoint.pt"))).isFile();
}

bool RunHistoryPanel::isStale(const RunRecord& run) const {
  if (run.status != "running") return false;
  const QDateTime started = parseUtc(run.startedAt);
  // Recorded with second precision: a run of this studio may look up to 1 s older.
  return started.isValid() && started.secsTo(created_) > 1;
}

QString RunHistoryPanel::statusText(const RunRecord& run) const {
  if (run.status == "running") return isStale(run) ? tr("not finished") : tr("running");
  if (run.status == "finished") return tr("finished");
  if (run.status == "cancelled") return tr("cancelled");
  if (run.status == "failed") return tr("failed");
  return QString::fromStdString(run.status);
}

QString RunHistoryPanel::resultText(const RunRecord& run) {
  const QJsonObject m = parseObject(run.metricsJson);
  const QLocale locale;
  QStringList parts;
  const auto addCount = [&](const QString& text, double value) {
    if (!std::isnan(value)) parts << text.arg(locale.toString(static_cast<qlonglong>(value)));
  };
  const auto addFixed = [&](const QString& text, double value, int digits) {
    if (!std::isnan(value)) parts << text.arg(value, 0, 'f', digits);
  };
  if (run.kind == "train") {
    addFixed(tr("val mAP %1"), number(m, "val_map"), 3);
    addFixed(tr("AUC %1"), number(m, "val_macro_auc"), 3);
    if (parts.isEmpty()) addFixed(tr("train loss %1"), number(m, "train_loss"), 4);
    double epochs = number(m, "epochs_done");
    if (std::isnan(epochs)) epochs = number(m, "epoch");
    if (!std::isnan(epochs)) parts << tr("%n epoch(s)", nullptr, static_cast<int>(epochs));
  } else if (run.kind == "fit-mapping") {
    addCount(tr("%1 rows"), number(m, "rows"));
    addCount(tr("%1 images"), number(m, "images"));
    const double annotated = number(m, "annotatedCells");
    if (!std::isnan(annotated) && annotated > 0) addCount(tr("%1 annotated cells"), annotated);
  } else if (run.kind == "predict") {
    addCount(tr("%1 images"), number(m, "images"));
    addCount(tr("%1 cells"), number(m, "cells"));
    const double bytes = number(m, "bytes");
    if (!std::isnan(bytes)) parts << locale.formattedDataSize(static_cast<qint64>(bytes));
  } else if (run.kind == "segment") {
    addCount(tr("%1 images"), number(m, "images"));
    addCount(tr("%1 cells"), number(m, "cells"));
    addFixed(tr("matched %1"), number(m, "matchedFraction"), 3);
  }
  return parts.join(QStringLiteral(" · "));
}

void RunHistoryPanel::fill(long long keep) {
  const QSignalBlocker block(table_);
  table_->clearContents();
  table_->setRowCount(static_cast<int>(runs_.size()));
  const QDateTime now = QDateTime::currentDateTimeUtc();
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    const RunRecord& run = runs_[i];
    const QDateTime started = parseUtc(run.startedAt);
    const QDateTime finished = parseUtc(run.finishedAt);
    QString length;
    if (started.isValid() && finished.isValid())
      length = duration(started.secsTo(finished));
    else if (started.isValid() && run.status == "running" && !isStale(run))
      length = duration(started.secsTo(now));
    const QString cells[ColumnCount] = {
        started.isValid()
            ? QLocale().toString(started.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm"))
            : QString::fromStdString(run.startedAt),
        QString::fromStdString(run.name),
        kindText(run.kind),
        statusText(run),
        length,
        resultText(run)};
    for (int c = 0; c < ColumnCount; ++c) {
      auto* item = new QTableWidgetItem(cells[c]);
      if (c == NameColumn) item->setToolTip(QString::fromStdString(run.runDir));
      if (c == StatusColumn && isStale(run))
        item->setToolTip(
            tr("Recorded as running before this studio started: the studio that ran it ended "
               "without finishing it, or another one is still running it."));
      table_->setItem(static_cast<int>(i), c, item);
    }
  }
  table_->resizeColumnsToContents();
  if (keep != 0) selectRun(keep);
  onSelectionChanged();
}

void RunHistoryPanel::onSelectionChanged() {
  const RunRecord* run = selectedRun();
  if (!run) {
    details_->clear();
    openFolder_->setEnabled(false);
    openModel_->setEnabled(false);
    resume_->setEnabled(false);
    return;
  }
  QString text;
  text += tr("Run %1: %2 (%3), %4")
              .arg(run->id)
              .arg(QString::fromStdString(run->name), kindText(run->kind), statusText(*run));
  text += QLatin1Char('\n') +
          tr("Folder: %1").arg(QDir::toNativeSeparators(QString::fromStdString(run->runDir)));
  text += QLatin1Char('\n') + tr("Started: %1").arg(QString::fromStdString(run->startedAt));
  if (!run->finishedAt.empty())
    text += QLatin1Char('\n') + tr("Ended: %1").arg(QString::fromStdString(run->finishedAt));
  text +=
      QStringLiteral("\n\n") + tr("Results:") + QLatin1Char('\n') + prettyJson(run->metricsJson);
  text +=
      QStringLiteral("\n\n") + tr("Settings:") + QLatin1Char('\n') + prettyJson(run->configJson);
  details_->setPlainText(text);
  openFolder_->setEnabled(QFileInfo(QString::fromStdString(run->runDir)).isDir());
  openModel_->setEnabled(!modelFileOf(*run).isEmpty());
  resume_->setEnabled(canResume(*run));
}

}  // namespace cellcam::ui
