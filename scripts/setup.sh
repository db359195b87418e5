#!/usr/bin/env bash
# scripts/setup.sh — install every dependency of alphavlm (DESIGN.md section 2).
#
# Idempotent: packages already at the right version are left alone, so running it
# twice costs only the checks.  Works as root; otherwise uses sudo.
#
# Unicorn 2.1.x and Capstone 5.x are not in Debian bookworm, so they come from Debian
# trixie as .deb files.  The mirror is read from this machine's own apt sources (never
# written into the repo); trixie's package lists live in a private directory, so the
# system's apt configuration is never changed.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup.sh: not root and no sudo" >&2; exit 1; }
    SUDO="sudo"
fi

BOOKWORM_PKGS="build-essential pkg-config libcmocka-dev libelf-dev
 gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf gdb-multiarch cpio
 libsdl2-dev libsdl2-image-dev qemu-user hyperfine"
TRIXIE_PKGS="libunicorn2t64 libunicorn-dev libcapstone5 libcapstone-dev"
STATE=/var/cache/alphavlm-setup

missing() {  # prints the packages of "$@" that dpkg does not have installed
    local p
    for p in "$@"; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' \
            || printf '%s ' "$p"
    done
}

# The first http(s) URI of the main Debian archive in the machine's own sources.
mirror_uri() {
    local f uri
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -e "$f" ] || continue
        uri=$(awk '/^URIs:/ {u=$2} /^Suites:/ && / bookworm( |$)/ && u!="" {print u; exit}
                   /^$/ {u=""}' "$f")
        [ -n "$uri" ] && { echo "$uri"; return; }
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -e "$f" ] || continue
        uri=$(awk '$1=="deb" && $0 ~ / bookworm / { for (i=2;i<=NF;i++) if ($i ~ /^https?:/) {print $i; exit} }' "$f")
        [ -n "$uri" ] && { echo "$uri"; return; }
    done
}

install_bookworm() {
    local need
    need=$(missing $BOOKWORM_PKGS)
    [ -z "$need" ] && return
    echo "setup: installing from bookworm: $need"
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need
}

install_trixie() {
    local need uri opts
    if pkg-config --atleast-version=2.1 unicorn 2>/dev/null &&
       pkg-config --atleast-version=5.0 capstone 2>/dev/null; then
        return
    fi
    need="$TRIXIE_PKGS"
    uri=$(mirror_uri)
    [ -n "$uri" ] || { echo "setup: no Debian mirror found in /etc/apt sources" >&2; exit 1; }
    echo "setup: fetching $need from trixie (machine's configured mirror)"
    $SUDO mkdir -p "$STATE/lists/partial" "$STATE/cache/archives/partial" "$STATE/debs"
    echo "deb $uri trixie main" | $SUDO tee "$STATE/trixie.list" >/dev/null
    opts=(-o "Dir::Etc::SourceList=$STATE/trixie.list" -o "Dir::Etc::SourceParts=/dev/null"
          -o "Dir::State::Lists=$STATE/lists" -o "Dir::Cache=$STATE/cache"
          -o "Dir::State::Status=/var/lib/dpkg/status" -o "APT::Get::List-Cleanup=0")
    $SUDO apt-get "${opts[@]}" update -qq
    # shellcheck disable=SC2086
    (cd "$STATE/debs" && $SUDO apt-get "${opts[@]}" download $need)
    $SUDO env DEBIAN_FRONTEND=noninteractive dpkg -i "$STATE"/debs/*.deb
}

check_versions() {
    local ok=1
    pkg-config --atleast-version=2.1 unicorn ||
        { echo "setup: Unicorn >= 2.1 required, found $(pkg-config --modversion unicorn 2>/dev/null || echo none)" >&2; ok=0; }
    pkg-config --atleast-version=5.0 capstone ||
        { echo "setup: Capstone >= 5.0 required, found $(pkg-config --modversion capstone 2>/dev/null || echo none)" >&2; ok=0; }
    pkg-config --exists cmocka libelf sdl2 || { echo "setup: cmocka/libelf/sdl2 dev files missing" >&2; ok=0; }
    command -v riscv64-unknown-elf-gcc >/dev/null || { echo "setup: riscv64-unknown-elf-gcc missing" >&2; ok=0; }
    [ -d /usr/lib/picolibc/riscv64-unknown-elf ] || { echo "setup: picolibc for riscv64 missing" >&2; ok=0; }
    [ "$ok" = 1 ] || exit 1
    echo "setup: ok (unicorn $(pkg-config --modversion unicorn), capstone $(pkg-config --modversion capstone))"
}

install_bookworm
install_trixie
check_versions
