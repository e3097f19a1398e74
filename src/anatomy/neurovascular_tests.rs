//! Checks of the nerves and blood vessels of the groin, the buttock and the back of the knee: their data,
//! their sources, the frame their points were converted into, and the endangerment sites that hold them.

use glam::Vec3;

use super::*;

/// The nerves and vessels drawn from the notes' section on the danger sites, with their kind.
const ADDED: [(&str, Kind); 11] = [
    ("femoral_nerve", Kind::Nerve),
    ("superior_gluteal_nerve", Kind::Nerve),
    ("inferior_gluteal_nerve", Kind::Nerve),
    ("posterior_femoral_cutaneous_nerve", Kind::Nerve),
    ("pudendal_nerve", Kind::Nerve),
    ("femoral_artery", Kind::Vessel),
    ("femoral_vein", Kind::Vessel),
    ("popliteal_artery", Kind::Vessel),
    ("popliteal_vein", Kind::Vessel),
    ("superior_gluteal_artery", Kind::Vessel),
    ("inferior_gluteal_artery", Kind::Vessel),
];

/// The point of a structure's usual path whose label starts with the notes' row id (`FA1`).
fn row(structure: &str, id: &str) -> Vec3 {
    Anatomy::embedded()
        .nerve_paths(structure, None)
        .iter()
        .flat_map(|p| &p.points)
        .find(|p| p.label.split_whitespace().next() == Some(id))
        .map(|p| Vec3::from(p.position))
        .unwrap_or_else(|| panic!("no point {id} on {structure}"))
}

fn landmark(id: &str) -> Vec3 {
    Vec3::from(Anatomy::embedded().landmark(id).expect(id).position)
}

#[test]
fn every_added_nerve_and_vessel_has_teaching_text_and_a_bilateral_path() {
    let a = Anatomy::embedded();
    for (id, kind) in ADDED {
        let s = a.structure(id).unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(s.kind, kind, "{id}");
        assert_eq!(s.sides, Laterality::Bilateral, "{id}");
        assert!(s.attaches_to.is_empty(), "{id}");
        let t = &s.teaching;
        for (field, text) in [
            ("origin", &t.origin),
            ("insertion", &t.insertion),
            ("action", &t.action),
            ("massage", &t.massage),
        ] {
            assert!(text.len() > 40, "{id}: {field} is too short: {text:?}");
        }
        assert!(
            t.innervation.is_empty(),
            "{id}: a nerve or vessel has no nerve supply field"
        );
        assert!(!a.nerve_paths(id, None).is_empty(), "{id} has no path");
    }
    // Only these structures are vessels.
    let vessels: Vec<&str> = a
        .structures
        .iter()
        .filter(|s| s.kind == Kind::Vessel)
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(vessels.len(), 8, "{vessels:?}");
    assert!(
        vessels
            .iter()
            .all(|v| v.ends_with("_artery") || v.ends_with("_vein"))
    );
}

/// The gluteal veins run beside their arteries: every point of a vein cites the point of its artery it is
/// set off from and Gray's text on the veins, and lies within 6 mm of that point.
#[test]
fn the_gluteal_veins_follow_their_arteries() {
    let a = Anatomy::embedded();
    for (vein, artery) in [
        ("superior_gluteal_vein", "superior_gluteal_artery"),
        ("inferior_gluteal_vein", "inferior_gluteal_artery"),
    ] {
        let s = a
            .structure(vein)
            .unwrap_or_else(|| panic!("{vein} missing"));
        assert_eq!((s.kind, s.sides), (Kind::Vessel, Laterality::Bilateral));
        assert!(s.teaching.massage.len() > 40, "{vein}");
        let paths = a.nerve_paths(vein, None);
        assert!(!paths.is_empty(), "{vein} has no path");
        for p in paths.iter().flat_map(|p| &p.points) {
            let cited = p.source.split_whitespace().next().unwrap_or_default();
            assert!(p.source.contains("GRAY1918-V"), "{vein}: {:?}", p.source);
            let off = Vec3::from(p.position).distance(row(artery, cited));
            assert!(off < 0.006, "{vein} {}: {off} m from {cited}", p.label);
        }
    }
}

/// Every point of the added paths names its row of the notes first in its label and cites that row (or,
/// for a shaping point, the rows it lies between) and the studies in `source`.
#[test]
fn every_added_point_cites_its_row_and_source() {
    let a = Anatomy::embedded();
    let mut points = 0;
    for (id, _) in ADDED {
        for path in a.nerve_paths(id, None) {
            for p in &path.points {
                let row = p.label.split_whitespace().next().unwrap_or_default();
                assert!(
                    row.len() >= 3 && row.starts_with(|c: char| c.is_ascii_uppercase()),
                    "{id}: label {:?} does not start with its row",
                    p.label
                );
                // A shaping point names the two rows it lies between.
                let shaping = p.label.ends_with("(shaping point)") && p.source.contains("between");
                assert!(
                    p.source.starts_with('§') && (p.source.contains(row) || shaping),
                    "{id} {row}: source {:?}",
                    p.source
                );
                assert!(p.landmark.is_none(), "{id} {row}: not a landmark row");
                assert_ne!(
                    p.status,
                    Status::Read,
                    "{id} {row}: no point is read as such"
                );
                assert!(
                    p.half_thickness > 0.0 && p.half_width <= 0.006,
                    "{id} {row}"
                );
                points += 1;
            }
        }
    }
    assert!(points >= 60, "{points} points");
}

/// The notes give these points as offsets from the sciatic nerve's N1 and N2 (gait2392 frame, x anterior,
/// y up, z right, millimetres). Measured in the model frame against the landmark rows, they show the
/// conversion X = -z, Y = y + 0.944, Z = x was applied to every axis with its sign.
#[test]
fn the_points_were_converted_into_the_model_frame() {
    let n1 = landmark("sciatic_nerve_n1");
    let n2 = landmark("sciatic_nerve_n2");
    let gait = |x: f32, y: f32, z: f32| Vec3::new(-z, y, x) / 1000.0;
    for (structure, id, from, offset) in [
        (
            "inferior_gluteal_artery",
            "IGA1",
            n1,
            gait(-3.7, -2.3, -9.4),
        ),
        ("inferior_gluteal_nerve", "IGN1", n1, gait(-7.0, 3.0, -3.0)),
        (
            "posterior_femoral_cutaneous_nerve",
            "PF1",
            n1,
            gait(-4.8, -1.4, -1.9),
        ),
        (
            "inferior_gluteal_artery",
            "IGA2",
            n2,
            gait(-11.0, -1.0, -11.0),
        ),
        (
            "posterior_femoral_cutaneous_nerve",
            "PF2",
            n2,
            gait(-5.5, 0.0, -3.0),
        ),
    ] {
        let got = row(structure, id);
        assert!(
            got.distance(from + offset) < 0.0008,
            "{id}: {got} is not {from} + {offset}"
        );
    }
    // Shared points join the vessels at the adductor hiatus.
    assert_eq!(row("femoral_artery", "FA5"), row("popliteal_artery", "PA0"));
    assert_eq!(row("femoral_vein", "FV5"), row("popliteal_vein", "PV0"));
}

/// Under the inguinal ligament nerve, artery and vein lie from lateral to medial (lateral is -X on the right
/// side); behind the knee the artery lies deepest (most anterior, +Z), the vein behind it and the tibial
/// nerve behind both; the superior gluteal vessels leave above the inferior ones.
#[test]
fn the_paths_keep_the_textbook_order() {
    let (nerve, artery, vein) = (
        row("femoral_nerve", "FN1"),
        row("femoral_artery", "FA1"),
        row("femoral_vein", "FV1"),
    );
    assert!(
        nerve.x < artery.x && artery.x < vein.x,
        "{nerve} {artery} {vein}"
    );
    let (artery, vein) = (row("popliteal_artery", "PA3"), row("popliteal_vein", "PV3"));
    let tibial = landmark("tibial_nerve_t1");
    assert!(
        artery.z > vein.z && vein.z > tibial.z,
        "{artery} {vein} {tibial}"
    );
    assert!(row("superior_gluteal_artery", "SGA1").y > row("inferior_gluteal_artery", "IGA1").y);
    assert!(row("superior_gluteal_nerve", "SGN1").y > landmark("sciatic_nerve_n1").y);
    // The pudendal nerve passes medial to the ischial spine (+X on the right side).
    let spine = landmark("sacrospinous_ligament_insertion_ischial_spine");
    assert!(row("pudendal_nerve", "PN2").x > spine.x);
}

/// The sites name the nerves and vessels they protect, and their capsules hold them.
#[test]
fn the_danger_sites_hold_their_nerves_and_vessels() {
    let a = Anatomy::embedded();
    let site = |id: &str| a.sites.iter().find(|s| s.id == id).expect(id);
    let inside = |site: &EndangermentSite, p: Vec3| site.distance(p, Side::Right) < 0.0;

    let triangle = site("femoral_triangle");
    assert_eq!(
        triangle.structures,
        ["femoral_artery", "femoral_nerve", "femoral_vein"]
    );
    for (structure, id) in [
        ("femoral_nerve", "FN1"),
        ("femoral_artery", "FA1"),
        ("femoral_artery", "FA2"),
        ("femoral_vein", "FV1"),
    ] {
        assert!(
            inside(triangle, row(structure, id)),
            "{id} outside the triangle"
        );
    }

    let fossa = site("popliteal_fossa");
    assert_eq!(fossa.structures[0], "tibial_nerve");
    for (structure, id) in [
        ("popliteal_artery", "PA2"),
        ("popliteal_artery", "PA3"),
        ("popliteal_vein", "PV2"),
        ("popliteal_vein", "PV3"),
    ] {
        assert!(fossa.structures.iter().any(|s| s == structure));
        assert!(inside(fossa, row(structure, id)), "{id} outside the fossa");
    }

    let notch = site("sciatic_notch_exit");
    assert_eq!(notch.structures[0], "sciatic_nerve");
    for (structure, id) in [
        ("superior_gluteal_artery", "SGA1"),
        ("superior_gluteal_nerve", "SGN1"),
        ("inferior_gluteal_artery", "IGA1"),
        ("inferior_gluteal_nerve", "IGN1"),
    ] {
        assert!(notch.structures.iter().any(|s| s == structure));
        assert!(
            inside(notch, row(structure, id)),
            "{id} outside the notch site"
        );
    }
}
