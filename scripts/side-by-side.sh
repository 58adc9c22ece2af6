#!/usr/bin/env bash
# Runs each argument (a shell command) at the same time, then prints each one's output whole, in argument order, and
# fails when any failed, naming it. npm test runs `npm run typecheck` and `npm run lint` so: each is one process on one
# core most of the time (tsc, eslint, prettier): on the shared 2-core machine one after the other took 290 s (load
# 14-19) and 116 s (load 7-8), side by side 227 s (load 18-22) and 103 s (load 8).
# Usage: bash scripts/side-by-side.sh 'npm run -s typecheck' 'npm run -s lint'
set -uo pipefail
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pids=()
index=0
for command in "$@"; do
  (
    started=$SECONDS
    bash -c "$command"
    status=$?
    echo $((SECONDS - started)) >"$dir/$index.seconds"
    exit "$status"
  ) >"$dir/$index.out" 2>&1 &
  pids+=("$!")
  index=$((index + 1))
done
failed=()
index=0
for command in "$@"; do
  if wait "${pids[$index]}"; then status=ok; else status="FAILED (exit $?)"; failed+=("$command"); fi
  echo "== $command: $status in $(cat "$dir/$index.seconds" 2>/dev/null || echo '?') s"
  cat "$dir/$index.out"
  index=$((index + 1))
done
if [ "${#failed[@]}" -gt 0 ]; then
  printf 'side-by-side: failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
