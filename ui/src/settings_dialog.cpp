#include "settings_dialog.h"

#include <algorithm>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

#include "i18n.h"

namespace cellcam::ui {

SettingsDialog::SettingsDialog(QWidget* parent)
    : QDialog(parent), language_(new QComboBox), maxJobs_(new QSpinBox) {
  setWindowTitle(tr("Settings"));
  for (const QString& code : availableLanguages()) language_->addItem(languageName(code), code);
  maxJobs_->setRange(1, 16);
  setLanguage(storedLanguage());
  setMaxConcurrentJobs(storedMaxConcurrentJobs());

  auto* note = new QLabel(tr("A new language takes effect when the studio is started again."));
  note->setWordWrap(true);
  auto* form = new QFormLayout;
  form->addRow(tr("Language"), language_);
  form->addRow(QString(), note);
  form->addRow(tr("Jobs running at once"), maxJobs_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QString SettingsDialog::language() const { return language_->currentData().toString(); }

void SettingsDialog::setLanguage(const QString& code) {
  const int index = language_->findData(code);
  language_->setCurrentIndex(index >= 0 ? index : 0);
}

int SettingsDialog::maxConcurrentJobs() const { return maxJobs_->value(); }

void SettingsDialog::setMaxConcurrentJobs(int count) { maxJobs_->setValue(count); }

int SettingsDialog::storedMaxConcurrentJobs() {
  return std::clamp(QSettings().value(QLatin1String(kMaxJobsKey), 1).toInt(), 1, 16);
}

void SettingsDialog::accept() {
  const bool languageChanged = language() != storedLanguage();
  const bool jobsChanged = maxConcurrentJobs() != storedMaxConcurrentJobs();
  storeLanguage(language());
  QSettings().setValue(QLatin1String(kMaxJobsKey), maxConcurrentJobs());
  if (languageChanged) Q_EMIT this->languageChanged(language());
  if (jobsChanged) Q_EMIT maxConcurrentJobsChanged(maxConcurrentJobs());
  QDialog::accept();
}

}  // namespace cellcam::ui
