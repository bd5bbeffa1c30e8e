#!/usr/bin/env python3
"""Reads a TCX file with tcxreader (PyPI) and prints what it found, as JSON.

Usage: check_tcx.py FILE.tcx
Output keys: heart_rates (every trackpoint's, in order), laps, lap_points (trackpoints per lap),
seconds (each trackpoint's time since the first), activity_type, hr_max, hr_avg.
"""
import json
import sys

from tcxreader.tcxreader import TCXReader


def main() -> None:
    exercise = TCXReader().read(sys.argv[1], only_gps=False)
    points = exercise.trackpoints
    first = points[0].time if points else None
    print(json.dumps({
        'heart_rates': [p.hr_value for p in points],
        'seconds': [round((p.time - first).total_seconds(), 3) for p in points],
        'laps': len(exercise.laps),
        'lap_points': [len(lap.trackpoints) for lap in exercise.laps],
        'activity_type': exercise.activity_type,
        'hr_max': exercise.hr_max,
        'hr_avg': exercise.hr_avg,
    }))


if __name__ == '__main__':
    main()
