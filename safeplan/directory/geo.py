"""Nearest-point search on the sphere: haversine distance and a static k-d tree (no Django, no numpy).

Points are stored as unit vectors in 3-D. The straight-line (chord) distance between two unit vectors grows
monotonically with the great-circle distance, so the k nearest by chord are the k nearest on the sphere,
with no special cases at the poles or the antimeridian (Guam, American Samoa, the Aleutians). The final
ranking uses the exact haversine distance. DESIGN.md budget: under 1 ms per lookup in process.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence

EARTH_RADIUS_KM = 6371.0088  # IUGG mean Earth radius
KM_PER_MILE = 1.609344
_LEAF_SIZE = 8


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def km_to_miles(km: float) -> float:
    return km / KM_PER_MILE


def unit_vector(lat: float, lon: float) -> tuple[float, float, float]:
    p, lam = math.radians(lat), math.radians(lon)
    cp = math.cos(p)
    return (cp * math.cos(lam), cp * math.sin(lam), math.sin(p))


def check_point(lat: float, lon: float) -> None:
    """Raise ValueError naming the coordinate that is out of range (or not a number)."""
    if not (isinstance(lat, int | float) and math.isfinite(lat) and -90.0 <= lat <= 90.0):
        raise ValueError("lat must be a number between -90 and 90")
    if not (isinstance(lon, int | float) and math.isfinite(lon) and -180.0 <= lon <= 180.0):
        raise ValueError("lon must be a number between -180 and 180")


class PointIndex:
    """A k-d tree over fixed points; ``nearest`` returns (distance_km, index) pairs, nearest first.

    The tree is built once (O(n log n)) into flat lists: internal nodes hold a split axis and value,
    leaves hold up to eight point indices that are scanned directly.
    """

    def __init__(self, coords: Sequence[tuple[float, float]]) -> None:
        self.coords = list(coords)
        self.vectors = [unit_vector(lat, lon) for lat, lon in self.coords]
        # node arrays: axis (-1 for a leaf), split value, left child, right child, leaf items
        self._axis: list[int] = []
        self._split: list[float] = []
        self._left: list[int] = []
        self._right: list[int] = []
        self._items: list[tuple[int, ...]] = []
        if self.coords:
            self._build(list(range(len(self.coords))))

    def __len__(self) -> int:
        return len(self.coords)

    def _new_node(self) -> int:
        self._axis.append(-1)
        self._split.append(0.0)
        self._left.append(-1)
        self._right.append(-1)
        self._items.append(())
        return len(self._axis) - 1

    def _build(self, indices: list[int]) -> int:
        node = self._new_node()
        if len(indices) <= _LEAF_SIZE:
            self._items[node] = tuple(indices)
            return node
        vectors = self.vectors
        spreads = []
        for axis in range(3):
            values = [vectors[i][axis] for i in indices]
            spreads.append(max(values) - min(values))
        axis = spreads.index(max(spreads))
        indices.sort(key=lambda i: vectors[i][axis])
        mid = len(indices) // 2
        self._axis[node] = axis
        self._split[node] = vectors[indices[mid]][axis]
        left = self._build(indices[:mid])
        right = self._build(indices[mid:])
        self._left[node] = left
        self._right[node] = right
        return node

    def nearest(self, lat: float, lon: float, k: int = 3) -> list[tuple[float, int]]:
        """The ``k`` nearest points to (lat, lon) as (haversine km, index), nearest first."""
        if k <= 0 or not self.coords:
            return []
        qx, qy, qz = unit_vector(lat, lon)
        q = (qx, qy, qz)
        vectors, axes, splits = self.vectors, self._axis, self._split
        lefts, rights, items = self._left, self._right, self._items
        # Max-heap of the k best so far as (-chord², -index): ties go to the lower index, as in
        # brute_force, so the result is deterministic.
        best: list[tuple[float, int]] = []
        worst = math.inf
        stack: list[tuple[int, float]] = [(0, 0.0)]
        while stack:
            node, bound = stack.pop()
            if bound > worst:
                continue
            axis = axes[node]
            if axis < 0:
                for i in items[node]:
                    vx, vy, vz = vectors[i]
                    d = (vx - qx) ** 2 + (vy - qy) ** 2 + (vz - qz) ** 2
                    if len(best) < k:
                        heapq.heappush(best, (-d, -i))
                        if len(best) == k:
                            worst = -best[0][0]
                    elif d < worst or (d == worst and i < -best[0][1]):
                        heapq.heapreplace(best, (-d, -i))
                        worst = -best[0][0]
                continue
            diff = q[axis] - splits[node]
            near, far = (lefts[node], rights[node]) if diff < 0 else (rights[node], lefts[node])
            far_bound = diff * diff
            if far_bound <= worst:
                stack.append((far, max(bound, far_bound)))
            stack.append((near, bound))
        coords = self.coords
        found = [(haversine_km(lat, lon, *coords[-i]), -i) for _negd, i in best]
        found.sort()
        return found

    def brute_force(self, lat: float, lon: float, k: int = 3) -> list[tuple[float, int]]:
        """Every point's haversine distance, sorted; the reference the tree is tested against."""
        ranked = sorted((haversine_km(lat, lon, a, b), i) for i, (a, b) in enumerate(self.coords))
        return ranked[:k]
