//! The striation of muscle, tendon and ligament, as the atlases draw it: a stripe texture repeated
//! across the fibres.
//!
//! The model gives every vertex of a muscle, a tendon or a ligament its coordinate across the fibres
//! (metres) as the first texture coordinate; the material repeats a one-row texture along it, so the lines
//! run along the fibres: down and out on gluteus maximus, across on the rotators, down the iliotibial band.
//! The texture holds two scales. Fine grooves every [`STRIPE_PERIOD`] show the fibres close up; a deeper,
//! wider groove every [`FASCICLE_PERIOD`] parts the coarse fascicles, which a muscle shows through its
//! fascia and which still read when the whole body fills the window. The texture carries its own mip
//! levels, so the fine lines fade to an even tone where they would be finer than a pixel instead of
//! shimmering, while the coarse grooves stay.

use bevy::asset::RenderAssetUsages;
use bevy::image::{ImageAddressMode, ImageFilterMode, ImageSampler, ImageSamplerDescriptor};
use bevy::math::Affine2;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};

/// Distance on the body between two fine grooves of the striation (metres).
pub const STRIPE_PERIOD: f32 = 0.003;
/// Fine periods in one coarse fascicle.
const STRIPES_PER_FASCICLE: usize = 4;
/// Distance on the body between two grooves parting the coarse fascicles (metres).
pub const FASCICLE_PERIOD: f32 = STRIPE_PERIOD * STRIPES_PER_FASCICLE as f32;
/// Texels of one fine period at the finest level.
const STRIPE_TEXELS: usize = 64;
/// Texels of the finest level of the texture, one coarse fascicle.
const TEXELS: usize = STRIPE_TEXELS * STRIPES_PER_FASCICLE;
/// Brightness at the bottom of a fine groove between two bundles.
const GROOVE: f32 = 0.62;
/// Half width of a fine groove, in texels.
const GROOVE_HALF_WIDTH: f32 = 4.0;
/// Brightness at the bottom of the groove between two fascicles.
const FASCICLE_GROOVE: f32 = 0.6;
/// Half width of the groove between two fascicles, in texels (about 1 mm on the body).
const FASCICLE_GROOVE_HALF_WIDTH: f32 = 20.0;
/// Depth of the fine ripple of the fibres within a bundle.
const RIPPLE: f32 = 0.06;
/// Fibres within a bundle.
const RIPPLE_COUNT: f32 = 4.0;

/// The brightness of each texel of every mip level, the finest first: each level averages pairs of the
/// one before, down to a single texel holding the mean.
pub fn striation_levels() -> Vec<Vec<f32>> {
    let finest: Vec<f32> = (0..TEXELS)
        .map(|i| {
            let x = i as f32 + 0.5;
            // A fine groove at the edge of each fine period, the fascicles' groove at the edge of the
            // texture (texel 0 = texel TEXELS).
            let phase = x / STRIPE_TEXELS as f32 * RIPPLE_COUNT * std::f32::consts::TAU;
            let ripple = RIPPLE * 0.5 * (1.0 - phase.cos());
            let fine = 1.0 - (1.0 - GROOVE) * groove(x, STRIPE_TEXELS, GROOVE_HALF_WIDTH) - ripple;
            let fascicle =
                1.0 - (1.0 - FASCICLE_GROOVE) * groove(x, TEXELS, FASCICLE_GROOVE_HALF_WIDTH);
            (fine * fascicle).clamp(0.0, 1.0)
        })
        .collect();
    let mut levels = vec![finest];
    while levels.last().is_some_and(|l| l.len() > 1) {
        let prev = levels.last().expect("a level");
        let next = prev.chunks(2).map(|p| (p[0] + p[1]) / 2.0).collect();
        levels.push(next);
    }
    levels
}

/// How deep a groove at the edge of every `period` texels lies under texel position `x`: 1 at its bottom,
/// falling off as a bell `half_width` texels wide.
fn groove(x: f32, period: usize, half_width: f32) -> f32 {
    let s = x % period as f32;
    let d = s.min(period as f32 - s);
    (-(d / half_width).powi(2)).exp()
}

/// The striation texture: one row per level, repeating, filtered between levels.
pub fn striation_image() -> Image {
    let levels = striation_levels();
    let mut data = Vec::new();
    for level in &levels {
        for v in level {
            let g = (v * 255.0).round() as u8;
            data.extend_from_slice(&[g, g, g, 255]);
        }
    }
    let mut image = Image::new_uninit(
        Extent3d {
            width: TEXELS as u32,
            height: 1,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        TextureFormat::Rgba8Unorm,
        RenderAssetUsages::RENDER_WORLD,
    );
    image.texture_descriptor.mip_level_count = levels.len() as u32;
    image.data = Some(data);
    image.sampler = ImageSampler::Descriptor(ImageSamplerDescriptor {
        label: Some("striation".into()),
        address_mode_u: ImageAddressMode::Repeat,
        address_mode_v: ImageAddressMode::Repeat,
        mag_filter: ImageFilterMode::Linear,
        min_filter: ImageFilterMode::Linear,
        mipmap_filter: ImageFilterMode::Linear,
        ..default()
    });
    image
}

/// Gives the material of a muscle, a tendon or a ligament the striation: the texture, repeated once every
/// [`FASCICLE_PERIOD`] of the coordinate across the fibres.
pub fn striate(material: &mut StandardMaterial, texture: Handle<Image>) {
    material.base_color_texture = Some(texture);
    material.uv_transform = Affine2::from_scale(Vec2::new(1.0 / FASCICLE_PERIOD, 1.0));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bundles are light and the grooves between them dark, the fascicles parted by deeper grooves that
    /// outlast the fine ones as the texture shrinks; every level down to one texel is there, each keeping
    /// the mean, so distant muscle keeps its tone.
    #[test]
    fn striation_has_grooves_and_every_mip_level() {
        let levels = striation_levels();
        assert_eq!(levels.len(), TEXELS.trailing_zeros() as usize + 1);
        let finest = &levels[0];
        let lo = finest.iter().copied().fold(f32::MAX, f32::min);
        let hi = finest.iter().copied().fold(f32::MIN, f32::max);
        assert!(lo < 0.75 && hi > 0.95, "contrast {lo}..{hi}");
        assert!(
            finest[0] < finest[STRIPE_TEXELS / 2],
            "the groove lies at the edge"
        );
        // A fine groove lies at the edge of every fine period, and the fascicles' groove, deeper, at the
        // edge of the texture.
        for k in 1..STRIPES_PER_FASCICLE {
            let edge = finest[k * STRIPE_TEXELS];
            assert!(edge < finest[k * STRIPE_TEXELS + STRIPE_TEXELS / 2] - 0.2);
            assert!(finest[0] < edge - 0.15, "{} against {edge}", finest[0]);
        }
        // Where one fine period shrinks to a single texel, the fine grooves are gone (every texel but
        // those at the fascicles' groove alike) and the fascicles' groove still shows.
        let level = |texels: usize| levels.iter().find(|l| l.len() == texels).expect("a level");
        let coarse = level(STRIPES_PER_FASCICLE);
        let middle = coarse[STRIPES_PER_FASCICLE / 2];
        assert!((coarse[1] - middle).abs() < 0.01, "{coarse:?}");
        assert!(coarse[0] < middle - 0.07, "{coarse:?}");
        let bundle = level(8);
        assert!(
            bundle[0] < bundle[bundle.len() / 2] - 0.15,
            "the fascicles' groove at eight texels a period: {bundle:?}"
        );
        let mean = |l: &Vec<f32>| l.iter().sum::<f32>() / l.len() as f32;
        for l in &levels {
            assert!((mean(l) - mean(finest)).abs() < 1e-4);
        }
        assert!(
            mean(finest) > 0.85,
            "muscle keeps its tone: {}",
            mean(finest)
        );
        let image = striation_image();
        let texels: usize = levels.iter().map(Vec::len).sum();
        assert_eq!(image.data.as_ref().map(Vec::len), Some(texels * 4));
        assert_eq!(
            image.texture_descriptor.mip_level_count as usize,
            levels.len()
        );
    }
}
