//! The plan files: the shipped examples, the `check` command, and saving that never loses the old file.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use sciatic_planner::plan::{self, LoadErrorKind, SaveError, Severity, examples::EXAMPLES};

fn example_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("plans");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("plans/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_example_round_trips_byte_for_byte() {
    let files = example_files();
    assert!(
        files.len() >= 6,
        "expected the six example plans, found {files:?}"
    );
    for path in files {
        let text = fs::read_to_string(&path).unwrap();
        let plan = plan::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let written = plan::to_ron_string(&plan).unwrap();
        assert!(
            written == text,
            "{} does not round-trip unchanged",
            path.display()
        );
    }
}

#[test]
fn every_example_is_valid_and_built_in() {
    for path in example_files() {
        let plan = plan::load(&path).unwrap();
        let report = plan::check_plan(&plan);
        assert!(
            !report.has_errors(),
            "{}: {:?}",
            path.display(),
            report.findings
        );
        assert_eq!(
            report.count(Severity::Warning),
            0,
            "{}: {:?}",
            path.display(),
            report.findings
        );
        assert!(!plan.zones.is_empty(), "{} has no zones", path.display());
        let name = path.file_name().unwrap().to_str().unwrap();
        let built_in = EXAMPLES.iter().find(|e| e.file == name);
        assert!(
            built_in.is_some_and(|e| e.text == fs::read_to_string(&path).unwrap()),
            "{name} is not among the built-in examples"
        );
    }
}

#[test]
fn case_study_weeks_follow_the_seed_case() {
    for week in 1..=4 {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("plans/case-study-week{week}.ron"));
        let plan = plan::load(&path).unwrap();
        assert_eq!(plan.side, plan::Side::Right, "week {week}");
        assert_eq!(
            plan.assessment.piriformis_test,
            plan::TestResult::Positive,
            "week {week}"
        );
        assert_eq!(
            plan.assessment.straight_leg_raise.result,
            plan::TestResult::Negative,
            "week {week}"
        );
        assert!(!plan.home_care.is_empty(), "week {week} has home care");
        if week == 1 {
            assert!(
                plan.zones
                    .iter()
                    .all(|z| z.pressure == plan::Pressure::Light),
                "week 1 is light work only"
            );
        }
    }
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sciatic-planner"))
}

#[test]
fn check_command_exit_codes() {
    let files = example_files();
    let out = bin().arg("check").args(&files).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_eq!(
        stdout.lines().filter(|l| l.contains(": ok:")).count(),
        files.len(),
        "{stdout}"
    );

    let dir = tempfile::tempdir().unwrap();
    let mut bad = plan::load(&files[0]).unwrap();
    let duplicate = bad.zones[0].clone();
    bad.zones.push(duplicate);
    let invalid = dir.path().join("invalid.ron");
    plan::save(&invalid, &bad).unwrap();
    let out = bin()
        .arg("check")
        .arg(&files[0])
        .arg(&invalid)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("used more than once"), "{stdout}");

    let broken = dir.path().join("broken.ron");
    fs::write(&broken, "SessionPlan(format_version: 1, title: ").unwrap();
    let out = bin()
        .arg("check")
        .arg(&invalid)
        .arg(&broken)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(stdout.contains("broken.ron:1:"), "{stdout}");

    let out = bin()
        .arg("check")
        .arg(dir.path().join("missing.ron"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin().args(["check", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Exit status"));
}

#[test]
fn oversized_file_is_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    fs::write(&path, " ".repeat(plan::MAX_PLAN_BYTES as usize + 1)).unwrap();
    let err = plan::load(&path).unwrap_err();
    assert!(matches!(err.kind, LoadErrorKind::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("huge.ron"), "{err}");
}

#[test]
fn binary_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("image.ron");
    fs::write(&path, [0x89, b'P', b'N', b'G', 0, 0, 0xff, 0xfe]).unwrap();
    let err = plan::load(&path).unwrap_err();
    assert!(matches!(err.kind, LoadErrorKind::NotText), "{err}");
}

#[test]
fn save_keeps_a_backup_of_the_previous_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    let mut plan = plan::SessionPlan::new("First");
    plan::save(&path, &plan).unwrap();
    let first = fs::read_to_string(&path).unwrap();
    plan.title = "Second".into();
    plan::save(&path, &plan).unwrap();
    assert_eq!(
        fs::read_to_string(dir.path().join("plan.ron.bak")).unwrap(),
        first
    );
    assert_eq!(plan::load(&path).unwrap().title, "Second");
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn failed_save_leaves_the_original_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    plan::save(&path, &plan::SessionPlan::new("Original")).unwrap();
    let original = fs::read(&path).unwrap();
    let changed = plan::SessionPlan::new("Changed");

    // A read-only folder stops the save for a normal user (root may still write there).
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(dir.path()).unwrap().permissions().mode();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
    let read_only_result = plan::save(&path, &changed);
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(mode)).unwrap();
    if let Err(e) = read_only_result {
        assert!(e.to_string().contains("left as it was"), "{e}");
        assert_eq!(fs::read(&path).unwrap(), original);
    }

    // A folder standing where the temporary file must go fails the save for every user.
    fs::write(&path, &original).unwrap();
    let blocker = dir
        .path()
        .join(format!(".plan.ron.{}.tmp", std::process::id()));
    fs::create_dir(&blocker).unwrap();
    let err = plan::save(&path, &changed).unwrap_err();
    assert!(matches!(err, SaveError::Io { .. }), "{err}");
    assert!(err.to_string().contains("plan.ron"), "{err}");
    assert_eq!(
        fs::read(&path).unwrap(),
        original,
        "the original file changed"
    );
    assert!(blocker.is_dir());
}

#[test]
fn newer_file_is_not_saved_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.ron");
    let text = plan::to_ron_string(&plan::SessionPlan::new("Future"))
        .unwrap()
        .replace("format_version: 1", "format_version: 9");
    fs::write(&path, &text).unwrap();
    let err = plan::save(&path, &plan::SessionPlan::new("Old app")).unwrap_err();
    assert!(
        matches!(err, SaveError::NewerFile { found: 9, .. }),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}
