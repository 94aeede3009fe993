"""actions/: one module per action, found through one registry that the config check uses too."""

from __future__ import annotations

import ast
from pathlib import Path

from mailbot.actions import registry
from mailbot.core import config
from mailbot.core.config import Config

ROOT = Path(__file__).resolve().parent.parent
CFG = config.load(ROOT / "config.toml")


def test_every_action_module_is_registered_under_its_file_name():
    files = {p.stem for p in (ROOT / "mailbot" / "actions").glob("*.py")} - {"__init__", "effects", "loops", "plan", "registry"}
    assert set(registry.ACTIONS) == files
    for name, mod in registry.ACTIONS.items():
        assert mod.__name__.endswith("." + name)
        assert mod.description and callable(mod.run) and isinstance(mod.defaults, dict)


def test_the_shipped_rules_name_every_action():
    assert {a.action for r in CFG.rules for a in r.then} == set(registry.ACTIONS)


def test_no_action_switches_on_a_template_name():
    for p in (ROOT / "mailbot" / "actions").glob("*.py"):
        for node in ast.walk(ast.parse(p.read_text())):
            if isinstance(node, ast.Compare) and "template" in ast.unparse(node):
                operands = [node.left, *node.comparators]
                assert not any(isinstance(o, ast.Constant) and isinstance(o.value, str) and o.value != "template"
                               for o in operands), f"{p.name}: {ast.unparse(node)}"


def _with_rule(then: list[dict]) -> Config:
    data = CFG.model_dump()
    data["rules"] = [{"name": "r", "then": then}]
    return Config.model_validate(data)


def test_check_names_an_unknown_action_and_a_missing_template():
    problems = registry.check_rules(_with_rule([{"action": "record_request", "kind": "join"}, {"action": "reply"}]))
    assert any("unknown action 'record_request'" in p for p in problems)
    assert any("reply needs 'template'" in p for p in problems)


def test_check_wants_the_id_made_before_the_mail_that_quotes_it():
    late = registry.check_rules(_with_rule([{"action": "reply", "template": "join_ack"}, {"action": "open_join"}]))
    assert any("open_join comes after reply" in p for p in late)
    assert registry.check_rules(_with_rule([{"action": "open_join"}, {"action": "reply", "template": "join_ack"}])) == []
