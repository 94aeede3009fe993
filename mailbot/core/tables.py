"""Every store table and every fixed key, declared once: the store's schema in one room.

A table holds JSON documents under string keys; the comment says what a key
and its document are. Modules import these names (some re-export them under
the names they always had, e.g. `store.TRIAGE`, `updates.UPDATES`).
"""

# -- what one message or one outgoing mail leaves behind ------------------------------------
PROCESSED = "processed"  # Message-ID -> the decision's audit line {at, intent, rule, destination, ...}
OUTBOX = "outbox"  # idempotency key -> {to, raw, status, attempts, next_attempt, ...}
SENT = "sent"  # idempotency key -> when it was delivered (the sent log)
TRIAGE = "triage"  # short id -> triage item
REQUESTS = "requests"  # request id -> join/leave/start_group/rsvp request
REPLIES = "replies"  # "<sender>|<day or hour>" -> count of automatic replies (rate caps)
BOUNCES = "bounces"  # address -> bounce score record
STATE = "state"  # adapter and job state, under the keys below
HELD = "held"  # confirmation token -> a privileged command held until its sender confirms by mail (workflows/confirm)
MAIL_COUNTS = "mail_counts"  # "<addr>|<hour or day>" and "*|<hour or day>" -> {count}: the outgoing caps (mail/guard)
STAFF_DIGEST = "digest"  # staff address -> {items, since}: notices kept back for one digest (mail/guard)

# -- keys of STATE ----------------------------------------------------------------------------
LAST_POLL = "last_poll"  # {at, fetched, processed, ...}: `mailbot status`
TOKEN_SECRET = "token_secret"  # {secret}: the generated HMAC secret when the environment gives none
SCHEDULER_STATE = "scheduler"  # {first_run}

# -- the network ------------------------------------------------------------------------------
PARTICIPANTS = "participants"  # domain -> {organisation, kind, country, since, source}
MEMBERS = "members"  # "<slug>|<address>" -> {group, address, name, organisation, since, status}
PROPOSALS = "proposals"  # proposal id -> {topic, backers, status, ...}
GROUPS_EXTRA = "groups_extra"  # slug -> a group created by staff after a proposal
TERMS = "terms"  # group slug -> {term_start, renewed, by}: a term started by `renew <group>`
THREADS = "threads"  # Message-ID of a mail the bot sent -> what it was about (answers by thread)
PEOPLE = "people"  # address -> {language, source ("mail" | "form"), since}: the language to write to them in
UPDATES = "updates"  # "<group>|<period>" -> {group, period, text, author, author_name, date, ...}

# -- meetings -----------------------------------------------------------------------------------
MEETINGS = "meetings"  # uid -> meeting document
SCHEDULE_SENT = "schedule_sent"  # "<group>|<ref>|<kind>|<recipient>" -> {status: sent|missed, at, sequence, ...}
ATTENDANCE = "attendance"  # "<uid>|<address>" -> {group, uid, address, partstat, sequence, at, via}
SCHEDULE_MSGIDS = "schedule_msgids"  # Message-ID of a sent invitation -> {uid, group, recipient}

# -- the web process ------------------------------------------------------------------------------
WEB_ACTIONS = "web_actions"  # web queue entry id -> what it did (the staff audit)
DIGESTS = "digests"  # digest id -> the network digest staff sent
