"""The projector: the join code while groups join, then the open activity's count and latest
entries, as plain text and without hidden ones."""

from __future__ import annotations

import html
import re

import pytest

from core import entries, gatherings
from tests.pages.conftest import activity_of, markdown_values, submit_entry, t, values

PROJECTOR = "pages/projector.py"
WHAT = re.compile(r'<span class="what">(.*?)</span>', re.S)


def header(at) -> str:
    """The projector's header block (activity, question, count) as plain text."""
    blocks = [h.value for h in at.html if "<h2>" in h.value]
    assert len(blocks) == 1
    return html.unescape(re.sub(r"<[^>]+>", "|", blocks[0]))


def latest_texts(at) -> list[str]:
    """The entry texts in the projector's latest-entries block, as a reader sees them."""
    blocks = [h.value for h in at.html if 'class="latest"' in h.value]
    assert len(blocks) <= 1
    return [html.unescape(text) for block in blocks for text in WHAT.findall(block)]


@pytest.fixture
def project(gathering, open_page):
    def _open():
        return open_page(PROJECTOR, t=gathering.projector_token)

    return _open


@pytest.fixture
def groups(db, gathering):
    _info, options = gatherings.join_options(db, gathering.join_code)
    return [gatherings.join(db, gathering.join_code, g.organisation_id) for g in options[:2]]


@pytest.fixture
def barriers(db, facilitator, gathering):
    activity = activity_of(db, gathering, "barriers")
    gatherings.open_activity(db, facilitator, gathering.id, activity.id)
    return activity


@pytest.mark.parametrize("token", ["x" * 32, "<b>t</b>"])
def test_wrong_token_is_refused(gathering, open_page, token):
    at = open_page(PROJECTOR, t=token)

    assert values(at.error) == [t("error.projector_token_unknown")]
    assert gathering.join_code not in " ".join(markdown_values(at))


def test_without_token_it_asks_for_a_facilitator_login(gathering, open_page):
    at = open_page(PROJECTOR)

    assert [w.label for w in at.text_input] == [t("login.username"), t("login.password")]
    assert gathering.join_code not in " ".join(markdown_values(at))


def test_before_any_activity_it_shows_how_to_join(gathering, groups, project):
    at = project()

    assert not at.exception
    assert not at.error
    markdown = values(at.markdown)
    assert f"# {t('projector.join_heading')}" in markdown
    assert any(gathering.join_code in value for value in markdown)
    assert t("projector.joined", joined=2, total=3) in markdown
    assert not at.text


def test_open_activity_shows_the_count_and_the_entries(db, gathering, groups, barriers, project):
    first, second = groups
    submit_entry(db, first.token, barriers.id, "Mangler tid")
    submit_entry(db, first.token, barriers.id, "<b>Ikke fet</b>")
    submit_entry(db, second.token, barriers.id, "Gammel teknologi")

    at = project()

    assert not at.exception
    assert not at.error
    markdown = values(at.markdown)
    assert f"|{t('projector.open', total=3)}|" in header(at)
    assert f"|{t('activity.barriers')}|" in header(at)
    assert sorted(latest_texts(at)) == ["<b>Ikke fet</b>", "Gammel teknologi", "Mangler tid"]
    assert not [value for value in markdown_values(at) if "Ikke fet" in value]
    # Escaped into the block: a tag typed by a group is never markup on the big screen.
    assert "&lt;b&gt;Ikke fet&lt;/b&gt;" in next(h.value for h in at.html if "latest" in h.value)
    # Each chart has its text alternative and a table with the same figures.
    prefix = t("live.summary", what=t("live.group").lower(), items="").rstrip(".")
    table = next(h.value for h in at.html if "<caption>" + html.escape(prefix) in h.value)
    assert f"{html.escape(first.label)}: 2" in table and f"{html.escape(second.label)}: 1" in table
    assert "Gammel" not in table
    # The join code stays on screen for late groups.
    assert t("projector.join_strip", code=gathering.join_code) in " ".join(markdown)


def test_hidden_entry_is_not_shown_nor_counted(
    db, facilitator, gathering, groups, barriers, project
):
    kept = submit_entry(db, groups[0].token, barriers.id, "Dette står")
    hidden = submit_entry(db, groups[1].token, barriers.id, "Dette skal bort")
    entries.set_hidden(db, facilitator, gathering.id, hidden.id, True)

    at = project()

    assert not at.error
    assert latest_texts(at) == [kept.text]
    assert f"|{t('projector.open', total=1)}|" in header(at)
    assert not [h.value for h in at.html if "skal bort" in h.value]
    assert not [value for value in markdown_values(at) if "skal bort" in value]


def test_closed_activity_shows_the_final_count(
    db, facilitator, gathering, groups, barriers, project
):
    submit_entry(db, groups[0].token, barriers.id, "Siste ord")
    at = project()
    gatherings.close_activity(db, facilitator, gathering.id, barriers.id)

    at.run()

    assert not at.error
    assert f"|{t('projector.closed', total=1)}|" in header(at)
    assert latest_texts(at) == ["Siste ord"]
