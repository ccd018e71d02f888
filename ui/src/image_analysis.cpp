#include "image_analysis.h"

#include <algorithm>
#include <exception>
#include <map>
#include <utility>

#include <QCoreApplication>
#include <QtConcurrent/QtConcurrentRun>
#include <climits>
#include <opencv2/imgproc.hpp>

#include "cellcam/cam_model.h"
#include "cellcam/cell_scores.h"
#include "cellcam/ensemble.h"
#include "cellcam/error.h"
#include "cellcam/segmentation.h"

namespace cellcam::ui {
namespace {

// Cache sizes in images. A 4096 px image costs about 210 MB decoded (planes + pyramid), 64 MB
// of labels and 60 MB of CAMs and overlays at the default work size.
constexpr std::size_t kImageCacheSize = 2;
constexpr std::size_t kCellCacheSize = 6;
constexpr std::size_t kCamCacheSize = 6;

template <typename Cache, typename Item>
void remember(Cache& cache, Item item, std::size_t limit) {
  cache.push_front(std::move(item));
  while (cache.size() > limit) cache.pop_back();
}

QString errorText(const std::exception& e) { return QString::fromStdString(e.what()); }

}  // namespace

// ---- Data ----------------------------------------------------------------------------------

int CellLayout::cellAt(int x, int y) const {
  if (labels.empty() || x < 0 || y < 0 || x >= labels.cols || y >= labels.rows) return 0;
  return labels.at<int>(y, x);
}

const CellShape* CellLayout::shape(int id) const {
  const auto it = std::lower_bound(cells.begin(), cells.end(), id,
                                   [](const CellShape& cell, int key) { return cell.id < key; });
  return it != cells.end() && it->id == id ? &*it : nullptr;
}

int CellTable::rowOf(int cellId) const {
  const auto it = std::lower_bound(cellIds.begin(), cellIds.end(), cellId);
  return it != cellIds.end() && *it == cellId ? static_cast<int>(it - cellIds.begin()) : -1;
}

std::vector<int> CellTable::topClasses(int cellRow, int count) const {
  std::vector<int> classes(static_cast<std::size_t>(numClasses));
  for (int c = 0; c < numClasses; ++c) classes[static_cast<std::size_t>(c)] = c;
  const auto value = [&](int c) {
    return final[static_cast<std::size_t>(cellRow) * static_cast<std::size_t>(numClasses) +
                 static_cast<std::size_t>(c)];
  };
  std::stable_sort(classes.begin(), classes.end(),
                   [&](int a, int b) { return value(a) > value(b); });
  classes.resize(static_cast<std::size_t>(std::min(count, numClasses)));
  return classes;
}

QImage camOverlay(const cv::Mat& cam, float maxValue) {
  cv::Mat scaled;
  cam.convertTo(scaled, CV_8U, maxValue > 0 ? 255.0 / maxValue : 0.0);  // saturates at 0, 255
  cv::Mat colours;
  cv::applyColorMap(scaled, colours, cv::COLORMAP_JET);
  QImage out(cam.cols, cam.rows, QImage::Format_ARGB32_Premultiplied);
  for (int y = 0; y < cam.rows; ++y) {
    const uchar* alpha = scaled.ptr<uchar>(y);
    const cv::Vec3b* bgr = colours.ptr<cv::Vec3b>(y);
    auto* row = reinterpret_cast<QRgb*>(out.scanLine(y));
    for (int x = 0; x < cam.cols; ++x) {
      const int a = alpha[x];
      row[x] = qRgba(bgr[x][2] * a / 255, bgr[x][1] * a / 255, bgr[x][0] * a / 255, a);
    }
  }
  return out;
}

std::shared_ptr<const CellLayout> traceCells(cv::Mat labels) {
  auto layout = std::make_shared<CellLayout>();
  layout->labels = labels;
  struct Sums {
    int minX = INT_MAX, minY = INT_MAX, maxX = -1, maxY = -1;
    double sx = 0, sy = 0;
    long long n = 0;
  };
  // Per-id sums in one pass: a dense table for the usual ids 1..N, a map for huge ids.
  double lowest = 0, highest = 0;
  if (!labels.empty()) cv::minMaxLoc(labels, &lowest, &highest);
  const bool dense = highest < double(1 << 20);
  std::vector<Sums> table(dense ? static_cast<std::size_t>(std::max(0.0, highest)) + 1 : 0);
  std::map<int, Sums> sparse;
  for (int y = 0; y < labels.rows; ++y) {
    const int* row = labels.ptr<int>(y);
    for (int x = 0; x < labels.cols; ++x) {
      if (row[x] <= 0) continue;
      Sums& s = dense ? table[static_cast<std::size_t>(row[x])] : sparse[row[x]];
      s.minX = std::min(s.minX, x);
      s.maxX = std::max(s.maxX, x);
      s.minY = std::min(s.minY, y);
      s.maxY = std::max(s.maxY, y);
      s.sx += x;
      s.sy += y;
      ++s.n;
    }
  }
  std::vector<std::pair<int, Sums>> sums;
  for (std::size_t id = 0; id < table.size(); ++id)
    if (table[id].n > 0) sums.emplace_back(static_cast<int>(id), table[id]);
  for (const auto& entry : sparse) sums.push_back(entry);
  layout->cells.reserve(sums.size());
  for (const auto& [id, s] : sums) {
    CellShape cell;
    cell.id = id;
    cell.area = s.n;
    cell.center = QPointF(s.sx / double(s.n) + 0.5, s.sy / double(s.n) + 0.5);
    cell.bounds = QRectF(s.minX, s.minY, s.maxX - s.minX + 1, s.maxY - s.minY + 1);
    const cv::Rect box(s.minX, s.minY, s.maxX - s.minX + 1, s.maxY - s.minY + 1);
    cv::Mat mask = labels(box) == id;
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(mask, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    for (const auto& contour : contours) {
      QPolygonF polygon;
      polygon.reserve(static_cast<qsizetype>(contour.size()) + 1);
      for (const cv::Point& p : contour) polygon << QPointF(p.x + box.x + 0.5, p.y + box.y + 0.5);
      if (!polygon.isEmpty()) polygon << polygon.front();
      cell.outline.addPolygon(polygon);
    }
    layout->cells.push_back(std::move(cell));
  }
  return layout;
}

std::shared_ptr<const CellLayout> segmentImage(const ChannelImage& image) {
  return traceCells(segmentCells(image));
}

std::shared_ptr<const CellTable> scoreCells(const CamSet& cams, const CellLayout& cells,
                                            const GbrMapping* mapping,
                                            const MappingConfig& baseConfig) {
  auto table = std::make_shared<CellTable>();
  const CellScores scores = computeCellScores(cams.cams, cams.imageProbabilities, cells.labels);
  // A GBR mapping maps z of the scaler it was fit on; the sigmoid follows the same z.
  MappingConfig config = baseConfig;
  if (mapping) config.scaler = mapping->scoreScaler();
  const SigmoidMapping sigmoid = mapBySigmoid(scores, config);
  table->cellIds = scores.cellIds;
  table->numClasses = scores.numClasses;
  table->raw = scores.scores;
  table->sigmoid = sigmoid.probabilities;
  if (mapping != nullptr && !sigmoid.z.empty()) {
    table->gbr = mapping->predict(sigmoid.z);
    table->final = blendProbabilities(table->sigmoid, table->gbr, config.sigmoidWeight);
  } else {
    table->final = table->sigmoid;
  }
  return table;
}

// ---- ImageAnalysis -------------------------------------------------------------------------

struct ImageAnalysis::ModelHandle {
  CamModel model;
};

struct ImageAnalysis::ModelOutcome {
  std::shared_ptr<const ModelHandle> model;
  std::shared_ptr<const GbrMapping> mapping;
  QString file;
  QString error;
};

ImageAnalysis::ImageAnalysis(QObject* parent) : QObject(parent) {
  connect(&modelWatcher_, &QFutureWatcherBase::finished, this, [this]() {
    const auto outcome = modelWatcher_.result();
    if (!pendingModelFile_.isEmpty()) {  // a newer choice supersedes this one
      loadModel(std::exchange(pendingModelFile_, QString()));
      return;
    }
    updateBusy();
    if (!outcome->error.isEmpty()) {
      Q_EMIT modelFailed(outcome->error);
      return;
    }
    model_ = outcome->model;
    mapping_ = outcome->mapping;
    modelFile_ = outcome->file;
    ++modelGeneration_;
    cams_.reset();
    table_.reset();
    Q_EMIT modelLoaded(modelFile_);
    startCams();
  });
  connect(&imageWatcher_, &QFutureWatcherBase::finished, this, [this]() {
    const auto outcome = imageWatcher_.result();
    updateBusy();
    if (outcome.key != imageId_ || (!outcome.value && outcome.error.isEmpty())) return;
    if (!outcome.error.isEmpty()) {
      Q_EMIT imageFailed(outcome.error);
      return;
    }
    image_ = outcome.value;
    remember(imageCache_, image_, kImageCacheSize);
    Q_EMIT imageLoaded();
    startCells();
    startCams();
  });
  connect(&cellWatcher_, &QFutureWatcherBase::finished, this, [this]() {
    const auto outcome = cellWatcher_.result();
    if (outcome.value)
      remember(cellCache_, std::make_pair(outcome.key, outcome.value), kCellCacheSize);
    if (outcome.key == imageId_) {
      updateBusy();
      if (!outcome.error.isEmpty()) {
        Q_EMIT cellsFailed(outcome.error);
        return;
      }
      cells_ = outcome.value;
      Q_EMIT cellsReady();
      startTable();
    } else {
      startCells();
      updateBusy();
    }
  });
  connect(&camWatcher_, &QFutureWatcherBase::finished, this, [this]() {
    const auto outcome = camWatcher_.result();
    if (outcome.value) remember(camCache_, outcome.value, kCamCacheSize);
    if (outcome.key == camKey(imageId_)) {
      updateBusy();
      if (!outcome.error.isEmpty()) {
        Q_EMIT camsFailed(outcome.error);
        return;
      }
      cams_ = outcome.value;
      Q_EMIT camsReady();
      startTable();
    } else {
      startCams();
      updateBusy();
    }
  });
  connect(&tableWatcher_, &QFutureWatcherBase::finished, this, [this]() {
    const auto outcome = tableWatcher_.result();
    if (!cams_ || outcome.key != cams_->key || !cells_) {
      startTable();
      return;
    }
    if (!outcome.error.isEmpty()) {
      Q_EMIT camsFailed(outcome.error);
      return;
    }
    table_ = outcome.value;
    Q_EMIT cellTableReady();
  });
}

ImageAnalysis::~ImageAnalysis() {
  // The jobs hold their inputs by value; waiting keeps them from outliving the studio's models.
  for (QFutureWatcherBase* watcher : std::initializer_list<QFutureWatcherBase*>{
           &modelWatcher_, &imageWatcher_, &cellWatcher_, &camWatcher_, &tableWatcher_})
    watcher->waitForFinished();
}

void ImageAnalysis::loadModel(const QString& file) {
  if (modelWatcher_.isRunning()) {  // loaded when the running load finishes
    pendingModelFile_ = file;
    return;
  }
  modelWatcher_.setFuture(QtConcurrent::run([file]() {
    auto outcome = std::make_shared<ModelOutcome>();
    outcome->file = file;
    try {
      const std::filesystem::path path = file.toStdString();
      outcome->model = std::make_shared<const ModelHandle>(ModelHandle{CamModel::load(path)});
      const std::filesystem::path mappingFile = mappingFileFor(path);
      if (std::filesystem::exists(mappingFile))
        outcome->mapping = std::make_shared<const GbrMapping>(GbrMapping::load(mappingFile));
    } catch (const std::exception& e) {
      outcome->error = errorText(e);
    }
    return outcome;
  }));
  updateBusy();
}

void ImageAnalysis::setTestTimeAugmentation(bool on) {
  if (tta_ == on) return;
  tta_ = on;
  cams_.reset();
  table_.reset();
  startCams();
}

void ImageAnalysis::setPrecision(const QString& precision) {
  if (precision != QLatin1String("fp32") && precision != QLatin1String("bf16"))
    throw Error("CAM precision \"" + precision.toStdString() + "\" is unknown; use fp32 or bf16");
  if (precision_ == precision) return;
  precision_ = precision;
  cams_.reset();
  table_.reset();
  startCams();
}

TtaConfig ImageAnalysis::ttaConfig() const {
  TtaConfig tta;
  if (!tta_) {
    tta.scales = {1.0};
    tta.flips = false;
  }
  tta.precision = precision_.toStdString();
  return tta;
}

ImageAnalysis::CellPredictor ImageAnalysis::cellPredictor() const {
  if (!model_) return {};
  const TtaConfig tta = ttaConfig();
  return [model = model_, mapping = mapping_, tta](const ChannelImage& image) {
    CellLayout cells;
    cells.labels = segmentCells(image);
    CamSet set;
    CamResult result = computeCams(model->model, image, tta);
    set.cams = std::move(result.cams);
    set.imageProbabilities = std::move(result.imageProbabilities);
    return scoreCells(set, cells, mapping.get(), MappingConfig{});
  };
}

QString ImageAnalysis::camKey(const QString& imageId) const {
  return QStringLiteral("%1|%2|%3|%4")
      .arg(modelGeneration_)
      .arg(tta_ ? 1 : 0)
      .arg(precision_, imageId);
}

void ImageAnalysis::showImage(const Dataset& dataset, const ImageRecord& record) {
  imageId_ = QString::fromStdString(record.id);
  image_.reset();
  cells_.reset();
  cams_.reset();
  table_.reset();
  for (const auto& cached : imageCache_)
    if (cached->id == imageId_) image_ = cached;
  if (image_) {
    Q_EMIT imageLoaded();
    startCells();
    startCams();
    updateBusy();
    return;
  }
  std::array<std::filesystem::path, 4> files;
  for (std::size_t c = 0; c < files.size(); ++c)
    files[c] = dataset.channelFile(record, kRgbyChannels[c]);
  loadingImageId_ = imageId_;
  // Loads queued behind others are skipped when the user has moved on before they start.
  const int ticket = ++*latestLoad_;
  imageWatcher_.setFuture(QtConcurrent::run([files, id = imageId_, ticket, latest = latestLoad_]() {
    Outcome<LoadedImage> outcome;
    outcome.key = id;
    if (latest->load() != ticket) return outcome;  // superseded: nothing to show
    try {
      auto image = std::make_shared<LoadedImage>();
      image->id = id;
      image->channels = readChannels(files);
      image->pyramid = buildChannelPyramid(image->channels);
      outcome.value = image;
    } catch (const std::exception& e) {
      outcome.error = errorText(e);
    }
    return outcome;
  }));
  updateBusy();
}

void ImageAnalysis::clear() {
  imageId_.clear();
  image_.reset();
  cells_.reset();
  cams_.reset();
  table_.reset();
  updateBusy();
}

void ImageAnalysis::startCells() {
  if (!image_ || cells_) return;
  for (const auto& [id, layout] : cellCache_)
    if (id == imageId_) {
      cells_ = layout;
      Q_EMIT cellsReady();
      startTable();
      return;
    }
  if (cellWatcher_.isRunning()) return;  // its finish handler starts the current image
  cellWatcher_.setFuture(QtConcurrent::run([image = image_]() {
    Outcome<CellLayout> outcome;
    outcome.key = image->id;
    try {
      outcome.value = segmentImage(image->channels);
    } catch (const std::exception& e) {
      outcome.error = errorText(e);
    }
    return outcome;
  }));
  updateBusy();
}

void ImageAnalysis::startCams() {
  if (!model_ || !image_ || cams_) return;
  const QString key = camKey(imageId_);
  for (const auto& cached : camCache_)
    if (cached->key == key) {
      cams_ = cached;
      Q_EMIT camsReady();
      startTable();
      return;
    }
  if (camWatcher_.isRunning()) return;  // its finish handler starts the current image
  const TtaConfig tta = ttaConfig();
  camWatcher_.setFuture(QtConcurrent::run([model = model_, image = image_, tta, key]() {
    Outcome<CamSet> outcome;
    outcome.key = key;
    try {
      auto set = std::make_shared<CamSet>();
      set->key = key;
      CamResult result = computeCams(model->model, image->channels, tta);
      set->cams = std::move(result.cams);
      set->imageProbabilities = std::move(result.imageProbabilities);
      for (const cv::Mat& cam : set->cams) {
        double low = 0, high = 0;
        cv::minMaxLoc(cam, &low, &high);
        set->maxValues.push_back(static_cast<float>(high));
        set->maxValue = std::max(set->maxValue, static_cast<float>(high));
        set->overlays.push_back(camOverlay(cam, static_cast<float>(high)));
      }
      outcome.value = set;
    } catch (const std::exception& e) {
      outcome.error = errorText(e);
    }
    return outcome;
  }));
  updateBusy();
}

void ImageAnalysis::startTable() {
  if (!cams_ || !cells_ || table_ || tableWatcher_.isRunning()) return;
  tableWatcher_.setFuture(QtConcurrent::run([cams = cams_, cells = cells_, mapping = mapping_]() {
    Outcome<CellTable> outcome;
    outcome.key = cams->key;
    try {
      outcome.value = scoreCells(*cams, *cells, mapping.get(), MappingConfig{});
    } catch (const std::exception& e) {
      outcome.error = errorText(e);
    }
    return outcome;
  }));
}

QString ImageAnalysis::busyText() const {
  QStringList parts;
  if (modelWatcher_.isRunning()) parts << tr("Loading the model…");
  if (imageWatcher_.isRunning() && loadingImageId_ == imageId_ && !image_)
    parts << tr("Loading the image…");
  if (cellWatcher_.isRunning() && !cells_) parts << tr("Finding cells…");
  if (camWatcher_.isRunning() && !cams_) parts << tr("Computing CAMs…");
  return parts.join(QLatin1Char(' '));
}

void ImageAnalysis::updateBusy() { Q_EMIT busyChanged(busyText()); }

}  // namespace cellcam::ui
