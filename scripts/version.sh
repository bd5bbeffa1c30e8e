#!/usr/bin/env bash
# The package version: 0.1.0 plus the commit count and hash (Debian orders 0.1.0+N.gHASH by N).
set -euo pipefail
cd "$(dirname "$0")/.."
if count=$(git rev-list --count HEAD 2>/dev/null) && hash=$(git rev-parse --short=7 HEAD 2>/dev/null); then
  echo "0.1.0+$count.g$hash"
else
  echo "0.1.0"
fi
