#!/usr/bin/env bash
# Installs the Debian packages retrowalk needs to build and test, when they are missing.
# As root: apt-get. Otherwise: sudo, when it works without a password prompt. Otherwise: prints the command
# and exits 1, so that `make` stops with the exact thing to run.
set -euo pipefail

# libmosquitto-dev: the MQTT publisher (`--publish`); mosquitto and mosquitto-clients: the broker and mosquitto_sub
# the publishing tests start (openssl makes their TLS certificates); chromium and curl: the clinic dashboard's HTTP
# and headless screenshot tests; tmux: the live view's tests drive `walk` in a real terminal.
packages=(libbluetooth-dev libasound2-dev libsqlite3-dev pkg-config libmosquitto-dev mosquitto mosquitto-clients chromium curl openssl tmux)
# Extra packages a caller asks for (e.g. the voice generator's flite and sox).
packages+=("$@")

if ! command -v swift >/dev/null 2>&1; then
  echo "retrowalk: 'swift' is not on PATH. Install Swift 6.2 or later (https://www.swift.org/install/linux/) and run make again." >&2
  exit 1
fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "retrowalk: installing ${missing[*]}" >&2
if [[ $(id -u) -eq 0 ]]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
else
  echo "retrowalk: these packages are missing: ${missing[*]}. Install them with:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
