#!/usr/bin/env python3
"""Reads a FIT file with Garmin's FIT SDK for Python (PyPI garmin-fit-sdk) and prints what it found, as JSON.

Usage: check_fit.py FILE.fit
Output keys: is_fit, integrity (header and file CRCs, checked by the SDK), errors (the decoder's), heart_rates
(record heart_rate in order), record_timestamps (seconds since the first record), laps, lap_intensities,
sessions, activities, file_type, sport, rr_ms (every valid value of every hrv message, in order), num_laps
(the session's field), avg_heart_rate, max_heart_rate.
"""
import json
import sys

from garmin_fit_sdk import Decoder, Stream


def main() -> None:
    # The checks read the stream to its end: read the messages with a decoder of their own.
    checker = Decoder(Stream.from_file(sys.argv[1]))
    is_fit = checker.is_fit()
    integrity = checker.check_integrity()
    decoder = Decoder(Stream.from_file(sys.argv[1]))
    messages, errors = decoder.read(convert_datetimes_to_dates=False, apply_scale_and_offset=True)
    records = messages.get('record_mesgs', [])
    laps = messages.get('lap_mesgs', [])
    sessions = messages.get('session_mesgs', [])
    rr = []
    for hrv in messages.get('hrv_mesgs', []):
        values = hrv.get('time') or []
        if not isinstance(values, list):
            values = [values]
        rr += [round(v * 1000, 3) for v in values if v is not None]
    first = records[0]['timestamp'] if records else 0
    print(json.dumps({
        'is_fit': is_fit,
        'integrity': integrity,
        'errors': [str(e) for e in errors],
        'file_type': (messages.get('file_id_mesgs') or [{}])[0].get('type'),
        'heart_rates': [r.get('heart_rate') for r in records],
        'record_timestamps': [r['timestamp'] - first for r in records],
        'laps': len(laps),
        'lap_intensities': [lap.get('intensity') for lap in laps],
        'sessions': len(sessions),
        'num_laps': sessions[0].get('num_laps') if sessions else None,
        'sport': sessions[0].get('sport') if sessions else None,
        'avg_heart_rate': sessions[0].get('avg_heart_rate') if sessions else None,
        'max_heart_rate': sessions[0].get('max_heart_rate') if sessions else None,
        'activities': len(messages.get('activity_mesgs', [])),
        'rr_ms': rr,
    }))


if __name__ == '__main__':
    main()
