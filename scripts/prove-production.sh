#!/usr/bin/env bash
# The slow, literal variant of test/production-build.test.ts: `npm run build`, then in a fresh folder
# `npm ci --omit=dev --offline` (from the npm cache; compiles better-sqlite3 when no prebuilt binary is cached: minutes
# on a loaded machine) and `node dist/server/main.js` in production mode, then /healthz. Exits non-zero on failure.
set -euo pipefail
root=$(pwd)
npm run build >/dev/null
dir=$(mktemp -d /tmp/prove-production-XXXX)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$dir"' EXIT
cp package.json package-lock.json "$dir/"
mkdir -p "$dir/dist" && cp -r dist/server dist/contract dist/docs dist/addin "$dir/dist/"
cd "$dir"
npm ci --omit=dev --offline --no-audit --no-fund
export SYNC_MODE=production PORT=0 HOST=127.0.0.1 PUBLIC_URL=https://sync.example.test DATA_DIR="$dir/data" \
  AUTH_CLIENT_ID=6731de76-14a6-49ae-97bc-6eba6914391e AUTH_CLIENT_SECRET=unused \
  AUTH_ALLOWED_TENANTS=72f988bf-86f1-41af-91ab-2d7cd011db47 ADMIN_API_KEY=prove-production-admin-key-0123 \
  ENCRYPTION_KEYS="k1:$(head -c 32 /dev/urandom | base64)" ERP_KIND=rest REST_ERP_URL=http://127.0.0.1:9/api \
  REST_ERP_TOKEN=unused GRAPH_NOTIFICATIONS=off AUTH_AUTHORITY_HOST=https://127.0.0.1:9 GRAPH_BASE_URL=https://127.0.0.1:9
node dist/server/main.js >"$dir/out.log" 2>&1 &
pid=$!
for _ in $(seq 60); do grep -q 'Backend:' "$dir/out.log" && break; sleep 1; done
url=$(grep -o 'Backend: *https://[^ ]*' "$dir/out.log" | awk '{print $2}')
curl -fsS --cacert "$dir/data/certs/ca.pem" "$url/healthz" && echo && echo "production runs from npm ci --omit=dev ($root)"
