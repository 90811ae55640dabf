"""Every write of follow-up data (issue 17 "services packages"): keyword-only arguments, ``actor=`` (None for
the worker), one ``transaction.atomic`` per call with its audit entry, nothing written on bad input.

- ``schedules``: check-in schedules and check-ins (set, complete, close, retime, follow a risk rise).
- ``escalation``: the worker's side of check-ins (the overdue ladder, the risk watch).
- ``caring``: caring-contacts series (start, stop, opt out, wording, send one due note).
- ``messages``: secure messages between a client and their care team.
- ``calendar``: a clinician's calendar feed (create, rotate, revoke, record a read).
- ``policy``: the organisation's follow-up policy (the tiered overdue ladder), validated before it is stored.

Reads are in ``followup.selectors``; views, the API and the worker jobs call these.
"""
