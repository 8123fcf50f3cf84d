#!/usr/bin/env bash
# Measures the patient record page (一連の表) through the real portal (docs/performance.md):
#  1. installs, once and idempotently, what the run needs from Debian: wrk (load), chromium and
#     the Japanese font (Largest Contentful Paint of the page as a person's browser renders it);
#  2. builds the portal and the benchmarks in Release (warnings are errors);
#  3. runs the benchmarks' `portal-pages` runner, which starts the portal itself on free loopback
#     ports with a temporary data folder and stops it at the end.
# Arguments go to the runner: [--standalone-center] [cold rounds, default 3] [wrk seconds, default 20].
# --standalone-center: the reference data center runs as its own process, started once (as in
# production), and only the portal is restarted between the cold rounds.
# --postgres (first argument): the portal's database is a throwaway PostgreSQL server started with
# scripts/lib/postgres.sh (Debian's postgresql; stopped and removed at the end) instead of SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."

postgres=0
if [ "${1:-}" = "--postgres" ]; then
  postgres=1
  shift
fi

apt_packages=(wrk chromium fonts-ipaexfont)
[ "$postgres" -eq 0 ] || apt_packages+=(postgresql)
# shellcheck source=lib/debian.sh
source scripts/lib/debian.sh
debian_install "${apt_packages[@]}"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "== build (Release, warnings are errors)"
dotnet build src/MioKarte.Web -c Release -v q -nologo
dotnet build benchmarks/MioKarte.Benchmarks -c Release -v q -nologo
dotnet build src/MioKarte.DataCenter -c Release -v q -nologo

if [ "$postgres" -eq 1 ]; then
  # shellcheck source=lib/postgres.sh
  source scripts/lib/postgres.sh
  pg_dir=$(mktemp -d /tmp/miokarte-bench-pg.XXXXXX)
  trap 'postgres_stop "$pg_dir"' EXIT
  postgres_start "$pg_dir"
  export MIOKARTE_BENCHMARK_POSTGRES="$MIOKARTE_TEST_POSTGRES"
  echo "== PostgreSQL in $pg_dir (fsync off, as for the tests: commit figures without the disk's flush)"
fi

echo "== portal-pages"
dotnet run -c Release --no-build --project benchmarks/MioKarte.Benchmarks -- portal-pages "$@"
