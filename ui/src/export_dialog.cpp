#include "export_dialog.h"

#include <filesystem>

#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

#include "dialog_job.h"
#include "form_support.h"
#include "job_manager.h"

namespace cellcam::ui {

ExportDialog::ExportDialog(JobManager& jobs, QWidget* parent)
    : QDialog(parent),
      jobs_(jobs),
      dataDir_(new QLineEdit),
      source_(new QComboBox),
      sourceFile_(new QLineEdit),
      output_(new QLineEdit),
      job_(new DialogJob(jobs, this)),
      progress_(job_->progressBar()),
      message_(job_->messageLabel()),
      export_(new QPushButton(tr("Export"))),
      cancel_(job_->cancelButton()),
      openFolder_(new QPushButton(tr("Open folder"))),
      close_(new QPushButton(tr("Close"))),
      summary_(std::make_shared<PredictSummary>()) {
  setWindowTitle(tr("Export submission CSV"));
  source_->addItem(tr("Ensemble file"), static_cast<int>(Source::Ensemble));
  source_->addItem(tr("Single model"), static_cast<int>(Source::Model));
  dataDir_->setPlaceholderText(tr("folder with sample_submission.csv and test/"));
  output_->setText(QStringLiteral("submission.csv"));
  openFolder_->setEnabled(false);

  auto* browseData = new QPushButton(QStringLiteral("…"));
  auto* browseSource = new QPushButton(QStringLiteral("…"));
  auto* browseOutput = new QPushButton(QStringLiteral("…"));
  auto* form = new QFormLayout;
  form->addRow(tr("Test data folder"), browseRow(dataDir_, browseData));
  form->addRow(tr("Predict with"), source_);
  form->addRow(tr("File"), browseRow(sourceFile_, browseSource));
  form->addRow(tr("Submission CSV"), browseRow(output_, browseOutput));

  auto* buttons = new QHBoxLayout;
  buttons->addWidget(openFolder_);
  buttons->addStretch();
  buttons->addWidget(export_);
  buttons->addWidget(cancel_);
  buttons->addWidget(close_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(progress_);
  layout->addWidget(message_);
  layout->addLayout(buttons);

  connect(browseData, &QPushButton::clicked, this, [this]() {
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Test data folder"), dataDir_->text());
    if (!folder.isEmpty()) dataDir_->setText(folder);
  });
  connect(browseSource, &QPushButton::clicked, this, [this]() {
    const bool ensemble = source_->currentData().toInt() == static_cast<int>(Source::Ensemble);
    const QString file = QFileDialog::getOpenFileName(
        this, ensemble ? tr("Ensemble file") : tr("Model file"), sourceFile_->text(),
        ensemble ? tr("Ensembles (*.json)") : tr("Models (*.pt)"));
    if (!file.isEmpty()) sourceFile_->setText(file);
  });
  connect(browseOutput, &QPushButton::clicked, this, [this]() {
    const QString file = QFileDialog::getSaveFileName(this, tr("Submission CSV"), output_->text(),
                                                      tr("CSV files (*.csv)"));
    if (!file.isEmpty()) output_->setText(file);
  });
  connect(export_, &QPushButton::clicked, this, &ExportDialog::startExport);
  connect(close_, &QPushButton::clicked, this, &QDialog::close);
  connect(openFolder_, &QPushButton::clicked, this, [this]() {
    QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(outputFile()).absolutePath()));
  });
  connect(job_, &DialogJob::ended, this, &ExportDialog::onFinished);
}

ExportDialog::~ExportDialog() { job_->stop(); }

void ExportDialog::setDataDir(const QString& folder) { dataDir_->setText(folder); }

void ExportDialog::setSource(Source source, const QString& file) {
  source_->setCurrentIndex(source_->findData(static_cast<int>(source)));
  sourceFile_->setText(file);
}

void ExportDialog::setOutputFile(const QString& file) { output_->setText(file); }

QString ExportDialog::outputFile() const {
  return QFileInfo(output_->text().trimmed()).absoluteFilePath();
}

int ExportDialog::startExport() {
  if (job_->running()) return 0;
  QString problem;
  if (dataDir_->text().trimmed().isEmpty())
    problem = tr("Choose the test data folder (with sample_submission.csv and test/).");
  else if (sourceFile_->text().trimmed().isEmpty())
    problem = tr("Choose the ensemble or model file to predict with.");
  else if (output_->text().trimmed().isEmpty())
    problem = tr("Choose where to write the submission CSV.");
  if (!problem.isEmpty()) {
    state_ = State::Failed;
    resultText_ = problem;
    message_->setText(problem);
    return 0;
  }
  PredictOptions options;
  options.dataDir = toPath(dataDir_->text().trimmed());
  const std::filesystem::path file = toPath(sourceFile_->text().trimmed());
  if (source_->currentData().toInt() == static_cast<int>(Source::Ensemble))
    options.ensembleFile = file;
  else
    options.modelFile = file;
  options.out = toPath(outputFile());
  summary_ = std::make_shared<PredictSummary>();
  auto summary = summary_;
  const int jobId = job_->submit(tr("Export %1").arg(QFileInfo(outputFile()).fileName()),
                                 [options, summary](Progress& progress, const CancelToken& cancel) {
                                   *summary = predictSubmission(options, progress, cancel);
                                 });
  recordStart(options);
  state_ = State::Running;
  resultText_.clear();
  setRunning(true);
  return jobId;
}

void ExportDialog::onFinished(int id) {
  const JobInfo job = jobs_.job(id);
  setRunning(false);
  switch (job.state) {
    case JobState::Finished: {
      state_ = State::Succeeded;
      const qint64 bytes = QFileInfo(outputFile()).size();
      resultText_ = tr("%1 rows, %2 cells, %3 s, %4 written to %5.")
                        .arg(summary_->images)
                        .arg(summary_->cells)
                        .arg(summary_->seconds, 0, 'f', 1)
                        .arg(QLocale().formattedDataSize(bytes))
                        .arg(QDir::toNativeSeparators(outputFile()));
      progress_->setValue(100);
      openFolder_->setEnabled(true);
      job_->run().finish(
          "finished",
          compactJson({{QStringLiteral("images"), summary_->images},
                       {QStringLiteral("cells"), static_cast<double>(summary_->cells)},
                       {QStringLiteral("instances"), static_cast<double>(summary_->instances)},
                       {QStringLiteral("seconds"), summary_->seconds},
                       {QStringLiteral("bytes"), static_cast<double>(bytes)}}));
      break;
    }
    case JobState::Cancelled:
      state_ = State::Cancelled;
      resultText_ = tr("Export cancelled; nothing was written.");
      job_->run().finish("cancelled");
      break;
    default:
      state_ = State::Failed;
      resultText_ = job.error;
      job_->run().finish("failed");
      break;
  }
  message_->setText(resultText_);
  Q_EMIT exportFinished(state_ == State::Succeeded, resultText_);
}

void ExportDialog::recordStart(const PredictOptions& options) {
  RunRecord run;
  run.name = options.out.filename().string();
  run.kind = "predict";
  run.configJson = compactJson({{QStringLiteral("dataDir"), pathText(options.dataDir)},
                                {QStringLiteral("ensembleFile"), pathText(options.ensembleFile)},
                                {QStringLiteral("modelFile"), pathText(options.modelFile)},
                                {QStringLiteral("out"), pathText(options.out)}});
  run.runDir = options.out.parent_path().string();
  job_->run().start(recorder_, std::move(run), "the export");
}

void ExportDialog::setRunning(bool running) {
  export_->setEnabled(!running);
  if (running) openFolder_->setEnabled(false);
}

}  // namespace cellcam::ui
