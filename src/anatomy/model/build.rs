//! The shapes of every structure, placed on the landmarks of the anatomy data.
//!
//! Coordinates are in the model frame (metres, right side; the left side is mirrored). Points named by a
//! landmark id come from `landmarks.ron`; the few literal points are shaping points (the middle of a belly,
//! where a muscle wraps over a bone) chosen on the same landmarks.

use glam::{Vec3, vec3};

use super::sdf::{
    Finish, Knot, Mesh, Prim, Solid, knot, loft, mesh_envelope, mesh_solid, sheet, sweep,
};
use crate::anatomy::{Anatomy, Kind, Side, Sides};

/// One node of the model: name, tissue kind and mesh.
#[derive(Debug, Clone)]
pub struct NodeMesh {
    /// Node name (`piriformis_r`, `sacrum`, `sciatic_nerve_r__variant_b`).
    pub name: String,
    /// Tissue kind (selects the material).
    pub kind: Kind,
    /// The mesh in model coordinates.
    pub mesh: Mesh,
}

const MUSCLE_RED: [f32; 4] = [0.55, 0.09, 0.08, 1.0];
const TENDON_WHITE: [f32; 4] = [0.80, 0.79, 0.74, 1.0];

fn muscle_color(t: f32) -> [f32; 4] {
    let mut c = [0.0; 4];
    for i in 0..4 {
        c[i] = MUSCLE_RED[i] + (TENDON_WHITE[i] - MUSCLE_RED[i]) * t;
    }
    c
}

/// Looks up landmark positions (right side).
struct Lm<'a>(&'a Anatomy);

impl Lm<'_> {
    fn p(&self, id: &str) -> Vec3 {
        match self.0.landmark(id) {
            Some(l) => Vec3::from(l.position),
            None => panic!("landmark {id} is missing from the anatomy data"),
        }
    }
}

/// A shape recipe: how one structure is built (right side, or the whole midline structure).
enum Recipe {
    /// A solid meshed with surface nets at the given cell size, coloured as muscle when `muscle`.
    Solid {
        solid: Solid,
        cell: f32,
        muscle: bool,
    },
    /// Lofted tubes (nerves).
    Tubes(Vec<(Vec<Knot>, Vec3)>),
}

impl Recipe {
    fn mesh(&self, triangles: usize) -> Mesh {
        let mut m = match self {
            Recipe::Solid {
                solid,
                cell,
                muscle,
            } => {
                let color: Option<&dyn Fn(f32) -> [f32; 4]> =
                    if *muscle { Some(&muscle_color) } else { None };
                let finish = Finish {
                    smooth: 4,
                    triangles,
                    error: if *muscle { 0.0004 } else { 0.0003 },
                };
                mesh_solid(solid, *cell, finish, color)
            }
            Recipe::Tubes(tubes) => {
                let mut m = Mesh::default();
                for (k, wref) in tubes {
                    m.append(&loft(k, *wref, 14));
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
            Recipe::Tubes(tubes) => tubes.iter().flat_map(|(k, w)| sweep(k, *w)).collect(),
        }
    }
}

const BONE_CELL: f32 = 0.002;
const MUSCLE_CELL: f32 = 0.003;
const SMALL_CELL: f32 = 0.0022;

/// Triangle budget of one structure (one side): spent where detail shows.
fn budget(id: &str) -> usize {
    match id {
        "hip_bone" => 18_000,
        "femur" => 11_000,
        "sacrum" => 9_000,
        "tibia" | "foot" => 5_000,
        "lumbar_l4" | "lumbar_l5" => 3_000,
        "fibula" => 2_500,
        "patella" | "coccyx" => 800,
        "gluteus_maximus" => 8_000,
        "gluteus_medius" => 5_000,
        "soleus" | "adductor_magnus" => 4_000,
        "gluteus_minimus" | "piriformis" | "quadratus_lumborum" => 3_000,
        "biceps_femoris_long_head" | "semitendinosus" | "semimembranosus" => 3_000,
        "gastrocnemius_medial_head" | "gastrocnemius_lateral_head" => 3_000,
        "sacrotuberous_ligament" | "sacrospinous_ligament" => 1_200,
        _ => 2_000,
    }
}

fn muscle(sweeps: Vec<(Vec<Knot>, Vec3)>, k: f32, cell: f32) -> Recipe {
    let mut s = Solid::new(k);
    for (knots, wref) in sweeps {
        s.add_group(sweep(&knots, wref));
    }
    Recipe::Solid {
        solid: s,
        cell,
        muscle: true,
    }
}

fn tissue(sweeps: Vec<(Vec<Knot>, Vec3)>, k: f32, cell: f32) -> Recipe {
    match muscle(sweeps, k, cell) {
        Recipe::Solid { solid, cell, .. } => Recipe::Solid {
            solid,
            cell,
            muscle: false,
        },
        r => r,
    }
}

fn lerp(a: Vec3, b: Vec3, t: f32) -> Vec3 {
    a + (b - a) * t
}

fn hip_bone(l: &Lm) -> Recipe {
    let mut s = Solid::new(0.008);
    let asis = l.p("mesh_asis_anterior_most_vertex_above_y_0");
    let tub = l.p("rightiliactubercle_tlem");
    let crest = l.p("mesh_iliac_crest_highest_point");
    let psis = l.p("right_posterior_superior_iliac_spine_tlem");
    let piis = l.p("rightposteriorinferioriliacspine_tlem");
    let aiis = l.p("right_anterior_inferior_iliac_spine_tlem");
    let hjc = l.p("hip_r_joint_centre");
    let spine = l.p("right_ischial_spine_tlem");
    let it_post = l.p("rightposteriorischialtuberosity_tlem");
    let it_inf = l.p("rightinferiorischialtuberosity_tlem");
    let pubic = l.p("right_pubic_tubercle_tlem");
    // Iliac wing: one curved plate from above the acetabulum (bottom row) to the crest (top row), anterior
    // to posterior, bulging a little outwards in the middle (the gluteal surface); thick at the crest and
    // the body, thin in the iliac fossa. The posterior column runs PSIS - PIIS - greater sciatic notch.
    let notch = l.p("greater_sciatic_notch_apex_deepest_point_of_notch");
    let bottom = [
        aiis + vec3(-0.003, 0.004, 0.004),
        vec3(-0.097, 0.911, -0.046),
        vec3(-0.096, 0.908, -0.060),
        vec3(-0.091, 0.910, -0.073),
        vec3(-0.083, 0.914, -0.084),
        vec3(-0.075, 0.920, -0.093),
        notch + vec3(0.002, 0.004, -0.004),
    ];
    let top = [
        asis + vec3(0.001, 0.0, -0.003),
        vec3(-0.136, 0.975, -0.025),
        tub + vec3(0.0, 0.003, 0.0),
        vec3(-0.118, 1.018, -0.070),
        crest + vec3(-0.010, -0.003, -0.002),
        vec3(-0.060, 1.012, -0.114),
        psis + vec3(-0.004, 0.008, -0.002),
    ];
    let posterior = [
        bottom[6],
        piis + vec3(-0.002, 0.0, 0.004),
        lerp(piis, psis, 0.5) + vec3(-0.003, 0.0, 0.002),
        top[6],
    ];
    let rows: Vec<Vec<Knot>> = (0..4)
        .map(|i| {
            let v = i as f32 / 3.0;
            (0..7)
                .map(|j| {
                    let u = j as f32 / 6.0;
                    let bulge = (std::f32::consts::PI * v).sin() * (std::f32::consts::PI * u).sin();
                    let mut q = lerp(bottom[j], top[j], v) + vec3(-0.010, 0.0, -0.004) * bulge;
                    if j == 6 {
                        q = posterior[i];
                    }
                    let thick = match i {
                        0 => 0.0075,
                        3 => 0.0055,
                        _ => 0.0028,
                    };
                    let rim = if j == 0 || j == 6 { 0.0055 } else { 0.0 };
                    knot(q, 0.0, f32::max(thick, rim))
                })
                .collect()
        })
        .collect();
    s.add_group(sheet(&rows, 3));
    s.add(Prim::sphere(asis + vec3(0.002, -0.002, -0.002), 0.0065));
    s.add(Prim::sphere(psis + vec3(-0.002, 0.002, 0.0), 0.0075));
    // Ilium body under the notch, down to the ischial spine.
    s.add(Prim::cone(bottom[5], spine, 0.007, 0.005));
    s.add(Prim::cone(
        bottom[3],
        hjc + vec3(0.012, 0.0, -0.018),
        0.011,
        0.012,
    ));
    // Posterior border down to the spine and the sacroiliac part.
    s.add(Prim::cone(psis, piis, 0.008, 0.008));
    s.add(Prim::cone(
        piis,
        psis + vec3(0.012, -0.01, 0.03),
        0.01,
        0.01,
    ));
    s.add(Prim::cone(
        aiis,
        hjc + vec3(0.004, 0.032, -0.004),
        0.007,
        0.012,
    ));
    s.add(Prim::cone(asis, aiis, 0.005, 0.006));
    // Acetabulum (cup), ischium and pubis around the obturator foramen.
    s.add(Prim::sphere(hjc, 0.031));
    let ischium_top = hjc + vec3(0.018, -0.006, -0.022);
    s.add(Prim::cone(ischium_top, spine, 0.011, 0.005));
    s.add(Prim::cone(ischium_top, it_post, 0.012, 0.011));
    s.add(Prim::Ellipsoid {
        c: lerp(it_post, it_inf, 0.5) + vec3(-0.002, 0.0, 0.0),
        r: vec3(0.011, 0.021, 0.012),
    });
    let pubic_body = pubic + vec3(-0.004, -0.012, -0.006);
    s.add(Prim::cone(
        hjc + vec3(0.016, 0.0, 0.018),
        pubic_body,
        0.011,
        0.008,
    ));
    s.add(Prim::Ellipsoid {
        c: pubic_body + vec3(0.0, -0.01, 0.0),
        r: vec3(0.008, 0.018, 0.009),
    });
    s.add(Prim::cone(
        pubic_body + vec3(0.0, -0.024, -0.004),
        it_inf,
        0.0065,
        0.008,
    ));
    // Socket of the acetabulum, open laterally, anteriorly and down.
    let out = vec3(-0.75, -0.35, 0.45).normalize();
    s.cut(Prim::sphere(hjc + out * 0.009, 0.0245), 0.002);
    // Greater sciatic notch and obturator foramen.
    let notch_out = (lerp(piis, spine, 0.5) - notch).normalize();
    s.cut(Prim::sphere(notch + notch_out * 0.024, 0.024), 0.004);
    let obt = lerp(pubic_body, it_post, 0.5) + vec3(-0.012, 0.004, 0.006);
    s.cut(
        Prim::Ellipsoid {
            c: obt,
            r: vec3(0.03, 0.014, 0.02),
        },
        0.004,
    );
    Recipe::Solid {
        solid: s,
        cell: BONE_CELL,
        muscle: false,
    }
}

fn sacrum(l: &Lm) -> Recipe {
    let mut s = Solid::new(0.01);
    let top = l.p("lumbar5_body_origin_joint_centre_myo") + vec3(0.0, -0.004, -0.006);
    let levels = [
        (top, 0.046, 0.017),
        (vec3(0.0, 0.990, -0.106), 0.045, 0.017),
        (vec3(0.0, 0.972, -0.116), 0.040, 0.015),
        (vec3(0.0, 0.956, -0.130), 0.032, 0.013),
        (vec3(0.0, 0.940, -0.143), 0.024, 0.010),
        (vec3(0.0, 0.926, -0.153), 0.016, 0.008),
    ];
    for w in levels.windows(2) {
        s.add(Prim::Flat {
            a: w[0].0,
            b: w[1].0,
            w: [w[0].1, w[1].1],
            t: [w[0].2, w[1].2],
            dir: Vec3::X,
            tendon: [0.0; 2],
        });
    }
    // Median sacral crest.
    s.add(Prim::cone(
        vec3(0.0, 1.0, -0.128),
        vec3(0.0, 0.935, -0.160),
        0.005,
        0.004,
    ));
    // Sacral foramina (both sides), through the bone front to back.
    for (y, x, z) in [
        (0.993, 0.024, -0.100),
        (0.974, 0.023, -0.112),
        (0.957, 0.021, -0.126),
        (0.942, 0.018, -0.139),
    ] {
        for sx in [-1.0, 1.0] {
            let c = vec3(sx * x, y, z);
            s.cut(
                Prim::cone(
                    c + vec3(0.0, 0.006, 0.03),
                    c - vec3(0.0, 0.006, 0.03),
                    0.0048,
                    0.0048,
                ),
                0.001,
            );
        }
    }
    Recipe::Solid {
        solid: s,
        cell: 0.003,
        muscle: false,
    }
}

fn coccyx(l: &Lm) -> Recipe {
    let mut s = Solid::new(0.003);
    let tip = l.p("mesh_coccyx_tip_lowest_sacrum_vertex");
    let a = vec3(0.0, 0.922, -0.158);
    let m = vec3(0.0, 0.912, -0.1625);
    s.add(Prim::cone(a, m, 0.0075, 0.0055));
    s.add(Prim::cone(m, tip, 0.0055, 0.0035));
    Recipe::Solid {
        solid: s,
        cell: 0.0022,
        muscle: false,
    }
}

fn vertebra(centre: Vec3, tp_tip_y: f32) -> Recipe {
    let mut s = Solid::new(0.004);
    s.add(Prim::Flat {
        a: centre + vec3(0.0, -0.011, 0.0),
        b: centre + vec3(0.0, 0.011, 0.0),
        w: [0.024, 0.024],
        t: [0.017, 0.017],
        dir: Vec3::X,
        tendon: [0.0; 2],
    });
    let arch = centre + vec3(0.0, 0.002, -0.032);
    for sx in [-1.0, 1.0] {
        let ped = centre + vec3(sx * 0.012, 0.003, -0.018);
        s.add(Prim::cone(
            ped,
            arch + vec3(sx * 0.008, 0.0, 0.0),
            0.0045,
            0.0045,
        ));
        s.add(Prim::cone(
            ped + vec3(0.0, 0.0, -0.006),
            vec3(sx * 0.034, tp_tip_y, centre.z - 0.02),
            0.004,
            0.003,
        ));
    }
    s.add(Prim::Flat {
        a: arch,
        b: arch + vec3(0.0, -0.006, -0.03),
        w: [0.007, 0.009],
        t: [0.003, 0.003],
        dir: Vec3::Y,
        tendon: [0.0; 2],
    });
    Recipe::Solid {
        solid: s,
        cell: 0.003,
        muscle: false,
    }
}

/// Femoral shaft centre line (model frame) from the landmark-derived shaft slices.
fn femur_axis(l: &Lm) -> [Vec3; 5] {
    let hjc = l.p("hip_r_joint_centre");
    [
        hjc + vec3(-0.036, -0.040, -0.010),
        hjc + vec3(-0.0305, -0.1, 0.0136),
        hjc + vec3(-0.0273, -0.2, 0.0181),
        hjc + vec3(-0.0151, -0.3, 0.0216),
        hjc + vec3(0.0, -0.372, 0.006),
    ]
}

fn femur(l: &Lm) -> Recipe {
    let mut s = Solid::new(0.008);
    let hjc = l.p("hip_r_joint_centre");
    let gt = l.p("greater_trochanter_tlem");
    let gt_top = l.p("superiorgreatertrochanter_tlem");
    let lt = l.p("lesser_trochanter_tlem");
    let ax = femur_axis(l);
    s.add(Prim::sphere(hjc, 0.023));
    let neck_base = hjc + vec3(-0.040, -0.022, -0.008);
    s.add(Prim::Flat {
        a: hjc,
        b: neck_base,
        w: [0.017, 0.019],
        t: [0.0135, 0.014],
        dir: Vec3::Y,
        tendon: [0.0; 2],
    });
    s.add(Prim::Ellipsoid {
        c: lerp(gt, gt_top, 0.45) + vec3(0.011, 0.0, 0.0),
        r: vec3(0.0125, 0.024, 0.019),
    });
    s.add(Prim::sphere(lt + vec3(-0.004, 0.0, -0.002), 0.008));
    s.add(Prim::cone(neck_base, ax[0], 0.018, 0.017));
    // Intertrochanteric crest between the trochanters.
    s.add(Prim::cone(lt, lerp(gt, gt_top, 0.4), 0.006, 0.007));
    for w in ax.windows(2) {
        s.add(Prim::cone(w[0], w[1], 0.0145, 0.0145));
    }
    // Linea aspera ridge on the back of the shaft.
    s.add(Prim::Flat {
        a: ax[1] + vec3(0.0, 0.0, -0.013),
        b: ax[3] + vec3(0.0, 0.0, -0.013),
        w: [0.004, 0.004],
        t: [0.004, 0.004],
        dir: Vec3::Z,
        tendon: [0.0; 2],
    });
    // Condyles and epicondyles.
    let knee = l.p("knee_r_joint_centre_tibia_r_origin_at_knee_angle_0_joint_centre");
    let lat_epi = l.p("mesh_lateral_femoral_epicondyle");
    let med_epi = l.p("mesh_medial_femoral_epicondyle");
    s.add(Prim::cone(ax[4], knee + vec3(0.0, 0.012, 0.0), 0.02, 0.028));
    for (sx, epi) in [(-1.0, lat_epi), (1.0, med_epi)] {
        s.add(Prim::Ellipsoid {
            c: knee + vec3(sx * 0.021, -0.004, -0.004),
            r: vec3(0.016, 0.022, 0.029),
        });
        s.add(Prim::sphere(epi + vec3(-sx * 0.006, 0.0, 0.0), 0.01));
    }
    // Patellar groove between the condyles.
    s.cut(
        Prim::cone(
            knee + vec3(0.0, -0.02, 0.036),
            knee + vec3(0.0, 0.03, 0.034),
            0.008,
            0.008,
        ),
        0.004,
    );
    Recipe::Solid {
        solid: s,
        cell: BONE_CELL,
        muscle: false,
    }
}

fn patella(l: &Lm) -> Recipe {
    let knee = l.p("knee_r_joint_centre_tibia_r_origin_at_knee_angle_0_joint_centre");
    let mut s = Solid::new(0.0);
    s.add(Prim::Ellipsoid {
        c: knee + vec3(0.0, 0.018, 0.043),
        r: vec3(0.021, 0.024, 0.0095),
    });
    Recipe::Solid {
        solid: s,
        cell: 0.003,
        muscle: false,
    }
}

fn tibia(l: &Lm) -> Recipe {
    let mut s = Solid::new(0.01);
    let plateau = l.p("mesh_tibial_plateau_top");
    let tub = l.p("tibial_tuberosity_tlem");
    let ankle = l.p("ankle_r_joint_centre");
    let mm = l.p("mesh_medial_malleolus_tip");
    s.add(Prim::Flat {
        a: plateau + vec3(0.0, -0.013, -0.004),
        b: plateau + vec3(0.0, -0.013, -0.004),
        w: [0.036, 0.036],
        t: [0.026, 0.026],
        dir: Vec3::X,
        tendon: [0.0; 2],
    });
    let upper = plateau + vec3(0.0, -0.06, 0.002);
    s.add(Prim::cone(
        plateau + vec3(0.0, -0.02, -0.002),
        upper,
        0.027,
        0.018,
    ));
    s.add(Prim::sphere(tub + vec3(0.0, 0.0, -0.007), 0.008));
    let mid = vec3(ankle.x + 0.003, 0.25, ankle.z + 0.001);
    s.add(Prim::cone(upper, mid, 0.018, 0.0125));
    let low = ankle + vec3(0.002, 0.032, 0.002);
    s.add(Prim::cone(mid, low, 0.0125, 0.019));
    s.add(Prim::cone(
        low,
        mm + vec3(-0.002, 0.004, -0.002),
        0.012,
        0.008,
    ));
    Recipe::Solid {
        solid: s,
        cell: BONE_CELL,
        muscle: false,
    }
}

fn fibula(l: &Lm) -> Recipe {
    let mut s = Solid::new(0.006);
    let apex = l.p("mesh_fibular_head_apex");
    let lm_tip = l.p("mesh_lateral_malleolus_tip");
    let head = apex + vec3(-0.001, -0.011, -0.003);
    s.add(Prim::sphere(head, 0.0115));
    let neck = apex + vec3(-0.002, -0.028, -0.002);
    s.add(Prim::cone(head, neck, 0.009, 0.0065));
    let mid = vec3(-0.1102, 0.2821, -0.0736);
    s.add(Prim::cone(neck, mid, 0.0065, 0.0062));
    let low = lm_tip + vec3(0.004, 0.05, 0.0);
    s.add(Prim::cone(mid, low, 0.0062, 0.008));
    s.add(Prim::cone(
        low,
        lm_tip + vec3(0.0, 0.005, 0.0),
        0.009,
        0.006,
    ));
    Recipe::Solid {
        solid: s,
        cell: 0.003,
        muscle: false,
    }
}

fn foot(l: &Lm) -> Recipe {
    let mut s = Solid::new(0.008);
    let ankle = l.p("ankle_r_joint_centre");
    let heel = l.p("marker_r_heel");
    let toe = l.p("marker_r_toe_tip");
    let talus = ankle + vec3(0.0, -0.012, 0.004);
    s.add(Prim::Ellipsoid {
        c: talus,
        r: vec3(0.016, 0.013, 0.02),
    });
    let calc_back = vec3(heel.x + 0.002, 0.03, heel.z + 0.012);
    s.add(Prim::cone(
        talus + vec3(-0.004, -0.014, -0.01),
        calc_back,
        0.017,
        0.019,
    ));
    let mid = ankle + vec3(-0.004, -0.017, 0.04);
    s.add(Prim::Ellipsoid {
        c: mid,
        r: vec3(0.024, 0.013, 0.022),
    });
    // Five rays: metatarsals and toes, fanning from the midfoot.
    for i in 0..5 {
        let f = i as f32 / 4.0;
        let x = toe.x + 0.026 - 0.052 * f;
        let base = vec3(mid.x + 0.018 - 0.036 * f, 0.035, mid.z + 0.012);
        let head = vec3(x, 0.017, toe.z - 0.07 - 0.012 * f);
        let tip = vec3(
            x - 0.002 * f,
            0.013,
            toe.z - 0.004 - 0.03 * f - if i == 0 { 0.0 } else { 0.006 },
        );
        let r = if i == 0 { 0.009 } else { 0.0055 };
        s.add(Prim::cone(base, head, r, r * 0.9));
        s.add(Prim::cone(head, tip, r * 0.85, r * 0.7));
    }
    Recipe::Solid {
        solid: s,
        cell: BONE_CELL,
        muscle: false,
    }
}

fn nerve_tubes(anatomy: &Anatomy, structure: &str, variant: Option<&str>) -> Recipe {
    let tubes = anatomy
        .nerve_paths(structure, variant)
        .into_iter()
        .map(|p| {
            let knots = p
                .points
                .iter()
                .map(|q| knot(Vec3::from(q.position), q.half_width, q.half_thickness))
                .collect();
            (knots, Vec3::X)
        })
        .collect();
    Recipe::Tubes(tubes)
}

/// Recipe of one bilateral structure (right side).
fn bilateral(id: &str, anatomy: &Anatomy) -> Option<Recipe> {
    let l = Lm(anatomy);
    let p = |id: &str| l.p(id);
    let hjc = p("hip_r_joint_centre");
    let r = match id {
        "hip_bone" => hip_bone(&l),
        "femur" => femur(&l),
        "patella" => patella(&l),
        "tibia" => tibia(&l),
        "fibula" => fibula(&l),
        "foot" => foot(&l),
        "piriformis" => {
            let ins = p("peri_r_insertion") + vec3(-0.002, 0.003, 0.0);
            let via = p("peri_r_via");
            let o = p("peri_r_origin");
            let o2 = p("piriformis_1_origin_tlem");
            muscle(
                vec![
                    (
                        vec![
                            knot(o + vec3(0.004, 0.012, 0.008), 0.008, 0.004),
                            knot(via + vec3(0.0, 0.010, 0.0), 0.011, 0.0075),
                            knot(lerp(via, ins, 0.5) + vec3(0.0, 0.005, -0.004), 0.008, 0.006),
                            knot(ins, 0.0045, 0.0035),
                        ],
                        Vec3::Y,
                    ),
                    (
                        vec![
                            knot(o2 + vec3(0.0, -0.012, -0.004), 0.008, 0.004),
                            knot(via + vec3(0.0, 0.009, -0.002), 0.009, 0.0062),
                            knot(lerp(via, ins, 0.5) + vec3(0.0, 0.0, -0.004), 0.007, 0.0055),
                            knot(ins, 0.0045, 0.0035),
                        ],
                        Vec3::Y,
                    ),
                ],
                0.006,
                SMALL_CELL,
            )
        }
        "gemellus_superior" => {
            let o = p("gemellus_superior_1_origin_tlem") + vec3(-0.004, 0.002, 0.0);
            let i = p("gemellus_superior_1_insertion_tlem") + vec3(-0.004, 0.004, -0.008);
            muscle(
                vec![(
                    vec![
                        knot(o, 0.004, 0.0035),
                        knot(lerp(o, i, 0.4) + vec3(0.0, 0.0, -0.006), 0.0055, 0.0045),
                        knot(i, 0.003, 0.0025),
                    ],
                    Vec3::Y,
                )],
                0.003,
                SMALL_CELL,
            )
        }
        "obturator_internus" => {
            let via = p("obturator_internus_1_via_tlem") + vec3(-0.004, 0.0, 0.0);
            let ins = p("obturator_internus_1_insertion_tlem") + vec3(0.0, 0.0, -0.008);
            let mut sweeps = Vec::new();
            for o in ["1", "2", "4", "6"] {
                let origin = p(&format!("obturator_internus_{o}_origin_tlem"));
                sweeps.push((
                    vec![
                        knot(origin + vec3(0.003, 0.0, 0.0), 0.008, 0.0035),
                        knot(
                            lerp(origin, via, 0.6) + vec3(0.006, 0.0, 0.0),
                            0.009,
                            0.0045,
                        ),
                        knot(via, 0.004, 0.0035),
                    ],
                    Vec3::Y,
                ));
            }
            sweeps.push((
                vec![
                    knot(via, 0.0045, 0.0035),
                    knot(lerp(via, ins, 0.45) + vec3(0.0, 0.0, -0.005), 0.005, 0.0032),
                    knot(ins, 0.004, 0.003),
                ],
                Vec3::Y,
            ));
            muscle(sweeps, 0.006, SMALL_CELL)
        }
        "gemellus_inferior" => {
            let o = p("gemellus_inferior_1_origin_tlem") + vec3(0.006, -0.008, -0.008);
            let i = p("gemellus_inferior_1_insertion_tlem") + vec3(-0.008, -0.002, -0.006);
            muscle(
                vec![(
                    vec![
                        knot(o, 0.0045, 0.0035),
                        knot(lerp(o, i, 0.45) + vec3(0.0, -0.002, -0.004), 0.0065, 0.005),
                        knot(i, 0.0035, 0.003),
                    ],
                    Vec3::Y,
                )],
                0.003,
                SMALL_CELL,
            )
        }
        "obturator_externus" => {
            let via = p("obturator_externus_superior_1_via_tlem");
            let ins = p("obturator_externus_superior_1_insertion_tlem");
            let mut sweeps = Vec::new();
            for o in ["superior_1", "superior_3", "inferior_1"] {
                let origin = p(&format!("obturator_externus_{o}_origin_tlem"));
                sweeps.push((
                    vec![
                        knot(origin + vec3(-0.006, 0.0, 0.0), 0.009, 0.004),
                        knot(via + vec3(0.004, 0.0, 0.0), 0.007, 0.006),
                        knot(ins, 0.004, 0.0035),
                    ],
                    Vec3::Y,
                ));
            }
            muscle(sweeps, 0.006, SMALL_CELL)
        }
        "quadratus_femoris" => {
            let mut sweeps = Vec::new();
            for i in 1..=4 {
                let o = p(&format!("quadratus_femoris_{i}_origin_tlem")) + vec3(0.002, 0.0, 0.0);
                let ins =
                    p(&format!("quadratus_femoris_{i}_insertion_tlem")) + vec3(0.0, 0.0, 0.002);
                sweeps.push((
                    vec![
                        knot(o, 0.0045, 0.0035),
                        knot(lerp(o, ins, 0.5) + vec3(0.0, 0.0, -0.003), 0.0055, 0.0055),
                        knot(ins, 0.0045, 0.0035),
                    ],
                    Vec3::Y,
                ));
            }
            muscle(sweeps, 0.005, SMALL_CELL)
        }
        "gluteus_maximus" => {
            // One thick quadrilateral sheet: fascicles from the posterior iliac crest, the sacrum and the
            // coccyx edge (top to bottom) running inferolaterally over the trochanter to the iliotibial
            // band and the gluteal tuberosity. Each row is one fascicle, origin to insertion.
            let crest = p("glut_max1_r_origin");
            let psis = p("rightposteriorsuperioriliacspine_tlem");
            let coccyx = p("mesh_coccyx_tip_lowest_sacrum_vertex");
            let tuberosity = p("glut_max3_r_insertion");
            let rows: Vec<Vec<Knot>> = [
                (
                    crest + vec3(0.0, 0.0, -0.008),
                    vec3(-0.094, 0.965, -0.152),
                    vec3(-0.124, 0.922, -0.154),
                    vec3(-0.152, 0.878, -0.130),
                    vec3(-0.166, 0.846, -0.092),
                    0.8,
                ),
                (
                    psis + vec3(-0.004, -0.004, -0.010),
                    vec3(-0.076, 0.942, -0.176),
                    vec3(-0.110, 0.894, -0.178),
                    vec3(-0.144, 0.848, -0.144),
                    vec3(-0.160, 0.814, -0.092),
                    1.0,
                ),
                (
                    vec3(-0.036, 0.950, -0.166),
                    vec3(-0.062, 0.905, -0.188),
                    vec3(-0.096, 0.858, -0.184),
                    vec3(-0.130, 0.812, -0.146),
                    vec3(-0.148, 0.784, -0.102),
                    1.0,
                ),
                (
                    vec3(-0.020, 0.924, -0.172),
                    vec3(-0.044, 0.872, -0.188),
                    vec3(-0.078, 0.822, -0.178),
                    vec3(-0.112, 0.780, -0.140),
                    vec3(-0.134, 0.758, -0.096),
                    0.9,
                ),
                (
                    coccyx + vec3(-0.006, 0.004, -0.006),
                    vec3(-0.030, 0.842, -0.176),
                    vec3(-0.062, 0.790, -0.164),
                    vec3(-0.096, 0.756, -0.128),
                    tuberosity + vec3(0.0, 0.004, 0.008),
                    0.7,
                ),
            ]
            .iter()
            .map(|&(o, m1, m2, m3, ins, f)| {
                vec![
                    knot(o, 0.0, 0.0045),
                    knot(m1, 0.0, 0.011 * f + 0.002),
                    knot(m2, 0.0, 0.014 * f + 0.002),
                    knot(m3, 0.0, 0.009 * f + 0.002),
                    knot(ins, 0.0, 0.0035),
                ]
            })
            .collect();
            let mut s = Solid::new(0.006);
            s.add_group(sheet(&rows, 3));
            Recipe::Solid {
                solid: s,
                cell: MUSCLE_CELL,
                muscle: true,
            }
        }
        "gluteus_medius" => {
            // A fan on the outer surface of the ilium, under the crest from the anterior to the posterior
            // gluteal line, converging on the lateral face of the greater trochanter.
            let gt_top = p("superiorgreatertrochanter_tlem");
            let origins = [
                p("glut_med1_r_origin") + vec3(-0.012, 0.004, 0.006),
                vec3(-0.138, 0.985, -0.052),
                vec3(-0.122, 1.010, -0.074),
                p("glut_med2_r_origin") + vec3(-0.014, 0.018, -0.010),
                vec3(-0.066, 1.000, -0.118),
                p("glut_med3_r_origin") + vec3(-0.004, 0.0, -0.010),
            ];
            let rows: Vec<Vec<Knot>> = origins
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let f = i as f32 / (origins.len() - 1) as f32;
                    let out = lerp(vec3(-1.0, 0.0, -0.1), vec3(-0.5, 0.0, -0.9), f).normalize();
                    let ins = gt_top + vec3(-0.012, -0.014, 0.014 - 0.026 * f);
                    let edge = if i == 0 || i == origins.len() - 1 {
                        0.6
                    } else {
                        1.0
                    };
                    vec![
                        knot(*o, 0.0, 0.004),
                        knot(lerp(*o, ins, 0.3) + out * 0.010, 0.0, 0.010 * edge),
                        knot(lerp(*o, ins, 0.6) + out * 0.012, 0.0, 0.012 * edge),
                        knot(lerp(*o, ins, 0.85) + out * 0.006, 0.0, 0.008 * edge),
                        knot(ins, 0.0, 0.004),
                    ]
                })
                .collect();
            let mut s = Solid::new(0.006);
            s.add_group(sheet(&rows, 3));
            Recipe::Solid {
                solid: s,
                cell: MUSCLE_CELL,
                muscle: true,
            }
        }
        "gluteus_minimus" => {
            let mut sweeps = Vec::new();
            for i in 1..=3 {
                let o = p(&format!("glut_min{i}_r_origin"));
                let ins = p(&format!("glut_min{i}_r_insertion")) + vec3(0.004, 0.004, 0.004);
                sweeps.push((
                    vec![
                        knot(o + vec3(-0.004, 0.0, 0.0), 0.012, 0.003),
                        knot(lerp(o, ins, 0.45) + vec3(-0.012, 0.0, 0.0), 0.014, 0.006),
                        knot(ins, 0.006, 0.003),
                    ],
                    vec3(0.0, 0.0, 1.0),
                ));
            }
            muscle(sweeps, 0.008, MUSCLE_CELL)
        }
        "biceps_femoris_long_head" => {
            let o = p("bifemlh_r_origin");
            let via = p("bifemlh_r_via");
            let ins = p("bifemlh_r_insertion") + vec3(0.0, 0.0, -0.006);
            muscle(
                vec![(
                    vec![
                        knot(o + vec3(0.0, -0.004, 0.0), 0.006, 0.0045),
                        knot(lerp(o, via, 0.15) + vec3(-0.004, 0.0, -0.006), 0.01, 0.008),
                        knot(lerp(o, via, 0.45) + vec3(-0.008, 0.0, -0.014), 0.017, 0.013),
                        knot(lerp(o, via, 0.75) + vec3(-0.004, 0.0, -0.012), 0.013, 0.01),
                        knot(via + vec3(0.0, 0.0, -0.004), 0.006, 0.0045),
                        knot(ins, 0.005, 0.004),
                    ],
                    Vec3::X,
                )],
                0.005,
                MUSCLE_CELL,
            )
        }
        "biceps_femoris_short_head" => {
            let o = p("bifemsh_r_origin") + vec3(0.0, 0.0, -0.006);
            let via = p("bifemsh_r_via");
            let ins = p("bifemsh_r_insertion") + vec3(0.0, 0.0, -0.006);
            muscle(
                vec![(
                    vec![
                        knot(o, 0.008, 0.004),
                        knot(lerp(o, via, 0.5) + vec3(-0.006, 0.0, -0.012), 0.013, 0.009),
                        knot(via + vec3(0.004, 0.0, 0.002), 0.006, 0.0045),
                        knot(ins, 0.005, 0.004),
                    ],
                    Vec3::X,
                )],
                0.005,
                MUSCLE_CELL,
            )
        }
        "semitendinosus" => {
            let o = p("semiten_r_origin");
            let v1 = p("semiten_r_via");
            let v2 = p("semiten_r_via_2");
            let v3 = p("semiten_r_via_3");
            let ins = p("semiten_r_insertion") + vec3(0.0, 0.0, -0.008);
            muscle(
                vec![(
                    vec![
                        knot(o + vec3(0.0, -0.004, 0.0), 0.0055, 0.0045),
                        knot(lerp(o, v1, 0.25) + vec3(0.002, 0.0, -0.012), 0.014, 0.011),
                        knot(lerp(o, v1, 0.55) + vec3(0.0, 0.0, -0.012), 0.011, 0.009),
                        knot(lerp(o, v1, 0.8) + vec3(0.0, 0.0, -0.008), 0.004, 0.0035),
                        knot(v1, 0.0035, 0.003),
                        knot(v2 + vec3(0.004, 0.0, 0.0), 0.0035, 0.003),
                        knot(v3 + vec3(0.006, 0.0, 0.0), 0.0035, 0.003),
                        knot(ins, 0.004, 0.003),
                    ],
                    Vec3::X,
                )],
                0.004,
                MUSCLE_CELL,
            )
        }
        "semimembranosus" => {
            let o = p("semimem_r_origin");
            let via = p("semimem_r_via");
            let ins = p("semimem_r_insertion") + vec3(0.0, 0.0, -0.004);
            muscle(
                vec![(
                    vec![
                        knot(o + vec3(0.0, -0.004, 0.0), 0.008, 0.0035),
                        knot(lerp(o, via, 0.3) + vec3(0.008, 0.0, -0.004), 0.012, 0.004),
                        knot(lerp(o, via, 0.65) + vec3(0.010, 0.0, -0.006), 0.019, 0.012),
                        knot(lerp(o, via, 0.88) + vec3(0.006, 0.0, -0.006), 0.013, 0.009),
                        knot(via, 0.006, 0.0045),
                        knot(ins, 0.006, 0.0045),
                    ],
                    Vec3::X,
                )],
                0.004,
                MUSCLE_CELL,
            )
        }
        "tensor_fasciae_latae" => {
            let o = p("tfl_r_origin");
            let end = vec3(-0.150, 0.835, -0.045);
            muscle(
                vec![(
                    vec![
                        knot(o + vec3(0.002, 0.0, 0.0), 0.006, 0.004),
                        knot(lerp(o, end, 0.45) + vec3(-0.008, 0.0, 0.0), 0.014, 0.009),
                        knot(end, 0.009, 0.004),
                    ],
                    Vec3::Z,
                )],
                0.004,
                MUSCLE_CELL,
            )
        }
        "iliotibial_band" => {
            // A flat band on the lateral thigh: from the iliac tubercle over the greater trochanter, then
            // close along the lateral femur (where vastus lateralis lies under it) to the lateral condyle
            // and Gerdy's tubercle.
            let ins = p("tfl_r_insertion");
            tissue(
                vec![(
                    vec![
                        knot(
                            p("rightiliactubercle_tlem") + vec3(-0.004, -0.006, 0.004),
                            0.012,
                            0.0025,
                        ),
                        knot(vec3(-0.160, 0.900, -0.066), 0.022, 0.0025),
                        knot(vec3(-0.162, 0.846, -0.074), 0.026, 0.003),
                        knot(vec3(-0.146, 0.770, -0.064), 0.022, 0.003),
                        knot(vec3(-0.138, 0.680, -0.060), 0.018, 0.003),
                        knot(vec3(-0.130, 0.590, -0.062), 0.015, 0.003),
                        knot(vec3(-0.128, 0.505, -0.066), 0.012, 0.003),
                        knot(ins + vec3(-0.004, 0.0, 0.0), 0.008, 0.003),
                    ],
                    Vec3::Z,
                )],
                0.004,
                0.0032,
            )
        }
        "adductor_magnus" => {
            let mut sweeps = Vec::new();
            for i in 1..=3 {
                let o = p(&format!("add_mag{i}_r_origin"));
                let ins = p(&format!("add_mag{i}_r_insertion"));
                let (w, t) = if i == 3 {
                    (0.016, 0.012)
                } else {
                    (0.02, 0.008)
                };
                sweeps.push((
                    vec![
                        knot(o + vec3(0.0, -0.004, 0.0), 0.008, 0.005),
                        knot(lerp(o, ins, 0.45), w, t),
                        knot(ins + vec3(0.0, 0.0, -0.006), 0.006, 0.004),
                    ],
                    Vec3::Y,
                ));
            }
            muscle(sweeps, 0.01, MUSCLE_CELL)
        }
        "quadratus_lumborum" => {
            let tp = p("ql_post_i_2_l4_r_l4_tp_r_p2_insertion_myo");
            let mut sweeps = Vec::new();
            for o in [
                "ql_post_i_1_l3_r_i_1_r_p1_origin_myo",
                "ql_post_i_2_l4_r_i_2_r_p1_origin_myo",
                "ql_post_i_3_l1_r_i_3_r_p1_origin_myo",
            ] {
                let o = p(o);
                sweeps.push((
                    vec![
                        knot(o + vec3(0.0, 0.006, 0.0), 0.008, 0.004),
                        knot(lerp(o, tp, 0.5), 0.011, 0.007),
                        knot(tp + vec3(-0.004, 0.0, 0.0), 0.006, 0.004),
                    ],
                    Vec3::X,
                ));
            }
            muscle(sweeps, 0.008, MUSCLE_CELL)
        }
        "gastrocnemius_medial_head" | "gastrocnemius_lateral_head" => {
            // Two heads from the femoral condyles bulging in the upper calf (the medial one bigger and
            // lower), behind soleus, narrowing to an aponeurosis that joins the calcaneal tendon.
            let medial = id == "gastrocnemius_medial_head";
            let o = if medial {
                p("med_gas_r_origin")
            } else {
                p("lat_gas_r_origin")
            };
            let ins = p("med_gas_r_insertion") + vec3(0.0, 0.006, -0.018);
            let belly: [(Vec3, f32, f32); 4] = if medial {
                [
                    (vec3(-0.060, 0.440, -0.124), 0.014, 0.010),
                    (vec3(-0.062, 0.380, -0.148), 0.021, 0.016),
                    (vec3(-0.067, 0.310, -0.150), 0.019, 0.013),
                    (vec3(-0.075, 0.240, -0.143), 0.012, 0.005),
                ]
            } else {
                [
                    (vec3(-0.107, 0.440, -0.122), 0.012, 0.009),
                    (vec3(-0.103, 0.385, -0.145), 0.017, 0.013),
                    (vec3(-0.097, 0.325, -0.147), 0.014, 0.010),
                    (vec3(-0.090, 0.260, -0.142), 0.009, 0.004),
                ]
            };
            let mut knots = vec![knot(o + vec3(0.0, -0.004, -0.010), 0.009, 0.006)];
            knots.extend(belly.iter().map(|&(c, w, t)| knot(c, w, t)));
            knots.extend([
                knot(vec3(-0.083, 0.180, -0.140), 0.011, 0.0025),
                knot(vec3(-0.086, 0.110, -0.137), 0.007, 0.003),
                knot(ins, 0.006, 0.0035),
            ]);
            muscle(vec![(knots, Vec3::X)], 0.004, MUSCLE_CELL)
        }
        "soleus" => {
            // A broad flat belly under the gastrocnemius, from the back of the fibular head and the soleal
            // line (arching over the tibial nerve) to the calcaneal tendon. Rows are levels, top to
            // bottom, lateral to medial.
            let apex = p("mesh_fibular_head_apex");
            let ins = p("soleus_r_insertion") + vec3(0.0, 0.008, -0.016);
            let level = |y: f32, xs: [f32; 5], zs: [f32; 5], ts: [f32; 5]| -> Vec<Knot> {
                (0..5)
                    .map(|i| knot(vec3(xs[i], y, zs[i]), 0.0, ts[i]))
                    .collect()
            };
            let mut rows = vec![
                (0..5)
                    .map(|i| {
                        let f = i as f32 / 4.0;
                        let top = lerp(
                            apex + vec3(0.002, -0.014, -0.012),
                            vec3(-0.068, 0.392, -0.104),
                            f,
                        );
                        knot(top, 0.0, 0.0045)
                    })
                    .collect::<Vec<Knot>>(),
                level(
                    0.340,
                    [-0.118, -0.104, -0.088, -0.072, -0.060],
                    [-0.110, -0.124, -0.128, -0.124, -0.108],
                    [0.005, 0.010, 0.012, 0.010, 0.005],
                ),
                level(
                    0.250,
                    [-0.114, -0.101, -0.086, -0.071, -0.058],
                    [-0.110, -0.122, -0.126, -0.122, -0.108],
                    [0.005, 0.011, 0.013, 0.011, 0.005],
                ),
                level(
                    0.165,
                    [-0.099, -0.093, -0.087, -0.081, -0.075],
                    [-0.118, -0.124, -0.126, -0.124, -0.118],
                    [0.003, 0.006, 0.007, 0.006, 0.003],
                ),
                level(
                    0.100,
                    [-0.091, -0.089, -0.086, -0.083, -0.081],
                    [-0.130, -0.132, -0.133, -0.132, -0.130],
                    [0.003, 0.0035, 0.0035, 0.0035, 0.003],
                ),
            ];
            rows.push(
                (0..5)
                    .map(|i| knot(ins + vec3(0.005 - 0.0025 * i as f32, 0.0, 0.0), 0.0, 0.0035))
                    .collect(),
            );
            let mut s = Solid::new(0.004);
            s.add_group(sheet(&rows, 3));
            Recipe::Solid {
                solid: s,
                cell: MUSCLE_CELL,
                muscle: true,
            }
        }
        "sacrotuberous_ligament" => {
            let up = p("sacrotuberous_ligament_origin_upper_fibres_psis_posterior_si_li");
            let lo = p("sacrotuberous_ligament_origin_lower_fibres_lateral_margin_of_lo");
            let ins = p("sacrotuberous_ligament_insertion_medial_margin_of_ischial_tuber");
            let mid = lerp(lo, ins, 0.45) + vec3(0.0, 0.0, -0.006);
            tissue(
                vec![
                    (
                        vec![
                            knot(up + vec3(0.004, 0.0, 0.0), 0.008, 0.003),
                            knot(mid, 0.009, 0.0025),
                            knot(ins, 0.006, 0.003),
                        ],
                        Vec3::X,
                    ),
                    (
                        vec![
                            knot(lo, 0.01, 0.003),
                            knot(mid, 0.009, 0.0025),
                            knot(ins, 0.006, 0.003),
                        ],
                        Vec3::X,
                    ),
                ],
                0.004,
                0.0026,
            )
        }
        "sacrospinous_ligament" => {
            let o = p("sacrospinous_ligament_origin_lateral_margin_lower_sacrum_coccy");
            let ins = p("sacrospinous_ligament_insertion_ischial_spine");
            tissue(
                vec![(
                    vec![
                        knot(o + vec3(0.0, 0.0, 0.004), 0.011, 0.0025),
                        knot(lerp(o, ins, 0.5) + vec3(0.0, 0.0, 0.004), 0.008, 0.0022),
                        knot(ins, 0.004, 0.0022),
                    ],
                    Vec3::Y,
                )],
                0.003,
                0.0026,
            )
        }
        "sciatic_nerve"
        | "tibial_nerve"
        | "common_fibular_nerve"
        | "root_l4"
        | "root_l5"
        | "root_s1"
        | "root_s2"
        | "root_s3" => nerve_tubes(anatomy, id, None),
        _ => return None,
    };
    let _ = hjc;
    Some(r)
}

/// Recipe of one midline structure.
fn midline(id: &str, anatomy: &Anatomy) -> Option<Recipe> {
    let l = Lm(anatomy);
    let l5 = l.p("lumbar5_body_origin_joint_centre_myo");
    let l4 = l.p("lumbar4_body_origin_joint_centre_myo");
    let l3 = l.p("lumbar3_body_origin_joint_centre_myo");
    Some(match id {
        "sacrum" => sacrum(&l),
        "coccyx" => coccyx(&l),
        "lumbar_l5" => vertebra(lerp(l5, l4, 0.5), 1.026),
        "lumbar_l4" => {
            let tp = l.p("ql_post_i_2_l4_r_l4_tp_r_p2_insertion_myo");
            vertebra(lerp(l4, l3, 0.5), tp.y)
        }
        _ => return None,
    })
}

/// Extra shape of the body envelope (right side): fat over the buttock, the thigh and the calf.
fn body_prims(l: &Lm) -> Vec<Prim> {
    let hjc = l.p("hip_r_joint_centre");
    let knee = l.p("knee_r_joint_centre_tibia_r_origin_at_knee_angle_0_joint_centre");
    let ankle = l.p("ankle_r_joint_centre");
    vec![
        Prim::Ellipsoid {
            c: vec3(-0.075, 0.870, -0.135),
            r: vec3(0.072, 0.085, 0.060),
        },
        Prim::cone(
            hjc + vec3(0.002, -0.05, -0.012),
            knee + vec3(0.004, 0.07, -0.012),
            0.080,
            0.054,
        ),
        Prim::cone(
            knee + vec3(0.0, 0.02, -0.008),
            knee + vec3(0.0, -0.07, -0.03),
            0.048,
            0.048,
        ),
        Prim::cone(
            knee + vec3(0.0, -0.09, -0.035),
            ankle + vec3(0.0, 0.09, -0.03),
            0.047,
            0.028,
        ),
        Prim::cone(ankle + vec3(0.0, 0.09, -0.025), ankle, 0.027, 0.028),
    ]
}

fn trunk_prims() -> Vec<Prim> {
    vec![
        Prim::Flat {
            a: vec3(0.0, 0.93, -0.075),
            b: vec3(0.0, 1.11, -0.085),
            w: [0.15, 0.14],
            t: [0.10, 0.095],
            dir: Vec3::X,
            tendon: [0.0; 2],
        },
        Prim::Flat {
            a: vec3(0.0, 0.86, -0.07),
            b: vec3(0.0, 0.90, -0.07),
            w: [0.13, 0.15],
            t: [0.08, 0.095],
            dir: Vec3::X,
            tendon: [0.0; 2],
        },
    ]
}

/// Builds every node of the model, in a fixed order: the structures in data order (right then left for
/// bilateral ones), then the variant nodes.
pub fn build_nodes(anatomy: &Anatomy) -> Vec<NodeMesh> {
    // Recipes: (name of the right-side or midline node, kind, recipe, bilateral).
    let mut jobs: Vec<(String, Kind, Recipe, bool)> = Vec::new();
    for s in &anatomy.structures {
        if s.kind == Kind::Skin {
            continue;
        }
        let recipe = match s.sides {
            Sides::Midline => midline(&s.id, anatomy),
            Sides::Bilateral => bilateral(&s.id, anatomy),
        };
        if let Some(r) = recipe {
            jobs.push((s.id.clone(), s.kind, r, s.sides == Sides::Bilateral));
        }
    }
    let mut variant_jobs = Vec::new();
    for v in &anatomy.nerves.variants {
        if let Some(suffix) = &v.node_suffix {
            variant_jobs.push((
                suffix.clone(),
                nerve_tubes(anatomy, "sciatic_nerve", Some(&v.letter)),
            ));
        }
    }
    // Mesh in parallel (two workers), results kept in job order.
    let meshes: Vec<Mesh> = {
        let all: Vec<(&Recipe, usize)> = jobs
            .iter()
            .map(|j| (&j.2, budget(&j.0)))
            .chain(variant_jobs.iter().map(|v| (&v.1, 0)))
            .collect();
        let workers = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
            .clamp(1, 8);
        let mut out: Vec<Option<Mesh>> = vec![None; all.len()];
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|w| {
                    let all = &all;
                    scope.spawn(move || {
                        (w..all.len())
                            .step_by(workers)
                            .map(|i| (i, all[i].0.mesh(all[i].1)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            for h in handles {
                for (i, m) in h.join().expect("meshing thread") {
                    out[i] = Some(m);
                }
            }
        });
        out.into_iter().map(|m| m.unwrap_or_default()).collect()
    };
    // The skin: every structure dilated by a soft-tissue layer, plus the shape of the body.
    let l = Lm(anatomy);
    let mut skin_prims: Vec<Prim> = trunk_prims();
    for p in body_prims(&l) {
        skin_prims.push(p);
        skin_prims.push(p.mirrored());
    }
    for (_, _, r, bilateral) in &jobs {
        for p in r.prims() {
            let d = p.dilated(0.006);
            skin_prims.push(d);
            if *bilateral {
                skin_prims.push(d.mirrored());
            }
        }
    }
    let mut skin = mesh_envelope(
        &skin_prims,
        6,
        vec3(-0.25, -0.02, -0.27),
        vec3(0.25, 1.2, 0.22),
        0.006,
        Finish {
            smooth: 6,
            triangles: 40_000,
            error: 0.0008,
        },
    );
    skin.quantize();

    let mut nodes = Vec::new();
    let mut mesh_of = meshes.into_iter();
    let mut by_id: Vec<(String, Kind, Mesh, bool)> = Vec::new();
    for (id, kind, _, bilateral) in &jobs {
        let m = mesh_of.next().unwrap_or_default();
        by_id.push((id.clone(), *kind, m, *bilateral));
    }
    for s in &anatomy.structures {
        if s.kind == Kind::Skin {
            nodes.push(NodeMesh {
                name: s.id.clone(),
                kind: Kind::Skin,
                mesh: skin.clone(),
            });
            continue;
        }
        if let Some((_, kind, m, bilateral)) = by_id.iter().find(|b| b.0 == s.id) {
            if *bilateral {
                for side in [Side::Right, Side::Left] {
                    let mesh = if side == Side::Left {
                        m.mirrored()
                    } else {
                        m.clone()
                    };
                    nodes.push(NodeMesh {
                        name: format!("{}{}", s.id, side.suffix()),
                        kind: *kind,
                        mesh,
                    });
                }
            } else {
                nodes.push(NodeMesh {
                    name: s.id.clone(),
                    kind: *kind,
                    mesh: m.clone(),
                });
            }
        }
    }
    for (suffix, _) in &variant_jobs {
        let m = mesh_of.next().unwrap_or_default();
        for side in [Side::Right, Side::Left] {
            let mesh = if side == Side::Left {
                m.mirrored()
            } else {
                m.clone()
            };
            nodes.push(NodeMesh {
                name: format!("sciatic_nerve{}{}", side.suffix(), suffix),
                kind: Kind::Nerve,
                mesh,
            });
        }
    }
    nodes
}
