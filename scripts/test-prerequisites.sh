#!/usr/bin/env bash
# Makes sure the machine has what the suites need: Debian's Chromium (browser tests), a running PostgreSQL
# (the store and scale-out suites) and real Odoo 19 prepared (the real-Odoo suites: scripts/prepare-real-odoo.sh,
# when ../shared/odoo is beside the clone or REAL_ODOO_SCRIPT is set; with CI=true it is required). Quick when
# everything is already there.
set -euo pipefail

if ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium (Debian package)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  pg_isready -h 127.0.0.1 -p 5432 -q || { echo "PostgreSQL did not start on 127.0.0.1:5432" >&2; exit 1; }
fi

# Real Odoo: required in CI; elsewhere prepared when the shared folder is there (the suites skip loudly otherwise).
if [ "${CI:-}" = true ] || [ -n "${REAL_ODOO_SCRIPT:-}" ] || [ -x ../shared/odoo/start-odoo.sh ] ||
  [ -x ../../shared/odoo/start-odoo.sh ]; then
  bash "$(dirname "$0")/prepare-real-odoo.sh"
else
  echo "real Odoo not prepared: no ../shared/odoo/start-odoo.sh beside the clone (the real-Odoo suites will be skipped)"
fi
