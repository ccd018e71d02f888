#pragma once
// How the studio writes a class: its name, or its number and name.

#include <QString>

#include "cellcam/classes.h"

namespace cellcam::ui {

/// The class's name ("Nucleoplasm").
inline QString classText(int label) {
  const auto name = className(label);
  return QString::fromUtf8(name.data(), static_cast<int>(name.size()));
}

/// Its number and name ("0 Nucleoplasm"), as lists, tables and menus show a class.
inline QString classLabel(int label) {
  return QStringLiteral("%1 %2").arg(label).arg(classText(label));
}

}  // namespace cellcam::ui
