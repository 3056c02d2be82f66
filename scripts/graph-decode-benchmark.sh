#!/usr/bin/env bash
# Decoding speed of a realistic Graph delta page: JSONDecoder vs JSONSerialization + hand mapping.
# Compiles the MicrosoftGraph model sources with the measurement, optimized, outside SwiftPM (the
# models need Foundation only), and runs it. Usage: scripts/graph-decode-benchmark.sh [events-per-page] [repetitions]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${TMPDIR:-/tmp}/graph-decode-benchmark"
swiftc -O -o "$out" \
  Sources/MicrosoftGraph/Models/*.swift Sources/MicrosoftGraph/Models/Enums/*.swift \
  Sources/MicrosoftGraph/Envelope/GraphDeltaEntry.swift \
  Benchmarks/GraphDecode/main.swift
"$out" "${1:-100}" "${2:-50}"
