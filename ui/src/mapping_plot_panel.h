#pragma once
// Plots of one model's score-to-probability mapping (QCustomPlot): the GBR mapping curve next
// to the seed's sigmoid with the stored training points, and a reliability diagram.

#include <filesystem>
#include <vector>

#include <QString>
#include <QWidget>

#include "cellcam/mapping.h"

class QCPAxisRect;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class QPushButton;

namespace cellcam::ui {

/// Shows a model's GbrMapping (the "<model>.mapping.json" file next to the model, see
/// cellcam::mappingFileFor()). Our mapping is one curve per model, shared by all classes.
///
/// Left: the GBR curve (standardised score z -> probability) sampled over the z range of the
/// stored training points (padded), the sigmoid sigmoid(factor * (z - shift)) of the
/// MappingConfig, and the training points (targets jittered vertically so 0 and 1 stay
/// visible). Right: a reliability diagram over the same training points (cells of single-label
/// training images): predicted probability in bins of 0.1 against the observed frequency of
/// target 1, for the GBR and the sigmoid, with the diagonal and the cells per bin as bars.
/// Wheel zooms, drag pans, a double click resets the view; the context menu exports.
///
/// GUI thread only.
class MappingPlotPanel : public QWidget {
  Q_OBJECT

 public:
  /// One bin of a reliability diagram: predictions in [lower, upper) (the last bin includes 1).
  struct ReliabilityBin {
    double lower = 0;
    double upper = 0;
    int count = 0;             ///< Training points whose prediction falls in the bin.
    double meanPredicted = 0;  ///< Mean prediction of those points (0 when empty).
    double observed = 0;       ///< Mean target of those points (0 when empty).
  };

  /// Samples of the mapping curve unless setCurveSamples() says otherwise.
  static constexpr int kDefaultCurveSamples = 200;
  /// Bins of the reliability diagram (width 0.1).
  static constexpr int kReliabilityBins = 10;

  explicit MappingPlotPanel(QWidget* parent = nullptr);
  ~MappingPlotPanel() override;

  /// Plots the GBR mapping of the model at `modelPath` under `displayName`, with the sigmoid of
  /// `config` for comparison: `loaded` when given (the caller already read
  /// mappingFileFor(modelPath), e.g. on a worker thread), else the file read here. Returns
  /// false and sets *error (when given) when the file is missing or bad or the mapping is not
  /// fitted; the panel then shows that message instead of plots.
  bool setModel(const QString& displayName, const std::filesystem::path& modelPath,
                const cellcam::MappingConfig& config, QString* error = nullptr,
                const cellcam::GbrMapping* loaded = nullptr);
  /// Removes the plots and shows the "no model" hint.
  void clear();
  /// Writes both plots to `file`: PNG or PDF chosen by the extension (.png, .pdf), written
  /// atomically (a reader never sees a partial file). Returns false and sets *error for another
  /// extension, nothing to export, or a failed write.
  bool exportPlot(const QString& file, QString* error = nullptr);

  /// Samples of the mapping curve for the next setModel() (>= 2).
  void setCurveSamples(int samples);
  int curveSamples() const { return curveSamples_; }

  int curvePointCount() const;      ///< Points of the plotted GBR curve (0 when empty).
  int scatterPointCount() const;    ///< Training points plotted (0 when empty).
  int reliabilityBinCount() const;  ///< Non-empty GBR reliability bins (0 when empty).
  /// The reliability bins (all kReliabilityBins, empty ones with count 0) of the shown model.
  const std::vector<ReliabilityBin>& gbrReliability() const { return gbrBins_; }
  const std::vector<ReliabilityBin>& sigmoidReliability() const { return sigmoidBins_; }
  /// The message shown instead of plots (empty while plots are shown).
  QString message() const;

  /// Reliability bins of `predicted` against `targets` (same length): `bins` equal bins over
  /// [0, 1]; a prediction of exactly 1 (or above) falls into the last bin, below 0 into the
  /// first. Pure.
  static std::vector<ReliabilityBin> reliabilityBins(const std::vector<float>& predicted,
                                                     const std::vector<float>& targets,
                                                     int bins = kReliabilityBins);

 private:
  void buildLayout();
  void showMessage(const QString& text);
  void showContextMenu(const QPoint& pos);
  void exportWithDialog(const QString& suffix);
  void resetView();
  void showBinToolTip(QMouseEvent* event);

  QLabel* messageLabel_ = nullptr;
  QPushButton* exportButton_ = nullptr;
  QCustomPlot* plot_ = nullptr;
  QCPAxisRect* curveRect_ = nullptr;        ///< Owned by plot_'s layout; null when empty.
  QCPAxisRect* reliabilityRect_ = nullptr;  ///< Owned by plot_'s layout; null when empty.
  int curveSamples_ = kDefaultCurveSamples;
  double zLo_ = -1.0;  ///< z range of the curve plot's reset view.
  double zHi_ = 1.0;
  int curvePoints_ = 0;
  int scatterPoints_ = 0;
  std::vector<ReliabilityBin> gbrBins_;
  std::vector<ReliabilityBin> sigmoidBins_;
  QString displayName_;
};

}  // namespace cellcam::ui
