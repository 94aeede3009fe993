"""Who may join: the roster of Procura+ Participants and Strategic Partners.

The roster lives in the store (table `participants`, keyed by domain),
seeded from `config.toml` on first use; staff change it by email command or
CLI. An address belongs to an organisation when its domain, or a parent
domain of it (`mail.gent.example` → `gent.example`), is listed.
"""

from __future__ import annotations


from mailbot.core.view import StoreView
from mailbot.core.config import Config
from mailbot.core.tables import PARTICIPANTS
from mailbot.mail.unit import Unit


def seed_records(cfg: Config) -> list[tuple[str, str, dict]]:
    """The roster documents the config describes, one per domain."""
    out = []
    for p in cfg.participants:
        for d in p.domains:
            out.append((PARTICIPANTS, d, {
                "domain": d, "organisation": p.organisation, "kind": p.kind,
                "country": p.country, "since": p.since, "source": "config", "contacts": list(p.contacts),
            }))
    return out


def seed(store, cfg: Config) -> bool:
    """Put the config's roster into the store where it has no entry yet (the shell: the
    pipeline's start, a CLI command); True when something was written."""
    unit = Unit(store)
    unit.records(r for r in seed_records(cfg) if not store.has(r[0], r[1]))
    return unit.commit()


def organisation_of(addr: str, view: StoreView) -> dict | None:
    """The roster entry for an address's domain (or a parent domain), if any."""
    domain = addr.rpartition("@")[2].lower()
    parts = domain.split(".")
    for i in range(len(parts) - 1):
        doc = view.get(PARTICIPANTS, ".".join(parts[i:]))
        if doc and not doc.get("removed"):
            return doc
    return None
