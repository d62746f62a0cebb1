# Sourced by the install-*.sh scripts: installs Debian packages a test needs, the same way for
# each (only when missing, no recommends, as root or through passwordless sudo, with one clear
# line when neither works), and stops a package's own system service, which the tests never use:
# they start their own server on loopback as a child process.
#
# The sourcing script sets `tool` (its name in messages) and `skip` (the -D flag that skips it).

# debian_install "<what the test is>" package... : installs the packages, or exits 1 with a line
# naming what to run instead.
debian_install() {
  local purpose=$1
  shift
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$tool: no apt-get here; install $* by hand, or skip with -D$skip=true" >&2
    exit 1
  fi
  as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1 || ! sudo -n true 2>/dev/null; then
      echo "$tool: $* missing and this user cannot install them; run: sudo apt-get install $*" >&2
      exit 1
    fi
    as_root=(sudo -n)
  fi
  echo "$tool: installing Debian's $* for $purpose"
  export DEBIAN_FRONTEND=noninteractive
  # One package-list refresh per build (within the hour), not one per script: on a fresh machine
  # all four scripts install, and each update takes seconds.
  local stamp
  stamp="$(dirname "${BASH_SOURCE[0]}")/../target/.apt-lists-updated"
  if [ -z "$(find "$stamp" -mmin -60 2>/dev/null)" ]; then
    "${as_root[@]}" apt-get -qq update
    mkdir -p "$(dirname "$stamp")" && touch "$stamp"
  fi
  "${as_root[@]}" apt-get -qq install -y --no-install-recommends "$@" >/dev/null
}

# debian_stop_service <service>: stops and disables the service a package's postinst started
# where the init system allows it (a reboot must not bring it back either).
debian_stop_service() {
  local service=$1
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    "${as_root[@]}" systemctl disable --now "$service.service" >/dev/null 2>&1 || true
  else
    if [ -x "/etc/init.d/$service" ]; then
      "${as_root[@]}" "/etc/init.d/$service" stop >/dev/null 2>&1 || true
    fi
    if command -v update-rc.d >/dev/null 2>&1; then
      "${as_root[@]}" update-rc.d "$service" disable >/dev/null 2>&1 || true
    fi
  fi
}
