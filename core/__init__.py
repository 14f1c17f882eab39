"""Samling's domain: plain Python, no Streamlit. Pages call these modules; they own the data."""
