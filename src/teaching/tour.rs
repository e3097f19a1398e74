//! Guided tours: stops along the nerve or round the rotator fan, each with a camera, the layers peeled
//! away, the structures lit, a lit stretch of nerve and a caption.
//!
//! Tours are RON files (`assets/teaching/*.ron`), built into the binary and also read from a path, so a
//! teacher can edit one or write another. Every tour is checked against the model when it loads: a tour
//! that names a structure the model lacks, a nerve point that does not exist or a camera that looks at
//! nothing is refused with the file, the stop and what is wrong.

use std::fmt;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use glam::Vec3;
use serde::{Deserialize, Serialize};

use super::nerve::NerveTree;
use crate::anatomy::mesh::ModelMeshes;
use crate::anatomy::{Anatomy, Kind, Layer};

/// Tour files larger than this are refused before parsing (a real tour is a few kilobytes).
pub const MAX_TOUR_BYTES: u64 = 1024 * 1024;

/// The camera's distance from its focus must lie in this range (metres).
pub const DISTANCE_RANGE: std::ops::RangeInclusive<f32> = 0.05..=5.0;

/// How far outside the model's bounds a camera's focus may lie (metres).
pub const FOCUS_MARGIN: f32 = 0.25;

/// Vertical field of view the cameras are framed for (radians): Bevy's default perspective.
pub const FIELD_OF_VIEW: f32 = std::f32::consts::FRAC_PI_4;

/// Nearest distance in front of the camera that is drawn (metres): Bevy's default near plane.
pub const NEAR_PLANE: f32 = 0.1;

/// A `from` direction whose vertical part is larger than this counts as looking straight down or up, and
/// the camera's up becomes the body's back or front.
const NEAR_VERTICAL: f32 = 0.95;

/// Nesting deeper than this is a parse error rather than a risk to the stack.
const RECURSION_LIMIT: usize = 32;

const NERVE_RON: &str = include_str!("../../assets/teaching/nerve.ron");
const ROTATORS_RON: &str = include_str!("../../assets/teaching/rotators.ron");

/// The tours built into the binary: file name and text, in the order they are offered.
const EMBEDDED: [(&str, &str); 2] = [("nerve.ron", NERVE_RON), ("rotators.ron", ROTATORS_RON)];

/// A layer of the model that a stop hides to show what lies beneath. Nerves are never hidden by a tour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Peel {
    /// The skin envelope.
    Skin,
    /// Superficial muscles and tendons (gluteus maximus, the hamstrings, the calf, the IT band).
    Superficial,
    /// Intermediate muscles (gluteus medius, semimembranosus, soleus, ...).
    Intermediate,
    /// Deep muscles (the rotator fan, gluteus minimus, psoas, ...).
    Deep,
    /// Bones.
    Bones,
    /// Ligaments.
    Ligaments,
}

impl Peel {
    /// Every layer, outermost first.
    pub const ALL: [Peel; 6] = [
        Peel::Skin,
        Peel::Superficial,
        Peel::Intermediate,
        Peel::Deep,
        Peel::Bones,
        Peel::Ligaments,
    ];

    /// The layer's id in lower case (`skin`, `superficial`, ...), as the `render --hide` option names it.
    pub fn id(self) -> &'static str {
        match self {
            Peel::Skin => "skin",
            Peel::Superficial => "superficial",
            Peel::Intermediate => "intermediate",
            Peel::Deep => "deep",
            Peel::Bones => "bones",
            Peel::Ligaments => "ligaments",
        }
    }

    /// The layer a structure of this kind and depth belongs to; `None` for nerves and vessels, which no
    /// tour hides.
    pub fn of(kind: Kind, layer: Layer) -> Option<Peel> {
        match kind {
            Kind::Skin => Some(Peel::Skin),
            Kind::Bone => Some(Peel::Bones),
            Kind::Nerve | Kind::Vessel => None,
            Kind::Ligament => Some(Peel::Ligaments),
            Kind::Muscle | Kind::Tendon => Some(match layer {
                Layer::Superficial => Peel::Superficial,
                Layer::Intermediate => Peel::Intermediate,
                Layer::Deep => Peel::Deep,
            }),
        }
    }

    /// The layer of a model node (`gluteus_maximus_r` → superficial); `None` for nerves (variant nodes
    /// included), vessels and names that are not structures.
    pub fn of_node(node: &str) -> Option<Peel> {
        let base = node.split("__variant_").next().unwrap_or(node);
        let (structure, _) = Anatomy::embedded().structure_of_node(base)?;
        Peel::of(structure.kind, structure.layer)
    }
}

/// Where a stop's camera stands, as written in a tour file.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TourCamera {
    /// The point looked at, in the model frame (metres).
    pub focus: [f32; 3],
    /// Direction from the focus towards the camera; unit length once the tour has loaded.
    pub from: [f32; 3],
    /// Distance from the focus to the camera (metres).
    pub distance: f32,
}

/// A camera placement the app can use as it is: where the eye is, what it looks at and which way is up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CameraPose {
    /// The camera's position in the model frame (metres).
    pub eye: Vec3,
    /// The point looked at.
    pub focus: Vec3,
    /// The camera's up: +Y, or the body's back (-Z) looking down from above and its front (+Z) looking up
    /// from below.
    pub up: Vec3,
}

impl TourCamera {
    /// The camera as eye, focus and up.
    pub fn pose(&self) -> CameraPose {
        let from = Vec3::from(self.from).normalize_or_zero();
        let focus = Vec3::from(self.focus);
        let up = if from.y > NEAR_VERTICAL {
            Vec3::NEG_Z
        } else if from.y < -NEAR_VERTICAL {
            Vec3::Z
        } else {
            Vec3::Y
        };
        CameraPose {
            eye: focus + from * self.distance,
            focus,
            up,
        }
    }
}

impl CameraPose {
    /// Where `point` lands on a perspective view with vertical field of view `fov_y` (radians) and
    /// `aspect` (width over height): normalised device coordinates, -1 to 1 across the view, +y up. `None`
    /// when the point lies behind the camera or nearer than [`NEAR_PLANE`].
    pub fn project(&self, point: Vec3, fov_y: f32, aspect: f32) -> Option<[f32; 2]> {
        let forward = (self.focus - self.eye).normalize_or_zero();
        let right = forward.cross(self.up).normalize_or_zero();
        let up = right.cross(forward);
        let d = point - self.eye;
        let depth = d.dot(forward);
        if depth < NEAR_PLANE {
            return None;
        }
        let half = (fov_y / 2.0).tan() * depth;
        Some([d.dot(right) / (half * aspect), d.dot(up) / half])
    }
}

/// The lit stretch of nerve at a stop: points `from` to `to` of one nerve path of the usual anatomy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NerveSegment {
    /// The nerve path, by its structure id (`sciatic_nerve`, `root_l4`, `tibial_nerve`, ...).
    pub path: String,
    /// Index of the first lit point (0 is the path's proximal end).
    pub from: usize,
    /// Index of the last lit point, after `from`.
    pub to: usize,
}

impl NerveSegment {
    /// The segment's points in the model frame, proximal first, for the app's tracer; empty when the
    /// segment does not fit the nerve data (a loaded tour never has such a segment).
    pub fn points(&self) -> Vec<Vec3> {
        NerveTree::embedded()
            .points(&self.path, self.from, self.to)
            .unwrap_or_default()
    }

    /// Distance along the nerve from the start of the roots to the segment's first point (metres).
    pub fn start_distance(&self) -> Option<f32> {
        NerveTree::embedded().distance(&self.path, self.from)
    }
}

/// One stop of a tour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stop {
    /// Short title.
    pub title: String,
    /// Where the camera stands.
    pub camera: TourCamera,
    /// Layers hidden at this stop.
    #[serde(default)]
    pub peel: Vec<Peel>,
    /// Model node names lit at this stop (`piriformis_r`, `sacrum`).
    #[serde(default)]
    pub highlight: Vec<String>,
    /// Model nodes set aside at this stop, on top of the peeled layers: what stands between the camera
    /// and the stop's structures (the left hip bone, to look into the pelvis from the left).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hide: Vec<String>,
    /// The lit stretch of nerve, if any.
    #[serde(default)]
    pub nerve: Option<NerveSegment>,
    /// What the student reads: two to four sentences.
    pub caption: String,
}

impl Stop {
    /// The lit nerve's points in the model frame, proximal first; empty when the stop lights no nerve.
    pub fn nerve_points(&self) -> Vec<Vec3> {
        self.nerve
            .as_ref()
            .map(NerveSegment::points)
            .unwrap_or_default()
    }

    /// True when the layer `peel` is hidden at this stop.
    pub fn hides(&self, peel: Peel) -> bool {
        self.peel.contains(&peel)
    }

    /// The points the camera has to show: the corners of each lit node's bounding box and the lit nerve's
    /// points.
    pub fn framed_points(&self) -> Vec<Vec3> {
        let model = ModelMeshes::embedded();
        let mut points = self.nerve_points();
        for node in self.highlight.iter().filter_map(|n| model.node(n)) {
            let (lo, hi) = node.bounds();
            for i in 0..8 {
                points.push(Vec3::new(
                    if i & 1 == 0 { lo.x } else { hi.x },
                    if i & 2 == 0 { lo.y } else { hi.y },
                    if i & 4 == 0 { lo.z } else { hi.z },
                ));
            }
        }
        points
    }
}

/// A guided tour: a name, a title and its stops in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tour {
    /// Short id (`nerve`, `rotators`), as the command line names it.
    pub name: String,
    /// Title shown to the student.
    pub title: String,
    /// The stops, in order.
    pub stops: Vec<Stop>,
}

impl Tour {
    /// The built-in tour called `name` (`nerve`, `rotators`).
    pub fn embedded(name: &str) -> Option<&'static Tour> {
        Tour::all_embedded().iter().find(|t| t.name == name)
    }

    /// Every built-in tour, in the order they are offered.
    pub fn all_embedded() -> &'static [Tour] {
        static TOURS: OnceLock<Vec<Tour>> = OnceLock::new();
        TOURS.get_or_init(|| {
            EMBEDDED
                .iter()
                .map(|(file, text)| {
                    Tour::from_ron(text, file)
                        .unwrap_or_else(|e| panic!("a built-in tour is invalid: {e}"))
                })
                .collect()
        })
    }

    /// The names of the built-in tours.
    pub fn embedded_names() -> Vec<&'static str> {
        Tour::all_embedded()
            .iter()
            .map(|t| t.name.as_str())
            .collect()
    }

    /// Parses and checks a tour; `source` names it in errors (a file name or path).
    pub fn from_ron(text: &str, source: &str) -> Result<Tour, TourError> {
        let error = |kind| TourError {
            source: source.to_owned(),
            stop: None,
            kind,
        };
        if text.trim().is_empty() {
            return Err(error(TourErrorKind::NoStops));
        }
        let options = ron::Options::default().with_recursion_limit(RECURSION_LIMIT);
        let mut tour: Tour = options.from_str(text).map_err(|e| {
            error(TourErrorKind::Syntax {
                line: e.span.start.line,
                column: e.span.start.col,
                message: e.code.to_string(),
            })
        })?;
        tour.check(source)?;
        for stop in &mut tour.stops {
            stop.camera.from = Vec3::from(stop.camera.from).normalize().to_array();
        }
        Ok(tour)
    }

    /// Reads and checks a tour file, refusing files over [`MAX_TOUR_BYTES`] before reading them whole.
    pub fn load(path: &Path) -> Result<Tour, TourError> {
        let source = path.display().to_string();
        let error = |kind| TourError {
            source: source.clone(),
            stop: None,
            kind,
        };
        let unreadable = |e: std::io::Error| error(TourErrorKind::Unreadable(e.to_string()));
        let file = fs::File::open(path).map_err(unreadable)?;
        let size = file.metadata().map_err(unreadable)?.len();
        if size > MAX_TOUR_BYTES {
            return Err(error(TourErrorKind::TooLarge { size }));
        }
        let mut bytes = Vec::with_capacity(size as usize);
        file.take(MAX_TOUR_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
        if bytes.len() as u64 > MAX_TOUR_BYTES {
            return Err(error(TourErrorKind::TooLarge {
                size: bytes.len() as u64,
            }));
        }
        let text = std::str::from_utf8(&bytes).map_err(|_| error(TourErrorKind::NotText))?;
        Tour::from_ron(text, &source)
    }

    /// Checks the tour against the model: titles and captions, highlighted nodes, nerve segments and
    /// cameras. `source` names the tour in the error.
    pub fn check(&self, source: &str) -> Result<(), TourError> {
        let error = |stop: Option<(usize, &Stop)>, kind| TourError {
            source: source.to_owned(),
            stop: stop.map(|(i, s)| (i + 1, s.title.clone())),
            kind,
        };
        if self.name.trim().is_empty() {
            return Err(error(None, TourErrorKind::NoName));
        }
        if self.title.trim().is_empty() {
            return Err(error(None, TourErrorKind::NoTitle));
        }
        if self.stops.is_empty() {
            return Err(error(None, TourErrorKind::NoStops));
        }
        for (i, stop) in self.stops.iter().enumerate() {
            check_stop(stop).map_err(|kind| error(Some((i, stop)), kind))?;
        }
        Ok(())
    }
}

fn check_stop(stop: &Stop) -> Result<(), TourErrorKind> {
    if stop.title.trim().is_empty() {
        return Err(TourErrorKind::NoTitle);
    }
    if stop.caption.trim().is_empty() {
        return Err(TourErrorKind::NoCaption);
    }
    let model = ModelMeshes::embedded();
    for node in &stop.hide {
        if model.node(node).is_none() {
            return Err(TourErrorKind::UnknownNode(node.clone()));
        }
        if stop.highlight.contains(node) {
            return Err(TourErrorKind::HiddenHighlight {
                node: node.clone(),
                peel: None,
            });
        }
    }
    for node in &stop.highlight {
        if model.node(node).is_none() {
            return Err(TourErrorKind::UnknownNode(node.clone()));
        }
        if let Some(peel) = Peel::of_node(node).filter(|p| stop.hides(*p)) {
            return Err(TourErrorKind::HiddenHighlight {
                node: node.clone(),
                peel: Some(peel),
            });
        }
    }
    if let Some(segment) = &stop.nerve {
        let tree = NerveTree::embedded();
        let Some(count) = tree.point_count(&segment.path) else {
            return Err(TourErrorKind::UnknownNervePath(segment.path.clone()));
        };
        for index in [segment.from, segment.to] {
            if index >= count {
                return Err(TourErrorKind::PointOutOfRange {
                    path: segment.path.clone(),
                    index,
                    count,
                });
            }
        }
        if segment.from >= segment.to {
            return Err(TourErrorKind::BackwardSegment {
                from: segment.from,
                to: segment.to,
            });
        }
    }
    check_camera(&stop.camera).map_err(TourErrorKind::BadCamera)
}

fn check_camera(camera: &TourCamera) -> Result<(), String> {
    let finite = |v: &[f32]| v.iter().all(|x| x.is_finite());
    if !finite(&camera.focus) {
        return Err(format!("the focus {:?} is not a point", camera.focus));
    }
    if !finite(&camera.from) || Vec3::from(camera.from).length() < 1e-6 {
        return Err(format!(
            "the direction `from` {:?} points nowhere; give the direction from the focus towards the eye, \
             e.g. (0.0, 0.0, -1.0) to look from behind",
            camera.from
        ));
    }
    if !camera.distance.is_finite() || !DISTANCE_RANGE.contains(&camera.distance) {
        return Err(format!(
            "the distance {} m is outside {} to {} m",
            camera.distance,
            DISTANCE_RANGE.start(),
            DISTANCE_RANGE.end()
        ));
    }
    let (lo, hi) = model_bounds();
    let focus = Vec3::from(camera.focus);
    let margin = Vec3::splat(FOCUS_MARGIN);
    if focus.cmplt(lo - margin).any() || focus.cmpgt(hi + margin).any() {
        return Err(format!(
            "the focus {:?} lies far outside the body (within {FOCUS_MARGIN} m of x {:.2} to {:.2}, \
             y {:.2} to {:.2}, z {:.2} to {:.2})",
            camera.focus, lo.x, hi.x, lo.y, hi.y, lo.z, hi.z
        ));
    }
    Ok(())
}

/// The bounds of the whole model (min, max), computed once.
fn model_bounds() -> (Vec3, Vec3) {
    static BOUNDS: OnceLock<(Vec3, Vec3)> = OnceLock::new();
    *BOUNDS.get_or_init(|| {
        ModelMeshes::embedded()
            .nodes
            .iter()
            .map(|n| n.bounds())
            .fold(
                (Vec3::splat(f32::INFINITY), Vec3::splat(f32::NEG_INFINITY)),
                |(lo, hi), (a, b)| (lo.min(a), hi.max(b)),
            )
    })
}

/// Why a tour could not be loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct TourError {
    /// The file name or path the tour came from.
    pub source: String,
    /// The stop at fault, numbered from 1, with its title; `None` for the tour as a whole.
    pub stop: Option<(usize, String)>,
    /// What is wrong.
    pub kind: TourErrorKind,
}

/// What is wrong with a tour.
#[derive(Debug, Clone, PartialEq)]
pub enum TourErrorKind {
    /// The file could not be read.
    Unreadable(String),
    /// The file is larger than [`MAX_TOUR_BYTES`].
    TooLarge {
        /// Its size in bytes.
        size: u64,
    },
    /// The file is not UTF-8 text.
    NotText,
    /// The text is not a tour.
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected or found.
        message: String,
    },
    /// The tour has no name.
    NoName,
    /// The tour or a stop has no title.
    NoTitle,
    /// The tour has no stops.
    NoStops,
    /// A stop has no caption.
    NoCaption,
    /// A highlighted node is not in the model.
    UnknownNode(String),
    /// A highlighted node lies in a layer the stop hides, or is set aside by it.
    HiddenHighlight {
        /// The node.
        node: String,
        /// The hidden layer it belongs to; `None` when the stop sets the node itself aside.
        peel: Option<Peel>,
    },
    /// The nerve path is not one of the usual anatomy's.
    UnknownNervePath(String),
    /// A nerve point index is past the end of its path.
    PointOutOfRange {
        /// The nerve path.
        path: String,
        /// The index given.
        index: usize,
        /// How many points the path has.
        count: usize,
    },
    /// The segment's last point does not come after its first.
    BackwardSegment {
        /// Its first index.
        from: usize,
        /// Its last index.
        to: usize,
    },
    /// The camera cannot be used; the text says why.
    BadCamera(String),
}

impl fmt::Display for TourErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TourErrorKind::Unreadable(e) => write!(f, "cannot read the file: {e}"),
            TourErrorKind::TooLarge { size } => write!(
                f,
                "the file is {size} bytes, larger than the {MAX_TOUR_BYTES}-byte limit for a tour"
            ),
            TourErrorKind::NotText => write!(f, "the file is not text (a tour is a RON text file)"),
            TourErrorKind::Syntax { message, .. } => write!(f, "{message}"),
            TourErrorKind::NoName => write!(f, "the tour has no name"),
            TourErrorKind::NoTitle => write!(f, "the title is empty"),
            TourErrorKind::NoStops => write!(f, "the tour has no stops"),
            TourErrorKind::NoCaption => write!(f, "the caption is empty"),
            TourErrorKind::UnknownNode(node) => write!(
                f,
                "unknown structure '{node}': the model has no node of that name (node names carry the \
                 side, e.g. piriformis_r)"
            ),
            TourErrorKind::HiddenHighlight {
                node,
                peel: Some(peel),
            } => write!(
                f,
                "'{node}' is highlighted but its layer ({}) is peeled away",
                peel.id()
            ),
            TourErrorKind::HiddenHighlight { node, peel: None } => {
                write!(f, "'{node}' is highlighted but also set aside (hide)")
            }
            TourErrorKind::UnknownNervePath(path) => write!(
                f,
                "unknown nerve path '{path}'; known paths: {}",
                NerveTree::embedded().paths().collect::<Vec<_>>().join(", ")
            ),
            TourErrorKind::PointOutOfRange { path, index, count } => write!(
                f,
                "nerve point {index} is out of range: '{path}' has points 0 to {}",
                count.saturating_sub(1)
            ),
            TourErrorKind::BackwardSegment { from, to } => write!(
                f,
                "the lit nerve runs from point {from} to point {to}; the last point must come after the first"
            ),
            TourErrorKind::BadCamera(why) => write!(f, "bad camera: {why}"),
        }
    }
}

impl fmt::Display for TourError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let TourErrorKind::Syntax { line, column, .. } = &self.kind {
            return write!(f, "{}:{line}:{column}: {}", self.source, self.kind);
        }
        write!(f, "{}: ", self.source)?;
        if let Some((number, title)) = &self.stop {
            if title.trim().is_empty() {
                write!(f, "stop {number} (untitled): ")?;
            } else {
                write!(f, "stop {number} \"{title}\": ")?;
            }
        }
        write!(f, "{}", self.kind)
    }
}

impl std::error::Error for TourError {}
