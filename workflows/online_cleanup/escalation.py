"""Escalation of a lead to a penalty case, pre-filled with the lead and its evidence."""

from online_cleanup.models import ListingLead


def penalty_case_open_for_lead(*, lead: ListingLead):
    """Open the penalty case (issue 6) for the escalated lead and note its reference
    on the lead."""
    from online_cleanup.services import listing_lead_record_case
    from workflows.penalty_case.starting import case_open_from_listing_lead

    case = case_open_from_listing_lead(lead=lead)
    listing_lead_record_case(lead=lead, reference=case.reference)
    return case
