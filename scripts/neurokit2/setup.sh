#!/usr/bin/env bash
# Makes the Python venv with NeuroKit2 (from PyPI) that the HRV cross-check uses, once; prints its python.
# The venv lives in .build/neurokit2-venv (or $RETROWALK_NEUROKIT2_VENV) and is reused while requirements.txt is
# unchanged. Exit status 1, with the reason on stderr, when it cannot be made (no python3 venv, no PyPI).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=${RETROWALK_NEUROKIT2_VENV:-$here/../../.build/neurokit2-venv}
stamp=$venv/.requirements
if [[ -x $venv/bin/python && -f $stamp ]] && cmp -s "$stamp" "$here/requirements.txt"; then
  echo "$venv/bin/python"
  exit 0
fi
command -v python3 >/dev/null || { echo "neurokit2 setup: python3 is not installed" >&2; exit 1; }
mkdir -p "$(dirname "$venv")"
python3 -m venv "$venv" >&2 || { echo "neurokit2 setup: 'python3 -m venv $venv' failed (Debian: apt-get install python3-venv)" >&2; exit 1; }
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt" >&2 \
  || { echo "neurokit2 setup: pip could not install $(grep -v '^#' "$here/requirements.txt") from PyPI" >&2; exit 1; }
cp "$here/requirements.txt" "$stamp"
echo "$venv/bin/python"
