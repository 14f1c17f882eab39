"""Absolute links people share: the join link (and its QR code) and the projector link."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import streamlit as st

from core import settings


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
