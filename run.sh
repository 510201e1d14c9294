#!/usr/bin/env bash
# Tessera quickstart.
#   ./run.sh          install into .venv and open the cashier window on demo data
#   ./run.sh test     install with the dev tools and run linters and the whole test suite
# Debian/Ubuntu packages the project needs are installed when run as root;
# otherwise they are named in one clear message.
set -euo pipefail
cd "$(dirname "$0")"
mode="${1:-demo}"
[[ $# -gt 0 ]] && shift

say() { printf 'tessera: %s\n' "$*" >&2; }

python_bin() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [[ -n "$candidate" ]] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  say "Python 3.11 or newer is needed (apt-get install python3)"; exit 2
}

# Runtime: zbar for pyzbar, the libraries Qt's xcb/offscreen platforms load, PulseAudio for Qt Multimedia.
RUNTIME_DEBS=(libzbar0 libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
              libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0
              libxcb-image0 libpulse0)
# Tests: PostgreSQL for the server suite, a Hangul font for the Korean screen, pdftoppm for PDF checks,
# chromium for the member page (Playwright drives it).
TEST_DEBS=(postgresql fonts-noto-cjk poppler-utils chromium)

ensure_debs() {
  command -v dpkg-query >/dev/null 2>&1 || return 0   # not Debian/Ubuntu: nothing we can check
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ $(id -u) -eq 0 ]]; then
    say "installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 ||
      { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
  else
    say "missing system packages: ${missing[*]}"
    say "install them with: sudo apt-get install ${missing[*]}  (then run this again)"
    exit 2
  fi
}

ensure_venv() {
  local py; py="$(python_bin)"
  if [[ ! -x .venv/bin/python ]]; then
    if ! "$py" -m venv .venv >/dev/null 2>&1; then
      rm -rf .venv
      local ver; ver="$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
      ensure_debs "python${ver}-venv"
      "$py" -m venv .venv
    fi
  fi
  local extras="$1" stamp=".venv/.installed-${1:-base}" target="."
  [[ -n "$extras" ]] && target=".[$extras]"
  if [[ ! -f "$stamp" || pyproject.toml -nt "$stamp" ]]; then
    say "installing Tessera into .venv ${extras:+($extras)}"
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null
    .venv/bin/python -m pip install -q -e "$target"
    touch "$stamp"
  fi
}

case "$mode" in
  demo)
    ensure_debs "${RUNTIME_DEBS[@]}"
    ensure_venv ""
    exec .venv/bin/tessera-pos --demo "$@"
    ;;
  test)
    ensure_debs "${RUNTIME_DEBS[@]}" "${TEST_DEBS[@]}"
    ensure_venv dev
    if [[ -z "${TESSERA_TEST_PG_URL:-}" && -x scripts/postgres.sh && $(id -u) -eq 0 ]]; then
      TESSERA_TEST_PG_URL="$(scripts/postgres.sh)"
      export TESSERA_TEST_PG_URL
    fi
    say "ruff";        .venv/bin/ruff check pos_app sync tests bench build_installer.py
    say "mypy";        .venv/bin/mypy pos_app sync
    say "import contracts"; .venv/bin/lint-imports
    say "pytest";      exec .venv/bin/python -m pytest -q -p no:cacheprovider --durations=15 "$@"
    ;;
  *)
    say "usage: ./run.sh [demo|test]"; exit 2 ;;
esac
