# Shared by Sounds/generate.sh and Sounds/compare-voices.sh (sourced, not run): number words and the processing
# every clip gets, so that the voice comparison scores exactly what the product ships.

# The format and loudness every clip gets: mono 16-bit at the SoundEngine's rate, RMS -16 dBFS, peaks <= -1 dBFS.
readonly RATE=16000
readonly TARGET_RMS_DB=-16
readonly PEAK_CEILING_DB=-1

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

# process_clip RAW OUT: resample to RATE mono 16-bit, trim silence (below -45 dBFS for 10 ms) at both ends,
# RMS-normalise to TARGET_RMS_DB with the peak capped 0.02 dB under PEAK_CEILING_DB, 5 ms fades.
process_clip() {
    local raw=$1 out=$2 trimmed="$1.trim.wav" rms peak gain
    sox -R -D "$raw" -r "$RATE" -c 1 -b 16 "$trimmed" silence 1 0.01 -45d reverse silence 1 0.01 -45d reverse
    rms=$(level_db "$trimmed" "RMS lev dB")
    peak=$(level_db "$trimmed" "Pk lev dB")
    gain=$(awk -v r="$rms" -v p="$peak" -v t="$TARGET_RMS_DB" -v c="$PEAK_CEILING_DB" \
        'BEGIN { g = t - r; if (p + g > c) g = c - p - 0.02; printf "%.2f", g }')
    sox -R -D "$trimmed" -e signed-integer -b 16 -c 1 -r "$RATE" "$out" gain "$gain" fade t 0.005 -0 0.005
    rm -f "$trimmed"
}
