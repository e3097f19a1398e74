//! The files the app writes: owner-only whatever the umask, and never damaged by a kill in mid-save.

use std::fs;
use std::path::Path;
use std::process::Command;

use sciatic_planner::plan;
use sciatic_planner::private;

/// Set in a child process started by [`in_child`].
const CHILD: &str = "SCIATIC_PLANNER_TEST_CHILD";

/// Runs the test named `test` again in a child process of this test binary whose umask is 0, and checks it
/// ran and passed there. Returns true in the child, where the test does its work; false in the parent.
#[cfg(unix)]
fn in_child_with_umask_zero(test: &str) -> bool {
    if std::env::var_os(CHILD).is_some() {
        return true;
    }
    let out = Command::new("sh")
        .args(["-c", "umask 000; exec \"$0\" \"$@\""])
        .arg(std::env::current_exe().unwrap())
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "the child run of {test} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    false
}

/// In the child run with umask 0, a new folder to work in; in the parent, `None` once the child passed.
#[cfg(unix)]
fn umask_zero_dir(test: &str) -> Option<tempfile::TempDir> {
    if !in_child_with_umask_zero(test) {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    assert_umask_is_zero(dir.path());
    Some(dir)
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The child really runs with umask 0: a plain `fs::write` gives a world-writable file, so each mode the
/// test then finds comes from the code under test.
#[cfg(unix)]
fn assert_umask_is_zero(dir: &Path) {
    let probe = dir.join("plain");
    fs::write(&probe, "x").unwrap();
    assert_eq!(mode(&probe), 0o666, "the child's umask is not 0");
    fs::remove_file(probe).unwrap();
}

#[cfg(unix)]
#[test]
fn saved_plans_and_their_backups_are_owner_only_whatever_the_umask() {
    let Some(dir) =
        umask_zero_dir("saved_plans_and_their_backups_are_owner_only_whatever_the_umask")
    else {
        return;
    };

    let fresh = dir.path().join("fresh.ron");
    plan::save(&fresh, &plan::SessionPlan::new("Fresh")).unwrap();
    assert_eq!(mode(&fresh), 0o600, "a new plan");

    // A plan that someone left readable by all is narrowed by the save, and its backup does not copy the
    // old, wide mode.
    let wide = dir.path().join("wide.ron");
    let old = plan::to_ron_string(&plan::SessionPlan::new("Old")).unwrap();
    fs::write(&wide, &old).unwrap();
    assert_eq!(mode(&wide), 0o666);
    plan::save(&wide, &plan::SessionPlan::new("New")).unwrap();
    let backup = plan::backup_path(&wide);
    assert_eq!(mode(&wide), 0o600, "the saved plan");
    assert_eq!(mode(&backup), 0o600, "its backup");
    assert_eq!(fs::read_to_string(&backup).unwrap(), old);
    assert_eq!(plan::load(&wide).unwrap().title, "New");
}

#[cfg(unix)]
#[test]
fn exports_through_the_private_writer_are_owner_only_whatever_the_umask() {
    let Some(dir) =
        umask_zero_dir("exports_through_the_private_writer_are_owner_only_whatever_the_umask")
    else {
        return;
    };
    let png = [
        0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0, 0, 13,
    ];
    let still = dir.path().join("still.png");
    private::write_atomically(&still, &png).unwrap();
    assert_eq!(mode(&still), 0o600, "a new still");
    fs::write(&still, "old").unwrap();
    fs::set_permissions(&still, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    private::write_atomically(&still, &png).unwrap();
    assert_eq!(mode(&still), 0o600, "a still written over a readable one");
    assert_eq!(fs::read(&still).unwrap(), png);
}

#[cfg(unix)]
#[test]
fn the_quiz_best_scores_are_owner_only_whatever_the_umask() {
    use sciatic_planner::teaching::BestScores;
    let Some(dir) = umask_zero_dir("the_quiz_best_scores_are_owner_only_whatever_the_umask") else {
        return;
    };
    let data = dir.path().join("data");
    let mut scores = BestScores::default();
    scores.record(10, 7);
    scores.save(&data).unwrap();
    assert_eq!(mode(&data), 0o700, "the data folder");
    assert_eq!(mode(&BestScores::path(&data)), 0o600, "the scores file");
    assert_eq!(BestScores::load(&data).unwrap(), scores);
}

/// A broken tour file given to `tour --file` is refused with exit status 2 and the reason on stderr.
#[test]
fn the_tour_command_refuses_a_broken_tour_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("knee.ron");
    let text = include_str!("../assets/teaching/nerve.ron").replacen("\"foot_r\"", "\"foot_x\"", 1);
    fs::write(&file, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sciatic-planner"))
        .args(["tour", "--list", "--file"])
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(
        stderr.contains("knee.ron: stop 11 \"Into the sole\""),
        "{stderr}"
    );
    assert!(stderr.contains("unknown structure 'foot_x'"), "{stderr}");

    let out = Command::new(env!("CARGO_BIN_EXE_sciatic-planner"))
        .args(["tour", "rotators", "--list", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["stops"].as_array().unwrap().len(), 6);
}

#[cfg(unix)]
#[test]
fn the_temporary_file_is_owner_only_before_anything_is_written() {
    use std::os::unix::fs::PermissionsExt;
    let Some(dir) = umask_zero_dir("the_temporary_file_is_owner_only_before_anything_is_written")
    else {
        return;
    };
    let dest = dir.path().join("plan.ron");
    let mut tmp = private::PrivateTemp::create(&dest).unwrap();
    let meta = tmp.file().metadata().unwrap();
    assert_eq!(meta.len(), 0, "nothing written yet");
    assert_eq!(meta.permissions().mode() & 0o777, 0o600, "the open file");
    assert_eq!(mode(tmp.path()), 0o600, "the file on disk");
    assert_eq!(
        tmp.path().parent(),
        Some(dir.path()),
        "beside its destination"
    );
    tmp.write_all(b"text").unwrap();
    tmp.persist(&dest).unwrap();
    assert_eq!(mode(&dest), 0o600);
    assert_eq!(fs::read(&dest).unwrap(), b"text");
}

#[cfg(unix)]
#[test]
fn the_data_folder_is_made_owner_only_even_when_it_exists_wider() {
    use std::os::unix::fs::PermissionsExt;
    let Some(dir) = umask_zero_dir("the_data_folder_is_made_owner_only_even_when_it_exists_wider")
    else {
        return;
    };
    let new = dir.path().join("a").join("sciatic-planner");
    private::private_dir(&new).unwrap();
    assert_eq!(mode(&new), 0o700, "a new folder");
    let existing = dir.path().join("existing");
    fs::create_dir(&existing).unwrap();
    fs::set_permissions(&existing, fs::Permissions::from_mode(0o777)).unwrap();
    private::private_dir(&existing).unwrap();
    assert_eq!(mode(&existing), 0o700, "a folder that was open to all");
}

/// Property tests of the loader and of saving.
mod properties {
    use proptest::prelude::*;
    use sciatic_planner::plan::*;

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(any::<char>(), 0..12).prop_map(String::from_iter)
    }

    /// Any finite number (RON has no NaN that equals itself).
    fn number() -> impl Strategy<Value = f32> {
        prop::num::f32::POSITIVE
            | prop::num::f32::NEGATIVE
            | prop::num::f32::NORMAL
            | prop::num::f32::SUBNORMAL
            | prop::num::f32::ZERO
    }

    fn point() -> impl Strategy<Value = Point3> {
        (number(), number(), number()).prop_map(|(x, y, z)| Point3::new(x, y, z))
    }

    const SEGMENTS: &[Segment] = &[
        Segment::Pelvis,
        Segment::ThighRight,
        Segment::ThighLeft,
        Segment::ShankRight,
        Segment::ShankLeft,
        Segment::FootRight,
        Segment::FootLeft,
    ];

    fn anchor() -> impl Strategy<Value = Anchor> {
        (text(), point(), point(), prop::sample::select(SEGMENTS)).prop_map(
            |(structure, position, normal, segment)| Anchor {
                structure,
                position,
                normal,
                segment,
            },
        )
    }

    fn shape() -> impl Strategy<Value = Shape> {
        prop_oneof![
            number().prop_map(|radius_mm| Shape::Disc { radius_mm }),
            (prop::collection::vec(point(), 0..4), number())
                .prop_map(|(path, width_mm)| Shape::Stroke { path, width_mm }),
        ]
    }

    fn zone() -> impl Strategy<Value = Zone> {
        (
            (text(), text(), any::<u32>(), anchor(), shape()),
            (
                prop::sample::select(Technique::ALL),
                prop::sample::select(Pressure::ALL),
                prop::sample::select(Tool::ALL),
                prop::sample::select(ClientPosition::ALL),
                number(),
                text(),
            ),
        )
            .prop_map(
                |(
                    (id, label, order, anchor, shape),
                    (technique, pressure, tool, position, duration_min, notes),
                )| Zone {
                    id,
                    label,
                    order,
                    anchor,
                    shape,
                    technique,
                    pressure,
                    tool,
                    position,
                    duration_min,
                    notes,
                },
            )
    }

    fn no_go() -> impl Strategy<Value = NoGoArea> {
        (text(), text(), anchor(), number(), text()).prop_map(
            |(id, label, anchor, radius_mm, reason)| NoGoArea {
                id,
                label,
                anchor,
                radius_mm,
                reason,
            },
        )
    }

    fn build() -> impl Strategy<Value = Build> {
        prop_oneof![
            Just(Build::Slim),
            Just(Build::Average),
            Just(Build::Large),
            number().prop_map(|soft_tissue_mm| Build::Measured { soft_tissue_mm }),
        ]
    }

    fn assessment() -> impl Strategy<Value = Assessment> {
        let result = || prop::sample::select(TestResult::ALL);
        (
            (result(), prop::option::of(number()), result(), result()),
            any::<[bool; 5]>(),
            prop::option::of(prop::sample::select(DiscStage::ALL)),
            prop::option::of(prop::sample::select(NerveVariant::ALL)),
            text(),
            build(),
        )
            .prop_map(
                |(
                    (slr, angle_deg, bragard, piriformis_test),
                    flags,
                    disc_stage,
                    nerve_variant,
                    findings,
                    build,
                )| {
                    Assessment {
                        straight_leg_raise: StraightLegRaise {
                            result: slr,
                            angle_deg,
                        },
                        bragard,
                        piriformis_test,
                        red_flags: RedFlags {
                            bladder_or_bowel_loss: flags[0],
                            saddle_anaesthesia: flags[1],
                            progressive_weakness: flags[2],
                        },
                        disc_stage,
                        nerve_variant,
                        pregnant: flags[3],
                        acute_flare_up: flags[4],
                        build,
                        findings,
                    }
                },
            )
    }

    fn plan() -> impl Strategy<Value = SessionPlan> {
        (
            (
                text(),
                text(),
                prop::sample::select(AffectedSide::ALL),
                prop::option::of(text()),
                text(),
            ),
            assessment(),
            prop::collection::vec(zone(), 0..4),
            prop::collection::vec(no_go(), 0..3),
            prop::collection::vec(text(), 0..3),
            // A plan in memory is always of the current version: older files are migrated on load.
            (text(), Just(FORMAT_VERSION), text(), any::<u32>()),
        )
            .prop_map(
                |(
                    (title, client_alias, side, date, phase),
                    assessment,
                    zones,
                    no_go,
                    home_care,
                    (notes, format_version, model_id, model_version),
                )| SessionPlan {
                    format_version,
                    model: ModelRef {
                        id: model_id,
                        version: model_version,
                    },
                    title,
                    client_alias,
                    side,
                    date,
                    phase,
                    assessment,
                    zones,
                    no_go,
                    home_care,
                    notes,
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn loading_any_bytes_gives_a_plan_or_an_error(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
            let _ = from_ron_bytes(&bytes);
        }

        #[test]
        fn loading_any_text_gives_a_plan_or_an_error(text in prop::collection::vec(any::<char>(), 0..300)) {
            let _ = from_ron_str(&String::from_iter(text));
        }

        /// A real plan file cut short or with one byte changed: the loader gives a plan or an error.
        #[test]
        fn a_damaged_plan_file_gives_a_plan_or_an_error(
            plan in plan(),
            at in any::<prop::sample::Index>(),
            byte in any::<u8>(),
            cut in any::<bool>(),
        ) {
            let mut bytes = to_ron_string(&plan).unwrap().into_bytes();
            let i = at.index(bytes.len());
            if cut {
                bytes.truncate(i);
            } else {
                bytes[i] = byte;
            }
            let _ = from_ron_bytes(&bytes);
        }

        #[test]
        fn every_plan_survives_save_then_load_unchanged(plan in plan()) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("plan.ron");
            save(&path, &plan).unwrap();
            prop_assert_eq!(load(&path).map_err(|e| e.to_string()), Ok(plan.clone()));
            // Saving over it keeps the first as the backup, also unchanged.
            save(&path, &plan).unwrap();
            prop_assert_eq!(load(&backup_path(&path)).map_err(|e| e.to_string()), Ok(plan));
        }
    }
}

/// Set in the child that saves in a loop until it is killed: the plan file to save.
const SAVER: &str = "SCIATIC_PLANNER_TEST_SAVER";

/// A plan of about a hundred kilobytes, so a save takes long enough to be killed in the middle.
fn large_plan(title: &str) -> plan::SessionPlan {
    let mut plan = plan::from_ron_str(plan::examples::EXAMPLES[0].text).unwrap();
    plan.title = title.into();
    let template = plan.zones[0].clone();
    plan.zones = (1..=150)
        .map(|i| plan::Zone {
            id: format!("z{i}"),
            order: i,
            notes: format!("{title}: zone {i}, ").repeat(4),
            ..template.clone()
        })
        .collect();
    plan
}

/// A small random number generator (xorshift), seeded from the clock; the seed is printed.
struct Random(u64);

impl Random {
    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn a_kill_in_the_middle_of_a_save_leaves_the_old_plan_or_the_new_one() {
    const TEST: &str = "a_kill_in_the_middle_of_a_save_leaves_the_old_plan_or_the_new_one";
    let (old, new) = (large_plan("Old"), large_plan("New"));
    if let Some(path) = std::env::var_os(SAVER) {
        use std::io::Write;
        println!("saving");
        std::io::stdout().flush().unwrap();
        loop {
            plan::save(Path::new(&path), &new).unwrap();
            plan::save(Path::new(&path), &old).unwrap();
        }
    }
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    plan::save(&path, &old).unwrap();
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    eprintln!("seed {seed}");
    let mut random = Random(seed);
    let (mut found_old, mut found_new) = (0, 0);
    for trial in 0..200 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([TEST, "--exact", "--nocapture", "--test-threads=1"])
            .env(SAVER, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        assert!(
            lines.any(|l| l.is_ok_and(|l| l.ends_with("saving"))),
            "the child did not start saving"
        );
        std::thread::sleep(std::time::Duration::from_micros(random.next_u64() % 10_000));
        child.kill().unwrap();
        child.wait().unwrap();
        for file in [path.clone(), plan::backup_path(&path)] {
            // The backup appears with the first save that completes.
            if file != path && !file.exists() {
                continue;
            }
            let loaded =
                plan::load(&file).unwrap_or_else(|e| panic!("trial {trial} (seed {seed}): {e}"));
            assert!(
                loaded == old || loaded == new,
                "trial {trial} (seed {seed}): {} is neither plan",
                file.display()
            );
            if file == path {
                if loaded == old {
                    found_old += 1;
                } else {
                    found_new += 1;
                }
            }
        }
    }
    let interrupted = fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    eprintln!(
        "after 200 kills: the old plan {found_old} times, the new one {found_new} times; \
         {interrupted} temporary files left by kills during a write"
    );
}

/// Crates that make network connections (clients, servers, TLS, the socket layers of async runtimes). None
/// may be among the app's dependencies: the app never opens a network connection. `tokio` is allowed
/// without its network layer (Bevy's web build uses its runtime only), which `mio` and `socket2` carry.
const NETWORK_CRATES: &[&str] = &[
    "reqwest",
    "hyper",
    "hyper-util",
    "h2",
    "h3",
    "quinn",
    "ureq",
    "curl",
    "curl-sys",
    "isahc",
    "surf",
    "attohttpc",
    "native-tls",
    "openssl",
    "openssl-sys",
    "rustls",
    "webpki-roots",
    "tungstenite",
    "async-tungstenite",
    "tokio-tungstenite",
    "mio",
    "socket2",
    "hickory-resolver",
    "trust-dns-resolver",
];

#[test]
fn no_networking_crate_is_a_dependency() {
    let lock =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock")).unwrap();
    let names: Vec<&str> = lock
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .collect();
    // The parse finds what is known to be there.
    for present in ["sciatic-planner", "ron", "serde", "bevy"] {
        assert!(
            names.contains(&present),
            "{present} not found in Cargo.lock"
        );
    }
    let found: Vec<&&str> = NETWORK_CRATES
        .iter()
        .filter(|c| names.contains(c))
        .collect();
    assert!(
        found.is_empty(),
        "networking crates in Cargo.lock: {found:?}"
    );
}

#[test]
fn the_code_opens_no_sockets() {
    fn visit(dir: &Path, hits: &mut Vec<String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                visit(&path, hits);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = fs::read_to_string(&path).unwrap();
                for word in [
                    "std::net",
                    "TcpStream",
                    "TcpListener",
                    "UdpSocket",
                    "ToSocketAddrs",
                ] {
                    if text.contains(word) {
                        hits.push(format!("{}: {word}", path.display()));
                    }
                }
            }
        }
    }
    let mut hits = Vec::new();
    visit(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut hits,
    );
    assert!(hits.is_empty(), "{hits:?}");
}
