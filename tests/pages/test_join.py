"""Joining a gathering: the code form, its Norwegian refusals, the organisation picker, and
landing in the group's workspace."""

from __future__ import annotations

from core import codes, gatherings, live
from tests.pages.conftest import by_label, t, values

JOIN = "pages/join.py"


def type_code(at, code: str):
    by_label(at.text_input, t("join.code_label")).input(code)
    return by_label(at.button, t("join.code_submit")).click().run()


def test_without_a_code_the_page_asks_for_one(admin, open_page):
    at = open_page(JOIN)

    assert values(at.title) == [t("join.title")]
    assert [w.label for w in at.text_input] == [t("join.code_label")]
    assert not at.selectbox
    assert not at.error


def test_malformed_code_is_refused_in_norwegian(admin, open_page):
    at = type_code(open_page(JOIN), "O0I1")

    assert values(at.error) == [t("error.join_code_malformed", length=codes.JOIN_CODE_LENGTH)]
    assert "kode" not in at.query_params
    assert not at.selectbox


def test_unknown_code_is_refused_with_the_code_as_normalised(admin, open_page):
    # Lower case, spaces and a dash are what people type; the message shows the code proper.
    at = type_code(open_page(JOIN), " k7m-4xp ")

    assert values(at.error) == [t("error.join_code_unknown", code="K7M4XP")]
    assert "kode" not in at.query_params


def test_typed_code_leads_to_the_organisation_picker(gathering, open_page):
    typed = gathering.join_code.lower()[:3] + "-" + gathering.join_code.lower()[3:]
    at = type_code(open_page(JOIN), typed)

    assert not at.error
    assert at.query_params["kode"] == gathering.join_code
    assert [w.label for w in at.selectbox] == [t("join.organisation_label")]


def test_code_link_lists_the_gatherings_organisations(db, gathering, open_page):
    at = open_page(JOIN, kode=gathering.join_code)

    _info, groups = gatherings.join_options(db, gathering.join_code)
    picker = by_label(at.selectbox, t("join.organisation_label"))
    assert picker.options == [g.label for g in groups]
    assert len(picker.options) == 3
    assert picker.value is None  # nobody is put in a group they did not choose
    assert gathering.module_name in values(at.header)


def test_submitting_without_choosing_asks_for_an_organisation(db, gathering, open_page):
    at = open_page(JOIN, kode=gathering.join_code)
    at = by_label(at.button, t("join.submit")).click().run()

    assert values(at.error) == [t("error.organisation_not_chosen")]
    assert live.snapshot(db, gathering.id).joined == 0


def test_choosing_an_organisation_opens_the_group_workspace(db, gathering, open_page):
    _info, groups = gatherings.join_options(db, gathering.join_code)
    chosen = groups[1]
    at = open_page(JOIN, kode=gathering.join_code)

    by_label(at.selectbox, t("join.organisation_label")).select(chosen.organisation_id)
    at = by_label(at.button, t("join.submit")).click().run()

    # st.switch_page ran the workspace in the same run, with the group's token in the URL.
    assert not at.exception
    assert not at.error
    assert at.query_params == {"gruppe": chosen.token}
    assert values(at.title) == [chosen.label]
    assert values(at.info) == [t("group.waiting")]
    assert live.snapshot(db, gathering.id).joined == 1


def test_bad_code_in_a_link_offers_another_try(admin, open_page):
    at = open_page(JOIN, kode="O0I1")

    assert values(at.error) == [t("error.join_code_malformed", length=codes.JOIN_CODE_LENGTH)]
    at = by_label(at.button, t("join.try_another_code")).click().run()

    assert "kode" not in at.query_params
    assert [w.label for w in at.text_input] == [t("join.code_label")]
    assert not at.error


def test_bare_address_with_a_code_lands_on_the_picker(gathering, open_page):
    at = open_page(kode=gathering.join_code)

    assert values(at.title) == [t("join.title")]
    assert not at.error
    assert at.query_params == {"kode": gathering.join_code}
    assert [w.label for w in at.selectbox] == [t("join.organisation_label")]


def test_guessing_codes_is_slowed_down_after_ten_wrong_tries(gathering, open_page):
    at = open_page(JOIN)
    wrong = [c * 6 for c in "ACDEFGHJKM"]  # ten well-formed codes, none of them real
    assert gathering.join_code not in wrong
    for code in wrong:
        at = type_code(at, code)
        assert values(at.error) == [t("error.join_code_unknown", code=code)]
    # The eleventh try, even the right code, must wait; the page says how long.
    at = type_code(at, gathering.join_code)
    assert len(at.error) == 1
    assert at.error[0].value.startswith(t("error.too_many_guesses", seconds=0).split("0")[0])
    assert "kode" not in at.query_params


def test_the_same_wrong_link_reloaded_counts_once(admin, gathering, open_page):
    wrong = "ACDEFG" if gathering.join_code != "ACDEFG" else "GFEDCA"
    at = open_page(JOIN, kode=wrong)
    for _ in range(12):
        at.run()
    assert values(at.error) == [t("error.join_code_unknown", code=wrong)]


def test_guessing_group_links_is_slowed_down_too(group, open_page):
    at = open_page("pages/group_workspace.py", gruppe="x" * 32)  # wrong guess 1
    for i in range(9):  # wrong guesses 2 to 10
        at.query_params["gruppe"] = f"{i:02d}" + "x" * 30
        at.run()
        assert values(at.error) == [t("error.group_token_unknown")]
    at.query_params["gruppe"] = group.token
    at.run()
    assert at.error[0].value.startswith(t("error.too_many_guesses", seconds=0).split("0")[0])
    assert group.label not in values(at.title)
