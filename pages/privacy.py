"""Personvern: what Samling stores, who sees it, how long it is kept and how it is deleted."""

import streamlit as st

from pages._ui.text import t

st.title(t("privacy.title"))
for section in ("stored", "who", "kept", "deleted", "cookies", "nothing_out"):
    st.header(t(f"privacy.{section}.heading"))
    st.markdown(t(f"privacy.{section}.body"))
