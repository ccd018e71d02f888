#pragma once
// The studio's main window: the image viewer (and the all-classes CAM grid) in the centre,
// panels in docks around it (dataset, channels, cells, mapping plots, 3D CAM view, jobs).
// The layout of the docks is saved in QSettings.

#include <map>
#include <memory>
#include <vector>

#include <QFutureWatcher>
#include <QImage>
#include <QMainWindow>
#include <QString>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QProgressBar;
class QSlider;
class QTabWidget;
class QTimer;

#include "cellcam/project.h"

namespace cellcam::ui {

class AnnotationPanel;
class CamGridView;
class EnsembleDialog;
class FitMappingDialog;
struct CellTable;
class ProjectRunRecorder;
class ReviewQueuePanel;
class RunHistoryPanel;
class SegmentDialog;
class RunRecorder;
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
class TrainingDialog;
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
  /// The studio's start-up: reopens the last session's model when its file still exists, then
  /// the last project when its database still exists (which opens that project's dataset).
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
  /// CAM > Fast CAMs (bf16): CAMs in bfloat16 (stored as "cams/bf16"; disabled on CPUs
  /// without native bf16 kernels).
  QAction* bf16Action() const { return bf16Action_; }
  QDockWidget* jobsDock() const { return jobsDock_; }
  /// Every long task of the window (training, export) runs here.
  JobManager* jobs() const { return jobs_; }
  JobsPanel* jobsPanel() const { return jobsPanel_; }
  TrainingMonitor* trainingMonitor() const { return trainingMonitor_; }
  QDockWidget* trainingDock() const { return trainingDock_; }
  /// The folder of the open dataset (empty before one is opened).
  const QString& datasetFolder() const { return datasetFolder_; }
  // ---- Projects and annotation --------------------------------------------------------------

  /// Creates a project in `folder` for the dataset in `dataDir` (default: the open dataset),
  /// opens it and the dataset. On failure keeps the current project, shows the error (as for
  /// openDataset()) and returns false.
  bool newProject(const QString& folder, const QString& dataDir = {}, bool interactive = true);
  /// Opens the project in `folder` (its database is checked; a damaged one is backed up and
  /// reported) and its dataset. On failure keeps the current project and returns false. A
  /// dataset that cannot be opened (moved, deleted) is reported, but the project opens anyway.
  bool openProject(const QString& folder, bool interactive = true);
  /// Closes the open project (annotations are already on disk; the undo history is dropped).
  void closeProject();
  /// The open project (null when none). Owned by the window; valid until the next
  /// open/new/closeProject().
  Project* project() const { return project_.get(); }
  /// The open project's folder ("" when none).
  QString projectFolder() const;
  AnnotationPanel* annotationPanel() const { return annotationPanel_; }
  ReviewQueuePanel* reviewPanel() const { return reviewPanel_; }
  QDockWidget* annotationDock() const { return annotationDock_; }
  QDockWidget* reviewDock() const { return reviewDock_; }
  /// The open project's run history (refreshed whenever a run is recorded or updated).
  RunHistoryPanel* runHistoryPanel() const { return runHistory_; }
  QDockWidget* runHistoryDock() const { return runHistoryDock_; }
  /// Annotation mode: the annotation hotkeys (classes, Return, Delete, A, undo/redo) work
  /// anywhere in the window; the view shortcuts they would shadow (1, O) are off meanwhile.
  void setAnnotateMode(bool on);
  bool annotateMode() const;
  QAction* annotateModeAction() const { return annotateModeAction_; }
  /// Starts a job that predicts every cell of every image of the open dataset with the open
  /// model (as the cell table does) and fills the review queue and the annotated-cell
  /// evaluation from the result. Returns the job id, or 0 (error shown) without a dataset or
  /// model.
  int predictCellsForReview();
  /// Shows image `imageId` and selects cell `cellId` once its cells are known (the review
  /// queue's double click). Returns false when the open dataset has no such image.
  bool showCell(const QString& imageId, int cellId);
  /// Imports an annotation CSV into the open project (all rows or none); returns the rows
  /// applied, or -1 with the error shown.
  long long importAnnotations(const QString& file, bool interactive = true);
  /// Exports the project's annotations as CSV; false with the error shown.
  bool exportAnnotations(const QString& file, bool interactive = true);
  /// Where runs are recorded: the open project's history, or null without a project.
  RunRecorder* runRecorder() const;
  /// Recomputes the per-cell evaluation (mAP on annotated cells) from the cell tables known
  /// for the open model and shows it in the annotation dock.
  void refreshEvaluation();
  /// The segmentation key under which the studio records cells in a project ("builtin:" and
  /// the built-in segmenter's default configuration as JSON).
  static std::string studioSegmentationKey();

  /// Opens the training dialog for the open dataset (Run > Train Model). Returns the dialog
  /// (deleted on close).
  TrainingDialog* showTrainingDialog();
  /// Opens the training dialog to resume the run in `runDir` (the run history's Resume): its
  /// config.json, the run folder, Resume ticked and the open dataset; the user starts it.
  /// Returns the dialog, or null with the error shown (as for openDataset()) when config.json
  /// cannot be loaded.
  TrainingDialog* showResumeDialog(const QString& runDir, bool interactive = true);
  /// Opens the submission export dialog (Run > Export Submission CSV).
  void showExportDialog();
  /// Opens the mapping fit dialog for the open model and dataset, with the project's annotated
  /// cells offered (Run > Fit Mapping). When the fit wrote the open model's mapping, the model
  /// is reloaded so the cell table and the plots use it. Returns the dialog (deleted on close).
  FitMappingDialog* showFitMappingDialog();
  /// Opens the dataset segmentation dialog for the open dataset (Run > Segment Dataset): label
  /// images of every image, written by a job. Returns the dialog (deleted on close).
  SegmentDialog* showSegmentDialog();
  /// Opens the ensemble composer with the open model and the project's trained models offered
  /// (Run > Compose Ensemble). Returns the dialog (deleted on close).
  EnsembleDialog* showEnsembleDialog();
  /// The project's annotations made on the studio's segmentation (what the mapping fit and
  /// the evaluation may use), empty without a project.
  AnnotationMap studioAnnotations() const;
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
  /// A project was opened (folder) or closed (empty folder).
  void projectChanged(const QString& folder);
  /// A predictCellsForReview() job ended and its cells (of `images` images) are in the
  /// review queue.
  void reviewReady(int images);

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
  void chooseNewProject();
  void chooseProject();
  void setProject(std::shared_ptr<Project> project);
  void updateTitle();
  void onCellsReady();
  void onSelectionChanged();
  void updateAnnotationMarks();
  void rememberCellTable(const QString& imageId, std::shared_ptr<const CellTable> table);
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
  QAction* bf16Action_ = nullptr;
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

  AnnotationPanel* annotationPanel_;
  ReviewQueuePanel* reviewPanel_;
  QDockWidget* annotationDock_ = nullptr;
  QDockWidget* reviewDock_ = nullptr;
  RunHistoryPanel* runHistory_;
  QDockWidget* runHistoryDock_ = nullptr;
  /// Run folders of the training jobs of this window that have not ended, by job id.
  std::map<int, QString> trainingRuns_;
  void trainingStarted(int jobId, const QString& runDir);
  void updateActiveTrainingRuns();
  QAction* annotateModeAction_ = nullptr;
  QAction* actualSizeAction_ = nullptr;
  QList<QAction*> projectActions_;  ///< Enabled only with a project open.
  std::shared_ptr<Project> project_;
  /// One recorder per project opened in this session, kept (with its project) for the
  /// window's lifetime: a run started in a project records its end there even after the
  /// window moved on to another project.
  struct Recorder;
  std::vector<std::unique_ptr<Recorder>> recorders_;
  /// Cell tables of the open model by image id (the shown images and predictCellsForReview()),
  /// for the annotated-cell evaluation. Cleared when another model is loaded.
  std::map<QString, std::shared_ptr<const CellTable>> cellTables_;
  QString lastEnsemble_;  ///< The ensemble file saved last in this session.
  QString pendingCellImage_;
  int pendingCell_ = 0;
};

}  // namespace cellcam::ui
