#!/usr/bin/env bash
# Durability of training (issue 9): `cellcam train` is killed with SIGKILL at random moments
# (one kill aimed at a checkpoint being written) and continued with --resume each time; the
# final model.pt must equal an uninterrupted run's (largest weight difference <= 1e-6), and no
# kill may leave a model.pt or checkpoint.pt that cannot be read.
# Usage: test_train_kill.sh CELLCAM PYTHON BAD_INPUTS_DIR [SEED]
#   BAD_INPUTS_DIR: the fixture folder (its base/ dataset: 6 training images at 64 px).
set -u
cellcam=$1 python=$2 bad=$3
RANDOM=${4:-$$}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/config.json" <<'JSON'
{
  "model": {"backbone": "resnet18", "channels": "rgby", "inputSize": 64},
  "epochs": 2, "batchSize": 2, "accumulation": 1, "optimizer": "adam",
  "validationFraction": 0, "workers": 1, "checkpointEvery": 1, "precision": "fp32", "seed": 9
}
JSON
train() { "$cellcam" train --config "$tmp/config.json" --data "$bad/base" --threads 2 "$@"; }

start=$(date +%s.%N)
train --out "$tmp/whole" >"$tmp/whole.log" 2>&1 || { cat "$tmp/whole.log"; echo "FAIL: the uninterrupted run failed"; exit 1; }
whole=$(echo "$(date +%s.%N) - $start" | bc)
echo "uninterrupted run: ${whole} s"

run=$tmp/parts
kills=0
# One attempt: start (or resume) in the background, kill it per the MODE, wait.
# MODE "random": SIGKILL after a random delay; "checkpoint": SIGKILL as soon as a temporary
# checkpoint file appears (the rename has not happened yet).
attempt() {
  local mode=$1 args=(--out "$run")
  [ -f "$run/checkpoint.pt" ] && args+=(--resume)
  # cellcam itself in the background (not a shell function, whose subshell would get the kill).
  "$cellcam" train --config "$tmp/config.json" --data "$bad/base" --threads 2 "${args[@]}" \
    >>"$tmp/parts.log" 2>&1 &
  local pid=$!
  if [ "$mode" = random ]; then
    local whole_ms=$(echo "$whole * 1000 / 1" | bc)
    local ms=$((whole_ms * 3 / 10 + RANDOM % (whole_ms / 2 + 1)))
    sleep "$(echo "scale=3; $ms / 1000" | bc)"
    kill -KILL $pid 2>/dev/null && { kills=$((kills + 1)); echo "killed after ${ms} ms"; }
  else
    local before
    before=$(ls -A "$run" 2>/dev/null | grep -c '^\.checkpoint\.pt\.tmp')
    while kill -0 $pid 2>/dev/null; do
      if [ "$(ls -A "$run" 2>/dev/null | grep -c '^\.checkpoint\.pt\.tmp')" -gt "$before" ]; then
        kill -KILL $pid 2>/dev/null && { kills=$((kills + 1)); echo "killed while writing a checkpoint"; }
        break
      fi
      sleep 0.005
    done
  fi
  wait $pid 2>/dev/null
  echo "  exit $?; files: $(ls -A "$run" 2>/dev/null | tr '\n' ' ')"
}
attempt checkpoint
attempt random
attempt checkpoint
attempt random

# Whatever was killed, what is on disk must be readable: resume to the end.
final_args=(--out "$run")
[ -f "$run/checkpoint.pt" ] && final_args+=(--resume)
if ! train "${final_args[@]}" >>"$tmp/parts.log" 2>&1; then
  tail -20 "$tmp/parts.log"; echo "FAIL: the resumed run failed"; exit 1
fi
leftover=$(ls -A "$run" | grep -c '\.tmp' || true)
echo "$kills kills; leftover temporary files: $leftover"
# The resumed trainer removes the temporaries its killed predecessors left behind.
[ "$leftover" -eq 0 ] || { ls -A "$run"; echo "FAIL: stale temporary files were left"; exit 1; }
if "$python" "$here/compare_models.py" "$tmp/whole/model.pt" "$run/model.pt" 1e-6; then
  echo "ok: the killed and resumed run equals the uninterrupted one"
else
  tail -20 "$tmp/parts.log"; echo "FAIL: the resumed model differs"; exit 1
fi
[ "$kills" -ge 1 ] || { echo "FAIL: no attempt was killed (the run was too fast)"; exit 1; }
