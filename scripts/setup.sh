#!/usr/bin/env bash
# scripts/setup.sh — install every dependency of alphavlm (DESIGN.md section 2).
#
# Idempotent: packages already at the right version are left alone, so running it
# twice costs only the checks.  Works as root; otherwise uses sudo.
#
# Unicorn 2.1.4 and Capstone 5.x are not in Debian bookworm.  They come as .deb files
# from the first Debian suite after trixie that carries Unicorn >= 2.1.4 (forky, then
# sid): trixie's 2.1.1 resumes a mid-block uc_emu_stop() at the block start and
# re-runs instructions (docs/design.md).  The mirror is read from this machine's own
# apt sources (never written into the repo); the newer suite's package lists live in a
# private directory, so the system's apt configuration is never changed.
#
# The Linux-ABI tests (tests/linux/) build with Debian's riscv64 cross toolchains:
# glibc (gcc-riscv64-linux-gnu, bookworm) and musl, and run Debian's riscv64
# busybox-static.  musl-dev and busybox-static for riscv64 are foreign-architecture
# packages that bookworm lacks (riscv64 became a release architecture in trixie): they
# are downloaded from the same newer suite, with the same private lists but for
# architecture riscv64 (the machine's dpkg never learns of riscv64), and unpacked
# into RISCV_ROOT, never installed; musl_toolchain (below) makes bookworm's cross gcc
# link with them.
#
# `scripts/setup.sh --peers` (only `make bench-peers` asks for it; `make test` and
# `make demo` never download these) adds the full-system peer: qemu-system-misc and
# OpenSBI from bookworm, and Debian's riscv64 Linux kernel (the linux-image-riscv64
# meta package's kernel, from the same newer suite, riscv64 lists), unpacked into
# PEER_ROOT, never installed.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup.sh: not root and no sudo" >&2; exit 1; }
    SUDO="sudo"
fi

BOOKWORM_PKGS="build-essential pkg-config libcmocka-dev libelf-dev libdw-dev libjansson-dev
 libedit-dev gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf gdb-multiarch cpio
 libsdl2-dev libsdl2-image-dev libsdl2-ttf-dev fonts-dejavu-core xvfb xdotool x11-utils x11-apps
 qemu-user hyperfine tmux python3 gcc-riscv64-linux-gnu libc6-dev-riscv64-cross"
NEWER_PKGS="libunicorn2t64 libunicorn-dev libcapstone5 libcapstone-dev"
NEWER_SUITES="forky sid"
UNICORN_MIN=2.1.4
STATE=/var/cache/alphavlm-setup
RISCV_ROOT=/opt/alphavlm-riscv64          # musl and busybox-static, riscv64, unpacked
RISCV_PKGS="musl:riscv64 musl-dev:riscv64 busybox-static:riscv64"
PEER_PKGS="qemu-system-misc opensbi"      # bookworm: qemu-system-riscv64 and its firmware
PEER_ROOT=$RISCV_ROOT/peer                # the riscv64 kernel, unpacked

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

# apt options that point apt at a private sources list and lists directory for SUITE.
suite_opts() {
    local suite=$1
    opts=(-o "Dir::Etc::SourceList=$STATE/$suite.list" -o "Dir::Etc::SourceParts=/dev/null"
          -o "Dir::State::Lists=$STATE/lists-$suite" -o "Dir::Cache=$STATE/cache"
          -o "Dir::State::Status=/var/lib/dpkg/status" -o "APT::Get::List-Cleanup=0")
}

# Candidate version of package $2 in suite $1 (private lists), or nothing.
suite_version() {
    apt-cache "${opts[@]}" show "$2" 2>/dev/null | awk '/^Version:/ {print $2; exit}'
}

install_newer() {
    local uri suite v
    if pkg-config --atleast-version=$UNICORN_MIN unicorn 2>/dev/null &&
       pkg-config --atleast-version=5.0 capstone 2>/dev/null; then
        return
    fi
    uri=$(mirror_uri)
    [ -n "$uri" ] || { echo "setup: no Debian mirror found in /etc/apt sources" >&2; exit 1; }
    for suite in $NEWER_SUITES; do
        $SUDO mkdir -p "$STATE/lists-$suite/partial" "$STATE/cache/archives/partial"
        echo "deb $uri $suite main" | $SUDO tee "$STATE/$suite.list" >/dev/null
        suite_opts "$suite"
        $SUDO apt-get "${opts[@]}" update -qq || continue
        v=$(suite_version "$suite" libunicorn-dev)
        if [ -n "$v" ] && dpkg --compare-versions "$v" ge "$UNICORN_MIN"; then
            echo "setup: fetching $NEWER_PKGS from $suite (unicorn $v, machine's configured mirror)"
            $SUDO rm -rf "$STATE/debs" && $SUDO mkdir -p "$STATE/debs"
            # shellcheck disable=SC2086
            (cd "$STATE/debs" && $SUDO apt-get "${opts[@]}" download $NEWER_PKGS)
            $SUDO env DEBIAN_FRONTEND=noninteractive dpkg -i "$STATE"/debs/*.deb
            return
        fi
        echo "setup: $suite has unicorn ${v:-none}, need >= $UNICORN_MIN"
    done
    echo "setup: no suite in '$NEWER_SUITES' carries Unicorn >= $UNICORN_MIN" >&2
    exit 1
}

# riscv64-linux-musl-gcc in RISCV_ROOT/bin: Debian bookworm's riscv64-linux-gnu-gcc with
# musl's headers and libraries instead of glibc's.  The newer suite's musl objects were
# made by a newer binutils: bookworm's ld 2.40 crashes on their .riscv.attributes (new
# extension names) and cannot read crt1.o's R_RISCV_SET_ULEB128.  So the attributes are
# stripped from the archives and crti/crtn, and crt1.o is rebuilt from the C below
# (what musl's crt1.c and crt_arch.h do: _start passes sp to __libc_start_main).
musl_toolchain() {
    local m=$RISCV_ROOT/musl src=$RISCV_ROOT/usr/lib/riscv64-linux-musl f
    $SUDO mkdir -p "$m"
    $SUDO ln -sfn "$RISCV_ROOT/usr/include/riscv64-linux-musl" "$m/include"
    for f in libc.a libm.a crti.o crtn.o; do
        $SUDO riscv64-linux-gnu-objcopy --remove-section .riscv.attributes "$src/$f" "$m/$f"
    done
    cat <<'EOF' | $SUDO riscv64-linux-gnu-gcc -x c -c -O2 -fno-pic -ffreestanding -o "$m/crt1.o" -
int main();
void _init(void) __attribute__((weak));
void _fini(void) __attribute__((weak));
_Noreturn int __libc_start_main(int (*)(), int, char **, void (*)(void), void (*)(void),
                                void (*)(void));
__attribute__((used)) void _start_c(long *p)
{
    __libc_start_main(main, (int)p[0], (char **)(p + 1), _init, _fini, 0);
}
__asm__(".text\n.global _start\n_start:\n.weak __global_pointer$\n.hidden __global_pointer$\n"
        ".option push\n.option norelax\nlla gp, __global_pointer$\n.option pop\n"
        "mv a0, sp\nandi sp, sp, -16\ntail _start_c\n");
EOF
    $SUDO tee "$RISCV_ROOT/bin/riscv64-linux-musl-gcc" >/dev/null <<EOF
#!/bin/sh
# riscv64 musl on bookworm's cross gcc (scripts/setup.sh); static links only.
m=$m
set -- -nostdinc -isystem "\$m/include" -isystem "\$(riscv64-linux-gnu-gcc -print-file-name=include)" "\$@"
case " \$* " in *" -c "*|*" -S "*|*" -E "*) exec riscv64-linux-gnu-gcc "\$@" ;; esac
exec riscv64-linux-gnu-gcc -static -nostdlib -L"\$m" "\$m/crt1.o" "\$m/crti.o" "\$@" \\
    "\$m/libc.a" -lgcc "\$m/libc.a" "\$m/crtn.o"
EOF
    $SUDO chmod 755 "$RISCV_ROOT/bin/riscv64-linux-musl-gcc"
}

# True when the riscv64 musl toolchain and busybox are unpacked in RISCV_ROOT.
have_riscv() {
    [ -x "$RISCV_ROOT/bin/riscv64-linux-musl-gcc" ] && [ -f "$RISCV_ROOT/musl/crt1.o" ] &&
        [ -x "$RISCV_ROOT/usr/bin/busybox" ]
}

# Sets opts to the private riscv64 package lists of suite $2 (mirror $1), updated.
riscv_lists() {
    $SUDO mkdir -p "$STATE/lists-$2-riscv64/partial" "$STATE/cache/archives/partial"
    echo "deb $1 $2 main" | $SUDO tee "$STATE/$2.list" >/dev/null
    suite_opts "$2"
    opts+=(-o "Dir::State::Lists=$STATE/lists-$2-riscv64"
           -o "APT::Architecture=riscv64" -o "APT::Architectures::=riscv64")
    $SUDO apt-get "${opts[@]}" update -qq
}

# musl-dev and busybox-static for riscv64 from the first newer suite that has them:
# apt-get download into a scratch folder, dpkg-deb -x into RISCV_ROOT, paths fixed.
install_riscv() {
    local uri suite d
    have_riscv && return
    uri=$(mirror_uri)
    [ -n "$uri" ] || { echo "setup: no Debian mirror found in /etc/apt sources" >&2; exit 1; }
    for suite in $NEWER_SUITES; do
        riscv_lists "$uri" "$suite" || continue
        [ -n "$(suite_version "$suite" musl-dev:riscv64)" ] &&
            [ -n "$(suite_version "$suite" busybox-static:riscv64)" ] || continue
        echo "setup: fetching $RISCV_PKGS from $suite into $RISCV_ROOT"
        d=$(mktemp -d)
        # shellcheck disable=SC2086
        (cd "$d" && chmod 777 . && $SUDO apt-get "${opts[@]}" download $RISCV_PKGS)
        $SUDO mkdir -p "$RISCV_ROOT/bin"
        for f in "$d"/*.deb; do $SUDO dpkg-deb -x "$f" "$RISCV_ROOT"; done
        rm -rf "$d"
        musl_toolchain
        return
    done
    echo "setup: no suite in '$NEWER_SUITES' carries musl-dev and busybox-static for riscv64" >&2
    exit 1
}

# The riscv64 kernel image in PEER_ROOT, or nothing: boot/vmlinu[xz]-ABI in older
# packages, usr/lib/modules/ABI/vmlinuz in newer ones (an uncompressed RISC-V Image
# with an EFI stub header, which qemu's -kernel loads as it is).
peer_kernel() {
    { find "$PEER_ROOT/boot" "$PEER_ROOT/usr/lib/modules" -maxdepth 2 -name 'vmlinu[xz]*' 2>/dev/null ||
      true; } | sort -V | tail -1
}

# The full-system peer (--peers): qemu-system-riscv64 and OpenSBI from bookworm, and the
# kernel of linux-image-riscv64 from the first newer suite carrying it.  The meta package
# depends on linux-image-ABI, which holds the kernel itself or (newer suites) depends on
# linux-binary-ABI that does; the modules are not needed (the initramfs has no devices
# beyond the serial console, built in).
install_peers() {
    local need uri suite img bin d f
    need=$(missing $PEER_PKGS)
    if [ -n "$need" ]; then
        echo "setup: installing from bookworm: $need"
        $SUDO apt-get update -qq
        # shellcheck disable=SC2086
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need
    fi
    [ -n "$(peer_kernel)" ] && return
    uri=$(mirror_uri)
    [ -n "$uri" ] || { echo "setup: no Debian mirror found in /etc/apt sources" >&2; exit 1; }
    for suite in $NEWER_SUITES; do
        riscv_lists "$uri" "$suite" || continue
        img=$(apt-cache "${opts[@]}" depends linux-image-riscv64:riscv64 2>/dev/null |
              sed -n 's/^ *Depends: \(linux-image-[^ :]*\).*/\1/p' | head -1)
        [ -n "$img" ] || continue
        bin=$(apt-cache "${opts[@]}" depends "$img:riscv64" 2>/dev/null |
              sed -n 's/^ *Depends: \(linux-binary-[^ :]*\).*/\1/p' | head -1)
        echo "setup: fetching $img $bin (riscv64) from $suite into $PEER_ROOT"
        d=$(mktemp -d)
        (cd "$d" && chmod 777 . && $SUDO apt-get "${opts[@]}" download "$img:riscv64" ${bin:+"$bin:riscv64"})
        $SUDO rm -rf "$PEER_ROOT" && $SUDO mkdir -p "$PEER_ROOT"
        for f in "$d"/*.deb; do $SUDO dpkg-deb -x "$f" "$PEER_ROOT"; done
        rm -rf "$d"
        [ -n "$(peer_kernel)" ] && return
        echo "setup: $img from $suite holds no kernel image" >&2
    done
    echo "setup: no suite in '$NEWER_SUITES' gave a riscv64 kernel image" >&2
    exit 1
}

check_versions() {
    local ok=1
    pkg-config --atleast-version=$UNICORN_MIN unicorn ||
        { echo "setup: Unicorn >= $UNICORN_MIN required, found $(pkg-config --modversion unicorn 2>/dev/null || echo none)" >&2; ok=0; }
    pkg-config --atleast-version=5.0 capstone ||
        { echo "setup: Capstone >= 5.0 required, found $(pkg-config --modversion capstone 2>/dev/null || echo none)" >&2; ok=0; }
    pkg-config --exists cmocka libelf libdw jansson libedit sdl2 SDL2_ttf SDL2_image || { echo "setup: cmocka/libelf/libdw/jansson/libedit/SDL2 dev files missing" >&2; ok=0; }
    command -v riscv64-unknown-elf-gcc >/dev/null || { echo "setup: riscv64-unknown-elf-gcc missing" >&2; ok=0; }
    [ -d /usr/lib/picolibc/riscv64-unknown-elf ] || { echo "setup: picolibc for riscv64 missing" >&2; ok=0; }
    command -v riscv64-linux-gnu-gcc >/dev/null || { echo "setup: riscv64-linux-gnu-gcc missing" >&2; ok=0; }
    command -v qemu-riscv64 >/dev/null || { echo "setup: qemu-riscv64 missing" >&2; ok=0; }
    have_riscv || { echo "setup: riscv64 musl/busybox missing in $RISCV_ROOT" >&2; ok=0; }
    [ "$ok" = 1 ] || exit 1
    echo "setup: ok (unicorn $(pkg-config --modversion unicorn), capstone $(pkg-config --modversion capstone))"
}

# --check: exit 0 if everything is installed already, 1 if setup has work to do
# (the Makefile asks this once per build directory).
if [ "${1:-}" = --peers ]; then        # the bench-peers packages alone (the rest first)
    "$0"
    install_peers
    echo "setup: peers ok ($(qemu-system-riscv64 --version | head -1); kernel $(peer_kernel))"
    exit
fi
if [ "${1:-}" = --peers-check ]; then  # exit 0 if the peer is there already
    [ -z "$(missing $PEER_PKGS)" ] && [ -n "$(peer_kernel)" ]
    exit
fi
if [ "${1:-}" = --check ]; then
    [ -z "$(missing $BOOKWORM_PKGS)" ] &&
        pkg-config --atleast-version=$UNICORN_MIN unicorn 2>/dev/null &&
        pkg-config --atleast-version=5.0 capstone 2>/dev/null && have_riscv
    exit
fi

install_bookworm
install_newer
install_riscv
check_versions
