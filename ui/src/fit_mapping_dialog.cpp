#include "fit_mapping_dialog.h"

#include <exception>
#include <filesystem>
#include <initializer_list>
#include <utility>

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "cellcam/atomic_file.h"
#include "cellcam/ensemble.h"
#include "cellcam/error.h"

#include "dialog_job.h"
#include "form_support.h"
#include "job_manager.h"

namespace cellcam::ui {

namespace {

void setChoice(QComboBox* combo, const std::string& value) {
  const int index = combo->findData(QString::fromStdString(value));
  if (index >= 0) combo->setCurrentIndex(index);
}

std::string choice(const QComboBox* combo) { return combo->currentData().toString().toStdString(); }

/// The seed's TTA: scales 1.0, 1.3, 1.6, four flips each.
bool isFullTta(const TtaConfig& tta) { return tta.flips || tta.scales.size() > 1; }

long long annotatedCellCount(const AnnotationMap& annotations) {
  long long count = 0;
  for (const auto& [image, cells] : annotations) count += static_cast<long long>(cells.size());
  return count;
}

}  // namespace

FitMappingDialog::FitMappingDialog(JobManager& jobs, QWidget* parent)
    : QDialog(parent),
      jobs_(jobs),
      model_(new QLineEdit),
      dataDir_(new QLineEdit),
      labelsDir_(new QLineEdit),
      target_(new QLabel),
      maxImages_(intSpin(0, 10000000)),
      tta_(new QCheckBox(tr("Test-time augmentation (scales 1.0, 1.3, 1.6 with flips)"))),
      precision_(new QComboBox),
      scaler_(new QComboBox),
      useAnnotations_(new QCheckBox),
      annotationSource_(new QLabel),
      rounds_(intSpin(1, 100000)),
      maxDepth_(intSpin(1, 16)),
      eta_(realSpin(0.001, 1.0, 3, 0.01)),
      subsample_(realSpin(0.01, 1.0, 2, 0.05)),
      lambda_(realSpin(0.0, 1e6, 3, 0.1)),
      minChildWeight_(realSpin(0.0, 1e9, 2, 1.0)),
      monotone_(new QCheckBox(tr("Non-decreasing in the score (monotone constraint)"))),
      treeMethod_(new QComboBox),
      maxBin_(intSpin(2, 65536)),
      threads_(intSpin(0, 1024)),
      seed_(intSpin(0, 2147483647)),
      job_(new DialogJob(jobs, this)),
      progress_(job_->progressBar()),
      message_(job_->messageLabel()),
      fit_(new QPushButton(tr("Fit"))),
      cancel_(job_->cancelButton()),
      close_(new QPushButton(tr("Close"))),
      summary_(std::make_shared<FitMappingSummary>()) {
  setWindowTitle(tr("Fit mapping"));
  model_->setPlaceholderText(tr("trained model file (model.pt)"));
  dataDir_->setPlaceholderText(tr("folder with train.csv and train/"));
  labelsDir_->setPlaceholderText(tr("optional: folder of cell label images {ID}.png"));
  labelsDir_->setToolTip(
      tr("Leave empty to segment the cells with the built-in segmentation (as the studio does)."));
  target_->setWordWrap(true);
  target_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  maxImages_->setSpecialValueText(tr("all"));
  maxImages_->setToolTip(tr("Use at most this many single-label training images (the first)."));
  tta_->setToolTip(
      tr("Off: one unflipped view at scale 1.0 (fast). Use the same as for "
         "prediction."));
  precision_->addItem(tr("fp32"), QStringLiteral("fp32"));
  precision_->addItem(tr("bf16 (CPUs with AVX-512 BF16 or AMX)"), QStringLiteral("bf16"));
  scaler_->addItem(tr("standard (mean and standard deviation)"), QStringLiteral("standard"));
  scaler_->addItem(tr("robust (median and inter-quartile range)"), QStringLiteral("robust"));
  scaler_->setToolTip(
      tr("The per-image standardisation of the scores; prediction must use the "
         "same (the ensemble's mapping scaler)."));
  useAnnotations_->setText(tr("Include %n annotated cell(s)", nullptr, 0));
  useAnnotations_->setEnabled(false);
  annotationSource_->setWordWrap(true);
  treeMethod_->addItem(tr("hist"), QStringLiteral("hist"));
  treeMethod_->addItem(tr("exact"), QStringLiteral("exact"));
  treeMethod_->addItem(tr("approx"), QStringLiteral("approx"));
  threads_->setSpecialValueText(tr("all cores"));
  threads_->setToolTip(tr("1 makes every fit bit-for-bit reproducible."));
  // Room for the summary (two sentences and the mapping file's path) without resizing.
  message_->setMinimumHeight(message_->fontMetrics().lineSpacing() * 4);
  setMinimumWidth(560);
  fit_->setDefault(true);

  auto* browseModel = new QPushButton(QStringLiteral("…"));
  auto* browseData = new QPushButton(QStringLiteral("…"));
  auto* browseLabels = new QPushButton(QStringLiteral("…"));
  auto* inputs = new QFormLayout;
  inputs->addRow(tr("Model file"), browseRow(model_, browseModel));
  inputs->addRow(tr("Mapping file"), target_);
  inputs->addRow(tr("Data folder"), browseRow(dataDir_, browseData));
  inputs->addRow(tr("Cell label images"), browseRow(labelsDir_, browseLabels));
  inputs->addRow(tr("Max. images"), maxImages_);
  inputs->addRow(QString(), tta_);
  inputs->addRow(tr("Precision"), precision_);
  inputs->addRow(tr("Scaler"), scaler_);
  inputs->addRow(QString(), useAnnotations_);
  inputs->addRow(QString(), annotationSource_);

  auto* gbrBox = new QGroupBox(tr("Gradient-boosted regressor (XGBoost)"));
  auto* gbr = new QFormLayout(gbrBox);
  gbr->addRow(tr("Rounds (trees)"), rounds_);
  gbr->addRow(tr("Max. depth"), maxDepth_);
  gbr->addRow(tr("Learning rate (eta)"), eta_);
  gbr->addRow(tr("Row subsample"), subsample_);
  gbr->addRow(tr("L2 penalty (lambda)"), lambda_);
  gbr->addRow(tr("Min. child weight"), minChildWeight_);
  gbr->addRow(QString(), monotone_);
  gbr->addRow(tr("Tree method"), treeMethod_);
  gbr->addRow(tr("Histogram bins"), maxBin_);
  gbr->addRow(tr("Threads"), threads_);
  gbr->addRow(tr("Seed"), seed_);

  auto* buttons = new QHBoxLayout;
  buttons->addStretch();
  buttons->addWidget(fit_);
  buttons->addWidget(cancel_);
  buttons->addWidget(close_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(inputs);
  layout->addWidget(gbrBox);
  layout->addWidget(progress_);
  layout->addWidget(message_);
  layout->addLayout(buttons);

  FitMappingOptions defaults;
  defaults.tta.scales = {1.0};
  defaults.tta.flips = false;
  setOptions(defaults);
  updateTarget();

  connect(browseModel, &QPushButton::clicked, this, [this]() {
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Model file"), model_->text(), tr("Models (*.pt)"));
    if (!file.isEmpty()) model_->setText(file);
  });
  connect(browseData, &QPushButton::clicked, this, [this]() {
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Data folder"), dataDir_->text());
    if (!folder.isEmpty()) dataDir_->setText(folder);
  });
  connect(browseLabels, &QPushButton::clicked, this, [this]() {
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Cell label images"), labelsDir_->text());
    if (!folder.isEmpty()) labelsDir_->setText(folder);
  });
  connect(model_, &QLineEdit::textChanged, this, &FitMappingDialog::updateTarget);
  connect(treeMethod_, &QComboBox::currentIndexChanged, this,
          [this]() { maxBin_->setEnabled(choice(treeMethod_) == "hist"); });
  connect(fit_, &QPushButton::clicked, this, &FitMappingDialog::startFit);
  connect(close_, &QPushButton::clicked, this, &QDialog::close);
  connect(job_, &DialogJob::ended, this, &FitMappingDialog::onFinished);
}

FitMappingDialog::~FitMappingDialog() { job_->stop(); }

int FitMappingDialog::jobId() const { return job_->id(); }

void FitMappingDialog::setModelFile(const QString& file) { model_->setText(file); }

QString FitMappingDialog::modelFile() const { return absolutePath(model_->text()); }

void FitMappingDialog::setDataDir(const QString& folder) { dataDir_->setText(folder); }

QString FitMappingDialog::dataDir() const { return absolutePath(dataDir_->text()); }

void FitMappingDialog::setAnnotations(cellcam::AnnotationMap annotations,
                                      const QString& sourceText) {
  annotations_ = std::move(annotations);
  const long long cells = annotatedCellCount(annotations_);
  useAnnotations_->setText(tr("Include %n annotated cell(s)", nullptr, static_cast<int>(cells)));
  useAnnotations_->setEnabled(cells > 0);
  useAnnotations_->setChecked(cells > 0);
  annotationSource_->setText(
      cells > 0 ? tr("Annotations from %1, in %n image(s); the cell ids must come from the same "
                     "segmentation.",
                     nullptr, static_cast<int>(annotations_.size()))
                      .arg(sourceText)
                : QString());
  annotationSource_->setVisible(cells > 0);
}

void FitMappingDialog::setOptions(const FitMappingOptions& options) {
  labelsDir_->setText(pathText(options.labelsDir));
  maxImages_->setValue(options.maxImages);
  tta_->setChecked(isFullTta(options.tta));
  setChoice(precision_, options.tta.precision);
  setChoice(scaler_, options.mapping.scaler);
  const GbrConfig& g = options.mapping.gbr;
  rounds_->setValue(g.rounds);
  maxDepth_->setValue(g.maxDepth);
  eta_->setValue(g.eta);
  subsample_->setValue(g.subsample);
  lambda_->setValue(g.lambda);
  minChildWeight_->setValue(g.minChildWeight);
  monotone_->setChecked(g.monotone);
  setChoice(treeMethod_, g.treeMethod);
  maxBin_->setValue(g.maxBin);
  maxBin_->setEnabled(g.treeMethod == "hist");
  threads_->setValue(g.threads);
  seed_->setValue(g.seed);
}

FitMappingOptions FitMappingDialog::options() const {
  FitMappingOptions o;
  o.maxImages = maxImages_->value();
  if (tta_->isChecked()) {
    o.tta.scales = {1.0, 1.3, 1.6};
    o.tta.flips = true;
  } else {
    o.tta.scales = {1.0};
    o.tta.flips = false;
  }
  o.tta.precision = choice(precision_);
  o.mapping.scaler = choice(scaler_);
  GbrConfig& g = o.mapping.gbr;
  g.rounds = rounds_->value();
  g.maxDepth = maxDepth_->value();
  g.eta = eta_->value();
  g.subsample = subsample_->value();
  g.lambda = lambda_->value();
  g.minChildWeight = minChildWeight_->value();
  g.monotone = monotone_->isChecked();
  g.treeMethod = choice(treeMethod_);
  g.maxBin = maxBin_->value();
  g.threads = threads_->value();
  g.seed = seed_->value();
  const QString labels = absolutePath(labelsDir_->text());
  if (!labels.isEmpty()) o.labelsDir = toPath(labels);
  if (useAnnotations_->isEnabled() && useAnnotations_->isChecked()) o.annotations = annotations_;
  const QString model = modelFile();
  if (!model.isEmpty()) o.out = mappingFileFor(toPath(model));
  return o;
}

QString FitMappingDialog::mappingFile() const {
  const QString model = modelFile();
  return model.isEmpty() ? QString() : pathText(mappingFileFor(toPath(model)));
}

void FitMappingDialog::updateTarget() {
  const QString file = mappingFile();
  if (file.isEmpty())
    target_->setText(tr("(next to the model file)"));
  else if (QFileInfo::exists(file))
    target_->setText(tr("%1 (replaced when the fit succeeds)").arg(QDir::toNativeSeparators(file)));
  else
    target_->setText(QDir::toNativeSeparators(file));
}

QString FitMappingDialog::checkFields() const {
  const QString model = modelFile();
  const QString data = dataDir();
  if (model.isEmpty()) return tr("Choose the model file whose mapping to fit.");
  if (!QFileInfo(model).isFile())
    return tr("The model file %1 does not exist; choose a trained model file (.pt).")
        .arg(QDir::toNativeSeparators(model));
  if (data.isEmpty()) return tr("Choose the data folder (with train.csv and train/).");
  if (!QFileInfo(data).isDir())
    return tr("The data folder %1 does not exist; choose a dataset folder with train.csv and "
              "train/.")
        .arg(QDir::toNativeSeparators(data));
  const FitMappingOptions o = options();
  // Without train.csv only annotated cells can give rows (fitMapping checks the rest).
  if (o.annotations.empty() &&
      !QFileInfo(QDir(data).filePath(QStringLiteral("train.csv"))).isFile())
    return tr("The data folder %1 has no train.csv and no annotated cells are included; choose a "
              "dataset folder in the Kaggle layout (train.csv and train/).")
        .arg(QDir::toNativeSeparators(data));
  if (!o.labelsDir.empty() && !QFileInfo(pathText(o.labelsDir)).isDir())
    return tr("The label image folder %1 does not exist; choose a folder of {ID}.png label "
              "images or leave the field empty.")
        .arg(QDir::toNativeSeparators(pathText(o.labelsDir)));
  try {
    o.tta.validate();
    o.mapping.validate();
    ensureWritableDir(o.out.parent_path());
  } catch (const std::exception& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

void FitMappingDialog::refuse(const QString& problem) {
  state_ = State::Failed;
  resultText_ = problem;
  message_->setText(problem);
  Q_EMIT fitFinished(false, problem);
}

int FitMappingDialog::startFit() {
  if (job_->running()) return 0;
  const QString problem = checkFields();
  if (!problem.isEmpty()) {
    refuse(problem);
    return 0;
  }
  const FitMappingOptions options = this->options();
  const QString model = modelFile();
  const QString data = dataDir();
  const std::filesystem::path modelPath = toPath(model);
  const std::filesystem::path dataPath = toPath(data);
  summary_ = std::make_shared<FitMappingSummary>();
  auto summary = summary_;
  runningModel_ = model;
  state_ = State::Running;
  resultText_.clear();
  setRunning(true);
  recordStart(model, data, options);
  const int jobId = job_->submit(
      tr("Fit mapping %1").arg(QFileInfo(model).fileName()),
      [modelPath, dataPath, options, summary](Progress& progress, const CancelToken& cancel) {
        *summary = fitMapping(modelPath, dataPath, options, progress, cancel);
      });
  return jobId;
}

void FitMappingDialog::onFinished(int id) {
  if (state_ != State::Running) return;
  const JobInfo job = jobs_.job(id);
  setRunning(false);
  switch (job.state) {
    case JobState::Finished: {
      state_ = State::Succeeded;
      const FitMappingSummary& s = *summary_;
      const QString file = QFileInfo(pathText(s.mappingFile)).absoluteFilePath();
      resultText_ = tr("Fit on %1 rows from %2 images (%3 cells) in %4 s (XGBoost %5 s); wrote %6.")
                        .arg(s.rows)
                        .arg(s.images)
                        .arg(s.cells)
                        .arg(s.seconds, 0, 'f', 1)
                        .arg(s.fitSeconds, 0, 'f', 1)
                        .arg(QDir::toNativeSeparators(file));
      if (s.annotatedImages > 0 || s.unmatchedAnnotations > 0)
        resultText_ += QLatin1Char(' ') +
                       tr("Annotated cells used: %1 in %2 images; annotated ids that are no cell: "
                          "%3.")
                           .arg(s.annotatedCells)
                           .arg(s.annotatedImages)
                           .arg(s.unmatchedAnnotations);
      progress_->setValue(100);
      job_->run().finish(
          "finished",
          compactJson({{QStringLiteral("rows"), static_cast<double>(s.rows)},
                       {QStringLiteral("images"), s.images},
                       {QStringLiteral("cells"), static_cast<double>(s.cells)},
                       {QStringLiteral("annotatedImages"), s.annotatedImages},
                       {QStringLiteral("annotatedCells"), static_cast<double>(s.annotatedCells)},
                       {QStringLiteral("unmatchedAnnotations"),
                        static_cast<double>(s.unmatchedAnnotations)},
                       {QStringLiteral("fitSeconds"), s.fitSeconds},
                       {QStringLiteral("seconds"), s.seconds},
                       {QStringLiteral("mappingFile"), file}}));
      message_->setText(resultText_);
      updateTarget();
      Q_EMIT mappingFitted(runningModel_, file);
      break;
    }
    case JobState::Cancelled:
      state_ = State::Cancelled;
      resultText_ = tr("Fit cancelled; the mapping file was not changed.");
      job_->run().finish("cancelled");
      message_->setText(resultText_);
      break;
    default:
      state_ = State::Failed;
      resultText_ =
          job.error.isEmpty() ? tr("The fit failed; see the jobs panel for its log.") : job.error;
      job_->run().finish("failed");
      message_->setText(resultText_);
      break;
  }
  Q_EMIT fitFinished(state_ == State::Succeeded, resultText_);
}

void FitMappingDialog::recordStart(const QString& modelFile, const QString& dataDir,
                                   const FitMappingOptions& options) {
  RunRecord run;
  run.name = QFileInfo(modelFile).fileName().toStdString();
  run.kind = "fit-mapping";
  run.configJson = compactJson(
      {{QStringLiteral("modelFile"), modelFile},
       {QStringLiteral("dataDir"), dataDir},
       {QStringLiteral("out"), pathText(options.out)},
       {QStringLiteral("labelsDir"), pathText(options.labelsDir)},
       {QStringLiteral("maxImages"), options.maxImages},
       {QStringLiteral("tta"), jsonObject(options.tta.toJson())},
       {QStringLiteral("mapping"), jsonObject(options.mapping.toJson())},
       {QStringLiteral("annotatedImages"), static_cast<double>(options.annotations.size())},
       {QStringLiteral("annotatedCells"),
        static_cast<double>(annotatedCellCount(options.annotations))}});
  run.runDir = toPath(modelFile).parent_path().string();
  job_->run().start(recorder_, std::move(run), "the mapping fit");
}

void FitMappingDialog::setRunning(bool running) {
  fit_->setEnabled(!running);
  for (QWidget* w : std::initializer_list<QWidget*>{
           model_, dataDir_, labelsDir_, maxImages_, tta_, precision_, scaler_, rounds_, maxDepth_,
           eta_, subsample_, lambda_, minChildWeight_, monotone_, treeMethod_, threads_, seed_})
    w->setEnabled(!running);
  useAnnotations_->setEnabled(!running && annotatedCellCount(annotations_) > 0);
  maxBin_->setEnabled(!running && choice(treeMethod_) == "hist");
}

}  // namespace cellcam::ui
