#include "mapping_plot_panel.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <string_view>

#include <QBuffer>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QToolTip>
#include <QVBoxLayout>

#include "cellcam/atomic_file.h"
#include "cellcam/ensemble.h"
#include "cellcam/error.h"

#include "form_support.h"
#include "qcustomplot.h"

namespace cellcam::ui {

namespace {

// Size of exported figures, in pixels (PNG) or points (PDF).
constexpr int kExportWidth = 1400;
constexpr int kExportHeight = 620;
// Vertical jitter of the 0/1 training targets in the scatter.
constexpr double kJitter = 0.035;

const QColor kGbrColor(31, 90, 180);
const QColor kSigmoidColor(230, 120, 20);

// Padded z range of the training points (or of the scaler when there are none).
std::pair<float, float> curveRange(const GbrMapping& mapping) {
  const auto& points = mapping.trainingPoints();
  double lo = 0, hi = 0;
  if (points.empty()) {
    lo = mapping.scalerMean() - 3.0 * mapping.scalerStd();
    hi = mapping.scalerMean() + 3.0 * mapping.scalerStd();
  } else {
    const auto [minIt, maxIt] =
        std::minmax_element(points.begin(), points.end(),
                            [](const MappingPoint& a, const MappingPoint& b) { return a.z < b.z; });
    lo = minIt->z;
    hi = maxIt->z;
  }
  const double pad = std::max(0.1 * (hi - lo), 0.5);
  return {static_cast<float>(lo - pad), static_cast<float>(hi + pad)};
}

QCPAxisRect* addAxisRect(QCustomPlot* plot, QCPLayoutGrid* grid, int column, const QString& title,
                         const QString& xLabel, const QString& yLabel) {
  auto* heading = new QCPTextElement(plot, title, QFont(plot->font().family(), 10, QFont::Bold));
  grid->addElement(0, column, heading);
  auto* rect = new QCPAxisRect(plot);
  grid->addElement(1, column, rect);
  rect->axis(QCPAxis::atBottom)->setLabel(xLabel);
  rect->axis(QCPAxis::atLeft)->setLabel(yLabel);
  rect->setupFullAxesBox(false);
  return rect;
}

QCPLegend* addLegend(QCPAxisRect* rect, Qt::Alignment where) {
  auto* legend = new QCPLegend;
  rect->insetLayout()->addElement(legend, where);
  legend->setLayer(QStringLiteral("legend"));
  QFont font = legend->font();
  font.setPointSize(8);
  legend->setFont(font);
  legend->setBrush(QBrush(QColor(255, 255, 255, 220)));
  return legend;
}

}  // namespace

MappingPlotPanel::MappingPlotPanel(QWidget* parent) : QWidget(parent) {
  messageLabel_ = new QLabel(this);
  messageLabel_->setWordWrap(true);
  messageLabel_->setAlignment(Qt::AlignCenter);
  messageLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  exportButton_ = new QPushButton(tr("Export…"), this);
  exportButton_->setToolTip(tr("Save both plots as PNG or PDF"));
  connect(exportButton_, &QPushButton::clicked, this, [this]() { exportWithDialog({}); });

  plot_ = new QCustomPlot(this);
  plot_->setAutoAddPlottableToLegend(false);
  plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot_->setContextMenuPolicy(Qt::CustomContextMenu);
  plot_->setMouseTracking(true);  // bin tooltips on hover
  plot_->setMinimumSize(480, 260);
  connect(plot_, &QWidget::customContextMenuRequested, this, &MappingPlotPanel::showContextMenu);
  connect(plot_, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent*) { resetView(); });
  connect(plot_, &QCustomPlot::mouseMove, this, &MappingPlotPanel::showBinToolTip);

  auto* buttons = new QHBoxLayout;
  buttons->addStretch(1);
  buttons->addWidget(exportButton_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  layout->addWidget(messageLabel_);
  layout->addWidget(plot_, 1);
  layout->addLayout(buttons);
  clear();
}

MappingPlotPanel::~MappingPlotPanel() = default;

void MappingPlotPanel::setCurveSamples(int samples) { curveSamples_ = std::max(samples, 2); }

int MappingPlotPanel::curvePointCount() const { return curvePoints_; }
int MappingPlotPanel::scatterPointCount() const { return scatterPoints_; }

int MappingPlotPanel::reliabilityBinCount() const {
  return static_cast<int>(std::count_if(gbrBins_.begin(), gbrBins_.end(),
                                        [](const ReliabilityBin& b) { return b.count > 0; }));
}

QString MappingPlotPanel::message() const {
  return plot_->isHidden() ? messageLabel_->text() : QString();
}

std::vector<MappingPlotPanel::ReliabilityBin> MappingPlotPanel::reliabilityBins(
    const std::vector<float>& predicted, const std::vector<float>& targets, int bins) {
  bins = std::max(bins, 1);
  std::vector<ReliabilityBin> result(static_cast<size_t>(bins));
  std::vector<double> sumPredicted(result.size(), 0.0), sumTarget(result.size(), 0.0);
  for (int b = 0; b < bins; ++b) {
    result[b].lower = static_cast<double>(b) / bins;
    result[b].upper = static_cast<double>(b + 1) / bins;
  }
  const size_t n = std::min(predicted.size(), targets.size());
  for (size_t i = 0; i < n; ++i) {
    const double p = predicted[i];
    if (!std::isfinite(p)) continue;
    const int b = std::clamp(static_cast<int>(std::floor(p * bins)), 0, bins - 1);
    result[b].count += 1;
    sumPredicted[b] += p;
    sumTarget[b] += targets[i];
  }
  for (size_t b = 0; b < result.size(); ++b) {
    if (result[b].count == 0) continue;
    result[b].meanPredicted = sumPredicted[b] / result[b].count;
    result[b].observed = sumTarget[b] / result[b].count;
  }
  return result;
}

void MappingPlotPanel::clear() {
  displayName_.clear();
  curvePoints_ = 0;
  scatterPoints_ = 0;
  gbrBins_.clear();
  sigmoidBins_.clear();
  plot_->clearPlottables();
  plot_->clearItems();
  plot_->plotLayout()->clear();
  curveRect_ = nullptr;
  reliabilityRect_ = nullptr;
  plot_->replot();
  showMessage(tr("Choose a model to see its probability mapping."));
}

void MappingPlotPanel::showMessage(const QString& text) {
  messageLabel_->setText(text);
  messageLabel_->show();
  plot_->hide();
  exportButton_->setEnabled(false);
}

bool MappingPlotPanel::setModel(const QString& displayName, const std::filesystem::path& modelPath,
                                const cellcam::MappingConfig& config, QString* error,
                                const cellcam::GbrMapping* loaded) {
  const std::filesystem::path file = cellcam::mappingFileFor(modelPath);
  QString problem;
  GbrMapping read;
  const GbrMapping& mapping = loaded ? *loaded : read;
  std::error_code ec;
  if (!loaded && !std::filesystem::exists(file, ec)) {
    problem = tr("%1: no probability mapping for model \"%2\"; fit one with "
                 "\"cellcam fit-mapping\" and reopen the model.")
                  .arg(pathText(file), displayName);
  } else if (!loaded) {
    try {
      read = GbrMapping::load(file);
    } catch (const std::exception& e) {
      problem = QString::fromStdString(e.what());
    }
  }
  if (problem.isEmpty() && !mapping.fitted())
    problem = tr("%1: the mapping is not fitted; fit it again with \"cellcam fit-mapping\".")
                  .arg(pathText(file));
  if (!problem.isEmpty()) {
    clear();
    showMessage(problem);
    if (error) *error = problem;
    return false;
  }

  // Everything computed before the plot is touched, so a failure leaves it as it was.
  const auto [zLo, zHi] = curveRange(mapping);
  MappingCurve curve;
  std::vector<float> gbrP;
  const auto& points = mapping.trainingPoints();
  std::vector<float> pointZ, pointTarget;
  pointZ.reserve(points.size());
  pointTarget.reserve(points.size());
  for (const MappingPoint& p : points) {
    pointZ.push_back(p.z);
    pointTarget.push_back(p.target);
  }
  try {
    curve = mapping.sampleCurve(zLo, zHi, curveSamples_);
    gbrP = pointZ.empty() ? std::vector<float>{} : mapping.predict(pointZ);
  } catch (const std::exception& e) {
    problem = QString::fromStdString(e.what());
    clear();
    showMessage(problem);
    if (error) *error = problem;
    return false;
  }
  const std::vector<float> sigmoidCurve =
      sigmoidProbabilities(curve.z, config.sigmoidFactor, config.sigmoidShift);
  const std::vector<float> sigmoidP =
      sigmoidProbabilities(pointZ, config.sigmoidFactor, config.sigmoidShift);

  displayName_ = displayName;
  gbrBins_ = reliabilityBins(gbrP, pointTarget);
  sigmoidBins_ = reliabilityBins(sigmoidP, pointTarget);

  plot_->clearPlottables();
  plot_->clearItems();
  buildLayout();
  auto* title = static_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0));
  title->setText(tr("%1 — one mapping curve per model (shared by all classes), %2 training rows")
                     .arg(displayName)
                     .arg(mapping.trainingRows()));
  QCPAxisRect* curveRect = curveRect_;
  QCPAxisRect* reliabilityRect = reliabilityRect_;

  // Left: training points, sigmoid and GBR curve (drawn in that order, the curve on top).
  QCPAxis* zAxis = curveRect->axis(QCPAxis::atBottom);
  QCPAxis* pAxis = curveRect->axis(QCPAxis::atLeft);
  // Right, half-way up: the one place that neither the 0/1 points nor the curves occupy.
  QCPLegend* curveLegend = addLegend(curveRect, Qt::AlignRight | Qt::AlignVCenter);
  std::mt19937 rng(0);
  std::uniform_real_distribution<double> jitter(-kJitter, kJitter);
  QVector<double> sx, sy;
  sx.reserve(static_cast<int>(points.size()));
  sy.reserve(static_cast<int>(points.size()));
  for (const MappingPoint& p : points) {
    sx.push_back(p.z);
    sy.push_back(p.target + jitter(rng));
  }
  QCPGraph* scatter = plot_->addGraph(zAxis, pAxis);
  scatter->setObjectName(QStringLiteral("trainingPoints"));
  scatter->setName(tr("training points (%1 shown, jittered)").arg(sx.size()));
  scatter->setLineStyle(QCPGraph::lsNone);
  scatter->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(60, 60, 60, 70), QColor(60, 60, 60, 50), 4));
  scatter->setData(sx, sy);
  scatter->addToLegend(curveLegend);
  scatterPoints_ = scatter->dataCount();

  QVector<double> cz(curve.z.begin(), curve.z.end());
  QCPGraph* sigmoidGraph = plot_->addGraph(zAxis, pAxis);
  sigmoidGraph->setObjectName(QStringLiteral("sigmoidCurve"));
  sigmoidGraph->setName(
      tr("sigmoid(%1 · (z − %2))").arg(config.sigmoidFactor).arg(config.sigmoidShift));
  sigmoidGraph->setPen(QPen(kSigmoidColor, 2, Qt::DashLine));
  sigmoidGraph->setData(cz, QVector<double>(sigmoidCurve.begin(), sigmoidCurve.end()), true);
  sigmoidGraph->addToLegend(curveLegend);

  QCPGraph* gbrGraph = plot_->addGraph(zAxis, pAxis);
  gbrGraph->setObjectName(QStringLiteral("gbrCurve"));
  gbrGraph->setName(tr("gradient-boosted mapping"));
  gbrGraph->setPen(QPen(kGbrColor, 2.5));
  gbrGraph->setData(cz, QVector<double>(curve.probabilities.begin(), curve.probabilities.end()),
                    true);
  gbrGraph->addToLegend(curveLegend);
  curvePoints_ = gbrGraph->dataCount();

  // Right: bin counts as bars (right axis), the diagonal, and both reliability curves.
  QCPAxis* predictedAxis = reliabilityRect->axis(QCPAxis::atBottom);
  QCPAxis* observedAxis = reliabilityRect->axis(QCPAxis::atLeft);
  QCPAxis* countAxis = reliabilityRect->axis(QCPAxis::atRight);
  countAxis->setVisible(true);
  countAxis->setTickLabels(true);
  countAxis->setLabel(tr("cells per bin"));
  QCPLegend* reliabilityLegend = addLegend(reliabilityRect, Qt::AlignLeft | Qt::AlignTop);

  const double binWidth = 1.0 / kReliabilityBins;
  auto addBars = [&](const std::vector<ReliabilityBin>& bins, const QColor& color, double offset,
                     const QString& name) {
    auto* bars = new QCPBars(predictedAxis, countAxis);
    bars->setName(name);
    bars->setWidth(binWidth * 0.4);
    QColor fill = color;
    fill.setAlpha(45);
    bars->setBrush(fill);
    bars->setPen(Qt::NoPen);
    QVector<double> keys, counts;
    for (const ReliabilityBin& b : bins) {
      keys.push_back(0.5 * (b.lower + b.upper) + offset);
      counts.push_back(b.count);
    }
    bars->setData(keys, counts, true);
    bars->addToLegend(reliabilityLegend);
  };
  addBars(gbrBins_, kGbrColor, -binWidth * 0.2, tr("cells per bin (GBR)"));
  addBars(sigmoidBins_, kSigmoidColor, binWidth * 0.2, tr("cells per bin (sigmoid)"));

  QCPGraph* diagonal = plot_->addGraph(predictedAxis, observedAxis);
  diagonal->setName(tr("perfectly calibrated"));
  diagonal->setPen(QPen(Qt::gray, 1, Qt::DashLine));
  diagonal->setData(QVector<double>{0.0, 1.0}, QVector<double>{0.0, 1.0}, true);
  diagonal->addToLegend(reliabilityLegend);

  auto addReliability = [&](const std::vector<ReliabilityBin>& bins, const QColor& color,
                            QCPScatterStyle::ScatterShape shape, const QString& name,
                            const QString& objectName) {
    QVector<double> x, y;
    for (const ReliabilityBin& b : bins) {
      if (b.count == 0) continue;
      x.push_back(b.meanPredicted);
      y.push_back(b.observed);
    }
    QCPGraph* graph = plot_->addGraph(predictedAxis, observedAxis);
    graph->setName(name);
    graph->setObjectName(objectName);
    graph->setPen(QPen(color, 2));
    graph->setScatterStyle(QCPScatterStyle(shape, color, Qt::white, 7));
    graph->setData(x, y, true);
    graph->addToLegend(reliabilityLegend);
  };
  addReliability(sigmoidBins_, kSigmoidColor, QCPScatterStyle::ssSquare, tr("sigmoid"),
                 QStringLiteral("sigmoidReliability"));
  addReliability(gbrBins_, kGbrColor, QCPScatterStyle::ssCircle, tr("gradient-boosted mapping"),
                 QStringLiteral("gbrReliability"));

  zLo_ = zLo;
  zHi_ = zHi;
  resetView();
  messageLabel_->hide();
  plot_->show();
  exportButton_->setEnabled(true);
  return true;
}

void MappingPlotPanel::buildLayout() {
  QCPLayoutGrid* root = plot_->plotLayout();
  root->clear();
  root->addElement(
      0, 0, new QCPTextElement(plot_, QString(), QFont(plot_->font().family(), 11, QFont::Bold)));
  auto* grid = new QCPLayoutGrid;
  root->addElement(1, 0, grid);
  root->setRowStretchFactor(0, 0.01);
  curveRect_ = addAxisRect(plot_, grid, 0, tr("Mapping: standardised score → probability"),
                           tr("standardised score z"), tr("probability"));
  reliabilityRect_ =
      addAxisRect(plot_, grid, 1, tr("Reliability: training cells (single-label images)"),
                  tr("predicted probability (bins of 0.1)"), tr("observed frequency of target 1"));
  reliabilityRect_->axis(QCPAxis::atRight)->setTickLabels(true);
  grid->setRowStretchFactor(0, 0.01);
}

void MappingPlotPanel::resetView() {
  if (!curveRect_ || !reliabilityRect_) return;
  QCPAxisRect* curveRect = curveRect_;
  QCPAxisRect* reliabilityRect = reliabilityRect_;
  curveRect->axis(QCPAxis::atBottom)->setRange(zLo_, zHi_);
  curveRect->axis(QCPAxis::atLeft)->setRange(-0.08, 1.08);
  reliabilityRect->axis(QCPAxis::atBottom)->setRange(0.0, 1.0);
  reliabilityRect->axis(QCPAxis::atLeft)->setRange(-0.02, 1.02);
  int maxCount = 1;
  for (const auto* bins : {&gbrBins_, &sigmoidBins_})
    for (const ReliabilityBin& b : *bins) maxCount = std::max(maxCount, b.count);
  reliabilityRect->axis(QCPAxis::atRight)->setRange(0.0, maxCount * 1.1);
  plot_->replot();
}

void MappingPlotPanel::showBinToolTip(QMouseEvent* event) {
  if (!reliabilityRect_ || gbrBins_.size() != static_cast<size_t>(kReliabilityBins)) return;
  QCPAxisRect* rect = reliabilityRect_;
  const QPointF pos = event->position();
  if (!rect->rect().contains(pos.toPoint())) {
    QToolTip::hideText();
    return;
  }
  const double p = rect->axis(QCPAxis::atBottom)->pixelToCoord(pos.x());
  if (p < 0.0 || p > 1.0) return;
  const int b =
      std::clamp(static_cast<int>(std::floor(p * kReliabilityBins)), 0, kReliabilityBins - 1);
  const ReliabilityBin& g = gbrBins_[b];
  const ReliabilityBin& s = sigmoidBins_[b];
  const QString text =
      tr("predicted %1–%2\nGBR: %3 cells, observed %4\nsigmoid: %5 cells, observed %6")
          .arg(g.lower, 0, 'f', 1)
          .arg(g.upper, 0, 'f', 1)
          .arg(g.count)
          .arg(g.count ? QString::number(g.observed, 'f', 3) : tr("–"))
          .arg(s.count)
          .arg(s.count ? QString::number(s.observed, 'f', 3) : tr("–"));
  QToolTip::showText(event->globalPosition().toPoint(), text, plot_);
}

void MappingPlotPanel::showContextMenu(const QPoint& pos) {
  if (!curveRect_) return;
  QMenu menu(this);
  menu.addAction(tr("Export as PNG…"), this, [this]() { exportWithDialog(QStringLiteral("png")); });
  menu.addAction(tr("Export as PDF…"), this, [this]() { exportWithDialog(QStringLiteral("pdf")); });
  menu.addSeparator();
  menu.addAction(tr("Reset view"), this, &MappingPlotPanel::resetView);
  menu.exec(plot_->mapToGlobal(pos));
}

void MappingPlotPanel::exportWithDialog(const QString& suffix) {
  const QString filter = suffix == QLatin1String("pdf") ? tr("PDF document (*.pdf)")
                         : suffix == QLatin1String("png")
                             ? tr("PNG image (*.png)")
                             : tr("PNG image (*.png);;PDF document (*.pdf)");
  QString base = displayName_;
  base.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]+")), QStringLiteral("_"));
  const QString suggested =
      base + QStringLiteral("_mapping.") + (suffix.isEmpty() ? QStringLiteral("png") : suffix);
  QString selected;
  QString file =
      QFileDialog::getSaveFileName(this, tr("Export mapping plots"), suggested, filter, &selected);
  if (file.isEmpty()) return;
  if (QFileInfo(file).suffix().isEmpty())
    file +=
        selected.contains(QLatin1String("pdf")) ? QStringLiteral(".pdf") : QStringLiteral(".png");
  QString error;
  if (!exportPlot(file, &error)) QToolTip::showText(QCursor::pos(), error, this);
}

bool MappingPlotPanel::exportPlot(const QString& file, QString* error) {
  auto fail = [error](const QString& message) {
    if (error) *error = message;
    return false;
  };
  if (!curveRect_)
    return fail(tr("%1: there is no mapping plot to export; choose a model first.").arg(file));
  const QString suffix = QFileInfo(file).suffix().toLower();
  QByteArray bytes;
  if (suffix == QLatin1String("png")) {
    const QPixmap pixmap = plot_->toPixmap(kExportWidth, kExportHeight, 1.0);
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (pixmap.isNull() || !pixmap.save(&buffer, "PNG"))
      return fail(tr("%1: could not render the plot as PNG; try PDF instead.").arg(file));
  } else if (suffix == QLatin1String("pdf")) {
    // QCustomPlot writes PDFs only to files: render to a private temporary file first.
    QTemporaryDir tmp;
    const QString tmpFile = tmp.filePath(QStringLiteral("plot.pdf"));
    QFile pdf(tmpFile);
    if (!tmp.isValid() || !plot_->savePdf(tmpFile, kExportWidth, kExportHeight) ||
        !pdf.open(QIODevice::ReadOnly))
      return fail(tr("%1: could not render the plot as PDF (temporary folder %2 not writable); "
                     "free space or set TMPDIR.")
                      .arg(file, tmp.path()));
    bytes = pdf.readAll();
  } else {
    return fail(tr("%1: unknown plot format \"%2\"; use a file name ending in .png or .pdf.")
                    .arg(file, suffix));
  }
  try {
    cellcam::writeFileAtomically(file.toStdString(),
                                 std::string_view(bytes.constData(), bytes.size()));
  } catch (const std::exception& e) {
    return fail(QString::fromStdString(e.what()));
  }
  return true;
}

}  // namespace cellcam::ui
