//! The Year of Care triangle: its three corners, the three sides between them, who
//! commissions each corner, and the kinds of provider.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{did_you_mean, Error, Result};

/// A corner of the triangle: care that must be commissioned for everyone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Corner {
    /// Traditional biomedical and clinical care: specialist and secondary care, QOF and
    /// medicines in primary care.
    Clinical,
    /// Supporting self-management inside the NHS: care and support planning by primary care
    /// teams, structured education.
    NhsSelfManagement,
    /// Supporting self-management in the community: third-sector, social-enterprise and other
    /// non-traditional providers.
    CommunitySelfManagement,
}

impl Corner {
    /// The three corners in the triangle's order.
    pub const ALL: [Corner; 3] = [
        Corner::Clinical,
        Corner::NhsSelfManagement,
        Corner::CommunitySelfManagement,
    ];

    /// The id used in files and tables (`nhs_self_management`).
    pub fn id(self) -> &'static str {
        match self {
            Corner::Clinical => "clinical",
            Corner::NhsSelfManagement => "nhs_self_management",
            Corner::CommunitySelfManagement => "community_self_management",
        }
    }

    /// The corner's name in the framework's words, for reports.
    pub fn label(self) -> &'static str {
        match self {
            Corner::Clinical => "Traditional clinical care",
            Corner::NhsSelfManagement => "Self-management support in the NHS",
            Corner::CommunitySelfManagement => "Self-management support in the community",
        }
    }

    /// Position in [`Corner::ALL`], for arrays indexed by corner.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The YOC model's default commissioner of this corner.
    pub fn default_commissioner(self) -> &'static str {
        match self {
            Corner::Clinical => "CCG",
            Corner::NhsSelfManagement => "NHS Commissioning Board",
            Corner::CommunitySelfManagement => "Health and Wellbeing Board",
        }
    }
}

impl fmt::Display for Corner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Corner {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Corner::ALL.into_iter().find(|c| c.id() == s).ok_or_else(|| {
            Error::invalid(
                "corner",
                format!("{s:?}"),
                format!(
                    "one of clinical, nhs_self_management, community_self_management{}",
                    did_you_mean(s, Corner::ALL.map(Corner::id))
                ),
            )
        })
    }
}

/// Where a move of money runs: along one of the triangle's sides, or inside one corner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    /// Clinical ↔ NHS self-management: redesign across primary and specialist care.
    Left,
    /// NHS ↔ community self-management: rebalance across traditional and social-enterprise
    /// providers.
    Floor,
    /// Clinical ↔ community self-management: joint needs assessment across a community.
    Right,
    /// A redesign inside one corner.
    Within(Corner),
}

impl Side {
    /// The side that joins two corners (or `Within` when they are the same corner).
    pub fn between(a: Corner, b: Corner) -> Side {
        use Corner::{Clinical, CommunitySelfManagement, NhsSelfManagement};
        match (a, b) {
            (Clinical, NhsSelfManagement) | (NhsSelfManagement, Clinical) => Side::Left,
            (NhsSelfManagement, CommunitySelfManagement) | (CommunitySelfManagement, NhsSelfManagement) => Side::Floor,
            (Clinical, CommunitySelfManagement) | (CommunitySelfManagement, Clinical) => Side::Right,
            (a, _) => Side::Within(a),
        }
    }

    /// The id used in tables (`left`, `floor`, `right`, `within_clinical`).
    pub fn id(self) -> String {
        match self {
            Side::Left => "left".into(),
            Side::Floor => "floor".into(),
            Side::Right => "right".into(),
            Side::Within(c) => format!("within_{}", c.id()),
        }
    }

    /// The side's meaning in the framework's words.
    pub fn label(self) -> String {
        match self {
            Side::Left => "Left: across primary and specialist care".into(),
            Side::Floor => "Floor: across traditional and social-enterprise self-management".into(),
            Side::Right => "Right: across the community (joint needs assessment)".into(),
            // Lower-case the label's first letter only: "NHS" stays in capitals.
            Side::Within(c) => {
                let label = c.label();
                format!("Within {}{}", label[..1].to_lowercase(), &label[1..])
            }
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id())
    }
}

/// The kind of organisation that provides a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderType {
    /// Acute (hospital) trust.
    AcuteTrust,
    /// Community health services trust.
    CommunityTrust,
    /// General practice.
    GeneralPractice,
    /// Ambulance trust.
    AmbulanceTrust,
    /// Third sector or social enterprise.
    ThirdSector,
    /// Local authority.
    LocalAuthority,
    /// Any other provider (community pharmacy, independent sector, …).
    Other,
}

impl ProviderType {
    /// Every provider type, in report order.
    pub const ALL: [ProviderType; 7] = [
        ProviderType::AcuteTrust,
        ProviderType::CommunityTrust,
        ProviderType::GeneralPractice,
        ProviderType::AmbulanceTrust,
        ProviderType::ThirdSector,
        ProviderType::LocalAuthority,
        ProviderType::Other,
    ];

    /// The id used in files (`third_sector`).
    pub fn id(self) -> &'static str {
        match self {
            ProviderType::AcuteTrust => "acute_trust",
            ProviderType::CommunityTrust => "community_trust",
            ProviderType::GeneralPractice => "general_practice",
            ProviderType::AmbulanceTrust => "ambulance_trust",
            ProviderType::ThirdSector => "third_sector",
            ProviderType::LocalAuthority => "local_authority",
            ProviderType::Other => "other",
        }
    }

    /// The provider type in words, for reports.
    pub fn label(self) -> &'static str {
        match self {
            ProviderType::AcuteTrust => "Acute trust",
            ProviderType::CommunityTrust => "Community trust",
            ProviderType::GeneralPractice => "General practice",
            ProviderType::AmbulanceTrust => "Ambulance trust",
            ProviderType::ThirdSector => "Third sector / social enterprise",
            ProviderType::LocalAuthority => "Local authority",
            ProviderType::Other => "Other provider",
        }
    }
}

impl FromStr for ProviderType {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        ProviderType::ALL.into_iter().find(|p| p.id() == s).ok_or_else(|| {
            Error::invalid(
                "provider",
                format!("{s:?}"),
                format!(
                    "a provider type{}",
                    did_you_mean(s, ProviderType::ALL.map(ProviderType::id))
                ),
            )
        })
    }
}

/// Who commissions each corner. The YOC model's defaults (CCG; NHS Commissioning Board;
/// Health and Wellbeing Board) can be renamed, e.g. to ICB, NHS England and local authority.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commissioners {
    names: [String; 3],
}

impl Default for Commissioners {
    fn default() -> Self {
        Commissioners {
            names: Corner::ALL.map(|c| c.default_commissioner().to_string()),
        }
    }
}

impl Commissioners {
    /// Commissioners with the given names per corner; `None` keeps the YOC default.
    ///
    /// # Errors
    /// A name that is empty or only spaces.
    pub fn new(names: [Option<String>; 3]) -> Result<Self> {
        let mut out = Commissioners::default();
        for (corner, name) in Corner::ALL.into_iter().zip(names) {
            if let Some(name) = name {
                if name.trim().is_empty() {
                    return Err(Error::invalid(
                        format!("commissioners.{}", corner.id()),
                        format!("{name:?}"),
                        "a non-empty name",
                    ));
                }
                out.names[corner.index()] = name;
            }
        }
        Ok(out)
    }

    /// Who commissions `corner`.
    pub fn of(&self, corner: Corner) -> &str {
        &self.names[corner.index()]
    }

    /// The names that differ from the YOC defaults (what a file needs to say).
    pub fn overrides(&self) -> [Option<String>; 3] {
        Corner::ALL.map(|c| {
            let name = self.of(c);
            (name != c.default_commissioner()).then(|| name.to_string())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides_join_the_corners_as_in_the_yoc_diagram() {
        use Corner::*;
        assert_eq!(Side::between(Clinical, NhsSelfManagement), Side::Left);
        assert_eq!(Side::between(CommunitySelfManagement, NhsSelfManagement), Side::Floor);
        assert_eq!(Side::between(CommunitySelfManagement, Clinical), Side::Right);
        assert_eq!(Side::between(Clinical, Clinical), Side::Within(Clinical));
        assert_eq!(Side::Within(NhsSelfManagement).id(), "within_nhs_self_management");
    }

    #[test]
    fn commissioners_default_to_the_yoc_model_and_can_be_renamed() {
        let c = Commissioners::default();
        assert_eq!(c.of(Corner::Clinical), "CCG");
        assert_eq!(c.of(Corner::NhsSelfManagement), "NHS Commissioning Board");
        assert_eq!(c.of(Corner::CommunitySelfManagement), "Health and Wellbeing Board");
        let c = Commissioners::new([Some("ICB".into()), None, Some("Local authority".into())]).unwrap();
        assert_eq!(c.of(Corner::Clinical), "ICB");
        assert_eq!(c.overrides()[1], None);
        assert!(Commissioners::new([Some(" ".into()), None, None]).is_err());
    }

    #[test]
    fn unknown_corner_suggests_the_nearest() {
        let e = "clinicl".parse::<Corner>().unwrap_err().to_string();
        assert!(e.contains("did you mean `clinical`"), "{e}");
    }
}
