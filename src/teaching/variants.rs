//! The Beaton & Anson types of the sciatic nerve's relation to piriformis, as a panel lists them. The
//! facts live in `assets/anatomy/nerves.ron` ([`crate::anatomy::Variant`]); this only shapes them.

use serde::Serialize;

use crate::anatomy::Anatomy;

/// The classification the letters come from.
pub const CLASSIFICATION: &str = "Beaton & Anson 1937, Anat Rec 70:1-5";

/// One Beaton & Anson type, ready for a panel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariantInfo {
    /// Letter A to F.
    pub letter: String,
    /// One line: what the type looks like.
    pub description: String,
    /// How common it is, as reported.
    pub prevalence: String,
    /// The study the prevalence comes from.
    pub source: String,
    /// True when the model can show this type.
    pub modelled: bool,
}

/// The six types in letter order, from the anatomy data.
pub fn variant_panel() -> Vec<VariantInfo> {
    Anatomy::embedded()
        .nerves
        .variants
        .iter()
        .map(|v| VariantInfo {
            letter: v.letter.clone(),
            description: v.name.clone(),
            prevalence: v.prevalence.clone(),
            source: v.source.clone(),
            modelled: v.modelled,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_panel_lists_six_types_each_with_its_source() {
        let panel = variant_panel();
        let letters: Vec<&str> = panel.iter().map(|v| v.letter.as_str()).collect();
        assert_eq!(letters, ["A", "B", "C", "D", "E", "F"]);
        for v in &panel {
            assert!(!v.description.is_empty(), "{}", v.letter);
            assert!(!v.prevalence.is_empty(), "{}", v.letter);
            assert!(!v.source.is_empty(), "type {} has no source", v.letter);
        }
        assert!(panel[0].source.contains("Tomaszewski"));
        let modelled: Vec<&str> = panel
            .iter()
            .filter(|v| v.modelled)
            .map(|v| v.letter.as_str())
            .collect();
        assert_eq!(modelled, ["A", "B", "C", "D", "E", "F"]);
    }
}
