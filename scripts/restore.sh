#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into an EMPTY place: the database the portal's
# configuration names (SQLite file absent or empty; PostgreSQL database without tables — create it
# first) and the data folder (no network-ca/ or consent-scans/ there yet). docs/operations.md.
#
#   scripts/restore.sh --input DIR [--provider Sqlite|PostgreSql]
#
# Refuses, before changing anything, a damaged backup (a file missing or not matching the manifest's
# SHA-256), a backup of another provider, and a target that is not empty. Then check the restored
# portal with `verify-access-log` (the script runs it) and a sign-in.
# Exit 0 restored and the access log intact, 1 refused, 2 failed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib/portal.sh"

input=""
while (($#)); do
  case $1 in
    --input) input=$2; shift 2 ;;
    --provider) export Database__Provider=$2; shift 2 ;;
    *) echo "usage: $0 --input DIR [--provider Sqlite|PostgreSql]" >&2; exit 1 ;;
  esac
done
[ -n "$input" ] || { echo "usage: $0 --input DIR [--provider Sqlite|PostgreSql]" >&2; exit 1; }
input=$(realpath "$input")
manifest="$input/manifest.txt"
refuse() { echo "復元しません / not restored: $*" >&2; exit 1; }

# 1. The backup is whole: the manifest is ours and every file it lists has its hash.
[ -f "$manifest" ] || refuse "$input has no manifest.txt (not a backup, or damaged)"
value() { sed -n "s/^$1=//p" "$manifest" | head -n 1; }
[ "$(value format)" = miokarte-backup-1 ] || refuse "$manifest is not a MIO Karte backup manifest (damaged?)"
listed=$(grep -c '^sha256 ' "$manifest" || true)
[ "$listed" -gt 0 ] || refuse "the manifest lists no files (damaged)"
if ! (cd "$input" && grep '^sha256 ' "$manifest" | sed 's/^sha256 //' | sha256sum --check --quiet --strict >/dev/null 2>&1); then
  refuse "the backup is damaged: a file is missing or does not match its SHA-256 in the manifest ($(cd "$input" && grep '^sha256 ' "$manifest" | sed 's/^sha256 //' | sha256sum --check --quiet 2>&1 | head -n 3 | tr '\n' ' '))"
fi
database="$input/$(value database)"

# 2. The target, as the portal's configuration names it, is of the same provider and empty.
PORTAL_INFO=$(portal database info) || { echo "the portal could not reach the target database (see above)" >&2; exit 2; }
provider=$(portal_info provider)
[ "$provider" = "$(value provider)" ] || refuse "the backup is of $(value provider), the target is $provider (--provider or Database__Provider)"
[ -z "$(portal_info migration)" ] || refuse "the target database is not empty (it has migration $(portal_info migration)); a restore never overwrites"
data_folder=$(portal_info data-folder)
for folder in network-ca consent-scans; do
  if [ -n "$(value "$folder")" ] && [ -d "$data_folder/$folder" ] && [ -n "$(ls -A "$data_folder/$folder")" ]; then
    refuse "$data_folder/$folder is not empty; a restore never overwrites"
  fi
done
# A certificate named by the target's configuration may already be there (deployed from the secret
# store): the same file is fine, a different one is refused.
declare -A certificate_key=([network-ca-certificate.pfx]=network-ca-certificate
  [dataprotection-certificate.pfx]=dataprotection-certificate
  [dataprotection-previous-certificate.pfx]=dataprotection-previous-certificate)
for name in "${!certificate_key[@]}"; do
  [ -n "$(value "$name")" ] || continue
  to=$(portal_info "${certificate_key[$name]}")
  if [ -n "$to" ] && [ -f "$to" ] && ! cmp -s "$to" "$input/files/$name"; then
    refuse "$to exists and differs from the backup's $name"
  fi
done

# 3. Restore: the database first (the command refuses a non-empty one again, in its own transaction).
pg=()
if [ "$provider" = PostgreSql ]; then
  source "$here/lib/postgres.sh"
  pg=(--pg-bin "$(postgres_bin)")
fi
portal database restore --input "$database" "${pg[@]}" || exit $?
for folder in network-ca consent-scans; do
  if [ -n "$(value "$folder")" ]; then
    mkdir -p "$data_folder/$folder"
    cp -a "$input/files/$folder/." "$data_folder/$folder/"
    chmod 700 "$data_folder/$folder"
  fi
done
for name in "${!certificate_key[@]}"; do
  [ -n "$(value "$name")" ] || continue
  to=$(portal_info "${certificate_key[$name]}")
  if [ -z "$to" ]; then
    echo "note: the backup holds $name but the configuration names no path for it; it stays in $input/files" >&2
  elif [ ! -f "$to" ]; then
    install -m 600 "$input/files/$name" "$to"
  fi
done

echo "復元しました / restored: $(value provider) backup of $(value created), migration $(value migration)"
# 4. The access log's hash chain, as restored.
portal verify-access-log
