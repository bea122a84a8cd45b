#!/usr/bin/env bash
# The date-sensitive tests, run once per awkward "now" (issue 13: no test outcome may depend on
# the day it runs). Every test reads "now" from server/src/testing/clock.ts, which takes
# OPSLEDGER_TEST_NOW; the browser gets the same instant through Playwright's clock. The files are
# those that read that clock (TEST_NOW, or createTestApp without its own `now`) and the browser
# tests; tests with a fixed instant of their own (the notification suites, whose digests name the
# weeks around it) and the scheduler's wall-clock test are left out.
#
#   npm run test:clocks                 # the three instants below
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

FILES=(
  web/e2e/dashboard.test.ts
  web/e2e/accessibility.test.ts
  web/e2e/signin.test.ts
  web/e2e/opsWork.test.ts
  web/e2e/maturity.test.ts
  web/e2e/sprintReview.test.ts
  server/src/notifications/deliver.test.ts
  server/src/routes/ingest.happy.test.ts
  server/src/routes/sprints.happy.test.ts
  server/src/routes/ingest.error.test.ts
  server/src/routes/ingest.security.test.ts
  server/src/routes/webhooks.test.ts
  server/src/routes/gitlabWebhooks.test.ts
  server/src/routes/system.security.test.ts
  server/src/cli/cli.test.ts
  server/src/cli/serve.test.ts
  server/src/cli/backup.test.ts
  server/src/cli/canary.security.test.ts
)

npm run build -w web >/dev/null
for instant in "${INSTANTS[@]}"; do
  echo "== tests as of ${instant}"
  started=$(date +%s)
  OPSLEDGER_TEST_NOW="$instant" npx vitest run "${FILES[@]}"
  echo "== as of ${instant}: passed in $(($(date +%s) - started)) s"
done
