#!/usr/bin/env bash
# Runs Anju's benchmarks against an existing build tree and prints the
# figures (bench/README.md explains them). Builds nothing.
#
#   bench/run.sh [--build DIR] [--smoke] [--heap]
#                [engine|grpc|submission|results|all]
#                [-- LOADGEN_ARGS...]
#
# --build DIR  the build tree (default: $ANJU_BUILD_DIR, else build/)
# --smoke      a few seconds in all, for CTest: proves the code runs, and its
#              figures mean nothing
# --heap       experiment: the server puts Evaluate's messages on the heap,
#              not on the service's arena
# engine       the in-process engine benchmark (Google Benchmark)
# grpc         anju-bench-server + anju-loadgen: Evaluate vs the empty RPC
# submission   anju-submission-bench: durable submissions vs plain SQLite
#              commits (`submission -- ARGS` passes ARGS to it)
# results      anju-results-bench: cached GetCityTotals vs a Redis GET, and
#              the cold aggregation of the region (starts its own Redis)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${ANJU_BUILD_DIR:-${root}/build}"
smoke=0
server_args=()
what=all
loadgen_extra=()
while (($#)); do
  case "$1" in
    --build) build="$2"; shift 2 ;;
    --smoke) smoke=1; shift ;;
    --heap) server_args+=(--heap); shift ;;
    engine|grpc|submission|results|all) what="$1"; shift ;;
    --) shift; loadgen_extra=("$@"); break ;;
    *) echo "usage: $0 [--build DIR] [--smoke] [--heap]" \
            "[engine|grpc|submission|results|all]" \
            "[-- LOADGEN_ARGS]" >&2
       exit 2 ;;
  esac
done
bin="${build}/bin"

need() {
  if [[ ! -x "${bin}/$1" ]]; then
    echo "missing ${bin}/$1: build first (cmake --build ${build})" >&2
    exit 2
  fi
}

run_engine() {
  need anju-engine-bench
  echo "== engine, in process, one thread"
  local args=(--benchmark_min_time=0.5 --benchmark_repetitions=5
              --benchmark_enable_random_interleaving=true
              --benchmark_display_aggregates_only=true)
  ((smoke)) && args=(--benchmark_min_time=0.01)
  "${bin}/anju-engine-bench" "${args[@]}"
}

server_pid=""
server_log=""
server_port=""
stop_server() {
  if [[ -n "${server_pid}" ]]; then
    kill -TERM "${server_pid}" 2>/dev/null || true
    local rc=0
    wait "${server_pid}" || rc=$?
    server_pid=""
    if ((rc != 0)); then
      echo "anju-bench-server exited with ${rc}" >&2
      tail -n 5 "${server_log}" >&2
      return 1
    fi
  fi
}
cleanup() {
  stop_server || true
  # An if, not &&: a false test here would become the script's exit status
  # when no server ran (engine or submission alone).
  if [[ -n "${server_log}" ]]; then rm -f "${server_log}"; fi
}
trap cleanup EXIT

# Starts the server on a free port (port 0) and sets server_port to the port
# it bound, read from its JSON "listening" log line.
start_server() {
  server_log="$(mktemp)"
  "${bin}/anju-bench-server" --listen 127.0.0.1:0 "${server_args[@]}" \
    2>"${server_log}" &
  server_pid=$!
  local port=""
  for _ in $(seq 300); do
    port="$(grep -E '"msg": *"listening"' "${server_log}" |
            grep -oE '"port": *[0-9]+' | head -n 1 | grep -oE '[0-9]+$' ||
            true)"
    [[ -n "${port}" ]] && break
    if ! kill -0 "${server_pid}" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [[ -z "${port}" ]]; then
    echo "anju-bench-server did not start:" >&2
    cat "${server_log}" >&2
    exit 1
  fi
  server_port="${port}"
}

run_grpc() {
  need anju-bench-server
  need anju-loadgen
  echo "== gRPC, Evaluate vs the empty RPC on one server"
  start_server
  local args=()
  ((smoke)) && args=(--in-flight 1,8 --rounds 1 --round-seconds 0.25
                     --warmup-seconds 0.1)
  "${bin}/anju-loadgen" --target "127.0.0.1:${server_port}" "${args[@]}" \
    "${loadgen_extra[@]}"
  stop_server
}

run_submission() {
  need anju-submission-bench
  echo "== submissions, durable, vs plain SQLite commits on the same disk"
  local args=()
  ((smoke)) && args=(--clients 1,2 --rounds 1 --seconds 0.2
                     --warmup-seconds 0.05)
  # The args after -- are the load generator's, unless only this runs.
  [[ "${what}" == submission ]] && args+=("${loadgen_extra[@]}")
  "${bin}/anju-submission-bench" "${args[@]}"
}

run_results() {
  need anju-results-bench
  echo "== results API: cached GetCityTotals vs Redis GET; cold region"
  local args=()
  ((smoke)) && args=(--smoke)
  "${bin}/anju-results-bench" "${args[@]}"
}

echo "anju bench: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores," \
     "build ${build}"
case "${what}" in
  engine) run_engine ;;
  grpc) run_grpc ;;
  submission) run_submission ;;
  results) run_results ;;
  all) run_engine; run_grpc; run_submission; run_results ;;
esac
