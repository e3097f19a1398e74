//! Software-rendered views of the model's meshes, for looking at it without a GPU.

use std::path::PathBuf;

use glam::Vec3;

use super::*;
use sciatic_planner::handout::views::fill_triangle;

/// Anatomy data read from the files on disk (not the embedded copy), so that the views can show data
/// that is being edited without rebuilding the tests.
fn disk_data() -> (Anatomy, sciatic_planner::anatomy::model::Shapes) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/anatomy");
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).expect("anatomy file");
    let anatomy = Anatomy::from_ron(
        &read("structures.ron"),
        &read("landmarks.ron"),
        &read("nerves.ron"),
        &read("sites.ron"),
    )
    .expect("anatomy data");
    let shapes =
        sciatic_planner::anatomy::model::Shapes::from_ron(&read("shapes.ron")).expect("shapes");
    (anatomy, shapes)
}

/// One software-rendered view: looking along `dir`, with `right` to the right of the picture, the heights
/// `y0..y1` filling the picture around the horizontal centre `centre`, showing the nodes `show` keeps.
struct View<'a> {
    name: &'a str,
    dir: Vec3,
    right: Vec3,
    y0: f32,
    y1: f32,
    centre: f32,
    show: &'a dyn Fn(&str) -> bool,
}

/// Writes views of the model from every side, with and without the skin and the outer layers, as PNG
/// files into the folder named by `MODEL_VIEWS_DIR` (default: the system temporary folder). For looking
/// at the model without a renderer. `MODEL_VIEWS_FRESH` builds the model from the data files on disk
/// instead of reading the committed model (and with `MODEL_VIEWS_WRITE` also writes it as the committed
/// model); `MODEL_VIEWS_ONLY` names the views to draw (comma-separated).
#[test]
#[ignore]
fn render_views() {
    let dir = std::env::var("MODEL_VIEWS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| std::env::temp_dir());
    let fresh = std::env::var("MODEL_VIEWS_FRESH").is_ok();
    let (anatomy, bytes) = if fresh {
        let (anatomy, shapes) = disk_data();
        let t = std::time::Instant::now();
        let (bytes, stats) =
            sciatic_planner::anatomy::model::build_model_from(&anatomy, &shapes).expect("model");
        report_build(&stats, t);
        if std::env::var("MODEL_VIEWS_WRITE").is_ok() {
            std::fs::write(model_path(), &bytes).expect("write model");
        }
        (anatomy, bytes)
    } else {
        (Anatomy::embedded().clone(), committed_bytes().clone())
    };
    let only = std::env::var("MODEL_VIEWS_ONLY").ok();
    let m = load(&bytes);
    let starts = |n: &str, list: &[&str]| list.iter().any(|k| n.starts_with(k));
    let no_skin = |n: &str| n != "skin" && !n.contains("__variant_");
    let right_only = |n: &str| no_skin(n) && !n.ends_with("_l");
    let bones = |n: &str| starts(n, &["hip_bone", "sacrum", "femur", "lumbar", "coccyx"]);
    let superficial = [
        "gluteus_max",
        "iliotibial",
        "tensor",
        "sartorius",
        "gastrocnemius",
        "biceps_femoris_long",
        "semitendinosus",
        "rectus_femoris",
        "gracilis",
    ];
    let all = |n: &str| !n.contains("__variant_");
    let neurovascular = |n: &str| {
        !n.contains("__variant_")
            && anatomy
                .structure_of_node(n)
                .is_some_and(|(s, _)| matches!(s.kind, Kind::Nerve | Kind::Vessel))
    };
    let views = [
        View {
            name: "posterior",
            dir: Vec3::Z,
            right: Vec3::NEG_X,
            y0: -0.02,
            y1: 1.15,
            centre: 0.0,
            show: &no_skin,
        },
        View {
            name: "anterior",
            dir: Vec3::NEG_Z,
            right: Vec3::X,
            y0: -0.02,
            y1: 1.15,
            centre: 0.0,
            show: &no_skin,
        },
        View {
            name: "lateral",
            dir: Vec3::X,
            right: Vec3::Z,
            y0: -0.02,
            y1: 1.15,
            centre: 0.0,
            show: &no_skin,
        },
        View {
            name: "medial",
            dir: Vec3::NEG_X,
            right: Vec3::NEG_Z,
            y0: -0.02,
            y1: 1.15,
            centre: 0.0,
            show: &right_only,
        },
        View {
            name: "skin",
            dir: Vec3::Z,
            right: Vec3::NEG_X,
            y0: -0.02,
            y1: 1.15,
            centre: 0.0,
            show: &all,
        },
        View {
            name: "skin_anterior",
            dir: Vec3::NEG_Z,
            right: Vec3::X,
            y0: -0.02,
            y1: 1.15,
            centre: 0.0,
            show: &all,
        },
        View {
            name: "skin_lateral",
            dir: Vec3::X,
            right: Vec3::Z,
            y0: -0.02,
            y1: 1.15,
            centre: 0.0,
            show: &all,
        },
        View {
            name: "anterior_deep",
            dir: Vec3::NEG_Z,
            right: Vec3::X,
            y0: -0.02,
            y1: 1.15,
            centre: 0.0,
            show: &|n: &str| right_only(n) && !starts(n, &superficial),
        },
        View {
            name: "thigh_anterior",
            dir: Vec3::NEG_Z,
            right: Vec3::X,
            y0: 0.42,
            y1: 1.02,
            centre: -0.08,
            show: &right_only,
        },
        View {
            name: "leg_anterior",
            dir: Vec3::NEG_Z,
            right: Vec3::X,
            y0: -0.02,
            y1: 0.52,
            centre: -0.08,
            show: &right_only,
        },
        View {
            name: "leg_lateral",
            dir: Vec3::X,
            right: Vec3::Z,
            y0: -0.02,
            y1: 0.52,
            centre: -0.06,
            show: &right_only,
        },
        View {
            name: "leg_medial",
            dir: Vec3::NEG_X,
            right: Vec3::NEG_Z,
            y0: -0.02,
            y1: 0.52,
            centre: 0.06,
            show: &right_only,
        },
        View {
            name: "pelvis_posterior",
            dir: Vec3::Z,
            right: Vec3::NEG_X,
            y0: -0.02,
            y1: 1.15,
            centre: 0.0,
            show: &|n: &str| {
                bones(n)
                    || n.starts_with("sciatic_nerve_") && !n.contains("__")
                    || starts(
                        n,
                        &[
                            "root",
                            "piriformis",
                            "gemellus",
                            "obturator",
                            "quadratus_femoris",
                            "sacro",
                        ],
                    )
            },
        },
        View {
            name: "bones_front",
            dir: Vec3::NEG_Z,
            right: Vec3::X,
            y0: -0.02,
            y1: 1.15,
            centre: 0.0,
            show: &|n: &str| starts(n, &["hip_bone", "sacrum", "femur", "lumbar", "coccyx"]),
        },
        View {
            name: "deep_lateral",
            dir: Vec3::X,
            right: Vec3::Z,
            y0: -0.02,
            y1: 1.15,
            centre: 0.0,
            show: &|n: &str| no_skin(n) && !starts(n, &superficial),
        },
        View {
            name: "hip_lateral",
            dir: Vec3::X,
            right: Vec3::Z,
            y0: -0.02,
            y1: 1.15,
            centre: 0.0,
            show: &bones,
        },
        View {
            name: "hip_medial",
            dir: Vec3::NEG_X,
            right: Vec3::NEG_Z,
            y0: 0.78,
            y1: 1.08,
            centre: 0.07,
            show: &|n: &str| n.starts_with("hip_bone_r") || n.starts_with("femur_r"),
        },
        View {
            name: "buttock",
            dir: Vec3::Z,
            right: Vec3::NEG_X,
            y0: 0.70,
            y1: 1.06,
            centre: 0.09,
            show: &right_only,
        },
        View {
            name: "buttock_deep",
            dir: Vec3::Z,
            right: Vec3::NEG_X,
            y0: 0.74,
            y1: 1.04,
            centre: 0.09,
            show: &|n: &str| right_only(n) && !n.starts_with("gluteus_max"),
        },
        View {
            name: "rotators",
            dir: Vec3::Z,
            right: Vec3::NEG_X,
            y0: 0.80,
            y1: 0.98,
            centre: 0.08,
            show: &|n: &str| {
                right_only(n)
                    && !starts(
                        n,
                        &[
                            "gluteus",
                            "biceps",
                            "semi",
                            "adductor",
                            "iliotibial",
                            "tensor",
                            "vastus",
                        ],
                    )
            },
        },
        View {
            name: "ischium",
            dir: Vec3::Z,
            right: Vec3::NEG_X,
            y0: 0.80,
            y1: 0.98,
            centre: 0.08,
            show: &|n: &str| right_only(n) && (bones(n) || n.starts_with("sacro")),
        },
        View {
            name: "knee_posterior",
            dir: Vec3::Z,
            right: Vec3::NEG_X,
            y0: 0.3,
            y1: 0.6,
            centre: 0.09,
            show: &right_only,
        },
        View {
            name: "calf_lateral",
            dir: Vec3::X,
            right: Vec3::Z,
            y0: 0.0,
            y1: 0.5,
            centre: -0.08,
            show: &right_only,
        },
        View {
            name: "groin_anterior",
            dir: Vec3::NEG_Z,
            right: Vec3::X,
            y0: 0.80,
            y1: 1.0,
            centre: -0.07,
            show: &|n: &str| {
                right_only(n)
                    && (bones(n)
                        || neurovascular(n)
                        || starts(n, &["iliacus", "psoas", "pectineus"]))
            },
        },
        View {
            name: "thigh_vessels",
            dir: Vec3::NEG_Z,
            right: Vec3::X,
            y0: 0.42,
            y1: 1.0,
            centre: -0.07,
            show: &|n: &str| {
                right_only(n)
                    && (bones(n)
                        || neurovascular(n)
                        || starts(n, &["adductor", "vastus_medialis", "sartorius"]))
            },
        },
        View {
            name: "thigh_vessels_medial",
            dir: Vec3::NEG_X,
            right: Vec3::NEG_Z,
            y0: 0.40,
            y1: 1.0,
            centre: 0.06,
            show: &|n: &str| {
                right_only(n) && (bones(n) || starts(n, &["tibia", "fibula"]) || neurovascular(n))
            },
        },
        View {
            name: "knee_vessels_posterior",
            dir: Vec3::Z,
            right: Vec3::NEG_X,
            y0: 0.36,
            y1: 0.6,
            centre: 0.085,
            show: &|n: &str| {
                right_only(n)
                    && (bones(n)
                        || starts(n, &["tibia", "fibula", "gastrocnemius", "popliteus"])
                        || neurovascular(n))
            },
        },
        View {
            name: "gluteal_vessels",
            dir: Vec3::Z,
            right: Vec3::NEG_X,
            y0: 0.78,
            y1: 1.02,
            centre: 0.09,
            show: &|n: &str| {
                right_only(n)
                    && (bones(n)
                        || neurovascular(n)
                        || starts(n, &["piriformis", "sacrospinous", "sacrotuberous"]))
            },
        },
        View {
            name: "gluteal_vessels_muscles",
            dir: Vec3::Z,
            right: Vec3::NEG_X,
            y0: 0.78,
            y1: 1.02,
            centre: 0.09,
            show: &|n: &str| right_only(n) && !starts(n, &["gluteus_max"]),
        },
    ];
    // Each variant of the nerve from behind, with the bones, piriformis and quadratus femoris.
    let variant_show: Vec<(String, Box<dyn Fn(&str) -> bool>)> = ['b', 'c', 'd', 'e', 'f']
        .into_iter()
        .map(|l| {
            let suffix = format!("__variant_{l}");
            let show: Box<dyn Fn(&str) -> bool> = Box::new(move |n: &str| {
                n.contains(&suffix)
                    || (!n.contains("__")
                        && starts(
                            n,
                            &[
                                "hip_bone",
                                "sacrum",
                                "femur",
                                "piriformis",
                                "quadratus_femoris",
                            ],
                        ))
            });
            (format!("variant_{l}"), show)
        })
        .collect();
    let views = views
        .into_iter()
        .chain(variant_show.iter().map(|(name, show)| View {
            name,
            dir: Vec3::Z,
            right: Vec3::NEG_X,
            y0: 0.78,
            y1: 1.0,
            centre: 0.0,
            show: show.as_ref(),
        }));
    for v in views {
        if let Some(only) = &only
            && !only.split(',').any(|o| o == v.name)
        {
            continue;
        }
        let img = render(&m, &anatomy, &v);
        write_png(
            &dir.join(format!("model_{}.png", v.name)),
            WIDTH,
            HEIGHT,
            &img,
        );
    }
}

const WIDTH: usize = 700;
const HEIGHT: usize = 1000;

/// Draws one view with a z-buffer and flat shading.
fn render(m: &BTreeMap<String, NodeData>, anatomy: &Anatomy, v: &View) -> Vec<[u8; 3]> {
    let (w, h) = (WIDTH, HEIGHT);
    let (dir_v, right, up) = (v.dir, v.right, Vec3::Y);
    let scale = h as f32 / (v.y1 - v.y0);
    let mut zbuf = vec![f32::MAX; w * h];
    let mut img = vec![[30u8, 30, 36]; w * h];
    let light = (-dir_v + Vec3::new(0.3, 0.6, 0.0)).normalize();
    for (name, n) in m {
        if !(v.show)(name) {
            continue;
        }
        let base = color_of(anatomy, name);
        for t in &n.triangles {
            let p = t.map(|k| n.positions[k as usize]);
            let nrm = (p[1] - p[0]).cross(p[2] - p[0]).normalize_or_zero();
            if nrm.dot(dir_v) > 0.0 {
                continue;
            }
            let shade = 0.25 + 0.75 * nrm.dot(light).max(0.0);
            let col = base.map(|c| (c * shade).min(255.0) as u8);
            let s = p.map(|q| {
                (
                    (q.dot(right) - v.centre) * scale + w as f32 / 2.0,
                    (v.y1 - q.dot(up)) * scale,
                    q.dot(dir_v),
                )
            });
            fill_triangle(s, (w, h), &mut zbuf, &mut img, col);
        }
    }
    img
}

fn color_of(anatomy: &Anatomy, name: &str) -> [f32; 3] {
    let kind = anatomy
        .structure_of_node(name.split("__").next().unwrap_or(name))
        .map(|(s, _)| s.kind);
    match kind {
        Some(Kind::Bone) => [230.0, 220.0, 190.0],
        Some(Kind::Muscle) => [190.0, 50.0, 45.0],
        Some(Kind::Tendon) | Some(Kind::Ligament) => [210.0, 210.0, 200.0],
        Some(Kind::Nerve) => [250.0, 215.0, 40.0],
        Some(Kind::Vessel) if name.contains("_vein") => [45.0, 80.0, 210.0],
        Some(Kind::Vessel) => [205.0, 20.0, 45.0],
        _ => [220.0, 170.0, 150.0],
    }
}

/// Writes an RGB PNG with stored (uncompressed) deflate blocks.
fn write_png(path: &std::path::Path, w: usize, h: usize, img: &[[u8; 3]]) {
    fn crc32(data: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for &b in data {
            c ^= b as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    let mut raw = Vec::with_capacity(h * (w * 3 + 1));
    for y in 0..h {
        raw.push(0);
        for x in 0..w {
            raw.extend_from_slice(&img[y * w + x]);
        }
    }
    let mut z = vec![0x78, 0x01];
    let chunks: Vec<&[u8]> = raw.chunks(65535).collect();
    for (i, c) in chunks.iter().enumerate() {
        z.push(u8::from(i == chunks.len() - 1));
        z.extend_from_slice(&(c.len() as u16).to_le_bytes());
        z.extend_from_slice(&(!(c.len() as u16)).to_le_bytes());
        z.extend_from_slice(c);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &x in &raw {
        a = (a + x as u32) % 65521;
        b = (b + a) % 65521;
    }
    z.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |ty: &[u8], data: &[u8]| {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut c = ty.to_vec();
        c.extend_from_slice(data);
        out.extend_from_slice(&c);
        out.extend_from_slice(&crc32(&c).to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&(w as u32).to_be_bytes());
    ihdr.extend_from_slice(&(h as u32).to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &z);
    chunk(b"IEND", &[]);
    std::fs::write(path, out).expect("write png");
}
