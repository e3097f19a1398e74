//! Triangle meshes: meshing a signed-distance field with surface nets, smoothing and simplifying.

use fast_surface_nets::ndshape::{RuntimeShape, Shape};
use fast_surface_nets::{SurfaceNetsBuffer, surface_nets};
use glam::Vec3;

use super::{Prim, Solid, smax};

/// Position grid of [`Mesh::quantize`]: steps per metre (0.01 mm).
const POSITION_STEPS: f32 = 1e5;
/// Normal grid of [`Mesh::quantize`]: steps per unit.
const NORMAL_STEPS: f32 = 1e4;
/// Colour grid of [`Mesh::quantize`]: steps per unit.
const COLOR_STEPS: f32 = 1e3;
/// How much coarser the first sampling grid of [`mesh_field`] is than the final one.
const COARSE: u32 = 4;
/// Width of the band around the surface, in coarse cells, where [`mesh_field`] samples the field finely.
const FINE_BAND: f32 = 2.5;
/// Empty cells around the bounding box of [`mesh_field`], so the surface closes inside the grid.
const FIELD_MARGIN: f32 = 2.0;
/// Cells along each axis of the blocks in which [`mesh_envelope`] decides whether a primitive can reach.
const BLOCK: u32 = 3;
/// How far (metres) a primitive's floor must stand above a block's field before the block is skipped, so
/// rounding never skips a cell the primitive would have lowered.
const FLOOR_SLACK: f32 = 1e-6;
/// Empty cells around the box of [`mesh_envelope`].
const ENVELOPE_MARGIN: f32 = 4.0;
/// Cells beyond its bounding box (plus one per blur pass) within which [`mesh_envelope`] writes a
/// primitive's distance; farther cells keep this distance, which no blur brings to the surface.
const ENVELOPE_REACH: f32 = 6.0;

/// A triangle mesh with per-vertex normals and optional colours.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mesh {
    /// Vertex positions (metres, model frame).
    pub positions: Vec<Vec3>,
    /// Unit normals.
    pub normals: Vec<Vec3>,
    /// Linear RGBA colours, empty when the material colour applies alone.
    pub colors: Vec<[f32; 4]>,
    /// Texture coordinates of a muscle: the first is the coordinate across its fibres (metres, see
    /// [`super::Prim::across`]), the second is zero; empty for other tissues.
    pub uvs: Vec<[f32; 2]>,
    /// Triangle indices, counter-clockwise seen from outside.
    pub indices: Vec<u32>,
}

impl Mesh {
    /// Number of triangles.
    pub fn triangles(&self) -> usize {
        self.indices.len() / 3
    }

    /// Appends another mesh.
    pub fn append(&mut self, other: &Mesh) {
        let base = self.positions.len() as u32;
        self.positions.extend_from_slice(&other.positions);
        self.normals.extend_from_slice(&other.normals);
        self.colors.extend_from_slice(&other.colors);
        self.uvs.extend_from_slice(&other.uvs);
        self.indices.extend(other.indices.iter().map(|i| i + base));
    }

    /// The mirror image (X negated), with the winding reversed so it still faces outwards.
    pub fn mirrored(&self) -> Mesh {
        let m = |v: &Vec3| Vec3::new(-v.x, v.y, v.z);
        let mut indices = self.indices.clone();
        for tri in indices.chunks_exact_mut(3) {
            tri.swap(1, 2);
        }
        Mesh {
            positions: self.positions.iter().map(m).collect(),
            normals: self.normals.iter().map(m).collect(),
            colors: self.colors.clone(),
            uvs: self.uvs.clone(),
            indices,
        }
    }

    /// Signed volume (positive when the triangles face outwards).
    pub fn signed_volume(&self) -> f32 {
        self.indices
            .chunks_exact(3)
            .map(|t| {
                let a = self.positions[t[0] as usize];
                let b = self.positions[t[1] as usize];
                let c = self.positions[t[2] as usize];
                a.dot(b.cross(c)) / 6.0
            })
            .sum()
    }

    /// Rounds positions, normals and colours to fixed grids (positions to 0.01 mm) so that the bytes do not
    /// depend on the last bits of floating-point maths.
    pub fn quantize(&mut self) {
        let q = |v: f32, s: f32| (v * s).round() / s;
        for p in &mut self.positions {
            let s = POSITION_STEPS;
            *p = Vec3::new(q(p.x, s), q(p.y, s), q(p.z, s));
        }
        for n in &mut self.normals {
            let s = NORMAL_STEPS;
            *n = Vec3::new(q(n.x, s), q(n.y, s), q(n.z, s));
        }
        for c in &mut self.colors {
            for v in c.iter_mut() {
                *v = q(*v, COLOR_STEPS);
            }
        }
        for uv in &mut self.uvs {
            for v in uv.iter_mut() {
                *v = q(*v, POSITION_STEPS);
            }
        }
    }
}

/// How a meshed surface is finished: smoothing passes, then simplification to a triangle budget.
#[derive(Debug, Clone, Copy)]
pub struct Finish {
    /// Taubin smoothing passes (each a shrinking and an inflating step).
    pub smooth: usize,
    /// Most triangles kept by the simplifier.
    pub triangles: usize,
    /// Largest geometric error the simplifier may introduce (metres).
    pub error: f32,
}

/// Samples `field` on a grid of `cell` spacing over `lo`..`hi` and meshes its zero level with surface nets,
/// then smooths and simplifies it as `finish` says. `color` maps the field's second value (the tendon
/// factor) to a vertex colour, if given.
///
/// The field is first sampled on a grid `COARSE` (4) times coarser; fine samples are computed only near the
/// surface (elsewhere the coarse value gives the sign, which is all that surface nets needs there).
pub fn mesh_field(
    field: &(dyn Fn(Vec3) -> (f32, f32) + Sync),
    lo: Vec3,
    hi: Vec3,
    cell: f32,
    finish: Finish,
    color: Option<&dyn Fn(f32) -> [f32; 4]>,
) -> Mesh {
    let lo = lo - Vec3::splat(FIELD_MARGIN * cell);
    let hi = hi + Vec3::splat(FIELD_MARGIN * cell);
    let n = ((hi - lo) / cell).ceil().as_uvec3() + 1;
    let nc = n / COARSE + 2;
    let coarse_shape = RuntimeShape::<u32, 3>::new([nc.x, nc.y, nc.z]);
    let mut coarse = vec![0.0f32; (nc.x * nc.y * nc.z) as usize];
    for z in 0..nc.z {
        for y in 0..nc.y {
            for x in 0..nc.x {
                let p = lo + Vec3::new(x as f32, y as f32, z as f32) * (cell * COARSE as f32);
                coarse[coarse_shape.linearize([x, y, z]) as usize] = field(p).0;
            }
        }
    }
    let band = FINE_BAND * COARSE as f32 * cell;
    let shape = RuntimeShape::<u32, 3>::new([n.x, n.y, n.z]);
    let mut sdf = vec![1.0f32; (n.x * n.y * n.z) as usize];
    let round = |v: u32| (v + COARSE / 2) / COARSE;
    for z in 0..n.z {
        for y in 0..n.y {
            for x in 0..n.x {
                let dc = coarse[coarse_shape.linearize([round(x), round(y), round(z)]) as usize];
                let d = if dc.abs() > band {
                    dc
                } else {
                    field(lo + Vec3::new(x as f32, y as f32, z as f32) * cell).0
                };
                sdf[shape.linearize([x, y, z]) as usize] = d / cell;
            }
        }
    }
    let mut buf = SurfaceNetsBuffer::default();
    surface_nets(&sdf, &shape, [0; 3], [n.x - 1, n.y - 1, n.z - 1], &mut buf);
    let mut mesh = nets_mesh(&buf, lo, cell);
    mesh.finish(finish);
    if let Some(c) = color {
        mesh.colors = mesh.positions.iter().map(|p| c(field(*p).1)).collect();
    }
    mesh
}

fn nets_mesh(buf: &SurfaceNetsBuffer, lo: Vec3, cell: f32) -> Mesh {
    let positions: Vec<Vec3> = buf
        .positions
        .iter()
        .map(|p| lo + Vec3::from(*p) * cell)
        .collect();
    let mut mesh = Mesh {
        normals: Vec::new(),
        positions,
        colors: Vec::new(),
        uvs: Vec::new(),
        indices: buf.indices.clone(),
    };
    if mesh.signed_volume() < 0.0 {
        for tri in mesh.indices.chunks_exact_mut(3) {
            tri.swap(1, 2);
        }
    }
    mesh
}

impl Mesh {
    /// Vertex neighbours (sorted, without repeats).
    fn neighbours(&self) -> Vec<Vec<u32>> {
        let mut nb: Vec<Vec<u32>> = vec![Vec::new(); self.positions.len()];
        for t in self.indices.chunks_exact(3) {
            for (a, b) in [(t[0], t[1]), (t[1], t[2]), (t[2], t[0])] {
                nb[a as usize].push(b);
                nb[b as usize].push(a);
            }
        }
        for v in &mut nb {
            v.sort_unstable();
            v.dedup();
        }
        nb
    }

    /// Taubin smoothing: `passes` pairs of a Laplacian step (0.5) and an inflating step (-0.53), which
    /// removes the staircase of the grid without shrinking the shape.
    pub fn smooth(&mut self, passes: usize) {
        if passes == 0 {
            return;
        }
        let nb = self.neighbours();
        let mut next = self.positions.clone();
        for _ in 0..passes {
            for f in [0.5f32, -0.53] {
                for (i, n) in nb.iter().enumerate() {
                    if n.is_empty() {
                        continue;
                    }
                    let c = n.iter().map(|&j| self.positions[j as usize]).sum::<Vec3>()
                        / n.len() as f32;
                    next[i] = self.positions[i] + (c - self.positions[i]) * f;
                }
                std::mem::swap(&mut self.positions, &mut next);
            }
        }
    }

    /// Shades the hollows of a surface, as the light that reaches into a crease is less: each vertex gets
    /// a grey colour (alpha 1) darker by `depth` times its occlusion, the share of the surface within
    /// `radius` that lies in front of it (weighted by how squarely in front and how near). A flat or
    /// convex stretch stays white; the walls of a cleft or a fold, which face each other, darken.
    pub fn shade_hollows(&mut self, radius: f32, depth: f32) {
        let cell = radius.max(1e-4);
        let key = |p: Vec3| (p / cell).floor().as_ivec3();
        let mut grid: std::collections::HashMap<glam::IVec3, Vec<u32>> =
            std::collections::HashMap::new();
        for (i, p) in self.positions.iter().enumerate() {
            grid.entry(key(*p)).or_default().push(i as u32);
        }
        self.colors = self
            .positions
            .iter()
            .zip(&self.normals)
            .map(|(&p, &n)| {
                let (mut front, mut all) = (0.0f32, 0.0f32);
                let k = key(p);
                for dx in -1..=1 {
                    for dy in -1..=1 {
                        for dz in -1..=1 {
                            let Some(cell) = grid.get(&(k + glam::IVec3::new(dx, dy, dz))) else {
                                continue;
                            };
                            for &j in cell {
                                let d = self.positions[j as usize] - p;
                                let len = d.length();
                                if len >= radius || len < 1e-6 {
                                    continue;
                                }
                                let w = 1.0 - len / radius;
                                all += w;
                                front += w * (d.dot(n) / len).max(0.0);
                            }
                        }
                    }
                }
                let occlusion = if all > 0.0 { front / all } else { 0.0 };
                let g = (1.0 - depth * occlusion).clamp(0.0, 1.0);
                [g, g, g, 1.0]
            })
            .collect();
    }

    /// Area-weighted vertex normals.
    pub fn compute_normals(&mut self) {
        let mut acc = vec![Vec3::ZERO; self.positions.len()];
        for t in self.indices.chunks_exact(3) {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| self.positions[i as usize]);
            let n = (b - a).cross(c - a);
            for i in t {
                acc[*i as usize] += n;
            }
        }
        self.normals = acc.into_iter().map(|n| n.normalize_or(Vec3::Y)).collect();
    }

    /// Simplifies to at most `triangles` triangles (stopping earlier where that would move the surface
    /// by more than `error`), keeping the normals of the dense mesh, and drops unused vertices.
    pub fn simplify(&mut self, triangles: usize, error: f32) {
        if self.triangles() > triangles {
            let pos: Vec<[f32; 3]> = self.positions.iter().map(|p| p.to_array()).collect();
            self.indices = meshopt::simplify_decoder(
                &self.indices,
                &pos,
                triangles * 3,
                error,
                meshopt::SimplifyOptions::ErrorAbsolute,
                None,
            );
        }
        let mut remap = vec![u32::MAX; self.positions.len()];
        for &i in &self.indices {
            remap[i as usize] = 0;
        }
        let mut next = 0u32;
        for r in &mut remap {
            if *r == 0 {
                *r = next;
                next += 1;
            }
        }
        let keep = |v: &Vec<Vec3>| -> Vec<Vec3> {
            v.iter()
                .zip(&remap)
                .filter(|(_, r)| **r != u32::MAX)
                .map(|(p, _)| *p)
                .collect()
        };
        self.positions = keep(&self.positions);
        self.normals = keep(&self.normals);
        if !self.colors.is_empty() {
            self.colors = self
                .colors
                .iter()
                .zip(&remap)
                .filter(|(_, r)| **r != u32::MAX)
                .map(|(c, _)| *c)
                .collect();
        }
        for i in &mut self.indices {
            *i = remap[*i as usize];
        }
    }

    /// Smooths, computes normals and simplifies.
    pub fn finish(&mut self, f: Finish) {
        self.smooth(f.smooth);
        self.compute_normals();
        self.simplify(f.triangles, f.error);
    }
}

/// Meshes a solid over its own bounding box, coloured by `color` (a muscle). With `fibres` (a muscle, a
/// tendon or a ligament) each vertex also gets its coordinate across the fibres as texture coordinates.
pub fn mesh_solid(
    solid: &Solid,
    cell: f32,
    finish: Finish,
    color: Option<&dyn Fn(f32) -> [f32; 4]>,
    fibres: bool,
) -> Mesh {
    let (lo, hi) = solid.bounds(cell);
    let spans = solid.spans();
    let mut mesh = mesh_field(
        &|p| solid.eval_spans(&spans, p),
        lo,
        hi,
        cell,
        finish,
        color,
    );
    if fibres {
        mesh.uvs = mesh
            .positions
            .iter()
            .map(|p| [solid.across(*p), 0.0])
            .collect();
        even_out(&mut mesh.uvs, &mesh.indices, ACROSS_PASSES);
    }
    mesh
}

/// Passes of [`even_out`] over a muscle's coordinate across its fibres.
const ACROSS_PASSES: usize = 40;

/// Evens out the first texture coordinate over the mesh: each pass moves every vertex's value half way
/// to the mean of its neighbours'. A vertex takes the coordinate of the primitive nearest it, which can
/// change from one vertex to the next where the pieces of a sheet blend; left as it is, the stripes drawn
/// at equal steps of it wobble from triangle to triangle instead of running evenly along the fibres.
fn even_out(uvs: &mut [[f32; 2]], indices: &[u32], passes: usize) {
    for _ in 0..passes {
        let across: Vec<f32> = uvs.iter().map(|uv| uv[0]).collect();
        for (uv, mean) in uvs.iter_mut().zip(neighbour_means(&across, indices)) {
            if let Some(mean) = mean {
                uv[0] = 0.5 * uv[0] + 0.5 * mean;
            }
        }
    }
}

/// For each vertex, the mean of `values` over its neighbours along the triangles' edges (an edge shared
/// by two triangles counts twice), or `None` for a vertex on no triangle.
pub fn neighbour_means(values: &[f32], indices: &[u32]) -> Vec<Option<f32>> {
    let mut sum = vec![0.0f32; values.len()];
    let mut count = vec![0u32; values.len()];
    for tri in indices.chunks_exact(3) {
        for k in 0..3 {
            let (a, b) = (tri[k] as usize, tri[(k + 1) % 3] as usize);
            sum[a] += values[b];
            sum[b] += values[a];
            count[a] += 1;
            count[b] += 1;
        }
    }
    sum.iter()
        .zip(&count)
        .map(|(s, &c)| (c > 0).then(|| s / c as f32))
        .collect()
}

/// The sampling grid of [`mesh_envelope`].
struct Grid<'a> {
    lo: Vec3,
    cell: f32,
    n: glam::UVec3,
    shape: &'a RuntimeShape<u32, 3>,
}

impl Grid<'_> {
    /// The first and last cell (along each axis) within `margin` of a primitive's bounds.
    fn range(&self, prim: &Prim, margin: f32) -> (glam::UVec3, glam::UVec3) {
        let (a, b) = prim.bounds(margin);
        let first = ((a - self.lo) / self.cell)
            .floor()
            .max(Vec3::ZERO)
            .as_uvec3();
        let last = ((b - self.lo) / self.cell)
            .ceil()
            .as_uvec3()
            .min(self.n - 1);
        (first, last)
    }

    /// Visits the cells within `margin` of a primitive's bounds block by block ([`BLOCK`] cells along each
    /// axis): `f` gets, for each block, a floor under the primitive's distance anywhere in it (see
    /// [`Prim::floor_near`]) and the index and position of each of its cells.
    fn near_blocks(&self, prim: &Prim, margin: f32, mut f: impl FnMut(f32, &[(usize, Vec3)])) {
        let (ia, ib) = self.range(prim, margin);
        let at = |c: glam::UVec3| self.lo + c.as_vec3() * self.cell;
        let mut cells = Vec::with_capacity((BLOCK * BLOCK * BLOCK) as usize);
        for bz in (ia.z..=ib.z).step_by(BLOCK as usize) {
            for by in (ia.y..=ib.y).step_by(BLOCK as usize) {
                for bx in (ia.x..=ib.x).step_by(BLOCK as usize) {
                    let first = glam::UVec3::new(bx, by, bz);
                    let last = (first + (BLOCK - 1)).min(ib);
                    let (pa, pb) = (at(first), at(last));
                    let floor = prim.floor_near((pa + pb) * 0.5, (pb - pa).length() * 0.5);
                    cells.clear();
                    for z in first.z..=last.z {
                        for y in first.y..=last.y {
                            for x in first.x..=last.x {
                                let c = glam::UVec3::new(x, y, z);
                                cells.push((self.shape.linearize([x, y, z]) as usize, at(c)));
                            }
                        }
                    }
                    f(floor, &cells);
                }
            }
        }
    }

    /// Visits every cell within `margin` of a primitive's bounds with its index and position.
    fn near(&self, prim: &Prim, margin: f32, mut f: impl FnMut(usize, Vec3)) {
        let (ia, ib) = self.range(prim, margin);
        for z in ia.z..=ib.z {
            for y in ia.y..=ib.y {
                for x in ia.x..=ib.x {
                    let p = self.lo + Vec3::new(x as f32, y as f32, z as f32) * self.cell;
                    f(self.shape.linearize([x, y, z]) as usize, p);
                }
            }
        }
    }
}

/// What an envelope wraps.
#[derive(Debug, Clone, Copy, Default)]
pub struct Envelope<'a> {
    /// Parts it wraps that a fold may cut into (the body's fat).
    pub parts: &'a [Prim],
    /// Parts it wraps that no fold cuts into (the structures under their soft tissue).
    pub kept: &'a [Prim],
    /// Parts it runs smoothly over (structures under their usual soft tissue): over a bump it may come
    /// up to `gap` inside one, never deeper; no fold cuts deeper either.
    pub smoothed: &'a [Prim],
    /// How far inside a smoothed part the envelope may come (metres).
    pub gap: f32,
    /// Folds: a primitive carved out of the blurred envelope and the cuttable parts, with its blend width.
    pub folds: &'a [(Prim, f32)],
}

/// Meshes a soft envelope of many primitives: their hard union is splatted into the grid (each primitive
/// only near itself), then the field is blurred `blur` times with a box of three cells along each axis,
/// which fills the creases between parts like soft tissue over them; the union is kept where it lies
/// outside the blurred field, so nothing is shrunk, except the smoothed parts, whose bumps the envelope
/// may cut by up to its gap instead of printing through. The folds are then carved in, down to the kept
/// parts (and the smoothed parts less their gap) at most, so a fold never uncovers them. The box from
/// `lo` to `hi` cuts the envelope: where the body reaches a face of the box, the mesh is closed there by a
/// flat section.
pub fn mesh_envelope(
    envelope: Envelope,
    blur: usize,
    lo: Vec3,
    hi: Vec3,
    cell: f32,
    finish: Finish,
) -> Mesh {
    let lo = lo - Vec3::splat(ENVELOPE_MARGIN * cell);
    let hi = hi + Vec3::splat(ENVELOPE_MARGIN * cell);
    let n = ((hi - lo) / cell).ceil().as_uvec3() + 1;
    let shape = RuntimeShape::<u32, 3>::new([n.x, n.y, n.z]);
    let far = ENVELOPE_REACH * cell + blur as f32 * cell;
    let point = |i: usize| {
        let [x, y, z] = shape.delinearize(i as u32);
        lo + Vec3::new(x as f32, y as f32, z as f32) * cell
    };
    let grid = Grid {
        lo,
        cell,
        n,
        shape: &shape,
    };
    let mut sdf = vec![far; (n.x * n.y * n.z) as usize];
    // A primitive is only evaluated in the blocks where it might come nearer than what is already there.
    let unreached = |floor: f32, field: &[f32], cells: &[(usize, Vec3)]| {
        cells.iter().all(|&(i, _)| field[i] <= floor - FLOOR_SLACK)
    };
    for prim in envelope.parts.iter().chain(envelope.kept) {
        grid.near_blocks(prim, far, |floor, cells| {
            if unreached(floor, &sdf, cells) {
                return;
            }
            for &(i, p) in cells {
                sdf[i] = sdf[i].min(prim.eval(p).0);
            }
        });
    }
    let strides = [1usize, n.x as usize, (n.x * n.y) as usize];
    let dims = [n.x as usize, n.y as usize, n.z as usize];
    let mut hard = sdf.clone();
    for prim in envelope.smoothed {
        grid.near_blocks(prim, far, |floor, cells| {
            if unreached(floor, &sdf, cells) && unreached(floor + envelope.gap, &hard, cells) {
                return;
            }
            for &(i, p) in cells {
                let d = prim.eval(p).0;
                sdf[i] = sdf[i].min(d);
                hard[i] = hard[i].min(d + envelope.gap);
            }
        });
    }
    let mut tmp = sdf.clone();
    for _ in 0..blur {
        for axis in 0..3 {
            let s = strides[axis];
            for i in 0..sdf.len() {
                let c = (i / s) % dims[axis];
                let a = if c > 0 { sdf[i - s] } else { sdf[i] };
                let b = if c + 1 < dims[axis] {
                    sdf[i + s]
                } else {
                    sdf[i]
                };
                tmp[i] = (a + sdf[i] + b) / 3.0;
            }
            std::mem::swap(&mut sdf, &mut tmp);
        }
    }
    for (v, h) in sdf.iter_mut().zip(&hard) {
        *v = v.min(*h);
    }
    for (fold, k) in envelope.folds {
        let (a, b) = fold.bounds(*k);
        let overlaps = |q: &&Prim| {
            let (qa, qb) = q.bounds(cell);
            qa.cmple(b).all() && a.cmple(qb).all()
        };
        let kept: Vec<&Prim> = envelope.kept.iter().filter(overlaps).collect();
        let smoothed: Vec<&Prim> = envelope.smoothed.iter().filter(overlaps).collect();
        grid.near(fold, *k, |i, p| {
            let kept = kept
                .iter()
                .map(|q| q.eval(p).0)
                .chain(smoothed.iter().map(|q| q.eval(p).0 + envelope.gap))
                .fold(far, f32::min);
            sdf[i] = smax(sdf[i], -fold.eval(p).0, *k).min(kept);
        });
    }
    let (inner_lo, inner_hi) = (lo + ENVELOPE_MARGIN * cell, hi - ENVELOPE_MARGIN * cell);
    for (i, v) in sdf.iter_mut().enumerate() {
        // The box cuts the envelope with flat, closed faces (a transverse section where the body leaves it).
        let p = point(i);
        let outside = (inner_lo - p).max(p - inner_hi).max_element();
        *v = v.max(outside) / cell;
    }
    let mut buf = SurfaceNetsBuffer::default();
    surface_nets(&sdf, &shape, [0; 3], [n.x - 1, n.y - 1, n.z - 1], &mut buf);
    let mut mesh = nets_mesh(&buf, lo, cell);
    mesh.finish(finish);
    mesh
}
