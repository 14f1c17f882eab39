"""The visitor's language: bokmål unless chosen, chosen in the footer or by ?lang= in a link, and
kept from page to page for the whole browser session (and in the address, for a reload)."""

from __future__ import annotations

from core import i18n
from tests.pages.conftest import ROOT, t, values

JOIN = "pages/join.py"
PRIVACY = "pages/privacy.py"


def test_bokmal_is_the_default(admin, open_page):
    at = open_page(JOIN)

    assert values(at.title) == [t("join.title")]
    assert "lang" not in at.query_params


def test_a_language_chosen_by_link_is_kept_on_the_next_page(admin, open_page):
    at = open_page(JOIN, lang="en")
    assert values(at.title) == [i18n.t("join.title", "en")]

    # The next page is opened without ?lang=, as a link inside the app or a page switch is.
    at.query_params.clear()
    at = at.switch_page(str(ROOT / PRIVACY)).run()

    assert values(at.title) == [i18n.t("privacy.title", "en")]
    assert at.query_params["lang"] == "en"
    # And the links it offers carry the choice on.
    assert {link.proto.query_string for link in at.get("page_link")} == {"lang=en"}


def test_nynorsk_chosen_in_the_footer_is_kept(admin, open_page):
    at = open_page(JOIN)
    [switch] = at.segmented_control
    assert switch.label == t("frame.language")
    assert switch.options == list(i18n.LANGUAGES.values())

    at = switch.set_value("nn").run()
    assert values(at.title) == [i18n.t("join.title", "nn")]

    at.query_params.clear()
    at = at.switch_page(str(ROOT / PRIVACY)).run()
    assert values(at.title) == [i18n.t("privacy.title", "nn")]

    [switch] = at.segmented_control
    at = switch.set_value("nb").run()
    assert values(at.title) == [t("privacy.title")]
    assert "lang" not in at.query_params
