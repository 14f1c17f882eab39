"""The bare address: everyone who arrives there is most likely a group, so send them to join."""

import streamlit as st

st.switch_page("pages/join.py", query_params=st.query_params.to_dict())
