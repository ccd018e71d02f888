# Shared helpers of the CLI test scripts (sourced). The sourcing script sets $cellcam.
# Provides $tmp (removed on exit), pass/fail counters, check and finish.
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
passed=0
failed=0

pass() { passed=$((passed + 1)); echo "ok: $1"; }
fail() { failed=$((failed + 1)); echo "FAIL: $1"; }

# check NAME EXPECTED_EXIT PATTERN -- ARGS...   (PATTERN: extended regex on stdout+stderr;
# EXPECTED_EXIT a number or "nonzero")
check() {
  local name=$1 want=$2 pattern=$3
  shift 4
  local out rc
  out=$("$cellcam" "$@" 2>&1)
  rc=$?
  local ok=1
  if [ "$want" = "nonzero" ]; then [ $rc -ne 0 ] || ok=0; else [ $rc -eq "$want" ] || ok=0; fi
  if [ -n "$pattern" ] && ! grep -qE -- "$pattern" <<<"$out"; then ok=0; fi
  if [ $ok -eq 1 ]; then pass "$name"; else
    fail "$name (exit $rc, wanted $want, pattern '$pattern')"
    echo "$out" | head -20 | sed 's/^/    /'
  fi
}

# Prints the closing line and returns the script's status.
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

# tiny_model DATA_DIR: trains a ResNet-18 at 64 px for one epoch on DATA_DIR into $tmp/run and
# sets $model to its model.pt (a real, quick model for prediction tests).
tiny_model() {
  cat >"$tmp/train.json" <<'JSON'
{"model": {"backbone": "resnet18", "inputSize": 64}, "epochs": 1, "batchSize": 4,
 "accumulation": 1, "validationFraction": 0, "workers": 1, "checkpointEvery": 0,
 "device": "cpu"}
JSON
  check "train one tiny epoch" 0 "" -- train --config "$tmp/train.json" --data "$1" \
    --out "$tmp/run"
  model="$tmp/run/model.pt"
}
