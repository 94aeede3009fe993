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
