"""Loading and validating `config.toml`.

The schema is declared with pydantic so that every error names the key and
what is wrong (``groups[1].facilitator: not an email address``). Secrets are
never read from the file: the file names an environment variable and
`Config.secret()` reads it when an adapter needs it.

Why one room past 400 lines: it is the schema, one pydantic model per
config table; the models validate across each other (`_cross_checks`), so
they are read and changed together.
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from mailbot.core.model import INTENTS, ROLES

_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DOMAIN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)+$")


class ConfigError(Exception):
    """The configuration cannot be used; `problems` lists `key: what is wrong`."""

    def __init__(self, path: str | os.PathLike[str], problems: list[str]):
        self.path = str(path)
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))


def _email(value: str) -> str:
    value = value.strip().lower()
    if not _EMAIL.match(value):
        raise ValueError("not an email address")
    return value


def _domain(value: str) -> str:
    value = value.strip().lower().lstrip("@")
    if not _DOMAIN.match(value):
        raise ValueError("not a domain name")
    return value


Email = Annotated[str, AfterValidator(_email)]
Domain = Annotated[str, AfterValidator(_domain)]


class _Strict(BaseModel):
    # Unknown keys are errors: a typo in a key must not be silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)


class BotSettings(_Strict):
    @model_validator(mode="before")
    @classmethod
    def _moved(cls, data: Any) -> Any:
        if isinstance(data, dict) and "confidence_threshold" in data:
            raise ValueError("bot.confidence_threshold has moved into the rule table: give the rules that act "
                             "(join, leave) `min_confidence` in their `when`, and let a rule below them triage")
        return data

    address: Email
    name: str = "Procura+ Interest Groups"
    network: str = "Procura+ Network"
    staff: list[Email] = Field(min_length=1)
    #: authserv-id of the receiving MTA whose Authentication-Results we trust
    authserv_id: str = ""
    #: environment variable holding the HMAC secret for request tokens
    token_secret_env: str = "MAILBOT_TOKEN_SECRET"
    replies_per_sender_per_day: int = Field(5, ge=0)
    replies_per_sender_per_hour: int = Field(3, ge=0)
    replies_global_per_hour: int = Field(200, ge=0)
    replies_global_per_day: int = Field(1000, ge=0)
    #: caps on every outgoing mail whatever its kind (outbox.enqueue, guard.py): per
    #: recipient and for the whole bot; past one a mail is held in the outbox, not sent
    mails_per_recipient_per_hour: int = Field(10, ge=1)
    mails_per_recipient_per_day: int = Field(40, ge=1)
    mails_global_per_hour: int = Field(600, ge=1)
    mails_global_per_day: int = Field(3000, ge=1)
    #: staff notices past this many in an hour wait for one digest mail per staff address
    staff_notices_per_hour: int = Field(6, ge=1)
    #: hosts (and their subdomains) a meeting link by email may point to; a link elsewhere
    #: is held for staff. Empty: every link is held.
    meeting_link_domains: list[str] = []
    #: hours a held privileged command waits for its confirmation by mail
    confirm_hours: int = Field(72, ge=1)
    #: languages the bot writes in (first is the fallback): the EU's official languages
    languages: list[str] = ["en", "bg", "cs", "da", "de", "el", "es", "et", "fi", "fr", "ga", "hr", "hu", "it",
                            "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv"]
    log_level: str = "INFO"
    #: "text" for people, "json" (one object per line) for log collectors
    log_format: Literal["text", "json"] = "text"


class MailboxSettings(_Strict):
    type: Literal["maildir", "imap"] = "maildir"
    #: maildir: the root folder holding the inbox and its subfolders
    path: str = "var/mail"
    host: str = "localhost"
    port: int = Field(993, ge=1, le=65535)
    security: Literal["tls", "starttls", "plain"] = "tls"
    username: str = ""
    password_env: str = "MAILBOT_IMAP_PASSWORD"
    folder: str = "INBOX"
    processed_folder: str = "mailbot/processed"
    triage_folder: str = "mailbot/triage"
    batch_size: int = Field(100, ge=1)
    poll_interval: float = Field(60.0, gt=0)
    idle_timeout: float = Field(25 * 60.0, gt=0, le=29 * 60.0)
    max_fetch_size: int = Field(10 * 1024 * 1024, ge=1024)
    timeout: float = Field(30.0, gt=0)
    #: skip TLS certificate checks (tests with self-signed certs only)
    tls_verify: bool = True


class TransportSettings(_Strict):
    type: Literal["maildir", "smtp"] = "maildir"
    #: maildir: where sent mail is written (a Maildir)
    path: str = "var/sent"
    host: str = "localhost"
    port: int = Field(587, ge=1, le=65535)
    security: Literal["tls", "starttls", "plain"] = "starttls"
    username: str = ""
    password_env: str = "MAILBOT_SMTP_PASSWORD"
    timeout: float = Field(30.0, gt=0)
    tls_verify: bool = True
    #: delivery attempts before a transient failure is treated as permanent
    max_attempts: int = Field(10, ge=1)
    retry_base: float = Field(30.0, gt=0)
    retry_max: float = Field(3600.0, gt=0)


class WorkflowSettings(_Strict):
    """Timings and thresholds of the membership workflows (see workflows.py)."""

    #: days without an answer before the facilitator is reminded of a join request
    reminder_days: int = Field(7, ge=1)
    #: days after the reminder before the request is escalated to staff
    escalation_days: int = Field(7, ge=1)
    #: days after which an unanswered join request expires (the requester is told)
    expire_days: int = Field(60, ge=1)
    #: authorities (distinct organisations) a group proposal needs, besides a volunteer facilitator
    proposal_min_authorities: int = Field(3, ge=2)
    #: token-set similarity (0-1) above which two proposal topics are the same topic
    topic_similarity: float = Field(0.5, gt=0, le=1)


class LimitSettings(_Strict):
    """Past any of these a message is kept and triaged with the reason (limits.py)."""

    max_message_bytes: int = Field(20 * 1024 * 1024, ge=1024)
    max_mime_parts: int = Field(200, ge=1)
    max_nesting_depth: int = Field(12, ge=1)
    max_headers: int = Field(500, ge=10)
    #: longest physical header line in bytes (RFC 5322 allows 998; some clients write longer)
    max_header_line: int = Field(8192, ge=998)
    max_attachments: int = Field(50, ge=0)


class BounceSettings(_Strict):
    """Bounce scoring (bounces.py), after Mailman: one scored bounce per address and day."""

    hard_score: float = Field(1.0, ge=0)  # DSN Status 5.x.x (or no status)
    soft_score: float = Field(0.5, ge=0)  # DSN Status 4.x.x
    #: past this score mail to the address is suspended and staff are told
    threshold: float = Field(5.0, gt=0)
    #: a score not raised for this many days starts again from zero
    stale_after_days: int = Field(7, ge=1)


class PrivacySettings(_Strict):
    """GDPR (privacy.py): message bodies in triage items and requests are purged after this many days."""

    retention_days: int = Field(365, ge=1)


class WebSettings(_Strict):
    """The web side (mailbot/web/): the public interest form and the staff dashboard."""

    host: str = "127.0.0.1"
    port: int = Field(8025, ge=1, le=65535)
    #: the public URL of the site, for links in mail (default http://<host>:<port>)
    base_url: str = ""
    #: folder of the web queue and the web's own state (default: "web" beside the store file)
    path: str = ""
    #: Secure cookies: "auto" = when the request came over https (X-Forwarded-Proto from a trusted proxy)
    secure_cookies: Literal["auto", "always", "never"] = "auto"
    #: proxies whose X-Forwarded-For/-Proto are believed (uvicorn's forwarded_allow_ips)
    trusted_proxies: list[str] = ["127.0.0.1"]
    session_hours: float = Field(8.0, gt=0)
    confirm_hours: float = Field(48.0, gt=0)
    login_minutes: float = Field(15.0, gt=0)
    #: in-memory rate limits of the form (and of sign-in requests), per hour
    submissions_per_address_per_hour: int = Field(3, ge=1)
    submissions_per_client_per_hour: int = Field(20, ge=1)


class IntentSettings(_Strict):
    """The intent model (intents/model.py)."""

    #: the model `mailbot learn --apply` writes; detection loads it when it exists, else the packaged one
    model: str = "var/intent-model.npz"


class StoreSettings(_Strict):
    path: str = "var/mailbot.json"


class GroupText(_Strict):
    """A group's name, description and aim in one language (`[groups.translations.<lang>]`)."""

    name: str = ""
    description: str = ""
    aim: str = ""


class Group(_Strict):
    slug: str
    name: str
    description: str = ""
    aim: str = ""
    facilitator: Email
    facilitator_name: str = ""
    cadence: Literal["twice-yearly", "quarterly"] = "twice-yearly"
    physical_meetings_per_year: int = Field(0, ge=0, le=12)
    meeting_format: Literal["web", "phone", "physical"] = "web"
    #: language code -> names, synonyms and keywords that identify this group
    vocabulary: dict[str, list[str]] = {}
    #: language code -> the name, description and aim in that language (mail and form)
    translations: dict[str, GroupText] = {}
    # -- the meeting plan (mailbot/meetings.py); every field is optional --------
    #: usual day and time: the `meeting_week`-th `meeting_weekday` of a meeting month (-1 = last)
    meeting_weekday: Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] = "thursday"
    meeting_week: int = Field(3, ge=-1, le=4)
    meeting_time: str = "14:00"
    meeting_duration_minutes: int = Field(90, ge=15, le=24 * 60)
    physical_meeting_duration_minutes: int = Field(240, ge=15, le=24 * 60)
    #: months of the web/phone meetings (default: 3,10 twice-yearly; 3,6,9,12 quarterly)
    meeting_months: list[int] = []
    #: months of the physical meetings (default: spread over the year)
    physical_meeting_months: list[int] = []
    meeting_url: str = ""
    meeting_place: str = ""
    timezone: str = "Europe/Brussels"
    #: the group's term (two years by default); the renewal question comes before its end
    term_start: date | None = None
    term_years: int = Field(2, ge=1, le=10)
    #: explicit meetings replacing the cadence: "2027-03-18 14:00 90min web https://…"
    meeting_dates: list[str] = []

    @field_validator("meeting_time")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        if not re.match(r"^([01]?\d|2[0-3]):[0-5]\d$", value.strip()):
            raise ValueError("must be a time HH:MM (e.g. 14:00)")
        return value.strip()

    @field_validator("meeting_months", "physical_meeting_months")
    @classmethod
    def _months(cls, value: list[int]) -> list[int]:
        for m in value:
            if not 1 <= m <= 12:
                raise ValueError(f"{m} is not a month (1-12)")
        return sorted(set(value))

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(value)
        except Exception:
            raise ValueError(f"unknown time zone {value!r} (e.g. Europe/Brussels)") from None
        return value

    @field_validator("meeting_dates")
    @classmethod
    def _dates(cls, value: list[str]) -> list[str]:
        from mailbot.core.meetingspec import MeetingCommandError, parse_meeting_args

        for i, text in enumerate(value):
            try:
                parse_meeting_args(text)
            except MeetingCommandError as exc:
                raise ValueError(f"[{i}] {exc}") from None
        return value

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise ValueError("must be lower-case words joined by '-' (e.g. circular-procurement)")
        return value

    @property
    def meetings_per_year(self) -> int:
        web = 4 if self.cadence == "quarterly" else 2
        return web + self.physical_meetings_per_year


class SchedulerSettings(_Strict):
    """The meeting scheduler and reminders (mailbot/schedule/)."""

    #: invitations go out this many days before a meeting
    invitation_days_before: int = Field(21, ge=0, le=365)
    #: after downtime, items that fell due at most this long ago are still sent; older ones are reported
    grace_days: float = Field(7, ge=0)
    #: the facilitator's attendance summary, this many days before a meeting
    summary_days_before: float = Field(1, ge=0)
    #: the twice-yearly facilitator reminders, "MM-DD", at `reminder_time` in the group's zone
    reminder_dates: list[str] = ["03-01", "09-01"]
    reminder_time: str = "09:00"
    #: the renewal question comes this many months before a group's term ends
    term_notice_months: int = Field(2, ge=0, le=24)
    #: how often `mailbot run` derives and sends what is due
    planner_interval_minutes: float = Field(5, gt=0)
    #: the invitation's reminder alarm
    alarm_minutes_before: int = Field(30, ge=0)
    #: ORGANIZER: the bot itself (CN the group's name, the facilitator a CHAIR attendee), or the
    #: facilitator with the bot as SENT-BY. Thunderbird, Outlook and Gmail send iMIP replies to the
    #: ORGANIZER, so only "bot" makes every calendar-button RSVP reach the bot.
    organizer: Literal["facilitator", "bot"] = "bot"
    #: the network digest of the facilitators' updates: mailed to every participant contact on these
    #: dates ("MM-DD", at `reminder_time` UTC; [] = only by hand: dashboard or `mailbot digest send`)
    digest_dates: list[str] = ["04-01", "10-01"]
    #: the web-meeting link a group created from a proposal starts with ("" : its facilitator sets one
    #: with `meeting …`; until then the plan check tells them and staff that a link is missing)
    default_meeting_url: str = ""
    #: list every member as ATTENDEE in each copy (discloses addresses) or only the recipient
    list_all_attendees: bool = False
    #: the network's rule: meeting time per participant per year, in working days
    max_days_per_year: float = Field(2.0, gt=0)
    working_day_hours: float = Field(8.0, gt=0)

    @field_validator("reminder_dates", "digest_dates")
    @classmethod
    def _mmdd(cls, value: list[str]) -> list[str]:
        for v in value:
            m = re.match(r"^(\d\d)-(\d\d)$", v)
            if not m or not (1 <= int(m.group(1)) <= 12 and 1 <= int(m.group(2)) <= 31):
                raise ValueError(f"{v!r} is not a date MM-DD (e.g. 03-01)")
        return value

    @field_validator("reminder_time")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        if not re.match(r"^([01]?\d|2[0-3]):[0-5]\d$", value.strip()):
            raise ValueError("must be a time HH:MM (e.g. 09:00)")
        return value.strip()


class Participant(_Strict):
    organisation: str
    domains: list[Domain] = Field(min_length=1)
    #: the organisation's contacts for the network digest (besides the members of its groups)
    contacts: list[Email] = []
    kind: Literal["participant", "strategic-partner"] = "participant"
    country: str = ""
    since: int | None = None


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class RuleWhen(_Strict):
    intent: list[str] = []
    group: list[str] = []
    role: list[str] = []
    min_confidence: float | None = Field(None, ge=0, le=1)
    max_confidence: float | None = Field(None, ge=0, le=1)
    #: match only messages sent by (True) or not by (False) a machine
    automatic: bool | None = None
    #: match only messages that are (True) or are not (False) a staff command
    #: (a command line replying to a [triage:…]/[proposal:…] mail, or from staff)
    command: bool | None = None
    #: match only senders whose signature does (True) or does not (False) look
    #: like a public authority's ("City of", "Stadt", "Ayuntamiento", ...)
    authority: bool | None = None
    #: match only short thank-you notes that ask for nothing (True), or anything else (False)
    courtesy: bool | None = None
    #: match only vendors' sales pitches (True), or anything else (False)
    sales: bool | None = None
    #: match only a facilitator's (or staff's) reply to their group's
    #: twice-yearly reminder (True), or anything else (False)
    reminder_reply: bool | None = None
    #: match only replies in a new-group proposal's thread that offer to
    #: facilitate (or propose again): they back that proposal
    proposal_volunteer: bool | None = None
    #: match only its recipient's plain reply to one of our meeting invitations
    invitation_reply: bool | None = None
    #: match only replies that carry (True) or do not carry (False) the token of a
    #: privileged command held for confirmation by mail (effects.act_confirm_held)
    confirmation: bool | None = None
    #: match only replies to our question whether we read a request right
    #: (check_with_sender): a yes carries it out, anything else goes to a person
    check_reply: bool | None = None

    _lists = field_validator("intent", "group", "role", mode="before")(_as_list)

    @field_validator("intent")
    @classmethod
    def _intents(cls, value: list[str]) -> list[str]:
        for name in value:
            if name not in INTENTS:
                raise ValueError(f"unknown intent {name!r} (known: {', '.join(INTENTS)})")
        return value

    @field_validator("role")
    @classmethod
    def _roles(cls, value: list[str]) -> list[str]:
        for name in value:
            if name not in ROLES:
                raise ValueError(f"unknown role {name!r} (known: {', '.join(ROLES)})")
        return value


class RuleAction(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)
    action: str

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class Rule(_Strict):
    name: str
    description: str = ""
    when: RuleWhen = RuleWhen()
    then: list[RuleAction] = Field(min_length=1)
    #: stop at this rule (default) or go on collecting actions from later rules
    final: bool = True


class Config(_Strict):
    bot: BotSettings
    mailbox: MailboxSettings = MailboxSettings()
    transport: TransportSettings = TransportSettings()
    store: StoreSettings = StoreSettings()
    limits: LimitSettings = LimitSettings()
    bounces: BounceSettings = BounceSettings()
    privacy: PrivacySettings = PrivacySettings()
    workflow: WorkflowSettings = WorkflowSettings()
    groups: list[Group] = Field(min_length=1)
    participants: list[Participant] = []
    rules: list[Rule] = Field(min_length=1)
    scheduler: SchedulerSettings = SchedulerSettings()
    web: WebSettings = WebSettings()
    intents: IntentSettings = IntentSettings()
    #: the folder relative paths are resolved against (the config's folder)
    base_dir: str = "."

    @model_validator(mode="after")
    def _cross_checks(self) -> "Config":
        slugs = [g.slug for g in self.groups]
        dupes = sorted({s for s in slugs if slugs.count(s) > 1})
        if dupes:
            raise ValueError(f"groups: duplicate slug {', '.join(dupes)}")
        names = [r.name for r in self.rules]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"rules: duplicate rule name {', '.join(dupes)}")
        for i, rule in enumerate(self.rules):
            for slug in rule.when.group:
                if slug not in slugs:
                    raise ValueError(f"rules[{i}].when.group: unknown group {slug!r}")
        return self

    # -- convenience -------------------------------------------------------
    def group(self, slug: str) -> Group | None:
        return next((g for g in self.groups if g.slug == slug), None)

    def path(self, value: str) -> Path:
        """Resolve a configured path against the config file's folder."""
        p = Path(value).expanduser()
        return p if p.is_absolute() else Path(self.base_dir) / p

    def secret(self, env_name: str) -> str:
        """Read a secret from the environment variable the config names."""
        return os.environ.get(env_name, "")

    @property
    def facilitators(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for g in self.groups:
            out.setdefault(g.facilitator, []).append(g.slug)
        return out


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _message(err: dict[str, Any]) -> str:
    msg = str(err.get("msg", "invalid"))
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix):]
    if err.get("type") == "extra_forbidden":
        msg = "unknown key (typo?)"
    elif err.get("type") == "missing":
        msg = "required key is missing"
    return msg


def validate(data: dict[str, Any], *, source: str = "<config>", base_dir: str = ".") -> Config:
    """Validate a parsed TOML document; raise ConfigError naming each bad key."""
    data = dict(data)
    data.setdefault("base_dir", base_dir)
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where = _loc(tuple(err.get("loc", ())))
            msg = _message(err)
            problems.append(f"{where}: {msg}" if where else msg)
        raise ConfigError(source, problems) from None


def default_path() -> Path:
    """`$MAILBOT_CONFIG`, else ./config.toml."""
    return Path(os.environ.get("MAILBOT_CONFIG", "config.toml"))


def load(path: str | os.PathLike[str] | None = None) -> Config:
    """Read and validate a config file; relative paths in it resolve against its folder."""
    p = Path(path) if path is not None else default_path()
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ConfigError(p, [f"cannot read the file: {exc.strerror or exc}"]) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(p, [f"not valid TOML: {exc}"]) from None
    return validate(data, source=str(p), base_dir=str(p.resolve().parent))


def load_config(args: Any) -> Config:
    """The configuration a command's `--config` names."""
    return load(args.config)


def web_dir(cfg: Config) -> Path:
    """The folder of the web queue and the web's own state."""
    if cfg.web.path:
        return cfg.path(cfg.web.path)
    return cfg.path(cfg.store.path).parent / "web"


def base_url(cfg: Config) -> str:
    """The public address links in mail point to."""
    return (cfg.web.base_url or f"http://{cfg.web.host}:{cfg.web.port}").rstrip("/")
