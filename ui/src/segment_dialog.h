#pragma once
// "Segment dataset": writes a cell label image per image of a dataset's split
// (cellcam::segmentDataset as one job, the work of `cellcam segment`), optionally scored
// against the dataset's true label images (test_masks/); shows progress and a summary.

#include <memory>

#include <QDialog>
#include <QString>

#include "cellcam/segment_dataset.h"

#include "form_support.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace cellcam::ui {

class DialogJob;
class JobManager;
class RunRecorder;

/// The fields are the SegmentDatasetOptions a user sets: data folder, split (test, train or
/// all), output folder (empty = DATA/segmentation, shown as the placeholder), an optional
/// segmentation settings file (JSON, SegmentationConfig::load(); empty = the defaults), the
/// optional TorchScript nuclei and cell models (both or neither; neither = the built-in
/// segmenter), "evaluate" (enabled only when DATA/test_masks exists and the split is not
/// "train") and the worker threads (0 = automatic: all cores, 1 with models).
///
/// Segment (startSegmentation()) checks the fields on the GUI thread (the data folder exists,
/// both or neither model and each chosen file exists, the settings file loads, the output
/// folder is a folder that can be created and written), then submits ONE job to the
/// JobManager running segmentDataset(); a refused start shows one sentence naming the file and
/// what to do, and submits nothing. Label files of an earlier run in the output folder are
/// replaced (atomically, one by one); a cancelled run leaves the ones written so far. GUI
/// thread only.
///
/// With a RunRecorder each started segmentation is recorded in the run history: kind
/// "segment", name = the data folder's name, configJson = the options, runDir = the output
/// folder, metricsJson = images, cells, seconds, models and (with eval) evaluatedImages,
/// trueCells, predictedCells, matchedFraction and meanMatchedIoU.
class SegmentDialog : public QDialog {
  Q_OBJECT

 public:
  enum class State { Idle, Running, Succeeded, Failed, Cancelled };

  /// `jobs` must outlive the dialog.
  explicit SegmentDialog(JobManager& jobs, QWidget* parent = nullptr);
  /// Cancels a running segmentation and waits for it.
  ~SegmentDialog() override;

  /// The dataset folder (Kaggle layout or a folder of channel images).
  void setDataDir(const QString& folder);
  QString dataDir() const;
  /// The folder the label images go to: the output field, else DATA/segmentation (empty
  /// without a data folder).
  QString outputDir() const;

  /// Records each segmentation in the run history (may be null = not recorded). The recorder
  /// must outlive the dialog.
  void setRunRecorder(RunRecorder* recorder) { recorder_ = recorder; }

  /// Fills the fields from `options` (its `config` is not shown: the dialog segments with
  /// options.configFile, or the default settings when that is empty).
  void setOptions(const SegmentDatasetOptions& options);
  /// The options the fields describe (not validated); eval only when its check box is enabled
  /// and checked.
  SegmentDatasetOptions options() const;

  /// Checks the fields and submits the segmentation as a job. Returns the job id, or 0 when a
  /// field is missing or bad or a segmentation is already running (the sentence is shown and
  /// in resultText()). The result arrives with segmentationFinished().
  int startSegmentation();

  State state() const { return state_; }
  int jobId() const;
  /// The last segmentation's summary (valid when state() is Succeeded).
  const SegmentDatasetSummary& summary() const { return *summary_; }
  /// The summary text after a successful run, else the one-sentence error or cancel note.
  QString resultText() const { return resultText_; }

  QPushButton* segmentButton() const { return segment_; }
  QPushButton* cancelButton() const { return cancel_; }
  QCheckBox* evalCheckBox() const { return eval_; }

 Q_SIGNALS:
  /// A segmentation ended (or was refused): `ok` with the summary text, or the one-sentence
  /// error or cancel note.
  void segmentationFinished(bool ok, const QString& text);

 private:
  void onFinished(int id);
  void setRunning(bool running);
  void refuse(const QString& problem);
  QString checkFields() const;
  void updateDataDependent();

  JobManager& jobs_;
  RunRecorder* recorder_ = nullptr;

  QLineEdit* dataDir_;
  QComboBox* split_;
  QLineEdit* out_;
  QLineEdit* config_;
  QLineEdit* nucleiModel_;
  QLineEdit* cellModel_;
  QCheckBox* eval_;
  QSpinBox* threads_;
  DialogJob* job_;
  QProgressBar* progress_;
  QLabel* message_;
  QPushButton* segment_;
  QPushButton* cancel_;
  QPushButton* close_;

  QString runningOut_;
  State state_ = State::Idle;
  std::shared_ptr<SegmentDatasetSummary> summary_;
  QString resultText_;
};

}  // namespace cellcam::ui
