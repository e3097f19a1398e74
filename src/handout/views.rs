//! Pictures of the body for the printed handout, drawn without a GPU: the model's skin rasterised in
//! grey with simple shading (a software z-buffer), seen from behind and from one side, and the projection
//! that places the plan's zones and no-go areas on those pictures.

use glam::Vec3;

use crate::anatomy::mesh::ModelMeshes;

/// One picture of the body: greyscale pixels (0 black, 255 white), row by row from the top.
#[derive(Debug, Clone)]
pub struct BodyView {
    /// What the picture shows, in the client's words ("From behind").
    pub caption: String,
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// Grey levels, `width * height` of them.
    pub pixels: Vec<u8>,
    /// The direction the viewer looks in (model frame).
    pub looking: Vec3,
    right: Vec3,
    left_edge: f32,
    top: f32,
    scale: f32,
}

/// The grey of the paper around the body.
pub const BACKGROUND: u8 = 255;

impl BodyView {
    /// Draws the skin seen along `looking` (with +Y up), `height` pixels tall, framed to the body.
    pub fn render(caption: &str, looking: Vec3, height: usize) -> BodyView {
        let looking = looking.normalize();
        let right = looking.cross(Vec3::Y).normalize();
        let meshes = ModelMeshes::embedded();
        let skin = meshes.node("skin");
        let positions: Vec<Vec3> = skin
            .map(|n| n.positions.iter().map(|p| Vec3::from_array(*p)).collect())
            .unwrap_or_default();
        let (mut lo_x, mut hi_x, mut lo_y, mut hi_y) = (f32::MAX, f32::MIN, f32::MAX, f32::MIN);
        for p in &positions {
            lo_x = lo_x.min(p.dot(right));
            hi_x = hi_x.max(p.dot(right));
            lo_y = lo_y.min(p.y);
            hi_y = hi_y.max(p.y);
        }
        if positions.is_empty() {
            (lo_x, hi_x, lo_y, hi_y) = (-0.25, 0.25, 0.0, 1.15);
        }
        let margin = 0.03;
        let scale = height as f32 / (hi_y - lo_y + 2.0 * margin);
        let width = ((hi_x - lo_x + 2.0 * margin) * scale).ceil() as usize;
        let mut view = BodyView {
            caption: caption.to_owned(),
            width,
            height,
            pixels: vec![BACKGROUND; width * height],
            looking,
            right,
            left_edge: lo_x - margin,
            top: hi_y + margin,
            scale,
        };
        if let Some(skin) = skin {
            view.rasterise(&positions, &skin.indices);
        }
        view
    }

    /// Where a point of the model falls on the picture, in pixels from the top left.
    pub fn project(&self, p: Vec3) -> (f32, f32) {
        (
            (p.dot(self.right) - self.left_edge) * self.scale,
            (self.top - p.y) * self.scale,
        )
    }

    /// Pixels per metre.
    pub fn pixels_per_metre(&self) -> f32 {
        self.scale
    }

    /// How squarely a surface with this outward normal faces the viewer (1 straight at them, -1 away).
    pub fn facing(&self, normal: Vec3) -> f32 {
        -normal.normalize_or_zero().dot(self.looking)
    }

    fn rasterise(&mut self, positions: &[Vec3], indices: &[u32]) {
        let (w, h) = (self.width, self.height);
        let mut depth = vec![f32::MAX; w * h];
        let light = (-self.looking + Vec3::new(0.0, 0.5, 0.0) + self.right * 0.3).normalize();
        for t in indices.chunks_exact(3) {
            let p = [0, 1, 2].map(|k| positions[t[k] as usize]);
            let normal = (p[1] - p[0]).cross(p[2] - p[0]).normalize_or_zero();
            if normal.dot(self.looking) > 0.0 {
                continue;
            }
            let shade = 0.45 + 0.5 * normal.dot(light).max(0.0);
            let grey = (235.0 * shade).clamp(0.0, 235.0) as u8;
            let s = p.map(|q| {
                let (x, y) = self.project(q);
                (x, y, q.dot(self.looking))
            });
            fill_triangle(s, (w, h), &mut depth, &mut self.pixels, grey);
        }
        self.outline(&depth);
    }

    /// Darkens the body's silhouette so it reads on paper in any printer's grey.
    fn outline(&mut self, depth: &[f32]) {
        let (w, h) = (self.width, self.height);
        let inside = |x: usize, y: usize| depth[y * w + x] < f32::MAX;
        for y in 1..h.saturating_sub(1) {
            for x in 1..w.saturating_sub(1) {
                if inside(x, y)
                    && !(inside(x - 1, y)
                        && inside(x + 1, y)
                        && inside(x, y - 1)
                        && inside(x, y + 1))
                {
                    self.pixels[y * w + x] = 90;
                }
            }
        }
    }
}

/// Fills a screen triangle (`x`, `y` in pixels, `z` the depth, smaller nearer) into a `size` (width,
/// height) picture with a depth buffer: every pixel whose centre lies inside and nearer than what is there
/// takes `value`. Shared by the handout's pictures and the model's review renders.
pub fn fill_triangle<T: Copy>(
    s: [(f32, f32, f32); 3],
    (w, h): (usize, usize),
    depth: &mut [f32],
    pixels: &mut [T],
    value: T,
) {
    let area = (s[1].0 - s[0].0) * (s[2].1 - s[0].1) - (s[2].0 - s[0].0) * (s[1].1 - s[0].1);
    if area.abs() < 1e-9 || w == 0 || h == 0 {
        return;
    }
    let min_x = s.iter().map(|v| v.0).fold(f32::MAX, f32::min).max(0.0) as usize;
    let max_x = (s.iter().map(|v| v.0).fold(f32::MIN, f32::max).max(0.0) as usize).min(w - 1);
    let min_y = s.iter().map(|v| v.1).fold(f32::MAX, f32::min).max(0.0) as usize;
    let max_y = (s.iter().map(|v| v.1).fold(f32::MIN, f32::max).max(0.0) as usize).min(h - 1);
    for y in min_y..=max_y {
        for x in min_x..=max_x {
            let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
            let w0 = ((s[1].0 - px) * (s[2].1 - py) - (s[2].0 - px) * (s[1].1 - py)) / area;
            let w1 = ((s[2].0 - px) * (s[0].1 - py) - (s[0].0 - px) * (s[2].1 - py)) / area;
            let w2 = 1.0 - w0 - w1;
            if w0 < 0.0 || w1 < 0.0 || w2 < 0.0 {
                continue;
            }
            let z = w0 * s[0].2 + w1 * s[1].2 + w2 * s[2].2;
            let i = y * w + x;
            if z < depth[i] {
                depth[i] = z;
                pixels[i] = value;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_fills_the_picture_and_left_is_left() {
        let back = BodyView::render("From behind", Vec3::Z, 300);
        assert_eq!(back.pixels.len(), back.width * back.height);
        let body = back.pixels.iter().filter(|&&p| p != BACKGROUND).count();
        assert!(body > back.pixels.len() / 6, "{body} body pixels");
        assert!(
            back.width < back.height,
            "a standing body is taller than wide"
        );
        // From behind, the client's right (-X) is on the viewer's right.
        let (right_x, _) = back.project(Vec3::new(-0.1, 0.9, -0.1));
        let (left_x, _) = back.project(Vec3::new(0.1, 0.9, -0.1));
        assert!(right_x > left_x);
        let (_, hip_y) = back.project(Vec3::new(0.0, 0.9, 0.0));
        let (_, knee_y) = back.project(Vec3::new(0.0, 0.5, 0.0));
        assert!(hip_y < knee_y, "up is up");
        assert!(back.facing(Vec3::NEG_Z) > 0.9 && back.facing(Vec3::Z) < -0.9);
    }
}
