//! Exports: the 3D view as a PNG image (with the zones and their badges, without the panels), the client's
//! handout as a PDF, and an anonymised copy of the plan for teaching (no alias, no date, no notes). All are
//! written owner-only and atomically; a failure leaves no file and says why in the status bar.

use std::path::{Path, PathBuf};

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::window::{PrimaryWindow, RequestRedraw};

use super::actions::{CurrentPlan, StatusLine};
use crate::app::viewport::ViewportRect;
use crate::handout::{self, Paper};
use crate::plan;
use crate::private;

/// Registers the exports.
pub fn plugin(app: &mut App) {
    app.add_message::<RequestRedraw>().add_observer(on_export);
}

/// What is exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// The 3D view as a PNG image.
    Image,
    /// The plan without the client's alias, the date or the notes.
    AnonymisedCopy,
    /// The client's handout, a PDF on this paper.
    Handout(Paper),
}

/// Export to this file.
#[derive(Event, Debug, Clone)]
pub struct Export {
    /// What.
    pub kind: ExportKind,
    /// Where.
    pub path: PathBuf,
}

fn on_export(
    export: On<Export>,
    current: Res<CurrentPlan>,
    rect: Option<Res<ViewportRect>>,
    window: Query<&Window, With<PrimaryWindow>>,
    mut status: ResMut<StatusLine>,
    mut redraw: MessageWriter<RequestRedraw>,
    mut commands: Commands,
) {
    let path = export.path.clone();
    match export.kind {
        ExportKind::AnonymisedCopy => match plan::save(&path, &plan::anonymised(&current.plan)) {
            Ok(()) => status.info(format!("Anonymised copy written to {}", path.display())),
            Err(e) => status.error(e.to_string()),
        },
        ExportKind::Handout(paper) => {
            let written = handout::handout_pdf(&current.plan, paper)
                .map_err(|e| e.to_string())
                .and_then(|pdf| {
                    private::write_atomically(&path, &pdf)
                        .map_err(|e| format!("cannot write {}: {e}", path.display()))
                });
            match written {
                Ok(()) => status.info(format!("Handout written to {}", path.display())),
                Err(e) => status.error(e),
            }
        }
        ExportKind::Image => {
            // The part of the window the 3D view takes, in physical pixels.
            let scale = window.single().map_or(1.0, |w| w.scale_factor());
            let crop = rect.map(|r| {
                let min = (r.min * scale).as_uvec2();
                let max = (r.max * scale).as_uvec2();
                (min, max.saturating_sub(min))
            });
            commands.spawn(Screenshot::primary_window()).observe(
                move |captured: On<ScreenshotCaptured>, mut status: ResMut<StatusLine>| {
                    match write_png(&captured.image, crop, &path) {
                        Ok(()) => status.info(format!("View written to {}", path.display())),
                        Err(e) => status.error(format!("Cannot write {}: {e}", path.display())),
                    }
                },
            );
            // The screenshot is taken from the next frame.
            redraw.write(RequestRedraw);
        }
    }
}

/// Writes the captured image, cropped to `crop` (top-left corner and size) when given, as an owner-only
/// RGB PNG.
pub fn write_png(image: &Image, crop: Option<(UVec2, UVec2)>, path: &Path) -> Result<(), String> {
    let img = image
        .clone()
        .try_into_dynamic()
        .map_err(|e| e.to_string())?;
    let img = match crop {
        Some((at, size)) if size.x > 0 && size.y > 0 => img.crop_imm(at.x, at.y, size.x, size.y),
        _ => img,
    };
    let mut png = std::io::Cursor::new(Vec::new());
    img.to_rgb8()
        .write_to(&mut png, image::ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    private::write_atomically(path, png.get_ref()).map_err(|e| e.to_string())
}
