"""Bad input gets a reason a person can act on (in Norwegian), and nothing is stored wrongly."""

from __future__ import annotations

import pytest

from core import entries, gatherings, i18n, users
from core.errors import InvalidInput, NotFound, SamlingError
from tests.conftest import add_entry

STORED_AS_TYPED = [
    "<script>alert('x')</script>",
    "[klikk her](http://example.com)",
    "![bilde](http://example.com/x.png)",
    "**fet** _kursiv_ # overskrift",
    "Porsáŋgu 🚀",
    "'; DROP TABLE entries; --",
    "Linje 1\nLinje 2",
]


def _norwegian(error: SamlingError) -> str:
    message = i18n.t(error.message_key, **error.params)
    assert message != error.message_key, f"no bokmål text for {error.message_key}"
    return message


@pytest.mark.parametrize("text", STORED_AS_TYPED)
def test_markup_and_unusual_text_is_stored_exactly(db, groups, open_barriers, text):
    entry = add_entry(db, groups[0].token, open_barriers.id, text, key="t")
    assert entries.own_entries(db, groups[0].token)[0].text == text == entry.text


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "entry_empty"),
        ("   \n\t  ", "entry_empty"),
        ("ab", "entry_too_short"),
        ("x" * 501, "entry_too_long"),
        ("Skjult\x00tegn", "entry_control_chars"),
        ("Escape\x1b[31m", "entry_control_chars"),
        ("Snudd \u202etekst", "entry_control_chars"),
    ],
)
def test_bad_entries_are_refused_with_a_reason(db, groups, open_barriers, text, code):
    with pytest.raises(InvalidInput) as caught:
        add_entry(db, groups[0].token, open_barriers.id, text, key="bad")
    assert caught.value.code == code
    assert _norwegian(caught.value)
    assert entries.own_entries(db, groups[0].token) == []


def test_exactly_500_characters_is_accepted(db, groups, open_barriers):
    entry = entries.submit(
        db,
        groups[0].token,
        activity_id=open_barriers.id,
        text="æ" * 500,
        theme_key=None,
        idempotency_key="500",
    )
    assert len(entry.text) == 500


def test_unknown_theme_is_refused(db, groups, open_barriers):
    with pytest.raises(InvalidInput):
        add_entry(db, groups[0].token, open_barriers.id, "Gyldig tekst", key="th", theme="<script>")


@pytest.mark.parametrize(
    ("code", "error_code"),
    [
        ("", "join_code_empty"),
        ("ABC", "join_code_malformed"),
        ("ABCDEFG", "join_code_malformed"),
        ("O0I1L5", "join_code_malformed"),
        ("<scri>", "join_code_malformed"),
        ("ÆØÅæøå", "join_code_malformed"),
        ("' OR 1=1 --", "join_code_malformed"),
    ],
)
def test_malformed_join_codes(db, gathering, code, error_code):
    with pytest.raises(InvalidInput) as caught:
        gatherings.join_options(db, code)
    assert caught.value.code == error_code
    assert _norwegian(caught.value)


def test_unknown_join_code(db, gathering):
    unknown = "ACDEFG" if gathering.join_code != "ACDEFG" else "GFEDCA"
    with pytest.raises(NotFound) as caught:
        gatherings.join_options(db, unknown)
    assert caught.value.code == "join_code_unknown"
    assert unknown in _norwegian(caught.value)


@pytest.mark.parametrize(
    "token", ["", "kort", "<script>alert(1)</script>", "x" * 500, "A" * 32, "æøå" * 10]
)
def test_forged_group_tokens_reach_nothing(db, groups, open_barriers, token):
    with pytest.raises(NotFound) as caught:
        add_entry(db, token, open_barriers.id, "Forfalsket", key="f")
    assert caught.value.code == "group_token_unknown"
    with pytest.raises(NotFound):
        gatherings.group_by_token(db, token)
    assert all(entries.own_entries(db, g.token) == [] for g in groups)


def test_joining_as_an_organisation_outside_the_gathering(db, gathering):
    outside = gatherings.list_organisations(db)[-1]
    with pytest.raises(NotFound) as caught:
        gatherings.join(db, gathering.join_code, outside.id)
    assert caught.value.code == "organisation_not_in_gathering"


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("kort", "password_too_short"),
        ("prosessleder2", "password_is_username"),
        ("password1234", "password_common"),
        ("æ" * 40, "password_too_long"),
    ],
)
def test_weak_passwords_are_refused(db, password, code):
    with pytest.raises(InvalidInput) as caught:
        users.create_user(
            db,
            username="prosessleder2",
            name="Navn Navnesen",
            password=password,
            role="facilitator",
        )
    assert caught.value.code == code
    assert _norwegian(caught.value)
    assert not users.has_admin(db)


def test_first_admin_only_once(db):
    users.create_first_admin(
        db, username="Ánde.Áilu", name="Ánde Áilu", password="guolle-ja-bohccot"
    )
    assert users.has_admin(db)
    assert users.actor_for(db, "Ánde.Áilu").role == "admin"
    with pytest.raises(SamlingError) as caught:
        users.create_first_admin(db, username="andre", name="Andre", password="et-langt-passord")
    assert caught.value.code == "first_admin_exists"
