#!/usr/bin/env bash
# `cellcam train` launched the way torchrun launches it: two ranks on loopback (Gloo) with
# RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT; rank 0 alone prints and writes the
# run; a bad environment is one clear sentence; a rank whose partner never comes stops within
# the timeout (CELLCAM_DIST_TIMEOUT_S) instead of hanging.
# Usage: test_ddp.sh path/to/cellcam
cellcam=$1
source "$(dirname "$0")/lib.sh"

"$cellcam" synth --out "$tmp/data" --train 6 --test 1 --size 64 --seed 4 >/dev/null 2>&1 ||
  { echo "synth failed"; exit 1; }
cat >"$tmp/config.json" <<'JSON'
{"model": {"backbone": "resnet18", "inputSize": 64}, "epochs": 1, "batchSize": 1,
 "accumulation": 1, "validationFraction": 0, "workers": 1, "checkpointEvery": 0,
 "device": "cpu"}
JSON
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

rank() {  # rank R: runs rank R of 2 in the background, output to $tmp/rankR.log
  RANK=$1 LOCAL_RANK=$1 WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=$port \
    CELLCAM_DIST_TIMEOUT_S=60 "$cellcam" train --config "$tmp/config.json" --data "$tmp/data" \
    --out "$tmp/run" >"$tmp/rank$1.log" 2>&1 &
}
rank 0
pid0=$!
rank 1
pid1=$!
wait $pid0; rc0=$?
wait $pid1; rc1=$?
if [ $rc0 -eq 0 ] && [ $rc1 -eq 0 ]; then pass "two ranks train"; else
  fail "two ranks train (exit $rc0 and $rc1)"; sed 's/^/    /' "$tmp/rank0.log" "$tmp/rank1.log" | tail -20
fi
# 6 images, 2 ranks, batch 1: 3 optimizer steps of 2 images.
steps=$(grep -c '"type":"step"' "$tmp/run/log.jsonl" 2>/dev/null)
if [ "$steps" = 3 ]; then pass "one log line per global step"; else fail "log has '$steps' steps, not 3"; fi
if grep -q "trained 1 epochs (3 optimizer steps)" "$tmp/rank0.log"; then pass "rank 0 reports";
else fail "rank 0 reports"; fi
if [ ! -s "$tmp/rank1.log" ]; then pass "rank 1 is silent"; else
  fail "rank 1 printed"; sed 's/^/    /' "$tmp/rank1.log" | head -5
fi
[ -f "$tmp/run/model.pt" ] && [ -f "$tmp/run/checkpoint.pt" ] && pass "rank 0 wrote the run" ||
  fail "rank 0 wrote the run"

RANK=2 WORLD_SIZE=2 check "RANK out of range" nonzero "RANK = 2 with WORLD_SIZE = 2" -- \
  train --config "$tmp/config.json" --data "$tmp/data" --out "$tmp/bad"
WORLD_SIZE=x check "malformed WORLD_SIZE" nonzero 'WORLD_SIZE = "x" is not a whole number' -- \
  train --config "$tmp/config.json" --data "$tmp/data" --out "$tmp/bad"

# Rank 0 alone: its partner never comes, so it gives up after the timeout.
start=$SECONDS
RANK=0 WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=$port CELLCAM_DIST_TIMEOUT_S=3 \
  check "a missing rank times out" nonzero "could not (join|set up).*process group" -- \
  train --config "$tmp/config.json" --data "$tmp/data" --out "$tmp/alone"
if [ $((SECONDS - start)) -le 30 ]; then pass "within the timeout"; else
  fail "took $((SECONDS - start)) s"; fi

finish
