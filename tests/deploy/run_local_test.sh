#!/usr/bin/env bash
# deploy/run-local --no-build on this build tree, and what its output must
# show: the seed's 2465/2546 finding naming the counties, the scored tables,
# the city's totals summed from its counties, the ranking, the refused
# cross-county read and an intact audit chain.
set -euo pipefail
source_dir=$1
build_dir=$2
out=$(ANJU_BUILD_DIR="$build_dir" ANJU_RUN_DIR="$build_dir/run-local" \
  bash "$source_dir/deploy/run-local" --no-build 2>&1)
status=0
expect() {
  if ! grep -qF -- "$1" <<<"$out"; then
    echo "run-local output lacks: $1" >&2
    status=1
  fi
}
expect "赤峰市填报租赁补贴发放2465户，所辖12个旗县区合计2546户，相差81户（红山区423户、"
expect "共12个旗县区，已报送12个，逾期0个"
expect "计算得分 96，评级 优"
expect "计算得分 99，评级 优"
expect "| 合计     |                          |  100 |   96 |       96 |    0 |       96 |"
expect "rental：旗县区已报送12/12；盟市计算得分 96 自评 96 审核 96 优"
expect "旗县区合计 subsidy_issued_households = 2546"
expect "|    1 | 赤峰市 |   96 |"
expect "PERMISSION_DENIED"
expect "审计日志完整"
expect "赤峰市租赁住房保障绩效评价指标表"
expect "未报送：呼和浩特市（150100）、包头市（150200）"
if [ "$status" -ne 0 ]; then
  echo "--- run-local output ---" >&2
  echo "$out" >&2
fi
exit "$status"
