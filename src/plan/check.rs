//! Validation of a plan's contents: ids, orders, ranges, dates and structure ids.
//!
//! This checks that a plan is well formed. Whether it is safe (pressure near the nerve, red flags) is the
//! safety engine's job.

use std::collections::HashSet;
use std::fmt;

use super::{Anchor, MODEL_ID, MODEL_VERSION, Point3, SessionPlan, Shape};
use crate::anatomy;

/// How serious a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    /// Worth knowing; nothing to fix.
    Note,
    /// Probably a mistake; the plan still works.
    Warning,
    /// The plan is invalid until this is fixed.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem found in a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// How serious it is.
    pub severity: Severity,
    /// The zone or no-go area it concerns, if any.
    pub item: Option<String>,
    /// What is wrong, in plain words.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.item {
            Some(item) => write!(f, "{}: {item}: {}", self.severity, self.message),
            None => write!(f, "{}: {}", self.severity, self.message),
        }
    }
}

/// All findings for one plan.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Findings in the order they were found.
    pub findings: Vec<Finding>,
}

impl Report {
    /// True when any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// Number of findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    fn push(&mut self, severity: Severity, item: Option<&str>, message: impl Into<String>) {
        self.findings.push(Finding {
            severity,
            item: item.map(str::to_owned),
            message: message.into(),
        });
    }
}

/// Ranges a plan's numbers must lie in.
const RADIUS_MM: (f32, f32) = (5.0, 250.0);
const STROKE_WIDTH_MM: (f32, f32) = (5.0, 150.0);
const DURATION_MIN: (f32, f32) = (0.1, 60.0);
const SLR_ANGLE_DEG: (f32, f32) = (0.0, 120.0);
/// A measured soft-tissue depth over the buttock (skin to the nerve), mm: a very lean to a very heavy client.
const SOFT_TISSUE_MM: (f32, f32) = (20.0, 200.0);
/// Model-space bounds in metres: anything outside is not on the body.
const BODY_EXTENT_M: f32 = 1.5;

fn in_range(value: f32, (lo, hi): (f32, f32)) -> bool {
    value.is_finite() && value >= lo && value <= hi
}

/// Checks a plan's format-level validity.
pub fn check_plan(plan: &SessionPlan) -> Report {
    let mut report = Report::default();
    if plan.model.id != MODEL_ID {
        report.push(
            Severity::Error,
            None,
            format!(
                "the plan is drawn on model '{}', but this app has model '{MODEL_ID}'",
                plan.model.id
            ),
        );
    } else if plan.model.version != MODEL_VERSION {
        report.push(
            Severity::Warning,
            None,
            format!(
                "the plan was drawn on model version {}, this app has version {MODEL_VERSION}; check the zones sit where intended",
                plan.model.version
            ),
        );
    }
    if plan.title.trim().is_empty() {
        report.push(Severity::Warning, None, "the plan has no title");
    }
    if looks_like_full_name(&plan.client_alias) {
        report.push(
            Severity::Note,
            None,
            format!(
                "the client alias '{}' looks like a full name; a plan is a health record, so use initials \
                 or an alias",
                plan.client_alias
            ),
        );
    }
    if let Some(date) = &plan.date
        && !is_iso_date(date)
    {
        report.push(
            Severity::Error,
            None,
            format!("date '{date}' is not a real date written as YYYY-MM-DD"),
        );
    }
    if let Some(angle) = plan.assessment.straight_leg_raise.angle_deg
        && !in_range(angle, SLR_ANGLE_DEG)
    {
        report.push(
            Severity::Error,
            None,
            format!("straight leg raise angle {angle} degrees is outside 0-120"),
        );
    }
    if let super::Build::Measured { soft_tissue_mm } = plan.assessment.build
        && !in_range(soft_tissue_mm, SOFT_TISSUE_MM)
    {
        report.push(
            Severity::Error,
            None,
            format!("the measured soft tissue over the buttock, {soft_tissue_mm} mm, is outside 20-200 mm"),
        );
    }

    let mut ids = HashSet::new();
    let all_ids = plan
        .zones
        .iter()
        .map(|z| z.id.as_str())
        .chain(plan.no_go.iter().map(|n| n.id.as_str()));
    for id in all_ids {
        if id.trim().is_empty() {
            report.push(
                Severity::Error,
                None,
                "a zone or no-go area has an empty id",
            );
        } else if !ids.insert(id) {
            report.push(Severity::Error, Some(id), "this id is used more than once");
        }
    }

    let mut orders = HashSet::new();
    for zone in &plan.zones {
        let id = Some(zone.id.as_str());
        if zone.order == 0 {
            report.push(Severity::Error, id, "order must start at 1");
        } else if !orders.insert(zone.order) {
            report.push(
                Severity::Error,
                id,
                format!("order {} is given to more than one zone", zone.order),
            );
        }
        check_anchor(&mut report, &zone.id, &zone.anchor);
        match &zone.shape {
            Shape::Disc { radius_mm } => {
                if !in_range(*radius_mm, RADIUS_MM) {
                    report.push(
                        Severity::Error,
                        id,
                        format!("radius {radius_mm} mm is outside {RADIUS_MM:?} mm"),
                    );
                }
            }
            Shape::Stroke { path, width_mm } => {
                if path.len() < 2 {
                    report.push(Severity::Error, id, "a stroke needs at least two points");
                }
                if path.iter().any(|p| !on_body(*p)) {
                    report.push(Severity::Error, id, "a stroke point lies outside the body");
                }
                if !in_range(*width_mm, STROKE_WIDTH_MM) {
                    report.push(
                        Severity::Error,
                        id,
                        format!("stroke width {width_mm} mm is outside {STROKE_WIDTH_MM:?} mm"),
                    );
                }
            }
        }
        if !in_range(zone.duration_min, DURATION_MIN) {
            report.push(
                Severity::Error,
                id,
                format!(
                    "duration {} min is outside {DURATION_MIN:?} min",
                    zone.duration_min
                ),
            );
        }
    }
    let max_order = plan.zones.iter().map(|z| z.order).max().unwrap_or(0) as usize;
    if max_order > plan.zones.len() {
        report.push(Severity::Note, None, "zone order numbers have gaps");
    }

    for area in &plan.no_go {
        check_anchor(&mut report, &area.id, &area.anchor);
        if !in_range(area.radius_mm, RADIUS_MM) {
            report.push(
                Severity::Error,
                Some(&area.id),
                format!("radius {} mm is outside {RADIUS_MM:?} mm", area.radius_mm),
            );
        }
    }
    report
}

fn on_body(p: Point3) -> bool {
    p.is_finite()
        && p.x.abs() <= BODY_EXTENT_M
        && p.y.abs() <= 2.0 * BODY_EXTENT_M
        && p.z.abs() <= BODY_EXTENT_M
}

fn check_anchor(report: &mut Report, id: &str, anchor: &Anchor) {
    if !anatomy::is_known_structure(&anchor.structure) {
        report.push(
            Severity::Error,
            Some(id),
            format!("'{}' is not a structure of the model", anchor.structure),
        );
    }
    if !on_body(anchor.position) {
        report.push(
            Severity::Error,
            Some(id),
            "the anchor lies outside the body",
        );
    }
    let n = anchor.normal.length();
    if !n.is_finite() || (n - 1.0).abs() > 0.05 {
        report.push(
            Severity::Error,
            Some(id),
            format!("the anchor normal has length {n:.3}, not 1"),
        );
    }
}

/// Two or more capitalised words ("Anna Berg", "Mary-Jane O'Neil"): words that begin with a capital and
/// have small letters too. Initials ("S.K.", "S. K.") and single words ("Anna") are taken as aliases.
fn looks_like_full_name(alias: &str) -> bool {
    let capitalised = |word: &&str| {
        let mut letters = word.chars().filter(|c| c.is_alphabetic());
        letters.next().is_some_and(char::is_uppercase) && letters.any(char::is_lowercase)
    };
    alias.split_whitespace().filter(capitalised).count() >= 2
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_names_are_told_from_aliases() {
        for name in [
            "Anna Berg",
            "Mary-Jane O'Neil",
            "Åsa Öberg",
            "  Jan   Novák ",
            "anna Berg Lund",
        ] {
            assert!(looks_like_full_name(name), "{name}");
        }
        for alias in [
            "",
            "S.K.",
            "S. K.",
            "SK",
            "Anna",
            "A. Berg",
            "client 7",
            "AB CD",
            "anna berg",
        ] {
            assert!(!looks_like_full_name(alias), "{alias}");
        }
    }

    #[test]
    fn a_full_name_as_alias_is_a_note_not_an_error() {
        let mut plan = SessionPlan::new("Week 1");
        plan.client_alias = "S.K.".into();
        assert!(
            check_plan(&plan)
                .findings
                .iter()
                .all(|f| !f.message.contains("alias"))
        );
        plan.client_alias = "Sarah Kowalski".into();
        let report = check_plan(&plan);
        let notes: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.message.contains("full name"))
            .collect();
        assert_eq!(notes.len(), 1, "{report:?}");
        assert_eq!(notes[0].severity, Severity::Note);
        assert!(!report.has_errors(), "{report:?}");
    }

    #[test]
    fn iso_dates() {
        assert!(is_iso_date("2026-02-28"));
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2026-02-29"));
        assert!(!is_iso_date("2026-13-01"));
        assert!(!is_iso_date("26-1-1"));
        assert!(!is_iso_date("2026/01/01"));
    }
}
