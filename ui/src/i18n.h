#pragma once
// The studio's languages: English source strings and the German translation embedded as
// :/i18n/cellcam_de.qm, chosen in the settings (QSettings key "ui/language").

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace cellcam::ui {

/// Language codes offered: "en", "de".
QStringList availableLanguages();
/// The language's own name ("English", "Deutsch"); the code itself when unknown.
QString languageName(const QString& code);

/// The system locale's language when it is available, else "en".
QString systemLanguage();
/// The language stored in QSettings ("ui/language"); systemLanguage() when none is stored or
/// the stored code is unknown. At start-up: installTranslator(app, storedLanguage()).
QString storedLanguage();
/// Stores the language in QSettings (an unknown code is stored as "en").
void storeLanguage(const QString& code);

/// Switches `app` to `language`: removes the translators this function installed before and,
/// for "de", installs the embedded CellCAM translation (and Qt's own German strings for
/// standard buttons when the system has them). Widgets created afterwards use the language.
/// Returns false (and leaves English) for an unknown code or when the embedded file cannot be
/// loaded; "en" always succeeds. GUI thread only.
bool installTranslator(QCoreApplication& app, const QString& language);

}  // namespace cellcam::ui
