from .licences import (
    CANCELLABLE_STATES,
    Licence,
    LicenceEvent,
    LicenceKind,
    LicenceState,
)
from .withdrawals import (
    Cancellation,
    CancellationState,
    Referral,
    ReferralState,
    Revocation,
    RevocationState,
    WithdrawalEvent,
    WithdrawalPolicy,
)

__all__ = [
    "CANCELLABLE_STATES",
    "Cancellation",
    "CancellationState",
    "Licence",
    "LicenceEvent",
    "LicenceKind",
    "LicenceState",
    "Referral",
    "ReferralState",
    "Revocation",
    "RevocationState",
    "WithdrawalEvent",
    "WithdrawalPolicy",
]
