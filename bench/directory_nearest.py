"""Nearest emergency departments in process (DESIGN.md budget: under 1 ms per lookup).

    python bench/directory_nearest.py [--lookups 20000] [--limit 3] [--seed 7]

Prints JSON: the time to load the ED data and build its k-d tree (first call), then per-lookup latency
(mean/p50/p95/p99/max in µs) of ``lookups.nearest_emergency_departments`` over random points in the US
(contiguous states, Alaska, Hawaii, Puerto Rico, Guam), plus ZIP-centroid and PSAP lookups for scale.
No database or server: the reference data is in memory.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Areas clients live in: (weight, lat range, lon range).
AREAS = [
    (0.86, (25.0, 49.0), (-124.5, -67.0)),  # contiguous states
    (0.04, (55.0, 71.0), (-165.0, -141.0)),  # Alaska
    (0.04, (19.0, 22.2), (-160.2, -154.8)),  # Hawaii
    (0.04, (17.9, 18.5), (-67.3, -65.6)),  # Puerto Rico
    (0.02, (13.2, 13.7), (144.6, 145.0)),  # Guam
]


def _point(rng: random.Random) -> tuple[float, float]:
    pick = rng.random()
    for weight, (lat0, lat1), (lon0, lon1) in AREAS:
        if pick < weight:
            return rng.uniform(lat0, lat1), rng.uniform(lon0, lon1)
        pick -= weight
    return rng.uniform(25.0, 49.0), rng.uniform(-124.5, -67.0)


def _stats(samples_s: list[float]) -> dict[str, float]:
    us = sorted(s * 1e6 for s in samples_s)

    def pct(p: float) -> float:
        return round(us[min(len(us) - 1, int(p / 100 * len(us)))], 1)

    return {
        "n": len(us),
        "mean_us": round(statistics.fmean(us), 1),
        "p50_us": pct(50),
        "p95_us": pct(95),
        "p99_us": pct(99),
        "max_us": round(us[-1], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lookups", type=int, default=20_000)
    parser.add_argument("--limit", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.lookups < 10_000:
        parser.error("--lookups must be at least 10000")

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeplan.settings")
    os.environ.setdefault("SAFEPLAN_MODE", "dev")
    os.environ.setdefault(
        "SAFEPLAN_DATA_DIR", os.path.join(tempfile.gettempdir(), "safeplan-bench-directory")
    )
    import django

    django.setup()
    from safeplan.directory import lookups, reference

    rng = random.Random(args.seed)
    points = [_point(rng) for _ in range(args.lookups)]

    started = time.perf_counter()
    lookups.nearest_emergency_departments(*points[0], limit=args.limit)
    first_call_s = time.perf_counter() - started

    timings = []
    clock = time.perf_counter
    nearest = lookups.nearest_emergency_departments
    for lat, lon in points:
        t0 = clock()
        nearest(lat, lon, args.limit)
        timings.append(clock() - t0)

    zips = list(reference.zip_rows())
    zip_timings = []
    for code in rng.sample(zips, 10_000):
        t0 = clock()
        lookups.zip_centroid(code)
        zip_timings.append(clock() - t0)
    psap_timings = []
    for _ in range(2_000):
        t0 = clock()
        lookups.psaps("MA", "Suffolk")
        psap_timings.append(clock() - t0)

    ed = _stats(timings)
    result = {
        "benchmark": "directory_nearest",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "emergency_departments": len(reference.emergency_departments().rows),
        "load_seconds": {k: round(v, 4) for k, v in reference.load_seconds.items()},
        "first_call_seconds": round(first_call_s, 4),
        "limit": args.limit,
        "nearest_emergency_departments": ed,
        "zip_centroid": _stats(zip_timings),
        "psaps_by_county": _stats(psap_timings),
        "budget_us": 1000,
        "within_budget": ed["p99_us"] < 1000,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
