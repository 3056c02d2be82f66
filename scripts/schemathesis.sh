#!/usr/bin/env bash
# Runs Schemathesis (from PyPI, pinned) against openapi/prextra-sync.yaml and a real
# `prextra-sync serve` on 127.0.0.1 with a throw-away configuration and state file.
# Fails (non-zero) on any 5xx and on any response that contradicts the document (status
# code, content type, headers, body schema).
#
#   scripts/schemathesis.sh                      # builds prextra-sync with `swift build`
#   PREXTRA_SYNC_BIN=.build/debug/prextra-sync scripts/schemathesis.sh
#   SCHEMATHESIS_MAX_EXAMPLES=200 SCHEMATHESIS_SEED=7 scripts/schemathesis.sh
#
# Needs network access only for PyPI, the first time (the virtual environment is kept in .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

schemathesis_version=$(sed -n 's/^schemathesis==//p' scripts/python-requirements.txt)
max_examples=${SCHEMATHESIS_MAX_EXAMPLES:-50}
seed=${SCHEMATHESIS_SEED:-20261124}

# 1. Schemathesis in the repository's virtual environment (pinned in scripts/python-requirements.txt).
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if [ "$(.venv/bin/python -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null)" != "$schemathesis_version" ]; then
  .venv/bin/pip install --quiet --disable-pip-version-check -r scripts/python-requirements.txt
fi

# 2. The service.
if [ -z "${PREXTRA_SYNC_BIN:-}" ]; then
  swift build --product prextra-sync
  PREXTRA_SYNC_BIN="$(swift build --show-bin-path)/prextra-sync"
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
api_key=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(32))')
# The token endpoint is the API itself (a 404 there): verify fails fast instead of reaching Entra ID.
cat > "$work/appsettings.json" <<JSON
{
  "Exchange": [
    {
      "Environment": "prextra",
      "ApplicationId": "6f1c2a9e-3b4d-4e8f-9a0b-1c2d3e4f5a6b",
      "ClientSecret": "Zq18Q~SchemathesisRun.NotARealSecret-0123",
      "TenantId": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
      "Authority": "http://127.0.0.1:$port",
      "EwsUrl": "http://127.0.0.1:9/EWS/Exchange.asmx",
      "Mailboxes": [ "jane.doe@prextra.example" ]
    },
    {
      "Environment": "autreClient",
      "ApplicationId": "7e2d3b0f-4c5e-4f9a-8b1c-2d3e4f5a6b7c",
      "ClientSecret": "Yw29Q~SchemathesisRun.NotARealSecret-4567",
      "TenantId": "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e",
      "Authority": "http://127.0.0.1:$port",
      "EwsUrl": "http://127.0.0.1:9/EWS/Exchange.asmx"
    }
  ],
  "PrextraSync": {
    "Store": { "Kind": "Sqlite", "Path": "state.sqlite" },
    "Listen": "127.0.0.1:$port",
    "SyncInterval": "1h",
    "ApiKeys": [ { "Name": "schemathesis", "Key": "$api_key" } ]
  }
}
JSON
cat > "$work/schemathesis.toml" <<TOML
[parameters]
"path.environment" = "prextra"
TOML

"$PREXTRA_SYNC_BIN" serve --config "$work/appsettings.json" --requests-per-second 100000 --burst 100000 \
  > "$work/serve.log" 2>&1 &
server_pid=$!

base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do
  if .venv/bin/python -c "import urllib.request,sys; urllib.request.urlopen('$base/healthz', timeout=1)" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "schemathesis.sh: prextra-sync serve exited:" >&2
    cat "$work/serve.log" >&2
    exit 1
  fi
  sleep 0.5
done

# 3. The run. Exit status 1 on any finding.
set +e
.venv/bin/st --config-file "$work/schemathesis.toml" run "$root/openapi/prextra-sync.yaml" \
  --url "$base" \
  --header "Authorization: Bearer $api_key" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --max-examples "$max_examples" --seed "$seed" \
  --request-timeout 30 --no-color --output-sanitize true
status=$?
set -e

if [ "$status" -ne 0 ]; then
  echo "schemathesis.sh: findings (exit $status); server log:" >&2
  tail -n 50 "$work/serve.log" >&2
fi
exit "$status"
