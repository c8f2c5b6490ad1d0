"""Write synthetic document images (ID cards, birth certificates) and their ground truth.

    python -m ocr.synth --out DIR --n 20 --seed 1000000 --capture photo [--document cccd_chip_front] [--font-set auto]

Persons are seeds `seed` … `seed + n − 1`; a range may not straddle 1 000 000, the first benchmark seed.
Each person gives every document type (or those named by `--document`), as `<seed>_<document_type>.{png,jpg}`
+ `.json`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from ocr.synth.capture import CAPTURE_KINDS
from ocr.synth.draw import FONT_SETS
from ocr.synth.persons import seed_split
from ocr.synth.registry import documents
from ocr.synth.samples import make_sample, write_sample


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ocr.synth", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="output directory (created if missing)")
    parser.add_argument("--n", type=int, default=20, help="number of persons (default 20)")
    parser.add_argument("--seed", type=int, default=0, help="first person seed; benchmark from 1000000 (default 0)")
    parser.add_argument("--capture", choices=CAPTURE_KINDS, default="scan", help="capture effects (default scan)")
    parser.add_argument(
        "--document",
        action="append",
        choices=sorted(documents()),
        help="document type, repeatable (default: all)",
    )
    parser.add_argument(
        "--font-set",
        choices=("auto", *FONT_SETS),
        default="auto",
        help="auto: sans for tuning, condensed for benchmark",
    )
    parser.add_argument(
        "--scale", type=float, default=None, help="card scale, 1 = 856×540 px (default: none 1, scan 300 dpi, photo 2)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.n < 1 or args.seed < 0:
        print("error: --n must be ≥ 1 and --seed ≥ 0", file=sys.stderr)
        return 2
    last = args.seed + args.n - 1
    if seed_split(args.seed) != seed_split(last):
        print(f"error: seeds {args.seed}…{last} mix tuning (< 1000000) and benchmark persons", file=sys.stderr)
        return 2
    kinds = args.document or sorted(documents())
    font_set = None if args.font_set == "auto" else args.font_set
    start = time.perf_counter()
    count = 0
    for seed in range(args.seed, last + 1):
        for kind in kinds:
            sample = make_sample(seed, kind, capture_kind=args.capture, font_set=font_set, scale=args.scale)
            write_sample(sample, args.out)
            count += 1
    elapsed = time.perf_counter() - start
    print(
        f"wrote {count} images + JSON to {args.out} ({seed_split(args.seed)} seeds {args.seed}…{last}, "
        f"{args.capture}) in {elapsed:.1f} s, {elapsed / count:.2f} s per image"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
