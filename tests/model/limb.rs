//! Relations of the thigh and leg muscles and of the nerve branches below the knee, measured on the
//! committed model (right side: lateral is -X, anterior is +Z).

use glam::Vec3;

use super::*;

/// Centroid of a node's vertices within 5 mm of the height `y`.
fn at(name: &str, y: f32) -> Vec3 {
    slice_centroid(&node(name).positions, y, 0.005)
        .unwrap_or_else(|| panic!("{name} has no vertices at y = {y}"))
}

/// At mid-thigh rectus femoris and vastus intermedius lie in front of the femur, vastus lateralis
/// lateral to it and vastus medialis medial to it (lower down, where it bulges).
#[test]
fn quadriceps_wrap_the_front_of_the_femur() {
    let y = 0.68;
    let femur = at("femur_r", y);
    let rf = at("rectus_femoris_r", y);
    let vi = at("vastus_intermedius_r", y);
    assert!(
        rf.z > femur.z + 0.03,
        "rectus femoris {rf} vs femur {femur}"
    );
    assert!(
        vi.z > femur.z + 0.01 && vi.z < rf.z,
        "vastus intermedius {vi}"
    );
    let vl = at("vastus_lateralis_r", y);
    assert!(
        vl.x < femur.x - 0.015,
        "vastus lateralis {vl} vs femur {femur}"
    );
    let low = 0.58;
    let vm = at("vastus_medialis_r", low);
    let femur_low = at("femur_r", low);
    assert!(
        vm.x > femur_low.x + 0.015,
        "vastus medialis {vm} vs femur {femur_low}"
    );
}

/// Sartorius runs from lateral at the hip (the anterior superior iliac spine) to medial at the knee,
/// crossing in front of rectus femoris.
#[test]
fn sartorius_crosses_the_thigh_from_lateral_to_medial() {
    let hip = lm("hip_r_joint_centre");
    let knee = lm("knee_r_joint_centre_tibia_r_origin_at_knee_angle_0_joint_centre");
    let top = at("sartorius_r", 0.90);
    let low = at("sartorius_r", 0.52);
    assert!(top.x < hip.x - 0.02, "sartorius at the hip {top}");
    assert!(low.x > knee.x + 0.03, "sartorius at the knee {low}");
    let mid = at("sartorius_r", 0.78);
    let rf = at("rectus_femoris_r", 0.78);
    assert!(
        mid.z > rf.z,
        "sartorius {mid} is not in front of rectus femoris {rf}"
    );
}

/// The adductors and gracilis lie medial to the femur.
#[test]
fn adductors_lie_medial_to_the_femur() {
    for (name, y) in [
        ("adductor_longus_r", 0.76),
        ("adductor_brevis_r", 0.80),
        ("pectineus_r", 0.83),
        ("gracilis_r", 0.65),
    ] {
        let m = at(name, y);
        let f = at("femur_r", y);
        assert!(
            m.x > f.x + 0.02,
            "{name} {m} is not medial to the femur {f}"
        );
    }
}

/// The common fibular nerve winds round the fibular neck and divides below it: both branches start where
/// it ends, below the neck; the deep branch runs in front of the fibula, the superficial one lateral to it.
#[test]
fn common_fibular_nerve_divides_below_the_fibular_neck() {
    let end = lowest("common_fibular_nerve_r");
    let head = lm("mesh_fibular_head_apex");
    assert!(
        end.y < head.y - 0.025,
        "division {end} is not below the fibular neck"
    );
    for branch in ["superficial_fibular_nerve_r", "deep_fibular_nerve_r"] {
        let top = highest(branch);
        assert!(
            top.distance(end) < 0.008,
            "{branch} starts at {top}, not at {end}"
        );
    }
    let y = 0.25;
    let fibula = at("fibula_r", y);
    let tibia = at("tibia_r", y);
    let deep = at("deep_fibular_nerve_r", y);
    let superficial = at("superficial_fibular_nerve_r", y);
    let membrane = (fibula.z + tibia.z) / 2.0;
    assert!(
        deep.x > fibula.x && deep.x < tibia.x && deep.z > membrane + 0.002,
        "deep fibular nerve {deep} is not in front of the membrane between {tibia} and {fibula}"
    );
    assert!(
        superficial.x < fibula.x,
        "superficial {superficial} vs fibula {fibula}"
    );
}

/// The tibial nerve passes behind the medial malleolus and divides into the plantar nerves, which run
/// forward into the sole.
#[test]
fn tibial_nerve_passes_behind_the_medial_malleolus() {
    let tip = lm("mesh_medial_malleolus_tip");
    let ankle = lm("ankle_r_joint_centre");
    let tib = &node("tibial_nerve_r").positions;
    let near: Vec<Vec3> = tib
        .iter()
        .copied()
        .filter(|p| p.y > tip.y && p.y < tip.y + 0.03)
        .collect();
    assert!(
        !near.is_empty(),
        "the tibial nerve does not reach the malleolus"
    );
    for p in &near {
        assert!(
            p.z < tip.z - 0.01,
            "tibial nerve {p} is not behind the malleolus {tip}"
        );
    }
    for branch in ["medial_plantar_nerve_r", "lateral_plantar_nerve_r"] {
        let pts = &node(branch).positions;
        let front = pts.iter().map(|p| p.z).fold(f32::MIN, f32::max);
        let low = pts.iter().map(|p| p.y).fold(f32::MAX, f32::min);
        assert!(
            front > ankle.z + 0.06,
            "{branch} does not reach the forefoot"
        );
        assert!(low < tip.y - 0.04, "{branch} does not run in the sole");
    }
    let medial = at("medial_plantar_nerve_r", 0.012);
    let lateral = at("lateral_plantar_nerve_r", 0.012);
    assert!(
        medial.x > lateral.x,
        "medial plantar {medial} vs lateral {lateral}"
    );
}

/// Quadratus femoris is a block, not a rod: across its middle, between the tuberosity and the trochanter,
/// it is at least 20 mm tall and 11 mm thick.
#[test]
fn quadratus_femoris_is_a_block() {
    let qf = &node("quadratus_femoris_r").positions;
    let origin = lm("quadratus_femoris_2_origin_tlem");
    let insertion = lm("quadratus_femoris_2_insertion_tlem");
    let mid_x = (origin.x + insertion.x) / 2.0;
    let slab: Vec<Vec3> = qf
        .iter()
        .copied()
        .filter(|p| (p.x - mid_x).abs() < 0.003)
        .collect();
    assert!(!slab.is_empty());
    let span = |f: fn(&Vec3) -> f32| {
        let lo = slab.iter().map(f).fold(f32::MAX, f32::min);
        let hi = slab.iter().map(f).fold(f32::MIN, f32::max);
        hi - lo
    };
    let tall = span(|p| p.y);
    let thick = span(|p| p.z);
    assert!(tall > 0.020, "quadratus femoris is {tall} m tall");
    assert!(thick > 0.011, "quadratus femoris is {thick} m thick");
}

/// Quadratus femoris is a muscle, not a box: half way between the tuberosity and the trochanter, its lower
/// border thins out, so 3 mm above its lowest point it is less than 60% as thick as at its thickest.
#[test]
fn quadratus_femoris_thins_to_its_lower_border() {
    let origin = lm("quadratus_femoris_2_origin_tlem");
    let insertion = lm("quadratus_femoris_2_insertion_tlem");
    let mid_x = (origin.x + insertion.x) / 2.0;
    let slab: Vec<Vec3> = node("quadratus_femoris_r")
        .positions
        .iter()
        .copied()
        .filter(|p| (p.x - mid_x).abs() < 0.002)
        .collect();
    let (bottom, top) = span(&slab, |p| p.y);
    let thick = |y: f32| {
        let row: Vec<Vec3> = slab
            .iter()
            .copied()
            .filter(|p| (p.y - y).abs() < 0.0012)
            .collect();
        let (back, front) = span(&row, |p| p.z);
        front - back
    };
    let thickest = (0..50)
        .map(|i| thick(bottom + (top - bottom) * i as f32 / 50.0))
        .fold(0.0f32, f32::max);
    let border = thick(bottom + 0.003);
    assert!(
        border < 0.6 * thickest,
        "3 mm above its lower border it is {border} m thick, at its thickest {thickest} m"
    );
}

/// Seen from behind, the nerves of the foot stay within its outline: the sural nerve ends at the fifth
/// metatarsal's tuberosity and the lateral plantar nerve near its base, not in the air beside the foot.
#[test]
fn the_nerves_of_the_foot_stay_within_its_outline() {
    let lateral_edge = node("foot_r")
        .positions
        .iter()
        .map(|p| p.x)
        .fold(f32::MAX, f32::min);
    for nerve in [
        "sural_nerve_r",
        "lateral_plantar_nerve_r",
        "medial_plantar_nerve_r",
    ] {
        let outermost = node(nerve)
            .positions
            .iter()
            .filter(|p| p.y < 0.04)
            .map(|p| p.x)
            .fold(f32::MAX, f32::min);
        assert!(
            outermost > lateral_edge - 0.005,
            "{nerve} reaches {outermost}, the foot's lateral edge is {lateral_edge}"
        );
    }
}

/// The foot stands on an arch, not a flat plate: rays from below meet the bones within 8 mm of the ground
/// under the heel and under the head of the first metatarsal, but over 18 mm above it under the navicular,
/// where the medial arch is highest, and 8 mm higher there than under the cuboid on the lateral side.
#[test]
fn the_foot_stands_on_its_arch() {
    let foot = node("foot_r");
    let ground = span(&foot.positions, |p| p.y).0;
    // Height of the bone's underside above the ground at (x, z).
    let underside = |x: f32, z: f32| {
        under_surface(foot, x, z)
            .map(|y| y - ground)
            .unwrap_or_else(|| panic!("no bone under ({x}, {z})"))
    };
    let ankle = lm("ankle_r_joint_centre");
    let heel = lm("marker_r_heel");
    let toe = lm("marker_r_toe_tip");
    let under_heel = underside(heel.x, heel.z + 0.02);
    let under_first_head = underside(toe.x + 0.026, toe.z - 0.07);
    let under_navicular = underside(ankle.x + 0.0125, ankle.z + 0.044);
    let under_cuboid = underside(ankle.x - 0.0205, ankle.z + 0.045);
    eprintln!(
        "heel {under_heel}, first head {under_first_head}, navicular {under_navicular}, cuboid {under_cuboid}"
    );
    assert!(under_heel < 0.008, "the heel is {under_heel} m up");
    assert!(
        under_first_head < 0.008,
        "the first metatarsal head is {under_first_head} m up"
    );
    assert!(
        under_navicular > 0.018,
        "the medial arch is {under_navicular} m high"
    );
    assert!(
        under_navicular > under_cuboid + 0.008,
        "the medial arch ({under_navicular} m) is not clearly higher than the lateral ({under_cuboid} m)"
    );
}

/// The calcaneus is not a plank on the ground: from its tuberosity, which bears the heel, its underside
/// rises forward to the joint with the cuboid, so along the lateral column the bone stands at least 10 mm
/// higher 3.5 cm in front of the ankle joint's centre than 3 cm in front of the heel (lying flat it rose
/// 1.5 mm; the calcaneal pitch of a standing foot is some 20 degrees, less in this low foot).
#[test]
fn the_calcaneus_rises_forward_from_the_heel() {
    let foot = node("foot_r");
    let heel = lm("marker_r_heel");
    let ankle = lm("ankle_r_joint_centre");
    let x = heel.x - 0.004;
    let under = |z: f32| under_surface(foot, x, z).unwrap_or_else(|| panic!("no bone under z {z}"));
    let (back, front) = (under(heel.z + 0.03), under(ankle.z + 0.035));
    eprintln!("under the tuberosity {back}, at the cuboid {front}");
    assert!(
        front - back >= 0.010,
        "the calcaneus rises only {} mm from the heel to the cuboid",
        (front - back) * 1000.0
    );
}

/// The calcaneus is one block from its tuberosity to the talus, not a disc on the end of a rod: along three
/// lines from back to front (through the middle of the heel and 6 mm either side), the bone just behind the
/// talus (2.5 cm behind the ankle joint's centre) stands at least 0.72 of its greatest height over the
/// tuberosity along the same line (0.76 to 0.93 here; the rod behind a tuberosity 4 cm tall stood 0.64 of
/// it through the middle of the heel, a waist that read from the side as a knob on a stick).
#[test]
fn the_calcaneus_is_a_block_behind_the_talus() {
    let foot = node("foot_r");
    let heel = lm("marker_r_heel");
    let ankle = lm("ankle_r_joint_centre");
    let height = |x: f32, z: f32| {
        let top = top_surface(foot, x, z).unwrap_or_else(|| panic!("no bone over ({x}, {z})"));
        let under = under_surface(foot, x, z).unwrap_or_else(|| panic!("no bone under ({x}, {z})"));
        top - under
    };
    let front = ankle.z - 0.025;
    for dx in [-0.006, 0.0, 0.006] {
        let x = heel.x + 0.002 + dx;
        let tallest = (0..)
            .map(|i| heel.z + 0.008 + i as f32 * 0.002)
            .take_while(|z| *z < front)
            .map(|z| height(x, z))
            .fold(0.0f32, f32::max);
        let behind_talus = height(x, front);
        let share = behind_talus / tallest;
        eprintln!("x {x}: tuberosity {tallest} m, behind the talus {behind_talus} m ({share})");
        assert!(
            share >= 0.72,
            "at x {x} the calcaneus is {behind_talus} m tall behind the talus against {tallest} m at its tuberosity"
        );
    }
}

/// From behind, the calcaneal tuberosity stands on the broad base of its medial and lateral processes, not
/// on the point of an egg: 2.2 cm in front of the heel's marker, 4 mm above the bone's lowest point there,
/// it is at least 0.8 as broad as 15 mm higher up (0.91 here; the egg-shaped tuberosity 0.61).
#[test]
fn the_calcaneus_stands_on_a_broad_base() {
    let foot = node("foot_r");
    let heel = lm("marker_r_heel");
    let z = heel.z + 0.022;
    let bottom = under_surface(foot, heel.x + 0.002, z).expect("the heel bone");
    let (base, above) = (
        breadth_across(foot, bottom + 0.004, z),
        breadth_across(foot, bottom + 0.019, z),
    );
    eprintln!("the tuberosity: {base} m across at its base, {above} m 15 mm higher");
    assert!(
        base >= 0.8 * above,
        "4 mm above its lowest point the calcaneus is {base} m across, 15 mm higher {above} m"
    );
}

/// The first metatarsal slopes down from the midfoot to its head on the ground: along the big toe's ray the
/// top of the bone falls at least 13 degrees over the 5 cm in front of the cuneiforms (14.8 here; it fell
/// 10.5, a ray lying nearly flat; the declination of a standing foot is some 20 degrees, less in this
/// model's low foot).
#[test]
fn the_first_metatarsal_slopes_down_to_its_head() {
    let foot = node("foot_r");
    let toe = lm("marker_r_toe_tip");
    let x = toe.x + 0.026;
    let top = |z: f32| top_surface(foot, x, z).unwrap_or_else(|| panic!("no bone over ({x}, {z})"));
    let (back, front) = (top(toe.z - 0.136), top(toe.z - 0.086));
    let degrees = ((back - front) / 0.05).atan().to_degrees();
    eprintln!("the top of the first metatarsal: {back} m, 5 cm ahead {front} m, {degrees} degrees");
    assert!(
        degrees >= 13.0,
        "the first metatarsal slopes down only {degrees} degrees"
    );
}

/// The lateral malleolus stands out at the side of the ankle: the fibular tendons pass behind it, not
/// outside it (1 cm above its tip neither reaches as far out as the bone; longus ran 3 mm outside it),
/// and the skin's lateral outline over the malleolus lies at least 3 mm further out than 4 to 7 cm above
/// its tip, where the leg narrows (4.8 mm here; with the tendons outside the bone the outline was some
/// 3 mm wider above the malleolus than over it, an ankle with no knob).
#[test]
fn the_lateral_malleolus_stands_out_at_the_side_of_the_ankle() {
    let tip = lm("mesh_lateral_malleolus_tip");
    let outermost = |name: &str, y: f32| {
        let (x, _) = span(&at_y(name, y, 0.002), |p| p.x);
        x
    };
    let bone = outermost("fibula_r", tip.y + 0.01);
    for tendon in ["fibularis_longus_r", "fibularis_brevis_r"] {
        let x = outermost(tendon, tip.y + 0.01);
        assert!(
            x > bone,
            "{tendon} reaches {x}, further out than the malleolus at {bone}"
        );
    }
    // How far out the skin's lateral outline lies at height y, seen from the front.
    let outline = |y: f32| {
        (0..40)
            .map(|i| -0.13 + i as f32 * 0.002)
            .filter_map(|z| first_hit(node("skin"), Vec3::new(-0.5, y, z), Vec3::X))
            .fold(f32::MAX, f32::min)
    };
    let widest = |ys: &[f32]| ys.iter().map(|y| outline(*y)).fold(f32::MAX, f32::min);
    let over = widest(&[tip.y, tip.y + 0.01, tip.y + 0.02]);
    let above = widest(&[tip.y + 0.04, tip.y + 0.05, tip.y + 0.06, tip.y + 0.07]);
    eprintln!(
        "the outline over the malleolus {} m out, above it {} m",
        0.5 - over,
        0.5 - above
    );
    assert!(
        above - over >= 0.003,
        "the malleolus stands out only {} m",
        above - over
    );
}

/// The sural nerve passes close behind the lateral malleolus, between it and the calcaneal tendon: 1 cm
/// above the malleolus's tip the nerve lies at most 20 mm behind the bone and at least 6 mm in front of
/// the tendon (16.5 and 22.7 mm here; it ran 30.8 mm behind the bone, 8.4 mm from the tendon, nearer the
/// heel than the ankle).
#[test]
fn the_sural_nerve_passes_close_behind_the_lateral_malleolus() {
    let y = lm("mesh_lateral_malleolus_tip").y + 0.01;
    let (back_of_bone, _) = span(&at_y("fibula_r", y, 0.002), |p| p.z);
    let (_, front_of_tendon) = span(&at_y("gastrocnemius_medial_head_r", y, 0.002), |p| p.z);
    let nerve = at_y("sural_nerve_r", y, 0.002);
    let (a, b) = span(&nerve, |p| p.z);
    let centre = (a + b) / 2.0;
    eprintln!(
        "the nerve at z {centre}, the malleolus's back {back_of_bone}, the tendon's front {front_of_tendon}"
    );
    assert!(
        back_of_bone - centre <= 0.020,
        "the nerve lies {} m behind the malleolus",
        back_of_bone - centre
    );
    assert!(
        centre - front_of_tendon >= 0.006,
        "the nerve lies {} m in front of the tendon",
        centre - front_of_tendon
    );
}

/// The tibial nerve and the tendon of tibialis posterior pass behind the medial malleolus, in the tarsal
/// tunnel under the flexor retinaculum, not medial to the bone: from the malleolus's tip to 2 cm above it
/// neither reaches more than 3 mm further medially than the tibia at the same height (at most 0.8 mm here;
/// the nerve stood 6 mm medial of the bone at the tip, the most medial thing at the ankle, widening its
/// outline, and the tendon up to 4.6 mm).
#[test]
fn the_tarsal_tunnel_lies_behind_the_medial_malleolus() {
    let tip = lm("mesh_medial_malleolus_tip");
    for k in 0..3 {
        let y = tip.y + 0.01 * k as f32;
        let (_, bone) = span(&at_y("tibia_r", y, 0.002), |p| p.x);
        for name in ["tibial_nerve_r", "tibialis_posterior_r"] {
            let (_, x) = span(&at_y(name, y, 0.002), |p| p.x);
            eprintln!("y {y}: {name} {x}, the tibia {bone}");
            assert!(
                x - bone <= 0.003,
                "y {y}: {name} reaches {} m medial of the tibia",
                x - bone
            );
        }
    }
}

/// The tibia's lower end is the roof of the ankle joint with the medial malleolus hanging down beside the
/// talus, not a rounded stump: across the joint's centre, from 8 mm lateral to 6 mm medial of it, the
/// tibia's underside lies level within 1.5 mm (it sloped by 3.8 mm) and 2 to 6 mm above the talus's dome (up
/// to 7.8 mm before); and the malleolus reaches at least 7 mm below that roof (8.4 mm here; the stump's
/// lowest point was 2.2 mm below its middle).
#[test]
fn the_tibia_roofs_the_talus_and_the_medial_malleolus_hangs_beside_it() {
    let ankle = lm("ankle_r_joint_centre");
    let (tibia, foot) = (node("tibia_r"), node("foot_r"));
    let mut roof = Vec::new();
    for dx in (-8..=6).step_by(2) {
        let x = ankle.x + dx as f32 * 0.001;
        let under = under_surface(tibia, x, ankle.z).expect("the tibia over the ankle");
        let dome = top_surface(foot, x, ankle.z).expect("the talus under the tibia");
        eprintln!("{dx} mm: the tibia's underside {under}, the talus's top {dome}");
        assert!(
            (0.002..=0.006).contains(&(under - dome)),
            "{dx} mm from the ankle's centre the joint space is {} mm",
            (under - dome) * 1000.0
        );
        roof.push(under);
    }
    let (low, high) = span_of(&roof);
    assert!(
        high - low <= 0.0015,
        "the roof of the joint slopes by {} mm",
        (high - low) * 1000.0
    );
    let tip = lowest("tibia_r");
    let hang = under_surface(tibia, ankle.x, ankle.z).expect("the roof") - tip.y;
    eprintln!("the malleolus's tip {tip}, {hang} m below the roof");
    assert!(
        hang >= 0.007 && tip.x > ankle.x + 0.01,
        "the tibia's lowest point, {tip}, lies {} mm below the roof",
        hang * 1000.0
    );
}

/// Psoas major is a thick spindle of muscle beside the lumbar bodies, not a strap: on horizontal sections
/// every centimetre from 95 to 103 cm up (from the pelvic brim to L5's body) it is at its broadest at least
/// 34 mm across and 28 mm from front to back (40.5 and 34.4 mm here; the strap before, 28.7 and 25.4 mm).
#[test]
fn psoas_major_is_a_thick_belly_beside_the_lumbar_spine() {
    let (mut across, mut deep) = (0.0f32, 0.0f32);
    for cm in 95..=103 {
        let slice = at_y("psoas_major_r", cm as f32 * 0.01, 0.0015);
        let ((x0, x1), (z0, z1)) = (span(&slice, |p| p.x), span(&slice, |p| p.z));
        across = across.max(x1 - x0);
        deep = deep.max(z1 - z0);
    }
    eprintln!("psoas major: {across} m across, {deep} m deep at its broadest");
    assert!(
        across >= 0.034 && deep >= 0.028,
        "psoas major is at most {} mm across and {} mm deep",
        across * 1000.0,
        deep * 1000.0
    );
}

/// The sciatic nerve gives the hamstrings their branches: each branch leaves the nerve's surface and ends
/// on the muscle it supplies; the first branches to the long head of biceps and to semitendinosus enter 5 to
/// 9 cm below the ischial tuberosity, the branch to semimembranosus and the second ones 11 to 16 cm below it;
/// and the short head's branch leaves the lateral (common fibular) side of the nerve.
#[test]
fn the_sciatic_nerve_branches_into_the_hamstrings() {
    let anatomy = Anatomy::embedded();
    let paths = anatomy.nerve_paths("hamstring_nerve_branches", None);
    assert_eq!(paths.len(), 6);
    let tuberosity = lm("mesh_ischial_tuberosity_lowest_point");
    let nerve = node("sciatic_nerve_r");
    let mut supplied = Vec::new();
    for path in paths {
        let start = Vec3::from(path.points[0].position);
        let end = Vec3::from(path.points.last().expect("points").position);
        let off = surface_distance(nerve, start);
        assert!(off < 0.003, "{} starts {off} m from the nerve", path.label);
        let muscle = [
            ("short head", "biceps_femoris_short_head"),
            ("long head", "biceps_femoris_long_head"),
            ("semitendinosus", "semitendinosus"),
            ("semimembranosus", "semimembranosus"),
        ]
        .into_iter()
        .find(|(words, _)| path.label.contains(words))
        .map(|(_, m)| m)
        .unwrap_or_else(|| panic!("{} names no hamstring", path.label));
        let on = surface_distance(node(&format!("{muscle}_r")), end);
        assert!(on < 0.004, "{} ends {on} m from {muscle}", path.label);
        let below = tuberosity.y - end.y;
        let (lo, hi) = if path.label.starts_with("first") {
            (0.05, 0.09)
        } else if muscle == "biceps_femoris_short_head" {
            (0.16, 0.30)
        } else {
            (0.11, 0.16)
        };
        assert!(
            (lo..hi).contains(&below),
            "{} enters {below} m below the tuberosity",
            path.label
        );
        if muscle == "biceps_femoris_short_head" {
            let trunk =
                slice_centroid(&nerve.positions, start.y, 0.004).expect("the nerve at the branch");
            assert!(start.x < trunk.x, "the short head's branch leaves medially");
        }
        supplied.push(muscle);
    }
    supplied.sort();
    supplied.dedup();
    assert_eq!(supplied.len(), 4, "{supplied:?}");
}

/// Adductor magnus is a sheet, not a comb of separate bundles: at two levels of the upper thigh, every ray
/// from behind between its lateral and medial edges (over 40 mm apart) meets the muscle.
#[test]
fn adductor_magnus_is_a_continuous_sheet() {
    let am = node("adductor_magnus_r");
    for y in [0.74f32, 0.70] {
        let (lateral, medial) = span(&at_y("adductor_magnus_r", y, 0.003), |p| p.x);
        assert!(
            medial - lateral > 0.04,
            "at {y}: {} across",
            medial - lateral
        );
        let mut x = lateral + 0.004;
        while x < medial - 0.004 {
            assert!(
                back_surface(am, Vec3::new(x, y, 0.0)).is_some(),
                "at {y}: a gap at x = {x} ({lateral} to {medial})"
            );
            x += 0.002;
        }
    }
}

/// Adductor magnus's adductor part is fleshy to its insertion on the linea aspera, so it reads as the red
/// muscular bed the sciatic nerve lies on, not a pale membrane: from 62 to 80 cm up, at least 85% of its
/// vertices are red muscle (the model that coloured its thin parts as tendon: 56%).
#[test]
fn adductor_magnus_is_red_muscle_under_the_nerve() {
    let share = red_share("adductor_magnus_r", |p| (0.62..0.80).contains(&p.y));
    assert!(share >= 0.85, "{share} of adductor magnus is red muscle");
}

/// Iliacus fills the iliac fossa: looking from the front at the middle of the fossa, and at points
/// towards its front and back, the muscle lies in front of the bone.
#[test]
fn iliacus_fills_the_iliac_fossa() {
    let (iliacus, bone) = (node("iliacus_r"), node("hip_bone_r"));
    for (x, y) in [(-0.105f32, 0.960f32), (-0.118, 0.965), (-0.095, 0.975)] {
        let origin = Vec3::new(x, y, 1.0);
        let muscle = first_hit(iliacus, origin, -Vec3::Z);
        let wing = first_hit(bone, origin, -Vec3::Z).expect("the wing is there");
        assert!(
            muscle.is_some_and(|m| m < wing),
            "at ({x}, {y}): iliacus {muscle:?}, bone {wing}"
        );
    }
}

/// Behind the thigh no bare femur shows: at three levels of the upper and middle thigh, every ray from
/// behind across the femur's width meets a muscle (or the iliotibial band) before the bone.
#[test]
fn muscles_cover_the_back_of_the_femur() {
    let femur = node("femur_r");
    let cover: Vec<&NodeData> = [
        "vastus_lateralis_r",
        "adductor_magnus_r",
        "biceps_femoris_short_head_r",
        "biceps_femoris_long_head_r",
        "semitendinosus_r",
        "semimembranosus_r",
        "gluteus_maximus_r",
        "quadratus_femoris_r",
        "iliotibial_band_r",
    ]
    .iter()
    .map(|n| node(n))
    .collect();
    for y in [0.74f32, 0.70, 0.66] {
        let (lateral, medial) = span(&at_y("femur_r", y, 0.003), |p| p.x);
        let mut x = lateral + 0.003;
        while x < medial - 0.003 {
            let at = Vec3::new(x, y, 0.0);
            if let Some(bone) = back_surface(femur, at) {
                let muscle = cover
                    .iter()
                    .filter_map(|n| back_surface(n, at))
                    .reduce(f32::min);
                assert!(
                    muscle.is_some_and(|m| m < bone),
                    "at ({x}, {y}) the femur ({bone}) is bare: {muscle:?}"
                );
            }
            x += 0.002;
        }
    }
}

/// The two heads of gastrocnemius end on one broad, flat aponeurosis that narrows into the calcaneal
/// tendon: below the bellies, the calf's tendon sheet is over 28 mm broad and under a third as deep.
#[test]
fn gastrocnemius_ends_on_a_broad_aponeurosis() {
    let slice = at_y("gastrocnemius_medial_head_r", 0.20, 0.003);
    let (x0, x1) = span(&slice, |p| p.x);
    let (z0, z1) = span(&slice, |p| p.z);
    eprintln!("aponeurosis: {} broad, {} deep", x1 - x0, z1 - z0);
    assert!(x1 - x0 > 0.028 && x1 - x0 > 3.0 * (z1 - z0));
}

/// The calf's bulk is the two heads of gastrocnemius: seen from behind at the level of their bellies,
/// together they span at least 88 mm (a calf about 11 cm across under its skin), and the medial head
/// reaches further down than the lateral and further medially than the tibia.
#[test]
fn the_heads_of_gastrocnemius_fill_the_calf() {
    for y in [0.37, 0.38, 0.39] {
        let medial = at_y("gastrocnemius_medial_head_r", y, 0.003);
        let lateral = at_y("gastrocnemius_lateral_head_r", y, 0.003);
        let (_, inner) = span(&medial, |p| p.x);
        let (outer, _) = span(&lateral, |p| p.x);
        eprintln!("y {y}: gastrocnemius spans {} mm", (inner - outer) * 1000.0);
        assert!(
            inner - outer > 0.088,
            "y {y}: the heads span {}",
            inner - outer
        );
        let (_, tibia) = span(&at_y("tibia_r", y, 0.003), |p| p.x);
        assert!(
            inner > tibia + 0.015,
            "y {y}: the medial head ends at {inner}, the tibia at {tibia}"
        );
    }
    assert!(
        lowest_belly("gastrocnemius_medial_head_r") < lowest_belly("gastrocnemius_lateral_head_r")
    );
}

/// The lowest level at which a muscle's cross-section is still at least 25 mm broad.
fn lowest_belly(name: &str) -> f32 {
    (0..200)
        .map(|i| 0.45 - i as f32 * 0.002)
        .filter(|y| {
            let slice = at_y(name, *y, 0.002);
            !slice.is_empty() && {
                let (a, b) = span(&slice, |p| p.x);
                b - a > 0.025
            }
        })
        .fold(f32::MAX, f32::min)
}

/// The toes are jointed: running forward along the top of a toe, which slopes down to its tip, the bone
/// rises again onto the base of each phalanx past the first, once in the big toe (two phalanges) and twice
/// in a lesser toe (three).
#[test]
fn the_toes_show_their_joints() {
    let foot = node("foot_r");
    let toe = lm("marker_r_toe_tip");
    let joints = |x: f32, from: f32, to: f32| {
        let profile: Vec<f32> = (0..)
            .map(|i| from + i as f32 * 0.0005)
            .take_while(|z| *z < to)
            .map(|z| top_surface(foot, x, z).unwrap_or_else(|| panic!("no bone at ({x}, {z})")))
            .collect();
        // A joint: the lowest point within 4 mm either way, with the bone at least 0.5 mm higher within
        // 4 mm after it.
        let w = 8;
        let dips: Vec<usize> = (w..profile.len() - w)
            .filter(|&i| {
                let h = profile[i];
                let after = &profile[i + 1..=i + w];
                profile[i - w..=i + w].iter().all(|p| *p >= h)
                    && after.iter().copied().fold(f32::MIN, f32::max) - h > 0.0005
            })
            .collect();
        // One dip per joint, even where the lowest point spans two samples.
        dips.windows(2).filter(|d| d[1] - d[0] > 2).count() + usize::from(!dips.is_empty())
    };
    // The big toe from behind its metatarsal head to its tip; the third toe likewise.
    let big = joints(toe.x + 0.026, toe.z - 0.08, toe.z - 0.006);
    let third = joints(toe.x, toe.z - 0.086, toe.z - 0.028);
    assert_eq!(
        big, 1,
        "the big toe shows {big} joints between its phalanges"
    );
    assert_eq!(
        third, 2,
        "the third toe shows {third} joints between its phalanges"
    );
}

/// Flexor hallucis longus ends on the base of the big toe's distal phalanx, under the toe: the tendon's
/// foremost vertex lies within 3 mm across of the big toe's bones, below them and within 6 mm of their
/// underside (it ended 9 mm lateral of the big toe, beside the cleft of the second).
#[test]
fn flexor_hallucis_longus_ends_under_the_big_toe() {
    let tendon = &node("flexor_hallucis_longus_r").positions;
    let end = *tendon
        .iter()
        .max_by(|a, b| a.z.total_cmp(&b.z))
        .expect("the tendon");
    let first_ray = lm("marker_r_toe_tip").x + 0.026;
    assert!(
        (end.x - first_ray).abs() < 0.003,
        "the tendon ends {} mm across from the big toe's bones",
        (end.x - first_ray).abs() * 1000.0
    );
    let bone =
        under_surface(node("foot_r"), end.x, end.z).expect("the big toe over the tendon's end");
    assert!(
        end.y < bone && bone - end.y < 0.006,
        "the tendon ends at y {}, the bone's underside is at {bone}",
        end.y
    );
}

/// Extensor digitorum longus ends in four tendons, one to each lesser toe, lying on the bones of the
/// dorsum rather than as one sheet above them.
#[test]
fn extensor_digitorum_longus_splits_into_four_tendons_on_the_dorsum() {
    let toe = lm("marker_r_toe_tip");
    // Across the metatarsal heads.
    let z = toe.z - 0.072;
    let mut pts = near("extensor_digitorum_longus_r", |p| p.z, z, 0.002);
    pts.sort_by(|a, b| a.x.total_cmp(&b.x));
    let mut tendons: Vec<Vec<Vec3>> = Vec::new();
    for p in pts {
        match tendons.last_mut() {
            Some(t) if p.x - t[t.len() - 1].x < 0.004 => t.push(p),
            _ => tendons.push(vec![p]),
        }
    }
    assert_eq!(tendons.len(), 4, "{} tendons", tendons.len());
    let foot = node("foot_r");
    let edl = node("extensor_digitorum_longus_r");
    for t in &tendons {
        let (x0, x1) = span(t, |p| p.x);
        assert!(x1 - x0 < 0.007, "a tendon {} m wide", x1 - x0);
        let x = (x0 + x1) / 2.0;
        let underside = under_surface(edl, x, z).expect("the tendon over this point");
        let bone = top_surface(foot, x, z).expect("bone under the tendon");
        assert!(
            (underside - bone).abs() < 0.002,
            "the tendon at x {x} lies {} m above the bone",
            underside - bone
        );
    }
}

/// Seen from behind with the skin off, the hamstrings cover the sciatic nerve down the thigh; the nerve
/// comes to the surface only near the apex of the popliteal fossa, between biceps and the medial
/// hamstrings.
#[test]
fn the_hamstrings_cover_the_sciatic_nerve_in_the_thigh() {
    let nerve = node("sciatic_nerve_r");
    let hamstrings = [
        "biceps_femoris_long_head_r",
        "semitendinosus_r",
        "semimembranosus_r",
    ];
    let covered = |y: f32| {
        let centre = slice_centroid(&nerve.positions, y, 0.012).expect("the nerve at this level");
        let at = Vec3::new(centre.x, y, 0.0);
        let at_nerve = back_surface(nerve, at).expect("the ray meets the nerve");
        hamstrings
            .iter()
            .filter_map(|m| back_surface(node(m), at))
            .any(|z| z < at_nerve)
    };
    // From below the gluteal fold to 3.5 cm above the nerve's division, every 5 mm; bare 1 cm above it.
    let division = lm("sciatic_nerve_b").y;
    let mut y = 0.75;
    while y > division + 0.035 {
        assert!(covered(y), "the nerve lies bare at y {y}");
        y -= 0.005;
    }
    assert!(
        !covered(division + 0.01),
        "the nerve is hidden at the apex of the popliteal fossa"
    );
}

/// The iliotibial band does not stop on the femoral condyle: it runs on past the knee joint, down and
/// forward to Gerdy's tubercle on the anterolateral tibial condyle. Its lowest point lies more than 15 mm
/// below the lateral femoral condyle's landmark, in front of the fibular head, and on the tibia (within
/// 3 mm of its surface).
#[test]
fn the_iliotibial_band_reaches_gerdys_tubercle() {
    let end = lowest("iliotibial_band_r");
    let condyle = lm("lateral_condyle_tlem");
    let fibula = lm("fibular_head_tlem");
    assert!(
        end.y < condyle.y - 0.015,
        "the band ends {} mm below the condyle",
        (condyle.y - end.y) * 1000.0
    );
    assert!(
        end.z > fibula.z + 0.02,
        "the band ends at z {}, beside the fibula",
        end.z
    );
    let d = surface_distance(node("tibia_r"), end);
    assert!(
        d < 0.003,
        "the band's end is {} mm from the tibia",
        d * 1000.0
    );
}

/// Seen from behind with the skin off, soleus shows on both sides of the calcaneal tendon in the lower
/// calf, below the bellies of gastrocnemius: at 17, 19 and 21 cm above the ground the first thing met from
/// behind, scanning across the leg every millimetre, is soleus for at least 8 mm lateral of the
/// gastrocnemius tendon and at least 8 mm medial of it.
#[test]
fn soleus_shows_either_side_of_the_calcaneal_tendon() {
    let frame = [
        "soleus_r",
        "gastrocnemius_medial_head_r",
        "gastrocnemius_lateral_head_r",
        "fibularis_longus_r",
        "fibularis_brevis_r",
        "flexor_digitorum_longus_r",
        "flexor_hallucis_longus_r",
        "tibialis_posterior_r",
        "tibia_r",
        "fibula_r",
    ];
    let gastrocnemius = |n: &str| n.starts_with("gastrocnemius");
    for y in [0.17, 0.19, 0.21] {
        let seen: Vec<(f32, &str)> = (0..90)
            .map(|i| -0.135 + i as f32 * 0.001)
            .filter_map(|x| first_from_behind(&frame, x, y).map(|n| (x, n)))
            .collect();
        let tendon: Vec<f32> = seen
            .iter()
            .filter(|(_, n)| gastrocnemius(n))
            .map(|(x, _)| *x)
            .collect();
        let (lateral_edge, medial_edge) = (tendon[0], tendon[tendon.len() - 1]);
        let soleus_width = |keep: &dyn Fn(f32) -> bool| {
            seen.iter()
                .filter(|(x, n)| *n == "soleus_r" && keep(*x))
                .count() as f32
        };
        let lateral = soleus_width(&|x| x < lateral_edge);
        let medial = soleus_width(&|x| x > medial_edge);
        assert!(
            lateral >= 8.0 && medial >= 8.0,
            "at y {y} soleus shows {lateral} mm lateral and {medial} mm medial of the tendon"
        );
    }
}

/// Seen from the side with the skin off, vastus lateralis is the broad muscle in front of the iliotibial
/// band, the bulk of the lateral thigh, not a sliver beside rectus femoris: at 64, 68 and 72 cm above the
/// ground, rays from the lateral side every millimetre in front of the band's front edge meet vastus
/// lateralis first over at least 24 mm.
#[test]
fn vastus_lateralis_fills_the_thigh_in_front_of_the_iliotibial_band() {
    let frame = [
        "vastus_lateralis_r",
        "vastus_intermedius_r",
        "rectus_femoris_r",
        "sartorius_r",
        "tensor_fasciae_latae_r",
        "iliotibial_band_r",
        "femur_r",
    ];
    for y in [0.64f32, 0.68, 0.72] {
        let first = |z: f32| first_from_side(&frame, y, z);
        let band_front = (0..200)
            .map(|i| -0.16 + i as f32 * 0.001)
            .filter(|z| first(*z) == Some("iliotibial_band_r"))
            .fold(f32::MIN, f32::max);
        let muscle = (1..80)
            .map(|i| band_front + i as f32 * 0.001)
            .filter(|z| first(*z) == Some("vastus_lateralis_r"))
            .count();
        assert!(
            muscle >= 24,
            "at y {y} vastus lateralis shows over {muscle} mm in front of the band"
        );
    }
}

/// In the thigh the sciatic nerve lies on adductor magnus, not in a space in front of the hamstrings: from
/// 64 to 78 cm above the ground, straight from behind through the nerve's middle, adductor magnus begins
/// less than 3 mm in front of the nerve (11 to 13 mm when the muscle was a thin sheet).
#[test]
fn the_sciatic_nerve_lies_on_adductor_magnus_in_the_thigh() {
    let nerve = node("sciatic_nerve_r");
    let muscle = node("adductor_magnus_r");
    for cm in 64..=78 {
        let y = cm as f32 * 0.01;
        let centre = slice_centroid(&nerve.positions, y, 0.008).expect("the nerve at this level");
        let back = back_surface(muscle, Vec3::new(centre.x, y, 0.0)).expect("adductor magnus");
        let nerve_front = 1.0
            - first_hit(nerve, Vec3::new(centre.x, y, 1.0), Vec3::NEG_Z)
                .expect("the nerve's front");
        let gap = back - nerve_front;
        assert!(
            (0.0..0.003).contains(&gap),
            "at y {y} adductor magnus begins {} mm in front of the nerve",
            gap * 1000.0
        );
    }
}

/// The long head of biceps femoris is broad below the buttock, so from behind (skin and gluteus maximus
/// away) it closes onto the short head and vastus lateralis: from 70 to 74 cm above the ground, no ray
/// from behind between 8.5 and 12.5 cm lateral of the midline meets adductor magnus first (a strip up to
/// 8 mm wide showed there, deep between the heads).
#[test]
fn the_long_head_of_biceps_closes_the_upper_back_of_the_thigh() {
    let frame = [
        "biceps_femoris_long_head_r",
        "biceps_femoris_short_head_r",
        "adductor_magnus_r",
        "vastus_lateralis_r",
        "semitendinosus_r",
        "semimembranosus_r",
        "femur_r",
        "iliotibial_band_r",
    ];
    for mm in (700..=740).step_by(5) {
        let y = mm as f32 * 0.001;
        for i in 0..40 {
            let x = -0.125 + i as f32 * 0.001;
            assert_ne!(
                first_from_behind(&frame, x, y),
                Some("adductor_magnus_r"),
                "adductor magnus shows between the heads of biceps at x {x}, y {y}"
            );
        }
    }
}
