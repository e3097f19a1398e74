//! The plan files and the headless commands: the shipped examples, `check`, `pose`, and saving that never
//! loses the old file.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use sciatic_planner::plan::{self, LoadErrorKind, SaveError, Severity, examples::EXAMPLES};

#[path = "plans/client.rs"]
mod client;
#[path = "plans/pdf_text.rs"]
mod pdf_text;

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
        assert_eq!(plan.side, plan::AffectedSide::Right, "week {week}");
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

/// The six-phase example with its gluteus maximus zone (over the nerve in the buttock) made a deep elbow.
fn unsafe_plan(dir: &Path) -> PathBuf {
    let mut plan = plan::load(&example_files_named("six-phase-protocol.ron")).unwrap();
    let zone = plan.zones.iter_mut().find(|z| z.id == "z8").unwrap();
    zone.pressure = plan::Pressure::Deep;
    zone.tool = plan::Tool::Elbow;
    zone.shape = plan::Shape::Disc { radius_mm: 15.0 };
    let path = dir.join("unsafe.ron");
    plan::save(&path, &plan).unwrap();
    path
}

fn example_files_named(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("plans")
        .join(name)
}

#[test]
fn check_command_reports_safety_and_what_lies_under() {
    let out = bin()
        .arg("check")
        .arg(example_files_named("six-phase-protocol.ron"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("safety: 0 error(s)"), "{stdout}");
    assert!(stdout.contains("  safety warning: z"), "{stdout}");
    // Every zone gets its layers, from the skin inward, with depths.
    let under: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("  under "))
        .collect();
    assert_eq!(under.len(), 15, "{stdout}");
    assert!(under.iter().all(|l| l.contains(": skin 0 mm")), "{stdout}");
    let z8 = under.iter().find(|l| l.starts_with("  under z8 ")).unwrap();
    assert!(
        z8.contains("gluteus_maximus_r") && z8.contains("sciatic_nerve_r"),
        "{z8}"
    );

    // A deep elbow over the nerve is a safety error: exit status 1, with the nerve and its depth.
    let dir = tempfile::tempdir().unwrap();
    let path = unsafe_plan(dir.path());
    let out = bin().arg("check").arg(&path).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains(": unsafe: "), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("  safety error: z8: sciatic_nerve_r (") && l.contains(" mm)")),
        "{stdout}"
    );

    // A red flag blocks the plan.
    let mut plan = plan::load(&example_files_named("case-study-week1.ron")).unwrap();
    plan.assessment.red_flags.bladder_or_bowel_loss = true;
    let flagged = dir.path().join("flagged.ron");
    plan::save(&flagged, &plan).unwrap();
    let out = bin().arg("check").arg(&flagged).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains(": blocked: "), "{stdout}");
    assert!(stdout.contains("DO NOT TREAT"), "{stdout}");
}

#[test]
fn check_command_writes_one_json_document_for_all_files() {
    let dir = tempfile::tempdir().unwrap();
    let files = example_files();
    let unsafe_path = unsafe_plan(dir.path());
    let broken = dir.path().join("broken.ron");
    fs::write(&broken, "SessionPlan(format_version: 1, title: ").unwrap();
    let out = bin()
        .args(["check", "--format", "json"])
        .args(&files)
        .arg(&unsafe_path)
        .arg(&broken)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let doc: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON document");
    assert_eq!(out.status.code(), Some(2), "a broken file wins");
    assert_eq!(doc["exit_status"], 2);
    let reports = doc["files"].as_array().unwrap();
    assert_eq!(reports.len(), files.len() + 2);
    for (report, path) in reports.iter().zip(&files) {
        assert_eq!(report["path"], path.display().to_string());
        assert_eq!(report["status"], "ok", "{report}");
        let zones = report["zones"].as_u64().unwrap() as usize;
        let under = report["under"].as_array().unwrap();
        assert_eq!(under.len(), zones);
        for z in under {
            let layers = z["layers"].as_array().unwrap();
            assert_eq!(layers[0]["structure"], "skin", "{z}");
            let depths: Vec<f64> = layers
                .iter()
                .map(|l| l["depth_mm"].as_f64().unwrap())
                .collect();
            assert!(depths.windows(2).all(|w| w[0] <= w[1]), "{z}");
        }
    }
    let bad = &reports[files.len()];
    assert_eq!(bad["status"], "unsafe");
    let error = bad["safety"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["severity"] == "error")
        .expect("a safety error");
    assert_eq!(error["rule"], "nerve_under_zone");
    assert_eq!(error["zone"], "z8");
    assert_eq!(error["structure"], "sciatic_nerve_r");
    assert!(error["distance_mm"].as_f64().unwrap() > 40.0, "{error}");
    assert!(!error["reason"].as_str().unwrap().is_empty());
    let unreadable = &reports[files.len() + 1];
    assert_eq!(unreadable["status"], "unreadable");
    assert!(
        unreadable["error"]
            .as_str()
            .unwrap()
            .contains("broken.ron:1:"),
        "{unreadable}"
    );
    assert!(doc["errors"].as_u64().unwrap() >= 1);

    // Without the broken file the status is 1, for the safety error.
    let out = bin()
        .args(["check", "--format", "json"])
        .arg(&unsafe_path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["exit_status"], 1);
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
        .replace(
            &format!("format_version: {}", plan::FORMAT_VERSION),
            "format_version: 9",
        );
    fs::write(&path, &text).unwrap();
    let err = plan::save(&path, &plan::SessionPlan::new("Old app")).unwrap_err();
    assert!(
        matches!(err, SaveError::NewerFile { found: 9, .. }),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn pose_command_prints_the_nerve_and_piriformis_lengths_and_refuses_bad_angles() {
    let run = |args: &[&str]| bin().arg("pose").args(args).output().unwrap();
    let raised = run(&["--test", "slr", "--angle", "70", "--format", "json"]);
    assert!(raised.status.success(), "{raised:?}");
    let report: serde_json::Value = serde_json::from_slice(&raised.stdout).unwrap();
    assert_eq!(report["test"], "straight-leg-raise");
    assert_eq!(report["nerve"].as_array().unwrap().len(), 3);
    let total = report["total_percent"].as_f64().unwrap();
    assert!(total > 2.0, "{report}");

    let text = run(&["--test", "piriformis", "--angle", "60", "--side", "left"]);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(text.status.success());
    assert!(
        stdout.starts_with("Piriformis test, left leg: hip flexion 60°"),
        "{stdout}"
    );
    assert!(
        stdout.contains("piriformis") && stdout.contains("mm ->"),
        "{stdout}"
    );

    for (args, says) in [
        (
            &["--test", "slr", "--angle", "150"][..],
            "hip flexion of 150 degrees",
        ),
        (
            &["--test", "slr", "--angle", "40", "--ankle", "-70"],
            "ankle",
        ),
        (&["--test", "lasegue", "--angle", "40"], "unknown test"),
        (
            &["--test", "slr", "--angle", "40", "--side", "both"],
            "side",
        ),
    ] {
        let refused = run(args);
        assert_eq!(refused.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(refused.stdout.is_empty());
    }
}
