#pragma once
// Training from the GUI: a dialog with the seed's presets and every TrainConfig field, which
// submits cellcam::trainPuzzleCam to the JobManager and records the run in the run history.

#include <memory>
#include <string>

#include <QDialog>
#include <QString>

#include "cellcam/training.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace cellcam::ui {

class JobManager;
class RunRecorder;

/// The recipes offered by the dialog.
enum class TrainingPreset {
  ResNeSt101,      ///< The seed's ResNeSt-101: SGD Nesterov poly, lr 2.5e-3, batch 8 x 3, 640 px.
  EfficientNetB4,  ///< The seed's EfficientNet-B4: Adam lr 1e-3, step decay 0.85, batch 6.
  QuickCpuDemo,    ///< ResNet-18, 128 px, 3 epochs, Adam, bf16 where the CPU has it.
};

/// The TrainConfig of a preset.
TrainConfig trainingPresetConfig(TrainingPreset preset);

/// What startTrainingRun() did.
struct TrainingStart {
  int jobId = 0;        ///< 0 when the run did not start.
  long long runId = 0;  ///< The run history's id (0 without a recorder or when it failed).
  QString error;        ///< Why the run did not start (one sentence).
  QString warning;      ///< The run started, but recording it failed (one sentence).
};

/// Checks the folders (a new run needs a run folder without checkpoint.pt, a resumed run one
/// with it), validates `config` and submits trainPuzzleCam(config, dataDir, runDir, resume) to
/// `jobs` titled "Training RUNNAME", records the run through `recorder` (may be null) as "running"
/// and, when the job ends, updates its status, metrics (the last epoch's figures) and end time.
/// `recorder` must outlive `jobs`. GUI thread only.
TrainingStart startTrainingRun(JobManager& jobs, RunRecorder* recorder, const TrainConfig& config,
                               const QString& dataDir, const QString& runDir, bool resume);

class TrainingDialog : public QDialog {
  Q_OBJECT

 public:
  /// `jobs` and `recorder` (may be null) must outlive the dialog and its runs.
  TrainingDialog(JobManager& jobs, RunRecorder* recorder, QWidget* parent = nullptr);
  ~TrainingDialog() override;

  /// Fills every field from the preset (the folders and the resume flag are kept).
  void applyPreset(TrainingPreset preset);
  /// Fills every field from `config`.
  void setConfig(const TrainConfig& config);
  /// The config the fields describe (not validated).
  TrainConfig config() const;

  void setDataDir(const QString& folder);
  QString dataDir() const;
  void setRunDir(const QString& folder);
  QString runDir() const;
  void setResume(bool resume);
  bool resume() const;

  /// Loads a config JSON file into the fields; on a bad file shows the error, returns false.
  bool loadConfig(const QString& file);
  /// Saves the fields' config as JSON (atomically); on failure shows the error, returns false.
  bool saveConfig(const QString& file);

  /// Starts the run (startTrainingRun) and closes the dialog with accept(). On a bad setting
  /// shows the error, keeps the dialog open and returns 0; else returns the job id.
  int start();

  /// The last error (or recording warning) shown; empty if none.
  QString lastError() const { return lastError_; }
  /// Whether errors open a message box (default true; tests turn it off).
  void setInteractive(bool interactive) { interactive_ = interactive; }

  QPushButton* startButton() const { return start_; }

 Q_SIGNALS:
  /// A run was submitted as job `jobId` (connect a TrainingMonitor's watch()).
  void runStarted(int jobId, const QString& dataDir, const QString& runDir);

 private:
  struct Fields;
  QWidget* buildModelPage();
  QWidget* buildOptimizerPage();
  QWidget* buildLossPage();
  QWidget* buildAugmentPage();
  QWidget* buildRuntimePage();
  void showError(const QString& message);
  void updateOptimizerFields();

  JobManager& jobs_;
  RunRecorder* recorder_;
  std::unique_ptr<Fields> f_;
  QComboBox* preset_;
  QPushButton* start_;
  QString lastError_;
  bool interactive_ = true;
};

}  // namespace cellcam::ui
