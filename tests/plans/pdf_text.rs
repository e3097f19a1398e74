//! A small reader of the text in the handout's PDF, enough to check it without a PDF library: the streams
//! are inflated, the one font's ToUnicode map is read, and the glyph codes of every text object are
//! turned back into text, page by page in file order.

use std::collections::HashMap;
use std::io::Read;

/// Every stream of the file, inflated when it is compressed, with the dictionary before it.
fn streams(pdf: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(start) = find(pdf, b"stream", at) {
        at = start + 6;
        if pdf[..start].ends_with(b"end") {
            continue;
        }
        let mut data_start = at;
        if pdf.get(data_start) == Some(&b'\r') {
            data_start += 1;
        }
        if pdf.get(data_start) == Some(&b'\n') {
            data_start += 1;
        }
        let Some(end) = find(pdf, b"endstream", data_start) else {
            break;
        };
        let dict_start = rfind(&pdf[..start], b"obj").unwrap_or(0);
        let dict = String::from_utf8_lossy(&pdf[dict_start..start]).into_owned();
        let mut data = pdf[data_start..end].to_vec();
        while data.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            data.pop();
        }
        if dict.contains("/FlateDecode") {
            let mut inflated = Vec::new();
            if flate2::read::ZlibDecoder::new(&data[..])
                .read_to_end(&mut inflated)
                .is_ok()
            {
                data = inflated;
            }
        }
        out.push((dict, data));
        at = end + 9;
    }
    out
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// The hex strings `<...>` in `text`, as bytes.
fn hex_strings(text: &str) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        if rest[open..].starts_with("<<") {
            rest = &rest[open + 2..];
            continue;
        }
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let digits: String = rest[open + 1..open + close]
            .chars()
            .filter(char::is_ascii_hexdigit)
            .collect();
        let bytes = (0..digits.len() / 2)
            .map(|i| u8::from_str_radix(&digits[2 * i..2 * i + 2], 16).unwrap_or(0))
            .collect();
        out.push(bytes);
        rest = &rest[open + close + 1..];
    }
    out
}

fn code(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0, |acc, b| acc << 8 | u32::from(*b))
}

fn utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|c| u16::from(c[0]) << 8 | u16::from(*c.get(1).unwrap_or(&0)))
        .collect();
    String::from_utf16_lossy(&units)
}

/// The glyph codes of a ToUnicode map and the text each stands for.
fn to_unicode(cmap: &str) -> HashMap<u32, String> {
    let mut map = HashMap::new();
    let sections = |begin: &str, end: &str| -> Vec<String> {
        cmap.split(begin)
            .skip(1)
            .filter_map(|s| s.split(end).next().map(str::to_owned))
            .collect()
    };
    for section in sections("beginbfchar", "endbfchar") {
        let hex = hex_strings(&section);
        for pair in hex.chunks(2) {
            if let [src, dst] = pair {
                map.insert(code(src), utf16(dst));
            }
        }
    }
    for section in sections("beginbfrange", "endbfrange") {
        for line in section.lines() {
            let hex = hex_strings(line);
            if let [lo, hi, dst, ..] = hex.as_slice() {
                let base = code(dst);
                for (i, c) in (code(lo)..=code(hi)).enumerate() {
                    let unit = base + i as u32;
                    map.insert(c, utf16(&[(unit >> 8) as u8, unit as u8]));
                }
            }
        }
    }
    map
}

/// The strings of a content stream's text objects, as glyph-code bytes, one list per text object: literal
/// strings `(..)` with their escapes and hex strings `<..>`.
fn text_objects(content: &[u8]) -> Vec<Vec<Vec<u8>>> {
    let mut objects = Vec::new();
    let mut current: Option<Vec<Vec<u8>>> = None;
    let mut i = 0;
    let word = |i: usize, w: &[u8]| {
        content[i..].starts_with(w)
            && (i == 0 || !content[i - 1].is_ascii_alphanumeric())
            && content
                .get(i + w.len())
                .is_none_or(|b| !b.is_ascii_alphanumeric())
    };
    while i < content.len() {
        match content[i] {
            b'(' => {
                let mut bytes = Vec::new();
                let mut depth = 1;
                i += 1;
                while i < content.len() && depth > 0 {
                    match content[i] {
                        b'\\' => {
                            i += 1;
                            let c = content.get(i).copied().unwrap_or(b'\\');
                            match c {
                                b'0'..=b'7' => {
                                    let mut value = 0u32;
                                    let mut n = 0;
                                    while n < 3
                                        && i < content.len()
                                        && (b'0'..=b'7').contains(&content[i])
                                    {
                                        value = value * 8 + u32::from(content[i] - b'0');
                                        i += 1;
                                        n += 1;
                                    }
                                    bytes.push(value as u8);
                                    continue;
                                }
                                b'n' => bytes.push(b'\n'),
                                b'r' => bytes.push(b'\r'),
                                b't' => bytes.push(b'\t'),
                                b'b' => bytes.push(8),
                                b'f' => bytes.push(12),
                                other => bytes.push(other),
                            }
                        }
                        b'(' => {
                            depth += 1;
                            bytes.push(b'(');
                        }
                        b')' => {
                            depth -= 1;
                            if depth > 0 {
                                bytes.push(b')');
                            }
                        }
                        other => bytes.push(other),
                    }
                    i += 1;
                }
                if let Some(object) = current.as_mut() {
                    object.push(bytes);
                }
            }
            b'<' if content.get(i + 1) == Some(&b'<') => i += 2,
            b'<' => {
                let end = content[i..]
                    .iter()
                    .position(|b| *b == b'>')
                    .map_or(content.len(), |p| p + i);
                let text =
                    String::from_utf8_lossy(&content[i..=end.min(content.len() - 1)]).into_owned();
                if let (Some(object), Some(bytes)) = (current.as_mut(), hex_strings(&text).pop()) {
                    object.push(bytes);
                }
                i = end + 1;
            }
            _ if word(i, b"BT") => {
                current = Some(Vec::new());
                i += 2;
            }
            _ if word(i, b"ET") => {
                objects.extend(current.take());
                i += 2;
            }
            _ => i += 1,
        }
    }
    objects
}

/// The text of each page, its text objects separated by line breaks.
pub fn pages(pdf: &[u8]) -> Vec<String> {
    let all = streams(pdf);
    let cmaps: Vec<&Vec<u8>> = all
        .iter()
        .filter(|(_, d)| find(d, b"begincmap", 0).is_some())
        .map(|(_, d)| d)
        .collect();
    assert_eq!(cmaps.len(), 1, "the handout embeds exactly one font");
    let map = to_unicode(&String::from_utf8_lossy(cmaps[0]));
    all.iter()
        .filter(|(dict, d)| {
            !dict.contains("/Subtype")
                && find(d, b" Tf", 0).is_some()
                && find(d, b"BT", 0).is_some()
        })
        .map(|(_, content)| {
            let mut page = String::new();
            for object in text_objects(content) {
                for bytes in object {
                    for glyph in bytes.chunks(2) {
                        page.push_str(map.get(&code(glyph)).map_or("?", String::as_str));
                    }
                }
                page.push('\n');
            }
            page
        })
        .collect()
}

/// The page sizes in points, from each page's media box.
pub fn media_boxes(pdf: &[u8]) -> Vec<(f32, f32)> {
    let text = String::from_utf8_lossy(pdf);
    text.split("/MediaBox")
        .skip(1)
        .filter_map(|rest| {
            let inner = rest.split('[').nth(1)?.split(']').next()?;
            let n: Vec<f32> = inner
                .split_whitespace()
                .filter_map(|v| v.parse().ok())
                .collect();
            (n.len() == 4).then(|| (n[2] - n[0], n[3] - n[1]))
        })
        .collect()
}
