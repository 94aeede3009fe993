"""The rules engine: an ordered table from `config.toml`, evaluated purely.

Each rule says *when* (intent, group, sender role, confidence, automatic)
and *then* (a list of actions). The engine walks the table top to bottom,
records for every rule whether it matched and why not, and stops at the
first matching rule marked final (the default). The result is a `Decision`
whose trace `mailbot explain` prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from mailbot.core.config import Config, Rule
from mailbot.core.model import Action, Decision, Intent, ParsedMessage

@dataclass(frozen=True)
class Facts:
    """What the rules can see about one message."""

    intent: Intent
    role: str  # staff | facilitator | participant | unknown
    automatic: bool
    #: a staff command line (commands.is_command); whether it is accepted is decided later
    command: bool = False
    #: the sender's own text is signed like a public authority (eligibility.py)
    authority: bool = False
    #: a short thank-you that asks for nothing (gist.py)
    courtesy: bool = False
    #: a vendor's sales pitch (gist.py)
    sales: bool = False
    #: a facilitator's (or staff's) reply to their group's twice-yearly reminder (workflows/updates.update_reply)
    reminder_reply: bool = False
    #: a reply in a new-group proposal's thread offering to facilitate (or proposing again)
    proposal_volunteer: bool = False
    #: its recipient's plain reply to one of our meeting invitations
    invitation_reply: bool = False
    #: a reply carrying the token of a privileged command held for confirmation
    confirmation: bool = False
    #: a reply to our question whether we read a request right (check_with_sender)
    check_reply: bool = False


def sender_role(msg: ParsedMessage, cfg: Config, is_participant, is_facilitator=None) -> str:
    """Classify the sender: staff, a facilitator, a participant, or unknown.

    `is_participant(addr)` answers from the roster (the store's, seeded from
    the config), so this stays pure.
    """
    addr = msg.sender_addr
    if not addr:
        return "unknown"
    if addr in cfg.bot.staff:
        return "staff"
    if addr in cfg.facilitators or (is_facilitator is not None and is_facilitator(addr)):
        return "facilitator"
    if is_participant(addr):
        return "participant"
    return "unknown"


#: the yes/no facts a rule may ask for, and how the trace says each (true, false)
FLAGS = {
    "automatic": ("sent by a machine", "not sent by a machine"),
    "command": ("a staff command", "not a staff command"),
    "authority": ("signed like a public authority", "no public-authority signature"),
    "courtesy": ("a thank-you note", "not a thank-you note"),
    "sales": ("a sales pitch", "not a sales pitch"),
    "reminder_reply": ("a reply to a group's reminder", "not a reply to a group's reminder"),
    "proposal_volunteer": ("a volunteer in a proposal's thread", "not a volunteer in a proposal's thread"),
    "invitation_reply": ("a reply to an invitation", "not a reply to an invitation"),
    "confirmation": ("a confirmation of a held command", "no confirmation token"),
    "check_reply": ("an answer to our reading of a request", "no answer to our reading of a request"),
}


def _why_not(rule: Rule, facts: Facts) -> str | None:
    """None when `rule` matches `facts`, else the first reason it does not."""
    w = rule.when
    i = facts.intent
    if w.intent and i.name not in w.intent:
        return f"intent is {i.name}, rule wants {'/'.join(w.intent)}"
    if w.group and not set(i.groups) & set(w.group):
        return f"groups {list(i.groups)} not in {w.group}"
    if w.role and facts.role not in w.role:
        return f"sender is {facts.role}, rule wants {'/'.join(w.role)}"
    if w.min_confidence is not None and i.confidence < w.min_confidence:
        return f"confidence {i.confidence:.2f} < {w.min_confidence}"
    if w.max_confidence is not None and i.confidence >= w.max_confidence:
        return f"confidence {i.confidence:.2f} >= {w.max_confidence}"
    for flag, (yes, no) in FLAGS.items():
        wanted = getattr(w, flag)
        if wanted is not None and getattr(facts, flag) != wanted:
            return yes if getattr(facts, flag) else no
    return None


def _describe(rule: Rule, facts: Facts) -> str:
    w = rule.when
    parts = []
    if w.intent:
        parts.append(f"intent {facts.intent.name}")
    if w.group:
        parts.append(f"group in {w.group}")
    if w.role:
        parts.append(f"sender is {facts.role}")
    if w.min_confidence is not None or w.max_confidence is not None:
        parts.append(f"confidence {facts.intent.confidence:.2f}")
    parts += [yes if getattr(facts, flag) else no
              for flag, (yes, no) in FLAGS.items() if getattr(w, flag) is not None]
    return ", ".join(parts) or "catch-all rule"


def route_of(actions: tuple[Action, ...]) -> str:
    """Who a message ends up with: facilitator, staff, an automatic reply, or nobody."""
    kinds = {a.kind for a in actions}
    if "check_with_sender" in kinds:  # what follows it waits for the sender's yes
        return "auto"
    if kinds & {"notify_facilitator", "ask_facilitators"}:
        return "facilitator"
    if kinds & {"notify_staff", "triage", "record_update"}:
        return "staff"
    if "reply" in kinds:
        return "auto"
    return "none"


def evaluate(facts: Facts, rules: list[Rule]) -> Decision:
    """Run the rule table; the first matching final rule decides."""
    trace: list[str] = []
    actions: list[Action] = []
    matched: list[str] = []
    reasons: list[str] = []
    for rule in rules:
        why_not = _why_not(rule, facts)
        if why_not is not None:
            trace.append(f"{rule.name}: no ({why_not})")
            continue
        why = _describe(rule, facts)
        trace.append(f"{rule.name}: MATCH ({why})")
        matched.append(rule.name)
        reasons.append(why)
        actions.extend(Action(a.action, a.params) for a in rule.then)
        if rule.final:
            break
    if not matched:
        # Never silence: a message no rule covers still reaches a person.
        actions = [Action("triage", {"reason": "no rule matched"})]
        trace.append("(no rule matched: triage)")
    acts = tuple(actions)
    return Decision(
        rule="+".join(matched),
        reason="; ".join(reasons) or "no rule matched",
        actions=acts,
        route=route_of(acts),
        trace=tuple(trace),
    )

