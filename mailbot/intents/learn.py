"""Learn from staff: the triage items staff resolved, as labelled training records. Pure.

Staff resolve an item with a command (`join circular-procurement`, `leave
…`, `info`, `ignore`); that command says what the message asked for, so the
message becomes a record like those of the corpus. Commands that say
nothing about the message's intent (`reply`, `assign`) teach nothing.
"""

from __future__ import annotations

from typing import Iterable

__all__ = ["records_from_triage"]

#: the resolving command's verb -> the intent it says the message had
_VERBS = {"join": "join", "leave": "leave", "info": "info", "ignore": "unknown"}


def records_from_triage(items: Iterable[dict], groups: Iterable[str]) -> list[dict]:
    """Training records (corpus format) for every resolved triage item whose command names an intent."""
    known = set(groups)
    out = []
    for item in sorted(items, key=lambda i: str(i.get("id", ""))):
        if item.get("status") not in ("resolved", "ignored"):
            continue
        words = str(item.get("command", "")).split()
        intent = _VERBS.get(words[0]) if words else None
        if intent is None:
            continue
        slugs = [w for w in words[1:] if w in known] if intent in ("join", "leave") else []
        if intent == "join" and not slugs:
            continue
        src = item.get("original") or item  # a forward: the request is the original's
        text = str(src.get("text", "") or "")
        if not text.strip() and not str(src.get("subject", "")).strip():
            continue  # purged (privacy retention): nothing to learn from
        out.append({
            "id": f"staff-{item.get('id', '')}",
            "language": str(item.get("language", "") or "?"),
            "intent": intent,
            "groups": sorted(slugs),
            "subject": str(src.get("subject", "") or ""),
            "text": text,
            "reason": f"staff resolved triage item {item.get('id', '')} with `{' '.join(words)}`",
            "sender_role": "authority",
        })
    return out
