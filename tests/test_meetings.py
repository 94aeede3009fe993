"""The meeting planner: plans from config, the `meeting` command, the network's rules, the term."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from mailbot.core import config
from mailbot.schedule import meetings as mt
from mailbot.commands.meeting import apply_spec  # the `meeting` command on a plan

ROOT = Path(__file__).resolve().parent.parent
UTC = timezone.utc


def cfg_with(slug: str = "socially-responsible-ict", sched: dict | None = None, **group_updates):
    cfg = config.load(ROOT / "config.toml")
    g = cfg.group(slug).model_copy(update=group_updates)
    return cfg.model_copy(update={"groups": [g], "scheduler": cfg.scheduler.model_copy(update=sched or {})})


def test_shipped_config_is_valid_and_every_group_meets_the_rules():
    cfg = config.load(ROOT / "config.toml")
    now = datetime(2027, 1, 1, tzinfo=UTC)
    assert mt.check_config(cfg, now) == []
    for g in cfg.groups:
        plan = mt.desired_meetings(g, cfg, now)
        per_year = [d for d in plan if d["start"].startswith("2027")]
        assert len(per_year) == g.meetings_per_year >= 2
        assert all(d["tz"] == "Europe/Brussels" for d in plan)


def test_twice_yearly_plan_over_the_term_is_stable():
    cfg = cfg_with(term_start=date(2027, 1, 1), physical_meetings_per_year=0)
    g = cfg.groups[0]
    now = datetime(2026, 12, 1, tzinfo=UTC)
    docs = mt.sync_plan([], g, cfg, now)
    assert [d["start"] for d in docs] == ["2027-03-18T14:00", "2027-10-21T14:00", "2028-03-16T14:00", "2028-10-19T14:00"]
    assert len({d["uid"] for d in docs}) == 4 and all(d["sequence"] == 0 for d in docs)
    assert mt.sync_plan(docs, g, cfg, now) == []  # idempotent


def test_quarterly_and_physical_meetings():
    cfg = cfg_with("circular-procurement", term_start=date(2027, 1, 1), meeting_place="Rotterdam City Hall",
                   physical_meetings_per_year=2)
    g = cfg.groups[0]
    docs = mt.desired_meetings(g, cfg, datetime(2027, 1, 1, tzinfo=UTC))
    phys = [d for d in docs if d["format"] == "physical"]
    assert len(phys) == 4 and all(d["location"] == "Rotterdam City Hall" and d["duration"] == 240 for d in phys)
    cfg = cfg_with("market-supplier-development", term_start=date(2027, 1, 1))
    assert len(mt.desired_meetings(cfg.groups[0], cfg, datetime(2027, 1, 1, tzinfo=UTC))) == 8


def test_config_change_moves_future_meetings_with_a_higher_sequence():
    cfg = cfg_with(term_start=date(2027, 1, 1), physical_meetings_per_year=0)
    now = datetime(2027, 5, 1, tzinfo=UTC)
    docs = mt.sync_plan([], cfg.groups[0], cfg, datetime(2026, 12, 1, tzinfo=UTC))
    cfg2 = cfg_with(term_start=date(2027, 1, 1), meeting_time="10:30", physical_meetings_per_year=0)
    changes = mt.sync_plan(docs, cfg2.groups[0], cfg2, now)
    # the March meeting has been held: untouched; the three future ones move
    assert [(d["start"], d["sequence"]) for d in changes] == [
        ("2027-10-21T10:30", 1), ("2028-03-16T10:30", 1), ("2028-10-19T10:30", 1)]
    stored = {d["uid"]: d for d in docs}
    stored.update({d["uid"]: d for d in changes})
    assert mt.sync_plan(stored.values(), cfg2.groups[0], cfg2, now) == []


def test_explicit_dates_replace_the_cadence_and_removed_dates_are_cancelled():
    cfg = cfg_with(meeting_dates=["2027-02-10 10:00 60min phone", "2027-06-09 web https://meet.example/a"])
    g = cfg.groups[0]
    now = datetime(2027, 1, 5, tzinfo=UTC)
    docs = mt.sync_plan([], g, cfg, now)
    assert [(d["start"], d["format"], d["duration"], d["url"]) for d in docs] == [
        ("2027-02-10T10:00", "phone", 60, ""), ("2027-06-09T14:00", "web", 90, "https://meet.example/a")]
    cfg2 = cfg_with(meeting_dates=["2027-02-10 10:00 60min phone", "2027-11-09"])
    changes = mt.sync_plan(docs, cfg2.groups[0], cfg2, now)
    by_start = {d["start"]: d for d in changes}
    assert by_start["2027-06-09T14:00"]["status"] == "cancelled" and by_start["2027-06-09T14:00"]["sequence"] == 1
    assert by_start["2027-11-09T14:00"]["status"] == "planned"


def test_bad_meeting_dates_in_config_name_the_key():
    with pytest.raises(config.ConfigError) as err:
        config.validate({**_raw(), "groups": [dict(_raw()["groups"][0], meeting_dates=["18.03.2027"])]})
    assert "groups[0].meeting_dates" in str(err.value)
    with pytest.raises(config.ConfigError) as err:
        config.validate({**_raw(), "groups": [dict(_raw()["groups"][0], timezone="Mars/Olympus")]})
    assert "groups[0].timezone" in str(err.value)


def _raw() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "config.toml").read_text())


@pytest.mark.parametrize("text,expect", [
    ("meeting circular-procurement 2027-03-18 14:00 90min web https://meet.example/x",
     dict(group="circular-procurement", day=date(2027, 3, 18), duration=90, format="web", url="https://meet.example/x")),
    ("Meeting market-supplier-development 2027-05-20 10:00 1h30 physical Barcelona, Ajuntament",
     dict(duration=90, format="physical", place="Barcelona, Ajuntament")),
    ("meeting circular-procurement 2027-03-25 from 2027-03-18", dict(move_from=date(2027, 3, 18), at=None)),
    ("meeting circular-procurement 2027-03-18 cancel", dict(cancel=True)),
    ("circular-procurement 2027-03-18 2h phone", dict(duration=120, format="phone")),
])
def test_parse_meeting_command(text, expect):
    spec = mt.parse_meeting_command(text)
    for k, v in expect.items():
        assert getattr(spec, k) == v, k


@pytest.mark.parametrize("text", ["meeting", "meeting circular-procurement", "meeting 2027-03-18 circular",
                                  "meeting circular-procurement 2027-13-01", "meeting x 2027-03-18 5min"])
def test_parse_meeting_command_rejects(text):
    with pytest.raises(mt.MeetingCommandError):
        mt.parse_meeting_command(text)


def test_apply_spec_moves_the_planned_meeting_of_that_month():
    cfg = cfg_with(term_start=date(2027, 1, 1))
    now = datetime(2027, 1, 10, tzinfo=UTC)
    docs = mt.sync_plan([], cfg.groups[0], cfg, now)
    march = docs[0]
    spec = mt.parse_meeting_command("meeting socially-responsible-ict 2027-03-25 15:00 60min web https://meet.example/ict")
    out, what = apply_spec(docs, spec, cfg, now)
    assert len(out) == 1 and out[0]["uid"] == march["uid"] and out[0]["sequence"] == 1
    assert out[0]["start"] == "2027-03-25T15:00" and out[0]["source"] == "command" and "moved" in what
    # the config no longer touches it
    stored = {d["uid"]: d for d in docs}
    stored[march["uid"]] = out[0]
    assert mt.sync_plan(stored.values(), cfg.groups[0], cfg, now) == []
    # a date in another month is a new meeting
    out2, what2 = apply_spec(stored.values(), mt.parse_meeting_command(
        "meeting socially-responsible-ict 2027-05-05 phone"), cfg, now)
    assert out2[0]["uid"] not in stored and out2[0]["format"] == "phone" and "set" in what2
    # cancel
    out3, _ = apply_spec(stored.values(), mt.parse_meeting_command(
        "meeting socially-responsible-ict 2027-03-25 cancel"), cfg, now)
    assert out3[0]["status"] == "cancelled" and out3[0]["sequence"] == 2
    with pytest.raises(mt.MeetingCommandError):
        apply_spec(stored.values(), mt.parse_meeting_command("meeting socially-responsible-ict 2026-03-25"), cfg, now)
    with pytest.raises(mt.MeetingCommandError):
        apply_spec(stored.values(), mt.parse_meeting_command("meeting nope 2027-03-25"), cfg, now)


def test_rules_fewer_than_two_is_an_error_more_than_two_days_warns():
    now = datetime(2027, 1, 1, tzinfo=UTC)
    cfg = cfg_with(term_start=date(2027, 1, 1), meeting_dates=["2027-03-18", "2028-03-18", "2028-10-18"])
    problems = mt.check_plan(cfg.groups[0], mt.desired_meetings(cfg.groups[0], cfg, now), cfg, now)
    assert [p.level for p in problems] == ["error"] and "2027-01-01" in problems[0].text
    heavy = [f"2027-{m:02d}-10 10:00 6h physical" for m in (2, 4, 6)]
    cfg = cfg_with(term_start=date(2027, 1, 1), meeting_dates=heavy + ["2028-03-18", "2028-10-18"])
    problems = mt.check_plan(cfg.groups[0], mt.desired_meetings(cfg.groups[0], cfg, now), cfg, now)
    assert [p.level for p in problems] == ["warning"] and "18.0 hours" in problems[0].text


def test_term_and_notice():
    cfg = cfg_with(term_start=date(2027, 1, 15))
    g = cfg.groups[0]
    assert mt.term(g) == (date(2027, 1, 15), date(2029, 1, 15))
    assert mt.term_notice_date(g, cfg) == date(2028, 11, 15)
    assert mt.term(cfg_with(term_start=None).groups[0]) is None
    # the shipped groups have their term (issue 15): the renewal question is not left to chance
    assert all(mt.term(g) for g in config.load(ROOT / "config.toml").groups)


def test_nth_weekday():
    assert mt.nth_weekday(2027, 3, 3, 3) == date(2027, 3, 18)
    assert mt.nth_weekday(2027, 3, 3, -1) == date(2027, 3, 25)
    assert mt.nth_weekday(2027, 2, 0, 4) == date(2027, 2, 22)


def test_a_web_meeting_needs_a_link_and_a_physical_one_a_place():
    """Issue 15: `check` fails a plan whose coming web meeting has no link or physical meeting no place."""
    now = datetime(2027, 1, 1, tzinfo=UTC)
    cfg = cfg_with(term_start=date(2027, 1, 1), meeting_url="")
    errors = [p for p in mt.check_config(cfg, now) if p.level == "error"]
    assert errors and all("has no link" in p.text for p in errors)
    cfg = cfg_with(term_start=date(2027, 1, 1), meeting_place="")
    errors = [p for p in mt.check_config(cfg, now) if p.level == "error"]
    assert len(errors) == 4 and all("has no place" in p.text for p in errors)  # ICT's two physical a year
    # the shipped config has both, and follows the network's description
    shipped = config.load(ROOT / "config.toml")
    assert mt.check_config(shipped, now) == []
    assert shipped.group("socially-responsible-ict").physical_meetings_per_year == 2
    assert shipped.group("circular-procurement").physical_meetings_per_year == 0
    assert shipped.group("market-supplier-development").cadence == "quarterly"
