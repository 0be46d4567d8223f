#!/usr/bin/env bash
# deploy/run-local --no-build on this build tree, as the README's user runs
# it: twice on one folder, then once interrupted.
#
#   1. The first run files the sample; its output shows the reserve's plans,
#      the seed's 2465/2546 finding naming the counties, the scored tables,
#      the city's totals, the ranking, the refused cross-county read, an
#      intact audit chain, the counties that have not submitted and the
#      reminders due.
#   2. The second run on the same folder succeeds, files nothing again and
#      prints exactly the same stdout.
#   3. Every service was up (its log has the "listening" line) and every
#      line of every service log of both runs is a JSON object.
#   4. After each run no process started for the folder is left.
#   5. SIGINT while the run is filing stops it and every server it started.
set -euo pipefail
source_dir=$1
build_dir=$2
run="$build_dir/run-local"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
fail() {
  echo "FAIL: $*" >&2
  status=1
}

run_local() {
  ANJU_BUILD_DIR="$build_dir" ANJU_RUN_DIR="$run" \
    bash "$source_dir/deploy/run-local" --no-build "$@"
}

# Processes whose command line names the run folder: the servers' --config
# and Redis's --dir.
leftovers() { pgrep -af -- "$run/" || true; }

expect_none_left() {
  local left
  left=$(leftovers)
  [ -z "$left" ] || fail "$1: processes left running: $left"
}

rm -rf "$run"
# --- 1. First run ------------------------------------------------------------
start=$(date +%s)
if ! run_local --fresh >"$tmp/out1" 2>"$tmp/err1"; then
  cat "$tmp/err1" >&2
  fail "the first run failed"
fi
echo "first run: $(($(date +%s) - start)) s" >&2
expect_none_left "after the first run"

expect() {
  grep -qF -- "$1" "$tmp/out1" || fail "run-local output lacks: $1"
}
expect "2024年 棚户区改造 计划（已下达）：5个项目，391套"
expect "2024年 保障性租赁住房 计划（已下达）：6个项目，886套"
expect "赤峰市填报租赁补贴发放2465户，所辖12个旗县区合计2546户，相差81户（红山区423户、"
expect "共12个旗县区，已报送12个，逾期0个"
expect "reserve_archived_ranked_planned = 是  来源: 项目储备库"
expect "| 合计     |                          |  100 |   96 |       96 |    0 |       96 |"
expect "rental：旗县区已报送12/12；盟市计算得分 96 自评 96 审核 96 优"
expect "旗县区合计 subsidy_issued_households = 2546"
expect "|    1 | 赤峰市 |   96 |"
expect "PERMISSION_DENIED"
expect "审计日志完整"
expect "赤峰市租赁住房保障绩效评价指标表"
expect "赤峰市城市棚户区改造绩效评价指标表"
expect "未报送：呼和浩特市（150100）、包头市（150200）"
expect "rental：未报送的旗县区0个"
expect "shanty：未报送的旗县区12个（红山区、元宝山区、"
expect "【催报提醒】红山区 2023 年度绩效自评报告"
expect "逾期督办"
# The three scored tables.
[ "$(grep -c '^| 评级 ' "$tmp/out1")" -eq 3 ] || fail "not three scored tables"

# --- 2. Second run on the same folder ---------------------------------------
start=$(date +%s)
if ! run_local >"$tmp/out2" 2>"$tmp/err2"; then
  cat "$tmp/err2" >&2
  fail "the second run failed"
fi
echo "second run: $(($(date +%s) - start)) s" >&2
expect_none_left "after the second run"
if ! diff -u "$tmp/out1" "$tmp/out2" >"$tmp/diff"; then
  cat "$tmp/diff" >&2
  fail "the second run printed something else"
fi
grep -qF "the 2023 campaign exists: not created again" "$tmp/err2" ||
  fail "the second run did not find the campaign"
grep -qF "not imported again" "$tmp/err2" ||
  fail "the second run did not find the reserve"

# --- 3. The services' logs: both runs, JSON lines ----------------------------
logs=()
for service in registry scoring submission notification; do
  logs+=("$run/logs/$service.log" "$run/logs/$service.log.1")
done
python3 - "${logs[@]}" <<'EOF' || fail "a service log is not JSON lines"
import json, sys
ok = True
for path in sys.argv[1:]:
    listening = False
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                entry = json.loads(line)
            except ValueError:
                print(f"{path}:{n}: not JSON: {line!r}", file=sys.stderr)
                ok = False
                continue
            if not isinstance(entry, dict):
                print(f"{path}:{n}: not an object", file=sys.stderr)
                ok = False
            elif entry.get("msg") == "listening":
                listening = True
    if not listening:
        print(f"{path}: no \"listening\" line", file=sys.stderr)
        ok = False
sys.exit(0 if ok else 1)
EOF

# --- 5. SIGINT half-way -------------------------------------------------------
# Job control on: a background job keeps SIGINT (otherwise bash starts it
# with SIGINT ignored, and nobody could interrupt it).
# Not through run_local: $! must be the script's own pid, not a subshell's.
set -m
ANJU_BUILD_DIR="$build_dir" ANJU_RUN_DIR="$run" \
  bash "$source_dir/deploy/run-local" --no-build --fresh \
  >"$tmp/out3" 2>"$tmp/err3" &
script=$!
set +m
# Interrupt once the five servers run and the filing has begun.
for _ in $(seq 1 600); do
  [ -e "$run/pids" ] && [ "$(wc -l <"$run/pids")" -ge 5 ] &&
    grep -q '== ' "$tmp/out3" && break
  sleep 0.1
done
servers=$(cut -d' ' -f1 "$run/pids" 2>/dev/null || true)
[ "$(wc -w <<<"$servers")" -eq 5 ] || fail "the interrupted run had no five servers"
kill -INT "$script"
code=0
wait "$script" || code=$?
[ "$code" -eq 130 ] || fail "interrupted run-local exited $code, not 130"
grep -qF "SIGINT: stopping the servers" "$tmp/err3" ||
  fail "the interrupted run did not say it stopped"
for pid in $servers; do
  if kill -0 "$pid" 2>/dev/null; then fail "server $pid alive after SIGINT"; fi
done
expect_none_left "after SIGINT"

if [ "$status" -ne 0 ]; then
  echo "--- first run's output ---" >&2
  cat "$tmp/out1" >&2
fi
exit "$status"
