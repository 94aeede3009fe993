"""Limits on hostile or broken input, with a clear outcome: the message is
kept and goes to staff triage with the reason, never dropped.

The parser already bounds its own work (message.MAX_RAW, MAX_PARTS,
MAX_DEPTH: past them it stops reading and records a defect). `exceeded()`
turns those defects and the message's shape (size, MIME parts, nesting,
header count, longest header line, attachments) into reasons, against the
`[limits]` section of config.toml (config.LimitSettings). A configured limit
above the parser's own cap is capped by it.
"""

from __future__ import annotations

from mailbot.core.config import LimitSettings
from mailbot.core.model import ParsedMessage

# Defects the parser records when it stopped reading part of a message.
_PARSER_CUTS = ("message truncated to", "more than ", "MIME nesting too deep")


def exceeded(msg: ParsedMessage, limits: LimitSettings) -> list[str]:
    """Why `msg` is past a limit (empty when it is not)."""
    out: list[str] = []
    if msg.size > limits.max_message_bytes:
        out.append(f"message size {msg.size} bytes > limit {limits.max_message_bytes}")
    if msg.mime_parts > limits.max_mime_parts:
        out.append(f"more than {limits.max_mime_parts} MIME parts")
    if msg.mime_depth > limits.max_nesting_depth:
        out.append(f"MIME nesting depth over {limits.max_nesting_depth}")
    if msg.header_count > limits.max_headers:
        out.append(f"{msg.header_count} header fields > limit {limits.max_headers}")
    if msg.longest_header_line > limits.max_header_line:
        out.append(f"a header line of {msg.longest_header_line} bytes > limit {limits.max_header_line}")
    if len(msg.attachments) > limits.max_attachments:
        out.append(f"{len(msg.attachments)} attachments > limit {limits.max_attachments}")
    for d in msg.defects:
        if d.startswith(_PARSER_CUTS) and not any(d in o for o in out):
            out.append(f"parser limit: {d}")
    return out
