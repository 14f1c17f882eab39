"""A page that uses nothing but pages/_ui/login_cookie.py, for tests/e2e/test_login_cookie.py."""

import os

import streamlit as st

from pages._ui.login_cookie import LoginCookie

cookie = LoginCookie(os.environ["CONTRACT_COOKIE_KEY"])
found = cookie.read()
st.markdown(f"read: {found.username} {found.issued_at:.0f}" if found else "read: none")
st.markdown(f"reported back: {cookie.reported_back()}")
st.button("write", on_click=cookie.write, args=("kari",))
st.button("delete", on_click=cookie.delete)
