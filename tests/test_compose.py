"""mailbot.mail.compose: the headers of outgoing mail (templates are in test_templates.py)."""

from __future__ import annotations

from datetime import datetime, timezone
from email import message_from_bytes
from email.header import decode_header, make_header
from email.policy import default as default_policy

from hypothesis import example, given, settings
from hypothesis import strategies as st

from mailbot.mail import compose

NOW = datetime(2025, 3, 4, 9, 30, tzinfo=timezone.utc)


def _build(subject: str, name: str = "Zoë Müller", extra: dict | None = None):
    return compose.build(key="k1", sender=("Procura+ bot", "bot@procura.example"), to=[(name, "z@city.example")],
                         subject=subject, text="Hello", html=None, date=NOW, extra_headers=extra)


def _head(raw: bytes) -> list[bytes]:
    return raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
@example("Anfrage zur Mitgliedschaft „Kreislaufwirtschaft“ – Bestätigung " * 4)
@example("=?utf-8?q?Bcc:_evil@evil.example?= é")  # looks encoded already: stays text
@example("\u00e9" * 80)  # a long run of two-byte characters
@example("a" * 200 + "é")
def test_any_subject_survives_the_wire(subject: str) -> None:
    """Whatever the subject, the header parses back to it, with 7-bit lines of at most 78 octets."""
    raw = _build(subject).raw
    head = _head(raw)
    assert all(len(line) <= 78 and line.isascii() for line in head
               if line.startswith((b"Subject:", b" =?")) or not line[:1].isalpha())
    parsed = message_from_bytes(raw, policy=default_policy)
    assert str(parsed["subject"]) == compose.header_safe(subject, 250)
    assert len(parsed.keys()) == len(set(k.lower() for k in parsed.keys()))  # nothing added a header


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=200).filter(lambda s: not s.isascii()), st.integers(2, 30))
def test_encode_words_round_trips_and_never_splits_a_character(value: str, indent: int) -> None:
    folded = compose.encode_words(value, indent)
    lines = folded.split("\r\n")
    assert len(lines[0]) + indent <= 78 and all(line.startswith(" ") and len(line) <= 76 for line in lines[1:])
    for word in folded.split():
        assert len(word) <= 75
        assert bytes(decode_header(word)[0][0]).decode("utf-8")  # each word is whole UTF-8 on its own
    assert str(make_header(decode_header(folded))) == value


def test_extra_headers_are_encoded_the_same_way() -> None:
    raw = _build("Hi", extra={"X-Mailbot-Group": "Kreislaufwirtschaft – Öffentliche Beschaffung"}).raw
    parsed = message_from_bytes(raw, policy=default_policy)
    assert str(parsed["x-mailbot-group"]) == "Kreislaufwirtschaft – Öffentliche Beschaffung"
    assert b"=?utf-8?q?" in raw


def test_ascii_subject_is_written_as_it_is() -> None:
    assert b"\r\nSubject: Your request to join\r\n" in _build("Your request to join").raw


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=40)
       .flatmap(lambda w: st.lists(st.sampled_from([w, "a", "[triage:5e238187]", "x" * 90]), min_size=1, max_size=40))
       .map(" ".join))
def test_long_ascii_subjects_fold_at_spaces_and_unfold_to_themselves(subject: str) -> None:
    raw = _build(subject).raw
    lines = raw.split(b"\r\n\r\n", 1)[0].decode().split("\r\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("Subject: "))
    end = start + 1
    while end < len(lines) and lines[end].startswith(" "):
        end += 1
    block = lines[start:end]
    assert "".join(block) == "Subject: " + compose.header_safe(subject, 250)  # unfolding gives it back
    for line in block:  # a line passes 78 columns only for a word that cannot fit on any line
        assert len(line) <= 78 or any(len(w) > 70 for w in line.split())
    assert str(message_from_bytes(raw, policy=default_policy)["subject"]) == compose.header_safe(subject, 250)


def _as_email_package_writes_it(headers: list[tuple[str, str]], text: str) -> bytes:
    """The reference for compose's single-part fast path: the same mail built as an email Message."""
    msg = compose._text_part(text, "plain")
    body_headers = list(msg.items())
    for name in list(msg.keys()):
        del msg[name]
    for name, value in [*headers, *body_headers]:
        msg[name] = value
    return msg.as_bytes(policy=compose._POLICY)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=600), st.text(max_size=120))
@example("", "")
@example("line\r\nother\rthird\nlast", "")
@example("Grüße = =3D trailing space \n\n.leading dot\nFrom here\n" * 5, "Anfrage „Kreislauf“")
@example("x" * 200 + "\n" + "é" * 100, "a" * 100)
@example("\udcff", "")  # a lone surrogate: both paths must refuse it the same way
def test_a_plain_text_mail_is_written_byte_for_byte_as_the_email_package_would(text: str, subject: str) -> None:
    headers = [("From", compose._address("Zoë", "z@city.example")), ("Subject", compose._encoded(compose.header_safe(subject))),
               ("Auto-Submitted", "auto-replied")]
    try:
        expected = _as_email_package_writes_it(headers, text)
    except UnicodeError as exc:
        try:
            compose._plain_bytes(headers, text)
        except UnicodeError as mine:
            assert type(mine) is type(exc)
            return
        raise AssertionError("the fast path wrote what the email package refuses")
    assert compose._plain_bytes(headers, text) == expected


def test_mail_with_an_html_part_still_goes_through_the_email_package() -> None:
    raw = compose.build(key="k1", sender=("Procura+ bot", "bot@procura.example"), to=[("Zoë", "z@city.example")],
                        subject="Hi", text="Hello", html="<p>Hello</p>", date=NOW).raw
    parsed = message_from_bytes(raw, policy=default_policy)
    assert parsed.get_content_type() == "multipart/alternative"
    assert [p.get_content() for p in parsed.iter_parts()] == ["Hello", "<p>Hello</p>"]


def test_a_template_edited_while_the_bot_runs_is_used_within_the_ttl(tmp_path, monkeypatch) -> None:
    (tmp_path / "en").mkdir()
    page = tmp_path / "en" / "note.txt"
    page.write_text("Subject: One\nfirst\n")
    clock = [1000.0]
    monkeypatch.setattr(compose.time, "monotonic", lambda: clock[0])
    assert compose.render("note", {}, "en", tmp_path)[:2] == ("One", "first\n")
    page.write_text("Subject: Two\nsecond\n")
    import os

    os.utime(page, (page.stat().st_atime, page.stat().st_mtime + 5))  # a visibly newer file
    assert compose.render("note", {}, "en", tmp_path)[1] == "first\n"  # not looked at again yet
    clock[0] += compose._EXISTS_TTL
    assert compose.render("note", {}, "en", tmp_path)[:2] == ("Two", "second\n")


def test_warm_keeps_every_template_of_every_language_compiled(monkeypatch):
    # Jinja's default cache (400) held less than half of the 24 languages' templates: those
    # `warm` compiled first were evicted, then compiled again with the mail that needed them.
    n = compose.warm()
    env = compose.environment(str(compose.TEMPLATES_DIR))
    assert n > 400 and len(env.cache) >= n

    def no_load(*_a, **_k):
        raise AssertionError("compiled again")

    monkeypatch.setattr(env.loader, "get_source", no_load)
    for name in ("bg/join_ack.txt", "en/join_ack.txt", "en/welcome.txt", "sv/welcome.txt"):
        env.get_template(name)


# any characters but the space that joins the words (tabs, other spaces, controls: textwrap's own path)
_WORD = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=" \n"), min_size=1, max_size=30)


@settings(max_examples=400)
@given(indent=st.integers(0, 6), words=st.lists(_WORD, min_size=1, max_size=40),
       lead=st.sampled_from(["", "  ", "    "]), width=st.integers(20, 100))
def test_the_greedy_wrap_gives_textwraps_lines(indent, words, lead, width):
    import textwrap

    line = " " * indent + " ".join(words)
    want = textwrap.wrap(line, width, subsequent_indent=lead, break_long_words=False,
                         break_on_hyphens=False) or [line]
    assert compose._wrap(line, width, lead) == want
