"""What the reliability tests (test_reliability_*.py) share: the shipped example and a
one-service economy.

Figures: the shipped North of Tyne example (sources in examples/north_of_tyne.toml) and the
YOC rates, specialist dietitian £21.25 and health trainer £11.45 an hour (c. 2010/11).
"""

from __future__ import annotations

import caretriangle as ct

EXAMPLE = ct.examples.north_of_tyne()

MINIMAL = {
    "name": "minimal",
    "envelope": 1000.0,
    "price_year": "2023/24",
    "services": [
        {
            "id": "health_trainer",
            "corner": "community_self_management",
            "provider": "third_sector",
            "unit": "hour",
            "unit_cost": 11.45,
            "activity": 10.0,
        }
    ],
}
