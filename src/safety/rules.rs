//! The safety rules as data: thresholds and the reason for each, read from `assets/anatomy/safety.ron`.

use serde::{Deserialize, Serialize};

use crate::plan::{ClientPosition, NerveVariant, Pressure, Severity, Tool};

/// The rules file built into the binary.
pub const EMBEDDED_RULES: &str = include_str!("../../assets/anatomy/safety.ron");

/// A finding raised when a zone with a given pressure comes within a distance of the nerve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProximityRule {
    /// The pressure the rule applies to.
    pub pressure: Pressure,
    /// How serious it is.
    pub severity: Severity,
    /// The rule fires when the zone's edge is at most this far from the nerve surface (mm).
    pub within_mm: f32,
    /// Why, in plain words.
    pub rationale: String,
}

/// A finding raised when the nerve lies in the column of tissue a zone's pressure reaches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnRule {
    /// The pressure the rule applies to.
    pub pressure: Pressure,
    /// How serious it is.
    pub severity: Severity,
    /// Why, in plain words.
    pub rationale: String,
}

/// Deep work on a muscle the nerve may pass through in a variant anatomy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantRule {
    /// The Beaton & Anson types the rule applies to.
    pub variants: Vec<NerveVariant>,
    /// Pressures the rule applies to.
    pub pressures: Vec<Pressure>,
    /// Base id of the muscle (`piriformis`): the zone lies on it, or it lies in the zone's column.
    pub structure: String,
    /// How serious it is.
    pub severity: Severity,
    /// Why, in plain words.
    pub rationale: String,
}

/// A finding raised when a zone's pressure column reaches an endangerment site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteRule {
    /// Id of the endangerment site (`sites.ron`), checked on both sides.
    pub site: String,
    /// Tools the rule applies to; empty means any tool.
    pub tools: Vec<Tool>,
    /// Pressures the rule applies to; empty means any pressure.
    pub pressures: Vec<Pressure>,
    /// How serious it is.
    pub severity: Severity,
    /// Why, in plain words.
    pub rationale: String,
}

impl SiteRule {
    /// True when the rule covers this tool and pressure.
    pub fn applies_to(&self, tool: Tool, pressure: Pressure) -> bool {
        (self.tools.is_empty() || self.tools.contains(&tool))
            && (self.pressures.is_empty() || self.pressures.contains(&pressure))
    }
}

/// How deep under a zone each pressure loads the tissue (mm), for the nerve column and the site rules.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reach {
    /// Light pressure.
    pub light: f32,
    /// Moderate pressure.
    pub moderate: f32,
    /// Deep pressure.
    pub deep: f32,
}

impl Reach {
    /// The reach of a pressure in millimetres.
    pub fn of(&self, pressure: Pressure) -> f32 {
        match pressure {
            Pressure::Light => self.light,
            Pressure::Moderate => self.moderate,
            Pressure::Deep => self.deep,
        }
    }
}

/// A rule with no threshold: a severity and its reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagRule {
    /// How serious it is.
    pub severity: Severity,
    /// Why, in plain words.
    pub rationale: String,
}

/// Positions to avoid during pregnancy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PositionRule {
    /// The positions the rule flags.
    pub positions: Vec<ClientPosition>,
    /// How serious it is.
    pub severity: Severity,
    /// Why, in plain words.
    pub rationale: String,
}

/// Every safety rule with its thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SafetyRules {
    /// How deep each pressure reaches under a zone; the column stops earlier at bone.
    pub reach_mm: Reach,
    /// The nerve in the column of tissue under a zone, within the pressure's reach.
    pub nerve_column: Vec<ColumnRule>,
    /// Pressure near the nerve; for each zone the most severe matching rule fires.
    pub nerve_proximity: Vec<ProximityRule>,
    /// Tools and pressures on endangerment sites.
    pub site_rules: Vec<SiteRule>,
    /// Deep work on piriformis when the nerve runs through or above it.
    pub variant_piriformis: VariantRule,
    /// Any cauda equina red flag blocks the plan.
    pub red_flags: FlagRule,
    /// A sequestered disc blocks the plan.
    pub sequestration: FlagRule,
    /// Deep work during an acute flare-up.
    pub acute_deep: FlagRule,
    /// Positions to avoid during pregnancy.
    pub pregnancy_position: PositionRule,
    /// A zone overlapping a no-go area.
    pub no_go_overlap: FlagRule,
}

impl SafetyRules {
    /// Parses a rules file.
    pub fn from_ron(text: &str) -> Result<Self, ron::error::SpannedError> {
        ron::from_str(text)
    }

    /// The built-in rules.
    pub fn embedded() -> Self {
        Self::from_ron(EMBEDDED_RULES).expect("the built-in safety rules parse")
    }

    /// The most severe proximity rule for `pressure` that fires at `distance_mm`.
    pub fn proximity(&self, pressure: Pressure, distance_mm: f32) -> Option<&ProximityRule> {
        self.nerve_proximity
            .iter()
            .filter(|r| r.pressure == pressure && distance_mm <= r.within_mm)
            .max_by_key(|r| r.severity)
    }

    /// The column rule for `pressure`, if any.
    pub fn column(&self, pressure: Pressure) -> Option<&ColumnRule> {
        self.nerve_column
            .iter()
            .filter(|r| r.pressure == pressure)
            .max_by_key(|r| r.severity)
    }

    /// The most severe proximity rule's severity for one pressure, if any rule applies to it.
    pub fn max_proximity_severity(&self, pressure: Pressure) -> Option<Severity> {
        self.nerve_proximity
            .iter()
            .filter(|r| r.pressure == pressure)
            .map(|r| r.severity)
            .max()
    }

    /// The largest proximity threshold for one pressure, mm (0 when none applies).
    pub fn max_proximity_for_mm(&self, pressure: Pressure) -> f32 {
        self.nerve_proximity
            .iter()
            .filter(|r| r.pressure == pressure)
            .map(|r| r.within_mm)
            .fold(0.0, f32::max)
    }
}
