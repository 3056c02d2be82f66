#!/usr/bin/env bash
# Builds the benchmark runner in release mode and runs every benchmark, printing the figures
# (Markdown tables) and keeping them, with the machine's description, in .build/benchmarks/.
# BENCHMARKS.md records the figures of one run of this script.
#
# usage: scripts/benchmarks.sh                  (from anywhere; about 10 minutes on 2 cores after the build)
#   SWIFT=...           the swift command (default: swift)
#   BENCH_SCRATCH=DIR   build directory (default .build; a separate one, e.g. .build-release, keeps
#                       SwiftPM's lock on .build free for debug builds and tests meanwhile)
#   BENCH_SKIP_BUILD=1  use the existing $BENCH_SCRATCH/release/prextra-sync-benchmarks
#   BENCH_SKIP_PARSING=1  skip the EWS parsing benchmark (Benchmarks/EWSParsing/run.sh, ~40 s)
#   BENCH_ONLY="a b"    run only these (subcommands, or ews-parsing)
#   BENCH_STEADY_MAILBOXES=N  mailboxes of the steady-state benchmark (default 1,000)
#   BENCH_BIN=PATH      run another build of the runner (e.g. .build/debug/prextra-sync-benchmarks)
# The exchangelib comparison needs .venv with scripts/python-requirements.txt;
# the script creates it when absent.
set -euo pipefail
cd "$(dirname "$0")/.."
swift=${SWIFT:-swift}
scratch=${BENCH_SCRATCH:-.build}
out=.build/benchmarks
mkdir -p "$out"
log="$out/figures.md"
: >"$log"
say() { printf '%s\n' "$*" | tee -a "$log"; }

say "# Benchmark run $(date -u +%Y-%m-%dT%H:%M:%SZ)"
say ""
say "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr)"
say "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
say "- swift: $("$swift" --version 2>/dev/null | head -1)"
say "- command: scripts/benchmarks.sh (git $(git rev-parse --short HEAD 2>/dev/null || echo '?'))"
say ""

if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
  echo "== swift build -c release --product prextra-sync-benchmarks --scratch-path $scratch" >&2
  "$swift" build -c release --product prextra-sync-benchmarks --scratch-path "$scratch" >&2
fi
bin=${BENCH_BIN:-$scratch/release/prextra-sync-benchmarks}
[[ -x "$bin" ]] || { echo "missing $bin: build it first" >&2; exit 1; }

if [[ ! -x .venv/bin/python ]] || ! .venv/bin/python -c 'import exchangelib' 2>/dev/null; then
  echo "== creating .venv (scripts/python-requirements.txt)" >&2
  python3 -m venv .venv && .venv/bin/pip install -q --disable-pip-version-check -r scripts/python-requirements.txt >&2
fi

# Subcommands in order; the service ones are listed by the runner only when it has them.
available=$("$bin" --help | awk '/SUBCOMMANDS:/ {on=1; next} on && /^  [a-z]/ {print $1}')
benchmarks=${BENCH_ONLY:-simulator-scale mailbox-read calendar-read token-concurrency first-sync steady-state}
status=0
for name in $benchmarks; do
  if ! grep -qx "$name" <<<"$available"; then
    say "(benchmark $name is not in this build)"
    continue
  fi
  echo "== $name" >&2
  extra=()
  [[ $name == steady-state ]] && extra=(--mailboxes "${BENCH_STEADY_MAILBOXES:-1000}")
  if ! "$bin" "$name" --json "$out/$name.json" "${extra[@]}" | tee -a "$log"; then
    say "(benchmark $name FAILED)"
    status=1
  fi
done

if [[ -z "${BENCH_SKIP_PARSING:-}" && ( -z "${BENCH_ONLY:-}" || " ${BENCH_ONLY} " == *" ews-parsing "* ) ]]; then
  echo "== ews-parsing (Benchmarks/EWSParsing/run.sh)" >&2
  say "## ews-parsing (swiftc -O -wmo)"
  say ""
  Benchmarks/EWSParsing/run.sh 2>&1 | tee -a "$log" || { say "(ews-parsing FAILED)"; status=1; }
fi

say ""
say "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "figures: $log" >&2
exit "$status"
