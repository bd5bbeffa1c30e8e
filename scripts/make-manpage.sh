#!/usr/bin/env bash
# Prints retrowalk(1) in man(7) format, generated from the binary's own help: the top-level help, then every
# subcommand's (`retrowalk help SUB`), each as a section. Usage: scripts/make-manpage.sh BINARY VERSION
set -euo pipefail
binary=${1:?usage: make-manpage.sh BINARY VERSION}
version=${2:-unknown}
escape() { sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\&'/"; }
date=$(date -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" +%Y-%m-%d)
echo ".TH RETROWALK 1 \"$date\" \"retrowalk $version\" \"User Commands\""
echo ".SH NAME"
echo "retrowalk \\- heart-rate strap monitor and safety alerter for backward-walking sessions"
echo ".SH SYNOPSIS"
echo ".nf"
"$binary" --help | sed -n 's/^USAGE: //p' | escape
echo ".fi"
echo ".SH DESCRIPTION"
echo ".nf"
"$binary" --help | escape
echo ".fi"
# Subcommands: the names listed under SUBCOMMANDS in the top-level help.
for sub in $("$binary" --help | sed -n '/^SUBCOMMANDS:/,/^$/p' | awk '/^  [a-z]/ { print $1 }'); do
  echo ".SH \"RETROWALK ${sub^^}\""
  echo ".nf"
  "$binary" help "$sub" | escape
  echo ".fi"
done
echo ".SH FILES"
echo ".TP"
echo ".I /usr/share/retrowalk"
echo "Shipped plans, settings and voice clips (or PREFIX/share/retrowalk)."
echo ".TP"
echo ".I \$XDG_CONFIG_HOME/retrowalk"
echo "The walker's settings and saved strap (/etc/retrowalk for the service)."
echo ".TP"
echo ".I \$XDG_DATA_HOME/retrowalk/retrowalk.sqlite"
echo "The session database (/var/lib/retrowalk/retrowalk.sqlite for the service)."
echo ".SH SEE ALSO"
echo "systemctl(1), journalctl(1); /usr/share/doc/retrowalk/README.md"
