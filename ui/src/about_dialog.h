#pragma once

#include <QString>

class QWidget;

namespace cellcam::ui {

/// Shows CellCAM's version and the versions of the libraries it runs on.
void showAboutDialog(QWidget* parent);

/// The library report shown in the About dialog (engine libraries, Qt, QCustomPlot, VTK).
QString aboutText();

}  // namespace cellcam::ui
