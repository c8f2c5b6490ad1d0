"""Text detection backends side by side (`ocr.detect.make_detector`: "onnx", "paddle") on the same synthetic
chip-CCCD fronts: scans, and phone photos flattened by `CardLocalizer`.

    .venv/bin/python benchmarks/ocr_detectors.py [--n 20] [--split benchmark|tuning] [--backends onnx paddle]

Per backend and capture kind:

- text-line recall / precision: detected quads against the ground-truth `text_lines` quads, one-to-one,
  IoU ≥ 0.5. A label and its value printed on one row ("Giới tính / Sex:" "Nam") are two truth lines, and
  DB detectors often return them as one box, which counts as a miss and a false box here; so also
- recall* / precision*: the same, but a box may match a run of neighbouring lines of one row (IoU ≥ 0.5
  with the run's rectangle), not one-to-one. That is what the pipeline needs (parsers split label: value);
- end to end: `Pipeline(detector=...)` on the encoded capture, exact match of the scored fields against the
  ground truth, overall and for the fields only OCR can give (not carried by the front QR);
- median seconds per card for detection alone (on the flattened card) and end to end, wall and CPU (the
  CPU figure is steadier on a shared machine), the model load time, and the peak RSS of a process that
  holds that one backend and the pipeline.

Each backend runs in its own child process, one after the other, so RSS and timings do not mix. Photos are
turned upright using the ground truth (not `ocr.orient`), so a detector is never scored on a sideways card.
The reported figures use benchmark persons (seeds from 1 000 000, font set "condensed"); `--split tuning`
(seeds from 0, "sans") is for looking at failures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import cv2
import numpy as np

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")  # before ocr.* imports onnxruntime (in the child)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DOCUMENT = "cccd_chip_front"
FIRST_SEED = {"benchmark": 1_000_000, "tuning": 0}
FONT_SET = {"benchmark": "condensed", "tuning": "sans"}
CAPTURES = ("scan", "photo")
IOU = 0.5


def quad_iou(a: np.ndarray, b: np.ndarray) -> float:
    inter, _ = cv2.intersectConvexConvex(a, b)
    union = cv2.contourArea(a) + cv2.contourArea(b) - inter
    return float(inter / union) if union > 0 else 0.0


def rectangle(points: np.ndarray) -> np.ndarray:
    """The minimum-area rectangle around points, as a float32 (4, 2) quad."""
    return cv2.boxPoints(cv2.minAreaRect(points.reshape(-1, 2).astype(np.float32))).astype(np.float32)


def row_runs(quads: list[np.ndarray]) -> list[tuple[list[int], np.ndarray]]:
    """Every run of ≥ 2 neighbouring lines of one row (vertical extents overlapping by half the smaller
    height), with the rectangle around the run."""
    rows: list[list[int]] = []
    for i in sorted(range(len(quads)), key=lambda i: quads[i][:, 1].mean()):
        top, bottom = quads[i][:, 1].min(), quads[i][:, 1].max()
        for row in rows:
            j = row[0]
            overlap = min(bottom, quads[j][:, 1].max()) - max(top, quads[j][:, 1].min())
            if overlap > 0.5 * min(bottom - top, np.ptp(quads[j][:, 1])):
                row.append(i)
                break
        else:
            rows.append([i])
    runs = []
    for row in rows:
        row.sort(key=lambda i: quads[i][:, 0].min())
        for start in range(len(row)):
            for end in range(start + 2, len(row) + 1):
                members = row[start:end]
                runs.append((members, rectangle(np.concatenate([quads[i] for i in members]))))
    return runs


def score_lines(truth: list[np.ndarray], found: list[np.ndarray]) -> dict[str, int]:
    """Counts for strict (one-to-one) and row-merge tolerant matching."""
    pairs = sorted(((quad_iou(t, f), ti, fi) for ti, t in enumerate(truth) for fi, f in enumerate(found)), reverse=True)
    used_t: set[int] = set()
    used_f: set[int] = set()
    for iou, ti, fi in pairs:
        if iou < IOU:
            break
        if ti not in used_t and fi not in used_f:
            used_t.add(ti)
            used_f.add(fi)
    targets = [([i], quad) for i, quad in enumerate(truth)] + row_runs(truth)
    covered: set[int] = set()
    good = 0
    for f in found:
        hits = [members for members, quad in targets if quad_iou(quad, f) >= IOU]
        good += bool(hits)
        covered.update(i for members in hits for i in members)
    return {
        "truth": len(truth),
        "found": len(found),
        "matched": len(used_t),
        "covered": len(covered),
        "good": good,
    }


def upright(image: np.ndarray, quads: list[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Turn the card by quarter turns until the ground-truth lines run left to right."""
    for _ in range(4):
        direction = np.median([q[1] - q[0] for q in quads], axis=0)
        if direction[0] > abs(direction[1]):
            return image, quads
        height = image.shape[0]
        image = np.ascontiguousarray(np.rot90(image, k=-1))  # clockwise: (x, y) → (height - 1 - y, x)
        quads = [np.stack([height - 1 - q[:, 1], q[:, 0]], axis=1).astype(np.float32) for q in quads]
    raise RuntimeError("ground-truth lines have no dominant direction")


def prepare(sample, localizer) -> tuple[np.ndarray, list[np.ndarray]]:
    """The card as the detector sees it in the pipeline (flattened if it is a photo) and the truth quads in it."""
    quads = [np.array(line["quad"], np.float32) for line in sample.ground_truth["text_lines"]]
    located = localizer(sample.capture.image)
    image = located.image
    if located.applied:
        quads = [cv2.perspectiveTransform(q.reshape(-1, 1, 2), located.homography).reshape(-1, 2) for q in quads]
    return upright(image, quads)


def run_backend(name: str, n: int, split: str) -> dict:
    from ocr.detect import make_detector
    from ocr.localize import CardLocalizer
    from ocr.pipeline import Pipeline
    from ocr.synth.samples import make_sample

    start = time.perf_counter()
    detector = make_detector(name)
    load_seconds = time.perf_counter() - start
    pipeline = Pipeline(detector=detector)
    localizer = CardLocalizer()
    out: dict = {"backend": name, "load_s": round(load_seconds, 2), "captures": {}}
    for kind in CAPTURES:
        counts = {"truth": 0, "found": 0, "matched": 0, "covered": 0, "good": 0}
        det_s, det_cpu, e2e_s, e2e_cpu = [], [], [], []
        exact, ocr_exact, cards = [], [], []
        for i in range(n):
            sample = make_sample(FIRST_SEED[split] + i, DOCUMENT, capture_kind=kind, font_set=FONT_SET[split])
            card, truth = prepare(sample, localizer)
            t0, c0 = time.perf_counter(), time.process_time()
            boxes = detector(card)
            det_s.append(time.perf_counter() - t0)
            det_cpu.append(time.process_time() - c0)
            for key, value in score_lines(truth, [box.points for box in boxes]).items():
                counts[key] += value
            t0, c0 = time.perf_counter(), time.process_time()
            result = pipeline.extract(sample.capture.encoded, filename=f"card{sample.capture.extension}")[0]
            e2e_s.append(time.perf_counter() - t0)
            e2e_cpu.append(time.process_time() - c0)
            gt = sample.ground_truth
            right = {f: " ".join(str(result.fields.get(f) or "").split()) == str(gt[f]) for f in gt["scored_fields"]}
            exact += right.values()
            ocr_exact += [ok for f, ok in right.items() if f not in gt["qr_fields"]]
            cards.append(all(right.values()))
        out["captures"][kind] = {
            "cards": n,
            **counts,
            "recall": counts["matched"] / counts["truth"],
            "precision": counts["matched"] / max(counts["found"], 1),
            "recall_rows": counts["covered"] / counts["truth"],
            "precision_rows": counts["good"] / max(counts["found"], 1),
            "field_exact": statistics.mean(exact),
            "ocr_field_exact": statistics.mean(ocr_exact),
            "card_exact": statistics.mean(cards),
            "det_s": statistics.median(det_s),
            "det_cpu_s": statistics.median(det_cpu),
            "e2e_s": statistics.median(e2e_s),
            "e2e_cpu_s": statistics.median(e2e_cpu),
        }
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


def table(results: list[dict], n: int, split: str) -> str:
    head = (
        f"{'capture':<7} {'backend':<7} {'recall':>6} {'prec':>6} {'recall*':>7} {'prec*':>6} {'fields':>6} "
        f"{'ocr-only':>8} {'cards':>6} {'det s':>6} {'cpu':>5} {'e2e s':>6} {'cpu':>5}"
    )
    rows = [f"{n} cards per capture, {split} seeds from {FIRST_SEED[split]:,}, font set {FONT_SET[split]!r}", head]
    for kind in CAPTURES:
        for result in results:
            c = result["captures"][kind]
            rows.append(
                f"{kind:<7} {result['backend']:<7} {c['recall']:6.1%} {c['precision']:6.1%} "
                f"{c['recall_rows']:7.1%} {c['precision_rows']:6.1%} {c['field_exact']:6.1%} "
                f"{c['ocr_field_exact']:8.1%} {c['card_exact']:6.1%} "
                f"{c['det_s']:6.2f} {c['det_cpu_s']:5.2f} {c['e2e_s']:6.2f} {c['e2e_cpu_s']:5.2f}"
            )
    rows.append("")
    rows += [f"{r['backend']}: model load {r['load_s']:.1f} s, peak RSS {r['peak_rss_mb']} MB" for r in results]
    rows.append("* a box may cover a run of neighbouring lines of one row (label and value)")
    rows.append("s: median wall seconds per card; cpu: median process CPU seconds (all threads)")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20, help="cards per capture kind")
    parser.add_argument("--split", choices=sorted(FIRST_SEED), default="benchmark")
    parser.add_argument("--backends", nargs="+", default=["onnx", "paddle"])
    parser.add_argument("--child", help=argparse.SUPPRESS)  # run one backend and print its JSON
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_backend(args.child, args.n, args.split)))
        return 0
    results = []
    for name in args.backends:
        command = [sys.executable, __file__, "--child", name, "--n", str(args.n), "--split", args.split]
        proc = subprocess.run(command, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            print(f"{name} failed:\n{proc.stderr[-2000:]}", file=sys.stderr)
            return 1
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    print(table(results, args.n, args.split))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
