#!/usr/bin/env bash
# Makes the Python venv of the export tests: Garmin's FIT SDK and tcxreader (independent readers of our FIT and
# TCX exports) and Pillow (reads the report's screenshot), pinned in requirements.txt, from PyPI.
# Usage: scripts/export-check/setup.sh [VENV]   (default: .build/export-check-venv; prints the venv's python)
# Idempotent and safe to run from several tests at once (flock); a venv whose requirements changed is remade.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${1:-$root/.build/export-check-venv}"
mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
flock 9
stamp="$venv/.requirements"
if [[ -x "$venv/bin/python" && -f "$stamp" ]] && cmp -s "$stamp" "$here/requirements.txt"; then
  echo "$venv/bin/python"
  exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "retrowalk: python3 is needed for the export tests: apt-get install python3 python3-venv" >&2
  exit 1
fi
rm -rf "$venv"
if ! python3 -m venv "$venv" >&2; then
  echo "retrowalk: could not make a venv at '$venv': apt-get install python3-venv, then run again" >&2
  exit 1
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt" >&2
cp "$here/requirements.txt" "$stamp"
echo "$venv/bin/python"
