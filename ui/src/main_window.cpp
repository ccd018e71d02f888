#include "main_window.h"

#include <algorithm>
#include <map>

#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
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
#include "cellcam/image_io.h"
#include "cellcam/mapping.h"
#include "cellcam/project.h"
#include "cellcam/runtime.h"
#include "cellcam/segmentation.h"
#include "cellcam/submission.h"

#include "about_dialog.h"
#include "annotation_panel.h"
#include "cam_grid_view.h"
#include "cam_surface_view.h"
#include "cell_panel.h"
#include "channel_panel.h"
#include "class_text.h"
#include "dataset_model.h"
#include "dataset_panel.h"
#include "ensemble_dialog.h"
#include "export_dialog.h"
#include "fit_mapping_dialog.h"
#include "form_support.h"
#include "image_analysis.h"
#include "image_viewer.h"
#include "job_manager.h"
#include "jobs_panel.h"
#include "mapping_plot_panel.h"
#include "review_queue.h"
#include "run_history_panel.h"
#include "segment_dialog.h"
#include "settings_dialog.h"
#include "training_dialog.h"
#include "training_monitor.h"

namespace cellcam::ui {
/// A project kept open for the run history of the runs started in it.
struct MainWindow::Recorder {
  std::shared_ptr<Project> project;
  ProjectRunRecorder recorder;
  Recorder(std::shared_ptr<Project> p, std::function<void()> changed)
      : project(std::move(p)), recorder(*project, std::move(changed)) {}
};

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
  annotationPanel_ = new AnnotationPanel(this);
  reviewPanel_ = new ReviewQueuePanel(this);
  runHistory_ = new RunHistoryPanel(this);
  updateTitle();
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
  connect(analysis_, &ImageAnalysis::cellsReady, this, &MainWindow::onCellsReady);
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
    rememberCellTable(analysis_->imageId(), analysis_->cellTable());
    onSelectionChanged();  // the predicted labels for Accept predicted
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
    cellTables_.clear();
    cellPanel_->setTable(nullptr, tr("Computing the cells' probabilities…"));
    QString error;
    // The mapping ImageAnalysis read on its worker; without one the panel reads the file to
    // say why (missing or bad).
    if (!mappingPlots_->setModel(info.fileName(), file.toStdString(), MappingConfig{}, &error,
                                 analysis_->mapping()))
      statusBar()->showMessage(error, 8000);
    else
      statusBar()->showMessage(tr("Opened model %1").arg(file), 5000);
  });
  connect(analysis_, &ImageAnalysis::modelFailed, this, [this](const QString& error) {
    showError(tr("Cannot open model"), error, modelInteractive_);
  });

  connect(viewer_, &ImageViewer::cellClicked, this, &MainWindow::selectCellFromViewer);
  connect(viewer_, &ImageViewer::cellHovered, this, &MainWindow::showCellHover);
  connect(cellPanel_, &CellPanel::cellSelected, this, [this](int id) {
    viewer_->setSelectedCell(id);
    onSelectionChanged();
  });
  connect(viewer_, &ImageViewer::selectionChanged, this, &MainWindow::onSelectionChanged);
  connect(annotationPanel_, &AnnotationPanel::annotationsChanged, this, [this](const QString&) {
    updateAnnotationMarks();
    refreshEvaluation();
  });
  connect(annotationPanel_, &AnnotationPanel::errorOccurred, this,
          [this](const QString& error) { statusBar()->showMessage(error, 10000); });
  connect(reviewPanel_, &ReviewQueuePanel::cellActivated, this,
          [this](const QString& imageId, int cellId) { showCell(imageId, cellId); });
  connect(runHistory_, &RunHistoryPanel::openModelRequested, this,
          [this](const QString& file) { openModel(file); });
  connect(runHistory_, &RunHistoryPanel::resumeRequested, this,
          [this](const QString& runDir) { showResumeDialog(runDir); });
  connect(trainingMonitor_, &TrainingMonitor::resumed, this,
          [this](int jobId) { trainingStarted(jobId, trainingMonitor_->runDir()); });
  connect(jobs_, &JobManager::jobFinished, this, [this](int id) {
    if (trainingRuns_.erase(id)) updateActiveTrainingRuns();
  });
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
  annotationDock_ = addDock(tr("Annotation"), QStringLiteral("annotationDock"), annotationPanel_,
                            Qt::RightDockWidgetArea);
  reviewDock_ = addDock(tr("Review Queue"), QStringLiteral("reviewDock"), reviewPanel_,
                        Qt::BottomDockWidgetArea);
  tabifyDockWidget(cellDock_, annotationDock_);
  tabifyDockWidget(plotDock_, jobsDock_);
  tabifyDockWidget(jobsDock_, trainingDock_);
  runHistoryDock_ = addDock(tr("Run History"), QStringLiteral("runHistoryDock"), runHistory_,
                            Qt::BottomDockWidgetArea);
  tabifyDockWidget(trainingDock_, reviewDock_);
  tabifyDockWidget(reviewDock_, runHistoryDock_);
  cellDock_->raise();
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
  QAction* newProjectAction =
      file->addAction(tr("&New Project…"), this, &MainWindow::chooseNewProject);
  newProjectAction->setShortcut(QKeySequence::New);
  QAction* openProjectAction =
      file->addAction(tr("Open &Project…"), this, &MainWindow::chooseProject);
  openProjectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_O));
  QAction* closeProjectAction =
      file->addAction(tr("&Close Project"), this, &MainWindow::closeProject);
  projectActions_ << closeProjectAction;
  file->addSeparator();
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
  actualSizeAction_ =
      image->addAction(tr("&Actual Size (1:1)"), viewer_, &ImageViewer::showActualSize);
  actualSizeAction_->setShortcut(QKeySequence(Qt::Key_1));
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
  bf16Action_ = cam->addAction(tr("Fast CAMs (&bf16)"));
  bf16Action_->setCheckable(true);
  if (cpuHasBf16()) {
    bf16Action_->setToolTip(
        tr("Compute the CAMs in bfloat16 (measured 2.5x faster with AVX-512 BF16), "
           "CAM values within about 1% of fp32"));
    bf16Action_->setChecked(QSettings().value(QStringLiteral("cams/bf16"), false).toBool());
  } else {
    bf16Action_->setEnabled(false);
    bf16Action_->setToolTip(
        tr("This CPU has no native bfloat16 kernels (AVX-512 BF16 or AMX): bf16 would be slower"));
  }
  bf16Action_->setStatusTip(bf16Action_->toolTip());
  analysis_->setPrecision(bf16Action_->isChecked() ? QStringLiteral("bf16")
                                                   : QStringLiteral("fp32"));
  connect(bf16Action_, &QAction::toggled, this, [this](bool on) {
    QSettings().setValue(QStringLiteral("cams/bf16"), on);
    analysis_->setPrecision(on ? QStringLiteral("bf16") : QStringLiteral("fp32"));
  });

  QMenu* annotate = menuBar()->addMenu(tr("&Annotate"));
  annotateModeAction_ = annotate->addAction(tr("Annotation &Mode"));
  annotateModeAction_->setCheckable(true);
  annotateModeAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
  annotateModeAction_->setToolTip(
      tr("Class hotkeys, Return, Delete and A annotate the selected cells from anywhere in "
         "the window"));
  connect(annotateModeAction_, &QAction::toggled, this, &MainWindow::setAnnotateMode);
  annotate->addSeparator();
  annotate->addAction(annotationPanel_->undoAction());
  annotate->addAction(annotationPanel_->redoAction());
  annotate->addSeparator();
  annotate->addAction(annotationPanel_->setAction());
  annotate->addAction(annotationPanel_->clearAction());
  annotate->addAction(annotationPanel_->acceptAction());
  annotate->addSeparator();
  QAction* review = annotate->addAction(tr("&Predict Cells for Review"), this,
                                        [this]() { predictCellsForReview(); });
  review->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
  review->setToolTip(
      tr("Predict every cell of the dataset with the open model and list the "
         "cells to check first"));
  annotate->addSeparator();
  QAction* importCsv = annotate->addAction(tr("&Import Annotations CSV…"), this, [this]() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Import Annotations"),
                                                      projectFolder(), tr("CSV files (*.csv)"));
    if (!file.isEmpty()) importAnnotations(file);
  });
  QAction* exportCsv = annotate->addAction(tr("&Export Annotations CSV…"), this, [this]() {
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export Annotations"), projectFolder() + QStringLiteral("/annotations.csv"),
        tr("CSV files (*.csv)"));
    if (!file.isEmpty()) exportAnnotations(file);
  });
  projectActions_ << importCsv << exportCsv;

  QMenu* view = menuBar()->addMenu(tr("&View"));
  const QList<QDockWidget*> docks{datasetDock_,    channelDock_, cellDock_,
                                  plotDock_,       surfaceDock_, jobsDock_,
                                  annotationDock_, reviewDock_,  runHistoryDock_};
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
  run->addAction(tr("&Segment Dataset…"), this, [this]() { showSegmentDialog(); });
  run->addAction(tr("&Fit Mapping…"), this, [this]() { showFitMappingDialog(); });
  run->addAction(tr("&Compose Ensemble…"), this, [this]() { showEnsembleDialog(); });
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
  for (QAction* action : projectActions_) action->setEnabled(false);
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
  QSettings settings;
  const QString last = settings.value(QStringLiteral("lastModel")).toString();
  if (!last.isEmpty() && QFileInfo(last).isFile()) openModel(last, false);
  const QString lastProject = settings.value(QStringLiteral("lastProject")).toString();
  if (!lastProject.isEmpty() &&
      QFileInfo(QDir(lastProject).filePath(QString::fromLatin1(Project::kDatabaseName))).isFile())
    openProject(lastProject, false);
}

// ---- Projects and annotation ------------------------------------------------------------------

std::string MainWindow::studioSegmentationKey() {
  // ImageAnalysis segments with the built-in segmenter's defaults (segmentImage()).
  static const std::string key = "builtin:" + SegmentationConfig{}.toJson();
  return key;
}

QString MainWindow::projectFolder() const {
  return project_ ? QString::fromStdString(project_->folder().string()) : QString();
}

RunRecorder* MainWindow::runRecorder() const {
  if (!project_) return nullptr;
  for (const auto& entry : recorders_)
    if (entry->project == project_) return &entry->recorder;
  return nullptr;
}

void MainWindow::chooseNewProject() {
  if (datasetFolder_.isEmpty()) {
    showError(tr("New Project"),
              tr("Open a dataset first (File > Open Dataset); a project annotates the cells of "
                 "one dataset."),
              true);
    return;
  }
  const QString folder = QFileDialog::getExistingDirectory(
      this, tr("New Project: choose an empty folder"), QFileInfo(datasetFolder_).absolutePath());
  if (!folder.isEmpty()) newProject(folder);
}

void MainWindow::chooseProject() {
  const QString folder = QFileDialog::getExistingDirectory(
      this, tr("Open Project"), QSettings().value(QStringLiteral("lastProject")).toString());
  if (!folder.isEmpty()) openProject(folder);
}

bool MainWindow::newProject(const QString& folder, const QString& dataDir, bool interactive) {
  const QString data = dataDir.isEmpty() ? datasetFolder_ : dataDir;
  if (data.isEmpty()) {
    showError(tr("Cannot create project"),
              tr("%1: no dataset is open; open the dataset the project is for first.").arg(folder),
              interactive);
    return false;
  }
  std::shared_ptr<Project> project;
  try {
    project = std::make_shared<Project>(Project::create(folder.toStdString(), data.toStdString()));
  } catch (const std::exception& e) {
    showError(tr("Cannot create project"), QString::fromStdString(e.what()), interactive);
    return false;
  }
  if (QDir(data) != QDir(datasetFolder_) && !openDataset(data, interactive)) return false;
  setProject(std::move(project));
  statusBar()->showMessage(tr("Created project %1").arg(folder), 5000);
  return true;
}

bool MainWindow::openProject(const QString& folder, bool interactive) {
  std::shared_ptr<Project> project;
  try {
    project = std::make_shared<Project>(Project::open(folder.toStdString()));
  } catch (const std::exception& e) {
    showError(tr("Cannot open project"), QString::fromStdString(e.what()), interactive);
    return false;
  }
  // A dataset that moved or vanished is reported, but the project still opens: its
  // annotations stay available (e.g. for export) and another dataset can be opened.
  const QString data = QString::fromStdString(project->dataDir().string());
  const bool datasetOpened =
      data.isEmpty() || QDir(data) == QDir(datasetFolder_) || openDataset(data, interactive);
  setProject(std::move(project));
  if (datasetOpened) statusBar()->showMessage(tr("Opened project %1").arg(folder), 5000);
  return true;
}

void MainWindow::closeProject() {
  if (!project_) return;
  setProject(nullptr);
  QSettings().remove(QStringLiteral("lastProject"));
  statusBar()->showMessage(tr("Project closed; every annotation is saved."), 5000);
}

void MainWindow::setProject(std::shared_ptr<Project> project) {
  project_ = std::move(project);
  if (project_ && !runRecorder()) {
    Project* recorded = project_.get();
    recorders_.push_back(std::make_unique<Recorder>(project_, [this, recorded]() {
      if (project_.get() == recorded) runHistory_->refresh();
    }));
  }
  annotationPanel_->setProject(project_.get());
  for (QAction* action : projectActions_) action->setEnabled(project_ != nullptr);
  trainingMonitor_->setRunRecorder(runRecorder());
  runHistory_->setProject(project_.get());
  if (project_) {
    QSettings().setValue(QStringLiteral("lastProject"), projectFolder());
    onCellsReady();  // record the shown image's cells and show its annotations
  }
  onSelectionChanged();
  updateAnnotationMarks();
  refreshEvaluation();
  updateTitle();
  Q_EMIT projectChanged(projectFolder());
}

void MainWindow::updateTitle() {
  setWindowTitle(project_ ? tr("%1 — CellCAM Studio").arg(QFileInfo(projectFolder()).fileName())
                          : tr("CellCAM Studio"));
}

void MainWindow::onCellsReady() {
  const auto cells = analysis_->cells();
  if (!cells) return;
  viewer_->setCells(cells);
  updateSurface();
  // Annotations name cells by id, so the project learns the cells of every image shown.
  const std::string id = analysis_->imageId().toStdString();
  if (project_ && project_->hasImage(id) &&
      project_->segmentationKey(id) != studioSegmentationKey()) {
    try {
      // The layout's areas and centroids (traced on the worker): no pass over the pixels here.
      std::vector<ProjectCell> described;
      described.reserve(cells->cells.size());
      for (const CellShape& cell : cells->cells)
        described.push_back({cell.id, cell.area, cell.center.x() - 0.5, cell.center.y() - 0.5});
      project_->setCells(id, studioSegmentationKey(), described);
    } catch (const std::exception& e) {
      statusBar()->showMessage(QString::fromStdString(e.what()), 10000);
    }
  }
  if (!pendingCellImage_.isEmpty() && pendingCellImage_ == analysis_->imageId()) {
    viewer_->setSelectedCell(pendingCell_);
    cellPanel_->selectCell(pendingCell_);
    pendingCellImage_.clear();
    pendingCell_ = 0;
  }
  onSelectionChanged();
  updateAnnotationMarks();
}

void MainWindow::onSelectionChanged() {
  const QList<int> ids = viewer_->selectedCells();
  QMap<int, QList<int>> predicted;
  if (const auto table = analysis_->cellTable())
    for (int id : ids) {
      const int row = table->rowOf(id);
      if (row < 0) continue;
      QList<int> labels;
      for (int c = 0; c < table->numClasses; ++c)
        if (table->final[static_cast<std::size_t>(row) *
                             static_cast<std::size_t>(table->numClasses) +
                         static_cast<std::size_t>(c)] >= 0.5f)
          labels.append(c);
      predicted.insert(id, labels);
    }
  annotationPanel_->setSelectedCells(analysis_->imageId(), ids, predicted);
}

void MainWindow::updateAnnotationMarks() {
  viewer_->setAnnotatedCells(project_ ? annotationPanel_->annotatedCells(analysis_->imageId())
                                      : QSet<int>{});
}

void MainWindow::rememberCellTable(const QString& imageId, std::shared_ptr<const CellTable> table) {
  if (imageId.isEmpty() || !table) return;
  cellTables_[imageId] = std::move(table);
  refreshEvaluation();
}

void MainWindow::refreshEvaluation() {
  annotationPanel_->clearEvaluation();
  if (!project_) return;
  try {
    const AnnotationMap annotations = studioAnnotations();
    if (annotations.empty()) return;
    std::vector<CellPrediction> predictions;
    for (const auto& [imageId, cells] : annotations) {
      const auto found = cellTables_.find(QString::fromStdString(imageId));
      if (found == cellTables_.end()) continue;
      const CellTable& table = *found->second;
      for (const auto& [cellId, labels] : cells) {
        const int row = table.rowOf(cellId);
        if (row < 0) continue;
        const auto begin =
            table.final.begin() + static_cast<std::ptrdiff_t>(row) * table.numClasses;
        predictions.push_back(
            {imageId, cellId, std::vector<float>(begin, begin + table.numClasses)});
      }
    }
    annotationPanel_->setEvaluation(evaluateAnnotatedCells(predictions, annotations));
  } catch (const std::exception& e) {
    statusBar()->showMessage(QString::fromStdString(e.what()), 10000);
  }
}

void MainWindow::setAnnotateMode(bool on) {
  if (annotateModeAction_->isChecked() != on) {
    annotateModeAction_->setChecked(on);  // comes back here through toggled()
    return;
  }
  annotationPanel_->setShortcutContext(on ? Qt::WindowShortcut : Qt::WidgetWithChildrenShortcut);
  // The class hotkeys 1 and O would be ambiguous with these view shortcuts.
  actualSizeAction_->setShortcut(on ? QKeySequence() : QKeySequence(Qt::Key_1));
  overlayAction_->setShortcut(on ? QKeySequence() : QKeySequence(Qt::Key_O));
  if (on) {
    annotationDock_->show();
    annotationDock_->raise();
    statusBar()->showMessage(
        tr("Annotation mode: click cells (Ctrl+click for several), toggle classes with 1-9, 0 "
           "and Q-O, Return sets, Delete clears, A accepts the prediction."),
        10000);
  }
}

bool MainWindow::annotateMode() const { return annotateModeAction_->isChecked(); }

bool MainWindow::showCell(const QString& imageId, int cellId) {
  const int row = model_->rowOfId(imageId);
  if (row < 0) {
    statusBar()->showMessage(tr("Image %1 is not in the open dataset.").arg(imageId), 8000);
    return false;
  }
  pendingCellImage_ = imageId;
  pendingCell_ = cellId;
  if (analysis_->imageId() == imageId && analysis_->cells()) {
    onCellsReady();
  } else {
    datasetPanel_->selectSourceRow(row);
    if (currentRow_ != row) showImage(row);  // filtered out
  }
  return true;
}

int MainWindow::predictCellsForReview() {
  if (datasetFolder_.isEmpty()) {
    showError(tr("Predict Cells"), tr("Open a dataset first."), false);
    return 0;
  }
  const ImageAnalysis::CellPredictor predict = analysis_->cellPredictor();
  if (!predict) {
    showError(tr("Predict Cells"), tr("Open a model first (File > Open Model)."), false);
    return 0;
  }
  struct Result {
    std::vector<std::pair<QString, std::shared_ptr<const CellTable>>> tables;
    std::vector<CellReviewRecord> records;
  };
  auto result = std::make_shared<Result>();
  const Dataset dataset = model_->dataset();
  const int generation = analysis_->modelGeneration();
  const int jobId = jobs_->submit(
      tr("Predicting the cells of %n image(s)", nullptr, static_cast<int>(dataset.images().size())),
      [dataset, predict, result](Progress& progress, const CancelToken& cancel) {
        const auto& images = dataset.images();
        for (std::size_t i = 0; i < images.size(); ++i) {
          cancel.throwIfCancelled();
          const ImageRecord& image = images[i];
          progress.report({static_cast<double>(i) / static_cast<double>(images.size()),
                           "image " + image.id,
                           {}});
          const auto table = predict(readChannels(dataset, image));
          const QString id = QString::fromStdString(image.id);
          result->tables.emplace_back(id, table);
          const auto n = static_cast<std::size_t>(table->numClasses);
          for (std::size_t row = 0; row < table->cellIds.size(); ++row) {
            CellReviewRecord record;
            record.imageId = id;
            record.cellId = table->cellIds[row];
            const auto slice = [&](const std::vector<float>& v) {
              return std::vector<float>(v.begin() + static_cast<std::ptrdiff_t>(row * n),
                                        v.begin() + static_cast<std::ptrdiff_t>((row + 1) * n));
            };
            record.sigmoid = slice(table->sigmoid);
            // Without a GBR mapping there is one mapping only: nothing to disagree on.
            record.gbr = table->gbr.empty() ? record.sigmoid : slice(table->gbr);
            record.final = slice(table->final);
            if (image.split == Split::Train)
              record.imageLabels = QList<int>(image.labels.begin(), image.labels.end());
            result->records.push_back(std::move(record));
          }
        }
        progress.report({1.0, "done", {}});
      });
  auto connection = std::make_shared<QMetaObject::Connection>();
  *connection = connect(
      jobs_, &JobManager::jobFinished, this,
      [this, jobId, result, generation, connection](int id, JobState state, const QString& error) {
        if (id != jobId) return;
        disconnect(*connection);
        if (state == JobState::Failed) statusBar()->showMessage(error, 10000);
        // A cancelled job's images are kept too: they are complete.
        if (generation == analysis_->modelGeneration())
          for (auto& [imageId, table] : result->tables) cellTables_[imageId] = table;
        reviewPanel_->setRecords(result->records);
        reviewDock_->show();
        reviewDock_->raise();
        refreshEvaluation();
        Q_EMIT reviewReady(static_cast<int>(result->tables.size()));
      });
  jobsDock_->show();
  return jobId;
}

long long MainWindow::importAnnotations(const QString& file, bool interactive) {
  if (!project_) {
    showError(tr("Import Annotations"), tr("Open a project first."), interactive);
    return -1;
  }
  try {
    const long long rows = project_->importAnnotationsCsv(file.toStdString());
    // The undo history refers to states before the import.
    annotationPanel_->setProject(project_.get());
    onSelectionChanged();
    updateAnnotationMarks();
    refreshEvaluation();
    statusBar()->showMessage(
        tr("Imported %n annotated cell(s) from %1.", nullptr, static_cast<int>(rows)).arg(file),
        8000);
    return rows;
  } catch (const std::exception& e) {
    showError(tr("Cannot import annotations"), QString::fromStdString(e.what()), interactive);
    return -1;
  }
}

bool MainWindow::exportAnnotations(const QString& file, bool interactive) {
  if (!project_) {
    showError(tr("Export Annotations"), tr("Open a project first."), interactive);
    return false;
  }
  try {
    project_->exportAnnotationsCsv(file.toStdString());
    statusBar()->showMessage(tr("Exported the annotations to %1.").arg(file), 8000);
    return true;
  } catch (const std::exception& e) {
    showError(tr("Cannot export annotations"), QString::fromStdString(e.what()), interactive);
    return false;
  }
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

TrainingDialog* MainWindow::showTrainingDialog() {
  auto* dialog = new TrainingDialog(*jobs_, runRecorder(), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  if (!datasetFolder_.isEmpty()) dialog->setDataDir(datasetFolder_);
  connect(dialog, &TrainingDialog::runStarted, this,
          [this](int jobId, const QString& dataDir, const QString& runDir) {
            trainingStarted(jobId, runDir);
            trainingMonitor_->watch(jobId, dataDir, runDir);
            trainingDock_->show();
            trainingDock_->raise();
          });
  dialog->open();
  return dialog;
}

TrainingDialog* MainWindow::showResumeDialog(const QString& runDir, bool interactive) {
  const QString config = QDir(runDir).filePath(QStringLiteral("config.json"));
  TrainConfig loaded;
  try {
    loaded = TrainConfig::load(toPath(config));
  } catch (const std::exception& e) {
    showError(tr("Cannot resume the run"), QString::fromStdString(e.what()), interactive);
    return nullptr;
  }
  TrainingDialog* dialog = showTrainingDialog();
  dialog->setConfig(loaded);
  dialog->setRunDir(runDir);
  dialog->setResume(true);
  return dialog;
}

void MainWindow::trainingStarted(int jobId, const QString& runDir) {
  trainingRuns_[jobId] = runDir;
  updateActiveTrainingRuns();
}

void MainWindow::updateActiveTrainingRuns() {
  QStringList dirs;
  for (const auto& [id, dir] : trainingRuns_) dirs << dir;
  runHistory_->setActiveRunDirs(dirs);
}

void MainWindow::showExportDialog() {
  auto* dialog = new ExportDialog(*jobs_, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setRunRecorder(runRecorder());
  if (!datasetFolder_.isEmpty()) dialog->setDataDir(datasetFolder_);
  if (!lastEnsemble_.isEmpty())
    dialog->setSource(ExportDialog::Source::Ensemble, lastEnsemble_);
  else if (!modelFile_.isEmpty())
    dialog->setSource(ExportDialog::Source::Model, modelFile_);
  dialog->open();
}

SegmentDialog* MainWindow::showSegmentDialog() {
  auto* dialog = new SegmentDialog(*jobs_, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setRunRecorder(runRecorder());
  if (!datasetFolder_.isEmpty()) dialog->setDataDir(datasetFolder_);
  connect(dialog, &SegmentDialog::segmentationFinished, this,
          [this](bool, const QString& text) { statusBar()->showMessage(text, 10000); });
  dialog->open();
  return dialog;
}

AnnotationMap MainWindow::studioAnnotations() const {
  if (!project_) return {};
  AnnotationMap annotations = project_->annotationMap();
  // Cell ids of another segmentation would name other cells.
  for (auto it = annotations.begin(); it != annotations.end();) {
    const std::string key = project_->segmentationKey(it->first);
    it = key.empty() || key == studioSegmentationKey() ? std::next(it) : annotations.erase(it);
  }
  return annotations;
}

FitMappingDialog* MainWindow::showFitMappingDialog() {
  auto* dialog = new FitMappingDialog(*jobs_, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  if (!modelFile_.isEmpty()) dialog->setModelFile(modelFile_);
  if (!datasetFolder_.isEmpty()) dialog->setDataDir(datasetFolder_);
  dialog->setRunRecorder(runRecorder());
  if (project_) {
    try {
      dialog->setAnnotations(studioAnnotations(),
                             tr("project %1").arg(QFileInfo(projectFolder()).fileName()));
    } catch (const std::exception& e) {
      statusBar()->showMessage(QString::fromStdString(e.what()), 10000);
    }
  }
  connect(dialog, &FitMappingDialog::mappingFitted, this, [this](const QString& model) {
    // The open model's new mapping: reload so the cells and the plots use it.
    if (!modelFile_.isEmpty() && QFileInfo(model) == QFileInfo(modelFile_))
      openModel(modelFile_, false);
  });
  dialog->open();
  return dialog;
}

EnsembleDialog* MainWindow::showEnsembleDialog() {
  auto* dialog = new EnsembleDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setProject(project_.get());
  QStringList candidates;
  if (!modelFile_.isEmpty()) candidates << modelFile_;
  if (project_) {
    try {
      for (const RunRecord& run : project_->runs()) {
        if (run.kind != "train") continue;
        for (const char* name : {"model.pt", "best.pt"}) {
          const QString file =
              QDir(QString::fromStdString(run.runDir)).filePath(QLatin1String(name));
          if (QFileInfo(file).isFile() && !candidates.contains(file)) candidates << file;
        }
      }
    } catch (const std::exception& e) {
      statusBar()->showMessage(QString::fromStdString(e.what()), 10000);
    }
  }
  dialog->setModelCandidates(candidates);
  connect(dialog, &EnsembleDialog::ensembleSaved, this, [this](const QString& file) {
    lastEnsemble_ = file;
    statusBar()->showMessage(tr("Saved ensemble %1").arg(file), 8000);
  });
  dialog->open();
  return dialog;
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
