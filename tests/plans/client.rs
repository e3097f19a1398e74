//! The commands that make something for the client or to share: `export` and `handout`.

use std::fs;
use std::path::Path;

use sciatic_planner::plan::{self, words};

use super::{bin, example_files, example_files_named, pdf_text};

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
    let export = |plan: &Path, to: &Path| {
        bin()
            .args(["export", "--anonymise"])
            .arg(plan)
            .arg("--out")
            .arg(to)
            .output()
            .unwrap()
    };
    let broken = dir.path().join("broken.ron");
    fs::write(&broken, "SessionPlan(format_version: 2, title: ").unwrap();
    let target = dir.path().join("copy.ron");
    let out = export(&broken, &target);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken.ron:1:"), "{stderr}");
    assert!(!target.exists());

    let out = export(&dir.path().join("missing.ron"), &target);
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stderr).is_empty());
    assert!(!target.exists());

    let nowhere = dir.path().join("no-such-folder").join("copy.ron");
    let out = export(&example_files_named("case-study-week2.ron"), &nowhere);
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

/// Collapses runs of white space, so text broken over lines in a table cell still matches.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Writes the handout of `source` with `args` and returns the PDF's bytes.
fn handout_of(source: &Path, dir: &Path, args: &[&str]) -> Vec<u8> {
    let name = source.file_stem().unwrap().to_string_lossy();
    let out_path = dir.join(format!("{name}.pdf"));
    let out = bin()
        .arg("handout")
        .arg(source)
        .arg("--out")
        .arg(&out_path)
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    fs::read(&out_path).unwrap()
}

#[test]
fn every_handout_holds_the_zones_in_order_the_home_care_and_the_cautions() {
    let dir = tempfile::tempdir().unwrap();
    for source in example_files() {
        let pdf = handout_of(&source, dir.path(), &[]);
        assert!(pdf.starts_with(b"%PDF-"));
        let pages = pdf_text::pages(&pdf);
        let text = flat(&pages.join("\n"));
        let plan = plan::load(&source).unwrap();
        let mut from = 0;
        for zone in plan.zones_in_order() {
            let mut area = words::area(&zone.anchor);
            area = area[..1].to_uppercase() + &area[1..];
            let at = text[from..].find(&area).unwrap_or_else(|| {
                panic!(
                    "{}: zone {} ({area}) is not in order in the handout",
                    source.display(),
                    zone.order
                )
            });
            from += at + area.len();
        }
        for item in plan.home_care.iter().chain(&words::cautions()) {
            assert!(
                text.contains(&flat(item)),
                "{}: {item:?} is missing",
                source.display()
            );
        }
        assert!(text.contains(&plan.title), "{}", source.display());
        let count = pages.len();
        for n in 1..=count {
            assert!(
                flat(&pages[n - 1]).contains(&format!("Page {n} of {count}")),
                "page {n}"
            );
        }
    }
}

/// Every page of the PDF (there is at least one) measures `size` in points.
fn assert_pages_measure(pdf: &[u8], (width, height): (f32, f32)) {
    let boxes = pdf_text::media_boxes(pdf);
    assert!(!boxes.is_empty());
    assert!(
        boxes
            .iter()
            .all(|&(w, h)| (w - width).abs() < 0.5 && (h - height).abs() < 0.5),
        "{boxes:?}"
    );
}

#[test]
fn the_handout_is_a4_or_letter_and_anonymises_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let source = example_files_named("case-study-week1.ron");
    let a4 = handout_of(&source, dir.path(), &["--paper", "a4"]);
    assert_pages_measure(&a4, (595.0, 842.0));
    let text = flat(&pdf_text::pages(&a4).join("\n"));
    assert!(
        text.contains("2026-03-02") && text.contains("Client S"),
        "{text}"
    );

    let letter = handout_of(&source, dir.path(), &["--paper", "letter", "--anonymise"]);
    assert_pages_measure(&letter, (612.0, 792.0));
    let text = flat(&pdf_text::pages(&letter).join("\n"));
    assert!(
        !text.contains("2026-03-02") && !text.contains("Client S"),
        "{text}"
    );
    assert!(text.contains("Affected side: right"), "{text}");
}

#[test]
fn a_broken_plan_leaves_no_handout() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ron");
    fs::write(&broken, "SessionPlan(format_version: 2, zones: [").unwrap();
    let target = dir.path().join("handout.pdf");
    let out = bin()
        .arg("handout")
        .arg(&broken)
        .arg("--out")
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.ron:1:"));
    assert!(!target.exists());

    let nowhere = dir.path().join("missing-folder").join("handout.pdf");
    let out = bin()
        .arg("handout")
        .arg(example_files_named("case-study-week1.ron"))
        .arg("--out")
        .arg(&nowhere)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(!nowhere.exists());
    assert_eq!(names_in(dir.path()), ["broken.ron"]);
}
