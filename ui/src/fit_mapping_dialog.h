#pragma once
// "Fit mapping": fits a model's GBR score-to-probability mapping (cellcam::fitMapping as one
// job) on the single-label training images of a data folder and, optionally, on the project's
// annotated cells; shows progress and a summary, records the run and announces the new file.

#include <memory>

#include <QDialog>
#include <QString>

#include "cellcam/fit_mapping.h"
#include "cellcam/project.h"

#include "form_support.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace cellcam::ui {

class DialogJob;
class JobManager;
class RunRecorder;

/// The fields are every FitMappingOptions setting a user tunes: model file, data folder,
/// optional folder of cell label images, at most N images, TTA (the seed's scales 1.0, 1.3, 1.6
/// with flips, or one unflipped view at scale 1.0), precision, the per-image scaler (standard or
/// robust) and every GbrConfig setting. The mapping file is always mappingFileFor(model) (next
/// to the model); fitMapping() replaces an existing one atomically (GbrMapping::save), so a
/// failed or cancelled fit leaves the old file untouched. The segmentation is the built-in one
/// with its default settings (the studio's), so annotated cell ids from the studio match.
///
/// Fit (startFit()) checks the fields on the GUI thread (the model file and the data folder
/// exist, the model's folder is writable, the settings are in range), then submits ONE job to
/// the JobManager; a refused fit shows one sentence naming the file and what to do, and
/// submits and records nothing. The run is recorded through the RunRecorder (kind
/// "fit-mapping", configJson = the options as JSON, metricsJson = the summary as JSON, status
/// "running" then "finished", "failed" or "cancelled"). GUI thread only.
class FitMappingDialog : public QDialog {
  Q_OBJECT

 public:
  enum class State { Idle, Running, Succeeded, Failed, Cancelled };

  /// `jobs` must outlive the dialog.
  explicit FitMappingDialog(JobManager& jobs, QWidget* parent = nullptr);
  /// Cancels a running fit and waits for it (the old mapping file stays as it was).
  ~FitMappingDialog() override;

  /// The model file (model.pt) whose mapping is fit.
  void setModelFile(const QString& file);
  QString modelFile() const;
  /// The dataset folder in the Kaggle layout (train.csv and train/).
  void setDataDir(const QString& folder);
  QString dataDir() const;
  /// Records each fit in the run history (may be null = not recorded). The recorder must
  /// outlive the dialog.
  void setRunRecorder(RunRecorder* recorder) { recorder_ = recorder; }
  /// The annotated cells the fit may include (e.g. Project::annotationMap()) and where they come
  /// from (shown next to the check box, e.g. the project's folder). The check box "Include N
  /// annotated cells" is enabled and checked when `annotations` holds a cell, else disabled.
  void setAnnotations(cellcam::AnnotationMap annotations, const QString& sourceText);

  /// Fills the fields from `options` (TTA on when it has several scales or flips; its
  /// annotations and output file are ignored).
  void setOptions(const FitMappingOptions& options);
  /// The options the fields describe (not validated), with the annotations when their check
  /// box is checked.
  FitMappingOptions options() const;
  /// The mapping file the fit writes: mappingFileFor(modelFile()) (empty without a model).
  QString mappingFile() const;

  /// Checks the fields and submits the fit as a job. Returns the job id, or 0 when a field is
  /// missing or bad or a fit is already running (the sentence is shown and in resultText()).
  /// The result arrives with fitFinished() (and mappingFitted() on success).
  int startFit();

  State state() const { return state_; }
  int jobId() const;
  /// The last fit's summary (valid when state() is Succeeded).
  const FitMappingSummary& summary() const { return *summary_; }
  /// The summary text after a successful fit, else the one-sentence error or cancel note.
  QString resultText() const { return resultText_; }

  QPushButton* fitButton() const { return fit_; }
  QPushButton* cancelButton() const { return cancel_; }
  QCheckBox* annotationsCheckBox() const { return useAnnotations_; }

 Q_SIGNALS:
  /// A fit wrote `mappingFile` for `modelFile` (absolute paths).
  void mappingFitted(const QString& modelFile, const QString& mappingFile);
  /// A fit ended (or was refused): `ok` with the summary text, or the one-sentence error.
  void fitFinished(bool ok, const QString& text);

 private:
  void onFinished(int id);
  void setRunning(bool running);
  void refuse(const QString& problem);
  QString checkFields() const;
  void updateTarget();
  void recordStart(const QString& modelFile, const QString& dataDir,
                   const FitMappingOptions& options);

  JobManager& jobs_;
  RunRecorder* recorder_ = nullptr;
  cellcam::AnnotationMap annotations_;

  QLineEdit* model_;
  QLineEdit* dataDir_;
  QLineEdit* labelsDir_;
  QLabel* target_;
  QSpinBox* maxImages_;
  QCheckBox* tta_;
  QComboBox* precision_;
  QComboBox* scaler_;
  QCheckBox* useAnnotations_;
  QLabel* annotationSource_;
  QSpinBox* rounds_;
  QSpinBox* maxDepth_;
  QDoubleSpinBox* eta_;
  QDoubleSpinBox* subsample_;
  QDoubleSpinBox* lambda_;
  QDoubleSpinBox* minChildWeight_;
  QCheckBox* monotone_;
  QComboBox* treeMethod_;
  QSpinBox* maxBin_;
  QSpinBox* threads_;
  QSpinBox* seed_;
  DialogJob* job_;
  QProgressBar* progress_;
  QLabel* message_;
  QPushButton* fit_;
  QPushButton* cancel_;
  QPushButton* close_;

  QString runningModel_;
  State state_ = State::Idle;
  std::shared_ptr<FitMappingSummary> summary_;
  QString resultText_;
};

}  // namespace cellcam::ui
