# The steps of deploy/run-local, sourced by it: what the city, its counties
# and the region do through the APIs. Each step first reads what is stored
# and only writes what is missing, so that a second run on the same data
# files nothing again and prints the same tables. Needs from run-local:
# as, heading, json, note, root, counties.

readonly city=150400
readonly reserve_year=2024
readonly year=2023

# --- 项目储备库: the city's 2024 reserve, its archives and plans ------------

# "ID TYPE" of every archive type the city's projects still miss, one a line
# (or "ID -" for a project that misses none, so that the ids are listed).
reserve_gaps() {
  as chifeng-coordinator project list --org "$city" --all --format json |
    json '
for p in j.get("projects", []):
    for t in p.get("missing_archive_types") or ["-"]:
        print(p["id"], t)'
}

# The archive types the registry requires of each programme, data records
# only here (a sample has no photos): it is what makes the reserve's
# "档案完整" true, as the city's self-evaluation says. Four at a time.
file_archives() {
  local gaps
  gaps=$(reserve_gaps | grep -v ' -$' || true)
  [ -n "$gaps" ] || return 0
  note "filing $(wc -l <<<"$gaps") archive records"
  local id type n=0 jobs=()
  while read -r id type; do
    as chifeng-coordinator archive upload --project "$id" \
      --type "$(archive_label "$type")" \
      --data "来源=data/samples/chifeng-2024-reserve（示例）" >/dev/null &
    jobs+=($!)
    n=$((n + 1))
    if [ $((n % 4)) -eq 0 ]; then
      wait_all "${jobs[@]}"
      jobs=()
    fi
  done <<<"$gaps"
  wait_all "${jobs[@]}"
}

# Waits for the given background jobs (never for the servers); fails if
# one of them failed.
wait_all() {
  local pid failed=0
  for pid in "$@"; do wait "$pid" || failed=1; done
  return "$failed"
}

archive_label() {
  case "$1" in
    ARCHIVE_TYPE_BASIC_INFO) echo 基本情况 ;;
    ARCHIVE_TYPE_RESIDENT_WILLINGNESS) echo 居民改造意愿 ;;
    ARCHIVE_TYPE_RENOVATION_PLAN) echo 改造方案 ;;
    ARCHIVE_TYPE_PROGRESS) echo 工程进度 ;;
    ARCHIVE_TYPE_BEFORE_AFTER) echo 改造前后效果 ;;
    *) die "unknown archive type $1" ;;
  esac
}

# PLAN_STATE_… of the city's plan, or "none".
plan_state() {
  { as chifeng-coordinator plan show --org "$city" --programme "$1" \
    --year "$reserve_year" --format json 2>/dev/null || true; } |
    json 'print(j.get("state", "none"))'
}

# Drafted from the ranking, uncapped, and frozen (下达): the reserve then
# vouches that its projects are 已纳入年度计划.
freeze_plan() {
  local programme=$1 state
  state=$(plan_state "$programme")
  if [ "$state" = none ]; then
    as chifeng-coordinator plan draft --org "$city" --programme "$programme" \
      --year "$reserve_year" >/dev/null
    state=PLAN_STATE_DRAFT
  fi
  if [ "$state" != PLAN_STATE_FROZEN ]; then
    as chifeng-coordinator plan freeze --org "$city" \
      --programme "$programme" --year "$reserve_year" >/dev/null
    note "$reserve_year $programme plan of $city frozen"
  fi
}

plan_line() {
  as chifeng-coordinator plan show --org "$city" --programme "$1" \
    --year "$reserve_year" --format json | json '
e = j.get("entries", [])
units = sum(x.get("units", 0) for x in e)
homes = sum(x.get("households", 0) for x in e)
state = {"PLAN_STATE_FROZEN": "已下达"}.get(j.get("state"), "草稿")
year = j.get("year")
print(f"{year}年 {sys.argv[1]} 计划（{state}）：{len(e)}个项目，{units}套，{homes}户")' "$2"
}

file_reserve() {
  heading "赤峰市：项目储备库（${reserve_year}年，data/samples/chifeng-2024-reserve）"
  local projects
  projects=$(reserve_gaps | cut -d' ' -f1 | sort -u | wc -l)
  if [ "$projects" -eq 0 ]; then
    as chifeng-coordinator project import \
      "$root/data/samples/chifeng-2024-reserve/projects.csv" --org "$city" >&2
  else
    note "the reserve holds $projects projects: not imported again"
  fi
  file_archives
  local programme
  for programme in shanty affordable_rental oldcomm; do
    freeze_plan "$programme"
  done
  plan_line shanty 棚户区改造
  plan_line affordable_rental 保障性租赁住房
  plan_line oldcomm 老旧小区改造
  heading "赤峰市：棚户区改造项目优先排序（${reserve_year}年）"
  as chifeng-coordinator project rank --org "$city" --programme shanty \
    --year "$reserve_year"
}

# --- The 2023 campaign and its reports --------------------------------------

# REPORT_STATE_… of a report, or "none".
report_state() {
  { as "$1" report show --org "$2" --programme "$3" --year "$year" \
    --format json 2>/dev/null || true; } | json 'print(j.get("state", "none"))'
}

# The states in which a report still has to be submitted (reminders go
# out for them too).
readonly not_submitted=(none REPORT_STATE_UNSPECIFIED REPORT_STATE_DRAFT
  REPORT_STATE_RETURNED REPORT_STATE_CORRECTION)

is_submitted() {
  [[ " ${not_submitted[*]} " != *" $1 "* ]]
}

# Files the facts and submits, unless the report was submitted already.
file_and_submit() {
  local who=$1 org=$2 programme=$3 file=$4
  if is_submitted "$(report_state "$who" "$org" "$programme")"; then
    note "$org $programme $year: submitted already"
    return 0
  fi
  as "$who" report edit --file "$file" >&2
  as "$who" report submit --org "$org" --programme "$programme" \
    --year "$year" >&2
}

# The counties' rental reports not yet submitted, by code, one a line.
counties_to_file() {
  as chifeng-coordinator status --city 赤峰市 --programme rental \
    --year "$year" --format json | json '
for r in j.get("reports", []):
    if r["state"] in sys.argv[1:]:
        print(r["org"])' "${not_submitted[@]}"
}

# Each county files and submits its own figures, four at a time.
file_counties() {
  local todo file code n=0 jobs=()
  todo=$(counties_to_file)
  [ -n "$todo" ] || note "the counties' rental reports are submitted already"
  for code in $todo; do
    file=$(echo "$root"/data/samples/chifeng-2023/counties/"$code"-*.yaml)
    file_and_submit "filer-$code" "$code" rental "$file" &
    jobs+=($!)
    n=$((n + 1))
    if [ $((n % 4)) -eq 0 ]; then
      wait_all "${jobs[@]}"
      jobs=()
    fi
  done
  wait_all "${jobs[@]}"
}

file_campaign() {
  # The county deadline two days ahead (China time), so that reminders are
  # due now; the city's a month ahead.
  if ! as region-admin campaign show --year "$year" >/dev/null 2>&1; then
    as region-admin campaign create --year "$year" \
      --county-deadline "$(TZ=Asia/Shanghai date -d '+2 days' \
        '+%Y-%m-%dT23:59:59+08:00')" \
      --city-deadline "$(TZ=Asia/Shanghai date -d '+30 days' \
        '+%Y-%m-%dT23:59:59+08:00')" >&2
  else
    note "the $year campaign exists: not created again"
  fi
  heading "自治区：${year}年度绩效评价"
  as region-admin campaign show --year "$year"

  file_counties
  heading "赤峰市：旗县区报送情况（租赁住房保障）"
  as chifeng-coordinator status --city 赤峰市 --programme rental --year "$year"

  for programme in rental shanty oldcomm; do
    file_and_submit chifeng-coordinator "$city" "$programme" \
      "$root/data/samples/chifeng-2023/$programme.yaml"
  done
  if [ "$(report_state region-reviewer "$city" rental)" != \
    REPORT_STATE_REVIEWED ]; then
    as region-reviewer report review --org "$city" --programme rental \
      --year "$year" --accept-computed >/dev/null
  fi
}

# --- What the city and the region read --------------------------------------

show_results() {
  local programme
  for programme in rental shanty oldcomm; do
    heading "赤峰市 $programme 一致性检查"
    as chifeng-coordinator report check --org "$city" \
      --programme "$programme" --year "$year"
  done
  heading "赤峰市 shanty 报告中来自项目储备库的数据"
  as chifeng-coordinator report show --org "$city" --programme shanty \
    --year "$year" | grep -F '来源: 项目储备库' || true
  for programme in rental shanty oldcomm; do
    heading "赤峰市 $programme 指标表（自评得分、系统计算得分、自治区审核得分）"
    as region-reviewer export --org "$city" --programme "$programme" \
      --year "$year" --format table
  done
  heading "赤峰市：绩效结果（旗县区合计与盟市得分）"
  as region-reviewer totals --city 赤峰市 --year "$year"
  heading "自治区：租赁住房保障排名"
  as region-reviewer rank --programme rental --year "$year"
  heading "访问控制：红山区的凭据读取元宝山区的报告（应被拒绝）"
  as filer-150402 report show --org 150403 --programme rental --year "$year" \
    2>&1 || true
  heading "审计日志校验"
  as region-reviewer audit verify
}

# --- Reminders (催报提醒) ----------------------------------------------------

# Contacts with an inbox: the city's coordinator (who gets the escalations)
# and the filers of three counties; put unless there already.
put_contacts() {
  local spec org name role
  for spec in "$city:赤峰市住建局 李科长:coordinator" \
    "150402:红山区住建局 王科长:filer" "150403:元宝山区住建局 赵科长:filer" \
    "150404:松山区住建局 张科长:filer"; do
    IFS=: read -r org name role <<<"$spec"
    if as chifeng-coordinator contact list --org "$org" --format json |
      json 'sys.exit(0 if any(c["name"] == sys.argv[1] for c in j.get("contacts", [])) else 1)' \
        "$name"; then
      continue
    fi
    as chifeng-coordinator contact put --org "$org" --name "$name" \
      --role "$role" --inbox >&2
  done
}

# The dispatcher watches a past year's campaign once it has a policy: T-3
# and T-1 at 09:00, an overdue notice daily, escalation on overdue day 3.
set_policy() {
  if as region-admin reminders policy show --year "$year" --format json |
    json 'sys.exit(0 if j.get("is_default") else 1)'; then
    as region-admin reminders policy set --year "$year" --days 3,1 \
      --send-time 09:00 --overdue-every 1 --escalate-after 3 >&2
  fi
}

# Waits (at most 20 s) until the dispatcher has delivered what is due.
wait_delivered() {
  for _ in $(seq 1 40); do
    if as region-admin deliveries list --year "$year" --format json | json '
d = j.get("deliveries", [])
busy = [x for x in d if x.get("state") in ("DELIVERY_STATE_PENDING",
                                           "DELIVERY_STATE_SENDING")]
sys.exit(0 if d and not busy else 1)'; then
      return 0
    fi
    sleep 0.5
  done
  note "no reminder was delivered within 20 s"
}

not_submitted_line() {
  as chifeng-coordinator status --city 赤峰市 --programme "$1" \
    --year "$year" --format json | json '
late = [r["org_name"] for r in j.get("reports", [])
        if r["state"] in sys.argv[2:]]
print(f"{sys.argv[1]}：未报送的旗县区{len(late)}个" +
      ("（" + "、".join(late) + "）" if late else ""))' "$1" "${not_submitted[@]}"
}

set_reminders() {
  put_contacts
  set_policy
  heading "自治区：${year}年度催报提醒策略"
  as region-admin reminders policy show --year "$year"
  heading "赤峰市：尚未报送的旗县区"
  local programme
  for programme in rental shanty oldcomm; do not_submitted_line "$programme"; done
  wait_delivered
  heading "红山区：已到期并发出的提醒（站内信）"
  as filer-150402 inbox list --org 150402
  heading "红山区：今后7天待发的提醒与督办（提醒预览）"
  as chifeng-coordinator reminders preview --year "$year" --org 150402 \
    --to "$(date -d '+7 days' --iso-8601=seconds)"
}
