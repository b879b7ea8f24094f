"""Benchmarks for `make bench`: loader throughput, build times and Lighthouse scores."""

import json
from pathlib import Path


def save_results(results_dir: Path, name: str, results: dict) -> dict:
    """Write `results` to ``results_dir/name`` as indented JSON and return them."""
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / name).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results
