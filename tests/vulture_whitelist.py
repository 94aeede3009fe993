"""Names vulture (at 80% confidence) reports that are used: each with why. Read by tests/test_dead_code.py."""

# signal.signal handlers are called as handler(signum, frame); cli/run.py's `_stop` needs the parameter
frame  # noqa: B018, F821
