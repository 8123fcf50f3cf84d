# Runs the portal's operator commands (MioKarte.Web.dll database …, verify-access-log) for
# scripts/backup.sh and restore.sh, with the configuration the portal itself reads: appsettings*.json
# beside the dll, ASPNETCORE_ENVIRONMENT, and environment variables such as Database__Provider.
#   MIOKARTE_PORTAL_DLL   the published MioKarte.Web.dll (default: ./MioKarte.Web.dll, else the
#                         repository's Release build)
portal_dll() {
  local dll=${MIOKARTE_PORTAL_DLL:-}
  if [ -z "$dll" ]; then
    if [ -f ./MioKarte.Web.dll ]; then
      dll=$PWD/MioKarte.Web.dll
    else
      dll=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/src/MioKarte.Web/bin/Release/net10.0/MioKarte.Web.dll
    fi
  fi
  [ -f "$dll" ] || { echo "MioKarte.Web.dll not found ($dll): set MIOKARTE_PORTAL_DLL" >&2; return 1; }
  echo "$dll"
}

# portal ARGS…: the portal's command, run in its own folder (its content root: appsettings.json).
portal() {
  local dll
  dll=$(portal_dll) || return 2
  (cd "$(dirname "$dll")" && dotnet "$(basename "$dll")" "$@")
}

# portal_info KEY: one value of `database info`, read once into PORTAL_INFO.
portal_info() {
  sed -n "s/^$1=//p" <<<"$PORTAL_INFO" | head -n 1
}
