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
pub const EXAMPLES: &[Example] = &[];
