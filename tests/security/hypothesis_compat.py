"""Let hypothesis-jsonschema 0.23 (used by schemathesis 3) run on current Hypothesis.

Hypothesis replaced ``conjecture.utils.many``'s ``more()`` loop with a ``with many(...) as elements: for _ in
elements`` protocol; hypothesis-jsonschema still calls ``more()`` when it generates JSON objects. The adapter
below drives the new protocol exactly as that ``with``/``for`` would (enter, one ``next`` per ``more()``,
exit when the iteration ends). It is installed only when ``more`` is missing, so it disappears by itself
once hypothesis-jsonschema catches up.
"""

from __future__ import annotations

from typing import Any


def install() -> None:
    from hypothesis.internal.conjecture import utils
    from hypothesis_jsonschema import _from_schema

    current = _from_schema.cu.many
    if hasattr(current, "more"):
        return

    class LegacyMany(current):  # type: ignore[misc, valid-type]
        def __init__(self, data: Any, min_size: int, max_size: float, average_size: float) -> None:
            super().__init__(data, min_size, max_size, average_size)
            self.__enter__()
            self._legacy = iter(self)

        def more(self) -> bool:
            try:
                next(self._legacy)
            except StopIteration:
                self.__exit__(None)
                return False
            return True

    class _Namespace:
        def __getattr__(self, name: str) -> Any:
            return LegacyMany if name == "many" else getattr(utils, name)

    _from_schema.cu = _Namespace()
