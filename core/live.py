"""What the live views show: one snapshot of a gathering's current activity, computed once per
revision and shared by every projector and facilitator screen (pages cache it by revision)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from core import framework
from core.ambitions import neutral_letters
from core.db import Database
from core.errors import NotFound
from core.gatherings import ActivityInfo, activity_info
from core.models import Activity, Entry, Gathering, Group

LATEST_ENTRIES = 12


@dataclass(frozen=True)
class GroupCount:
    label: str
    joined: bool
    entries: int
    letter: str = ""  # the group's neutral label, for projectors that must not name groups


@dataclass(frozen=True)
class ThemeCount:
    theme: str | None  # None: entries without a theme; the page names that in its language
    entries: int


@dataclass(frozen=True)
class LatestEntry:
    group_label: str
    text: str
    theme: str | None
    letter: str = ""


@dataclass(frozen=True)
class Snapshot:
    """Everything a projector draws. Hidden entries are left out of every figure in it."""

    activity: ActivityInfo | None
    groups: tuple[GroupCount, ...]
    themes: tuple[ThemeCount, ...]
    latest: tuple[LatestEntry, ...]
    neutral_labels: bool = False

    @property
    def total(self) -> int:
        return sum(group.entries for group in self.groups)

    @property
    def joined(self) -> int:
        return sum(1 for group in self.groups if group.joined)


def showing_activity(db: Database, gathering_id: int) -> ActivityInfo | None:
    """The open activity, or else the one closed last (the room is still discussing it)."""
    with db.read() as session:
        return _showing_activity(session, gathering_id)


def _showing_activity(session, gathering_id: int) -> ActivityInfo | None:
    activity = session.scalar(
        select(Activity).where(Activity.gathering_id == gathering_id, Activity.state == "open")
    ) or session.scalar(
        select(Activity)
        .where(Activity.gathering_id == gathering_id, Activity.state == "closed")
        .order_by(Activity.closed_at.desc(), Activity.position.desc())
        .limit(1)
    )
    return activity_info(activity) if activity else None


def snapshot(db: Database, gathering_id: int) -> Snapshot:
    """One consistent read of the gathering; the projector's only heavy query."""
    with db.read() as session:
        gathering = session.get(Gathering, gathering_id)
        if gathering is None:
            raise NotFound("gathering_unknown")
        activity = _showing_activity(session, gathering_id)
        groups = session.execute(
            select(Group.id, Group.label, Group.joined_at)
            .where(Group.gathering_id == gathering_id)
            .order_by(Group.label)
        ).all()
        letters = neutral_letters(
            [group_id for group_id, _, _ in groups], gathering.projector_token
        )
        per_group, per_theme, latest = {}, {}, []
        # An ambition round's initiatives stay off the screen until the round is revealed.
        if activity is not None and (activity.revealed or not activity.is_ambition):
            per_group, per_theme, latest = _visible_entries(session, gathering_id, activity.id)
        return Snapshot(
            activity=activity,
            groups=tuple(
                GroupCount(
                    label, joined_at is not None, per_group.get(group_id, 0), letters[group_id]
                )
                for group_id, label, joined_at in groups
            ),
            themes=_theme_counts(per_theme),
            latest=tuple(
                LatestEntry(label, text, framework.theme_name(theme), letters[group_id])
                for label, text, theme, group_id in latest
            ),
            neutral_labels=gathering.neutral_labels,
        )


def _visible_entries(session, gathering_id: int, activity_id: int):
    """Counts per group and per theme, and the latest entries, leaving hidden ones out."""
    visible = (
        Entry.gathering_id == gathering_id,
        Entry.activity_id == activity_id,
        Entry.hidden.is_(False),
    )
    per_group = dict(
        session.execute(
            select(Entry.group_id, func.count()).where(*visible).group_by(Entry.group_id)
        ).all()
    )
    per_theme = dict(
        session.execute(
            select(Entry.theme_key, func.count()).where(*visible).group_by(Entry.theme_key)
        ).all()
    )
    latest = session.execute(
        select(Group.label, Entry.text, Entry.theme_key, Entry.group_id)
        .join(Group, Group.id == Entry.group_id)
        .where(*visible)
        .order_by(Entry.created_at.desc(), Entry.id.desc())
        .limit(LATEST_ENTRIES)
    ).all()
    return per_group, per_theme, latest


def _theme_counts(per_theme: dict[str | None, int]) -> tuple[ThemeCount, ...]:
    """Every theme of the framework (zero too), then the entries without one, if any."""
    rows = [ThemeCount(theme.name, per_theme.get(theme.key, 0)) for theme in framework.themes()]
    if per_theme.get(None):
        rows.append(ThemeCount(None, per_theme[None]))
    return tuple(rows)
