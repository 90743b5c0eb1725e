"""Which role each syntactic slot fills, per event type (ACE 2005 role conventions).

A frame names the role of the active subject, the object (and passive subject), the subject of
an intransitive use ("12 civilians died" → Victim, "troops withdrew" → Artifact), a possessor
("his arrest" → Person, "Russia's invasion" → Attacker), and what prepositions bring. Types not
listed (e.g. ACLED's) get a frame guessed from their role names. A lexicon entry may override
a slot with its ``roles`` field.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from annotate.schema import EventType

Entity = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class Frame:
    """Role names per slot; None: the slot fills no role."""

    subj: str | None = None
    obj: str | None = None
    intrans: str | None = None
    poss: str | None = None
    time: str | None = None
    place: str | None = None
    origin: str | None = None
    destination: str | None = None
    position: str | None = None
    crime: str | None = None
    money: str | None = None

    def place_for(self, prep: str) -> str | None:
        """The role of a place after ``prep``: Destination after to/into, Origin after from."""
        if prep in ("to", "into", "towards", "toward"):
            return self.destination
        if prep == "from":
            return self.origin
        return self.place


# (subject, object, intransitive subject, possessor) in ACE 2005 terms.
FRAMES: dict[str, tuple[str | None, str | None, str | None, str | None]] = {
    "Life.Be-Born": ("Person", "Person", "Person", "Person"),
    "Life.Marry": ("Person", "Person", "Person", "Person"),
    "Life.Divorce": ("Person", "Person", "Person", "Person"),
    "Life.Injure": ("Agent", "Victim", "Victim", "Victim"),
    "Life.Die": ("Agent", "Victim", "Victim", "Victim"),
    "Movement.Transport": ("Agent", "Artifact", "Artifact", "Artifact"),
    "Transaction.Transfer-Ownership": ("Buyer", "Artifact", None, "Buyer"),
    "Transaction.Transfer-Money": ("Giver", "Money", None, "Giver"),
    "Business.Start-Org": ("Agent", "Org", "Org", "Agent"),
    "Business.Merge-Org": ("Org", "Org", "Org", "Org"),
    "Business.Declare-Bankruptcy": ("Org", "Org", "Org", "Org"),
    "Business.End-Org": (None, "Org", "Org", "Org"),
    "Conflict.Attack": ("Attacker", "Target", "Attacker", "Attacker"),
    "Conflict.Demonstrate": ("Entity", None, "Entity", "Entity"),
    "Contact.Meet": ("Entity", "Entity", "Entity", "Entity"),
    "Contact.Phone-Write": ("Entity", "Entity", "Entity", "Entity"),
    "Personnel.Start-Position": ("Entity", "Person", "Person", "Person"),
    "Personnel.End-Position": ("Entity", "Person", "Person", "Person"),
    "Personnel.Nominate": ("Agent", "Person", "Person", "Person"),
    "Personnel.Elect": ("Entity", "Person", "Person", "Person"),
    "Justice.Arrest-Jail": ("Agent", "Person", "Person", "Person"),
    "Justice.Release-Parole": ("Entity", "Person", "Person", "Person"),
    "Justice.Trial-Hearing": ("Adjudicator", "Defendant", "Defendant", "Defendant"),
    "Justice.Charge-Indict": ("Prosecutor", "Defendant", "Defendant", "Defendant"),
    "Justice.Sue": ("Plaintiff", "Defendant", "Plaintiff", "Plaintiff"),
    "Justice.Convict": ("Adjudicator", "Defendant", "Defendant", "Defendant"),
    "Justice.Sentence": ("Adjudicator", "Defendant", "Defendant", "Defendant"),
    "Justice.Fine": ("Adjudicator", "Entity", "Entity", "Entity"),
    "Justice.Execute": ("Agent", "Person", "Person", "Person"),
    "Justice.Extradite": ("Agent", "Person", "Person", "Person"),
    "Justice.Acquit": ("Adjudicator", "Defendant", "Defendant", "Defendant"),
    "Justice.Pardon": ("Adjudicator", "Defendant", "Defendant", "Defendant"),
    "Justice.Appeal": ("Defendant", None, "Defendant", "Defendant"),
}
AGENT_ROLES = ("Attacker", "Agent", "Entity", "Giver", "Buyer", "Plaintiff", "Prosecutor", "Adjudicator",
               "Actor1", "Person", "Org")
PATIENT_ROLES = ("Target", "Victim", "Person", "Defendant", "Artifact", "Recipient", "Org", "Entity", "Actor2")
# Prepositions that bring a role, by type family: (preposition, role) in order of preference.
PARTICIPANT_WITH = {"Contact.Meet", "Contact.Phone-Write", "Life.Marry", "Life.Divorce", "Business.Merge-Org"}
JUSTICE_CRIME_PREPS = {"for", "with", "of", "over"}


def frame_for(etype: EventType, overrides: dict[str, str]) -> Frame:
    """The frame of ``etype`` (by name, or guessed from its roles), with an entry's overrides."""
    names = {r.name for r in etype.roles}

    def have(name: str | None) -> str | None:
        return name if name in names else None

    if etype.name in FRAMES:
        subj, obj, intrans, poss = (have(n) for n in FRAMES[etype.name])
    else:
        subj = next((n for n in AGENT_ROLES if n in names), None)
        obj = next((n for n in PATIENT_ROLES if n in names and n != subj), None)
        intrans, poss = subj, subj
    frame = Frame(
        subj=subj, obj=obj, intrans=intrans, poss=poss,
        time=have("Time") or have("Date"),
        place=have("Place") or have("Location"),
        origin=have("Origin"),
        destination=have("Destination"),
        position=have("Position"),
        crime=have("Crime"),
        money=have("Money") or have("Price"),
    )
    slots = {"subj": "subj", "obj": "obj", "pass": "obj", "of": "obj", "by": "subj", "poss": "poss"}
    changes = {slots[k]: have(v) for k, v in overrides.items() if k in slots}
    if "subj" in overrides:  # an intransitive use keeps the entry's subject role ("a bomb exploded")
        changes["intrans"] = have(overrides["subj"])
    return replace(frame, **changes) if changes else frame


def prep_role(etype: EventType, frame: Frame, prep: str, ent: Entity | None) -> str | None:
    """The role a phrase after ``prep`` fills for a trigger of ``etype``, if any. Places and
    times are found separately (they must attach to the trigger's clause)."""
    name = etype.name
    label = ent[2] if ent else None
    if name == "Justice.Sentence" and prep == "to":  # "sentenced to 10 years"
        return _role(etype, "Sentence")
    if label in ("GPE", "LOC", "FAC", "DATE", "TIME"):
        return None
    if name == "Conflict.Attack" or etype.role("Target") is not None:
        if prep in ("on", "against", "upon", "at"):
            return _role(etype, "Target")
        if prep == "with" and etype.role("Instrument") is not None and label in (None, "PRODUCT"):
            return "Instrument"
    if name in PARTICIPANT_WITH and prep in ("with", "between", "among"):
        return frame.obj
    if name in ("Life.Die", "Life.Injure") and prep == "with" and label in (None, "PRODUCT"):
        return _role(etype, "Instrument")
    if name.startswith("Justice.") and frame.crime and prep in JUSTICE_CRIME_PREPS:
        return frame.crime
    if name == "Justice.Sentence" and prep == "to":
        return _role(etype, "Sentence")
    if name == "Justice.Sue" and prep == "against":
        return "Defendant"
    if frame.position and prep in ("as", "for") and label not in ("PERSON",):
        return frame.position
    if name == "Personnel.End-Position" and prep == "from" and label == "ORG":
        return "Entity"
    if name == "Transaction.Transfer-Money" and prep == "to":
        return _role(etype, "Recipient")
    if name == "Transaction.Transfer-Money" and prep == "from":
        return _role(etype, "Giver")
    if name == "Transaction.Transfer-Ownership" and prep == "from":
        return _role(etype, "Seller")
    if name == "Transaction.Transfer-Ownership" and prep == "to":
        return _role(etype, "Buyer")
    if name == "Contact.Phone-Write" and prep == "to":
        return frame.obj
    return None


def _role(etype: EventType, name: str) -> str | None:
    return name if etype.role(name) is not None else None
