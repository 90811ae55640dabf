"""Pure crisis rules (no Django, no database, no clock): testable with plain data.

- ``types``: crisis types, timeline entry kinds, call targets and outcomes, outcomes and dispositions.
- ``protocols``: our default protocol per crisis type as data (clinical-rules.md §1.3, §6, §7.1, §9,
  §10.3, §10.5) and ``normalise_protocol`` for an organisation's adapted steps.
- ``entries``: what each timeline entry holds (``normalise_entry``) and how it reads (``describe``).
- ``disconnection``: the lost-connection state machine (§9); ``disconnection_steps``: its steps as data and
  the one-tap actions each step offers.
- ``disclosure``: when a disclosure record is due, and what it must hold (§10.3, §10.4).
- ``note``: the crisis note drafted from the timeline (SAFE-T step 5, §6).
"""
