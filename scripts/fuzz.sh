#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets of Fuzz/ (release, -sanitize=fuzzer,address) and runs each for a bounded
# time, then prints per target the inputs tried, the corpus size and the crashes, and the totals.
#
#   FUZZ_SECONDS=90      seconds per target (default 90)
#   FUZZ_TARGETS="csv fit"   only these targets (default: every one, `retrowalk-fuzz --list`)
#   FUZZ_WORK=Fuzz/.work     where the corpora and logs are kept between runs
#
# Each target starts from its seed corpus (real fixtures, the shipped config/, transcripts of the simulated strap;
# written fresh every run by `retrowalk-fuzz --target=NAME --write-seeds=DIR`) plus the corpus earlier runs grew in
# FUZZ_WORK/corpus/NAME. A crash, a hang of more than 10 s on one input, a leak or more than 2 GB of memory stops that
# target; its input is saved in Fuzz/crashes/NAME/ and the command that replays it is printed. The exit status is 1
# when any target crashed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${FUZZ_SECONDS:-90}
work=${FUZZ_WORK:-$root/Fuzz/.work}
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "fuzz: FUZZ_SECONDS '$seconds' is not a whole number of seconds above 0; e.g. FUZZ_SECONDS=60" >&2
  exit 2
fi

# SwiftPM's --sanitize fuzzer links libFuzzer but, with swiftc compiling each module separately (-c), does not ask for
# coverage instrumentation of Swift code; -sanitize-coverage does (the counters libFuzzer's -sanitize=fuzzer uses).
build=(swift build --package-path Fuzz -c release --sanitize fuzzer --sanitize address
  -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp)
echo "fuzz: building Fuzz/ with libFuzzer and AddressSanitizer (${build[*]})" >&2
"${build[@]}" >&2
fuzzer="$("${build[@]}" --show-bin-path)/retrowalk-fuzz"

known=$("$fuzzer" --list | cut -f1)
targets=${FUZZ_TARGETS:-$known}
for target in $targets; do
  if ! grep -qx "$target" <<<"$known"; then
    echo "fuzz: '$target' in FUZZ_TARGETS is not a target; the targets are: $(echo $known)" >&2
    exit 2
  fi
done

# libFuzzer reports a crash and saves its input itself; the Swift runtime's backtracer would only slow that down.
export SWIFT_BACKTRACE=enable=no
# Leaks are findings too (LeakSanitizer runs after inputs that grew the heap).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

started=$(date +%s)
total_runs=0
total_crashes=0
printf '%-14s %8s %14s %10s %8s %8s\n' target seconds "inputs tried" "inputs/s" corpus crashes
for target in $targets; do
  seeds="$work/seeds/$target"
  corpus="$work/corpus/$target"
  artifacts="$root/Fuzz/crashes/$target"
  log="$work/logs/$target.log"
  rm -rf "$seeds"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  "$fuzzer" --target="$target" --write-seeds="$seeds"
  before=$(find "$artifacts" -type f | wc -l)
  status=0
  "$fuzzer" --target="$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus" "$seeds" >"$log" 2>&1 || status=$?
  runs=$(awk '/^stat::number_of_executed_units:/ { print $2 }' "$log" | tail -1)
  runs=${runs:-0}
  took=$(awk '/^stat::average_exec_per_sec:/ { print $2 }' "$log" | tail -1)
  crashes=$(($(find "$artifacts" -type f | wc -l) - before))
  if ((status != 0 && crashes == 0)); then crashes=1; fi
  printf '%-14s %8s %14s %10s %8s %8s\n' "$target" "$seconds" "$runs" "${took:-0}" "$(find "$corpus" -type f | wc -l)" \
    "$crashes"
  if ((crashes > 0)); then
    echo "  $target crashed (exit status $status); log: $log" >&2
    for file in $(find "$artifacts" -type f -newer "$seeds"); do
      echo "  replay: $fuzzer --target=$target $file" >&2
    done
  fi
  total_runs=$((total_runs + runs))
  total_crashes=$((total_crashes + crashes))
done
elapsed=$(($(date +%s) - started))
printf '%-14s %8s %14s %10s %8s %8s\n' total "$elapsed" "$total_runs" "$((total_runs / (elapsed > 0 ? elapsed : 1)))" \
  "" "$total_crashes"
((total_crashes == 0))
