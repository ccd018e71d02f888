#pragma once
// The studio's settings (QSettings): the interface language and how many jobs run at once.

#include <QDialog>
#include <QString>

class QComboBox;
class QSpinBox;

namespace cellcam::ui {

/// Reads the stored settings when constructed and stores them on accept(). A changed language
/// takes effect at the next start (the window's strings are made when it is built).
class SettingsDialog : public QDialog {
  Q_OBJECT

 public:
  /// QSettings key of the number of jobs that may run at once (int, default 1).
  static constexpr const char* kMaxJobsKey = "jobs/maxConcurrent";

  explicit SettingsDialog(QWidget* parent = nullptr);

  QString language() const;
  void setLanguage(const QString& code);
  int maxConcurrentJobs() const;
  void setMaxConcurrentJobs(int count);

  /// Stores the settings, emits the change signals, closes the dialog.
  void accept() override;

  /// The stored number of jobs that may run at once (>= 1).
  static int storedMaxConcurrentJobs();

 Q_SIGNALS:
  /// The language was changed and stored (apply with installTranslator() at the next start).
  void languageChanged(const QString& code);
  /// The number of jobs at once was changed and stored (apply with
  /// JobManager::setMaxConcurrentJobs).
  void maxConcurrentJobsChanged(int count);

 private:
  QComboBox* language_;
  QSpinBox* maxJobs_;
};

}  // namespace cellcam::ui
