//! The body in the scene: the model's entities, the layers and materials that decide what is shown, the
//! pose, the nerve overlay, the endangerment sites and the zone paint.

pub mod fibres;
pub mod layers;
pub mod model;
pub mod nerve_overlay;
pub mod pose;
pub mod sites;
pub mod skin_rim;
pub mod zone_paint;

/// Adds everything that draws the body and the plan on it.
pub fn plugin(app: &mut bevy::prelude::App) {
    app.add_plugins((
        model::plugin,
        layers::plugin,
        pose::plugin,
        nerve_overlay::plugin,
        sites::plugin,
        skin_rim::plugin,
        zone_paint::plugin,
    ));
}
