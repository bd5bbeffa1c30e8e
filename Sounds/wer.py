#!/usr/bin/env python3
"""Word error rate of synthesised clips, as heard by pocketsphinx (helper of Sounds/compare-voices.sh).

Reads a job list (TSV, no header): voice, kind, key, text, wav. `kind` is "phrase" or "number"; every WAV must be
mono 16-bit 16 kHz. Decodes each clip with pocketsphinx's bundled US English model (acoustic model, language model
and dictionary ship inside the PyPI wheel: nothing is downloaded) and compares the hypothesis with the text.

WER is the standard one: Levenshtein distance (substitutions + deletions + insertions) between the reference and
the hypothesis word sequences, summed over a voice's clips and divided by the number of reference words. Words are
lower-cased, punctuation dropped, hyphens split ("twenty-eight" -> "twenty eight"), so numbers compare as words.

Writes one summary line per voice (TSV): voice, clips, words, WER %, phrase WER %, number WER %, mean duration ms.
With --detail FILE, also one line per clip: voice, key, reference, hypothesis, errors, words.

Usage: wer.py JOBS.tsv SUMMARY.tsv [--detail DETAIL.tsv] [--jobs N]
"""

import argparse
import multiprocessing
import re
import sys
import wave

_decoder = None


def normalise(text):
    """Lower-cased words: hyphens split, punctuation other than apostrophes inside words dropped."""
    text = text.lower().replace("-", " ")
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    return [w.strip("'") for w in text.split() if w.strip("'")]


def edit_distance(ref, hyp):
    """Levenshtein distance between two word lists (each substitution, deletion, insertion costs 1)."""
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        current = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h))
        previous = current
    return previous[-1]


def _init_worker():
    global _decoder
    import pocketsphinx

    _decoder = pocketsphinx.Decoder(samprate=16000, loglevel="FATAL")


def decode(job):
    voice, kind, key, text, path = job
    with wave.open(path, "rb") as wav:
        if (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) != (1, 2, 16000):
            raise SystemExit(f"wer.py: {path} is not mono 16-bit 16 kHz")
        frames = wav.getnframes()
        data = wav.readframes(frames)
    _decoder.start_utt()
    _decoder.process_raw(data, full_utt=True)
    _decoder.end_utt()
    hyp = _decoder.hyp()
    hypothesis = hyp.hypstr if hyp is not None else ""
    ref_words, hyp_words = normalise(text), normalise(hypothesis)
    return voice, kind, key, text, hypothesis, edit_distance(ref_words, hyp_words), len(ref_words), frames / 16.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jobs")
    parser.add_argument("summary")
    parser.add_argument("--detail")
    parser.add_argument("--jobs", type=int, default=2, dest="workers")
    args = parser.parse_args()

    jobs = []
    with open(args.jobs, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 5:
                sys.exit(f"wer.py: bad job line: {line!r}")
            jobs.append(tuple(fields))

    with multiprocessing.Pool(max(1, args.workers), initializer=_init_worker) as pool:
        results = pool.map(decode, jobs, chunksize=4)

    voices = {}
    for voice, kind, key, text, hypothesis, errors, words, ms in results:
        v = voices.setdefault(voice, {"clips": 0, "ms": 0.0, "phrase": [0, 0], "number": [0, 0]})
        v["clips"] += 1
        v["ms"] += ms
        v[kind][0] += errors
        v[kind][1] += words

    def pct(errors, words):
        return f"{100.0 * errors / words:.1f}" if words else "-"

    with open(args.summary, "w", encoding="utf-8") as out:
        for voice, v in voices.items():
            errors = v["phrase"][0] + v["number"][0]
            words = v["phrase"][1] + v["number"][1]
            out.write("\t".join([voice, str(v["clips"]), str(words), pct(errors, words), pct(*v["phrase"]),
                                 pct(*v["number"]), f"{v['ms'] / v['clips']:.0f}"]) + "\n")

    if args.detail:
        with open(args.detail, "w", encoding="utf-8") as out:
            out.write("# voice\tkey\treference\thypothesis\terrors\twords\n")
            for voice, kind, key, text, hypothesis, errors, words, ms in results:
                out.write(f"{voice}\t{key}\t{text}\t{hypothesis}\t{errors}\t{words}\n")


if __name__ == "__main__":
    main()
