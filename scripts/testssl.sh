#!/usr/bin/env bash
# Shows, with testssl.sh (an independent TLS scanner from Debian), that every TLS listener of the
# README's embedded default offers TLS 1.2/1.3 only and AEAD cipher suites only (finding F7 of #17):
# the portal's HTTPS port and the embedded data center's mutual-TLS port.
#  1. installs testssl.sh from Debian once, idempotently;
#  2. builds the portal (Release) and starts it on a scratch data folder and free ports;
#  3. scans both ports and fails if any protocol below TLS 1.2 or any non-AEAD suite is offered.
# Takes 2–4 minutes; not part of scripts/test.sh (the same property is proven there by real
# handshakes in tests/MioKarte.IntegrationTests/Hosting/TlsCipherSuiteTests.cs).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v testssl >/dev/null 2>&1; then
  echo "== installing testssl.sh from Debian"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends testssl.sh >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "== build"
dotnet build src/MioKarte.Web -c Release -v q -nologo >/dev/null

scratch=$(mktemp -d)
portal_port=${PORTAL_PORT:-5701}
center_port=${CENTER_PORT:-5743}
cleanup() { [ -n "${portal_pid:-}" ] && kill "$portal_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$scratch"; }
trap cleanup EXIT

echo "== starting the portal on https://127.0.0.1:$portal_port (data center on $center_port)"
(
  cd src/MioKarte.Web
  ASPNETCORE_ENVIRONMENT=Development \
  Portal__DataFolder="$scratch/portal" \
  DataCenter__Url="https://127.0.0.1:$center_port" \
  DataCenter__SeedDemoData=false \
  Demo__SeedAccounts=false \
  exec dotnet bin/Release/net10.0/MioKarte.Web.dll --urls "https://127.0.0.1:$portal_port"
) >"$scratch/portal.log" 2>&1 &
portal_pid=$!
for _ in $(seq 1 120); do
  curl -ksf "https://127.0.0.1:$portal_port/health/live" >/dev/null 2>&1 && break
  sleep 1
done
curl -ksf "https://127.0.0.1:$portal_port/health/live" >/dev/null || { echo "the portal did not start"; cat "$scratch/portal.log"; exit 1; }

status=0
for target in "portal 127.0.0.1:$portal_port" "data-center 127.0.0.1:$center_port"; do
  set -- $target
  name=$1 address=$2
  echo "== testssl: $name ($address)"
  testssl --quiet --color 0 --warnings off --protocols --cipher-per-proto \
    --jsonfile "$scratch/$name.json" "$address" >"$scratch/$name.txt" 2>&1 || true
  # Every offered protocol and suite, as testssl reports them.
  python3 - "$scratch/$name.json" "$name" <<'PY' || status=1
import json, sys
findings = json.load(open(sys.argv[1]))
name = sys.argv[2]
bad, suites = [], []
for f in findings:
    fid, finding = f.get("id", ""), f.get("finding", "")
    if fid in ("SSLv2", "SSLv3", "TLS1", "TLS1_1") and "not offered" not in finding:
        bad.append(f"{fid}: {finding}")
    if fid.startswith("cipher-tls1_2_") or fid.startswith("cipher-tls1_3_"):
        suite = finding.split()[-1]  # the IANA name ends the line
        suites.append(suite)
        if not any(aead in finding for aead in ("GCM", "CHACHA20", "POLY1305")):
            bad.append(f"non-AEAD suite offered: {finding}")
if not suites:
    bad.append("testssl reported no suite at all (did the scan reach the port?)")
print(f"{name}: {len(suites)} suites offered: {', '.join(sorted(set(suites)))}")
for b in bad:
    print(f"{name}: FAIL {b}")
sys.exit(1 if bad else 0)
PY
done

if [ $status -ne 0 ]; then
  echo "== testssl found protocols or suites outside the policy (full reports in the output above)"
  cat "$scratch"/*.txt
fi
exit $status
