#include "about_dialog.h"

#include <QMessageBox>
#include <QtGlobal>
#include <qcustomplot.h>

#include "cellcam/runtime.h"

#include <vtkVersion.h>

namespace cellcam::ui {

QString aboutText() {
  QString text = QString::fromStdString(versionReport());
  text += QStringLiteral("Qt %1\n").arg(QString::fromLatin1(qVersion()));
  text += QStringLiteral("QCustomPlot %1\n").arg(QStringLiteral(QCUSTOMPLOT_VERSION_STR));
  text += QStringLiteral("VTK %1").arg(QString::fromLatin1(vtkVersion::GetVTKVersion()));
  return text;
}

void showAboutDialog(QWidget* parent) {
  QMessageBox::about(parent, QObject::tr("About CellCAM"),
                     QObject::tr("<h3>CellCAM</h3><p>Weakly supervised single-cell "
                                 "classification of Human Protein Atlas images.</p><pre>%1</pre>")
                         .arg(aboutText().toHtmlEscaped()));
}

}  // namespace cellcam::ui
