//! Tests of the built-in tours against the model, and of the refusal of broken tour files.

use glam::Vec3;

use super::*;
use crate::anatomy::mesh::ModelMeshes;

/// How much of the view a stop's structures may fill: 0.9 leaves a tenth of the view free on each side,
/// so the structures stay in sight when side panels narrow the view.
const FRAME_LIMIT: f32 = 0.9;

const NERVE_RON: &str = include_str!("../../assets/teaching/nerve.ron");

/// Checks that every point the stop must show lies in front of the camera and inside the view (square,
/// Bevy's default field of view), with the margin of [`FRAME_LIMIT`].
fn check_framing(stop: &Stop) -> Result<(), String> {
    let pose = stop.camera.pose();
    let points = stop.framed_points();
    if points.is_empty() {
        return Err("nothing to frame".into());
    }
    for p in points {
        match pose.project(p, tour::FIELD_OF_VIEW, 1.0) {
            None => return Err(format!("{p} lies behind the camera or too near it")),
            Some([x, y]) if x.abs() > FRAME_LIMIT || y.abs() > FRAME_LIMIT => {
                return Err(format!("{p} lands at ({x:.2}, {y:.2}), outside the view"));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

fn nerve_tour() -> &'static Tour {
    Tour::embedded("nerve").expect("the nerve tour is built in")
}

fn rotator_tour() -> &'static Tour {
    Tour::embedded("rotators").expect("the rotator tour is built in")
}

#[test]
fn the_built_in_tours_load_with_the_stops_they_need() {
    assert_eq!(Tour::embedded_names(), ["nerve", "rotators"]);
    assert!((10..=14).contains(&nerve_tour().stops.len()));
    assert_eq!(rotator_tour().stops.len(), 6);
    assert!(Tour::embedded("no_such_tour").is_none());
    for tour in Tour::all_embedded() {
        for stop in &tour.stops {
            let from = Vec3::from(stop.camera.from);
            assert!((from.length() - 1.0).abs() < 1e-5, "`from` is normalised");
        }
    }
}

#[test]
fn every_highlighted_structure_exists_in_the_model() {
    let model = ModelMeshes::embedded();
    for tour in Tour::all_embedded() {
        for (i, stop) in tour.stops.iter().enumerate() {
            assert!(!stop.highlight.is_empty(), "{} stop {}", tour.name, i + 1);
            for node in &stop.highlight {
                assert!(model.node(node).is_some(), "{node} is not in the model");
                assert!(node_display_name(node).is_some(), "{node}");
                // The teaching side is the right one.
                assert!(!node.ends_with("_l"), "{node}");
            }
        }
    }
}

#[test]
fn captions_are_two_to_four_sentences() {
    for tour in Tour::all_embedded() {
        for stop in &tour.stops {
            let c = stop.caption.trim();
            let sentences = c
                .char_indices()
                .filter(|(i, ch)| {
                    matches!(ch, '.' | '?' | '!')
                        && c[i + 1..].chars().next().is_none_or(char::is_whitespace)
                })
                .count();
            assert!(
                (2..=4).contains(&sentences),
                "{}: \"{}\" has {sentences} sentences",
                tour.name,
                stop.title
            );
        }
    }
}

#[test]
fn the_nerve_tour_follows_the_nerve_from_the_roots_to_the_foot() {
    let tree = NerveTree::embedded();
    let stops = &nerve_tour().stops;
    assert!(
        stops.iter().all(|s| s.nerve.is_some()),
        "every stop lights nerve"
    );
    let segment = |i: usize| stops[i].nerve.as_ref().unwrap();
    assert!(segment(0).path.starts_with("root_"));
    // Each stop starts further along than the last stop on the way to it. After the split the tour follows
    // one branch, then goes back to the split for the other: a stop on a branch is compared with the last
    // stop that leads to it, and no stop goes back up a path it has left.
    for (i, stop) in stops.iter().enumerate().skip(1) {
        let here = segment(i);
        let start = nerve_distance(&here.path, here.from).unwrap();
        let before = (0..i)
            .rev()
            .find(|&j| tree.leads_to(&segment(j).path, &here.path))
            .unwrap_or_else(|| panic!("stop {}: no earlier stop leads to it", i + 1));
        let earlier = nerve_distance(&segment(before).path, segment(before).from).unwrap();
        assert!(
            start > earlier,
            "stop {} \"{}\" starts at {start:.3} m, not beyond stop {} at {earlier:.3} m",
            i + 1,
            stop.title,
            before + 1
        );
        let prev = &segment(i - 1).path;
        if prev != &here.path {
            assert!(
                !(0..i - 1).any(|j| segment(j).path == here.path),
                "stop {} goes back to {}",
                i + 1,
                here.path
            );
        }
    }
    // It reaches the sole and both fibular branches' parent, and passes the split.
    let paths: Vec<&str> = (0..stops.len()).map(|i| segment(i).path.as_str()).collect();
    for needed in [
        "sciatic_nerve",
        "tibial_nerve",
        "common_fibular_nerve",
        "medial_plantar_nerve",
    ] {
        assert!(paths.contains(&needed), "{needed}");
    }
    assert!(
        stops.iter().any(|s| s.nerve.as_ref().unwrap().to == 7
            && s.nerve.as_ref().unwrap().path == "sciatic_nerve"),
        "a stop shows the split"
    );
}

#[test]
fn every_stop_frames_what_it_shows() {
    for tour in Tour::all_embedded() {
        for (i, stop) in tour.stops.iter().enumerate() {
            if let Err(e) = check_framing(stop) {
                panic!("{} stop {} \"{}\": {e}", tour.name, i + 1, stop.title);
            }
        }
    }
}

#[test]
fn the_framing_check_catches_a_camera_that_looks_away_or_stands_too_close() {
    let mut stop = nerve_tour().stops[5].clone();
    assert!(check_framing(&stop).is_ok());
    stop.camera.focus[1] += 0.3;
    assert!(check_framing(&stop).is_err(), "looking above the structure");
    let mut stop = nerve_tour().stops[5].clone();
    stop.camera.distance = 0.08;
    assert!(check_framing(&stop).is_err(), "too close to see it all");
    let mut stop = nerve_tour().stops[5].clone();
    stop.camera.from = [0.0, 0.0, 1.0];
    stop.camera.distance = 0.05;
    assert!(check_framing(&stop).is_err(), "inside the body");
}

#[test]
fn the_rotator_tour_visits_the_six_in_fan_order() {
    let fan: Vec<String> = crate::anatomy::Anatomy::embedded()
        .rotator_fan()
        .iter()
        .map(|s| format!("{}_r", s.id))
        .collect();
    let visited: Vec<&str> = rotator_tour()
        .stops
        .iter()
        .map(|s| s.highlight[0].as_str())
        .collect();
    assert_eq!(visited, fan);
}

#[test]
fn cameras_look_at_their_focus_with_a_sensible_up() {
    let camera = TourCamera {
        focus: [0.0, 1.0, 0.0],
        from: [0.0, 0.0, -2.0],
        distance: 0.5,
    };
    let pose = camera.pose();
    assert!(pose.eye.abs_diff_eq(Vec3::new(0.0, 1.0, -0.5), 1e-6));
    assert_eq!(pose.up, Vec3::Y);
    // The focus is in the middle of the view; the body's right (negative X) is on the right of a view from
    // behind.
    let [x, y] = pose.project(pose.focus, tour::FIELD_OF_VIEW, 1.0).unwrap();
    assert!(x.abs() < 1e-6 && y.abs() < 1e-6);
    let [x, _] = pose
        .project(Vec3::new(-0.1, 1.0, 0.0), tour::FIELD_OF_VIEW, 1.0)
        .unwrap();
    assert!(x > 0.0);
    let above = TourCamera {
        from: [0.0, 1.0, 0.0],
        ..camera
    };
    assert_eq!(above.pose().up, Vec3::NEG_Z);
    let below = TourCamera {
        from: [0.05, -1.0, 0.0],
        ..camera
    };
    assert_eq!(below.pose().up, Vec3::Z);
    assert!(pose.project(Vec3::new(0.0, 1.0, -1.0), 1.0, 1.0).is_none());
}

#[test]
fn lit_nerve_points_run_along_the_path() {
    let stop = &nerve_tour().stops[0];
    let points = stop.nerve_points();
    let segment = stop.nerve.as_ref().unwrap();
    assert_eq!(points.len(), segment.to - segment.from + 1);
    let root = &crate::anatomy::Anatomy::embedded().nerve_paths("root_l4", None)[0];
    assert_eq!(points[0], Vec3::from(root.points[0].position));
}

/// Loads the nerve tour with one piece of text replaced, expecting an error.
fn broken(from: &str, to: &str) -> String {
    assert!(NERVE_RON.contains(from), "{from}");
    let text = NERVE_RON.replacen(from, to, 1);
    Tour::from_ron(&text, "broken.ron")
        .expect_err("the broken tour is refused")
        .to_string()
}

#[test]
fn a_broken_tour_is_refused_with_the_file_the_stop_and_the_problem() {
    let e = broken(
        "\"piriformis_r\", \"sacrum\"",
        "\"piriformis_x\", \"sacrum\"",
    );
    assert!(
        e.starts_with("broken.ron: stop 2 \"The sacral plexus on piriformis\": "),
        "{e}"
    );
    assert!(e.contains("unknown structure 'piriformis_x'"), "{e}");

    let e = broken("from: (0.0, 0.5, 1.0)", "from: (0.0, 0.0, 0.0)");
    assert!(e.contains("stop 1 \"The roots: L4 to S3\""), "{e}");
    assert!(
        e.contains("bad camera") && e.contains("points nowhere"),
        "{e}"
    );

    let e = broken("distance: 0.45", "distance: 12.0");
    assert!(
        e.contains("bad camera") && e.contains("12 m is outside"),
        "{e}"
    );

    let e = broken("distance: 0.45", "distance: NaN");
    assert!(e.contains("bad camera"), "{e}");

    let e = broken("hide: [\"hip_bone_l\"", "hide: [\"piriformis_r\"");
    assert!(
        e.contains("'piriformis_r' is highlighted but also set aside"),
        "{e}"
    );

    let e = broken(
        "focus: (-0.035, 0.981, -0.106)",
        "focus: (-0.035, 9.0, -0.106)",
    );
    assert!(e.contains("far outside the body"), "{e}");

    let e = broken(
        "(path: \"sciatic_nerve\", from: 0, to: 1)",
        "(path: \"sciatic_nerv\", from: 0, to: 1)",
    );
    assert!(e.contains("unknown nerve path 'sciatic_nerv'"), "{e}");

    let e = broken(
        "(path: \"sciatic_nerve\", from: 6, to: 7)",
        "(path: \"sciatic_nerve\", from: 6, to: 8)",
    );
    assert!(e.contains("stop 8"), "{e}");
    assert!(
        e.contains("point 8 is out of range") && e.contains("0 to 7"),
        "{e}"
    );

    let e = broken(
        "(path: \"sciatic_nerve\", from: 6, to: 7)",
        "(path: \"sciatic_nerve\", from: 7, to: 6)",
    );
    assert!(e.contains("must come after"), "{e}");

    let e = broken("title: \"The roots: L4 to S3\"", "title: \"  \"");
    assert!(e.contains("stop 1 (untitled): the title is empty"), "{e}");

    let e = broken(
        "caption: \"The sciatic nerve begins",
        "caption: \"\", notes: \"",
    );
    assert!(e.starts_with("broken.ron:"), "{e}");
    assert!(
        e.contains("notes"),
        "a misspelt or unknown field is named: {e}"
    );

    let e = broken(
        "peel: [Skin],\n            highlight: [\"biceps_femoris_long_head_r\", \"adductor_magnus_r\"]",
        "peel: [Skin, Superficial, Intermediate],\n            highlight: [\"biceps_femoris_long_head_r\", \"adductor_magnus_r\"]",
    );
    assert!(
        e.contains(
            "'biceps_femoris_long_head_r' is highlighted but its layer (intermediate) is peeled away"
        ),
        "{e}"
    );
}

#[test]
fn an_empty_caption_an_empty_tour_and_bad_syntax_are_refused() {
    let one_stop = |caption: &str| {
        format!(
            "Tour(name: \"t\", title: \"T\", stops: [Stop(title: \"S\", \
             camera: (focus: (-0.09, 0.84, -0.12), from: (0.0, 0.0, -1.0), distance: 0.4), \
             highlight: [\"quadratus_femoris_r\"], caption: \"{caption}\")])"
        )
    };
    assert!(Tour::from_ron(&one_stop("Two. Sentences."), "t.ron").is_ok());
    let e = Tour::from_ron(&one_stop(" "), "t.ron").unwrap_err();
    assert_eq!(e.kind, TourErrorKind::NoCaption);
    assert_eq!(e.to_string(), "t.ron: stop 1 \"S\": the caption is empty");

    let e = Tour::from_ron("Tour(name: \"t\", title: \"T\", stops: [])", "t.ron").unwrap_err();
    assert_eq!(e.to_string(), "t.ron: the tour has no stops");
    let e = Tour::from_ron("Tour(name: \"t\", title: \"\", stops: [])", "t.ron").unwrap_err();
    assert_eq!(e.to_string(), "t.ron: the title is empty");
    assert_eq!(
        Tour::from_ron("\n  \n", "t.ron").unwrap_err().kind,
        TourErrorKind::NoStops
    );

    // A missing comma on line 3: the error gives the line and column.
    let text = "Tour(\n    name: \"t\",\n    title: \"T\"\n    stops: [],\n)";
    let e = Tour::from_ron(text, "t.ron").unwrap_err();
    let TourErrorKind::Syntax { line, .. } = e.kind else {
        panic!("{e}")
    };
    assert!((3..=4).contains(&line), "{e}");
    assert!(e.to_string().starts_with(&format!("t.ron:{line}:")), "{e}");
}

#[test]
fn a_tour_file_loads_from_a_path_and_a_broken_one_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("mine.ron");
    std::fs::write(&good, NERVE_RON).unwrap();
    let tour = Tour::load(&good).unwrap();
    assert_eq!(&tour, nerve_tour());

    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, NERVE_RON.replacen("\"foot_r\"", "\"foot\"", 1)).unwrap();
    let e = Tour::load(&bad).unwrap_err().to_string();
    assert!(e.starts_with(&bad.display().to_string()), "{e}");
    assert!(
        e.contains("\"Into the sole\"") && e.contains("unknown structure 'foot'"),
        "{e}"
    );

    let e = Tour::load(&dir.path().join("missing.ron")).unwrap_err();
    assert!(matches!(e.kind, TourErrorKind::Unreadable(_)), "{e}");
    std::fs::write(&bad, [0xff, 0xfe, 0xfd]).unwrap();
    assert_eq!(Tour::load(&bad).unwrap_err().kind, TourErrorKind::NotText);
}

#[test]
fn display_names_carry_the_side_and_the_variant() {
    assert_eq!(
        node_display_name("piriformis_r").as_deref(),
        Some("Piriformis (right)")
    );
    assert_eq!(node_display_name("sacrum").as_deref(), Some("Sacrum"));
    assert_eq!(
        node_display_name("sciatic_nerve_l__variant_b").as_deref(),
        Some("Sciatic nerve (left), type B")
    );
    assert_eq!(node_display_name("piriformis"), None);
}

#[test]
#[ignore = "authoring aid: prints a camera distance that frames each stop"]
fn suggest_camera_distances() {
    for tour in Tour::all_embedded() {
        for (i, stop) in tour.stops.iter().enumerate() {
            let points = stop.framed_points();
            let (lo, hi) = points.iter().fold(
                (Vec3::splat(f32::INFINITY), Vec3::splat(f32::NEG_INFINITY)),
                |(lo, hi), p| (lo.min(*p), hi.max(*p)),
            );
            let centre = (lo + hi) / 2.0;
            let mut s = stop.clone();
            s.camera.focus = centre.to_array();
            let mut d = 0.1;
            while d < 5.0 {
                s.camera.distance = d;
                let ok = s.framed_points().iter().all(|p| {
                    s.camera
                        .pose()
                        .project(*p, tour::FIELD_OF_VIEW, 1.0)
                        .is_some_and(|[x, y]| x.abs() <= 0.8 && y.abs() <= 0.8)
                });
                if ok {
                    break;
                }
                d += 0.01;
            }
            println!(
                "{} {:2} focus: ({:.3}, {:.3}, {:.3}) distance {:.2} (given {:.2}) ok={}",
                tour.name,
                i + 1,
                centre.x,
                centre.y,
                centre.z,
                d,
                stop.camera.distance,
                check_framing(stop).is_ok()
            );
        }
    }
}

/// Share of a lit structure's outline, as the camera sees it, that must be in sight.
const IN_SIGHT: f32 = 0.15;

/// Every structure a stop lights can be seen from the stop's camera, so the student sees what the caption
/// names: of rays from the eye through a grid of 40 by 40 points over the structure's outline, at least a
/// seventh of those that meet it meet it before anything else the stop leaves drawn (its peeled layers and
/// hidden nodes taken away, the nodes of the nerve variants never drawn, the translucent skin seen through).
/// Before the stops hid what covered them, adductor magnus was in sight over 6 % of its outline under the
/// hamstrings, tibialis posterior over 7 % under the long flexors, the sacrospinous ligament over 15 % behind
/// the sacrotuberous ligament and the rotators. Each label line ends on a point in sight: a ray from the
/// eye to it meets nothing drawn before it (the bounding box's centre the lines ended on before lay behind
/// the sacrotuberous ligament for the sacrospinous ligament's label).
#[test]
fn every_lit_structure_is_in_sight_at_its_stop_and_its_label_points_at_it() {
    let mut hidden_from_view = Vec::new();
    for tour in Tour::all_embedded() {
        for (s, stop) in tour.stops.iter().enumerate() {
            let eye = stop.camera.pose().eye;
            for lit in &stop.highlight {
                let sight = sight(stop, lit).unwrap_or_else(|| panic!("{lit} is not a node"));
                if sight.share < IN_SIGHT {
                    hidden_from_view.push(format!(
                        "{} stop {} \"{}\": {lit} in sight over {:.0} % of its outline",
                        tour.name,
                        s + 1,
                        stop.title,
                        sight.share * 100.0
                    ));
                }
                let point = label_point(stop, lit).expect("a point in sight");
                assert_eq!(Some(point), sight.point);
                let to = point - eye;
                let nearer = nearest_drawn_hit(stop, eye, to.normalize(), to.length());
                assert!(
                    nearer.as_ref().is_none_or(|name| name == lit),
                    "{} stop {}: {lit}'s label points at {}",
                    tour.name,
                    s + 1,
                    nearer.unwrap_or_default()
                );
            }
        }
    }
    assert!(
        hidden_from_view.is_empty(),
        "{}",
        hidden_from_view.join("\n")
    );
}

/// The first node that stands in view at the stop which a ray meets before `reach` (every triangle tried,
/// without the hierarchy the sight uses).
fn nearest_drawn_hit(stop: &Stop, eye: Vec3, dir: Vec3, reach: f32) -> Option<String> {
    let model = ModelMeshes::embedded();
    let mut best: Option<(f32, &str)> = None;
    for node in model
        .nodes
        .iter()
        .filter(|n| sight::stands_in_view(stop, &n.name))
    {
        for t in node.indices.chunks_exact(3) {
            let tri = [t[0], t[1], t[2]].map(|k| Vec3::from(node.positions[k as usize]));
            let Some(d) = crate::safety::bvh::ray_triangle(eye, dir, &tri) else {
                continue;
            };
            if d > 0.0 && d < reach - 0.0005 && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, node.name.as_str()));
            }
        }
    }
    best.map(|(_, n)| n.to_owned())
}
