# Shared by ./build-aux/run and ./build-aux/test: sourced, not run.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)

# Installs the packages of the given lists that are missing; as root only,
# otherwise prints the command to run.
ensure_packages () {
  missing=""
  for list in "$@"; do
    for pkg in $(grep -vE '^(#|$)' "$top/build-aux/$list"); do
      if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $pkg"
      fi
    done
  done
  if [ -z "$missing" ]; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "Diogelu needs these Debian packages:$missing" >&2
    echo "Install them with:  sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
  fi
  echo "Installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $missing
}

# Configures (or reconfigures) and builds into $1 with the remaining meson options.
build_into () {
  dir=$1
  shift
  if [ -f "$top/$dir/build.ninja" ]; then
    meson configure "$top/$dir" "$@" >/dev/null
  else
    meson setup "$top/$dir" "$top" "$@"
  fi
  meson compile -C "$top/$dir"
}
