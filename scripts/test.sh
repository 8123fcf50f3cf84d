#!/usr/bin/env bash
# Runs every test suite of MIO Karte: the README's second command, and what .ci/run calls.
#  1. installs, once and idempotently, what the suites need from Debian;
#  2. builds with warnings as errors and checks formatting;
#  3. runs the unit, integration and end-to-end suites, and the integration suite a second time on
#     PostgreSQL (a throwaway server in a temporary folder, started and stopped here);
#  4. last, the cluster test (scripts/test-cluster.sh: PostgreSQL, two nodes, nginx, a node killed under
#     load), which installs what it needs itself (nginx, wrk) and counts as one test in the total;
#  5. ends with one line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/debian.sh
debian_install chromium fonts-ipaexfont poppler-utils python3-aiosmtpd postgresql
# The package starts a system cluster of its own on install; the suite never uses it.

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "== restore and build (warnings are errors)"
dotnet tool restore >/dev/null
dotnet build MioKarte.sln -c Release -v q -nologo

echo "== formatting"
dotnet format MioKarte.sln --verify-no-changes --no-restore

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"
status=0
for suite in UnitTests IntegrationTests EndToEndTests; do
  echo "== $suite"
  dotnet test "tests/MioKarte.$suite" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$suite.trx" --results-directory "$results" || status=1
done

# The integration suite again on PostgreSQL: a server of its own in a temporary folder (scripts/lib/postgres.sh),
# a database per portal made and dropped by the tests (tests/…/Infrastructure/TestDatabase.cs).
echo "== IntegrationTests on PostgreSQL"
source scripts/lib/postgres.sh
pg_dir=$(mktemp -d /tmp/miokarte-pg.XXXXXX)
trap 'postgres_stop "$pg_dir"' EXIT
if postgres_start "$pg_dir"; then
  MIOKARTE_TEST_DATABASE=PostgreSql dotnet test tests/MioKarte.IntegrationTests -c Release --no-build -nologo \
    --logger "trx;LogFileName=IntegrationTests.PostgreSql.trx" --results-directory "$results" || status=1
else
  echo "PostgreSQL did not start" >&2
  status=1
fi
postgres_stop "$pg_dir"
trap - EXIT

# Last: two portal nodes over one PostgreSQL behind nginx, one killed and restarted under load
# (docs/operations.md 「複数ノード」). It publishes what was built above; its own summary is printed.
echo "== cluster test"
cluster=passed
bash scripts/test-cluster.sh --no-build || { cluster=failed; status=1; }

# One closing line for CI, summed from the TRX files of the three suites and the PostgreSQL run,
# and the cluster test as one more.
python3 - "$results" "$cluster" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
passed = failed = skipped = 0
if sys.argv[2] == "passed":
    passed += 1
else:
    failed += 1
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find("{*}ResultSummary/{*}Counters")
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
    skipped += int(counters.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
