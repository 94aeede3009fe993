"""The one action registry: every module of this package with `name`, `description` and `run`.

The rules name actions by `name`; `effects.plan` runs them through `ACTIONS`,
and `check_rules` (what `mailbot check` runs) validates a rule table against
the same mapping, so an action is added by adding one file. Each action
module also declares `defaults`, its parameters (None: the rule must give
it), and `makes_id` when it creates an id (a request, a triage item) that
mail may quote.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType
from typing import Any

import mailbot.actions as _package
from mailbot.core.config import Config

#: modules of this package that are not actions
_MACHINERY = {"effects", "loops", "plan", "registry"}


def _discover() -> dict[str, ModuleType]:
    found: dict[str, ModuleType] = {}
    for info in pkgutil.iter_modules(_package.__path__):
        if info.name in _MACHINERY:
            continue
        mod = importlib.import_module(f"{_package.__name__}.{info.name}")
        if all(hasattr(mod, a) for a in ("name", "description", "defaults", "run")):
            found[mod.name] = mod
    return dict(sorted(found.items()))


ACTIONS: dict[str, ModuleType] = _discover()


def params(action: ModuleType, given: dict[str, Any]) -> dict[str, Any]:
    """An action's parameters: its defaults, overridden by what the rule gives."""
    return {**{k: v for k, v in action.defaults.items() if v is not None}, **given}


def check_rules(cfg: Config) -> list[str]:
    """Problems a rule table can have that the schema cannot see: unknown actions,
    missing parameters, mail listed before the action that makes the id it quotes,
    and no catch-all at the end."""
    problems = []
    for i, rule in enumerate(cfg.rules):
        mailed = ""
        for j, act in enumerate(rule.then):
            mod = ACTIONS.get(act.action)
            if mod is None:
                problems.append(f"rules[{i}].then[{j}].action: unknown action {act.action!r} (known: {', '.join(ACTIONS)})")
                continue
            for key, default in mod.defaults.items():
                if default is None and not act.params.get(key):
                    problems.append(f"rules[{i}].then[{j}]: {act.action} needs {key!r}")
            if getattr(mod, "makes_id", False) and mailed:
                problems.append(f"rules[{i}].then[{j}]: {act.action} comes after {mailed}, whose mail "
                                f"could not quote the id it makes; list it first")
            if "template" in mod.defaults and not getattr(mod, "makes_id", False):
                mailed = mailed or act.action
    if cfg.rules and any(r.when.model_dump(exclude_defaults=True) for r in cfg.rules[-1:]):
        problems.append("rules: the last rule should be a catch-all (no `when`), so no message goes unhandled")
    return problems
