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
