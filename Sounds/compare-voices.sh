#!/usr/bin/env bash
# Compares the offline English voices available from Debian's packages by intelligibility, to choose the voice of
# Sounds/generate.sh.
#
# Every phrase of Sounds/phrases.tsv plus a sample of the numbers (0-20, 45, 60, 99, 100, 128, 150, 199, 250, as
# words, the way generate.sh writes them) is synthesised with each candidate voice, processed the way generate.sh
# processes clips (16 kHz mono 16-bit, silence trimmed, RMS -16 dBFS), decoded by pocketsphinx's bundled US English
# model (Sounds/wer.py), and scored by word error rate (WER: Levenshtein distance over lower-cased words, numbers
# as words). A recogniser with a small general model is only a proxy for a listener: it is biased by its language
# model (isolated words such as "Bout" or "of" are hard for it) and its absolute WER is high, so compare voices with
# one another, not with zero. Mean clip duration (after trimming) is reported as a speech-rate figure.
# "repeatable" says whether synthesising the same clips twice gives the same bytes (generate.sh promises that).
#
# Candidates (each is skipped, with a note, when its package cannot be installed):
#   espeak-ng (en-us)                       package espeak-ng
#   espeak-ng + MBROLA us1, us2, en1        packages mbrola, mbrola-us1, mbrola-us2, mbrola-en1 (contrib/non-free:
#                                           only tried when apt has them; the voices may not be used in a product
#                                           that is sold)
#   flite slt, awb, rms, kal16              package flite
#   festival + cmu_us_slt_arctic_hts        packages festival, festvox-us-slt-hts
#   festival + kal_diphone                  package festvox-kallpc16k
#
# Installs what is missing: Debian packages with apt-get as root, else with sudo when it needs no password, else
# prints the command and exits 1; pocketsphinx with pip into the user's Python when `import pocketsphinx` fails.
# Writes the table to Sounds/voice-comparison.tsv and prints it. Takes 2-5 minutes on 2 cores.
# Usage: Sounds/compare-voices.sh [--detail FILE]   (FILE: every clip's reference and hypothesis, TSV)
set -euo pipefail

readonly SOUNDS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly PHRASES="$SOUNDS_DIR/phrases.tsv"
readonly OUTPUT="$SOUNDS_DIR/voice-comparison.tsv"
readonly NUMBERS=(0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 45 60 99 100 128 150 199 250)
readonly REPEAT_CHECK=3 # clips synthesised twice per voice for the "repeatable" column

detail=""
if [[ "${1:-}" == "--detail" && -n "${2:-}" ]]; then
    detail=$2
elif [[ $# -gt 0 ]]; then
    echo "usage: $0 [--detail FILE]" >&2
    exit 2
fi

# --- installing what is missing -------------------------------------------------------------------------------

installed() { [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]; }
available() { apt-cache policy "$1" 2>/dev/null | grep -q 'Candidate: [0-9]'; }

apt_install() {
    local missing=() package
    for package in "$@"; do installed "$package" || missing+=("$package"); done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    echo "compare-voices.sh: installing ${missing[*]}" >&2
    if [[ $(id -u) -eq 0 ]]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "compare-voices.sh: these packages are missing: ${missing[*]}. Install them with:" >&2
        echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
}

apt_update_once() {
    [[ -n "${APT_UPDATED:-}" ]] && return 0
    APT_UPDATED=1
    if [[ $(id -u) -eq 0 ]]; then
        apt-get update -qq
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo apt-get update -qq
    fi
}

required=(sox espeak-ng flite festival festvox-us-slt-hts festvox-kallpc16k python3 python3-pip)
need_update=""
for package in "${required[@]}"; do installed "$package" || need_update=1; done
[[ -n "$need_update" ]] && apt_update_once
apt_install "${required[@]}"

# MBROLA and its voices live in Debian's contrib and non-free components: install them only where apt offers them.
mbrola_packages=(mbrola mbrola-us1 mbrola-us2 mbrola-en1)
mbrola_ok=1
for package in "${mbrola_packages[@]}"; do
    installed "$package" || available "$package" || mbrola_ok=""
done
if [[ -n "$mbrola_ok" ]]; then
    apt_install "${mbrola_packages[@]}"
else
    echo "compare-voices.sh: skipping the MBROLA voices: apt does not offer ${mbrola_packages[*]}" \
        "(enable the contrib and non-free components to include them)." >&2
fi

if ! python3 -c 'import pocketsphinx' 2>/dev/null; then
    echo "compare-voices.sh: installing pocketsphinx (pip, user site)" >&2
    if [[ $(id -u) -eq 0 ]]; then
        python3 -m pip install -q pocketsphinx || python3 -m pip install -q --break-system-packages pocketsphinx
    else
        python3 -m pip install -q --user pocketsphinx ||
            python3 -m pip install -q --user --break-system-packages pocketsphinx
    fi
    python3 -c 'import pocketsphinx' || { echo "compare-voices.sh: pocketsphinx still cannot be imported" >&2; exit 1; }
fi

# --- voices ---------------------------------------------------------------------------------------------------

# Each voice: "name|command template". The template reads the text from $TEXT and writes $OUT (any WAV format).
voices=(
    "espeak-ng en-us|espeak-ng -v en-us -w \"\$OUT\" \"\$TEXT\""
)
if [[ -n "$mbrola_ok" ]]; then
    voices+=(
        "espeak-ng mbrola us1|espeak-ng -v mb-us1 -w \"\$OUT\" \"\$TEXT\""
        "espeak-ng mbrola us2|espeak-ng -v mb-us2 -w \"\$OUT\" \"\$TEXT\""
        "espeak-ng mbrola en1|espeak-ng -v mb-en1 -w \"\$OUT\" \"\$TEXT\""
    )
fi
voices+=(
    "flite slt|flite -voice slt -t \"\$TEXT\" -o \"\$OUT\""
    "flite awb|flite -voice awb -t \"\$TEXT\" -o \"\$OUT\""
    "flite rms|flite -voice rms -t \"\$TEXT\" -o \"\$OUT\""
    "flite kal16|flite -voice kal16 -t \"\$TEXT\" -o \"\$OUT\""
    "festival slt hts|printf '%s\\n' \"\$TEXT\" | text2wave -eval '(voice_cmu_us_slt_arctic_hts)' -o \"\$OUT\""
    "festival kal diphone|printf '%s\\n' \"\$TEXT\" | text2wave -eval '(voice_kal_diphone)' -o \"\$OUT\""
)

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# shellcheck source=clip-tools.sh
source "$SOUNDS_DIR/clip-tools.sh"

# The clip list: kind, key, text.
{
    while IFS=$'\t' read -r key text; do
        [[ -z "$key" || "$key" == \#* || -z "${text:-}" ]] && continue
        printf 'phrase\t%s\t%s\n' "$key" "$text"
    done <"$PHRASES"
    for n in "${NUMBERS[@]}"; do printf 'number\tnum_%s\t%s\n' "$n" "$(number_words "$n")"; done
} >"$WORK/clips.tsv"
clip_count=$(wc -l <"$WORK/clips.tsv")

: >"$WORK/jobs.tsv"
: >"$WORK/repeatable.tsv"
for entry in "${voices[@]}"; do
    name=${entry%%|*}
    template=${entry#*|}
    slug=$(tr -c 'a-z0-9\n' '_' <<<"$name")
    mkdir -p "$WORK/$slug"
    echo "compare-voices.sh: synthesising $clip_count clips with $name" >&2
    i=0
    repeatable=yes
    while IFS=$'\t' read -r kind key text; do
        OUT="$WORK/$slug/$key.raw.wav" TEXT="$text" bash -c "$template" >/dev/null 2>&1 </dev/null || {
            echo "compare-voices.sh: $name failed on '$text'" >&2
            continue
        }
        process_clip "$WORK/$slug/$key.raw.wav" "$WORK/$slug/$key.wav"
        if ((i < REPEAT_CHECK)); then
            OUT="$WORK/$slug/$key.again.raw.wav" TEXT="$text" bash -c "$template" >/dev/null 2>&1 </dev/null
            process_clip "$WORK/$slug/$key.again.raw.wav" "$WORK/$slug/$key.again.wav"
            cmp -s "$WORK/$slug/$key.wav" "$WORK/$slug/$key.again.wav" || repeatable=no
        fi
        rm -f "$WORK/$slug/"*.raw.wav
        i=$((i + 1))
        printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$kind" "$key" "$text" "$WORK/$slug/$key.wav" >>"$WORK/jobs.tsv"
    done <"$WORK/clips.tsv"
    printf '%s\t%s\n' "$name" "$repeatable" >>"$WORK/repeatable.tsv"
done

echo "compare-voices.sh: decoding with pocketsphinx" >&2
wer_args=("$WORK/jobs.tsv" "$WORK/summary.tsv" --jobs "$(nproc 2>/dev/null || echo 2)")
[[ -n "$detail" ]] && wer_args+=(--detail "$detail")
python3 "$SOUNDS_DIR/wer.py" "${wer_args[@]}"

{
    printf '# voice\tclips\twords\tWER %%\tphrases WER %%\tnumbers WER %%\tmean duration ms\trepeatable\n'
    printf '# Sounds/compare-voices.sh: pocketsphinx %s (bundled en-us model) on %s phrases + %s numbers; ' \
        "$(python3 -c 'import importlib.metadata as m; print(m.version("pocketsphinx"))')" \
        "$(grep -c '^phrase' "$WORK/clips.tsv")" "${#NUMBERS[@]}"
    printf 'lower WER is better; sorted by WER.\n'
    join -t $'\t' <(sort -t $'\t' -k1,1 "$WORK/summary.tsv") <(sort -t $'\t' -k1,1 "$WORK/repeatable.tsv") |
        sort -t $'\t' -k4,4g -k1,1
} >"$OUTPUT"

sed -n '2s/^# //p' "$OUTPUT" >&2
{ sed -n '1s/^# //p' "$OUTPUT"; grep -v '^#' "$OUTPUT"; } | column -t -s $'\t'
echo "compare-voices.sh: wrote $OUTPUT" >&2
