//! Errors in files: where a bad key, value or piece of syntax is (file, line, column, field),
//! and files that cannot be read.

use caretriangle::io::{load_programme, programme_from_str, Format};
use caretriangle::Error;

/// A TOML economy with one service; `rest` completes the service from line 10 on.
fn toml_with(rest: &str) -> String {
    format!(
        "name = \"Bad\"\n\
         envelope = 100000\n\
         price_year = \"2010/11\"\n\
         \n\
         [[services]]\n\
         id = \"dietitian\"\n\
         corner = \"clinical\"\n\
         provider = \"acute_trust\"\n\
         unit = \"hour\"\n\
         {rest}"
    )
}

/// An `Error::File`'s parts: file, line, column, field, message, source.
type FileParts = (
    String,
    Option<usize>,
    Option<usize>,
    Option<String>,
    String,
    Option<Box<Error>>,
);

#[track_caller]
fn file_error(e: Error) -> FileParts {
    match e {
        Error::File {
            file,
            line,
            column,
            field,
            message,
            source,
        } => (file, line, column, field.map(|f| f.to_string()), message, source),
        other => panic!("expected a File error, got {other:?}"),
    }
}

#[test]
fn unknown_key_in_toml_suggests_the_nearest() {
    let text = toml_with("unit_cots = 21.25\nactivity = 100\n");
    let e = programme_from_str(&text, Format::Toml, "bad.toml").unwrap_err();
    let shown = e.to_string();
    let (file, line, column, field, message, source) = file_error(e);
    assert_eq!(file, "bad.toml");
    // `unit_cots` is on line 10.
    assert_eq!((line, column), (Some(10), Some(1)));
    assert_eq!(field.as_deref(), Some("services[0].unit_cots"));
    assert_eq!(message, "unknown key `unit_cots`; did you mean `unit_cost`?");
    assert!(source.is_none());
    assert_eq!(
        shown,
        "bad.toml, line 10, column 1: services[0].unit_cots: unknown key `unit_cots`; did you mean `unit_cost`?"
    );
}

#[test]
fn unknown_key_in_json_suggests_the_nearest() {
    let text = r#"{
  "name": "Bad",
  "envelope": 100000,
  "price_year": "2010/11",
  "services": [
    {"id": "dietitian", "corner": "clinical", "provider": "acute_trust", "unit": "hour",
     "unit_cots": 21.25, "activity": 100}
  ]
}
"#;
    let e = programme_from_str(text, Format::Json, "bad.json").unwrap_err();
    let (file, line, column, field, message, _) = file_error(e);
    assert_eq!(file, "bad.json");
    // `"unit_cots"` is on line 7 and ends at column 16.
    assert_eq!((line, column), (Some(7), Some(16)));
    assert_eq!(field.as_deref(), Some("services[0].unit_cots"));
    assert_eq!(message, "unknown key `unit_cots`; did you mean `unit_cost`?");
}

#[test]
fn unknown_top_level_key_in_toml() {
    let text = "name = \"x\"\nenvelop = 1\nprice_year = \"2010/11\"\n";
    let (_, line, _, field, message, _) = file_error(programme_from_str(text, Format::Toml, "f.toml").unwrap_err());
    assert_eq!(line, Some(2));
    assert_eq!(field.as_deref(), Some("envelop"));
    assert_eq!(message, "unknown key `envelop`; did you mean `envelope`?");
}

#[test]
fn missing_field_in_toml() {
    let text = toml_with("activity = 100\n");
    let (_, line, _, field, message, _) = file_error(programme_from_str(&text, Format::Toml, "bad.toml").unwrap_err());
    // The service that lacks it starts at `[[services]]`, line 5.
    assert_eq!(line, Some(5));
    assert_eq!(field.as_deref(), Some("services[0]"));
    assert_eq!(message, "missing field `unit_cost`");
}

#[test]
fn missing_field_in_json() {
    let text = "{\n  \"name\": \"x\",\n  \"price_year\": \"2010/11\"\n}\n";
    let e = programme_from_str(text, Format::Json, "bad.json").unwrap_err();
    let shown = e.to_string();
    let (_, line, _, _, message, _) = file_error(e);
    assert_eq!(line, Some(4));
    assert_eq!(message, "missing field `envelope`");
    assert!(shown.starts_with("bad.json, line 4, column "), "{shown}");
}

#[test]
fn wrong_type_in_toml() {
    let text = toml_with("unit_cost = \"cheap\"\nactivity = 100\n");
    let (_, line, column, field, message, _) =
        file_error(programme_from_str(&text, Format::Toml, "bad.toml").unwrap_err());
    // `unit_cost = ` is 12 characters: the value starts at column 13 of line 10.
    assert_eq!((line, column), (Some(10), Some(13)));
    assert_eq!(field.as_deref(), Some("services[0].unit_cost"));
    assert!(message.contains("invalid type: string \"cheap\""), "{message}");
}

#[test]
fn toml_syntax_error_gives_its_line() {
    let text = toml_with("unit_cost = 21.25\nactivity = = 100\n");
    let (_, line, _, field, _, _) = file_error(programme_from_str(&text, Format::Toml, "bad.toml").unwrap_err());
    assert_eq!(line, Some(11));
    assert_eq!(field, None);
}

#[test]
fn json_syntax_error_gives_its_line() {
    let text = "{\n  \"name\": \"x\",\n  \"envelope\": 1,,\n}\n";
    let (_, line, _, _, _, _) = file_error(programme_from_str(text, Format::Json, "bad.json").unwrap_err());
    assert_eq!(line, Some(3));
}

#[test]
fn invalid_value_in_toml_gives_line_column_field_and_cause() {
    let text = toml_with("unit_cost = -5\nactivity = 100\n");
    let e = programme_from_str(&text, Format::Toml, "bad.toml").unwrap_err();
    assert_eq!(
        e.to_string(),
        "bad.toml, line 10, column 13: services[0].unit_cost must be a finite number >= 0, got -5"
    );
    let (_, line, column, field, _, source) = file_error(e);
    assert_eq!((line, column), (Some(10), Some(13)));
    assert_eq!(field.as_deref(), Some("services[0].unit_cost"));
    assert_eq!(
        source.as_deref(),
        Some(&Error::InvalidValue {
            field: "services[0].unit_cost".into(),
            value: "-5".into(),
            expected: "a finite number >= 0".into(),
        })
    );
}

#[test]
fn invalid_locality_register_in_toml_points_at_it() {
    let text = "name = \"x\"\n\
                envelope = 1\n\
                price_year = \"2010/11\"\n\
                \n\
                [[localities]]\n\
                id = \"north\"\n\
                register = 10\n\
                \n\
                [[localities]]\n\
                id = \"south\"\n\
                register = -3\n";
    let (_, line, column, field, message, source) =
        file_error(programme_from_str(text, Format::Toml, "x.toml").unwrap_err());
    assert_eq!((line, column), (Some(11), Some(12)));
    assert_eq!(field.as_deref(), Some("localities[1].register"));
    assert_eq!(message, "localities[1].register must be a finite number >= 0, got -3");
    assert!(matches!(source.as_deref(), Some(Error::InvalidValue { .. })));
}

#[test]
fn invalid_lever_in_a_toml_scenario_points_at_it() {
    let text = toml_with(
        "unit_cost = 21.25\n\
         activity = 100\n\
         \n\
         [[scenarios]]\n\
         name = \"too much\"\n\
         \n\
         [[scenarios.levers]]\n\
         lever = \"productivity\"\n\
         service = \"dietitian\"\n\
         gain = 1.5\n",
    );
    let e = programme_from_str(&text, Format::Toml, "bad.toml").unwrap_err();
    assert_eq!(
        e.to_string(),
        "bad.toml, line 19, column 8: scenarios[0].levers[0].gain must be a share between 0 and 1, got 1.5"
    );
}

#[test]
fn duplicate_service_in_toml_points_at_the_second() {
    let text = toml_with(
        "unit_cost = 21.25\nactivity = 100\n\n[[services]]\nid = \"dietitian\"\ncorner = \"clinical\"\n\
         provider = \"acute_trust\"\nunit = \"hour\"\nunit_cost = 1\nactivity = 1\n",
    );
    let e = programme_from_str(&text, Format::Toml, "bad.toml").unwrap_err();
    assert_eq!(
        e.to_string(),
        "bad.toml, line 14, column 6: services[1].id: duplicate service id `dietitian`"
    );
    let (_, _, _, _, _, source) = file_error(e);
    assert!(matches!(
        source.as_deref(),
        Some(Error::DuplicateId { kind: "service", .. })
    ));
}

#[test]
fn invalid_value_in_json_names_file_and_field() {
    let text = "{\n  \"name\": \"x\",\n  \"envelope\": -1,\n  \"price_year\": \"2010/11\"\n}\n";
    let e = programme_from_str(text, Format::Json, "bad.json").unwrap_err();
    let shown = e.to_string();
    let (file, _, _, field, _, source) = file_error(e);
    assert_eq!(file, "bad.json");
    assert_eq!(field.as_deref(), Some("envelope"));
    assert!(matches!(source.as_deref(), Some(Error::InvalidValue { .. })));
    assert!(shown.starts_with("bad.json"), "{shown}");
    assert!(
        shown.ends_with("envelope must be a finite number >= 0, got -1"),
        "{shown}"
    );
}

#[test]
fn mixed_price_years_in_a_file() {
    let text = toml_with("unit_cost = 27.10\nactivity = 100\nprice_year = \"2023/24\"\n");
    let (_, _, _, _, message, source) = file_error(programme_from_str(&text, Format::Toml, "bad.toml").unwrap_err());
    assert!(message.contains("dietitian (2023/24)"), "{message}");
    assert!(matches!(source.as_deref(), Some(Error::Incompatible(_))));
}

#[test]
fn missing_file_is_an_io_error_naming_it() {
    let path = std::env::temp_dir().join("caretriangle-no-such-file-7f3a.toml");
    let e = load_programme(&path).unwrap_err();
    assert!(
        matches!(&e, Error::Io { path: p, .. } if *p == path.display().to_string()),
        "{e:?}"
    );
}

#[test]
fn unknown_file_type() {
    let e = load_programme("economy.yaml").unwrap_err();
    assert!(matches!(&e, Error::Io { path, .. } if path == "economy.yaml"), "{e:?}");
    assert!(e.to_string().contains(".toml or .json"), "{e}");
}

#[test]
fn locality_spec_without_register_is_a_missing_field() {
    let text = "name = \"x\"\nenvelope = 1\nprice_year = \"2010/11\"\n[[localities]]\nid = \"north\"\n";
    let (_, line, _, field, message, _) = file_error(programme_from_str(text, Format::Toml, "x.toml").unwrap_err());
    assert_eq!(line, Some(4));
    assert_eq!(field.as_deref(), Some("localities[0]"));
    assert_eq!(message, "missing field `register`");
}
