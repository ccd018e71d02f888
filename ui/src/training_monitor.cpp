#include "training_monitor.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <opencv2/imgproc.hpp>
#include <qcustomplot.h>

#include "cellcam/cam_model.h"
#include "cellcam/classes.h"
#include "cellcam/dataset.h"
#include "cellcam/error.h"
#include "cellcam/image_io.h"
#include "cellcam/inference.h"
#include "cellcam/training.h"

#include "class_text.h"
#include "form_support.h"
#include "image_analysis.h"
#include "job_manager.h"
#include "training_dialog.h"

namespace cellcam::ui {

namespace {

constexpr int kSnapshotSide = 160;

/// A stored plane resized to side x side and reduced to 8 bits.
cv::Mat plane8(const cv::Mat& plane, int side) {
  if (plane.empty()) return cv::Mat::zeros(side, side, CV_8U);
  cv::Mat resized;
  cv::resize(plane, resized, cv::Size(side, side), 0, 0, cv::INTER_AREA);
  if (resized.depth() == CV_8U) return resized;
  cv::Mat out;
  resized.convertTo(out, CV_8U, 1.0 / 257.0);
  return out;
}

/// The HPA composite (yellow added to red and green) at side x side, stretched like the CAMs.
QImage composite(const ChannelImage& image, int side) {
  const cv::Mat r = plane8(image.red, side), g = plane8(image.green, side),
                b = plane8(image.blue, side), y = plane8(image.yellow, side);
  QImage out(side, side, QImage::Format_RGB32);
  for (int row = 0; row < side; ++row) {
    auto* line = reinterpret_cast<QRgb*>(out.scanLine(row));
    for (int col = 0; col < side; ++col) {
      const int yv = y.at<uchar>(row, col);
      line[col] = qRgb(std::min(255, r.at<uchar>(row, col) + yv),
                       std::min(255, g.at<uchar>(row, col) + yv), b.at<uchar>(row, col));
    }
  }
  return out;
}

/// The CAM of one class (the viewer's camOverlay(): jet colours, alpha rising with intensity)
/// at 75 % opacity over the composite.
QImage overlay(const QImage& background, const cv::Mat& cam) {
  cv::Mat resized;
  cv::resize(cam, resized, cv::Size(background.width(), background.height()), 0, 0,
             cv::INTER_LINEAR);
  double maxValue = 0;
  cv::minMaxLoc(resized, nullptr, &maxValue);
  QImage out = background.convertToFormat(QImage::Format_ARGB32_Premultiplied);
  QPainter painter(&out);
  painter.setOpacity(0.75);
  painter.drawImage(0, 0, camOverlay(resized, static_cast<float>(maxValue)));
  return out;
}

bool finite(const QVariant& value) { return value.isValid() && std::isfinite(value.toDouble()); }

/// The IDs of runDir/validation_ids.txt, one per line (empty when the file is missing or empty).
std::vector<std::string> readValidationIds(const std::filesystem::path& file) {
  std::vector<std::string> ids;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) ids.push_back(line);
  }
  return ids;
}

/// The snapshot's images: the first `count` validation images of the run that `dataset` holds,
/// or its first `count` labelled training images when the run has no validation set.
std::vector<const ImageRecord*> snapshotImages(const Dataset& dataset,
                                               const std::vector<std::string>& validationIds,
                                               int count) {
  std::vector<const ImageRecord*> chosen;
  if (!validationIds.empty()) {
    std::unordered_map<std::string, const ImageRecord*> byId;
    for (const ImageRecord& record : dataset.images())
      if (record.split == Split::Train) byId.emplace(record.id, &record);
    for (const std::string& id : validationIds) {
      if (static_cast<int>(chosen.size()) >= count) break;
      const auto found = byId.find(id);
      if (found != byId.end()) chosen.push_back(found->second);
    }
    return chosen;
  }
  for (const ImageRecord& record : dataset.images()) {
    if (static_cast<int>(chosen.size()) >= count) break;
    if (record.split == Split::Train && !record.labels.empty()) chosen.push_back(&record);
  }
  return chosen;
}

}  // namespace

TrainingMonitor::TrainingMonitor(JobManager& jobs, RunRecorder* recorder, QWidget* parent)
    : QWidget(parent),
      jobs_(jobs),
      recorder_(recorder),
      lossPlot_(new QCustomPlot),
      epochPlot_(new QCustomPlot),
      strip_(new QWidget),
      snapshotCaption_(new QLabel),
      status_(new QLabel),
      cancel_(new QPushButton(tr("Cancel"))),
      resume_(new QPushButton(tr("Resume"))) {
  const struct {
    QString name;
    QColor color;
  } curves[] = {{tr("total"), Qt::black},
                {tr("class"), QColor(31, 119, 180)},
                {tr("p-class"), QColor(255, 127, 14)},
                {tr("re"), QColor(44, 160, 44)}};
  for (const auto& curve : curves) {
    QCPGraph* graph = lossPlot_->addGraph();
    graph->setName(curve.name);
    graph->setPen(QPen(curve.color, 1.5));
  }
  lossPlot_->xAxis->setLabel(tr("optimizer step"));
  lossPlot_->yAxis->setLabel(tr("loss (epoch running mean)"));
  lossPlot_->legend->setVisible(true);
  lossPlot_->setMinimumHeight(180);

  QCPGraph* auc = epochPlot_->addGraph();
  auc->setName(tr("validation macro AUC"));
  auc->setPen(QPen(QColor(214, 39, 40), 1.5));
  auc->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
  QCPGraph* map = epochPlot_->addGraph();
  map->setName(tr("validation mAP"));
  map->setPen(QPen(QColor(148, 103, 189), 1.5));
  map->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 6));
  epochPlot_->xAxis->setLabel(tr("epoch"));
  QSharedPointer<QCPAxisTickerFixed> epochTicker(new QCPAxisTickerFixed);
  epochTicker->setTickStep(1.0);
  epochTicker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  epochPlot_->xAxis->setTicker(epochTicker);
  epochPlot_->yAxis->setRange(0, 1);
  epochPlot_->xAxis->setRange(0, 1);
  epochPlot_->legend->setVisible(true);
  epochPlot_->setMinimumHeight(150);

  auto* stripLayout = new QHBoxLayout(strip_);
  stripLayout->setContentsMargins(0, 0, 0, 0);
  snapshotCaption_->setWordWrap(true);
  snapshotCaption_->setText(tr("CAM snapshots appear after each epoch."));

  auto* buttons = new QHBoxLayout;
  buttons->addWidget(status_, 1);
  buttons->addWidget(cancel_);
  buttons->addWidget(resume_);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(lossPlot_, 2);
  layout->addWidget(epochPlot_, 1);
  layout->addWidget(snapshotCaption_);
  layout->addWidget(strip_);
  layout->addLayout(buttons);

  connect(&jobs_, &JobManager::jobMetrics, this, &TrainingMonitor::onMetrics);
  connect(&jobs_, &JobManager::jobFinished, this, &TrainingMonitor::onFinished);
  connect(&jobs_, &JobManager::jobProgress, this, [this](int id, double, const QString& message) {
    if (id != jobId_) return;
    statusText_ = message;
    status_->setText(message);
  });
  connect(cancel_, &QPushButton::clicked, this, &TrainingMonitor::cancel);
  connect(resume_, &QPushButton::clicked, this, &TrainingMonitor::resume);
  connect(&snapshotWatcher_, &QFutureWatcher<SnapshotResult>::finished, this,
          &TrainingMonitor::onSnapshotDone);
  updateButtons();
}

TrainingMonitor::~TrainingMonitor() { snapshotWatcher_.waitForFinished(); }

void TrainingMonitor::watch(int jobId, const QString& dataDir, const QString& runDir) {
  const bool sameRun = QDir::cleanPath(runDir) == QDir::cleanPath(runDir_);
  jobId_ = jobId;
  dataDir_ = dataDir;
  runDir_ = runDir;
  if (!sameRun) {
    clearPlots();
    snapshots_.clear();
    snapshotEpoch_ = 0;
    showSnapshots();
  }
  statusText_ = jobs_.job(jobId).title;
  status_->setText(statusText_);
  updateButtons();
}

void TrainingMonitor::cancel() {
  if (jobId_ != 0) jobs_.cancel(jobId_);
}

int TrainingMonitor::resume() {
  if (runDir_.isEmpty()) return 0;
  TrainConfig config;
  try {
    config = TrainConfig::load(toPath(runDir_) / "config.json");
  } catch (const Error& e) {
    statusText_ = QString::fromStdString(e.what());
    status_->setText(statusText_);
    return 0;
  }
  const TrainingStart started = startTrainingRun(jobs_, recorder_, config, dataDir_, runDir_, true);
  if (started.jobId == 0) {
    statusText_ = started.error;
    status_->setText(statusText_);
    return 0;
  }
  watch(started.jobId, dataDir_, runDir_);
  Q_EMIT resumed(started.jobId);
  return started.jobId;
}

int TrainingMonitor::lossPointCount() const { return lossPlot_->graph(0)->dataCount(); }

int TrainingMonitor::epochPointCount() const { return epochPlot_->graph(0)->dataCount(); }

QString TrainingMonitor::statusText() const { return statusText_; }

void TrainingMonitor::onMetrics(int id, const QList<QVariantMap>& reports) {
  if (id != jobId_) return;
  bool steps = false, epochs = false;
  for (const QVariantMap& report : reports) {
    if (report.value(QStringLiteral("_message")).toString().endsWith(QLatin1String(" done"))) {
      addEpoch(report);
      epochs = true;
    } else if (report.contains(QStringLiteral("loss"))) {
      addStep(report);
      steps = true;
    }
  }
  if (steps) {
    lossPlot_->rescaleAxes();
    lossPlot_->replot(QCustomPlot::rpQueuedReplot);
  }
  if (epochs) {
    epochPlot_->replot(QCustomPlot::rpQueuedReplot);
  }
}

void TrainingMonitor::addStep(const QVariantMap& metrics) {
  const double step = metrics.value(QStringLiteral("step")).toDouble();
  if (step < 1) return;  // No optimizer step yet (the first accumulation group).
  const char* keys[] = {"loss", "class", "pclass", "re"};
  for (int i = 0; i < 4; ++i) {
    QCPGraph* graph = lossPlot_->graph(i);
    // A report of the same step replaces the point; a resumed run rewinds the curve.
    graph->data()->removeAfter(step - 0.5);
    const QVariant value = metrics.value(QString::fromLatin1(keys[i]));
    if (finite(value)) graph->addData(step, value.toDouble());
  }
}

void TrainingMonitor::addEpoch(const QVariantMap& metrics) {
  const double epoch = metrics.value(QStringLiteral("epoch")).toDouble();
  const char* keys[] = {"val_macro_auc", "val_map"};
  for (int i = 0; i < 2; ++i) {
    QCPGraph* graph = epochPlot_->graph(i);
    graph->data()->removeAfter(epoch - 0.5);
    const QVariant value = metrics.value(QString::fromLatin1(keys[i]));
    if (finite(value)) graph->addData(epoch, value.toDouble());
  }
  epochPlot_->xAxis->setRange(0, std::max(1.0, epoch) + 0.5);
  requestSnapshot(static_cast<int>(epoch));
}

void TrainingMonitor::requestSnapshot(int epoch) {
  if (snapshotWatcher_.isRunning()) {
    pendingSnapshotEpoch_ = epoch;  // The latest epoch wins; older requests are skipped.
    return;
  }
  pendingSnapshotEpoch_ = 0;
  const QString dataDir = dataDir_, runDir = runDir_;
  const int count = snapshotCount_;
  snapshotWatcher_.setFuture(QtConcurrent::run([epoch, dataDir, runDir, count]() {
    SnapshotResult result;
    result.epoch = epoch;
    try {
      const CamModel model = CamModel::load(toPath(runDir) / "model.pt");
      const Dataset dataset = Dataset::open(toPath(dataDir));
      TtaConfig tta;
      tta.scales = {1.0};
      tta.flips = false;
      tta.batch = 1;
      tta.workSize = std::clamp(model.config().inputSize, 64, 512);
      const std::filesystem::path idsFile = toPath(runDir) / "validation_ids.txt";
      const std::vector<std::string> validationIds = readValidationIds(idsFile);
      for (const ImageRecord* chosen : snapshotImages(dataset, validationIds, count)) {
        const ImageRecord& record = *chosen;
        const ChannelImage image = readChannels(dataset, record);
        const CamResult cams = computeCams(model, image, tta);
        CamSnapshot shot;
        shot.imageId = QString::fromStdString(record.id);
        const auto top =
            std::max_element(cams.imageProbabilities.begin(), cams.imageProbabilities.end());
        shot.topClass = static_cast<int>(top - cams.imageProbabilities.begin());
        shot.probability = *top;
        shot.trueLabels = QString::fromStdString(formatLabelList(record.labels));
        shot.overlay = overlay(composite(image, kSnapshotSide),
                               cams.cams[static_cast<std::size_t>(shot.topClass)]);
        result.images.append(shot);
      }
      if (result.images.isEmpty() && !validationIds.empty())
        result.error = tr("%1 names no image of %2; train again on this data folder to get CAM "
                          "snapshots.")
                           .arg(QString::fromStdString(idsFile.string()), dataDir);
      else if (result.images.isEmpty())
        result.error = tr("%1 holds no labelled training image for a CAM snapshot.").arg(dataDir);
    } catch (const std::exception& e) {
      result.error = QString::fromStdString(e.what());
    }
    return result;
  }));
}

void TrainingMonitor::onSnapshotDone() {
  const SnapshotResult result = snapshotWatcher_.result();
  if (result.error.isEmpty()) {
    snapshots_ = result.images;
    snapshotEpoch_ = result.epoch;
    showSnapshots();
  } else {
    snapshotCaption_->setText(
        tr("CAM snapshot of epoch %1 failed: %2").arg(result.epoch).arg(result.error));
  }
  Q_EMIT snapshotUpdated(result.epoch, result.error);
  if (pendingSnapshotEpoch_ > 0) requestSnapshot(pendingSnapshotEpoch_);
}

void TrainingMonitor::showSnapshots() {
  while (snapshotLabels_.size() < snapshots_.size()) {
    auto* label = new QLabel;
    label->setAlignment(Qt::AlignCenter);
    strip_->layout()->addWidget(label);
    snapshotLabels_.append(label);
  }
  for (int i = 0; i < snapshotLabels_.size(); ++i) {
    QLabel* label = snapshotLabels_[i];
    if (i >= snapshots_.size()) {
      label->clear();
      label->hide();
      continue;
    }
    const CamSnapshot& shot = snapshots_[i];
    const QString caption =
        tr("%1 %2").arg(classText(shot.topClass)).arg(shot.probability, 0, 'f', 2);
    // The overlay with the top class and its probability written underneath.
    const int captionHeight = label->fontMetrics().height() + 4;
    QPixmap pixmap(shot.overlay.width(), shot.overlay.height() + captionHeight);
    pixmap.fill(palette().color(QPalette::Window));
    {
      QPainter painter(&pixmap);
      painter.drawImage(0, 0, shot.overlay);
      painter.setPen(palette().color(QPalette::WindowText));
      painter.drawText(QRect(0, shot.overlay.height(), pixmap.width(), captionHeight),
                       Qt::AlignCenter | Qt::TextSingleLine,
                       label->fontMetrics().elidedText(caption, Qt::ElideRight, pixmap.width()));
    }
    label->setPixmap(pixmap);
    label->setToolTip(
        tr("%1\npredicted: %2\ntrue labels: %3").arg(shot.imageId, caption, shot.trueLabels));
    label->show();
  }
  snapshotCaption_->setText(snapshotEpoch_ > 0
                                ? tr("CAMs of the top predicted class after epoch %1 (hover for "
                                     "details).")
                                      .arg(snapshotEpoch_)
                                : tr("CAM snapshots appear after each epoch."));
}

void TrainingMonitor::onFinished(int id) {
  if (id != jobId_) return;
  const JobInfo job = jobs_.job(id);
  statusText_ = job.state == JobState::Failed
                    ? job.error
                    : tr("%1: %2").arg(job.title, jobStateName(job.state));
  status_->setText(statusText_);
  updateButtons();
}

void TrainingMonitor::updateButtons() {
  const JobInfo job = jobs_.job(jobId_);
  const bool running = job.id != 0 && !job.ended();
  cancel_->setEnabled(running);
  resume_->setEnabled(job.id != 0 && job.ended() && job.state != JobState::Finished);
}

void TrainingMonitor::clearPlots() {
  for (int i = 0; i < lossPlot_->graphCount(); ++i) lossPlot_->graph(i)->data()->clear();
  for (int i = 0; i < epochPlot_->graphCount(); ++i) epochPlot_->graph(i)->data()->clear();
  lossPlot_->replot(QCustomPlot::rpQueuedReplot);
  epochPlot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace cellcam::ui
