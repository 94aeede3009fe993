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
    # Auto-replies and bounces recognised by their headers are automatic mail.
    d = decide(intent, ["circular-procurement"] if intent == "leave" else [],
               automatic=intent in ("auto_reply", "bounce"))
    assert d.rule == rule
    assert d.route == route


def test_auto_reply_known_only_from_its_text_is_ignored_only_when_sure():
    assert decide("auto_reply", confidence=0.9).rule == "auto-reply-text"
    unsure = decide("auto_reply", confidence=0.5)
    assert unsure.rule == "auto-reply-unsure" and kinds(unsure) == ["triage"]  # no reply: no mail loop


@pytest.mark.parametrize("intent, groups", [("join", ["circular-procurement"]), ("leave", ["circular-procurement"]),
                                            ("start_group", [])])
def test_below_min_confidence_staff_get_the_proposed_action(intent, groups):
    """The threshold is `min_confidence` in the rule table; below it, triage (which proposes the action)."""
    sure = decide(intent, groups, confidence=0.9)
    assert sure.route == ("staff" if intent == "start_group" else "facilitator")
    unsure = decide(intent, groups, confidence=0.5)
    assert unsure.rule == f"{intent.replace('_', '-')}-unsure"
    assert "triage" in kinds(unsure) and "notify_facilitator" not in kinds(unsure) and "propose_group" not in kinds(unsure)
    assert any("confidence 0.50 < 0.6" in t for t in unsure.trace)


def test_proposal_volunteer_is_a_rule():
    facts = rules.Facts(Intent("unknown", (), 0.4), "participant", False, proposal_volunteer=True)
    d = rules.evaluate(facts, CFG.rules)
    assert d.rule == "proposal-volunteer" and "propose_group" in kinds(d)
    assert decide("unknown").rule == "unknown"


def test_invitation_reply_is_a_rule():
    facts = rules.Facts(Intent("confirm", (), 0.9), "facilitator", False, invitation_reply=True)
    assert rules.evaluate(facts, CFG.rules).rule == "invitation-reply"
    assert decide("confirm", role="facilitator").rule == "facilitator-answer"


def test_the_old_threshold_key_says_where_it_went(tmp_path):
    text = (Path(__file__).resolve().parents[1] / "config.toml").read_text("utf-8")
    bad = tmp_path / "c.toml"
    bad.write_text(text.replace("[bot]\n", "[bot]\nconfidence_threshold = 0.6\n", 1), "utf-8")
    with pytest.raises(Exception, match="min_confidence"):
        config.load(bad)


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
    # A confident question (the info rule asks min_confidence 0.6: below, the question is triaged).
    d = rules.evaluate(rules.Facts(Intent("info", confidence=0.9), "participant", False), [extra] + list(CFG.rules))
    assert d.rule == "log-all+info"
    assert kinds(d) == ["ignore", "reply"]


def test_unsure_question_goes_to_staff():
    # "Could you add us to X?" read as a question by the model and as a join by the phrase tables
    # comes with a confidence below the info rule's: staff answer it rather than the bot.
    d = rules.evaluate(rules.Facts(Intent("info", confidence=0.59), "participant", False), CFG.rules)
    assert d.rule == "info-unsure" and "triage" in kinds(d)


def test_shipped_rule_table_passes_checks():
    assert registry.check_rules(CFG) == []


def test_every_yes_no_condition_of_a_rule_is_checked_and_described():
    """A new yes/no fact in RuleWhen must be in rules.FLAGS, or rules would ignore it silently."""
    from mailbot.core.config import RuleWhen
    from mailbot.decide import rules as rules_mod

    flags = {name for name, f in RuleWhen.model_fields.items() if f.annotation in (bool | None, "bool | None")}
    assert flags == set(rules_mod.FLAGS)
