"""Links: to the other pages of app.py's table (st.page_link, st.switch_page), keeping the
visitor's language, and the absolute links people share (the join link, its QR code, and the
projector link)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode, urlsplit

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from core import settings
from pages._ui import text
from pages._ui.text import t
from pages._ui.visitor import Page, Table

PAGES_DIR = Path(__file__).resolve().parents[1]

_table: Table | None = None  # app.py's table: the same for every session, never changed


def use_table(table: Table) -> None:
    global _table
    _table = table


def streamlit_page(page: Page, *, default: bool = False) -> StreamlitPage:
    return st.Page(PAGES_DIR / page.script, title=t(page.title), url_path=page.url, default=default)


def page(url: str) -> StreamlitPage:
    """A page of the table by its address, for st.page_link and st.switch_page."""
    assert _table is not None, "the router has not run in this process"
    return streamlit_page(_table.page(url))


def switch_to(url: str, **query: str) -> None:
    """Go to another page, keeping the visitor's language."""
    st.switch_page(page(url), query_params={**query, **text.language_query()})


def link(url: str, label: str, icon: str | None = None) -> None:
    st.page_link(page(url), label=label, icon=icon, query_params=text.language_query())


def base_url() -> str:
    configured = settings.public_base_url()
    if configured:
        return configured
    current = urlsplit(st.context.url or "http://localhost:8501/")
    return f"{current.scheme}://{current.netloc}"


def join_link(code: str) -> str:
    return f"{base_url()}/bli-med?{urlencode({'kode': code})}"


def projector_link(token: str) -> str:
    return f"{base_url()}/projektor?{urlencode({'t': token})}"
