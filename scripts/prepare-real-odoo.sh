#!/usr/bin/env bash
# Prepares real Odoo 19 for the real-Odoo suites (test/support/real-odoo.ts): Odoo's tree, its Python dependencies
# and the template database, through the shared start-odoo.sh (--install-only). Needs PostgreSQL up. Fails loudly
# when start-odoo.sh is missing or cannot prepare: CI requires real Odoo. Prints how long it took.
set -euo pipefail
cd "$(dirname "$0")/.."
script=${REAL_ODOO_SCRIPT:-}
if [ -z "$script" ]; then
  for candidate in ../shared/odoo/start-odoo.sh ../../shared/odoo/start-odoo.sh; do
    [ -x "$candidate" ] && { script=$candidate; break; }
  done
fi
if [ -z "$script" ] || [ ! -x "$script" ]; then
  echo "REAL ODOO MISSING: ../shared/odoo/start-odoo.sh not found (or set REAL_ODOO_SCRIPT); CI requires real Odoo" >&2
  exit 1
fi
start=$(date +%s)
db="rodoo_$$_ci_prepare"
ODOO_DATA=${ODOO_DATA:-/var/tmp/odoo-data}
mkdir -p "$ODOO_DATA"
if ! flock "$ODOO_DATA/../real-odoo-prepare.lock" "$script" --db "$db" --install-only --info /dev/null >/dev/null; then
  echo "REAL ODOO FAILED: $script --install-only could not prepare real Odoo (see above)" >&2
  exit 1
fi
psql -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U "${PGSUPER:-postgres}" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"
rm -rf "$ODOO_DATA/filestore/$db"
echo "real Odoo prepared with $script in $(( $(date +%s) - start )) s"
