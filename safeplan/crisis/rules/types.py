"""The vocabulary of a crisis record: crisis types, timeline entry kinds, call targets and outcomes.

Codes are stored; labels are what the clinician reads. Every list here is closed: the services refuse a code
that is not in it, so the timeline and the drafted note always have a label for what happened.
Sources: clinical-rules.md §1.3 (crisis during a session), §9 (disconnection), §10.3 (disclosures), §10.5
(client-local numbers, never the clinician's 911).
"""

from __future__ import annotations

# Issue 6 "Crisis mode": the crisis types, in the order the clinician sees them.
CRISIS_TYPES: dict[str, str] = {
    "suicidal_ideation": "Suicidal ideation with intent or plan",
    "self_harm": "Self-harm in progress or just happened",
    "harm_to_others": "Risk of harm to others",
    "medical_emergency": "Medical emergency",
    "abuse_disclosure": "Disclosure of abuse or neglect",
    "intoxication_overdose": "Intoxication or overdose",
    "lost_connection": "Client unreachable / connection lost while at risk",
    "other": "Other crisis",
}
LOST_CONNECTION = "lost_connection"

# Who a call went to. The client-local emergency numbers come from the session's emergency card (§1.1
# item 2); "psap" is the 10-digit line of the 911 centre for the client's confirmed location (§10.5).
CALL_TARGETS: dict[str, str] = {
    "client": "Client",
    "client_backup": "Client's backup phone",
    "support_person": "Support person",
    "guardian": "Guardian / safe adult",
    "psap": "Emergency call centre (911 centre, PSAP) for the client's location",
    "police": "Police for the client's location",
    "mobile_crisis": "Mobile crisis team",
    "emergency_department": "Emergency department",
    "crisis_line": "Crisis line for the client's country",
    "other_provider": "Another of the client's providers",
    "protective_services": "Child or adult protective services",
    "supervisor": "Supervisor",
    "other": "Someone else",
}
# Calls that reach emergency services or responders: when answered, information about the client was shared
# with someone who holds no release from the client (§10.3), so a disclosure record is due.
EMERGENCY_TARGETS = frozenset(
    {"psap", "police", "mobile_crisis", "emergency_department", "protective_services"}
)
CLIENT_TARGETS = frozenset({"client", "client_backup"})
PERSON_TARGETS = frozenset({"support_person", "guardian"})

CALL_OUTCOMES: dict[str, str] = {
    "answered": "Answered",
    "no_answer": "No answer",
    "voicemail": "Left a voicemail",
    "busy": "Busy",
    "wrong_number": "Wrong number",
    "declined": "Declined to help",
}
REACHED = frozenset({"answered"})

MESSAGE_CHANNELS: dict[str, str] = {
    "sms": "Text message",
    "secure_message": "Secure message in Safeplan",
    "email": "Email",
    "voicemail": "Voicemail",
}

# What a reached support person agreed to do (§1.3 "people in the client's environment who can monitor").
SUPPORT_ACTIONS: dict[str, str] = {
    "check_on_client": "Will go and check on the client",
    "stay_with_client": "Is with the client and will stay",
    "take_to_care": "Will take the client to care",
    "cannot_help": "Cannot help now",
}

# The client's state as observed or reported (Zur: silence is a possible medical emergency, §1.3).
CLIENT_STATES: dict[str, str] = {
    "calm": "Calm, engaged",
    "distressed": "Distressed but engaged",
    "agitated": "Agitated",
    "intoxicated": "Intoxicated",
    "injured": "Injured",
    "unresponsive": "Unresponsive",
    "safe": "Confirmed safe",
    "safe_with_support": "Safe, with a support person",
    "with_responders": "With emergency responders",
    "not_found": "Not found at the location",
}
SAFE_STATES = frozenset({"safe", "safe_with_support", "with_responders"})

HANDOVER_TO: dict[str, str] = {
    "emergency_department": "Emergency department",
    "mobile_crisis": "Mobile crisis team",
    "crisis_line": "Crisis line for the client's country",
    "ems": "Emergency medical services",
    "police": "Police",
    "support_person": "Support person",
    "other": "Other service",
}

RECONNECT_CHANNELS: dict[str, str] = {
    "video": "Video",
    "phone": "Phone",
    "client_called": "The client called back",
}

RISK_LEVELS = ("none", "low", "moderate", "high")
AT_RISK_LEVELS = frozenset({"moderate", "high"})

# How a crisis ended (required at close) and where care goes next (disposition, SAFE-T step 4 interventions).
OUTCOMES: dict[str, str] = {
    "resolved_remotely": "De-escalated remotely; client safe",
    "safe_with_support": "Client safe with a support person",
    "emergency_department": "Client went or was taken to an emergency department",
    "mobile_crisis": "Handed over to the mobile crisis team",
    "crisis_line": "Connected to the crisis line",
    "emergency_services": "Emergency services responded",
    "reconnected": "Connection restored",
    "welfare_check": "Welfare check done at the client's location",
    "unreachable": "Client could not be reached",
    "other": "Other outcome",
}
DISPOSITIONS: dict[str, str] = {
    "continue_outpatient": "Continue outpatient care with the safety plan",
    "increased_contact": "Outpatient care with more frequent contact",
    "crisis_services": "Referred to crisis services",
    "ed_evaluation": "Emergency department evaluation",
    "admitted": "Admitted to hospital",
    "session_resumed": "Session resumed",
    "awaiting_information": "Awaiting information (welfare check, ED)",
    "other": "Other",
}

# Timeline entry kinds people record with one tap (system kinds are written by the services only).
ENTRY_KINDS: dict[str, str] = {
    "step_done": "Step done",
    "step_skipped": "Step skipped",
    "call": "Call",
    "message_sent": "Message sent",
    "support_person_reached": "Support person reached",
    "welfare_check_requested": "Welfare check requested",
    "client_state": "Client's state",
    "handed_over": "Handed over",
    "video_retry": "Video retried",
    "reconnected": "Reconnected",
    "risk_flagged": "Client at risk",
    "note": "Note",
}
SYSTEM_KINDS: dict[str, str] = {
    "opened": "Crisis opened",
    "joined": "Joined the crisis",
    "step_due": "Next step due",
    "escalated": "Escalated to the supervisor",
    "disclosure": "Emergency disclosure recorded",
    "closed": "Crisis closed",
}
ALL_KINDS: dict[str, str] = {**ENTRY_KINDS, **SYSTEM_KINDS}


def label(table: dict[str, str], code: str) -> str:
    return table.get(code, code.replace("_", " "))
