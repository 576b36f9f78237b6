#!/usr/bin/env bash
# `npm test`: the whole suite, in the order that fails fastest. Exits non-zero on the first failing step.
# Tests never touch .data/: integration tests and e2e start their own embedded PostgreSQL in temp folders.
set -euo pipefail
export NEXT_TELEMETRY_DISABLED=1
cd "$(dirname "$0")/../.."

declare -a timings=()
step() {
  local name="$1"
  shift
  echo
  echo "━━━ $name ━━━"
  local t0=$SECONDS
  "$@"
  timings+=("$(printf '%-28s %4ss' "$name" $((SECONDS - t0)))")
}

step "lint (eslint)" npx eslint . --max-warnings=0
step "dead code (knip)" npx knip --no-progress
step "format (prettier)" npx prettier --check . --log-level=warn
step "typecheck (tsc)" npx tsc --noEmit
step "schema vs migrations" node --import tsx scripts/dev/prisma-migrate.ts check
step "build SDK" npx tsc -p sdk/tsconfig.json
step "unit tests" npx vitest run --project unit
step "integration tests" npx vitest run --project integration
step "chromium for e2e" bash scripts/dev/ensure-chromium.sh
step "build (next build)" npx next build
step "e2e (playwright)" npx playwright test

echo
echo "━━━ summary ━━━"
printf '%s\n' "${timings[@]}"
echo "all $((${#timings[@]})) steps passed in ${SECONDS}s"
