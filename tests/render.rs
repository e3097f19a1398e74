//! Render tests: real frames through the `render` command, checked pixel by pixel.
//!
//! They need a display (or `xvfb-run`) and a Vulkan driver (Mesa's lavapipe is enough). Where those are
//! missing the tests say they were skipped; with `SCIATIC_REQUIRE_RENDER=1` (set by CI) a skip is a failure.
#![cfg(feature = "app")]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const SIZE: &str = "480x400";

/// Why render tests cannot run here, or `None` when they can.
fn missing_renderer() -> Option<String> {
    let has_display =
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    let has_xvfb = Command::new("xvfb-run").arg("--help").output().is_ok();
    if !has_display && !has_xvfb {
        return Some("no display and no xvfb-run (install the `xvfb` package)".into());
    }
    let icd_dirs = ["/usr/share/vulkan/icd.d", "/etc/vulkan/icd.d"];
    let has_vulkan = icd_dirs
        .iter()
        .any(|d| std::fs::read_dir(d).is_ok_and(|mut entries| entries.next().is_some()));
    if !has_vulkan {
        return Some("no Vulkan driver (install `mesa-vulkan-drivers`)".into());
    }
    None
}

/// True when the tests may run; prints why not, or fails when CI requires them.
fn renderer_available() -> bool {
    static CHECK: OnceLock<Option<String>> = OnceLock::new();
    match CHECK.get_or_init(missing_renderer) {
        None => true,
        Some(why) => {
            if std::env::var_os("SCIATIC_REQUIRE_RENDER").is_some_and(|v| v == "1") {
                panic!("render tests required but cannot run: {why}");
            }
            eprintln!("render test skipped: {why}");
            false
        }
    }
}

/// An RGB image.
struct Image {
    width: usize,
    height: usize,
    rgb: Vec<[u8; 3]>,
}

impl Image {
    fn read(path: &Path) -> Image {
        let decoder =
            png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        let channels = info.color_type.samples();
        let rgb = buf[..info.buffer_size()]
            .chunks_exact(channels)
            .map(|p| [p[0], p[1], p[2]])
            .collect();
        Image {
            width: info.width as usize,
            height: info.height as usize,
            rgb,
        }
    }

    /// Share of pixels in a rectangle (fractions of the image) that satisfy `f`.
    fn share(&self, x: (f32, f32), y: (f32, f32), f: impl Fn([u8; 3]) -> bool) -> f32 {
        let (x0, x1) = (
            (x.0 * self.width as f32) as usize,
            (x.1 * self.width as f32) as usize,
        );
        let (y0, y1) = (
            (y.0 * self.height as f32) as usize,
            (y.1 * self.height as f32) as usize,
        );
        let mut hits = 0;
        for row in y0..y1 {
            for col in x0..x1 {
                hits += f(self.rgb[row * self.width + col]) as usize;
            }
        }
        hits as f32 / ((x1 - x0) * (y1 - y0)).max(1) as f32
    }

    /// For each row from `y.0` to `y.1` (fractions of the image), the runs of non-background pixels at
    /// least 20 wide, as (row, first column, one past the last column).
    fn runs(&self, y: (f32, f32)) -> Vec<(usize, usize, usize)> {
        let mut runs = Vec::new();
        let rows = (y.0 * self.height as f32) as usize..(y.1 * self.height as f32) as usize;
        for row in rows {
            let mut start = None;
            for col in 0..=self.width {
                let body = col < self.width && !is_background(self.rgb[row * self.width + col]);
                match (body, start) {
                    (true, None) => start = Some(col),
                    (false, Some(s)) => {
                        if col - s >= 20 {
                            runs.push((row, s, col));
                        }
                        start = None;
                    }
                    _ => {}
                }
            }
        }
        runs
    }

    fn at(&self, row: usize, col: usize) -> [i32; 3] {
        self.rgb[row * self.width + col].map(i32::from)
    }

    /// Share of pixels that differ noticeably from the other image.
    fn difference(&self, other: &Image) -> f32 {
        assert_eq!((self.width, self.height), (other.width, other.height));
        let differ = self
            .rgb
            .iter()
            .zip(&other.rgb)
            .filter(|(a, b)| a.iter().zip(b.iter()).any(|(x, y)| x.abs_diff(*y) > 24))
            .count();
        differ as f32 / self.rgb.len() as f32
    }
}

fn is_background(p: [u8; 3]) -> bool {
    p.iter().all(|&c| c < 60)
}

/// Atlas nerve yellow: strong red and green, much less blue (bone ivory and skin have far more).
fn is_nerve_yellow(p: [u8; 3]) -> bool {
    let [r, g, b] = p.map(i32::from);
    r > 170 && g > 150 && r.min(g) - b > 70 && (r - g).abs() < 60
}

/// The app's binary, in a virtual display when there is no real one.
/// The app, under `xvfb-run` when there is no display, keeping its files in a folder of the test's own
/// (never the user's), where a window that crashed has left unsaved work behind: no picture may show the
/// offer to recover it, and the idle window must stay idle while it is offered.
fn app_command() -> Command {
    let bin = env!("CARGO_BIN_EXE_sciatic-planner");
    let has_display =
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    let mut command = if has_display {
        Command::new(bin)
    } else {
        let mut c = Command::new("xvfb-run");
        c.args(["-a", "-s", "-screen 0 1280x800x24", bin]);
        c
    };
    command.env("SCIATIC_PLANNER_DATA_DIR", data_dir_with_unsaved_work());
    command
}

/// The shipped plan with every phase of the protocol.
fn six_phase_plan() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/six-phase-protocol.ron")
}

/// Runs a benchmark command and returns its report, the line of stdout starting with `name`.
fn bench_report(command: &mut Command, name: &str) -> String {
    let output = command.output().expect("run the benchmark");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{name} failed: {}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let line = stdout
        .lines()
        .find(|l| l.starts_with(name))
        .unwrap_or_else(|| panic!("no report from {name}: {stdout}"))
        .to_owned();
    eprintln!("{line}");
    line
}

/// A data folder holding the recovery file of a window that is gone.
fn data_dir_with_unsaved_work() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("data-with-orphan");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let plan = std::fs::read_to_string(six_phase_plan()).unwrap();
        std::fs::write(dir.join("recovery-1-0.ron"), plan).unwrap();
        std::fs::write(dir.join("recovery-1-0-origin.txt"), "").unwrap();
        dir
    })
}

fn render(name: &str, args: &[&str]) -> Image {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("renders");
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join(format!("{name}.png"));
    let _ = std::fs::remove_file(&out);
    let mut command = app_command();
    command
        .arg("render")
        .args(args)
        .args(["--size", SIZE, "--out"])
        .arg(&out);
    let output = command.output().expect("run the render command");
    assert!(
        output.status.success() && out.exists(),
        "render {name} failed: {}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    Image::read(&out)
}

#[test]
fn views_skin_and_nerve_in_real_frames() {
    if !renderer_available() {
        return;
    }
    let posterior = render("posterior", &["--view", "posterior"]);
    let lateral = render("lateral", &["--view", "lateral-right"]);
    let no_skin = render(
        "posterior-no-skin",
        &["--view", "posterior", "--hide", "skin"],
    );
    let deep = render(
        "posterior-deep",
        &["--view", "posterior", "--hide", "skin,superficial"],
    );

    // The model is drawn: the middle of the frame is not background.
    let body = posterior.share((0.35, 0.65), (0.2, 0.8), |p| !is_background(p));
    assert!(
        body > 0.2,
        "the posterior view shows little of the body ({body})"
    );

    // Posterior and lateral views are different pictures.
    let views = posterior.difference(&lateral);
    assert!(
        views > 0.05,
        "posterior and lateral views look the same ({views})"
    );

    // Hiding the skin changes the picture.
    let skin = posterior.difference(&no_skin);
    assert!(skin > 0.02, "hiding the skin changed nothing ({skin})");

    // The skin is drawn as a ghost. With only the nerves under it, its outline, where the surface is seen
    // edge-on, is drawn nearly as strongly as the middle of each leg, which faces the viewer (a skin of
    // even translucency fades towards its outline: 0.67 of the middle); yet where it faces the viewer
    // the muscles show through, keeping most of their redness.
    let ghost = render(
        "posterior-skin-and-nerves",
        &[
            "--view",
            "posterior",
            "--hide",
            "superficial,intermediate,deep,bones,vessels,ligaments",
        ],
    );
    let background = 36.7;
    let brightness = |p: [i32; 3]| (p[0] + p[1] + p[2]) as f32 / 3.0 - background;
    let mean = |v: &[f32]| v.iter().sum::<f32>() / v.len().max(1) as f32;
    let middle_of_legs = |image: &Image| {
        let mut middle = Vec::new();
        for (row, start, end) in image.runs((0.3, 0.9)) {
            let mid = (start + end) / 2;
            middle.extend((mid - 2..=mid + 2).map(|col| brightness(image.at(row, col))));
        }
        mean(&middle)
    };
    let mut outline = Vec::new();
    for (row, start, end) in ghost.runs((0.3, 0.9)) {
        for d in 1..4 {
            outline.push(brightness(ghost.at(row, start + d)));
            outline.push(brightness(ghost.at(row, end - 1 - d)));
        }
    }
    let rim = mean(&outline) / middle_of_legs(&ghost);
    eprintln!("skin outline against its middle: {rim}");
    assert!(rim > 0.78, "the skin fades at the outline ({rim})");
    // With nothing else shown, the skin is the body's solid surface, not a ghost showing its own far side
    // through the near one: the middle of each leg is drawn much more strongly than the ghost's.
    let skin_only = render(
        "posterior-skin-only",
        &[
            "--view",
            "posterior",
            "--hide",
            "superficial,intermediate,deep,bones,nerves,vessels,ligaments",
        ],
    );
    let solid = middle_of_legs(&skin_only) / middle_of_legs(&ghost);
    eprintln!("the skin alone against the ghost: {solid}");
    assert!(solid > 1.2, "the skin alone is still a ghost ({solid})");
    let redness = |image: &Image, row: usize, col: usize| {
        let p = image.at(row, col);
        (p[0] - p[2]) as f32
    };
    let (mut covered, mut bare) = (0.0, 0.0);
    for (row, start, end) in no_skin.runs((0.45, 0.75)) {
        let mid = (start + end) / 2;
        for col in mid - 2..=mid + 2 {
            covered += redness(&posterior, row, col);
            bare += redness(&no_skin, row, col);
        }
    }
    let kept = covered / bare;
    eprintln!("muscle redness kept under the skin: {kept}");
    assert!(kept > 0.5, "the skin hides the muscles it faces ({kept})");

    // With the skin and superficial muscles hidden, nerve yellow shows in the buttock and thigh
    // (the upper half of the legs) and barely without that.
    let region = ((0.3, 0.7), (0.25, 0.6));
    let nerve_deep = deep.share(region.0, region.1, is_nerve_yellow);
    let nerve_covered = posterior.share(region.0, region.1, is_nerve_yellow);
    assert!(
        nerve_deep > 0.002,
        "no nerve yellow in the buttock and thigh ({nerve_deep})"
    );
    assert!(
        nerve_deep > 2.0 * nerve_covered,
        "the nerve is no more visible with the layers off ({nerve_deep} vs {nerve_covered})"
    );
}

#[test]
fn bad_render_arguments_are_refused_clearly() {
    let bin = env!("CARGO_BIN_EXE_sciatic-planner");
    let out = Command::new(bin)
        .args([
            "render",
            "--view",
            "sideways",
            "--out",
            "/nonexistent/x.png",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown view 'sideways'"));
    let out = Command::new(bin)
        .args(["render", "--hide", "muscles", "--out", "/nonexistent/x.png"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown layer 'muscles'"));
}

/// The deep-pressure violet of a zone painted on the body (blue well above green; no tissue has it).
fn is_zone_violet(p: [u8; 3]) -> bool {
    let [r, g, b] = p.map(i32::from);
    b > 90 && b - g > 45 && r - g > 10
}

/// The hatched red of a no-go area: red far above green and blue.
fn is_no_go_red(p: [u8; 3]) -> bool {
    let [r, g, b] = p.map(i32::from);
    r > 120 && r - g > 90 && r - b > 90
}

#[test]
fn a_plan_shows_its_zones_on_the_body() {
    use sciatic_planner::anatomy::mesh::ModelMeshes;
    use sciatic_planner::plan::edit::{new_disc_zone, new_no_go};
    use sciatic_planner::plan::{Anchor, Point3, Pressure, Segment, SessionPlan};

    if !renderer_available() {
        return;
    }
    // A deep zone on the right buttock and a no-go area on the left, on the skin.
    let skin = ModelMeshes::embedded().node("skin").unwrap();
    let on_skin = |x: f32, y: f32| {
        let (p, n) = skin
            .positions
            .iter()
            .zip(&skin.normals)
            .filter(|(_, n)| n[2] < -0.5)
            .min_by(|a, b| {
                let d = |p: &[f32; 3]| (p[0] - x).powi(2) + (p[1] - y).powi(2);
                d(a.0).total_cmp(&d(b.0))
            })
            .unwrap();
        Anchor {
            structure: "gluteus_maximus_r".into(),
            position: Point3::new(p[0], p[1], p[2]),
            normal: Point3::new(n[0], n[1], n[2]),
            segment: Segment::Pelvis,
        }
    };
    let mut plan = SessionPlan::new("Zones in the picture");
    let mut zone = new_disc_zone(on_skin(-0.09, 0.88), 60.0);
    zone.id = "z1".into();
    zone.order = 1;
    zone.pressure = Pressure::Deep;
    plan.zones.push(zone);
    let mut area = new_no_go(on_skin(0.09, 0.88), 45.0);
    area.id = "n1".into();
    area.anchor.structure = "gluteus_maximus_l".into();
    plan.no_go.push(area);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("zones.ron");
    sciatic_planner::plan::save(&file, &plan).unwrap();
    let file = file.to_str().unwrap();

    let with = render("plan-zones", &["--view", "posterior", "--plan", file]);
    let without = render("plan-none", &["--view", "posterior"]);
    let violet = with.share((0.0, 1.0), (0.0, 1.0), is_zone_violet);
    let red = with.share((0.0, 1.0), (0.0, 1.0), is_no_go_red);
    let violet_before = without.share((0.0, 1.0), (0.0, 1.0), is_zone_violet);
    let red_before = without.share((0.0, 1.0), (0.0, 1.0), is_no_go_red);
    assert!(violet > 0.002, "the deep zone does not show ({violet})");
    assert!(red > 0.001, "the no-go area does not show ({red})");
    assert!(
        violet_before < 0.0002,
        "zone colour without a plan ({violet_before})"
    );
    assert!(
        red_before < 0.0002,
        "no-go red without a plan ({red_before})"
    );
    // The posterior view of the prone body looks down on the back: the right buttock (the model's
    // right, the viewer's left) holds the zone, the left the no-go area.
    let violet_left = with.share((0.0, 0.5), (0.0, 1.0), is_zone_violet);
    let violet_right = with.share((0.5, 1.0), (0.0, 1.0), is_zone_violet);
    assert!(
        violet_left > 4.0 * violet_right,
        "zone on the wrong side ({violet_left} vs {violet_right})"
    );
    // (The zone's outline is red too: deep pressure over the nerve is an error.)
    let red_right = with.share((0.5, 1.0), (0.0, 1.0), is_no_go_red);
    assert!(
        red_right > 0.001,
        "no no-go red on the left buttock ({red_right})"
    );
    // The same view drawn off screen at twice the size, as the image export does: the same framing, the
    // zone and the badges in it.
    let large = render(
        "plan-zones-large",
        &[
            "--view",
            "posterior",
            "--plan",
            file,
            "--image-size",
            "960x800",
        ],
    );
    assert_eq!((large.width, large.height), (960, 800));
    let violet_large = large.share((0.0, 0.5), (0.0, 1.0), is_zone_violet);
    assert!(
        violet_large > 0.5 * violet_left && violet_large < 2.0 * violet_left,
        "the large image frames the body differently ({violet_large} vs {violet_left})"
    );
    let is_white = |p: [u8; 3]| p.iter().all(|&c| c > 235);
    // The no-go area's white-ringed cross, on the left buttock.
    let badge = large.share((0.5, 1.0), (0.0, 1.0), is_white);
    let no_badge = without.share((0.5, 1.0), (0.0, 1.0), is_white);
    assert!(
        badge > 0.0004 && no_badge < 0.0001,
        "no badge in the large image ({badge}, {no_badge} without a plan)"
    );
}

/// Frames the real window drew while left alone in a state, from `bench-idle`.
fn idle_frames(state: &str, plan: Option<&Path>) -> u32 {
    let mut command = app_command();
    command.args([
        "bench-idle",
        "--state",
        state,
        "--warm-up",
        "8",
        "--settle",
        "8",
        "--seconds",
        "4",
        "--size",
        SIZE,
    ]);
    if let Some(plan) = plan {
        command.arg("--plan").arg(plan);
    }
    let line = bench_report(&mut command, &format!("bench-idle {state}"));
    line.split_once(": ")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unreadable report: {line}"))
}

#[test]
fn a_window_left_alone_draws_no_frames() {
    if !renderer_available() {
        return;
    }
    let plan = six_phase_plan();
    // After start; with a zone selected; after the camera turned and glided to rest; with a prompt
    // holding the keyboard (its cursor must not blink the window awake).
    for (state, plan) in [
        ("started", None),
        ("orbited", None),
        ("zone-selected", Some(plan.as_path())),
        ("prompt", None),
    ] {
        assert_eq!(
            idle_frames(state, plan),
            0,
            "frames drawn while idle ({state})"
        );
    }
}

/// The warm glow of a structure a lesson lights (not the muscle red, the bone ivory or the nerve yellow).
fn is_lesson_lit(p: [u8; 3]) -> bool {
    let [r, g, b] = p.map(i32::from);
    r > 180 && r - g > 45 && g - b > 30 && r - b > 75
}

#[test]
fn a_tour_stop_shows_its_structures_lit_and_each_stop_its_own_view() {
    if !renderer_available() {
        return;
    }
    // Stop 6 of the nerve tour lights quadratus femoris, between the sit bone and the trochanter.
    let quadratus = render("tour-nerve-6", &["--tour", "6"]);
    let calf = render("tour-nerve-10", &["--tour", "nerve:10"]);
    let unlit = render(
        "posterior-unlit",
        &[
            "--view",
            "posterior",
            "--hide",
            "skin,superficial,intermediate",
        ],
    );
    let lit = quadratus.share((0.0, 1.0), (0.0, 1.0), is_lesson_lit);
    let lit_before = unlit.share((0.0, 1.0), (0.0, 1.0), is_lesson_lit);
    assert!(
        lit > 0.01,
        "quadratus femoris is not lit at its stop ({lit})"
    );
    assert!(
        lit_before < 0.001,
        "lit colour with no lesson ({lit_before})"
    );
    let differ = quadratus.difference(&calf);
    assert!(differ > 0.3, "two stops look alike ({differ})");
}

#[test]
fn a_tour_is_written_as_pictures_and_an_index_page_and_a_broken_one_is_refused() {
    if !renderer_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rotators");
    let output = app_command()
        .args(["tour", "rotators", "--size", "320x240", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tour = sciatic_planner::teaching::Tour::embedded("rotators").unwrap();
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    for (i, stop) in tour.stops.iter().enumerate() {
        let picture = out.join(format!("stop-{:02}.png", i + 1));
        let image = Image::read(&picture);
        assert_eq!((image.width, image.height), (320, 240));
        assert!(index.contains(&format!("stop-{:02}.png", i + 1)));
        let first_words: String = stop.caption.chars().take(30).collect();
        assert!(index.contains(&first_words), "stop {} caption", i + 1);
    }
    // A tour file naming a structure the model does not have: a clear error, nothing written.
    let broken = dir.path().join("broken.ron");
    let text = include_str!("../assets/teaching/rotators.ron").replacen(
        "\"piriformis_r\"",
        "\"piriformis_x\"",
        1,
    );
    std::fs::write(&broken, text).unwrap();
    let refused = dir.path().join("refused");
    let output = app_command()
        .args(["tour", "--file"])
        .arg(&broken)
        .arg("--out")
        .arg(&refused)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("piriformis_x"), "{stderr}");
    assert!(!refused.exists(), "nothing is written for a broken tour");
}

#[test]
fn an_orbit_drafted_at_half_resolution_and_the_bare_floor_draw_without_renderer_errors() {
    if !renderer_available() {
        return;
    }
    let output = app_command()
        .args([
            "bench-view",
            "--frames",
            "4",
            "--size",
            SIZE,
            "--moving",
            "half",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stdout.contains("half resolution while moving"), "{stdout}");
    // A shader or pipeline that fails to build is logged, not fatal: the picture would be wrong.
    let failures: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("ERROR") && (l.contains("shader") || l.contains("pipeline")))
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
    // The floor it is measured against draws the same (skinned) meshes as a plain static model.
    let line = bench_report(
        app_command().args(["bench-view", "--bare", "--frames", "4", "--size", SIZE]),
        "bench-view --bare",
    );
    assert!(line.contains("4 frames"), "{line}");
}

#[test]
fn editing_a_plan_over_and_over_keeps_memory_flat() {
    if !renderer_available() {
        return;
    }
    let line = bench_report(
        app_command()
            .args(["bench-memory", "--edits", "20", "--size", SIZE, "--plan"])
            .arg(six_phase_plan()),
        "bench-memory",
    );
    // "... (+0.4%)": a zone shader recompiled for every edit grew it by tens of percent here.
    let growth: f64 = line
        .rsplit_once('(')
        .and_then(|(_, rest)| rest.strip_suffix("%)"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unreadable report: {line}"));
    assert!(growth < 5.0, "resident memory grew {growth}% over 20 edits");
}

/// The box (fractions of the image: left, top, right, bottom) around everything that is not background.
fn body_box(image: &Image) -> (f32, f32, f32, f32) {
    let (mut x0, mut y0, mut x1, mut y1) = (image.width, image.height, 0, 0);
    for row in 0..image.height {
        for col in 0..image.width {
            if !is_background(image.rgb[row * image.width + col]) {
                (x0, y0) = (x0.min(col), y0.min(row));
                (x1, y1) = (x1.max(col), y1.max(row));
            }
        }
    }
    let (w, h) = (image.width as f32, image.height as f32);
    (x0 as f32 / w, y0 as f32 / h, x1 as f32 / w, y1 as f32 / h)
}

#[test]
fn the_leg_raised_seventy_degrees_lifts_the_foot_and_a_side_lying_plan_lies_on_its_side() {
    if !renderer_available() {
        return;
    }
    let flat = render(
        "slr-0",
        &["--view", "lateral-right", "--position", "supine"],
    );
    let raised = render("slr-70", &["--view", "lateral-right", "--pose", "slr:70"]);
    let change = flat.difference(&raised);
    assert!(change > 0.05, "the raised leg changed little ({change})");
    // Lying on its back, the body fills a low band of the side view; the raised leg reaches far above it.
    let (_, flat_top, _, flat_bottom) = body_box(&flat);
    let (_, raised_top, _, _) = body_box(&raised);
    assert!(
        raised_top < flat_top - 0.15,
        "the foot is not up: the body reaches {raised_top} raised, {flat_top} flat"
    );
    assert!(
        flat_bottom - flat_top < 0.4,
        "flat on the table: {flat_top}..{flat_bottom}"
    );

    // A plan whose zones are all worked side-lying: the body lies on its side, long across the view,
    // with its zones painted on it.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("side-lying");
    std::fs::create_dir_all(&dir).unwrap();
    let plan = dir.join("side-lying.ron");
    let text = std::fs::read_to_string(six_phase_plan())
        .unwrap()
        .replace("position: Prone", "position: SideLying");
    std::fs::write(&plan, text).unwrap();
    let plan = plan.to_string_lossy().into_owned();
    let side = render("side-lying-plan", &["--view", "posterior", "--plan", &plan]);
    let prone = render(
        "prone-plan",
        &[
            "--view",
            "posterior",
            "--plan",
            &six_phase_plan().to_string_lossy(),
        ],
    );
    let (x0, y0, x1, y1) = body_box(&side);
    assert!(
        x1 - x0 > 1.3 * (y1 - y0),
        "not lying across the view: {x0},{y0} to {x1},{y1}"
    );
    assert!(
        side.difference(&prone) > 0.05,
        "the side-lying body looks prone"
    );
    let zones = side.share((0.0, 1.0), (0.0, 1.0), |p| {
        is_zone_violet(p) || is_no_go_red(p)
    });
    assert!(
        zones > 0.0005,
        "no zones painted on the side-lying body ({zones})"
    );
}
