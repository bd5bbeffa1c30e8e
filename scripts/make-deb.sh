#!/usr/bin/env bash
# Builds retrowalk_VERSION_ARCH.deb from a built binary (`make deb`): the tree of scripts/install.sh with
# PREFIX=/usr and the unit in /lib/systemd/system, the maintainer scripts of packaging/debian, and Depends
# computed by dpkg-shlibdeps from the libraries the binary links (libbluetooth3, libasound2, libsqlite3-0, libc6…).
# Usage: scripts/make-deb.sh BINARY OUTDIR   (prints the .deb's path on the last line)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$(realpath "${1:?usage: make-deb.sh BINARY OUTDIR}")
outdir=${2:?usage: make-deb.sh BINARY OUTDIR}
version=$(scripts/version.sh)
arch=$(dpkg --print-architecture)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage="$work/root"

PREFIX=/usr DESTDIR="$stage" UNITDIR=/lib/systemd/system VERSION="$version" scripts/install.sh "$binary" >/dev/null

# dpkg-shlibdeps wants a debian/control beside it; a minimal one is enough.
mkdir -p "$work/src/debian"
printf 'Source: retrowalk\n\nPackage: retrowalk\nArchitecture: any\n' >"$work/src/debian/control"
shlibs=$(cd "$work/src" && dpkg-shlibdeps -O -e"$stage/usr/bin/retrowalk" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[[ -n "$shlibs" ]] || { echo "make-deb: dpkg-shlibdeps found no libraries for '$binary'." >&2; exit 1; }

install -d -m 755 "$stage/DEBIAN"
install -m 755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$stage/DEBIAN/"
cat >"$stage/DEBIAN/control" <<CONTROL
Package: retrowalk
Version: $version
Architecture: $arch
Maintainer: retrowalk developers <retrowalk@users.noreply.github.com>
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: $shlibs, adduser
Recommends: bluez
Section: misc
Priority: optional
Homepage: https://github.com/retrowalk/retrowalk
Description: heart-rate safety alerter for backward-walking sessions
 retrowalk reads heart rate and RR intervals from a Bluetooth LE chest strap,
 runs a session plan with spoken cues, sounds prioritised alarms when a stop
 criterion appears, and records every session in SQLite. The retrowalk
 service (retrowalk serve) waits for the strap, and a button starts the
 session: no screen is needed.
CONTROL
(cd "$stage" && find usr lib -type f -print0 | sort -z | xargs -0 md5sum) >"$stage/DEBIAN/md5sums"

mkdir -p "$outdir"
deb="$outdir/retrowalk_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "$deb"
