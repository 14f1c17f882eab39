"""Core's results reads for the results page, cached per reader, scope and the cohort's revision:
an unchanged cohort costs a lookup, and any change (an entry hidden, say) shows on the next run."""

from __future__ import annotations

import streamlit as st

from core import results, settings
from pages._ui import bootstrap


def _key(actor, scope: results.Scope) -> tuple[str, tuple[int, int]]:
    """The database and the cohort's revision: part of every cached read's key."""
    revision = results.cohort_revision(bootstrap.database(), actor, scope.cohort_id)
    return settings.database_url(), revision


def modules_view(actor, scope: results.Scope) -> results.ModulesView:
    return _modules_view(*_key(actor, scope), actor, scope)


def comparison(actor, scope: results.Scope) -> results.Comparison:
    return _comparison(*_key(actor, scope), actor, scope)


def frequent_words(actor, scope: results.Scope, kind: str) -> results.WordView:
    return _frequent_words(*_key(actor, scope), actor, scope, kind)


def entry_table(actor, scope: results.Scope, search: str, kinds: tuple[str, ...]):
    return _entry_table(*_key(actor, scope), actor, scope, search, kinds)


@st.cache_data(show_spinner=False, max_entries=256)
def _modules_view(url, revision, actor, scope: results.Scope) -> results.ModulesView:
    del url, revision  # cache key only
    return results.modules_view(bootstrap.database(), actor, scope)


@st.cache_data(show_spinner=False, max_entries=256)
def _comparison(url, revision, actor, scope: results.Scope) -> results.Comparison:
    del url, revision  # cache key only
    return results.comparison(bootstrap.database(), actor, scope)


@st.cache_data(show_spinner=False, max_entries=256)
def _frequent_words(url, revision, actor, scope: results.Scope, kind: str) -> results.WordView:
    del url, revision  # cache key only
    return results.frequent_words(bootstrap.database(), actor, scope, kind)


@st.cache_data(show_spinner=False, max_entries=256)
def _entry_table(url, revision, actor, scope: results.Scope, search: str, kinds: tuple[str, ...]):
    del url, revision  # cache key only
    return results.entry_table(bootstrap.database(), actor, scope, search, kinds)
