#include "segment_dialog.h"

#include <exception>
#include <filesystem>
#include <initializer_list>

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "cellcam/atomic_file.h"
#include "cellcam/error.h"
#include "cellcam/segmentation.h"

#include "dialog_job.h"
#include "form_support.h"
#include "job_manager.h"

namespace cellcam::ui {

namespace {

QString native(const QString& path) { return QDir::toNativeSeparators(path); }

}  // namespace

SegmentDialog::SegmentDialog(JobManager& jobs, QWidget* parent)
    : QDialog(parent),
      jobs_(jobs),
      dataDir_(new QLineEdit),
      split_(new QComboBox),
      out_(new QLineEdit),
      config_(new QLineEdit),
      nucleiModel_(new QLineEdit),
      cellModel_(new QLineEdit),
      eval_(new QCheckBox(tr("Evaluate against the true label images (test_masks)"))),
      threads_(new QSpinBox),
      job_(new DialogJob(jobs, this)),
      progress_(job_->progressBar()),
      message_(job_->messageLabel()),
      segment_(new QPushButton(tr("Segment"))),
      cancel_(job_->cancelButton()),
      close_(new QPushButton(tr("Close"))),
      summary_(std::make_shared<SegmentDatasetSummary>()) {
  setWindowTitle(tr("Segment dataset"));
  dataDir_->setPlaceholderText(tr("dataset folder (Kaggle layout or a folder of channel images)"));
  split_->addItem(tr("test images"), QStringLiteral("test"));
  split_->addItem(tr("training images"), QStringLiteral("train"));
  split_->addItem(tr("all images"), QStringLiteral("all"));
  out_->setToolTip(
      tr("One 16-bit label image {ID}.png per image (0 = background); existing ones are "
         "replaced."));
  config_->setPlaceholderText(tr("optional: segmentation settings (JSON); empty = defaults"));
  nucleiModel_->setPlaceholderText(tr("optional: TorchScript nuclei model"));
  cellModel_->setPlaceholderText(tr("optional: TorchScript cell model"));
  nucleiModel_->setToolTip(
      tr("Both models, or neither for the built-in segmenter (nuclei from the blue channel, "
         "cells by a watershed)."));
  cellModel_->setToolTip(nucleiModel_->toolTip());
  threads_->setRange(0, 1024);
  threads_->setSpecialValueText(tr("automatic"));
  threads_->setToolTip(
      tr("Automatic: all cores for the built-in segmenter, one with models (which use every "
         "core each)."));
  // Room for the summary (two sentences and the output folder's path) without resizing.
  message_->setMinimumHeight(message_->fontMetrics().lineSpacing() * 4);
  setMinimumWidth(560);
  segment_->setDefault(true);

  auto* browseData = new QPushButton(QStringLiteral("…"));
  auto* browseOut = new QPushButton(QStringLiteral("…"));
  auto* browseConfig = new QPushButton(QStringLiteral("…"));
  auto* browseNuclei = new QPushButton(QStringLiteral("…"));
  auto* browseCells = new QPushButton(QStringLiteral("…"));
  auto* inputs = new QFormLayout;
  inputs->addRow(tr("Data folder"), browseRow(dataDir_, browseData));
  inputs->addRow(tr("Images"), split_);
  inputs->addRow(tr("Output folder"), browseRow(out_, browseOut));
  inputs->addRow(tr("Settings file"), browseRow(config_, browseConfig));
  inputs->addRow(tr("Nuclei model"), browseRow(nucleiModel_, browseNuclei));
  inputs->addRow(tr("Cell model"), browseRow(cellModel_, browseCells));
  inputs->addRow(QString(), eval_);
  inputs->addRow(tr("Threads"), threads_);

  auto* buttons = new QHBoxLayout;
  buttons->addStretch();
  buttons->addWidget(segment_);
  buttons->addWidget(cancel_);
  buttons->addWidget(close_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(inputs);
  layout->addWidget(progress_);
  layout->addWidget(message_);
  layout->addLayout(buttons);

  updateDataDependent();

  connect(browseData, &QPushButton::clicked, this, [this]() {
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Data folder"), dataDir_->text());
    if (!folder.isEmpty()) dataDir_->setText(folder);
  });
  connect(browseOut, &QPushButton::clicked, this, [this]() {
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Output folder"), out_->text().isEmpty() ? dataDir_->text() : out_->text());
    if (!folder.isEmpty()) out_->setText(folder);
  });
  connect(browseConfig, &QPushButton::clicked, this, [this]() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Settings file"), config_->text(),
                                                      tr("Segmentation settings (*.json)"));
    if (!file.isEmpty()) config_->setText(file);
  });
  connect(browseNuclei, &QPushButton::clicked, this, [this]() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Nuclei model"),
                                                      nucleiModel_->text(), tr("Models (*.pt)"));
    if (!file.isEmpty()) nucleiModel_->setText(file);
  });
  connect(browseCells, &QPushButton::clicked, this, [this]() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Cell model"), cellModel_->text(),
                                                      tr("Models (*.pt)"));
    if (!file.isEmpty()) cellModel_->setText(file);
  });
  connect(dataDir_, &QLineEdit::textChanged, this, &SegmentDialog::updateDataDependent);
  connect(split_, &QComboBox::currentIndexChanged, this, &SegmentDialog::updateDataDependent);
  connect(segment_, &QPushButton::clicked, this, &SegmentDialog::startSegmentation);
  connect(close_, &QPushButton::clicked, this, &QDialog::close);
  connect(job_, &DialogJob::ended, this, &SegmentDialog::onFinished);
}

SegmentDialog::~SegmentDialog() { job_->stop(); }

int SegmentDialog::jobId() const { return job_->id(); }

void SegmentDialog::setDataDir(const QString& folder) { dataDir_->setText(folder); }

QString SegmentDialog::dataDir() const { return absolutePath(dataDir_->text()); }

QString SegmentDialog::outputDir() const {
  const QString out = absolutePath(out_->text());
  if (!out.isEmpty()) return out;
  const QString data = dataDir();
  return data.isEmpty() ? QString() : QDir(data).filePath(QStringLiteral("segmentation"));
}

void SegmentDialog::setOptions(const SegmentDatasetOptions& options) {
  dataDir_->setText(pathText(options.data));
  const int split = split_->findData(QString::fromStdString(options.split));
  if (split >= 0) split_->setCurrentIndex(split);
  out_->setText(pathText(options.out));
  config_->setText(pathText(options.configFile));
  nucleiModel_->setText(pathText(options.nucleiModel));
  cellModel_->setText(pathText(options.cellModel));
  threads_->setValue(options.threads);
  eval_->setChecked(options.eval);
  updateDataDependent();
}

SegmentDatasetOptions SegmentDialog::options() const {
  SegmentDatasetOptions o;
  o.data = toPath(dataDir());
  o.split = split_->currentData().toString().toStdString();
  o.out = toPath(absolutePath(out_->text()));
  o.configFile = toPath(absolutePath(config_->text()));
  o.nucleiModel = toPath(absolutePath(nucleiModel_->text()));
  o.cellModel = toPath(absolutePath(cellModel_->text()));
  o.threads = threads_->value();
  o.eval = eval_->isEnabled() && eval_->isChecked();
  return o;
}

void SegmentDialog::updateDataDependent() {
  const QString data = dataDir();
  out_->setPlaceholderText(
      data.isEmpty()
          ? tr("default: DATA/segmentation")
          : tr("default: %1").arg(native(QDir(data).filePath(QStringLiteral("segmentation")))));
  const bool masks =
      !data.isEmpty() && QFileInfo(QDir(data).filePath(QStringLiteral("test_masks"))).isDir();
  const bool testImages = split_->currentData().toString() != QStringLiteral("train");
  eval_->setEnabled(state_ != State::Running && masks && testImages);
  eval_->setToolTip(
      masks ? (testImages ? tr("Scores the test images' cells against DATA/test_masks/{ID}.png: "
                               "matched fraction at IoU ≥ 0.6 and mean IoU of the matches.")
                          : tr("Training images have no true label images; choose the test or "
                               "all images to evaluate."))
            : tr("The data folder has no test_masks folder of true label images (as written by "
                 "'cellcam synth')."));
}

QString SegmentDialog::checkFields() const {
  const QString data = dataDir();
  if (data.isEmpty())
    return tr(
        "Choose the data folder to segment (a dataset in the Kaggle layout or a folder of "
        "channel images).");
  if (!QFileInfo(data).isDir())
    return tr("The data folder %1 does not exist; choose a dataset folder (Kaggle layout or a "
              "folder of channel images).")
        .arg(native(data));
  const QString nuclei = absolutePath(nucleiModel_->text());
  const QString cells = absolutePath(cellModel_->text());
  if (!nuclei.isEmpty() && cells.isEmpty())
    return tr(
        "Only the nuclei model is chosen; choose the cell model too, or clear both for the "
        "built-in segmenter.");
  if (nuclei.isEmpty() && !cells.isEmpty())
    return tr(
        "Only the cell model is chosen; choose the nuclei model too, or clear both for the "
        "built-in segmenter.");
  if (!nuclei.isEmpty() && !QFileInfo(nuclei).isFile())
    return tr("The nuclei model %1 does not exist; choose a TorchScript file (.pt) or clear both "
              "models.")
        .arg(native(nuclei));
  if (!cells.isEmpty() && !QFileInfo(cells).isFile())
    return tr("The cell model %1 does not exist; choose a TorchScript file (.pt) or clear both "
              "models.")
        .arg(native(cells));
  const QString config = absolutePath(config_->text());
  if (!config.isEmpty() && !QFileInfo(config).isFile())
    return tr("The settings file %1 does not exist; choose a segmentation settings file (JSON) or "
              "clear the field.")
        .arg(native(config));
  const QString out = outputDir();
  if (QFileInfo(out).exists() && !QFileInfo(out).isDir())
    return tr("The output folder %1 is a file; choose a folder for the label images.")
        .arg(native(out));
  try {
    if (!config.isEmpty()) SegmentationConfig::load(toPath(config));
    ensureWritableDir(toPath(out));
  } catch (const std::exception& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

void SegmentDialog::refuse(const QString& problem) {
  state_ = State::Failed;
  resultText_ = problem;
  message_->setText(problem);
  Q_EMIT segmentationFinished(false, problem);
}

int SegmentDialog::startSegmentation() {
  if (job_->running()) return 0;
  const QString problem = checkFields();
  if (!problem.isEmpty()) {
    refuse(problem);
    return 0;
  }
  const SegmentDatasetOptions options = this->options();
  summary_ = std::make_shared<SegmentDatasetSummary>();
  auto summary = summary_;
  runningOut_ = outputDir();
  state_ = State::Running;
  resultText_.clear();
  setRunning(true);
  RunRecord run;
  run.name = QFileInfo(QDir::cleanPath(dataDir())).fileName().toStdString();
  run.kind = "segment";
  run.configJson = compactJson({{QStringLiteral("dataDir"), pathText(options.data)},
                                {QStringLiteral("split"), QString::fromStdString(options.split)},
                                {QStringLiteral("out"), runningOut_},
                                {QStringLiteral("configFile"), pathText(options.configFile)},
                                {QStringLiteral("nucleiModel"), pathText(options.nucleiModel)},
                                {QStringLiteral("cellModel"), pathText(options.cellModel)},
                                {QStringLiteral("eval"), options.eval},
                                {QStringLiteral("threads"), options.threads}});
  run.runDir = toPath(runningOut_).string();
  job_->run().start(recorder_, std::move(run), "the segmentation");
  const int jobId = job_->submit(tr("Segment %1").arg(QFileInfo(dataDir()).fileName()),
                                 [options, summary](Progress& progress, const CancelToken& cancel) {
                                   *summary = segmentDataset(options, progress, cancel);
                                 });
  return jobId;
}

void SegmentDialog::onFinished(int id) {
  if (state_ != State::Running) return;
  const JobInfo job = jobs_.job(id);
  switch (job.state) {
    case JobState::Finished: {
      state_ = State::Succeeded;
      const SegmentDatasetSummary& s = *summary_;
      const QString folder = QFileInfo(pathText(s.out)).absoluteFilePath();
      resultText_ =
          tr("Segmented %n image(s) (%1 cells, %2) in %3 s; label images in %4.", nullptr, s.images)
              .arg(s.cells)
              .arg(s.models ? tr("TorchScript models") : tr("built-in segmenter"))
              .arg(s.seconds, 0, 'f', 2)
              .arg(native(folder));
      if (s.score)
        resultText_ += QLatin1Char(' ') +
                       tr("Against test_masks (%n image(s)): %1 true and %2 predicted cells, "
                          "matched fraction %3 at IoU ≥ 0.6, mean IoU of matches %4.",
                          nullptr, s.evaluatedImages)
                           .arg(s.score->trueCells)
                           .arg(s.score->predictedCells)
                           .arg(s.score->matchedFraction(), 0, 'f', 4)
                           .arg(s.score->meanMatchedIoU(), 0, 'f', 4);
      progress_->setValue(100);
      QJsonObject metrics{{QStringLiteral("images"), s.images},
                          {QStringLiteral("cells"), static_cast<double>(s.cells)},
                          {QStringLiteral("seconds"), s.seconds},
                          {QStringLiteral("models"), s.models}};
      if (s.score) {
        metrics.insert(QStringLiteral("evaluatedImages"), s.evaluatedImages);
        metrics.insert(QStringLiteral("trueCells"), static_cast<double>(s.score->trueCells));
        metrics.insert(QStringLiteral("predictedCells"),
                       static_cast<double>(s.score->predictedCells));
        metrics.insert(QStringLiteral("matchedFraction"), s.score->matchedFraction());
        metrics.insert(QStringLiteral("meanMatchedIoU"), s.score->meanMatchedIoU());
      }
      job_->run().finish("finished", compactJson(metrics));
      break;
    }
    case JobState::Cancelled:
      state_ = State::Cancelled;
      resultText_ = tr("Segmentation cancelled; label images written so far stay in %1.")
                        .arg(native(runningOut_));
      job_->run().finish("cancelled");
      break;
    default:
      state_ = State::Failed;
      resultText_ = job.error.isEmpty()
                        ? tr("The segmentation failed; see the jobs panel for its log.")
                        : job.error;
      job_->run().finish("failed");
      break;
  }
  setRunning(false);
  message_->setText(resultText_);
  Q_EMIT segmentationFinished(state_ == State::Succeeded, resultText_);
}

void SegmentDialog::setRunning(bool running) {
  segment_->setEnabled(!running);
  for (QWidget* w : std::initializer_list<QWidget*>{dataDir_, split_, out_, config_, nucleiModel_,
                                                    cellModel_, threads_})
    w->setEnabled(!running);
  updateDataDependent();
}

}  // namespace cellcam::ui
