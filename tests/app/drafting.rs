//! The 3D view drawn at a lower resolution while the camera moves, and sharp again once it rests.

use bevy::anti_alias::fxaa::Fxaa;
use bevy::camera::Viewport;
use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy_panorbit_camera::PanOrbitCamera;
use sciatic_planner::app::render::draft::{self, Draft};
use sciatic_planner::app::render::{MovingResolution, RenderQuality};

fn drafting_app(software: bool, moving: MovingResolution) -> (App, Entity) {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, TransformPlugin))
        .insert_resource(RenderQuality {
            adapter: Some(("test adapter".into(), software)),
            moving,
            ..default()
        })
        .add_plugins(draft::plugin);
    let camera = app
        .world_mut()
        .spawn((
            Camera {
                viewport: Some(Viewport {
                    physical_position: UVec2::new(270, 45),
                    physical_size: UVec2::new(680, 730),
                    ..default()
                }),
                ..default()
            },
            PanOrbitCamera::default(),
            Fxaa::default(),
            Transform::from_xyz(0.0, 1.0, -2.0),
        ))
        .id();
    app.update();
    (app, camera)
}

fn draft(app: &App, camera: Entity) -> Option<Draft> {
    app.world().get::<Draft>(camera).copied()
}

fn fxaa_on(app: &App, camera: Entity) -> bool {
    app.world().get::<Fxaa>(camera).unwrap().enabled
}

fn redraws_asked(app: &mut App) -> usize {
    let mut messages = app.world_mut().resource_mut::<Messages<RequestRedraw>>();
    let n = messages.len();
    messages.clear();
    n
}

fn turn(app: &mut App, camera: Entity) {
    app.world_mut()
        .get_mut::<Transform>(camera)
        .unwrap()
        .rotate_around(Vec3::ZERO, Quat::from_rotation_y(0.1));
    app.update();
}

#[test]
fn a_turning_camera_drafts_at_half_and_the_frame_after_it_stops_is_sharp() {
    let (mut app, camera) = drafting_app(true, MovingResolution::Automatic);
    redraws_asked(&mut app);
    assert_eq!(draft(&app, camera), None, "a camera at rest is sharp");

    for _ in 0..3 {
        turn(&mut app, camera);
        assert_eq!(draft(&app, camera), Some(Draft(UVec2::new(340, 365))));
        assert!(!fxaa_on(&app, camera), "a draft is not smoothed again");
        assert!(
            redraws_asked(&mut app) > 0,
            "a drafted view asks for the frame after"
        );
    }

    // The first frame with the camera still: drawn sharp, and one more frame asked for to show it.
    app.update();
    assert_eq!(draft(&app, camera), None);
    assert!(fxaa_on(&app, camera), "the sharp frame is smoothed");
    assert!(redraws_asked(&mut app) > 0);
    // Then nothing more: the window can sleep.
    app.update();
    app.update();
    assert_eq!(redraws_asked(&mut app), 0, "frames asked for at rest");
}

#[test]
fn a_gpu_or_the_full_choice_never_drafts() {
    for (software, moving) in [
        (false, MovingResolution::Automatic),
        (true, MovingResolution::Full),
    ] {
        let (mut app, camera) = drafting_app(software, moving);
        turn(&mut app, camera);
        assert_eq!(draft(&app, camera), None, "{software} {moving:?}");
    }
    let (mut app, camera) = drafting_app(false, MovingResolution::Half);
    turn(&mut app, camera);
    assert!(draft(&app, camera).is_some(), "half was chosen");
}
