"""OCR benchmark on synthetic chip-CCCD fronts: prints per-field exact match, CER, whole-card exact match,
median seconds per card and peak RSS, per capture (scan / photo), next to two baselines run here too:
full-page Tesseract `vie`, and the full PP-OCR pipeline (rapidocr: detection + its own recognition).

    .venv/bin/python benchmarks/ocr_bench.py [--n 100] [--captures scan photo] [--no-baselines]

Benchmark persons use seeds from 1 000 000 (never used while tuning: ocr.synth.persons.seed_split) and the
"serif" and "condensed" font sets (tests and tuning use "sans").
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import logging

import cv2
import numpy as np

from ocr.documents.cccd_chip import parse_front
from ocr.documents.lines import OcrLine
from ocr.pipeline import Pipeline
from ocr.synth.capture import capture
from ocr.synth.cccd_chip import render_front
from ocr.synth.persons import make_person
from ocr.synth.samples import PRINTED_FIELDS

FIELDS = PRINTED_FIELDS["front"]
BENCH_SEED = 1_000_000
FONT_SETS = ("serif", "condensed")


def levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def truth(seed: int) -> dict[str, str]:
    fields = make_person(seed).contract_fields()
    expected = {name: str(fields[name]) for name in FIELDS if fields.get(name) is not None}
    expected["full_name"] = expected["full_name"].upper()  # the card prints the name in capitals
    return expected


class Score:
    def __init__(self) -> None:
        self.exact: dict[str, list[bool]] = defaultdict(list)
        self.cer: dict[str, list[float]] = defaultdict(list)
        self.cards: list[bool] = []
        self.seconds: list[float] = []

    def add(self, expected: dict[str, str], got: dict[str, str], seconds: float) -> None:
        for name, value in expected.items():
            read = str(got.get(name) or "")
            self.exact[name].append(read == value)
            self.cer[name].append(levenshtein(read, value) / max(len(value), 1))
        self.cards.append(all(str(got.get(n) or "") == v for n, v in expected.items()))
        self.seconds.append(seconds)

    def row(self, name: str) -> str:
        exact = [x for n in FIELDS for x in self.exact[n]]
        cer = [x for n in FIELDS for x in self.cer[n]]
        per = "  ".join(f"{statistics.mean(self.exact[n]):6.1%}" for n in FIELDS)
        return (
            f"{name:<22}{statistics.mean(exact):7.1%}  {statistics.mean(cer):6.2%}  {statistics.mean(self.cards):6.1%}"
            f"  {statistics.median(self.seconds):5.2f}   {per}"
        )


def baseline_tesseract_page() -> Callable[[np.ndarray], dict[str, str]]:
    from tesserocr import PSM, PyTessBaseAPI

    from ocr.recognize import TESSDATA

    api = PyTessBaseAPI(path=str(TESSDATA), lang="vie", psm=PSM.AUTO)

    def run(image: np.ndarray) -> dict[str, str]:
        from PIL import Image

        api.SetImage(Image.fromarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB)))
        lines = [OcrLine(t, (0, 0, 0, 0)) for t in api.GetUTF8Text().splitlines() if t.strip()]
        return parse_front(lines).fields

    return run


def baseline_ppocr() -> Callable[[np.ndarray], dict[str, str]]:
    from rapidocr import RapidOCR

    engine = RapidOCR(params={"Det.limit_type": "max", "Det.limit_side_len": 960})
    logging.getLogger("RapidOCR").setLevel(logging.WARNING)

    def run(image: np.ndarray) -> dict[str, str]:
        out = engine(image)
        texts = list(out.txts or [])
        boxes = list(out.boxes if out.boxes is not None else [])
        lines = [
            OcrLine(t, tuple(int(v) for v in cv2.boundingRect(np.asarray(b, np.float32))))
            for t, b in zip(texts, boxes, strict=False)
        ]
        return parse_front(lines).fields

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100, help="cards per capture kind")
    parser.add_argument("--captures", nargs="+", default=["scan", "photo"])
    parser.add_argument("--no-baselines", action="store_true")
    args = parser.parse_args()

    pipeline = Pipeline()
    systems: dict[str, Callable[[np.ndarray], dict[str, str]]] = {}
    if not args.no_baselines:
        systems = {"tesseract full page": baseline_tesseract_page(), "PP-OCR full (rapidocr)": baseline_ppocr()}
    print(f"{args.n} cards per capture; seeds from {BENCH_SEED}; fonts {', '.join(FONT_SETS)}")
    header = f"{'system':<22}{'field':>7}  {'CER':>6}  {'card':>6}  {'s/card':>5}   " + "  ".join(
        f"{n[:6]:>6}" for n in FIELDS
    )
    for kind in args.captures:
        scores = {"dvc pipeline": Score(), **{name: Score() for name in systems}}
        for i in range(args.n):
            seed = BENCH_SEED + i
            card = render_front(make_person(seed), font_set=FONT_SETS[i % len(FONT_SETS)])
            shot = capture(card.image, kind, seed=seed)
            expected = truth(seed)
            start = time.perf_counter()
            result = pipeline.extract(shot.encoded, filename=f"card{shot.extension}")[0]
            scores["dvc pipeline"].add(expected, result.fields, time.perf_counter() - start)
            for name, run in systems.items():
                start = time.perf_counter()
                got = run(shot.image)
                scores[name].add(expected, got, time.perf_counter() - start)
        print(f"\n{kind}:\n{header}")
        for name, score in scores.items():
            print(score.row(name))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS (whole benchmark process, all systems loaded): {rss_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
