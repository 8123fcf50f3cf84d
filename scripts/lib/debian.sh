# Installs Debian packages once, idempotently; sourced by scripts/test.sh, test-cluster.sh and benchmark-pages.sh (bash).
#   debian_install PACKAGE…   apt-get installs those not installed yet (with sudo unless root); nothing else.
debian_install() {
  local package missing=() sudo_cmd=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  ((${#missing[@]})) || return 0
  echo "== installing from Debian: ${missing[*]}"
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
