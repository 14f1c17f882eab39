"""Who may see and do what: the signed-in Actor, the role checks every core service starts with,
and what a reader may see within one cohort (their own organisation in full, other organisations
only as aggregates over at least MIN_ORGANISATIONS of them)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from core.errors import NotAllowed, NotFound
from core.models import Cohort

MIN_ORGANISATIONS = 5


@dataclass(frozen=True)
class Actor:
    """Someone signed in, as core sees them: passed to every function that checks permissions."""

    user_id: int
    username: str
    name: str
    role: str
    organisation_id: int | None = None
    must_change_password: bool = False
    network_id: int | None = None  # None: an administrator, who works in every network

    @property
    def can_facilitate(self) -> bool:
        return self.role in ("admin", "facilitator")


def require_admin(actor: Actor | None) -> Actor:
    if actor is None or actor.role != "admin":
        raise NotAllowed("admin_only")
    return actor


def require_facilitator(actor: Actor | None, network_id: int | None = None) -> Actor:
    """A facilitator or administrator; with `network_id`, one who works in that network."""
    if actor is None or not actor.can_facilitate:
        raise NotAllowed("facilitator_only")
    if network_id is not None and actor.network_id is not None and actor.network_id != network_id:
        raise NotAllowed("other_network")
    return actor


def may_read_organisation(actor: Actor | None, organisation_id: int) -> int | None:
    """Check that `actor` may read one organisation's own results (entries, ambitions): its
    coordinator, or a facilitator or administrator. Returns the network the reading must stay
    within (a facilitator's), or None for no such limit."""
    if actor is None:
        raise NotAllowed("own_organisation_only")
    if actor.can_facilitate:
        return actor.network_id
    if actor.role == "coordinator" and actor.organisation_id == organisation_id:
        return None
    raise NotAllowed("own_organisation_only")


def require_results_reader(actor: Actor | None) -> Actor:
    """A facilitator or administrator, or a coordinator with an organisation."""
    if actor is None:
        raise NotAllowed("facilitator_only")
    if not actor.can_facilitate and not (
        actor.role == "coordinator" and actor.organisation_id is not None
    ):
        raise NotAllowed("own_organisation_only")
    return actor


@dataclass(frozen=True)
class Access:
    """What the reader may see within one cohort."""

    cohort: Cohort
    own_organisation_id: int | None  # a coordinator's organisation; None for facilitators
    sees_everything: bool

    def may_see_entries_of(self, organisation_id: int) -> bool:
        return self.sees_everything or organisation_id == self.own_organisation_id

    def organisation_filter(self, requested: int | None) -> int | None:
        """The organisation whose rows a read of single entries or answers may return: the
        requested one (None: all) for a facilitator, always their own for a coordinator."""
        return requested if self.sees_everything else self.own_organisation_id


def cohort_access(
    session: Session, actor: Actor | None, cohort_id: int, organisation_id: int | None = None
) -> Access:
    """Check that `actor` may read `cohort_id` (and, for a coordinator, that a chosen
    organisation is their own)."""
    require_results_reader(actor)
    cohort = session.get(Cohort, cohort_id)
    if cohort is None:
        raise NotFound("cohort_unknown")
    if actor.network_id is not None and actor.network_id != cohort.network_id:
        raise NotAllowed("other_network")
    if actor.can_facilitate:
        return Access(cohort, None, True)
    if organisation_id is not None and organisation_id != actor.organisation_id:
        raise NotAllowed("own_organisation_only")
    return Access(cohort, actor.organisation_id, False)


def everything(reader: Access) -> Access:
    """The same cohort, read in full: for aggregates, which decide what to show themselves."""
    return Access(reader.cohort, None, True)


def withheld(reader: Access, other_organisations: int) -> bool:
    """Whether an aggregate over `other_organisations` (besides the reader's own) is kept from
    the reader: a coordinator sees one only when it covers at least MIN_ORGANISATIONS of them;
    facilitators see every entry anyway."""
    return not reader.sees_everything and other_organisations < MIN_ORGANISATIONS
