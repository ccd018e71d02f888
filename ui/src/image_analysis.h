#pragma once
// The analysis of the shown image: its channels, its cells, the CAMs of the chosen model and
// every cell's probabilities. All of it is computed on worker threads and cached; results
// arrive as signals on the GUI thread.

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include <QFutureWatcher>
#include <QImage>
#include <QObject>
#include <QPainterPath>
#include <QString>
#include <opencv2/core/mat.hpp>

#include "cellcam/dataset.h"
#include "cellcam/image_io.h"
#include "cellcam/inference.h"
#include "cellcam/mapping.h"

#include "channel_composite.h"

namespace cellcam::ui {

/// One decoded image. Immutable; shared between threads.
struct LoadedImage {
  QString id;
  ChannelImage channels;                          ///< As stored (8 or 16 bit).
  std::shared_ptr<const ChannelPyramid> pyramid;  ///< 8-bit display planes.
};

/// One cell of a label image, in image pixels.
struct CellShape {
  int id = 0;
  QPainterPath outline;  ///< Closed contour(s) through pixel centres + 0.5.
  QPointF center;        ///< Centroid.
  QRectF bounds;
  long long area = 0;
};

/// The cells of one image. Immutable; shared between threads.
struct CellLayout {
  cv::Mat labels;                ///< CV_32SC1 at the image size, 0 = background.
  std::vector<CellShape> cells;  ///< Ascending ids.

  /// The cell id at an image pixel, 0 for background or outside.
  int cellAt(int x, int y) const;
  /// The shape of a cell id, or nullptr.
  const CellShape* shape(int id) const;
};

/// The CAMs of one image for one model, with their display overlays. Immutable.
struct CamSet {
  QString key;                ///< Model key + image id (see ImageAnalysis).
  std::vector<cv::Mat> cams;  ///< CV_32FC1, workSize x workSize, one per class.
  std::vector<float> imageProbabilities;
  /// One ARGB32-premultiplied image per class at CAM size: a jet colormap of the value
  /// normalised by the class's own maximum, with alpha = the normalised value (the seed's
  /// "rainbow_alpha"); compare classes by imageProbabilities.
  std::vector<QImage> overlays;
  std::vector<float> maxValues;  ///< Largest value of each class's CAM.
  float maxValue = 0;            ///< Largest value of all classes.
};

/// Every cell x class of one image: raw scores and the three probabilities. Immutable.
struct CellTable {
  std::vector<int> cellIds;
  int numClasses = 0;
  std::vector<double> raw;      ///< Row-major cells x classes (computeCellScores).
  std::vector<float> sigmoid;   ///< mapBySigmoid.
  std::vector<float> gbr;       ///< The model's GBR mapping; empty without a mapping file.
  std::vector<float> final;     ///< Blend with MappingConfig::sigmoidWeight (sigmoid alone
                                ///< without a mapping file).
  int rowOf(int cellId) const;  ///< Index into cellIds, or -1.
  /// The `count` classes of a cell with the highest final probability, best first.
  std::vector<int> topClasses(int cellRow, int count) const;
};

/// The jet-like colormap with rising alpha used for overlays, for a CV_32FC1 map divided by
/// `maxValue` (values <= 0 are transparent). Thread-safe.
QImage camOverlay(const cv::Mat& cam, float maxValue);

/// Segments the image with core's classical segmenter and traces the cell outlines. Throws
/// Error. Thread-safe.
std::shared_ptr<const CellLayout> segmentImage(const ChannelImage& image);

/// Builds a CellLayout (outlines, centres) from a label image (CV_32S). Thread-safe.
std::shared_ptr<const CellLayout> traceCells(cv::Mat labels);

/// Computes the cell table of CAMs and cells; `mapping` may be null. Thread-safe.
std::shared_ptr<const CellTable> scoreCells(const CamSet& cams, const CellLayout& cells,
                                            const GbrMapping* mapping, const MappingConfig& config);

/// Drives the workers for the image shown in the studio. GUI thread only.
class ImageAnalysis : public QObject {
  Q_OBJECT

 public:
  explicit ImageAnalysis(QObject* parent = nullptr);
  ~ImageAnalysis() override;

  /// Loads a CAM model (and its GBR mapping file when one exists) in the background; emits
  /// modelLoaded() or modelFailed(). The CAMs of the current image follow.
  void loadModel(const QString& file);
  bool hasModel() const { return model_ != nullptr; }
  const QString& modelFile() const { return modelFile_; }
  bool hasMapping() const { return mapping_ != nullptr; }
  /// The loaded model's GBR mapping (null without one); valid until the next loadModel().
  const GbrMapping* mapping() const { return mapping_.get(); }

  /// Test-time augmentation: the seed's scales and flips (default) or one view.
  void setTestTimeAugmentation(bool on);
  bool testTimeAugmentation() const { return tta_; }
  /// CAM precision: "fp32" (default, the values `cellcam predict` gives by default) or "bf16"
  /// (autocast; about 2.5x faster on CPUs with AVX-512 BF16 or AMX, CAMs within about 1% of
  /// fp32). A change recomputes the shown image's CAMs; cached CAMs are kept per precision.
  /// Throws cellcam::Error for another value.
  void setPrecision(const QString& precision);
  const QString& precision() const { return precision_; }

  /// Starts (or takes from the cache) the image, its cells and, with a model, its CAMs and cell
  /// table. A later call supersedes the results of an earlier one.
  void showImage(const Dataset& dataset, const ImageRecord& image);
  void clear();

  const QString& imageId() const { return imageId_; }
  std::shared_ptr<const LoadedImage> image() const { return image_; }
  std::shared_ptr<const CellLayout> cells() const { return cells_; }
  std::shared_ptr<const CamSet> cams() const { return cams_; }
  std::shared_ptr<const CellTable> cellTable() const { return table_; }
  /// What runs now for the current image ("" when idle).
  QString busyText() const;

  /// Computes the cell table of any image with the loaded model, its mapping and the current
  /// TTA setting, the same way the shown image's table is computed (built-in segmentation,
  /// CAMs, scoreCells). Thread-safe (the model serialises its forward passes), so a job can
  /// run it on a worker thread; throws Error. Empty (no target) without a model.
  using CellPredictor = std::function<std::shared_ptr<const CellTable>(const ChannelImage& image)>;
  CellPredictor cellPredictor() const;
  /// Bumped whenever another model is loaded: cell tables of an older generation are stale.
  int modelGeneration() const { return modelGeneration_; }

 Q_SIGNALS:
  void modelLoaded(const QString& file);
  void modelFailed(const QString& error);
  void imageLoaded();
  void imageFailed(const QString& error);
  void cellsReady();
  void cellsFailed(const QString& error);
  void camsReady();
  void camsFailed(const QString& error);
  void cellTableReady();
  void busyChanged(const QString& text);

 private:
  struct ModelHandle;
  template <typename T>
  struct Outcome {
    std::shared_ptr<const T> value;
    QString error;
    QString key;
  };

  QString camKey(const QString& imageId) const;
  void startCells();
  void startCams();
  void startTable();
  void updateBusy();

  std::shared_ptr<const ModelHandle> model_;
  std::shared_ptr<const GbrMapping> mapping_;
  QString modelFile_;
  QString pendingModelFile_;
  int modelGeneration_ = 0;
  bool tta_ = true;
  QString precision_ = QStringLiteral("fp32");
  /// The TtaConfig of the current settings (TTA on or off, precision).
  TtaConfig ttaConfig() const;

  QString imageId_;
  std::shared_ptr<const LoadedImage> image_;
  std::shared_ptr<const CellLayout> cells_;
  std::shared_ptr<const CamSet> cams_;
  std::shared_ptr<const CellTable> table_;

  std::deque<std::shared_ptr<const LoadedImage>> imageCache_;
  std::deque<std::pair<QString, std::shared_ptr<const CellLayout>>> cellCache_;
  std::deque<std::shared_ptr<const CamSet>> camCache_;

  QFutureWatcher<Outcome<LoadedImage>> imageWatcher_;
  QFutureWatcher<Outcome<CellLayout>> cellWatcher_;
  QFutureWatcher<Outcome<CamSet>> camWatcher_;
  QFutureWatcher<Outcome<CellTable>> tableWatcher_;
  struct ModelOutcome;
  QFutureWatcher<std::shared_ptr<ModelOutcome>> modelWatcher_;
  QString loadingImageId_;
  /// Ticket of the newest image load; older loads that have not started yet skip their work.
  std::shared_ptr<std::atomic<int>> latestLoad_ = std::make_shared<std::atomic<int>>(0);
};

}  // namespace cellcam::ui
