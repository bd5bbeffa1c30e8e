#!/usr/bin/env python3
"""Checks what retrowalk did in the ble-vm run; prints one line per step and exits 1 when a step failed.

Usage: verify.py OUT_DIR PERIPHERAL_ADDRESS [BTSNOOP]
With BTSNOOP (the harness's HCI trace, read on the host after the run), the samples are also compared with the
Heart Rate Measurement notifications the peripheral sent, byte for byte.
"""
import json
import os
import struct
import sys

out, addr = sys.argv[1], sys.argv[2].upper()
trace = sys.argv[3] if len(sys.argv) > 3 else None
failures = []


def step(name, ok, detail):
    print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}")
    if not ok:
        failures.append(name)


def lines(name):
    try:
        with open(f"{out}/{name}") as f:
            return [json.loads(line) for line in f if line.strip().startswith("{")]
    except (OSError, ValueError) as error:
        return [{"error": str(error)}]


scan = lines("scan.jsonl")
found = [d for d in scan if str(d.get("address", "")).upper() == addr]
step("scan", bool(found) and found[0].get("address_type") == "public" and found[0].get("heart_rate_service") is True,
     json.dumps(found[0]) if found else f"{addr} not listed ({len(scan)} devices)")

walk = lines("walk.jsonl")
samples = [e for e in walk if e.get("event") == "sample"]
signals = [e for e in walk if e.get("event") == "signal"]
connected = next((e for e in signals if e.get("state") == "connected"), None)
step("walk.connect", connected is not None, f"connected at {connected['t']} s" if connected else "never connected")
times = f"{out}/power-times.txt"
if not os.path.exists(times):
    # The client stopped before it took the strap away: nothing more of the walk to judge.
    step("walk.samples", False, f"no session ran ({len(samples)} samples); see walk.err")
    sys.exit(1)
off, on = (float(x) for x in open(times).read().split())
before = [s for s in samples if s["t"] < off]
step("walk.samples", len(before) >= 25, f"{len(before)} samples before the strap was taken away at {off:.1f} s")
# The peripheral's bluetoothd drops a link whose ATT requests go unanswered after 30 s: still streaming at 31 s+?
step("walk.att-timeout", any(s["t"] > 31 for s in before), "samples still flowing after the 30 s ATT timeout")
lost = next((e for e in signals if e.get("state") == "lost"), None)
step("walk.lost", lost is not None and -0.5 <= lost["t"] - off <= 3.5,
     f"lost at {lost['t']} s, {lost['t'] - off:.2f} s after power off ({lost.get('reason')})" if lost else "no lost")
restored = next((e for e in signals if e.get("state") == "restored"), None)
after = [s for s in samples if s["t"] > on]
step("walk.restored", restored is not None and restored["t"] >= on and len(after) >= 3,
     f"restored at {restored['t']} s, {restored['t'] - on:.2f} s after power on ({restored.get('reason')}); "
     f"{len(after)} samples after" if restored else "no restored")

check = lines("check.jsonl")
capture = [c for c in check if str(c.get("step", "")).startswith("strap.") or c.get("step") == "bluetooth.adapter"]
bad = [c for c in capture if c.get("status") == "fail"]
step("check", bool(capture) and not bad, "; ".join(f"{c.get('step')} {c.get('status')}" for c in capture))

if trace:
    # btsnoop, datalink 2001 (Linux monitor, as btmon -w writes): flags = index << 16 | opcode.
    notifications = []
    with open(trace, "rb") as f:
        data = f.read()
    pos = 16
    while pos + 24 <= len(data):
        orig, incl, flags, drops, ts = struct.unpack(">IIIIq", data[pos:pos + 24])
        packet = data[pos + 24:pos + 24 + incl]
        pos += 24 + incl
        index, opcode = flags >> 16, flags & 0xFFFF
        if opcode != 5 or len(packet) < 9:  # 5 = ACL RX in the monitor format (4 = ACL TX)
            continue
        length, cid = struct.unpack("<HH", packet[4:8])
        pdu = packet[8:8 + length]
        if cid == 4 and pdu[:1] == b"\x1b" and index == 1:  # hci1, the central, received a notification
            notifications.append((struct.unpack("<H", pdu[1:3])[0], pdu[3:].hex()))
    # Compare decoded fields (flags may differ in reserved bits or in the 8/16-bit choice).
    def decode(hexvalue):
        value = bytes.fromhex(hexvalue)
        flags, rest = value[0], value[1:]
        if flags & 1:
            bpm, rest = struct.unpack("<H", rest[:2])[0], rest[2:]
        else:
            bpm, rest = rest[0], rest[1:]
        energy = None
        if flags & 8:
            energy, rest = struct.unpack("<H", rest[:2])[0], rest[2:]
        rr = [struct.unpack("<H", rest[i:i + 2])[0] for i in range(0, len(rest) - 1, 2)] if flags & 16 else []
        contact = {0: "unsupported", 2: "unsupported", 4: "not_detected", 6: "detected"}[flags & 6]
        return (bpm, contact, energy, rr)
    # The Heart Rate Measurement handle is the one that notifies most (Battery Level notifies rarely).
    handles = [h for h, _ in notifications]
    hrm = max(set(handles), key=handles.count) if handles else None
    sent = [decode(v) for h, v in notifications if h == hrm]
    got = [(s["bpm"], s["contact"], s["energy_kj"], s["rr"]) for s in samples]
    # The walk's readiness check listens to the strap for 5 s on a connection of its own before the session, and
    # `retrowalk check` connects again after it: the session's samples are one run of consecutive notifications.
    start = next((k for k in range(len(sent) - len(got) + 1) if sent[k:k + len(got)] == got), None) if got else None
    ok = start is not None and start <= 10 and len(sent) - len(got) - start <= 10
    detail = (f"identical to notifications {start + 1}-{start + len(got)}" if start is not None
              else "no run of consecutive notifications equals the samples")
    step("trace", ok, f"{len(sent)} notifications in the HCI trace, {len(got)} samples; {detail}")

print(f"{'PASS' if not failures else 'FAIL'}: {len(failures)} step(s) failed" + (f": {', '.join(failures)}" if failures else ""))
sys.exit(1 if failures else 0)
