//! The example plans shipped in `plans/`, built into the binary so the app can open them from any folder.

/// One built-in example plan.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    /// File name in `plans/`.
    pub file: &'static str,
    /// Menu title.
    pub title: &'static str,
    /// The RON text.
    pub text: &'static str,
}

/// Every example plan, in menu order.
pub const EXAMPLES: &[Example] = &[
    Example {
        file: "case-study-week1.ron",
        title: "Case study, week 1",
        text: include_str!("../../plans/case-study-week1.ron"),
    },
    Example {
        file: "case-study-week2.ron",
        title: "Case study, week 2",
        text: include_str!("../../plans/case-study-week2.ron"),
    },
    Example {
        file: "case-study-week3.ron",
        title: "Case study, week 3",
        text: include_str!("../../plans/case-study-week3.ron"),
    },
    Example {
        file: "case-study-week4.ron",
        title: "Case study, week 4",
        text: include_str!("../../plans/case-study-week4.ron"),
    },
    Example {
        file: "six-phase-protocol.ron",
        title: "Six-phase protocol",
        text: include_str!("../../plans/six-phase-protocol.ron"),
    },
    Example {
        file: "teaching-nerve-pathway.ron",
        title: "Teaching: the nerve pathway",
        text: include_str!("../../plans/teaching-nerve-pathway.ron"),
    },
];
