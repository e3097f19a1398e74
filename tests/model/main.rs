//! Tests of the generated model: they read the committed .glb with the gltf crate and measure anatomical
//! relations on the meshes.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use glam::Vec3;
use sciatic_planner::anatomy::mesh::ModelMeshes;
use sciatic_planner::anatomy::model::sdf::{closest_on_triangle, neighbour_means};
use sciatic_planner::anatomy::model::{DEFAULT_MODEL_PATH, build_model};
use sciatic_planner::anatomy::{Anatomy, Kind, Side};

struct NodeData {
    positions: Vec<Vec3>,
    triangles: Vec<[u32; 3]>,
}

fn model_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_MODEL_PATH)
}

fn committed_bytes() -> &'static Vec<u8> {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| std::fs::read(model_path()).expect("the committed model exists"))
}

fn load(bytes: &[u8]) -> BTreeMap<String, NodeData> {
    node_data(&ModelMeshes::from_glb(bytes).expect("valid glb"))
}

/// The positions and triangles of every node, by name.
fn node_data(meshes: &ModelMeshes) -> BTreeMap<String, NodeData> {
    meshes
        .nodes
        .iter()
        .map(|n| {
            let data = NodeData {
                positions: n.positions.iter().copied().map(Vec3::from).collect(),
                triangles: n
                    .indices
                    .chunks_exact(3)
                    .map(|t| [t[0], t[1], t[2]])
                    .collect(),
            };
            (n.name.clone(), data)
        })
        .collect()
}

/// The committed model as read from its file, with every attribute (colours, texture coordinates, skin),
/// read once.
fn committed_meshes() -> &'static ModelMeshes {
    static MESHES: OnceLock<ModelMeshes> = OnceLock::new();
    MESHES.get_or_init(|| ModelMeshes::from_glb(committed_bytes()).expect("valid glb"))
}

fn model() -> &'static BTreeMap<String, NodeData> {
    static MODEL: OnceLock<BTreeMap<String, NodeData>> = OnceLock::new();
    MODEL.get_or_init(|| node_data(committed_meshes()))
}

fn node(name: &str) -> &'static NodeData {
    model()
        .get(name)
        .unwrap_or_else(|| panic!("node {name} is missing"))
}

fn lm(id: &str) -> Vec3 {
    Vec3::from(
        Anatomy::embedded()
            .landmark(id)
            .unwrap_or_else(|| panic!("landmark {id}"))
            .position,
    )
}

fn min_distance(a: &[Vec3], b: &[Vec3]) -> f32 {
    let mut best = f32::MAX;
    for p in a {
        for q in b {
            best = best.min(p.distance_squared(*q));
        }
    }
    best.sqrt()
}

fn nearest(p: Vec3, pts: &[Vec3]) -> f32 {
    pts.iter()
        .map(|q| p.distance_squared(*q))
        .fold(f32::MAX, f32::min)
        .sqrt()
}

/// Centroid of the vertices of `pts` within `half` of the height `y`.
fn slice_centroid(pts: &[Vec3], y: f32, half: f32) -> Option<Vec3> {
    let s: Vec<Vec3> = pts
        .iter()
        .copied()
        .filter(|p| (p.y - y).abs() < half)
        .collect();
    (!s.is_empty()).then(|| s.iter().copied().sum::<Vec3>() / s.len() as f32)
}

#[test]
fn every_node_exists_and_has_a_mesh() {
    let anatomy = Anatomy::embedded();
    let mut names = anatomy.node_names();
    for v in &anatomy.nerves.variants {
        if let Some(suffix) = &v.node_suffix {
            names.push(format!("sciatic_nerve_r{suffix}"));
            names.push(format!("sciatic_nerve_l{suffix}"));
        }
    }
    assert_eq!(anatomy.node_names().len(), 159);
    for name in &names {
        let n = node(name);
        assert!(n.triangles.len() > 20, "{name} has almost no triangles");
    }
    for v in ["b", "f"] {
        assert!(model().contains_key(&format!("sciatic_nerve_r__variant_{v}")));
    }
}

#[test]
fn triangle_budget() {
    let total: usize = model().values().map(|n| n.triangles.len()).sum();
    assert!(total <= 450_000, "{total} triangles");
}

#[test]
fn regeneration_gives_identical_bytes() {
    let (bytes, stats) = build_model().expect("model builds");
    assert_eq!(stats.bytes, bytes.len());
    assert!(
        bytes == *committed_bytes(),
        "the committed model is out of date: run `sciatic-planner build-model`"
    );
}

#[test]
fn left_side_mirrors_right_side() {
    let r = node("femur_r");
    let l = node("femur_l");
    assert_eq!(r.positions.len(), l.positions.len());
    for (a, b) in r.positions.iter().zip(&l.positions) {
        assert_eq!(a.x, -b.x);
        assert_eq!((a.y, a.z), (b.y, b.z));
    }
    assert!(r.positions.iter().all(|p| p.x < 0.0), "right is -X");
}

/// Type A: the nerve leaves the pelvis below piriformis. Lateral to the greater sciatic notch (outside the
/// pelvis, where the plexus no longer lies on the muscle's front), wherever the sciatic nerve and piriformis
/// share a vertical column (4 mm) the muscle is above the nerve; and they do share columns.
#[test]
fn nerve_passes_below_piriformis() {
    let nerve = &node("sciatic_nerve_r").positions;
    let notch = lm("greater_sciatic_notch_apex_deepest_point_of_notch");
    let piri: Vec<Vec3> = node("piriformis_r")
        .positions
        .iter()
        .copied()
        .filter(|p| p.x < notch.x)
        .collect();
    let piri = &piri;
    let mut shared = 0;
    for n in nerve {
        for p in piri {
            let dx = n.x - p.x;
            let dz = n.z - p.z;
            if dx * dx + dz * dz < 0.004 * 0.004 {
                shared += 1;
                assert!(
                    p.y > n.y,
                    "piriformis vertex {p} lies below nerve vertex {n}"
                );
            }
        }
    }
    assert!(shared > 10, "the nerve never passes under piriformis");
}

/// Each Beaton & Anson type runs where its letter says, measured against piriformis in the columns they
/// share: through the muscle (a nerve vertex level with a piriformis vertex) in B, D and E; over its upper
/// border in C, E and F; under its lower border in B and C (the tibial division), as in A.
#[test]
fn each_variant_passes_piriformis_where_its_type_says() {
    let piri = &node("piriformis_r").positions;
    let notch = lm("greater_sciatic_notch_apex_deepest_point_of_notch");
    #[derive(PartialEq)]
    enum Way {
        Through,
        Above,
        Below,
    }
    let passes = |letter: &str, way: Way| {
        let name = format!("sciatic_nerve_r__variant_{letter}");
        node(&name).positions.iter().any(|n| {
            n.x < notch.x
                && piri.iter().any(|p| {
                    let shared = (n.x - p.x).powi(2) + (n.z - p.z).powi(2) < 0.004f32.powi(2);
                    shared
                        && match way {
                            Way::Through => (n.y - p.y).abs() < 0.004,
                            Way::Above => {
                                n.y > p.y + 0.004
                                    && !piri.iter().any(|q| {
                                        q.y > n.y
                                            && (q.x - n.x).abs() < 0.004
                                            && (q.z - n.z).abs() < 0.004
                                    })
                            }
                            Way::Below => {
                                n.y < p.y - 0.004
                                    && !piri.iter().any(|q| {
                                        q.y < n.y
                                            && (q.x - n.x).abs() < 0.004
                                            && (q.z - n.z).abs() < 0.004
                                    })
                            }
                        }
                })
        })
    };
    for l in ["b", "d", "e"] {
        assert!(
            passes(l, Way::Through),
            "type {l} passes through piriformis"
        );
    }
    for l in ["c", "e", "f"] {
        assert!(passes(l, Way::Above), "type {l} passes above piriformis");
    }
    for l in ["b", "c"] {
        assert!(passes(l, Way::Below), "type {l} passes below piriformis");
    }
    assert!(
        !passes("f", Way::Through),
        "type F stays clear of the muscle"
    );
}

/// At the level of quadratus femoris the nerve lies between the ischial tuberosity and the greater
/// trochanter, posterior to quadratus femoris and anterior to gluteus maximus.
#[test]
fn nerve_between_tuberosity_and_trochanter() {
    let nerve = &node("sciatic_nerve_r").positions;
    let qf = &node("quadratus_femoris_r").positions;
    let y = qf.iter().map(|p| p.y).sum::<f32>() / qf.len() as f32;
    let c = slice_centroid(nerve, y, 0.003).expect("nerve at the level of quadratus femoris");
    let it = lm("rightposteriorischialtuberosity_tlem");
    let gt = lm("greater_trochanter_tlem");
    let hip: Vec<Vec3> = node("hip_bone_r")
        .positions
        .iter()
        .copied()
        .filter(|p| p.distance(it) < 0.02)
        .collect();
    let fem: Vec<Vec3> = node("femur_r")
        .positions
        .iter()
        .copied()
        .filter(|p| p.distance(gt) < 0.02)
        .collect();
    assert!(!hip.is_empty() && !fem.is_empty());
    // Lateral is -X on the right side.
    let it_lateral = hip.iter().map(|p| p.x).fold(f32::MAX, f32::min);
    let gt_medial = fem.iter().map(|p| p.x).fold(f32::MIN, f32::max);
    assert!(
        c.x < it_lateral && c.x > gt_medial,
        "nerve x {} not between tuberosity {} and trochanter {}",
        c.x,
        it_lateral,
        gt_medial
    );
    // Front-to-back order along a line through the nerve: quadratus femoris in front (+Z), gluteus
    // maximus behind (-Z).
    let column = |pts: &[Vec3]| -> Vec<f32> {
        pts.iter()
            .filter(|p| (p.x - c.x).abs() < 0.005 && (p.y - c.y).abs() < 0.005)
            .map(|p| p.z)
            .collect()
    };
    let nerve_z = column(nerve);
    let qf_z = column(qf);
    let gmax_z = column(&node("gluteus_maximus_r").positions);
    assert!(!nerve_z.is_empty() && !qf_z.is_empty() && !gmax_z.is_empty());
    let nerve_front = nerve_z.iter().copied().fold(f32::MIN, f32::max);
    let nerve_back = nerve_z.iter().copied().fold(f32::MAX, f32::min);
    let qf_back = qf_z.iter().copied().fold(f32::MAX, f32::min);
    let gmax_front = gmax_z.iter().copied().fold(f32::MIN, f32::max);
    assert!(
        qf_back > nerve_front,
        "quadratus femoris is not anterior to the nerve"
    );
    assert!(
        gmax_front < nerve_back,
        "gluteus maximus is not posterior to the nerve"
    );
}

#[test]
fn nerve_splits_above_the_condyles() {
    let nerve = &node("sciatic_nerve_r").positions;
    let split = nerve.iter().map(|p| p.y).fold(f32::MAX, f32::min);
    let condyles = node("femur_r")
        .positions
        .iter()
        .map(|p| p.y)
        .fold(f32::MAX, f32::min);
    let tib_top = node("tibial_nerve_r")
        .positions
        .iter()
        .map(|p| p.y)
        .fold(f32::MIN, f32::max);
    let cfn_top = node("common_fibular_nerve_r")
        .positions
        .iter()
        .map(|p| p.y)
        .fold(f32::MIN, f32::max);
    let above = split - condyles;
    assert!(
        (0.040..=0.100).contains(&above),
        "split {above} m above the condyles"
    );
    assert!((tib_top - split).abs() < 0.01 && (cfn_top - split).abs() < 0.01);
}

/// The sciatic trunk is the tibial and common fibular nerves in one sheath: seen from behind in the thigh,
/// two cords side by side with a groove between them, the lateral (common fibular) cord the narrower.
#[test]
fn the_sciatic_trunk_shows_its_tibial_and_common_fibular_parts() {
    let nerve = node("sciatic_nerve_r");
    for y in [0.80, 0.70, 0.60] {
        // The back face's depth across the nerve, lateral (-x) to medial, every 0.2 mm.
        let centre = slice_centroid(&nerve.positions, y, 0.012).expect("the nerve at this level");
        let face: Vec<(f32, f32)> = (-60..=60)
            .filter_map(|i| {
                let x = centre.x + i as f32 * 0.0002;
                back_surface(nerve, Vec3::new(x, y, 0.0)).map(|z| (x, z))
            })
            .collect();
        let (left, right) = (face[0].0, face[face.len() - 1].0);
        // The groove: the least posterior point of the back face in the middle 70% of its width; the
        // cords: the most posterior point either side of it.
        let margin = 0.15 * (right - left);
        let groove = *face
            .iter()
            .filter(|(x, _)| *x > left + margin && *x < right - margin)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .expect("the face has a middle");
        let deepest = |lateral_side: bool| {
            face.iter()
                .filter(|p| (p.0 < groove.0) == lateral_side && p.0 != groove.0)
                .map(|p| p.1)
                .fold(f32::MAX, f32::min)
        };
        let (lateral, medial) = (deepest(true), deepest(false));
        assert!(
            groove.1 - lateral > 0.0005 && groove.1 - medial > 0.0005,
            "y {y}: no groove: cords at {lateral} and {medial}, groove at {groove:?}"
        );
        let fraction = (groove.0 - left) / (right - left);
        assert!(
            (0.25..0.48).contains(&fraction),
            "y {y}: groove at {fraction} of the width from the lateral edge"
        );
    }
}

#[test]
fn common_fibular_nerve_passes_the_fibular_neck() {
    let fib = &node("fibula_r").positions;
    let top = fib.iter().map(|p| p.y).fold(f32::MIN, f32::max);
    let neck: Vec<Vec3> = fib
        .iter()
        .copied()
        .filter(|p| p.y < top - 0.015 && p.y > top - 0.03)
        .collect();
    assert!(!neck.is_empty());
    let d = min_distance(&node("common_fibular_nerve_r").positions, &neck);
    assert!(
        d < 0.015,
        "common fibular nerve {d} m from the fibular neck"
    );
}

/// Each muscle's two ends (the extreme vertices along its main direction) lie within 10 mm of one of the
/// structures it attaches to. A midline muscle (the external anal sphincter) rings a canal that opens in
/// the skin at one end, so only one of its ends need meet its attachments; a bilateral structure attached
/// to it, or a midline one attached to a bilateral structure, counts both sides.
#[test]
fn muscle_ends_touch_their_bones() {
    let anatomy = Anatomy::embedded();
    for s in &anatomy.structures {
        if !matches!(s.kind, Kind::Muscle | Kind::Tendon | Kind::Ligament) {
            continue;
        }
        for &side in s.node_sides() {
            let name = format!("{}{}", s.id, side.suffix());
            let pts = &node(&name).positions;
            let attach: Vec<Vec3> = s
                .attaches_to
                .iter()
                .flat_map(|b| {
                    let bs = anatomy.structure(b).expect("attachment");
                    bs.node_sides()
                        .iter()
                        .filter(|sd| **sd == side || **sd == Side::Midline || side == Side::Midline)
                        .flat_map(|sd| node(&format!("{}{}", b, sd.suffix())).positions.clone())
                        .collect::<Vec<_>>()
                })
                .collect();
            assert!(!attach.is_empty(), "{name} has no attachment in the model");
            // Main direction: the two vertices farthest apart, approximated from the bounding box diagonal.
            let c = pts.iter().copied().sum::<Vec3>() / pts.len() as f32;
            let far1 = *pts
                .iter()
                .max_by(|a, b| a.distance(c).total_cmp(&b.distance(c)))
                .unwrap();
            let far2 = *pts
                .iter()
                .max_by(|a, b| a.distance(far1).total_cmp(&b.distance(far1)))
                .unwrap();
            let gaps = [far1, far2].map(|end| nearest(end, &attach));
            // The end farther from its attachments is checked; for a midline muscle, the nearer.
            let farther = usize::from(gaps[1] > gaps[0]);
            let k = if side == Side::Midline {
                1 - farther
            } else {
                farther
            };
            let (end, d) = ([far1, far2][k], gaps[k]);
            assert!(
                d <= 0.010,
                "{name}: end {end} is {d} m from its attachments"
            );
        }
    }
}

/// Point-in-mesh by the winding number of a ray along +Z (the pieces leaving minus those entering, so a
/// mesh of several closed pieces that overlap, as the skin and its toes, counts as their union), with the
/// triangles bucketed by (x, y).
struct Inside {
    pts: Vec<Vec3>,
    tris: Vec<[u32; 3]>,
    grid: BTreeMap<(i32, i32), Vec<usize>>,
}

const BUCKET: f32 = 0.01;

impl Inside {
    fn new(n: &NodeData) -> Inside {
        let mut grid: BTreeMap<(i32, i32), Vec<usize>> = BTreeMap::new();
        for (i, t) in n.triangles.iter().enumerate() {
            let ps = t.map(|k| n.positions[k as usize]);
            let lo = ps[0].min(ps[1]).min(ps[2]);
            let hi = ps[0].max(ps[1]).max(ps[2]);
            for x in (lo.x / BUCKET).floor() as i32..=(hi.x / BUCKET).floor() as i32 {
                for y in (lo.y / BUCKET).floor() as i32..=(hi.y / BUCKET).floor() as i32 {
                    grid.entry((x, y)).or_default().push(i);
                }
            }
        }
        Inside {
            pts: n.positions.clone(),
            tris: n.triangles.clone(),
            grid,
        }
    }

    fn contains(&self, p: Vec3) -> bool {
        let p = p + Vec3::new(1.3e-6, 0.7e-6, 0.0);
        let key = ((p.x / BUCKET).floor() as i32, (p.y / BUCKET).floor() as i32);
        let Some(list) = self.grid.get(&key) else {
            return false;
        };
        let mut crossings = 0;
        for &i in list {
            let [a, b, c] = self.tris[i].map(|k| self.pts[k as usize]);
            // 2D barycentric test in (x, y), then the z of the hit.
            let d = (b.y - c.y) * (a.x - c.x) + (c.x - b.x) * (a.y - c.y);
            if d.abs() < 1e-14 {
                continue;
            }
            let l1 = ((b.y - c.y) * (p.x - c.x) + (c.x - b.x) * (p.y - c.y)) / d;
            let l2 = ((c.y - a.y) * (p.x - c.x) + (a.x - c.x) * (p.y - c.y)) / d;
            let l3 = 1.0 - l1 - l2;
            if l1 < 0.0 || l2 < 0.0 || l3 < 0.0 {
                continue;
            }
            let z = l1 * a.z + l2 * b.z + l3 * c.z;
            if z > p.z {
                // Leaving a piece (its outward normal along +Z) or entering one.
                let facing = (b - a).cross(c - a).z;
                crossings += if facing > 0.0 { 1 } else { -1 };
            }
        }
        crossings > 0
    }
}

#[test]
fn skin_encloses_everything() {
    let skin = Inside::new(node("skin"));
    let mut checked = 0;
    for (name, n) in model() {
        if name == "skin" {
            continue;
        }
        for p in n.positions.iter().step_by(7) {
            assert!(skin.contains(*p), "{name}: vertex {p} is outside the skin");
            checked += 1;
        }
    }
    assert!(checked > 10_000);
}

/// Regenerates the committed model file (run explicitly until the CLI command is wired).
#[test]
#[ignore]
fn regenerate_committed_model() {
    let t = std::time::Instant::now();
    let stats = sciatic_planner::anatomy::model::write_model(&model_path()).expect("write");
    report_build(&stats, t);
}

/// Distance from `p` to the triangle `a b c`.
/// The example plans in `plans/`, in name order.
fn example_plan_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("plans folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files
}

/// Says how large a model build came out and how long it took.
fn report_build(stats: &sciatic_planner::anatomy::model::ModelStats, started: std::time::Instant) {
    eprintln!(
        "{} nodes, {} triangles, {} bytes in {:.2} s",
        stats.nodes,
        stats.triangles,
        stats.bytes,
        started.elapsed().as_secs_f64()
    );
}

fn triangle_distance(p: Vec3, a: Vec3, b: Vec3, c: Vec3) -> f32 {
    let w = closest_on_triangle(p, a, b, c);
    (a * w.x + b * w.y + c * w.z).distance(p)
}

/// Distance from `p` to the nearest point of the node's surface.
fn surface_distance(node: &NodeData, p: Vec3) -> f32 {
    node.triangles
        .iter()
        .map(|t| {
            let [a, b, c] = t.map(|i| node.positions[i as usize]);
            triangle_distance(p, a, b, c)
        })
        .fold(f32::MAX, f32::min)
}

/// Every anchor (zones and no-go areas) and every stroke point of the example plans lies on the skin
/// (within 3 mm of the committed skin mesh).
#[test]
fn example_plans_lie_on_the_skin() {
    let skin = node("skin");
    let on_skin = |p: Vec3| surface_distance(skin, p);
    let files = example_plan_files();
    assert!(!files.is_empty());
    let mut checked = 0;
    for f in &files {
        let plan = sciatic_planner::plan::load(f).expect("plan loads");
        let mut points: Vec<(String, Vec3)> = Vec::new();
        let v = |p: &sciatic_planner::plan::Point3| Vec3::new(p.x, p.y, p.z);
        for z in &plan.zones {
            points.push((format!("zone {} anchor", z.id), v(&z.anchor.position)));
            if let sciatic_planner::plan::Shape::Stroke { path, .. } = &z.shape {
                for (i, p) in path.iter().enumerate() {
                    points.push((format!("zone {} stroke point {i}", z.id), v(p)));
                }
            }
        }
        for n in &plan.no_go {
            points.push((format!("no-go {} anchor", n.id), v(&n.anchor.position)));
        }
        for (what, p) in points {
            let d = on_skin(p);
            assert!(
                d <= 0.003,
                "{}: {what} {p} is {d} m from the skin",
                f.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 20);
}

/// No example plan records a normal that `check` finds off the skin's: a therapist who opens one sees no
/// warning about the file itself.
#[test]
fn example_plans_record_the_skins_normals() {
    use sciatic_planner::safety::{RuleKind, SafetyModel, check_safety};
    let model = SafetyModel::embedded();
    for f in &example_plan_files() {
        let plan = sciatic_planner::plan::load(f).expect("plan loads");
        let off: Vec<_> = check_safety(&plan, model)
            .into_iter()
            .filter(|x| x.rule == RuleKind::RecordedNormal)
            .collect();
        assert!(off.is_empty(), "{}: {off:?}", f.display());
    }
}

mod body;
mod limb;
mod pose;
mod snap;
mod vessels;
mod views;

/// Where a ray from behind, along +Z through (x, y) of `at`, first meets the node's surface (its Z).
fn back_surface(node: &NodeData, at: Vec3) -> Option<f32> {
    first_hit(node, Vec3::new(at.x, at.y, -1.0), Vec3::Z).map(|t| t - 1.0)
}

/// The first of `frame`'s nodes a ray from `origin` along the unit direction `dir` meets, if any.
fn first_along<'a>(frame: &[&'a str], origin: Vec3, dir: Vec3) -> Option<&'a str> {
    frame
        .iter()
        .filter_map(|n| first_hit(node(n), origin, dir).map(|t| (t, *n)))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n)
}

/// The first of `frame`'s nodes a ray from behind meets at (x, y), if any.
fn first_from_behind<'a>(frame: &[&'a str], x: f32, y: f32) -> Option<&'a str> {
    first_along(frame, Vec3::new(x, y, -1.0), Vec3::Z)
}

/// The first of `frame`'s nodes a ray from the right side (from -X) meets at (y, z), if any.
fn first_from_side<'a>(frame: &[&'a str], y: f32, z: f32) -> Option<&'a str> {
    first_along(frame, Vec3::new(-1.0, y, z), Vec3::X)
}

/// Where a ray from above, down through (x, z), first meets the node's surface (its Y). The ray starts
/// 2 m up, above the whole model (its top, the lumbar cut, is some 1.13 m up).
fn top_surface(node: &NodeData, x: f32, z: f32) -> Option<f32> {
    first_hit(node, Vec3::new(x, 2.0, z), -Vec3::Y).map(|t| 2.0 - t)
}

/// How broad a node is on the line through (y, z) across the body: from its outline seen from the right to
/// its outline seen from the midline.
fn breadth_across(node: &NodeData, y: f32, z: f32) -> f32 {
    let lateral = first_hit(node, Vec3::new(-0.5, y, z), Vec3::X).expect("the lateral outline");
    let medial = first_hit(node, Vec3::new(0.0, y, z), Vec3::NEG_X).expect("the medial outline");
    (0.5 - lateral) - medial
}

/// Where a ray from below, up through (x, z), first meets the node's surface (its Y).
fn under_surface(node: &NodeData, x: f32, z: f32) -> Option<f32> {
    first_hit(node, Vec3::new(x, -1.0, z), Vec3::Y).map(|t| t - 1.0)
}

/// How far along the unit direction `dir` a ray from `origin` first meets the node's surface.
fn first_hit(node: &NodeData, origin: Vec3, dir: Vec3) -> Option<f32> {
    node.triangles
        .iter()
        .filter_map(|t| {
            let [a, b, c] = t.map(|i| node.positions[i as usize]);
            let (e1, e2) = (b - a, c - a);
            let h = dir.cross(e2);
            let det = e1.dot(h);
            if det.abs() < 1e-12 {
                return None;
            }
            let s = origin - a;
            let u = s.dot(h) / det;
            let q = s.cross(e1);
            let v = dir.dot(q) / det;
            let t = e2.dot(q) / det;
            (u >= 0.0 && v >= 0.0 && u + v <= 1.0 && t > 0.0).then_some(t)
        })
        .reduce(f32::min)
}

/// Vertices of a node whose coordinate `axis` lies within `half` of `value`.
fn near(name: &str, axis: fn(&Vec3) -> f32, value: f32, half: f32) -> Vec<Vec3> {
    node(name)
        .positions
        .iter()
        .copied()
        .filter(|p| (axis(p) - value).abs() < half)
        .collect()
}

/// Vertices of a node within `half` of the height `y`.
fn at_y(name: &str, y: f32, half: f32) -> Vec<Vec3> {
    near(name, |p| p.y, y, half)
}

/// A node's lowest vertex.
fn lowest(name: &str) -> Vec3 {
    let pts = &node(name).positions;
    *pts.iter()
        .min_by(|a, b| a.y.total_cmp(&b.y))
        .unwrap_or_else(|| panic!("{name} has no vertices"))
}

/// A node's highest vertex.
fn highest(name: &str) -> Vec3 {
    let pts = &node(name).positions;
    *pts.iter()
        .max_by(|a, b| a.y.total_cmp(&b.y))
        .unwrap_or_else(|| panic!("{name} has no vertices"))
}

/// The right side's nodes of the usual anatomy (no variant nodes), with their names.
fn right_nodes() -> impl Iterator<Item = (&'static str, &'static NodeData)> {
    model()
        .iter()
        .filter(|(n, _)| n.ends_with("_r") && !n.contains("__variant"))
        .map(|(n, d)| (n.as_str(), d))
}

/// A node's backmost vertex (least Z).
fn backmost(name: &str) -> Vec3 {
    let pts = &node(name).positions;
    *pts.iter()
        .min_by(|a, b| a.z.total_cmp(&b.z))
        .unwrap_or_else(|| panic!("{name} has no vertices"))
}

/// The lowest and the highest of some values.
fn span_of(values: &[f32]) -> (f32, f32) {
    values
        .iter()
        .fold((f32::MAX, f32::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)))
}

/// The least and greatest of `f` over the points.
fn span(pts: &[Vec3], f: impl Fn(&Vec3) -> f32) -> (f32, f32) {
    let lo = pts.iter().map(&f).fold(f32::MAX, f32::min);
    let hi = pts.iter().map(&f).fold(f32::MIN, f32::max);
    (lo, hi)
}

/// The share of a node's vertices, among those `keep` accepts (over a hundred of them), that are red muscle.
fn red_share(name: &str, keep: impl Fn(Vec3) -> bool) -> f32 {
    let n = committed_meshes().node(name).expect(name);
    let colors = n.colors.as_ref().expect("vertex colours");
    let kept: Vec<&[f32; 4]> = n
        .positions
        .iter()
        .zip(colors)
        .filter(|(p, _)| keep(Vec3::from(**p)))
        .map(|(_, c)| c)
        .collect();
    assert!(kept.len() > 100, "{name}: {} vertices", kept.len());
    kept.iter().filter(|c| is_red(c)).count() as f32 / kept.len() as f32
}

/// Whether a vertex colour is muscle red rather than tendon white.
fn is_red(c: &[f32; 4]) -> bool {
    c[0] > 2.5 * c[1]
}
