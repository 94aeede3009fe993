"""config.py: the shipped file is valid; errors name the key and the problem."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from mailbot.core import config

ROOT = Path(__file__).resolve().parents[1]


def shipped() -> dict:
    return tomllib.loads((ROOT / "config.toml").read_text())


def test_shipped_config_is_valid():
    cfg = config.load(ROOT / "config.toml")
    assert cfg.bot.address == "procurement@procuraplus.example"
    assert cfg.bot.staff == ["secretariat@procuraplus.example", "programmes@procuraplus.example"]
    assert [g.slug for g in cfg.groups] == [
        "socially-responsible-ict", "circular-procurement", "market-supplier-development"]
    assert cfg.group("market-supplier-development").cadence == "quarterly"
    assert all(g.meetings_per_year >= 2 for g in cfg.groups)
    for g in cfg.groups:
        assert {"en", "de", "fr", "es", "it"} <= set(g.vocabulary), g.slug
    assert any(p.kind == "strategic-partner" for p in cfg.participants)
    assert cfg.mailbox.type == "maildir" and cfg.transport.type == "maildir"


def test_relative_paths_resolve_against_the_config_folder(tmp_path):
    data = shipped()
    cfg = config.validate(data, base_dir=str(tmp_path))
    assert cfg.path(cfg.store.path) == tmp_path / "var" / "mailbot.json"
    assert cfg.path("/abs/x") == Path("/abs/x")


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d["groups"][1].__setitem__("facilitator", "not-an-address"),
     "groups[1].facilitator: not an email address"),
    (lambda d: d["bot"].__setitem__("stafff", []), "bot.stafff: unknown key (typo?)"),
    (lambda d: d["bot"].pop("address"), "bot.address: required key is missing"),
    (lambda d: d["groups"][0].__setitem__("slug", "Bad Slug"), "groups[0].slug: must be lower-case"),
    (lambda d: d["groups"][2].__setitem__("slug", "circular-procurement"), "duplicate slug circular-procurement"),
    (lambda d: d["rules"][0]["when"].__setitem__("intent", "joinn"), "rules[0].when.intent: unknown intent 'joinn'"),
    (lambda d: d["participants"][0].__setitem__("domains", ["not a domain"]),
     "participants[0].domains[0]: not a domain name"),
    (lambda d: d["mailbox"].__setitem__("type", "pop3"), "mailbox.type"),
])
def test_errors_name_the_key(mutate, expected):
    data = shipped()
    mutate(data)
    with pytest.raises(config.ConfigError) as exc:
        config.validate(data, source="config.toml")
    assert any(expected in p for p in exc.value.problems), exc.value.problems


def test_unreadable_and_invalid_toml(tmp_path):
    with pytest.raises(config.ConfigError, match="cannot read"):
        config.load(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[bot\naddress=")
    with pytest.raises(config.ConfigError, match="not valid TOML"):
        config.load(bad)


def test_secrets_come_from_the_environment(monkeypatch):
    cfg = config.validate(shipped())
    monkeypatch.setenv("MAILBOT_IMAP_PASSWORD", "s3cret")
    assert cfg.secret(cfg.mailbox.password_env) == "s3cret"
    assert "s3cret" not in (ROOT / "config.toml").read_text()
