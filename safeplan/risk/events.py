"""The events risk publishes (``safeplan.lib.events``); plans subscribes to them (``plans/subscribers.py``).

Risk sits below plans: instead of calling plans' services it announces what a result or a flag change
calls for, inside its own transaction, and each subscriber does its part. Payloads (keyword arguments):

- ``REVIEW_DUE`` "risk.review_due": a result implying, or a flag raised to, one of the organisation's
  ``risk.review_levels`` (clinical-rules.md §12): the safety plan is due for review.
  ``client``, ``due`` (date), ``reason`` (short text for the care team), ``actor``.
- ``MEANS_FOUND`` "risk.means_found": a SAFE-T found access to lethal means (§6 step 5, §7.1): the plan's
  "making the environment safer" section gets a pending entry. ``client``, ``means`` (code, e.g.
  "firearm"), ``source`` ("safet:<assessment id>"), ``actor``.
- ``LEVEL_RAISED`` "risk.level_raised": the client's risk flag was raised, by a result or by a clinician
  (follow-up tightens the check-in schedule at once, ``followup/subscribers.py``). ``client``, ``level``,
  ``previous_level``, ``flag_id`` (the ``RiskFlagChange`` id), ``actor``.
- ``follow_up.RESPONSE_TIME`` "risk.response_time_asked" (a question, not a change): when the clinic will
  respond to the client, for the portal page after a suicide-risk answer; telehealth answers it from the
  boundaries agreement (``telehealth/subscribers.py``). See ``risk/follow_up.py``.
"""

from __future__ import annotations

REVIEW_DUE = "risk.review_due"
MEANS_FOUND = "risk.means_found"
LEVEL_RAISED = "risk.level_raised"
