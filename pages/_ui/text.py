"""Translation for pages: core.i18n.t in the visitor's language. Bokmål unless the visitor chose
another (the switch in the footer, or ?lang= in a shared link); the choice is kept for the whole
browser session and carried in the address, so a reload or a link to the next page keeps it."""

from __future__ import annotations

import streamlit as st

from core import i18n
from core.errors import SamlingError
from pages._ui import keys

LANGUAGE_PARAMETER = "lang"


def language() -> str:
    chosen = st.session_state.get(keys.LANGUAGE)
    return chosen if chosen in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def remember_language() -> None:
    """Called by the router at the start of every run: a ?lang= in the address wins (a link
    someone shared), otherwise the session's choice goes back into the address."""
    asked = st.query_params.get(LANGUAGE_PARAMETER)
    if asked in i18n.LANGUAGES:
        st.session_state[keys.LANGUAGE] = asked
    chosen = language()
    if chosen != i18n.DEFAULT_LANGUAGE and asked != chosen:
        st.query_params[LANGUAGE_PARAMETER] = chosen
    elif chosen == i18n.DEFAULT_LANGUAGE and asked is not None:
        del st.query_params[LANGUAGE_PARAMETER]


def language_query() -> dict[str, str]:
    """The query parameter that keeps the language on the next page (none for bokmål)."""
    chosen = language()
    return {} if chosen == i18n.DEFAULT_LANGUAGE else {LANGUAGE_PARAMETER: chosen}


def language_switch() -> None:
    """The footer's language choice, each option named in its own language: three buttons, not
    a drop-down, so it is one Tab and one press on a phone or with a keyboard."""
    # Set before the widget is drawn, so it shows a choice made through the address too.
    st.session_state[keys.LANGUAGE_CHOICE] = language()
    st.segmented_control(
        t("frame.language"),
        list(i18n.LANGUAGES),
        format_func=i18n.LANGUAGES.get,
        key=keys.LANGUAGE_CHOICE,
        on_change=_choose_language,
    )


def _choose_language() -> None:
    chosen = st.session_state[keys.LANGUAGE_CHOICE]
    if chosen is None:  # the chosen button pressed again: keep the language
        return
    st.session_state[keys.LANGUAGE] = chosen
    if chosen == i18n.DEFAULT_LANGUAGE:
        st.query_params.pop(LANGUAGE_PARAMETER, None)
    else:
        st.query_params[LANGUAGE_PARAMETER] = chosen


def t(key: str, **params: object) -> str:
    return i18n.t(key, language(), **params)


def show_error(error: SamlingError) -> None:
    st.error(t(error.message_key, **error.params), icon=":material/error:")
