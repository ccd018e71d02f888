#include "training_dialog.h"

#include <cmath>
#include <filesystem>
#include <limits>
#include <system_error>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

#include "cellcam/error.h"
#include "cellcam/runtime.h"

#include "form_support.h"
#include "job_manager.h"

namespace cellcam::ui {

namespace {

std::string metricsJson(const QVariantMap& metrics) {
  QJsonObject object;
  for (auto it = metrics.begin(); it != metrics.end(); ++it) {
    if (it.key().startsWith(QLatin1Char('_'))) continue;
    const double value = it.value().toDouble();
    object.insert(it.key(), std::isfinite(value) ? QJsonValue(value) : QJsonValue());
  }
  return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
}

QComboBox* choice(const QStringList& items, bool editable = false) {
  auto* combo = new QComboBox;
  combo->addItems(items);
  combo->setEditable(editable);
  return combo;
}

void setChoice(QComboBox* combo, const std::string& value) {
  const QString text = QString::fromStdString(value);
  const int index = combo->findText(text);
  if (index >= 0)
    combo->setCurrentIndex(index);
  else if (combo->isEditable())
    combo->setEditText(text);
}

std::string choiceText(const QComboBox* combo) {
  return combo->currentText().trimmed().toStdString();
}

}  // namespace

TrainConfig trainingPresetConfig(TrainingPreset preset) {
  TrainConfig config;  // The defaults are the seed's ResNeSt recipe.
  switch (preset) {
    case TrainingPreset::ResNeSt101:
      config.model.backbone = "resnest101";
      config.model.inputSize = 640;
      config.optimizer = "sgd";
      break;
    case TrainingPreset::EfficientNetB4:
      config.model.backbone = "efficientnet_b4";
      config.model.inputSize = 640;
      config.optimizer = "adam";
      config.adam = AdamConfig{};
      config.batchSize = 6;
      config.accumulation = 1;
      break;
    case TrainingPreset::QuickCpuDemo:
      config.model.backbone = "resnet18";
      config.model.inputSize = 128;
      config.epochs = 3;
      config.batchSize = 8;
      config.accumulation = 1;
      config.optimizer = "adam";
      config.validationFraction = 0.15;
      config.device = "cpu";
      config.precision = cpuHasBf16() ? "bf16" : "fp32";
      config.checkpointEvery = 0;
      break;
  }
  return config;
}

TrainingStart startTrainingRun(JobManager& jobs, RunRecorder* recorder, const TrainConfig& config,
                               const QString& dataDir, const QString& runDir, bool resume) {
  TrainingStart started;
  if (dataDir.trimmed().isEmpty()) {
    started.error = JobManager::tr("Choose the data folder to train on.");
    return started;
  }
  if (runDir.trimmed().isEmpty()) {
    started.error = JobManager::tr("Choose a run folder for the model and checkpoints.");
    return started;
  }
  try {
    config.validate();
  } catch (const Error& e) {
    started.error = QString::fromStdString(e.what());
    return started;
  }
  // The trainer checks this too, but a run that fails at once would clutter the history.
  const std::filesystem::path checkpoint = toPath(runDir) / "checkpoint.pt";
  std::error_code ec;
  if (!resume && std::filesystem::exists(checkpoint, ec)) {
    started.error = JobManager::tr(
                        "%1 already holds a training run; tick Resume to continue it "
                        "or choose a new run folder.")
                        .arg(QString::fromStdString(checkpoint.string()));
    return started;
  }
  if (resume && !std::filesystem::exists(checkpoint, ec)) {
    started.error = JobManager::tr(
                        "%1 is missing, so there is no run to resume; untick Resume "
                        "to start a new run.")
                        .arg(QString::fromStdString(checkpoint.string()));
    return started;
  }
  const QString name = QFileInfo(QDir::cleanPath(runDir)).fileName();

  auto entry = std::make_shared<RunRecord>();
  entry->name = name.toStdString();
  entry->kind = "train";
  entry->configJson = config.toJson();
  entry->metricsJson = "{}";
  entry->runDir = QDir::cleanPath(runDir).toStdString();
  entry->status = "running";
  entry->startedAt = nowUtc();
  if (recorder) {
    try {
      entry->id = recorder->addRun(*entry);
      started.runId = entry->id;
    } catch (const std::exception& e) {
      started.warning = QString::fromStdString(e.what());
    }
  }

  auto result = std::make_shared<TrainResult>();
  const std::filesystem::path data = toPath(dataDir), run = toPath(runDir);
  started.jobId = jobs.submit(
      resume ? JobManager::tr("Training %1 (resumed)").arg(name)
             : JobManager::tr("Training %1").arg(name),
      [config, data, run, resume, result](Progress& progress, const CancelToken& cancel) {
        *result = trainPuzzleCam(config, data, run, resume, progress, cancel);
      });

  // Keep the last epoch's figures for the history; update the record when the job ends.
  const int jobId = started.jobId;
  auto lastEpoch = std::make_shared<QVariantMap>();
  auto metricsConnection = std::make_shared<QMetaObject::Connection>();
  auto finishedConnection = std::make_shared<QMetaObject::Connection>();
  *metricsConnection = QObject::connect(
      &jobs, &JobManager::jobMetrics, &jobs,
      [jobId, lastEpoch](int id, const QList<QVariantMap>& reports) {
        if (id != jobId) return;
        for (const QVariantMap& report : reports)
          if (report.value(QStringLiteral("_message")).toString().endsWith(QLatin1String("done")))
            *lastEpoch = report;
      });
  *finishedConnection = QObject::connect(
      &jobs, &JobManager::jobFinished, &jobs,
      [jobId, recorder, entry, result, lastEpoch, metricsConnection, finishedConnection](
          int id, JobState state) {
        if (id != jobId) return;
        QObject::disconnect(*metricsConnection);
        QObject::disconnect(*finishedConnection);
        if (!recorder || entry->id == 0) return;
        QVariantMap metrics = *lastEpoch;
        if (state == JobState::Finished) {
          metrics.clear();
          for (const auto& [key, value] : result->finalMetrics)
            metrics.insert(QString::fromStdString(key), value);
          metrics.insert(QStringLiteral("epochs_done"), result->epochsDone);
          metrics.insert(QStringLiteral("steps"), static_cast<double>(result->steps));
        }
        entry->metricsJson = metricsJson(metrics);
        entry->status = runStatus(state);
        entry->finishedAt = nowUtc();
        try {
          recorder->updateRun(*entry);
        } catch (const std::exception& e) {
          qWarning("Cannot update the run history: %s", e.what());
        }
      });
  return started;
}

struct TrainingDialog::Fields {
  QLineEdit* dataDir = nullptr;
  QLineEdit* runDir = nullptr;
  QCheckBox* resume = nullptr;
  QComboBox* backbone = nullptr;
  QComboBox* channels = nullptr;
  QSpinBox* numClasses = nullptr;
  QSpinBox* inputSize = nullptr;
  QSpinBox* epochs = nullptr;
  QSpinBox* batchSize = nullptr;
  QSpinBox* accumulation = nullptr;
  QComboBox* optimizer = nullptr;
  QDoubleSpinBox* sgdLr = nullptr;
  QDoubleSpinBox* sgdMomentum = nullptr;
  QCheckBox* sgdNesterov = nullptr;
  QDoubleSpinBox* sgdWeightDecay = nullptr;
  QDoubleSpinBox* sgdPolyPower = nullptr;
  QDoubleSpinBox* sgdHeadLrScale = nullptr;
  QDoubleSpinBox* sgdBiasLrScale = nullptr;
  QDoubleSpinBox* adamLr = nullptr;
  QDoubleSpinBox* adamWeightDecay = nullptr;
  QDoubleSpinBox* adamStepGamma = nullptr;
  QComboBox* loss = nullptr;
  QDoubleSpinBox* focalGamma = nullptr;
  QDoubleSpinBox* labelSmoothing = nullptr;
  QDoubleSpinBox* alpha = nullptr;
  QDoubleSpinBox* alphaSchedule = nullptr;
  QDoubleSpinBox* confidenceWeight = nullptr;
  QSpinBox* tiles = nullptr;
  QCheckBox* flips = nullptr;
  QCheckBox* rotate90 = nullptr;
  QDoubleSpinBox* brightness = nullptr;
  QDoubleSpinBox* contrast = nullptr;
  QDoubleSpinBox* cropMinScale = nullptr;
  QDoubleSpinBox* validationFraction = nullptr;
  QSpinBox* workers = nullptr;
  QSpinBox* prefetchBatches = nullptr;
  QLineEdit* cacheDir = nullptr;
  QComboBox* precision = nullptr;
  QComboBox* device = nullptr;
  QLineEdit* seed = nullptr;
  QSpinBox* checkpointEvery = nullptr;
  QLineEdit* pretrained = nullptr;
  QWidget* sgdBox = nullptr;
  QWidget* adamBox = nullptr;
};

namespace {

/// A line edit with a "…" button that picks a folder (or an existing file when `file`).
QWidget* pathRow(QLineEdit* edit, QWidget* parent, bool file, const QString& title) {
  auto* row = new QWidget;
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* browse = new QPushButton(QStringLiteral("…"));
  browse->setFixedWidth(32);
  layout->addWidget(edit, 1);
  layout->addWidget(browse);
  QObject::connect(browse, &QPushButton::clicked, parent, [edit, parent, file, title]() {
    const QString chosen = file ? QFileDialog::getOpenFileName(parent, title, edit->text())
                                : QFileDialog::getExistingDirectory(parent, title, edit->text());
    if (!chosen.isEmpty()) edit->setText(chosen);
  });
  return row;
}

}  // namespace

TrainingDialog::TrainingDialog(JobManager& jobs, RunRecorder* recorder, QWidget* parent)
    : QDialog(parent),
      jobs_(jobs),
      recorder_(recorder),
      f_(std::make_unique<Fields>()),
      preset_(new QComboBox),
      start_(new QPushButton(tr("Start training"))) {
  setWindowTitle(tr("Train a CAM model"));
  preset_->addItem(tr("Seed: ResNeSt-101 (SGD, poly schedule)"),
                   static_cast<int>(TrainingPreset::ResNeSt101));
  preset_->addItem(tr("Seed: EfficientNet-B4 (Adam, step decay)"),
                   static_cast<int>(TrainingPreset::EfficientNetB4));
  preset_->addItem(tr("Quick CPU demo (ResNet-18, 128 px)"),
                   static_cast<int>(TrainingPreset::QuickCpuDemo));

  f_->dataDir = new QLineEdit;
  f_->runDir = new QLineEdit;
  f_->resume = new QCheckBox(tr("Resume from the run folder's checkpoint"));
  auto* folders = new QFormLayout;
  folders->addRow(tr("Preset"), preset_);
  folders->addRow(tr("Data folder"), pathRow(f_->dataDir, this, false, tr("Data folder")));
  folders->addRow(tr("Run folder"), pathRow(f_->runDir, this, false, tr("Run folder")));
  folders->addRow(QString(), f_->resume);

  auto* tabs = new QTabWidget;
  tabs->addTab(buildModelPage(), tr("Model"));
  tabs->addTab(buildOptimizerPage(), tr("Optimizer"));
  tabs->addTab(buildLossPage(), tr("Loss"));
  tabs->addTab(buildAugmentPage(), tr("Augmentation"));
  tabs->addTab(buildRuntimePage(), tr("Runtime"));

  auto* load = new QPushButton(tr("Load config…"));
  auto* save = new QPushButton(tr("Save config…"));
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
  buttons->addButton(start_, QDialogButtonBox::AcceptRole);
  auto* bottom = new QHBoxLayout;
  bottom->addWidget(load);
  bottom->addWidget(save);
  bottom->addStretch();
  bottom->addWidget(buttons);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(folders);
  layout->addWidget(tabs, 1);
  layout->addLayout(bottom);

  connect(preset_, &QComboBox::activated, this, [this](int index) {
    applyPreset(static_cast<TrainingPreset>(preset_->itemData(index).toInt()));
  });
  connect(f_->optimizer, &QComboBox::currentIndexChanged, this,
          &TrainingDialog::updateOptimizerFields);
  connect(load, &QPushButton::clicked, this, [this]() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Load training config"), {},
                                                      tr("JSON files (*.json)"));
    if (!file.isEmpty()) loadConfig(file);
  });
  connect(save, &QPushButton::clicked, this, [this]() {
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Save training config"), QStringLiteral("config.json"), tr("JSON files (*.json)"));
    if (!file.isEmpty()) saveConfig(file);
  });
  connect(start_, &QPushButton::clicked, this, &TrainingDialog::start);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

  preset_->setCurrentIndex(2);
  applyPreset(TrainingPreset::QuickCpuDemo);
}

TrainingDialog::~TrainingDialog() = default;

QWidget* TrainingDialog::buildModelPage() {
  auto* page = new QWidget;
  auto* form = new QFormLayout(page);
  QStringList backbones{QStringLiteral("resnet18"), QStringLiteral("resnet50"),
                        QStringLiteral("resnet101"), QStringLiteral("resnest50"),
                        QStringLiteral("resnest101")};
  for (int v = 0; v <= 7; ++v) backbones << QStringLiteral("efficientnet_b%1").arg(v);
  f_->backbone = choice(backbones, true);
  f_->channels = choice({QStringLiteral("rgby"), QStringLiteral("rgb"), QStringLiteral("ggg")});
  f_->numClasses = intSpin(1, 1000);
  f_->inputSize = intSpin(32, 4096);
  f_->inputSize->setSingleStep(32);
  f_->inputSize->setSuffix(tr(" px"));
  f_->epochs = intSpin(1, 10000);
  f_->batchSize = intSpin(1, 4096);
  f_->accumulation = intSpin(1, 1024);
  f_->pretrained = new QLineEdit;
  f_->pretrained->setPlaceholderText(tr("optional torchvision TorchScript archive"));
  form->addRow(tr("Backbone"), f_->backbone);
  form->addRow(tr("Channels"), f_->channels);
  form->addRow(tr("Classes"), f_->numClasses);
  form->addRow(tr("Input size"), f_->inputSize);
  form->addRow(tr("Epochs"), f_->epochs);
  form->addRow(tr("Batch size"), f_->batchSize);
  form->addRow(tr("Gradient accumulation"), f_->accumulation);
  form->addRow(tr("Pretrained weights"),
               pathRow(f_->pretrained, this, true, tr("Pretrained weights")));
  return page;
}

QWidget* TrainingDialog::buildOptimizerPage() {
  auto* page = new QWidget;
  auto* layout = new QVBoxLayout(page);
  auto* top = new QFormLayout;
  f_->optimizer = choice({QStringLiteral("sgd"), QStringLiteral("adam")});
  top->addRow(tr("Optimizer"), f_->optimizer);
  layout->addLayout(top);

  f_->sgdBox = new QWidget;
  auto* sgd = new QFormLayout(f_->sgdBox);
  f_->sgdLr = realSpin(0, 10, 6, 1e-4);
  f_->sgdMomentum = realSpin(0, 0.999, 3, 0.01);
  f_->sgdNesterov = new QCheckBox(tr("Nesterov momentum"));
  f_->sgdWeightDecay = realSpin(0, 1, 6, 1e-5);
  f_->sgdPolyPower = realSpin(0, 10, 2, 0.1);
  f_->sgdHeadLrScale = realSpin(0, 1000, 2, 1);
  f_->sgdBiasLrScale = realSpin(0, 1000, 2, 1);
  sgd->addRow(tr("Learning rate"), f_->sgdLr);
  sgd->addRow(tr("Momentum"), f_->sgdMomentum);
  sgd->addRow(QString(), f_->sgdNesterov);
  sgd->addRow(tr("Weight decay"), f_->sgdWeightDecay);
  sgd->addRow(tr("Poly schedule power"), f_->sgdPolyPower);
  sgd->addRow(tr("Head learning rate scale"), f_->sgdHeadLrScale);
  sgd->addRow(tr("Bias learning rate scale"), f_->sgdBiasLrScale);

  f_->adamBox = new QWidget;
  auto* adam = new QFormLayout(f_->adamBox);
  f_->adamLr = realSpin(0, 10, 6, 1e-4);
  f_->adamWeightDecay = realSpin(0, 1, 6, 1e-5);
  f_->adamStepGamma = realSpin(0.01, 1, 3, 0.01);
  adam->addRow(tr("Learning rate"), f_->adamLr);
  adam->addRow(tr("Weight decay"), f_->adamWeightDecay);
  adam->addRow(tr("Step decay per epoch"), f_->adamStepGamma);

  layout->addWidget(f_->sgdBox);
  layout->addWidget(f_->adamBox);
  layout->addStretch();
  return page;
}

QWidget* TrainingDialog::buildLossPage() {
  auto* page = new QWidget;
  auto* form = new QFormLayout(page);
  f_->loss = choice({QStringLiteral("puzzle"), QStringLiteral("class")});
  f_->focalGamma = realSpin(0, 10, 2, 0.5);
  f_->labelSmoothing = realSpin(0, 0.99, 3, 0.01);
  f_->alpha = realSpin(0, 100, 2, 0.5);
  f_->alphaSchedule = realSpin(0, 10, 2, 0.1);
  f_->confidenceWeight = realSpin(0, 100, 3, 0.1);
  f_->tiles = intSpin(1, 8);
  form->addRow(tr("Loss"), f_->loss);
  form->addRow(tr("Focal gamma"), f_->focalGamma);
  form->addRow(tr("Label smoothing"), f_->labelSmoothing);
  form->addRow(tr("Re-loss weight alpha"), f_->alpha);
  form->addRow(tr("Alpha ramp (fraction of epochs)"), f_->alphaSchedule);
  form->addRow(tr("Confidence loss weight"), f_->confidenceWeight);
  form->addRow(tr("Tiles per side"), f_->tiles);
  return page;
}

QWidget* TrainingDialog::buildAugmentPage() {
  auto* page = new QWidget;
  auto* form = new QFormLayout(page);
  f_->flips = new QCheckBox(tr("Random flips"));
  f_->rotate90 = new QCheckBox(tr("Random 90° rotations"));
  f_->brightness = realSpin(0, 1, 3, 0.05);
  f_->contrast = realSpin(0, 1, 3, 0.05);
  f_->cropMinScale = realSpin(0.05, 1, 3, 0.05);
  form->addRow(QString(), f_->flips);
  form->addRow(QString(), f_->rotate90);
  form->addRow(tr("Brightness jitter"), f_->brightness);
  form->addRow(tr("Contrast jitter"), f_->contrast);
  form->addRow(tr("Resized crop minimum area (1 = off)"), f_->cropMinScale);
  return page;
}

QWidget* TrainingDialog::buildRuntimePage() {
  auto* page = new QWidget;
  auto* form = new QFormLayout(page);
  f_->validationFraction = realSpin(0, 0.9, 3, 0.05);
  f_->workers = intSpin(0, 256);
  f_->workers->setSpecialValueText(tr("all cores"));
  f_->prefetchBatches = intSpin(1, 256);
  f_->cacheDir = new QLineEdit;
  f_->cacheDir->setPlaceholderText(tr("no cache"));
  f_->precision = choice({QStringLiteral("fp32"), QStringLiteral("bf16"), QStringLiteral("fp16")});
  f_->device = choice({QStringLiteral("auto"), QStringLiteral("cpu"), QStringLiteral("cuda")});
  f_->seed = new QLineEdit;
  f_->seed->setValidator(
      new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,19}")), this));
  f_->checkpointEvery = intSpin(0, 1000000);
  f_->checkpointEvery->setSpecialValueText(tr("epoch ends only"));
  form->addRow(tr("Validation fraction"), f_->validationFraction);
  form->addRow(tr("Data loading threads"), f_->workers);
  form->addRow(tr("Batches decoded ahead"), f_->prefetchBatches);
  form->addRow(tr("Image cache folder"),
               pathRow(f_->cacheDir, this, false, tr("Image cache folder")));
  form->addRow(tr("Precision"), f_->precision);
  form->addRow(tr("Device"), f_->device);
  form->addRow(tr("Random seed"), f_->seed);
  form->addRow(tr("Checkpoint every N steps"), f_->checkpointEvery);
  return page;
}

void TrainingDialog::applyPreset(TrainingPreset preset) {
  const int index = preset_->findData(static_cast<int>(preset));
  if (index >= 0) preset_->setCurrentIndex(index);
  setConfig(trainingPresetConfig(preset));
}

void TrainingDialog::setConfig(const TrainConfig& c) {
  setChoice(f_->backbone, c.model.backbone);
  setChoice(f_->channels, c.model.channels);
  f_->numClasses->setValue(c.model.numClasses);
  f_->inputSize->setValue(c.model.inputSize);
  f_->epochs->setValue(c.epochs);
  f_->batchSize->setValue(c.batchSize);
  f_->accumulation->setValue(c.accumulation);
  setChoice(f_->optimizer, c.optimizer);
  f_->sgdLr->setValue(c.sgd.lr);
  f_->sgdMomentum->setValue(c.sgd.momentum);
  f_->sgdNesterov->setChecked(c.sgd.nesterov);
  f_->sgdWeightDecay->setValue(c.sgd.weightDecay);
  f_->sgdPolyPower->setValue(c.sgd.polyPower);
  f_->sgdHeadLrScale->setValue(c.sgd.headLrScale);
  f_->sgdBiasLrScale->setValue(c.sgd.biasLrScale);
  f_->adamLr->setValue(c.adam.lr);
  f_->adamWeightDecay->setValue(c.adam.weightDecay);
  f_->adamStepGamma->setValue(c.adam.stepGamma);
  setChoice(f_->loss, c.loss);
  f_->focalGamma->setValue(c.focalGamma);
  f_->labelSmoothing->setValue(c.labelSmoothing);
  f_->alpha->setValue(c.alpha);
  f_->alphaSchedule->setValue(c.alphaSchedule);
  f_->confidenceWeight->setValue(c.confidenceWeight);
  f_->tiles->setValue(c.tiles);
  f_->flips->setChecked(c.augment.flips);
  f_->rotate90->setChecked(c.augment.rotate90);
  f_->brightness->setValue(c.augment.brightness);
  f_->contrast->setValue(c.augment.contrast);
  f_->cropMinScale->setValue(c.augment.resizedCropMinScale);
  f_->validationFraction->setValue(c.validationFraction);
  f_->workers->setValue(c.workers);
  f_->prefetchBatches->setValue(c.prefetchBatches);
  f_->cacheDir->setText(QString::fromStdString(c.cacheDir));
  setChoice(f_->precision, c.precision);
  setChoice(f_->device, c.device);
  f_->seed->setText(QString::number(c.seed));
  f_->checkpointEvery->setValue(c.checkpointEvery);
  f_->pretrained->setText(QString::fromStdString(c.pretrained));
  updateOptimizerFields();
}

TrainConfig TrainingDialog::config() const {
  TrainConfig c;
  c.model.backbone = choiceText(f_->backbone);
  c.model.channels = choiceText(f_->channels);
  c.model.numClasses = f_->numClasses->value();
  c.model.inputSize = f_->inputSize->value();
  c.epochs = f_->epochs->value();
  c.batchSize = f_->batchSize->value();
  c.accumulation = f_->accumulation->value();
  c.optimizer = choiceText(f_->optimizer);
  c.sgd.lr = f_->sgdLr->value();
  c.sgd.momentum = f_->sgdMomentum->value();
  c.sgd.nesterov = f_->sgdNesterov->isChecked();
  c.sgd.weightDecay = f_->sgdWeightDecay->value();
  c.sgd.polyPower = f_->sgdPolyPower->value();
  c.sgd.headLrScale = f_->sgdHeadLrScale->value();
  c.sgd.biasLrScale = f_->sgdBiasLrScale->value();
  c.adam.lr = f_->adamLr->value();
  c.adam.weightDecay = f_->adamWeightDecay->value();
  c.adam.stepGamma = f_->adamStepGamma->value();
  c.loss = choiceText(f_->loss);
  c.focalGamma = f_->focalGamma->value();
  c.labelSmoothing = f_->labelSmoothing->value();
  c.alpha = f_->alpha->value();
  c.alphaSchedule = f_->alphaSchedule->value();
  c.confidenceWeight = f_->confidenceWeight->value();
  c.tiles = f_->tiles->value();
  c.augment.flips = f_->flips->isChecked();
  c.augment.rotate90 = f_->rotate90->isChecked();
  c.augment.brightness = f_->brightness->value();
  c.augment.contrast = f_->contrast->value();
  c.augment.resizedCropMinScale = f_->cropMinScale->value();
  c.validationFraction = f_->validationFraction->value();
  c.workers = f_->workers->value();
  c.prefetchBatches = f_->prefetchBatches->value();
  c.cacheDir = f_->cacheDir->text().trimmed().toStdString();
  c.precision = choiceText(f_->precision);
  c.device = choiceText(f_->device);
  c.seed = f_->seed->text().toULongLong();
  c.checkpointEvery = f_->checkpointEvery->value();
  c.pretrained = f_->pretrained->text().trimmed().toStdString();
  return c;
}

void TrainingDialog::setDataDir(const QString& folder) { f_->dataDir->setText(folder); }
QString TrainingDialog::dataDir() const { return f_->dataDir->text().trimmed(); }
void TrainingDialog::setRunDir(const QString& folder) { f_->runDir->setText(folder); }
QString TrainingDialog::runDir() const { return f_->runDir->text().trimmed(); }
void TrainingDialog::setResume(bool resume) { f_->resume->setChecked(resume); }
bool TrainingDialog::resume() const { return f_->resume->isChecked(); }

bool TrainingDialog::loadConfig(const QString& file) {
  try {
    setConfig(TrainConfig::load(toPath(file)));
    return true;
  } catch (const Error& e) {
    showError(QString::fromStdString(e.what()));
    return false;
  }
}

bool TrainingDialog::saveConfig(const QString& file) {
  try {
    config().save(toPath(file));
    return true;
  } catch (const Error& e) {
    showError(QString::fromStdString(e.what()));
    return false;
  }
}

int TrainingDialog::start() {
  const TrainingStart started =
      startTrainingRun(jobs_, recorder_, config(), dataDir(), runDir(), resume());
  if (started.jobId == 0) {
    showError(started.error);
    return 0;
  }
  lastError_.clear();
  if (!started.warning.isEmpty())
    showError(tr("The run started but could not be recorded: %1").arg(started.warning));
  Q_EMIT runStarted(started.jobId, dataDir(), runDir());
  accept();
  return started.jobId;
}

void TrainingDialog::showError(const QString& message) {
  lastError_ = message;
  if (interactive_) QMessageBox::warning(this, windowTitle(), message);
}

void TrainingDialog::updateOptimizerFields() {
  const bool sgd = f_->optimizer->currentText() == QLatin1String("sgd");
  f_->sgdBox->setVisible(sgd);
  f_->adamBox->setVisible(!sgd);
}

}  // namespace cellcam::ui
