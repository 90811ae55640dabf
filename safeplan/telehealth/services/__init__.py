"""Every write of the telehealth emergency plan: one transaction, one audit entry, nothing written on bad input.

- ``locations``: usual locations, directory suggestions, confirming a local number (§1.1 items 1-2).
- ``people``: support persons and providers with release-of-information consent, guardians, safe adults,
  excluded persons (§1.1 items 3-4, §8).
- ``agreements``: the technology backup plan (§9) and the boundaries agreement (§1.4).
- ``sessions``: scheduling, the start-of-session gate, a location change, ending (§1.2, §8.1, §10.6).
"""
