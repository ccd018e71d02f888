// cellcam-studio: the desktop application.
#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>

#include "cellcam/runtime.h"

#include "main_window.h"

int main(int argc, char** argv) {
  cellcam::initRuntime();
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("CellCAM"));
  QApplication::setApplicationName(QStringLiteral("CellCAM Studio"));
  QApplication::setApplicationVersion(QString::fromStdString(cellcam::version()));

  QTranslator qtTranslator, appTranslator;
  if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                        QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    QApplication::installTranslator(&qtTranslator);
  if (appTranslator.load(QLocale(), QStringLiteral("cellcam"), QStringLiteral("_"),
                         QStringLiteral(":/i18n")))
    QApplication::installTranslator(&appTranslator);

  QCommandLineParser parser;
  parser.setApplicationDescription(QApplication::translate(
      "main", "CellCAM Studio: inspect class activation maps of HPA cells."));
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption dataOption(QStringList{QStringLiteral("d"), QStringLiteral("data")},
                                QApplication::translate("main", "Dataset folder to open."),
                                QStringLiteral("DIR"));
  QCommandLineOption quitOption(
      QStringLiteral("quit-after"),
      QApplication::translate("main", "Close the window after MS milliseconds (smoke tests)."),
      QStringLiteral("MS"));
  parser.addOption(dataOption);
  parser.addOption(quitOption);
  parser.process(app);

  cellcam::ui::MainWindow window;
  window.show();
  if (parser.isSet(dataOption)) window.openDataset(parser.value(dataOption));
  if (parser.isSet(quitOption))
    QTimer::singleShot(parser.value(quitOption).toInt(), &window, &QWidget::close);
  return QApplication::exec();
}
