//! A cluster's own need weight (`[[localities.clusters]] need_weight`): reinvesting by need
//! across the clusters of a locality weighs each cluster's register by it (by its locality's
//! where it has none). Figures illustrative, chosen for hand arithmetic.

use caretriangle::io::{programme_from_str, Format};
use caretriangle::montecarlo::Model;
use caretriangle::{ApplyOptions, Dimension, Error, Programme};

use crate::common::close;

fn programme(c1_need: &str) -> Result<Programme, Error> {
    let text = format!(
        r#"
name = "Cluster need (illustrative)"
envelope = 1000000
price_year = "2023/24"

[[localities]]
id = "th"
register = 3000
need_weight = 1.5

[[localities.clusters]]
id = "c1"
register = 1000
{c1_need}

[[localities.clusters]]
id = "c2"
register = 2000

[[services]]
id = "cp_c1"
corner = "nhs_self_management"
provider = "general_practice"
unit = "person"
unit_cost = 100
activity = 500
locality = "th"
cluster = "c1"

[[services]]
id = "cp_c2"
corner = "nhs_self_management"
provider = "general_practice"
unit = "person"
unit_cost = 100
activity = 1000
locality = "th"
cluster = "c2"

[[scenarios]]
name = "by need"

[[scenarios.levers]]
lever = "reinvest"
amount = 6000
into = ["cp_c1", "cp_c2"]
by = "need"
source = "new"
"#
    );
    programme_from_str(&text, Format::Toml, "<test>")
}

fn change_by_cluster(p: &Programme) -> (f64, f64) {
    let c = p.economy().apply(&p.scenarios()[0], ApplyOptions::default()).unwrap();
    let t = c.by(Dimension::Cluster);
    (t.get("c1", "change").unwrap(), t.get("c2", "change").unwrap())
}

#[test]
fn a_cluster_weighs_its_register_by_its_own_need() {
    // c1: 1,000 × 4 = 4,000; c2: 2,000 × its locality's 1.5 = 3,000; of 7,000: £6,000 × 4/7
    // = 3,428.57… and × 3/7 = 2,571.43…
    let (c1, c2) = change_by_cluster(&programme("need_weight = 4").unwrap());
    close(c1, 6_000.0 * 4.0 / 7.0, 1e-9);
    close(c2, 6_000.0 * 3.0 / 7.0, 1e-9);
    // Without its own, c1 has the locality's 1.5 like c2: by register, 1/3 and 2/3.
    let (c1, c2) = change_by_cluster(&programme("").unwrap());
    close(c1, 2_000.0, 1e-9);
    close(c2, 4_000.0, 1e-9);
}

#[test]
fn an_uncertain_cluster_need_is_a_monte_carlo_input() {
    let p = programme("need_weight = { dist = \"triangular\", low = 3, mode = 4, high = 5 }").unwrap();
    // Its mean, 4, deterministically: the same spread as above.
    let (c1, _) = change_by_cluster(&p);
    close(c1, 6_000.0 * 4.0 / 7.0, 1e-9);
    let scenarios: Vec<_> = p.scenarios().iter().collect();
    let model = Model::new(p.economy(), &scenarios, vec![]).unwrap();
    assert!(model.inputs().iter().any(|i| i.name == "c1.need_weight"));
}

#[test]
fn a_negative_cluster_need_is_refused_where_it_is() {
    let e = programme("need_weight = -1").unwrap_err();
    assert_eq!(e.field(), Some("localities[0].clusters[0].need_weight"), "{e}");
}
