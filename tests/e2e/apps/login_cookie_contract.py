"""A page that uses nothing but pages/_ui/login_cookie.py, for tests/e2e/test_login_cookie.py.
Like pages/_ui/auth.py it writes (or deletes) in the script body and again on each run until the
browser reports what was asked for: the component that does it can be removed by the next rerun
before it has run."""

import os

import streamlit as st

from pages._ui.login_cookie import LoginCookie

cookie = LoginCookie(os.environ["CONTRACT_COOKIE_KEY"])
found = cookie.read()
reported = cookie.reported()
st.markdown(f"read: {found.username} {found.issued_at:.0f}" if found else "read: none")
st.markdown(f"reported: {reported.username}" if reported else "reported: none")
st.button("write", key="press_write")
st.button("delete", key="press_delete")
if st.session_state.get("press_write"):
    st.session_state["wanted"] = "write"
if st.session_state.get("press_delete"):
    st.session_state["wanted"] = "delete"
wanted = st.session_state.get("wanted")
if wanted == "write" and reported is None:
    cookie.write("kari")
elif wanted == "delete" and (reported is not None or st.session_state.get("press_delete")):
    cookie.delete()
