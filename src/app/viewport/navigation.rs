//! Moving the camera with the mouse: it drives the camera only over the 3D view (never through a panel),
//! and the scroll wheel zooms towards the pointer. (The keys that move it are in the keymap.)

use bevy::input::mouse::AccumulatedMouseScroll;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_panorbit_camera::PanOrbitCamera;

use super::rect::ViewportRect;
use crate::app::editor::EditorState;
use crate::app::schedule::AppSet;
use crate::app::third_party::egui_setup::InterfaceInput;

/// Registers the camera's input.
pub fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (gate_camera_input, zoom_towards_pointer)
            .in_set(AppSet::Edits)
            .before(bevy_panorbit_camera::PanOrbitCameraSystemSet),
    );
}

fn gate_camera_input(
    window: Single<&Window, With<PrimaryWindow>>,
    rect: Res<ViewportRect>,
    interface: InterfaceInput,
    mouse: Res<ButtonInput<MouseButton>>,
    editor: Option<Res<EditorState>>,
    mut cameras: Query<&mut PanOrbitCamera>,
    mut dragging: Local<bool>,
) {
    let over_view = window.cursor_position().is_some_and(|p| rect.contains(p));
    let interface_busy = interface.has_pointer();
    // A drag that started in the view keeps working when it leaves it.
    if mouse.get_just_pressed().next().is_some() {
        *dragging = over_view && !interface_busy;
    } else if !mouse.get_pressed().any(|_| true) {
        *dragging = false;
    }
    // A drag of the editor (placing, moving, drawing a zone) holds the camera still.
    let editing = editor.is_some_and(|e| e.is_dragging());
    let enabled = !editing && (*dragging || (over_view && !interface_busy));
    for mut cam in &mut cameras {
        if cam.enabled != enabled {
            cam.enabled = enabled;
        }
    }
}

/// Zooming moves the focus toward the point under the pointer, as CAD and atlas viewers do.
fn zoom_towards_pointer(
    scroll: Res<AccumulatedMouseScroll>,
    window: Single<&Window, With<PrimaryWindow>>,
    mut cameras: Query<(&Camera, &GlobalTransform, &mut PanOrbitCamera)>,
) {
    if scroll.delta.y == 0.0 {
        return;
    }
    let Some(cursor) = window.cursor_position() else {
        return;
    };
    for (camera, transform, mut cam) in &mut cameras {
        if !cam.enabled {
            continue;
        }
        let Ok(ray) = camera.viewport_to_world(transform, cursor) else {
            continue;
        };
        // The point on the plane through the focus, facing the camera, under the pointer.
        let normal = transform.forward();
        let Some(t) = ray.intersect_plane(cam.target_focus, InfinitePlane3d::new(*normal)) else {
            continue;
        };
        let under = ray.get_point(t);
        let zoom_in = scroll.delta.y > 0.0;
        let step = if zoom_in { 0.18 } else { -0.12 };
        let focus = cam.target_focus;
        cam.target_focus = focus + (under - focus) * step * scroll.delta.y.abs().min(3.0);
    }
}
