//! An anonymised copy of a plan, to share for teaching, supervision or a second opinion: the session as
//! planned (zones, no-go areas, assessment results, home care) without who it was for, when, or the
//! therapist's free-text notes.

use super::SessionPlan;

/// The alias an anonymised plan gives the client.
pub const NEUTRAL_ALIAS: &str = "Client";

/// The plan with the client's alias replaced by [`NEUTRAL_ALIAS`] (also wherever the alias appears in the
/// title, the phase, a label, a home-care item or a no-go reason), the date removed, and the free-text
/// notes emptied: the plan's notes, every zone's notes and the assessment's findings. Everything else,
/// including the assessment's test results and red flags, is kept, so the copy passes the same checks.
pub fn anonymised(plan: &SessionPlan) -> SessionPlan {
    let mut copy = plan.clone();
    let alias = plan.client_alias.trim();
    let hide = |text: &mut String| {
        if alias.chars().count() >= 2 {
            *text = replace_words(text, alias, NEUTRAL_ALIAS);
        }
    };
    copy.client_alias = NEUTRAL_ALIAS.to_owned();
    copy.date = None;
    copy.notes.clear();
    copy.assessment.findings.clear();
    hide(&mut copy.title);
    hide(&mut copy.phase);
    for zone in &mut copy.zones {
        zone.notes.clear();
        hide(&mut zone.label);
    }
    for area in &mut copy.no_go {
        hide(&mut area.label);
        hide(&mut area.reason);
    }
    copy.home_care.iter_mut().for_each(hide);
    copy
}

/// `text` with every occurrence of `word` that stands as a whole word (no letter or digit right before or
/// after it) replaced by `with`.
fn replace_words(text: &str, word: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(word) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + word.len()..].chars().next();
        let whole =
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric);
        out.push_str(&rest[..at]);
        out.push_str(if whole { with } else { word });
        rest = &rest[at + word.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::examples::EXAMPLES;
    use crate::plan::{check_plan, from_ron_str, to_ron_string};

    #[test]
    fn the_alias_date_and_free_text_are_gone_and_the_session_stays() {
        for example in EXAMPLES {
            let plan = from_ron_str(example.text).unwrap();
            let copy = anonymised(&plan);
            assert_eq!(copy.client_alias, NEUTRAL_ALIAS);
            assert_eq!(copy.date, None);
            assert!(copy.notes.is_empty() && copy.assessment.findings.is_empty());
            assert!(copy.zones.iter().all(|z| z.notes.is_empty()));
            let text = to_ron_string(&copy).unwrap();
            if let Some(date) = &plan.date {
                assert!(!text.contains(date.as_str()), "{}", example.file);
            }
            if plan.client_alias != NEUTRAL_ALIAS && !plan.client_alias.is_empty() {
                assert!(!text.contains(&plan.client_alias), "{}", example.file);
            }
            assert_eq!(copy.zones.len(), plan.zones.len());
            assert_eq!(copy.no_go, plan.no_go);
            assert_eq!(copy.home_care, plan.home_care);
            assert_eq!(copy.assessment.red_flags, plan.assessment.red_flags);
            assert_eq!(copy.side, plan.side);
            for (a, b) in copy.zones.iter().zip(&plan.zones) {
                assert_eq!(
                    (&a.anchor, a.technique, a.duration_min),
                    (&b.anchor, b.technique, b.duration_min)
                );
            }
            assert!(!check_plan(&copy).has_errors(), "{}", example.file);
        }
    }

    #[test]
    fn the_alias_is_hidden_wherever_it_was_written() {
        let mut plan = from_ron_str(EXAMPLES[0].text).unwrap();
        plan.client_alias = "J. Doe".to_owned();
        plan.title = "Week 1 for J. Doe".to_owned();
        plan.home_care.push("J. Doe: ice the buttock".to_owned());
        plan.zones[0].label = "J. Doe's low back".to_owned();
        let copy = anonymised(&plan);
        let text = to_ron_string(&copy).unwrap();
        assert!(!text.contains("J. Doe"), "{text}");
        assert_eq!(copy.title, "Week 1 for Client");
        assert_eq!(copy.zones[0].label, "Client's low back");
    }

    #[test]
    fn only_whole_words_are_replaced() {
        assert_eq!(
            replace_words("Client Sam, Client S.", "Client S", "Client"),
            "Client Sam, Client."
        );
        assert_eq!(
            replace_words("AnnA and Ann", "Ann", "Client"),
            "AnnA and Client"
        );
    }

    #[test]
    fn a_one_letter_alias_does_not_rewrite_every_word() {
        let mut plan = from_ron_str(EXAMPLES[0].text).unwrap();
        plan.client_alias = "S".to_owned();
        let copy = anonymised(&plan);
        assert_eq!(copy.title, plan.title);
        assert_eq!(copy.client_alias, NEUTRAL_ALIAS);
    }

    #[test]
    fn anonymising_twice_changes_nothing_more() {
        let plan = from_ron_str(EXAMPLES[1].text).unwrap();
        let once = anonymised(&plan);
        assert_eq!(anonymised(&once), once);
    }
}
