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
    /// How deep under the zone the rule looks for the site (mm, above the first bone), whatever the
    /// pressure's reach; left out, the pressure's reach with the zone's tool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depth_mm: Option<f32>,
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

/// How deep under a zone each pressure loads the tissue with pointed and with broad contacts, and which
/// tools are broad.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reaches {
    /// Small contacts that concentrate the load (elbow, thumb, knuckles, fingers).
    pub pointed: Reach,
    /// Broad contacts that spread it (palm, heel of hand, soft fist, forearm).
    pub broad: Reach,
    /// The tools that count as broad; every other tool is pointed.
    pub broad_tools: Vec<Tool>,
}

impl Reaches {
    /// True when the tool is a broad contact.
    pub fn is_broad(&self, tool: Tool) -> bool {
        self.broad_tools.contains(&tool)
    }

    /// The reach in millimetres of a pressure with a tool.
    pub fn of(&self, pressure: Pressure, tool: Tool) -> f32 {
        if self.is_broad(tool) {
            self.broad.of(pressure)
        } else {
            self.pointed.of(pressure)
        }
    }

    /// The deepest reach of any pressure with any tool, mm.
    pub fn deepest(&self) -> f32 {
        self.pointed.deep.max(self.broad.deep)
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

/// A finding raised when the normal a plan records for a zone is more than an angle off the skin's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NormalRule {
    /// The largest angle in degrees between the recorded normal and the skin's at the zone's centre
    /// that passes.
    pub max_angle_deg: f32,
    /// How serious it is.
    pub severity: Severity,
    /// Why, in plain words.
    pub rationale: String,
}

/// A zone overlapping a no-go area the plan marks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoGoRule {
    /// How serious an overlap is.
    pub severity: Severity,
    /// How serious it is with light pressure and a broad contact.
    pub light_broad_severity: Severity,
    /// Why, in plain words.
    pub rationale: String,
}

/// How a slim or a large build scales the depths under the skin next to the model (an average build).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildRule {
    /// The depths of a slim client, as a fraction of the model's.
    pub slim: f32,
    /// The depths of a large client, as a multiple of the model's.
    pub large: f32,
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
    /// How deep each pressure reaches under a zone with each kind of contact; the column stops earlier
    /// at bone.
    pub reach_mm: Reaches,
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
    pub no_go_overlap: NoGoRule,
    /// A recorded normal far off the skin's.
    pub recorded_normal: NormalRule,
    /// The client's build.
    pub build: BuildRule,
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
