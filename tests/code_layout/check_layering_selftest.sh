#!/usr/bin/env bash
# Proves that check_layering.sh catches each kind of violation and accepts a clean tree.
set -u
checker=${1:?usage: check_layering_selftest.sh CHECKER}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

make_clean_tree() {
  rm -rf "$tmp/tree"
  mkdir -p "$tmp/tree/core/include/cellcam" "$tmp/tree/core/src" "$tmp/tree/ui/src" \
           "$tmp/tree/app/studio" "$tmp/tree/app/cli"
  printf '#include <opencv2/core.hpp>\n' > "$tmp/tree/core/include/cellcam/a.h"
  printf '#include <torch/torch.h>\n#include "cellcam/a.h"\n' > "$tmp/tree/core/src/a.cpp"
  printf '#include <QWidget>\n#include "cellcam/a.h"\n' > "$tmp/tree/ui/src/w.cpp"
  printf '#include <QApplication>\n' > "$tmp/tree/app/studio/main.cpp"
  printf '#include <CLI/CLI.hpp>\n' > "$tmp/tree/app/cli/main.cpp"
}

expect() {  # expected-status description
  bash "$checker" "$tmp/tree" >/dev/null 2>&1
  local got=$?
  if [ "$got" -ne "$1" ]; then
    echo "FAIL: $2 (exit $got, expected $1)"
    failures=$((failures + 1))
  else
    echo "ok: $2"
  fi
}

make_clean_tree; expect 0 "clean tree passes"
make_clean_tree; printf '#include <QString>\n' >> "$tmp/tree/core/src/a.cpp"; expect 1 "Qt in core/src"
make_clean_tree; printf '  #  include "QtCore/qglobal.h"\n' >> "$tmp/tree/core/include/cellcam/a.h"; expect 1 "Qt module path in core"
make_clean_tree; printf '#include <qcustomplot.h>\n' >> "$tmp/tree/core/src/a.cpp"; expect 1 "QCustomPlot in core"
make_clean_tree; printf '#include <torch/nn.h>\n' >> "$tmp/tree/core/include/cellcam/a.h"; expect 1 "LibTorch in a core public header"
make_clean_tree; printf '#include <ATen/ATen.h>\n' >> "$tmp/tree/ui/src/w.cpp"; expect 1 "ATen in ui"
make_clean_tree; printf '#include "c10/util/Half.h"\n' > "$tmp/tree/ui/src/x.h"; expect 1 "c10 in a ui header"
make_clean_tree; printf '#include <torch/script.h>\n' >> "$tmp/tree/app/studio/main.cpp"; expect 1 "LibTorch in app/studio"
make_clean_tree; printf '#include <torch/script.h>\n' >> "$tmp/tree/app/cli/main.cpp"; expect 0 "LibTorch allowed in app/cli"

[ $failures -eq 0 ] && echo "selftest passed" || echo "selftest: $failures failure(s)"
exit $failures
