"""Run every benchmark part, print its table, write bench/results.json."""

import json
import os
import platform
import sys
from pathlib import Path

from bench import cifar, conv, training

PARTS = {"conv": conv, "training": training, "cifar": cifar}


def main(names):
    results = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                           "processor": platform.processor() or platform.machine()}}  # fmt: skip
    for name in names or PARTS:
        results[name] = PARTS[name].run()
        PARTS[name].report(results[name])
    path = Path(__file__).parent / "results.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")


if __name__ == "__main__":
    main(sys.argv[1:])
