//! Shared fixtures for the integration tests.
//!
//! The fixture economy uses the Year of Care unit costs (specialist dietitian £21.25 an hour,
//! qualified health trainer £11.45 an hour, 2010/11 prices); every other figure in it is
//! illustrative, chosen so that the arithmetic in the tests can be done by hand.
#![allow(dead_code)]

use caretriangle::{BudgetLines, ClusterSpec, Corner, Economy, EconomySpec, LocalitySpec, ProviderType, ServiceSpec};

/// A service given by activity.
pub fn service(
    id: &str,
    corner: Corner,
    provider: ProviderType,
    unit: &str,
    unit_cost: f64,
    activity: f64,
) -> ServiceSpec {
    ServiceSpec {
        id: id.into(),
        corner: Some(corner),
        provider: Some(provider),
        unit: unit.into(),
        unit_cost: unit_cost.into(),
        activity: Some(activity.into()),
        ..Default::default()
    }
}

/// The fixture as plain data.
///
/// | # | service | corner | £/unit | activity | spend | locality (cluster) | units/person |
/// |---|---|---|---|---|---|---|---|
/// | 0 | dietitian | clinical | 21.25 | 2,000 h | 42,500 | — | 4 |
/// | 1 | gp_care_planning | nhs | 40 | 1,000 contacts | 40,000 | north (n2) | 2 |
/// | 2 | structured_education | nhs | 200 | 100 people | 20,000 | — | 1 |
/// | 3 | health_trainer_north | community | 11.45 | 1,000 h | 11,450 | north (n1) | 8, capacity 2,500 |
/// | 4 | health_trainer_south | community | 11.45 | 400 h | 4,580 | south | 8, capacity 1,000 |
/// | 5 | peer_support | community | 25 | allocation £5,000 (= 200 sessions) | 5,000 | — | — |
///
/// Total 123,530 inside an envelope of 130,000 (headroom 6,470). Corners: clinical 42,500;
/// nhs 60,000; community 11,450 + 4,580 + 5,000 = 21,030. Budget lines 45,000 / 55,000 /
/// 25,000 (= 125,000). Localities: north register 3,000 (need 1), south register 1,000
/// (need 2). peer_support is commissioned by "Public health" instead of its corner's HWB.
pub fn fixture_spec() -> EconomySpec {
    use Corner::*;
    use ProviderType::*;
    let mut gp = service(
        "gp_care_planning",
        NhsSelfManagement,
        GeneralPractice,
        "contact",
        40.0,
        1000.0,
    );
    gp.locality = Some("north".into());
    gp.cluster = Some("n2".into());
    gp.units_per_person = Some(2.0.into());
    let mut dietitian = service("dietitian", Clinical, AcuteTrust, "hour", 21.25, 2000.0);
    dietitian.units_per_person = Some(4.0.into());
    dietitian.source = Some("Year of Care unit costs, 2010/11 prices".into());
    let mut education = service(
        "structured_education",
        NhsSelfManagement,
        CommunityTrust,
        "person",
        200.0,
        100.0,
    );
    education.units_per_person = Some(1.0.into());
    let mut north = service(
        "health_trainer_north",
        CommunitySelfManagement,
        ThirdSector,
        "hour",
        11.45,
        1000.0,
    );
    north.locality = Some("north".into());
    north.cluster = Some("n1".into());
    north.units_per_person = Some(8.0.into());
    north.capacity = Some(2500.0);
    let mut south = service(
        "health_trainer_south",
        CommunitySelfManagement,
        ThirdSector,
        "hour",
        11.45,
        400.0,
    );
    south.locality = Some("south".into());
    south.units_per_person = Some(8.0.into());
    south.capacity = Some(1000.0);
    let peer = ServiceSpec {
        id: "peer_support".into(),
        name: Some("Peer support groups".into()),
        corner: Some(CommunitySelfManagement),
        provider: Some(LocalAuthority),
        commissioner: Some("Public health".into()),
        unit: "session".into(),
        unit_cost: 25.0.into(),
        allocation: Some(5000.0.into()),
        ..Default::default()
    };
    EconomySpec {
        name: "Diabetes programme (illustrative)".into(),
        envelope: 130_000.0,
        price_year: Some("2010/11".parse().unwrap()),
        description: Some("YOC dietitian and health-trainer rates; other figures illustrative".into()),
        budget: Some(BudgetLines {
            clinical: Some(45_000.0),
            nhs_self_management: Some(55_000.0),
            community_self_management: Some(25_000.0),
        }),
        localities: vec![
            LocalitySpec {
                id: "north".into(),
                name: Some("North locality".into()),
                register: 3000.0.into(),
                need_weight: None,
                clusters: vec![
                    ClusterSpec {
                        id: "n1".into(),
                        name: None,
                        register: Some(1800.0),
                        need_weight: None,
                    },
                    ClusterSpec {
                        id: "n2".into(),
                        name: Some("North cluster 2".into()),
                        register: Some(1200.0),
                        need_weight: None,
                    },
                ],
            },
            LocalitySpec {
                id: "south".into(),
                name: None,
                register: 1000.0.into(),
                need_weight: Some(2.0.into()),
                clusters: vec![],
            },
        ],
        services: vec![dietitian, gp, education, north, south, peer],
        ..Default::default()
    }
}

/// The fixture, validated.
pub fn fixture() -> Economy {
    Economy::new(fixture_spec()).expect("the fixture is valid")
}

/// Asserts `actual` is within `tol` of `expected`.
#[track_caller]
pub fn close(actual: f64, expected: f64, tol: f64) {
    assert!(
        (actual - expected).abs() <= tol,
        "expected {expected} (± {tol}), got {actual}"
    );
}

/// Asserts to a tenth of a penny.
#[track_caller]
pub fn money(actual: f64, expected: f64) {
    close(actual, expected, 1e-6);
}

/// A message with the thousands separators taken out of its numbers (`£6,000.00` reads
/// `£6000.00`), so that tests check the amounts whichever way they are grouped.
pub fn plain(message: &str) -> String {
    let chars: Vec<char> = message.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            !(**c == ','
                && *i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        })
        .map(|(_, c)| *c)
        .collect()
}

/// Every message with its separators taken out.
pub fn plain_all(messages: &[String]) -> Vec<String> {
    messages.iter().map(|m| plain(m)).collect()
}
