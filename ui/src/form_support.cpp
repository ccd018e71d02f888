#include "form_support.h"

#include <exception>

#include <QDateTime>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QWidget>

#include "job_manager.h"

namespace cellcam::ui {

std::filesystem::path toPath(const QString& text) {
  return std::filesystem::path(text.toStdString());
}

QString pathText(const std::filesystem::path& path) {
  return QString::fromStdString(path.string());
}

QString absolutePath(const QString& text) {
  const QString trimmed = text.trimmed();
  return trimmed.isEmpty() ? QString() : QFileInfo(trimmed).absoluteFilePath();
}

std::string nowUtc() { return QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString(); }

std::string compactJson(const QJsonObject& object) {
  return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
}

QJsonObject jsonObject(const std::string& text) {
  return QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
}

QWidget* browseRow(QLineEdit* edit, QPushButton* browse) {
  auto* row = new QWidget;
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  browse->setFixedWidth(32);
  layout->addWidget(edit, 1);
  layout->addWidget(browse);
  return row;
}

QSpinBox* intSpin(int min, int max) {
  auto* spin = new QSpinBox;
  spin->setRange(min, max);
  return spin;
}

QDoubleSpinBox* realSpin(double min, double max, int decimals, double step) {
  auto* spin = new QDoubleSpinBox;
  spin->setRange(min, max);
  spin->setDecimals(decimals);
  spin->setSingleStep(step);
  return spin;
}

void RecordedRun::start(RunRecorder* recorder, RunRecord run, const char* what) {
  recorder_ = recorder;
  run_ = std::move(run);
  run_.id = 0;
  if (!recorder_) return;
  run_.status = "running";
  run_.startedAt = nowUtc();
  if (run_.metricsJson.empty()) run_.metricsJson = "{}";
  try {
    run_.id = recorder_->addRun(run_);
  } catch (const std::exception& e) {
    run_.id = 0;
    qWarning("Cannot record %s in the run history: %s", what, e.what());
  }
}

void RecordedRun::finish(const std::string& status, const std::string& metricsJson) {
  if (!recorder_ || run_.id == 0) return;
  run_.status = status;
  run_.finishedAt = nowUtc();
  if (!metricsJson.empty()) run_.metricsJson = metricsJson;
  try {
    recorder_->updateRun(run_);
  } catch (const std::exception& e) {
    qWarning("Cannot update the run history: %s", e.what());
  }
}

}  // namespace cellcam::ui
