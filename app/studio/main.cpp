// cellcam-studio: the desktop application.
#include <QApplication>
#include <QCommandLineParser>
#include <QSurfaceFormat>
#include <QTimer>

#include "cellcam/runtime.h"

#include "cam_surface_view.h"
#include "i18n.h"
#include "main_window.h"

int main(int argc, char** argv) {
  cellcam::initRuntime();
  // The 3D CAM view (VTK) needs an OpenGL 3.2 core context; every context shares this format.
  QSurfaceFormat::setDefaultFormat(cellcam::ui::CamSurfaceView::defaultFormat());
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("CellCAM"));
  QApplication::setApplicationName(QStringLiteral("CellCAM Studio"));
  QApplication::setApplicationVersion(QString::fromStdString(cellcam::version()));

  // English, or the language chosen in Settings (German is embedded).
  cellcam::ui::installTranslator(app, cellcam::ui::storedLanguage());
  QGuiApplication::setDesktopFileName(QStringLiteral("cellcam-studio"));

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
  QCommandLineOption modelOption(
      QStringList{QStringLiteral("m"), QStringLiteral("model")},
      QApplication::translate("main", "CAM model file (.pt) to open instead of the last one."),
      QStringLiteral("FILE"));
  parser.addOption(dataOption);
  parser.addOption(modelOption);
  parser.addOption(quitOption);
  parser.process(app);

  cellcam::ui::MainWindow window;
  window.show();
  if (parser.isSet(modelOption))
    window.openModel(parser.value(modelOption));
  else
    window.restoreSession();
  if (parser.isSet(dataOption)) window.openDataset(parser.value(dataOption));
  if (parser.isSet(quitOption))
    QTimer::singleShot(parser.value(quitOption).toInt(), &window, &QWidget::close);
  return QApplication::exec();
}
