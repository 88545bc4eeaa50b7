"""How far a place is from the centre, and the 4 km rule.

The centre usually pays for a trip only when the place is more than 4 km
away (UDI's rules for reception centres; the service-design report, seed 003,
tells of a single mother without a kindergarten place because it was 3.x km
away and nothing paid the bus). The distance that counts is the way there,
so staff enter the walking distance they measured; without it we know only
the straight line from the coordinates, which is never longer than the way:
more than 4 km in a straight line is more than 4 km on foot, but less may
still be more, so then the resident is told to ask.
"""
from __future__ import annotations

import enum
import math
from dataclasses import dataclass

TRAVEL_COST_LIMIT_M = 4_000
EARTH_RADIUS_M = 6_371_008.8  # the mean radius


class TravelCosts(enum.Enum):
    COVERED = "covered"  # more than 4 km: the centre usually pays the trip
    NOT_COVERED = "not-covered"  # 4 km or less, measured on foot
    ASK = "ask"  # 4 km or less in a straight line: the way may be longer


@dataclass(frozen=True)
class Distance:
    metres: int
    walking: bool  # measured along the way by staff (else: a straight line)

    @property
    def km(self) -> float:
        return round(self.metres / 1000, 1)


def straight_line_m(lat1: float, lon1: float, lat2: float, lon2: float) -> int:
    """The great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi, half_dlambda = math.radians(lat2 - lat1) / 2, math.radians(lon2 - lon1) / 2
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return round(2 * EARTH_RADIUS_M * math.asin(math.sqrt(a)))


def distance_from_centre(place, centre) -> Distance | None:
    """The walking distance staff entered, else the straight line between
    the centre's and the place's coordinates, else None (unknown)."""
    if place.walking_distance_m is not None:
        return Distance(place.walking_distance_m, walking=True)
    points = (centre.latitude, centre.longitude, place.latitude, place.longitude)
    if any(value is None for value in points):
        return None
    return Distance(straight_line_m(*points), walking=False)


def travel_costs(distance: Distance) -> TravelCosts:
    """The 4 km rule, the one place it is decided."""
    if distance.metres > TRAVEL_COST_LIMIT_M:
        return TravelCosts.COVERED
    return TravelCosts.NOT_COVERED if distance.walking else TravelCosts.ASK
