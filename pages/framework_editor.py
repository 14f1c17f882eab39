"""The framework's editable part, for administrators: the generations of digital maturity and
the capability catalogue. Saving publishes a new version; answers keep the one they were given
under, so nothing said earlier changes meaning."""

import streamlit as st

from core import framework
from core.errors import SamlingError
from pages._ui import keys, visitor
from pages._ui.text import show_error, t

here = visitor.current()
db, actor = here.db, here.actor

current = framework.current(db)
st.title(t("framework_admin.title"))
st.write(t("framework_admin.intro"))
st.caption(t("framework_admin.current", number=current.number))

with st.form(f"framework_{current.number}"):
    st.markdown(f"## {t('framework_admin.generations')}")
    rows = []
    for number in range(1, max(framework.GENERATION_COUNTS) + 1):
        known = current.generation(number)
        name_col, description_col = st.columns([1, 2])
        name = name_col.text_input(
            f"{number}. {t('framework_admin.name')}", value=known.name if known else ""
        )
        description = description_col.text_input(
            f"{number}. {t('framework_admin.description')}",
            value=known.description if known else "",
        )
        rows.append((name, description))
    st.markdown(f"## {t('framework_admin.capabilities')}")
    capabilities = st.text_area(
        t("framework_admin.capabilities"),
        value="\n".join(current.capabilities),
        help=t("framework_admin.capabilities_help"),
        height=180,
    )
    publish = st.form_submit_button(t("framework_admin.publish"), type="primary")

if publish:
    # Rows left empty at the end mean fewer generations (five instead of six).
    while rows and not any(part.strip() for part in rows[-1]):
        rows.pop()
    try:
        published = framework.publish(
            db, actor, generations=rows, capabilities=capabilities.splitlines()
        )
    except SamlingError as error:
        show_error(error)
    else:
        if published.number == current.number:
            st.info(t("framework_admin.unchanged", number=current.number))
        else:
            # Rerun so the form is drawn from the new version; say so after the rerun.
            st.session_state[keys.FRAMEWORK_PUBLISHED] = published.number
            st.rerun()
if (number := st.session_state.pop(keys.FRAMEWORK_PUBLISHED, None)) is not None:
    st.success(t("framework_admin.published", number=number))

st.markdown(f"## {t('framework_admin.history')}")
st.dataframe(
    [
        {
            t("framework_admin.version"): number,
            t("framework_admin.published_at"): at,
            t("framework_admin.by"): by,
        }
        for number, at, by in framework.history(db)
    ],
    hide_index=True,
    width="stretch",
)
