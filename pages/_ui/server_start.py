"""What the server does once at start, before it answers anyone (app.py's `st.App(lifespan=)`).

Without it the first browser run of the day imports Altair, pandas, SQLAlchemy, Alembic and
core, and loads the Vega-Lite schema, while the first group waits. Here that happens at start.
Not the pages' own modules, nor the database through bootstrap: they declare Streamlit
components and caches, which must be made inside the running server (made here, before it ran,
the login cookie's component never wrote a cookie). Then `gc.freeze()` moves everything alive
after start (modules, classes, the schema) into the collector's permanent generation, so no
later collection scans them again.

Only `streamlit run app.py` (or an ASGI server serving `app`) runs this; AppTest does not.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import logging
import pkgutil
import time
from collections.abc import AsyncIterator

from streamlit.logger import get_logger

# Streamlit's logger setup, so the start line shows in the server's output like Streamlit's own.
log = get_logger(__name__)
# Streamlit calls outside a script run (cache_resource, module-level set-up) warn, once each,
# that there is no ScriptRunContext; expected here.
_NO_CONTEXT_WARNING = "streamlit.runtime.scriptrunner_utils.script_run_context"


def warm_up() -> dict[str, float | int]:
    quiet = logging.getLogger(_NO_CONTEXT_WARNING)
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        return _warm_up()
    finally:
        quiet.setLevel(level)


def _warm_up() -> dict[str, float | int]:
    started = time.perf_counter()
    import altair as alt
    import pandas  # noqa: F401 - the results page's tables and the exports
    import vl_convert  # noqa: F401 - the PDF report's charts

    import core

    for module in pkgutil.iter_modules(core.__path__):
        if not module.ispkg:
            importlib.import_module(f"core.{module.name}")
    # Altair loads and compiles the Vega-Lite schema on the first chart it validates (the
    # projector's first revision); do it now with a chart of one bar.
    alt.Chart(alt.Data(values=[{"n": 1}])).mark_bar().encode(x="n:Q").to_dict()
    imported = time.perf_counter()

    gc.collect()  # what is garbage now must not be frozen with the rest
    gc.freeze()
    return {
        "imports_s": round(imported - started, 2),
        "frozen_objects": gc.get_freeze_count(),
    }


@contextlib.asynccontextmanager
async def lifespan(_app) -> AsyncIterator[None]:
    log.info("server start: %s", warm_up())
    yield
