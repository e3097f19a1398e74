//! Headless subcommands: the command line parser and the commands that need no window.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::anatomy;
use crate::plan::{self, Severity};

/// Command line of the `sciatic-planner` binary.
#[derive(Parser, Debug)]
#[command(
    name = "sciatic-planner",
    version,
    about = "Plan massage sessions around the sciatic nerve on a 3D pelvis-and-leg model",
    long_about = "Plan massage sessions around the sciatic nerve on a 3D pelvis-and-leg model.\n\n\
                  With no subcommand the desktop app opens, with PLAN loaded if one is given.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A plan file to open in the app.
    pub plan: Option<PathBuf>,
    /// A headless command.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The headless commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Validate plan files and print a short report for each.
    ///
    /// Exit status: 0 when every file is valid, 1 when any has errors, 2 when a file cannot be read or parsed.
    Check {
        /// Plan files (.ron) to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Render one still of a preset view to a PNG, without user interaction, and exit.
    ///
    /// Needs a display and a graphics driver (under Xvfb with Mesa's software Vulkan is fine).
    Render {
        /// The view: posterior, anterior, lateral-left, lateral-right, superior, therapist.
        #[arg(long, default_value = "posterior")]
        view: String,
        /// A plan to show.
        #[arg(long)]
        plan: Option<PathBuf>,
        /// Layers to hide, comma-separated: skin, superficial, intermediate, deep, bones, nerves, ligaments.
        #[arg(long, value_delimiter = ',')]
        hide: Vec<String>,
        /// Draw the nerves through everything in front of them.
        #[arg(long)]
        nerve_on_top: bool,
        /// Label the rotator fan from superior to inferior.
        #[arg(long)]
        rotator_labels: bool,
        /// Image size as WIDTHxHEIGHT.
        #[arg(long, default_value = "1280x800", value_parser = parse_size)]
        size: (u32, u32),
        /// The PNG file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Orbit the camera around the full model and print start-up time to the first frame and the median and
    /// 95th-percentile frame times.
    BenchView {
        /// Frames to measure.
        #[arg(long, default_value_t = 240)]
        frames: u32,
        /// Window size as WIDTHxHEIGHT.
        #[arg(long, default_value = "1280x800", value_parser = parse_size)]
        size: (u32, u32),
    },
    /// Generate the glTF model of the pelvis and legs from the anatomy data (deterministic: the same data
    /// gives the same bytes).
    BuildModel {
        /// Where to write the .glb file.
        #[arg(long, default_value = anatomy::model::DEFAULT_MODEL_PATH)]
        out: PathBuf,
    },
}

/// Exit status of `check` when every plan is valid.
pub const EXIT_OK: i32 = 0;
/// Exit status of `check` when a plan has errors.
pub const EXIT_INVALID: i32 = 1;
/// Exit status of `check` when a file cannot be read or parsed.
pub const EXIT_UNREADABLE: i32 = 2;

/// Checks each file, writes a report per file to `out`, and returns the exit status.
pub fn check_files(files: &[PathBuf], out: &mut impl Write) -> std::io::Result<i32> {
    let mut status = EXIT_OK;
    for path in files {
        status = status.max(check_file(path, out)?);
    }
    Ok(status)
}

fn check_file(path: &Path, out: &mut impl Write) -> std::io::Result<i32> {
    let plan = match plan::load(path) {
        Ok(plan) => plan,
        Err(e) => {
            writeln!(out, "{e}")?;
            return Ok(EXIT_UNREADABLE);
        }
    };
    let report = plan::check_plan(&plan);
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let verdict = if errors > 0 { "INVALID" } else { "ok" };
    writeln!(
        out,
        "{}: {verdict}: \"{}\", {} zone(s), {} no-go area(s); {errors} error(s), {warnings} warning(s)",
        path.display(),
        plan.title,
        plan.zones.len(),
        plan.no_go.len(),
    )?;
    for finding in &report.findings {
        writeln!(out, "  {finding}")?;
    }
    Ok(if errors > 0 { EXIT_INVALID } else { EXIT_OK })
}

/// Generates the model, reports its size and the time taken, and returns the exit status.
pub fn build_model(out_path: &Path, out: &mut impl Write) -> std::io::Result<i32> {
    let start = std::time::Instant::now();
    match anatomy::model::write_model(out_path) {
        Ok(stats) => {
            writeln!(
                out,
                "wrote {}: {} nodes, {} triangles, {} bytes in {:.2} s",
                out_path.display(),
                stats.nodes,
                stats.triangles,
                stats.bytes,
                start.elapsed().as_secs_f64()
            )?;
            Ok(EXIT_OK)
        }
        Err(e) => {
            writeln!(out, "could not build the model: {e}")?;
            Ok(EXIT_INVALID)
        }
    }
}

/// Parses `WIDTHxHEIGHT`.
pub fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let (w, h) = text
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("'{text}' is not WIDTHxHEIGHT, e.g. 1280x800"))?;
    let parse = |s: &str| {
        s.trim()
            .parse::<u32>()
            .ok()
            .filter(|v| (64..=8192).contains(v))
    };
    match (parse(w), parse(h)) {
        (Some(w), Some(h)) => Ok((w, h)),
        _ => Err(format!(
            "'{text}': width and height must be whole numbers from 64 to 8192"
        )),
    }
}
