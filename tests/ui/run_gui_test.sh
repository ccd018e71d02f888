#!/usr/bin/env bash
# Runs a GUI test binary on a real X display: the current one, or a fresh Xvfb server.
# (QT_QPA_PLATFORM=offscreen cannot create the OpenGL context that the VTK view needs.)
set -u
if [ -n "${DISPLAY:-}" ] && [ -z "${CI:-}" ]; then
  exec "$@"
fi
if ! command -v xvfb-run >/dev/null 2>&1; then
  echo "run_gui_test.sh: xvfb-run not found; run packaging/install-deps.sh (package xvfb)." >&2
  exit 1
fi
exec xvfb-run -a -s "-screen 0 1600x1200x24" "$@"
