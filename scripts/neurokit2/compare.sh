#!/usr/bin/env bash
# The HRV cross-check: `retrowalk analyze --json` beside NeuroKit2's hrv_time (from PyPI, in a venv that
# setup.sh makes) on RR text files; prints each all-interval measure from both and their difference, and exits 1
# when one differs by more than 0.5 %. Default files: the real series in scripts/fixtures (MIT-BIH NSRDB 60 min,
# MIT-BIH 119 first 10 min). Needs a built retrowalk (`swift build`; RETROWALK overrides the path).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
python=$("$here/setup.sh")
retrowalk=${RETROWALK:-$root/.build/debug/retrowalk}
[[ -x $retrowalk ]] || { echo "compare: '$retrowalk' is not built; run 'swift build' first" >&2; exit 1; }
files=("$@")
[[ ${#files[@]} -gt 0 ]] || files=("$root/scripts/fixtures/nsrdb/pyhrv-long-rr.txt" "$root/scripts/fixtures/mitdb/119-first-10-min-rr.txt")
status=0
for file in "${files[@]}"; do
  ours=$(RETROWALK_CONFIG_DIR="$root/config" "$retrowalk" analyze "$file" --json)
  theirs=$("$python" "$here/hrv_time.py" "$file")
  "$python" - "$ours" "$theirs" <<'PY' || status=1
import json, sys
ours, theirs = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"{theirs['file']}: {theirs['beats']} intervals, NeuroKit2 {theirs['neurokit2']}")
worst = 0.0
for key in [k for k in theirs if k.endswith(("_ms", "_percent"))]:
    a, b = ours[key], theirs[key]
    diff = abs(a - b) / abs(b) * 100 if b else abs(a - b)
    worst = max(worst, diff)
    print(f"  {key:20} retrowalk {a:10.2f}   NeuroKit2 {b:10.4f}   {diff:6.3f} %")
print(f"  largest difference {worst:.3f} % (limit 0.5 %)")
sys.exit(0 if worst <= 0.5 else 1)
PY
done
exit $status
