"""Every session-state key the pages use, named once. A key read in one file and written in
another (a form's text read back after the round closed, a confirmation shown after a rerun) is
a contract between them; here it has one spelling and a comment on who writes and who reads."""

from __future__ import annotations

# ---- the router ---------------------------------------------------------------------------------
VISITOR = "_visitor"  # written by the router on each full run, read by the page it runs
LANGUAGE = "_language"  # the visitor's chosen language, kept for the whole browser session
LANGUAGE_CHOICE = "_language_choice"  # the footer's language selectbox
ACTION_REFUSED = "_action_refused"  # a button callback's refusal, said at the top after its rerun
# The live view's push listener (pages/_ui/live_events.py). A stable key keeps one component, and
# so one event stream, across reruns; assets/base.css hides its container by this key's class.
LIVE_LISTENER = "_live_listener"

# ---- login (pages/_ui/auth.py) ------------------------------------------------------------------
LOGOUT_BUTTON = "_logout_clicked"
# Kept until the next login: deleting the login cookie makes its browser component report back
# and rerun the page, and a warning shown only once would vanish with that rerun.
SESSION_ENDED = "_session_ended"
SIGNED_IN = "_signed_in"  # (username, signed-in at, seconds since the epoch) of this session
LOGIN_REFUSED = "_login_refused"  # why the last login or password change was refused
PASSWORD_CHANGED = "_password_changed"  # say "changed" once, in the run after the change
LOGIN_USERNAME = "_login_username"  # the login form's fields
LOGIN_PASSWORD = "_login_password"
CURRENT_PASSWORD = "_current_password"  # the forced password change's fields
NEW_PASSWORD = "_new_password"
REPEATED_PASSWORD = "_repeated_password"

# ---- guessing join codes and links (pages/_ui/guessing.py) --------------------------------------
GUESS_LIMITER = "_guess_limiter"
LAST_WRONG_GUESS = "_last_wrong_guess"

# ---- the projector ------------------------------------------------------------------------------
PROJECTOR_GATHERING = "_projector_gathering"  # (token, gathering) looked up once per session

# ---- a group's entries (pages/_ui/entry_forms.py) -----------------------------------------------
ENTRY_NONCE = "entry_nonce"  # one per browser session: part of every idempotency key


def entry_text(activity_id: int, horizon: str | None = None) -> str:
    """The new-entry form's text area. Read back by the group page when "Lagre" was pressed
    just after the round closed, so the text can be handed back."""
    return f"new_text_{activity_id}_{horizon}" if horizon else f"new_text_{activity_id}"


def entry_theme(activity_id: int) -> str:
    """The new-entry form's theme choice."""
    return f"new_theme_{activity_id}"


def flash(section: str) -> str:
    """A confirmation ("Lagret.") to show after the rerun, in the section that was saved: the
    barrier list, one initiative horizon, or the ambition form. One shared slot showed an
    initiative's confirmation under the ambition form."""
    return f"_flash_{section}"


# ---- the ambition form (pages/_ui/ambition_form.py) ---------------------------------------------
def ambition_level(horizon: str, activity_id: int) -> str:
    return f"ambition_{horizon}_{activity_id}"


def ambition_reason(activity_id: int) -> str:
    return f"ambition_reason_{activity_id}"


def ambition_rating(activity_id: int, index: int) -> str:
    return f"ambition_rating_{activity_id}_{index}"


def ambition_save(activity_id: int) -> str:
    """The form's submit button: true in the run its press causes."""
    return f"ambition_save_{activity_id}"


def ambition_seen(activity_id: int) -> str:
    """The stored answer's edit count as this laptop last saw it (conflict detection)."""
    return f"_ambition_seen_{activity_id}"


def ambition_confirm(activity_id: int) -> str:
    """Set when a lower ambition must be confirmed: the form then shows the confirmation box."""
    return f"_ambition_confirm_{activity_id}"


def ambition_confirmed(activity_id: int) -> str:
    """The box that confirms a lower ambition."""
    return f"{ambition_confirm(activity_id)}_box"


def ambition_warning(activity_id: int) -> str:
    """A refusal or question from the last save, shown above the form in the next run."""
    return f"_ambition_warning_{activity_id}"


# ---- the framework editor -----------------------------------------------------------------------
FRAMEWORK_PUBLISHED = "_framework_flash"  # the version number just published, shown once


# ---- the facilitator's desk ---------------------------------------------------------------------
def neutral_labels(gathering_id: int) -> str:
    return f"neutral_{gathering_id}"


def capability_ratings(activity_id: int) -> str:
    return f"capabilities_{activity_id}"
