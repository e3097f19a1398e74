//! Bringing plans from older format versions up to [`FORMAT_VERSION`].
//!
//! Version 1 had no client build in the assessment; it reads as [`Build::Average`], the model as
//! generated, so a version 1 plan's safety findings are the same after the upgrade. Loading migrates;
//! saving writes the current version.

use super::{Build, FORMAT_VERSION, SessionPlan};

/// Upgrades a plan read from an older format version to the current one, in place. Plans already at the
/// current version are left as they are.
pub fn migrate(plan: &mut SessionPlan) {
    if plan.format_version < 2 {
        // The build came in with version 2; the parser has filled in the default.
        plan.assessment.build = Build::Average;
    }
    plan.format_version = plan.format_version.max(FORMAT_VERSION);
}

#[cfg(test)]
mod tests {
    use crate::plan::*;

    /// A version 1 file as the first release wrote it: no build in the assessment.
    fn version_1_text() -> String {
        let mut plan = SessionPlan::new("Old");
        plan.format_version = 1;
        plan.assessment.acute_flare_up = true;
        let text = to_ron_string(&plan).unwrap();
        let text = text.replace("        build: Average,\n", "");
        assert!(!text.contains("build"), "{text}");
        text
    }

    #[test]
    fn a_version_1_file_loads_as_version_2_with_an_average_build() {
        let plan = from_ron_str(&version_1_text()).unwrap();
        assert_eq!(plan.format_version, FORMAT_VERSION);
        assert_eq!(plan.assessment.build, Build::Average);
        assert!(plan.assessment.acute_flare_up, "the rest is kept");
        // Saved again, it is a version 2 file that names the build.
        let text = to_ron_string(&plan).unwrap();
        assert!(text.contains("format_version: 2,"), "{text}");
        assert!(text.contains("build: Average,"), "{text}");
        assert_eq!(from_ron_str(&text).unwrap(), plan);
    }

    #[test]
    fn a_measured_build_round_trips() {
        let mut plan = SessionPlan::new("Measured");
        plan.assessment.build = Build::Measured {
            soft_tissue_mm: 62.5,
        };
        let text = to_ron_string(&plan).unwrap();
        assert!(text.contains("soft_tissue_mm: 62.5"), "{text}");
        assert_eq!(from_ron_str(&text).unwrap(), plan);
    }

    #[test]
    fn a_file_newer_than_this_version_is_refused() {
        let text = to_ron_string(&SessionPlan::new("Future")).unwrap().replace(
            &format!("format_version: {FORMAT_VERSION},"),
            &format!("format_version: {},", FORMAT_VERSION + 1),
        );
        let err = from_ron_str(&text).unwrap_err();
        assert!(
            matches!(err.kind, LoadErrorKind::NewerVersion { found } if found == FORMAT_VERSION + 1),
            "{err}"
        );
    }
}
