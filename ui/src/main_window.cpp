#include "main_window.h"

#include <algorithm>
#include <map>

#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QSlider>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolTip>
#include <QtConcurrent/QtConcurrentRun>

#include "cellcam/classes.h"
#include "cellcam/dataset.h"
#include "cellcam/error.h"
#include "cellcam/mapping.h"
#include "cellcam/submission.h"

#include "about_dialog.h"
#include "cam_grid_view.h"
#include "cam_surface_view.h"
#include "cell_panel.h"
#include "channel_panel.h"
#include "dataset_model.h"
#include "dataset_panel.h"
#include "export_dialog.h"
#include "image_analysis.h"
#include "image_viewer.h"
#include "job_manager.h"
#include "jobs_panel.h"
#include "mapping_plot_panel.h"
#include "settings_dialog.h"
#include "training_dialog.h"
#include "training_monitor.h"

namespace cellcam::ui {
namespace {

QString classLabel(int c) {
  const auto name = className(c);
  return QStringLiteral("%1 %2").arg(c).arg(
      QString::fromUtf8(name.data(), static_cast<int>(name.size())));
}

}  // namespace

/// Predicted labels per image ID read from a submission (or the error).
struct MainWindow::SubmissionLabels {
  std::map<std::string, std::vector<int>> labels;
  QString error;
};

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      model_(new DatasetModel(this)),
      datasetPanel_(new DatasetPanel(model_, this)),
      analysis_(new ImageAnalysis(this)),
      tabs_(new QTabWidget(this)),
      viewer_(new ImageViewer(this)),
      camGrid_(new CamGridView(this)),
      channelPanel_(new ChannelPanel(this)),
      cellPanel_(new CellPanel(this)),
      mappingPlots_(new MappingPlotPanel(this)),
      camSurface_(new CamSurfaceView(this)),
      jobs_(new JobManager(this)),
      jobsPanel_(new JobsPanel(*jobs_, this)),
      trainingMonitor_(new TrainingMonitor(*jobs_, nullptr, this)),
      classChooser_(new QComboBox(this)),
      opacity_(new QSlider(Qt::Horizontal, this)),
      modelLabel_(new QLabel(this)),
      datasetLabel_(new QLabel(this)),
      busyLabel_(new QLabel(this)),
      busyBar_(new QProgressBar(this)),
      thumbnailTimer_(new QTimer(this)),
      surfaceTimer_(new QTimer(this)) {
  setWindowTitle(tr("CellCAM Studio"));
  setWindowIcon(QIcon(QStringLiteral(":/icons/cellcam.svg")));
  setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
  tabs_->addTab(viewer_, tr("Image"));
  tabs_->addTab(camGrid_, tr("All Classes"));
  tabs_->setDocumentMode(true);
  setCentralWidget(tabs_);

  createDocks();
  createToolBar();
  createActions();

  busyBar_->setRange(0, 0);  // indeterminate: CAMs report no fractions
  busyBar_->setMaximumWidth(120);
  busyBar_->setMaximumHeight(fontMetrics().height());
  busyBar_->hide();
  busyLabel_->hide();
  statusBar()->addPermanentWidget(busyLabel_);
  statusBar()->addPermanentWidget(busyBar_);
  statusBar()->addPermanentWidget(modelLabel_);
  statusBar()->addPermanentWidget(datasetLabel_);
  datasetLabel_->setText(tr("No dataset"));
  modelLabel_->setText(tr("No model"));

  connect(datasetPanel_, &DatasetPanel::imageSelected, this, &MainWindow::showImage);
  connect(analysis_, &ImageAnalysis::imageLoaded, this, &MainWindow::onImageLoaded);
  connect(analysis_, &ImageAnalysis::imageFailed, this,
          [this](const QString& error) { viewer_->setFailed(error); });
  connect(analysis_, &ImageAnalysis::cellsReady, this, [this]() {
    viewer_->setCells(analysis_->cells());
    updateSurface();
  });
  connect(analysis_, &ImageAnalysis::cellsFailed, this,
          [this](const QString& error) { statusBar()->showMessage(error); });
  connect(analysis_, &ImageAnalysis::camsReady, this, &MainWindow::onCamsReady);
  connect(analysis_, &ImageAnalysis::camsFailed, this, [this](const QString& error) {
    lastError_ = error;
    statusBar()->showMessage(error);
    camGrid_->setMessage(error);
  });
  connect(analysis_, &ImageAnalysis::cellTableReady, this, [this]() {
    cellPanel_->setTable(analysis_->cellTable());
    cellPanel_->selectCell(viewer_->selectedCell());
  });
  connect(analysis_, &ImageAnalysis::busyChanged, this, [this](const QString& text) {
    busyLabel_->setText(text);
    busyLabel_->setVisible(!text.isEmpty());
    busyBar_->setVisible(!text.isEmpty());
    viewer_->setBusyText(text);
    if (!text.isEmpty() && !analysis_->cams()) camGrid_->setMessage(text);
  });
  connect(analysis_, &ImageAnalysis::modelLoaded, this, [this](const QString& file) {
    const QFileInfo info(file);
    modelLabel_->setText(tr("Model: %1").arg(info.fileName()));
    modelLabel_->setToolTip(file);
    QSettings().setValue(QStringLiteral("lastModel"), file);
    model_->clearPredictions();
    cellPanel_->setTable(nullptr, tr("Computing the cells' probabilities…"));
    QString error;
    if (!mappingPlots_->setModel(info.fileName(), file.toStdString(), MappingConfig{}, &error))
      statusBar()->showMessage(error, 8000);
    else
      statusBar()->showMessage(tr("Opened model %1").arg(file), 5000);
  });
  connect(analysis_, &ImageAnalysis::modelFailed, this, [this](const QString& error) {
    showError(tr("Cannot open model"), error, modelInteractive_);
  });

  connect(viewer_, &ImageViewer::cellClicked, this, &MainWindow::selectCellFromViewer);
  connect(viewer_, &ImageViewer::cellHovered, this, &MainWindow::showCellHover);
  connect(cellPanel_, &CellPanel::cellSelected, viewer_, &ImageViewer::setSelectedCell);
  // The viewer follows a slider at once (its tiles render in the background); the grid's and
  // the 3D view's small composite follow once the slider rests.
  thumbnailTimer_->setSingleShot(true);
  thumbnailTimer_->setInterval(150);
  connect(thumbnailTimer_, &QTimer::timeout, this, &MainWindow::updateThumbnail);
  surfaceTimer_->setSingleShot(true);
  surfaceTimer_->setInterval(50);
  connect(surfaceTimer_, &QTimer::timeout, this, &MainWindow::rebuildSurface);
  connect(channelPanel_, &ChannelPanel::displayChanged, this, [this](const ChannelDisplay& d) {
    viewer_->setDisplay(d);
    thumbnailTimer_->start();
  });
  connect(classChooser_, &QComboBox::currentIndexChanged, this, [this](int) {
    camGrid_->setCurrentClass(currentClass());
    updateOverlay();
    updateSurface();
  });
  connect(camGrid_, &CamGridView::classActivated, classChooser_, &QComboBox::setCurrentIndex);
  connect(opacity_, &QSlider::valueChanged, this, [this](int value) {
    viewer_->setOverlayOpacity(value / 100.0);
    camGrid_->setOverlayOpacity(value / 100.0);
  });
  connect(surfaceDock_, &QDockWidget::visibilityChanged, this, [this](bool visible) {
    if (visible) updateSurface();
  });

  connect(&submissionWatcher_, &QFutureWatcherBase::finished, this, [this]() {
    const auto result = submissionWatcher_.result();
    if (!result->error.isEmpty())
      return showError(tr("Cannot read submission"), result->error, submissionInteractive_);
    int images = 0;
    const auto& records = model_->dataset().images();
    for (std::size_t row = 0; row < records.size(); ++row)
      if (const auto it = result->labels.find(records[row].id); it != result->labels.end()) {
        model_->setPrediction(static_cast<int>(row), it->second);
        ++images;
      }
    statusBar()->showMessage(
        tr("Predicted labels of %n image(s) from the submission.", nullptr, images), 8000);
    Q_EMIT submissionLoaded(images);
  });

  defaultState_ = saveState();
  QSettings settings;
  restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
  restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
  if (!settings.contains(QStringLiteral("mainWindow/geometry"))) resize(1440, 900);
  // Channel display of the last session: per channel "visible contrast gamma".
  const QStringList channels = settings.value(QStringLiteral("display/channels")).toStringList();
  if (channels.size() == 4) {
    ChannelDisplay display;
    for (std::size_t c = 0; c < 4; ++c) {
      const QStringList parts = channels[static_cast<int>(c)].split(QLatin1Char(' '));
      if (parts.size() != 3) continue;
      display.visible[c] = parts[0] == QLatin1String("1");
      display.contrast[c] = std::clamp(parts[1].toDouble(), 0.25, 8.0);
      display.gamma[c] = std::clamp(parts[2].toDouble(), 0.25, 4.0);
    }
    channelPanel_->setDisplay(display);
  }
}

MainWindow::~MainWindow() = default;

QDockWidget* MainWindow::addDock(const QString& title, const QString& objectName, QWidget* widget,
                                 Qt::DockWidgetArea area) {
  auto* dock = new QDockWidget(title, this);
  dock->setObjectName(objectName);
  dock->setWidget(widget);
  addDockWidget(area, dock);
  return dock;
}

void MainWindow::createDocks() {
  datasetDock_ =
      addDock(tr("Dataset"), QStringLiteral("datasetDock"), datasetPanel_, Qt::LeftDockWidgetArea);
  channelDock_ =
      addDock(tr("Channels"), QStringLiteral("channelDock"), channelPanel_, Qt::LeftDockWidgetArea);
  cellDock_ = addDock(tr("Cells"), QStringLiteral("cellDock"), cellPanel_, Qt::RightDockWidgetArea);
  surfaceDock_ =
      addDock(tr("3D CAM"), QStringLiteral("surfaceDock"), camSurface_, Qt::RightDockWidgetArea);
  plotDock_ = addDock(tr("Mapping Plots"), QStringLiteral("plotDock"), mappingPlots_,
                      Qt::BottomDockWidgetArea);
  jobsDock_ = addDock(tr("Jobs"), QStringLiteral("jobsDock"), jobsPanel_, Qt::BottomDockWidgetArea);
  trainingDock_ = addDock(tr("Training"), QStringLiteral("trainingDock"), trainingMonitor_,
                          Qt::BottomDockWidgetArea);
  tabifyDockWidget(plotDock_, jobsDock_);
  tabifyDockWidget(jobsDock_, trainingDock_);
  jobs_->setMaxConcurrentJobs(SettingsDialog::storedMaxConcurrentJobs());
  connect(jobsPanel_, &JobsPanel::statusTextChanged, this,
          [this](const QString& text) { statusBar()->showMessage(text); });
  plotDock_->raise();
  resizeDocks({datasetDock_, cellDock_}, {400, 540}, Qt::Horizontal);
  resizeDocks({datasetDock_, channelDock_}, {560, 200}, Qt::Vertical);
  resizeDocks({cellDock_, surfaceDock_}, {420, 320}, Qt::Vertical);
  resizeDocks({plotDock_}, {260}, Qt::Vertical);
}

void MainWindow::createToolBar() {
  QToolBar* bar = addToolBar(tr("CAM"));
  bar->setObjectName(QStringLiteral("camToolBar"));
  for (int c = 0; c < kNumClasses; ++c) classChooser_->addItem(classLabel(c), c);
  classChooser_->setToolTip(tr("The class whose CAM is shown"));
  classChooser_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  opacity_->setRange(0, 100);
  opacity_->setValue(60);
  opacity_->setMaximumWidth(160);
  opacity_->setToolTip(tr("Opacity of the CAM overlay"));
  bar->addWidget(new QLabel(tr("Class "), this));
  bar->addWidget(classChooser_);
  bar->addSeparator();
  bar->addWidget(new QLabel(tr("Opacity "), this));
  bar->addWidget(opacity_);
}

void MainWindow::createActions() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open = file->addAction(tr("&Open Dataset…"), this, &MainWindow::chooseDataset);
  open->setShortcut(QKeySequence::Open);
  QAction* openModelAction = file->addAction(tr("Open &Model…"), this, &MainWindow::chooseModel);
  openModelAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
  file->addAction(tr("Load &Submission…"), this, &MainWindow::chooseSubmission);
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  QMenu* image = menuBar()->addMenu(tr("&Image"));
  QAction* next =
      image->addAction(tr("&Next Image"), this, [this]() { datasetPanel_->selectRelative(1); });
  next->setShortcut(QKeySequence(Qt::Key_PageDown));
  QAction* previous = image->addAction(tr("&Previous Image"), this,
                                       [this]() { datasetPanel_->selectRelative(-1); });
  previous->setShortcut(QKeySequence(Qt::Key_PageUp));
  image->addSeparator();
  QAction* fit = image->addAction(tr("&Fit to Window"), viewer_, &ImageViewer::fitToWindow);
  fit->setShortcut(QKeySequence(Qt::Key_F));
  QAction* actual =
      image->addAction(tr("&Actual Size (1:1)"), viewer_, &ImageViewer::showActualSize);
  actual->setShortcut(QKeySequence(Qt::Key_1));
  QAction* zoomIn = image->addAction(tr("Zoom &In"), viewer_, &ImageViewer::zoomIn);
  zoomIn->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::Key_Plus)});
  QAction* zoomOut = image->addAction(tr("Zoom &Out"), viewer_, &ImageViewer::zoomOut);
  zoomOut->setShortcuts({QKeySequence::ZoomOut, QKeySequence(Qt::Key_Minus)});
  image->addSeparator();
  QAction* cells = image->addAction(tr("Cell &Outlines"));
  cells->setCheckable(true);
  cells->setChecked(true);
  cells->setShortcut(QKeySequence(Qt::Key_C));
  connect(cells, &QAction::toggled, viewer_, &ImageViewer::setCellsVisible);

  QMenu* cam = menuBar()->addMenu(tr("&CAM"));
  overlayAction_ = cam->addAction(tr("Show &Overlay"));
  overlayAction_->setCheckable(true);
  overlayAction_->setChecked(true);
  overlayAction_->setShortcut(QKeySequence(Qt::Key_O));
  connect(overlayAction_, &QAction::toggled, viewer_, &ImageViewer::setOverlayVisible);
  QAction* nextClass = cam->addAction(tr("N&ext Class"), this, [this]() { stepClass(1); });
  nextClass->setShortcut(QKeySequence(Qt::Key_BracketRight));
  QAction* previousClass = cam->addAction(tr("P&revious Class"), this, [this]() { stepClass(-1); });
  previousClass->setShortcut(QKeySequence(Qt::Key_BracketLeft));
  QAction* grid = cam->addAction(tr("&All Classes"), this, [this]() {
    tabs_->setCurrentWidget(tabs_->currentWidget() == camGrid_ ? static_cast<QWidget*>(viewer_)
                                                               : camGrid_);
  });
  grid->setShortcut(QKeySequence(Qt::Key_G));
  cam->addSeparator();
  QAction* tta = cam->addAction(tr("&Test-Time Augmentation"));
  tta->setCheckable(true);
  tta->setToolTip(tr("Scales 1.0, 1.3, 1.6 with four flips each (12 views) instead of one view"));
  tta->setChecked(QSettings().value(QStringLiteral("cams/tta"), true).toBool());
  analysis_->setTestTimeAugmentation(tta->isChecked());
  connect(tta, &QAction::toggled, this, [this](bool on) {
    QSettings().setValue(QStringLiteral("cams/tta"), on);
    analysis_->setTestTimeAugmentation(on);
  });

  QMenu* view = menuBar()->addMenu(tr("&View"));
  const QList<QDockWidget*> docks{datasetDock_, channelDock_, cellDock_,
                                  plotDock_,    surfaceDock_, jobsDock_};
  for (int i = 0; i < docks.size(); ++i) {
    QAction* toggle = docks[i]->toggleViewAction();
    toggle->setShortcut(QKeySequence(Qt::CTRL | (Qt::Key_1 + i)));
    view->addAction(toggle);
  }
  view->addSeparator();
  QAction* search = view->addAction(tr("&Find Image"), this, [this]() {
    datasetDock_->show();
    datasetPanel_->searchField()->setFocus();
    datasetPanel_->searchField()->selectAll();
  });
  search->setShortcut(QKeySequence::Find);
  view->addAction(tr("&Reset Layout"), this, [this]() { restoreState(defaultState_); });

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  QAction* train = run->addAction(tr("&Train Model…"), this, &MainWindow::showTrainingDialog);
  train->setShortcut(QKeySequence(tr("Ctrl+T")));
  QAction* exportAction =
      run->addAction(tr("&Export Submission CSV…"), this, &MainWindow::showExportDialog);
  exportAction->setShortcut(QKeySequence(tr("Ctrl+E")));
  run->addSeparator();
  run->addAction(tr("&Settings…"), this, [this]() {
    SettingsDialog dialog(this);
    connect(&dialog, &SettingsDialog::maxConcurrentJobsChanged, jobs_,
            &JobManager::setMaxConcurrentJobs);
    dialog.exec();
  });

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&Keyboard Shortcuts"), this, [this]() {
    QMessageBox::information(this, tr("Keyboard Shortcuts"), shortcutSummary());
  });
  help->addAction(tr("&About CellCAM"), this, [this]() { showAboutDialog(this); });
}

void MainWindow::chooseDataset() {
  const QString folder = QFileDialog::getExistingDirectory(
      this, tr("Open Dataset"), QSettings().value(QStringLiteral("lastDataset")).toString());
  if (!folder.isEmpty()) openDataset(folder);
}

void MainWindow::chooseModel() {
  const QString file = QFileDialog::getOpenFileName(
      this, tr("Open Model"), QSettings().value(QStringLiteral("lastModel")).toString(),
      tr("CellCAM models (*.pt);;All files (*)"));
  if (!file.isEmpty()) openModel(file);
}

void MainWindow::chooseSubmission() {
  const QString file = QFileDialog::getOpenFileName(
      this, tr("Load Submission"), QSettings().value(QStringLiteral("lastDataset")).toString(),
      tr("Submissions (*.csv);;All files (*)"));
  if (!file.isEmpty()) loadSubmission(file);
}

void MainWindow::loadSubmission(const QString& file, bool interactive) {
  if (submissionWatcher_.isRunning()) return;
  submissionInteractive_ = interactive;
  submissionWatcher_.setFuture(QtConcurrent::run([path = file.toStdString()]() {
    auto result = std::make_shared<SubmissionLabels>();
    try {
      for (const SubmissionRow& row : readSubmission(path).rows) {
        std::vector<int> labels;
        for (const Instance& instance : row.instances)
          if (instance.confidence > 0.5) labels.push_back(instance.label);
        std::sort(labels.begin(), labels.end());
        labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
        result->labels[row.id] = std::move(labels);
      }
    } catch (const std::exception& e) {
      result->error = QString::fromStdString(e.what());
    }
    return result;
  }));
}

void MainWindow::showError(const QString& title, const QString& message, bool interactive) {
  lastError_ = message;
  statusBar()->showMessage(message);
  if (interactive) QMessageBox::warning(this, title, message);
}

bool MainWindow::openDataset(const QString& folder, bool interactive) {
  try {
    Dataset dataset = Dataset::open(folder.toStdString());
    const auto train = dataset.count(Split::Train), test = dataset.count(Split::Test);
    model_->setDataset(std::move(dataset));
    analysis_->clear();
    viewer_->clear();
    currentRow_ = -1;
    lastError_.clear();
    datasetFolder_ = folder;
    datasetLabel_->setText(tr("%1: %2 train, %3 test images").arg(folder).arg(train).arg(test));
    statusBar()->showMessage(tr("Opened %1").arg(folder), 5000);
    QSettings().setValue(QStringLiteral("lastDataset"), folder);
    datasetPanel_->selectFirstRow();
    return true;
  } catch (const Error& e) {
    showError(tr("Cannot open dataset"), QString::fromStdString(e.what()), interactive);
    return false;
  }
}

bool MainWindow::openModel(const QString& file, bool interactive) {
  if (!QFileInfo(file).isFile()) {
    showError(
        tr("Cannot open model"),
        tr("%1: the model file does not exist; choose a .pt file written by CellCAM.").arg(file),
        interactive);
    return false;
  }
  modelInteractive_ = interactive;
  lastError_.clear();
  modelFile_ = file;
  analysis_->loadModel(file);
  return true;
}

void MainWindow::restoreSession() {
  const QString last = QSettings().value(QStringLiteral("lastModel")).toString();
  if (!last.isEmpty() && QFileInfo(last).isFile()) openModel(last, false);
}

void MainWindow::showImage(int row) {
  if (row < 0 || row >= model_->rowCount()) {
    currentRow_ = -1;
    analysis_->clear();
    viewer_->clear();
    return;
  }
  currentRow_ = row;
  const Dataset& dataset = model_->dataset();
  const ImageRecord& image = dataset.images()[static_cast<std::size_t>(row)];
  viewer_->setLoading(QString::fromStdString(image.id));
  camGrid_->setCams({}, {});
  camGrid_->setMessage(analysis_->hasModel() ? tr("Computing CAMs…")
                                             : tr("Open a model to see the CAMs of all classes."));
  cellPanel_->setTable(nullptr, analysis_->hasModel()
                                    ? tr("Computing the cells' probabilities…")
                                    : tr("Open a model to see the cells' class probabilities."));
  analysis_->showImage(dataset, image);
}

void MainWindow::onImageLoaded() {
  viewer_->setImage(analysis_->imageId(), analysis_->image()->pyramid);
  if (analysis_->cells()) viewer_->setCells(analysis_->cells());
  updateThumbnail();
  if (analysis_->cams()) onCamsReady();
}

void MainWindow::onCamsReady() {
  const auto cams = analysis_->cams();
  if (!cams) return;
  camGrid_->setCams(cams->overlays, cams->imageProbabilities);
  std::vector<int> predicted;
  for (std::size_t c = 0; c < cams->imageProbabilities.size(); ++c)
    if (cams->imageProbabilities[c] > 0.5f) predicted.push_back(static_cast<int>(c));
  if (currentRow_ >= 0) model_->setPrediction(currentRow_, predicted);
  updateOverlay();
  updateSurface();
}

int MainWindow::currentClass() const { return std::max(0, classChooser_->currentIndex()); }

void MainWindow::stepClass(int step) {
  classChooser_->setCurrentIndex((currentClass() + step + kNumClasses) % kNumClasses);
}

void MainWindow::updateOverlay() {
  const auto cams = analysis_->cams();
  const int c = currentClass();
  const bool has = cams && c < static_cast<int>(cams->overlays.size());
  viewer_->setOverlay(has ? cams->overlays[static_cast<std::size_t>(c)] : QImage());
  viewer_->setOverlayMaximum(has ? cams->maxValues[static_cast<std::size_t>(c)] : 0.0);
}

void MainWindow::updateThumbnail() {
  const auto image = analysis_->image();
  if (!image) return;
  const ChannelPyramid& pyramid = *image->pyramid;
  const int level = pyramid.levelAtMost(512);
  thumbnail_ = composeRegion(pyramid, level, QRect(QPoint(0, 0), pyramid.levelSize(level)),
                             channelPanel_->display());
  camGrid_->setImage(thumbnail_);
  updateSurface();
}

void MainWindow::updateSurface() {
  // The VTK scene is rebuilt on the GUI thread (it must be), so a burst of changes (image,
  // cells, CAMs, class) is coalesced into one rebuild, and none happens while the dock is hidden.
  if (surfaceDock_->isVisible()) surfaceTimer_->start();
}

void MainWindow::rebuildSurface() {
  if (!surfaceDock_->isVisible()) return;  // rebuilt when the dock is shown
  const auto cams = analysis_->cams();
  const int c = currentClass();
  if (!cams || c >= static_cast<int>(cams->cams.size())) {
    camSurface_->clear();
    return;
  }
  const auto cells = analysis_->cells();
  camSurface_->setCam(cams->cams[static_cast<std::size_t>(c)], cells ? cells->labels : cv::Mat(),
                      thumbnail_);
}

void MainWindow::showCellHover(int id, const QPoint& globalPos) {
  if (id <= 0) {
    statusBar()->clearMessage();
    QToolTip::hideText();
    return;
  }
  QString text = tr("Cell %1").arg(id);
  if (const auto table = analysis_->cellTable()) {
    const int row = table->rowOf(id);
    if (row >= 0) {
      QStringList parts;
      for (int c : table->topClasses(row, 3))
        parts << tr("%1: %2")
                     .arg(classLabel(c))
                     .arg(double(table->final[static_cast<std::size_t>(row) *
                                                  static_cast<std::size_t>(table->numClasses) +
                                              static_cast<std::size_t>(c)]),
                          0, 'f', 2);
      text = tr("Cell %1 — %2").arg(id).arg(parts.join(QStringLiteral("; ")));
    }
  }
  statusBar()->showMessage(text);
  if (!globalPos.isNull()) QToolTip::showText(globalPos, text, viewer_);
}

void MainWindow::selectCellFromViewer(int id) {
  cellPanel_->selectCell(id);
  if (id > 0) cellDock_->raise();
}

QString MainWindow::shortcutSummary() const {
  QString rows;
  for (QAction* menuAction : menuBar()->actions()) {
    const QMenu* menu = menuAction->menu();
    if (!menu) continue;
    for (const QAction* action : menu->actions())
      if (!action->shortcut().isEmpty())
        rows += QStringLiteral("<tr><td>%1</td><td>&nbsp;&nbsp;%2</td></tr>")
                    .arg(action->text().remove(QLatin1Char('&')).toHtmlEscaped(),
                         action->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped());
  }
  return QStringLiteral("<table>%1</table>").arg(rows);
}

QString MainWindow::busyText() const { return analysis_->busyText(); }

void MainWindow::showTrainingDialog() {
  auto* dialog = new TrainingDialog(*jobs_, nullptr, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  if (!datasetFolder_.isEmpty()) dialog->setDataDir(datasetFolder_);
  connect(dialog, &TrainingDialog::runStarted, this,
          [this](int jobId, const QString& dataDir, const QString& runDir) {
            trainingMonitor_->watch(jobId, dataDir, runDir);
            trainingDock_->show();
            trainingDock_->raise();
          });
  dialog->open();
}

void MainWindow::showExportDialog() {
  auto* dialog = new ExportDialog(*jobs_, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  if (!datasetFolder_.isEmpty()) dialog->setDataDir(datasetFolder_);
  if (!modelFile_.isEmpty()) dialog->setSource(ExportDialog::Source::Model, modelFile_);
  dialog->open();
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!confirmCloseWithJobs(this, *jobs_)) {
    event->ignore();
    return;
  }
  QSettings settings;
  settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("mainWindow/state"), saveState());
  QStringList channels;
  const ChannelDisplay& display = channelPanel_->display();
  for (std::size_t c = 0; c < 4; ++c)
    channels << QStringLiteral("%1 %2 %3")
                    .arg(display.visible[c] ? 1 : 0)
                    .arg(QString::number(display.contrast[c], 'g', 17),
                         QString::number(display.gamma[c], 'g', 17));
  settings.setValue(QStringLiteral("display/channels"), channels);
  event->accept();
}

}  // namespace cellcam::ui
