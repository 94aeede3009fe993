"""trust.py: only the topmost Authentication-Results header of our own server counts."""

from __future__ import annotations

import pytest

from conversation import MX, auth_header, mail, make_cfg
from mailbot.decide import trust
from mailbot.mail.parse import parse


@pytest.fixture
def cfg(tmp_path):
    return make_cfg(tmp_path)


def verdict(cfg, *headers, frm="circular.facilitator@rotterdam.example"):
    return trust.check(parse(mail(frm, "Re: x", "yes", auth=headers)), cfg)


def test_pass_and_fail(cfg):
    assert verdict(cfg, auth_header("pass")).status == "pass"
    v = verdict(cfg, auth_header("fail"))
    assert v.status == "fail" and not v.allowed and "dmarc=fail" in v.reason


def test_dkim_fail_without_dmarc(cfg):
    v = verdict(cfg, f"{MX}; dkim=fail header.d=rotterdam.example; spf=none")
    assert v.status == "fail" and "dkim=fail" in v.reason
    # one failing and one passing aligned signature: the passing one counts
    v = verdict(cfg, f"{MX}; dkim=fail header.d=rotterdam.example; dkim=pass header.d=rotterdam.example")
    assert v.status == "pass"


def test_dkim_fail_for_another_domain_is_not_about_the_sender(cfg):
    v = verdict(cfg, f"{MX}; dkim=fail header.d=mailinglist.example; dmarc=pass header.from=rotterdam.example")
    assert v.status == "pass"


def test_forged_header_below_the_trusted_one_is_ignored(cfg):
    real, forged = auth_header("fail"), auth_header("pass")
    assert verdict(cfg, real, forged).status == "fail"
    assert verdict(cfg, auth_header("pass"), auth_header("fail")).status == "pass"


def test_topmost_from_another_server_is_no_verdict(cfg):
    v = verdict(cfg, auth_header("fail", server="mx.attacker.example"), auth_header("pass"))
    assert v.status == "none" and v.allowed and "mx.attacker.example" in v.reason


def test_no_header_or_no_authserv_id_is_no_verdict(cfg, tmp_path):
    assert verdict(cfg).status == "none"
    assert verdict(cfg).allowed
    open_cfg = make_cfg(tmp_path, authserv_id="")
    v = verdict(open_cfg, auth_header("fail"))
    assert v.status == "none" and "no authserv_id" in v.reason


def test_spf_only_is_no_verdict(cfg):
    assert verdict(cfg, f"{MX}; spf=fail smtp.mailfrom=rotterdam.example").status == "none"


def test_garbage_header_never_raises(cfg):
    for junk in ("", ";;;", "=" * 500, f"{MX}; dmarc", "\x00\x01"):
        assert verdict(cfg, junk).status in ("none", "fail", "pass")


# -- issue 12: a pass is the only verdict that lets privileged mail act -------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as hs  # noqa: E402

FROM_DOMAIN = "rotterdam.example"
DOMAINS = [FROM_DOMAIN, "mail.rotterdam.example", "ROTTERDAM.example", "evil.example",
           "rotterdam.example.evil.example", "example", "otterdam.example", ""]
RESULTS = ["pass", "fail", "none", "neutral", "softfail", "temperror", "permerror", "policy", "PASS"]
PROPS = ["header.d", "header.from", "header.i", "smtp.mailfrom", "header.b", "policy.dmarc"]


@hs.composite
def auth_results(draw):
    server = draw(hs.sampled_from([MX, MX.upper(), "mx.attacker.example", "", MX + ".evil.example"]))
    parts = []
    for _ in range(draw(hs.integers(0, 5))):
        method = draw(hs.sampled_from(["dkim", "dmarc", "spf", "arc", "iprev", "DKIM", "x-junk"]))
        result = draw(hs.sampled_from(RESULTS))
        props = [f"{draw(hs.sampled_from(PROPS))}={('@' if draw(hs.booleans()) else '')}{draw(hs.sampled_from(DOMAINS))}"
                 for _ in range(draw(hs.integers(0, 2)))]
        comment = " (forged by me)" if draw(hs.booleans()) else ""
        parts.append(f"{method}={result}{comment} " + " ".join(props))
    junk = draw(hs.sampled_from(["", ";", "; none", " 1", "\x00", "(c) "]))
    return f"{server}{junk}; " + "; ".join(parts) if parts else f"{server}{junk}; none"


def _oracle_may_pass(header: str) -> bool:
    """Only a dmarc=pass header.from=<the From domain>, or a dkim=pass header.d=<aligned>, can pass."""
    import re

    low = re.sub(r"\([^()]*\)", " ", header.lower())  # comments are whitespace (RFC 8601 CFWS)
    if not re.match(re.escape(MX) + r"(\s+\d+)?\s*;", low):  # authserv-id [version];
        return False
    for part in low.split(";")[1:]:
        words = part.split()
        if not words:
            continue
        if words[0] == "dmarc=pass" and f"header.from={FROM_DOMAIN}" in words:
            return True
        if words[0] == "dkim=pass" and any(w in (f"header.d={FROM_DOMAIN}", f"header.d=mail.{FROM_DOMAIN}")
                                           for w in words):
            return True
    return False


@settings(max_examples=300, deadline=None)
@given(top=auth_results(), below=hs.lists(auth_results(), max_size=2))
def test_authentication_results_variants(top, below):
    cfg = make_cfg_for_hypothesis()
    v = verdict(cfg, top, *below)
    assert v.status in ("pass", "fail", "none")
    if v.authenticated:
        assert _oracle_may_pass(top), (top, v)  # never from a header below, another server or a weak result
    if v.status == "pass":
        assert "pass" in v.reason


_CFG = []


def make_cfg_for_hypothesis():
    if not _CFG:
        import tempfile
        from pathlib import Path

        _CFG.append(make_cfg(Path(tempfile.mkdtemp())))
    return _CFG[0]


@pytest.mark.parametrize("header,expected", [
    (f"{MX}; dmarc=pass header.from=evil.example", "none"),
    (f"{MX}; spf=fail smtp.mailfrom=rotterdam.example", "none"),
    (f"{MX}; dmarc=none header.from=rotterdam.example", "none"),
    (f"{MX}; dkim=pass header.i=@evil.example", "none"),
    (f"{MX}; dkim=pass header.i=@rotterdam.example", "none"),  # no header.d: no alignment to judge
    (f"{MX}; dkim=pass header.d=mail.rotterdam.example", "pass"),  # relaxed alignment
    (f"{MX}; dkim=pass header.d=rotterdam.example.evil.example", "none"),
    (f"{MX}; dmarc=pass header.from=ROTTERDAM.EXAMPLE", "pass"),
    (f"mx.attacker.example; dmarc=pass header.from=rotterdam.example", "none"),
])
def test_the_weak_verdicts_of_issue_12(cfg, header, expected):
    v = verdict(cfg, header)
    assert v.status == expected, v
    assert v.authenticated == (expected == "pass")


def test_from_must_be_one_header_with_one_address(cfg):
    two_addr = mail("circular.facilitator@rotterdam.example", "x", "y", auth=[auth_header("pass")]).replace(
        b"From: circular.facilitator@rotterdam.example", b"From: circular.facilitator@rotterdam.example, m@evil.example")
    assert trust.check(parse(two_addr), cfg).status == "fail"
    two_hdr = mail("circular.facilitator@rotterdam.example", "x", "y", auth=[auth_header("pass")]).replace(
        b"From: ", b"From: m@evil.example\nFrom: ", 1)
    v = trust.check(parse(two_hdr), cfg)
    assert v.status == "fail" and "From headers" in v.reason
