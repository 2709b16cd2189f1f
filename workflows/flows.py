"""Every flow of the bureau, imported here so that viewflow's autodiscovery (and the
paper steps they register) sees them whenever `manage.py workflow_timers` runs."""

from .licence_withdrawal.flows import (  # noqa: F401
    LicenceCancellationFlow,
    LicenceRevocationFlow,
    ProvinceReferralFlow,
)
from .online_cleanup.flows import ListingCleanupFlow  # noqa: F401
from .penalty_case.flows import PenaltyCaseFlow, SummaryPenaltyFlow  # noqa: F401
