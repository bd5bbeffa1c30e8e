#!/usr/bin/env bash
# The package and the install tree as a user gets them (`make test-deb`, after `make deb`):
#  1. the .deb's control (Depends on the linked Debian libraries) and file list;
#  2. the unit, as installed, accepted by `systemd-analyze verify`;
#  3. the binary unpacked (dpkg-deb -x) and the `make install DESTDIR=… PREFIX=/opt/retrowalk` tree, each run from
#     another folder with no environment overrides: --help, the man page, and `check --simulate`'s config steps,
#     which pass only when the binary found its config/ and Sounds/;
#  4. the binary needs no Swift runtime (--static-swift-stdlib);
#  5. as root with RETROWALK_TEST_DPKG_INSTALL=1 (CI): dpkg -i, the service user and its groups, dpkg --purge.
set -euo pipefail
# Matches are `| grep >/dev/null PATTERN`, never `grep -q`: grep -q stops at the first match, the writer then dies
# of SIGPIPE, and pipefail fails the check (the man page, once larger than a pipe's buffer, did).
cd "$(dirname "$0")/.."
version=$(scripts/version.sh)
deb=".build/deb/retrowalk_${version}_$(dpkg --print-architecture).deb"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

[[ -f "$deb" ]] || { echo "test-deb: '$deb' does not exist; run 'make deb'." >&2; exit 1; }

# 1. Control and contents.
info=$(dpkg-deb --info "$deb")
for field in "Package: retrowalk" "Version: $version" "Depends:"; do
  grep -q "$field" <<<"$info" && pass "control has '$field'" || fail "control lacks '$field'"
done
depends=$(sed -n 's/^ Depends: //p' <<<"$info")
for library in libbluetooth3 libasound2 libsqlite3-0 libc6 adduser; do
  grep -q "$library" <<<"$depends" && pass "Depends names $library" || fail "Depends '$depends' lacks $library"
done
grep -q "libswift\|swiftlang" <<<"$depends" && fail "Depends names a Swift runtime: '$depends'"
for script in postinst prerm postrm; do
  grep -q " $script" <<<"$info" && pass "maintainer script $script" || fail "no $script in the package"
done
contents=$(dpkg-deb --contents "$deb" | awk '{ print $6 }')
for path in ./usr/bin/retrowalk ./usr/share/retrowalk/config/plans/beginner.yaml ./usr/share/retrowalk/config/rules.yaml \
  ./usr/share/retrowalk/config/profile.yaml ./usr/share/retrowalk/config/audio.yaml ./usr/share/retrowalk/config/buttons.yaml \
  ./usr/share/retrowalk/Sounds/manifest.tsv ./usr/share/retrowalk/Sounds/ready_press_button.wav \
  ./lib/systemd/system/retrowalk.service ./usr/share/man/man1/retrowalk.1.gz \
  ./usr/share/bash-completion/completions/retrowalk ./usr/share/zsh/vendor-completions/_retrowalk \
  ./usr/share/fish/vendor_completions.d/retrowalk.fish ./usr/share/doc/retrowalk/README.md; do
  grep -qx "$path" <<<"$contents" && pass "contains $path" || fail "does not contain $path"
done
clips=$(grep -c '^./usr/share/retrowalk/Sounds/.*\.wav$' <<<"$contents" || true)
shipped=$(ls Sounds/*.wav | wc -l)
[[ "$clips" -eq "$shipped" ]] && pass "all $shipped clips" || fail "$clips clips in the package, $shipped shipped"

# 2. The unit as installed; ExecStart pointed at the unpacked binary (verify checks it is executable).
root="$work/deb-root"
dpkg-deb -x "$deb" "$root"
unit="$work/retrowalk.service"
sed "s|^ExecStart=/usr/bin/|ExecStart=$root/usr/bin/|" "$root/lib/systemd/system/retrowalk.service" >"$unit"
grep -q "^ExecStart=/usr/bin/retrowalk serve$" "$root/lib/systemd/system/retrowalk.service" \
  && pass "unit runs /usr/bin/retrowalk serve" || fail "unit's ExecStart is not /usr/bin/retrowalk serve"
for directive in Type=notify WatchdogSec= Restart=on-failure "AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN" \
  ProtectSystem=strict StateDirectory=retrowalk PrivateTmp=yes NoNewPrivileges=yes StandardOutput=journal; do
  grep -q "^$directive" "$unit" && pass "unit has $directive" || fail "unit lacks $directive"
done
if output=$(systemd-analyze verify --man=no "$unit" 2>&1); then
  pass "systemd-analyze verify accepts the unit"
else
  fail "systemd-analyze verify: $output"
fi

# 3. The unpacked tree and a `make install` tree, run from elsewhere with a bare environment.
make --no-print-directory install DESTDIR="$work/install-root" PREFIX=/opt/retrowalk >/dev/null
mkdir -p "$work/elsewhere" "$work/home"
for binary in "$root/usr/bin/retrowalk" "$work/install-root/opt/retrowalk/bin/retrowalk"; do
  run() { (cd "$work/elsewhere" && env -i PATH=/usr/bin:/bin HOME="$work/home" "$binary" "$@"); }
  run --help | grep >/dev/null "^USAGE: retrowalk <subcommand>" && pass "$binary --help" || fail "$binary --help"
  run serve --help | grep >/dev/null "serve" && pass "$binary serve --help" || fail "$binary serve --help"
  check=$(run check --simulate --seconds 3 2>&1 || true)
  for step in config.plan config.audio sounds.clips config.profile config.rules; do
    grep -q "^PASS  $step" <<<"$check" && pass "$binary check: $step" || fail "$binary check: $step: $check"
  done
done
zcat "$root/usr/share/man/man1/retrowalk.1.gz" | grep >/dev/null "^.SH \"RETROWALK SERVE\"" \
  && pass "man page has the serve section" || fail "man page"

# 4. No Swift runtime needed.
if ldd "$root/usr/bin/retrowalk" | grep >/dev/null "libswift\|libFoundation"; then
  fail "the binary links a Swift runtime: $(ldd "$root/usr/bin/retrowalk" | grep swift)"
else
  pass "no Swift runtime library linked"
fi

# 5. A real install, where allowed.
if [[ "${RETROWALK_TEST_DPKG_INSTALL:-0}" == 1 && $(id -u) -eq 0 ]]; then
  dpkg -i "$deb" >/dev/null && pass "dpkg -i" || fail "dpkg -i"
  groups=$(id -nG retrowalk 2>/dev/null || true)
  for group in audio bluetooth input; do
    grep -qw "$group" <<<"$groups" && pass "user retrowalk in $group" || fail "user retrowalk not in $group ($groups)"
  done
  systemd-analyze verify --man=no /lib/systemd/system/retrowalk.service && pass "installed unit verifies" \
    || fail "installed unit does not verify"
  (cd / && env -i PATH=/usr/bin:/bin HOME=/nonexistent retrowalk check --simulate --seconds 3 2>&1 || true) \
    | grep >/dev/null "^PASS  sounds.clips" && pass "installed binary finds /usr/share/retrowalk" || fail "installed check"
  dpkg --purge retrowalk >/dev/null && pass "dpkg --purge" || fail "dpkg --purge"
  getent passwd retrowalk >/dev/null && fail "user retrowalk left after purge" || pass "purge removed the user"
else
  echo "skip: dpkg -i (set RETROWALK_TEST_DPKG_INSTALL=1 as root to install and purge the package)"
fi

if ((failures > 0)); then
  echo "test-deb: $failures check(s) failed" >&2
  exit 1
fi
echo "test-deb: all checks passed"
