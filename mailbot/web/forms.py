"""The interest form: validation, and the email a confirmed form becomes.

`validate()` is pure: the posted fields in, a `Submission` or the errors per
field out (error codes; the page words them in the visitor's language).

A confirmed submission is turned into real RFC 5322 messages From the
confirmed address To the bot (`messages()`), with text composed in the
form's language from fixed sentences the intent detection reads like any
email ("We would like to join the Interest Group “Circular procurement”."),
followed by the organisation, the name and the visitor's own message. A form
that both picks groups and proposes a topic becomes two messages (a join and
a proposal), because one email carrying both would be read as the proposal
alone (start_group ranks above join). The Message-IDs derive from the
submission id, so a repeated confirmation is the same message, which the
pipeline never decides twice.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr
from typing import Any, Mapping

from mailbot.mail import compose
from mailbot.core.config import Config, _email
from mailbot.web import i18n

LIMITS = {"organisation": 200, "name": 120, "email": 254, "topic": 200, "message": 4000}


@dataclass(frozen=True)
class Submission:
    organisation: str
    name: str
    email: str
    groups: tuple[str, ...] = ()
    topic: str = ""
    message: str = ""
    lang: str = "en"

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["groups"] = list(self.groups)
        return d

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Submission":
        return cls(organisation=d.get("organisation", ""), name=d.get("name", ""), email=d.get("email", ""),
                   groups=tuple(d.get("groups", ())), topic=d.get("topic", ""), message=d.get("message", ""),
                   lang=d.get("lang", "en"))


@dataclass
class Result:
    submission: Submission | None
    errors: dict[str, tuple[str, dict]] = field(default_factory=dict)  # field -> (code, params)
    spam: bool = False
    values: dict[str, Any] = field(default_factory=dict)  # what to show back in the form


def _one(form: Mapping[str, Any], name: str) -> str:
    v = form.get(name, "")
    if isinstance(v, (list, tuple)):
        v = v[0] if v else ""
    return str(v or "")


def _many(form: Any, name: str) -> list[str]:
    getlist = getattr(form, "getlist", None)
    if getlist is not None:
        return [str(x) for x in getlist(name)]
    v = form.get(name, [])
    return [str(x) for x in (v if isinstance(v, (list, tuple)) else [v] if v else [])]


def validate(form: Any, cfg: Config, lang: str = "en", group_slugs: list[str] | None = None) -> Result:
    """Check the posted fields. The honeypot (`website`) filled in means a robot."""
    slugs = group_slugs if group_slugs is not None else [g.slug for g in cfg.groups]
    values = {
        "organisation": compose.header_safe(_one(form, "organisation"), 1000),
        "name": compose.header_safe(_one(form, "name"), 1000),
        "email": compose.header_safe(_one(form, "email"), 1000),
        "topic": compose.header_safe(_one(form, "topic"), 1000),
        "message": compose.text_safe(_one(form, "message"), 100_000).strip(),
        "groups": [s for s in dict.fromkeys(_many(form, "groups"))][:20],
    }
    res = Result(None, values=values)
    if _one(form, "website").strip():
        res.spam = True
        return res
    for name in ("organisation", "name", "email"):
        if not values[name]:
            res.errors[name] = ("err_required", {})
    for name, limit in LIMITS.items():
        if name not in res.errors and len(values[name]) > limit:
            res.errors[name] = ("err_too_long", {"limit": limit})
    if "email" not in res.errors:
        try:
            values["email"] = _email(values["email"])
        except ValueError:
            res.errors["email"] = ("err_email", {})
        else:
            local, _, domain = values["email"].partition("@")
            bot_local, _, bot_domain = cfg.bot.address.partition("@")
            if domain == bot_domain and (local == bot_local or local.startswith(bot_local + "+")):
                res.errors["email"] = ("err_bot_address", {})
    if any(s not in slugs for s in values["groups"]):
        res.errors["groups"] = ("err_unknown_group", {})
    elif not values["groups"] and not values["topic"]:
        res.errors["groups"] = ("err_choose", {})
    if res.errors:
        return res
    res.submission = Submission(
        organisation=values["organisation"], name=values["name"], email=values["email"],
        groups=tuple(values["groups"]), topic=values["topic"], message=values["message"],
        lang=lang if lang in i18n.T else "en")
    return res


def _text(sub: Submission, cfg: Config, opening: str) -> str:
    w = i18n.words(sub.lang)
    parts = [opening, w("mail_details", organisation=sub.organisation, name=sub.name)]
    if sub.message:
        parts.append(sub.message)
    parts.append(w("mail_via"))
    return "\n\n".join(parts) + "\n"


def messages(sub: Submission, cfg: Config, sid: str, now: datetime, group_names: dict[str, str]) -> list[tuple[str, bytes]]:
    """The RFC 5322 messages a confirmed submission becomes: [(queue id, raw bytes)]."""
    w = i18n.words(sub.lang)
    domain = cfg.bot.address.rpartition("@")[2] or "mailbot.invalid"
    out: list[tuple[str, str, str, str]] = []  # (part, subject, opening)
    if sub.groups:
        names = [group_names.get(s, s) for s in sub.groups]
        if len(names) == 1:
            opening = w("mail_join_one", group=names[0])
        else:
            opening = w("mail_join_many", groups=", ".join(f"“{n}”" for n in names))
        out.append(("join", f"{w('mail_subject')}: {', '.join(names)}", opening))
    if sub.topic:
        # The subject is the topic: intent detection falls back to it for the proposal's topic.
        out.append(("propose", sub.topic, w("mail_propose", topic=sub.topic)))
    result = []
    for part, subject, opening in out:
        m = EmailMessage(policy=SMTP)
        m["From"] = formataddr((compose.header_safe(sub.name, 120), sub.email))
        m["To"] = formataddr((cfg.bot.name, cfg.bot.address))
        m["Subject"] = compose.header_safe(subject, 250)
        m["Date"] = format_datetime(now)
        m["Message-ID"] = f"<web-{sid}-{part}@{domain}>"
        m["Content-Language"] = sub.lang
        m["X-Mailbot-Source"] = f"web form {sid} (address confirmed by link)"
        m.set_content(_text(sub, cfg, opening), charset="utf-8", cte="quoted-printable")
        result.append((f"msg-{sid}-{part}", m.as_bytes()))
    return result
