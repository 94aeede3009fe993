"""rules.py: the shipped table routes each intent as the issue describes."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailbot.core import config
from mailbot.actions import registry
from mailbot.decide import rules
from mailbot.core.model import Intent

CFG = config.load(Path(__file__).resolve().parents[1] / "config.toml")


def decide(name, groups=(), confidence=0.9, role="participant", automatic=False):
    return rules.evaluate(rules.Facts(Intent(name, tuple(groups), confidence), role, automatic), CFG.rules)


def kinds(decision):
    return [a.kind for a in decision.actions]


def test_join_from_participant_asks_facilitator_and_acknowledges():
    d = decide("join", ["circular-procurement"])
    assert d.rule == "join-participant"
    assert kinds(d) == ["open_join", "ask_facilitators", "reply"]
    assert d.route == "facilitator"


def test_join_from_non_participant_explains_and_tells_staff():
    d = decide("join", ["circular-procurement"], role="unknown")
    assert d.rule == "join-non-participant"
    assert kinds(d) == ["record_lead", "reply", "notify_staff"]  # the lead is kept (issue 15)
    assert d.route == "staff"


@pytest.mark.parametrize("intent, rule, route", [
    ("start_group", "start-group", "staff"),
    ("leave", "leave", "facilitator"),
    ("info", "info", "auto"),
    ("auto_reply", "auto-reply", "none"),
    ("bounce", "bounce", "none"),
    ("unknown", "unknown", "staff"),
    ("rsvp", "rsvp", "none"),
])
def test_shipped_routes(intent, rule, route):
    d = decide(intent, ["circular-procurement"] if intent == "leave" else [])
    assert d.rule == rule
    assert d.route == route


def test_forward_from_staff_is_triaged_without_reply():
    d = decide("forward", role="staff")
    assert d.rule == "staff-forward"
    assert kinds(d) == ["triage"]


def test_confirm_counts_only_from_facilitator_or_staff():
    assert decide("confirm", role="facilitator").rule == "facilitator-answer"
    assert decide("confirm", role="participant").rule == "answer-from-stranger"


def test_automatic_mail_never_gets_a_reply_rule():
    d = decide("join", ["circular-procurement"], automatic=True)
    assert "reply" not in kinds(d)


def test_trace_explains_every_rule_considered():
    d = decide("info")
    assert d.trace[0].startswith("bounce: no (intent is info")
    assert any(t.startswith("info: MATCH") for t in d.trace)
    assert len(d.trace) == [r.name for r in CFG.rules].index("info") + 1


def test_no_rule_matched_still_reaches_a_person():
    d = rules.evaluate(rules.Facts(Intent("info"), "participant", False), CFG.rules[:2])
    assert kinds(d) == ["triage"] and d.route == "staff"


def test_non_final_rules_compose():
    extra = config.Rule.model_validate({"name": "log-all", "final": False, "then": [{"action": "ignore"}]})
    d = rules.evaluate(rules.Facts(Intent("info"), "participant", False), [extra] + list(CFG.rules))
    assert d.rule == "log-all+info"
    assert kinds(d) == ["ignore", "reply"]


def test_shipped_rule_table_passes_checks():
    assert registry.check_rules(CFG) == []
