"""The bare address: everyone who arrives there is most likely a group, so send them to join."""

import streamlit as st

from pages._ui import links

links.switch_to("bli-med", **st.query_params.to_dict())
