//! Teaching: a tour's stops change the view and give it back on leaving, the plan is never touched, and
//! the quiz scores clicks on the model and keeps the best score.

use std::path::Path;

use bevy::prelude::*;
use sciatic_planner::app::document::keeping::DataDir;
use sciatic_planner::app::document::{self, CurrentPlan, OpenPlan};
use sciatic_planner::app::modes::teach::{
    self, AnswerQuestion, ChooseTour, Lesson, LessonTab, QUIZ_LENGTH, QuizStep, TourStep,
    view_layer,
};
use sciatic_planner::app::scene::layers::{self, Select, ViewSettings};
use sciatic_planner::app::schedule::AppMode;
use sciatic_planner::app::viewport::camera::GlideTo;
use sciatic_planner::teaching::{Answer, BestScores, Peel, Question, Tour};

/// The glides the camera was asked for.
#[derive(Resource, Default)]
struct Glides(Vec<GlideTo>);

fn teach_app(data: &Path) -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .add_plugins((document::actions::plugin, layers::plugin, teach::plugin))
        .insert_resource(DataDir(Some(data.to_path_buf())))
        .init_resource::<Glides>()
        .add_observer(|glide: On<GlideTo>, mut glides: ResMut<Glides>| {
            glides.0.push(*glide.event());
        });
    app.update();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/case-study-week1.ron");
    app.world_mut().trigger(OpenPlan { path });
    app.update();
    app
}

fn set_mode(app: &mut App, mode: AppMode) {
    app.world_mut()
        .resource_mut::<NextState<AppMode>>()
        .set(mode);
    app.update();
    assert_eq!(*app.world().resource::<State<AppMode>>().get(), mode);
}

/// In a window, entering the room starts building the sight's triangles on a thread of its own, so the
/// frame that enters does not wait for it; the build then finishes.
#[test]
fn entering_the_room_builds_the_sight_in_the_background() {
    let data = tempfile::tempdir().unwrap();
    let mut app = teach_app(data.path());
    app.init_resource::<teach::SightInBackground>();
    let started = std::time::Instant::now();
    set_mode(&mut app, AppMode::Teaching);
    let entered = started.elapsed();
    assert!(app.world().resource::<Lesson>().sight_in_background);
    while !sciatic_planner::teaching::sight::scene_is_built() {
        assert!(
            started.elapsed().as_secs() < 120,
            "the sight was never built"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let built = started.elapsed();
    eprintln!("entered in {entered:?}, the sight built after {built:?}");
    assert!(entered < built, "the room waited for the sight");
}

#[test]
fn the_nerve_tour_walks_stop_by_stop_and_leaves_the_view_and_the_plan_as_they_were() {
    let data = tempfile::tempdir().unwrap();
    let mut app = teach_app(data.path());
    let plan_before = app.world().resource::<CurrentPlan>().plan.clone();
    let view_before = app.world().resource::<ViewSettings>().clone();
    set_mode(&mut app, AppMode::Teaching);
    let tour = Tour::embedded("nerve").unwrap().clone();
    assert!((10..=14).contains(&tour.stops.len()));
    for (i, stop) in tour.stops.iter().enumerate() {
        if i > 0 {
            app.world_mut().trigger(TourStep::Next);
            app.update();
        }
        assert_eq!(app.world().resource::<Lesson>().stop, i);
        let settings = app.world().resource::<ViewSettings>();
        let lit: Vec<&String> = settings.highlighted.iter().collect();
        let mut wanted: Vec<&String> = stop.highlight.iter().collect();
        wanted.sort();
        assert_eq!(lit, wanted, "stop {} lights its structures", i + 1);
        for peel in Peel::ALL {
            assert_eq!(
                settings.layers[&view_layer(peel)].visible,
                !stop.hides(peel),
                "stop {}: layer {}",
                i + 1,
                peel.id()
            );
        }
        // The camera glides (over a second, not a jump) to the stop's view.
        let glide = *app.world().resource::<Glides>().0.last().unwrap();
        let pose = stop.camera.pose();
        assert!(glide.focus.distance(pose.focus) < 1e-5, "stop {}", i + 1);
        assert!((glide.distance - stop.camera.distance).abs() < 1e-5);
        assert!(glide.seconds > 0.5 && glide.seconds < 2.0);
    }
    // Past the last stop the tour stays there; Back and a jump work.
    app.world_mut().trigger(TourStep::Next);
    app.update();
    assert_eq!(app.world().resource::<Lesson>().stop, tour.stops.len() - 1);
    app.world_mut().trigger(TourStep::Back);
    app.world_mut().trigger(TourStep::To(2));
    app.update();
    assert_eq!(app.world().resource::<Lesson>().stop, 2);
    // Another tour starts at its first stop.
    app.world_mut().trigger(ChooseTour(1));
    app.update();
    let lesson = app.world().resource::<Lesson>();
    assert_eq!(
        (lesson.current_tour().name.as_str(), lesson.stop),
        ("rotators", 0)
    );
    set_mode(&mut app, AppMode::Planning);
    assert_eq!(*app.world().resource::<ViewSettings>(), view_before);
    assert_eq!(app.world().resource::<CurrentPlan>().plan, plan_before);
}

/// Answers the quiz's questions: right ones rightly, the others with a wrong answer of their kind.
fn answer(app: &mut App, right: bool) {
    let question = app
        .world()
        .resource::<Lesson>()
        .quiz
        .as_ref()
        .and_then(|q| q.current().cloned())
        .expect("a question");
    match question {
        Question::ClickStructure { node, .. } => {
            // A click on the model names what it hits; the twin on the other side is wrong.
            let picked = if right {
                node.clone()
            } else if let Some(base) = node.strip_suffix("_r") {
                format!("{base}_l")
            } else {
                "sacrum".to_owned()
            };
            app.world_mut().trigger(Select(Some(picked)));
        }
        Question::NameHighlighted { answer, .. } | Question::WhichVariant { answer, .. } => {
            let chosen = if right { answer } else { (answer + 1) % 4 };
            app.world_mut()
                .trigger(AnswerQuestion(Answer::Choice(chosen)));
        }
        Question::OrderRotators { answer, .. } => {
            let mut order = answer.clone();
            if !right {
                order.reverse();
            }
            app.world_mut()
                .trigger(AnswerQuestion(Answer::Order(order)));
        }
    }
    app.update();
}

#[test]
fn the_quiz_scores_clicks_on_the_model_and_keeps_the_best_score() {
    let data = tempfile::tempdir().unwrap();
    let mut app = teach_app(data.path());
    set_mode(&mut app, AppMode::Teaching);
    // Find a seed whose quiz has a click question, so a click is scored.
    let seed = (1..200)
        .find(|seed| {
            sciatic_planner::teaching::Quiz::new(*seed, QUIZ_LENGTH)
                .questions()
                .iter()
                .any(|q| matches!(q, Question::ClickStructure { .. }))
        })
        .expect("a seed with a click question");
    app.world_mut().trigger(QuizStep::Start(seed));
    app.update();
    assert_eq!(app.world().resource::<Lesson>().tab, LessonTab::Quiz);
    let mut expected = 0;
    for i in 0..QUIZ_LENGTH {
        let right = i % 2 == 0;
        answer(&mut app, right);
        expected += u32::from(right);
        let lesson = app.world().resource::<Lesson>();
        let (question, outcome) = lesson.review.clone().expect("the answer is reviewed");
        assert_eq!(outcome.correct, right, "question {}: {question:?}", i + 1);
        if let Question::ClickStructure { node, .. } | Question::NameHighlighted { node, .. } =
            &question
        {
            // The right answer is lit on the body.
            let lit = &app.world().resource::<ViewSettings>().highlighted;
            assert!(lit.contains(node), "{node} is shown");
        }
        assert_eq!(lesson.quiz.as_ref().unwrap().score(), expected);
        app.world_mut().trigger(QuizStep::Continue);
        app.update();
    }
    let lesson = app.world().resource::<Lesson>();
    assert!(lesson.quiz.as_ref().unwrap().finished());
    assert_eq!(lesson.best.best(QUIZ_LENGTH), Some(expected));
    let kept = BestScores::load(data.path()).unwrap();
    assert_eq!(
        kept.best(QUIZ_LENGTH),
        Some(expected),
        "saved in the data folder"
    );
    // A worse quiz does not replace the best score.
    app.world_mut().trigger(QuizStep::Start(seed + 1));
    app.update();
    for _ in 0..QUIZ_LENGTH {
        answer(&mut app, false);
        app.world_mut().trigger(QuizStep::Continue);
        app.update();
    }
    let kept = BestScores::load(data.path()).unwrap();
    assert_eq!(kept.best(QUIZ_LENGTH), Some(expected));
}

#[test]
fn a_teachers_own_tours_are_offered_and_a_broken_one_is_named() {
    let data = tempfile::tempdir().unwrap();
    let folder = data.path().join(teach::TOURS_FOLDER);
    std::fs::create_dir_all(&folder).unwrap();
    let own = include_str!("../../assets/teaching/rotators.ron").replacen(
        "name: \"rotators\"",
        "name: \"my-rotators\"",
        1,
    );
    std::fs::write(folder.join("mine.ron"), own).unwrap();
    std::fs::write(folder.join("broken.ron"), "Tour(name: \"x\", stops: [").unwrap();
    let mut app = teach_app(data.path());
    set_mode(&mut app, AppMode::Teaching);
    let lesson = app.world().resource::<Lesson>();
    let names: Vec<&str> = lesson.tours.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["nerve", "rotators", "my-rotators"]);
    assert_eq!(lesson.tour_problems.len(), 1);
    assert!(
        lesson.tour_problems[0].contains("broken.ron"),
        "{:?}",
        lesson.tour_problems
    );
}
