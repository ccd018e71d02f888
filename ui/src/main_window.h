#pragma once
// The studio's main window: the image viewer (and the all-classes CAM grid) in the centre,
// panels in docks around it (dataset, channels, cells, mapping plots, 3D CAM view, jobs).
// The layout of the docks is saved in QSettings.

#include <memory>

#include <QFutureWatcher>
#include <QImage>
#include <QMainWindow>
#include <QString>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QListWidget;
class QProgressBar;
class QSlider;
class QTabWidget;
class QTimer;

namespace cellcam::ui {

class CamGridView;
class CamSurfaceView;
class CellPanel;
class ChannelPanel;
class DatasetModel;
class DatasetPanel;
class ImageAnalysis;
class ImageViewer;
class JobManager;
class JobsPanel;
class MappingPlotPanel;
class TrainingMonitor;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  /// Opens a dataset folder in the Kaggle layout. On failure keeps the current dataset, shows
  /// the error (in a message box when `interactive`, always in the status bar) and returns
  /// false. GUI thread only.
  bool openDataset(const QString& folder, bool interactive = true);
  /// Starts loading a CAM model file (.pt) and its GBR mapping file when there is one; the CAMs
  /// of the shown image follow. Returns false (with the error shown as for openDataset()) when
  /// the file does not exist; a file that cannot be loaded is reported when loading fails.
  bool openModel(const QString& file, bool interactive = true);
  /// Reopens the model of the last session when its file still exists (the studio's start-up).
  void restoreSession();
  /// Reads a submission CSV in the background and shows, for every image of the open dataset
  /// that it lists, the classes with at least one cell above confidence 0.5 as its predicted
  /// labels; emits submissionLoaded() or shows the error as for openDataset().
  void loadSubmission(const QString& file, bool interactive = true);

  DatasetModel* datasetModel() const { return model_; }
  DatasetPanel* datasetPanel() const { return datasetPanel_; }
  ImageViewer* viewer() const { return viewer_; }
  ImageAnalysis* analysis() const { return analysis_; }
  CellPanel* cellPanel() const { return cellPanel_; }
  ChannelPanel* channelPanel() const { return channelPanel_; }
  CamGridView* camGrid() const { return camGrid_; }
  MappingPlotPanel* mappingPlots() const { return mappingPlots_; }
  CamSurfaceView* camSurface() const { return camSurface_; }
  QTabWidget* centralTabs() const { return tabs_; }
  QComboBox* classChooser() const { return classChooser_; }
  QSlider* opacitySlider() const { return opacity_; }
  QAction* overlayAction() const { return overlayAction_; }
  QDockWidget* jobsDock() const { return jobsDock_; }
  /// Every long task of the window (training, export) runs here.
  JobManager* jobs() const { return jobs_; }
  JobsPanel* jobsPanel() const { return jobsPanel_; }
  TrainingMonitor* trainingMonitor() const { return trainingMonitor_; }
  QDockWidget* trainingDock() const { return trainingDock_; }
  /// The folder of the open dataset (empty before one is opened).
  const QString& datasetFolder() const { return datasetFolder_; }
  /// Opens the training dialog for the open dataset (Run > Train Model).
  void showTrainingDialog();
  /// Opens the submission export dialog (Run > Export Submission CSV).
  void showExportDialog();
  /// Every menu action with a shortcut and its keys, as an HTML table (Help > Keyboard
  /// Shortcuts).
  QString shortcutSummary() const;
  /// The busy text shown in the status bar ("" when idle).
  QString busyText() const;
  /// The class whose CAM is shown.
  int currentClass() const;
  /// The last error shown to the user (empty if none).
  const QString& lastError() const { return lastError_; }

 Q_SIGNALS:
  /// A submission was read; `images` of the open dataset got predicted labels from it.
  void submissionLoaded(int images);

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void createDocks();
  void createToolBar();
  void createActions();
  void chooseDataset();
  void chooseModel();
  void chooseSubmission();
  void showImage(int row);
  void showError(const QString& title, const QString& message, bool interactive);
  void onImageLoaded();
  void onCamsReady();
  void updateOverlay();
  void updateSurface();
  void rebuildSurface();
  void updateThumbnail();
  void showCellHover(int id, const QPoint& globalPos);
  void selectCellFromViewer(int id);
  void stepClass(int step);
  QDockWidget* addDock(const QString& title, const QString& objectName, QWidget* widget,
                       Qt::DockWidgetArea area);

  DatasetModel* model_;
  DatasetPanel* datasetPanel_;
  ImageAnalysis* analysis_;
  QTabWidget* tabs_;
  ImageViewer* viewer_;
  CamGridView* camGrid_;
  ChannelPanel* channelPanel_;
  CellPanel* cellPanel_;
  MappingPlotPanel* mappingPlots_;
  CamSurfaceView* camSurface_;
  JobManager* jobs_;
  JobsPanel* jobsPanel_;
  TrainingMonitor* trainingMonitor_;
  QDockWidget* trainingDock_ = nullptr;
  QString datasetFolder_;
  QString modelFile_;
  QDockWidget* datasetDock_ = nullptr;
  QDockWidget* channelDock_ = nullptr;
  QDockWidget* cellDock_ = nullptr;
  QDockWidget* plotDock_ = nullptr;
  QDockWidget* surfaceDock_ = nullptr;
  QDockWidget* jobsDock_ = nullptr;
  QComboBox* classChooser_;
  QSlider* opacity_;
  QAction* overlayAction_ = nullptr;
  QLabel* modelLabel_;
  QLabel* datasetLabel_;
  QLabel* busyLabel_;
  QProgressBar* busyBar_;
  QTimer* thumbnailTimer_;
  QTimer* surfaceTimer_;
  QImage thumbnail_;
  QByteArray defaultState_;
  int currentRow_ = -1;
  bool modelInteractive_ = false;
  QString lastError_;
  struct SubmissionLabels;
  QFutureWatcher<std::shared_ptr<SubmissionLabels>> submissionWatcher_;
  bool submissionInteractive_ = false;
};

}  // namespace cellcam::ui
