"""The only Streamlit glue shared by pages: wiring, auth guard, translation and page frame."""
