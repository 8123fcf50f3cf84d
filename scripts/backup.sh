#!/usr/bin/env bash
# Backs up one MIO Karte portal: the database (with the data-protection keys, which live in it), the
# network CA, the certificates that protect the keys and the CA at rest, and the 同意書 scans — into
# one new folder with a manifest (time, provider, migration, SHA-256 of every file). docs/operations.md.
#
#   scripts/backup.sh --output DIR [--provider Sqlite|PostgreSql]
#
# The portal's own configuration says what to back up (appsettings*.json beside MioKarte.Web.dll,
# ASPNETCORE_ENVIRONMENT, Database__Provider, Database__ConnectionString …); --provider overrides
# Database:Provider. Run it while the nodes serve: SQLite is copied with its online backup API,
# PostgreSQL with pg_dump -Fc (one snapshot). Not backed up: the embedded reference data center's
# data (the data center's own system) and the development TLS certificates (re-made on start).
# Exit 0 done, 1 refused, 2 failed. Needs: dotnet, sha256sum; for PostgreSQL Debian's postgresql.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib/portal.sh"

output=""
while (($#)); do
  case $1 in
    --output) output=$2; shift 2 ;;
    --provider) export Database__Provider=$2; shift 2 ;;
    *) echo "usage: $0 --output DIR [--provider Sqlite|PostgreSql]" >&2; exit 1 ;;
  esac
done
[ -n "$output" ] || { echo "usage: $0 --output DIR [--provider Sqlite|PostgreSql]" >&2; exit 1; }
output=$(realpath -m "$output")
if [ -e "$output" ]; then
  echo "バックアップ先が既にあります。上書きはしません / $output already exists; a backup never overwrites" >&2
  exit 1
fi

PORTAL_INFO=$(portal database info) || { echo "the portal could not read its database (see above)" >&2; exit 2; }
provider=$(portal_info provider)
# Built beside the target and renamed at the end: a folder named DIR is always a complete backup.
work="$output.partial"
rm -rf "$work"
mkdir -p "$work/files"
trap 'rm -rf "$work"' EXIT

case $provider in
  Sqlite) database=database.sqlite; pg=() ;;
  PostgreSql)
    source "$here/lib/postgres.sh"
    database=database.pgdump; pg=(--pg-bin "$(postgres_bin)") ;;
  *) echo "$provider: back it up with the server's own tools (docs/operations.md)" >&2; exit 1 ;;
esac
portal database backup --output "$work/$database" "${pg[@]}" || exit 2

# The files the database needs back: the generated network CA's folder (its key's password is
# protected by the data-protection keys in the database, so the two only work together), and the
# PKCS#12 files named in configuration — still encrypted by their passwords, which stay in the
# secret store and are never in a backup.
copy_folder() { # KEY NAME
  local from; from=$(portal_info "$1")
  if [ -n "$from" ] && [ -d "$from" ]; then cp -a "$from" "$work/files/$2"; echo "$2=files/$2"; fi
}
copy_file() { # KEY NAME
  local from; from=$(portal_info "$1")
  if [ -n "$from" ] && [ -f "$from" ]; then cp -a "$from" "$work/files/$2"; echo "$2=files/$2"; fi
}
{
  echo "format=miokarte-backup-1"
  echo "created=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "provider=$provider"
  echo "migration=$(portal_info migration)"
  echo "database=$database"
  copy_folder network-ca-folder network-ca
  copy_folder consent-scans consent-scans
  copy_file network-ca-certificate network-ca-certificate.pfx
  copy_file dataprotection-certificate dataprotection-certificate.pfx
  copy_file dataprotection-previous-certificate dataprotection-previous-certificate.pfx
  (cd "$work" && find . -type f ! -name 'manifest.txt*' -printf '%P\n' | LC_ALL=C sort | xargs -r -d '\n' sha256sum | sed 's/^/sha256 /')
} >"$work/manifest.txt.tmp"
mv "$work/manifest.txt.tmp" "$work/manifest.txt"
chmod -R go-rwx "$work"
mv "$work" "$output"
trap - EXIT
echo "バックアップしました / backup written: $output"
grep -v '^sha256 ' "$output/manifest.txt"
