//! A quiz on the anatomy: questions drawn from the anatomy data and the built-in tours, asked in an order
//! fixed by a seed, scored as they are answered; and the best scores, kept per quiz length in the app's
//! data folder.
//!
//! Click questions name a side ("the right piriformis"), so a click on the left piriformis is wrong: a
//! therapist has to know which side she is working on. Midline structures (the sacrum) have no twin. A
//! click on a nerve's variant node (`sciatic_nerve_r__variant_b`, shown while a variant is on screen)
//! counts as a click on the nerve itself.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::tour::Tour;
use crate::anatomy::{Anatomy, Kind, Laterality, Side, Structure};
use crate::private;

/// The file in the data folder that keeps the best scores.
pub const BEST_SCORES_FILE: &str = "quiz-best.ron";

/// Best-score files larger than this are refused (a real one is a few lines).
const MAX_SCORES_BYTES: u64 = 64 * 1024;

/// A small, fast, deterministic generator (splitmix64): the same seed gives the same quiz everywhere.
#[derive(Debug, Clone)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` > 0); the bias is negligible for lists this short.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// One question of the quiz.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Question {
    /// Click a structure on the model. The side is part of the question: only `node` itself (or its
    /// variant nodes) counts, not its twin on the other side.
    ClickStructure {
        /// The node to click (`piriformis_r`).
        node: String,
        /// What the student is asked.
        prompt: String,
    },
    /// The app lights `node`; the student names it.
    NameHighlighted {
        /// The lit node.
        node: String,
        /// Four structure names to choose from.
        choices: [String; 4],
        /// Index of the right one in `choices`.
        answer: usize,
    },
    /// Put the six deep lateral rotators in order from superior to inferior.
    OrderRotators {
        /// Their names, shuffled.
        shown: Vec<String>,
        /// Their names from superior to inferior.
        answer: Vec<String>,
    },
    /// The app shows the nerve as Beaton & Anson type `letter`; the student says which type it is.
    WhichVariant {
        /// The type shown (any of A to F; the model draws each).
        letter: String,
        /// Four types to choose from (`Type B: Divisions through and below piriformis`).
        choices: [String; 4],
        /// Index of the right one in `choices`.
        answer: usize,
    },
}

/// What the student gives: a click on a node, a choice among four, or an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The node the click picked (`piriformis_r`).
    Click(String),
    /// The index of the chosen item.
    Choice(usize),
    /// Names in the order given.
    Order(Vec<String>),
}

/// How an answer went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// True when the answer was right.
    pub correct: bool,
    /// The right answer in words.
    pub right_answer: String,
}

impl Question {
    /// The question as the student reads it.
    pub fn prompt(&self) -> String {
        match self {
            Question::ClickStructure { prompt, .. } => prompt.clone(),
            Question::NameHighlighted { .. } => "What is the highlighted structure?".to_owned(),
            Question::OrderRotators { .. } => {
                "Put the six deep lateral rotators in order, from the most superior to the most inferior."
                    .to_owned()
            }
            Question::WhichVariant { .. } => {
                "The model shows the nerve as one of the Beaton & Anson types. Which one?".to_owned()
            }
        }
    }

    /// The choices offered, for the questions that have them.
    pub fn choices(&self) -> &[String] {
        match self {
            Question::NameHighlighted { choices, .. } | Question::WhichVariant { choices, .. } => {
                choices
            }
            Question::OrderRotators { shown, .. } => shown,
            Question::ClickStructure { .. } => &[],
        }
    }

    /// True when a click that picked `picked` answers a click question rightly; false for any other kind
    /// of question.
    pub fn answer_click(&self, picked: &str) -> bool {
        match self {
            Question::ClickStructure { node, .. } => {
                picked.split("__variant_").next().unwrap_or(picked) == node
            }
            _ => false,
        }
    }

    /// True when `answer` is right; an answer of the wrong kind (a click for a choice) is wrong.
    pub fn is_right(&self, answer: &Answer) -> bool {
        match (self, answer) {
            (Question::ClickStructure { .. }, Answer::Click(picked)) => self.answer_click(picked),
            (
                Question::NameHighlighted { answer, .. } | Question::WhichVariant { answer, .. },
                Answer::Choice(chosen),
            ) => chosen == answer,
            (Question::OrderRotators { answer, .. }, Answer::Order(given)) => given == answer,
            _ => false,
        }
    }

    /// The model node the question is about, for the questions that ask about one structure (click it,
    /// name it): what the app lights as the answer.
    pub fn structure(&self) -> Option<&str> {
        match self {
            Question::ClickStructure { node, .. } | Question::NameHighlighted { node, .. } => {
                Some(node)
            }
            Question::OrderRotators { .. } | Question::WhichVariant { .. } => None,
        }
    }

    /// The right answer in words.
    pub fn right_answer(&self) -> String {
        match self {
            Question::ClickStructure { node, .. } => {
                super::node_display_name(node).unwrap_or_else(|| node.clone())
            }
            Question::NameHighlighted {
                choices, answer, ..
            }
            | Question::WhichVariant {
                choices, answer, ..
            } => choices[*answer].clone(),
            Question::OrderRotators { answer, .. } => answer.join(", "),
        }
    }
}

/// A quiz: its questions in order, how far the student is and the score so far.
#[derive(Debug, Clone)]
pub struct Quiz {
    seed: u64,
    questions: Vec<Question>,
    results: Vec<bool>,
}

impl Quiz {
    /// A quiz of `count` questions (fewer if the anatomy and the tours give fewer) in an order fixed by
    /// `seed`: the same seed always gives the same questions, with the same choices in the same places.
    pub fn new(seed: u64, count: usize) -> Quiz {
        let mut rng = SplitMix64(seed);
        let mut questions = all_questions(&mut rng);
        rng.shuffle(&mut questions);
        questions.truncate(count);
        Quiz {
            seed,
            questions,
            results: Vec::new(),
        }
    }

    /// The seed the quiz was drawn with.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Every question, in the order asked.
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// Number of questions.
    pub fn len(&self) -> usize {
        self.questions.len()
    }

    /// True for a quiz with no questions.
    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }

    /// How many questions have been answered.
    pub fn answered(&self) -> usize {
        self.results.len()
    }

    /// The question to answer now; `None` once the quiz is finished.
    pub fn current(&self) -> Option<&Question> {
        self.questions.get(self.results.len())
    }

    /// Answers the current question and moves on; `None` (and nothing changes) once the quiz is finished.
    pub fn answer(&mut self, answer: &Answer) -> Option<Outcome> {
        let question = self.current()?;
        let outcome = Outcome {
            correct: question.is_right(answer),
            right_answer: question.right_answer(),
        };
        self.results.push(outcome.correct);
        Some(outcome)
    }

    /// Right answers so far.
    pub fn score(&self) -> u32 {
        self.results.iter().filter(|r| **r).count() as u32
    }

    /// True when every question has been answered.
    pub fn finished(&self) -> bool {
        self.results.len() >= self.questions.len()
    }
}

/// The structures the quiz asks about: those the built-in tours light, the rotator fan and the nerves,
/// in data order, without the skin.
fn quiz_structures(anatomy: &Anatomy) -> Vec<&Structure> {
    let lit: Vec<&str> = Tour::all_embedded()
        .iter()
        .flat_map(|t| &t.stops)
        .flat_map(|s| &s.highlight)
        .filter_map(|node| anatomy.structure_of_node(node).map(|(s, _)| s.id.as_str()))
        .collect();
    anatomy
        .structures
        .iter()
        .filter(|s| s.kind != Kind::Skin)
        .filter(|s| lit.contains(&s.id.as_str()) || s.fan_order.is_some() || s.kind == Kind::Nerve)
        .collect()
}

fn side_of(structure: &Structure, rng: &mut SplitMix64) -> Side {
    match structure.sides {
        Laterality::Midline => Side::Midline,
        Laterality::Bilateral if rng.below(2) == 0 => Side::Right,
        Laterality::Bilateral => Side::Left,
    }
}

/// Four choices with the right one at a random place: `right` and three others from `others`.
fn four_choices(right: String, others: &[String], rng: &mut SplitMix64) -> ([String; 4], usize) {
    let mut pool: Vec<&String> = others.iter().filter(|o| **o != right).collect();
    rng.shuffle(&mut pool);
    let mut choices: Vec<String> = pool.into_iter().take(3).cloned().collect();
    while choices.len() < 3 {
        choices.push(format!("(none of these {})", choices.len() + 1));
    }
    let answer = rng.below(4);
    choices.insert(answer, right);
    let choices: [String; 4] = choices
        .try_into()
        .expect("three distractors and the right answer");
    (choices, answer)
}

/// Every question the quiz can ask, before shuffling.
fn all_questions(rng: &mut SplitMix64) -> Vec<Question> {
    let anatomy = Anatomy::embedded();
    let structures = quiz_structures(anatomy);
    let mut questions = Vec::new();
    for s in &structures {
        let side = side_of(s, rng);
        let node = format!("{}{}", s.id, side.suffix());
        let prompt = match side {
            Side::Midline => format!("Click the {}.", s.name.to_lowercase()),
            Side::Right => format!("Click the {} on the right side.", s.name.to_lowercase()),
            Side::Left => format!("Click the {} on the left side.", s.name.to_lowercase()),
        };
        questions.push(Question::ClickStructure { node, prompt });

        // Distractors of the same tissue first, so the choice takes knowing the structure.
        let same: Vec<String> = anatomy
            .structures
            .iter()
            .filter(|o| o.kind == s.kind && o.id != s.id)
            .map(|o| o.name.clone())
            .collect();
        let others: Vec<String> = if same.len() >= 3 {
            same
        } else {
            anatomy
                .structures
                .iter()
                .filter(|o| o.kind != Kind::Skin && o.id != s.id)
                .map(|o| o.name.clone())
                .collect()
        };
        let side = side_of(s, rng);
        let (choices, answer) = four_choices(s.name.clone(), &others, rng);
        questions.push(Question::NameHighlighted {
            node: format!("{}{}", s.id, side.suffix()),
            choices,
            answer,
        });
    }

    let answer: Vec<String> = anatomy
        .rotator_fan()
        .iter()
        .map(|s| s.name.clone())
        .collect();
    let mut shown = answer.clone();
    while shown.len() > 1 && shown == answer {
        rng.shuffle(&mut shown);
    }
    questions.push(Question::OrderRotators { shown, answer });

    let label = |v: &crate::anatomy::Variant| format!("Type {}: {}", v.letter, v.name);
    let all: Vec<String> = anatomy.nerves.variants.iter().map(label).collect();
    for v in anatomy.nerves.variants.iter().filter(|v| v.modelled) {
        let (choices, answer) = four_choices(label(v), &all, rng);
        questions.push(Question::WhichVariant {
            letter: v.letter.clone(),
            choices,
            answer,
        });
    }
    questions
}

/// The best score for each quiz length, kept in the app's data folder as `quiz-best.ron`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BestScores {
    /// Quiz length (number of questions) → the most right answers in a quiz of that length.
    pub best: BTreeMap<usize, u32>,
}

/// Why the best scores could not be read or written.
#[derive(Debug)]
pub struct ScoresError {
    /// The file.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for ScoresError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for ScoresError {}

impl BestScores {
    /// The file the scores are kept in, inside `dir`.
    pub fn path(dir: &Path) -> PathBuf {
        dir.join(BEST_SCORES_FILE)
    }

    /// Reads the best scores from the data folder `dir`: empty when there is no file yet, an error when
    /// the file cannot be read or is not a scores file.
    pub fn load(dir: &Path) -> Result<BestScores, ScoresError> {
        let path = Self::path(dir);
        let error = |message: String| ScoresError {
            path: path.clone(),
            message,
        };
        let file = match fs::File::open(&path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(BestScores::default()),
            Err(e) => return Err(error(format!("cannot read the file: {e}"))),
        };
        let mut text = String::new();
        file.take(MAX_SCORES_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(|e| error(format!("cannot read the file: {e}")))?;
        if text.len() as u64 > MAX_SCORES_BYTES {
            return Err(error(format!(
                "the file is larger than {MAX_SCORES_BYTES} bytes; it is not a scores file"
            )));
        }
        ron::from_str(&text).map_err(|e| {
            error(format!(
                "{}:{}: {}",
                e.span.start.line, e.span.start.col, e.code
            ))
        })
    }

    /// Writes the scores to the data folder `dir` (created if missing), owner-only and atomically.
    pub fn save(&self, dir: &Path) -> Result<(), ScoresError> {
        let path = Self::path(dir);
        let error = |message: String| ScoresError {
            path: path.clone(),
            message,
        };
        let mut text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::new())
            .map_err(|e| error(e.to_string()))?;
        text.push('\n');
        private::private_dir(dir).map_err(|e| error(format!("cannot create the folder: {e}")))?;
        private::write_atomically(&path, text.as_bytes())
            .map_err(|e| error(format!("cannot write the file: {e}")))
    }

    /// The best score for quizzes of `length` questions.
    pub fn best(&self, length: usize) -> Option<u32> {
        self.best.get(&length).copied()
    }

    /// Records a finished quiz's score; true when it beats the best for its length (or is the first).
    pub fn record(&mut self, length: usize, score: u32) -> bool {
        match self.best.get(&length) {
            Some(best) if *best >= score => false,
            _ => {
                self.best.insert(length, score);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn click_question(quiz: &Quiz) -> &Question {
        quiz.questions()
            .iter()
            .find(|q| matches!(q, Question::ClickStructure { node, .. } if node.ends_with("_r")))
            .expect("a click question on a right-side structure")
    }

    #[test]
    fn a_click_on_the_right_node_scores_and_one_on_another_does_not() {
        let quiz = Quiz::new(7, 200);
        let q = click_question(&quiz);
        let Question::ClickStructure { node, prompt } = q else {
            unreachable!()
        };
        assert!(prompt.contains("right side"), "{prompt}");
        assert!(q.answer_click(node));
        assert!(q.is_right(&Answer::Click(node.clone())));
        let twin = format!("{}_l", node.strip_suffix("_r").unwrap());
        assert!(!q.answer_click(&twin), "the twin on the other side");
        assert!(!q.answer_click("sacrum"));
        assert!(!q.is_right(&Answer::Choice(0)), "an answer of another kind");
        let base = node.strip_suffix("_r").unwrap();
        if base == "sciatic_nerve" {
            assert!(q.answer_click("sciatic_nerve_r__variant_b"));
        }

        // Through the quiz itself: the score counts only the right click.
        let mut quiz = Quiz::new(7, 200);
        let mut expected = 0;
        while let Some(q) = quiz.current().cloned() {
            let right = match &q {
                Question::ClickStructure { node, .. } => Answer::Click(node.clone()),
                Question::NameHighlighted { answer, .. }
                | Question::WhichVariant { answer, .. } => Answer::Choice(*answer),
                Question::OrderRotators { answer, .. } => Answer::Order(answer.clone()),
            };
            // Every other question is answered wrongly.
            let wrong = quiz.answered() % 2 == 1;
            let given = match (&right, wrong) {
                (_, false) => right.clone(),
                (Answer::Click(node), true) => Answer::Click(format!("{node}x")),
                (Answer::Choice(i), true) => Answer::Choice((i + 1) % 4),
                (Answer::Order(o), true) => Answer::Order(o.iter().rev().cloned().collect()),
            };
            let outcome = quiz.answer(&given).unwrap();
            assert_eq!(outcome.correct, !wrong, "{q:?}");
            assert!(!outcome.right_answer.is_empty());
            if !wrong {
                expected += 1;
            }
        }
        assert!(quiz.finished());
        assert_eq!(quiz.score(), expected);
        assert_eq!(quiz.answer(&Answer::Choice(0)), None);
        assert_eq!(quiz.score(), expected);
    }

    #[test]
    fn the_same_seed_gives_the_same_quiz_and_another_seed_another_order() {
        let a = Quiz::new(42, 15);
        let b = Quiz::new(42, 15);
        let c = Quiz::new(43, 15);
        assert_eq!(a.len(), 15);
        assert_eq!(a.questions(), b.questions());
        assert_ne!(a.questions(), c.questions());
        // Kinds of question all turn up in a long enough quiz.
        let all = Quiz::new(1, 1000);
        let has = |f: fn(&Question) -> bool| all.questions().iter().any(f);
        assert!(has(|q| matches!(q, Question::ClickStructure { .. })));
        assert!(has(|q| matches!(q, Question::NameHighlighted { .. })));
        assert!(has(|q| matches!(q, Question::OrderRotators { .. })));
        assert!(has(|q| matches!(q, Question::WhichVariant { .. })));
        assert!(Quiz::new(1, 0).finished());
    }

    #[test]
    fn every_answer_is_among_its_choices() {
        let anatomy = Anatomy::embedded();
        for seed in 0..20 {
            for q in Quiz::new(seed, 1000).questions() {
                match q {
                    Question::ClickStructure { node, .. } => {
                        assert!(anatomy.structure_of_node(node).is_some(), "{node}");
                        assert!(
                            crate::anatomy::mesh::ModelMeshes::embedded()
                                .node(node)
                                .is_some(),
                            "{node} is not in the model"
                        );
                    }
                    Question::NameHighlighted {
                        node,
                        choices,
                        answer,
                    } => {
                        let (s, _) = anatomy.structure_of_node(node).unwrap();
                        assert_eq!(choices[*answer], s.name);
                        let mut unique = choices.to_vec();
                        unique.sort();
                        unique.dedup();
                        assert_eq!(unique.len(), 4, "{choices:?}");
                    }
                    Question::WhichVariant {
                        letter,
                        choices,
                        answer,
                    } => {
                        assert!(["A", "B", "C", "D", "E", "F"].contains(&letter.as_str()));
                        assert!(choices[*answer].starts_with(&format!("Type {letter}:")));
                        let mut unique = choices.to_vec();
                        unique.sort();
                        unique.dedup();
                        assert_eq!(unique.len(), 4, "{choices:?}");
                    }
                    Question::OrderRotators { shown, answer } => {
                        let mut a = answer.clone();
                        let mut s = shown.clone();
                        a.sort();
                        s.sort();
                        assert_eq!(a, s);
                        assert_ne!(shown, answer, "shown already in order");
                        assert_eq!(answer[0], "Piriformis");
                        assert_eq!(answer[5], "Quadratus femoris");
                    }
                }
            }
        }
    }

    #[test]
    fn the_best_score_is_kept_and_only_a_better_one_replaces_it() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        assert_eq!(BestScores::load(&data).unwrap(), BestScores::default());

        let mut scores = BestScores::default();
        assert!(scores.record(10, 6));
        scores.save(&data).unwrap();
        let mut read = BestScores::load(&data).unwrap();
        assert_eq!(read.best(10), Some(6));
        assert_eq!(read.best(20), None);

        assert!(!read.record(10, 5), "a worse score");
        assert!(!read.record(10, 6), "an equal score");
        assert!(read.record(20, 3), "another length has a best of its own");
        assert_eq!(read.best(10), Some(6));
        assert!(read.record(10, 8));
        read.save(&data).unwrap();
        let again = BestScores::load(&data).unwrap();
        assert_eq!(again.best(10), Some(8));
        assert_eq!(again.best(20), Some(3));

        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(BestScores::path(&data))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, private::FILE_MODE);
        }
    }

    #[test]
    fn a_broken_scores_file_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(BestScores::path(dir.path()), "(best: {10: seven})").unwrap();
        let e = BestScores::load(dir.path()).unwrap_err();
        let text = e.to_string();
        assert!(text.contains(BEST_SCORES_FILE), "{text}");
        assert!(text.contains("1:"), "{text}");
        fs::write(BestScores::path(dir.path()), [0xff, 0xfe, 0x00]).unwrap();
        assert!(BestScores::load(dir.path()).is_err());
    }
}
