"""Sources as a reader sees them: named by their publisher (and date where one is known), never by our own
files, section numbers or commit hashes (issue 11, "no internal references on any page").

Code cites ``research/clinical-rules.md §4.2`` so that engineers can find the rule; a clinician or a client
reads "NIMH, ASQ Suicide Risk Screening Toolkit". ``public_source`` rewrites one source text; pure, no
Django imports.
"""

from __future__ import annotations

import re
from functools import lru_cache

# clinical-rules.md section → the publisher(s) it summarises (the most specific section wins).
SECTION_PUBLISHERS: dict[str, str] = {
    "0": "Safeplan research notes",
    "1": "HHS Telehealth.HHS.gov, telebehavioral health emergency plan",
    "1.4": "Western Regional Children's Advocacy Center, Overview of Considerations for Safety Planning",
    "2": "Stanley & Brown 2012, Safety Planning Intervention",
    "3": "Columbia Lighthouse Project, C-SSRS Screener",
    "4": "NIMH, ASQ Suicide Risk Screening Toolkit",
    "5": "Kroenke, Spitzer & Williams 2001 (PHQ-9); Spitzer et al. 2006 (GAD-7)",
    "5.1": "Kroenke, Spitzer & Williams 2001 (PHQ-9)",
    "6": "SAMHSA 2009, SAFE-T pocket card",
    "7.1": "CALM, Counseling on Access to Lethal Means",
    "7.2": "Motto & Bostrom 2001, Caring Contacts",
    "8": "Home-based telemental health emergency protocols for children and adolescents",
    "9": "HHS Telehealth.HHS.gov, technology backup plan",
    "10.1": "HIPAA Security Rule, 45 CFR 164.312",
    "10.2": "HIPAA, 45 CFR 164.316",
    "10.3": "HIPAA, 45 CFR 164.512(j)",
    "10.4": "42 CFR Part 2",
    "10.5": "988 Suicide & Crisis Lifeline; FCC",
    "11": "Safeplan research notes",
    "12": "Safeplan clinical rules",
    "13": "Safeplan licensing review",
}

_REF = r"§\s?(\d+(?:\.\d+)*)(?:\s+(?:items?|steps?)\s+[\d\-–, ]*\d)?"
_CLINICAL_RULES = re.compile(
    r"(?:Safeplan\s+)?(?:research/)?clinical-rules\.md\s*(?:" + _REF + r")?"
)
_LONE_REF = re.compile(_REF)
_VIA = re.compile(r"\s*\(via [^)]*\)|\s+via\s+\S.*$")
_HASH = re.compile(r"\s*@\s*[0-9a-f]{7,40}\b|\(\s*[0-9a-f]{7,40}\s*\)|\brev\.?\s*\d{6,},?\s*")
_FILE = re.compile(r"(?<![\w/])[\w\-]+(?:/[\w\-.]+)*\.(?:md|json|csv|py|xml|gz)\b")
_OPEN_HELPLINES = re.compile(r"^open-helplines\s*\(.*?\)")


def publisher_of(section: str) -> str:
    """The publisher summarised in a clinical-rules.md section ("4.2" → NIMH …)."""
    parts = section.split(".")
    while parts:
        found = SECTION_PUBLISHERS.get(".".join(parts))
        if found:
            return found
        parts.pop()
    return "Safeplan clinical rules"


def _tidy(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"\(\s*[,;:]\s*", "(", text)
        text = re.sub(r"\s*[,;:]\s*\)", ")", text)
        text = re.sub(r"\(\s*\)", "", text)
        text = re.sub(r"\s+([,;.):])", r"\1", text)
        text = re.sub(r"[,;]\s*\(", " (", text)
        text = re.sub(r"\(research notes;\s*", "(", text)
        text = re.sub(r"([,;])(?:\s*[,;])+", r"\1", text)
        text = re.sub(r"\s{2,}", " ", text)
    return text.strip(" ,;:")


@lru_cache(maxsize=4096)  # pure; the same few source lines are on every card and plan
def public_source(text: str) -> str:
    """``text`` with internal references replaced by publishers and file names, hashes and "via" chains
    removed: "NIMH ASQ pathway (clinical-rules.md §4.2)" → "NIMH ASQ pathway (NIMH, ASQ Suicide Risk
    Screening Toolkit)"; a publisher already named in the text is not repeated."""
    if not text:
        return ""
    value = _OPEN_HELPLINES.sub("open-helplines project", str(text))
    named: list[str] = []

    def replace(match: re.Match[str]) -> str:
        section = match.group(1) or "12"
        publisher = publisher_of(section)
        head = publisher.split(",")[0].split(" ")[0]
        before = value[: match.start()]
        if publisher in named or (head and head in before):
            return ""
        named.append(publisher)
        return publisher

    value = _CLINICAL_RULES.sub(replace, value)
    value = _LONE_REF.sub(replace, value)
    value = _VIA.sub("", value)
    value = _HASH.sub("", value)
    value = _FILE.sub("", value)
    return _tidy(value)
