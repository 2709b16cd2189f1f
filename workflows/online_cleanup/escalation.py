"""Escalation of a lead to a penalty case, pre-filled with the lead and its evidence."""

from online_cleanup.models import ListingLead


def penalty_case_open_for_lead(*, lead: ListingLead):
    """Wired to the penalty case flow once it lands (issue 6)."""
    raise NotImplementedError("penalty cases are not available yet")
