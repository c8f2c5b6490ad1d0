"""Compare NLU pipelines on a held-out split: intent accuracy, macro-F1, entity F1, train and load time.

    .venv/bin/python benchmarks/nlu_pipelines.py [--configs logreg tfidf diet diet_regex]

The split is by template (a quarter of each intent's hand-written templates is
held out), so test sentences are phrasings the model never saw; `{procedure}`
is filled with a different random draw of catalog names. Trains with
`rasa train nlu`, scores with `rasa test nlu` (both in .venv-rasa).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.catalog import load_catalog  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.runtime import nlu_build  # noqa: E402
from assistant.runtime.training import rasa_env  # noqa: E402

CONFIGS = ROOT / "benchmarks" / "nlu_configs"
LOAD_SNIPPET = """
import time, sys
t0 = time.perf_counter()
from rasa.core.agent import Agent
t1 = time.perf_counter()
agent = Agent.load(sys.argv[1])
t2 = time.perf_counter()
import asyncio
asyncio.run(agent.parse_message("lam giay khai sinh can gi"))
t3 = time.perf_counter()
n = 200
for _ in range(n):
    asyncio.run(agent.parse_message("dang ky ket hon mat bao nhieu tien"))
t4 = time.perf_counter()
print(f"{t1-t0:.2f} {t2-t1:.2f} {(t4-t3)/n*1000:.2f}")
"""


def split(templates: dict[str, list[str]], seed: int) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    rng = random.Random(seed)
    train: dict[str, list[str]] = {}
    test: dict[str, list[str]] = {}
    for intent, texts in templates.items():
        shuffled = texts[:]
        rng.shuffle(shuffled)
        k = max(2, len(shuffled) // 4)
        test[intent], train[intent] = shuffled[:k], shuffled[k:]
    return train, test


def run(cmd: list[str], log: Path) -> float:
    start = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.run(cmd, cwd=ROOT, env=rasa_env(), stdout=out, stderr=subprocess.STDOUT, check=False)
    if proc.returncode:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n" + log.read_text()[-2000:])
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--configs", nargs="+", default=["logreg", "diet", "diet_regex"])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    settings = Settings()
    rasa = str(settings.venv_rasa / "bin" / "rasa")
    python = str(settings.venv_rasa / "bin" / "python")

    names = nlu_build.procedure_names(load_catalog())
    train_t, test_t = split(nlu_build.load_templates(), args.seed)
    work = Path(tempfile.mkdtemp(prefix="nlu-bench-"))
    (work / "train.yml").write_text(nlu_build.render_nlu(nlu_build.expand(train_t, names, seed=1), names))
    test_examples = nlu_build.expand(test_t, names, seed=99)
    # The test file carries no lookup tables or synonyms: those are the model's, not the data's.
    test_text = nlu_build.render_nlu(test_examples, {})
    (work / "test.yml").write_text(test_text.split("  - lookup:")[0])
    print(
        f"held-out split: {sum(map(len, train_t.values()))} train templates, "
        f"{sum(map(len, test_t.values()))} test templates, {len(test_examples)} test messages; work dir {work}"
    )

    rows = []
    for name in args.configs:
        out = work / name
        out.mkdir()
        train_s = run(
            [
                rasa,
                "train",
                "nlu",
                "--config",
                str(CONFIGS / f"{name}.yml"),
                "--nlu",
                str(work / "train.yml"),
                "--out",
                str(out),
                "--fixed-model-name",
                "model",
            ],
            out / "train.log",
        )
        model = out / "model.tar.gz"
        run(
            [
                rasa,
                "test",
                "nlu",
                "--nlu",
                str(work / "test.yml"),
                "--model",
                str(model),
                "--out",
                str(out / "results"),
            ],
            out / "test.log",
        )
        report = json.loads((out / "results" / "intent_report.json").read_text())
        ent_files = sorted((out / "results").glob("*Extractor_report.json")) + sorted(
            (out / "results").glob("DIETClassifier_report.json")
        )
        ent_f1 = None
        if ent_files:
            ent = json.loads(ent_files[0].read_text())
            ent_f1 = ent.get("procedure", {}).get("f1-score")
        probe = subprocess.run(
            [python, "-c", LOAD_SNIPPET, str(model)],
            cwd=ROOT,
            env=rasa_env(),
            capture_output=True,
            text=True,
            check=True,
        )
        import_s, load_s, parse_ms = map(float, probe.stdout.split()[-3:])
        rows.append(
            (name, report["accuracy"], report["macro avg"]["f1-score"], ent_f1, train_s, import_s, load_s, parse_ms)
        )

    header = ["pipeline", "intent accuracy", "intent macro-F1", "procedure entity F1", "train s", "import s"]
    print("\n| " + " | ".join([*header, "load s", "parse ms"]) + " |")
    print("|---|---|---|---|---|---|---|---|")
    for name, acc, f1, ef1, tr, imp, ld, pm in rows:
        ef = f"{ef1:.3f}" if ef1 is not None else "n/a"
        print(f"| {name} | {acc:.3f} | {f1:.3f} | {ef} | {tr:.1f} | {imp:.1f} | {ld:.2f} | {pm:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
