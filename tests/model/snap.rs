//! Keeps the example plans on the skin when the model changes: moves every anchor and stroke point of the
//! plans in `plans/` onto the nearest point of the committed skin mesh.

use glam::Vec3;

use super::*;

/// The nearest point of the skin to `p`.
fn nearest_on_skin(skin: &NodeData, p: Vec3) -> Vec3 {
    skin.triangles
        .iter()
        .map(|t| {
            let [a, b, c] = t.map(|k| skin.positions[k as usize]);
            let w = closest_on_triangle(p, a, b, c);
            a * w.x + b * w.y + c * w.z
        })
        .min_by(|x, y| x.distance(p).total_cmp(&y.distance(p)))
        .expect("skin triangles")
}

/// A coordinate rounded to 0.1 mm, written the way the plan writer writes it (shortest form, at least
/// one decimal).
fn number(v: f32) -> String {
    let s = format!("{}", (v * 10_000.0).round() / 10_000.0);
    if s.contains('.') { s } else { format!("{s}.0") }
}

/// The three numbers of a `(x, y, z)` tuple that makes up the rest of a line (after `prefix`).
fn tuple(rest: &str) -> Option<[f32; 3]> {
    let inner = rest
        .trim()
        .trim_end_matches(',')
        .strip_prefix('(')?
        .strip_suffix(')')?;
    let v: Vec<f32> = inner
        .split(',')
        .map(|x| x.trim().parse().ok())
        .collect::<Option<_>>()?;
    (v.len() == 3).then(|| [v[0], v[1], v[2]])
}

/// Rewrites the example plans so that their anchors and stroke points lie on the committed skin (the
/// points are moved only where they are more than 0.5 mm off it). Run explicitly after regenerating the
/// model.
#[test]
#[ignore]
fn snap_example_plans_to_the_skin() {
    let skin = node("skin");
    let files = example_plan_files();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("plan");
        let mut in_path = false;
        let mut out = String::with_capacity(text.len());
        let mut moved = 0;
        for line in text.lines() {
            let trimmed = line.trim_start();
            let indent = &line[..line.len() - trimmed.len()];
            let (prefix, rest) = if let Some(rest) = trimmed.strip_prefix("position: ") {
                ("position: ", rest)
            } else if in_path {
                ("", trimmed)
            } else {
                ("", "")
            };
            if trimmed.starts_with("path: [") {
                in_path = true;
            } else if in_path && trimmed.starts_with(']') {
                in_path = false;
            }
            match tuple(rest) {
                Some(p) if !rest.is_empty() => {
                    let p = Vec3::from(p);
                    let q = nearest_on_skin(skin, p);
                    if q.distance(p) > 0.0005 {
                        moved += 1;
                        let comma = if rest.trim_end().ends_with(',') {
                            ","
                        } else {
                            ""
                        };
                        out.push_str(&format!(
                            "{indent}{prefix}({}, {}, {}){comma}\n",
                            number(q.x),
                            number(q.y),
                            number(q.z)
                        ));
                        continue;
                    }
                    out.push_str(line);
                    out.push('\n');
                }
                _ => {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        if moved > 0 {
            std::fs::write(f, out).expect("write plan");
            eprintln!("{}: {moved} points moved onto the skin", f.display());
        }
    }
}
