"""The pipeline: message → intent → rule → effects, then commit, move, deliver.

`decide()` is the functional core: raw bytes plus config plus a read-only
store view plus the time, in; the parsed message, intent, decision and
effects, out. It never raises: whatever goes wrong becomes a triage item.

`Pipeline` is the imperative shell around it. Its order is the invariant
that makes a crash at any point harmless (docs/ARCHITECTURE.md):

    fetch → decide → commit (effects + outbox + processed marker, one write)
          → move the message out of the inbox → deliver the outbox → mark delivered

A message whose Message-ID is already marked processed is only moved (it
was committed before a crash, but not yet moved), never decided again.

Why one room past 400 lines: `decide` and the shell around it share the
one commit order above; the parts that stand alone (read-ahead, the parse
guard, the outbox, the courier, the writer) already live beside it.

`Pipeline._cycle` runs past 60 lines because it is the one place the
commit order, the read-ahead and the delivery task interleave: its order is
the invariant above, kept readable in one function.
"""

from __future__ import annotations

import asyncio
import gc
import inspect
import logging
import traceback
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generator, Iterable

from mailbot.workflows import proposals, updates
from mailbot.actions import effects as fx
from mailbot.core import aio
from mailbot.workflows import bounces, confirm
from mailbot.mail import compose
from mailbot.runtime import courier
from mailbot.commands import staff as commands
from mailbot.decide import eligibility
from mailbot.intents import detector as intents
from mailbot.intents import gist
from mailbot.mail import limits
from mailbot.mail import parse as message
from mailbot.runtime import ops
from mailbot.runtime import outbox
from mailbot.runtime import parseguard, prefetch
from mailbot.mail.unit import Unit
from mailbot.workflows import roster
from mailbot.decide import rules
from mailbot.workflows import tokens
from mailbot.workflows import membership as workflows
from mailbot.adapters import store as st
from mailbot.core.clock import Clock, utcnow  # noqa: F401 - re-exported for callers
from mailbot.core.config import Config
from mailbot.adapters.mailbox import InboxMessage, Mailbox
from mailbot.core.model import Action, Decision, Effects, Intent, ParsedMessage
from mailbot.core.view import Overlay, StoreView
from mailbot.adapters.transport import Transport

log = logging.getLogger("mailbot.runtime.pipeline")



@dataclass(frozen=True)
class Outcome:
    """Everything decided about one message (what `replay` and `explain` show)."""

    msg: ParsedMessage
    intent: Intent
    role: str
    decision: Decision
    effects: Effects


def decide(raw: bytes, cfg: Config, view: StoreView, now: datetime, *, truncated: bool = False) -> Outcome:
    """The pure core: one raw message to its decided effects. Never raises."""
    return decide_parsed(message.parse(raw), cfg, view, now, truncated=truncated)


def decide_parsed(msg: ParsedMessage, cfg: Config, view: StoreView, now: datetime, *,
                  truncated: bool = False, detected: Intent | None = None) -> Outcome:
    """`decide` for a message already parsed.

    `detected` is `intents.detect(msg, cfg)` when a worker computed it ahead
    (mailbot/prefetch.py); None means detect it here. Same result either way.
    """
    try:
        network = workflows.network_config(cfg, view)
        if network is not cfg:
            # Created groups (or renewed terms): the parse workers detected with the config alone, so a
            # message that named no configured group is read again with the created groups' vocabulary.
            if detected is not None and not detected.groups and detected.name not in ("bounce", "auto_reply", "rsvp"):
                detected = None
            cfg = network
        role = rules.sender_role(msg, cfg, lambda a: roster.organisation_of(a, view) is not None,
                                 lambda a: workflows.is_facilitator(a, cfg, view))
        if truncated:
            intent = Intent("unknown", confidence=0.0, evidence=("message over the size limit: only its start was read",))
            decision = Decision(rule="(size limit)", reason="message too large to read whole",
                                actions=(Action("triage", {"reason": "message too large"}),), route="staff",
                                trace=("size limit: the message was not fetched whole; staff triage",))
        elif over := limits.exceeded(msg, cfg.limits):  # kept and triaged with the reason, never dropped
            intent = Intent("unknown", confidence=0.0, evidence=tuple(over))
            decision = Decision(rule="(limits)", reason="; ".join(over),
                                actions=(Action("triage", {"reason": "over limits: " + "; ".join(over)}),),
                                route="staff", trace=tuple(f"limit: {o}" for o in over))
        else:
            intent = detected if detected is not None else intents.detect(msg, cfg)
            confirmation = confirm.is_confirmation(msg, cfg, view, now)
            facts = rules.Facts(intent=intent, role=role, automatic=msg.auto.is_automatic,
                                command=commands.is_command(msg, cfg.bot.staff,
                                                            lambda a: workflows.is_facilitator(a, cfg, view)),
                                authority=bool(eligibility.authority_signature(msg)),
                                confirmation=confirmation,
                                check_reply=confirmation and confirm.is_check_reply(msg, cfg, view),
                                reminder_reply=not confirmation and updates.update_reply(msg, cfg, view) is not None,
                                courtesy=gist.is_thanks(msg), sales=gist.is_sales(msg),
                                proposal_volunteer=proposals.proposal_volunteer(msg, intent, view),
                                invitation_reply=proposals.invitation_reply(msg, intent, view))
            decision = rules.evaluate(facts, cfg.rules)
        acted_for = msg.sender_addr
        if intent.name == "forward" and msg.forwarded and msg.forwarded.sender:
            acted_for = msg.forwarded.sender.addr
        org = roster.organisation_of(acted_for, view) if acted_for else None
        effects = fx.plan(msg, intent, decision, cfg, view, now, organisation=org)
        return Outcome(msg, intent, role, decision, effects)
    except Exception as exc:  # never lose a message to a bug: a person looks at it
        log.error("internal error deciding %s: %s", msg.message_id, exc)
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        intent = Intent("unknown", evidence=(f"internal error: {detail}",))
        decision = Decision(rule="(internal error)", reason=detail,
                            actions=(Action("triage", {"reason": f"internal error: {type(exc).__name__}"}),),
                            route="staff", trace=(f"internal error: {detail}",))
        try:
            effects = fx.plan(msg, intent, decision, cfg, view, now)
        except Exception:
            eid = "e" + workflows.keyed_id(tokens.secret(cfg, view), "error", msg.message_id)[:7]
            effects = Effects(message_id=msg.message_id, destination="triage",
                              records=((st.TRIAGE, eid, {
                                  "id": eid, "status": "open", "reason": "internal error",
                                  "message_id": msg.message_id, "from": msg.sender_addr, "text": detail,
                                  "created": now.isoformat()}),),
                              audit={"intent": "unknown", "rule": "(internal error)", "notes": [detail],
                                     "destination": "triage"})
        return Outcome(msg, intent, "unknown", decision, effects)


#: the first batch of a cycle is at most this big: its mail goes out once it
#: is committed and moved, so a backlog's first replies (and the delivery
#: process, a backlog's critical path) start after 25 messages, not 100
#: (bench/throughput.py: 630 -> 648 msg/s, mean of 6 rounds each)
FIRST_BATCH = 25


def _takes_exclude(mailbox: Mailbox) -> bool:
    """Whether `mailbox.fetch` can skip messages in hand (then the pipeline reads a batch ahead)."""
    try:
        return "exclude" in inspect.signature(mailbox.fetch).parameters
    except (TypeError, ValueError):
        return False


def _freeze_startup() -> None:
    """Move what start-up built (modules, config, compiled templates, lexicon tables) out of
    the garbage collector's reach: it lives as long as the process, but every full collection
    walked all of it again while a backlog was worked through, here and in each parse worker.

    Garbage left by start-up is collected first; objects made later are collected as before.
    A frozen object dropped later (a template edited while the bot runs) is still freed by
    its reference count, unless it sits in a cycle. Forked workers leave the pages of frozen
    objects untouched (shared, not copied).
    """
    gc.collect()
    gc.freeze()


@dataclass
class CycleStats:
    fetched: int = 0
    processed: int = 0
    duplicates: int = 0
    triaged: int = 0
    # not in repr: asyncio formats a finished task's result (a cycle's, here) at times
    outcomes: list[Outcome] = field(default_factory=list, repr=False)
    delivery: outbox.FlushResult = field(default_factory=outbox.FlushResult)


class Pipeline:
    """The shell: runs the core over a mailbox, a store and a transport."""

    def __init__(self, cfg: Config, store: st.Store, mailbox: Mailbox, transport: Transport,
                 clock: Clock = utcnow):
        self.cfg = cfg
        self.store = store
        self.mailbox = mailbox
        self.transport = transport
        self.clock = clock
        #: parse + intent detection, in a worker process for large batches
        self.analyzer = prefetch.Analyzer(cfg)
        #: which message was being parsed when the process died (runtime/parseguard.py)
        self.guard = parseguard.ParseGuard(str(store.path) + ".parsing")
        prefetch.guard = self.guard
        self._courier: courier.Courier | None = None
        self.seed_roster()
        tokens.ensure_secret(cfg, store)

    def seed_roster(self) -> None:
        """Put the config's roster into the store the first time it is seen."""
        roster.seed(self.store, self.cfg)

    def process(self, batch: list[InboxMessage],
                analysis: Iterable[prefetch.Analysis] | None = None) -> CycleStats:
        """Decide a batch, commit it in one write, then move each message.

        `analysis` is the batch's parse + intent detection started ahead
        (`self.analyzer.analyze(batch)`); by default it starts here.
        """
        steps = self._steps(batch, analysis)
        while True:
            try:
                next(steps)
            except StopIteration as done:
                return done.value

    async def _process_async(self, batch: list[InboxMessage], analysis: prefetch.Results) -> CycleStats:
        """`process`, giving the event loop a turn between messages (a delivery may be running)."""
        steps = self._steps(batch, analysis)
        while True:
            pending = analysis.waiting()
            if pending is not None:  # the worker is still parsing: let the delivery run meanwhile
                await asyncio.wrap_future(pending)
            try:
                next(steps)
            except StopIteration as done:
                return done.value
            await asyncio.sleep(0)

    def _steps(self, batch: list[InboxMessage],
               analysis: Iterable[prefetch.Analysis] | None) -> Generator[None, None, CycleStats]:
        """`process` as a generator that pauses after each message it decides."""
        stats = CycleStats(fetched=len(batch))
        now = self.clock()
        view = Overlay(self.store)
        unit = Unit(self.store, self.cfg, now)
        moves: list[tuple[str, str]] = []
        for item, (msg, detected) in zip(batch, analysis if analysis is not None else self.analyzer.analyze(batch)):
            mid = msg.message_id
            done = view.get(st.PROCESSED, mid)
            if done is not None:
                # Committed before (a crash before the move, or a duplicate copy).
                stats.duplicates += 1
                log.info("message=%s already processed (%s): moving it only", mid, done.get("destination"))
                moves.append((item.ref, done.get("destination", "processed")))
                continue
            outcome = decide_parsed(msg, self.cfg, view, now, truncated=item.truncated, detected=detected)
            eff = outcome.effects
            unit.stage(eff.records, eff.outbox)
            unit.put(st.PROCESSED, mid, dict(eff.audit, ref=item.ref))
            for table, key, doc in eff.records:
                view.put(table, key, doc)
            view.put(st.PROCESSED, mid, eff.audit)
            moves.append((item.ref, eff.destination))
            stats.processed += 1
            stats.triaged += eff.destination == "triage"
            stats.outcomes.append(outcome)
            a = eff.audit
            log.info("message=%s intent=%s groups=%s confidence=%.2f rule=%s route=%s actions=%s dest=%s%s",
                     mid, a.get("intent"), ",".join(a.get("groups", [])) or "-", a.get("confidence", 0.0),
                     a.get("rule"), a.get("route"), ",".join(a.get("actions", [])), eff.destination,
                     (" notes=" + "; ".join(a["notes"])) if a.get("notes") else "",
                     extra={"event": "decision", "message_id": mid, "intent": a.get("intent"),
                            "groups": a.get("groups", []), "confidence": a.get("confidence", 0.0),
                            "rule": a.get("rule"), "route": a.get("route"), "actions": a.get("actions", []),
                            "destination": eff.destination})
            yield
        unit.commit()  # the batch's records, mail and processed markers: one write, before any move
        move_many = getattr(self.mailbox, "move_many", None)
        if move_many is None:
            for ref, dest in moves:
                self.mailbox.move(ref, dest)
        else:  # group commit, group move: one MOVE per destination
            by_dest: dict[str, list[str]] = {}
            for ref, dest in moves:
                by_dest.setdefault(dest, []).append(ref)
            for dest, refs in by_dest.items():
                move_many(refs, dest)
        return stats

    def start(self) -> None:
        """Start-up work a daemon does once, before the first backlog: the parse workers with
        the language model, compiled templates."""
        # What a first backlog imports on its first calendar reply or RSVP
        # (icalendar and the scheduler, ~0.1 s): imported now, before the
        # parse workers fork, so they inherit it too.
        import icalendar  # noqa: F401

        from mailbot.schedule import scheduler  # noqa: F401

        compose.warm()
        prefetch.preload(self.cfg)
        _freeze_startup()
        self.analyzer.start()  # forks the parse workers, which inherit what was frozen

    def close(self) -> None:
        """Stop the parsing workers and the delivery process (both start again when needed)."""
        self.analyzer.close()
        if self._courier is not None:
            self._courier.close()
            self._courier = None

    def outbound(self) -> Transport:
        """What delivers the outbox: the transport, in a delivery process of its own where it can run in one."""
        if not courier.Courier.available(self.transport):
            return self.transport
        if self._courier is None or self._courier.transport is not self.transport:
            if self._courier is not None:
                self._courier.close()
            self._courier = courier.Courier(self.transport, courier.journal_path(self.store.path))
        return self._courier

    def deliver(self) -> outbox.FlushResult:
        """Deliver what the outbox holds that is due."""
        return aio.run(self._deliver_async())

    async def _deliver_async(self, keys: frozenset[str] | None = None) -> outbox.FlushResult:
        t = self.cfg.transport
        bounces.hold_suspended(self.store, self.clock())  # never send to an address suspended for bouncing
        return await outbox.flush_async(self.store, self.outbound(), self.clock(), base=t.retry_base,
                                        cap=t.retry_max, max_attempts=t.max_attempts, keys=keys)

    def cycle(self, limit: int | None = None) -> CycleStats:
        """One round: deliver what is queued, work through the inbox, deliver again."""
        return aio.run(self._cycle(limit))

    async def _cycle(self, limit: int | None) -> CycleStats:
        self.guard.reset()  # nothing is being parsed between two cycles
        first = await self._deliver_async()
        total = CycleStats()
        total.delivery = first
        batch_size = self.cfg.mailbox.batch_size

        lookahead = _takes_exclude(self.mailbox)
        fetched = 0  # messages fetched this cycle, read-ahead included (for `limit`)
        failed: Exception | None = None  # a fetch that failed: raised once the work in hand is done

        def fetch(exclude: frozenset[str] = frozenset(), size: int = batch_size) -> tuple[list[InboxMessage], int]:
            nonlocal fetched
            want = size if limit is None else min(size, limit - fetched)
            if want <= 0:
                return [], want
            got = self.mailbox.fetch(want, exclude) if exclude else self.mailbox.fetch(want)
            fetched += len(got)
            return got, want

        Ahead = tuple[list[InboxMessage], int, "prefetch.Results | None"]

        def fetch_after(batch: list[InboxMessage], want: int) -> Ahead:
            """The batch after `batch` (a side-effect-free read), already handed to the parse workers."""
            nonlocal failed
            if not batch or len(batch) < want or failed is not None:  # a short batch emptied the inbox
                return [], 0, None
            try:
                got, w = fetch(frozenset(m.ref for m in batch)) if lookahead else fetch()
            except Exception as exc:  # must not hold back the batches in hand or their delivery
                failed = exc
                return [], 0, None
            return got, w, (self.analyzer.analyze(got) if got else None)

        def add(res: outbox.FlushResult) -> None:
            total.delivery.delivered += res.delivered
            total.delivery.deferred += res.deferred
            total.delivery.failed += res.failed

        batch, want = fetch(size=min(batch_size, FIRST_BATCH))
        analysis = self.analyzer.analyze(batch) if batch else None
        # Where the mailbox can skip messages in hand, the batch after this
        # one is read at once, so the parse workers work on it while this
        # one is decided. Deliveries run beside the deciding, one at a time
        # (`delivery`): each sends what was due when it started. A batch's
        # commit and move happen in one step, with no turn for the delivery
        # in between, so what is due is always mail of batches committed and
        # moved: fetch → commit → move → deliver holds for every message.
        ahead: Ahead = fetch_after(batch, want) if lookahead else ([], 0, None)
        committed = asyncio.Event()  # a batch added mail to the outbox
        deciding = True

        async def delivery() -> None:
            while True:
                await committed.wait()
                committed.clear()
                due = frozenset(d["key"] for d in outbox.due(self.store, self.clock()))
                if due:
                    add(await self._deliver_async(keys=due))
                if not deciding and not committed.is_set():
                    return

        delivering = asyncio.ensure_future(delivery())
        try:
            while batch:
                assert analysis is not None
                stats = await self._process_async(batch, analysis)  # commit, then move
                committed.set()
                total.fetched += stats.fetched
                total.processed += stats.processed
                total.duplicates += stats.duplicates
                total.triaged += stats.triaged
                total.outcomes.extend(stats.outcomes)
                if lookahead:
                    nxt, want_next, nxt_analysis = ahead
                    ahead = fetch_after(nxt, want_next)
                else:
                    nxt, want_next, nxt_analysis = fetch_after(batch, want)
                batch, want, analysis = nxt, want_next, nxt_analysis
            if failed is not None:
                raise failed
        finally:
            deciding = False
            committed.set()
            await delivering  # never leave a delivery half-recorded
        ops.record_poll(self.store, self.clock(), total.fetched, total.processed, self.mailbox.describe())
        return total
