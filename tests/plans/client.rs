//! The commands that make something for the client or to share: `export` and `handout`.

use std::fs;
use std::path::Path;

use sciatic_planner::plan;

use super::{bin, example_files_named};

/// The names in a folder, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn export_anonymise_writes_a_copy_that_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let source = example_files_named("case-study-week1.ron");
    let out_path = dir.path().join("shared.ron");
    let out = bin()
        .args(["export", "--anonymise"])
        .arg(&source)
        .arg("--out")
        .arg(&out_path)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("anonymised"));
    let original = plan::load(&source).unwrap();
    let copy = plan::load(&out_path).unwrap();
    assert_eq!(copy, plan::anonymised(&original));
    let text = fs::read_to_string(&out_path).unwrap();
    for gone in [
        original.client_alias.as_str(),
        original.date.as_deref().unwrap(),
        "42-year-old",
        "Bolster under the ankles",
    ] {
        assert!(!text.contains(gone), "{gone:?} is still in the copy");
    }
    assert_eq!(
        names_in(dir.path()),
        ["shared.ron"],
        "no temporary file is left"
    );

    let check = bin().arg("check").arg(&out_path).output().unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

#[test]
fn export_of_a_bad_plan_or_to_a_missing_folder_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ron");
    fs::write(&broken, "SessionPlan(format_version: 2, title: ").unwrap();
    let target = dir.path().join("copy.ron");
    let out = bin()
        .args(["export", "--anonymise"])
        .arg(&broken)
        .arg("--out")
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken.ron:1:"), "{stderr}");
    assert!(!target.exists());

    let out = bin()
        .args(["export", "--anonymise"])
        .arg(dir.path().join("missing.ron"))
        .arg("--out")
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stderr).is_empty());
    assert!(!target.exists());

    let nowhere = dir.path().join("no-such-folder").join("copy.ron");
    let out = bin()
        .args(["export", "--anonymise"])
        .arg(example_files_named("case-study-week2.ron"))
        .arg("--out")
        .arg(&nowhere)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("could not write"), "{stderr}");
    assert!(!nowhere.exists());
    assert_eq!(
        names_in(dir.path()),
        ["broken.ron"],
        "nothing else was written"
    );
}
