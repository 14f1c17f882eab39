"""Translation for pages: core.i18n.t in the visitor's language (bokmål unless chosen)."""

from __future__ import annotations

import streamlit as st

from core import i18n
from core.errors import SamlingError


def language() -> str:
    chosen = st.query_params.get("lang") or st.session_state.get("language")
    return chosen if chosen in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def t(key: str, **params: object) -> str:
    return i18n.t(key, language(), **params)


def show_error(error: SamlingError) -> None:
    st.error(t(error.message_key, **error.params), icon=":material/error:")
