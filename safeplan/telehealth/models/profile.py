"""The client's emergency profile, collected before the first session (clinical-rules.md §1.1, §8, §12).

Usual locations and their confirmed local resources, support persons and other providers with their
release-of-information authorisations, guardians / safe adults and excluded persons for minors. Names,
phones, addresses and notes are encrypted at rest; rows are archived, never deleted, so a session keeps
pointing at what was confirmed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from safeplan.lib.fields import EncryptedTextField


def address_lines(address: dict[str, str]) -> list[str]:
    """An address as the lines a responder reads: street and unit, town/state/postcode, country."""
    first = address.get("street", "") + (f", {address['unit']}" if address.get("unit") else "")
    second = " ".join(
        p for p in (address.get("city"), address.get("region"), address.get("postcode")) if p
    )
    return [line for line in (first, second, address.get("country", "")) if line]


class LocationKind(models.TextChoices):
    HOME = "home", "Home"
    WORK = "work", "Work"
    SCHOOL = "school", "School"
    OTHER = "other", "Other usual place"
    SESSION = "session", "Given at a session"


# primary_location(): home first (§1.1 item 1), then work, school, other; session-only places never.
KIND_ORDER: dict[str, int] = {
    LocationKind.HOME: 0,
    LocationKind.WORK: 1,
    LocationKind.SCHOOL: 2,
    LocationKind.OTHER: 3,
    LocationKind.SESSION: 4,
}


class UsualLocation(models.Model):
    """A place the client is during sessions, with the full address emergency services need (§1.1 item 1)."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="usual_locations"
    )
    kind = models.CharField(max_length=10, choices=LocationKind.choices)
    label = EncryptedTextField(blank=True, default="")
    street = EncryptedTextField()
    unit = EncryptedTextField(blank=True, default="")
    city = EncryptedTextField()
    # State/province and country stay readable: they choose the directory and the licensure check.
    region = models.CharField(max_length=10, blank=True)
    postcode = EncryptedTextField(blank=True, default="")
    country = models.CharField(max_length=2)
    landmarks = EncryptedTextField(blank=True, default="", help_text="Access notes for responders")
    phone = EncryptedTextField(blank=True, default="", help_text="A landline at this place")
    county = EncryptedTextField(blank=True, default="")
    # Blind index of the directory inputs (country, region, postcode): a change re-resolves resources.
    resolution_key = models.CharField(max_length=40, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["client", "archived_at"], name="th_location_client")]

    def __str__(self) -> str:
        return f"location {self.pk} ({self.kind})"

    @property
    def jurisdiction(self) -> str:
        from safeplan.telehealth.rules import jurisdiction_code

        return jurisdiction_code(self.country, self.region)

    def address_lines(self) -> list[str]:
        return address_lines(self.as_address())

    def as_address(self) -> dict[str, str]:
        return {
            "street": self.street,
            "unit": self.unit,
            "city": self.city,
            "region": self.region,
            "postcode": self.postcode,
            "country": self.country,
            "landmarks": self.landmarks,
        }


class ResourceKind(models.TextChoices):
    PSAP = "psap", "911 centre (PSAP) 10-digit line"
    POLICE = "police", "Police (non-emergency line)"
    MOBILE_CRISIS = "mobile_crisis", "Mobile crisis team"
    EMERGENCY_DEPARTMENT = "emergency_department", "Emergency department"
    URGENT_CARE = "urgent_care", "Urgent care"
    FIRE = "fire", "Fire department"
    LOCAL_CRISIS_LINE = "local_crisis_line", "Local crisis line"
    EMERGENCY_SERVICES = "emergency_services", "Local emergency services (direct line)"
    OTHER = "other", "Other local resource"


# The order of the card's "call for help there" list (§1.1 item 2, §9 step 5: PSAP/police first).
RESOURCE_ORDER = [
    ResourceKind.PSAP,
    ResourceKind.EMERGENCY_SERVICES,
    ResourceKind.POLICE,
    ResourceKind.MOBILE_CRISIS,
    ResourceKind.LOCAL_CRISIS_LINE,
    ResourceKind.FIRE,
    ResourceKind.EMERGENCY_DEPARTMENT,
    ResourceKind.URGENT_CARE,
    ResourceKind.OTHER,
]


class ResourceStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested, not confirmed"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Found wrong"
    SUPERSEDED = "superseded", "Replaced (the address changed)"


class SourceStatus(models.TextChoices):
    VERIFIED = "verified", "Verified source"
    UNVERIFIED = "unverified", "Unverified"
    HISTORICAL = "historical", "Historical"
    CLINICIAN = "clinician", "Entered by a clinician"


class ConfirmationMethod(models.TextChoices):
    CALLED = "called", "Called the number; it reaches that service"
    OFFICIAL_SOURCE = "official_source", "Checked the agency's official website or listing"
    ORGANISATION_LIST = "organisation_list", "The clinic's own verified list"
    OTHER = "other", "Other (see note)"


class ResourceFit(models.TextChoices):
    """Whether a suggested number answers for the place (directory.ranking); set when suggested."""

    IN_AREA = "", "Answers for this place"
    OTHER_AREA = "other_area", "Outside the client's area"
    CHILDRENS = "childrens", "Children's hospital (offered for a minor)"


class LocationResource(models.Model):
    """A number that reaches help where the client is: suggested from the directory, then confirmed by a
    clinician (who, when, how) before it is relied on (§1.1 item 2; PRODUCT.md "Reference numbers")."""

    location = models.ForeignKey(UsualLocation, on_delete=models.CASCADE, related_name="resources")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=ResourceKind.choices)
    name = EncryptedTextField()
    phone = EncryptedTextField(blank=True, default="")
    address = EncryptedTextField(blank=True, default="")
    distance_km = models.FloatField(null=True, blank=True)
    rank = models.PositiveSmallIntegerField(default=0)
    source_label = models.CharField(max_length=240, blank=True)
    source_status = models.CharField(max_length=12, choices=SourceStatus.choices)
    source_ref = models.CharField(max_length=64, blank=True)
    # Reference-data facts only (the agency's own city, the hospital's type), never the client's address.
    fit = models.CharField(max_length=12, choices=ResourceFit.choices, blank=True, default="")
    fit_note = models.CharField(max_length=160, blank=True, default="")
    status = models.CharField(
        max_length=12, choices=ResourceStatus.choices, default=ResourceStatus.SUGGESTED
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_method = models.CharField(
        max_length=20, choices=ConfirmationMethod.choices, blank=True
    )
    confirmation_note = EncryptedTextField(blank=True, default="")
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["location", "status"], name="th_resource_location")]

    def __str__(self) -> str:
        return f"resource {self.pk} ({self.kind})"

    @property
    def is_confirmed(self) -> bool:
        return self.status == ResourceStatus.CONFIRMED


class ConsentScope(models.TextChoices):
    EMERGENCY = "emergency", "May be contacted and told what is needed in an emergency"
    SAFETY_PLAN = "safety_plan", "Emergency contact, and may see the safety plan"
    CARE_COORDINATION = "care_coordination", "Coordination of care"


class ReleaseOfInformation(models.Model):
    """A release-of-information authorisation (§1.1 items 3-4, §10.3). Rows are never edited except to
    record a revocation; a new signature is a new row."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    support_person = models.ForeignKey(
        "telehealth.SupportPerson",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consents",
    )
    provider = models.ForeignKey(
        "telehealth.OtherProvider",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consents",
    )
    scope = models.CharField(max_length=20, choices=ConsentScope.choices)
    scope_detail = EncryptedTextField(blank=True, default="")
    signed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"consent {self.pk}"


class SupportPerson(models.Model):
    """A nearby person who can help in a crisis (§1.1 item 3)."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="support_persons"
    )
    name = EncryptedTextField()
    relationship = EncryptedTextField()
    phone = EncryptedTextField()
    alt_phone = EncryptedTextField(blank=True, default="")
    lives_nearby = models.BooleanField(default=False)
    can_attend_in_person = models.BooleanField(default=False)
    notes = EncryptedTextField(blank=True, default="")
    consent = models.ForeignKey(
        ReleaseOfInformation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The newest authorisation",
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["client", "archived_at"], name="th_support_client")]

    def __str__(self) -> str:
        return f"support person {self.pk}"


class OtherProvider(models.Model):
    """Another professional caring for the client; contacted only with permission or in an emergency
    (§1.1 item 4)."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="other_providers"
    )
    name = EncryptedTextField()
    role = EncryptedTextField()
    organisation_name = EncryptedTextField(blank=True, default="")
    phone = EncryptedTextField(blank=True, default="")
    consent = models.ForeignKey(
        ReleaseOfInformation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["client", "archived_at"], name="th_provider_client")]

    def __str__(self) -> str:
        return f"provider {self.pk}"


class Guardian(models.Model):
    """An adult responsible for a minor client: a legal guardian, the safe (non-offending) adult who must be
    present or reachable in the home at each session, or both (§8)."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="guardians")
    name = EncryptedTextField()
    relationship = EncryptedTextField()
    phone = EncryptedTextField()
    alt_phone = EncryptedTextField(blank=True, default="")
    is_legal_guardian = models.BooleanField(default=False)
    is_safe_adult = models.BooleanField(default=False)
    lives_with_client = models.BooleanField(default=False)
    authority_note = EncryptedTextField(
        blank=True, default="", help_text="Legal authority and documents seen (custody order…)"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["client", "archived_at"], name="th_guardian_client")]

    def __str__(self) -> str:
        return f"guardian {self.pk}"


class ExcludedPerson(models.Model):
    """Someone who must not be present at or take part in a minor's sessions (§8, alleged offenders)."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="excluded_persons"
    )
    name = EncryptedTextField()
    relationship = EncryptedTextField(blank=True, default="")
    reason = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["client", "archived_at"], name="th_excluded_client")]

    def __str__(self) -> str:
        return f"excluded person {self.pk}"


class EmergencyProfile(models.Model):
    """Profile-level facts: why there is no consented support person, when it was last reviewed (§1.1)."""

    client = models.OneToOneField(
        "clients.Client", on_delete=models.CASCADE, related_name="emergency_profile"
    )
    no_support_person_reason = EncryptedTextField(blank=True, default="")
    reason_recorded_at = models.DateTimeField(null=True, blank=True)
    reason_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    def __str__(self) -> str:
        return f"emergency profile {self.pk}"
