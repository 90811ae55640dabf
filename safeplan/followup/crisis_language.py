"""Crisis-language screening of client messages and check-in notes — a plain list anyone can read and extend.

What it does: finds phrases that often mean a person is thinking of suicide, self-harm, harming someone,
or saying goodbye, in English and Spanish. A match **flags** the message for the clinician at once and
shows the client their crisis resources. It never blocks, hides, rewrites or delays a message, and it is
not a risk assessment: a clinician reads every message (clinical-rules.md §7.2 "any reply mentioning
risk → clinician alert"; §6 SAFE-T for the assessment itself).

How it matches: the text is lower-cased, accents are removed (so "quiero morir" matches "quiéro morir"),
apostrophes are unified, and each phrase is searched as whole words, where ``*`` in a phrase stands for
any one word. A phrase directly preceded by a negation ("not", "don't", "never", "no", "nunca", …) does
not count ("I don't want to die" is not flagged; "I don't want to live" is its own phrase).

To extend: add a phrase to the right category below, add a labelled example to
``tests/followup/crisis_examples.py``, and run its test (it prints precision and recall).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# category -> phrases. Keep phrases short and specific; a false alarm costs a clinician a minute,
# a miss can cost far more, but phrases that fire on everyday speech ("killing me") teach people to ignore
# the flag.
PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "suicidal_thoughts": (
            "kill myself",
            "killing myself",
            "end my life",
            "ending my life",
            "take my own life",
            "take my life",
            "want to die",
            "wanna die",
            "wish i was dead",
            "wish i were dead",
            "better off dead",
            "better off without me",
            "don't want to live",
            "dont want to live",
            "don't want to be alive",
            "dont want to be alive",
            "don't want to be here anymore",
            "dont want to be here anymore",
            "no reason to live",
            "nothing to live for",
            "suicide",
            "suicidal",
            "end it all",
            "hope i don't wake up",
            "hope i dont wake up",
            "never wake up again",
            "sleep forever",
            "can't go on",
            "cant go on",
            "can't do this anymore",
            "cant do this anymore",
        ),
        "plan_or_means": (
            "pills to overdose",
            "overdose",
            "bought a gun",
            "buy a gun",
            "loaded gun",
            "my gun",
            "hang myself",
            "jump off a bridge",
            "jump off the bridge",
            "jump off a building",
            "jump in front of a train",
            "wrote a note",
            "suicide note",
            "stockpiling pills",
            "stockpiling my pills",
            "saving up my pills",
            "plan to kill",
        ),
        "self_harm": (
            "cut myself",
            "cutting myself",
            "cutting again",
            "hurt myself",
            "hurting myself",
            "harm myself",
            "burn myself",
            "self harm",
            "self-harm",
        ),
        "goodbye": (
            "goodbye forever",
            "this is goodbye",
            "won't be around much longer",
            "wont be around much longer",
            "won't be here tomorrow",
            "wont be here tomorrow",
            "giving away my things",
            "giving away my stuff",
            "gave away my things",
            "take care of my * for me",
            "tell my family i love them",
        ),
        "harm_to_others": (
            "kill him",
            "kill her",
            "kill them",
            "hurt someone",
            "hurt somebody",
            "shoot them",
            "shoot him",
            "shoot her",
        ),
        "not_safe": (
            "i'm not safe",
            "im not safe",
            "i am not safe",
            "don't feel safe",
            "dont feel safe",
            "unsafe right now",
            "can't keep myself safe",
            "cant keep myself safe",
        ),
    },
    "es": {
        "suicidal_thoughts": (
            "matarme",
            "me quiero matar",
            "quitarme la vida",
            "acabar con mi vida",
            "terminar con mi vida",
            "quiero morir",
            "quiero morirme",
            "me quiero morir",
            "ganas de morir",
            "no quiero vivir",
            "no quiero seguir viviendo",
            "mejor muerto",
            "mejor muerta",
            "estarian mejor sin mi",
            "estaria mejor sin mi",
            "suicidio",
            "suicidarme",
            "suicida",
            "no vale la pena vivir",
            "no tengo razones para vivir",
            "no puedo mas",
            "no aguanto mas",
            "desaparecer para siempre",
            "no despertar",
        ),
        "plan_or_means": (
            "sobredosis",
            "tomarme todas las pastillas",
            "juntando pastillas",
            "compre un arma",
            "comprar un arma",
            "mi pistola",
            "ahorcarme",
            "tirarme de un puente",
            "tirarme del puente",
            "aventarme de",
            "tirarme a las vias",
            "escribi una carta de despedida",
            "carta de despedida",
            "planeo matarme",
        ),
        "self_harm": (
            "cortarme",
            "me corte",
            "me estoy cortando",
            "hacerme dano",
            "me hice dano",
            "lastimarme",
            "me lastime",
            "autolesion",
            "quemarme",
        ),
        "goodbye": (
            "adios para siempre",
            "esto es un adios",
            "ya no voy a estar aqui",
            "ya no voy a estar mucho tiempo",
            "regale mis cosas",
            "regalando mis cosas",
            "cuiden a mi * por mi",
            "diganle a mi familia que los quiero",
        ),
        "harm_to_others": (
            "matarlo",
            "matarla",
            "matarlos",
            "hacerle dano a alguien",
            "lastimar a alguien",
        ),
        "not_safe": (
            "no estoy a salvo",
            "no me siento a salvo",
            "no me siento segura",
            "no me siento seguro",
            "estoy en peligro",
        ),
    },
}

# A phrase is negated when one of these words comes directly before it, or with only "filler" words
# between ("I'm not suicidal", "I'm not going to kill myself", "no quiero matarme"); "No, I want to die"
# stays flagged because "I" is not a filler word.
NEGATIONS: dict[str, tuple[str, ...]] = {
    "en": ("not", "don't", "dont", "never", "no", "won't", "wont", "wouldn't", "wouldnt", "isn't"),
    "es": ("no", "nunca", "jamas", "tampoco", "ni"),
}
FILLERS: dict[str, tuple[str, ...]] = {
    "en": (
        "going",
        "gonna",
        "to",
        "want",
        "really",
        "ever",
        "would",
        "will",
        "try",
        "trying",
        "plan",
        "planning",
        "am",
        "be",
        "feel",
        "feeling",
        "thinking",
        "of",
        "about",
    ),
    "es": (
        "quiero",
        "voy",
        "a",
        "me",
        "pienso",
        "intentar",
        "planeo",
        "estoy",
        "siento",
        "pensando",
        "en",
        "nada",
    ),
}


@dataclass(frozen=True)
class Match:
    language: str
    category: str
    phrase: str

    @property
    def code(self) -> str:
        return f"{self.language}:{self.category}"


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'").lower()
    return " ".join(re.findall(r"[a-z0-9'\-]+", text))


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[str, str, str, re.Pattern[str]]]:
    compiled = []
    for language, categories in PHRASES.items():
        negators = "|".join(re.escape(n) for n in NEGATIONS[language])
        fillers = "|".join(re.escape(f) for f in FILLERS[language])
        for category, phrases in categories.items():
            for phrase in phrases:
                words = normalise(phrase.replace("*", " WILDCARD ")).split()
                body = r"\s".join(
                    r"[a-z0-9'\-]+" if w == "wildcard" else re.escape(w) for w in words
                )
                pattern = re.compile(
                    rf"(?:(?<=\s)|^)(?P<neg>(?:{negators})\s(?:(?:{fillers})\s){{0,3}})?{body}(?=\s|$)"
                )
                compiled.append((language, category, phrase, pattern))
    return compiled


def screen(text: str) -> list[Match]:
    """Every (language, category, phrase) found in ``text`` that is not negated; empty when none."""
    if not text:
        return []
    clean = normalise(text)
    found: list[Match] = []
    for language, category, phrase, pattern in _compiled():
        for hit in pattern.finditer(clean):
            negated = hit.group("neg") is not None and not _negation_is_part_of_phrase(phrase)
            if not negated:
                found.append(Match(language, category, phrase))
                break
    return found


def _negation_is_part_of_phrase(phrase: str) -> bool:
    first = normalise(phrase).split()[0]
    return any(first in NEGATIONS[lang] for lang in NEGATIONS)


def categories(matches: list[Match]) -> list[str]:
    """Sorted unique ``language:category`` codes (stored with a flagged message; never the words)."""
    return sorted({m.code for m in matches})
