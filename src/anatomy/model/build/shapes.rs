//! The shape data of the model, as stored in `assets/anatomy/shapes.ron`.
//!
//! Every structure of `structures.ron` has one shape here: a solid composed of parts placed on the
//! landmarks (bones, muscles, ligaments, bands), a nerve or a blood vessel drawn from the paths of
//! `nerves.ron`, or the skin envelope. All lengths are in metres in the model frame, right side (the left
//! side is mirrored); the file's own header and `assets/anatomy/README.md` describe every field.

use serde::Deserialize;

use crate::anatomy::Blood;
use crate::anatomy::model::ModelError;

/// The embedded shape file.
const SHAPES_RON: &str = include_str!("../../../../assets/anatomy/shapes.ron");

/// The parsed shape file: one shape per structure of the anatomy data (checked against the structures when
/// the model is built).
#[derive(Debug, Clone, PartialEq)]
pub struct Shapes {
    pub(super) list: Vec<Shape>,
}

impl Shapes {
    /// Parses the text of a shape file (the format of `assets/anatomy/shapes.ron`).
    pub fn from_ron(text: &str) -> Result<Shapes, ModelError> {
        ron::from_str(text)
            .map(|list| Shapes { list })
            .map_err(|e| ModelError::Shapes(format!("shapes.ron: {e}")))
    }

    /// The shape file embedded in the binary.
    pub fn embedded() -> Result<Shapes, ModelError> {
        Shapes::from_ron(SHAPES_RON)
    }

    /// Number of shapes in the file.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// True when the file has no shape.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// The shape of one structure.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) enum Shape {
    /// A solid: the smooth union of its parts, minus its cuts, meshed with surface nets.
    Solid {
        /// Base id of the structure in `structures.ron`.
        id: String,
        /// Coloured as muscle (red belly fading to white where thin) and simplified more finely;
        /// otherwise one plain colour (bones, ligaments, fascial bands).
        #[serde(default)]
        muscle: bool,
        /// Blend width of the smooth union between parts (metres); 0 is a hard union.
        blend: f32,
        /// Grid cell of the surface nets (metres).
        cell: f32,
        /// Most triangles kept for one side.
        triangles: usize,
        /// Named points of this shape, in order; each may use the ones before it.
        #[serde(default)]
        points: Vec<(String, Position)>,
        /// The parts, in the order they are blended.
        parts: Vec<Part>,
    },
    /// A nerve: elliptical tubes lofted along the structure's usual paths in `nerves.ron`.
    Nerve {
        /// Base id of the nerve structure.
        id: String,
    },
    /// A blood vessel: tubes lofted like a nerve's along the structure's usual paths in `nerves.ron`,
    /// coloured as an artery or a vein.
    Vessel {
        /// Base id of the vessel structure.
        id: String,
        /// Artery or vein.
        blood: Blood,
    },
    /// The skin: every other structure dilated by a soft-tissue layer, together with the extra body
    /// parts given here, blurred into one envelope on a coarse grid.
    Skin {
        /// Base id of the skin structure.
        id: String,
        /// Named points, as for a solid.
        #[serde(default)]
        points: Vec<(String, Position)>,
        /// Extra shape of the body (fat over the buttock, thigh and calf; the trunk): primitives only,
        /// `Mirrored` for the two sides.
        parts: Vec<Part>,
        /// Usual thickness of soft tissue over every structure (metres), before the blur.
        soft_tissue: f32,
        /// Thinnest soft tissue over the structures of `smooth_over` (metres): over their bumps the
        /// smooth skin may come this close, never closer.
        thinnest: f32,
        /// Structures the skin runs smoothly over instead of following each bump (a muscle whose fascicles
        /// would print through it).
        #[serde(default)]
        smooth_over: Vec<String>,
        /// Structures the skin does not follow at all: deep ones that never reach it, whose fine shape
        /// (the tendons of the sole, under the plantar fat) would only print through it.
        #[serde(default)]
        leave_out: Vec<String>,
        /// Fat the skin runs smoothly over, as over the structures of `smooth_over` (the round of the
        /// buttock, a sheet whose rows would print through): primitives and sheets, `Mirrored` for the two
        /// sides, no folds.
        #[serde(default)]
        soft: Vec<Part>,
        /// One corner of the meshed box (metres, whole body).
        from: [f32; 3],
        /// The opposite corner.
        to: [f32; 3],
        /// Grid cell (metres).
        cell: f32,
        /// Box-blur passes over the grid (each three cells wide along each axis).
        blur: usize,
        /// Taubin smoothing passes of the mesh.
        smooth: usize,
        /// Most triangles kept.
        triangles: usize,
        /// Largest surface error the simplifier may introduce (metres).
        error: f32,
        /// The toes, too fine for the skin's grid: meshed on their own and joined to the skin (the box's
        /// `to` stops the skin in front of the forefoot, inside their bases).
        #[serde(default)]
        toes: Option<Toes>,
    },
}

/// The toes of the skin: a solid of the right foot (the left is its mirror image), meshed on a grid of its
/// own and joined to the skin's mesh.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Toes {
    /// Named points, as for a solid.
    #[serde(default)]
    pub points: Vec<(String, Position)>,
    /// Their shape: primitives and sweeps, blended as the parts of a solid.
    pub parts: Vec<Part>,
    /// Blend width between the parts (metres).
    pub blend: f32,
    /// Grid cell (metres).
    pub cell: f32,
    /// Most triangles kept (one foot).
    pub triangles: usize,
}

impl Shape {
    /// Base id of the structure the shape belongs to.
    pub(crate) fn id(&self) -> &str {
        match self {
            Shape::Solid { id, .. }
            | Shape::Nerve { id }
            | Shape::Vessel { id, .. }
            | Shape::Skin { id, .. } => id,
        }
    }
}

/// A point of a shape (metres, model frame, right side), built from the anatomy data.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) enum Position {
    /// A landmark of `landmarks.ron`, by id.
    Landmark(String),
    /// A named point of the same shape, defined earlier in its `points`.
    Point(String),
    /// A fixed point.
    At([f32; 3]),
    /// A point moved by an offset: `p + (x, y, z)`.
    Plus(Box<Position>, [f32; 3]),
    /// Part of the way from the first point to the second: `a + (b - a) * t`.
    Lerp(Box<Position>, Box<Position>, f32),
    /// A point moved by a distance along a direction: `p + normalize(dir) * d`.
    Along(Box<Position>, [f32; 3], f32),
    /// A point moved by a distance towards another point: `p + normalize(q - p) * d`.
    Toward(Box<Position>, Box<Position>, f32),
    /// The x of the first point, the y of the second and the z of the third.
    Xyz(Box<Position>, Box<Position>, Box<Position>),
}

/// A control point of a sweep or a sheet: position, half width, half thickness (metres).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct KnotData {
    /// Position.
    pub at: Position,
    /// Half width (0 in sheets, where the sheet itself gives the width).
    #[serde(default)]
    pub w: f32,
    /// Half thickness.
    pub t: f32,
}

/// One row of a sheet (one fascicle of a flat muscle, origin to insertion, or one level).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RowData {
    /// Belly factor: the inner knots of the row (not its two ends) get the half thickness
    /// `t * belly + belly_add`.
    #[serde(default = "one")]
    pub belly: f32,
    /// The knots.
    pub knots: Vec<KnotData>,
}

fn one() -> f32 {
    1.0
}

/// One part of a solid.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) enum Part {
    /// A sphere.
    Sphere {
        /// Centre.
        at: Position,
        /// Radius.
        r: f32,
    },
    /// An axis-aligned ellipsoid.
    Ellipsoid {
        /// Centre.
        at: Position,
        /// Radii along X, Y, Z.
        r: [f32; 3],
    },
    /// A round tapered capsule.
    Cone {
        /// Start.
        from: Position,
        /// End.
        to: Position,
        /// Radii at the start and at the end.
        r: [f32; 2],
    },
    /// A capsule with an elliptical cross-section (half width along `across`, half thickness across it).
    Flat {
        /// Start.
        from: Position,
        /// End.
        to: Position,
        /// Half widths at the start and at the end.
        w: [f32; 2],
        /// Half thicknesses at the start and at the end.
        t: [f32; 2],
        /// Unit width direction, perpendicular to the axis.
        across: [f32; 3],
    },
    /// A flattened section swept along the spline through the knots; the width lies along `across` made
    /// perpendicular to the spline.
    Sweep {
        /// Reference for the width direction.
        across: [f32; 3],
        /// Control points, origin to insertion.
        knots: Vec<KnotData>,
        /// Muscle fibres all through, however thin (a gemellus, a flat strap of muscle): coloured as a
        /// belly everywhere instead of fading to tendon where it is thin.
        #[serde(default)]
        fleshy: bool,
    },
    /// A thick sheet through a grid of knots (rows of equal length), refined with splines.
    Sheet {
        /// Spline samples per span, along and across the rows.
        per_span: usize,
        /// Added to the half thickness of the inner knots of every row (see [`RowData::belly`]).
        #[serde(default)]
        belly_add: f32,
        /// Which way the fibres run: along the rows (each row a fascicle, the default) or across them
        /// (rows are levels, as in soleus).
        #[serde(default)]
        fibres: Fibres,
        /// Muscle fibres all through, however thin (the pelvic floor): coloured as a belly everywhere
        /// instead of fading to tendon where the sheet is thin.
        #[serde(default)]
        fleshy: bool,
        /// The rows.
        rows: Vec<RowData>,
    },
    /// A primitive (sphere, ellipsoid, cone or flat) cut away from the solid with a smooth edge. In the
    /// skin, a fold: carved into the envelope, but never deeper than the soft tissue over a structure.
    Cut {
        /// The primitive.
        part: Box<Part>,
        /// Blend width of the edge.
        blend: f32,
    },
    /// The parts as written, then their mirror images (X negated), for both sides of a midline bone.
    Mirrored(Vec<Part>),
    /// The iliac wing (see [`Wing`]).
    Wing(Wing),
    /// A fan of fascicles converging on one insertion (see [`Fan`]).
    Fan(Fan),
    /// The rays of the foot (see [`Rays`]).
    Rays(Rays),
}

/// Which way the fibres of a sheet run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub(crate) enum Fibres {
    /// Along the rows: each row is one fascicle, origin to insertion.
    #[default]
    AlongRows,
    /// Across the rows: the rows are levels and the fibres run from one to the next.
    AcrossRows,
}

/// A curved plate between a bottom and a top row of points, bulging outwards in the middle: the iliac
/// wing. Row `i` of `n` (bottom to top, `v = i / (n - 1)`) and column `j` of `m` (front to back,
/// `u = j / (m - 1)`) lie at `lerp(bottom[j], top[j], v) + bulge * sin(pi v) sin(pi u)`, except the last
/// column, which follows `back` (the posterior border). The half thickness is `thickness[i]`, at least
/// `rim` in the first and last columns.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Wing {
    /// Bottom row, front to back.
    pub bottom: Vec<Position>,
    /// Top row, front to back (as many points as `bottom`).
    pub top: Vec<Position>,
    /// Last column, bottom to top (one point per row).
    pub back: Vec<Position>,
    /// Outward bulge at the middle of the plate.
    pub bulge: [f32; 3],
    /// Half thickness of each row, bottom to top.
    pub thickness: Vec<f32>,
    /// Least half thickness of the front and back borders.
    pub rim: f32,
    /// Spline samples per span of the sheet.
    pub per_span: usize,
}

/// A station of a fan's fascicle between origin and insertion.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Station {
    /// Fraction of the way from the origin to the insertion.
    pub along: f32,
    /// Distance moved outwards (away from the bone) there.
    pub out: f32,
    /// Half thickness there.
    pub t: f32,
}

/// A fan-shaped flat muscle: one fascicle per origin point, all converging on one insertion, made into a
/// sheet. For fascicle `i` of `n`, `f = i / (n - 1)`: the insertion is
/// `insertion + (insertion_offset + insertion_spread * f)`, the outward direction is
/// `normalize(lerp(outward[0], outward[1], f))`, and each station lies at
/// `lerp(origin, insertion, along) + outward * out`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Fan {
    /// Origin of each fascicle, in order across the fan.
    pub origins: Vec<Position>,
    /// The common insertion.
    pub insertion: Position,
    /// Offset of the first fascicle's insertion from `insertion`.
    pub insertion_offset: [f32; 3],
    /// How far the last fascicle's insertion lies from the first one's.
    pub insertion_spread: [f32; 3],
    /// Outward direction at the first and at the last fascicle.
    pub outward: [[f32; 3]; 2],
    /// Stations between origin and insertion.
    pub stations: Vec<Station>,
    /// Half thickness at the origin and at the insertion.
    pub ends: [f32; 2],
    /// Factor on the stations' half thickness for the first and the last fascicle (the thin borders).
    pub edge: f32,
    /// Spline samples per span of the sheet.
    pub per_span: usize,
}

/// The rays of the foot: for ray `i` of `count` (`f = i / (count - 1)`; the first ray is the big toe), a
/// capsule from the metatarsal base to the head, and one from the head to the tip of the toe. Each of the
/// three points has its height `y - spread_y * f`; its X is `ref.x + x - spread * f` and its Z is
/// `ref.z + z - spread_z * f`, less `lesser` for every ray but the first. The reference is the midfoot for
/// the base, the toe for the head, and for the tip the head along X and the toe along Z. The radius is
/// `radius[0]` for the first ray and `radius[1]` for the others, times `taper` at the metatarsal base and
/// head, and at the toe's base and tip.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Rays {
    /// Number of rays.
    pub count: usize,
    /// Centre of the midfoot.
    pub midfoot: Position,
    /// The tip of the longest toe.
    pub toe: Position,
    /// Metatarsal bases.
    pub base: RayPoint,
    /// Metatarsal heads.
    pub head: RayPoint,
    /// Toe tips.
    pub tip: RayPoint,
    /// Radius of the first ray and of the others.
    pub radius: [f32; 2],
    /// Radius factors: metatarsal at base and head, toe at head and tip.
    pub taper: [f32; 4],
}

/// One point of every ray (see [`Rays`] for how its numbers combine).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RayPoint {
    /// Offset along X from the reference.
    #[serde(default)]
    pub x: f32,
    /// Spread along X from the first ray to the last.
    #[serde(default)]
    pub spread: f32,
    /// Height of the first ray.
    pub y: f32,
    /// How much lower the last ray lies than the first.
    #[serde(default)]
    pub spread_y: f32,
    /// Offset along Z from the reference.
    #[serde(default)]
    pub z: f32,
    /// Spread along Z from the first ray to the last.
    #[serde(default)]
    pub spread_z: f32,
    /// Extra offset back along Z of every ray but the first.
    #[serde(default)]
    pub lesser: f32,
}
