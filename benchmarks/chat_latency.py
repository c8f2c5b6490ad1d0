"""Latency of POST /api/chat, sequential, after warm-up. Prints p50/p95/p99/mean/max in ms.

    .venv/bin/python benchmarks/chat_latency.py [--n 300] [--warmup 30]

Uses the running system, or starts it (gateway, Rasa, actions) for the run.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.config import Settings
from assistant.runtime.launch import services_running

MESSAGES = [
    "xin chào",
    "Làm giấy khai sinh cần giấy tờ gì?",
    "lam giay khai sinh can gi",
    "dk ket hon mat bn tien",
    "đăng ký thường trú nộp ở đâu",
    "cấp căn cước mất bao lâu",
    "lý lịch tư pháp làm online được không",
    "còn lệ phí thì sao?",
    "căn cứ pháp lý đăng ký kết hôn",
    "cảm ơn",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    args = parser.parse_args()
    settings = Settings()
    with services_running(settings, with_gateway=True), httpx.Client(base_url=settings.gateway_url, timeout=30) as http:
        cycle = itertools.cycle(MESSAGES)
        samples: list[float] = []
        errors = 0
        for i in range(args.warmup + args.n):
            body = {"sender": f"bench-{i // len(MESSAGES)}", "message": next(cycle)}
            start = time.perf_counter()
            resp = http.post("/api/chat", json=body)
            elapsed = (time.perf_counter() - start) * 1000
            if resp.status_code != 200:
                errors += 1
            if i >= args.warmup:
                samples.append(elapsed)
    print(f"POST /api/chat, {len(samples)} sequential requests after {args.warmup} warm-up, errors={errors}")
    print(
        f"p50={percentile(samples, 0.5):.1f} ms  p95={percentile(samples, 0.95):.1f} ms  "
        f"p99={percentile(samples, 0.99):.1f} ms  mean={statistics.mean(samples):.1f} ms  max={max(samples):.1f} ms"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
