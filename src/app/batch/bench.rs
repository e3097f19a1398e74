//! Measuring the app: `bench-view` orbits the camera and reports frame times, for the app or for the
//! same meshes drawn bare (plain materials, one light, one camera, no interface), so the app's own cost
//! shows as a ratio measured in one run; `bench-idle` leaves the real window alone in a given state and
//! counts the frames it draws and the CPU time it takes; `bench-memory` edits a zone and undoes it, over and
//! over, and compares the process's resident memory after the first time and the last.

use crate::anatomy::Side;
use crate::app::scene::pose::{PlayTest, ShownTest, TestView};
use crate::pose::BodyPose;
use crate::pose::tension::NerveTest;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy::winit::{EventLoopProxyWrapper, WinitSettings, WinitUserEvent};
use bevy_panorbit_camera::{PanOrbitCamera, PanOrbitCameraPlugin};

use crate::anatomy::Anatomy;
use crate::anatomy::mesh::ModelMeshes;
use crate::app::document::{CurrentPlan, OpenPlan, PlanEdit, SealEdit, Undo};
use crate::app::editor::EditorState;
use crate::app::render::{AntiAliasing, MovingResolution, RenderQuality, anti_aliasing, pipelines};
use crate::app::scene::model::{structure_nodes, to_mesh};
use crate::app::ui::UiState;
use crate::app::viewport::camera::main_orbit;
use crate::plan::items::ItemRef;

/// A frame-time benchmark.
#[derive(Resource, Debug, Clone)]
pub struct BenchJob {
    /// Frames to measure.
    pub frames: u32,
    /// When the process started.
    pub started: Instant,
    /// Draw the bare meshes instead of the app.
    pub bare: bool,
    /// A plan to open first (the app only).
    pub plan: Option<PathBuf>,
    /// The anti-aliasing to draw with.
    pub anti_aliasing: AntiAliasing,
    /// The resolution while the camera moves (the app only: the floor always draws at full).
    pub moving: MovingResolution,
    /// A nerve test shown on the body, and whether it holds at its end (else the leg moves every frame).
    pub test: Option<(NerveTest, bool)>,
}

/// Frames the leg takes to go through a test and back while benchmarking.
const TEST_SWING_FRAMES: u32 = 60;

#[derive(Resource, Default)]
struct BenchState {
    first_frame: Option<Duration>,
    last: Option<Instant>,
    times: Vec<Duration>,
}

/// Frames skipped before measuring (pipeline compilation).
const BENCH_WARM_UP_FRAMES: usize = 10;

pub(crate) fn bench_plugin(app: &mut App) {
    app.insert_resource(WinitSettings::continuous())
        .init_resource::<BenchState>()
        .add_systems(Startup, start_bench)
        .add_systems(Last, bench_frame);
}

fn start_bench(
    job: Res<BenchJob>,
    mut quality: ResMut<RenderQuality>,
    mut body: Option<ResMut<BodyPose>>,
    mut commands: Commands,
) {
    quality.anti_aliasing = job.anti_aliasing;
    quality.moving = job.moving;
    if let (Some((test, _)), Some(body)) = (job.test, body.as_mut()) {
        **body = test.body(Side::Right);
    }
    if let Some(path) = &job.plan {
        commands.trigger(OpenPlan { path: path.clone() });
    }
}

fn bench_frame(
    job: Res<BenchJob>,
    quality: Res<RenderQuality>,
    mut state: ResMut<BenchState>,
    mut cameras: Query<&mut PanOrbitCamera>,
    shown: Option<ResMut<ShownTest>>,
    mut exit: MessageWriter<AppExit>,
) {
    let now = Instant::now();
    if let (Some((test, hold)), Some(mut shown)) = (job.test, shown) {
        // To and fro: up over half the swing, down over the other half.
        let phase =
            (state.times.len() as u32 % TEST_SWING_FRAMES) as f32 / TEST_SWING_FRAMES as f32;
        let progress = if hold {
            1.0
        } else {
            1.0 - (2.0 * phase - 1.0).abs()
        };
        shown.0 = Some(TestView {
            test,
            side: Side::Right,
            raise: test.default_raise(),
            progress,
            playing: false,
        });
    }
    if state.first_frame.is_none() {
        state.first_frame = Some(now - job.started);
    }
    if let Some(last) = state.last {
        state.times.push(now - last);
    }
    state.last = Some(now);
    let step = std::f32::consts::TAU / job.frames.max(1) as f32;
    for mut cam in &mut cameras {
        cam.target_yaw += step;
        cam.yaw = Some(cam.target_yaw);
        cam.force_update = true;
    }
    if state.times.len() >= job.frames as usize + BENCH_WARM_UP_FRAMES {
        let mut measured: Vec<Duration> = state.times[BENCH_WARM_UP_FRAMES..].to_vec();
        measured.sort();
        let pct = |p: f64| measured[((measured.len() - 1) as f64 * p).round() as usize];
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let adapter = quality
            .adapter
            .as_ref()
            .map_or("unknown adapter", |(name, _)| name.as_str());
        let shown = match job.test {
            Some((test, true)) => format!(" --test {} --hold", test.id()),
            Some((test, false)) => format!(" --test {}", test.id()),
            None => String::new(),
        };
        println!(
            "bench-view{}{shown}: {} frames; start-up to first frame {:.0} ms; frame time median {:.1} ms, p95 {:.1} ms; {}, anti-aliasing {}, {} resolution while moving",
            if job.bare { " --bare" } else { "" },
            measured.len(),
            ms(state.first_frame.unwrap_or_default()),
            ms(pct(0.5)),
            ms(pct(0.95)),
            adapter,
            quality.effective().label(),
            if !job.bare && job.moving.scale(quality.software()) < 1.0 {
                "half"
            } else {
                "full"
            },
        );
        exit.write(AppExit::Success);
    }
}

/// The floor: the model's meshes, unskinned, as plain `StandardMaterial`s (the skin blended), one
/// directional light and the same orbiting camera, with no interface and none of the app's systems.
pub(crate) fn bare_plugin(app: &mut App) {
    app.add_plugins(PanOrbitCameraPlugin)
        .add_plugins((anti_aliasing::plugin, pipelines::plugin))
        .add_systems(Startup, spawn_bare_scene);
}

fn spawn_bare_scene(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let model = ModelMeshes::embedded();
    // The nodes the app shows at start: the variant nerves are hidden there.
    for (node, index) in structure_nodes(model, Anatomy::embedded()) {
        if node.variant.is_some() {
            continue;
        }
        // Drawn unposed, as a plain static model: without the joints the app moves them with.
        let mut mesh = to_mesh(&model.nodes[index]);
        mesh.remove_attribute(Mesh::ATTRIBUTE_JOINT_INDEX);
        mesh.remove_attribute(Mesh::ATTRIBUTE_JOINT_WEIGHT);
        commands.spawn((
            Mesh3d(meshes.add(mesh)),
            MeshMaterial3d(materials.add(StandardMaterial {
                base_color: node.base_color,
                alpha_mode: if node.blend {
                    AlphaMode::Blend
                } else {
                    AlphaMode::Opaque
                },
                ..default()
            })),
            Transform::default(),
        ));
    }
    commands.spawn((
        Camera3d::default(),
        bevy::core_pipeline::tonemapping::Tonemapping::None,
        main_orbit(),
    ));
    commands.spawn((
        DirectionalLight::default(),
        Transform::default().looking_to(Vec3::new(-0.4, -0.6, 0.7), Vec3::Y),
    ));
}

/// What the idle window is left in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdleState {
    /// Just started.
    Started,
    /// A zone selected, as a click on it leaves it.
    ZoneSelected,
    /// After an orbit: the camera turned and glided to rest.
    Orbited,
    /// The "Open path" prompt open, its text field holding the keyboard.
    Prompt,
    /// The straight leg raise played on the body and held at its end.
    TestPlayed,
}

impl IdleState {
    /// Every state.
    pub const ALL: [IdleState; 5] = [
        IdleState::Started,
        IdleState::ZoneSelected,
        IdleState::Orbited,
        IdleState::Prompt,
        IdleState::TestPlayed,
    ];

    /// Command-line name.
    pub fn id(self) -> &'static str {
        match self {
            IdleState::Started => "started",
            IdleState::ZoneSelected => "zone-selected",
            IdleState::Orbited => "orbited",
            IdleState::Prompt => "prompt",
            IdleState::TestPlayed => "test-played",
        }
    }

    /// Parses [`IdleState::id`].
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.id() == id.trim())
    }
}

/// An idle measurement: the real interactive window, put in a state, then left alone.
#[derive(Resource, Debug, Clone)]
pub struct IdleJob {
    /// The state to leave it in.
    pub state: IdleState,
    /// A plan to open first.
    pub plan: Option<PathBuf>,
    /// Time from start to the scripted action (pipelines compile, the plan opens).
    pub warm_up: Duration,
    /// Time after the action before measuring (the camera glide ends).
    pub settle: Duration,
    /// How long to measure.
    pub measure: Duration,
}

#[derive(Resource, Debug, Default)]
struct IdleProbe {
    started: Option<Instant>,
    acted: bool,
    /// Frames drawn since the measurement began.
    frames: u32,
    /// The phases the app has reached (action taken, measurement ended), read by the waking thread.
    reached: Arc<AtomicU8>,
    /// The process's CPU time when the measurement began and ended, taken by the waking thread.
    cpu: Arc<Mutex<CpuWindow>>,
}

type CpuWindow = (Option<(Instant, Duration)>, Option<(Instant, Duration)>);

pub(crate) fn idle_plugin(app: &mut App) {
    app.init_resource::<IdleProbe>()
        .add_systems(Startup, start_idle)
        .add_systems(Last, idle_frame);
}

fn start_idle(
    job: Res<IdleJob>,
    mut probe: ResMut<IdleProbe>,
    waker: Option<Res<EventLoopProxyWrapper>>,
    mut commands: Commands,
) {
    let start = Instant::now();
    probe.started = Some(start);
    if let Some(path) = &job.plan {
        commands.trigger(OpenPlan { path: path.clone() });
    }
    // Nothing else may wake the window: a timer thread wakes it for the action and for the end, and
    // reads the CPU time when the measurement begins, without waking it.
    let Some(waker) = waker else { return };
    let waker = (**waker).clone();
    let reached = probe.reached.clone();
    let cpu = probe.cpu.clone();
    let (act, begin, end) = (
        job.warm_up,
        job.warm_up + job.settle,
        job.warm_up + job.settle + job.measure,
    );
    std::thread::spawn(move || {
        let wake_until = |phase: u8| {
            // A wake-up that found the app busy is repeated.
            while reached.load(Ordering::SeqCst) < phase {
                if waker.send_event(WinitUserEvent::WakeUp).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_secs(1));
            }
        };
        let sleep_until = |t: Duration| std::thread::sleep(t.saturating_sub(start.elapsed()));
        sleep_until(act);
        wake_until(1);
        sleep_until(begin);
        if let Ok(mut cpu) = cpu.lock() {
            cpu.0 = process_cpu_time().map(|c| (Instant::now(), c));
        }
        sleep_until(end);
        if let Ok(mut cpu) = cpu.lock() {
            cpu.1 = process_cpu_time().map(|c| (Instant::now(), c));
        }
        wake_until(2);
    });
}

fn idle_frame(
    job: Res<IdleJob>,
    mut probe: ResMut<IdleProbe>,
    current: Res<CurrentPlan>,
    mut editor: ResMut<EditorState>,
    mut ui: ResMut<UiState>,
    mut cameras: Query<&mut PanOrbitCamera>,
    mut redraw: MessageWriter<RequestRedraw>,
    mut exit: MessageWriter<AppExit>,
    mut commands: Commands,
) {
    let now = Instant::now();
    let started = *probe.started.get_or_insert(now);
    // A wake-up may arrive a hair before its time by this clock.
    let since = now - started + Duration::from_millis(20);
    if !probe.acted && since >= job.warm_up {
        probe.acted = true;
        match job.state {
            IdleState::Started => {}
            IdleState::ZoneSelected => {
                editor.selected = current
                    .plan
                    .zones
                    .first()
                    .map(|z| ItemRef::Zone(z.id.clone()));
            }
            IdleState::Orbited => {
                for mut cam in &mut cameras {
                    cam.target_yaw += 1.0;
                    cam.target_pitch += 0.3;
                }
            }
            IdleState::Prompt => ui.ask_open_path(),
            IdleState::TestPlayed => {
                // From the Assessment tab, whose readings follow the test.
                ui.tab = crate::app::ui::inspector::Tab::Assessment;
                commands.trigger(PlayTest {
                    test: NerveTest::StraightLegRaise,
                    side: Side::Right,
                    raise: 70.0,
                });
            }
        }
        // As the input that causes such a change would, let the app draw it.
        redraw.write(RequestRedraw);
        probe.reached.store(1, Ordering::SeqCst);
    }
    let begin = job.warm_up + job.settle;
    if since < begin {
        return;
    }
    if since < begin + job.measure {
        // A frame the app drew on its own while it should have been resting.
        probe.frames += 1;
        return;
    }
    // This update is the wake-up that ends the measurement.
    let cpu_share = match probe.cpu.lock().map(|c| *c) {
        Ok((Some((t0, c0)), Some((t1, c1)))) if t1 > t0 => {
            Some((c1 - c0).as_secs_f64() / (t1 - t0).as_secs_f64() * 100.0)
        }
        _ => None,
    };
    println!(
        "bench-idle {}: {} frame(s) drawn in {:.1} s left alone; CPU {}",
        job.state.id(),
        probe.frames,
        job.measure.as_secs_f64(),
        cpu_share.map_or("not measured on this system".to_owned(), |p| format!(
            "{p:.2}% of one core"
        )),
    );
    probe.reached.store(2, Ordering::SeqCst);
    exit.write(AppExit::Success);
}

/// CPU time the process has used (user and system), where the system tells it.
fn process_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // Linux reports clock ticks of 1/100 s (USER_HZ) on the architectures it runs on in practice.
    Some(Duration::from_millis(ticks * 10))
}

/// A memory benchmark: the interactive app with a plan open, a zone edited and the edit undone, over and
/// over, with a frame drawn after each.
#[derive(Resource, Debug, Clone)]
pub struct MemoryJob {
    /// Edits (each followed by its undo).
    pub edits: u32,
    /// The plan to open; it needs at least one zone.
    pub plan: PathBuf,
}

#[derive(Resource, Debug, Default)]
struct MemoryProbe {
    frame: u32,
    /// Frame on which editing began (after the pipelines, the plan and the safety model were ready).
    began: Option<u32>,
    edits: u32,
    after_first: Option<u64>,
}

/// Frames drawn after the last undo before the final measurement.
const MEMORY_SETTLE_FRAMES: u32 = 10;

pub(crate) fn memory_plugin(app: &mut App) {
    app.insert_resource(WinitSettings::continuous())
        .init_resource::<MemoryProbe>()
        .add_systems(Startup, |job: Res<MemoryJob>, mut commands: Commands| {
            commands.trigger(OpenPlan {
                path: job.plan.clone(),
            });
        })
        .add_systems(Last, memory_frame);
}

/// The process's resident memory in bytes (Linux; `None` elsewhere).
pub fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn memory_frame(
    job: Res<MemoryJob>,
    mut probe: ResMut<MemoryProbe>,
    current: Res<CurrentPlan>,
    compiling: Res<pipelines::PipelinesCompiling>,
    mut exit: MessageWriter<AppExit>,
    mut commands: Commands,
) {
    let probe = &mut *probe;
    probe.frame += 1;
    let Some(began) = probe.began else {
        let ready = !compiling.get()
            && crate::safety::SafetyModel::embedded_if_built().is_some()
            && current.path.as_deref() == Some(job.plan.as_path());
        if ready && probe.frame > 2 * pipelines::READY_FRAMES {
            if current.plan.zones.is_empty() {
                eprintln!("bench-memory: {} has no zone to edit", job.plan.display());
                exit.write(AppExit::error());
            }
            probe.began = Some(probe.frame);
        }
        return;
    };
    let step = probe.frame - began;
    if probe.edits < job.edits {
        if step.is_multiple_of(2) {
            // Resize a different zone each time, as a drag on its edge does: its paint and its findings
            // are rebuilt.
            let zones = &current.plan.zones;
            let zone = &zones[probe.edits as usize % zones.len()];
            let radius_mm = zone.half_extent_m() * 1000.0 + 5.0;
            if let Some(edit) = ItemRef::Zone(zone.id.clone()).resized(&current.plan, radius_mm) {
                commands.trigger(PlanEdit(edit));
            }
            commands.trigger(SealEdit);
        } else {
            commands.trigger(Undo);
            probe.edits += 1;
            if probe.edits == 1 {
                probe.after_first = resident_bytes();
            }
        }
        return;
    }
    if step < 2 * job.edits + MEMORY_SETTLE_FRAMES {
        return;
    }
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    match (probe.after_first, resident_bytes()) {
        (Some(first), Some(last)) => println!(
            "bench-memory: {} edits and undos; resident memory after the first {:.1} MiB, after the last {:.1} MiB ({:+.1}%)",
            job.edits,
            mib(first),
            mib(last),
            (last as f64 / first as f64 - 1.0) * 100.0,
        ),
        _ => println!("bench-memory: resident memory is not readable on this system"),
    }
    exit.write(AppExit::Success);
}
