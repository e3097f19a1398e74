//! Colours of the interface, from the scene's colours so the panels and the body agree.

use bevy::prelude::*;
use bevy_egui::egui;

use crate::app::scene::zone_paint::finding_colour;
use crate::plan::Severity;

/// A scene colour as egui's.
pub fn colour32(c: LinearRgba) -> egui::Color32 {
    let s: Srgba = c.into();
    egui::Color32::from_rgb(
        (s.red * 255.0) as u8,
        (s.green * 255.0) as u8,
        (s.blue * 255.0) as u8,
    )
}

/// The colour of a finding of this severity.
pub fn severity_colour(s: Severity) -> egui::Color32 {
    colour32(finding_colour(Some(s)))
}
