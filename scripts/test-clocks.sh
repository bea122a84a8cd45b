#!/usr/bin/env bash
# The whole suite, run once per awkward "now" (issue 13: no test outcome may depend on the day it
# runs). Each run sets both clocks a test can read:
# - the test clock, server/src/testing/clock.ts, through OPSLEDGER_TEST_NOW (the browser gets it
#   through Playwright's clock);
# - the process clock, through Debian's libfaketime (apt-get install faketime), so code that reads
#   Date.now() or `new Date()` directly is exercised at that date too. It is an offset from the real
#   clock, not a "start at" date: the clock ticks (timeouts and retries work), and every process of
#   the run (vitest's workers, the CLIs the tests spawn, Chromium) sees the same instant, where a
#   "start at" date would restart at the instant in each new process. The monotonic clock is faked
#   along (libfaketime's default): with FAKETIME_DONT_FAKE_MONOTONIC=1 Chromium takes about a
#   minute to launch instead of a second.
# Only the Postgres server keeps the real clock; nothing compares its now() with the process clock.
#
#   npm run test:clocks                           # the three instants below
#   npm run test:clocks -- 2027-03-28T01:30:00Z   # any others
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -gt 0 ]; then
  INSTANTS=("$@")
else
  INSTANTS=(
    "2026-11-23T09:00:00Z" # a sprint's first day (anchor 2026-01-05, 14 days), and an ISO week that began today
    "2026-10-25T03:00:00Z" # a daylight-saving change: Europe leaves summer time at 01:00 UTC that day
    "2026-12-31T23:30:00Z" # a year end (already New Year in Berlin, not yet in New York)
  )
fi

FAKETIME_LIB=$(ls /usr/lib/*/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1 2>/dev/null | head -n 1 || true)
if [ -z "$FAKETIME_LIB" ]; then
  echo "libfaketime.so.1 not found: apt-get install faketime" >&2
  exit 1
fi

npm run build -w web >/dev/null
failed=()
for instant in "${INSTANTS[@]}"; do
  target=$(date -u -d "$instant" +%s) || { echo "not an instant: $instant" >&2; exit 1; }
  echo "== the whole suite as of ${instant}"
  started=$(date +%s)
  # libfaketime reads a signed offset in seconds; computed just before the run, so the run starts at the instant.
  if OPSLEDGER_TEST_NOW="$instant" FAKETIME="$(printf '%+d' $((target - $(date +%s))))" LD_PRELOAD="$FAKETIME_LIB" \
    npx vitest run; then
    echo "== as of ${instant}: passed in $(($(date +%s) - started)) s"
  else
    echo "== as of ${instant}: FAILED after $(($(date +%s) - started)) s"
    failed+=("$instant")
  fi
done
# Every instant runs even when one fails: a failure as of one date must not hide another's.
if [ "${#failed[@]}" -gt 0 ]; then
  echo "the suite failed as of: ${failed[*]}" >&2
  exit 1
fi
