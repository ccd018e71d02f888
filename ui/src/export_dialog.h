#pragma once
// "Export submission CSV": predicts the test set of a Kaggle-layout data folder with an
// ensemble file or a single model (cellcam::predictSubmission as a job) and shows a summary.

#include <memory>

#include <QDialog>
#include <QString>

#include "cellcam/predict.h"
#include "cellcam/project.h"

#include "form_support.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace cellcam::ui {

class DialogJob;
class JobManager;
class RunRecorder;

class ExportDialog : public QDialog {
  Q_OBJECT

 public:
  enum class Source { Ensemble, Model };
  enum class State { Idle, Running, Succeeded, Failed, Cancelled };

  /// `jobs` must outlive the dialog.
  explicit ExportDialog(JobManager& jobs, QWidget* parent = nullptr);
  /// Cancels a running export and waits for it.
  ~ExportDialog() override;

  /// Data folder in the Kaggle layout (sample_submission.csv and test/).
  void setDataDir(const QString& folder);
  /// The ensemble JSON or model file to predict with.
  void setSource(Source source, const QString& file);
  void setOutputFile(const QString& file);
  /// Records each export in the run history (kind "predict"; may be null = not recorded). The
  /// recorder must outlive the dialog.
  void setRunRecorder(RunRecorder* recorder) { recorder_ = recorder; }

  /// Submits predictSubmission as a job. Returns the job id, or 0 when a field is missing
  /// (the error is shown in the dialog). The result arrives with exportFinished().
  int startExport();

  State state() const { return state_; }
  /// The last export's summary (valid when state() is Succeeded).
  const PredictSummary& summary() const { return *summary_; }
  /// "N rows, M cells, S s, SIZE" after a successful export; the error sentence after a failure.
  QString resultText() const { return resultText_; }
  QString outputFile() const;

  QPushButton* exportButton() const { return export_; }
  QPushButton* openFolderButton() const { return openFolder_; }

 Q_SIGNALS:
  /// The export ended: `ok` with the summary text, or the one-sentence error.
  void exportFinished(bool ok, const QString& text);

 private:
  void onFinished(int id);
  void setRunning(bool running);
  void recordStart(const PredictOptions& options);

  JobManager& jobs_;
  RunRecorder* recorder_ = nullptr;
  QLineEdit* dataDir_;
  QComboBox* source_;
  QLineEdit* sourceFile_;
  QLineEdit* output_;
  DialogJob* job_;
  QProgressBar* progress_;
  QLabel* message_;
  QPushButton* export_;
  QPushButton* cancel_;
  QPushButton* openFolder_;
  QPushButton* close_;
  State state_ = State::Idle;
  std::shared_ptr<PredictSummary> summary_;
  QString resultText_;
};

}  // namespace cellcam::ui
