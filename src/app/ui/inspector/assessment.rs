//! The assessment tab.

use bevy::prelude::*;
use bevy_egui::egui;

use super::{Planning, grid};
use crate::anatomy::{Anatomy, Side};
use crate::app::document::PlanEdit;
use crate::app::scene::layers::strain_colour;
use crate::app::scene::pose::{EndTest, PlayTest, tested_side};
use crate::plan::edit::Edit;
use crate::plan::{
    AffectedSide, Assessment, Build, DiscStage, NerveVariant, SessionPlan, TestResult,
};
use crate::pose::tension::{NerveTest, tension};

fn test_result(ui: &mut egui::Ui, id: &str, label: &str, value: &mut TestResult) {
    ui.label(label);
    ui.horizontal(|ui| {
        for r in TestResult::ALL {
            ui.push_id(id, |ui| ui.selectable_value(value, *r, r.label()));
        }
    });
    ui.end_row();
}

/// The band of the straight leg raise in which radiating pain counts as a positive test (degrees).
pub const SLR_POSITIVE_BAND: (f32, f32) = (30.0, 70.0);

/// A gauge of the leg's raise from 0 to 90 degrees, the positive band shaded and the recorded angle
/// marked.
fn slr_gauge(ui: &mut egui::Ui, angle: Option<f32>) {
    let width = ui.available_width().clamp(120.0, 260.0);
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, 18.0), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    let x = |deg: f32| rect.left() + rect.width() * (deg / 90.0).clamp(0.0, 1.0);
    let bar = egui::Rect::from_x_y_ranges(
        rect.x_range(),
        rect.center().y - 3.0..=rect.center().y + 3.0,
    );
    painter.rect_filled(bar, 2.0, visuals.extreme_bg_color);
    let band = egui::Rect::from_x_y_ranges(
        x(SLR_POSITIVE_BAND.0)..=x(SLR_POSITIVE_BAND.1),
        bar.y_range(),
    );
    painter.rect_filled(band, 0.0, egui::Color32::from_rgb(214, 120, 40));
    for deg in [0.0, 30.0, 45.0, 60.0, 90.0] {
        let tick = x(deg);
        painter.line_segment(
            [
                egui::pos2(tick, bar.bottom()),
                egui::pos2(tick, rect.bottom()),
            ],
            visuals.widgets.noninteractive.fg_stroke,
        );
    }
    if let Some(angle) = angle {
        let at = x(angle);
        painter.line_segment(
            [egui::pos2(at, rect.top()), egui::pos2(at, rect.bottom())],
            egui::Stroke::new(3.0, visuals.strong_text_color()),
        );
    }
    response.on_hover_text(format!(
        "0 to 90 degrees of raise; shaded: {} to {} degrees, where pain running down the leg counts \
         as a positive test",
        SLR_POSITIVE_BAND.0, SLR_POSITIVE_BAND.1
    ));
}

/// The three tests played on the body: a button for each, then a slider that scrubs the shown test, the
/// tested leg's angles and what they do to the nerve, coloured as the nerve is.
pub fn tests_on_the_body(ui: &mut egui::Ui, planning: &mut Planning, commands: &mut Commands) {
    let plan = &planning.current.plan;
    let side = tested_side(plan.side);
    ui.strong("Show a test on the body");
    ui.horizontal_wrapped(|ui| {
        for test in NerveTest::ALL {
            let raise = match test {
                // The straight leg raise goes to the recorded angle, Bragard's starts from it.
                NerveTest::StraightLegRaise | NerveTest::Bragard => plan
                    .assessment
                    .straight_leg_raise
                    .angle_deg
                    .unwrap_or(test.default_raise()),
                NerveTest::Piriformis => test.default_raise(),
            };
            let shown = planning.test.0.is_some_and(|v| v.test == test);
            if ui
                .selectable_label(shown, format!("▶ {}", test.label()))
                .on_hover_text(test_hint(test))
                .clicked()
            {
                commands.trigger(PlayTest { test, side, raise });
            }
        }
    });
    let Some(view) = planning.test.0.as_mut() else {
        ui.weak("The body shows the plan's position.");
        return;
    };
    ui.horizontal(|ui| {
        ui.label("Through the test");
        let mut progress = view.progress;
        let slider = egui::Slider::new(&mut progress, 0.0..=1.0).show_value(false);
        if ui.add(slider).changed() {
            view.progress = progress;
            view.playing = false;
        }
        if ui.button("Back to the plan's position").clicked() {
            commands.trigger(EndTest);
        }
    });
    let angles = view.angles();
    ui.label(format!(
        "Hip flexion {:.0}°, knee flexion {:.0}°, ankle {:+.0}°{}",
        angles.hip_flexion,
        angles.knee_flexion,
        angles.ankle_dorsiflexion,
        if angles.hip_abduction < 0.0 {
            format!(
                ", adduction {:.0}°, internal rotation {:.0}°",
                -angles.hip_abduction, -angles.hip_external_rotation
            )
        } else {
            String::new()
        }
    ));
    if view.test == NerveTest::StraightLegRaise {
        slr_gauge(ui, Some(angles.hip_flexion));
    }
    let Some(t) = &planning.strain.tension else {
        return;
    };
    let swatch = |ui: &mut egui::Ui, percent: f32, text: String| {
        let [r, g, b, _] = strain_colour(percent).to_srgba().to_u8_array();
        ui.horizontal(|ui| {
            ui.colored_label(egui::Color32::from_rgb(r, g, b), "■");
            ui.label(text);
        });
    };
    swatch(
        ui,
        t.total.percent(),
        format!("Nerve's bed: {:+.1}% against lying flat", t.total.percent()),
    );
    for stretch in &t.nerve {
        swatch(
            ui,
            stretch.percent(),
            format!("  {}: {:+.1}%", stretch.name, stretch.percent()),
        );
    }
    if view.test == NerveTest::Piriformis {
        swatch(
            ui,
            t.piriformis.percent(),
            format!("Piriformis: {:+.1}% longer", t.piriformis.percent()),
        );
    }
    ui.weak(
        "The model's geometry: how far the bed lengthens, not the nerve's own strain (it slides in \
         its bed). Yellow is slack, red 12% or more.",
    );
}

fn test_hint(test: NerveTest) -> &'static str {
    match test {
        NerveTest::StraightLegRaise => {
            "On the back, knee straight: the leg is raised from the hip. Pain down the leg between \
             about 30 and 70 degrees counts as positive."
        }
        NerveTest::Bragard => {
            "The raise taken just below where it hurt, then the foot pulled up: the nerve tightens \
             again without the hip moving."
        }
        NerveTest::Piriformis => {
            "On the other side, hip flexed about 60 degrees and knee bent, the knee pressed down \
             towards the table: piriformis is stretched over the nerve."
        }
    }
}

/// What the recorded raise does to the nerve's bed on the model, in a sentence.
pub fn slr_on_the_model(angle: f32, side: AffectedSide) -> String {
    let side = match side {
        AffectedSide::Left => Side::Left,
        _ => Side::Right,
    };
    let angles = NerveTest::StraightLegRaise.angles(angle, None, None);
    match tension(Anatomy::embedded(), side, angles) {
        Ok(t) => format!(
            "At {angle:.0}° the nerve's bed is {:+.1}% longer than lying flat ({:+.1}% along the \
             sciatic trunk); bending the knee gives some of it back.",
            t.total.percent(),
            t.nerve[0].percent(),
        ),
        Err(e) => e,
    }
}

/// The assessment tab: the three tests, the nerve variant, disc stage, build and red flags.
pub fn show(ui: &mut egui::Ui, plan: &SessionPlan, commands: &mut Commands) {
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
        ui.label("On the model");
        ui.vertical(|ui| {
            slr_gauge(ui, a.straight_leg_raise.angle_deg);
            if let Some(angle) = a.straight_leg_raise.angle_deg {
                ui.label(slr_on_the_model(angle, plan.side))
                    .on_hover_text(
                        "The model's geometry: how far the nerve's bed lengthens with the leg raised \
                         and the knee straight, against lying flat. A nerve slides in its bed, so its \
                         own strain is smaller.",
                    );
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recorded_raise_is_read_on_the_model_for_the_affected_side() {
        let low = slr_on_the_model(30.0, AffectedSide::Right);
        let high = slr_on_the_model(70.0, AffectedSide::Left);
        assert!(low.starts_with("At 30° the nerve's bed is +2."), "{low}");
        assert!(high.starts_with("At 70° the nerve's bed is +4."), "{high}");
        assert!(high.contains("sciatic trunk"), "{high}");
    }
}
