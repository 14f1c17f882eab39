"""The script Streamlit runs for every browser run (app.py's st.App points here): app.py's page
table, carried out by the router."""

from app import PAGES
from pages._ui import router

router.run(PAGES)
