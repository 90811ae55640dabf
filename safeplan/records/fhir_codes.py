"""Code systems and identifiers of Safeplan's FHIR R4 export (records.fhir_export / fhir_import).

LOINC codes are used where LOINC has a code for the instrument or its total score; everything else uses
Safeplan's own URN code systems, which a receiving system can map. Sources: LOINC 44249-1 (PHQ-9 quick
depression assessment panel), 44261-6 (PHQ-9 total score), 69737-5 (GAD-7 panel), 70274-6 (GAD-7 total
score), 93374-7 (suicide risk level, as agreed in issue 8).
"""

from __future__ import annotations

import uuid

LOINC = "http://loinc.org"
BCP47 = "urn:ietf:bcp:47"
FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
CONSENT_CATEGORY_LOINC = "59284-0"  # LOINC: Consent Document
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"

ORGANISATION_SYSTEM = "urn:safeplan:organisation"
PLAN_SECTION_SYSTEM = "urn:safeplan:safety-plan-section"
RISK_LEVEL_SYSTEM = "urn:safeplan:risk-level"
ROI_SCOPE_SYSTEM = "urn:safeplan:release-of-information-scope"
CARING_SYSTEM = "urn:safeplan:communication"

EXT_TIME_ZONE = "urn:safeplan:fhir:time-zone"
EXT_PRONOUNS = "urn:safeplan:fhir:pronouns"
EXT_PLAN_ENTRY = "urn:safeplan:fhir:safety-plan-entry"
EXT_PLAN_VERSION = "urn:safeplan:fhir:safety-plan-version"
EXT_NOTES = "urn:safeplan:fhir:notes"
EXT_VARIANT = "urn:safeplan:fhir:instrument-variant"
EXT_FOLLOWS = "urn:safeplan:fhir:follows-up"  # a BSSA → the fullUrl of the ASQ response it follows
BSSA_DISPOSITION_SYSTEM = "urn:safeplan:bssa-disposition"
PROCEDURE_SYSTEM = (
    "urn:safeplan:procedure"  # lethal-means-counselling (CALM, clinical-rules.md §7.1)
)
MEANS_CHECK_SYSTEM = "urn:safeplan:means-storage-check"  # pending, confirmed, partly, not_done, ...
EXT_LIVES_NEARBY = "urn:safeplan:fhir:lives-nearby"
EXT_CAN_ATTEND = "urn:safeplan:fhir:can-attend-in-person"

_NAMESPACE = uuid.UUID("6c1b3a52-8f0e-4c53-9d43-2f6f3f7c9b10")


def record_number_system(organisation_slug: str) -> str:
    return f"urn:safeplan:organisation:{organisation_slug}:record-number"


def full_url(*parts: object) -> str:
    """A stable ``urn:uuid:`` for one resource of one export (the same record gives the same ids)."""
    return "urn:uuid:" + str(uuid.uuid5(_NAMESPACE, "|".join(str(p) for p in parts)))


# Instrument → (panel LOINC code, panel display, total-score LOINC code, total display)
INSTRUMENT_CODES: dict[str, tuple[str, str, str, str]] = {
    "phq9": ("44249-1", "PHQ-9 quick depression assessment panel", "44261-6", "PHQ-9 total score"),
    "gad7": (
        "69737-5",
        "Generalized anxiety disorder 7 item (GAD-7)",
        "70274-6",
        "GAD-7 total score",
    ),
}
INSTRUMENT_TITLES = {
    "phq9": "Patient Health Questionnaire (PHQ-9)",
    "gad7": "Generalized Anxiety Disorder (GAD-7)",
    "asq": "Ask Suicide-Screening Questions (ASQ)",
    "cssrs_screener": "C-SSRS screener (item numbers only; wording loaded by the clinic)",
    "safet": "SAFE-T formulation",
    "bssa": "ASQ Brief Suicide Safety Assessment (BSSA), NIMH",
    "phqa": "PHQ-9 modified for Adolescents (PHQ-A)",
}
RISK_LEVEL_LOINC = "93374-7"
RISK_LEVELS = ("none", "low", "moderate", "high")

PLAN_SECTION_TITLES = {
    "warning_signs": "Warning signs",
    "coping": "Things I can do on my own",
    "distractions": "People and places that take my mind off things",
    "help_people": "People I can ask for help",
    "professionals": "Professionals and crisis lines",
    "environment": "Making my surroundings safer",
    "reasons": "Reasons for living",
}
