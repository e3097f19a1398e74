//! Distances along the nerve tree: how far a point of a nerve path lies from the start of the roots.
//!
//! The nerve paths of the usual anatomy (type A) form a tree: the L4 to S3 roots converge into the sciatic
//! trunk, which divides into the tibial and common fibular nerves, which give off their branches. A path
//! joins the tree where its first point meets a path already placed (within [`JOIN_TOLERANCE`]); its
//! distances continue from that place on its parent. The roots start at zero, and the trunk continues from
//! the end of the longest root, so every point of the trunk lies further along than every point of a root.
//! Only nerves make the tree, never the blood vessels; a nerve that meets none of its paths (the femoral
//! nerve, from the lumbar plexus above these roots) stays outside it, with no distances.

use std::sync::OnceLock;

use glam::Vec3;

use crate::anatomy::{Anatomy, Kind, NervePath};

/// How close a path's first point must come to another path for the one to branch from the other (metres).
pub const JOIN_TOLERANCE: f32 = 0.01;

/// One nerve path placed in the tree.
#[derive(Debug, Clone)]
struct Line {
    structure: String,
    points: Vec<Vec3>,
    /// Length along the path from its first point to each point (metres).
    along: Vec<f32>,
    /// Distance from the start of the roots to the first point; `None` while not joined to the tree.
    offset: Option<f32>,
    /// The path it branches from.
    parent: Option<usize>,
}

impl Line {
    fn new(path: &NervePath) -> Self {
        let points: Vec<Vec3> = path.points.iter().map(|p| Vec3::from(p.position)).collect();
        let mut along = Vec::with_capacity(points.len());
        let mut total = 0.0;
        for (i, p) in points.iter().enumerate() {
            if i > 0 {
                total += p.distance(points[i - 1]);
            }
            along.push(total);
        }
        Self {
            structure: path.structure.clone(),
            points,
            along,
            offset: None,
            parent: None,
        }
    }

    fn is_root(&self) -> bool {
        self.structure.starts_with("root_")
    }

    /// Distance from `p` to this path and the length along the path at the nearest place.
    fn nearest(&self, p: Vec3) -> (f32, f32) {
        let mut best = (f32::INFINITY, 0.0);
        for (i, w) in self.points.windows(2).enumerate() {
            let ab = w[1] - w[0];
            let len2 = ab.length_squared().max(f32::MIN_POSITIVE);
            let t = ((p - w[0]).dot(ab) / len2).clamp(0.0, 1.0);
            let d = p.distance(w[0] + ab * t);
            if d < best.0 {
                best = (d, self.along[i] + t * ab.length());
            }
        }
        best
    }
}

/// The nerve paths of the usual anatomy as one tree, with distances from the start of the roots.
#[derive(Debug, Clone)]
pub struct NerveTree {
    lines: Vec<Line>,
}

impl NerveTree {
    /// Builds the tree from the anatomy's paths of the usual anatomy (variant `None`).
    pub fn new(anatomy: &Anatomy) -> Self {
        let mut lines: Vec<Line> = anatomy
            .nerves
            .paths
            .iter()
            .filter(|p| p.variant.is_none() && p.points.len() >= 2)
            .filter(|p| {
                anatomy
                    .structure(&p.structure)
                    .is_some_and(|s| s.kind == Kind::Nerve)
            })
            .map(Line::new)
            .collect();
        for line in lines.iter_mut().filter(|l| l.is_root()) {
            line.offset = Some(0.0);
        }
        loop {
            let mut joined = false;
            for i in 0..lines.len() {
                if lines[i].offset.is_some() {
                    continue;
                }
                let start = lines[i].points[0];
                // The nearest placed path; where several meet at the start (the roots at the plexus), the
                // one reaching furthest.
                let mut best: Option<(f32, f32, usize)> = None;
                for (j, other) in lines.iter().enumerate() {
                    let Some(offset) = other.offset else { continue };
                    let (d, along) = other.nearest(start);
                    if d > JOIN_TOLERANCE {
                        continue;
                    }
                    let reach = offset + along;
                    let better = match best {
                        None => true,
                        Some((bd, br, _)) => d < bd - 1e-4 || (d < bd + 1e-4 && reach > br),
                    };
                    if better {
                        best = Some((d, reach, j));
                    }
                }
                if let Some((_, reach, parent)) = best {
                    lines[i].offset = Some(reach);
                    lines[i].parent = Some(parent);
                    joined = true;
                }
            }
            if !joined {
                break;
            }
        }
        Self { lines }
    }

    /// The tree of the embedded anatomy, built once.
    pub fn embedded() -> &'static NerveTree {
        static TREE: OnceLock<NerveTree> = OnceLock::new();
        TREE.get_or_init(|| NerveTree::new(Anatomy::embedded()))
    }

    fn line(&self, path: &str) -> Option<&Line> {
        self.lines.iter().find(|l| l.structure == path)
    }

    fn index(&self, path: &str) -> Option<usize> {
        self.lines.iter().position(|l| l.structure == path)
    }

    /// The nerve paths of the tree (structure ids such as `sciatic_nerve`, `root_l4`), in data order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.lines.iter().map(|l| l.structure.as_str())
    }

    /// Number of points of a path, or `None` for a path not in the tree.
    pub fn point_count(&self, path: &str) -> Option<usize> {
        self.line(path).map(|l| l.points.len())
    }

    /// Distance along the nerve from the start of the roots to point `point` of `path` (metres); `None` for
    /// an unknown path, a point out of range or a path that joins no other.
    pub fn distance(&self, path: &str, point: usize) -> Option<f32> {
        let line = self.line(path)?;
        Some(line.offset? + *line.along.get(point)?)
    }

    /// The points `from..=to` of `path` in the model frame (metres, right side); `None` for an unknown
    /// path or a range out of bounds.
    pub fn points(&self, path: &str, from: usize, to: usize) -> Option<Vec<Vec3>> {
        let line = self.line(path)?;
        (from <= to && to < line.points.len()).then(|| line.points[from..=to].to_vec())
    }

    /// The path `path` branches from (`sciatic_nerve` for `tibial_nerve`); `None` for a root.
    pub fn parent(&self, path: &str) -> Option<&str> {
        let parent = self.line(path)?.parent?;
        Some(self.lines[parent].structure.as_str())
    }

    /// True when a walk down the nerve can go from `earlier` to `later` without turning back: the same
    /// path, or `earlier` lies on the way to `later` (every root lies on the way to the trunk and all that
    /// follows it).
    pub fn leads_to(&self, earlier: &str, later: &str) -> bool {
        let (Some(from), Some(mut at)) = (self.index(earlier), self.index(later)) else {
            return false;
        };
        if from == at {
            return true;
        }
        if self.lines[from].is_root() && !self.lines[at].is_root() {
            return self.lines[at].offset.is_some();
        }
        while let Some(parent) = self.lines[at].parent {
            if parent == from {
                return true;
            }
            at = parent;
        }
        false
    }
}

/// Distance along the nerve from the start of the roots to point `point` of the nerve path `path` of the
/// usual anatomy (metres): see [`NerveTree::distance`].
pub fn nerve_distance(path: &str, point: usize) -> Option<f32> {
    NerveTree::embedded().distance(path, point)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_joins_the_tree_where_the_anatomy_says() {
        let tree = NerveTree::embedded();
        let outside = ["femoral_nerve", "pudendal_nerve"];
        for path in tree.paths() {
            let joined = tree.distance(path, 0).is_some();
            assert_eq!(joined, !outside.contains(&path), "{path}");
        }
        // Only nerves: the vessels that share the paths file are no part of it.
        let anatomy = Anatomy::embedded();
        assert!(
            tree.paths()
                .all(|p| { anatomy.structure(p).is_some_and(|s| s.kind == Kind::Nerve) })
        );
        assert!(tree.point_count("femoral_artery").is_none());
        // The gluteal nerves and the posterior cutaneous nerve leave from the plexus and beside the trunk's
        // exit below piriformis.
        assert!(
            tree.parent("superior_gluteal_nerve")
                .unwrap()
                .starts_with("root_")
        );
        assert_eq!(tree.parent("inferior_gluteal_nerve"), Some("sciatic_nerve"));
        let trunk = tree.distance("sciatic_nerve", 0).unwrap();
        let cutaneous = tree
            .distance("posterior_femoral_cutaneous_nerve", 0)
            .unwrap();
        assert!(cutaneous > trunk);
        assert_eq!(tree.parent("root_l4"), None);
        assert!(tree.parent("sciatic_nerve").unwrap().starts_with("root_"));
        assert_eq!(tree.parent("tibial_nerve"), Some("sciatic_nerve"));
        assert_eq!(tree.parent("common_fibular_nerve"), Some("sciatic_nerve"));
        assert_eq!(tree.parent("sural_nerve"), Some("tibial_nerve"));
        assert_eq!(tree.parent("medial_plantar_nerve"), Some("tibial_nerve"));
        assert_eq!(tree.parent("lateral_plantar_nerve"), Some("tibial_nerve"));
        assert_eq!(
            tree.parent("superficial_fibular_nerve"),
            Some("common_fibular_nerve")
        );
        assert_eq!(
            tree.parent("deep_fibular_nerve"),
            Some("common_fibular_nerve")
        );
    }

    #[test]
    fn distances_grow_down_the_leg() {
        let d = |path: &str, i: usize| nerve_distance(path, i).unwrap();
        // The trunk starts after the end of every root.
        for root in ["root_l4", "root_l5", "root_s1", "root_s2", "root_s3"] {
            let last = NerveTree::embedded().point_count(root).unwrap() - 1;
            assert!(d(root, last) <= d("sciatic_nerve", 0) + 1e-6, "{root}");
        }
        // Within a path, and into the branches from where they leave.
        assert!(d("sciatic_nerve", 7) > d("sciatic_nerve", 2));
        let split = d("sciatic_nerve", 7);
        assert!((d("tibial_nerve", 0) - split).abs() < 0.002);
        assert!((d("common_fibular_nerve", 0) - split).abs() < 0.002);
        assert!(d("medial_plantar_nerve", 0) > d("tibial_nerve", 5));
        // The sural nerve leaves the tibial nerve between the split and the knee joint line.
        assert!(d("sural_nerve", 0) > d("tibial_nerve", 0));
        assert!(d("sural_nerve", 0) < d("tibial_nerve", 1));
        // Roots to foot is about a metre of nerve.
        let sole = d("medial_plantar_nerve", 4);
        assert!((0.9..1.4).contains(&sole), "{sole}");
        assert_eq!(nerve_distance("sciatic_nerve", 99), None);
        assert_eq!(nerve_distance("no_such_nerve", 0), None);
    }

    #[test]
    fn a_walk_down_the_nerve_never_turns_back() {
        let tree = NerveTree::embedded();
        assert!(tree.leads_to("root_s2", "sciatic_nerve"));
        assert!(tree.leads_to("root_l5", "deep_fibular_nerve"));
        assert!(tree.leads_to("sciatic_nerve", "medial_plantar_nerve"));
        assert!(tree.leads_to("tibial_nerve", "tibial_nerve"));
        assert!(!tree.leads_to("tibial_nerve", "common_fibular_nerve"));
        assert!(!tree.leads_to("tibial_nerve", "sciatic_nerve"));
        assert!(!tree.leads_to("root_l4", "root_l5"));
        let points = tree.points("sciatic_nerve", 2, 4).unwrap();
        assert_eq!(points.len(), 3);
        assert!(tree.points("sciatic_nerve", 4, 2).is_none());
        assert!(tree.points("sciatic_nerve", 0, 8).is_none());
    }
}
