#!/usr/bin/env python3
"""NeuroKit2's hrv_time on an RR text file, for the side-by-side comparison with `retrowalk analyze`.

    neurokit_hrv.py FILE                 whole process: read, hrv_time once, print SDNN/RMSSD/pNN50 as JSON
    neurokit_hrv.py FILE --repeat N      in process: also time hrv_time alone N times (after one warm-up call)
                                         and print the median and the minimum in seconds

FILE is RR text as retrowalk reads it: one interval per line in ms, '#' comments and blank lines skipped. The beats
are turned into R-peak positions at 1000 Hz (the running sum of the intervals), which is what hrv_time takes.
Run by scripts/bench/run.py in the venv it makes (neurokit2 from PyPI).
"""

import json
import statistics
import sys
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
    if len(sys.argv) not in (2, 4) or (len(sys.argv) == 4 and sys.argv[2] != '--repeat'):
        sys.exit('usage: neurokit_hrv.py FILE [--repeat N]')
    import neurokit2 as nk
    import numpy as np

    rr = read_rr(sys.argv[1])
    peaks = np.concatenate(([0], np.cumsum(np.round(rr)).astype(int)))
    result = nk.hrv_time(peaks, sampling_rate=1000)
    out = {
        'intervals': len(rr),
        'neurokit2': nk.__version__,
        'sdnn_ms': float(result['HRV_SDNN'].iloc[0]),
        'rmssd_ms': float(result['HRV_RMSSD'].iloc[0]),
        'pnn50_percent': float(result['HRV_pNN50'].iloc[0]),
    }
    if len(sys.argv) == 4:
        seconds = []
        for _ in range(int(sys.argv[3])):
            start = time.perf_counter()
            nk.hrv_time(peaks, sampling_rate=1000)
            seconds.append(time.perf_counter() - start)
        out['hrv_time_median_s'] = statistics.median(seconds)
        out['hrv_time_min_s'] = min(seconds)
        out['runs'] = len(seconds)
    print(json.dumps(out))


if __name__ == '__main__':
    main()
