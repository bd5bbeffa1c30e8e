#!/usr/bin/env bash
# Regenerates every voice clip in Sounds/ from Sounds/phrases.tsv, plus the number words num_0 … num_250.
#
# Voice: flite's built-in "rms" voice (US English, male; CMU ARCTIC speaker RMS). Chosen by
# Sounds/compare-voices.sh, which scores the offline English voices from Debian's packages (espeak-ng, espeak-ng
# with MBROLA, flite, festival HTS and diphone voices) by pocketsphinx word error rate over every phrase and a sample
# of the numbers: flite rms 25 %, the others 39-54 % (flite slt, the previous voice, 40 %) and espeak-ng 99 %; against
# slt it does better on 16 clips of 50 and worse on 3. Table and reasons: README.md ("Voice"),
# Sounds/voice-comparison.tsv. Same small Debian package as before, no voice download, deterministic.
# This script is the one place to change the voice (VOICE below).
#
# Output, for every key: Sounds/<key>.wav, mono, 16-bit signed PCM, 16000 Hz (the SoundEngine format).
# Processing per clip (sox):
#   1. trim leading and trailing silence (below -45 dBFS for at least 10 ms), then a 5 ms fade in/out so a trimmed
#      edge never clicks;
#   2. loudness normalisation, RMS-based: gain so the clip's RMS level is -16 dBFS, capped so that its peak never
#      exceeds -1 dBFS (a guard for clips with a high crest factor; the capped gain keeps 0.02 dB in hand for
#      the rounding of sox's figures. With flite rms it holds 13 of 272 clips a little below the target, "Bout"
#      lowest at -18.2 dBFS, the rest within 1.4 dB). Every clip is therefore
#      about as loud as the next, which matters when clips are composed into one phrase
#      ("Backward walking for" + "one" + "minute.").
# Then Sounds/manifest.tsv lists key, text and duration in milliseconds for every clip, and WAVs whose key is no
# longer listed are removed.
#
# Needs: flite, sox (Debian packages "flite" and "sox"). Deterministic: same inputs, same bytes (no dither).
# Usage: Sounds/generate.sh            (from anywhere; writes next to this script)
set -euo pipefail

readonly SOUNDS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly PHRASES="$SOUNDS_DIR/phrases.tsv"
readonly MANIFEST="$SOUNDS_DIR/manifest.tsv"
readonly RATE=16000
readonly TARGET_RMS_DB=-16
readonly PEAK_CEILING_DB=-1
readonly MAX_NUMBER=250
readonly VOICE=rms # a flite built-in voice (flite -lv)

for tool in flite sox soxi awk; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "generate.sh: '$tool' was not found. Install it: sudo apt-get install flite sox" >&2
        exit 1
    fi
done
if ! flite -lv | grep -qw "$VOICE"; then
    echo "generate.sh: flite has no '$VOICE' voice (flite -lv). Install Debian's 'flite' package." >&2
    exit 1
fi
if [[ ! -r "$PHRASES" ]]; then
    echo "generate.sh: phrase list '$PHRASES' is missing or unreadable. Restore it from git." >&2
    exit 1
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

ONES=(zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen)
TENS=("" "" twenty thirty forty fifty sixty seventy eighty ninety)

# English words for 0…999, "one hundred twenty-eight" style (no "and").
number_words() {
    local n=$1 words=""
    if ((n >= 100)); then
        words="${ONES[n / 100]} hundred"
        n=$((n % 100))
        ((n == 0)) && { echo "$words"; return; }
        words+=" "
    fi
    if ((n < 20)); then
        words+="${ONES[n]}"
    else
        words+="${TENS[n / 10]}"
        ((n % 10 != 0)) && words+="-${ONES[n % 10]}"
    fi
    echo "$words"
}

# Reads one dB figure ("RMS lev dB" or "Pk lev dB") from sox's stats effect.
level_db() {
    sox "$1" -n stats 2>&1 | awk -v name="$2" 'index($0, name) == 1 { print $NF }'
}

# make_clip KEY TEXT: synthesises, trims, normalises; appends to the manifest.
make_clip() {
    local key=$1 text=$2
    local raw="$WORK/$key.raw.wav" trimmed="$WORK/$key.trim.wav" out="$SOUNDS_DIR/$key.wav"
    flite -voice "$VOICE" -t "$text" -o "$raw"
    sox -R -D "$raw" -r "$RATE" -c 1 -b 16 "$trimmed" \
        silence 1 0.01 -45d reverse silence 1 0.01 -45d reverse
    local rms peak gain
    rms=$(level_db "$trimmed" "RMS lev dB")
    peak=$(level_db "$trimmed" "Pk lev dB")
    gain=$(awk -v r="$rms" -v p="$peak" -v t="$TARGET_RMS_DB" -v c="$PEAK_CEILING_DB" \
        'BEGIN { g = t - r; if (p + g > c) g = c - p - 0.02; printf "%.2f", g }')
    sox -R -D "$trimmed" -e signed-integer -b 16 -c 1 -r "$RATE" "$out" gain "$gain" fade t 0.005 -0 0.005
    local samples
    samples=$(soxi -s "$out")
    printf '%s\t%s\t%d\n' "$key" "$text" $(((samples * 1000 + RATE / 2) / RATE)) >>"$WORK/manifest.body"
}

: >"$WORK/manifest.body"
count=0
while IFS=$'\t' read -r key text; do
    [[ -z "$key" || "$key" == \#* ]] && continue
    if [[ -z "${text:-}" ]]; then
        echo "generate.sh: phrase '$key' in $PHRASES has no text. Write it as key<TAB>text." >&2
        exit 1
    fi
    make_clip "$key" "$text"
    count=$((count + 1))
done <"$PHRASES"

for ((n = 0; n <= MAX_NUMBER; n++)); do
    make_clip "num_$n" "$(number_words "$n")"
    count=$((count + 1))
done

{
    printf '# key\ttext\tduration_ms — generated by Sounds/generate.sh (flite %s, %d Hz mono 16-bit, ' \
        "$VOICE" "$RATE"
    printf 'RMS %s dBFS, peak <= %s dBFS). Do not edit.\n' "$TARGET_RMS_DB" "$PEAK_CEILING_DB"
    cat "$WORK/manifest.body"
} >"$MANIFEST"

# Remove clips of phrases that were deleted from phrases.tsv.
for wav in "$SOUNDS_DIR"/*.wav; do
    key=$(basename "$wav" .wav)
    if ! cut -f 1 "$WORK/manifest.body" | grep -qxF "$key"; then
        echo "generate.sh: removing $wav (no longer in $(basename "$PHRASES"))"
        rm -f "$wav"
    fi
done

total_size=$(du -ch "$SOUNDS_DIR"/*.wav | tail -n 1 | cut -f 1)
echo "generate.sh: wrote $count clips and $(basename "$MANIFEST") to $SOUNDS_DIR ($total_size of WAV)."
