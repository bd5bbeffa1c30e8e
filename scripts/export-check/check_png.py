#!/usr/bin/env python3
"""Checks a screenshot of the HTML report (Pillow) and prints what it found, as JSON.

Usage: check_png.py FILE.png LINE_COLOUR ZONE_COLOUR
Counts the pixels close to the chart's heart-rate line colour and to its zone-band colour (both given as #rrggbb),
and the pixels that are not the page's background: a page that failed to render, or rendered without its chart,
has none of the first two.
Output keys: width, height, line_pixels, zone_pixels, non_background_pixels, distinct_colours.
"""
import json
import sys

from PIL import Image


def rgb(text: str) -> tuple[int, int, int]:
    text = text.lstrip('#')
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def close(a, b, tolerance: int) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b))


def main() -> None:
    image = Image.open(sys.argv[1]).convert('RGB')
    line, zone = rgb(sys.argv[2]), rgb(sys.argv[3])
    background = image.getpixel((1, 1))
    counts = {'line': 0, 'zone': 0, 'other': 0}
    colours = set()
    for pixel in image.get_flattened_data():
        colours.add(pixel)
        if close(pixel, line, 40):
            counts['line'] += 1
        elif close(pixel, zone, 12):
            counts['zone'] += 1
        if pixel != background:
            counts['other'] += 1
    print(json.dumps({
        'width': image.width,
        'height': image.height,
        'line_pixels': counts['line'],
        'zone_pixels': counts['zone'],
        'non_background_pixels': counts['other'],
        'distinct_colours': len(colours),
    }))


if __name__ == '__main__':
    main()
