"""Telehealth models: the emergency profile, the agreements, sessions and their time-out answers.

Contract models other apps use: ``TelehealthSession``, ``TechnologyBackupPlan``, ``BoundariesAgreement``,
``SupportPerson`` (+ ``ReleaseOfInformation``), ``Guardian`` (legal guardian and/or safe adult),
``ExcludedPerson``, ``OtherProvider``, ``UsualLocation``, ``LocationResource``.
"""

from safeplan.telehealth.models.agreements import (
    BoundariesAgreement,
    Channel,
    TechnologyBackupPlan,
    WhoCalls,
)
from safeplan.telehealth.models.profile import (
    KIND_ORDER,
    RESOURCE_ORDER,
    ConfirmationMethod,
    ConsentScope,
    EmergencyProfile,
    ExcludedPerson,
    Guardian,
    LocationKind,
    LocationResource,
    OtherProvider,
    ReleaseOfInformation,
    ResourceFit,
    ResourceKind,
    ResourceStatus,
    SourceStatus,
    SupportPerson,
    UsualLocation,
)
from safeplan.telehealth.models.sessions import (
    CheckItem,
    SessionCheck,
    SessionStatus,
    TelehealthSession,
)

__all__ = [
    "KIND_ORDER",
    "RESOURCE_ORDER",
    "BoundariesAgreement",
    "Channel",
    "CheckItem",
    "ConfirmationMethod",
    "ConsentScope",
    "EmergencyProfile",
    "ExcludedPerson",
    "Guardian",
    "LocationKind",
    "LocationResource",
    "OtherProvider",
    "ReleaseOfInformation",
    "ResourceFit",
    "ResourceKind",
    "ResourceStatus",
    "SessionCheck",
    "SessionStatus",
    "SourceStatus",
    "SupportPerson",
    "TechnologyBackupPlan",
    "TelehealthSession",
    "UsualLocation",
    "WhoCalls",
]
