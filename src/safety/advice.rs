//! What to change so a nerve finding clears, computed from the geometry: how far to move the zone and
//! which way, and whether a broad contact or lighter pressure would be enough.

use glam::Vec3;

use super::SafetyModel;
use super::column::{ColumnHit, nerve_in_column};
use crate::plan::{Pressure, Tool};

/// Advice is given in steps of this many millimetres, rounded up.
const STEP_MM: f32 = 5.0;
/// The furthest move advised (metres); beyond it the advice is to work elsewhere.
const MAX_MOVE_M: f32 = 0.15;

/// A move of the zone over the skin: how far, which way.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Move {
    /// The distance in millimetres, a multiple of 5.
    pub mm: f32,
    /// The unit direction over the skin, in the model frame.
    pub direction: Vec3,
}

impl Move {
    /// The direction in the therapist's words: lateral or medial (from the body's midline), up (towards
    /// the waist) or down (towards the feet), whichever the move follows most, as seen from a point `at`.
    pub fn words(&self, at: Vec3) -> &'static str {
        let d = self.direction;
        if d.x.abs() >= d.y.abs() {
            // The model's right side is negative X: lateral there is towards negative X.
            if d.x * at.x >= 0.0 {
                "lateral"
            } else {
                "medial"
            }
        } else if d.y > 0.0 {
            "up (towards the waist)"
        } else {
            "down (towards the feet)"
        }
    }
}

/// Rounds metres up to the advice step, in millimetres.
fn round_up_mm(m: f32) -> f32 {
    ((m * 1000.0 - 0.001) / STEP_MM).ceil().max(1.0) * STEP_MM
}

/// The part of `v` across `normal` (over the skin), normalised; `None` when `v` runs along the normal.
fn over_skin(v: Vec3, normal: Vec3) -> Option<Vec3> {
    (v - normal * v.dot(normal)).try_normalize()
}

/// The direction away from the nerve over the skin at `p`: from the nerve point `nerve` to `p`, across
/// the normal; lateral (away from the midline) where the nerve lies straight under `p`.
fn away_from(p: Vec3, nerve: Vec3, normal: Vec3) -> Vec3 {
    over_skin(p - nerve, normal)
        .or_else(|| over_skin(Vec3::new(p.x.signum(), 0.0, 0.0), normal))
        .unwrap_or(Vec3::X)
}

/// How far a zone point `p` (pressing along `-normal`) must move away from the nerve under it for the
/// nerve to leave its pressure column: found by moving the point over the skin in steps and checking the
/// column again, starting from the estimate the hit gives (the column's radius where it touched the
/// nerve, less the nerve's offset from the centre line, plus the nerve's half width). `None` when no move
/// up to 150 mm clears it.
pub(super) fn move_off_column(
    model: &SafetyModel,
    p: Vec3,
    normal: Vec3,
    half: f32,
    reach: f32,
    hit: &ColumnHit,
) -> Option<Move> {
    /// Half the nerve's width in the buttock, metres (15.55 mm wide, sites.ron [W]).
    const NERVE_HALF_WIDTH_M: f32 = 0.0078;
    let centre = p - normal * hit.touch;
    let offset = (hit.point - centre) - normal * (hit.point - centre).dot(normal);
    // Across the nerve, which runs up and down the back of the hip and thigh: sideways over the skin,
    // away from the side the nerve lies on, or lateral where it lies straight under the centre.
    let side = centre.x - hit.point.x;
    let sign = if side.abs() > 0.002 {
        side.signum()
    } else {
        centre.x.signum()
    };
    let direction = over_skin(Vec3::new(sign, 0.0, 0.0), normal).unwrap_or(Vec3::X * sign);
    let mut mm = round_up_mm(hit.radius - offset.length() + NERVE_HALF_WIDTH_M);
    while mm / 1000.0 <= MAX_MOVE_M {
        let moved = p + direction * (mm / 1000.0);
        let on_skin = model
            .skin
            .as_ref()
            .and_then(|skin| skin.nearest(moved, 0.05))
            .unwrap_or(moved);
        let n = model.surface_normal(on_skin, half).unwrap_or(normal);
        if nerve_in_column(model, on_skin, n, half, reach, None).is_none() {
            return Some(Move { mm, direction });
        }
        mm += STEP_MM;
    }
    None
}

/// How far a zone's edge `gap_mm` from the nerve must move away for a proximity rule that fires within
/// `within_mm` to clear; the direction from the nearest nerve point to the zone point `p`.
pub(super) fn move_off_proximity(
    p: Vec3,
    nerve: Vec3,
    normal: Vec3,
    gap_mm: f32,
    within_mm: f32,
) -> Move {
    Move {
        mm: round_up_mm((within_mm - gap_mm).max(0.0) / 1000.0 + 0.0005),
        direction: away_from(p, nerve, normal),
    }
}

/// The next lighter grade of pressure, if any.
pub(super) fn lighter(pressure: Pressure) -> Option<Pressure> {
    match pressure {
        Pressure::Deep => Some(Pressure::Moderate),
        Pressure::Moderate => Some(Pressure::Light),
        Pressure::Light => None,
    }
}

/// The advice sentence: the move (if any), then the other changes that would clear the finding.
pub(super) fn sentence(
    at: Vec3,
    movement: Option<Move>,
    broad_clears: bool,
    lighter_clears: bool,
) -> String {
    let mut options = Vec::new();
    match movement {
        Some(m) => options.push(format!(
            "move {:.0} mm {} (away from the nerve)",
            m.mm,
            m.words(at)
        )),
        None => options.push("work elsewhere, well away from the nerve line".to_owned()),
    }
    if broad_clears {
        options.push(format!(
            "use a broad contact ({}, {} or {})",
            Tool::Palm.label().to_lowercase(),
            Tool::Forearm.label().to_lowercase(),
            Tool::SoftFist.label().to_lowercase()
        ));
    }
    if lighter_clears {
        options.push("use lighter pressure".to_owned());
    }
    let last = options.pop().expect("at least one option");
    if options.is_empty() {
        format!(" To clear this: {last}.")
    } else {
        format!(" To clear this: {}, or {last}.", options.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_are_named_from_the_midline_and_rounded_up_to_five_millimetres() {
        let right = Vec3::new(-0.09, 0.85, -0.18);
        let out = Move {
            mm: 25.0,
            direction: Vec3::NEG_X,
        };
        assert_eq!(out.words(right), "lateral");
        assert_eq!(out.words(Vec3::new(0.09, 0.85, -0.18)), "medial");
        let up = Move {
            mm: 5.0,
            direction: Vec3::new(0.2, 0.9, 0.1).normalize(),
        };
        assert!(up.words(right).starts_with("up"));
        assert_eq!(round_up_mm(0.0121), 15.0);
        assert_eq!(round_up_mm(0.015), 15.0);
        let m = move_off_proximity(
            right,
            right + Vec3::new(0.02, 0.0, 0.05),
            Vec3::NEG_Z,
            22.0,
            60.0,
        );
        assert_eq!(m.mm, 40.0);
        assert_eq!(m.words(right), "lateral");
    }
}
