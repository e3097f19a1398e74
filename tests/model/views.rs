//! Software-rendered views of the model's meshes, for looking at it without a GPU.

use std::path::PathBuf;

use glam::Vec3;

use super::*;

/// Writes posterior and lateral views of the model as PNG files into the folder named by
/// `MODEL_VIEWS_DIR` (default: the system temporary folder). For looking at the model without a renderer.
#[test]
#[ignore]
fn render_views() {
    let dir = std::env::var("MODEL_VIEWS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| std::env::temp_dir());
    let bytes = match std::env::var("MODEL_VIEWS_FRESH") {
        Ok(_) => build_model().expect("model").0,
        Err(_) => committed_bytes().clone(),
    };
    let m = load(&bytes);
    let hide_skin = |n: &str| n != "skin" && !n.contains("__variant_");
    let bones = |n: &str| {
        ["hip_bone", "sacrum", "femur", "lumbar", "coccyx"]
            .iter()
            .any(|k| n.starts_with(k))
    };
    let views: [(&str, Vec3, Vec3, f32, f32, &dyn Fn(&str) -> bool); 12] = [
        ("posterior", Vec3::Z, Vec3::NEG_X, 0.0, 0.5, &hide_skin),
        ("lateral", Vec3::X, Vec3::Z, 0.0, 0.5, &hide_skin),
        ("skin", Vec3::Z, Vec3::NEG_X, 0.0, 0.5, &|n: &str| {
            !n.contains("__variant_")
        }),
        (
            "pelvis_posterior",
            Vec3::Z,
            Vec3::NEG_X,
            0.78,
            1.08,
            &|n: &str| {
                n.ends_with("_bone_r")
                    || n.ends_with("_bone_l")
                    || n.starts_with("sacrum")
                    || n.starts_with("femur")
                    || n.starts_with("lumbar")
                    || n.starts_with("coccyx")
                    || n.starts_with("sciatic_nerve_") && !n.contains("__")
                    || n.starts_with("root")
                    || [
                        "piriformis",
                        "gemellus",
                        "obturator",
                        "quadratus_femoris",
                        "sacro",
                    ]
                    .iter()
                    .any(|k| n.starts_with(k))
            },
        ),
        (
            "bones_front",
            Vec3::NEG_Z,
            Vec3::X,
            0.78,
            1.08,
            &|n: &str| {
                n.starts_with("hip_bone")
                    || n.starts_with("sacrum")
                    || n.starts_with("femur")
                    || n.starts_with("lumbar")
                    || n.starts_with("coccyx")
            },
        ),
        ("deep_lateral", Vec3::X, Vec3::Z, 0.78, 1.08, &|n: &str| {
            !n.starts_with("gluteus_max")
                && !n.starts_with("skin")
                && !n.contains("__")
                && !n.starts_with("iliotibial")
                && !n.starts_with("tensor")
        }),
        ("hip_lateral", Vec3::X, Vec3::Z, 0.78, 1.08, &bones),
        (
            "hip_medial",
            Vec3::NEG_X,
            Vec3::NEG_Z,
            0.78,
            1.08,
            &|n: &str| n.starts_with("hip_bone_r") || n.starts_with("femur_r"),
        ),
        (
            "buttock_deep",
            Vec3::Z,
            Vec3::NEG_X,
            0.74,
            1.04,
            &|n: &str| {
                !n.starts_with("gluteus_max")
                    && !n.starts_with("skin")
                    && !n.contains("__")
                    && !n.ends_with("_l")
            },
        ),
        (
            "knee_posterior",
            Vec3::Z,
            Vec3::NEG_X,
            0.3,
            0.6,
            &|n: &str| !n.starts_with("skin") && !n.contains("__") && !n.ends_with("_l"),
        ),
        ("calf_lateral", Vec3::X, Vec3::Z, 0.0, 0.5, &|n: &str| {
            !n.starts_with("skin") && !n.contains("__") && !n.ends_with("_l")
        }),
        ("variant_b", Vec3::Z, Vec3::NEG_X, 0.78, 1.0, &|n: &str| {
            n.starts_with("hip_bone")
                || n.starts_with("sacrum")
                || n.starts_with("femur")
                || n.starts_with("piriformis")
                || n.contains("__variant_b")
                || n.starts_with("quadratus_femoris")
        }),
    ];
    for (vname, dir_v, right, y0, y1, filter) in views {
        let (w, h) = (700usize, 1000usize);
        let up = Vec3::Y;
        let (ylo, yhi) = if y1 - y0 < 0.4 || vname.starts_with("calf") {
            (y0, y1)
        } else {
            (-0.02, 1.15)
        };
        // Close views of one side are centred on that side.
        let centre = if vname.starts_with("buttock") || vname.starts_with("knee") {
            0.09
        } else if vname.starts_with("calf") {
            -0.08
        } else if vname == "hip_medial" {
            0.07
        } else {
            0.0
        };
        let scale = h as f32 / (yhi - ylo);
        let mut zbuf = vec![f32::MAX; w * h];
        let mut img = vec![[30u8, 30, 36]; w * h];
        let light = (-dir_v + Vec3::new(0.3, 0.6, 0.0)).normalize();
        for (name, n) in &m {
            if !filter(name) {
                continue;
            }
            let base = color_of(name);
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
                        (q.dot(right) - centre) * scale + w as f32 / 2.0,
                        (yhi - q.dot(up)) * scale,
                        q.dot(dir_v),
                    )
                });
                let minx = s.iter().map(|v| v.0).fold(f32::MAX, f32::min).max(0.0) as usize;
                let maxx = (s.iter().map(|v| v.0).fold(f32::MIN, f32::max) as usize).min(w - 1);
                let miny = s.iter().map(|v| v.1).fold(f32::MAX, f32::min).max(0.0) as usize;
                let maxy = (s.iter().map(|v| v.1).fold(f32::MIN, f32::max) as usize).min(h - 1);
                let area =
                    (s[1].0 - s[0].0) * (s[2].1 - s[0].1) - (s[2].0 - s[0].0) * (s[1].1 - s[0].1);
                if area.abs() < 1e-9 {
                    continue;
                }
                for y in miny..=maxy {
                    for x in minx..=maxx {
                        let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
                        let w0 =
                            ((s[1].0 - px) * (s[2].1 - py) - (s[2].0 - px) * (s[1].1 - py)) / area;
                        let w1 =
                            ((s[2].0 - px) * (s[0].1 - py) - (s[0].0 - px) * (s[2].1 - py)) / area;
                        let w2 = 1.0 - w0 - w1;
                        if w0 < 0.0 || w1 < 0.0 || w2 < 0.0 {
                            continue;
                        }
                        let z = w0 * s[0].2 + w1 * s[1].2 + w2 * s[2].2;
                        let i = y * w + x;
                        if z < zbuf[i] {
                            zbuf[i] = z;
                            img[i] = col;
                        }
                    }
                }
            }
        }
        write_png(&dir.join(format!("model_{vname}.png")), w, h, &img);
    }
}

fn color_of(name: &str) -> [f32; 3] {
    let kind = Anatomy::embedded()
        .structure_of_node(name.split("__").next().unwrap_or(name))
        .map(|(s, _)| s.kind);
    match kind {
        Some(Kind::Bone) => [230.0, 220.0, 190.0],
        Some(Kind::Muscle) => [190.0, 50.0, 45.0],
        Some(Kind::Tendon) | Some(Kind::Ligament) => [210.0, 210.0, 200.0],
        Some(Kind::Nerve) => [250.0, 215.0, 40.0],
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
