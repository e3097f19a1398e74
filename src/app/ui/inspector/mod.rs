//! The inspector: the right-hand panel's tabs (the selected zone, the plan, the assessment, home care, the
//! findings, the selected structure), one file per tab, and the widgets they share. Every change to the
//! plan is sent as a [`PlanEdit`](crate::app::document::PlanEdit); selecting a zone, as a
//! [`SelectItem`](crate::app::editor::SelectItem).

pub mod assessment;
pub mod findings;
pub mod home_care;
pub mod plan;
pub mod zone;

use crate::app::scene::pose::{NerveStrain, ShownTest};
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::egui;

use super::colours::severity_colour;
use crate::anatomy::Anatomy;
use crate::app::document::{CurrentPlan, LiveFindings};
use crate::app::editor::EditorState;
use crate::app::scene::model::node_label;
use crate::plan::Zone;
use crate::safety::{SafetyFinding, is_blocked};

/// The tabs of the right-hand panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    /// The selected zone or no-go area.
    Zone,
    /// Plan header, zones in order, no-go areas.
    #[default]
    Plan,
    /// Assessment findings and red flags.
    Assessment,
    /// Home-care advice.
    HomeCare,
    /// Safety findings.
    Findings,
    /// The selected structure.
    Structure,
}

impl Tab {
    /// Every tab, in the tab bar's order.
    pub const ALL: [Tab; 6] = [
        Tab::Zone,
        Tab::Plan,
        Tab::Assessment,
        Tab::HomeCare,
        Tab::Findings,
        Tab::Structure,
    ];

    /// Its name on the tab bar.
    pub fn label(self) -> &'static str {
        match self {
            Tab::Zone => "Zone",
            Tab::Plan => "Plan",
            Tab::Assessment => "Assessment",
            Tab::HomeCare => "Home care",
            Tab::Findings => "Findings",
            Tab::Structure => "Structure",
        }
    }
}

/// What the planning panels read and change.
#[derive(SystemParam)]
pub struct Planning<'w> {
    /// The open plan.
    pub current: Res<'w, CurrentPlan>,
    /// Tool and selection.
    pub editor: ResMut<'w, EditorState>,
    /// Live safety findings.
    pub findings: Res<'w, LiveFindings>,
    /// The nerve test shown on the body.
    pub test: ResMut<'w, ShownTest>,
    /// What the shown test does to the nerve.
    pub strain: Res<'w, NerveStrain>,
}

/// The tab bar and the chosen tab of the right-hand panel; the structure tab is drawn by the caller.
pub fn show(ui: &mut egui::Ui, tab: &mut Tab, planning: &mut Planning, commands: &mut Commands) {
    ui.horizontal_wrapped(|ui| {
        for t in Tab::ALL {
            let mut text = egui::RichText::new(t.label());
            if t == Tab::Findings
                && let Some(worst) = planning.findings.worst()
            {
                text = egui::RichText::new(format!("Findings ({})", planning.findings.0.len()))
                    .color(severity_colour(worst));
            }
            if ui.selectable_label(*tab == t, text).clicked() {
                *tab = t;
            }
        }
    });
    ui.separator();
    if is_blocked(&planning.findings.0) {
        egui::Frame::new()
            .fill(egui::Color32::from_rgb(120, 0, 0))
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.colored_label(
                    egui::Color32::WHITE,
                    egui::RichText::new("Do not treat: refer. See the findings.").strong(),
                );
            });
    }
    egui::ScrollArea::vertical().show(ui, |ui| match *tab {
        Tab::Zone => zone::show(ui, planning, commands),
        Tab::Plan => plan::show(ui, planning, commands),
        Tab::Assessment => {
            assessment::show(ui, &planning.current.plan, commands);
            ui.separator();
            assessment::tests_on_the_body(ui, planning, commands);
        }
        Tab::HomeCare => home_care::show(ui, &planning.current.plan, commands),
        Tab::Findings => findings::show(ui, planning, commands),
        Tab::Structure => {}
    });
}

/// A combo box over `all`; true when the user changed the value.
pub fn combo<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    id: &str,
    value: &mut T,
    all: &[T],
    label: impl Fn(T) -> &'static str,
) -> bool {
    let mut changed = false;
    egui::ComboBox::from_id_salt(id)
        .selected_text(label(*value))
        .show_ui(ui, |ui| {
            for v in all {
                changed |= ui.selectable_value(value, *v, label(*v)).changed();
            }
        });
    changed
}

/// A two-column grid of labels and fields.
pub fn grid(ui: &mut egui::Ui, id: &str, add: impl FnOnce(&mut egui::Ui)) {
    egui::Grid::new(id)
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, add);
}

/// One finding: severity, structure and distance in its colour, then the reason.
pub fn finding_line(ui: &mut egui::Ui, f: &SafetyFinding) -> egui::Response {
    let mut text = format!("{}", f.severity);
    if let Some(s) = &f.structure {
        text.push_str(&format!(" · {}", structure_name(s)));
    }
    if let Some(d) = f.distance_mm {
        text.push_str(&format!(" · {d:.0} mm"));
    }
    ui.vertical(|ui| {
        ui.colored_label(
            severity_colour(f.severity),
            egui::RichText::new(text).strong(),
        );
        ui.add(egui::Label::new(&f.reason).wrap());
    })
    .response
}

/// A zone's title: its label, or the structure it lies on.
pub fn zone_title(z: &Zone) -> String {
    if z.label.is_empty() {
        structure_name(&z.anchor.structure)
    } else {
        z.label.clone()
    }
}

/// A node's name as a person reads it (`Piriformis (right)`).
pub fn structure_name(node: &str) -> String {
    Anatomy::embedded()
        .structure_of_node(node)
        .map(|(s, side)| node_label(&s.name, side))
        .unwrap_or_else(|| node.to_owned())
}
