"""Commands by email and from the admin CLI: one class each, one registry.

`staff.py` holds the registry and most commands; `meeting.py` registers the
`meeting …` command (it builds on `staff.py`, so it is imported here, which
every import of a command module runs first).
"""

from mailbot.commands import meeting as _meeting  # noqa: F401  (registers `meeting`)
