//! The plan in plain words for the client: where each zone is, what will be done there and how it may
//! feel, why some areas are left alone, and the warning signs to act on after a session.
//!
//! Pure: every sentence is built from the plan's fields and the anatomy data, with no therapist's free
//! text and no Latin names a client would not know. The presentation view and the printed handout both
//! read from here, so they say the same thing.

mod place;

use crate::anatomy::{Anatomy, Kind};

use super::{Anchor, ClientPosition, NoGoArea, Pressure, Technique, Tool, Zone};

/// Where on the body an anchor is, in words a client knows: "right buttock, outer part", "back of the left
/// thigh, middle", "lower back, right of the spine", "outside of the right calf, lower part".
///
/// The region comes from the segment the anchor rides on and its height against the hip, knee and ankle
/// and the bony points of the anatomy data; the side from the anchor's position (its structure's side on
/// the midline); the part of the region from where the point lies around the limb. A structure the anatomy
/// does not know changes nothing but the side on the midline.
pub fn area(anchor: &Anchor) -> String {
    place::describe(anchor)
}

/// Two to four plain sentences about one zone: where it is and what will be done there, with what, how
/// firmly and for how long; how the client lies; what they may feel; and what they must say at once.
pub fn zone_caption(zone: &Zone) -> String {
    let mut area = area(&zone.anchor);
    capitalise(&mut area);
    format!(
        "{area}: using {}, the therapist will {}, {}, for about {}. You will be {}. {} Tell the \
         therapist at once about any tingling, burning or pain shooting down the leg.",
        tool_words(zone.tool),
        technique_words(zone.technique),
        pressure_words(zone.pressure),
        minutes(zone.duration_min),
        position_words(zone.position),
        feeling(zone.technique, zone.pressure),
    )
}

/// Where a no-go area is and why no one will press there, in plain words (from the anatomy under it, not
/// from the therapist's notes).
pub fn no_go_caption(area: &NoGoArea) -> String {
    let mut place = self::area(&area.anchor);
    capitalise(&mut place);
    format!("{place}: no pressure here. {}", no_go_reason(&area.anchor))
}

/// The warning signs to watch for after a session, and what to do about them: the signs that the nerves
/// at the base of the spine are being squeezed (cauda equina syndrome) first, each of which needs a doctor
/// the same day.
pub fn cautions() -> Vec<String> {
    [
        "Go to an emergency department the same day if you lose control of your bladder or bowels, \
         cannot pass urine, or leak without warning.",
        "Go to an emergency department the same day if the skin between your legs, around your back \
         passage or on your inner thighs (where you would sit on a saddle) turns numb or tingly.",
        "Go to an emergency department the same day if a leg or foot grows weaker, or your foot starts \
         to drag or catch on the ground.",
        "These three signs can mean that the nerves at the base of the spine are being squeezed (cauda \
         equina syndrome). It needs treatment within hours: do not wait for your next appointment.",
        "Some tenderness for a day or two after the massage is normal. Sharp, burning or electric pain \
         down the leg, or new numbness or pins and needles, is not: stop the exercises and tell your \
         therapist before the next session, or see your doctor if it does not settle.",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect()
}

/// The duration in minutes, in words: "4 minutes", "1 minute", "2.5 minutes".
pub fn minutes(duration_min: f32) -> String {
    let rounded = (duration_min * 10.0).round() / 10.0;
    if rounded == 1.0 {
        "1 minute".to_owned()
    } else if rounded.fract() == 0.0 {
        format!("{rounded:.0} minutes")
    } else {
        format!("{rounded:.1} minutes")
    }
}

/// What the therapist does, in plain words, to follow "the therapist will".
pub fn technique_words(technique: Technique) -> &'static str {
    match technique {
        Technique::Effleurage => "use slow, broad gliding strokes",
        Technique::Petrissage => "knead the muscle, lifting and squeezing it",
        Technique::Friction => {
            "rub briskly back and forth to loosen the skin over the tissue below"
        }
        Technique::CrossFiberFriction => {
            "rub across the grain of the muscle, like strumming a string"
        }
        Technique::CircularFriction => "work in small circles around the bone",
        Technique::StaticCompression => "press and hold still, without sliding",
        Technique::Stripping => "glide slowly along the muscle with steady pressure",
        Technique::PinAndStretch => {
            "hold one spot of the muscle while you move the leg to lengthen it"
        }
        Technique::TriggerPointHold => "hold a tender knot in the muscle until it lets go",
        Technique::CompressionWithMovement => "press into the muscle while gently moving your leg",
        Technique::MyofascialRelease => "stretch the tissue slowly and hold the stretch",
        Technique::Tapotement => "tap the muscles briskly and rhythmically to wake them up",
        Technique::SplitAndFloss => {
            "ease two muscles apart and glide between them while you pump your ankle"
        }
        Technique::PassiveStretch => "move your leg for you to stretch the muscle gently",
    }
}

/// A short plain name for a technique, for a table ("gliding strokes", "kneading").
pub fn technique_name(technique: Technique) -> &'static str {
    match technique {
        Technique::Effleurage => "Gliding strokes",
        Technique::Petrissage => "Kneading",
        Technique::Friction => "Brisk rubbing",
        Technique::CrossFiberFriction => "Rubbing across the fibres",
        Technique::CircularFriction => "Small circles",
        Technique::StaticCompression => "Still pressure",
        Technique::Stripping => "Slow glide along the muscle",
        Technique::PinAndStretch => "Hold and stretch",
        Technique::TriggerPointHold => "Holding a tender knot",
        Technique::CompressionWithMovement => "Pressure while the leg moves",
        Technique::MyofascialRelease => "Slow stretch of the tissue",
        Technique::Tapotement => "Rhythmic tapping",
        Technique::SplitAndFloss => "Gliding between two muscles",
        Technique::PassiveStretch => "Gentle stretch",
    }
}

/// A one-word pressure for a table: light, moderate or firm.
pub fn pressure_name(pressure: Pressure) -> &'static str {
    match pressure {
        Pressure::Light => "Light",
        Pressure::Moderate => "Moderate",
        Pressure::Deep => "Firm",
    }
}

/// A short note for the client about one zone: how they lie and what they may feel.
pub fn client_note(zone: &Zone) -> String {
    let mut position = position_words(zone.position).to_owned();
    capitalise(&mut position);
    format!("{position}. {}", feeling(zone.technique, zone.pressure))
}

/// What the therapist presses with, in plain words, to follow "using".
pub fn tool_words(tool: Tool) -> &'static str {
    match tool {
        Tool::Palm => "the flat of the hand",
        Tool::HeelOfHand => "the heel of the hand",
        Tool::SoftFist => "a loose fist",
        Tool::Knuckles => "the knuckles",
        Tool::Forearm => "the forearm",
        Tool::Elbow => "the elbow",
        Tool::Thumb => "the thumb",
        Tool::Fingers => "the fingertips",
    }
}

/// How firmly, in plain words.
pub fn pressure_words(pressure: Pressure) -> &'static str {
    match pressure {
        Pressure::Light => "with light pressure that stays near the skin",
        Pressure::Moderate => "with moderate pressure into the muscle",
        Pressure::Deep => "with firm pressure into the deep muscles",
    }
}

/// How the client lies, to follow "you will be".
pub fn position_words(position: ClientPosition) -> &'static str {
    match position {
        ClientPosition::Prone => "lying face down",
        ClientPosition::Supine => "lying on your back",
        ClientPosition::SideLying => "lying on your side, the treated side up",
        ClientPosition::FrogLeg => "lying face down with the treated leg bent out to the side",
    }
}

/// What the client may feel, one sentence.
fn feeling(technique: Technique, pressure: Pressure) -> &'static str {
    match technique {
        Technique::PinAndStretch | Technique::MyofascialRelease | Technique::PassiveStretch => {
            "You may feel a slow pull along the muscle; it should never be sharp."
        }
        Technique::Tapotement => "It feels brisk and lively and should not hurt.",
        Technique::TriggerPointHold | Technique::StaticCompression
            if pressure != Pressure::Light =>
        {
            "A tender spot may ache and then ease as it is held; say if the ache spreads."
        }
        _ => match pressure {
            Pressure::Light => "It should feel soothing and warm.",
            Pressure::Moderate => "You may feel a pleasant ache as the muscle softens.",
            Pressure::Deep => {
                "You may feel a strong but bearable ache; say if it becomes more than that."
            }
        },
    }
}

/// Why an area is kept free of pressure, from the structure under it.
fn no_go_reason(anchor: &Anchor) -> String {
    let known = Anatomy::embedded().structure_of_node(&anchor.structure);
    match known.map(|(s, _)| (s.id.as_str(), s.kind)) {
        Some(("sciatic_nerve", _)) => "The sciatic nerve, the large nerve that runs down the back of \
            the leg, lies close under the muscle here; pressing on it can irritate it and bring on the \
            pain."
            .to_owned(),
        Some(("tibial_nerve", _)) => "The nerve to the calf and the sole of the foot runs through \
            the soft hollow here with little to protect it; pressing on it can irritate it."
            .to_owned(),
        Some(("common_fibular_nerve", _)) => "The nerve to the shin and the top of the foot wraps \
            round the bone here just under the skin; pressing on it can bring on numbness or tingling."
            .to_owned(),
        Some((_, Kind::Nerve)) => "A nerve lies close under the surface here; pressing on it can \
            irritate it."
            .to_owned(),
        Some((_, Kind::Vessel)) => "A large blood vessel runs close under the surface here; firm \
            pressure would squeeze it."
            .to_owned(),
        Some((_, Kind::Bone)) => "Bone lies close under the skin here and firm pressure would only \
            bruise."
            .to_owned(),
        _ => "This spot is kept free of pressure to protect the nerve and the tissue around it."
            .to_owned(),
    }
}

/// Makes the first letter upper case.
fn capitalise(text: &mut String) {
    if let Some(first) = text.chars().next() {
        let upper: String = first.to_uppercase().collect();
        text.replace_range(..first.len_utf8(), &upper);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::examples::EXAMPLES;
    use crate::plan::{AffectedSide, Point3, SessionPlan, from_ron_str};

    fn examples() -> Vec<SessionPlan> {
        EXAMPLES
            .iter()
            .map(|e| from_ron_str(e.text).expect(e.file))
            .collect()
    }

    fn is_snake_case_id(word: &str) -> bool {
        word.contains('_')
    }

    fn side_word(x: f32) -> &'static str {
        if x < 0.0 { "right" } else { "left" }
    }

    #[test]
    fn every_example_zone_and_no_go_area_has_an_area_with_its_side() {
        for plan in examples() {
            let anchors = plan
                .zones
                .iter()
                .map(|z| &z.anchor)
                .chain(plan.no_go.iter().map(|n| &n.anchor));
            for anchor in anchors {
                let words = area(anchor);
                assert!(
                    words.contains(side_word(anchor.position.x)),
                    "{}: {words}",
                    plan.title
                );
                assert!(!words.split_whitespace().any(is_snake_case_id), "{words}");
                assert!(!words.contains(&anchor.structure), "{words}");
                for latin in [
                    "gluteus",
                    "piriformis",
                    "femoris",
                    "gastrocnemius",
                    "sacrum",
                ] {
                    assert!(!words.to_lowercase().contains(latin), "{words}");
                }
            }
        }
    }

    #[test]
    fn left_and_right_follow_the_anchor() {
        let plan = examples().remove(0);
        assert_eq!(plan.side, AffectedSide::Right);
        for zone in &plan.zones {
            let mut mirrored = zone.anchor.clone();
            mirrored.position.x = -mirrored.position.x;
            mirrored.normal.x = -mirrored.normal.x;
            mirrored.structure = mirrored.structure.replace("_r", "_l");
            let right = area(&zone.anchor);
            let left = area(&mirrored);
            assert!(
                right.contains("right") && !right.contains("left"),
                "{right}"
            );
            assert_eq!(left, right.replace("right", "left"));
        }
    }

    #[test]
    fn a_midline_point_names_no_side() {
        let anchor = Anchor {
            structure: "sacrum".to_owned(),
            position: Point3::new(0.0, 0.96, -0.17),
            normal: Point3::new(0.0, 0.0, -1.0),
            segment: crate::plan::Segment::Pelvis,
        };
        let words = area(&anchor);
        assert!(
            !words.contains("left") && !words.contains("right"),
            "{words}"
        );
    }

    #[test]
    fn captions_say_where_what_how_long_and_when_to_speak() {
        for plan in examples() {
            for zone in &plan.zones {
                let caption = zone_caption(zone);
                let sentences = caption.matches(". ").count() + 1;
                assert!((2..=4).contains(&sentences), "{caption}");
                assert!(caption.contains(&minutes(zone.duration_min)), "{caption}");
                assert!(
                    caption.contains(technique_words(zone.technique)),
                    "{caption}"
                );
                assert!(caption.contains(tool_words(zone.tool)), "{caption}");
                assert!(caption.contains(pressure_words(zone.pressure)), "{caption}");
                assert!(caption.contains("tingling, burning or pain shooting down the leg"));
                assert!(caption.starts_with(char::is_uppercase), "{caption}");
                assert!(!caption.contains(&zone.notes) || zone.notes.is_empty());
            }
        }
    }

    #[test]
    fn minutes_read_naturally() {
        assert_eq!(minutes(4.0), "4 minutes");
        assert_eq!(minutes(1.0), "1 minute");
        assert_eq!(minutes(2.5), "2.5 minutes");
        assert_eq!(minutes(0.0), "0 minutes");
    }

    #[test]
    fn no_go_captions_say_where_and_why_without_the_therapists_notes() {
        for plan in examples() {
            for no_go in &plan.no_go {
                let caption = no_go_caption(no_go);
                assert!(caption.contains("no pressure here"), "{caption}");
                assert!(
                    caption
                        .to_lowercase()
                        .contains(side_word(no_go.anchor.position.x)),
                    "{caption}"
                );
                assert!(!caption.contains(&no_go.reason), "{caption}");
                assert!(caption.len() > 60, "{caption}");
            }
        }
        let nerve = &examples()[0].no_go[0];
        assert!(no_go_caption(nerve).contains("sciatic nerve"));
    }

    #[test]
    fn cautions_name_the_cauda_equina_signs_and_same_day_care() {
        let text = cautions().join(" ").to_lowercase();
        for needle in [
            "bladder",
            "bowel",
            "saddle",
            "numb",
            "weaker",
            "same day",
            "emergency",
        ] {
            assert!(text.contains(needle), "no {needle:?} in the cautions");
        }
        assert!(cautions().len() >= 4);
    }
}
