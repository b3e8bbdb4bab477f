//! Files: economies saved to TOML and JSON and loaded again are equal, and a second save
//! writes the same text as the first.

mod common;

use std::path::PathBuf;

use caretriangle::io::{load_programme, programme_from_str, programme_to_string, save_programme, Format};
use caretriangle::{
    ApplyOptions, CornerNames, Economy, EconomySpec, Error, Lever, MoneySource, Programme, ProgrammeSpec, ReinvestBy,
    ScenarioSpec,
};
use common::{fixture_spec, money};

/// The fixture economy, with nothing kept beside it.
fn fixture() -> Programme {
    Programme::of_economy(common::fixture())
}

/// A fresh folder for one test under the system's temp dir.
fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("caretriangle-files-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The fixture with every optional part filled in: renamed commissioners, a stated price
/// year on one service, and kept scenarios using every lever kind and every reinvestment
/// basis.
fn full_economy() -> Programme {
    let mut spec = ProgrammeSpec::of_economy(fixture_spec());
    spec.commissioners = Some(
        toml::from_str::<CornerNames>("clinical = \"ICB\"\ncommunity_self_management = \"Local authority\"\n").unwrap(),
    );
    spec.services[1].price_year = Some("2010/11".parse().unwrap());
    spec.services[2].name = Some("DESMOND structured education".into());
    let weights = [("north".to_string(), 1.0), ("south".to_string(), 3.0)]
        .into_iter()
        .collect();
    let trainers = ["health_trainer_north", "health_trainer_south"];
    spec.scenarios = vec![
        ScenarioSpec {
            name: "skill mix".into(),
            names: vec![],
            description: Some("Move 40% of dietitian hours to health trainers; reinvest by register".into()),
            levers: vec![
                Lever::substitute("dietitian", "health_trainer_north", 0.4, 1.0).unwrap(),
                Lever::reinvest(6000.0, &trainers, ReinvestBy::Register, MoneySource::Released).unwrap(),
            ],
        },
        ScenarioSpec {
            name: "everything".into(),
            names: vec![],
            description: None,
            levers: vec![
                Lever::substitute("structured_education", "gp_care_planning", 0.5, 6.0).unwrap(),
                Lever::shift("gp_care_planning", "health_trainer_south", 4000.0).unwrap(),
                Lever::productivity("gp_care_planning", 0.1).unwrap(),
                Lever::reinvest(1000.0, &trainers, ReinvestBy::Need, MoneySource::Released).unwrap(),
                Lever::reinvest(500.0, &trainers, ReinvestBy::Equal, MoneySource::New).unwrap(),
                Lever::reinvest(400.0, &trainers, ReinvestBy::Weights(weights), MoneySource::New).unwrap(),
                Lever::set_unit_cost("peer_support", 22.5).unwrap(),
                Lever::scale_activity("dietitian", 0.95).unwrap(),
            ],
        },
    ];
    Programme::new(spec).unwrap()
}

/// A bare economy: no localities, budget, description or scenarios.
fn bare_economy() -> Programme {
    let mut spec = EconomySpec {
        name: "Bare".into(),
        envelope: 0.0,
        price_year: Some("2023/24".parse().unwrap()),
        ..Default::default()
    };
    spec.services.push(common::service(
        "volunteers",
        caretriangle::Corner::CommunitySelfManagement,
        caretriangle::ProviderType::Other,
        "session",
        0.0,
        0.0,
    ));
    Programme::of_economy(Economy::new(spec).unwrap())
}

#[track_caller]
fn round_trips(economy: &Programme, dir: &std::path::Path, stem: &str) {
    for ext in ["toml", "json"] {
        let first = dir.join(format!("{stem}.{ext}"));
        save_programme(economy, &first).unwrap();
        let loaded = load_programme(&first).unwrap();
        assert_eq!(
            &loaded, economy,
            "{ext}: the economy changed on the way through the file"
        );
        let second = dir.join(format!("{stem}-again.{ext}"));
        save_programme(&loaded, &second).unwrap();
        let a = std::fs::read_to_string(&first).unwrap();
        let b = std::fs::read_to_string(&second).unwrap();
        assert_eq!(a, b, "{ext}: save → load → save wrote different text");
        // No temporary file is left beside the target.
        let leftovers: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(std::result::Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

#[test]
fn fixture_round_trips() {
    let dir = temp_dir("fixture");
    round_trips(&fixture(), &dir, "fixture");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn full_economy_round_trips() {
    let dir = temp_dir("full");
    let e = full_economy();
    round_trips(&e, &dir, "full");
    // The kept scenarios still work after the trip: the skill-mix scenario releases
    // 800 × (21.25 − 11.45) = 7,840 and reinvests 6,000 of it.
    let loaded = load_programme(dir.join("full.toml")).unwrap();
    let c = loaded
        .economy()
        .apply(loaded.scenario("skill mix").unwrap(), ApplyOptions::default())
        .unwrap();
    money(c.released(), 7_840.0);
    money(c.reinvested(), 6_000.0);
    assert_eq!(
        loaded.economy().commissioners().of(caretriangle::Corner::Clinical),
        "ICB"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn bare_economy_round_trips() {
    let dir = temp_dir("bare");
    round_trips(&bare_economy(), &dir, "bare");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn unstated_price_years_stay_unstated() {
    // Services without a price year take the economy's, but the file written does not gain
    // one, so that a hand-written file round-trips as written.
    let e = full_economy();
    assert_eq!(
        e.economy().services()[0].price_year().map(|y| y.to_string()).as_deref(),
        Some("2010/11")
    );
    let spec = e.to_spec();
    assert_eq!(spec.services[0].price_year, None);
    assert!(spec.services[1].price_year.is_some());
    let text = programme_to_string(&e, Format::Toml).unwrap();
    // The economy's own price year, and gp_care_planning's, and no other.
    assert_eq!(text.matches("price_year = \"2010/11\"").count(), 2, "{text}");
}

#[test]
fn block_contracts_stay_allocations() {
    // peer_support is £5,000 a year, not 200 sessions × £25, in the file as in the economy.
    let text = programme_to_string(&fixture(), Format::Toml).unwrap();
    assert!(text.contains("allocation = 5000.0"), "{text}");
    let loaded = programme_from_str(&text, Format::Toml, "<string>").unwrap();
    assert_eq!(
        loaded.economy().services()[5].funding(),
        caretriangle::Funding::Allocation(5000.0)
    );
}

#[test]
fn toml_and_json_hold_the_same_economy() {
    let e = full_economy();
    let toml_text = programme_to_string(&e, Format::Toml).unwrap();
    let json_text = programme_to_string(&e, Format::Json).unwrap();
    let from_toml = programme_from_str(&toml_text, Format::Toml, "a.toml").unwrap();
    let from_json = programme_from_str(&json_text, Format::Json, "a.json").unwrap();
    assert_eq!(from_toml, from_json);
    // Across formats and back: TOML → JSON → TOML writes the first text again.
    let via_json = programme_from_str(
        &programme_to_string(&from_toml, Format::Json).unwrap(),
        Format::Json,
        "b.json",
    )
    .unwrap();
    assert_eq!(programme_to_string(&via_json, Format::Toml).unwrap(), toml_text);
}

#[test]
fn a_hand_written_file_loads_and_saves_stably() {
    let text = r#"# Illustrative: the YOC dietitian and health-trainer rates, 2010/11 prices.
name = "Hand written"
envelope = 100000
price_year = "2010/2011"

[commissioners]
clinical = "ICB"

[[localities]]
id = "north"
register = 1200

[[services]]
id = "specialist_dietitian"
corner = "clinical"
provider = "acute_trust"
unit = "hour"
unit_cost = 21.25
activity = 1000

[[services]]
id = "health_trainer"
corner = "community_self_management"
provider = "third_sector"
unit = "hour"
unit_cost = 11.45
activity = 0
locality = "north"

[[scenarios]]
name = "skill mix"

[[scenarios.levers]]
lever = "substitute"
from = "specialist_dietitian"
to = "health_trainer"
share = 0.4

[[scenarios.levers]]
lever = "reinvest"
amount = 1000
into = ["health_trainer"]
by = { north = 1 }
"#;
    let e = programme_from_str(text, Format::Toml, "hand.toml").unwrap();
    // 1,000 × 21.25 = 21,250.
    money(e.economy().total_spend(), 21_250.0);
    assert_eq!(e.economy().price_year().to_string(), "2010/11");
    let dir = temp_dir("hand");
    let first = dir.join("hand.toml");
    save_programme(&e, &first).unwrap();
    let loaded = load_programme(&first).unwrap();
    assert_eq!(loaded, e);
    let again = dir.join("again.toml");
    save_programme(&loaded, &again).unwrap();
    assert_eq!(
        std::fs::read_to_string(&first).unwrap(),
        std::fs::read_to_string(&again).unwrap()
    );
    // The scenario kept in the file: 400 hours move, 400 × 9.80 = 3,920 released, 1,000 of
    // it reinvested in the one trainer service.
    let c = loaded
        .economy()
        .apply(loaded.scenario("skill mix").unwrap(), ApplyOptions::default())
        .unwrap();
    money(c.released(), 3_920.0);
    money(c.reinvested(), 1_000.0);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn saving_over_a_file_replaces_it() {
    let dir = temp_dir("replace");
    let path = dir.join("economy.json");
    save_programme(&fixture(), &path).unwrap();
    save_programme(&bare_economy(), &path).unwrap();
    assert_eq!(load_programme(&path).unwrap(), bare_economy());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn unknown_key_in_a_lever_is_refused() {
    let mut text = programme_to_string(&full_economy(), Format::Toml).unwrap();
    text = text.replacen("share = 0.4", "shares = 0.4", 1);
    // The error points at the start of the lever's table, not at the key itself: a lever is
    // an internally tagged enum, which serde reads through a buffer that loses positions.
    let key = text.lines().position(|l| l.starts_with("shares = ")).unwrap();
    let line = text
        .lines()
        .take(key)
        .collect::<Vec<_>>()
        .iter()
        .rposition(|l| *l == "[[scenarios.levers]]")
        .unwrap()
        + 1;
    let e = programme_from_str(&text, Format::Toml, "f.toml").unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("f.toml, line {line}, column 1: scenarios[0].levers[0]: unknown key `shares`; did you mean `share`?")
    );
}

/// The temporary files a save leaves in the folder: none, once it has returned.
fn leftovers(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| std::path::Path::new(n).extension().is_some_and(|e| e == "tmp"))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_save_keeps_the_old_files_permissions_and_leaves_no_temporary_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("perms");
    let path = dir.join("economy.toml");
    save_programme(&fixture(), &path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    save_programme(&bare_economy(), &path).unwrap();
    // A private economy stayed private (it became 0644 when the save made a fresh file).
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(load_programme(&path).unwrap(), bare_economy());
    assert_eq!(leftovers(&dir), Vec::<String>::new());
    std::fs::remove_dir_all(dir).unwrap();
}

#[cfg(unix)]
#[test]
fn a_save_through_a_link_replaces_the_file_it_points_to_and_keeps_the_link() {
    let dir = temp_dir("link");
    let real = dir.join("real.toml");
    let link = dir.join("link.toml");
    save_programme(&fixture(), &real).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    save_programme(&bare_economy(), &link).unwrap();
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(load_programme(&real).unwrap(), bare_economy());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_temporary_file_left_by_a_killed_save_is_removed_by_the_next_save() {
    let dir = temp_dir("stale");
    let path = dir.join("economy.json");
    // As a save killed an hour ago left it (the old scheme's name: pid and counter).
    let stale = dir.join(".economy.json.4242.0.tmp");
    std::fs::write(&stale, "{\"half\": ").unwrap();
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    // One of another file, or a fresh one (a save in progress elsewhere), is left alone.
    let other = dir.join(".other.json.1.0.tmp");
    std::fs::write(&other, "").unwrap();
    let fresh = dir.join(".economy.json.4243.0.tmp");
    std::fs::write(&fresh, "").unwrap();
    save_programme(&fixture(), &path).unwrap();
    assert!(!stale.exists());
    assert!(other.exists() && fresh.exists());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_failed_save_leaves_no_temporary_file_and_names_the_path() {
    let dir = temp_dir("failed");
    // A folder where the file should be: the rename fails after the temporary file exists.
    let path = dir.join("economy.toml");
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join("inside"), "x").unwrap();
    let e = save_programme(&fixture(), &path).unwrap_err();
    assert!(matches!(e, Error::Io { .. }), "{e}");
    assert!(e.to_string().starts_with(&path.display().to_string()), "{e}");
    assert_eq!(leftovers(&dir), Vec::<String>::new());
    std::fs::remove_dir_all(dir).unwrap();
}
