"""Train the Rasa model only when its inputs changed (content fingerprint cache)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import time
from pathlib import Path

from assistant.catalog import load_catalog
from assistant.catalog.loader import PROCEDURES_DIR
from assistant.config import ROOT, Settings
from assistant.runtime import nlu_build

log = logging.getLogger(__name__)
MODEL_PREFIX = "dvc-"
KEEP_MODELS = 3


class TrainingError(RuntimeError):
    """Rasa training failed; the message carries the tail of its log."""


def rasa_env() -> dict[str, str]:
    env = dict(os.environ)
    # Telemetry would try to reach the internet; the machines here have none.
    env.update(RASA_TELEMETRY_ENABLED="false", PYTHONPATH=str(ROOT), TF_CPP_MIN_LOG_LEVEL="2")
    env.pop("VIRTUAL_ENV", None)
    return env


def fingerprint(config: Path | None = None, catalog_dir: Path = PROCEDURES_DIR) -> str:
    """Hash of everything the model depends on; catalog facts other than names are left out on purpose."""
    digest = hashlib.sha256()
    inputs = sorted((ROOT / "nlu_data").glob("*.yml"))
    if config is not None:
        inputs = [p for p in inputs if p.name != "config.yml"] + [config]
    inputs += [ROOT / "assistant" / "textnorm.py", Path(nlu_build.__file__)]
    for path in inputs:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(json.dumps(nlu_build.procedure_names(load_catalog(catalog_dir)), sort_keys=True).encode())
    return digest.hexdigest()[:16]


def model_path(settings: Settings, fp: str) -> Path:
    return settings.models_dir / f"{MODEL_PREFIX}{fp}.tar.gz"


def train(settings: Settings, *, data_dir: Path, config: Path, out_name: str, domain: Path | None = None) -> float:
    """Run `rasa train`; returns seconds taken."""
    rasa = settings.venv_rasa / "bin" / "rasa"
    if not rasa.exists():
        raise TrainingError(f"{rasa} not found: run `make setup` first")
    settings.log_dir.mkdir(parents=True, exist_ok=True)
    log_file = settings.log_dir / "train.log"
    cmd = [
        str(rasa),
        "train",
        "--config",
        str(config),
        "--domain",
        str(domain or ROOT / "nlu_data" / "domain.yml"),
        "--data",
        str(data_dir),
        "--out",
        str(settings.models_dir),
        "--fixed-model-name",
        out_name,
        "--quiet",
    ]
    start = time.perf_counter()
    with log_file.open("w") as out:
        proc = subprocess.run(cmd, cwd=ROOT, env=rasa_env(), stdout=out, stderr=subprocess.STDOUT, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        tail = "\n".join(log_file.read_text(errors="replace").splitlines()[-20:])
        raise TrainingError(f"rasa train exited {proc.returncode}:\n{tail}")
    return elapsed


def ensure_model(settings: Settings, *, force: bool = False) -> Path:
    """Path of the model for the current inputs, training it first if needed."""
    config = ROOT / "nlu_data" / "config.yml"
    fp = fingerprint()
    target = model_path(settings, fp)
    if target.exists() and not force:
        log.info("model up to date: %s", target.name)
        return target
    data_dir = nlu_build.build(settings.models_dir / "training_data")
    log.info("training Rasa model %s (inputs changed)", target.name)
    seconds = train(settings, data_dir=data_dir, config=config, out_name=target.name.removesuffix(".tar.gz"))
    log.info("trained %s in %.1f s", target.name, seconds)
    _prune(settings, keep=target)
    return target


def _prune(settings: Settings, keep: Path) -> None:
    models = sorted(settings.models_dir.glob(f"{MODEL_PREFIX}*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [m for m in models if m != keep][KEEP_MODELS - 1 :]:
        old.unlink(missing_ok=True)
