#include "i18n.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QSettings>
#include <QTranslator>

namespace cellcam::ui {

namespace {

const char* const kLanguageKey = "ui/language";

/// The translators installed by installTranslator(), children of the application.
QPointer<QTranslator>& ownTranslator() {
  static QPointer<QTranslator> translator;
  return translator;
}

QPointer<QTranslator>& qtTranslator() {
  static QPointer<QTranslator> translator;
  return translator;
}

void removeTranslator(QCoreApplication& app, QPointer<QTranslator>& translator) {
  if (!translator) return;
  app.removeTranslator(translator);
  delete translator;
  translator = nullptr;
}

}  // namespace

QStringList availableLanguages() { return {QStringLiteral("en"), QStringLiteral("de")}; }

QString languageName(const QString& code) {
  if (code == QLatin1String("en")) return QStringLiteral("English");
  if (code == QLatin1String("de")) return QStringLiteral("Deutsch");
  return code;
}

QString systemLanguage() {
  const QString code = QLocale::languageToCode(QLocale::system().language());
  return availableLanguages().contains(code) ? code : QStringLiteral("en");
}

QString storedLanguage() {
  const QString code = QSettings().value(QLatin1String(kLanguageKey)).toString();
  return availableLanguages().contains(code) ? code : systemLanguage();
}

void storeLanguage(const QString& code) {
  QSettings().setValue(QLatin1String(kLanguageKey),
                       availableLanguages().contains(code) ? code : QStringLiteral("en"));
}

bool installTranslator(QCoreApplication& app, const QString& language) {
  removeTranslator(app, ownTranslator());
  removeTranslator(app, qtTranslator());
  if (language == QLatin1String("en")) return true;
  if (!availableLanguages().contains(language)) return false;
  auto* translator = new QTranslator(&app);
  if (!translator->load(QStringLiteral(":/i18n/cellcam_%1.qm").arg(language))) {
    delete translator;
    return false;
  }
  app.installTranslator(translator);
  ownTranslator() = translator;
  // Qt's own strings (standard dialog buttons); optional, the system may not ship them.
  auto* qt = new QTranslator(&app);
  if (qt->load(QStringLiteral("qtbase_%1").arg(language),
               QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
    app.installTranslator(qt);
    qtTranslator() = qt;
  } else {
    delete qt;
  }
  return true;
}

}  // namespace cellcam::ui
