//! Headless subcommands: the command line parser and the commands that need no window.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::anatomy::{self, Anatomy, Kind};
use crate::plan::{self, SessionPlan, Severity};
use crate::safety::{self, SafetyFinding, SafetyModel};

mod pose;
mod share;
mod tour;

pub use pose::{EXIT_REFUSED, pose};
pub use share::{EXIT_NOT_WRITTEN, export, handout};
pub use tour::{
    CameraListing, DEFAULT_TOUR, StopListing, TourListing, find_tour, index_page, stop_image_name,
    tour,
};

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
    /// Validate plan files and check them for safety: the plan format's findings, the safety findings
    /// (severity, zone, structure, measured distance and the reason) and what lies under each zone, with
    /// the depth of each structure in millimetres.
    ///
    /// Exit status: 0 when no file has an error, 1 when any has an error (in its format or its safety), 2
    /// when a file cannot be read or parsed.
    Check {
        /// Plan files (.ron) to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output: readable text, or one JSON document for all the files.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
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
        /// Layers to hide, comma-separated: skin, superficial, intermediate, deep, bones, nerves,
        /// vessels, ligaments.
        #[arg(long, value_delimiter = ',')]
        hide: Vec<String>,
        /// Draw the nerves through everything in front of them.
        #[arg(long)]
        nerve_on_top: bool,
        /// Label the rotator fan from superior to inferior.
        #[arg(long)]
        rotator_labels: bool,
        /// Show the endangerment sites (where pressure can reach a nerve) as translucent shapes.
        #[arg(long)]
        sites: bool,
        /// Image size as WIDTHxHEIGHT.
        #[arg(long, default_value = "1280x800", value_parser = parse_size)]
        size: (u32, u32),
        /// Draw the picture off screen at this size (WIDTHxHEIGHT, up to 8192 a side) instead of taking
        /// the window: the same view, with the zones and their numbers, sharp enough to print.
        #[arg(long, value_parser = parse_size)]
        image_size: Option<(u32, u32)>,
        /// Show stop N (from 1) of a built-in tour as the teaching mode does, instead of a preset view:
        /// `N` for the nerve tour, `NAME:N` for another (`rotators:3`).
        #[arg(long, value_name = "[NAME:]N", conflicts_with = "view")]
        tour: Option<String>,
        /// Show a nerve test held at its end on one leg: `slr:70`, `bragard:60` or `piriformis:60`
        /// (the test and its hip flexion in degrees); the body lies as the test needs.
        #[arg(long, value_name = "TEST:ANGLE", conflicts_with_all = ["tour", "position"])]
        pose: Option<String>,
        /// Lay the body in a client position: prone, supine, side-lying or frog-leg.
        #[arg(long, conflicts_with = "tour")]
        position: Option<String>,
        /// The leg of `--pose`, or the treated leg of a frog-leg `--position`: left or right.
        #[arg(long, default_value = "right")]
        side: String,
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
        /// Draw the same meshes bare (plain materials, one light, one camera, no interface): the floor
        /// the app is measured against.
        #[arg(long)]
        bare: bool,
        /// A plan to open first.
        #[arg(long, conflicts_with = "bare")]
        plan: Option<PathBuf>,
        /// Anti-aliasing: auto (MSAA on a GPU, FXAA on a software adapter), msaa, fxaa or off.
        #[arg(long, default_value = "auto")]
        aa: String,
        /// Resolution of the 3D view while the camera moves: auto (half on a software adapter, full on a
        /// GPU), full or half.
        #[arg(long, default_value = "auto")]
        moving: String,
        /// Show a nerve test on the body (slr, bragard or piriformis), its leg moving to and fro every
        /// frame while the camera orbits.
        #[arg(long, conflicts_with = "bare")]
        test: Option<String>,
        /// With `--test`, hold the test at its end instead: the still body to compare against.
        #[arg(long, requires = "test")]
        hold: bool,
    },
    /// Start the app, put it in a state, leave it alone, and print how many frames it drew and the CPU
    /// time it used while nothing happened.
    BenchIdle {
        /// started, zone-selected (the first zone of the plan), orbited (the camera turned and glided to
        /// rest) or prompt (a text prompt holding the keyboard).
        #[arg(long, default_value = "started")]
        state: String,
        /// A plan to open first.
        #[arg(long)]
        plan: Option<PathBuf>,
        /// Seconds from start to the action.
        #[arg(long, default_value_t = 4.0)]
        warm_up: f32,
        /// Seconds after the action before measuring.
        #[arg(long, default_value_t = 3.0)]
        settle: f32,
        /// Seconds to measure.
        #[arg(long, default_value_t = 20.0)]
        seconds: f32,
        /// Window size as WIDTHxHEIGHT.
        #[arg(long, default_value = "1280x800", value_parser = parse_size)]
        size: (u32, u32),
    },
    /// Open a plan, edit one of its zones and undo the edit, over and over with a frame drawn after each,
    /// and print the process's resident memory after the first edit and undo and after the last.
    BenchMemory {
        /// The plan to edit (it needs at least one zone).
        #[arg(long)]
        plan: PathBuf,
        /// How many times to edit and undo.
        #[arg(long, default_value_t = 200)]
        edits: u32,
        /// Window size as WIDTHxHEIGHT.
        #[arg(long, default_value = "1280x800", value_parser = parse_size)]
        size: (u32, u32),
    },
    /// Pose one leg in a test and print how far the nerve's bed lengthens, stretch by stretch and in total,
    /// and piriformis, against the neutral pose (the model's geometry: an estimate).
    ///
    /// Tests: slr (the straight leg raise: knee straight, hip flexed --angle degrees), bragard (the same
    /// with the ankle fully dorsiflexed), piriformis (hip flexed --angle degrees, knee bent 90, adducted 20
    /// and turned inwards 15). Exit status: 0 when printed, 2 when the test, the side or an angle is
    /// refused (an angle outside its joint's range is named with the range).
    Pose {
        /// slr, bragard or piriformis.
        #[arg(long)]
        test: String,
        /// Hip flexion in degrees.
        #[arg(long, allow_negative_numbers = true)]
        angle: f32,
        /// Knee flexion in degrees, instead of the test's own.
        #[arg(long, allow_negative_numbers = true)]
        knee: Option<f32>,
        /// Ankle dorsiflexion in degrees (negative: plantarflexion), instead of the test's own.
        #[arg(long, allow_negative_numbers = true)]
        ankle: Option<f32>,
        /// The leg: right or left.
        #[arg(long, default_value = "right")]
        side: String,
        /// Output: readable text or JSON.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write a copy of a plan, anonymised with --anonymise: the client alias becomes "Client", the date
    /// and the free-text notes (the plan's notes, the zones' notes, the assessment's findings) are left out.
    /// The copy is written the way the app saves (a temporary file renamed into place).
    ///
    /// Exit status: 0 when written, 2 when the plan cannot be read, 3 when the copy cannot be written.
    Export {
        /// The plan file (.ron) to copy.
        plan: PathBuf,
        /// Leave out who the plan is for, when, and the free-text notes.
        #[arg(long)]
        anonymise: bool,
        /// The file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Write the client's handout as a PDF: the plan in plain words, the body from behind and from the
    /// side with the numbered zones and hatched no-go areas, the zones in order, the home care and the
    /// warning signs.
    ///
    /// Exit status: 0 when written, 2 when the plan cannot be read, 3 when the handout cannot be written.
    Handout {
        /// The plan file (.ron).
        plan: PathBuf,
        /// The PDF file to write.
        #[arg(long)]
        out: PathBuf,
        /// Paper size.
        #[arg(long, value_enum, default_value_t = crate::handout::Paper::A4)]
        paper: crate::handout::Paper,
        /// Leave out who the plan is for and the date (as `export --anonymise`).
        #[arg(long)]
        anonymise: bool,
    },
    /// List the stops of a guided tour: number, title, the model nodes lit, the stretch of nerve lit, the
    /// layers hidden and the caption.
    ///
    /// A tour file is checked against the model when it is read. Exit status: 0 when listed, 2 when the
    /// tour is not a built-in one, or its file cannot be read or is not a valid tour.
    Tour {
        /// The built-in tour: nerve (from the roots to the foot) or rotators (the six deep lateral
        /// rotators).
        #[arg(default_value = DEFAULT_TOUR, conflicts_with = "file")]
        name: String,
        /// Read the tour from this file (.ron) instead of a built-in one.
        #[arg(long)]
        file: Option<PathBuf>,
        /// Print the stops (what the command does when nothing else is asked).
        #[arg(long)]
        list: bool,
        /// Output: readable text, or one JSON document.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Instead of listing, write one picture per stop (`stop-01.png`, ...) and an index page with the
        /// captions (`index.html`) into this folder, as the teaching mode shows the stops. Needs a display
        /// (Xvfb is fine).
        #[arg(long, conflicts_with_all = ["list", "format"])]
        out: Option<PathBuf>,
        /// Picture size as WIDTHxHEIGHT, with `--out`.
        #[arg(long, default_value = "1280x800", value_parser = parse_size, requires = "out")]
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

/// How `check` and `tour` write what they report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable text: a block per file, or per stop.
    Text,
    /// One JSON document (for `check`, for all the files).
    Json,
}

/// Exit status of `check` when no plan has an error.
pub const EXIT_OK: i32 = 0;
/// Exit status of `check` when a plan has an error, in its format or its safety.
pub const EXIT_INVALID: i32 = 1;
/// Exit status of `check` when a file cannot be read or parsed.
pub const EXIT_UNREADABLE: i32 = 2;

/// The `check` report for one file, as written in JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileReport {
    /// The file as given.
    pub path: String,
    /// `ok`, `invalid` (format errors), `unsafe` (safety errors), `blocked` (do not treat, refer) or
    /// `unreadable`.
    pub status: &'static str,
    /// Why the file could not be read, when it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The plan's title.
    pub title: String,
    /// Number of zones.
    pub zones: usize,
    /// Number of no-go areas.
    pub no_go_areas: usize,
    /// Findings about the plan's format.
    pub format: Vec<FormatItem>,
    /// Safety findings.
    pub safety: Vec<SafetyItem>,
    /// What lies under each zone, in treatment order.
    pub under: Vec<ZoneLayers>,
}

/// A plan-format finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormatItem {
    /// `note`, `warning` or `error`.
    #[serde(serialize_with = "severity_word")]
    pub severity: Severity,
    /// The zone or no-go area concerned.
    pub item: Option<String>,
    /// What is wrong.
    pub message: String,
}

/// A safety finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SafetyItem {
    /// `note`, `warning` or `error`.
    #[serde(serialize_with = "severity_word")]
    pub severity: Severity,
    /// The rule that raised it (`nerve_under_zone`, `site`, `red_flags`, ...).
    pub rule: &'static str,
    /// The zone concerned; absent for the whole plan.
    pub zone: Option<String>,
    /// The structure at risk (a model node name).
    pub structure: Option<String>,
    /// The measured distance in millimetres, rounded to 0.1 mm.
    pub distance_mm: Option<f64>,
    /// Why, in plain words.
    pub reason: String,
}

/// The structures under one zone's centre.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZoneLayers {
    /// The zone's id.
    pub zone: String,
    /// Its label.
    pub label: String,
    /// From the skin inward down to the first bone: each structure with the depth in millimetres (0.1 mm)
    /// at which it is first entered.
    pub layers: Vec<Layer>,
}

/// One structure under a zone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layer {
    /// Model node name (`gluteus_maximus_r`).
    pub structure: String,
    /// Depth below the zone's centre, millimetres.
    pub depth_mm: f64,
}

/// The whole `check` report, as written in JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    /// One report per file, in the order given.
    pub files: Vec<FileReport>,
    /// Error findings over all files (format and safety).
    pub errors: usize,
    /// Warning findings over all files.
    pub warnings: usize,
    /// The exit status of the command.
    pub exit_status: i32,
}

impl FileReport {
    /// The exit status this file calls for.
    pub fn exit_status(&self) -> i32 {
        if self.status == "unreadable" {
            EXIT_UNREADABLE
        } else if self.count(Severity::Error) > 0 {
            EXIT_INVALID
        } else {
            EXIT_OK
        }
    }

    /// Findings of one severity, format and safety together.
    pub fn count(&self, severity: Severity) -> usize {
        self.format
            .iter()
            .filter(|f| f.severity == severity)
            .count()
            + self
                .safety
                .iter()
                .filter(|f| f.severity == severity)
                .count()
    }
}

/// Checks each file and writes the report in `format` to `out`; returns the exit status.
pub fn check_files(
    files: &[PathBuf],
    format: Format,
    out: &mut impl Write,
) -> std::io::Result<i32> {
    let reports: Vec<FileReport> = files.iter().map(|p| check_file(p)).collect();
    let report = CheckReport {
        errors: reports.iter().map(|r| r.count(Severity::Error)).sum(),
        warnings: reports.iter().map(|r| r.count(Severity::Warning)).sum(),
        exit_status: reports
            .iter()
            .map(FileReport::exit_status)
            .max()
            .unwrap_or(EXIT_OK),
        files: reports,
    };
    match format {
        Format::Text => write_text(&report, out)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
        }
    }
    Ok(report.exit_status)
}

/// Checks one file: its format, its safety and what lies under each zone.
pub fn check_file(path: &Path) -> FileReport {
    let mut report = FileReport {
        path: path.display().to_string(),
        status: "unreadable",
        error: None,
        title: String::new(),
        zones: 0,
        no_go_areas: 0,
        format: Vec::new(),
        safety: Vec::new(),
        under: Vec::new(),
    };
    let plan = match plan::load(path) {
        Ok(plan) => plan,
        Err(e) => {
            report.error = Some(e.to_string());
            return report;
        }
    };
    let model = SafetyModel::embedded();
    let findings = safety::check_safety(&plan, model);
    report.title.clone_from(&plan.title);
    report.zones = plan.zones.len();
    report.no_go_areas = plan.no_go.len();
    report.format = plan::check_plan(&plan)
        .findings
        .into_iter()
        .map(|f| FormatItem {
            severity: f.severity,
            item: f.item,
            message: f.message,
        })
        .collect();
    report.safety = findings.iter().map(safety_item).collect();
    report.under = under_zones(&plan, model);
    let has_error = |s: &[SafetyItem]| s.iter().any(|f| f.severity == Severity::Error);
    report.status = if report.format.iter().any(|f| f.severity == Severity::Error) {
        "invalid"
    } else if safety::is_blocked(&findings) {
        "blocked"
    } else if has_error(&report.safety) {
        "unsafe"
    } else {
        "ok"
    };
    report
}

/// Writes a severity as its word in the text report (`error`).
fn severity_word<S: serde::Serializer>(severity: &Severity, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(severity)
}

fn safety_item(f: &SafetyFinding) -> SafetyItem {
    SafetyItem {
        severity: f.severity,
        rule: f.rule.id(),
        zone: f.zone.clone(),
        structure: f.structure.clone(),
        distance_mm: f.distance_mm.map(tenth),
        reason: f.reason.clone(),
    }
}

/// Millimetres rounded to a tenth.
fn tenth(mm: f32) -> f64 {
    (f64::from(mm) * 10.0).round() / 10.0
}

/// What lies under each zone, in treatment order, from the skin down to the first bone: deeper than that
/// pressure does not reach.
fn under_zones(plan: &SessionPlan, model: &SafetyModel) -> Vec<ZoneLayers> {
    let anatomy = Anatomy::embedded();
    let is_bone = |node: &str| {
        anatomy
            .structure_of_node(node)
            .is_some_and(|(s, _)| s.kind == Kind::Bone)
    };
    plan.zones_in_order()
        .into_iter()
        .map(|zone| {
            let mut layers = Vec::new();
            for (structure, depth) in model.what_lies_under_zone(zone) {
                let bone = is_bone(&structure);
                layers.push(Layer {
                    structure,
                    depth_mm: tenth(depth),
                });
                if bone {
                    break;
                }
            }
            ZoneLayers {
                zone: zone.id.clone(),
                label: zone.label.clone(),
                layers,
            }
        })
        .collect()
}

fn write_text(report: &CheckReport, out: &mut impl Write) -> std::io::Result<()> {
    for file in &report.files {
        if let Some(error) = &file.error {
            writeln!(out, "{error}")?;
            continue;
        }
        let count = |items: &[Severity], s| items.iter().filter(|x| **x == s).count();
        let format: Vec<Severity> = file.format.iter().map(|f| f.severity).collect();
        let safety: Vec<Severity> = file.safety.iter().map(|f| f.severity).collect();
        writeln!(
            out,
            "{}: {}: \"{}\", {} zone(s), {} no-go area(s); format: {} error(s), {} warning(s); \
             safety: {} error(s), {} warning(s), {} note(s)",
            file.path,
            file.status,
            file.title,
            file.zones,
            file.no_go_areas,
            count(&format, Severity::Error),
            count(&format, Severity::Warning),
            count(&safety, Severity::Error),
            count(&safety, Severity::Warning),
            count(&safety, Severity::Note),
        )?;
        if file.status == "blocked" {
            writeln!(
                out,
                "  DO NOT TREAT: refer the client (see the safety errors below)"
            )?;
        }
        for f in &file.format {
            match &f.item {
                Some(item) => writeln!(out, "  format {}: {item}: {}", f.severity, f.message)?,
                None => writeln!(out, "  format {}: {}", f.severity, f.message)?,
            }
        }
        for f in &file.safety {
            write!(out, "  safety {}", f.severity)?;
            if let Some(zone) = &f.zone {
                write!(out, ": {zone}")?;
            }
            if let Some(s) = &f.structure {
                write!(out, ": {s}")?;
            }
            if let Some(d) = f.distance_mm {
                write!(out, " ({d:.0} mm)")?;
            }
            writeln!(out, ": {}", f.reason)?;
        }
        for z in &file.under {
            let layers: Vec<String> = z
                .layers
                .iter()
                .map(|l| format!("{} {:.0} mm", l.structure, l.depth_mm))
                .collect();
            writeln!(
                out,
                "  under {} \"{}\": {}",
                z.zone,
                z.label,
                layers.join(", ")
            )?;
        }
    }
    Ok(())
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
