"""Synthetic identity-card images with ground truth, for OCR tests and the benchmark.

persons.py    reproducible card holders from a seed (seeds < 1 000 000: tuning and tests;
              ≥ 1 000 000: benchmark only), old units from data/units.yaml
cccd_chip.py  chip CCCD (2021–2024) front and back, procedural, DejaVu fonts, segno QR, TD1 MRZ
capture.py    "scan" and "photo" effects, returning corners and the card → image homography
samples.py    person + side + capture → image bytes and output-contract ground truth
__main__.py   python -m ocr.synth --out DIR --n 20 --seed 1000000 --capture photo
"""

from ocr.synth.capture import Capture
from ocr.synth.cccd_chip import render, render_back, render_front
from ocr.synth.draw import CardImage, TextLine
from ocr.synth.persons import BENCHMARK_FIRST_SEED, TUNING_SEEDS, Person, make_person, seed_split
from ocr.synth.samples import Sample, make_sample, write_sample

__all__ = [
    "BENCHMARK_FIRST_SEED",
    "TUNING_SEEDS",
    "Capture",
    "CardImage",
    "Person",
    "Sample",
    "TextLine",
    "make_person",
    "make_sample",
    "render",
    "render_back",
    "render_front",
    "seed_split",
    "write_sample",
]
