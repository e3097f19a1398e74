//! The commands that make something to hand on from a plan: an anonymised copy and the client's handout.

use std::io::Write;
use std::path::Path;

use super::{EXIT_OK, EXIT_UNREADABLE};
use crate::handout::{self, Paper};
use crate::{plan, private};

/// Exit status of `export` and `handout` when the output file cannot be written.
pub const EXIT_NOT_WRITTEN: i32 = 3;

/// Writes a copy of the plan at `plan_path` to `out_path` through the plan's atomic save, anonymised when
/// asked (see [`plan::anonymised`]). Says what it wrote to `out` and what went wrong to `err`; returns the
/// exit status: 0 when written, 2 when the plan cannot be read, 3 when the copy cannot be written. A
/// failure leaves no file, and never a half-written one.
pub fn export(
    plan_path: &Path,
    out_path: &Path,
    anonymise: bool,
    out: &mut impl Write,
    err: &mut impl Write,
) -> std::io::Result<i32> {
    let copy = match read_plan(plan_path, anonymise, err)? {
        Ok(plan) => plan,
        Err(code) => return Ok(code),
    };
    if let Err(e) = plan::save(out_path, &copy) {
        writeln!(err, "error: could not write {}: {e}", out_path.display())?;
        return Ok(EXIT_NOT_WRITTEN);
    }
    let how = if anonymise {
        "an anonymised copy"
    } else {
        "a copy"
    };
    writeln!(
        out,
        "wrote {how} of {} to {}",
        plan_path.display(),
        out_path.display()
    )?;
    Ok(EXIT_OK)
}

/// Writes the client's handout of the plan at `plan_path` as a PDF to `out_path` (owner-only, through a
/// temporary file renamed into place), on `paper`, anonymised when asked. Says what it wrote to `out` and
/// what went wrong to `err`; returns the exit status: 0 when written, 2 when the plan cannot be read, 3
/// when the handout cannot be made or written. A failure leaves no file.
pub fn handout(
    plan_path: &Path,
    out_path: &Path,
    paper: Paper,
    anonymise: bool,
    out: &mut impl Write,
    err: &mut impl Write,
) -> std::io::Result<i32> {
    let plan = match read_plan(plan_path, anonymise, err)? {
        Ok(plan) => plan,
        Err(code) => return Ok(code),
    };
    let bytes = match handout::handout_pdf(&plan, paper) {
        Ok(bytes) => bytes,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(EXIT_NOT_WRITTEN);
        }
    };
    if let Err(e) = private::write_atomically(out_path, &bytes) {
        writeln!(err, "error: could not write {}: {e}", out_path.display())?;
        return Ok(EXIT_NOT_WRITTEN);
    }
    writeln!(
        out,
        "wrote the handout of {} to {} ({} bytes)",
        plan_path.display(),
        out_path.display(),
        bytes.len()
    )?;
    Ok(EXIT_OK)
}

/// The plan at `path`, anonymised when asked; or, when it cannot be read, the exit status, having said
/// why to `err`.
fn read_plan(
    path: &Path,
    anonymise: bool,
    err: &mut impl Write,
) -> std::io::Result<Result<plan::SessionPlan, i32>> {
    match plan::load(path) {
        Ok(plan) if anonymise => Ok(Ok(plan::anonymised(&plan))),
        Ok(plan) => Ok(Ok(plan)),
        Err(e) => {
            writeln!(err, "error: {e}")?;
            Ok(Err(EXIT_UNREADABLE))
        }
    }
}
