"""Score `baoku clean` on the evaluation pages with the shared scorer.

Runs `baoku clean` over the seed page plus each evaluation set (dev/plain,
dev/noisy and any extra directories laid out by scanify.py, each holding
pages/ and gold/), scores the output with `score_clean.py` and prints one
table row per set, then writes the figures as JSON.

    .venv/bin/python bench/clean_eval.py [--eval ../shared/eval] [--extra DIR ...]
        [--fresh 11 12 13:noisy] [--json OUT]

The scorer is imported from the eval folder, so the figures are exactly the
ones `score_clean.py` prints. Not a test: run it by hand and quote it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The shared folder sits beside the clone (CI), or beside the worktrees.
DEFAULT_EVAL = next(
    (p for p in (ROOT.parent / "shared" / "eval", ROOT.parent.parent / "shared" / "eval") if p.is_dir()),
    ROOT.parent / "shared" / "eval",
)
TARGETS = {"merge_f1": 0.99, "fidelity": 0.995, "boundary_f1": 0.97, "title_accuracy": 0.95}
COLUMNS = (
    ("merge_precision", "merge P"),
    ("merge_recall", "merge R"),
    ("merge_f1", "merge F1"),
    ("fidelity", "fidelity"),
    ("boundary_f1", "bound F1"),
    ("title_accuracy", "title acc"),
)


def baoku_command() -> list[str]:
    exe = Path(sys.executable).with_name("baoku")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "baoku"]


def run_clean(paths: list[str], out: Path) -> float:
    """`baoku clean PATHS > out`; returns the wall-clock seconds."""
    start = time.perf_counter()
    with out.open("w", encoding="utf-8") as f:
        subprocess.run([*baoku_command(), "clean", *paths], stdout=f, check=True)
    return time.perf_counter() - start


def scanify(eval_dir: Path, out: Path, seed: int, *, noisy: bool) -> None:
    """Lay the dev articles (1-10 January 1998) out again with another seed.

    Held-out layouts: the same real articles, other breaks, gaps, captions
    and bylines, so a rule fitted to dev/'s pages shows here.
    """
    articles = eval_dir.parent / "corpus" / "rmrb1998-dev.jsonl"
    cmd = [sys.executable, str(eval_dir / "scanify.py"), str(articles), str(out)]
    cmd += ["--dates", "1998-01-01:1998-01-10", "--seed", str(seed)]
    if noisy:
        cmd += ["--noise", "all"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def fresh_sets(eval_dir: Path, tmp: Path, specs: list[str]) -> list[tuple[str, Path]]:
    """Lay out a fresh set in `tmp` for each `SEED[:noisy]`; -> (name, folder) pairs."""
    sets = []
    for spec in specs:
        seed, _, noise = spec.partition(":")
        folder = tmp / f"seed{seed}-{noise or 'plain'}"
        scanify(eval_dir, folder, int(seed), noisy=bool(noise))
        sets.append((f"fresh seed {seed} {noise or 'plain'}", folder))
    return sets


def score(eval_dir: Path, golds: list[str], system: Path) -> dict:
    sys.path.insert(0, str(eval_dir))
    try:
        from common import load_page_golds  # type: ignore[import-not-found]
        from score_clean import load_system
        from score_clean import score as score_pages  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    pages = load_page_golds(golds)
    return score_pages(pages, load_system(str(system), pages))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval", default=str(DEFAULT_EVAL), help="the shared eval folder (seed_gold.json, dev/)")
    ap.add_argument("--extra", nargs="*", default=[], help="more sets: directories with pages/ and gold/")
    ap.add_argument("--no-dev", action="store_true", help="score only the --extra sets")
    ap.add_argument(
        "--fresh",
        nargs="*",
        default=[],
        metavar="SEED[:noisy]",
        help="lay out fresh pages with scanify.py (other seeds than dev/) and score them too, "
        "e.g. --fresh 11 12 13:noisy",
    )
    ap.add_argument("--json", default="bench/out/clean_eval.json", help="where to write the figures")
    args = ap.parse_args()
    eval_dir = Path(args.eval).resolve()
    seed_gold = eval_dir / "seed_gold.json"
    seed_dir = eval_dir.parent / "corpus" / "seed"
    sets = (
        []
        if args.no_dev
        else [("dev/plain", eval_dir / "dev" / "plain"), ("dev/noisy", eval_dir / "dev" / "noisy")]
    )
    sets += [(str(d), Path(d).resolve()) for d in args.extra]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        sets += fresh_sets(eval_dir, Path(tmp), args.fresh)
        for name, folder in sets:
            out = Path(tmp) / "clean.jsonl"
            seconds = run_clean([str(seed_dir), str(folder / "pages")], out)
            figures = score(eval_dir, [str(seed_gold), str(folder / "gold")], out)
            figures["seconds"] = round(seconds, 2)
            results[name] = figures
    header = f"{'set':<28}" + "".join(f"{label:>10}" for _, label in COLUMNS) + f"{'pages':>7}{'secs':>7}"
    print(header)
    for name, s in results.items():
        cells = "".join(f"{s[key]:>10.3f}" for key, _ in COLUMNS)
        print(f"{name[-28:]:<28}{cells}{s['pages']:>7}{s['seconds']:>7.1f}")
    print(f"{'target':<28}" + "".join(f"{TARGETS.get(key, float('nan')):>10.3f}" for key, _ in COLUMNS))
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    Path(args.json).write_text(
        json.dumps({"targets": TARGETS, "sets": results}, indent=1, ensure_ascii=False)
    )
    print(
        json.dumps(
            {
                name: {k: round(v, 4) if isinstance(v, float) else v for k, v in s.items()}
                for name, s in results.items()
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
