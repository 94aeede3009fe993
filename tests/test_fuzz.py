"""Fuzzing the WHOLE pipeline: parse, intent, rules, effects and templates,
store commit, move, delivery — with arbitrary bytes and with structured
mutations of every real message we have (../shared/corpus and examples/).

Whatever arrives, no exception escapes and the message ends in exactly one
place (processed or triage folder, with its audit line and a log line);
see tests/fuzzkit.py for the checks.

Bounded for CI ("ci" profile, the default). A longer run by hand:

    HYPOTHESIS_PROFILE=long python3 -m pytest tests/test_fuzz.py -s
    python3 bench/fuzz.py --examples 5000        # the same, with a report

The number of inputs tried and their outcomes is printed at the end of the
module (shown with -s, and in the "fuzz" section of -rA).
"""

from __future__ import annotations

import os
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fuzzkit
from test_corpus import corpus_dir

# Local profiles (not registered globally: other test modules keep their own settings).
PROFILES = {
    "ci": settings(max_examples=60, deadline=None, derandomize=True, database=None,
                   suppress_health_check=list(HealthCheck)),
    "long": settings(max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck)),
}
PROFILE = PROFILES.get(os.environ.get("HYPOTHESIS_PROFILE", "ci"), PROFILES["ci"])

SEEDS = fuzzkit.seed_files()
TALLY: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def fuzz_summary():
    yield
    total = sum(v for k, v in TALLY.items() if not k.startswith("("))
    line = (f"fuzz: {total} inputs through the whole pipeline: " +
            ", ".join(f"{k} {v}" for k, v in sorted(TALLY.items())))
    print("\n" + line)
    out = os.path.join(os.path.dirname(__file__), "..", "var")
    os.makedirs(out, exist_ok=True)  # var/ is not in git
    with open(os.path.join(out, "fuzz-summary.txt"), "w") as fh:
        fh.write(line + "\n")


def _run_all(inputs, kind: str) -> None:
    with fuzzkit.harness() as h:
        for raw in inputs:
            h.run(raw)
        for k, v in h.tally.items():
            TALLY[k] += v
            TALLY[f"({kind}) {k}"] += v


@PROFILE
@given(st.lists(fuzzkit.arbitrary, min_size=1, max_size=4))
def test_arbitrary_bytes_through_the_pipeline(inputs):
    _run_all(inputs, "arbitrary")


@PROFILE
@given(st.data())
def test_mutated_real_messages_through_the_pipeline(data):
    corpus_dir()
    inputs = [data.draw(fuzzkit.mutated(SEEDS)) for _ in range(data.draw(st.integers(1, 3)))]
    _run_all(inputs, "mutated")


@pytest.mark.parametrize("mutation", sorted(fuzzkit.MUTATIONS))
def test_each_mutation_on_examples(mutation):
    """Every mutation kind, deterministically, on a handful of examples (no corpus needed)."""
    examples = sorted(fuzzkit.EXAMPLES.glob("*.eml"))[::7]

    @settings(max_examples=6, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def check(data):
        raw = data.draw(st.sampled_from(examples)).read_bytes()
        _run_all([fuzzkit.MUTATIONS[mutation](data.draw, raw)], mutation)

    check()


def test_every_seed_unmutated_ends_in_one_place():
    """Every real message as it is (the whole corpus, the examples) through one mailbot."""
    corpus_dir()
    with fuzzkit.harness() as h:
        for p in SEEDS:
            h.run(p.read_bytes())
        assert sum(h.tally.values()) == len(SEEDS)
        for k, v in h.tally.items():
            TALLY[k] += v
            TALLY[f"(seeds) {k}"] += v
