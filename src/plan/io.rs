//! Reading and writing plan files: size and version guards, positioned errors, atomic saves with a backup.

use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::Deserialize;

use super::{FORMAT_VERSION, SessionPlan};
use crate::private::{self, PrivateTemp};

/// Plan files larger than this are refused before parsing (a real plan is a few kilobytes).
pub const MAX_PLAN_BYTES: u64 = 4 * 1024 * 1024;

/// Nesting deeper than this is a parse error rather than a risk to the stack.
const RECURSION_LIMIT: usize = 64;

/// Why a plan could not be loaded.
#[derive(Debug)]
pub struct LoadError {
    /// The file, when loading from disk.
    pub path: Option<PathBuf>,
    /// What went wrong.
    pub kind: LoadErrorKind,
}

/// The kinds of load failure.
#[derive(Debug)]
pub enum LoadErrorKind {
    /// The file could not be read.
    Io(io::Error),
    /// The file is larger than [`MAX_PLAN_BYTES`].
    TooLarge {
        /// Its size in bytes.
        size: u64,
    },
    /// The file is empty or only whitespace.
    Empty,
    /// The file is not UTF-8 text.
    NotText,
    /// The text is not a valid plan.
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected or found.
        message: String,
    },
    /// The file was written by a newer version of the app.
    NewerVersion {
        /// The version found in the file.
        found: u32,
    },
    /// The version number is not one this app has ever written.
    UnknownVersion {
        /// The version found in the file.
        found: u32,
    },
}

impl LoadError {
    fn new(kind: LoadErrorKind) -> Self {
        Self { path: None, kind }
    }

    fn at(mut self, path: &Path) -> Self {
        self.path = Some(path.to_owned());
        self
    }

    /// True when the file could not be read at all (as opposed to read but found invalid).
    pub fn is_unreadable(&self) -> bool {
        matches!(self.kind, LoadErrorKind::Io(_))
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.as_ref().map(|p| p.display().to_string());
        let prefix = path.as_deref().unwrap_or("<plan>");
        match &self.kind {
            LoadErrorKind::Io(e) => write!(f, "{prefix}: cannot read the file: {e}"),
            LoadErrorKind::TooLarge { size } => write!(
                f,
                "{prefix}: the file is {size} bytes, larger than the {MAX_PLAN_BYTES}-byte limit for a plan; \
                 it is probably not a plan file"
            ),
            LoadErrorKind::Empty => write!(f, "{prefix}: the file is empty"),
            LoadErrorKind::NotText => write!(
                f,
                "{prefix}: the file is not text (a plan is a RON text file)"
            ),
            LoadErrorKind::Syntax {
                line,
                column,
                message,
            } => {
                write!(f, "{prefix}:{line}:{column}: {message}")
            }
            LoadErrorKind::NewerVersion { found } => write!(
                f,
                "{prefix}: the plan uses format version {found}, made by a newer version of this app; \
                 this version reads up to format {FORMAT_VERSION}. Update the app to open it."
            ),
            LoadErrorKind::UnknownVersion { found } => write!(
                f,
                "{prefix}: format version {found} is not a plan format version (the first is 1)"
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// Why a plan could not be saved. The file that was there before is untouched in every case.
#[derive(Debug)]
pub enum SaveError {
    /// Writing the temporary file, the backup, or the final rename failed.
    Io {
        /// The file being saved.
        path: PathBuf,
        /// The step that failed.
        step: &'static str,
        /// The system's reason.
        source: io::Error,
    },
    /// The existing file was written by a newer version of the app; saving would lose its data.
    NewerFile {
        /// The file being saved.
        path: PathBuf,
        /// The version found in it.
        found: u32,
    },
    /// The plan could not be serialised (this is a bug).
    Serialize(String),
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::Io { path, step, source } => write!(
                f,
                "{}: could not save ({step}): {source}. The previous file was left as it was.",
                path.display()
            ),
            SaveError::NewerFile { path, found } => write!(
                f,
                "{}: this file uses format version {found}, from a newer version of the app; \
                 saving over it would lose data. Use Save As to write a new file.",
                path.display()
            ),
            SaveError::Serialize(e) => write!(f, "could not write the plan as RON: {e}"),
        }
    }
}

impl std::error::Error for SaveError {}

/// The only field read before the full parse, to refuse newer files with a clear message.
#[derive(Deserialize)]
#[serde(rename = "SessionPlan")]
struct VersionProbe {
    format_version: u32,
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_recursion_limit(RECURSION_LIMIT)
}

/// Parses a plan from RON text.
pub fn from_ron_str(text: &str) -> Result<SessionPlan, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::new(LoadErrorKind::Empty));
    }
    if text.contains('\0') {
        return Err(LoadError::new(LoadErrorKind::NotText));
    }
    let options = ron_options();
    if let Ok(probe) = options.from_str::<VersionProbe>(text) {
        if probe.format_version > FORMAT_VERSION {
            return Err(LoadError::new(LoadErrorKind::NewerVersion {
                found: probe.format_version,
            }));
        }
        if probe.format_version == 0 {
            return Err(LoadError::new(LoadErrorKind::UnknownVersion {
                found: probe.format_version,
            }));
        }
    }
    // Older versions parse with the fields they lack at their defaults, then migrate.
    let mut plan = options.from_str::<SessionPlan>(text).map_err(|e| {
        LoadError::new(LoadErrorKind::Syntax {
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
        })
    })?;
    super::migrate::migrate(&mut plan);
    Ok(plan)
}

/// Reads a plan file, refusing files over [`MAX_PLAN_BYTES`] before reading them whole.
pub fn load(path: &Path) -> Result<SessionPlan, LoadError> {
    let io_err = |e| LoadError::new(LoadErrorKind::Io(e)).at(path);
    let file = fs::File::open(path).map_err(io_err)?;
    let size = file.metadata().map_err(io_err)?.len();
    if size > MAX_PLAN_BYTES {
        return Err(LoadError::new(LoadErrorKind::TooLarge { size }).at(path));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_PLAN_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_err)?;
    from_ron_bytes(&bytes).map_err(|e| e.at(path))
}

/// Parses a plan from a file's bytes: UTF-8 text of at most [`MAX_PLAN_BYTES`].
pub fn from_ron_bytes(bytes: &[u8]) -> Result<SessionPlan, LoadError> {
    if bytes.len() as u64 > MAX_PLAN_BYTES {
        return Err(LoadError::new(LoadErrorKind::TooLarge {
            size: bytes.len() as u64,
        }));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| LoadError::new(LoadErrorKind::NotText))?;
    from_ron_str(text)
}

/// Writes a plan as pretty RON with stable field order and a final newline.
pub fn to_ron_string(plan: &SessionPlan) -> Result<String, SaveError> {
    let config = PrettyConfig::new()
        .struct_names(true)
        .indentor("    ")
        .new_line("\n")
        .extensions(Extensions::empty());
    let mut text = ron::ser::to_string_pretty(plan, config)
        .map_err(|e| SaveError::Serialize(e.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// The backup path kept beside a saved plan: `NAME.ron` → `NAME.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Saves a plan atomically: write an owner-only temporary file in the same folder, flush it to disk, keep
/// the previous file as `NAME.ron.bak` (owner-only too), then rename the temporary file over the target. A
/// failure at any step leaves the previous file untouched.
pub fn save(path: &Path, plan: &SessionPlan) -> Result<(), SaveError> {
    let text = to_ron_string(plan)?;
    let io_err = |step: &'static str| {
        move |source: io::Error| SaveError::Io {
            path: path.to_owned(),
            step,
            source,
        }
    };
    let backup_step = "keeping the previous version as a backup";
    let previous = match fs::read(path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(io_err(backup_step)(e)),
    };
    if let Some(existing) = previous
        .as_deref()
        .and_then(|b| std::str::from_utf8(b).ok())
        && let Ok(probe) = ron_options().from_str::<VersionProbe>(existing)
        && probe.format_version > FORMAT_VERSION
    {
        return Err(SaveError::NewerFile {
            path: path.to_owned(),
            found: probe.format_version,
        });
    }
    let step = "writing a temporary file";
    let mut tmp = PrivateTemp::create(path).map_err(io_err(step))?;
    tmp.write_all(text.as_bytes()).map_err(io_err(step))?;
    if let Some(bytes) = &previous {
        private::write_atomically(&backup_path(path), bytes).map_err(io_err(backup_step))?;
    }
    tmp.persist(path).map_err(io_err("replacing the file"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::*;

    pub(crate) fn sample() -> SessionPlan {
        let mut plan = SessionPlan::new("Sample");
        plan.date = Some("2026-11-22".into());
        plan.zones.push(Zone {
            id: "z1".into(),
            label: "Sacral border".into(),
            order: 1,
            anchor: Anchor {
                structure: "sacrum".into(),
                position: Point3::new(0.03, 0.95, -0.1),
                normal: Point3::new(0.0, 0.0, -1.0),
                segment: Segment::Pelvis,
            },
            shape: Shape::Disc { radius_mm: 40.0 },
            technique: Technique::Friction,
            pressure: Pressure::Light,
            tool: Tool::SoftFist,
            position: ClientPosition::Prone,
            duration_min: 3.0,
            notes: String::new(),
        });
        plan.home_care.push("Ice 20 minutes".into());
        plan
    }

    #[test]
    fn round_trip_is_exact() {
        let plan = sample();
        let text = to_ron_string(&plan).unwrap();
        assert!(text.contains("position: (0.03, 0.95, -0.1),"), "{text}");
        let back = from_ron_str(&text).unwrap();
        assert_eq!(back, plan);
        assert_eq!(to_ron_string(&back).unwrap(), text);
    }

    fn kind(text: &str) -> LoadErrorKind {
        from_ron_str(text).unwrap_err().kind
    }

    fn syntax(text: &str) -> (usize, usize, String) {
        match kind(text) {
            LoadErrorKind::Syntax {
                line,
                column,
                message,
            } => (line, column, message),
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn empty_and_binary_inputs_are_named() {
        assert!(matches!(kind(""), LoadErrorKind::Empty));
        assert!(matches!(kind("  \n\t"), LoadErrorKind::Empty));
        assert!(matches!(
            kind("SessionPlan(\0\0\u{1}"),
            LoadErrorKind::NotText
        ));
    }

    #[test]
    fn truncated_file_reports_position() {
        let text = to_ron_string(&sample()).unwrap();
        // Cut at the end of a line near the middle, as a write that stopped short leaves it.
        let cut = &text[..text[..text.len() / 2].rfind('\n').unwrap()];
        let (line, _, message) = syntax(cut);
        assert!(line > 1, "line {line}");
        assert!(
            message.to_lowercase().contains("unexpected end") || message.contains("Expected"),
            "{message}"
        );
    }

    #[test]
    fn unknown_field_is_an_error_naming_it() {
        let text = to_ron_string(&sample())
            .unwrap()
            .replace("    notes: \"\",\n)", "    notse: \"\",\n)");
        let (line, _, message) = syntax(&text);
        assert!(message.contains("notse"), "{message}");
        assert!(line > 50, "line {line}");
    }

    #[test]
    fn wrong_type_says_what_was_expected() {
        let text = to_ron_string(&sample())
            .unwrap()
            .replace("order: 1,", "order: \"first\",");
        let (line, column, message) = syntax(&text);
        let expected_line = text
            .lines()
            .position(|l| l.contains("order: \"first\""))
            .unwrap()
            + 1;
        assert_eq!(line, expected_line);
        assert!(column > 1);
        assert!(message.to_lowercase().contains("expected"), "{message}");
    }

    #[test]
    fn newer_version_is_refused_with_a_clear_message() {
        let text = to_ron_string(&sample()).unwrap().replace(
            &format!("format_version: {FORMAT_VERSION},"),
            "format_version: 7,",
        );
        let err = from_ron_str(&text).unwrap_err();
        assert!(matches!(err.kind, LoadErrorKind::NewerVersion { found: 7 }));
        assert!(err.to_string().contains("newer version"), "{err}");
        let text = to_ron_string(&sample()).unwrap().replace(
            &format!("format_version: {FORMAT_VERSION},"),
            "format_version: 0,",
        );
        assert!(matches!(
            kind(&text),
            LoadErrorKind::UnknownVersion { found: 0 }
        ));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        for depth in [100, 10_000, 200_000] {
            let text = format!(
                "SessionPlan(notes: {}{})",
                "(".repeat(depth),
                ")".repeat(depth)
            );
            assert!(
                matches!(kind(&text), LoadErrorKind::Syntax { .. }),
                "depth {depth}"
            );
            let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            assert!(
                matches!(kind(&text), LoadErrorKind::Syntax { .. }),
                "depth {depth}"
            );
        }
    }
}
