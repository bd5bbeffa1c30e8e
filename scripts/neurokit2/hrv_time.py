"""NeuroKit2's hrv_time on RR text files: one JSON object per file, the keys retrowalk analyze's *_all keys mirror.

Usage: python hrv_time.py FILE...   (RR text: one interval in ms per line; blank lines and # comments skipped)
"""
import json
import sys

import neurokit2 as nk
import numpy as np

KEYS = {
    "mean_rr_all_ms": "HRV_MeanNN",
    "median_rr_all_ms": "HRV_MedianNN",
    "min_rr_all_ms": "HRV_MinNN",
    "max_rr_all_ms": "HRV_MaxNN",
    "sdnn_all_ms": "HRV_SDNN",
    "rmssd_all_ms": "HRV_RMSSD",
    "sdsd_all_ms": "HRV_SDSD",
    "pnn50_all_percent": "HRV_pNN50",
    "pnn20_all_percent": "HRV_pNN20",
}

for path in sys.argv[1:]:
    with open(path) as handle:
        rri = np.array([float(line) for line in handle if line.strip() and not line.startswith("#")])
    result = nk.hrv_time({"RRI": rri}, sampling_rate=1000)
    row = {"file": path, "beats": len(rri), "neurokit2": nk.__version__}
    row.update({key: float(result[column].iloc[0]) for key, column in KEYS.items()})
    print(json.dumps(row))
