"""docs/ARCHITECTURE.md matches the code: every module it names exists, and every module appears in it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mailbot"
DOC = (ROOT / "docs" / "ARCHITECTURE.md").read_text("utf-8")

#: a module path as the doc writes it: `core/view.py`, `tests/test_layers.py`
NAMED = re.compile(r"(?<![\w/.])((?:[\w]+/)*[\w]+\.py)\b")
#: a function named through its module in the data flow: runtime/unit.commit, decide/rules.evaluate
DOTTED = re.compile(r"(?<![\w/.])((?:[a-z_]+/)+[a-z_0-9]+)\.(?!py\b)[a-z_]+\b")


def _modules() -> list[str]:
    return sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")


def test_every_module_the_doc_names_exists():
    missing = [n for n in set(NAMED.findall(DOC)) if not (PACKAGE / n).exists() and not (ROOT / n).exists()]
    missing += [m + ".py" for m in set(DOTTED.findall(DOC)) if not (PACKAGE / (m + ".py")).exists()]
    assert not missing, "docs/ARCHITECTURE.md names modules that do not exist: " + ", ".join(sorted(missing))


def test_every_module_appears_in_the_doc():
    absent = [m for m in _modules() if f"`{m}`" not in DOC]
    assert not absent, "modules docs/ARCHITECTURE.md does not describe: " + ", ".join(absent)
