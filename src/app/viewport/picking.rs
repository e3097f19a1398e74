//! Hover and click on the model: hover names a structure, click selects it, double-click frames it.

use bevy::picking::Pickable;
use bevy::prelude::*;

use super::camera::FrameNode;
use crate::app::editor::{EditorState, Tool};
use crate::app::scene::layers::{Select, Selection, ViewSettings};
use crate::app::scene::model::StructureNode;
use crate::app::schedule::AppSet;

/// Registers the hover and click observers (mesh picking itself is set up with the other crates).
pub fn plugin(app: &mut App) {
    app.add_observer(on_over)
        .add_observer(on_out)
        .add_observer(on_click)
        .add_systems(PostUpdate, update_pickable.in_set(AppSet::Scene));
}

/// Structures faded (by their layer slider or x-ray) below this cannot be picked: the pointer reaches what lies behind them.
const MIN_PICK_OPACITY: f32 = 0.5;

fn on_over(
    over: On<Pointer<Over>>,
    nodes: Query<&StructureNode>,
    mut selection: ResMut<Selection>,
) {
    if let Ok(node) = nodes.get(over.entity) {
        selection.hovered = Some(node.node.clone());
    }
}

fn on_out(out: On<Pointer<Out>>, nodes: Query<&StructureNode>, mut selection: ResMut<Selection>) {
    if let Ok(node) = nodes.get(out.entity)
        && selection.hovered.as_deref() == Some(node.node.as_str())
    {
        selection.hovered = None;
    }
}

fn on_click(
    click: On<Pointer<Click>>,
    nodes: Query<&StructureNode>,
    editor: Option<Res<EditorState>>,
    mut commands: Commands,
) {
    if click.button != PointerButton::Primary {
        return;
    }
    // With a marking tool, or on a zone, a click is the editor's.
    if editor.is_some_and(|e| e.tool != Tool::Select || e.hovered.is_some()) {
        return;
    }
    let Ok(node) = nodes.get(click.entity) else {
        return;
    };
    commands.trigger(Select(Some(node.node.clone())));
    if click.count >= 2 {
        commands.trigger(FrameNode(node.node.clone()));
    }
}

fn update_pickable(
    settings: Res<ViewSettings>,
    mut commands: Commands,
    nodes: Query<(Entity, &StructureNode, Option<&Pickable>)>,
) {
    if !settings.is_changed() {
        return;
    }
    for (entity, node, pickable) in &nodes {
        let wanted = settings.is_visible(node) && settings.opacity(node) >= MIN_PICK_OPACITY;
        let is = pickable.is_none_or(|p| p.is_hoverable);
        if wanted != is {
            if wanted {
                commands.entity(entity).insert(Pickable::default());
            } else {
                commands.entity(entity).insert(Pickable::IGNORE);
            }
        }
    }
}
