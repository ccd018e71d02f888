#pragma once
// The run history of the open project: every training run, mapping fit, export and dataset
// segmentation started in it, newest first, with its status, duration and main figures; the
// selected run's settings and results in full; open its folder or model, resume a training
// run that did not finish.

#include <vector>

#include <QDateTime>
#include <QString>
#include <QWidget>

#include "cellcam/project.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace cellcam::ui {

/// Shows Project::runs() (re-read by refresh(); the main window calls it whenever a run is
/// recorded or updated). Columns: Started (local time), Name, Kind, Status, Duration, Result
/// (the kind's main figures from metricsJson, e.g. "val mAP 0.612 · AUC 0.871 · 8 epochs").
/// A run still "running" that started before this panel was created belongs to a studio that
/// ended without finishing it (killed, crashed): it is shown as "not finished".
///
/// Buttons act on the selected run:
/// - Open Folder: the run's folder in the desktop's file manager (enabled when it exists).
/// - Open Model: emits openModelRequested() with a training run's best.pt (else model.pt), or
///   the model a mapping fit was for; enabled when that file exists.
/// - Resume Training: emits resumeRequested() for a training run that is not finished and has
///   checkpoint.pt; not for a run this studio is running now (see setActiveRunDirs()).
/// GUI thread only.
class RunHistoryPanel : public QWidget {
  Q_OBJECT

 public:
  enum Column {
    StartedColumn,
    NameColumn,
    KindColumn,
    StatusColumn,
    DurationColumn,
    ResultColumn,
    ColumnCount
  };

  explicit RunHistoryPanel(QWidget* parent = nullptr);

  /// The project whose runs are shown (null = none: the table is empty). Must stay valid until
  /// the next setProject(). Reads the runs.
  void setProject(Project* project);
  /// Re-reads the runs; keeps the selected run selected. A database error is shown in the
  /// panel's message line (the table keeps what it showed).
  void refresh();
  /// The folders of training runs this studio is running now (no resume offered for them).
  void setActiveRunDirs(const QStringList& runDirs);

  /// The runs shown, newest first (row i = runs()[i]).
  const std::vector<RunRecord>& runs() const { return runs_; }
  /// Selects the run with id `id`; false when it is not shown.
  bool selectRun(long long id);
  /// The selected run's id (0 when none).
  long long selectedRunId() const;
  /// The model Open Model would open for the selected run ("" when none).
  QString modelFileOf(const RunRecord& run) const;
  /// Whether Resume Training is offered for `run`.
  bool canResume(const RunRecord& run) const;
  /// The status shown for `run` ("not finished" for a stale "running").
  QString statusText(const RunRecord& run) const;
  /// The Result column's text for `run`.
  static QString resultText(const RunRecord& run);

  QTableWidget* table() const { return table_; }
  QPlainTextEdit* details() const { return details_; }
  QLabel* message() const { return message_; }
  QPushButton* openFolderButton() const { return openFolder_; }
  QPushButton* openModelButton() const { return openModel_; }
  QPushButton* resumeButton() const { return resume_; }

 Q_SIGNALS:
  /// Open Model was clicked: load `file` into the viewer.
  void openModelRequested(const QString& file);
  /// Resume Training was clicked for the training run in `runDir`.
  void resumeRequested(const QString& runDir);

 private:
  /// Shows runs_ and selects run `keep` again (0 = none).
  void fill(long long keep);
  const RunRecord* selectedRun() const;
  void onSelectionChanged();
  /// A "running" record older than this panel (its studio ended without finishing it).
  bool isStale(const RunRecord& run) const;

  Project* project_ = nullptr;
  std::vector<RunRecord> runs_;
  QStringList activeRunDirs_;
  const QDateTime created_;
  QTableWidget* table_;
  QPlainTextEdit* details_;
  QLabel* message_;
  QPushButton* openFolder_;
  QPushButton* openModel_;
  QPushButton* resume_;
  QPushButton* refresh_;
};

}  // namespace cellcam::ui
