//! The planning interface: toolbar, the zone, plan, assessment, home-care and findings panels, the
//! numbered badges on the body and the zone tooltip. Every change is sent as a [`PlanEdit`].

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::egui;

use super::camera::{FramePoint, ViewportRect};
use super::document::{CurrentPlan, PlanEdit, Redo, Undo};
use super::editor::{EditorState, ItemRef, Tool};
use super::findings::{LiveFindings, severity_rank};
use super::model::ModelRoot;
use super::zones::{NO_GO_FILL, finding_colour, pressure_colour};
use crate::plan::edit::{Edit, Header};
use crate::plan::{
    Assessment, Build, ClientPosition, DiscStage, NerveVariant, NoGoArea, Point3, Pressure,
    SessionPlan, Severity, Shape, Side, Technique, TestResult, Tool as HandTool, Zone,
};
use crate::safety::{SafetyModel, is_blocked};

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
    const ALL: [Tab; 6] = [
        Tab::Zone,
        Tab::Plan,
        Tab::Assessment,
        Tab::HomeCare,
        Tab::Findings,
        Tab::Structure,
    ];

    fn label(self) -> &'static str {
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
pub struct Planning<'w, 's> {
    /// The open plan.
    pub current: Res<'w, CurrentPlan>,
    /// Tool and selection.
    pub editor: ResMut<'w, EditorState>,
    /// Live safety findings.
    pub findings: Res<'w, LiveFindings>,
    roots: Query<'w, 's, &'static GlobalTransform, With<ModelRoot>>,
}

fn colour32(c: LinearRgba) -> egui::Color32 {
    let s: Srgba = c.into();
    egui::Color32::from_rgb(
        (s.red * 255.0) as u8,
        (s.green * 255.0) as u8,
        (s.blue * 255.0) as u8,
    )
}

fn severity_colour(s: Severity) -> egui::Color32 {
    colour32(finding_colour(Some(s)))
}

/// True when Ctrl (or Cmd) is held, or was let go in this frame: on a slow frame a whole Ctrl+S, press and
/// release, can arrive at once.
pub fn command_held(keys: &ButtonInput<KeyCode>) -> bool {
    held(
        keys,
        [
            KeyCode::ControlLeft,
            KeyCode::ControlRight,
            KeyCode::SuperLeft,
            KeyCode::SuperRight,
        ],
    )
}

fn held<const N: usize>(keys: &ButtonInput<KeyCode>, any: [KeyCode; N]) -> bool {
    keys.any_pressed(any) || keys.any_just_released(any)
}

/// Keyboard shortcuts of the editor: tools, undo, redo, delete. Not while a text field has the keyboard
/// (it has its own undo). Keys are read from Bevy's input, which sees the modifiers however fast they come.
pub fn shortcuts(
    ctx: &egui::Context,
    keys: &ButtonInput<KeyCode>,
    planning: &mut Planning,
    commands: &mut Commands,
) {
    if ctx.text_edit_focused() {
        return;
    }
    let shift = held(keys, [KeyCode::ShiftLeft, KeyCode::ShiftRight]);
    if command_held(keys) {
        if keys.just_pressed(KeyCode::KeyY) || (shift && keys.just_pressed(KeyCode::KeyZ)) {
            commands.trigger(Redo);
        } else if keys.just_pressed(KeyCode::KeyZ) {
            commands.trigger(Undo);
        }
        return;
    }
    if held(keys, [KeyCode::AltLeft, KeyCode::AltRight]) {
        return;
    }
    let tools = [
        (KeyCode::KeyV, Tool::Select),
        (KeyCode::KeyZ, Tool::Treatment),
        (KeyCode::KeyS, Tool::Stroke),
        (KeyCode::KeyN, Tool::NoGo),
        (KeyCode::KeyE, Tool::Eraser),
    ];
    for (key, tool) in tools {
        if keys.just_pressed(key) {
            planning.editor.tool = tool;
        }
    }
    if keys.any_just_pressed([KeyCode::Delete, KeyCode::Backspace])
        && let Some(item) = planning.editor.selected.clone()
    {
        commands.trigger(PlanEdit(item.remove()));
        planning.editor.selected = None;
    }
}

/// The toolbar: tools, undo and redo, the pressure legend.
pub fn toolbar(ui: &mut egui::Ui, planning: &mut Planning, commands: &mut Commands) {
    ui.horizontal(|ui| {
        for tool in Tool::ALL {
            let text = format!("{} ({})", tool.label(), tool.key());
            if ui
                .selectable_label(planning.editor.tool == tool, text)
                .on_hover_text(tool.hint())
                .clicked()
            {
                planning.editor.tool = tool;
            }
        }
        ui.separator();
        let history = &planning.current.history;
        if ui
            .add_enabled(history.can_undo(), egui::Button::new("Undo"))
            .on_hover_text("Ctrl+Z")
            .clicked()
        {
            commands.trigger(Undo);
        }
        if ui
            .add_enabled(history.can_redo(), egui::Button::new("Redo"))
            .on_hover_text("Ctrl+Shift+Z")
            .clicked()
        {
            commands.trigger(Redo);
        }
        ui.separator();
        for p in Pressure::ALL {
            legend_swatch(ui, colour32(pressure_colour(*p)), p.label());
        }
        legend_swatch(ui, colour32(NO_GO_FILL), "No-go");
    });
}

fn legend_swatch(ui: &mut egui::Ui, colour: egui::Color32, text: &str) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
    ui.painter().rect_filled(rect, 3.0, colour);
    ui.label(text);
}

/// The tab bar and the chosen tab of the right-hand panel; the structure tab is drawn by the caller.
pub fn right_panel(
    ui: &mut egui::Ui,
    tab: &mut Tab,
    planning: &mut Planning,
    commands: &mut Commands,
) {
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
        Tab::Zone => zone_tab(ui, planning, commands),
        Tab::Plan => plan_tab(ui, planning, commands),
        Tab::Assessment => assessment_tab(ui, &planning.current.plan, commands),
        Tab::HomeCare => home_care_tab(ui, &planning.current.plan, commands),
        Tab::Findings => findings_tab(ui, planning, commands),
        Tab::Structure => {}
    });
}

fn combo<T: Copy + PartialEq>(
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

fn zone_tab(ui: &mut egui::Ui, planning: &mut Planning, commands: &mut Commands) {
    let plan = &planning.current.plan;
    match planning.editor.selected.clone() {
        Some(ItemRef::Zone(id)) => {
            if let Some(zone) = plan.zones.iter().find(|z| z.id == id).cloned() {
                zone_editor(ui, &zone, planning, commands);
            }
        }
        Some(ItemRef::NoGo(id)) => {
            if let Some(area) = plan.no_go.iter().find(|n| n.id == id).cloned() {
                no_go_editor(ui, &area, planning, commands);
            }
        }
        None => {
            ui.label("No zone selected.");
            ui.label(
                "Pick the Zone tool (Z) and click on the body to place a treatment zone, or click an existing zone with Select (V).",
            );
        }
    }
}

fn grid(ui: &mut egui::Ui, id: &str, add: impl FnOnce(&mut egui::Ui)) {
    egui::Grid::new(id)
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, add);
}

fn zone_editor(ui: &mut egui::Ui, zone: &Zone, planning: &mut Planning, commands: &mut Commands) {
    let mut z = zone.clone();
    ui.heading(format!("Zone {}", z.order));
    grid(ui, "zone_grid", |ui| {
        ui.label("Label");
        ui.text_edit_singleline(&mut z.label);
        ui.end_row();
        ui.label("Technique");
        combo(
            ui,
            "technique",
            &mut z.technique,
            Technique::ALL,
            Technique::label,
        );
        ui.end_row();
        ui.label("Pressure");
        ui.horizontal(|ui| {
            for p in Pressure::ALL {
                ui.selectable_value(&mut z.pressure, *p, p.label());
            }
        });
        ui.end_row();
        ui.label("Tool");
        combo(ui, "hand_tool", &mut z.tool, HandTool::ALL, HandTool::label);
        ui.end_row();
        ui.label("Client position");
        combo(
            ui,
            "position",
            &mut z.position,
            ClientPosition::ALL,
            ClientPosition::label,
        );
        ui.end_row();
        ui.label("Duration");
        ui.add(
            egui::DragValue::new(&mut z.duration_min)
                .range(0.5..=60.0)
                .speed(0.1)
                .suffix(" min"),
        );
        ui.end_row();
        match &mut z.shape {
            Shape::Disc { radius_mm } => {
                ui.label("Radius");
                ui.add(
                    egui::DragValue::new(radius_mm)
                        .range(5.0..=150.0)
                        .suffix(" mm"),
                );
            }
            Shape::Stroke { width_mm, .. } => {
                ui.label("Width");
                ui.add(
                    egui::DragValue::new(width_mm)
                        .range(10.0..=150.0)
                        .suffix(" mm"),
                );
            }
        }
        ui.end_row();
        ui.label("Order");
        ui.horizontal(|ui| {
            ui.label(z.order.to_string());
            let count = planning.current.plan.zones.len();
            let place = z.order as usize - 1;
            if ui
                .add_enabled(place > 0, egui::Button::new("Earlier"))
                .clicked()
            {
                commands.trigger(PlanEdit(Edit::ReorderZone {
                    id: z.id.clone(),
                    to: place - 1,
                }));
            }
            if ui
                .add_enabled(place + 1 < count, egui::Button::new("Later"))
                .clicked()
            {
                commands.trigger(PlanEdit(Edit::ReorderZone {
                    id: z.id.clone(),
                    to: place + 1,
                }));
            }
        });
        ui.end_row();
        ui.label("Lies on");
        ui.label(structure_name(&z.anchor.structure));
        ui.end_row();
    });
    ui.label("Notes");
    ui.add(
        egui::TextEdit::multiline(&mut z.notes)
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    );
    if z != *zone {
        commands.trigger(PlanEdit(Edit::SetZone(z.clone())));
    }
    ui.horizontal(|ui| {
        if ui.button("Show on body").clicked() {
            commands.trigger(FramePoint {
                centre: Vec3::from(z.anchor.position),
                radius: 0.08,
            });
        }
        if ui.button("Delete zone").on_hover_text("Delete").clicked() {
            commands.trigger(PlanEdit(Edit::RemoveZone(z.id.clone())));
            planning.editor.selected = None;
        }
    });
    ui.separator();
    zone_findings(ui, &planning.findings, &z.id);
    ui.separator();
    what_lies_under(ui, z.anchor.position, z.anchor.normal);
}

fn zone_findings(ui: &mut egui::Ui, findings: &LiveFindings, id: &str) {
    let mine: Vec<_> = findings
        .0
        .iter()
        .filter(|f| f.zone.as_deref() == Some(id))
        .collect();
    if mine.is_empty() {
        ui.colored_label(
            egui::Color32::from_rgb(60, 160, 90),
            "No safety findings for this zone.",
        );
    }
    for f in mine {
        finding_line(ui, f);
    }
}

fn finding_line(ui: &mut egui::Ui, f: &crate::safety::SafetyFinding) -> egui::Response {
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

fn what_lies_under(ui: &mut egui::Ui, position: Point3, normal: Point3) {
    ui.label(egui::RichText::new("What lies under this point").strong());
    let layers = SafetyModel::embedded().what_lies_under(Vec3::from(position), Vec3::from(normal));
    if layers.is_empty() {
        ui.label("Nothing of the model lies under this point.");
    }
    grid(ui, "under_grid", |ui| {
        for (node, depth) in layers {
            ui.label(format!("{depth:.0} mm"));
            ui.label(structure_name(&node));
            ui.end_row();
        }
    });
}

fn no_go_editor(
    ui: &mut egui::Ui,
    area: &NoGoArea,
    planning: &mut Planning,
    commands: &mut Commands,
) {
    let mut n = area.clone();
    ui.heading("No-go area");
    grid(ui, "nogo_grid", |ui| {
        ui.label("Label");
        ui.text_edit_singleline(&mut n.label);
        ui.end_row();
        ui.label("Radius");
        ui.add(
            egui::DragValue::new(&mut n.radius_mm)
                .range(5.0..=150.0)
                .suffix(" mm"),
        );
        ui.end_row();
        ui.label("Lies on");
        ui.label(structure_name(&n.anchor.structure));
        ui.end_row();
    });
    ui.label("Why no one may work here");
    ui.add(
        egui::TextEdit::multiline(&mut n.reason)
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    );
    if n != *area {
        commands.trigger(PlanEdit(Edit::SetNoGo(n.clone())));
    }
    if ui.button("Delete no-go area").clicked() {
        commands.trigger(PlanEdit(Edit::RemoveNoGo(n.id.clone())));
        planning.editor.selected = None;
    }
    ui.separator();
    what_lies_under(ui, n.anchor.position, n.anchor.normal);
}

fn plan_tab(ui: &mut egui::Ui, planning: &mut Planning, commands: &mut Commands) {
    let plan = &planning.current.plan;
    let before = Header::of(plan);
    let mut h = before.clone();
    grid(ui, "header_grid", |ui| {
        ui.label("Title");
        ui.text_edit_singleline(&mut h.title);
        ui.end_row();
        ui.label("Client alias");
        ui.add(egui::TextEdit::singleline(&mut h.client_alias).hint_text("alias or initials"))
            .on_hover_text("An alias or initials: no full names in plan files.");
        ui.end_row();
        ui.label("Affected side");
        combo(ui, "side", &mut h.side, Side::ALL, Side::label);
        ui.end_row();
        ui.label("Date");
        let mut date = h.date.clone().unwrap_or_default();
        ui.add(egui::TextEdit::singleline(&mut date).hint_text("YYYY-MM-DD"));
        h.date = (!date.trim().is_empty()).then(|| date.trim().to_owned());
        ui.end_row();
        ui.label("Phase or week");
        ui.text_edit_singleline(&mut h.phase);
        ui.end_row();
    });
    ui.label("Notes");
    ui.add(
        egui::TextEdit::multiline(&mut h.notes)
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    );
    if h != before {
        commands.trigger(PlanEdit(Edit::SetHeader(h)));
    }
    ui.separator();
    ui.label(egui::RichText::new("Zones in treatment order").strong());
    if plan.zones.is_empty() {
        ui.label("No zones yet: pick the Zone (Z) or Stroke (S) tool and click on the body.");
    }
    let total: f32 = plan.zones.iter().map(|z| z.duration_min).sum();
    let zones = plan.zones_in_order();
    let count = zones.len();
    for (place, z) in zones.into_iter().enumerate() {
        let item = ItemRef::Zone(z.id.clone());
        ui.horizontal(|ui| {
            if ui
                .add_enabled(place > 0, egui::Button::new("Up").small())
                .on_hover_text("Earlier in the session")
                .clicked()
            {
                commands.trigger(PlanEdit(Edit::ReorderZone {
                    id: z.id.clone(),
                    to: place - 1,
                }));
            }
            if ui
                .add_enabled(place + 1 < count, egui::Button::new("Down").small())
                .on_hover_text("Later in the session")
                .clicked()
            {
                commands.trigger(PlanEdit(Edit::ReorderZone {
                    id: z.id.clone(),
                    to: place + 1,
                }));
            }
            let outline = planning
                .findings
                .worst_for(&z.id)
                .map_or(egui::Color32::GRAY, severity_colour);
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().circle(
                rect.center(),
                5.0,
                colour32(pressure_colour(z.pressure)),
                egui::Stroke::new(2.0, outline),
            );
            let text = format!("{}. {}", z.order, zone_title(z));
            let detail = format!(
                "{} · {} pressure · {} · {:.0} min",
                z.technique.label(),
                z.pressure.label(),
                z.tool.label(),
                z.duration_min
            );
            let selected = planning.editor.selected.as_ref() == Some(&item);
            let row = egui::Button::selectable(selected, text).truncate();
            if ui.add(row).on_hover_text(detail).clicked() {
                planning.editor.selected = Some(item.clone());
            }
        });
    }
    if count > 0 {
        ui.label(format!("Total time: {total:.0} min"));
    }
    ui.separator();
    ui.label(egui::RichText::new("No-go areas").strong());
    if plan.no_go.is_empty() {
        ui.label("None. Mark one with the No-go tool (N).");
    }
    for n in &plan.no_go {
        let item = ItemRef::NoGo(n.id.clone());
        let text = format!(
            "{} ({:.0} mm)",
            if n.label.is_empty() { &n.id } else { &n.label },
            n.radius_mm
        );
        if ui
            .selectable_label(
                planning.editor.selected.as_ref() == Some(&item),
                egui::RichText::new(text).color(colour32(NO_GO_FILL)),
            )
            .clicked()
        {
            planning.editor.selected = Some(item);
        }
    }
}

fn zone_title(z: &Zone) -> String {
    if z.label.is_empty() {
        structure_name(&z.anchor.structure)
    } else {
        z.label.clone()
    }
}

fn structure_name(node: &str) -> String {
    crate::anatomy::Anatomy::embedded()
        .structure_of_node(node)
        .map(|(s, side)| super::model::node_label(&s.name, side))
        .unwrap_or_else(|| node.to_owned())
}

fn test_result(ui: &mut egui::Ui, id: &str, label: &str, value: &mut TestResult) {
    ui.label(label);
    ui.horizontal(|ui| {
        for r in TestResult::ALL {
            ui.push_id(id, |ui| ui.selectable_value(value, *r, r.label()));
        }
    });
    ui.end_row();
}

fn assessment_tab(ui: &mut egui::Ui, plan: &SessionPlan, commands: &mut Commands) {
    let mut a: Assessment = plan.assessment.clone();
    grid(ui, "assessment_grid", |ui| {
        test_result(
            ui,
            "slr",
            "Straight leg raise",
            &mut a.straight_leg_raise.result,
        );
        ui.label("SLR angle");
        ui.horizontal(|ui| {
            let mut has = a.straight_leg_raise.angle_deg.is_some();
            ui.checkbox(&mut has, "measured");
            match (has, &mut a.straight_leg_raise.angle_deg) {
                (true, Some(angle)) => {
                    ui.add(egui::DragValue::new(angle).range(0.0..=90.0).suffix("°"));
                }
                (true, slot @ None) => *slot = Some(45.0),
                (false, slot) => *slot = None,
            }
        });
        ui.end_row();
        test_result(ui, "bragard", "Bragard's test", &mut a.bragard);
        test_result(ui, "piriformis", "Piriformis test", &mut a.piriformis_test);
        ui.label("Nerve and piriformis");
        let mut variant = a.nerve_variant;
        egui::ComboBox::from_id_salt("nerve_variant")
            .selected_text(
                variant.map_or("Not known".to_owned(), |v| format!("Type {}", v.letter())),
            )
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut variant, None, "Not known");
                for v in NerveVariant::ALL {
                    ui.selectable_value(&mut variant, Some(*v), format!("Type {}", v.letter()))
                        .on_hover_text(variant_hint(*v));
                }
            });
        a.nerve_variant = variant;
        ui.end_row();
        ui.label("Disc stage");
        let mut stage = a.disc_stage;
        egui::ComboBox::from_id_salt("disc_stage")
            .selected_text(stage.map_or("Not known", DiscStage::label))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut stage, None, "Not known");
                for s in DiscStage::ALL {
                    ui.selectable_value(&mut stage, Some(*s), s.label());
                }
            });
        a.disc_stage = stage;
        ui.end_row();
        ui.label("Pregnant");
        ui.checkbox(&mut a.pregnant, "");
        ui.end_row();
        ui.label("Acute flare-up");
        ui.checkbox(&mut a.acute_flare_up, "");
        ui.end_row();
        ui.label("Build").on_hover_text(
            "How much soft tissue covers the buttock: the safety checks take the nerve as nearer the \
             skin in a slim client",
        );
        ui.horizontal(|ui| {
            for b in Build::PRESETS {
                ui.selectable_value(&mut a.build, *b, b.label());
            }
            let measured = matches!(a.build, Build::Measured { .. });
            if ui.selectable_label(measured, "Measured").clicked() && !measured {
                a.build = Build::Measured {
                    soft_tissue_mm: 80.0,
                };
            }
            if let Build::Measured { soft_tissue_mm } = &mut a.build {
                ui.add(
                    egui::DragValue::new(soft_tissue_mm)
                        .range(20.0..=200.0)
                        .suffix(" mm"),
                )
                .on_hover_text(
                    "Soft tissue over the buttock: skin to the sciatic nerve midway between the sit \
                     bone and the trochanter, on ultrasound",
                );
            }
        });
        ui.end_row();
    });
    ui.separator();
    ui.label(
        egui::RichText::new("Red flags (cauda equina): any one means do not treat, refer").strong(),
    );
    ui.checkbox(
        &mut a.red_flags.bladder_or_bowel_loss,
        "Loss of bladder or bowel control",
    );
    ui.checkbox(
        &mut a.red_flags.saddle_anaesthesia,
        "Numbness in the saddle area",
    );
    ui.checkbox(
        &mut a.red_flags.progressive_weakness,
        "Weakness that is getting worse",
    );
    ui.separator();
    ui.label("Findings");
    ui.add(
        egui::TextEdit::multiline(&mut a.findings)
            .desired_rows(4)
            .desired_width(f32::INFINITY),
    );
    if a != plan.assessment {
        commands.trigger(PlanEdit(Edit::SetAssessment(a)));
    }
}

/// How the nerve passes piriformis in each Beaton & Anson type.
fn variant_hint(v: NerveVariant) -> &'static str {
    match v {
        NerveVariant::A => "The whole nerve below piriformis: the usual anatomy.",
        NerveVariant::B => "The common fibular division through the muscle, the tibial below it.",
        NerveVariant::C => "One division above the muscle, the other below it.",
        NerveVariant::D => "The whole nerve between two heads of the muscle.",
        NerveVariant::E => "One division between the heads, the other above the muscle.",
        NerveVariant::F => "The whole nerve above the muscle.",
    }
}

fn home_care_tab(ui: &mut egui::Ui, plan: &SessionPlan, commands: &mut Commands) {
    let mut items = plan.home_care.clone();
    ui.label("Advice for the client to take home, one item per line.");
    let mut remove = None;
    for (i, item) in items.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::multiline(item)
                    .desired_rows(1)
                    .desired_width(ui.available_width() - 70.0),
            );
            if ui.small_button("Remove").clicked() {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        items.remove(i);
    }
    if ui.button("Add advice").clicked() {
        items.push(String::new());
    }
    if items != plan.home_care {
        commands.trigger(PlanEdit(Edit::SetHomeCare(items)));
    }
}

fn findings_tab(ui: &mut egui::Ui, planning: &mut Planning, commands: &mut Commands) {
    let findings = planning.findings.0.clone();
    if findings.is_empty() {
        ui.colored_label(
            egui::Color32::from_rgb(60, 160, 90),
            "The plan has no safety findings.",
        );
        return;
    }
    let mut sorted: Vec<_> = findings.iter().collect();
    sorted.sort_by_key(|f| std::cmp::Reverse(severity_rank(f.severity)));
    for f in sorted {
        let zone = f
            .zone
            .as_ref()
            .and_then(|id| planning.current.plan.zones.iter().find(|z| &z.id == id));
        if let Some(z) = zone {
            ui.label(format!("Zone {}: {}", z.order, zone_title(z)));
        } else {
            ui.label("Whole plan");
        }
        let response = finding_line(ui, f).interact(egui::Sense::click());
        if let Some(z) = zone
            && response.on_hover_text("Click to show this zone").clicked()
        {
            planning.editor.selected = Some(ItemRef::Zone(z.id.clone()));
            commands.trigger(FramePoint {
                centre: Vec3::from(z.anchor.position),
                radius: 0.08,
            });
        }
        ui.separator();
    }
}

/// Numbered badges on the body in treatment order, and crosses on the no-go areas.
pub fn badges(
    ctx: &egui::Context,
    planning: &Planning,
    camera: Option<(&Camera, &GlobalTransform)>,
    rect: &ViewportRect,
) {
    let (Some((camera, camera_tf)), Ok(root)) = (camera, planning.roots.single()) else {
        return;
    };
    let painter = rect.painter(ctx, "zone_badges");
    let eye = camera_tf.translation();
    let project = |p: Point3, n: Point3| {
        let world = root.transform_point(Vec3::from(p));
        let normal = root.rotation() * Vec3::from(n);
        // Badges of zones on the far side of the body are left out.
        if normal.dot(eye - world) < 0.0 {
            return None;
        }
        camera
            .world_to_viewport(camera_tf, world)
            .ok()
            .map(|s| egui::pos2(s.x, s.y))
    };
    let plan = &planning.current.plan;
    // How many pixels a length at a point of the body spans on screen.
    let pixels = |p: Point3, length: f32| {
        let world = root.transform_point(Vec3::from(p));
        let a = camera.world_to_viewport(camera_tf, world).ok()?;
        let b = camera
            .world_to_viewport(camera_tf, world + camera_tf.right() * length)
            .ok()?;
        Some(a.distance(b))
    };
    for z in plan.zones_in_order() {
        // A stroke's badge marks where it starts; a disc's sits on its rim, so it leaves the zone in view.
        let (start, offset) = match &z.shape {
            Shape::Stroke { path, .. } if !path.is_empty() => (path[0], 0.0),
            _ => (
                z.anchor.position,
                pixels(z.anchor.position, z.half_extent_m()).unwrap_or(0.0),
            ),
        };
        let Some(centre) = project(start, z.anchor.normal) else {
            continue;
        };
        let at = if offset > 16.0 {
            centre + egui::vec2(offset, -offset) * std::f32::consts::FRAC_1_SQRT_2
        } else {
            centre
        };
        let outline = planning
            .findings
            .worst_for(&z.id)
            .map_or(egui::Color32::WHITE, severity_colour);
        painter.circle(
            at,
            10.0,
            colour32(pressure_colour(z.pressure)),
            egui::Stroke::new(2.0, outline),
        );
        painter.text(
            at,
            egui::Align2::CENTER_CENTER,
            z.order.to_string(),
            egui::FontId::proportional(13.0),
            egui::Color32::WHITE,
        );
    }
    for n in &plan.no_go {
        if let Some(at) = project(n.anchor.position, n.anchor.normal) {
            painter.circle(
                at,
                9.0,
                colour32(NO_GO_FILL),
                egui::Stroke::new(2.0, egui::Color32::WHITE),
            );
            let d = 4.0;
            let white = egui::Stroke::new(2.0, egui::Color32::WHITE);
            painter.line_segment([at + egui::vec2(-d, -d), at + egui::vec2(d, d)], white);
            painter.line_segment([at + egui::vec2(-d, d), at + egui::vec2(d, -d)], white);
        }
    }
}

/// The tooltip of the zone or no-go area under the pointer: order, technique, pressure, tool, time.
pub fn zone_tooltip(ctx: &egui::Context, planning: &Planning, rect: &ViewportRect) {
    let plan = &planning.current.plan;
    let Some(pointer) = ctx.pointer_hover_pos() else {
        return;
    };
    if !rect.contains(Vec2::new(pointer.x, pointer.y)) {
        return;
    }
    let text = match &planning.editor.hovered {
        Some(ItemRef::Zone(id)) => plan.zones.iter().find(|z| &z.id == id).map(|z| {
            let mut t = format!(
                "{}. {}\n{} · {} pressure · {}\n{:.0} min, {}",
                z.order,
                zone_title(z),
                z.technique.label(),
                z.pressure.label(),
                z.tool.label(),
                z.duration_min,
                z.position.label().to_lowercase()
            );
            if let Some(worst) = planning.findings.worst_for(&z.id) {
                t.push_str(&format!("\nSafety: {worst}"));
            }
            t
        }),
        Some(ItemRef::NoGo(id)) => plan
            .no_go
            .iter()
            .find(|n| &n.id == id)
            .map(|n| format!("No-go: {}\n{}", n.label, n.reason)),
        None => None,
    };
    if let Some(text) = text {
        pointer_label(ctx, pointer, "zone_tooltip", &text);
    }
}

/// A small label beside the pointer, over everything: what the pointer is on.
pub fn pointer_label(ctx: &egui::Context, pointer: egui::Pos2, id: &'static str, text: &str) {
    egui::Area::new(id.into())
        .fixed_pos(pointer + egui::vec2(14.0, 10.0))
        .order(egui::Order::Tooltip)
        .interactable(false)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(320.0);
                ui.add(egui::Label::new(text).wrap());
            });
        });
}
