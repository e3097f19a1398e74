//! `pose`: what a test posed on one leg does to the nerve's bed and to piriformis.

use std::io::Write;

use super::{EXIT_OK, Format};
use crate::anatomy::{Anatomy, Side};
use crate::pose::tension::{LengthChange, NerveTest, tension};

/// Exit status when the test, the side or an angle is refused.
pub const EXIT_REFUSED: i32 = 2;

/// Prints the lengths of the nerve's stretches, the whole path and piriformis with `side`'s leg in the
/// test at `angle` degrees of hip flexion, against the neutral pose.
pub fn pose(
    test: &str,
    angle: f32,
    knee: Option<f32>,
    ankle: Option<f32>,
    side: &str,
    format: Format,
    out: &mut impl Write,
    err: &mut impl Write,
) -> std::io::Result<i32> {
    let Some(test) = NerveTest::from_id(test) else {
        let known: Vec<&str> = NerveTest::ALL.iter().map(|t| t.id()).collect();
        writeln!(
            err,
            "error: unknown test '{test}' (one of: {})",
            known.join(", ")
        )?;
        return Ok(EXIT_REFUSED);
    };
    let (side, side_name) = match side.trim() {
        "right" => (Side::Right, "right"),
        "left" => (Side::Left, "left"),
        other => {
            writeln!(err, "error: unknown side '{other}' (left or right)")?;
            return Ok(EXIT_REFUSED);
        }
    };
    let angles = test.angles(angle, knee, ankle);
    let result = match tension(Anatomy::embedded(), side, angles) {
        Ok(result) => result,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(EXIT_REFUSED);
        }
    };
    match format {
        Format::Json => {
            #[derive(serde::Serialize)]
            struct Report<'a> {
                test: NerveTest,
                side: &'a str,
                hip_flexion: f32,
                hip_abduction: f32,
                hip_external_rotation: f32,
                knee_flexion: f32,
                ankle_dorsiflexion: f32,
                nerve: &'a [LengthChange],
                total: &'a LengthChange,
                total_percent: f32,
                piriformis: &'a LengthChange,
                piriformis_percent: f32,
            }
            let report = Report {
                test,
                side: side_name,
                hip_flexion: angles.hip_flexion,
                hip_abduction: angles.hip_abduction,
                hip_external_rotation: angles.hip_external_rotation,
                knee_flexion: angles.knee_flexion,
                ankle_dorsiflexion: angles.ankle_dorsiflexion,
                nerve: &result.nerve,
                total: &result.total,
                total_percent: result.total.percent(),
                piriformis: &result.piriformis,
                piriformis_percent: result.piriformis.percent(),
            };
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
        }
        Format::Text => {
            writeln!(
                out,
                "{}, {} leg: hip flexion {}°, abduction {}°, external rotation {}°, knee flexion {}°, ankle dorsiflexion {}°",
                test.label(),
                side_name,
                // Adding zero turns a negated zero into a plain one for printing.
                angles.hip_flexion + 0.0,
                angles.hip_abduction + 0.0,
                angles.hip_external_rotation + 0.0,
                angles.knee_flexion + 0.0,
                angles.ankle_dorsiflexion + 0.0,
            )?;
            writeln!(
                out,
                "Lengths against the neutral pose (the model's geometry: an estimate of how far the nerve's bed lengthens):"
            )?;
            for change in result
                .nerve
                .iter()
                .chain([&result.total, &result.piriformis])
            {
                writeln!(
                    out,
                    "  {:<36} {:>7.1} mm -> {:>7.1} mm  {:+.1}%",
                    change.name,
                    change.neutral_mm,
                    change.posed_mm,
                    change.percent()
                )?;
            }
        }
    }
    Ok(EXIT_OK)
}
