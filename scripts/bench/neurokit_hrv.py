#!/usr/bin/env python3
"""NeuroKit2's HRV on an RR text file, for the side-by-side comparison with `retrowalk analyze`.

    neurokit_hrv.py FILE                 whole process: read, hrv_time once, print SDNN/RMSSD/pNN50 as JSON
    neurokit_hrv.py FILE --kubios        the same work as `retrowalk analyze`: the beats are corrected first with
                                         signal_fixpeaks(method="Kubios", iterative=True), NeuroKit2's
                                         Lipponen-Tarvainen (2019) artefact detection and correction, then hrv_time
    neurokit_hrv.py FILE --repeat N      in process: also time the call(s) alone N times (after one warm-up call)
                                         and print the median and the minimum in seconds

FILE is RR text as retrowalk reads it: one interval per line in ms, '#' comments and blank lines skipped. The beats
are turned into R-peak positions at 1000 Hz (the running sum of the intervals), which is what NeuroKit2 takes.
Run by scripts/bench/run.py in the venv it makes (neurokit2 from PyPI).
"""

import argparse
import json
import statistics
import time


def read_rr(path):
    values = []
    with open(path) as file:
        for line in file:
            text = line.strip()
            if text and not text.startswith('#'):
                values.append(float(text))
    return values


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('file')
    parser.add_argument('--kubios', action='store_true', help='correct the beats first (signal_fixpeaks, Kubios)')
    parser.add_argument('--repeat', type=int, default=0, help='time the call(s) alone this many times')
    arguments = parser.parse_args()
    import neurokit2 as nk
    import numpy as np

    rr = read_rr(arguments.file)
    peaks = np.concatenate(([0], np.cumsum(np.round(rr)).astype(int)))

    def analyse():
        beats = peaks
        if arguments.kubios:
            _, beats = nk.signal_fixpeaks(peaks, sampling_rate=1000, iterative=True, method='Kubios')
        return nk.hrv_time(beats, sampling_rate=1000)

    result = analyse()
    out = {
        'intervals': len(rr),
        'neurokit2': nk.__version__,
        'calls': 'signal_fixpeaks(Kubios) + hrv_time' if arguments.kubios else 'hrv_time',
        'sdnn_ms': float(result['HRV_SDNN'].iloc[0]),
        'rmssd_ms': float(result['HRV_RMSSD'].iloc[0]),
        'pnn50_percent': float(result['HRV_pNN50'].iloc[0]),
    }
    if arguments.repeat > 0:
        seconds = []
        for _ in range(arguments.repeat):
            start = time.perf_counter()
            analyse()
            seconds.append(time.perf_counter() - start)
        out['median_s'] = statistics.median(seconds)
        out['min_s'] = min(seconds)
        out['runs'] = len(seconds)
    print(json.dumps(out))


if __name__ == '__main__':
    main()
