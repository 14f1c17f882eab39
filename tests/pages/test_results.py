"""The results page: who sees what. A coordinator reads their own organisation in full and the
rest of the cohort only as figures over at least MIN_ORGANISATIONS other organisations; a
facilitator picks any organisation (or the whole cohort), searches every entry and exports.
AppTest draws every tab at once, so one run shows the whole page; it runs no chart JavaScript
and no download callables."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field

import pytest

from core import access, ambitions, charts, entries, framework, gatherings, results, users
from tests.conftest import TEST_PASSWORD
from tests.pages.conftest import activity_of, by_label, log_in, markdown_values, t, values

RESULTS = "pages/results.py"
OWN = "Harstad"  # the coordinator's organisation in every test here
FET = "Vi mangler <b>fet</b> skrift i malene"


# ---- building the data through core -----------------------------------------------------------


@dataclass
class Organisation:
    """One organisation's part in the data: what it wrote and answered, for the checks."""

    id: int
    name: str
    texts: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def hold(db, facilitator, module, held_on: dt.date, organisations: list[Organisation]):
    return gatherings.create_gathering(
        db,
        facilitator,
        module_id=module.id,
        held_on=held_on,
        place="Alta",
        organisation_ids=[o.id for o in organisations],
    )


def take_part(
    db,
    facilitator,
    gathering,
    organisation: Organisation,
    *,
    barrier: str | None = None,
    opportunity: str | None = None,
    levels: tuple[int, int, int] | None = None,
    reason: str = "",
) -> None:
    """The organisation's group joins and answers the rounds it is given, each round opened by
    the facilitator as in the room."""
    group = gatherings.join(db, gathering.join_code, organisation.id)
    for kind, text in (("barriers", barrier), ("opportunities", opportunity)):
        if text is None:
            continue
        activity = activity_of(db, gathering, kind)
        gatherings.open_activity(db, facilitator, gathering.id, activity.id)
        entries.submit(
            db,
            group.token,
            activity_id=activity.id,
            text=text,
            theme_key=None,
            idempotency_key=uuid.uuid4().hex,
        )
        organisation.texts.append(text)
    if levels is not None:
        activity = activity_of(db, gathering, "ambition")
        gatherings.open_activity(db, facilitator, gathering.id, activity.id)
        now, one_year, three_year = levels
        ambitions.save(
            db,
            group.token,
            activity_id=activity.id,
            now=now,
            one_year=one_year,
            three_year=three_year,
            reason=reason,
        )
        organisation.reasons.append(reason)


def organisation(db, name: str) -> Organisation:
    [found] = [o for o in gatherings.list_organisations(db) if o.label == name]
    return Organisation(found.id, found.label)


@pytest.fixture
def modules(db):
    return gatherings.list_modules(db)


@dataclass
class Data:
    own: Organisation
    others: list[Organisation]


@pytest.fixture
def few(db, facilitator, modules) -> Data:
    """Module 1: Harstad and three others, all writing, all but Ibestad answering the ambition
    round. Module 2: Harstad and Kvæfjord answer the ambition round only. Kvæfjord writes
    markup."""
    own = organisation(db, OWN)
    others = [organisation(db, n) for n in ("Kvæfjord", "Tjeldsund", "Ibestad")]
    first = hold(db, facilitator, modules[0], dt.date(2026, 9, 1), [own, *others])
    take_part(
        db,
        facilitator,
        first,
        own,
        barrier="Egne fagsystemer er gamle og tunge",
        opportunity="Egen skytjeneste kan deles videre",
        levels=(2, 3, 4),
        reason="Vi starter forsiktig",
    )
    kvaefjord, tjeldsund, ibestad = others
    take_part(
        db,
        facilitator,
        first,
        kvaefjord,
        barrier=FET,
        opportunity="Kvæfjords hemmelige mulighet med robotikk",
        levels=(1, 2, 3),
        reason="Kvæfjords egen begrunnelse",
    )
    take_part(
        db,
        facilitator,
        first,
        tjeldsund,
        barrier="Tjeldsunds hemmelige barriere om budsjett",
        opportunity="Tjeldsunds hemmelige mulighet med data",
        levels=(3, 3, 5),
        reason="Tjeldsunds egen begrunnelse",
    )
    take_part(
        db,
        facilitator,
        first,
        ibestad,
        barrier="Ibestads hemmelige barriere om rekruttering",
        opportunity="Ibestads hemmelige mulighet med samarbeid",
    )
    second = hold(db, facilitator, modules[1], dt.date(2027, 2, 4), [own, kvaefjord])
    take_part(db, facilitator, second, own, levels=(3, 4, 5), reason="Vi bygger videre")
    take_part(db, facilitator, second, kvaefjord, levels=(2, 2, 2), reason="Kvæfjord står stille")
    return Data(own, others)


MANY_LEVELS = [(1, 2, 3), (2, 2, 3), (3, 4, 5), (2, 3, 3), (4, 4, 5), (1, 3, 4)]


@pytest.fixture
def many(db, facilitator, modules) -> Data:
    """Module 1 only: Harstad and six others, every one writing one barrier and one
    opportunity and answering the ambition round."""
    own = organisation(db, OWN)
    names = ("Kvæfjord", "Tjeldsund", "Ibestad", "Gratangen", "Bardu", "Salangen")
    others = [organisation(db, n) for n in names]
    gathering = hold(db, facilitator, modules[0], dt.date(2026, 9, 1), [own, *others])
    take_part(
        db,
        facilitator,
        gathering,
        own,
        barrier="Egne fagsystemer er gamle og tunge",
        opportunity="Egen skytjeneste kan deles videre",
        levels=(2, 3, 4),
        reason="Vi starter forsiktig",
    )
    for number, (other, levels) in enumerate(zip(others, MANY_LEVELS, strict=True), start=1):
        take_part(
            db,
            facilitator,
            gathering,
            other,
            barrier=f"Nabo {number} har en hemmelig barriere om budsjett",
            opportunity=f"Nabo {number} ser en hemmelig mulighet med data",
            levels=levels,
            reason=f"Nabo {number} begrunner sitt eget svar",
        )
    return Data(own, others)


def coordinator_of(db, organisation_id: int | None, username: str = "koordinator"):
    return users.create_user(
        db,
        username=username,
        name="Kari Koordinator",
        password=TEST_PASSWORD,
        role="coordinator",
        organisation_id=organisation_id,
    )


# ---- reading the page -----------------------------------------------------------------------


def walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def page_text(at) -> str:
    """Everything the page sent to the browser, in lower case: every element's and block's
    message, including labels, options, captions, HTML, table data and chart data (Arrow keeps
    strings as plain UTF-8). AppTest has no public way to list every element, hence its tree."""
    sent = b"".join(
        node.proto.SerializeToString()
        for node in walk(at._tree)
        if getattr(node, "proto", None) is not None
    )
    return sent.decode("utf-8", errors="replace").casefold()


def shows(at, text: str) -> bool:
    return text.casefold() in page_text(at)


def assert_nothing_of(at, organisations: list[Organisation]) -> None:
    sent = page_text(at)
    for other in organisations:
        for text in [other.name, *other.texts, *other.reasons]:
            assert text.casefold() not in sent, text


def table(at, column: str) -> list[dict]:
    """The rows of the one dataframe with this column."""
    [frame] = [d.value for d in at.dataframe if column in d.value.columns]
    return frame.to_dict("records")


def has_table(at, column: str) -> bool:
    return any(column in d.value.columns for d in at.dataframe)


def answers_table(at) -> list[dict]:
    """The ambition answers; the date (dd.mm.yyyy) is checked here and left out."""
    rows = table(at, t("ambition.reason_column"))
    for row in rows:
        assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", row.pop(t("ambition.date")))
    return rows


def entries_tab(at) -> list[dict]:
    """The rows of the all-entries tab's one table (with no rows, it has no columns either)."""
    [tab] = [tab for tab in at.tabs if tab.label == t("results.tab_entries")]
    [frame] = tab.dataframe
    return frame.value.to_dict("records")


def entry_texts(at) -> list[str]:
    return [row[t("export.text")] for row in entries_tab(at)]


def expected_answer(db, module: str, levels, reason: str) -> dict:
    names = {g.number: g.name for g in framework.current(db).generations}
    now, one_year, three_year = levels
    return {
        t("ambition.module"): module,
        t("ambition.now"): f"{now} – {names[now]}",
        t("ambition.one_year"): f"{one_year} – {names[one_year]}",
        t("ambition.three_year"): f"{three_year} – {names[three_year]}",
        t("ambition.reason_column"): reason,
    }


def counts_summary(module: str, barriers: int, opportunities: int) -> str:
    items = (
        f"{module}, {t('activity.barriers')}: {barriers}; "
        f"{module}, {t('activity.opportunities')}: {opportunities}"
    )
    return t("results.counts_summary", items=items)


def withheld(modules: list[str], organisations: int) -> str:
    return t(
        "results.withheld",
        modules=", ".join(modules),
        organisations=organisations,
        minimum=access.MIN_ORGANISATIONS,
    )


def words_summaries(at) -> list[str]:
    prefix = t("results.words_summary", items="")[:-1]
    return [c for c in values(at.caption) if c.startswith(prefix)]


def charts_of(at) -> list:
    return list(at.get("vega_lite_chart"))


def html_bodies(at) -> list[str]:
    return [element.proto.body for element in at.get("html")]


def download_labels(at) -> list[str]:
    return [button.label for button in at.get("download_button")]


EXPORTS = [
    t("results.export_entries_csv"),
    t("results.export_ambitions_csv"),
    t("results.export_xlsx"),
]


# ---- not signed in ---------------------------------------------------------------------------


def test_not_signed_in_shows_only_the_login_form(few, open_page):
    at = open_page(RESULTS)

    assert not at.exception
    assert [w.label for w in at.text_input] == [t("login.username"), t("login.password")]
    assert t("results.title") not in values(at.title)
    assert not at.selectbox
    assert not at.multiselect
    assert not at.dataframe
    assert not at.tabs
    assert not charts_of(at)
    assert not list(at.get("download_button"))
    assert_nothing_of(at, [few.own, *few.others])


# ---- coordinators ----------------------------------------------------------------------------


def test_coordinator_sees_their_own_organisation_and_only_withheld_cohort_figures(
    db, few, modules, open_page
):
    coordinator = coordinator_of(db, few.own.id)

    at = log_in(open_page(RESULTS), coordinator.username)

    assert not at.exception
    assert not at.error
    assert values(at.title) == [t("results.title")]
    # Their own organisation, shown and not changeable; nothing to pick it with.
    field_ = by_label(at.text_input, t("results.organisation"))
    assert field_.value == OWN
    assert field_.disabled
    assert t("results.organisation") not in [s.label for s in at.selectbox]
    assert "results_organisation" not in [s.key for s in at.selectbox]

    # Their answers across the modules: table, chart and summary.
    m1, m2 = modules[0].name, modules[1].name
    assert answers_table(at) == [
        expected_answer(db, m1, (2, 3, 4), "Vi starter forsiktig"),
        expected_answer(db, m2, (3, 4, 5), "Vi bygger videre"),
    ]
    markdown = values(at.markdown)
    assert f"## {t('results.ambition_heading', organisation=OWN)}" in markdown
    assert f"## {t('results.counts_own', organisation=OWN)}" in markdown
    assert f"## {t('results.compare_heading', organisation=OWN)}" in markdown
    captions = values(at.caption)
    assert counts_summary(m1, 1, 1) in captions
    arrows = t("ambition.arrows_summary", items=f"{m1}: 2 → 3 → 4; {m2}: 3 → 4 → 5")
    assert arrows in captions
    # Their own entries, and only theirs.
    assert sorted(entry_texts(at)) == sorted(few.own.texts)
    assert {row[t("export.organisation")] for row in entries_tab(at)} == {OWN}
    assert t("results.entries_count", count=2) in captions

    # The cohort: only three other organisations wrote, at most two answered in a module, so
    # every figure over them is withheld, and said so.
    assert values(at.info) == [
        withheld([m1], 3),  # entry counts
        withheld([m1, m2], 2),  # ambition medians, modules side by side
        withheld([m1, m2], 2),  # the same, organisation against the cohort
        withheld([t("results.whole_cohort")], 3),  # words: barriers
        withheld([t("results.whole_cohort")], 3),  # words: opportunities
    ]
    assert counts_summary(m1, 4, 4) not in captions
    assert not has_table(at, t("results.gap_cohort"))
    assert len(words_summaries(at)) == 2  # the own organisation's, per kind
    # Charts: own counts, own answers, own words per kind; nothing over the cohort.
    assert len(charts_of(at)) == 4
    assert_nothing_of(at, few.others)
    # The check above does see text when it is there.
    assert all(shows(at, text) for text in [*few.own.texts, *few.own.reasons])


def test_coordinator_sees_cohort_figures_over_enough_organisations_but_no_entry_of_theirs(
    db, many, modules, open_page
):
    coordinator = coordinator_of(db, many.own.id)

    at = log_in(open_page(RESULTS), coordinator.username)

    assert not at.exception
    assert not at.error
    assert not at.info  # nothing withheld
    m1 = modules[0].name
    captions = values(at.caption)
    assert counts_summary(m1, 1, 1) in captions  # their own
    assert counts_summary(m1, 7, 7) in captions  # the cohort's, over six others and them
    # Organisation against the cohort: their answer next to the cohort's median and quartiles.
    levels = [(2, 3, 4), *MANY_LEVELS]
    titles = (t("ambition.now"), t("ambition.one_year"), t("ambition.three_year"))
    items = []
    for index, (horizon, own) in enumerate(zip(titles, (2, 3, 4), strict=True)):
        s = ambitions.spread([answer[index] for answer in levels])
        items.append(
            t(
                "results.compare_item",
                module=m1,
                horizon=horizon,
                organisation=OWN,
                own=own,
                median=charts.format_number(s.median),
                q1=charts.format_number(s.q1),
                q3=charts.format_number(s.q3),
            )
        )
    assert t("results.compare_summary", items="; ".join(items)) in captions
    [gaps] = table(at, t("results.gap_cohort"))
    assert gaps[t("results.gap_own", organisation=OWN)] == 2
    gap = ambitions.spread([three - now for now, _one, three in levels]).median
    assert gaps[t("results.gap_cohort")] == gap
    # Words over the whole cohort, per kind, besides their own; behind each word only their
    # own entries are readable, the rest are counted.
    assert len(words_summaries(at)) == 4
    elsewhere = re.compile(
        re.escape(t("results.word_entries_elsewhere", count=0)).replace("0", r"\d+")
    )
    assert any(elsewhere.fullmatch(c) for c in captions)
    assert set(values(at.text)) == set(many.own.texts)
    # Their answers and entries are still only their own.
    assert answers_table(at) == [expected_answer(db, m1, (2, 3, 4), "Vi starter forsiktig")]
    assert sorted(entry_texts(at)) == sorted(many.own.texts)
    # Charts: own counts, cohort counts, own answers, cohort medians, against the cohort, and
    # own and cohort words per kind.
    assert len(charts_of(at)) == 9
    assert_nothing_of(at, many.others)


def test_coordinator_without_answers_is_told_so(db, few, open_page):
    ibestad = few.others[2]  # wrote entries, never answered the ambition round
    coordinator = coordinator_of(db, ibestad.id)

    at = log_in(open_page(RESULTS), coordinator.username)

    assert not at.exception
    assert not at.error
    assert by_label(at.text_input, t("results.organisation")).value == ibestad.name
    assert t("results.no_ambitions", organisation=ibestad.name) in values(at.info)
    assert not has_table(at, t("ambition.reason_column"))
    assert sorted(entry_texts(at)) == sorted(ibestad.texts)
    assert "results_organisation" not in [s.key for s in at.selectbox]
    assert_nothing_of(at, [few.own, *few.others[:2]])


def test_coordinator_without_an_organisation_is_asked_to_get_one(db, few, open_page):
    coordinator = coordinator_of(db, None)

    at = log_in(open_page(RESULTS), coordinator.username)

    assert not at.exception
    assert values(at.warning) == [t("results.no_organisation")]
    assert not at.selectbox
    assert not at.dataframe
    assert not at.tabs
    assert_nothing_of(at, [few.own, *few.others])


@pytest.mark.parametrize("parameter", ["organisasjon", "organisation", "organisation_id", "org"])
def test_the_address_cannot_change_a_coordinators_organisation(db, few, parameter, open_page):
    coordinator = coordinator_of(db, few.own.id)
    other = few.others[0]

    at = log_in(open_page(RESULTS, **{parameter: str(other.id)}), coordinator.username)

    assert not at.exception
    assert not at.error
    assert by_label(at.text_input, t("results.organisation")).value == OWN
    assert sorted(entry_texts(at)) == sorted(few.own.texts)
    assert [row[t("ambition.reason_column")] for row in answers_table(at)] == few.own.reasons
    assert_nothing_of(at, few.others)
    # And still not after another run with the parameter in place.
    at = at.run()
    assert by_label(at.text_input, t("results.organisation")).value == OWN
    assert_nothing_of(at, few.others)


# ---- facilitators ----------------------------------------------------------------------------


def test_facilitator_picks_the_whole_cohort_or_one_organisation(
    db, facilitator, few, modules, open_page
):
    at = log_in(open_page(RESULTS), facilitator.username)

    assert not at.exception
    assert not at.error
    picker = by_label(at.selectbox, t("results.organisation"))
    names = sorted(o.name for o in [few.own, *few.others])
    assert picker.options == [t("results.whole_cohort"), *names]
    assert picker.options[0] == t("results.whole_cohort")
    assert t("results.organisation") not in [w.label for w in at.text_input]
    # The whole cohort: every entry, the cohort's figures, and a nudge to pick one.
    m1, m2 = modules[0].name, modules[1].name
    assert sorted(entry_texts(at)) == sorted(
        text for o in [few.own, *few.others] for text in o.texts
    )
    assert t("results.pick_organisation") in values(at.info)
    assert counts_summary(m1, 4, 4) in values(at.caption)
    assert all(shows(at, o.name) for o in few.others)
    assert not has_table(at, t("ambition.reason_column"))

    at = picker.set_value(few.own.id).run()

    assert not at.exception
    assert not at.error
    markdown = values(at.markdown)
    assert f"## {t('results.counts_own', organisation=OWN)}" in markdown
    assert f"## {t('results.ambition_heading', organisation=OWN)}" in markdown
    assert f"## {t('results.compare_heading', organisation=OWN)}" in markdown
    assert answers_table(at) == [
        expected_answer(db, m1, (2, 3, 4), "Vi starter forsiktig"),
        expected_answer(db, m2, (3, 4, 5), "Vi bygger videre"),
    ]
    assert sorted(entry_texts(at)) == sorted(few.own.texts)
    assert counts_summary(m1, 1, 1) in values(at.caption)
    assert t("results.pick_organisation") not in values(at.info)

    ibestad = few.others[2]
    at = by_label(at.selectbox, t("results.organisation")).set_value(ibestad.id).run()

    assert not at.exception
    assert t("results.no_ambitions", organisation=ibestad.name) in values(at.info)
    assert not has_table(at, t("ambition.reason_column"))
    assert sorted(entry_texts(at)) == sorted(ibestad.texts)


def test_facilitator_searches_all_entries(facilitator, few, open_page):
    at = log_in(open_page(RESULTS), facilitator.username)
    everything = sorted(text for o in [few.own, *few.others] for text in o.texts)
    assert sorted(entry_texts(at)) == everything

    search = by_label(at.text_input, t("results.search"))
    at = search.input("budsjett").run()

    assert not at.exception
    assert entry_texts(at) == ["Tjeldsunds hemmelige barriere om budsjett"]
    assert t("results.entries_count", count=1) in values(at.caption)

    # Organisation names are searched too.
    at = by_label(at.text_input, t("results.search")).input("Ibestad").run()
    assert sorted(entry_texts(at)) == sorted(few.others[2].texts)

    at = by_label(at.text_input, t("results.search")).input("finnes ikke noe sted").run()
    assert entry_texts(at) == []
    assert t("results.entries_count", count=0) in values(at.caption)

    at = by_label(at.text_input, t("results.search")).input("").run()
    assert sorted(entry_texts(at)) == everything


def test_markup_in_an_entry_is_plain_text(facilitator, few, open_page):
    kvaefjord = few.others[0]
    at = log_in(open_page(RESULTS), facilitator.username)

    for chosen in (None, kvaefjord.id):
        if chosen is not None:
            at = by_label(at.selectbox, t("results.organisation")).set_value(chosen).run()
        assert not at.exception
        assert FET in entry_texts(at)
        assert not any("<b>fet</b>" in text for text in markdown_values(at))
        assert not any("<b>fet</b>" in body for body in html_bodies(at))
        assert not any("<b>fet</b>" in element.label for element in at.get("expander"))
    # Behind the words, the entry is shown with st.text, exactly as typed.
    assert FET in values(at.text)


def test_export_buttons(facilitator, few, modules, open_page):
    at = log_in(open_page(RESULTS), facilitator.username)

    assert download_labels(at) == EXPORTS
    assert [b.key for b in at.get("download_button")] == [
        "download_innspill.csv",
        "download_ambisjoner.csv",
        "download_samling.xlsx",
    ]
    # The PDF report is about one organisation: pick one first.
    assert t("results.export_pdf_needs") in values(at.caption)
    assert t("results.report_module") not in [s.label for s in at.selectbox]

    at = by_label(at.selectbox, t("results.organisation")).set_value(few.own.id).run()

    assert not at.exception
    report_module = by_label(at.selectbox, t("results.report_module"))
    assert report_module.options == [m.name for m in modules]
    # It starts at the latest module the organisation answered in (module 2 here).
    assert report_module.value == modules[1].id
    pdf = t("results.export_pdf", organisation=OWN, module=modules[1].name)
    assert download_labels(at) == [*EXPORTS, pdf]
    assert t("results.export_pdf_needs") not in values(at.caption)

    at = report_module.set_value(modules[0].id).run()

    assert not at.exception
    pdf = t("results.export_pdf", organisation=OWN, module=modules[0].name)
    assert download_labels(at) == [*EXPORTS, pdf]


def test_coordinator_exports_their_own_organisation(db, few, modules, open_page):
    coordinator = coordinator_of(db, few.own.id)

    at = log_in(open_page(RESULTS), coordinator.username)

    assert not at.exception
    pdf = t("results.export_pdf", organisation=OWN, module=modules[1].name)
    assert download_labels(at) == [*EXPORTS, pdf]
    assert by_label(at.selectbox, t("results.report_module")).options == [m.name for m in modules]


def test_what_the_room_said_per_module(db, facilitator, few, modules, open_page):
    at = log_in(open_page(RESULTS), facilitator.username)
    picker = by_label(at.selectbox, t("results.words_module"))
    assert picker.options[0] == t("results.all_chosen_modules")
    cohort_id = results.cohorts_for(db, facilitator)[0].id

    def expected(module_ids: tuple[int, ...]) -> list[str]:
        summaries = []
        for kind in results.ENTRY_KINDS:
            view = results.frequent_words(
                db, facilitator, results.Scope(cohort_id, module_ids), kind
            )
            if view.terms:
                items = ", ".join(f"{term.text} ({term.count})" for term in view.terms)
                summaries.append(t("results.words_summary", items=items))
        return summaries

    assert words_summaries(at) == expected(())

    at = picker.set_value(modules[1].id).run()

    assert not at.exception
    assert words_summaries(at) == expected((modules[1].id,))
    assert words_summaries(at) != expected(())


def test_an_entry_the_facilitator_hides_is_gone_at_the_next_run(db, facilitator, few, open_page):
    """Hidden entries are left out everywhere, at once: the page's cached reads are keyed by
    the cohort's revision, not kept for a while."""
    at = log_in(open_page(RESULTS), facilitator.username)
    assert FET in entry_texts(at)
    first = dt.date(2026, 9, 1)  # the gathering where Kvæfjord wrote FET
    [gathering] = [g for g in gatherings.list_gatherings(db, facilitator) if g.held_on == first]
    [hidden] = [
        e for e in entries.gathering_entries(db, facilitator, gathering.id) if e.text == FET
    ]

    entries.set_hidden(db, facilitator, gathering.id, hidden.id, True)
    at.run()

    assert not at.exception
    assert FET not in entry_texts(at)
    assert not shows(at, FET)
