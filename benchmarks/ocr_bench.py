"""OCR benchmark on synthetic documents of every supported type, flat scans and phone photos.

Prints, per document type and capture: per-field exact match, CER, whole-document exact match,
document-type accuracy, median seconds per image; then per capture the totals with `id_number` and
`date_of_birth` apart, peak RSS, and the same figures for two baselines run in this script on the same
images: full-page Tesseract `vie`, and the full PP-OCR pipeline (rapidocr detection + its recognition).
Both baselines are told the true document type and use our field parsers; they read no QR or MRZ.

    .venv/bin/python benchmarks/ocr_bench.py [--n 15] [--captures scan photo] [--types ...] [--no-baselines]
        [--json results.json]

Images come from `ocr.synth` with benchmark persons (seeds from 1 000 000) and the fonts DejaVu Sans
Condensed and Serif, neither used in tests or tuning (those use seeds < 1 000 000 and DejaVu Sans).
Scored fields are what the image shows (`SynthDocument.scored_fields`: printed text and the MRZ); values
only in a QR (the chip front's issue date) are reported on their own line.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import cv2
import numpy as np

from ocr.documents import parsers
from ocr.documents.lines import OcrLine, edit_distance
from ocr.pipeline import Pipeline
from ocr.synth.registry import documents
from ocr.synth.samples import make_sample, write_sample

BENCH_SEED = 1_000_000
FONT_SETS = ("condensed", "serif")
KEY_FIELDS = ("id_number", "date_of_birth")


def text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "\n".join(map(str, value))
    return "" if value is None else str(value)


class Score:
    def __init__(self) -> None:
        self.exact: dict[str, list[bool]] = defaultdict(list)
        self.cer: dict[str, list[float]] = defaultdict(list)
        self.documents: list[bool] = []
        self.types: list[bool] = []
        self.seconds: list[float] = []

    def add(self, expected: dict[str, str], got: dict[str, Any], seconds: float, type_ok: bool = True) -> None:
        whole = True
        for name, value in expected.items():
            read = text(got.get(name))
            self.exact[name].append(read == value)
            self.cer[name].append(edit_distance(read, value) / max(len(value), 1))
            whole = whole and read == value
        self.documents.append(whole)
        self.types.append(type_ok)
        self.seconds.append(seconds)

    def merge(self, other: Score) -> None:
        for name, values in other.exact.items():
            self.exact[name] += values
            self.cer[name] += other.cer[name]
        self.documents += other.documents
        self.types += other.types
        self.seconds += other.seconds

    def field_exact(self, names: tuple[str, ...] | None = None) -> float:
        values = [x for n, xs in self.exact.items() if names is None or n in names for x in xs]
        return statistics.mean(values) if values else float("nan")

    def summary(self) -> dict[str, Any]:
        cer = [x for xs in self.cer.values() for x in xs]
        return {
            "images": len(self.documents),
            "field_exact": round(self.field_exact(), 4),
            "cer": round(statistics.mean(cer), 4) if cer else None,
            "document_exact": round(statistics.mean(self.documents), 4) if self.documents else None,
            "type_accuracy": round(statistics.mean(self.types), 4) if self.types else None,
            "median_s": round(statistics.median(self.seconds), 3) if self.seconds else None,
            **{f"{n}_exact": round(statistics.mean(self.exact[n]), 4) for n in KEY_FIELDS if self.exact.get(n)},
            "per_field": {n: round(statistics.mean(xs), 4) for n, xs in sorted(self.exact.items())},
        }


def expected_values(truth: dict[str, Any], names: tuple[str, ...]) -> dict[str, str]:
    return {name: text(truth[name]) for name in names if truth.get(name) not in (None, "", [])}


def generate(out: Path, types: list[str], n: int, captures: list[str]) -> None:
    """Write every benchmark image and its ground truth to `out/<capture>/` (run in a child process, so
    that rendering does not count in the pipeline's peak RSS)."""
    for kind in captures:
        for index, document_type in enumerate(types):
            for i in range(n):
                seed = BENCH_SEED + index * 10_000 + i
                sample = make_sample(seed, document_type, capture_kind=kind, font_set=FONT_SETS[i % 2])
                write_sample(sample, out / kind)


def dataset(out: Path, kind: str, document_type: str) -> list[tuple[Path, dict[str, Any]]]:
    items = []
    for json_path in sorted((out / kind).glob(f"*_{document_type}.json")):
        truth = json.loads(json_path.read_text(encoding="utf-8"))
        items.append((out / kind / truth["image"], truth))
    return items


def baseline_tesseract_page() -> Callable[[np.ndarray, str], dict[str, Any]]:
    from PIL import Image
    from tesserocr import PSM, PyTessBaseAPI

    from ocr.recognize import TESSDATA

    api = PyTessBaseAPI(path=str(TESSDATA), lang="vie", psm=PSM.AUTO)

    def run(image: np.ndarray, document_type: str) -> dict[str, Any]:
        api.SetImage(Image.fromarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB)))
        lines = [OcrLine(t, (0, 0, 0, 0)) for t in api.GetUTF8Text().splitlines() if t.strip()]
        return parsers()[document_type].parse(lines).fields

    return run


def baseline_ppocr() -> Callable[[np.ndarray, str], dict[str, Any]]:
    from rapidocr import RapidOCR

    engine = RapidOCR(params={"Det.limit_type": "max", "Det.limit_side_len": 960})
    logging.getLogger("RapidOCR").setLevel(logging.WARNING)

    def run(image: np.ndarray, document_type: str) -> dict[str, Any]:
        out = engine(image)
        texts = list(out.txts or [])
        boxes = list(out.boxes if out.boxes is not None else [])
        lines = [
            OcrLine(t, tuple(int(v) for v in cv2.boundingRect(np.asarray(b, np.float32))))
            for t, b in zip(texts, boxes, strict=False)
        ]
        return parsers()[document_type].parse(lines).fields

    return run


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=15, help="images per document type and capture (default 15)")
    parser.add_argument("--captures", nargs="+", default=["scan", "photo"], choices=["scan", "photo"])
    parser.add_argument("--types", nargs="+", default=None, help="document types (default: all)")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--detector", default="onnx", choices=["onnx", "paddle"])
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--data", type=Path, default=None, help="image directory, generated when incomplete")
    parser.add_argument("--verbose", action="store_true", help="name every image with a miss")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    types = args.types or sorted(documents())
    data = args.data or Path(tempfile.mkdtemp(prefix="ocr_bench_"))
    if not all(len(dataset(data, kind, t)) >= args.n for kind in args.captures for t in types):
        started = time.perf_counter()
        child = multiprocessing.get_context("fork").Process(target=generate, args=(data, types, args.n, args.captures))
        child.start()
        child.join()
        if child.exitcode != 0:
            print("error: generating the benchmark images failed", file=sys.stderr)
            return 1
        print(f"generated the images in {data} in {time.perf_counter() - started:.0f} s")
    pipeline = Pipeline(detector_name=args.detector)
    results: dict[str, Any] = {"types": types, "n": args.n, "captures": {}}
    print(f"{args.n} images per type and capture; seeds from {BENCH_SEED}; fonts {', '.join(FONT_SETS)}")
    print(f"document types: {', '.join(types)}\n")

    totals: dict[str, Score] = {}
    qr_only: dict[str, list[bool]] = defaultdict(list)
    for kind in args.captures:
        total = totals[kind] = Score()
        print(f"== {kind} ==")
        print(f"{'document type':<20}{'images':>7}{'field':>8}{'CER':>8}{'doc':>7}{'type':>7}{'s/img':>7}  misses")
        for document_type in types:
            spec = documents()[document_type]
            score = Score()
            for image_path, truth in dataset(data, kind, document_type)[: args.n]:
                start = time.perf_counter()
                extraction = pipeline.extract(image_path)[0]
                seconds = time.perf_counter() - start
                got = extraction.fields
                type_ok = extraction.document_type == document_type
                score.add(expected_values(truth, spec.scored_fields), got, seconds, type_ok)
                if args.verbose and (
                    not type_ok
                    or any(text(got.get(n)) != v for n, v in expected_values(truth, spec.scored_fields).items())
                ):
                    print(f"   {image_path.name}: {extraction.document_type} {extraction.warnings}")
                for name in set(spec.qr_fields) - set(spec.scored_fields):
                    if truth.get(name):
                        qr_only[kind].append(text(got.get(name)) == text(truth[name]))
            summary = score.summary()
            misses = ", ".join(f"{n} {v:.0%}" for n, v in summary["per_field"].items() if v < 1)
            print(
                f"{document_type:<20}{summary['images']:>7}{summary['field_exact']:>8.1%}{summary['cer']:>8.2%}"
                f"{summary['document_exact']:>7.0%}{summary['type_accuracy']:>7.0%}{summary['median_s']:>7.2f}"
                f"  {misses}"
            )
            results["captures"].setdefault(kind, {})[document_type] = summary
            total.merge(score)
        summary = total.summary()
        results["captures"][kind]["all"] = summary
        print(
            f"{'ALL':<20}{summary['images']:>7}{summary['field_exact']:>8.1%}{summary['cer']:>8.2%}"
            f"{summary['document_exact']:>7.0%}{summary['type_accuracy']:>7.0%}{summary['median_s']:>7.2f}"
        )
        print(
            f"id_number {summary.get('id_number_exact', float('nan')):.1%}, "
            f"date_of_birth {summary.get('date_of_birth_exact', float('nan')):.1%}"
            + (
                f"; QR-only values (chip front issue date) {statistics.mean(qr_only[kind]):.1%}"
                if qr_only[kind]
                else ""
            )
            + "\n"
        )
    everything = Score()
    for score in totals.values():
        everything.merge(score)
    overall = everything.summary()
    pipeline_rss = rss_mb()
    results["all"] = overall
    results["peak_rss_mb_pipeline"] = round(pipeline_rss)
    print(
        f"all images: {overall['images']}, field exact {overall['field_exact']:.1%}, median {overall['median_s']:.2f} s"
        f"/image, peak RSS of the dvc pipeline process {pipeline_rss:.0f} MB"
    )

    if not args.no_baselines:
        baselines = {"tesseract full page": baseline_tesseract_page(), "PP-OCR full (rapidocr)": baseline_ppocr()}
        print("\nbaselines (true document type given, field parsers reused, no QR/MRZ):")
        print(f"{'system':<24}{'capture':>8}{'field':>8}{'CER':>8}{'doc':>7}{'s/img':>7}{'id':>7}{'dob':>7}")
        results["baselines"] = {}
        for name, run in baselines.items():
            for kind in args.captures:
                score = Score()
                for document_type in types:
                    spec = documents()[document_type]
                    for image_path, truth in dataset(data, kind, document_type)[: args.n]:
                        image = cv2.imread(str(image_path))
                        start = time.perf_counter()
                        got = run(image, document_type)
                        score.add(expected_values(truth, spec.scored_fields), got, time.perf_counter() - start)
                s = score.summary()
                results["baselines"].setdefault(name, {})[kind] = s
                print(
                    f"{name:<24}{kind:>8}{s['field_exact']:>8.1%}{s['cer']:>8.2%}{s['document_exact']:>7.0%}"
                    f"{s['median_s']:>7.2f}{s.get('id_number_exact', float('nan')):>7.1%}"
                    f"{s.get('date_of_birth_exact', float('nan')):>7.1%}"
                )
        print(f"peak RSS with the baselines loaded too: {rss_mb():.0f} MB")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
