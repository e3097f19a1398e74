//! Checks of the shape data against the anatomy: every structure has a shape, and a shape that does not
//! fit is refused with a message that names it, before any meshing.

use super::plan::plan;
use super::shapes::Shapes;
use crate::anatomy::model::{ModelError, build_model_from};
use crate::anatomy::{Anatomy, Blood, Kind};

const SHAPES_TEXT: &str = include_str!("../../../../assets/anatomy/shapes.ron");

/// The message of the refusal of `shapes` (as text) against `anatomy`.
fn refusal(anatomy: &Anatomy, shapes: &str) -> String {
    let shapes = Shapes::from_ron(shapes).expect("the shape text parses");
    match plan(anatomy, &shapes) {
        Err(ModelError::Shapes(m)) => m,
        Err(e) => panic!("refused for another reason: {e}"),
        Ok(_) => panic!("accepted"),
    }
}

/// The embedded shapes with one more shape added before the closing bracket.
fn with_extra_shape(shape: &str) -> String {
    let end = SHAPES_TEXT.rfind(']').expect("the list ends");
    format!("{}    {shape},\n]\n", &SHAPES_TEXT[..end])
}

#[test]
fn every_structure_has_one_shape() {
    let anatomy = Anatomy::embedded();
    let shapes = Shapes::embedded().expect("the embedded shapes parse");
    assert_eq!(shapes.len(), anatomy.structures.len());
    let plan = plan(anatomy, &shapes).expect("the embedded shapes fit the anatomy");
    assert_eq!(plan.skins.len(), 1);
    assert_eq!(plan.jobs.len(), anatomy.structures.len() - 1);
    assert_eq!(plan.variants.len(), 5);
    for (job, s) in plan
        .jobs
        .iter()
        .zip(anatomy.structures.iter().filter(|s| s.kind != Kind::Skin))
    {
        assert_eq!(job.id, s.id);
        let tubes = matches!(job.recipe, super::Recipe::Tubes(_));
        assert_eq!(
            tubes,
            matches!(s.kind, Kind::Nerve | Kind::Vessel),
            "{}",
            s.id
        );
        // A vessel is an artery or a vein, as its name says; nothing else has blood.
        let blood = match s.id.rsplit('_').next() {
            Some("artery") => Some(Blood::Artery),
            Some("vein") => Some(Blood::Vein),
            _ => None,
        };
        assert_eq!(job.blood, blood, "{}", s.id);
        assert_eq!(blood.is_some(), s.kind == Kind::Vessel, "{}", s.id);
        let muscle = matches!(job.recipe, super::Recipe::Solid { muscle: true, .. });
        assert_eq!(muscle, s.kind == Kind::Muscle, "{}", s.id);
    }
}

#[test]
fn a_structure_without_a_shape_is_refused() {
    let mut anatomy = Anatomy::embedded().clone();
    let mut extra = anatomy.structure("piriformis").unwrap().clone();
    extra.id = "mystery_muscle".into();
    anatomy.structures.push(extra);
    let m = refusal(&anatomy, SHAPES_TEXT);
    assert!(m.contains("'mystery_muscle'"), "{m}");
    assert!(m.contains("has no shape"), "{m}");
}

#[test]
fn a_shape_for_no_structure_is_refused() {
    let text = with_extra_shape("Nerve(id: \"phantom_nerve\")");
    let m = refusal(Anatomy::embedded(), &text);
    assert!(m.contains("'phantom_nerve'"), "{m}");
    assert!(m.contains("not a structure of structures.ron"), "{m}");
}

#[test]
fn two_shapes_for_one_structure_are_refused() {
    let text = with_extra_shape("Nerve(id: \"root_l4\")");
    let m = refusal(Anatomy::embedded(), &text);
    assert_eq!(m, "shapes.ron has two shapes for 'root_l4'");
}

#[test]
fn an_unknown_landmark_is_refused() {
    let text = SHAPES_TEXT.replacen("Landmark(\"peri_r_via\")", "Landmark(\"no_such_point\")", 1);
    let m = refusal(Anatomy::embedded(), &text);
    assert!(m.contains("shape 'piriformis'"), "{m}");
    assert!(m.contains("no landmark 'no_such_point'"), "{m}");
}

#[test]
fn an_unknown_or_later_point_is_refused() {
    let text = SHAPES_TEXT.replacen(
        "to: Point(\"spine\"), r: (0.007, 0.005)",
        "to: Point(\"no_such_name\"), r: (0.007, 0.005)",
        1,
    );
    let m = refusal(Anatomy::embedded(), &text);
    assert!(m.contains("shape 'hip_bone'"), "{m}");
    assert!(m.contains("no point 'no_such_name'"), "{m}");
    // A named point may only use the ones before it.
    let text = SHAPES_TEXT.replacen(
        "(\"arch\", Plus(Point(\"centre\"), (0.0, 0.002, -0.032))),",
        "(\"arch\", Plus(Point(\"pedicle\"), (0.0, 0.002, -0.032))),",
        1,
    );
    let m = refusal(Anatomy::embedded(), &text);
    assert!(m.contains("shape 'lumbar_l4': point 'arch'"), "{m}");
}

#[test]
fn the_skin_refuses_a_structure_it_cannot_find_or_both_follows_and_leaves_out() {
    let left_out = "leave_out: [\"flexor_digitorum_longus\", \"perineal_membrane\"]";
    assert!(SHAPES_TEXT.contains(left_out));
    let text = SHAPES_TEXT.replacen(left_out, "leave_out: [\"no_such_tendon\"]", 1);
    let m = refusal(Anatomy::embedded(), &text);
    assert!(m.contains("shape 'skin'"), "{m}");
    assert!(
        m.contains("'no_such_tendon', but there is no such structure"),
        "{m}"
    );
    let text = SHAPES_TEXT.replacen(left_out, "leave_out: [\"gluteus_maximus\"]", 1);
    let m = refusal(Anatomy::embedded(), &text);
    assert!(
        m.contains("cannot both run over 'gluteus_maximus' and leave it out"),
        "{m}"
    );
}

#[test]
fn a_shape_of_the_wrong_kind_is_refused() {
    let text = SHAPES_TEXT.replacen("Nerve(id: \"root_s3\")", "Nerve(id: \"root_s3_x\")", 1);
    let text = text.replacen("id: \"sacrospinous_ligament\",", "id: \"root_s3\",", 1);
    let mut anatomy = Anatomy::embedded().clone();
    anatomy
        .structures
        .iter_mut()
        .find(|s| s.id == "sacrospinous_ligament")
        .unwrap()
        .id = "root_s3_x".into();
    // Now the nerve root has a solid shape, and a ligament has a nerve shape.
    let m = refusal(&anatomy, &text);
    assert!(m.contains("shape 'root_s3_x'"), "{m}");
    assert!(m.contains("Nerve"), "{m}");
}

#[test]
fn a_vessel_and_a_nerve_shape_must_fit_their_structures() {
    // A nerve drawn as a vessel, and a vessel drawn as a nerve.
    let text = SHAPES_TEXT.replacen(
        "Nerve(id: \"pudendal_nerve\")",
        "Vessel(id: \"pudendal_nerve\", blood: Vein)",
        1,
    );
    let m = refusal(Anatomy::embedded(), &text);
    assert_eq!(
        m,
        "shape 'pudendal_nerve': a Vessel shape needs a Vessel structure, not Nerve"
    );
    let text = SHAPES_TEXT.replacen(
        "Vessel(id: \"femoral_vein\", blood: Vein)",
        "Nerve(id: \"femoral_vein\")",
        1,
    );
    let m = refusal(Anatomy::embedded(), &text);
    assert_eq!(
        m,
        "shape 'femoral_vein': a Nerve shape needs a Nerve structure, not Vessel"
    );
    // A vessel without a path.
    let mut anatomy = Anatomy::embedded().clone();
    anatomy
        .nerves
        .paths
        .retain(|p| p.structure != "popliteal_vein");
    let m = refusal(&anatomy, SHAPES_TEXT);
    assert_eq!(
        m,
        "shape 'popliteal_vein': nerves.ron has no usual path for this vessel"
    );
    // A vessel's blood is required.
    let text = SHAPES_TEXT.replacen(
        "Vessel(id: \"femoral_vein\", blood: Vein)",
        "Vessel(id: \"femoral_vein\")",
        1,
    );
    match Shapes::from_ron(&text) {
        Err(ModelError::Shapes(m)) => assert!(m.contains("blood"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_malformed_part_is_refused() {
    // A sheet whose rows differ in length.
    let knot = "(at: At((-0.081, 0.100, -0.119)), t: 0.003),";
    assert!(SHAPES_TEXT.contains(knot), "{knot}");
    let text = SHAPES_TEXT.replacen(knot, "", 1);
    let m = refusal(Anatomy::embedded(), &text);
    assert!(m.contains("shape 'soleus'"), "{m}");
    assert!(m.contains("rows of the same length"), "{m}");
    // A sweep with a single knot.
    let mut text = SHAPES_TEXT.to_string();
    for knot in [
        "(at: Plus(Point(\"apex\"), (0.0, -0.004, 0.004)), w: 0.0135, t: 0.0026),",
        "(at: Plus(Lerp(Point(\"apex\"), Point(\"tuberosity\"), 0.45), (0.0, 0.0, 0.003)), w: 0.0115, t: 0.0026),",
        "(at: Point(\"tuberosity\"), w: 0.0105, t: 0.0024),",
    ] {
        assert!(text.contains(knot), "{knot}");
        text = text.replacen(knot, "", 1);
    }
    let m = refusal(Anatomy::embedded(), &text);
    assert!(m.contains("shape 'patellar_ligament'"), "{m}");
    assert!(m.contains("two knots"), "{m}");
    // A solid made only of cuts.
    let body =
        "Ellipsoid(at: Plus(Point(\"knee\"), (0.0, 0.012, 0.043)), r: (0.021, 0.016, 0.0105))";
    let apex = "Cone(from: Plus(Point(\"knee\"), (0.0, 0.004, 0.044)), to: Plus(Point(\"knee\"), (0.0, -0.013, 0.042)), r: (0.014, 0.005))";
    assert!(SHAPES_TEXT.contains(body) && SHAPES_TEXT.contains(apex));
    let text = SHAPES_TEXT
        .replacen(body, &format!("Cut(part: {body}, blend: 0.0)"), 1)
        .replacen(apex, &format!("Cut(part: {apex}, blend: 0.0)"), 1);
    let m = refusal(Anatomy::embedded(), &text);
    assert!(
        m.contains("shape 'patella'") && m.contains("not a cut"),
        "{m}"
    );
    // A fold among the fat the skin runs smoothly over.
    let soft = "        soft: [\n";
    assert!(SHAPES_TEXT.contains(soft));
    let text = SHAPES_TEXT.replacen(
        soft,
        "        soft: [\n            Cut(part: Sphere(at: At((0.0, 0.9, -0.2)), r: 0.01), blend: 0.002),\n",
        1,
    );
    let m = refusal(Anatomy::embedded(), &text);
    assert!(m.contains("shape 'skin'") && m.contains("fold"), "{m}");
    // A fold among the toes, and toes on no grid.
    let toes = "            parts: [\n                // The bases of the toes";
    assert!(SHAPES_TEXT.contains(toes));
    let text = SHAPES_TEXT.replacen(
        toes,
        &toes.replacen(
            "[\n",
            "[\n                Cut(part: Sphere(at: At((-0.08, 0.01, 0.1)), r: 0.004), blend: 0.001),\n",
            1,
        ),
        1,
    );
    let m = refusal(Anatomy::embedded(), &text);
    assert!(
        m.contains("shape 'skin'") && m.contains("toes") && m.contains("no cuts"),
        "{m}"
    );
    let grid = "blend: 0.002, cell: 0.0012, triangles: 1600,";
    assert!(SHAPES_TEXT.contains(grid));
    let text = SHAPES_TEXT.replacen(grid, &grid.replace("cell: 0.0012", "cell: 0.0"), 1);
    let m = refusal(Anatomy::embedded(), &text);
    assert!(
        m.contains("shape 'skin'") && m.contains("toes") && m.contains("cell"),
        "{m}"
    );
    // A zero radius.
    let cup = "Sphere(at: Along(Point(\"hip\"), (-0.75, -0.35, 0.45), -0.008), r: 0.027)";
    assert!(SHAPES_TEXT.contains(cup));
    let text = SHAPES_TEXT.replacen(cup, &cup.replace("r: 0.027", "r: 0.0"), 1);
    let m = refusal(Anatomy::embedded(), &text);
    assert!(
        m.contains("shape 'hip_bone'") && m.contains("radius"),
        "{m}"
    );
}

#[test]
fn an_unknown_field_is_a_parse_error() {
    let text = SHAPES_TEXT.replacen("blend: 0.004, cell: 0.003", "blend: 0.004, cel: 0.003", 1);
    match Shapes::from_ron(&text) {
        Err(ModelError::Shapes(m)) => {
            assert!(m.starts_with("shapes.ron:") && m.contains("cel"), "{m}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_model_build_passes_the_refusal_on() {
    let text = with_extra_shape("Nerve(id: \"phantom_nerve\")");
    let shapes = Shapes::from_ron(&text).unwrap();
    let e = build_model_from(Anatomy::embedded(), &shapes).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid model shapes: shapes.ron has a shape for 'phantom_nerve', which is not a structure of \
         structures.ron"
    );
}
