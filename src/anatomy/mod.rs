//! The anatomy as data: structures, landmarks, the nerve path, variants and endangerment sites,
//! and the generator of the glTF model built from them. Pure Rust: no Bevy types here.
//!
//! # Model frame
//! glTF convention, metres: +Y up, +Z anterior (the model faces +Z), +X the model's left.
//! OpenSim rows (x anterior, y superior, z right) map as X = -z, Y = y + 0.944, Z = x: the origin is
//! on the floor (the soles of the standing model) directly below the midpoint between the two anterior
//! superior iliac spines, which sits at (0, 0.944, 0). Landmarks are stored for the right side
//! (negative X); the left side is their mirror image (X negated).
//!
//! # Variants in the model
//! The default nodes show type A. Variants with geometry have extra nodes named
//! `sciatic_nerve_r__variant_b`, `sciatic_nerve_l__variant_b`, ... `..._variant_f`; a viewer shows type A by
//! hiding every node whose name contains `__variant_`, and shows another type by hiding `sciatic_nerve_<side>`
//! and showing `sciatic_nerve_<side>__variant_<letter>`. [`Variant::node_suffix`] gives the suffix.

mod data;
pub mod mesh;
pub mod model;
mod sites;

pub use data::*;
pub use sites::*;

/// True when `id` names a structure of the model (`piriformis_r`, `sacrum`, `skin`, ...).
pub fn is_known_structure(id: &str) -> bool {
    Anatomy::embedded().structure_of_node(id).is_some()
}

#[cfg(test)]
mod neurovascular_tests;
#[cfg(test)]
mod tests {
    use super::*;
    use glam::Vec3;

    const STRUCTURES_TEXT: &str = include_str!("../../assets/anatomy/structures.ron");
    const LANDMARKS_TEXT: &str = include_str!("../../assets/anatomy/landmarks.ron");
    const NERVES_TEXT: &str = include_str!("../../assets/anatomy/nerves.ron");
    const SITES_TEXT: &str = include_str!("../../assets/anatomy/sites.ron");

    #[test]
    fn the_rotator_fan_runs_from_piriformis_down_to_quadratus_femoris() {
        let fan: Vec<&str> = Anatomy::embedded()
            .rotator_fan()
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(
            fan,
            [
                "piriformis",
                "gemellus_superior",
                "obturator_internus",
                "gemellus_inferior",
                "obturator_externus",
                "quadratus_femoris"
            ]
        );
    }

    #[test]
    fn the_model_shows_the_usual_variant_and_those_with_nodes_of_their_own() {
        let anatomy = Anatomy::embedded();
        assert_eq!(anatomy.model_variants(), ['A', 'B', 'C', 'D', 'E', 'F']);
        for v in &anatomy.nerves.variants {
            if v.node_suffix.is_some() {
                assert!(v.modelled, "type {} has nodes of its own", v.letter);
            }
        }
    }

    #[test]
    fn embedded_data_parses() {
        let a = Anatomy::embedded();
        assert_eq!(a.structures.len(), 83);
        assert!(a.landmarks.len() > 400);
    }

    #[test]
    fn ids_are_unique() {
        let a = Anatomy::embedded();
        let mut ids: Vec<&str> = a.structures.iter().map(|s| s.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), a.structures.len());
        let mut lm: Vec<&str> = a.landmarks.iter().map(|l| l.id.as_str()).collect();
        lm.sort_unstable();
        lm.dedup();
        assert_eq!(lm.len(), a.landmarks.len());
        let mut sites: Vec<&str> = a.sites.iter().map(|s| s.id.as_str()).collect();
        sites.sort_unstable();
        sites.dedup();
        assert_eq!(sites.len(), a.sites.len());
    }

    #[test]
    fn every_reference_exists() {
        let a = Anatomy::embedded();
        for s in &a.structures {
            for b in &s.attaches_to {
                let bone = a.structure(b).unwrap_or_else(|| panic!("{}: {b}", s.id));
                assert!(
                    matches!(bone.kind, Kind::Bone | Kind::Tendon | Kind::Ligament),
                    "{} attaches to {b}",
                    s.id
                );
            }
        }
        for l in &a.landmarks {
            if let Some(s) = &l.structure {
                assert!(a.structure(s).is_some(), "landmark {} -> {s}", l.id);
            }
        }
        for p in &a.nerves.paths {
            let kind = a.structure(&p.structure).map(|s| s.kind);
            assert!(
                matches!(kind, Some(Kind::Nerve | Kind::Vessel)),
                "path of {}: {kind:?}",
                p.structure
            );
            assert!(p.points.len() >= 2);
            if let Some(f) = p.divided_at {
                assert_eq!(kind, Some(Kind::Nerve), "only a nerve holds two parts");
                assert!(f > 0.0 && f < 1.0, "{}: divided at {f}", p.label);
            }
            if let Some(v) = &p.variant {
                assert!(a.variant(v).is_some(), "variant {v}");
                assert_eq!(kind, Some(Kind::Nerve), "only nerves have variants");
            }
            for pt in &p.points {
                if let Some(id) = &pt.landmark {
                    assert!(a.landmark(id).is_some(), "nerve point -> {id}");
                }
                assert!(pt.half_width >= pt.half_thickness && pt.half_thickness > 0.0);
            }
        }
        for site in &a.sites {
            for s in &site.structures {
                assert!(a.structure(s).is_some(), "site {} -> {s}", site.id);
            }
        }
        let letters: Vec<&str> = a
            .nerves
            .variants
            .iter()
            .map(|v| v.letter.as_str())
            .collect();
        assert_eq!(letters, ["A", "B", "C", "D", "E", "F"]);
    }

    #[test]
    fn sites_are_derived_from_landmarks_and_the_nerve_path() {
        let a = Anatomy::embedded();
        assert_eq!(a.sites.len(), a.site_recipes.len());
        let site = |id: &str| a.sites.iter().find(|s| s.id == id).expect(id);
        let path_point = |nerve: &str, landmark: &str| {
            a.nerve_paths(nerve, None)
                .iter()
                .flat_map(|p| &p.points)
                .find(|p| p.landmark.as_deref() == Some(landmark))
                .map(|p| p.position)
                .expect(landmark)
        };
        let notch = site("sciatic_notch_exit");
        assert_eq!(
            notch.from,
            a.landmark("greater_sciatic_notch_apex_deepest_point_of_notch")
                .unwrap()
                .position
        );
        assert_eq!(notch.to, path_point("sciatic_nerve", "sciatic_nerve_n1"));
        assert_eq!(
            site("fibular_head_neck").to,
            path_point("common_fibular_nerve", "common_fibular_nerve_c3")
        );
        // The corridor lies between the sit bone and the trochanter, near halfway (CT: 48 % from the
        // tuberosity), measured in the horizontal plane.
        let flat = |p: [f32; 3]| Vec3::new(p[0], 0.0, p[2]);
        let it = flat(
            a.landmark("rightposteriorischialtuberosity_tlem")
                .unwrap()
                .position,
        );
        let gt = flat(a.landmark("greater_trochanter_tlem").unwrap().position);
        let c = site("ischio_trochanteric_corridor");
        let mid = (flat(c.from) + flat(c.to)) / 2.0;
        let along = (mid - it).dot(gt - it) / (gt - it).length_squared();
        assert!((0.3..0.7).contains(&along), "{along}");
        // Left capsules mirror the right ones.
        let caps = a.site_capsules();
        assert_eq!(caps.len(), 2 * a.sites.len());
        for r in caps.iter().filter(|c| c.side == Side::Right) {
            let l = caps
                .iter()
                .find(|l| l.id == r.id && l.side == Side::Left)
                .unwrap();
            assert_eq!(l.from, r.from * Vec3::new(-1.0, 1.0, 1.0));
            assert_eq!(l.structure, r.structure.replace("_r", "_l"));
            assert!(r.from.x < 0.0 && r.radius > 0.0, "{}", r.id);
        }
    }

    #[test]
    fn capsule_distances_to_points_and_segments() {
        let c = SiteCapsule {
            id: "c".into(),
            name: "c".into(),
            side: Side::Right,
            structure: "sciatic_nerve_r".into(),
            from: Vec3::ZERO,
            to: Vec3::X,
            radius: 0.1,
            severity: Danger::High,
        };
        assert!((c.distance(Vec3::new(0.5, 0.3, 0.0)) - 0.2).abs() < 1e-6);
        assert!((c.distance(Vec3::new(-1.0, 0.0, 0.0)) - 0.9).abs() < 1e-6);
        // Crossing above the axis, parallel beside it, and beyond its end.
        let d = |a: Vec3, b: Vec3| c.segment_distance(a, b);
        assert!((d(Vec3::new(0.5, 0.5, -1.0), Vec3::new(0.5, 0.5, 1.0)) - 0.4).abs() < 1e-6);
        assert!((d(Vec3::new(0.2, 0.0, 0.3), Vec3::new(0.8, 0.0, 0.3)) - 0.2).abs() < 1e-6);
        assert!((d(Vec3::new(2.0, 0.0, 0.0), Vec3::new(3.0, 0.0, 0.0)) - 0.9).abs() < 1e-6);
        assert!(d(Vec3::new(0.5, -1.0, 0.0), Vec3::new(0.5, 1.0, 0.0)) < 0.0);
    }

    #[test]
    fn a_site_naming_a_missing_landmark_is_refused() {
        let text = SITES_TEXT.replacen(
            "Landmark(\"greater_sciatic_notch_apex_deepest_point_of_notch\")",
            "Landmark(\"no_such_point\")",
            1,
        );
        let e = Anatomy::from_ron(STRUCTURES_TEXT, LANDMARKS_TEXT, NERVES_TEXT, &text).unwrap_err();
        assert_eq!(e.file, "sites.ron");
        assert!(e.message.contains("no_such_point"), "{e}");
        assert!(e.message.contains("sciatic_notch_exit"), "{e}");
    }

    #[test]
    fn every_landmark_has_source_and_status() {
        for l in &Anatomy::embedded().landmarks {
            assert!(!l.source.trim().is_empty(), "{}", l.id);
            assert!(!l.model.trim().is_empty(), "{}", l.id);
            assert!(l.position.iter().all(|v| v.is_finite()), "{}", l.id);
        }
    }

    #[test]
    fn teaching_text_for_every_soft_structure() {
        for s in &Anatomy::embedded().structures {
            assert!(!s.teaching.massage.is_empty(), "{}", s.id);
            if matches!(s.kind, Kind::Muscle | Kind::Ligament | Kind::Tendon) {
                assert!(!s.teaching.origin.is_empty(), "{}", s.id);
                assert!(!s.teaching.insertion.is_empty(), "{}", s.id);
                assert!(!s.attaches_to.is_empty(), "{}", s.id);
            }
        }
    }

    #[test]
    fn known_structure_agrees_with_data() {
        let a = Anatomy::embedded();
        for name in a.node_names() {
            assert!(is_known_structure(&name), "{name}");
        }
        for s in &a.structures {
            match s.sides {
                Laterality::Midline => assert!(!is_known_structure(&format!("{}_r", s.id))),
                Laterality::Bilateral => assert!(!is_known_structure(&s.id)),
            }
        }
        assert!(is_known_structure("piriformis_r"));
        assert!(is_known_structure("sciatic_nerve_l"));
        assert!(is_known_structure("skin"));
        assert!(!is_known_structure("skin_r"));
        assert!(!is_known_structure("piriformis"));
        assert!(!is_known_structure("unknown_r"));
        assert_eq!(a.node_names().len(), 7 + 2 * 76);
    }
}
