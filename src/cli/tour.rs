//! The `tour` command: the stops of a guided tour, as text or JSON.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::{EXIT_OK, EXIT_UNREADABLE, Format};
use crate::teaching::{NerveSegment, Tour};

/// The tour `tour` lists when no name is given.
pub const DEFAULT_TOUR: &str = "nerve";

/// Width at which `tour --list` wraps captions in text.
const TEXT_WIDTH: usize = 100;

/// A tour as `tour --list --format json` writes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TourListing {
    /// The tour's short name.
    pub name: String,
    /// Its title.
    pub title: String,
    /// Where it came from: the built-in file's name or the path given.
    pub source: String,
    /// The stops in order.
    pub stops: Vec<StopListing>,
}

/// One stop of a [`TourListing`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StopListing {
    /// Its number, from 1.
    pub number: usize,
    /// Its title.
    pub title: String,
    /// The model nodes lit.
    pub highlight: Vec<String>,
    /// The layers hidden (`skin`, `superficial`, ...).
    pub peel: Vec<&'static str>,
    /// The nodes set aside besides.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hide: Vec<String>,
    /// The lit stretch of nerve.
    pub nerve: Option<NerveSegment>,
    /// The camera's position, the point it looks at and its up (model frame, metres).
    pub camera: CameraListing,
    /// The caption.
    pub caption: String,
}

/// A stop's camera in a [`StopListing`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CameraListing {
    /// The camera's position.
    pub eye: [f32; 3],
    /// The point it looks at.
    pub focus: [f32; 3],
    /// Its up direction.
    pub up: [f32; 3],
}

impl TourListing {
    /// The listing of `tour`, read from `source`.
    pub fn new(tour: &Tour, source: &str) -> Self {
        let stops = tour
            .stops
            .iter()
            .enumerate()
            .map(|(i, stop)| {
                let pose = stop.camera.pose();
                StopListing {
                    number: i + 1,
                    title: stop.title.clone(),
                    highlight: stop.highlight.clone(),
                    peel: stop.peel.iter().map(|p| p.id()).collect(),
                    hide: stop.hide.clone(),
                    nerve: stop.nerve.clone(),
                    camera: CameraListing {
                        eye: pose.eye.to_array(),
                        focus: pose.focus.to_array(),
                        up: pose.up.to_array(),
                    },
                    caption: stop.caption.clone(),
                }
            })
            .collect();
        Self {
            name: tour.name.clone(),
            title: tour.title.clone(),
            source: source.to_owned(),
            stops,
        }
    }
}

/// The built-in tour `name` (the nerve tour when `None`), or the tour in `file`, with words saying where
/// it came from; or, when there is no such tour or the file is not a valid one, why, as the error.
pub fn find_tour(name: Option<&str>, file: Option<&Path>) -> Result<(Tour, String), String> {
    match file {
        Some(path) => Tour::load(path)
            .map(|tour| (tour, path.display().to_string()))
            .map_err(|e| e.to_string()),
        None => {
            let name = name.unwrap_or(DEFAULT_TOUR);
            Tour::embedded(name)
                .map(|tour| (tour.clone(), format!("built-in tour '{name}'")))
                .ok_or_else(|| {
                    format!(
                        "unknown tour '{name}'; choose one of: {} (or give a tour file with --file)",
                        Tour::embedded_names().join(", ")
                    )
                })
        }
    }
}

/// Lists the stops of the built-in tour `name` (the nerve tour when `None`), or of the tour in `file`,
/// in `format` to `out`; says what went wrong to `err`. Returns the exit status: 0 when listed, 2 when the
/// name is not a built-in tour or the file cannot be read or is not a valid tour.
pub fn tour(
    name: Option<&str>,
    file: Option<&Path>,
    format: Format,
    out: &mut impl Write,
    err: &mut impl Write,
) -> std::io::Result<i32> {
    let (tour, source) = match find_tour(name, file) {
        Ok(found) => found,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(EXIT_UNREADABLE);
        }
    };
    let listing = TourListing::new(&tour, &source);
    match format {
        Format::Text => write_text(&listing, out)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &listing)?;
            writeln!(out)?;
        }
    }
    Ok(EXIT_OK)
}

/// The file name of stop `index`'s picture (from 0) in `tour --out`.
pub fn stop_image_name(index: usize) -> String {
    format!("stop-{:02}.png", index + 1)
}

/// The index page `tour --out` writes beside the pictures: the tour's title, and each stop's number,
/// title, picture and caption, for slides or a handout.
pub fn index_page(tour: &Tour) -> String {
    let mut html = String::new();
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str(&format!("<title>{}</title>\n", escape(&tour.title)));
    html.push_str(
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.45}\
         img{max-width:100%;border:1px solid #ccc}section{margin-bottom:2.5em}</style>\n",
    );
    html.push_str("</head>\n<body>\n");
    html.push_str(&format!("<h1>{}</h1>\n", escape(&tour.title)));
    for (i, stop) in tour.stops.iter().enumerate() {
        html.push_str(&format!(
            "<section>\n<h2>{}. {}</h2>\n<img src=\"{}\" alt=\"{}\">\n<p>{}</p>\n</section>\n",
            i + 1,
            escape(&stop.title),
            stop_image_name(i),
            escape(&stop.title),
            escape(&stop.caption)
        ));
    }
    html.push_str("</body>\n</html>\n");
    html
}

/// Text made safe to put in HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn write_text(listing: &TourListing, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{} ({}, {} stops)",
        listing.title,
        listing.name,
        listing.stops.len()
    )?;
    for stop in &listing.stops {
        writeln!(out)?;
        writeln!(out, "{}. {}", stop.number, stop.title)?;
        writeln!(out, "   lit: {}", stop.highlight.join(", "))?;
        if let Some(n) = &stop.nerve {
            writeln!(out, "   nerve: {}, points {} to {}", n.path, n.from, n.to)?;
        }
        if !stop.peel.is_empty() {
            writeln!(out, "   hidden: {}", stop.peel.join(", "))?;
        }
        if !stop.hide.is_empty() {
            writeln!(out, "   set aside: {}", stop.hide.join(", "))?;
        }
        for line in wrap(&stop.caption, TEXT_WIDTH - 3) {
            writeln!(out, "   {line}")?;
        }
    }
    Ok(())
}

/// Breaks `text` into lines of at most `width` characters at spaces (a longer word gets a line of its own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(name: Option<&str>, file: Option<&Path>, format: Format) -> (i32, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = tour(name, file, format, &mut out, &mut err).unwrap();
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn the_list_shows_every_stop_with_its_lit_nodes_and_caption() {
        let (code, out, err) = run(None, None, Format::Text);
        assert_eq!(code, EXIT_OK);
        assert!(err.is_empty());
        let tour = Tour::embedded(DEFAULT_TOUR).unwrap();
        assert!(out.starts_with(&tour.title));
        for (i, stop) in tour.stops.iter().enumerate() {
            assert!(
                out.contains(&format!("\n{}. {}\n", i + 1, stop.title)),
                "{out}"
            );
            assert!(out.contains(&stop.highlight.join(", ")));
            let first_words: Vec<&str> = stop.caption.split_whitespace().take(5).collect();
            assert!(out.contains(&first_words.join(" ")));
        }
        assert!(
            out.lines().all(|l| l.chars().count() <= TEXT_WIDTH),
            "{out}"
        );

        let (code, out, _) = run(Some("rotators"), None, Format::Text);
        assert_eq!(code, EXIT_OK);
        assert!(out.contains("1. Piriformis") && out.contains("6. Quadratus femoris"));
    }

    #[test]
    fn the_json_list_carries_the_stops_and_their_cameras() {
        let (code, out, _) = run(Some("nerve"), None, Format::Json);
        assert_eq!(code, EXIT_OK);
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(json["name"], "nerve");
        let stops = json["stops"].as_array().unwrap();
        assert_eq!(stops.len(), Tour::embedded("nerve").unwrap().stops.len());
        assert_eq!(stops[0]["number"], 1);
        assert_eq!(stops[0]["highlight"][0], "root_l4_r");
        assert_eq!(stops[0]["nerve"]["path"], "root_l4");
        assert_eq!(stops[2]["camera"]["up"][1], 1.0);
        assert!(stops[0]["caption"].as_str().unwrap().len() > 40);
    }

    #[test]
    fn a_broken_tour_file_or_an_unknown_name_exits_2_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.ron");
        let text = include_str!("../../assets/teaching/rotators.ron");
        std::fs::write(&path, text).unwrap();
        let (code, out, _) = run(None, Some(&path), Format::Text);
        assert_eq!(code, EXIT_OK);
        assert!(out.contains("(rotators, 6 stops)"));

        std::fs::write(
            &path,
            text.replacen("\"gemellus_inferior_r\"", "\"gemellus_r\"", 1),
        )
        .unwrap();
        let (code, out, err) = run(None, Some(&path), Format::Text);
        assert_eq!(code, EXIT_UNREADABLE);
        assert!(out.is_empty());
        assert!(
            err.contains("mine.ron: stop 4 \"Gemellus inferior\""),
            "{err}"
        );
        assert!(err.contains("unknown structure 'gemellus_r'"), "{err}");

        std::fs::write(&path, "Tour(name: \"x\",\n  title: ").unwrap();
        let (code, _, err) = run(None, Some(&path), Format::Json);
        assert_eq!(code, EXIT_UNREADABLE);
        assert!(err.contains("mine.ron:2:"), "{err}");

        let (code, out, err) = run(Some("knee"), None, Format::Text);
        assert_eq!(code, EXIT_UNREADABLE);
        assert!(out.is_empty());
        assert!(err.contains("unknown tour 'knee'") && err.contains("nerve, rotators"));
    }

    #[test]
    fn the_index_page_holds_every_stop_with_its_picture_and_escaped_caption() {
        let mut tour = Tour::embedded("rotators").unwrap().clone();
        tour.stops[0].caption = "Piriformis <and> the nerve & more".to_owned();
        let page = index_page(&tour);
        for (i, stop) in tour.stops.iter().enumerate() {
            assert!(page.contains(&format!("<img src=\"{}\"", stop_image_name(i))));
            assert!(page.contains(&format!("{}. {}", i + 1, stop.title)));
        }
        assert!(page.contains("Piriformis &lt;and&gt; the nerve &amp; more"));
        assert!(!page.contains("<and>"));
        assert_eq!(stop_image_name(0), "stop-01.png");
    }

    #[test]
    fn captions_wrap_at_spaces() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("abcdefgh ij", 4), ["abcdefgh", "ij"]);
        assert!(wrap("  ", 10).is_empty());
    }
}
