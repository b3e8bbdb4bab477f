//! Example economies carried inside the library, so they work after a plain install.
//! The files live in the repository's `examples/` folder with every figure's source.

use crate::error::{Error, Result};
use crate::io::{programme_from_str, Format};
use crate::programme::Programme;

/// The text of `examples/north_of_tyne.toml`: an illustrative diabetes economy of three
/// localities with the Year of Care rates and a £1.4m reinvestment.
pub const NORTH_OF_TYNE: &str = include_str!("../examples/north_of_tyne.toml");

/// The text of `examples/structured_education.toml`: one service, DESMOND structured
/// education at its published real-world cost and QALY gain, for outcomes and
/// cost-effectiveness.
pub const STRUCTURED_EDUCATION: &str = include_str!("../examples/structured_education.toml");

/// The text of `examples/tower_hamlets.toml`: one locality in 8 clusters of practices, care
/// planning for 76% of the register, a skill mix person for person, all the released money
/// reinvested by cluster register, an integrated community team for the top 7% at risk, and
/// a five-year budget impact.
pub const TOWER_HAMLETS: &str = include_str!("../examples/tower_hamlets.toml");

/// The names of the examples carried, with their text.
pub const ALL: [(&str, &str); 3] = [
    ("north_of_tyne", NORTH_OF_TYNE),
    ("structured_education", STRUCTURED_EDUCATION),
    ("tower_hamlets", TOWER_HAMLETS),
];

/// The text of an example by name.
///
/// # Errors
/// A name no example has.
pub fn text(name: &str) -> Result<&'static str> {
    ALL.iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .ok_or_else(|| Error::unknown("example", "example", name, ALL.iter().map(|(n, _)| *n)))
}

/// The North of Tyne example economy.
///
/// # Errors
/// None for the shipped file (a test loads it).
pub fn north_of_tyne() -> Result<Programme> {
    programme_from_str(NORTH_OF_TYNE, Format::Toml, "north_of_tyne.toml")
}

/// The Tower Hamlets example economy.
///
/// # Errors
/// None for the shipped file (a test loads it).
pub fn tower_hamlets() -> Result<Programme> {
    programme_from_str(TOWER_HAMLETS, Format::Toml, "tower_hamlets.toml")
}
