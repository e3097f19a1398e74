//! Matching the shapes to the structures of the anatomy data, and checking them, before any meshing.

use glam::Vec3;

use super::parts::{Piece, Points, pieces};
use super::shapes::{Part, Position, Shape, Shapes, Toes};
use super::{NERVE_ACROSS, Recipe, Tube};
use crate::anatomy::model::ModelError;
use crate::anatomy::model::sdf::{Finish, Knot, Prim, Solid, knot};
use crate::anatomy::{Anatomy, Blood, Kind, Laterality};

/// One structure to mesh: its base id, kind, whether it has a node per side, and its recipe.
pub(super) struct Job {
    /// Base id.
    pub id: String,
    /// Tissue kind (selects the material).
    pub kind: Kind,
    /// For a vessel, artery or vein (selects the material).
    pub blood: Option<Blood>,
    /// Two nodes (right, then the mirrored left) instead of one.
    pub bilateral: bool,
    /// How the mesh is made.
    pub recipe: Recipe,
}

/// How the skin envelope is made.
pub(super) struct SkinRecipe {
    /// Base id of the skin structure.
    pub id: String,
    /// Extra body parts (whole body, both sides).
    pub prims: Vec<Prim>,
    /// Folds carved into the skin (both sides), with their blend widths.
    pub folds: Vec<(Prim, f32)>,
    /// Dilation of every other structure, before the blur.
    pub soft_tissue: f32,
    /// Least dilation, after the blur, of the structures the skin runs smoothly over.
    pub thinnest: f32,
    /// The structures it runs smoothly over.
    pub smooth_over: Vec<String>,
    /// The structures it does not follow.
    pub leave_out: Vec<String>,
    /// Fat it runs smoothly over (whole body, both sides).
    pub soft: Vec<Prim>,
    /// Corners of the meshed box.
    pub lo: Vec3,
    /// The opposite corner.
    pub hi: Vec3,
    /// Grid cell.
    pub cell: f32,
    /// Blur passes.
    pub blur: usize,
    /// Smoothing and simplification.
    pub finish: Finish,
    /// The toes of the right foot, meshed on their own grid.
    pub toes: Option<ToesRecipe>,
}

/// How the skin's toes are made (right foot).
pub(super) struct ToesRecipe {
    /// Their solid.
    pub solid: Solid,
    /// Grid cell.
    pub cell: f32,
    /// Most triangles kept.
    pub triangles: usize,
}

/// Everything the model is made of, checked against the anatomy data.
pub(super) struct Plan {
    /// Structures other than the skin, in data order.
    pub jobs: Vec<Job>,
    /// Node suffix and recipe of each variant of the sciatic nerve that has its own nodes.
    pub variants: Vec<(String, Recipe)>,
    /// The skin structures (one in the data).
    pub skins: Vec<SkinRecipe>,
}

fn refuse(message: String) -> ModelError {
    ModelError::Shapes(message)
}

/// Lofted tubes along the paths of a nerve or a vessel (the usual anatomy, or one variant).
pub(super) fn nerve_tubes(anatomy: &Anatomy, structure: &str, variant: Option<&str>) -> Recipe {
    let tubes = anatomy
        .nerve_paths(structure, variant)
        .into_iter()
        .map(|p| {
            let knots: Vec<Knot> = p
                .points
                .iter()
                .map(|q| knot(Vec3::from(q.position), q.half_width, q.half_thickness))
                .collect();
            // The width reference points medially on the right side, so the fraction from the lateral
            // edge becomes the cosine round the ring from -1 to 1.
            let groove = p.divided_at.map(|f| 2.0 * f - 1.0);
            Tube {
                knots,
                across: NERVE_ACROSS,
                groove,
            }
        })
        .collect();
    Recipe::Tubes(tubes)
}

/// The pieces of a shape's parts, with the shape's points resolved.
fn shape_pieces(
    anatomy: &Anatomy,
    points: &[(String, Position)],
    parts: &[Part],
) -> Result<Vec<Piece>, String> {
    let points = Points::new(anatomy, points)?;
    let mut out = Vec::new();
    pieces(parts, &points, &mut out)?;
    Ok(out)
}

/// The primitives of `parts` (groups flattened), and apart from them its cuts with their blend widths.
fn prims_and_folds(
    parts: &[Part],
    points: &Points,
) -> Result<(Vec<Prim>, Vec<(Prim, f32)>), String> {
    let mut out = Vec::new();
    pieces(parts, points, &mut out)?;
    let (mut prims, mut folds) = (Vec::new(), Vec::new());
    for piece in out {
        match piece {
            Piece::One(p) => prims.push(p),
            Piece::Group(g) => prims.extend(g),
            Piece::Cut(p, k) => folds.push((p, k)),
        }
    }
    Ok((prims, folds))
}

fn positive(what: &str, v: f32) -> Result<(), String> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(format!("{what} must be positive"))
    }
}

/// Checks how a solid is meshed: a positive grid cell, a blend width of zero or more, a triangle budget.
fn check_meshing(cell: f32, blend: f32, triangles: usize) -> Result<(), String> {
    positive("the cell", cell)?;
    if !(blend.is_finite() && blend >= 0.0) {
        return Err("the blend width must be zero or positive".into());
    }
    if triangles == 0 {
        return Err("the triangle budget must be positive".into());
    }
    Ok(())
}

/// The solid of `pieces`, blended `blend` wide.
fn blended(blend: f32, pieces: Vec<Piece>) -> Solid {
    let mut solid = Solid::new(blend);
    for piece in pieces {
        piece.add_to(&mut solid);
    }
    solid
}

/// The recipe of one shape (not the skin).
fn recipe(anatomy: &Anatomy, shape: &Shape, kind: Kind) -> Result<Recipe, String> {
    match shape {
        Shape::Solid {
            muscle,
            blend,
            cell,
            triangles,
            points,
            parts,
            ..
        } => {
            if matches!(kind, Kind::Nerve | Kind::Vessel | Kind::Skin) {
                return Err(format!("a {kind:?} structure cannot have a Solid shape"));
            }
            check_meshing(*cell, *blend, *triangles)?;
            let pieces = shape_pieces(anatomy, points, parts)?;
            if pieces.iter().all(|p| matches!(p, Piece::Cut(..))) {
                return Err("a solid needs at least one part that is not a cut".into());
            }
            Ok(Recipe::Solid {
                solid: blended(*blend, pieces),
                cell: *cell,
                muscle: *muscle,
                fibres: *muscle || matches!(kind, Kind::Tendon | Kind::Ligament),
                triangles: *triangles,
            })
        }
        Shape::Nerve { id } => tubes(anatomy, id, kind, Kind::Nerve),
        Shape::Vessel { id, .. } => tubes(anatomy, id, kind, Kind::Vessel),
        Shape::Skin { .. } => Err(format!("a Skin shape needs a Skin structure, not {kind:?}")),
    }
}

/// The tubes of a Nerve or Vessel shape (`wanted` says which), whose structure must be of that kind and
/// have a usual path in `nerves.ron`.
fn tubes(anatomy: &Anatomy, id: &str, kind: Kind, wanted: Kind) -> Result<Recipe, String> {
    if kind != wanted {
        return Err(format!(
            "a {wanted:?} shape needs a {wanted:?} structure, not {kind:?}"
        ));
    }
    if anatomy.nerve_paths(id, None).is_empty() {
        let what = if wanted == Kind::Vessel {
            "vessel"
        } else {
            "nerve"
        };
        return Err(format!("nerves.ron has no usual path for this {what}"));
    }
    Ok(nerve_tubes(anatomy, id, None))
}

/// The skin recipe of a Skin shape.
fn skin(anatomy: &Anatomy, shape: &Shape) -> Result<SkinRecipe, String> {
    let Shape::Skin {
        id,
        points,
        parts,
        soft_tissue,
        thinnest,
        smooth_over,
        leave_out,
        soft,
        from,
        to,
        cell,
        blur,
        smooth,
        triangles,
        error,
        toes,
    } = shape
    else {
        return Err("a Skin structure needs a Skin shape".into());
    };
    positive("the cell", *cell)?;
    if !(soft_tissue.is_finite() && *soft_tissue >= 0.0 && error.is_finite() && *error >= 0.0) {
        return Err("the soft tissue and the error must be zero or positive".into());
    }
    if !(thinnest.is_finite() && *thinnest >= 0.0 && thinnest <= soft_tissue) {
        return Err("the thinnest soft tissue must lie between zero and the usual".into());
    }
    for id in smooth_over.iter().chain(leave_out) {
        if !anatomy
            .structures
            .iter()
            .any(|s| s.id == *id && s.kind != Kind::Skin)
        {
            return Err(format!(
                "the skin names '{id}', but there is no such structure"
            ));
        }
    }
    if let Some(id) = leave_out.iter().find(|id| smooth_over.contains(id)) {
        return Err(format!(
            "the skin cannot both run over '{id}' and leave it out"
        ));
    }
    let (lo, hi) = (Vec3::from(*from), Vec3::from(*to));
    if !(lo.is_finite() && hi.is_finite() && lo.cmplt(hi).all()) {
        return Err("`from` must lie below `to` along every axis".into());
    }
    let points = Points::new(anatomy, points)?;
    let (prims, folds) = prims_and_folds(parts, &points)?;
    let (soft, soft_folds) = prims_and_folds(soft, &points)?;
    if !soft_folds.is_empty() {
        return Err("a fold cannot be soft fat: put it among the parts".into());
    }
    Ok(SkinRecipe {
        id: id.clone(),
        prims,
        folds,
        soft,
        soft_tissue: *soft_tissue,
        thinnest: *thinnest,
        smooth_over: smooth_over.clone(),
        leave_out: leave_out.clone(),
        lo,
        hi,
        cell: *cell,
        blur: *blur,
        finish: Finish {
            smooth: *smooth,
            triangles: *triangles,
            error: *error,
        },
        toes: toes
            .as_ref()
            .map(|t| toes_recipe(anatomy, t))
            .transpose()
            .map_err(|e| format!("the toes: {e}"))?,
    })
}

/// The recipe of the skin's toes.
fn toes_recipe(anatomy: &Anatomy, toes: &Toes) -> Result<ToesRecipe, String> {
    check_meshing(toes.cell, toes.blend, toes.triangles)?;
    let pieces = shape_pieces(anatomy, &toes.points, &toes.parts)?;
    if pieces.iter().any(|p| matches!(p, Piece::Cut(..))) || pieces.is_empty() {
        return Err("the toes need parts, and no cuts".into());
    }
    Ok(ToesRecipe {
        solid: blended(toes.blend, pieces),
        cell: toes.cell,
        triangles: toes.triangles,
    })
}

/// Matches every structure of the anatomy with its shape and builds the recipes. Refuses a structure
/// without a shape, a shape for no structure, two shapes for one structure, a shape whose kind does not
/// fit its structure, and any unknown landmark or point or malformed part, naming the shape.
pub(super) fn plan(anatomy: &Anatomy, shapes: &Shapes) -> Result<Plan, ModelError> {
    for (i, shape) in shapes.list.iter().enumerate() {
        let id = shape.id();
        if anatomy.structure(id).is_none() {
            return Err(refuse(format!(
                "shapes.ron has a shape for '{id}', which is not a structure of structures.ron"
            )));
        }
        if shapes.list[..i].iter().any(|s| s.id() == id) {
            return Err(refuse(format!("shapes.ron has two shapes for '{id}'")));
        }
    }
    let mut jobs = Vec::new();
    let mut skins = Vec::new();
    for s in &anatomy.structures {
        let shape = shapes
            .list
            .iter()
            .find(|sh| sh.id() == s.id)
            .ok_or_else(|| {
                refuse(format!(
                    "structure '{}' of structures.ron has no shape in shapes.ron",
                    s.id
                ))
            })?;
        let named = |e: String| refuse(format!("shape '{}': {e}", s.id));
        if s.kind == Kind::Skin {
            skins.push(skin(anatomy, shape).map_err(named)?);
        } else {
            jobs.push(Job {
                id: s.id.clone(),
                kind: s.kind,
                blood: match shape {
                    Shape::Vessel { blood, .. } => Some(*blood),
                    _ => None,
                },
                bilateral: s.sides == Laterality::Bilateral,
                recipe: recipe(anatomy, shape, s.kind).map_err(named)?,
            });
        }
    }
    let variants = anatomy
        .nerves
        .variants
        .iter()
        .filter_map(|v| {
            let suffix = v.node_suffix.as_ref()?;
            Some((
                suffix.clone(),
                nerve_tubes(anatomy, "sciatic_nerve", Some(&v.letter)),
            ))
        })
        .collect();
    Ok(Plan {
        jobs,
        variants,
        skins,
    })
}
