//! Teaching the nerve's course: guided tours stop by stop (the camera glides to each stop, the layers in
//! front are peeled away, the stop's structures are lit and labelled and its stretch of nerve traced), the
//! six Beaton & Anson variants, and a quiz. The tours are data ([`crate::teaching`]); this room only shows
//! them. The open plan is never touched, and the view as it was comes back on leaving.

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy::winit::{EventLoopProxyWrapper, WinitUserEvent};

use crate::app::document::keeping::DataDir;
use crate::app::editor::{EditorState, Tool};
use crate::app::scene::layers::{Select, ViewSettings};
use crate::app::scene::model::{StructureNode, ViewLayer};
use crate::app::scene::pose::placed;
use crate::app::scene::pose::{LegPose, ShownTest};
use crate::app::schedule::{AppMode, AppSet, ModeSet};
use crate::app::viewport::camera::{FULL_BODY_RADIUS, GlideTo, glide_back_to};
use crate::pose::{BodyPose, PIVOT};
use crate::teaching::{
    Answer, BestScores, Outcome, Peel, Question, Quiz, Stop, Tour, TourCamera, sight,
};

/// Registers the lesson, its steps and the quiz's clicks.
pub fn plugin(app: &mut App) {
    crate::app::schedule::modes_plugin(app);
    app.init_resource::<Lesson>()
        .init_resource::<BodyPose>()
        .init_resource::<LegPose>()
        .init_resource::<ShownTest>()
        .add_message::<RequestRedraw>()
        .add_observer(on_tour_step)
        .add_observer(on_choose_tour)
        .add_observer(on_show_variant)
        .add_observer(on_select_for_quiz)
        .add_observer(on_answer)
        .add_observer(on_quiz_step)
        .add_systems(OnEnter(AppMode::Teaching), start)
        .add_systems(OnExit(AppMode::Teaching), finish)
        .add_systems(
            PostUpdate,
            keep_tracing.in_set(ModeSet::Teaching).in_set(AppSet::Sync),
        );
}

/// What the teaching room shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LessonTab {
    /// A guided tour.
    #[default]
    Tour,
    /// The Beaton & Anson variants.
    Variants,
    /// The self-test.
    Quiz,
}

/// Where the lesson is.
#[derive(Resource, Debug)]
pub struct Lesson {
    /// The tours on offer: the built-in ones, then any loaded from a file.
    pub tours: Vec<Tour>,
    /// The tour being walked.
    pub tour: usize,
    /// Its stop shown, from 0.
    pub stop: usize,
    /// The tab shown.
    pub tab: LessonTab,
    /// When the stop was shown (real seconds): its tracer runs from then.
    pub shown_at: f64,
    /// The quiz under way, if any.
    pub quiz: Option<Quiz>,
    /// The question just answered and how it went, shown (with the right answer on the body) until the
    /// student goes on.
    pub review: Option<(Question, Outcome)>,
    /// The order the student is putting the rotators in.
    pub order: Vec<String>,
    /// The best quiz scores kept in the data folder.
    pub best: BestScores,
    /// Why the best scores could not be read or written, if they could not.
    pub scores_problem: Option<String>,
    /// The teacher's tour files that could not be used, and why.
    pub tour_problems: Vec<String>,
    /// True while the sight's triangle hierarchy is built on a thread of its own: until it is built the
    /// label lines end on the middle of their structures instead of waiting for it.
    pub sight_in_background: bool,
    /// The view as it was before teaching, put back on leaving.
    saved: Option<Saved>,
}

/// Present in an interactive window: on entering the teaching room the sight's triangle hierarchy is
/// built on a thread of its own, which wakes the window when it is done, so the first stop comes up at
/// once. Pictures (`render --tour`, `tour --out`) build it where they need it and wait.
#[derive(Resource, Debug, Default)]
pub struct SightInBackground;

impl Default for Lesson {
    fn default() -> Self {
        Self {
            tours: Tour::all_embedded().to_vec(),
            tour: 0,
            stop: 0,
            tab: LessonTab::Tour,
            shown_at: 0.0,
            quiz: None,
            review: None,
            order: Vec::new(),
            best: BestScores::default(),
            scores_problem: None,
            tour_problems: Vec::new(),
            sight_in_background: false,
            saved: None,
        }
    }
}

impl Lesson {
    /// A lesson that offers these tours (at least one).
    pub fn with_tours(tours: Vec<Tour>) -> Self {
        let mut lesson = Lesson::default();
        if !tours.is_empty() {
            lesson.tours = tours;
        }
        lesson
    }

    /// The tour being walked.
    pub fn current_tour(&self) -> &Tour {
        &self.tours[self.tour.min(self.tours.len() - 1)]
    }

    /// The stop shown.
    pub fn current_stop(&self) -> &Stop {
        let tour = self.current_tour();
        &tour.stops[self.stop.min(tour.stops.len() - 1)]
    }
}

/// What a lesson changes and gives back: the view settings, the marking tool, the body's pose and the
/// camera (as the glide that brings it back).
#[derive(Debug, Clone)]
struct Saved {
    settings: ViewSettings,
    tool: Tool,
    pose: BodyPose,
    legs: LegPose,
    camera: Option<GlideTo>,
}

/// The folder in the data folder where a teacher's own tours go (`*.ron`, the format of
/// `assets/teaching/`): they are offered after the built-in ones.
pub const TOURS_FOLDER: &str = "tours";

/// Reads the tours in `folder` (if it exists) and offers those not offered yet; a file that is not a
/// valid tour is listed with the reason, and the others still load.
pub fn add_teachers_tours(lesson: &mut Lesson, folder: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    lesson.tour_problems.clear();
    for file in files {
        match Tour::load(&file) {
            Ok(tour) if !lesson.tours.iter().any(|t| t.name == tour.name) => {
                lesson.tours.push(tour)
            }
            Ok(tour) => lesson.tour_problems.push(format!(
                "{}: a tour called '{}' is already offered",
                file.display(),
                tour.name
            )),
            Err(e) => lesson.tour_problems.push(e.to_string()),
        }
    }
}

/// Move through the tour.
#[derive(Event, Debug, Clone, Copy, PartialEq, Eq)]
pub enum TourStep {
    /// The next stop (stays at the last).
    Next,
    /// The stop before (stays at the first).
    Back,
    /// This stop (past the last, the last).
    To(usize),
}

/// Walk another tour (an index into [`Lesson::tours`]), from its first stop.
#[derive(Event, Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChooseTour(pub usize);

/// Show the nerve of one Beaton & Anson type (its letter) in the deep gluteal region.
#[derive(Event, Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShowVariant(pub char);

/// Answer the quiz's current question.
#[derive(Event, Debug, Clone, PartialEq, Eq)]
pub struct AnswerQuestion(pub Answer);

/// Start a new quiz (with this seed), or go on to the next question after a review.
#[derive(Event, Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuizStep {
    /// A new quiz of [`QUIZ_LENGTH`] questions drawn with this seed.
    Start(u64),
    /// On to the question after the one reviewed.
    Continue,
}

/// Questions in a quiz.
pub const QUIZ_LENGTH: usize = 8;

/// Where the variants are looked at: the right buttock from behind, gluteus maximus and medius peeled away,
/// piriformis lit, so the nerve is seen leaving the pelvis below, through or above it.
fn variant_stop() -> Stop {
    Stop {
        title: "The nerve and piriformis".to_owned(),
        camera: TourCamera {
            focus: [-0.075, 0.905, -0.11],
            from: [0.0, 0.12, -1.0],
            distance: 0.36,
        },
        peel: vec![Peel::Skin, Peel::Superficial, Peel::Intermediate],
        highlight: vec!["piriformis_r".to_owned()],
        hide: Vec::new(),
        nerve: None,
        caption: String::new(),
    }
}

/// How long the camera takes to glide to a stop (s).
pub const GLIDE_SECONDS: f32 = 1.0;
/// How long the tracer takes to run along the stop's nerve, once the camera is there (s).
pub const TRACE_SECONDS: f32 = 2.0;

/// The app's layer of a tour's peel.
pub fn view_layer(peel: Peel) -> ViewLayer {
    match peel {
        Peel::Skin => ViewLayer::Skin,
        Peel::Superficial => ViewLayer::Superficial,
        Peel::Intermediate => ViewLayer::Intermediate,
        Peel::Deep => ViewLayer::Deep,
        Peel::Bones => ViewLayer::Bones,
        Peel::Ligaments => ViewLayer::Ligaments,
    }
}

/// The lesson's frame: the lesson, the view, the model's placement and the clock.
#[derive(bevy::ecs::system::SystemParam)]
struct Room<'w, 's> {
    lesson: ResMut<'w, Lesson>,
    settings: ResMut<'w, ViewSettings>,
    pose: ResMut<'w, BodyPose>,
    legs: ResMut<'w, LegPose>,
    shown: ResMut<'w, ShownTest>,
    cameras: Query<'w, 's, &'static bevy_panorbit_camera::PanOrbitCamera>,
    time: Res<'w, Time<Real>>,
}

impl Room<'_, '_> {
    /// Where the body is placed: standing, during a lesson.
    fn body(&self) -> Transform {
        placed(*self.pose)
    }

    /// Shows the tour's current stop.
    fn show(&mut self, commands: &mut Commands) {
        let stop = self.lesson.current_stop().clone();
        self.show_stop(&stop, commands);
    }

    /// Shows a stop: its layers peeled, its structures lit, the nerve of the usual type drawn through
    /// everything, and the camera on its way; its tracer runs from now.
    fn show_stop(&mut self, stop: &Stop, commands: &mut Commands) {
        // A tour's stops are framed on the standing body: a test shown before stands up again.
        self.shown.set_if_neq(ShownTest::default());
        self.legs.set_if_neq(LegPose::default());
        self.pose.set_if_neq(BodyPose::Standing);
        let root = self.body();
        for peel in Peel::ALL {
            self.settings
                .set_visible(view_layer(peel), !stop.hides(peel));
        }
        self.settings.set_visible(ViewLayer::Nerves, true);
        self.settings.highlighted = stop.highlight.iter().cloned().collect();
        self.settings.hidden = stop.hide.iter().cloned().collect();
        self.settings.isolated = None;
        self.settings.variant = 'A';
        let pose = stop.camera.pose();
        commands.trigger(GlideTo {
            focus: root.transform_point(pose.focus),
            from: root.rotation * (pose.eye - pose.focus),
            distance: stop.camera.distance,
            seconds: GLIDE_SECONDS,
        });
        self.lesson.shown_at = self.time.elapsed_secs_f64();
    }
}

fn on_tour_step(step: On<TourStep>, mut room: Room, mut commands: Commands) {
    let last = room.lesson.current_tour().stops.len() - 1;
    let now = room.lesson.stop;
    room.lesson.stop = match *step.event() {
        TourStep::Next => (now + 1).min(last),
        TourStep::Back => now.saturating_sub(1),
        TourStep::To(n) => n.min(last),
    };
    room.lesson.tab = LessonTab::Tour;
    room.show(&mut commands);
}

fn on_choose_tour(choose: On<ChooseTour>, mut room: Room, mut commands: Commands) {
    room.lesson.tour = choose.0.min(room.lesson.tours.len() - 1);
    room.lesson.stop = 0;
    room.lesson.tab = LessonTab::Tour;
    room.show(&mut commands);
}

/// The view of the variants: the deep gluteal region from behind, gluteus maximus and medius peeled away.
fn on_show_variant(show: On<ShowVariant>, mut room: Room, mut commands: Commands) {
    room.show_stop(&variant_stop(), &mut commands);
    room.settings.variant = show.0;
}

/// A click on the model answers a "click the structure" question.
fn on_select_for_quiz(
    select: On<Select>,
    mode: Option<Res<State<AppMode>>>,
    lesson: Res<Lesson>,
    mut commands: Commands,
) {
    if mode.is_none_or(|m| *m.get() != AppMode::Teaching)
        || lesson.tab != LessonTab::Quiz
        || lesson.review.is_some()
    {
        return;
    }
    let wants_click = lesson
        .quiz
        .as_ref()
        .and_then(Quiz::current)
        .is_some_and(|q| matches!(q, Question::ClickStructure { .. }));
    if let (true, Some(node)) = (wants_click, select.0.clone()) {
        commands.trigger(AnswerQuestion(Answer::Click(node)));
    }
}

/// Answers the current question: the outcome is kept for review, the right answer lit on the body, and
/// a finished quiz's score kept if it is the best.
fn on_answer(
    answer: On<AnswerQuestion>,
    mut lesson: ResMut<Lesson>,
    mut settings: ResMut<ViewSettings>,
    data: Option<Res<DataDir>>,
) {
    let lesson = &mut *lesson;
    let Some(quiz) = lesson.quiz.as_mut() else {
        return;
    };
    let Some(question) = quiz.current().cloned() else {
        return;
    };
    let Some(outcome) = quiz.answer(&answer.0) else {
        return;
    };
    // The right answer on the body: the structure asked for is lit.
    if let Some(node) = question.structure() {
        settings.highlighted = [node.to_owned()].into();
    }
    lesson.review = Some((question, outcome));
    let finished = quiz.finished();
    let (score, of) = (quiz.score(), quiz.len());
    if finished
        && lesson.best.record(of, score)
        && let Some(dir) = data.as_ref().and_then(|d| d.0.as_ref())
    {
        lesson.scores_problem = lesson.best.save(dir).err().map(|e| e.to_string());
    }
}

fn on_quiz_step(
    step: On<QuizStep>,
    mut room: Room,
    nodes: Query<&StructureNode>,
    mut commands: Commands,
) {
    match *step.event() {
        QuizStep::Start(seed) => room.lesson.quiz = Some(Quiz::new(seed, QUIZ_LENGTH)),
        QuizStep::Continue => {}
    }
    room.lesson.tab = LessonTab::Quiz;
    room.lesson.review = None;
    // The last click's selection would give a hint, or confuse.
    commands.trigger(Select(None));
    let Some(question) = room.lesson.quiz.as_ref().and_then(Quiz::current).cloned() else {
        room.settings.highlighted.clear();
        return;
    };
    // The variant and rotator questions look at the deep gluteal region, nothing lit.
    room.show_stop(&variant_stop(), &mut commands);
    let body = room.body();
    room.settings.highlighted.clear();
    match question {
        Question::NameHighlighted { node, .. } => {
            reveal(&mut room.settings, &node);
            room.settings.highlighted.insert(node.clone());
            // Close on the structure, from the side of the body it lies on.
            if let Some(n) = nodes.iter().find(|n| n.node == node) {
                // The roots lie on the front of the sacrum: they are seen from the front, from above.
                let root = n.structure.starts_with("root_");
                let front = if n.centre.z > -0.04 || root {
                    1.0
                } else {
                    -1.0
                };
                let side = if n.centre.x.abs() > 0.02 {
                    n.centre.x.signum() * 0.35
                } else {
                    0.0
                };
                commands.trigger(GlideTo {
                    focus: body.transform_point(n.centre),
                    from: body.rotation * Vec3::new(side, if root { 0.5 } else { 0.15 }, front),
                    distance: (n.radius * 3.2).clamp(0.25, FULL_BODY_RADIUS),
                    seconds: GLIDE_SECONDS,
                });
            }
        }
        Question::ClickStructure { node, .. } => {
            // The whole body from behind, with what covers the structure peeled: finding it is the test.
            reveal(&mut room.settings, &node);
            commands.trigger(GlideTo {
                focus: body.transform_point(PIVOT),
                from: body.rotation * Vec3::new(0.0, 0.1, -1.0),
                distance: FULL_BODY_RADIUS,
                seconds: GLIDE_SECONDS,
            });
        }
        Question::WhichVariant { letter, .. } => {
            room.settings.variant = letter.chars().next().unwrap_or('A');
        }
        Question::OrderRotators { shown, .. } => room.lesson.order = shown,
    }
}

/// Shows the layer of `node` and hides the layers that cover it.
fn reveal(settings: &mut ViewSettings, node: &str) {
    const OUTSIDE_IN: [Peel; 5] = [
        Peel::Skin,
        Peel::Superficial,
        Peel::Intermediate,
        Peel::Deep,
        Peel::Bones,
    ];
    // Nerves run deep to the intermediate layer; the pelvic ligaments just under gluteus maximus.
    let depth = match Peel::of_node(node) {
        Some(Peel::Ligaments) => 2,
        Some(peel) => OUTSIDE_IN.iter().position(|p| *p == peel).unwrap_or(0),
        None => 3,
    };
    for (i, peel) in OUTSIDE_IN.iter().enumerate() {
        settings.set_visible(view_layer(*peel), i >= depth);
    }
    settings.set_visible(ViewLayer::Ligaments, true);
    settings.set_visible(ViewLayer::Nerves, true);
}

fn start(
    mut room: Room,
    editor: Option<ResMut<EditorState>>,
    data: Option<Res<DataDir>>,
    background: Option<Res<SightInBackground>>,
    waker: Option<Res<EventLoopProxyWrapper>>,
    mut commands: Commands,
) {
    if background.is_some() && !room.lesson.sight_in_background && !sight::scene_is_built() {
        let waker = waker.map(|w| (**w).clone());
        room.lesson.sight_in_background = std::thread::Builder::new()
            .name("teaching sight".into())
            .spawn(move || {
                sight::build_scene();
                if let Some(waker) = waker {
                    let _ = waker.send_event(WinitUserEvent::WakeUp);
                }
            })
            .is_ok();
    }
    let tool = editor.as_ref().map_or(Tool::Select, |e| e.tool);
    let camera = room
        .cameras
        .iter()
        .next()
        .map(|cam| glide_back_to(cam, GLIDE_SECONDS));
    room.lesson.saved = Some(Saved {
        settings: room.settings.clone(),
        tool,
        pose: *room.pose,
        legs: *room.legs,
        camera,
    });
    // A click in a lesson names a structure: no marking tool.
    if let Some(mut editor) = editor {
        editor.tool = Tool::Select;
    }
    // The body stands in the anatomical position, its nerves in their own colour on both sides.
    room.pose.set_if_neq(BodyPose::Standing);
    room.settings.affected = None;
    if let Some(dir) = data.as_ref().and_then(|d| d.0.as_ref()) {
        match BestScores::load(dir) {
            Ok(best) => room.lesson.best = best,
            Err(e) => room.lesson.scores_problem = Some(e.to_string()),
        }
        add_teachers_tours(&mut room.lesson, &dir.join(TOURS_FOLDER));
    }
    room.lesson.tab = LessonTab::Tour;
    room.lesson.review = None;
    room.show(&mut commands);
}

fn finish(
    mut lesson: ResMut<Lesson>,
    mut settings: ResMut<ViewSettings>,
    mut pose: ResMut<BodyPose>,
    mut legs: ResMut<LegPose>,
    mut shown: ResMut<ShownTest>,
    editor: Option<ResMut<EditorState>>,
    mut commands: Commands,
) {
    if let Some(saved) = lesson.saved.take() {
        *settings = saved.settings;
        pose.set_if_neq(saved.pose);
        legs.set_if_neq(saved.legs);
        shown.set_if_neq(ShownTest::default());
        if let Some(mut editor) = editor {
            editor.tool = saved.tool;
        }
        if let Some(glide) = saved.camera {
            commands.trigger(glide);
        }
    }
    settings.highlighted.clear();
    commands.trigger(Select(None));
}

/// While the tracer runs along the stop's nerve, keep frames coming; it stops after one run.
fn keep_tracing(
    lesson: Res<Lesson>,
    time: Res<Time<Real>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    if lesson.tab == LessonTab::Quiz {
        return;
    }
    let t = tracer_progress(lesson.shown_at, time.elapsed_secs_f64());
    if t.is_some_and(|t| t < 1.0) {
        redraw.write(RequestRedraw);
    }
}

/// How far the tracer is along the stop's nerve (0 to 1), or `None` while the camera is still on its way.
pub fn tracer_progress(shown_at: f64, now: f64) -> Option<f32> {
    let since = (now - shown_at) as f32 - GLIDE_SECONDS;
    (since >= 0.0).then(|| (since / TRACE_SECONDS).min(1.0))
}
