//! What is shown: layer visibility and opacity, x-ray, isolate and hide, the nerve variant, selection and
//! hover highlight. The rules are plain functions of [`ViewSettings`]; one system applies them to the scene.

use std::collections::{BTreeMap, BTreeSet};

use bevy::prelude::*;

use super::model::{StructureNode, ViewLayer, base_material};
use super::skin_rim::SkinMaterial;
use crate::anatomy::Side;
use crate::app::schedule::AppSet;
use crate::plan::AffectedSide;

/// Registers the view settings and the systems that apply them.
pub fn plugin(app: &mut App) {
    app.init_resource::<ViewSettings>()
        .init_resource::<Selection>()
        .add_observer(on_select)
        .add_observer(on_toggle_hidden)
        .add_observer(on_isolate)
        .add_observer(on_reset_view)
        .add_systems(
            PostUpdate,
            (apply_visibility, apply_materials)
                .chain()
                .in_set(AppSet::Scene),
        );
}

/// Visibility and opacity of one layer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayerState {
    /// Shown at all.
    pub visible: bool,
    /// 0 (invisible) to 1 (as in the model).
    pub opacity: f32,
}

/// Everything that decides what the viewer draws.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct ViewSettings {
    /// Per-layer state.
    pub layers: BTreeMap<ViewLayer, LayerState>,
    /// X-ray: everything but the nerves faint.
    pub xray: bool,
    /// Draw the nerves through everything in front of them.
    pub nerve_highlight: bool,
    /// Show only this node (and the nerves for context when x-ray is on).
    pub isolated: Option<String>,
    /// Nodes hidden one by one.
    pub hidden: BTreeSet<String>,
    /// Which nerve variant the model shows (Beaton & Anson letter).
    pub variant: char,
    /// Label the rotator fan from superior to inferior.
    pub rotator_labels: bool,
    /// The plan's affected side: its nerves are tinted so the symptomatic leg is plain to see.
    pub affected: Option<AffectedSide>,
    /// Show the endangerment sites.
    pub sites: bool,
    /// Nodes lit for a lesson (a tour's stop, a quiz question).
    pub highlighted: BTreeSet<String>,
}

impl Default for ViewSettings {
    fn default() -> Self {
        let layers = ViewLayer::ALL
            .into_iter()
            .map(|l| {
                let state = LayerState {
                    visible: true,
                    opacity: 1.0,
                };
                (l, state)
            })
            .collect();
        Self {
            layers,
            xray: false,
            nerve_highlight: false,
            isolated: None,
            hidden: BTreeSet::new(),
            variant: 'A',
            rotator_labels: false,
            affected: None,
            sites: false,
            highlighted: BTreeSet::new(),
        }
    }
}

/// Opacity of x-rayed structures.
const XRAY_OPACITY: f32 = 0.18;

impl ViewSettings {
    /// The state of a layer.
    pub fn layer(&self, layer: ViewLayer) -> LayerState {
        self.layers.get(&layer).copied().unwrap_or(LayerState {
            visible: true,
            opacity: 1.0,
        })
    }

    /// Sets whether a layer is shown.
    pub fn set_visible(&mut self, layer: ViewLayer, visible: bool) {
        self.layers
            .entry(layer)
            .or_insert(LayerState {
                visible,
                opacity: 1.0,
            })
            .visible = visible;
    }

    /// True when the node is drawn at all.
    pub fn is_visible(&self, node: &StructureNode) -> bool {
        let variant_ok = match node.variant {
            None => !node.replaced_in.contains(&self.variant),
            Some(letter) => letter == self.variant,
        };
        if !variant_ok || self.hidden.contains(&node.node) {
            return false;
        }
        if let Some(isolated) = &self.isolated {
            return *isolated == node.node || (self.xray && node.layer == ViewLayer::Nerves);
        }
        self.shown(node.layer)
    }

    /// True when the layer is drawn at all: shown and not faded out.
    fn shown(&self, layer: ViewLayer) -> bool {
        let state = self.layer(layer);
        state.visible && state.opacity > 0.0
    }

    /// True when the skin is the only layer shown: then there is nothing under it to see, and it is drawn
    /// as the body's solid surface instead of a ghost (a ghost skin alone would show its own far side, the
    /// other buttock and leg, through the near one).
    pub fn skin_alone(&self) -> bool {
        self.isolated.is_none()
            && self.shown(ViewLayer::Skin)
            && ViewLayer::ALL
                .into_iter()
                .all(|layer| layer == ViewLayer::Skin || !self.shown(layer))
    }

    /// True when the node is the skin drawn as the body's solid surface (see [`Self::skin_alone`]).
    fn solid_skin(&self, node: &StructureNode) -> bool {
        node.layer == ViewLayer::Skin && self.skin_alone()
    }

    /// The alpha the node is drawn with: its own (the ghost skin's is low) times its opacity.
    pub fn alpha(&self, node: &StructureNode) -> f32 {
        let own = if self.solid_skin(node) {
            1.0
        } else {
            node.base_color.alpha()
        };
        own * self.opacity(node)
    }

    /// True when the node is blended over what lies behind it rather than drawn solid.
    pub fn see_through(&self, node: &StructureNode) -> bool {
        (node.blend && !self.solid_skin(node)) || self.alpha(node) < 0.999
    }

    /// True when the node is a nerve on the plan's affected side.
    pub fn is_affected_nerve(&self, node: &StructureNode) -> bool {
        node.layer == ViewLayer::Nerves
            && matches!(
                (self.affected, node.side),
                (Some(AffectedSide::Both), Side::Left | Side::Right)
                    | (Some(AffectedSide::Right), Side::Right)
                    | (Some(AffectedSide::Left), Side::Left)
            )
    }

    /// The opacity the node is drawn with (1 = as in the model).
    pub fn opacity(&self, node: &StructureNode) -> f32 {
        if self.isolated.as_ref().is_some_and(|n| *n == node.node) {
            return 1.0;
        }
        let layer = self.layer(node.layer).opacity;
        if self.xray && node.layer != ViewLayer::Nerves {
            layer * XRAY_OPACITY
        } else {
            layer
        }
    }
}

/// The hovered and the selected structure.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct Selection {
    /// The node under the pointer.
    pub hovered: Option<String>,
    /// The node whose information is shown.
    pub selected: Option<String>,
}

/// Select a node (or clear the selection with `None`).
#[derive(Event, Debug, Clone)]
pub struct Select(pub Option<String>);

/// Hide a node, or show it again if it is hidden.
#[derive(Event, Debug, Clone)]
pub struct ToggleHidden(pub String);

/// Show only this node (or everything again with `None`).
#[derive(Event, Debug, Clone)]
pub struct Isolate(pub Option<String>);

/// Back to the default view settings.
#[derive(Event, Debug, Clone)]
pub struct ResetView;

fn on_select(select: On<Select>, mut selection: ResMut<Selection>) {
    selection.selected.clone_from(&select.0);
}

fn on_toggle_hidden(toggle: On<ToggleHidden>, mut settings: ResMut<ViewSettings>) {
    if !settings.hidden.remove(&toggle.0) {
        settings.hidden.insert(toggle.0.clone());
    }
}

fn on_isolate(isolate: On<Isolate>, mut settings: ResMut<ViewSettings>) {
    settings.isolated.clone_from(&isolate.0);
}

fn on_reset_view(_: On<ResetView>, mut settings: ResMut<ViewSettings>) {
    *settings = ViewSettings::default();
}

fn apply_visibility(
    settings: Res<ViewSettings>,
    mut nodes: Query<(&StructureNode, &mut Visibility)>,
) {
    if !settings.is_changed() {
        return;
    }
    for (node, mut visibility) in &mut nodes {
        let wanted = if settings.is_visible(node) {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
        visibility.set_if_neq(wanted);
    }
}

/// Emissive tint for the hovered and the selected structure.
const HOVER_GLOW: LinearRgba = LinearRgba::rgb(0.10, 0.10, 0.13);
const SELECTED_GLOW: LinearRgba = LinearRgba::rgb(0.16, 0.22, 0.38);
/// A warm glow for what a lesson points at, apart from the cool selection.
const LESSON_GLOW: LinearRgba = LinearRgba::rgb(0.42, 0.26, 0.04);
/// Warm glow of the nerves on the affected side.
const AFFECTED_GLOW: LinearRgba = LinearRgba::rgb(0.45, 0.12, 0.0);

/// The stretch (percent) at which a nerve is drawn fully red.
pub const FULL_STRAIN_PERCENT: f32 = 12.0;

/// The colour of a nerve stretched `percent` against lying flat: its own yellow when slack, through
/// orange to red at [`FULL_STRAIN_PERCENT`] and beyond.
pub fn strain_colour(percent: f32) -> Color {
    let t = (percent / FULL_STRAIN_PERCENT).clamp(0.0, 1.0);
    let yellow = LinearRgba::rgb(0.95, 0.80, 0.15);
    let orange = LinearRgba::rgb(1.0, 0.36, 0.03);
    let red = LinearRgba::rgb(0.80, 0.02, 0.02);
    let c = if t < 0.5 {
        yellow.mix(&orange, t * 2.0)
    } else {
        orange.mix(&red, t * 2.0 - 1.0)
    };
    Color::from(c)
}

fn apply_materials(
    settings: Res<ViewSettings>,
    selection: Res<Selection>,
    strain: Option<Res<super::pose::NerveStrain>>,
    nodes: Query<(&StructureNode, &MeshMaterial3d<StandardMaterial>)>,
    skins: Query<(&StructureNode, &MeshMaterial3d<SkinMaterial>)>,
    materials: Option<ResMut<Assets<StandardMaterial>>>,
    skin_materials: Option<ResMut<Assets<SkinMaterial>>>,
) {
    let strained = strain.as_ref().is_some_and(|s| s.is_changed());
    if !settings.is_changed() && !selection.is_changed() && !strained {
        return;
    }
    let strain = strain.as_deref();
    if let Some(mut materials) = materials {
        for (node, handle) in &nodes {
            if let Some(mut material) = materials.get_mut(&handle.0) {
                restyle(&mut material, node, &settings, &selection, strain);
            }
        }
    }
    if let Some(mut materials) = skin_materials {
        for (node, handle) in &skins {
            if let Some(mut material) = materials.get_mut(&handle.0) {
                restyle(&mut material.base, node, &settings, &selection, strain);
            }
        }
    }
}

/// Gives a node's material the colour, opacity and glow the view settings, the selection and the pose ask
/// for.
fn restyle(
    material: &mut StandardMaterial,
    node: &StructureNode,
    settings: &ViewSettings,
    selection: &Selection,
    strain: Option<&super::pose::NerveStrain>,
) {
    let base = base_material(node);
    let stretch = strain.and_then(|s| s.of(&node.node));
    let colour = stretch.map_or(node.base_color, strain_colour);
    material.base_color = colour.with_alpha(settings.alpha(node));
    material.alpha_mode = if settings.see_through(node) {
        AlphaMode::Blend
    } else {
        AlphaMode::Opaque
    };
    material.depth_bias = if node.layer == ViewLayer::Nerves {
        50.0
    } else {
        0.0
    };
    material.double_sided = base.double_sided;
    material.emissive = if selection.selected.as_deref() == Some(node.node.as_str()) {
        SELECTED_GLOW
    } else if settings.highlighted.contains(&node.node) {
        LESSON_GLOW
    } else if selection.hovered.as_deref() == Some(node.node.as_str()) {
        HOVER_GLOW
    } else if stretch.is_some() {
        // A stretched nerve glows in its strain colour, so the ramp reads in shadow.
        nerve_glow(colour) * 2.0
    } else if node.layer == ViewLayer::Nerves && (settings.xray || settings.nerve_highlight) {
        LinearRgba::rgb(0.35, 0.28, 0.02)
    } else if settings.is_affected_nerve(node) {
        AFFECTED_GLOW
    } else if node.layer == ViewLayer::Nerves {
        // Nerves glow a little in their own colour, so they stay legible in shadow.
        nerve_glow(node.base_color)
    } else {
        LinearRgba::BLACK
    };
}

fn nerve_glow(color: Color) -> LinearRgba {
    let c = color.to_linear();
    LinearRgba::rgb(c.red * 0.15, c.green * 0.15, c.blue * 0.15)
}

/// The nodes whose names or structure names contain `query` (case-insensitive), in the given order.
pub fn search<'a>(
    nodes: impl IntoIterator<Item = &'a StructureNode>,
    query: &str,
) -> Vec<&'a StructureNode> {
    let query = query.trim().to_lowercase();
    nodes
        .into_iter()
        .filter(|n| {
            query.is_empty()
                || n.label.to_lowercase().contains(&query)
                || n.node.contains(&query.replace(' ', "_"))
        })
        .collect()
}
