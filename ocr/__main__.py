"""`python -m ocr extract IMAGE... [--json]`: one JSON object per image per line (the output contract)."""

from __future__ import annotations

import argparse
import json
import sys

from ocr.errors import OCRError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ocr", description="Read Vietnamese ID cards offline")
    sub = parser.add_subparsers(dest="command", required=True)
    extract = sub.add_parser("extract", help="extract the fields of one or more card images")
    extract.add_argument("images", nargs="+")
    extract.add_argument("--json", action="store_true", help="JSON lines (default: readable text)")
    args = parser.parse_args(argv)

    from ocr.pipeline import Pipeline  # heavy imports only when there is work

    pipeline = Pipeline()
    failures = 0
    for path in args.images:
        try:
            results = pipeline.extract(path)
        except OCRError as exc:
            failures += 1
            message = getattr(exc, "message", str(exc))
            record = {"path": path, "error": getattr(exc, "code", type(exc).__name__), "message": message}
            print(json.dumps(record, ensure_ascii=False) if args.json else f"{path}: {message}", file=sys.stdout)
            print(f"{path}: {exc}", file=sys.stderr)
            continue
        for r in results:
            if args.json:
                print(json.dumps(r.to_dict(), ensure_ascii=False))
            else:
                print(f"{path} ({r.document_type}, {r.seconds:.2f} s)")
                for name, value in r.fields.items():
                    print(f"  {name}: {value}  [{r.sources[name]} {r.confidence[name]:.2f}]")
                for w in r.warnings:
                    print(f"  ! {w}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
