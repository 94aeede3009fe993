"""Groups chosen by their number in a quoted call ("the first and the third", "gruppi 1) e 3)", "all of them")."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mailbot.core import config as config_mod
from mailbot.core.model import Address, ParsedMessage
from mailbot.intents import numbered
from mailbot.intents.detector import detect
from mailbot.mail.parse import parse

ROOT = Path(__file__).resolve().parent.parent
ICT, CIRC, MKT = "socially-responsible-ict", "circular-procurement", "market-supplier-development"
NAMES = {1: "Socially Responsible Public Procurement of ICT", 2: "Circular procurement",
         3: "Market and Supplier Development"}

CALL = """
On Thu, 9 Jan 2025 at 10:02, Procura+ Interest Groups <procurement@procuraplus.example> wrote:
> Procura+ is opening its three Interest Groups for 2025:
> 1) Socially Responsible Public Procurement of ICT (facilitator: Anna Lindqvist)
> 2) Circular procurement (facilitator: Pieter de Vries)
> 3) Market and Supplier Development (facilitator: Marta Puig)
> Reply to this e-mail and tell us which group(s) you would like to join.
"""


@pytest.fixture(scope="module")
def cfg():
    return config_mod.load(ROOT / "config.toml")


def reply(text: str, quote: str = CALL) -> ParsedMessage:
    return ParsedMessage(message_id="t", sender=Address("a@city.example"), subject="Re: call for participants",
                         text=text, full_text=text + "\n" + quote, in_reply_to="call@procuraplus.example")


def test_the_list_of_a_quoted_call_numbers_the_groups():
    names = {"Socially": "ICT", "Circular": "CIRC", "Market": "MKT"}
    got = numbered.numbered_groups(CALL, lambda line: next((v for k, v in names.items() if k in line), None))
    assert got == {1: "ICT", 2: "CIRC", 3: "MKT"}


def test_a_list_naming_one_group_numbers_nothing():
    assert numbered.numbered_groups("> 1. Circular procurement\n> 2. Agenda\n", lambda line: (
        "CIRC" if "Circular" in line else None)) == {}


def test_the_real_reply_chooses_the_first_and_the_third(cfg):
    msg = parse((ROOT / "tests/fixtures/intents/call-reply-by-number.eml").read_bytes())
    intent = detect(msg, cfg)
    assert (intent.name, sorted(intent.groups)) == ("join", sorted([ICT, MKT])), intent


@pytest.mark.parametrize("text, groups", [
    ("Buongiorno, la Città di Torino aderisce ai gruppi 1) e 3). Cordiali saluti", [ICT, MKT]),
    ("Wir möchten gerne an der ersten und der dritten Gruppe teilnehmen.", [ICT, MKT]),
    ("Chcielibyśmy dołączyć do pierwszej i trzeciej grupy.", [ICT, MKT]),
    ("Haluaisimme liittyä toiseen ryhmään.", [CIRC]),
    ("Θα θέλαμε να συμμετάσχουμε στην πρώτη και την τρίτη ομάδα.", [ICT, MKT]),
    ("Szeretnénk csatlakozni az első és a harmadik csoporthoz.", [ICT, MKT]),
    ("We would like to join group 2.", [CIRC]),
    ("Please add us to the second one.", [CIRC]),
    # "all of them" under the call's list: every group it numbers
    ("All of them, please. Contact: me.", [ICT, CIRC, MKT]),
    ("Ci interessano tutti quanti, grazie.", [ICT, CIRC, MKT]),
])
def test_a_join_by_number_names_the_listed_group(cfg, text, groups):
    intent = detect(reply(text), cfg)
    assert (intent.name, sorted(intent.groups)) == ("join", sorted(groups)), intent


def test_a_number_with_no_list_quoted_is_left_as_written():
    assert numbered.with_numbers_named("We'd like the first and the third one.", {}) == \
        "We'd like the first and the third one."


def test_the_senders_own_numbered_points_are_not_the_calls():
    text = "Two questions:\n1) Can we join later?\n2) Is there a fee?"
    assert numbered.with_numbers_named(text, NAMES) == text


def test_an_ordinal_that_is_no_choice_is_left_alone():
    text = "First, thank you for the call. On 3 March we meet in 2 rooms."
    assert numbered.with_numbers_named(text, NAMES) == text


def test_a_number_pair_names_both():
    assert numbered.with_numbers_named("groups 1 and 3 please", NAMES) == \
        f"groups 1 ({NAMES[1]}) and 3 ({NAMES[3]}) please"


@given(st.text(max_size=300))
def test_naming_numbers_only_adds_text(text):
    out = numbered.with_numbers_named(text, NAMES)
    it = iter(out)
    assert all(c in it for c in text)  # the original is a subsequence: nothing removed or reordered


BULLETED = """
On Mon, 10 Feb 2025 at 09:12, Procura+ Secretariat <secretariat@procuraplus.example> wrote:
> Procura+ invites public authorities to its Interest Groups in 2025:
>
>  * Socially Responsible Public Procurement of ICT - fair supply chains for hardware
>  * Circular procurement - reuse, refurbishment, take-back schemes
>  * Market and Supplier Development - market dialogue, supplier days
>
> Reply to this email and tell us which group(s) you are interested in.
"""


@pytest.mark.parametrize("text, groups", [
    # "the first two": both, not the first alone (sets AW, AX, AZ)
    ("Leeds City Council would like to take part in the first two groups on your list.", [ICT, CIRC]),
    ("Please sign Galway City Council up for the first two on your list. We'll leave the market one for now.",
     [ICT, CIRC]),
    ("Zanimaju nas prve dvije navedene skupine, molimo upišite Splitsko-dalmatinsku županiju.", [ICT, CIRC]),
    ("We would like to join the last two groups.", [CIRC, MKT]),
])
def test_the_first_two_of_a_bulleted_call_are_both_joined(cfg, text, groups):
    intent = detect(reply(text, BULLETED), cfg)
    assert (intent.name, sorted(intent.groups)) == ("join", sorted(groups)), intent


def test_no_dot_and_a_number_is_a_number_not_a_no(cfg):
    # "no. 1 and no. 3": "no." is "number"; the group they leave aside stays out
    text = ("Espoo would like to take part in no. 1 and no. 3 on your list. Circular we'll leave for now, our "
            "waste company already follows that topic.")
    intent = detect(reply(text), cfg)
    assert (intent.name, sorted(intent.groups)) == ("join", sorted([ICT, MKT])), intent


def test_a_bulleted_list_naming_one_group_twice_numbers_nothing():
    assert numbered.numbered_groups("> - Circular procurement\n> - Circular economy\n", lambda line: "CIRC") == {}
