"""What each gesture means: one pure function per gesture, reading the repository and returning
the Action to apply (or None when the gesture would change nothing).

The window, the command line, a review mode and the tests all call these; none of them decides
a rule of annotation itself. The rules, in one place:

- touching a document that is still ``new`` puts it ``in_progress``, in the same step;
- editing a proposal accepts it: relabelling, resizing, using it as a trigger or an argument;
- accepting a trigger accepts the proposed events it triggers (and their proposed arguments);
  rejecting it rejects them;
- rejecting your own span deletes it (with its events' arguments, its relations and its place
  in equivalence sets, as one step); rejecting your own relation deletes it;
- relating spans, or accepting or retyping a relation, accepts its proposed ends;
- marking a document done with unreviewed proposals needs a decision (accept them all, reject
  them all): :class:`UnreviewedProposals` says how many, and where the first one is;
- a gesture that would change nothing returns None and is not logged.
"""

from annotate.operations.documents import UnreviewedProposals, mark_all, mark_done, set_status, skip, unreviewed
from annotate.operations.events import change_type, clear_role, create_event, fill_role, set_attribute
from annotate.operations.norms import clear_norm, set_norm
from annotate.operations.relations import (
    TypeChoice,
    accept_relation,
    change_relation_type,
    delete_relation,
    reject_relation,
    relate,
    type_choice,
)
from annotate.operations.spans import (
    accept,
    accept_all,
    delete,
    label_selection,
    reject,
    relabel,
    resize,
    resize_by_token,
    selection_range,
)

__all__ = [
    "TypeChoice",
    "UnreviewedProposals",
    "accept",
    "accept_all",
    "accept_relation",
    "change_relation_type",
    "change_type",
    "clear_norm",
    "clear_role",
    "create_event",
    "delete",
    "delete_relation",
    "fill_role",
    "label_selection",
    "mark_all",
    "mark_done",
    "reject",
    "reject_relation",
    "relate",
    "relabel",
    "resize",
    "resize_by_token",
    "selection_range",
    "set_attribute",
    "set_norm",
    "set_status",
    "skip",
    "type_choice",
    "unreviewed",
]
