//! The teaching room's interface: a strip on top (the tour, the variants or the quiz; back to planning), a
//! panel of the tour's stops (or of the variants, or the quiz's question) and the stop's caption below the
//! body; over the body, the lit structures' names on leader lines and a tracer running along the stop's
//! stretch of nerve.

use crate::anatomy::Side as LegSide;
use crate::app::scene::pose::{EndTest, PlayTest};
use crate::pose::tension::NerveTest;
use bevy::prelude::*;
use bevy_egui::egui;

use crate::app::modes::teach::{
    AnswerQuestion, ChooseTour, Lesson, LessonTab, QUIZ_LENGTH, QuizStep, ShowVariant, TourStep,
    tracer_progress,
};
use crate::app::scene::layers::ViewSettings;
use crate::app::scene::model::StructureNode;
use crate::app::schedule::AppMode;
use crate::app::viewport::{Projector, ViewportRect};
use crate::teaching::{Answer, Question, node_display_name, variant_panel};

/// Height of the caption's panel (logical pixels): a heading, four lines of caption and the buttons.
pub const CAPTION_HEIGHT: f32 = 190.0;
/// Size of the caption's text.
const CAPTION_SIZE: f32 = 17.0;
/// The tracer's and the lit nerve's colour.
const TRACE: egui::Color32 = egui::Color32::from_rgb(255, 214, 10);
/// The core of the lit stretch of nerve: amber, apart from the nerve's yellow.
const LIT: egui::Color32 = egui::Color32::from_rgb(255, 150, 20);
/// A right answer.
const RIGHT: egui::Color32 = egui::Color32::from_rgb(110, 200, 120);
/// A wrong answer, or a problem.
const WRONG: egui::Color32 = egui::Color32::from_rgb(235, 130, 100);

/// The strip on top of the window.
pub fn top(ui: &mut egui::Ui, lesson: &mut Lesson, commands: &mut Commands) {
    ui.horizontal(|ui| {
        ui.heading("Teaching");
        ui.separator();
        for (i, tour) in lesson.tours.iter().enumerate() {
            let on = lesson.tab == LessonTab::Tour && lesson.tour == i;
            if ui.selectable_label(on, &tour.title).clicked() && !on {
                commands.trigger(ChooseTour(i));
            }
        }
        if ui
            .selectable_label(lesson.tab == LessonTab::Variants, "Variants")
            .clicked()
        {
            lesson.tab = LessonTab::Variants;
            commands.trigger(ShowVariant('A'));
        }
        if ui
            .selectable_label(lesson.tab == LessonTab::Quiz, "Quiz")
            .clicked()
            && lesson.tab != LessonTab::Quiz
        {
            commands.trigger(QuizStep::Continue);
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Back to planning (Esc)").clicked() {
                commands.set_state(AppMode::Planning);
            }
        });
    });
}

/// The panel beside the body: the stops to jump to, the variants, or the quiz.
pub fn side(
    ui: &mut egui::Ui,
    lesson: &mut Lesson,
    settings: &ViewSettings,
    commands: &mut Commands,
) {
    match lesson.tab {
        LessonTab::Tour => stops(ui, lesson, commands),
        LessonTab::Variants => variants(ui, settings, commands),
        LessonTab::Quiz => quiz(ui, lesson, commands),
    }
}

fn stops(ui: &mut egui::Ui, lesson: &Lesson, commands: &mut Commands) {
    ui.heading(&lesson.current_tour().title);
    ui.add_space(4.0);
    for problem in &lesson.tour_problems {
        ui.colored_label(WRONG, format!("A tour file was left out: {problem}"));
    }
    egui::ScrollArea::vertical().show(ui, |ui| {
        for (i, stop) in lesson.current_tour().stops.iter().enumerate() {
            let text = format!("{}. {}", i + 1, stop.title);
            if ui.selectable_label(lesson.stop == i, text).clicked() {
                commands.trigger(TourStep::To(i));
            }
        }
    });
}

fn variants(ui: &mut egui::Ui, settings: &ViewSettings, commands: &mut Commands) {
    ui.heading("The nerve under tension");
    ui.label(
        "Play a test on the right leg: the nerve turns from yellow to red as its bed lengthens. The \
         Assessment tab of a plan scrubs it and gives the numbers.",
    );
    ui.horizontal_wrapped(|ui| {
        for test in NerveTest::ALL {
            if ui.button(format!("▶ {}", test.label())).clicked() {
                commands.trigger(PlayTest {
                    test,
                    side: LegSide::Right,
                    raise: test.default_raise(),
                });
            }
        }
        if ui.button("Stand up again").clicked() {
            commands.trigger(EndTest);
        }
    });
    ui.add_space(6.0);
    ui.heading("Where the nerve meets piriformis");
    ui.label("Beaton and Anson's six types. Pick one to see it in the model.");
    ui.add_space(4.0);
    egui::ScrollArea::vertical().show(ui, |ui| {
        for info in variant_panel() {
            ui.separator();
            let title = format!("Type {}", info.letter);
            let letter = info.letter.chars().next().unwrap_or('A');
            if info.modelled {
                if ui
                    .radio(
                        settings.variant == letter,
                        egui::RichText::new(title).strong(),
                    )
                    .clicked()
                {
                    commands.trigger(ShowVariant(letter));
                }
            } else {
                ui.label(
                    egui::RichText::new(format!("{title} (not drawn in this model)")).strong(),
                );
            }
            ui.label(&info.description);
            ui.label(egui::RichText::new(format!("How common: {}", info.prevalence)).small());
            ui.label(
                egui::RichText::new(format!("Source: {}", info.source))
                    .small()
                    .weak(),
            );
        }
    });
}

fn quiz(ui: &mut egui::Ui, lesson: &mut Lesson, commands: &mut Commands) {
    ui.heading("Quiz");
    ui.label("Labels and the structure list are hidden: name what you see.");
    ui.label(match lesson.best.best(QUIZ_LENGTH) {
        Some(best) => format!("Best score: {best} of {QUIZ_LENGTH}"),
        None => "No score kept yet.".to_owned(),
    });
    if let Some(problem) = &lesson.scores_problem {
        ui.colored_label(WRONG, format!("The best scores are not kept: {problem}"));
    }
    ui.add_space(8.0);
    if let Some((question, outcome)) = &lesson.review {
        ui.label(egui::RichText::new(question.prompt()).weak());
        let (colour, text) = if outcome.correct {
            (RIGHT, "Right.".to_owned())
        } else {
            (
                WRONG,
                format!("Not quite. The answer: {}.", outcome.right_answer),
            )
        };
        ui.colored_label(colour, egui::RichText::new(text).size(CAPTION_SIZE));
        if question.structure().is_some() {
            ui.label("It is lit on the body.");
        }
        ui.add_space(6.0);
    }
    let Some(quiz) = lesson.quiz.as_ref() else {
        if ui.button("Start a quiz").clicked() {
            commands.trigger(QuizStep::Start(seed_from_clock()));
        }
        return;
    };
    if quiz.finished() {
        ui.label(
            egui::RichText::new(format!("Done: {} of {} right.", quiz.score(), quiz.len()))
                .size(CAPTION_SIZE)
                .strong(),
        );
        if ui.button("Another quiz").clicked() {
            commands.trigger(QuizStep::Start(seed_from_clock()));
        }
        return;
    }
    if lesson.review.is_some() {
        if ui.button("Next question ▶").clicked() {
            commands.trigger(QuizStep::Continue);
        }
        return;
    }
    let Some(question) = quiz.current().cloned() else {
        return;
    };
    ui.label(format!(
        "Question {} of {} · {} right so far",
        quiz.answered() + 1,
        quiz.len(),
        quiz.score()
    ));
    ui.add_space(4.0);
    ui.label(egui::RichText::new(question.prompt()).size(CAPTION_SIZE));
    ui.add_space(6.0);
    match &question {
        Question::ClickStructure { .. } => {
            ui.label("Click it on the body; turn and zoom as you need.");
        }
        Question::NameHighlighted { choices, .. } | Question::WhichVariant { choices, .. } => {
            for (i, choice) in choices.iter().enumerate() {
                if ui.button(choice).clicked() {
                    commands.trigger(AnswerQuestion(Answer::Choice(i)));
                }
            }
        }
        Question::OrderRotators { .. } => order_rotators(ui, &mut lesson.order, commands),
    }
}

/// A seed that differs from one quiz to the next.
fn seed_from_clock() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
}

/// The rotators in the order the student is putting them, each with buttons to move it up or down.
fn order_rotators(ui: &mut egui::Ui, order: &mut [String], commands: &mut Commands) {
    let mut swap = None;
    for (i, name) in order.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(format!("{}.", i + 1));
            if ui.add_enabled(i > 0, egui::Button::new("▲")).clicked() {
                swap = Some((i - 1, i));
            }
            if ui
                .add_enabled(i + 1 < order.len(), egui::Button::new("▼"))
                .clicked()
            {
                swap = Some((i, i + 1));
            }
            ui.label(name);
        });
    }
    if let Some((a, b)) = swap {
        order.swap(a, b);
    }
    ui.add_space(4.0);
    if ui.button("Check the order").clicked() {
        commands.trigger(AnswerQuestion(Answer::Order(order.to_vec())));
    }
}

/// The stop's caption below the body, with the steps.
pub fn caption(ui: &mut egui::Ui, lesson: &Lesson, commands: &mut Commands) {
    let tour = lesson.current_tour();
    let stop = lesson.current_stop();
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.heading(&stop.title);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let last = tour.stops.len() - 1;
            if ui
                .add_enabled(lesson.stop < last, egui::Button::new("Next ▶"))
                .clicked()
            {
                commands.trigger(TourStep::Next);
            }
            ui.label(format!("{} of {}", lesson.stop + 1, tour.stops.len()));
            if ui
                .add_enabled(lesson.stop > 0, egui::Button::new("◀ Back"))
                .clicked()
            {
                commands.trigger(TourStep::Back);
            }
        });
    });
    // The progress line: one tick per stop, the ones walked filled.
    let (rect, _) =
        ui.allocate_exact_size(egui::vec2(ui.available_width(), 6.0), egui::Sense::hover());
    let part = rect.width() / tour.stops.len() as f32;
    for i in 0..tour.stops.len() {
        let tick = egui::Rect::from_min_size(
            egui::pos2(rect.min.x + i as f32 * part + 1.0, rect.min.y),
            egui::vec2(part - 2.0, rect.height()),
        );
        let colour = if i <= lesson.stop {
            TRACE
        } else {
            egui::Color32::from_gray(70)
        };
        ui.painter().rect_filled(tick, 2.0, colour);
    }
    ui.add_space(6.0);
    ui.label(
        egui::RichText::new(&stop.caption)
            .size(CAPTION_SIZE)
            .color(ui.visuals().strong_text_color()),
    );
}

/// Over the body at a stop: the lit structures' names on leader lines, the stop's nerve drawn bright and a
/// tracer running along it once.
pub fn overlay(
    ctx: &egui::Context,
    lesson: &Lesson,
    nodes: &[&StructureNode],
    projector: &Projector,
    rect: &ViewportRect,
    now: f64,
) {
    let painter = rect.painter(ctx, "lesson");
    if lesson.tab == LessonTab::Quiz {
        quiz_ring(&painter, lesson, nodes, projector);
        return;
    }
    if lesson.tab == LessonTab::Tour {
        let stop = lesson.current_stop();
        let line: Vec<egui::Pos2> = stop
            .nerve_points()
            .into_iter()
            .filter_map(|p| projector.model_to_screen(p))
            .collect();
        if let Some(t) = tracer_progress(lesson.shown_at, now)
            && line.len() >= 2
        {
            painter.add(egui::Shape::line(
                line.clone(),
                egui::Stroke::new(3.0, TRACE),
            ));
            if t < 1.0 {
                let at = along(&line, t);
                painter.circle_filled(at, 7.0, egui::Color32::WHITE);
                painter.circle_stroke(at, 7.0, egui::Stroke::new(2.5, LIT));
            }
        }
    }
    leader_labels(&painter, lesson, nodes, projector, rect);
}

/// A ring round the structure a quiz question lights, or round the right answer once a question is
/// answered: a glow alone is easy to miss on a pale ligament or a small muscle. No name is written.
fn quiz_ring(
    painter: &egui::Painter,
    lesson: &Lesson,
    nodes: &[&StructureNode],
    projector: &Projector,
) {
    let node = match &lesson.review {
        Some((question, _)) => question.structure(),
        None => lesson
            .quiz
            .as_ref()
            .and_then(|q| q.current())
            .filter(|q| matches!(q, Question::NameHighlighted { .. }))
            .and_then(Question::structure),
    };
    let Some(node) = node.and_then(|name| nodes.iter().find(|n| n.node == name)) else {
        return;
    };
    let Some(at) = projector.model_to_screen(node.centre) else {
        return;
    };
    let radius = projector
        .pixels(node.centre, node.radius * 0.6)
        .unwrap_or(20.0)
        .clamp(18.0, 120.0);
    painter.circle_stroke(
        at,
        radius,
        egui::Stroke::new(5.0, egui::Color32::from_black_alpha(120)),
    );
    painter.circle_stroke(at, radius, egui::Stroke::new(2.5, TRACE));
}

/// The point a fraction `t` of the way along a screen polyline.
fn along(line: &[egui::Pos2], t: f32) -> egui::Pos2 {
    let lengths: Vec<f32> = line.windows(2).map(|w| w[0].distance(w[1])).collect();
    let total: f32 = lengths.iter().sum();
    let mut left = total * t.clamp(0.0, 1.0);
    for (w, len) in line.windows(2).zip(&lengths) {
        if left <= *len && *len > 0.0 {
            return w[0] + (w[1] - w[0]) * (left / len);
        }
        left -= len;
    }
    line[line.len() - 1]
}

/// The lit structures' names in a column at the view's edge, each on a line to its structure.
fn leader_labels(
    painter: &egui::Painter,
    lesson: &Lesson,
    nodes: &[&StructureNode],
    projector: &Projector,
    rect: &ViewportRect,
) {
    let wanted: Vec<String> = match lesson.tab {
        LessonTab::Tour => lesson.current_stop().highlight.clone(),
        _ => Vec::new(),
    };
    if wanted.is_empty() {
        return;
    }
    let stop = lesson.current_stop();
    // While the window builds the sight's triangles in the background, the lines end on the middles for
    // a moment rather than holding up the frame.
    let waiting = lesson.sight_in_background && !crate::teaching::sight::scene_is_built();
    let mut points: Vec<(String, egui::Pos2)> = nodes
        .iter()
        .filter(|n| wanted.contains(&n.node))
        .filter_map(|n| {
            // The line ends on the part of the structure in sight from the stop's camera, not on the
            // middle of its bounds, which may lie behind whatever covers it.
            let end = if waiting {
                None
            } else {
                crate::teaching::label_point(stop, &n.node)
            }
            .unwrap_or(n.centre);
            let at = projector.model_to_screen(end)?;
            rect.contains(Vec2::new(at.x, at.y)).then(|| {
                let name = node_display_name(&n.node).unwrap_or_else(|| n.label.clone());
                (name, at)
            })
        })
        .collect();
    points.sort_by(|a, b| a.1.y.total_cmp(&b.1.y));
    let font = egui::FontId::proportional(15.0);
    let line_height = 24.0;
    let centre_x = (rect.min.x + rect.max.x) / 2.0;
    // Labels on the side of the view their structure is on, spread down the view in order.
    for left in [true, false] {
        let side: Vec<&(String, egui::Pos2)> = points
            .iter()
            .filter(|(_, p)| (p.x < centre_x) == left)
            .collect();
        let top = (rect.min.y + 40.0).max(
            side.iter().map(|(_, p)| p.y).fold(f32::INFINITY, f32::min)
                - line_height * side.len() as f32 / 2.0,
        );
        for (i, (name, at)) in side.iter().enumerate() {
            let y = (top + i as f32 * line_height).min(rect.max.y - 12.0);
            let label_at = if left {
                egui::pos2(rect.min.x + 16.0, y)
            } else {
                egui::pos2(rect.max.x - 16.0, y)
            };
            let align = if left {
                egui::Align2::LEFT_CENTER
            } else {
                egui::Align2::RIGHT_CENTER
            };
            let galley = painter.layout_no_wrap(name.clone(), font.clone(), egui::Color32::WHITE);
            let text_rect = align.anchor_size(label_at, galley.size());
            let end = if left {
                text_rect.right_center() + egui::vec2(4.0, 0.0)
            } else {
                text_rect.left_center() - egui::vec2(4.0, 0.0)
            };
            painter.line_segment([end, *at], egui::Stroke::new(1.5, egui::Color32::WHITE));
            painter.circle_filled(*at, 3.5, egui::Color32::WHITE);
            painter.rect_filled(
                text_rect.expand(3.0),
                4.0,
                egui::Color32::from_black_alpha(170),
            );
            painter.galley(text_rect.min, galley, egui::Color32::WHITE);
        }
    }
}
