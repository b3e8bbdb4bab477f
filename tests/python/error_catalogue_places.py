"""The cases of docs/errors.md's entries on clusters, uprating, segments, the target lever and
conditions (issue 13), and on the workbook's service outcomes (issue 14); test_error_catalogue.py
runs them. Figures: the one-service economy at the YOC health-trainer rate (see
error_catalogue.MINIMAL); shares and registers illustrative.
"""

from __future__ import annotations

from collections.abc import Callable

from error_catalogue import MINIMAL, SERVICE, cells, edited, toml

import caretriangle as ct

# Clusters and uprating (issue 13): a locality of two clusters, each with a health trainer
# service at the YOC rate; the second cluster's register left out where a case needs it.
CLUSTERS = """name = "x"
envelope = 10000
price_year = "2023/24"

[[localities]]
id = "east"
register = 3000

[[localities.clusters]]
id = "east_1"
register = 1800

[[localities.clusters]]
id = "east_2"
"""
TRAINER = SERVICE.replace("activity = 10\n", 'activity = 10\nlocality = "east"\n')


def clusters(*cluster: str | None, by: str = "register") -> Callable[[], object]:
    services = "".join(
        TRAINER.replace('id = "health_trainer"', f'id = "trainer_{k}"')
        + (f'cluster = "{c}"\n' if c else "")
        + "\n"
        for k, c in enumerate(cluster)
    )
    into = [f"trainer_{k}" for k in range(len(cluster))]
    return lambda: ct.Economy.from_toml(CLUSTERS + "\n" + services, file="e.toml").apply(
        ct.Scenario("s").reinvest(100, into, by=by, source="new")
    )


UPRATED = MINIMAL.replace(
    'price_year = "2023/24"\n', 'price_year = "2023/24"\nuprating = "nhscii_pay_and_prices"\n'
)

CASES: dict[str, Callable[[], object]] = {
    "reinvest-two-in-one-cluster": clusters("east_1", "east_1"),
    "reinvest-locality-beside-its-cluster": clusters("east_1", None),
    "reinvest-cluster-without-register": clusters("east_1", "east_2"),
    "uprating-year-outside-index": toml(UPRATED + 'price_year = "2010/11"\n'),
    "uprating-share-distribution": toml(
        UPRATED.replace("11.45", '{ dist = "beta", alpha = 2, beta = 5 }') + 'price_year = "2015/16"\n'
    ),
    "uprate-without-index": lambda: ct.uprate(100, "2020/21", "2021/22", index="none"),
    "uprate-unknown-index": lambda: ct.uprate(100, "2020/21", "2021/22", index="nhscii"),
    "workbook-service-outcome-unknown-service": edited(cells("service outcomes", A2="dietitian")),
    "workbook-service-outcome-twice": edited(cells("service outcomes", A3="care_planning_north_tyneside")),
    "workbook-service-outcome-without-service": edited(cells("service outcomes", A2=None)),
    "workbook-service-outcome-without-figure": edited(cells("service outcomes", C2=None)),
    "workbook-uprating-not-json": edited(cells("economy", A12="uprating", B12="{ name = own }")),
}

# Segments and the target lever: the one-service economy's health trainer hours stand for an
# event service here; the shares are illustrative.


def segments(*entries: str) -> str:
    return MINIMAL + "".join(f"\n[[segments]]\n{e}\n" for e in entries)


TOP = 'id = "top"\nshare = 0.07\nuse = { health_trainer = 0.45 }'
WITH_TOP = segments(TOP)


def target_on(text: str, segment: str, service: str) -> Callable[[], object]:
    return lambda: ct.Economy.from_toml(text, file="e.toml").apply(
        ct.Scenario("s").target(segment, service, effect=-0.1, coverage=0.8)
    )


CASES |= {
    "segment-shares-over-one": toml(segments(TOP, 'id = "rest"\nshare = 0.95')),
    "segment-use-over-one": toml(segments(TOP, 'id = "rest"\nshare = 0.9\nuse = { health_trainer = 0.6 }')),
    "segment-unknown-service": toml(segments('id = "top"\nshare = 0.07\nuse = { health_traner = 0.45 }')),
    "segment-unknown-locality": toml(segments(TOP + '\nlocality = "nowhere"')),
    "target-unknown-segment": target_on(WITH_TOP, "top_7pct", "health_trainer"),
    "target-service-without-use": target_on(
        WITH_TOP.replace("[[segments]]", SERVICE.replace("health_trainer", "admissions") + "\n[[segments]]"),
        "top",
        "admissions",
    ),
    "effect-below-minus-one": lambda: ct.Scenario("s").target("top", "health_trainer", effect=-1.5),
}


# Conditions: the one-service economy with a locality and two conditions.
CONDITIONS = MINIMAL.replace(
    "[[services]]",
    '[[localities]]\nid = "north"\nregister = 10\n\n'
    '[[conditions]]\nid = "diabetes"\n\n[[conditions]]\nid = "copd"\n\n[[services]]',
)

CASES |= {
    "condition-unknown": toml(CONDITIONS + 'conditions = ["diabets"]\n'),
    "condition-twice": toml(CONDITIONS + 'conditions = ["copd", "copd"]\n'),
    "condition-register-unknown-locality": toml(
        CONDITIONS.replace('id = "copd"\n', 'id = "copd"\nregisters = { nort = 5200 }\n')
    ),
    "segment-unknown-condition": toml(
        CONDITIONS + '\n[[segments]]\nid = "top"\nshare = 0.1\ncondition = "cpd"\n'
    ),
    "segment-service-of-another-condition": toml(
        CONDITIONS
        + 'conditions = ["diabetes"]\n\n[[segments]]\nid = "top"\nshare = 0.1\ncondition = "copd"\n'
        + "use = { health_trainer = 0.5 }\n"
    ),
}
