//! The shapes of the deep gluteal region, the back of the knee and the skin, measured on the committed
//! model (right side: lateral is -X, anterior is +Z, up is +Y).

use glam::Vec3;

use super::*;

/// Vertices of a node within `half` of the sagittal plane `x`.
fn at_x(name: &str, x: f32, half: f32) -> Vec<Vec3> {
    near(name, |p| p.x, x, half)
}

/// Piriformis is a thick belly where it passes through the greater sciatic foramen (over 16 mm from its
/// upper to its lower border, over 9 mm front to back), and narrows to a tendon on the greater trochanter
/// (under half that height).
#[test]
fn piriformis_fills_the_greater_sciatic_foramen() {
    let via = lm("peri_r_via");
    let belly = at_x("piriformis_r", via.x, 0.003);
    assert!(!belly.is_empty());
    let (lo, hi) = span(&belly, |p| p.y);
    let (back, front) = span(&belly, |p| p.z);
    assert!(
        hi - lo > 0.016,
        "piriformis is {} m tall in the foramen",
        hi - lo
    );
    assert!(
        front - back > 0.009,
        "piriformis is {} m thick",
        front - back
    );
    let insertion = lm("peri_r_insertion");
    let tendon = at_x("piriformis_r", insertion.x + 0.006, 0.002);
    assert!(!tendon.is_empty());
    let (tlo, thi) = span(&tendon, |p| p.y);
    assert!(
        thi - tlo < (hi - lo) / 2.0,
        "the tendon is {} m tall, the belly {} m",
        thi - tlo,
        hi - lo
    );
}

/// Between the lesser sciatic notch and the trochanter the obturator internus tendon runs between the two
/// gemelli: gemellus superior just above it, gemellus inferior just below, the three packed together (their
/// centres within 14 mm of the tendon's), not a comb of separate rods.
#[test]
fn gemelli_flank_the_obturator_internus_tendon() {
    let via = lm("obturator_internus_1_via_tlem");
    let insertion = lm("obturator_internus_1_insertion_tlem");
    for t in [0.35f32, 0.55, 0.75] {
        let x = via.x + (insertion.x - via.x) * t;
        let centre = |name: &str| {
            let s = at_x(name, x, 0.002);
            assert!(!s.is_empty(), "{name} does not reach x = {x}");
            s.iter().copied().sum::<Vec3>() / s.len() as f32
        };
        let (sup, tendon, inf) = (
            centre("gemellus_superior_r"),
            centre("obturator_internus_r"),
            centre("gemellus_inferior_r"),
        );
        assert!(
            sup.y > tendon.y && tendon.y > inf.y,
            "at {t}: {sup} {tendon} {inf}"
        );
        assert!(
            sup.distance(tendon) < 0.014,
            "at {t}: superior {}",
            sup.distance(tendon)
        );
        assert!(
            inf.distance(tendon) < 0.014,
            "at {t}: inferior {}",
            inf.distance(tendon)
        );
    }
}

/// The hamstrings part round the back of the knee: semimembranosus and semitendinosus pass medial to the
/// medial femoral condyle to the tibia (semitendinosus to its front, below the plateau), biceps femoris to
/// the fibular head, so at the joint line the medial and lateral borders of the popliteal fossa are over
/// 5 cm apart.
#[test]
fn hamstrings_reach_the_leg_and_open_the_popliteal_fossa() {
    let plateau = lm("mesh_tibial_plateau_top");
    let medial_condyle = lm("medial_condyle_tlem");
    let fibular_head = lm("mesh_fibular_head_apex");
    let st = lowest("semitendinosus_r");
    assert!(st.y < plateau.y - 0.04, "semitendinosus ends at {st}");
    assert!(
        st.z > plateau.z,
        "semitendinosus ends behind the tibia at {st}"
    );
    let sm = lowest("semimembranosus_r");
    assert!(sm.y < plateau.y, "semimembranosus ends at {sm}");
    let bf = lowest("biceps_femoris_long_head_r");
    assert!(
        bf.distance(fibular_head) < 0.02,
        "biceps femoris ends {} m from the fibular head",
        bf.distance(fibular_head)
    );
    let y = plateau.y + 0.015;
    let medial = at("semimembranosus_r", y);
    let lateral = at("biceps_femoris_long_head_r", y);
    assert!(
        medial.x > medial_condyle.x - 0.02,
        "semimembranosus at {medial}"
    );
    assert!(
        medial.x - lateral.x > 0.05,
        "the fossa is {} m wide at the joint line",
        medial.x - lateral.x
    );
}

fn at(name: &str, y: f32) -> Vec3 {
    slice_centroid(&node(name).positions, y, 0.005)
        .unwrap_or_else(|| panic!("{name} has no vertices at y = {y}"))
}

/// The skin is narrower at the waist than over the hips, and it is cut across at the lumbar level with a
/// closed, flat section: its highest vertices form a flat face across the trunk, and no edge near it
/// borders a hole.
#[test]
fn skin_has_a_waist_and_a_closed_lumbar_section() {
    let skin = node("skin");
    let width = |y: f32| {
        let s: Vec<Vec3> = skin
            .positions
            .iter()
            .copied()
            .filter(|p| (p.y - y).abs() < 0.004)
            .collect();
        let (lo, hi) = span(&s, |p| p.x);
        hi - lo
    };
    let hips = width(0.88);
    let waist = width(1.08);
    assert!(waist < hips * 0.85, "waist {waist} m, hips {hips} m");
    let top = skin.positions.iter().map(|p| p.y).fold(f32::MIN, f32::max);
    let cap: Vec<Vec3> = skin
        .positions
        .iter()
        .copied()
        .filter(|p| p.y > top - 0.002)
        .collect();
    let (lo, hi) = span(&cap, |p| p.x);
    assert!(hi - lo > 0.15, "the section is {} m wide", hi - lo);
    let mut edges: BTreeMap<(u32, u32), u32> = BTreeMap::new();
    for t in &skin.triangles {
        for (a, b) in [(t[0], t[1]), (t[1], t[2]), (t[2], t[0])] {
            *edges.entry((a.min(b), a.max(b))).or_default() += 1;
        }
    }
    let near_the_cut = |k: u32| skin.positions[k as usize].y > top - 0.03;
    let open = edges
        .iter()
        .filter(|((a, b), n)| **n == 1 && (near_the_cut(*a) || near_the_cut(*b)))
        .count();
    assert_eq!(open, 0, "{open} edges by the section border a hole");
}

/// Seen from the side, the back curves in above the sacrum (the lumbar curve) and the buttocks stand out
/// behind it: in the midline at the waist (y = 1.08 m) the skin's back lies more than 45 mm in front of the
/// buttock's farthest point back. A trunk with a straight back stood 28 mm in front of it.
#[test]
fn the_back_curves_in_above_the_buttocks() {
    let skin = node("skin");
    let back = |x: f32, y: f32| back_surface(skin, Vec3::new(x, y, 0.0));
    let buttock = (0..=30)
        .flat_map(|i| (0..=20).map(move |k| (-0.03 - i as f32 * 0.003, 0.80 + k as f32 * 0.0075)))
        .filter_map(|(x, y)| back(x, y))
        .fold(f32::MAX, f32::min);
    let waist = back(0.0, 1.08).expect("the skin at the waist");
    assert!(
        waist - buttock > 0.045,
        "the waist's back is {} m in front of the buttock",
        waist - buttock
    );
}

/// The skin runs smoothly over the buttock instead of printing each fascicle of gluteus maximus, or each
/// row of the fat over it, through it: on a 4 mm grid over the middle of the buttock (4 to 12 cm from the
/// midline, 82 to 93 cm up), the second difference of the skin's back along each row is under 0.3 mm on
/// average, under 0.6 mm at the 95th percentile and under 0.9 mm at most (the skin that followed each
/// fascicle: 0.38 and 0.94 mm; over the muscle smoothed, 0.57 and 1.03 mm at the 95th percentile and at
/// most; over a fat sheet it did not run smoothly over, creased at its rows, 0.65 and 1.15 mm). The 95th
/// percentile limit is 0.6 mm: the whole skin is simplified at once, so a change elsewhere (a bone of the
/// foot) moves it here by some 0.03 mm (0.536 to 0.570 mm); each of the failing skins above still fails one
/// of the three limits. It never comes within 1.5 mm of the muscle along those rays.
#[test]
fn the_skin_runs_smoothly_over_gluteus_maximus() {
    let muscle = node("gluteus_maximus_r");
    // The skin's back, checked against the muscle's at each ray.
    let back = |x: f32, y: f32| {
        let z = skin_back(x, y);
        if let Some(m) = back_surface(muscle, Vec3::new(x, y, 0.0)) {
            assert!(
                m - z > 0.0015,
                "the skin is {} m behind the muscle at x {x}, y {y}",
                m - z
            );
        }
        z
    };
    let rows = (0..=27).map(|k| 0.82 + k as f32 * 0.004);
    let across: Vec<f32> = (0..=20).map(|k| -0.04 - k as f32 * 0.004).collect();
    let mut bends: Vec<f32> = row_bends(rows, &across, back)
        .into_iter()
        .map(f32::abs)
        .collect();
    bends.sort_by(f32::total_cmp);
    let mean = bends.iter().sum::<f32>() / bends.len() as f32;
    let p95 = bends[bends.len() * 95 / 100];
    let most = bends[bends.len() - 1];
    eprintln!("bends: mean {mean}, 95th percentile {p95}, most {most}");
    assert!(mean < 0.0003, "the skin bends by {mean} m on average");
    assert!(
        p95 < 0.0006,
        "the skin bends by {p95} m at the 95th percentile"
    );
    assert!(most < 0.0009, "the skin bends by {most} m at most");
}

/// The anal canal opens on the skin of the perineum, and below the perineum the thighs part: straight below
/// the lowest point of the external anal sphincter the skin lies less than 12 mm lower (the fat that bridged
/// the thighs hung 71 mm below it, a lump between them seen from behind and from the front); along the
/// midline, rays from behind every centimetre from 2 cm below that point down to 70 cm up pass between the
/// thighs without meeting the skin, so no bridge joins them and no seam runs where they would touch; and the
/// skin's underside from the anus forward (every centimetre from 11 to 5 cm behind the origin) is a rounded
/// saddle, each point within 4 mm of the mean of its neighbours.
#[test]
fn the_anus_opens_on_the_perineum_and_the_thighs_part_below_it() {
    let skin = node("skin");
    let anus = lowest("external_anal_sphincter");
    let below = |z: f32| under_surface(skin, 0.0, z).expect("skin below");
    let depth = anus.y - below(anus.z);
    assert!(
        depth < 0.012,
        "the skin lies {} mm below the anus",
        depth * 1000.0
    );
    let mut y = anus.y - 0.02;
    while y > 0.70 {
        assert!(
            back_surface(skin, Vec3::new(0.0, y, 0.0)).is_none(),
            "the skin joins the thighs {} cm below the anus (y {y})",
            (anus.y - y) * 100.0
        );
        y -= 0.01;
    }
    let underside: Vec<f32> = (5..=11).map(|k| below(-(k as f32) * 0.01)).collect();
    for w in underside.windows(3) {
        let bend = (w[0] + w[2]) / 2.0 - w[1];
        assert!(
            bend.abs() < 0.004,
            "the perineum's underside bends by {} mm",
            bend * 1000.0
        );
    }
}

/// The skin is as symmetric as the body it covers: its grid of samples lies symmetrically about the
/// midline, so the two buttocks and the walls of the natal cleft are meshed alike. Rays from behind every
/// 8 mm out from the midline (4 mm to 14 cm) and every centimetre from 72 to 96 cm up meet the skin on the
/// left and on the right within 1.5 mm of each other (0.9 mm at most here; on a grid 2 mm off the
/// midline one wall of the cleft was cut deeper than the other, 38 mm apart on one pair of rays).
#[test]
fn the_skin_over_the_buttocks_is_symmetric() {
    let skin = node("skin");
    let mut most = 0.0f32;
    for k in 0..25 {
        let y = 0.72 + k as f32 * 0.01;
        for i in 0..18 {
            let x = 0.004 + i as f32 * 0.008;
            let left = back_surface(skin, Vec3::new(x, y, 0.0));
            let right = back_surface(skin, Vec3::new(-x, y, 0.0));
            if let (Some(l), Some(r)) = (left, right) {
                most = most.max((l - r).abs());
                assert!(
                    (l - r).abs() < 0.0015,
                    "{x} m either side of the midline at y {y} the skin lies {l} and {r}"
                );
            }
        }
    }
    eprintln!("the two sides differ by {most} m at most");
}

/// The natal cleft is a narrow crease between the buttocks, not a shallow trough between two domes: 2 and 4
/// cm below the tip of the coccyx the skin in the midline lies at least 25 mm in front of the skin 3 cm to
/// either side, and at least 0.4 of that depth lies within 12 mm of the midline (the trough: 15 and 22 mm
/// deep, 0.25 and 0.34 of it within 12 mm; now 26 and 37 mm, 0.51 and 0.54).
#[test]
fn the_natal_cleft_is_a_narrow_crease_between_the_buttocks() {
    let tip = lm("mesh_coccyx_tip_lowest_sacrum_vertex");
    for below in [0.02, 0.04] {
        let y = tip.y - below;
        let floor = skin_back(0.0, y);
        let depth = floor - (skin_back(-0.03, y) + skin_back(0.03, y)) / 2.0;
        let inner = floor - (skin_back(-0.012, y) + skin_back(0.012, y)) / 2.0;
        eprintln!("{below} m below the coccyx: the cleft {depth} m deep, {inner} m within 12 mm");
        assert!(
            depth > 0.025,
            "the cleft is {} mm deep at y {y}",
            depth * 1000.0
        );
        assert!(
            inner > 0.4 * depth,
            "only {} mm of the cleft's {} mm lie within 12 mm of the midline at y {y}",
            inner * 1000.0,
            depth * 1000.0
        );
    }
}

/// Above the anus the buttocks close over it, so from behind the cleft is a slit and the anus does not
/// show at the bottom of a trough as a lump: 1, 2 and 3 cm above the sphincter's lowest point the skin 8 mm
/// either side of the midline lies at least half of the way back from the cleft's floor to the skin 3 cm out
/// (the trough: 3, 12 and 9 per cent; now 65 to 73).
#[test]
fn the_buttocks_close_over_the_anus_in_a_slit() {
    let anus = lowest("external_anal_sphincter");
    for above in [0.01, 0.02, 0.03] {
        let y = anus.y + above;
        let floor = skin_back(0.0, y);
        for side in [-1.0, 1.0] {
            let wall = (floor - skin_back(side * 0.008, y)) / (floor - skin_back(side * 0.03, y));
            eprintln!("{above} m above the anus, side {side}: {wall} of the way back at 8 mm");
            assert!(
                wall > 0.5,
                "{} cm above the anus the skin 8 mm from the midline is only {:.0} per cent of the way \
                 back from the cleft's floor",
                above * 100.0,
                wall * 100.0
            );
        }
    }
}

/// The skin runs smoothly over the front of the knee instead of printing the edges of the patellar ligament
/// and the vasti as creases, yet the patella stands out on it: on rays from the front every 4 mm across the
/// right knee (5.8 to 10.8 cm from the midline) and every centimetre from 42 to 56 cm up, the second
/// difference of the skin's front along each row is under 2 mm at the 95th percentile and under 3 mm at
/// most, and no groove is deeper than 1.5 mm by that measure (the creased knee: 2.3, 4.8 and 4.2 mm); and in
/// front of the patella the skin stands at least 5 mm in front of the skin 2.5 cm above and below it.
#[test]
fn the_skin_runs_smoothly_over_the_front_of_the_knee_and_shows_the_patella() {
    let rows = (0..=14).map(|k| 0.42 + k as f32 * 0.01);
    let across: Vec<f32> = (0..=12).map(|k| -0.108 + k as f32 * 0.004).collect();
    let bends = row_bends(rows, &across, skin_front);
    let (p95, most, groove) = bend_summary(&bends);
    eprintln!(
        "the front of the knee bends by {p95} m (95th percentile), {most} m at most, grooves {groove} m"
    );
    assert!(
        p95 < 0.002,
        "the front of the knee bends by {p95} m at the 95th percentile"
    );
    assert!(
        most < 0.003,
        "the front of the knee bends by {most} m at most"
    );
    assert!(
        groove < 0.0015,
        "a groove {groove} m deep crosses the front of the knee"
    );
    let patella = node("patella_r");
    let front = patella
        .positions
        .iter()
        .max_by(|a, b| a.z.total_cmp(&b.z))
        .expect("the patella has vertices");
    let over = skin_front(front.x, front.y);
    for dy in [0.025, -0.025] {
        let beside = skin_front(front.x, front.y + dy);
        assert!(
            over - beside > 0.005,
            "in front of the patella the skin stands {} mm in front of the skin {dy} m away",
            (over - beside) * 1000.0
        );
    }
}

/// Where the tendons of sartorius, gracilis and semitendinosus spread on the upper medial tibia (the pes
/// anserinus) the skin has no notch: over the front and inner side of each leg from 36 to 47 cm up, no two
/// neighbouring triangles of the skin turn by more than 60 degrees (sartorius's tendon ended under it in a
/// notch that turned by 101 degrees on the left and 66 on the right; now 49 and 41).
#[test]
fn the_skin_has_no_notch_over_the_pes_anserinus() {
    let skin = node("skin");
    let normal = |t: &[u32; 3]| {
        let [a, b, c] = t.map(|i| skin.positions[i as usize]);
        (b - a).cross(c - a).normalize_or_zero()
    };
    for side in [1.0f32, -1.0] {
        let mut edges: std::collections::HashMap<(u32, u32), Vec<Vec3>> = Default::default();
        for t in &skin.triangles {
            let c = t.map(|i| skin.positions[i as usize]);
            let m = (c[0] + c[1] + c[2]) / 3.0;
            let x = m.x * side;
            if !(0.025..0.075).contains(&x)
                || !(0.36..0.47).contains(&m.y)
                || !(-0.11..-0.02).contains(&m.z)
            {
                continue;
            }
            for (a, b) in [(t[0], t[1]), (t[1], t[2]), (t[2], t[0])] {
                edges
                    .entry((a.min(b), a.max(b)))
                    .or_default()
                    .push(normal(t));
            }
        }
        let sharpest = edges
            .values()
            .filter(|n| n.len() == 2)
            .map(|n| n[0].angle_between(n[1]).to_degrees())
            .fold(0.0f32, f32::max);
        assert!(
            sharpest < 60.0,
            "the skin over the pes anserinus turns by {sharpest} degrees (side {side})"
        );
    }
}

/// The skin runs smoothly round the front of the leg, over tibialis anterior, the long extensors and the
/// fibular muscles, instead of printing their bellies and tendons through as strings: on rays from the
/// front every 4 mm across the right leg (6.4 to 12.4 cm from the midline) and every centimetre from 20
/// to 38 cm up, the second difference of the skin's front along each row is under 2 mm at the 95th
/// percentile and under 3 mm at most, and no groove between two ridges is deeper than 2 mm by that
/// measure (the skin that followed each of them: 2.85, 5.35 and 3.15 mm).
#[test]
fn the_skin_runs_smoothly_round_the_front_of_the_leg() {
    let rows = (0..=18).map(|k| 0.20 + k as f32 * 0.01);
    let across: Vec<f32> = (0..=15).map(|k| -0.124 + k as f32 * 0.004).collect();
    let bends = row_bends(rows, &across, skin_front);
    let (p95, most, groove) = bend_summary(&bends);
    eprintln!(
        "the front of the leg bends by {p95} m (95th percentile), {most} m at most, grooves {groove} m"
    );
    assert!(
        p95 < 0.002,
        "the skin bends by {p95} m at the 95th percentile"
    );
    assert!(most < 0.003, "the skin bends by {most} m at most");
    assert!(
        groove < 0.002,
        "a groove {groove} m deep between two strings"
    );
}

/// How far back the skin's back lies (z) on the line through (x, y) from behind.
fn skin_back(x: f32, y: f32) -> f32 {
    back_surface(node("skin"), Vec3::new(x, y, 0.0)).expect("skin behind")
}

/// How far forward the skin's front lies (z) on the line through (x, y) from in front.
fn skin_front(x: f32, y: f32) -> f32 {
    0.5 - first_hit(node("skin"), Vec3::new(x, y, 0.5), Vec3::NEG_Z).expect("skin in front")
}

/// How far out from the midline the skin's right side lies on the line through (y, z) from the right.
fn skin_side(y: f32, z: f32) -> f32 {
    0.5 - first_hit(node("skin"), Vec3::new(-0.5, y, z), Vec3::X).expect("skin at the side")
}

/// How broad the skin of the right foot is on the line through (y, z) across it: from its lateral
/// outline to its medial one, found from the midline.
fn foot_breadth(y: f32, z: f32) -> f32 {
    breadth_across(node("skin"), y, z)
}

/// The 95th percentile and the largest of the sizes of `bends` (second differences, as [`row_bends`]
/// gives them), and the deepest groove among them.
fn bend_summary(bends: &[f32]) -> (f32, f32, f32) {
    let groove = bends.iter().copied().fold(f32::MIN, f32::max);
    let mut sizes: Vec<f32> = bends.iter().map(|b| b.abs()).collect();
    sizes.sort_by(f32::total_cmp);
    (
        sizes[sizes.len() * 95 / 100],
        sizes[sizes.len() - 1],
        groove,
    )
}

/// The second differences of a surface's depth `surface(x, y)` along rows: at each height of `rows`, the
/// depths at the `across` positions, and for each three neighbours `a - 2b + c` (positive in a groove).
fn row_bends(
    rows: impl IntoIterator<Item = f32>,
    across: &[f32],
    surface: impl Fn(f32, f32) -> f32,
) -> Vec<f32> {
    rows.into_iter()
        .flat_map(|y| {
            let depths: Vec<f32> = across.iter().map(|&x| surface(x, y)).collect();
            depths
                .windows(3)
                .map(|w| w[0] - 2.0 * w[1] + w[2])
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Over each posterior superior iliac spine the skin dips into a dimple, the landmark a therapist feels for at
/// the top of the buttocks: straight behind the spine the skin lies more than 2 mm in front of the mean of
/// the skin 16 mm to either side and 10 mm above and below (about 4 mm; without the dimples the skin there
/// was level with its surroundings).
#[test]
fn the_skin_dips_over_the_posterior_superior_iliac_spines() {
    let back = skin_back;
    let spine = lm("right_posterior_superior_iliac_spine_tlem");
    for side in [1.0f32, -1.0] {
        let (x, y) = (side * (spine.x - 0.001), spine.y);
        let around =
            (back(x - 0.016, y) + back(x + 0.016, y) + back(x, y - 0.01) + back(x, y + 0.01)) / 4.0;
        let dip = back(x, y) - around;
        assert!(
            dip > 0.002,
            "the skin behind the spine at x {x} dips {} mm",
            dip * 1000.0
        );
    }
}

/// The front of the lower belly runs broad and flat between the anterior superior iliac spines instead of
/// standing out as a dome: from 0.92 to 0.96 m up, the skin at the midline lies less than 12 mm in front
/// of the skin 9 cm to either side (the domed trunk: 20 mm), and no more than 15 mm in front of the
/// spines' own skin.
#[test]
fn the_lower_belly_is_flat_between_the_iliac_spines() {
    let skin = node("skin");
    let front = |x: f32, y: f32| {
        0.5 - first_hit(skin, Vec3::new(x, y, 0.5), Vec3::NEG_Z).expect("skin in front")
    };
    let spine = lm("mesh_asis_anterior_most_vertex_above_y_0");
    for y in [0.92, 0.94, 0.96] {
        let middle = front(0.0, y);
        for x in [-0.09, 0.09] {
            let side = front(x, y);
            eprintln!("y {y}: the belly's front {middle}, at x {x} {side}");
            assert!(
                middle - side < 0.012,
                "y {y}: a dome {} m high",
                middle - side
            );
        }
    }
    let ahead = front(0.0, spine.y) - front(spine.x, spine.y);
    assert!(
        ahead < 0.015,
        "the belly stands {ahead} m in front of the iliac spine"
    );
}

/// The lumbar vertebral bodies are drums with flat end plates, the space of the intervertebral disc between
/// them, not capsules that run into each other: on the vertical line through the middle of both bodies,
/// L4's underside lies at least 4 mm above L5's top (5.1 mm here; the capsules before ran 25 mm into each
/// other), and across each body's top (12 mm either side of the middle) the end plate lies within 2 mm of
/// level.
#[test]
fn the_lumbar_bodies_are_drums_with_a_disc_space_between() {
    let centre = |upper: &str, lower: &str| (lm(upper) + lm(lower)) / 2.0;
    let l4 = centre(
        "lumbar4_body_origin_joint_centre_myo",
        "lumbar3_body_origin_joint_centre_myo",
    );
    let l5 = centre(
        "lumbar5_body_origin_joint_centre_myo",
        "lumbar4_body_origin_joint_centre_myo",
    );
    let (x, z) = ((l4.x + l5.x) / 2.0 + 0.002, (l4.z + l5.z) / 2.0);
    let under_l4 = under_surface(node("lumbar_l4"), x, z).expect("L4's body");
    let top_l5 = top_surface(node("lumbar_l5"), x, z).expect("L5's body");
    eprintln!("L4's underside {under_l4}, L5's top {top_l5}");
    assert!(
        under_l4 - top_l5 >= 0.004,
        "the space between L4 and L5 is {} mm",
        (under_l4 - top_l5) * 1000.0
    );
    for (name, c) in [("lumbar_l4", l4), ("lumbar_l5", l5)] {
        let tops: Vec<f32> = [-0.012f32, 0.0, 0.012]
            .iter()
            .map(|dx| top_surface(node(name), c.x + dx, c.z).expect("the body's top"))
            .collect();
        let (low, high) = span_of(&tops);
        assert!(
            high - low <= 0.002,
            "{name}'s end plate rises {} mm to its middle",
            (high - low) * 1000.0
        );
    }
}

/// Seen from behind, each lumbar arch shows its articular processes, a column at either side where the
/// facet joints lie, not only the spikes of the transverse and spinous processes: 13 mm either side of the
/// midline, rays from behind meet the vertebra behind its body over at least 18 mm of height (30 mm here;
/// 10 mm before, the transverse process alone).
#[test]
fn the_lumbar_arches_show_their_articular_processes() {
    for (name, joint) in [
        ("lumbar_l4", "lumbar4_body_origin_joint_centre_myo"),
        ("lumbar_l5", "lumbar5_body_origin_joint_centre_myo"),
    ] {
        let n = node(name);
        let tip = backmost(name);
        // The back of the body: what lies further back than it belongs to the arch.
        let body_back = lm(joint).z - 0.02;
        for x in [-0.013f32, 0.013] {
            let rows = (-25..=25)
                .filter_map(|mm| back_surface(n, Vec3::new(x, tip.y + mm as f32 * 0.001, 0.0)))
                .filter(|z| *z < body_back)
                .count();
            eprintln!("{name} at x {x}: {rows} mm");
            assert!(
                rows >= 18,
                "{name}: {x} m from the midline the arch shows over {rows} mm of height from behind"
            );
        }
    }
}

/// The lumbar spinous processes lie in a furrow between the erector spinae instead of standing out of the
/// back: at the height of the tips of L4 and L5, the skin 3 cm either side of the midline stands more
/// than 1 mm further back than the skin over the tip.
#[test]
fn the_lumbar_spine_lies_in_a_furrow() {
    let skin = node("skin");
    for vertebra in ["lumbar_l4", "lumbar_l5"] {
        let tip = backmost(vertebra);
        let back = |x: f32| back_surface(skin, Vec3::new(x, tip.y, 0.0)).expect("skin");
        let middle = back(0.0);
        for x in [-0.03, 0.03] {
            let side = back(x);
            assert!(
                side < middle - 0.001,
                "{vertebra}: the skin at x {x} ({side}) is not behind the skin over the tip ({middle})"
            );
        }
    }
}

/// The side of the hip runs smoothly from the iliac crest over the greater trochanter to the thigh: on a
/// 5 mm grid over it (0.80 to 0.97 m up, from 7 cm behind to 3 cm in front of the hip joint's centre),
/// seen from the side, no point of the skin lies more than 4.5 mm inside the mean of its neighbours 15 mm
/// above and below, or before and behind (the skin that printed the front edge of gluteus maximus: 5.7 mm).
#[test]
fn the_side_of_the_hip_is_smooth() {
    let (h, k) = (0.005, 3);
    let ys: Vec<f32> = (0..=34).map(|i| 0.80 + i as f32 * h).collect();
    let zs: Vec<f32> = (0..=20).map(|j| -0.14 + j as f32 * h).collect();
    let grid: Vec<Vec<f32>> = ys
        .iter()
        .map(|&y| zs.iter().map(|&z| skin_side(y, z)).collect())
        .collect();
    let mut worst = (0.0f32, 0.0, 0.0);
    for i in k..ys.len() - k {
        for j in k..zs.len() - k {
            let vertical = (grid[i - k][j] + grid[i + k][j]) / 2.0;
            let across = (grid[i][j - k] + grid[i][j + k]) / 2.0;
            let dent = vertical.max(across) - grid[i][j];
            if dent > worst.0 {
                worst = (dent, ys[i], zs[j]);
            }
        }
    }
    eprintln!("deepest dent at the side of the hip: {worst:?}");
    assert!(worst.0 < 0.0045, "a dent {worst:?} at the side of the hip");
}

/// The anterior superior iliac spine does not stand out of the front of the hip as a knob: over it (at its
/// landmark's height and 12.8 cm from the midline) the skin lies at most 5 mm in front of the mean of the
/// skin 2 cm above it and 2 cm medial of it (about 2.5 mm; 7.4 mm when only the spine's own soft tissue
/// covered it and the lower belly lay back).
#[test]
fn the_anterior_superior_iliac_spine_is_no_knob() {
    let spine = lm("mesh_asis_anterior_most_vertex_above_y_0");
    let (x, y) = (spine.x, spine.y);
    let knob = skin_front(x, y) - (skin_front(x, y + 0.02) + skin_front(x + 0.02, y)) / 2.0;
    assert!(
        knob < 0.005,
        "the skin over the spine stands {} mm proud",
        knob * 1000.0
    );
}

/// Below the anterior superior iliac spine the front of the hip runs down into the thigh without a
/// hollow, so the spine's pad does not stand out as a knob: on columns from 10 to 13.5 cm right of the
/// midline, 5 mm apart, from 96 down to 87 cm up, no point of the skin's front lies more than 3 mm behind
/// the lower of the highest points above and below it (2.2 mm at most; 5.3 mm, 12 cm out, on the model
/// before, where the hollow under the spine's pad was).
#[test]
fn the_front_of_the_hip_runs_down_from_the_iliac_spine_without_a_hollow() {
    for i in 0..8 {
        let x = -0.135 + 0.005 * i as f32;
        let front: Vec<f32> = (0..19)
            .map(|k| skin_front(x, 0.96 - 0.005 * k as f32))
            .collect();
        let valley = (0..front.len())
            .map(|k| {
                let above = front[..=k].iter().copied().fold(f32::MIN, f32::max);
                let below = front[k..].iter().copied().fold(f32::MIN, f32::max);
                above.min(below) - front[k]
            })
            .fold(0.0, f32::max);
        eprintln!("front of the hip {x}: a hollow {valley} m deep");
        assert!(
            valley < 0.003,
            "{x} m out the skin's front dips {valley} m below the spine"
        );
    }
}

/// Below and lateral of the anterior superior iliac spine the skin runs smoothly over tensor fasciae latae
/// instead of printing its edges as knots: round the front and side of the right hip from 85 to 91 cm up,
/// on rays every 4 degrees from 10 degrees medial of straight ahead to 28 degrees behind the side (out
/// from a line 9 cm from the midline), the skin's distance from that line bends by less than 1.6 mm from
/// one ray to the next (about 1.4 at most; the skin that followed the muscle: up to 4.3 mm), and it stays
/// outside the muscle.
#[test]
fn the_skin_runs_smoothly_over_tensor_fasciae_latae() {
    let (skin, muscle) = (node("skin"), node("tensor_fasciae_latae_r"));
    // How far out from the line the skin lies on the ray at `degrees` from straight ahead, at height `y`.
    let reach = |degrees: f32, y: f32| {
        let a = degrees.to_radians();
        let (centre, out) = (
            Vec3::new(-0.09, y, -0.02),
            Vec3::new(-a.sin(), 0.0, a.cos()),
        );
        let hit = |n| first_hit(n, centre + out * 0.4, -out).map(|t| 0.4 - t);
        let r = hit(skin).unwrap_or_else(|| panic!("no skin at {y}, {degrees} degrees"));
        if let Some(m) = hit(muscle) {
            assert!(
                r > m,
                "at {y}, {degrees} degrees the muscle reaches {m}, the skin {r}"
            );
        }
        r
    };
    let rows = (85..=91).map(|cm| cm as f32 * 0.01);
    let angles: Vec<f32> = (0..33).map(|i| -10.0 + 4.0 * i as f32).collect();
    let most = row_bends(rows, &angles, reach)
        .into_iter()
        .map(f32::abs)
        .fold(0.0, f32::max);
    assert!(
        most < 0.0016,
        "the skin bends by {} mm from one ray to the next",
        most * 1000.0
    );
}

/// Above each anterior superior iliac spine the front of the hip slopes back to the waist instead of
/// ending in a shelf: on vertical lines over the spine and 1.5 cm medial of it, from 1 cm above the spine
/// to 9 cm above it, the skin's front recedes at most 8.5 mm over any centimetre of height (about 7 over
/// the spine, 6 medial of it). The round pad over the spine ended in a step: up to 24 mm back over one
/// centimetre 3 to 4 cm above the spine (12 mm medial of it), so each pad read as a ball stuck on the
/// front of the hip.
#[test]
fn the_front_of_the_hip_slopes_back_to_the_waist() {
    let spine = lm("mesh_asis_anterior_most_vertex_above_y_0");
    for x in [spine.x + 0.015, spine.x] {
        let fronts: Vec<f32> = (0..=16)
            .map(|i| skin_front(x, spine.y + 0.01 + i as f32 * 0.005))
            .collect();
        for (i, pair) in fronts.windows(3).enumerate() {
            let drop = pair[0] - pair[2];
            assert!(
                drop < 0.0085,
                "{} cm from the midline, {} cm above the spine, the front recedes {} mm in 1 cm",
                -x * 100.0,
                1.0 + i as f32 * 0.5,
                drop * 1000.0
            );
        }
    }
}

/// The lower belly runs on from the pad over each anterior superior iliac spine to the midline without a
/// pit beside the pad: at the spine's height and 1 cm above and below it, the skin between the spine and the
/// midline lies at most 4 mm behind the straight line from the skin over the spine to the skin at the
/// midline (about 2 mm; 9 mm when the fat of the lower belly lay out at the sides only, which drew a
/// shadowed hollow 6 cm from the midline).
#[test]
fn the_lower_belly_has_no_pit_beside_the_iliac_spine() {
    let spine = lm("mesh_asis_anterior_most_vertex_above_y_0");
    for y in [spine.y - 0.01, spine.y, spine.y + 0.01] {
        let (pad, middle) = (skin_front(spine.x, y), skin_front(0.0, y));
        for i in 1..20 {
            let f = i as f32 / 20.0;
            let x = spine.x * (1.0 - f);
            let sag = pad + (middle - pad) * f - skin_front(x, y);
            assert!(
                sag < 0.004,
                "at {} cm up and {} cm from the midline the skin lies {} mm behind the line",
                y * 100.0,
                -x * 100.0,
                sag * 1000.0
            );
        }
    }
}

/// The buttock is fullest low down and slopes up to the iliac crest, not a ball set on the pelvis: 8 cm from
/// the midline the skin at 94 cm up lies at least 18 mm in front of the farthest point back of the buttock
/// (about 20; 15 mm when the fat was thickest above), and over its outer edge, 14 cm out, the skin at
/// 92 cm lies at least 10 mm in front of the skin at 88 cm (about 13; 7 mm before, a hard upper edge).
#[test]
fn the_buttock_is_fullest_low_and_slopes_up_to_the_crest() {
    let farthest = (0..=60)
        .map(|i| skin_back(-0.08, 0.78 + i as f32 * 0.002))
        .fold(f32::MAX, f32::min);
    let upper = skin_back(-0.08, 0.94) - farthest;
    assert!(
        upper > 0.018,
        "at 94 cm the skin is only {} mm in front of the buttock's farthest point",
        upper * 1000.0
    );
    let edge = skin_back(-0.14, 0.92) - skin_back(-0.14, 0.88);
    assert!(
        edge > 0.010,
        "over the outer edge the skin at 92 cm is only {} mm in front of that at 88 cm",
        edge * 1000.0
    );
}

/// The buttock meets the back of the thigh in a level gluteal fold: on vertical lines 5.5 to 9.5 cm from
/// the midline, the skin at the fold lies more than 5.5 mm in front of the straight line between the skin
/// 12 mm above and 12 mm below it, and the fold lies at the same height (within 10 mm) on every line.
/// Without the fold the buttock rounded into the thigh: 4.9 mm at 6.5 cm, 3.4 mm at 7.5 cm.
#[test]
fn the_buttock_meets_the_thigh_in_a_gluteal_fold() {
    let skin = node("skin");
    let back = |x: f32, y: f32| back_surface(skin, Vec3::new(x, y, 0.0)).expect("skin");
    let mut heights = Vec::new();
    for k in 0..=4 {
        let x = -0.055 - k as f32 * 0.01;
        let (depth, y) = (0..=36)
            .map(|i| {
                let y = 0.732 + i as f32 * 0.002;
                let chord = (back(x, y - 0.012) + back(x, y + 0.012)) / 2.0;
                (back(x, y) - chord, y)
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .expect("samples");
        assert!(
            depth > 0.0055,
            "the fold is {depth} m deep at x {x} (y {y})"
        );
        heights.push(y);
    }
    let (lo, hi) = heights
        .iter()
        .fold((f32::MAX, f32::MIN), |(lo, hi), y| (lo.min(*y), hi.max(*y)));
    assert!(hi - lo < 0.010, "the fold runs from y {lo} to {hi}");
}

/// Every muscle, tendon and ligament carries the coordinate across its fibres, and no other tissue does.
/// On semitendinosus, whose fibres run down the back of the thigh, it changes round the muscle (over 10 mm
/// across a band) but hardly along it (under 3 mm between points 4 cm apart on one line down its back), so
/// the striation drawn at equal steps of it runs along the fibres. The iliotibial band's fibres run down
/// the thigh in the same way; the sacrotuberous ligament's coordinate changes across its waist.
#[test]
fn muscles_tendons_and_ligaments_carry_the_coordinate_across_their_fibres() {
    let anatomy = Anatomy::embedded();
    for n in &committed_meshes().nodes {
        let base = n.name.trim_end_matches("_r").trim_end_matches("_l");
        let base = base.split("__").next().unwrap_or(base);
        let fibrous = anatomy
            .structure(base)
            .is_some_and(|s| matches!(s.kind, Kind::Muscle | Kind::Tendon | Kind::Ligament));
        assert_eq!(n.uvs.is_some(), fibrous, "{}", n.name);
    }
    // Over a level across the structure, and between two points on one line along its fibres.
    let check = |name: &str, y: f32, width: f32, back: Option<&dyn Fn(Vec3) -> f32>| {
        let n = committed_meshes().node(name).expect(name);
        let uvs = n.uvs.as_ref().expect("coordinates");
        let pts: Vec<(Vec3, f32)> = n
            .positions
            .iter()
            .zip(uvs)
            .map(|(p, uv)| (Vec3::from(*p), uv[0]))
            .collect();
        let level: Vec<f32> = pts
            .iter()
            .filter(|(p, _)| (p.y - y).abs() < 0.012)
            .map(|(_, a)| *a)
            .collect();
        let (lo, hi) = level
            .iter()
            .fold((f32::MAX, f32::MIN), |(l, h), a| (l.min(*a), h.max(*a)));
        assert!(hi - lo > width, "{name} across a level: {lo}..{hi}");
        // The outermost points of two levels 4 cm apart lie on one line along the fibres.
        let Some(back) = back else { return };
        let outer = |y: f32| {
            pts.iter()
                .filter(|(p, _)| (p.y - y).abs() < 0.008)
                .min_by(|a, b| back(a.0).total_cmp(&back(b.0)))
                .map(|(_, a)| *a)
                .expect("a level")
        };
        let (a, b) = (outer(y + 0.02), outer(y - 0.02));
        assert!(
            (a - b).abs() < 0.003,
            "{name} along the fibres: {a} and {b}"
        );
    };
    check("semitendinosus_r", 0.68, 0.010, Some(&|p| p.z));
    // The band's outer face looks to the side (-x on the right).
    check("iliotibial_band_r", 0.64, 0.008, Some(&|p| p.x));
    check("sacrotuberous_ligament_r", 0.885, 0.008, None);
}

/// The coordinate across the fibres changes smoothly from vertex to vertex, so the striation drawn at
/// equal steps of it runs in even lines instead of wobbling from triangle to triangle: on the sheet
/// muscles (the glutei, piriformis, soleus) a vertex's coordinate lies within 0.25 mm of the mean of its
/// neighbours' at the median vertex, and within 0.6 mm at the 95th percentile. The stripes are 3 mm apart.
#[test]
fn the_striation_runs_in_even_lines() {
    for name in [
        "gluteus_maximus_r",
        "gluteus_medius_r",
        "piriformis_r",
        "soleus_r",
    ] {
        let n = committed_meshes().node(name).expect("the muscle");
        let across: Vec<f32> = n
            .uvs
            .as_ref()
            .expect("coordinates")
            .iter()
            .map(|uv| uv[0])
            .collect();
        let mut off: Vec<f32> = across
            .iter()
            .zip(neighbour_means(&across, &n.indices))
            .filter_map(|(a, mean)| mean.map(|m| (a - m).abs()))
            .collect();
        off.sort_by(f32::total_cmp);
        let at = |q: f32| off[((off.len() - 1) as f32 * q) as usize];
        let (median, p95) = (at(0.5), at(0.95));
        eprintln!("{name}: {median} at the median, {p95} at the 95th percentile");
        assert!(median < 0.00025, "{name}: {median} at the median");
        assert!(p95 < 0.0006, "{name}: {p95} at the 95th percentile");
    }
}

/// Gluteus maximus is a thick sheet, not a shell: over 25 mm from its deep to its superficial surface at
/// the middle of its bulk; its upper fibres end on the iliotibial band (within 3 mm of it) and its lower
/// ones reach down to the gluteal tuberosity below the trochanter.
#[test]
fn gluteus_maximus_is_thick_and_reaches_the_iliotibial_band_and_the_femur() {
    let gm = &node("gluteus_maximus_r").positions;
    let centre = gm.iter().copied().sum::<Vec3>() / gm.len() as f32;
    let column: Vec<Vec3> = gm
        .iter()
        .copied()
        .filter(|p| (p.x - centre.x).abs() < 0.006 && (p.y - centre.y).abs() < 0.006)
        .collect();
    let (back, front) = span(&column, |p| p.z);
    assert!(
        front - back > 0.025,
        "gluteus maximus is {} m thick",
        front - back
    );
    let itb = &node("iliotibial_band_r").positions;
    let gap = min_distance(gm, itb);
    assert!(
        gap < 0.003,
        "gluteus maximus ends {gap} m from the iliotibial band"
    );
    let insertion = lm("glut_max2_r_insertion");
    let lowest = gm.iter().map(|p| p.y).fold(f32::MAX, f32::min);
    assert!(lowest < insertion.y, "its lowest fibres stop at {lowest}");
}

/// Seen from the side, the upper fibres of gluteus maximus run onto the iliotibial band and end in it: at
/// three heights below the trochanter, rays from lateral meet the muscle and then, less than 4 mm on, the
/// band, over at least 8 mm of the band's breadth from behind forwards.
#[test]
fn gluteus_maximus_runs_onto_the_iliotibial_band() {
    let from_side =
        |name: &str, y: f32, z: f32| first_hit(node(name), Vec3::new(-1.0, y, z), Vec3::X);
    for y in [0.775, 0.785, 0.795] {
        let overlap = (-120..-40)
            .filter(|mm| {
                let z = *mm as f32 * 0.001;
                match (
                    from_side("gluteus_maximus_r", y, z),
                    from_side("iliotibial_band_r", y, z),
                ) {
                    (Some(m), Some(b)) => m <= b && b - m < 0.004,
                    _ => false,
                }
            })
            .count();
        assert!(
            overlap >= 8,
            "at y = {y} the muscle runs onto the band over {overlap} mm"
        );
    }
}

/// Seen from the side, the iliotibial band is whole down the thigh: no muscle pokes through it. From
/// y = 0.56 to 0.76, every millimetre of height, rays from the lateral side at every millimetre from 3 mm
/// inside the band's back edge to 3 mm inside its front edge meet the band first, not vastus lateralis.
#[test]
fn no_muscle_pokes_through_the_iliotibial_band() {
    let band = node("iliotibial_band_r");
    let muscle = node("vastus_lateralis_r");
    for mm in 560..=760 {
        let y = mm as f32 * 0.001;
        let (back, front) = span(&at_y("iliotibial_band_r", y, 0.003), |p| p.z);
        let mut z = back + 0.003;
        while z < front - 0.003 {
            let origin = Vec3::new(-1.0, y, z);
            let b = first_hit(band, origin, Vec3::X);
            let m = first_hit(muscle, origin, Vec3::X);
            assert!(
                matches!((b, m), (Some(b), Some(m)) if b < m) || (b.is_some() && m.is_none()),
                "at y = {y}, z = {z}: vastus lateralis shows through the band ({b:?}, {m:?})"
            );
            z += 0.001;
        }
    }
}

/// At mid-thigh the iliotibial band lies over vastus lateralis, not under it: the band's outer surface is
/// lateral to the muscle's all the way from the trochanter to above the knee.
#[test]
fn the_iliotibial_band_covers_vastus_lateralis() {
    for y in [0.74f32, 0.68, 0.62] {
        let lateral = |name: &str| {
            node(name)
                .positions
                .iter()
                .filter(|p| (p.y - y).abs() < 0.02)
                .map(|p| p.x)
                .fold(f32::MAX, f32::min)
        };
        let (band, muscle) = (lateral("iliotibial_band_r"), lateral("vastus_lateralis_r"));
        assert!(
            band < muscle,
            "at {y}: band {band}, vastus lateralis {muscle}"
        );
    }
    // And it lies on the muscle, with no gap for the background to show through: the band's inner face
    // (its most medial point across its middle) reaches the muscle's outer surface, and in the lower
    // thigh, where the muscle narrows to the patella, stays within 5 mm of it.
    for (y, gap) in [
        (0.74f32, 0.0015),
        (0.68, 0.0015),
        (0.60, 0.0015),
        (0.56, 0.005),
        (0.53, 0.005),
    ] {
        let inner = node("iliotibial_band_r")
            .positions
            .iter()
            .filter(|p| (p.y - y).abs() < 0.01 && (-0.075..-0.04).contains(&p.z))
            .map(|p| p.x)
            .fold(f32::MIN, f32::max);
        let outer = node("vastus_lateralis_r")
            .positions
            .iter()
            .filter(|p| (p.y - y).abs() < 0.005)
            .map(|p| p.x)
            .fold(f32::MAX, f32::min);
        assert!(
            inner > outer - gap,
            "at {y}: a gap between the band (inner face {inner}) and vastus lateralis ({outer})"
        );
    }
}

/// Sartorius is a strap of muscle, red along its belly, and only its ends are white tendon.
#[test]
fn sartorius_is_red_along_its_belly() {
    let share = red_share("sartorius_r", |p| (0.62..0.82).contains(&p.y));
    assert!(share >= 0.9, "the belly is {share} red");
}

/// The sacrotuberous ligament is a flat band lying on the back of the pelvis, not a rod: where its fibres
/// leave the sacrum, a level cut through it is several times broader along its own width than it is thick
/// across it (measured on the cut's principal axes, so the band's slant does not count as thickness).
#[test]
fn the_sacrotuberous_ligament_is_a_flat_band() {
    let name = "sacrotuberous_ligament_r";
    let (bottom, top) = span(&node(name).positions, |p| p.y);
    for t in [0.2, 0.3, 0.4] {
        let slice = at_y(name, top - t * (top - bottom), 0.002);
        let n = slice.len() as f32;
        let (cx, cz) = (
            slice.iter().map(|p| p.x).sum::<f32>() / n,
            slice.iter().map(|p| p.z).sum::<f32>() / n,
        );
        let (mut sxx, mut sxz, mut szz) = (0.0, 0.0, 0.0);
        for p in &slice {
            let (dx, dz) = (p.x - cx, p.z - cz);
            sxx += dx * dx;
            sxz += dx * dz;
            szz += dz * dz;
        }
        let angle = 0.5 * (2.0 * sxz).atan2(sxx - szz);
        let (along, across) = (
            Vec3::new(angle.cos(), 0.0, angle.sin()),
            Vec3::new(-angle.sin(), 0.0, angle.cos()),
        );
        let extent = |d: Vec3| {
            let v: Vec<f32> = slice.iter().map(|p| p.dot(d)).collect();
            v.iter().copied().fold(f32::MIN, f32::max) - v.iter().copied().fold(f32::MAX, f32::min)
        };
        let (breadth, depth) = (extent(along), extent(across));
        eprintln!("sacrotuberous at {t}: breadth {breadth}, depth {depth}");
        assert!(breadth > 0.018, "{breadth} m across at {t}");
        assert!(
            breadth > 2.5 * depth,
            "a rod at {t}: {breadth} across, {depth} deep"
        );
    }
}

/// Gluteus maximus lies on the deep layer (piriformis, the gemelli and obturator internus, quadratus
/// femoris, the sciatic nerve and the gluteal vessels, the ischium and the hamstrings' origin) with only a
/// film of fat between, and the fat of the buttock lies over it: on a 1 cm grid 4 to 12 cm from the midline
/// and 82 to 92 cm up, the space between the muscle's deep surface and the next structure in front of it is
/// under 18 mm at the median and over 30 mm at no more than one point in ten; and at the middle of the
/// buttock the skin lies more than 25 mm behind the muscle. The muscle that floated 45 mm (median) behind
/// the deep layer, and filled the buttock to 3 mm under the skin, read as a blown-up balloon.
#[test]
fn gluteus_maximus_lies_on_the_deep_layer_under_the_fat_of_the_buttock() {
    let gm = node("gluteus_maximus_r");
    let deep: Vec<&NodeData> = right_nodes()
        .filter(|(n, _)| *n != "gluteus_maximus_r")
        .map(|(_, d)| d)
        .collect();
    let mut gaps = Vec::new();
    for row in 0..=10 {
        let y = 0.82 + row as f32 * 0.01;
        for col in 0..=8 {
            let x = -0.04 - col as f32 * 0.01;
            let Some(front) = first_hit(gm, Vec3::new(x, y, 1.0), Vec3::NEG_Z).map(|t| 1.0 - t)
            else {
                continue;
            };
            let from = Vec3::new(x, y, front);
            let gap = deep
                .iter()
                .filter_map(|d| first_hit(d, from, Vec3::Z))
                .fold(f32::MAX, f32::min);
            gaps.push(gap);
        }
    }
    assert!(gaps.len() > 80, "{} points on the muscle", gaps.len());
    gaps.sort_by(f32::total_cmp);
    let median = gaps[gaps.len() / 2];
    let wide = gaps.iter().filter(|g| **g > 0.030).count();
    assert!(
        median < 0.018,
        "the muscle lies {median} m off the deep layer (median)"
    );
    assert!(
        wide * 10 <= gaps.len(),
        "{wide} of {} points lie over 30 mm off the deep layer",
        gaps.len()
    );
    let middle = Vec3::new(-0.075, 0.87, 0.0);
    let fat = back_surface(gm, middle).expect("muscle")
        - back_surface(node("skin"), middle).expect("skin");
    assert!(fat > 0.025, "{fat} m of fat over the muscle");
}

/// The back of gluteus maximus shows its coarse fascicle bundles: along a line across the fibres through
/// the middle of the muscle, the surface rises over each bundle and dips between them.
#[test]
fn gluteus_maximus_shows_its_bundles() {
    let gm = node("gluteus_maximus_r");
    // The fibres run down and out; the line crosses them at right angles through the middle bundle.
    let across = Vec3::new(0.81, -0.586, 0.0);
    let centre = Vec3::new(-0.100, 0.870, 0.0);
    let profile: Vec<(f32, f32)> = (-22..=22)
        .filter_map(|i| {
            let s = i as f32 * 0.002;
            back_surface(gm, centre + across * s).map(|z| (s, z))
        })
        .collect();
    assert!(profile.len() > 40, "{} samples", profile.len());
    // A smooth cushion's back is convex along the whole line; a groove between bundles is a stretch
    // where it bends the other way. Count the separate concave stretches, from second differences over
    // 6 mm either side, that bend by over 1.2 mm.
    let z: Vec<f32> = profile.iter().map(|p| p.1).collect();
    let bend: Vec<f32> = (3..z.len() - 3)
        .map(|i| z[i - 3] + z[i + 3] - 2.0 * z[i])
        .collect();
    eprintln!("bend: {bend:?}");
    let mut dips = 0;
    let mut inside = false;
    for &b in &bend {
        if b >= 0.0 {
            inside = false;
        } else if b < -0.0012 && !inside {
            dips += 1;
            inside = true;
        }
    }
    assert!(dips >= 2, "{dips} dips between bundles");
}

/// The patella sits in front of the knee just above the joint, not high on the thigh: its base stands 4.5
/// to 6.5 cm above the top of the tibial plateau (the anatomy facts' patellar base: about 5.5 cm, within
/// 1 cm; 5.6 here, 6.8 before) and its apex still above the plateau (by 1.1 cm).
#[test]
fn the_patella_sits_just_above_the_knee_joint() {
    let plateau = lm("mesh_tibial_plateau_top").y;
    let (low, high) = span(&node("patella_r").positions, |p| p.y);
    assert!(
        (0.045..=0.065).contains(&(high - plateau)),
        "the patella's base stands {} mm above the plateau",
        (high - plateau) * 1000.0
    );
    assert!(
        low > plateau + 0.005,
        "the patella's apex stands {} mm above the plateau",
        (low - plateau) * 1000.0
    );
}

/// The quadriceps ends in a broad flat tendon on the base of the patella: rectus femoris reaches the
/// patella, and just above it its section is over 28 mm broad and under half as deep.
#[test]
fn the_quadriceps_tendon_reaches_the_patella() {
    let (rf, patella) = (
        &node("rectus_femoris_r").positions,
        &node("patella_r").positions,
    );
    let gap = min_distance(rf, patella);
    assert!(gap < 0.002, "rectus femoris ends {gap} m from the patella");
    let top = patella.iter().map(|p| p.y).fold(f32::MIN, f32::max);
    let slice = at_y("rectus_femoris_r", top + 0.012, 0.002);
    let (x0, x1) = span(&slice, |p| p.x);
    let (z0, z1) = span(&slice, |p| p.z);
    eprintln!("quadriceps tendon: {} broad, {} deep", x1 - x0, z1 - z0);
    assert!(x1 - x0 > 0.028 && x1 - x0 > 2.0 * (z1 - z0));
}

/// The patellar ligament is a flat band, over 22 mm broad where it leaves the patella and narrower at the
/// tibial tuberosity, and several times broader than thick along its length.
#[test]
fn the_patellar_ligament_is_a_tapering_band() {
    let name = "patellar_ligament_r";
    let (bottom, top) = span(&node(name).positions, |p| p.y);
    let breadth = |t: f32| {
        let slice = at_y(name, top - t * (top - bottom), 0.002);
        let (x0, x1) = span(&slice, |p| p.x);
        let (z0, z1) = span(&slice, |p| p.z);
        eprintln!(
            "patellar ligament at {t}: {} broad, {} deep",
            x1 - x0,
            z1 - z0
        );
        assert!(x1 - x0 > 3.0 * (z1 - z0), "a rod at {t}");
        x1 - x0
    };
    let (upper, lower) = (breadth(0.2), breadth(0.85));
    assert!(
        upper > 0.022 && upper > lower + 0.002,
        "{upper} at the patella, {lower} at the tuberosity"
    );
}

/// The patellar ligament is about as long as the patella is tall, as the Insall-Salvati ratio has it (0.8
/// to 1.2 in normal knees), and 3.5 to 5.5 cm from the patella's apex to its end (4.42 +- 0.53 cm in men,
/// Indian Journal of Orthopaedics 2020); it ends on the tibia (within 3 mm), on the tuberosity, which
/// stands at least 4 mm in front of the shaft 25 mm lower. On the model before, it ran 8 cm to a
/// tuberosity 7 cm below the plateau.
#[test]
fn the_patellar_ligament_is_about_as_long_as_the_patella() {
    let ligament = &node("patellar_ligament_r").positions;
    let (apex, base) = span(&node("patella_r").positions, |p| p.y);
    let (end, _) = span(ligament, |p| p.y);
    let (length, ratio) = (apex - end, (apex - end) / (base - apex));
    eprintln!("patellar ligament: {length} m below the apex, {ratio} of the patella's height");
    assert!(
        (0.035..0.055).contains(&length) && (0.8..1.2).contains(&ratio),
        "the ligament runs {length} m, {ratio} times the patella's height"
    );
    let tibia = node("tibia_r");
    let tail: Vec<Vec3> = ligament
        .iter()
        .filter(|p| p.y < end + 0.003)
        .copied()
        .collect();
    let gap = min_distance(&tail, &tibia.positions);
    assert!(gap < 0.003, "the ligament ends {gap} m from the tibia");
    let x = tail.iter().map(|p| p.x).sum::<f32>() / tail.len() as f32;
    let front = |y: f32| {
        let origin = Vec3::new(x, y, 0.1);
        0.1 - first_hit(tibia, origin, Vec3::NEG_Z).expect("the tibia in front")
    };
    let (tuberosity, shaft) = (front(end + 0.004), front(end - 0.021));
    eprintln!("the tibia's front: {tuberosity} at the ligament's end, {shaft} 25 mm lower");
    assert!(
        tuberosity > shaft + 0.004,
        "the tibia's front at the ligament's end is at z {tuberosity}, 25 mm lower {shaft}"
    );
}

/// The head of the tibia is a broad block, not a ball: two flat condyles with the intercondylar eminence
/// rising between them into the notch between the femoral condyles. On vertical lines across the plateau
/// (every 3 mm, 3 cm either side of its middle) the tibia's top lies at least 3 mm below the femur's
/// underside (on the model before, a dome rose 11 mm into the space between the femoral condyles); 1 cm
/// below the condyles' surface the head is at least 60 mm across and 52 mm from front to back (64 and 58 in
/// gait2392's tibia mesh; the dome gave 56 and 43); each condyle's surface lies within 2 mm of level (12
/// to 21 mm out from the middle on the medial side, 17 to 23 mm on the lateral); and the eminence rises at
/// least 4 mm above them (6 mm here; the flat top before was level within 0.3 mm).
#[test]
fn the_tibial_plateau_has_two_condyles_and_an_eminence_below_the_femur() {
    let (tibia, femur) = (node("tibia_r"), node("femur_r"));
    let middle = lm("mesh_tibial_plateau_top");
    let z = middle.z - 0.004;
    let top = |dx: i32| {
        top_surface(tibia, middle.x + dx as f32 * 0.001, z).expect("the plateau from above")
    };
    for dx in (-30..=30).step_by(3) {
        let x = middle.x + dx as f32 * 0.001;
        if let Some(f) = under_surface(femur, x, z) {
            let gap = f - top(dx);
            assert!(
                gap >= 0.003,
                "{dx} mm from the plateau's middle the tibia comes within {} mm of the femur",
                gap * 1000.0
            );
        }
    }
    let level = |range: std::ops::RangeInclusive<i32>| {
        let tops: Vec<f32> = range.step_by(3).map(top).collect();
        let (low, high) = span_of(&tops);
        eprintln!("condyle: {tops:?}");
        assert!(
            high - low <= 0.002,
            "the condyle's surface rises {} mm over 9 mm",
            (high - low) * 1000.0
        );
        (low + high) / 2.0
    };
    let condyles = (level(12..=21) + level(-23..=-17)) / 2.0;
    let eminence = (-10..=2).map(top).fold(f32::MIN, f32::max);
    eprintln!("condyles at {condyles}, the eminence at {eminence}");
    assert!(
        eminence - condyles >= 0.004,
        "the eminence rises {} mm above the condyles",
        (eminence - condyles) * 1000.0
    );
    let head = at_y("tibia_r", condyles - 0.01, 0.0015);
    let ((x0, x1), (z0, z1)) = (span(&head, |p| p.x), span(&head, |p| p.z));
    eprintln!("tibial head: {} across, {} deep", x1 - x0, z1 - z0);
    assert!(x1 - x0 > 0.060 && z1 - z0 > 0.052);
}

/// The head of the fibula rests against the underside of the lateral tibial condyle (the proximal
/// tibiofibular joint) instead of standing off beside the tibia: some vertex of the head lies within 1.5 mm
/// of one of the tibia's (0.5 mm; 4.5 mm before).
#[test]
fn the_fibular_head_rests_against_the_lateral_tibial_condyle() {
    // The fibula's top is the apex, so the band 25 mm either side of it is the head and the neck.
    let head = near("fibula_r", |p| p.y, lm("mesh_fibular_head_apex").y, 0.025);
    let gap = min_distance(&head, &node("tibia_r").positions);
    assert!(
        gap < 0.0015,
        "the fibular head lies {} mm from the tibia",
        gap * 1000.0
    );
}

/// The patella is a rounded triangle with its apex down: a quarter of the way down from its base it is
/// more than half again as broad as it is a fifth of the way up from its apex.
#[test]
fn the_patella_narrows_to_its_apex() {
    let name = "patella_r";
    let (bottom, top) = span(&node(name).positions, |p| p.y);
    let breadth = |y: f32| {
        let (x0, x1) = span(&at_y(name, y, 0.0015), |p| p.x);
        x1 - x0
    };
    let (base, apex) = (
        breadth(top - 0.25 * (top - bottom)),
        breadth(bottom + 0.2 * (top - bottom)),
    );
    eprintln!("patella: {base} near the base, {apex} near the apex");
    assert!(
        base > 1.5 * apex,
        "{base} near the base, {apex} near the apex"
    );
}

/// The bones and ligaments of the right half of the pelvis: what a view with the muscles taken away shows.
const PELVIS_AND_LIGAMENTS: [&str; 5] = [
    "hip_bone_r",
    "sacrum",
    "coccyx",
    "sacrotuberous_ligament_r",
    "sacrospinous_ligament_r",
];

/// Seen from behind, with the muscles taken away, the sacrospinous ligament shows between the
/// sacrotuberous ligament's lateral edge and the ischial spine, and the two sciatic foramina open above and
/// below it: the greater between the ligament and the greater sciatic notch, the lesser between it and the
/// ischial tuberosity. Rays from behind meet the sacrospinous ligament first from 6 to 12 mm before the
/// spine, and pass through bone and ligaments alike 10 mm above and 8 mm below it.
#[test]
fn the_sacrospinous_ligament_divides_the_two_sciatic_foramina() {
    let first = |x: f32, y: f32| first_from_behind(&PELVIS_AND_LIGAMENTS, x, y);
    let origin = lm("sacrospinous_ligament_origin_lateral_margin_lower_sacrum_coccy");
    let spine = lm("sacrospinous_ligament_insertion_ischial_spine");
    let length = origin.distance(spine);
    for mm in [6.0, 9.0, 12.0] {
        let p = spine + (origin - spine) * (mm * 0.001 / length);
        let hit = first(p.x, p.y);
        assert_eq!(
            hit,
            Some("sacrospinous_ligament_r"),
            "{mm} mm from the spine"
        );
        for (foramen, dy) in [("greater", 0.010), ("lesser", -0.008)] {
            let hit = first(p.x, p.y + dy);
            assert_eq!(hit, None, "the {foramen} sciatic foramen at {mm} mm");
        }
    }
}

/// The sacrospinous ligament is a triangle, not a rod: measured in its own plane across the line from the
/// middle of its base to the ischial spine, it is over 28 mm wide 10 mm from the sacrum (its base on the
/// sacrum and coccyx) and under 40% of that 10 mm from the spine (its apex).
#[test]
fn the_sacrospinous_ligament_is_a_triangle_from_the_sacrum_to_the_spine() {
    let origin = lm("sacrospinous_ligament_origin_lateral_margin_lower_sacrum_coccy");
    let spine = lm("sacrospinous_ligament_insertion_ischial_spine");
    let axis = (spine - origin).normalize();
    // Its plane holds the line to the spine and runs nearly straight up and down.
    let across = (Vec3::Y - axis * Vec3::Y.dot(axis)).normalize();
    let ligament = &node("sacrospinous_ligament_r").positions;
    let width = |along: f32| {
        let slice: Vec<Vec3> = ligament
            .iter()
            .copied()
            .filter(|p| ((*p - origin).dot(axis) - along).abs() < 0.003)
            .collect();
        let (lo, hi) = span(&slice, |p| (*p - origin).dot(across));
        hi - lo
    };
    let base = width(0.010);
    let apex = width(origin.distance(spine) - 0.010);
    assert!(base > 0.028, "the base is {base} m wide");
    assert!(
        apex < 0.4 * base,
        "the apex is {apex} m wide, the base {base} m"
    );
}

/// Seen from behind with the muscles taken away, the lesser sciatic foramen is an opening a student can
/// point to, not a slit: below the ischial spine, rows of rays from behind (1 mm apart) pass between the
/// sacrotuberous ligament and the hip bone over a gap of at least 6 mm, on at least five rows. And the
/// sacrospinous ligament shows over at least 16 mm of its line, past the tip of the spine, before the
/// sacrotuberous ligament covers it.
#[test]
fn the_lesser_sciatic_foramen_opens_below_the_spine() {
    let first = |x: f32, y: f32| first_from_behind(&PELVIS_AND_LIGAMENTS, x, y);
    let spine = lm("sacrospinous_ligament_insertion_ischial_spine");
    // The open gap, in millimetres, just lateral of the sacrotuberous ligament along a row: from 5 mm
    // lateral of the spine medially to the first ray that meets that ligament.
    let gap = |y: f32| {
        let mut run = 0;
        for mm in -5..=35 {
            match first(spine.x + mm as f32 * 0.001, y) {
                None => run += 1,
                Some("sacrotuberous_ligament_r") => return run,
                Some(_) => run = 0,
            }
        }
        0
    };
    let open_rows = (3..=20)
        .filter(|mm| gap(spine.y - *mm as f32 * 0.001) >= 6)
        .count();
    assert!(
        open_rows >= 5,
        "the foramen is 6 mm wide on {open_rows} rows"
    );
    let origin = lm("sacrospinous_ligament_origin_lateral_margin_lower_sacrum_coccy");
    let length = origin.distance(spine);
    // Past the tip of the spine, where the bone shows, then the ligament until the other one covers it.
    let ligament = |mm: &i32| {
        let p = spine + (origin - spine) * (*mm as f32 * 0.001 / length);
        first(p.x, p.y) == Some("sacrospinous_ligament_r")
    };
    let shown = (1..=40)
        .skip_while(|mm| !ligament(mm))
        .take_while(ligament)
        .count();
    assert!(
        shown >= 16,
        "the ligament shows over {shown} mm from the spine"
    );
}

/// The pelvic floor closes the outlet below the coccyx. Seen from behind with the muscles of the buttock
/// and thigh taken away, rays within 12 mm of the midline, from 4 mm to 60 mm below the tip of the coccyx,
/// all meet levator ani, a bone or a ligament: none passes through an empty pelvis. Within 8 mm of the
/// midline, down to 45 mm below the tip, they meet levator ani first (the floor's funnel, not the pubic
/// bones behind it). And the pudendal nerve runs in its canal below the floor: more than 10 mm below the
/// ischial spine (past the lesser sciatic foramen), where the muscle lies above the nerve, no vertex of
/// the nerve is above the muscle's underside. The floor is thin but all muscle: red, not tendon white.
#[test]
fn the_pelvic_floor_closes_the_outlet_below_the_coccyx() {
    let frame = [
        "sacrum",
        "coccyx",
        "hip_bone_r",
        "hip_bone_l",
        "sacrotuberous_ligament_r",
        "sacrotuberous_ligament_l",
        "sacrospinous_ligament_r",
        "sacrospinous_ligament_l",
        "levator_ani_r",
        "levator_ani_l",
        "obturator_externus_r",
        "obturator_externus_l",
    ];
    let (tip, _) = span(&node("coccyx").positions, |p| p.y);
    for below in 4..=60 {
        let y = tip - below as f32 * 0.001;
        for mm in -12i32..=12 {
            let x = mm as f32 * 0.001;
            let hit = first_from_behind(&frame, x, y);
            assert!(
                hit.is_some(),
                "a ray passes through the pelvis at x {mm} mm, {below} mm below the coccyx"
            );
            if mm.abs() <= 8 && below <= 45 {
                assert!(
                    matches!(hit, Some("levator_ani_r" | "levator_ani_l")),
                    "{hit:?} is first at x {mm} mm, {below} mm below the coccyx"
                );
            }
        }
    }
    let floor = node("levator_ani_r");
    let spine = lm("sacrospinous_ligament_insertion_ischial_spine");
    let under: Vec<(Vec3, f32)> = node("pudendal_nerve_r")
        .positions
        .iter()
        .filter(|p| p.y < spine.y - 0.010)
        .filter_map(|p| under_surface(floor, p.x, p.z).map(|y| (*p, y)))
        .collect();
    assert!(
        under.len() > 20,
        "the floor lies over {} nerve vertices",
        under.len()
    );
    for (p, y) in under {
        assert!(
            p.y < y,
            "the pudendal nerve at {p} is above the floor's underside ({y})"
        );
    }
    let share = red_share("levator_ani_r", |_| true);
    assert!(share >= 0.9, "the floor is {share} red muscle");
}

/// The vertices of the pelvic floor, levator ani of both sides.
fn pelvic_floor() -> Vec<Vec3> {
    ["levator_ani_r", "levator_ani_l"]
        .iter()
        .flat_map(|n| node(n).positions.clone())
        .collect()
}

/// The perineal membrane fills the pubic arch: seen from below, rays up through the front half of the
/// outlet, 1.5 to 4 cm behind the symphysis's lower end (z -58 to -82 mm against -43) and up to 8 mm
/// either side of the midline, meet the membrane before anything else (on the model before it they met
/// the pelvic floor, or passed through the empty arch); its sides lie on the ischiopubic rami (within 3 mm
/// of each hip bone's surface at three sections across the arch, 2 to 4 cm behind the symphysis), and its
/// back border meets the anal canal's sphincter in the midline (within 3 mm), at the perineal body.
#[test]
fn the_perineal_membrane_fills_the_pubic_arch() {
    let frame: Vec<&str> = model()
        .keys()
        .map(String::as_str)
        .filter(|n| *n != "skin" && !n.contains("__variant"))
        .collect();
    for z in [-0.058, -0.066, -0.074, -0.082] {
        for x in [-0.008, 0.0, 0.008] {
            let first = first_along(&frame, Vec3::new(x, 0.5, z), Vec3::Y);
            assert_eq!(
                first,
                Some("perineal_membrane"),
                "from below at x {x}, z {z}"
            );
        }
    }
    let membrane = &node("perineal_membrane").positions;
    for z in [-0.062, -0.072, -0.082] {
        let slice: Vec<Vec3> = membrane
            .iter()
            .filter(|p| (p.z - z).abs() < 0.002)
            .copied()
            .collect();
        let (right, left) = span(&slice, |p| p.x);
        for (x, bone) in [(right, "hip_bone_r"), (left, "hip_bone_l")] {
            let gap = slice
                .iter()
                .filter(|p| p.x == x)
                .map(|p| surface_distance(node(bone), *p))
                .fold(f32::MAX, f32::min);
            assert!(
                gap < 0.003,
                "at z {z} the membrane's edge is {gap} m from {bone}"
            );
        }
    }
    let gap = min_distance(membrane, &node("external_anal_sphincter").positions);
    assert!(
        gap < 0.003,
        "the membrane's back border is {gap} m from the sphincter"
    );
}

/// The anal canal opens below the pelvic floor in the midline, so the outlet between the ischial
/// tuberosities shows what is there and not the pubic arch behind it. The external anal sphincter is
/// centred on the midline (within 2 mm), hangs from the floor (within 4 mm of levator ani) to at least
/// 15 mm below the floor's lowest point, red muscle there; the canal runs down and back through it to the
/// anus, so that its opening faces down and back and shows from behind as a ring round a hole: from the
/// middle of the ring, a ray down and back at 35 degrees from the vertical meets no muscle (on a vertical
/// canal it met the wall 12 mm on); its superficial fibres run back as a red strap (at least 70% red
/// more than 15 mm from the coccyx's tip; the white band of the model before was 21% red) and its
/// anococcygeal ligament reaches the coccyx (within 5 mm); and seen from
/// behind with the glutei taken away, rays in the midline 18 to 28 mm below the floor meet the sphincter
/// first.
#[test]
fn the_anal_canal_opens_below_the_pelvic_floor() {
    let sphincter = node("external_anal_sphincter");
    let pts = &sphincter.positions;
    let mean_x = pts.iter().map(|p| p.x).sum::<f32>() / pts.len() as f32;
    assert!(
        mean_x.abs() < 0.002,
        "the sphincter is centred at x {mean_x}"
    );
    let floor = pelvic_floor();
    let (floor_low, _) = span(&floor, |p| p.y);
    let (low, _) = span(pts, |p| p.y);
    assert!(
        floor_low - low > 0.015,
        "the sphincter reaches {} m below the floor",
        floor_low - low
    );
    let hang = min_distance(pts, &floor);
    assert!(hang < 0.004, "the sphincter is {hang} m from the floor");
    let coccyx = min_distance(pts, &node("coccyx").positions);
    assert!(
        coccyx < 0.005,
        "the anococcygeal band ends {coccyx} m from the coccyx"
    );
    // Below the floor it is the ring, red muscle (but where the white band joins it); above, the band.
    let share = red_share("external_anal_sphincter", |p| p.y < floor_low - 0.002);
    assert!(share >= 0.75, "the ring is {share} red muscle");
    // Behind the ring its superficial fibres run back towards the coccyx as a red strap, white only in
    // the last 15 mm (the anococcygeal ligament), so the band does not read as a longer coccyx.
    let tip = lowest("coccyx");
    let strap = red_share("external_anal_sphincter", |p| {
        p.y > floor_low + 0.002 && p.distance(tip) > 0.015
    });
    assert!(
        strap >= 0.7,
        "the strap behind the ring is {strap} red muscle"
    );
    // The middle of the ring, and out of the anus along the canal.
    let ring: Vec<Vec3> = pts
        .iter()
        .copied()
        .filter(|p| p.y < floor_low - 0.002)
        .collect();
    let centre = ring.iter().copied().sum::<Vec3>() / ring.len() as f32;
    let out = Vec3::new(0.0, -0.82, -0.57).normalize();
    let wall = first_hit(sphincter, centre, out);
    assert!(wall.is_none(), "the canal meets its wall {wall:?} m on");
    let frame = [
        "sacrum",
        "coccyx",
        "hip_bone_r",
        "hip_bone_l",
        "levator_ani_r",
        "levator_ani_l",
        "obturator_externus_r",
        "obturator_externus_l",
        "external_anal_sphincter",
    ];
    for mm in 18..=28 {
        let y = floor_low - mm as f32 * 0.001;
        let hit = first_from_behind(&frame, 0.0, y);
        assert_eq!(
            hit,
            Some("external_anal_sphincter"),
            "{mm} mm below the floor"
        );
    }
}

/// The superficial fibres of the external anal sphincter leave the back of the ring broad and converge on
/// the coccyx, as they do round the anus, instead of running back as a rod of even width: level cuts
/// through the sphincter above the floor's lowest point are at least 15 mm across 6 mm above it and at
/// least 1.5 times as broad as 24 mm above it (about 17 and 10 mm; the even strap was 10 mm all along,
/// and from behind it read as a shaft ending in the ring).
#[test]
fn the_superficial_sphincter_fibres_converge_on_the_coccyx() {
    let (floor_low, _) = span(&pelvic_floor(), |p| p.y);
    let breadth = |y: f32| {
        let (lo, hi) = span(&at_y("external_anal_sphincter", y, 0.0015), |p| p.x);
        hi - lo
    };
    let (near, far) = (breadth(floor_low + 0.006), breadth(floor_low + 0.024));
    assert!(near > 0.015, "{} mm across by the ring", near * 1000.0);
    assert!(
        near > 1.5 * far,
        "{} mm across by the ring, {} mm towards the coccyx",
        near * 1000.0,
        far * 1000.0
    );
}

/// How far `pts` reach along two measures: the spread of `a` and the spread of `b`.
fn extents(pts: &[Vec3], a: impl Fn(&Vec3) -> f32, b: impl Fn(&Vec3) -> f32) -> (f32, f32) {
    let ((a0, a1), (b0, b1)) = (span(pts, a), span(pts, b));
    (a1 - a0, b1 - b0)
}

/// The superior pubic ramus is a bar, taller than it is thick, not a round rod: cut square to its line from
/// beside the socket to the body of the pubis (as the shapes place it) at a third, a half and two thirds of
/// the way, the bone is at least 1.35 times as tall as it is thick (now about 1.5; the round rod 1.0).
#[test]
fn the_superior_pubic_ramus_is_a_bar_not_a_rod() {
    let bone = &node("hip_bone_r").positions;
    let start = lm("hip_r_joint_centre") + Vec3::new(0.016, 0.0, 0.018);
    let end = lm("right_pubic_tubercle_tlem") + Vec3::new(-0.004, -0.012, -0.006);
    let along = (end - start).normalize();
    let up = (Vec3::Y - along * Vec3::Y.dot(along)).normalize();
    let across = along.cross(up);
    for f in [0.35, 0.5, 0.65] {
        let middle = start.lerp(end, f);
        let cut: Vec<Vec3> = bone
            .iter()
            .map(|p| *p - middle)
            .filter(|d| d.dot(along).abs() < 0.0015 && d.length() < 0.025)
            .collect();
        assert!(cut.len() >= 8, "{} vertices in the cut at {f}", cut.len());
        let (tall, thick) = extents(&cut, |d| d.dot(up), |d| d.dot(across));
        assert!(
            tall > 1.35 * thick,
            "at {f} of the way the ramus is {} mm tall and {} mm thick",
            tall * 1000.0,
            thick * 1000.0
        );
    }
}

/// The ischial tuberosity cut across at height `y`: how wide and how deep the right hip bone is behind
/// z = -105 mm, between 2.5 and 8.5 cm from the midline; `least` vertices at least lie in the cut.
fn tuberosity_cut(y: f32, least: usize) -> (f32, f32) {
    let cut: Vec<Vec3> = at_y("hip_bone_r", y, 0.0015)
        .into_iter()
        .filter(|p| p.z < -0.105 && (-0.085..-0.025).contains(&p.x))
        .collect();
    assert!(cut.len() >= least, "{} vertices at {y}", cut.len());
    extents(&cut, |p| p.x, |p| p.z)
}

/// The ischial tuberosity is a broad mass with a wide posterior face, not a round thumb: cut across at 83.5
/// and 84 cm up, above where the ischial ramus leaves its front for the pubic arch, the bone behind
/// z = -105 mm is at least 1.25 times as wide as it is deep (about 1.33 and 1.31; the round tuberosity
/// before: 1.16 and 1.03).
#[test]
fn the_ischial_tuberosity_is_broad() {
    for y in [0.835f32, 0.840] {
        let (wide, deep) = tuberosity_cut(y, 10);
        assert!(
            wide > 1.25 * deep,
            "at {y} the tuberosity is {} mm wide and {} mm deep",
            wide * 1000.0,
            deep * 1000.0
        );
    }
}

/// The inferior pubic and ischial rami rise from the tuberosity to the symphysis as an arch, not a bar
/// sagging to a symphysis as low as the tuberosities: the right hip bone's lowest point within 2 mm of the
/// midline lies at least 15 mm above its lowest point on the tuberosity (gait2392's pelvis mesh,
/// `Geometry/r_pelvis.vtp` of opensim-models: 18.9 mm; about 25 here, 5 before), and its lowest point
/// across slices 4 mm apart rises by at least half a millimetre from each slice to the next, from 34 mm out
/// to the midline.
#[test]
fn the_pubic_arch_rises_to_the_symphysis() {
    let low = |x: f32| {
        let slice = near("hip_bone_r", |p| p.x, x, 0.002);
        span(&slice, |p| p.y).0
    };
    let lowest = lowest("hip_bone_r").y;
    let symphysis = low(-0.002);
    assert!(
        symphysis - lowest >= 0.015,
        "the symphysis's lower end stands {} mm above the tuberosity",
        (symphysis - lowest) * 1000.0
    );
    let heights: Vec<f32> = (0..9).map(|i| low(-0.034 + i as f32 * 0.004)).collect();
    for (i, w) in heights.windows(2).enumerate() {
        assert!(
            w[1] >= w[0] + 0.0005,
            "{} mm from the midline the arch's lower edge is at {}, 4 mm further in at {}",
            34 - 4 * i,
            w[0],
            w[1]
        );
    }
}

/// The pubic bodies meet at the symphysis as a broad block, not as the crossing of two pairs of rods (an X
/// from the front): rays from the front meet the right hip bone 1 mm from the midline 3 mm above the pubic
/// tubercle (the symphysis's top, level with the pubic crest; before, the bone stood 3.5 mm short of the
/// midline there), and 1.2 and 1.7 cm below the tubercle the bone runs on unbroken from the midline at
/// least 23 mm out (26 and 24.5 mm here; 22 mm 1.2 cm below, where the rami left a small body).
#[test]
fn the_pubic_bodies_meet_in_a_broad_symphysis() {
    let tubercle = lm("right_pubic_tubercle_tlem");
    let bone = node("hip_bone_r");
    let from_front = |x: f32, y: f32| first_hit(bone, Vec3::new(x, y, 1.0), Vec3::NEG_Z).is_some();
    assert!(
        from_front(-0.001, tubercle.y + 0.003),
        "the symphysis does not reach 3 mm above the pubic tubercle"
    );
    for below in [0.012f32, 0.017] {
        let y = tubercle.y - below;
        let out = (1..60)
            .take_while(|mm| from_front(-(*mm as f32) * 0.0005, y))
            .count() as f32
            * 0.0005;
        eprintln!("{below} m below the tubercle the bone runs {out} m out from the midline");
        assert!(
            out >= 0.023,
            "{} cm below the pubic tubercle the bone runs only {} mm out from the midline",
            below * 100.0,
            out * 1000.0
        );
    }
}

/// Seen from behind, the ischial tuberosity is an oval, broadest across its middle and narrowing to both
/// ends, not a pillar of one width: the bone behind z = -105 mm is widest between 82.8 and 84.8 cm up, at
/// least 1.17 times as wide as 2 cm under and over its middle, at 81.6 and 85.6 cm (about 1.3 and 1.2; the
/// pillar before: 1.13 and 1.06).
#[test]
fn the_ischial_tuberosity_is_an_oval_from_behind() {
    let width = |y: f32| tuberosity_cut(y, 5).0;
    let middle = [0.828f32, 0.832, 0.836, 0.840, 0.844, 0.848]
        .map(width)
        .into_iter()
        .fold(0.0, f32::max);
    for end in [0.816, 0.856] {
        assert!(
            middle > 1.17 * width(end),
            "{} mm across the middle, {} mm at {end}",
            middle * 1000.0,
            width(end) * 1000.0
        );
    }
}

/// The sacrotuberous ligament arises lateral to the posterior sacral foramina and leaves them open: rays
/// from behind through the centres of the third and fourth foramina (as drawn in the shapes), and 3 mm
/// lateral of them, do not meet the ligament first.
#[test]
fn the_sacrotuberous_ligament_leaves_the_sacral_foramina_open() {
    let frame = ["sacrum", "hip_bone_r", "sacrotuberous_ligament_r"];
    for (foramen, x, y) in [("third", -0.021, 0.957), ("fourth", -0.018, 0.942)] {
        for dx in [0.0, -0.003] {
            let hit = first_from_behind(&frame, x + dx, y);
            assert_ne!(
                hit,
                Some("sacrotuberous_ligament_r"),
                "the ligament covers the {foramen} foramen {} mm lateral of its centre",
                -dx * 1000.0
            );
        }
    }
}

/// Tensor fasciae latae ends on the iliotibial band, not beside its front edge or standing on it as a
/// knob: over the muscle's lowest 25 mm the band reaches at least 2 mm further forward than the muscle, and
/// from 8 mm above its lowest point up, a ray from the lateral side meets the muscle no more than 2 mm
/// before the band (the muscle thins flush into the band).
#[test]
fn tensor_fasciae_latae_ends_flush_on_the_band() {
    let tfl = &node("tensor_fasciae_latae_r").positions;
    let (bottom, _) = span(tfl, |p| p.y);
    for mm in (0..=25).step_by(5) {
        let y = bottom + mm as f32 * 0.001;
        let (_, muscle) = span(&at_y("tensor_fasciae_latae_r", y, 0.002), |p| p.z);
        let (_, band) = span(&at_y("iliotibial_band_r", y, 0.002), |p| p.z);
        assert!(
            band - muscle >= 0.002,
            "{mm} mm above its end the muscle reaches {} mm past the band's front",
            (muscle - band) * 1000.0
        );
    }
    for mm in (8..=32).step_by(4) {
        let y = bottom + mm as f32 * 0.001;
        let z = slice_centroid(tfl, y, 0.002).expect("the muscle").z;
        let from_side = |name: &str| first_hit(node(name), Vec3::new(-1.0, y, z), Vec3::X);
        let (muscle, band) = (
            from_side("tensor_fasciae_latae_r").expect("the muscle"),
            from_side("iliotibial_band_r").expect("the band"),
        );
        assert!(
            band - muscle <= 0.002,
            "{mm} mm above its end the muscle stands {} mm proud of the band",
            (band - muscle) * 1000.0
        );
    }
}

/// Tensor fasciae latae runs onto the front half of the iliotibial band and sinks into it, as it inserts
/// between the layers of the fascia lata: 15 mm above its lowest point, a ray from lateral meets the muscle
/// first and the band less than 8 mm further on (the muscle's thin end, then no gap); and its lowest point
/// lies within the band's thickness, not below the band or on top of it.
#[test]
fn tensor_fasciae_latae_ends_in_the_iliotibial_band() {
    let tfl = &node("tensor_fasciae_latae_r").positions;
    let band = node("iliotibial_band_r");
    let (bottom, _) = span(tfl, |p| p.y);
    let above = slice_centroid(tfl, bottom + 0.015, 0.003).expect("the end of the muscle");
    let from_side =
        |name: &str, at: Vec3| first_hit(node(name), Vec3::new(-1.0, at.y, at.z), Vec3::X);
    let (muscle, on_band) = (
        from_side("tensor_fasciae_latae_r", above).expect("the ray meets the muscle"),
        from_side("iliotibial_band_r", above).expect("the ray meets the band"),
    );
    assert!(
        muscle < on_band,
        "15 mm above its end, the muscle {above} lies under the band"
    );
    assert!(
        on_band - muscle < 0.008,
        "15 mm above its end, the muscle {above} lies {} m off the band",
        on_band - muscle
    );
    let tip = lowest("tensor_fasciae_latae_r");
    let outer = -1.0 + from_side("iliotibial_band_r", tip).expect("the band lies beside the tip");
    let inner = 1.0
        - first_hit(band, Vec3::new(1.0, tip.y, tip.z), -Vec3::X).expect("the band's inner side");
    assert!(
        outer - 0.0005 <= tip.x && tip.x <= inner + 0.0005,
        "the tip {tip} lies outside the band ({outer} to {inner})"
    );
}

/// Tensor fasciae latae narrows to its insertion instead of ending in a broad square stump: 5 mm above its
/// lowest point it is less than 40% as wide from front to back as at its widest.
#[test]
fn tensor_fasciae_latae_narrows_to_its_insertion() {
    let tfl = &node("tensor_fasciae_latae_r").positions;
    let (bottom, top) = span(tfl, |p| p.y);
    let width = |y: f32| {
        let slab = near("tensor_fasciae_latae_r", |p| p.y, y, 0.0015);
        let (back, front) = span(&slab, |p| p.z);
        front - back
    };
    let widest = (0..100)
        .map(|i| width(bottom + (top - bottom) * i as f32 / 100.0))
        .fold(0.0f32, f32::max);
    let end = width(bottom + 0.005);
    assert!(
        end < 0.4 * widest,
        "5 mm above its end the muscle is {end} m wide, at its widest {widest} m"
    );
}

/// Seen from the side, tensor fasciae latae shows as a whole belly in front of the iliotibial band, not
/// half hidden under it: at three heights between the anterior superior iliac spine and the trochanter,
/// rays from lateral meet the muscle first over at least 22 mm from front to back.
#[test]
fn tensor_fasciae_latae_shows_in_front_of_the_iliotibial_band() {
    let frame = [
        "tensor_fasciae_latae_r",
        "iliotibial_band_r",
        "gluteus_medius_r",
        "gluteus_maximus_r",
        "sartorius_r",
        "rectus_femoris_r",
        "hip_bone_r",
        "femur_r",
    ];
    for y in [0.88, 0.90, 0.92] {
        let shown = (-120..20)
            .filter(|mm| {
                first_from_side(&frame, y, *mm as f32 * 0.001) == Some("tensor_fasciae_latae_r")
            })
            .count();
        assert!(shown >= 22, "at y = {y} the muscle shows over {shown} mm");
    }
}

/// The small rotators of the right hip, from the top down as they lie between the ischium and the
/// trochanter.
const SMALL_ROTATORS: [&str; 6] = [
    "piriformis_r",
    "gemellus_superior_r",
    "obturator_internus_r",
    "gemellus_inferior_r",
    "obturator_externus_r",
    "quadratus_femoris_r",
];

/// Seen from behind with the glutei taken away, the small rotators lie one below the other between the
/// ischium and the trochanter: piriformis, gemellus superior, the obturator internus tendon, gemellus
/// inferior, the tendon of obturator externus in the gap above quadratus femoris, quadratus femoris. On
/// three vertical lines between the tuberosity and the trochanter, rays from behind meet each of them
/// first over a band at least 3 mm tall, in that order from the top.
#[test]
fn the_small_rotators_show_one_below_the_other() {
    let rotators = SMALL_ROTATORS;
    let mut frame = rotators.to_vec();
    frame.extend(["hip_bone_r", "femur_r"]);
    for x in [-0.080f32, -0.090, -0.100] {
        // The first node met at each millimetre from y = 0.92 down to 0.81, in runs.
        let mut runs: Vec<(&str, usize)> = Vec::new();
        for mm in 0..110 {
            let y = 0.92 - mm as f32 * 0.001;
            let first = first_from_behind(&frame, x, y).unwrap_or("");
            match runs.last_mut() {
                Some((n, k)) if *n == first => *k += 1,
                _ => runs.push((first, 1)),
            }
        }
        let shown: Vec<&str> = runs
            .iter()
            .filter(|(n, k)| rotators.contains(n) && *k >= 3)
            .map(|(n, _)| *n)
            .collect();
        eprintln!("at x = {x}: {runs:?}");
        assert_eq!(shown, rotators, "at x = {x}: {runs:?}");
    }
}

/// The gemelli run with the obturator internus tendon all the way to the trochanter, one above and one
/// below it, as the one muscle mass (the triceps coxae) of the atlases: from the lesser sciatic notch to
/// the trochanter's medial surface, on vertical lines every 5 mm, rays from behind meet gemellus superior,
/// the tendon and gemellus inferior one straight after the other, with no gap and nothing else between
/// them, each over a band at least 3 mm tall.
#[test]
fn the_gemelli_run_with_the_obturator_internus_tendon_to_the_trochanter() {
    let triceps = [
        "gemellus_superior_r",
        "obturator_internus_r",
        "gemellus_inferior_r",
    ];
    let mut frame = SMALL_ROTATORS.to_vec();
    frame.extend(["hip_bone_r", "femur_r"]);
    for step in 0..=8 {
        let x = -0.075 - step as f32 * 0.005;
        // The first node met at each half millimetre from y = 0.90 down to 0.85, in runs.
        let mut runs: Vec<(&str, usize)> = Vec::new();
        for row in 0..100 {
            let y = 0.90 - row as f32 * 0.0005;
            let first = first_from_behind(&frame, x, y).unwrap_or("");
            match runs.last_mut() {
                Some((n, k)) if *n == first => *k += 1,
                _ => runs.push((first, 1)),
            }
        }
        let names: Vec<&str> = runs.iter().map(|(n, _)| *n).collect();
        let start = names.windows(3).position(|w| w == triceps);
        assert!(
            start.is_some(),
            "at x = {x} the three do not lie one straight after the other: {runs:?}"
        );
        let start = start.unwrap_or_default();
        for (n, rows) in &runs[start..start + 3] {
            assert!(
                *rows >= 6,
                "at x = {x} {n} shows over {rows} half millimetres: {runs:?}"
            );
        }
    }
}

/// The gemelli are two flat red straps of muscle, and the obturator internus tendon between them is white,
/// as the atlases draw them: not three round cords of one colour. At least 90% of each gemellus's vertices
/// are red muscle, and at the middle of its length it is at least 1.6 times as tall as it is thick from
/// behind forwards (the round cords they replace were as tall as thick); most of the tendon between the
/// lesser sciatic notch and the trochanter is white.
#[test]
fn the_gemelli_are_red_straps_beside_the_white_tendon() {
    for name in ["gemellus_superior_r", "gemellus_inferior_r"] {
        let share = red_share(name, |_| true);
        assert!(share >= 0.9, "{name} is {share} red");
        let pts = &node(name).positions;
        let (x0, x1) = span(pts, |p| p.x);
        let middle: Vec<Vec3> = pts
            .iter()
            .copied()
            .filter(|p| (p.x - (x0 + x1) / 2.0).abs() < 0.002)
            .collect();
        let (y0, y1) = span(&middle, |p| p.y);
        let (z0, z1) = span(&middle, |p| p.z);
        assert!(
            y1 - y0 > 1.6 * (z1 - z0),
            "{name} is {} m tall and {} m thick at its middle",
            y1 - y0,
            z1 - z0
        );
    }
    // The tendon: the part of obturator internus outside the pelvis, lateral of the notch.
    let via = lm("obturator_internus_1_via_tlem");
    let white = 1.0 - red_share("obturator_internus_r", |p| p.x < via.x - 0.010);
    assert!(white >= 0.75, "the tendon is {white} white");
}

/// Gluteus medius covers the gluteal surface of the ilium back to the posterior gluteal line, leaving bare
/// only the narrow strip behind it where gluteus maximus arises: with gluteus maximus taken away, rays from
/// behind meet gluteus medius first from less than 21 mm lateral of the posterior superior iliac spine,
/// at two heights across the wing.
#[test]
fn gluteus_medius_covers_the_ilium_back_to_the_posterior_gluteal_line() {
    let psis = lm("right_posterior_superior_iliac_spine_tlem");
    let frame = ["gluteus_medius_r", "hip_bone_r", "sacrum"];
    for y in [0.975f32, 0.99] {
        // The most medial point, in 1 mm steps outwards from the spine, where the muscle is met first.
        let edge = (0..80)
            .map(|mm| psis.x - mm as f32 * 0.001)
            .find(|&x| first_from_behind(&frame, x, y) == Some("gluteus_medius_r"))
            .expect("gluteus medius on the wing");
        let bare = psis.x - edge;
        eprintln!("at y = {y}: bare bone {bare} m wide lateral of the spine");
        assert!(bare < 0.021, "at y = {y}: bare bone {bare} m wide");
    }
}

/// Seen from the front, the femoral head shows in the mouth of the acetabulum and its neck runs out to the
/// trochanters. Along the neck's axis (down 0.55 m per metre outwards from the hip's centre), rays from the
/// front meet the femur before the hip bone from 5 to 35 mm lateral of the centre. The femur's upper
/// outline dips over the neck: its lowest point between 20 and 45 mm out lies at least 15 mm below the top
/// of the head and 6 mm below the top of the greater trochanter.
#[test]
fn the_femoral_head_and_neck_show_in_front_of_the_socket() {
    let hip = lm("hip_r_joint_centre");
    let axis = |x: f32| hip.y + 0.55 * (x - hip.x);
    let (femur, bone) = (node("femur_r"), node("hip_bone_r"));
    let from_front = |n: &NodeData, x: f32, y: f32| {
        first_hit(n, Vec3::new(x, y, 1.0), -Vec3::Z).map(|t| 1.0 - t)
    };
    for k in 1..=7 {
        let x = hip.x - 0.005 * k as f32;
        let f = from_front(femur, x, axis(x)).expect("the ray meets the femur");
        if let Some(b) = from_front(bone, x, axis(x)) {
            assert!(
                f > b,
                "{:.0} mm lateral of the hip's centre the hip bone lies in front of the femur",
                (hip.x - x) * 1000.0
            );
        }
    }
    // The top of the femur's outline seen from the front, in millimetres above the hip's centre, at
    // `mm` millimetres out from it.
    let top = |mm: i32| {
        (0..120)
            .map(|i| 60 - i)
            .find(|i| {
                let (x, y) = (hip.x - mm as f32 * 0.001, hip.y + *i as f32 * 0.001);
                from_front(femur, x, y).is_some()
            })
            .expect("the femur shows")
    };
    let head = top(0);
    let neck = (20..=45).map(top).min().expect("a range");
    let trochanter = (40..=60).map(top).max().expect("a range");
    assert!(
        head - neck >= 15 && trochanter - neck >= 6,
        "the outline over the neck is at {neck} mm, the head's top at {head} mm, the trochanter's at \
         {trochanter} mm"
    );
}

/// The sciatic nerve leaves the pelvis below piriformis and runs down over the small rotators, behind
/// gemellus superior, the obturator internus tendon, gemellus inferior and quadratus femoris, never through
/// them. From 2 mm below its exit point to the level of quadratus femoris, a ray from behind through the
/// nerve's centre at each millimetre meets the nerve before any of the rotators, so with the glutei taken
/// away the trunk shows whole from the piriformis to the thigh; and the rotators' back surface lies no
/// more than 3 mm behind the nerve's front surface, so the nerve rests on them, sunk in no more than a groove.
#[test]
fn the_sciatic_nerve_runs_over_the_small_rotators() {
    let mut frame = vec!["sciatic_nerve_r"];
    frame.extend(SMALL_ROTATORS);
    let exit = lm("sciatic_nerve_n1");
    let below = lm("sciatic_nerve_n3");
    let nerve = node("sciatic_nerve_r");
    let (mut hidden, mut sunk) = (Vec::new(), Vec::new());
    let mut y = exit.y - 0.002;
    while y > below.y {
        let centre = slice_centroid(&nerve.positions, y, 0.004).expect("the nerve at this height");
        let first = first_from_behind(&frame, centre.x, y);
        if first != Some("sciatic_nerve_r") {
            hidden.push((y, first));
        }
        // The nerve's front surface on this ray, and how far behind it the rotators' back surface lies.
        let front = first_hit(nerve, Vec3::new(centre.x, y, 1.0), -Vec3::Z).map(|t| 1.0 - t);
        let rotators_back = SMALL_ROTATORS
            .iter()
            .filter_map(|n| back_surface(node(n), Vec3::new(centre.x, y, 0.0)))
            .reduce(f32::min);
        if let (Some(front), Some(back)) = (front, rotators_back)
            && front - back > 0.003
        {
            sunk.push((y, front - back));
        }
        y -= 0.001;
    }
    assert!(hidden.is_empty(), "the nerve is hidden at {hidden:?}");
    assert!(
        sunk.is_empty(),
        "the nerve runs inside the rotators at {sunk:?}"
    );
}

/// Seen from behind with the skin away, semitendinosus shows as one cord from its belly down to the
/// knee, its tendon lying on the back of semimembranosus, not sunk into it: on every row 4 mm apart from
/// mid-thigh (y = 0.56) to the knee (y = 0.42), a ray from behind meets semitendinosus first somewhere
/// between the medial edge of the thigh and the middle of the popliteal fossa.
#[test]
fn semitendinosus_shows_from_behind_down_to_the_knee() {
    let frame = [
        "semitendinosus_r",
        "semimembranosus_r",
        "biceps_femoris_long_head_r",
        "gracilis_r",
        "sartorius_r",
        "adductor_magnus_r",
        "gastrocnemius_medial_head_r",
        "femoral_nerve_r",
        "femur_r",
        "tibia_r",
    ];
    let hidden: Vec<i32> = (0..=35)
        .map(|i| 560 - 4 * i)
        .filter(|mm| {
            let y = *mm as f32 * 0.001;
            !(30..=75).any(|x| {
                first_from_behind(&frame, -(x as f32) * 0.001, y) == Some("semitendinosus_r")
            })
        })
        .collect();
    assert!(
        hidden.is_empty(),
        "semitendinosus is hidden at y (mm) {hidden:?}"
    );
}

/// Obturator externus is a red fan of muscle over the outer face of the obturator foramen, converging on
/// its tendon under the femoral neck. At least 90% of its vertices are red muscle (the three thin cords it
/// replaces were 8% red: tendon white, which no one took for a muscle). Seen from the front with the bones,
/// over a 20 mm square round the middle of its origins, it is the first structure on more rays than the
/// hip bone, and on at least 45% of them. Across the line from that middle to the tendon's turn under the
/// neck, it is over 22 mm tall a third of the way along.
#[test]
fn obturator_externus_is_a_red_fan_over_the_obturator_foramen() {
    let share = red_share("obturator_externus_r", |_| true);
    assert!(share >= 0.9, "it is {share} red");
    let origins = [
        "obturator_externus_superior_1_origin_tlem",
        "obturator_externus_superior_2_origin_tlem",
        "obturator_externus_superior_3_origin_tlem",
        "obturator_externus_inferior_2_origin_tlem",
        "obturator_externus_inferior_1_origin_tlem",
    ];
    let middle = origins.iter().map(|id| lm(id)).sum::<Vec3>() / origins.len() as f32;
    let frame = [
        "hip_bone_r",
        "obturator_externus_r",
        "obturator_internus_r",
        "levator_ani_r",
    ];
    let first_from_front = |x: f32, y: f32| first_along(&frame, Vec3::new(x, y, 1.0), Vec3::NEG_Z);
    let (mut muscle, mut bone, mut all) = (0, 0, 0);
    for i in -10..=10 {
        for k in -10..=10 {
            let (x, y) = (middle.x + i as f32 * 0.001, middle.y + k as f32 * 0.001);
            match first_from_front(x, y) {
                Some("obturator_externus_r") => muscle += 1,
                Some("hip_bone_r") => bone += 1,
                _ => {}
            }
            all += 1;
        }
    }
    assert!(
        muscle > bone && muscle * 100 >= all * 45,
        "from the front, {muscle} of {all} rays meet it first, {bone} the bone"
    );
    let via = lm("obturator_externus_superior_1_via_tlem");
    let axis = (via - middle).normalize();
    let third: Vec<Vec3> = node("obturator_externus_r")
        .positions
        .iter()
        .copied()
        .filter(|p| ((*p - middle).dot(axis) - middle.distance(via) / 3.0).abs() < 0.002)
        .collect();
    let (lo, hi) = span(&third, |p| p.y);
    assert!(
        hi - lo > 0.022,
        "a third of the way along it is {} m tall",
        hi - lo
    );
}

/// Muscles that are flesh almost to their ends read as red muscle, not as tendon: quadratus femoris (a
/// block of flesh from the tuberosity to the quadrate tubercle) and popliteus (a fleshy triangle behind
/// the knee) are at least 90% red, and obturator internus at least 80% red inside the pelvis, more than
/// 8 mm medial of the lesser sciatic notch (its tendon, beyond the notch, stays white). Their thin
/// bellies came out 39%, 0% and 0% red.
#[test]
fn the_thin_fleshy_muscles_read_as_muscle() {
    for name in ["quadratus_femoris_r", "popliteus_r"] {
        let share = red_share(name, |_| true);
        assert!(share >= 0.9, "{name} is {share} red");
    }
    let notch = lm("obturator_internus_1_via_tlem");
    let share = red_share("obturator_internus_r", |p| p.x > notch.x + 0.008);
    assert!(
        share >= 0.8,
        "obturator internus is {share} red inside the pelvis"
    );
}

/// The sacrotuberous ligament is a thin band, 3 to 4 mm thick in the literature (section 4.5 of the
/// anatomy notes): from 15 to 75 mm above its lowest point, through the middle of each level, it is
/// between 2.5 and 5 mm thick across its own plane (the slab it replaces was 5.3 to 10 mm).
#[test]
fn the_sacrotuberous_ligament_is_a_thin_band() {
    let ligament = node("sacrotuberous_ligament_r");
    let (low, _) = span(&ligament.positions, |p| p.y);
    for step in 0..=6 {
        let y = low + 0.015 + step as f32 * 0.01;
        let near = |p: Vec3| (p.y - y).abs() < 0.004;
        let level: Vec<Vec3> = ligament
            .positions
            .iter()
            .copied()
            .filter(|p| near(*p))
            .collect();
        let middle = level.iter().sum::<Vec3>() / level.len() as f32;
        // The plane's normal: the faces' normals at this level, turned to one side and summed.
        let mut normal = Vec3::ZERO;
        for t in &ligament.triangles {
            let [a, b, c] = t.map(|i| ligament.positions[i as usize]);
            if near((a + b + c) / 3.0) {
                let n = (b - a).cross(c - a);
                normal += if normal.dot(n) < 0.0 { -n } else { n };
            }
        }
        let normal = normal.normalize();
        let front = first_hit(ligament, middle - normal * 0.05, normal).expect("a face");
        let back = first_hit(ligament, middle + normal * 0.05, -normal).expect("the other face");
        let thickness = 0.1 - front - back;
        assert!(
            (0.0025..0.005).contains(&thickness),
            "{thickness} m thick at y {y}"
        );
    }
}

/// Gluteus maximus's upper border is a thick rounded edge standing over gluteus medius, which shows above
/// it from behind, as the atlases draw it: on vertical lines 9 to 13 cm from the midline, gluteus medius is
/// the first muscle from behind somewhere above the highest point where maximus is, and 8 mm below that
/// point maximus is more than 18 mm thick from front to back (the thin edge that blended into medius was
/// 14 to 17 mm).
#[test]
fn gluteus_maximus_has_a_thick_upper_border_below_gluteus_medius() {
    let maximus = node("gluteus_maximus_r");
    let first =
        |x: f32, y: f32| first_from_behind(&["gluteus_maximus_r", "gluteus_medius_r"], x, y);
    for cm in 9..=13 {
        let x = -(cm as f32) * 0.01;
        let levels: Vec<f32> = (0..=140).map(|mm| 0.88 + mm as f32 * 0.001).collect();
        let top = *levels
            .iter()
            .rev()
            .find(|y| first(x, **y) == Some("gluteus_maximus_r"))
            .expect("maximus on this line");
        assert!(
            levels
                .iter()
                .any(|y| *y > top && first(x, *y) == Some("gluteus_medius_r")),
            "medius does not show above maximus at x {x}"
        );
        let y = top - 0.008;
        let front = 1.0 - first_hit(maximus, Vec3::new(x, y, 1.0), Vec3::NEG_Z).expect("front");
        let thickness = front - back_surface(maximus, Vec3::new(x, y, 0.0)).expect("back");
        assert!(
            thickness > 0.018,
            "maximus is {thickness} m thick 8 mm below its border at x {x}"
        );
    }
}

/// Piriformis arises from the front of the sacrum lateral to its foramina, and the ilium meets the
/// sacrum lateral to them: looking from behind through each right dorsal sacral foramen (straight from
/// behind, as the posterior view does, and along the hole's own axis), neither shows inside the bone, as a
/// ball of muscle and a knob of ilium once did in the third foramen. The foramina are those of
/// `shapes.ron`.
#[test]
fn nothing_but_the_sacrum_shows_in_the_dorsal_sacral_foramina() {
    let axis = Vec3::new(0.0, 0.012, 0.06).normalize();
    let foramina = [
        (-0.024, 0.993, -0.100),
        (-0.023, 0.974, -0.112),
        (-0.021, 0.957, -0.126),
        (-0.018, 0.942, -0.139),
    ];
    for (k, centre) in foramina.into_iter().enumerate() {
        let centre = Vec3::from(centre);
        for dir in [axis, Vec3::Z] {
            for (dx, dy) in [
                (0.0, 0.0),
                (-0.002, 0.0),
                (0.002, 0.0),
                (0.0, -0.002),
                (0.0, 0.002),
            ] {
                let through = centre + Vec3::new(dx, dy, 0.0);
                let from = through - dir * 0.1;
                for name in ["piriformis_r", "hip_bone_r"] {
                    if let Some(t) = first_hit(node(name), from, dir) {
                        let past_centre_mm = (t - 0.1) * 1000.0;
                        assert!(
                            past_centre_mm > 15.0,
                            "foramen {} looked through along {dir}: {name} {past_centre_mm:.1} mm past \
                             the hole's centre",
                            k + 1
                        );
                    }
                }
            }
        }
    }
}

/// The iliotibial band leaves the iliac crest as a broad sheet between tensor fasciae latae in front and
/// gluteus maximus behind, not a strap with a pointed top: from 3 to 9 cm below its top it is more than
/// 35 mm broad front to back.
#[test]
fn the_iliotibial_band_is_broad_below_the_iliac_crest() {
    let top = highest("iliotibial_band_r").y;
    for cm in 3..=9 {
        let y = top - cm as f32 / 100.0;
        let (back, front) = span(&at_y("iliotibial_band_r", y, 0.002), |p| p.z);
        let broad = front - back;
        assert!(
            broad > 0.035,
            "{cm} cm below its top the band is {:.1} mm broad",
            broad * 1000.0
        );
    }
}

/// Gluteus medius arises from the outer lip of the iliac crest, so from behind (skin away) muscle, not a
/// band of bare wing, shows under the crest: on vertical lines 6 to 12 cm from the midline, going down from
/// the top of the ilium as seen from behind, gluteus medius or maximus is met first within 7 mm.
#[test]
fn gluteus_medius_reaches_the_iliac_crest() {
    let frame = ["gluteus_maximus_r", "gluteus_medius_r", "hip_bone_r"];
    let mut widest = (0, 0.0);
    for cm in 6..=12 {
        let x = -(cm as f32) * 0.01;
        let levels: Vec<f32> = (0..=160).map(|mm| 1.08 - mm as f32 * 0.001).collect();
        let crest = levels
            .iter()
            .position(|y| first_from_behind(&frame, x, *y).is_some())
            .expect("the ilium on this line");
        let muscle = levels
            .iter()
            .position(|y| first_from_behind(&frame, x, *y).is_some_and(|n| n != "hip_bone_r"))
            .expect("muscle on this line");
        let bare = muscle.saturating_sub(crest);
        eprintln!("x {x}: crest at {}, bare bone for {bare} mm", levels[crest]);
        if bare > widest.0 {
            widest = (bare, x);
        }
    }
    let (bare, x) = widest;
    assert!(bare <= 7, "{bare} mm of bare wing under the crest at x {x}");
}

/// The skin's hollows are shaded, so the natal cleft and the gluteal folds read even through a translucent
/// skin: its vertices on the back within 6 mm of the midline between 0.82 and 0.90 m (the cleft) are on
/// average darker than 0.75 (of the material's colour), and so is the darkest 1 cm band between 0.74 and
/// 0.84 m, 6 to 10 cm from the midline (the fold under each buttock; a band counts where it holds four
/// vertices or more, and eight of the ten do); the middle of each buttock's cheek stays lighter than 0.95.
#[test]
fn the_skin_shades_the_cleft_and_the_gluteal_folds() {
    let skin = committed_meshes().node("skin").expect("skin");
    let colors = skin.colors.as_ref().expect("the skin's vertex colours");
    // The mean grey of the skin's vertices on the back where `keep` holds, if four or more are there.
    let mean_grey = |keep: &dyn Fn(Vec3) -> bool| {
        let greys: Vec<f32> = skin
            .positions
            .iter()
            .zip(colors)
            .filter(|(p, _)| p[2] < -0.09 && keep(Vec3::from(**p)))
            .map(|(_, c)| c[0])
            .collect();
        (greys.len() >= 4).then(|| greys.iter().sum::<f32>() / greys.len() as f32)
    };
    let cleft =
        mean_grey(&|p| p.x.abs() < 0.006 && (0.82..0.90).contains(&p.y)).expect("the cleft");
    let cheek = mean_grey(&|p| (p.x.abs() - 0.08).abs() < 0.01 && (p.y - 0.90).abs() < 0.02)
        .expect("the cheek");
    let bands: Vec<f32> = (0..10)
        .map(|k| 0.74 + k as f32 * 0.01)
        .filter_map(|y| mean_grey(&|p| (p.x.abs() - 0.08).abs() < 0.02 && (p.y - y).abs() < 0.005))
        .collect();
    assert!(
        bands.len() >= 8,
        "{} bands of the fold measured",
        bands.len()
    );
    let fold = bands.iter().copied().fold(f32::MAX, f32::min);
    eprintln!("cleft {cleft}, fold {fold}, cheek {cheek}");
    assert!(cleft < 0.75, "the cleft is not shaded ({cleft})");
    assert!(fold < 0.75, "the gluteal fold is not shaded ({fold})");
    assert!(cheek > 0.95, "the buttock's cheek is shaded ({cheek})");
}

/// Gluteus medius lies on the ilium and wraps onto the greater trochanter; it does not stand out beyond the
/// trochanter like a shield: its most lateral point lies no more than 6 mm lateral of the trochanter's.
#[test]
fn gluteus_medius_does_not_overhang_the_greater_trochanter() {
    let femur_top: Vec<Vec3> = node("femur_r")
        .positions
        .iter()
        .copied()
        .filter(|p| p.y > 0.84)
        .collect();
    let trochanter = span(&femur_top, |p| p.x).0;
    let medius = span(&node("gluteus_medius_r").positions, |p| p.x).0;
    let overhang = trochanter - medius;
    eprintln!(
        "gluteus medius {} mm lateral of the trochanter",
        overhang * 1000.0
    );
    assert!(overhang < 0.006, "gluteus medius overhangs by {overhang} m");
}

/// Hiding the superficial layer is gluteus maximus reflected, as in a dissection: the hamstrings stay, so
/// the long head of biceps femoris is seen crossing the sciatic nerve. Gluteus maximus is superficial, the
/// long head and semitendinosus are not, and from behind the long head covers the nerve's centre line in
/// the middle of the thigh (0.62 to 0.70 m).
#[test]
fn the_hamstrings_stay_over_the_nerve_when_the_superficial_layer_is_hidden() {
    use sciatic_planner::anatomy::{Anatomy, Layer};
    let layer = |id: &str| Anatomy::embedded().structure(id).expect(id).layer;
    assert_eq!(layer("gluteus_maximus"), Layer::Superficial);
    for id in ["biceps_femoris_long_head", "semitendinosus"] {
        assert_ne!(layer(id), Layer::Superficial, "{id}");
    }
    for y in [0.62f32, 0.66, 0.70] {
        let centre =
            slice_centroid(&node("sciatic_nerve_r").positions, y, 0.012).expect("the nerve");
        let at = Vec3::new(centre.x, y, 0.0);
        let nerve = back_surface(node("sciatic_nerve_r"), at).expect("the nerve");
        let long_head = back_surface(node("biceps_femoris_long_head_r"), at);
        assert!(
            long_head.is_some_and(|z| z < nerve),
            "at {y} m the long head does not cover the nerve ({long_head:?} vs {nerve})"
        );
    }
}

/// Above the heel the leg narrows to an ankle: the calcaneal tendon runs some 5 cm behind the ankle joint,
/// so 10 and 12 cm above the ground the skin over it lies at least 8 mm in front of the back of the heel
/// (10.5 and 10.7 mm here; the tendon straight down the back of the heel left it 0.7 mm behind, a leg that
/// went down into the foot like a boot), and there the leg is at most 95 mm deep from front to back (79 and
/// 90 mm; it was 103 mm 10 cm up).
#[test]
fn the_leg_narrows_above_the_heel() {
    let skin = node("skin");
    let heel = skin
        .positions
        .iter()
        .filter(|p| p.x < 0.0 && p.y < 0.05)
        .map(|p| p.z)
        .fold(f32::MAX, f32::min);
    let tendon = lm("med_gas_r_insertion");
    for y in [0.10, 0.12] {
        let back = skin_back(tendon.x, y);
        let slice = at_y("skin", y, 0.002);
        let leg: Vec<Vec3> = slice.into_iter().filter(|p| p.x < -0.02).collect();
        let (z0, z1) = span(&leg, |p| p.z);
        eprintln!(
            "y {y}: the skin over the tendon {back} m, the back of the heel {heel} m, the leg {} m deep",
            z1 - z0
        );
        assert!(
            back - heel >= 0.008,
            "y {y}: the skin over the tendon lies only {} m in front of the back of the heel",
            back - heel
        );
        assert!(z1 - z0 <= 0.095, "y {y}: the leg is {} m deep", z1 - z0);
    }
}

/// The back of the ankle runs smoothly from the calcaneal tendon out to each malleolus, with no groove
/// and no slit: at 5, 7 and 9 cm above the ground, stepping out from the tendon's crest every 5 mm for
/// 25 mm on each side (towards the malleoli, short of the ankle's sides), the skin's back never moves back
/// by more than 2 mm and never steps forward by more than 20 mm.
#[test]
fn the_back_of_the_ankle_is_smooth_beside_the_calcaneal_tendon() {
    let skin = node("skin");
    for y in [0.05f32, 0.07, 0.09] {
        let back = |x: f32| back_surface(skin, Vec3::new(x, y, 0.0));
        let crest = (0..=60)
            .map(|i| -0.115 + i as f32 * 0.001)
            .filter_map(|x| back(x).map(|z| (x, z)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .expect("the back of the ankle")
            .0;
        for step in [-0.005f32, 0.005] {
            let mut last = back(crest).unwrap();
            for i in 1..=5 {
                let x = crest + step * i as f32;
                let z = back(x).expect("the skin beside the tendon");
                assert!(
                    z > last - 0.002,
                    "at y {y}, x {x}: the skin moves back by {} mm (a groove)",
                    (last - z) * 1000.0
                );
                assert!(
                    z - last < 0.020,
                    "at y {y}, x {x}: the skin steps forward by {} mm (a slit)",
                    (z - last) * 1000.0
                );
                last = z;
            }
        }
    }
}

/// The foot is not a flat paddle: its dorsum rises from the toes to a high instep in front of the ankle.
/// Along the middle of the right foot the skin's top stands at least 50 mm above the ground 7.5 cm in front
/// of the ankle joint, 44 mm at 9.5 cm and 38 mm at 11.5 cm, and falls below 26 mm over the toes.
#[test]
fn the_foot_rises_to_an_instep() {
    let skin = node("skin");
    let ankle = lm("ankle_r_joint_centre");
    let top = |ahead: f32| {
        let from = Vec3::new(-0.088, 0.10, ankle.z + ahead);
        first_hit(skin, from, -Vec3::Y)
            .map(|t| from.y - t)
            .expect("the foot")
    };
    for (ahead, least) in [(0.075, 0.050), (0.095, 0.044), (0.115, 0.038)] {
        let h = top(ahead);
        assert!(
            h >= least,
            "{} mm in front of the ankle the dorsum is {} mm high",
            ahead * 1000.0,
            h * 1000.0
        );
    }
    let toes = top(0.175);
    assert!(
        toes < 0.026,
        "over the toes the foot is {} mm high",
        toes * 1000.0
    );
}

/// The heel rests on a broad pad, not on a ball under the ankle: 2.5 and 3.5 cm behind the ankle's centre the
/// skin of the right heel is at least 35 mm across 1 cm above the ground and 20 mm across 5 mm above it
/// (about 51 and 40 mm; 28 and 11 mm before the heel pad).
#[test]
fn the_heel_is_broad_on_the_ground() {
    let ankle = lm("ankle_r_joint_centre");
    for back in [0.025f32, 0.035] {
        let z = ankle.z - back;
        for (y, least) in [(0.01f32, 0.035f32), (0.005, 0.020)] {
            let across = foot_breadth(y, z);
            assert!(
                across > least,
                "{} cm behind the ankle and {} mm up the heel is {} mm across",
                back * 100.0,
                y * 1000.0,
                across * 1000.0
            );
        }
    }
}

/// From behind, the heel is broad down to the ground instead of narrowing to a point under the ankle:
/// 5 cm behind the ankle's centre, 1 cm in front of the back of the heel, the skin of the right heel is at
/// least 44 mm across 1 cm above the ground and 50 mm across 2 cm above it (about 48 and 55 mm; 28 and
/// 37 mm when the heel pad ended under the front of the calcaneus).
#[test]
fn the_back_of_the_heel_is_broad_to_the_ground() {
    let z = lm("ankle_r_joint_centre").z - 0.05;
    for (y, least) in [(0.01f32, 0.044f32), (0.02, 0.050)] {
        let across = foot_breadth(y, z);
        assert!(
            across > least,
            "{} mm up the back of the heel is {} mm across",
            y * 1000.0,
            across * 1000.0
        );
    }
}

/// The skin's top across the right foot `mm` behind the tip of the big toe's bones, every half millimetre
/// from medial of the big toe to lateral of the fifth (zero where the ray meets no skin), and the toes on
/// it, medial to lateral: each toe a local top (highest within 1.5 mm either way), joined to the toe before
/// it unless the skin between them dips 2 mm below the lower of the two; each as (index, height).
fn toes_across(mm: u32) -> (Vec<f32>, Vec<(usize, f32)>) {
    let skin = node("skin");
    let toe = lm("marker_r_toe_tip");
    let z = toe.z - mm as f32 * 0.001;
    let profile: Vec<f32> = (0..=180)
        .map(|i| top_surface(skin, toe.x + 0.046 - i as f32 * 0.0005, z).unwrap_or(0.0))
        .collect();
    let mut toes: Vec<(usize, f32)> = Vec::new();
    let mut dip = f32::MAX;
    for (i, &h) in profile.iter().enumerate() {
        dip = dip.min(h);
        let around = &profile[i.saturating_sub(3)..(i + 4).min(profile.len())];
        if h <= 0.0 || around.iter().any(|a| *a > h) {
            continue;
        }
        match toes.last_mut() {
            Some(last) if dip > last.1.min(h) - 0.002 => {
                if h > last.1 {
                    *last = (i, h);
                }
            }
            _ => toes.push((i, h)),
        }
        dip = h;
    }
    (profile, toes)
}

/// The foot ends in five toes, not in a paddle's edge: across the right foot 35 to 45 mm behind the tip of
/// the big toe's bones, where every toe is free of the web, the top of the skin rises over five toes, each
/// standing at least 2 mm above the clefts either side of it; the big toe is the highest, and the toes
/// fall in height from the second to the fifth.
#[test]
fn the_foot_ends_in_five_toes() {
    for mm in [35, 40, 45] {
        let (_, toes) = toes_across(mm);
        let heights: Vec<String> = toes
            .iter()
            .map(|t| format!("{:.1}", t.1 * 1000.0))
            .collect();
        assert_eq!(
            toes.len(),
            5,
            "{mm} mm behind the tip of the big toe the skin shows toes {} mm high",
            heights.join(", ")
        );
        assert!(
            toes.windows(2).all(|w| w[0].1 > w[1].1),
            "{mm} mm behind the tip the toes stand {} mm high",
            heights.join(", ")
        );
    }
}

/// The big toe is by far the broadest: across the right foot 35 to 45 mm behind the tip of its bones, from
/// its medial side (where the skin first stands 6 mm off the ground) to the bottom of the cleft beside the
/// second toe it is at least 1.75 times as broad as the second toe from cleft to cleft (about 1.85; 1.63
/// before it was broadened and the lesser toes slimmed).
#[test]
fn the_big_toe_is_the_broadest() {
    for mm in [35, 40, 45] {
        let (profile, toes) = toes_across(mm);
        assert!(toes.len() >= 3, "{mm} mm: {} toes", toes.len());
        let cleft = |a: usize, b: usize| {
            (a..=b)
                .min_by(|&i, &j| profile[i].total_cmp(&profile[j]))
                .expect("a cleft")
        };
        let (first, second) = (cleft(toes[0].0, toes[1].0), cleft(toes[1].0, toes[2].0));
        let medial = profile
            .iter()
            .position(|h| *h > 0.006)
            .expect("the big toe");
        let (big, next) = (first - medial, second - first);
        assert!(
            big as f32 > 1.75 * next as f32,
            "{mm} mm: the big toe {} mm broad, the second {} mm",
            big as f32 * 0.5,
            next as f32 * 0.5
        );
    }
}

/// The dorsum of the foot runs onto the toes without a step where the toes, meshed on their own finer grid,
/// join the skin of the forefoot: along the line of each toe, from 86 to 46 mm behind the tip of the big
/// toe's bones, the skin's top falls by at most 2.2 mm over any 2.5 mm forward (a web lower than the
/// forefoot left a step of 2.7 mm).
#[test]
fn the_dorsum_runs_onto_the_toes_without_a_step() {
    let skin = node("skin");
    let toe = lm("marker_r_toe_tip");
    for x in [0.026, 0.011, -0.003, -0.017, -0.029] {
        let x = toe.x + x;
        let top: Vec<f32> = (0..=16)
            .map(|i| {
                let z = toe.z - 0.086 + i as f32 * 0.0025;
                top_surface(skin, x, z).unwrap_or_else(|| panic!("no skin over ({x}, {z})"))
            })
            .collect();
        let drop = top.windows(2).map(|w| w[0] - w[1]).fold(f32::MIN, f32::max);
        assert!(
            drop <= 0.0022,
            "along x {x} the top falls {} mm in 2.5 mm",
            drop * 1000.0
        );
    }
}

/// The sural nerve ends on the lateral border of the foot under the skin, at the tuberosity of the fifth
/// metatarsal, without lifting the skin into a fin: 13 and 18 mm above the ground, from 1.5 to 12 cm in
/// front of the ankle joint's centre, the skin's lateral outline stands at most 4 mm further out than the
/// mean of its outline 1 cm behind and 1 cm in front (the nerve standing 9 mm out from the bone lifted a fin
/// 6.1 mm proud of the border either side).
#[test]
fn the_lateral_border_of_the_foot_has_no_fin() {
    let ankle = lm("ankle_r_joint_centre");
    for y in [0.015, 0.020] {
        // The outline (how far out from the midline) every 5 mm along the border.
        let outline: Vec<f32> = (0..=21)
            .map(|i| skin_side(y, ankle.z + 0.015 + i as f32 * 0.005))
            .collect();
        for i in 2..outline.len() - 2 {
            let proud = outline[i] - (outline[i - 2] + outline[i + 2]) / 2.0;
            assert!(
                proud <= 0.004,
                "at y {y}, {} mm in front of the ankle the border stands {} mm proud",
                15 + i * 5,
                proud * 1000.0
            );
        }
    }
}

/// The foot is broadest across the ball, where the muscles of the big and little toes pad its borders:
/// 2 cm above the ground, 11.5 cm in front of the ankle joint's centre (over the heads of the metatarsals),
/// the skin is at least 78 mm across (73 mm without those pads), and at least 5 mm broader than across the
/// midfoot 4 cm further back.
#[test]
fn the_foot_is_broadest_across_the_ball() {
    let ankle = lm("ankle_r_joint_centre");
    let breadth = |ahead: f32| foot_breadth(0.02, ankle.z + ahead);
    let (ball, midfoot) = (breadth(0.115), breadth(0.075));
    assert!(
        ball >= 0.078,
        "the ball of the foot is {} mm across",
        ball * 1000.0
    );
    assert!(
        ball >= midfoot + 0.005,
        "the ball is {} mm across, the midfoot {} mm",
        ball * 1000.0,
        midfoot * 1000.0
    );
}

/// Flexor digitorum longus ends in four tendons, one under each lesser toe, not in one band across the sole:
/// across the right foot 12 and 12.5 cm in front of the ankle joint's centre (just in front of the heads of
/// the metatarsals), seen from below, the muscle shows four strands, each at most 6 mm broad and under a
/// toe's bones, with gaps between them (the band it ended in was one strand 10 mm broad there).
#[test]
fn flexor_digitorum_longus_ends_in_four_tendons_under_the_lesser_toes() {
    let ankle = lm("ankle_r_joint_centre");
    let (muscle, bones) = (node("flexor_digitorum_longus_r"), node("foot_r"));
    for ahead in [0.120, 0.125] {
        let z = ankle.z + ahead;
        // Runs of the across-foot line, every half millimetre, where the muscle lies below.
        let mut strands: Vec<(f32, f32)> = Vec::new();
        let mut last = false;
        for i in 0..=160 {
            let x = -0.06 - i as f32 * 0.0005;
            let here = under_surface(muscle, x, z).is_some();
            match (here, last) {
                (true, false) => strands.push((x, x)),
                (true, true) => strands.last_mut().expect("a strand").1 = x,
                _ => {}
            }
            last = here;
        }
        let widths: Vec<String> = strands
            .iter()
            .map(|(a, b)| format!("{:.1}", (a - b) * 1000.0))
            .collect();
        eprintln!("{ahead}: strands {} mm broad", widths.join(", "));
        assert_eq!(
            strands.len(),
            4,
            "{ahead} m ahead of the ankle the muscle shows strands {} mm broad",
            widths.join(", ")
        );
        for &(a, b) in &strands {
            let x = (a + b) / 2.0;
            assert!(a - b <= 0.006, "a strand {} mm broad", (a - b) * 1000.0);
            let tendon = under_surface(muscle, x, z).expect("the strand");
            let bone = under_surface(bones, x, z);
            assert!(
                bone.is_some_and(|b| b > tendon),
                "the strand at x {x} lies at {tendon}, the bone's underside at {bone:?}"
            );
        }
    }
}

/// The front of the thigh carries a layer of fat, so sartorius does not print through the skin as a rope:
/// from 68 to 78 cm above the ground, out from the femur through the middle of sartorius, the skin lies at
/// least 7.5 mm outside the muscle (as little as 5.5 mm with a thinner layer).
#[test]
fn fat_covers_sartorius_on_the_front_of_the_thigh() {
    let skin = node("skin");
    let muscle = node("sartorius_r");
    for cm in 68..=78 {
        let y = cm as f32 * 0.01;
        let centre = |n: &str| {
            slice_centroid(&node(n).positions, y, 0.005).unwrap_or_else(|| panic!("{n} at {y}"))
        };
        let axis = centre("femur_r").with_y(y);
        let out = (centre("sartorius_r") - axis).with_y(0.0).normalize();
        let reach = |n: &NodeData| 0.3 - first_hit(n, axis + out * 0.3, -out).expect("a hit");
        let fat = reach(skin) - reach(muscle);
        assert!(
            fat >= 0.0075,
            "at y {y} the skin lies {} mm outside sartorius",
            fat * 1000.0
        );
    }
}

/// The tip of the fifth lumbar spinous process does not print through the skin as a pinpoint knob in the
/// furrow: within 6 mm above and below it, the skin in the midline stands no further back than the mean of
/// the skin 4 mm to either side, plus 0.1 mm (0.3 to 0.4 mm proud when the skin wrapped the tip).
#[test]
fn the_fifth_lumbar_spine_makes_no_knob_in_the_skin() {
    let skin = node("skin");
    let tip = backmost("lumbar_l5");
    let back = |x: f32, y: f32| back_surface(skin, Vec3::new(x, y, 0.0)).expect("the skin");
    for mm in -6..=6 {
        let y = tip.y + mm as f32 * 0.001;
        let proud = (back(-0.004, y) + back(0.004, y)) / 2.0 - back(0.0, y);
        assert!(
            proud <= 0.0001,
            "{mm} mm from the tip the midline stands {} mm proud",
            proud * 1000.0
        );
    }
}
