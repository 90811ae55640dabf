"""Finding a client by name although names are encrypted at rest (issue 15: caseload search by name).

Each name is also kept as a keyed hash (``lib.crypto.blind_index``) of its folded form: case, width and
accents do not count ("Nguyễn" = "nguyen" = "NGUYEN"), so a clinician types a name as they heard it. A
search is by whole names (first, last or preferred): a hash matches equality only, never a prefix, and
the database never sees a name, only hashes. All three columns share one purpose so that a word typed
matches whichever of the names it is.
"""

from __future__ import annotations

import unicodedata

from safeplan.lib.crypto import blind_index

PURPOSE = "clients.name"
MAX_WORDS = 4


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(unicodedata.normalize("NFKC", bare).casefold().split())


def name_key(name: str) -> str:
    """The hash stored beside an encrypted name ("" for no name)."""
    folded = fold(name)
    return blind_index(folded, purpose=PURPOSE) if folded else ""


def search_keys(query: str) -> list[str]:
    """One hash per word typed, and one for the whole (for names of several words such as "De la Cruz")."""
    words = fold(query).split()[:MAX_WORDS]
    keys = [name_key(w) for w in words]
    if len(words) > 1:
        keys.append(name_key(" ".join(words)))
    return keys
