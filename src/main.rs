//! The `sciatic-planner` binary: the desktop app, or a headless subcommand.

use std::process::ExitCode;

use clap::Parser;
use sciatic_planner::cli::{self, Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check { files, format }) => exit(cli::check_files(
            &files,
            format,
            &mut std::io::stdout().lock(),
        )),
        Some(Command::Pose {
            test,
            angle,
            knee,
            ankle,
            side,
            format,
        }) => exit(cli::pose(
            &test,
            angle,
            knee,
            ankle,
            &side,
            format,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        )),
        Some(Command::Export {
            plan,
            anonymise,
            out,
        }) => exit(cli::export(
            &plan,
            &out,
            anonymise,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        )),
        Some(Command::Handout {
            plan,
            out,
            paper,
            anonymise,
        }) => exit(cli::handout(
            &plan,
            &out,
            paper,
            anonymise,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        )),
        Some(Command::Tour { out: Some(_), .. }) => run_app(cli),
        Some(Command::Tour {
            name,
            file,
            list: _,
            format,
            ..
        }) => exit(cli::tour(
            Some(&name),
            file.as_deref(),
            format,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        )),
        Some(Command::BuildModel { out }) => {
            exit(cli::build_model(&out, &mut std::io::stdout().lock()))
        }
        Some(
            Command::Render { .. }
            | Command::BenchView { .. }
            | Command::BenchIdle { .. }
            | Command::BenchMemory { .. },
        )
        | None => run_app(cli),
    }
}

fn exit(result: std::io::Result<i32>) -> ExitCode {
    match result {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(cli::EXIT_UNREADABLE as u8)
        }
    }
}

#[cfg(feature = "app")]
fn run_app(cli: Cli) -> ExitCode {
    use sciatic_planner::app::batch::bench::{BenchJob, IdleJob, IdleState, MemoryJob};
    use sciatic_planner::app::batch::stills::RenderJob;
    use sciatic_planner::app::batch::tour::TourJob;
    use sciatic_planner::app::render::{AntiAliasing, MovingResolution};
    use sciatic_planner::app::scene::model::ViewLayer;
    use sciatic_planner::app::viewport::camera::ViewPreset;
    use sciatic_planner::app::{Launch, run};

    let started = std::time::Instant::now();
    let size = |(w, h): (u32, u32)| bevy::math::UVec2::new(w, h);
    match cli.command {
        Some(Command::Render {
            view,
            plan,
            hide,
            nerve_on_top,
            rotator_labels,
            sites,
            size: window,
            image_size,
            tour,
            pose,
            position,
            side,
            out,
        }) => {
            let side = match side.trim() {
                "right" => sciatic_planner::anatomy::Side::Right,
                "left" => sciatic_planner::anatomy::Side::Left,
                other => return unknown("side", other, ["left", "right"]),
            };
            let pose = match pose
                .as_deref()
                .map(sciatic_planner::pose::tension::NerveTest::parse_at)
            {
                None => None,
                Some(Ok((test, angle))) => Some((test, angle, side)),
                Some(Err(e)) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            };
            let position = match position.as_deref() {
                None => None,
                Some(id) => match sciatic_planner::pose::position_from_id(id) {
                    Some(p) => Some((p, side)),
                    None => {
                        return unknown(
                            "position",
                            id,
                            sciatic_planner::pose::POSITION_IDS.map(|(name, _)| name),
                        );
                    }
                },
            };
            let tour_stop = match tour.as_deref().map(parse_tour_stop) {
                None => None,
                Some(Ok(stop)) => Some(stop),
                Some(Err(e)) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            };
            let Some(view) = ViewPreset::from_id(&view) else {
                return unknown("view", &view, ViewPreset::ALL.map(|v| v.id()));
            };
            let mut layers = Vec::new();
            for name in hide.iter().filter(|h| !h.trim().is_empty()) {
                match ViewLayer::from_id(name) {
                    Some(layer) => layers.push(layer),
                    None => return unknown("layer", name, ViewLayer::ALL.map(|l| l.id())),
                }
            }
            if let Some(plan) = &plan
                && let Err(e) = sciatic_planner::plan::load(plan)
            {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
            let job = RenderJob {
                view,
                plan,
                hide: layers,
                nerve_on_top,
                rotator_labels,
                sites,
                image_size: image_size.map(size),
                tour_stop,
                pose,
                position,
                out: out.clone(),
            };
            let code = run(Launch::Render(job), size(window));
            if !out.exists() {
                eprintln!("error: no image was written to {}", out.display());
                return ExitCode::from(1);
            }
            code
        }
        Some(Command::BenchView {
            frames,
            size: window,
            bare,
            plan,
            aa,
            moving,
            test,
            hold,
        }) => {
            use sciatic_planner::pose::tension::NerveTest;
            let test = match test.as_deref() {
                None => None,
                Some(id) => match NerveTest::from_id(id) {
                    Some(t) => Some((t, hold)),
                    None => return unknown("test", id, NerveTest::ALL.map(|t| t.id())),
                },
            };
            let Some(anti_aliasing) = AntiAliasing::from_id(&aa) else {
                return unknown("anti-aliasing", &aa, AntiAliasing::ALL.map(|a| a.id()));
            };
            let Some(moving) = MovingResolution::from_id(&moving) else {
                return unknown(
                    "resolution while moving",
                    &moving,
                    MovingResolution::ALL.map(|m| m.id()),
                );
            };
            let job = BenchJob {
                frames,
                started,
                bare,
                plan,
                anti_aliasing,
                moving,
                test,
            };
            run(Launch::Bench(job), size(window))
        }
        Some(Command::BenchMemory {
            plan,
            edits,
            size: window,
        }) => run(Launch::Memory(MemoryJob { edits, plan }), size(window)),
        Some(Command::BenchIdle {
            state,
            plan,
            warm_up,
            settle,
            seconds,
            size: window,
        }) => {
            let Some(state) = IdleState::from_id(&state) else {
                return unknown("state", &state, IdleState::ALL.map(|s| s.id()));
            };
            let secs = |s: f32| std::time::Duration::from_secs_f32(s.max(0.0));
            let job = IdleJob {
                state,
                plan,
                warm_up: secs(warm_up),
                settle: secs(settle),
                measure: secs(seconds),
            };
            run(Launch::Idle(job), size(window))
        }
        Some(Command::Tour {
            name,
            file,
            out: Some(out),
            size: window,
            ..
        }) => {
            let tour = match cli::find_tour(Some(&name), file.as_deref()) {
                Ok((tour, _)) => tour,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            };
            if let Err(e) = std::fs::create_dir_all(&out) {
                eprintln!("error: cannot make the folder {}: {e}", out.display());
                return ExitCode::from(cli::EXIT_NOT_WRITTEN as u8);
            }
            let job = TourJob {
                tour: tour.clone(),
                out: out.clone(),
            };
            let code = run(Launch::Tour(job), size(window));
            let missing: Vec<String> = (0..tour.stops.len())
                .map(cli::stop_image_name)
                .filter(|name| !out.join(name).exists())
                .collect();
            if !missing.is_empty() {
                eprintln!("error: no picture was written for {}", missing.join(", "));
                return ExitCode::from(1);
            }
            let index = out.join("index.html");
            if let Err(e) = sciatic_planner::private::write_atomically(
                &index,
                cli::index_page(&tour).as_bytes(),
            ) {
                eprintln!("error: cannot write {}: {e}", index.display());
                return ExitCode::from(cli::EXIT_NOT_WRITTEN as u8);
            }
            println!(
                "wrote {} pictures and {} for the tour '{}'",
                tour.stops.len(),
                index.display(),
                tour.name
            );
            code
        }
        _ => run(Launch::Interactive { open: cli.plan }, size((1280, 800))),
    }
}

/// Refuses an unknown name for an option, listing the known ones.
#[cfg(feature = "app")]
fn unknown<const N: usize>(what: &str, given: &str, known: [&str; N]) -> ExitCode {
    eprintln!(
        "error: unknown {what} '{given}'; choose one of: {}",
        known.join(", ")
    );
    ExitCode::from(2)
}

#[cfg(not(feature = "app"))]
fn run_app(_cli: Cli) -> ExitCode {
    eprintln!(
        "this build has no desktop app (it was built without the `app` feature); see --help for commands"
    );
    ExitCode::from(2)
}

#[cfg(feature = "app")]
/// Parses `render --tour [NAME:]N` into the built-in tour's index and the stop's index (from 0).
fn parse_tour_stop(text: &str) -> Result<(usize, usize), String> {
    use sciatic_planner::teaching::Tour;
    let (name, number) = text.rsplit_once(':').unwrap_or(("nerve", text));
    let tours = Tour::all_embedded();
    let Some(index) = tours.iter().position(|t| t.name == name) else {
        return Err(format!(
            "there is no tour '{name}'; the tours are: {}",
            Tour::embedded_names().join(", ")
        ));
    };
    let stops = tours[index].stops.len();
    match number.trim().parse::<usize>() {
        Ok(n) if (1..=stops).contains(&n) => Ok((index, n - 1)),
        _ => Err(format!(
            "'{number}' is not a stop of the {name} tour: give a number from 1 to {stops}"
        )),
    }
}
