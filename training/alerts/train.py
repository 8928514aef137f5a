"""Train the shipped sentence reader on every training sentence and write ``agents/alerts/model/``.

    make train        # or: .venv/bin/python -m training.alerts.train

The model is the spaCy ``textcat`` of ``config_bow.cfg``, chosen by ``select_model`` (figures in
``selection.json``, reasons in README.md). With no held-out data left, training runs a fixed number of
epochs (where the selection run peaked) and keeps the last checkpoint. Only the ``textcat`` component
is shipped: its weights need nothing but spaCy's blank English tokenizer at run time.
Training is seeded and single-process, so two runs write byte-identical files.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import platform
import shutil
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import spacy
import thinc
from thinc.api import Config

from agents.alerts.reader import mask_states

from .corpus import CLASSES, ROOT, fingerprints, load, sha256
from .models import CONFIG_BOW, spacy_train
from .select_model import SELECTION

log = logging.getLogger(__name__)
MODEL_DIR = ROOT / "agents" / "alerts" / "model"
COMPONENT = "textcat"
# Selection run: best dev macro-F1 at epoch 4 (step 1400), flat afterwards; so five epochs (0-4).
EPOCHS = 5
OVERRIDES = (f"--training.max_epochs={EPOCHS}", "--training.patience=0", "--training.eval_frequency=100000")
COMMAND = "make train  (= .venv/bin/python -m training.alerts.train)"


def train(out: Path = MODEL_DIR) -> Path:
    """Train on all sentences with ``spacy train``; write ``out/textcat/`` and ``out/meta.json``."""
    examples = load()
    # The reader reads sentences with their states masked (agents.alerts.reader.mask_states): train alike.
    masked = [dataclasses.replace(e, text=mask_states(e.text)) for e in examples]
    with tempfile.TemporaryDirectory() as tmp:
        # Every sentence is both train and "dev": dev is only read at the (disabled) evaluations.
        trained = spacy_train(masked, masked, Path(tmp), CONFIG_BOW, OVERRIDES) / "model-last"
        config = Config().from_disk(trained / "config.cfg", interpolate=True)
        if (out / COMPONENT).exists():
            shutil.rmtree(out / COMPONENT)
        shutil.copytree(trained / COMPONENT, out / COMPONENT)
    files = sorted(p for p in (out / COMPONENT).rglob("*") if p.is_file())
    meta = {
        "kind": "spacy textcat (exclusive classes): TextCatBOW.v3 over word uni- and bigrams, blank English "
                "tokenizer",
        "lang": "en",
        "masked": "states",
        "component": COMPONENT,
        "component_config": {key: value for key, value in config["components"][COMPONENT].items()
                             if key not in ("factory", "scorer")},
        "artefact_sha256": {p.relative_to(out).as_posix(): sha256(p) for p in files},
        "classes": list(CLASSES),
        "training_files": fingerprints(),
        "training_sentences": dict(sorted(Counter(e.label for e in examples).items())),
        "training_command": COMMAND,
        "spacy_train": f"spacy train {CONFIG_BOW.relative_to(ROOT).as_posix()} {' '.join(OVERRIDES)} "
                       "(train = dev = all sentences; model-last)",
        "versions": {"python": platform.python_version(), "spacy": spacy.__version__, "thinc": thinc.__version__},
        "selection": json.loads(SELECTION.read_text(encoding="utf-8")),
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    log.info("wrote %s (%d bytes) from %d sentences", out, sum(p.stat().st_size for p in files), len(examples))
    return out


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: ``--out DIR`` (default ``agents/alerts/model``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    train(args.out)


if __name__ == "__main__":
    main()
