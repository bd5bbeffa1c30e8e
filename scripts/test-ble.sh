#!/usr/bin/env bash
# make test-ble: the capture layer end to end on a real kernel Bluetooth stack. Boots ../shared/ble-vm (Debian's
# kernel under qemu, two virtual LE controllers, BlueZ's own heart-rate GATT server as the strap) and runs the
# real retrowalk binary in it as the only client (scripts/ble-vm/client), then compares its samples with the
# HCI trace. Prints the timings of each stage.
set -euo pipefail
cd "$(dirname "$0")/.."
harness=${BLE_VM:-../shared/ble-vm/run-ble-vm.sh}
work=${BLE_VM_WORK:-${XDG_CACHE_HOME:-$HOME/.cache}/retrowalk-ble-vm}
export BLE_VM_WORK=$work
[ -x "$harness" ] || { echo "test-ble: the ble-vm harness is not at '$harness'; set BLE_VM to its run-ble-vm.sh" >&2; exit 1; }
scripts/install-deps.sh qemu-system-x86 kmod cpio gpgv
seconds() { date +%s.%N; }
took() { python3 -c "print(f'{$2 - $1:.1f} s')"; }

t0=$(seconds)
swift build -c release --static-swift-stdlib --scratch-path .build-release --product retrowalk
t1=$(seconds)

# The client folder: the binary, the scripts, config and clips, and the shared libraries the VM lacks
# (it has glibc and libbluetooth3; the Swift runtime is linked in statically).
client=.build-release/ble-client
rm -rf "$client"
mkdir -p "$client/lib"
cp .build-release/release/retrowalk scripts/ble-vm/client scripts/ble-vm/verify.py "$client/"
cp -r config Sounds "$client/"
ldd .build-release/release/retrowalk | awk '/=> \// {print $3}' \
    | grep -vE '/(libc|libm|libpthread|libdl|librt|libresolv|ld-linux[^/]*|libbluetooth)\.so' \
    | while read -r lib; do cp -L "$lib" "$client/lib/"; done

status=0
"$harness" --no-selftest --client "$client" 2>&1 | tee .build-release/ble-vm.log || status=$?
t2=$(seconds)
echo "--- verification on the host, with the HCI trace ---"
python3 scripts/ble-vm/verify.py "$work/share/out" 00:AA:01:00:00:00 "$work/share/out/hci.btsnoop" || status=1
echo "timings: release build $(took "$t0" "$t1"), VM build + boot + client $(took "$t1" "$t2")"
grep -E '^== |exit|powered' "$work/share/out/client.txt" 2>/dev/null || true
exit $status
