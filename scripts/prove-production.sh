#!/usr/bin/env bash
# Production runs from `npm ci --omit=dev` (issue 14 Must 5), literally: the build copied into a fresh folder with the
# lockfile, `npm ci --omit=dev --offline` there (npm's cache, filled by an earlier `npm ci`; better-sqlite3's binary as
# below), then `node dist/server/main.js` in production mode
# answers /healthz and serves the admin console. Exits non-zero, saying where, on any failure. CI runs it after
# `npm test` with --reuse-build (the suites built dist/addin and dist/console from the same sources); the fast variant
# inside `npm test` is test/production-build.test.ts.
# With --reuse-server too, dist/server is used as it is (.ci/run builds it just before, and runs the bench beside this
# proof from the same dist/: a rebuild here would remove it under the bench's processes).
# Usage: bash scripts/prove-production.sh [--reuse-build [--reuse-server]]
set -euo pipefail
trap 'echo "prove-production: FAILED (line $LINENO)" >&2' ERR
root=$(pwd)
started=$SECONDS
phase() { echo "prove-production: $1 ($((SECONDS - started)) s)"; }
if [ "${1:-}" = "--reuse-build" ] && [ -f dist/addin/taskpane.html ] && [ -f dist/console/index.html ]; then
  if [ "${2:-}" != "--reuse-server" ] || [ ! -f dist/server/main.js ]; then npm run -s build:server >/dev/null; fi
else
  npm run -s build >/dev/null
fi
phase "built"
dir=$(mktemp -d /tmp/prove-production-XXXX)
# Removing the install takes minutes on a loaded disk: done in the background, nobody waits for it.
trap 'if [ -n "${pid:-}" ]; then kill "$pid" 2>/dev/null || true; fi; (rm -rf "$dir" >/dev/null 2>&1 &)' EXIT
cp package.json package-lock.json "$dir/"
mkdir -p "$dir/dist" && cp -r dist/server dist/contract dist/docs dist/addin dist/console "$dir/dist/"
# better-sqlite3 installs through prebuild-install, which downloads a prebuilt binary from GitHub on a production host.
# GitHub is out of reach here, so it would compile sqlite (433 s on a loaded machine). Instead it gets the binary the
# project's own `npm ci` built on this machine, through prebuild-install's documented local-prebuilds option, the same
# step as the download. Without that binary (never built), it compiles as before.
sqlite_binary="$root/node_modules/better-sqlite3/build/Release/better_sqlite3.node"
if [ -f "$sqlite_binary" ]; then
  version=$(node -p "require('$root/node_modules/better-sqlite3/package.json').version")
  abi=$(node -p 'process.versions.modules')
  mkdir -p "$dir/prebuilds/build/Release" && cp "$sqlite_binary" "$dir/prebuilds/build/Release/"
  tar -czf "$dir/prebuilds/better-sqlite3-v$version-node-v$abi-$(node -p 'process.platform')-$(node -p 'process.arch').tar.gz" \
    -C "$dir/prebuilds" build
  rm -rf "$dir/prebuilds/build"
  export npm_config_better_sqlite3_local_prebuilds="$dir/prebuilds"
fi
cd "$dir"
npm ci --omit=dev --offline --no-audit --no-fund --loglevel=error
phase "npm ci --omit=dev --offline done"
export SYNC_MODE=production PORT=0 HOST=127.0.0.1 PUBLIC_URL=https://sync.example.test DATA_DIR="$dir/data" \
  AUTH_CLIENT_ID=6731de76-14a6-49ae-97bc-6eba6914391e AUTH_CLIENT_SECRET=unused \
  AUTH_ALLOWED_TENANTS=72f988bf-86f1-41af-91ab-2d7cd011db47 ADMIN_API_KEY=prove-production-admin-key-0123 \
  ENCRYPTION_KEYS="k1:$(head -c 32 /dev/urandom | base64)" ERP_KIND=rest REST_ERP_URL=http://127.0.0.1:9/api \
  REST_ERP_TOKEN=unused GRAPH_NOTIFICATIONS=off AUTH_AUTHORITY_HOST=https://127.0.0.1:9 GRAPH_BASE_URL=https://127.0.0.1:9
node dist/server/main.js >"$dir/out.log" 2>&1 &
pid=$!
for _ in $(seq 60); do grep -q 'Backend:' "$dir/out.log" && break; sleep 1; done
url=$(grep -o 'Backend: *https://[^ ]*' "$dir/out.log" | awk '{print $2}') || { cat "$dir/out.log" >&2; false; }
curl -fsS --cacert "$dir/data/certs/ca.pem" "$url/healthz" && echo
curl -fsS --cacert "$dir/data/certs/ca.pem" "$url/admin/console/" | grep -Eq '<div id="?root"?>'
phase "production runs from npm ci --omit=dev ($root): /healthz alive, /admin/console/ served"
