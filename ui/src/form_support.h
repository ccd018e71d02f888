#pragma once
// Small pieces the studio's dialogs share: path and JSON conversions, form widgets, and a run
// recorded in the project's history from start to end.

#include <filesystem>
#include <string>

#include <QJsonObject>
#include <QString>

#include "cellcam/project.h"

class QDoubleSpinBox;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QWidget;

namespace cellcam::ui {

class RunRecorder;

/// A path typed or chosen in the GUI (UTF-8) as a filesystem path, and back.
std::filesystem::path toPath(const QString& text);
QString pathText(const std::filesystem::path& path);
/// The absolute form of a path typed in a field (trimmed; "" stays "").
QString absolutePath(const QString& text);

/// Now in UTC, ISO 8601 (the run history's time format).
std::string nowUtc();
/// `object` as compact JSON text, and JSON text as an object ({} when it is not one).
std::string compactJson(const QJsonObject& object);
QJsonObject jsonObject(const std::string& text);

/// A line edit with its small "…" browse button to the right, as one row of a form.
QWidget* browseRow(QLineEdit* edit, QPushButton* browse);
QSpinBox* intSpin(int min, int max);
QDoubleSpinBox* realSpin(double min, double max, int decimals, double step);

/// One run in a RunRecorder's history from start to end. Recording is best effort: an error
/// of the recorder becomes a warning on stderr and the run goes on unrecorded. GUI thread only.
class RecordedRun {
 public:
  /// Records `run` with status "running" and startedAt = now; nothing without a recorder.
  /// `what` names the run in a warning ("the export").
  void start(RunRecorder* recorder, RunRecord run, const char* what);
  /// Ends the recorded run with `status` ("finished", "failed" or "cancelled"), finishedAt =
  /// now and, when not empty, `metricsJson`. Does nothing when start() recorded nothing.
  void finish(const std::string& status, const std::string& metricsJson = {});
  /// The recorded run's id (0 when nothing was recorded).
  long long id() const { return run_.id; }
  /// Recorded and not ended yet (still "running" in the history).
  bool pending() const { return run_.id != 0 && run_.status == "running"; }

 private:
  RunRecorder* recorder_ = nullptr;
  RunRecord run_;
};

}  // namespace cellcam::ui
