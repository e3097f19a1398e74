//! The shapes of every structure, placed on the landmarks of the anatomy data, and meshed.
//!
//! The shapes are data (`assets/anatomy/shapes.ron`, read by the module `shapes`): per structure, its
//! parts and named points on the landmarks of `landmarks.ron`, its grid cell, blend width and triangle
//! budget. The module `plan` checks them against the structures before anything is meshed, `parts` builds
//! the signed-distance solids, and this module meshes them in parallel and assembles the nodes in a fixed
//! order. Coordinates are in the model frame (metres, right side; the left side is mirrored).

mod parts;
mod plan;
mod shapes;
#[cfg(test)]
mod tests;

use std::sync::atomic::{AtomicUsize, Ordering};

use glam::Vec3;

use super::ModelError;
use super::sdf::{
    Envelope, Finish, Knot, Mesh, Prim, Solid, loft, mesh_envelope, mesh_solid, sweep,
};
use crate::anatomy::{Anatomy, Blood, Kind, Side};
use plan::{Job, SkinRecipe, plan};
pub use shapes::Shapes;

/// One node of the model: name, tissue kind and mesh.
#[derive(Debug, Clone)]
pub struct NodeMesh {
    /// Node name (`piriformis_r`, `sacrum`, `sciatic_nerve_r__variant_b`).
    pub name: String,
    /// Tissue kind (selects the material).
    pub kind: Kind,
    /// For a vessel, artery or vein (selects its material).
    pub blood: Option<Blood>,
    /// The mesh in model coordinates.
    pub mesh: Mesh,
}

/// Vertex colour of a muscle belly (linear RGBA).
const MUSCLE_RED: [f32; 4] = [0.55, 0.09, 0.08, 1.0];
/// Vertex colour of a muscle's tendon, where its cross-section is thin (linear RGBA).
const TENDON_WHITE: [f32; 4] = [0.80, 0.79, 0.74, 1.0];
/// Taubin smoothing passes of every solid before simplification: enough to remove the staircase of the
/// grid, few enough to keep ridges such as the linea aspera.
const SOLID_SMOOTH: usize = 4;
/// Largest surface error (metres) the simplifier may introduce on a muscle.
const MUSCLE_ERROR: f32 = 0.0004;
/// Largest surface error (metres) the simplifier may introduce on the other solids (bones, ligaments,
/// bands), which are thinner or carry the landmarks.
const TISSUE_ERROR: f32 = 0.0003;
/// Sides of the polygon of a nerve's or a vessel's lofted cross-section.
const NERVE_RING: usize = 14;
/// Vertices round a tube divided by a groove, which needs a finer ring to show.
const DIVIDED_RING: usize = 32;
/// Width reference of the nerve and vessel tubes: their wider axis lies across the body (X), so the flat
/// sides of a nerve face front and back.
const NERVE_ACROSS: Vec3 = Vec3::X;
/// Most meshing threads.
const MAX_WORKERS: usize = 8;

/// Vertex colour of a muscle for a tendon factor `t` (0 belly, 1 tendon).
fn muscle_color(t: f32) -> [f32; 4] {
    let mut c = [0.0; 4];
    for i in 0..4 {
        c[i] = MUSCLE_RED[i] + (TENDON_WHITE[i] - MUSCLE_RED[i]) * t;
    }
    c
}

/// How one structure is meshed (right side, or the whole midline structure).
pub(super) enum Recipe {
    /// A solid meshed with surface nets.
    Solid {
        /// The solid.
        solid: Solid,
        /// Grid cell (metres).
        cell: f32,
        /// Coloured as muscle, with the finer simplification error.
        muscle: bool,
        /// Made of fibres (a muscle, a tendon or a ligament): its vertices carry their coordinate across
        /// the fibres, so the fibres can be drawn.
        fibres: bool,
        /// Most triangles kept.
        triangles: usize,
    },
    /// Lofted tubes (nerves, vessels).
    Tubes(Vec<Tube>),
}

/// One lofted tube: a nerve's or a vessel's path, or one branch of it.
pub(super) struct Tube {
    /// Its knots.
    pub knots: Vec<Knot>,
    /// Its width reference.
    pub across: Vec3,
    /// Where a groove divides it into two cords (see [`loft`]).
    pub groove: Option<f32>,
}

impl Recipe {
    fn mesh(&self) -> Mesh {
        let mut m = match self {
            Recipe::Solid {
                solid,
                cell,
                muscle,
                fibres,
                triangles,
            } => {
                let color: Option<&dyn Fn(f32) -> [f32; 4]> =
                    if *muscle { Some(&muscle_color) } else { None };
                let finish = Finish {
                    smooth: SOLID_SMOOTH,
                    triangles: *triangles,
                    error: if *muscle { MUSCLE_ERROR } else { TISSUE_ERROR },
                };
                mesh_solid(solid, *cell, finish, color, *fibres)
            }
            Recipe::Tubes(tubes) => {
                let mut m = Mesh::default();
                for t in tubes {
                    let ring = if t.groove.is_some() {
                        DIVIDED_RING
                    } else {
                        NERVE_RING
                    };
                    m.append(&loft(&t.knots, t.across, ring, t.groove));
                }
                m
            }
        };
        m.quantize();
        m
    }

    fn prims(&self) -> Vec<Prim> {
        match self {
            Recipe::Solid { solid, .. } => solid.prims.clone(),
            Recipe::Tubes(tubes) => tubes
                .iter()
                .flat_map(|t| sweep(&t.knots, t.across))
                .collect(),
        }
    }
}

/// One meshing task: the envelope of a skin (over the parts of every job), or one recipe.
enum Task<'a> {
    Skin(&'a SkinRecipe, &'a [Job]),
    Recipe(&'a Recipe),
}

impl Task<'_> {
    fn mesh(&self) -> Mesh {
        match self {
            Task::Skin(skin, jobs) => skin_mesh(skin, jobs),
            Task::Recipe(recipe) => recipe.mesh(),
        }
    }
}

/// Meshes the tasks on a few threads, each thread taking the next task as soon as it is free (so the
/// long skin, listed first, runs beside the many small solids); the meshes come back in the order of the
/// tasks.
fn mesh_all(tasks: &[Task]) -> Vec<Mesh> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, MAX_WORKERS);
    let next = AtomicUsize::new(0);
    let mut out: Vec<Option<Mesh>> = vec![None; tasks.len()];
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(task) = tasks.get(i) else { break };
                        done.push((i, task.mesh()));
                    }
                    done
                })
            })
            .collect();
        for h in handles {
            match h.join() {
                Ok(done) => {
                    for (i, m) in done {
                        out[i] = Some(m);
                    }
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    out.into_iter().map(|m| m.unwrap_or_default()).collect()
}

/// The skin: every structure it does not leave out dilated by the soft-tissue layer (mirrored for bilateral
/// ones), together with the extra body parts, made into one envelope.
fn skin_mesh(skin: &SkinRecipe, jobs: &[Job]) -> Mesh {
    let (mut kept, mut smoothed) = (Vec::new(), Vec::new());
    for job in jobs.iter().filter(|j| !skin.leave_out.contains(&j.id)) {
        let into = if skin.smooth_over.contains(&job.id) {
            &mut smoothed
        } else {
            &mut kept
        };
        for p in job.recipe.prims() {
            let d = p.dilated(skin.soft_tissue);
            into.push(d);
            if job.bilateral {
                into.push(d.mirrored());
            }
        }
    }
    smoothed.extend(skin.soft.iter().copied());
    let envelope = Envelope {
        parts: &skin.prims,
        kept: &kept,
        smoothed: &smoothed,
        gap: skin.soft_tissue - skin.thinnest,
        folds: &skin.folds,
    };
    let mut mesh = mesh_envelope(
        envelope,
        skin.blur,
        skin.lo,
        skin.hi,
        skin.cell,
        skin.finish,
    );
    if let Some(toes) = &skin.toes {
        let finish = Finish {
            smooth: SOLID_SMOOTH,
            triangles: toes.triangles,
            error: TISSUE_ERROR,
        };
        let right = mesh_solid(&toes.solid, toes.cell, finish, None, false);
        mesh.append(&right);
        mesh.append(&right.mirrored());
    }
    // The cleft, the gluteal folds and the clefts between the toes read darker, as they do in the light.
    mesh.shade_hollows(SKIN_HOLLOW_RADIUS, SKIN_HOLLOW_DEPTH);
    mesh.quantize();
    mesh
}

/// Reach (metres) within which the skin's own surface shades a hollow (see [`Mesh::shade_hollows`]).
const SKIN_HOLLOW_RADIUS: f32 = 0.03;
/// How much darker a fully enclosed hollow of the skin would be.
const SKIN_HOLLOW_DEPTH: f32 = 2.2;

/// The node of the right side and of the left side (its mirror image), named `<base>_r<tail>` and
/// `<base>_l<tail>`.
fn both_sides(
    base: &str,
    tail: &str,
    (kind, blood): (Kind, Option<Blood>),
    mesh: &Mesh,
    out: &mut Vec<NodeMesh>,
) {
    for side in [Side::Right, Side::Left] {
        let mesh = if side == Side::Left {
            mesh.mirrored()
        } else {
            mesh.clone()
        };
        out.push(NodeMesh {
            name: format!("{base}{}{tail}", side.suffix()),
            kind,
            blood,
            mesh,
        });
    }
}

/// Builds every node of the model, in a fixed order: the structures in data order (right then left for
/// bilateral ones), then the variant nodes. The shapes are checked against the anatomy first: a structure
/// without a shape, a shape for no structure, or an unknown landmark is refused before any meshing.
pub fn build_nodes(anatomy: &Anatomy, shapes: &Shapes) -> Result<Vec<NodeMesh>, ModelError> {
    let plan = plan(anatomy, shapes)?;
    let tasks: Vec<Task> = plan
        .skins
        .iter()
        .map(|s| Task::Skin(s, &plan.jobs))
        .chain(plan.jobs.iter().map(|j| Task::Recipe(&j.recipe)))
        .chain(plan.variants.iter().map(|v| Task::Recipe(&v.1)))
        .collect();
    let mut meshes = mesh_all(&tasks);
    let rest = meshes.split_off(plan.skins.len());
    let skins: Vec<(&str, Mesh)> = plan
        .skins
        .iter()
        .map(|s| s.id.as_str())
        .zip(meshes)
        .collect();
    let (job_meshes, variant_meshes) = rest.split_at(plan.jobs.len());

    let mut nodes = Vec::new();
    for s in &anatomy.structures {
        if let Some((_, mesh)) = skins.iter().find(|(id, _)| *id == s.id) {
            nodes.push(NodeMesh {
                name: s.id.clone(),
                kind: s.kind,
                blood: None,
                mesh: mesh.clone(),
            });
        } else if let Some((job, mesh)) =
            plan.jobs.iter().zip(job_meshes).find(|(j, _)| j.id == s.id)
        {
            if job.bilateral {
                both_sides(&s.id, "", (job.kind, job.blood), mesh, &mut nodes);
            } else {
                nodes.push(NodeMesh {
                    name: s.id.clone(),
                    kind: job.kind,
                    blood: job.blood,
                    mesh: mesh.clone(),
                });
            }
        }
    }
    for ((suffix, _), mesh) in plan.variants.iter().zip(variant_meshes) {
        both_sides(
            "sciatic_nerve",
            suffix,
            (Kind::Nerve, None),
            mesh,
            &mut nodes,
        );
    }
    Ok(nodes)
}
