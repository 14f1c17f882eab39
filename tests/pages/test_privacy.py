"""The privacy page, and the footer link to it on every page."""

from __future__ import annotations

from tests.pages.conftest import t, values

SECTIONS = ("stored", "who", "kept", "deleted", "cookies", "nothing_out")


def test_privacy_page_says_what_is_stored_and_how_it_is_deleted(open_page):
    at = open_page("pages/privacy.py")

    assert not at.exception
    assert values(at.title) == [t("privacy.title")]
    assert values(at.header) == [t(f"privacy.{s}.heading") for s in SECTIONS]
    assert t("privacy.stored.body") in values(at.markdown)


def test_every_page_links_to_the_privacy_page(admin, gathering, group, open_page):
    pages = {
        "pages/join.py": {},
        "pages/group_workspace.py": {"gruppe": group.token},
        "pages/projector.py": {"t": gathering.projector_token},
        "pages/facilitate.py": {},
        "pages/first_run.py": {},
    }
    for page, query in pages.items():
        at = open_page(page, **query)
        links = [link.proto.page for link in at.get("page_link")]
        assert "personvern" in links, page
