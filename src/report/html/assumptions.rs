//! Section 3, assumptions and sources: the scenario file's opening comment
//! and every input as written, with the source its comments state. A
//! comment's `docs/SOURCES.md#anchor` becomes a link to that entry, repeated
//! at the end of the section (`sources`); an input whose comment says
//! "assumption", or that has no comment at all, is flagged as an assumption.
//! Reads the inputs of [`crate::results`] only.

use std::fmt::Write as _;

use super::sources::{self, Entry};
use super::text::{esc, int, plural};
use crate::report::format::group_thousands;
use crate::results::{Input, InputGroup, InputValue, Inputs};

/// The assumptions section.
pub fn assumptions(h: &mut String, inputs: &Inputs) {
    h.push_str("<section id=\"assumptions\">\n<h2><span class=\"num\">3</span>Assumptions and sources</h2>\n");
    h.push_str(
        "<p class=\"intro\">Every input of the scenario file, as written, with the source stated in the file's \
         comment on that line (or on the comment lines directly above it). A citation of the repository's \
         <code>docs/SOURCES.md</code> links to that source, listed at the end of this section. An input the file \
         marks as an assumption, or whose line carries no comment, is flagged \
         <span class=\"flag\">assumption</span>.</p>\n",
    );
    let entries = sources::entries();
    preamble(h, &inputs.preamble);
    counts(h, inputs);
    h.push_str(
        "<table class=\"data inputs\">\n<colgroup><col class=\"c-key\"><col class=\"c-val\"><col class=\"c-src\"></colgroup>\n\
         <thead><tr><th>Input</th><th>Value</th><th>Source</th></tr></thead>\n",
    );
    for group in &inputs.groups {
        let _ = write!(
            h,
            "<tbody>\n<tr class=\"group\"><th colspan=\"3\">{} <code>{}</code>{}</th></tr>\n",
            title(group),
            esc(&header(group)),
            group
                .comment
                .as_ref()
                .map(|c| format!(" <span class=\"sub\">— {}</span>", esc(c)))
                .unwrap_or_default()
        );
        for input in &group.inputs {
            rows(h, input, &entries);
        }
        h.push_str("</tbody>\n");
    }
    if inputs.groups.is_empty() {
        h.push_str("<tbody><tr><td colspan=\"3\">The scenario has no inputs.</td></tr></tbody>\n");
    }
    h.push_str("</table>\n");
    let cited: Vec<String> = inputs
        .groups
        .iter()
        .flat_map(|g| g.comment.iter().chain(g.inputs.iter().flat_map(comments)))
        .flat_map(|c| sources::cited(c))
        .collect();
    sources::section(h, &cited, &entries);
    h.push_str("</section>\n");
}

/// Every comment of an input: its own and those of its array elements.
fn comments(input: &Input) -> Vec<&String> {
    let mut out: Vec<&String> = input.source.iter().collect();
    if let InputValue::Array(items) = &input.value {
        out.extend(items.iter().filter_map(|e| e.comment.as_ref()));
    }
    out
}

/// What the file says of an input's origin.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// An `id` or `name`: a label, not a figure.
    Label,
    /// A stated source, no assumption.
    Sourced,
    /// Marked as an assumption by its comment.
    Assumption,
    /// No comment at all: an assumption with no source stated.
    Unstated,
}

fn origin(input: &Input) -> Origin {
    match (&input.source, input.assumption) {
        (_, true) => Origin::Assumption,
        _ if input.key == "id" || input.key == "name" => Origin::Label,
        (Some(_), false) => Origin::Sourced,
        (None, _) => Origin::Unstated,
    }
}

/// The file's opening comment, its hard-wrapped lines reflowed; indented
/// lines (commands, lists) and bullets keep a line of their own.
fn preamble(h: &mut String, preamble: &str) {
    if preamble.is_empty() {
        return;
    }
    h.push_str("<blockquote class=\"preamble\">");
    for para in preamble.split("\n\n") {
        let mut text = String::new();
        for line in para.lines() {
            let indented = line.starts_with("  ") || line.starts_with('\t');
            let bullet = ["- ", "* ", "• "]
                .iter()
                .any(|b| line.trim_start().starts_with(b));
            if indented {
                let _ = write!(text, "<br><code>{}</code>", esc(line.trim()));
                continue;
            }
            if !text.is_empty() {
                text.push_str(if bullet || text.ends_with("</code>") {
                    "<br>"
                } else {
                    " "
                });
            }
            text.push_str(&esc(line.trim()));
        }
        let _ = write!(h, "<p>{}</p>", text.trim_start_matches("<br>"));
    }
    h.push_str("</blockquote>\n");
}

/// How many inputs cite a source, are assumptions, or are labels.
fn counts(h: &mut String, inputs: &Inputs) {
    let all = || inputs.groups.iter().flat_map(|g| &g.inputs);
    let total = all().count();
    let of = |o: Origin| all().filter(|i| origin(i) == o).count();
    let cites = |i: &Input| {
        i.source
            .as_deref()
            .is_some_and(|s| !sources::cited(s).is_empty())
    };
    let partly = all()
        .filter(|i| origin(i) == Origin::Assumption && cites(i))
        .count();
    let (sourced, assumed, unstated, labels) = (
        of(Origin::Sourced),
        of(Origin::Assumption),
        of(Origin::Unstated),
        of(Origin::Label),
    );
    let n = |x: usize| format!("<strong>{}</strong>", int(x as f64));
    let mut text = format!(
        "{} input{}: {} with a stated source, {} flagged as an assumption",
        n(total),
        plural(total),
        n(sourced),
        n(assumed + unstated),
    );
    if partly > 0 {
        let _ = write!(
            text,
            " ({} of them in part: a sourced figure with an assumed detail)",
            n(partly)
        );
    }
    if unstated > 0 {
        let _ = write!(text, "; {} with no comment at all", n(unstated));
    }
    if labels > 0 {
        let _ = write!(
            text,
            "; {} label{} (ids and names)",
            n(labels),
            plural(labels)
        );
    }
    let _ = writeln!(h, "<p class=\"counts\">{text}.</p>");
}

/// The heading of a group: "Service line voice", with the element it belongs to.
fn title(group: &InputGroup) -> String {
    if group.path.is_empty() {
        return "Top level".into();
    }
    let last = group.path.rsplit('.').next().unwrap_or(&group.path);
    let mut words = last.replace('_', " ");
    if let Some(first) = words.get(..1) {
        words = first.to_uppercase() + &words[1..];
    }
    let mut out = esc(&words);
    if let Some(element) = &group.element {
        let _ = write!(out, " <span class=\"id\">{}</span>", esc(element));
    }
    if let Some(p) = &group.parent {
        out = format!("{out} <span class=\"sub\">of {}</span>", esc(p));
    }
    out
}

/// `[path]` or `[[path]]` as in the file; nothing for the top level.
fn header(group: &InputGroup) -> String {
    match (group.path.is_empty(), group.array) {
        (true, _) => String::new(),
        (false, true) => format!("[[{}]]", group.path),
        (false, false) => format!("[{}]", group.path),
    }
}

/// The source cell: the comment with its citations linked, an assumption flagged.
fn source_cell(input: &Input, entries: &[Entry]) -> String {
    let text = input
        .source
        .as_deref()
        .map(|c| sources::link_citations(c, entries));
    let flag = "<span class=\"flag\">assumption</span>";
    match (origin(input), text) {
        (Origin::Label, None) => "<span class=\"sub\">label</span>".into(),
        (Origin::Label, Some(t)) => format!("<span class=\"sub\">label:</span> {t}"),
        (Origin::Unstated, _) | (_, None) => {
            format!("{flag} <span class=\"missing\">no source stated</span>")
        }
        (Origin::Assumption, Some(t)) => {
            // The flag says it: "assumption: why" reads as the flag and the why.
            let why = ["assumption: ", "assumption; ", "assumption "]
                .iter()
                .find_map(|p| t.strip_prefix(p))
                .unwrap_or(&t);
            format!("{flag} {why}")
        }
        (Origin::Sourced, Some(t)) => t,
    }
}

/// The rows of one input; an array of tables gets a row per element below.
fn rows(h: &mut String, input: &Input, entries: &[Entry]) {
    let tables = match &input.value {
        InputValue::Array(items)
            if items
                .iter()
                .any(|e| matches!(e.value, InputValue::Table(_))) =>
        {
            Some(items)
        }
        _ => None,
    };
    let value = match tables {
        Some(items) => format!(
            "<span class=\"sub\">{} entr{}, below</span>",
            items.len(),
            if items.len() == 1 { "y" } else { "ies" }
        ),
        None => display(&input.value, &input.key),
    };
    let _ = writeln!(
        h,
        "<tr data-key=\"{}\"><td class=\"key\"><span class=\"k\">{}</span></td><td class=\"val\">{}</td><td class=\"src\">{}</td></tr>",
        esc(&input.path),
        esc(&input.key),
        value,
        source_cell(input, entries)
    );
    for (i, e) in tables.into_iter().flatten().enumerate() {
        let label = element_name(&e.value).unwrap_or_else(|| (i + 1).to_string());
        let src = match &e.comment {
            Some(c) => sources::link_citations(c, entries),
            None => format!(
                "<span class=\"sub\">see <span class=\"k\">{}</span></span>",
                esc(&input.key)
            ),
        };
        let _ = writeln!(
            h,
            "<tr class=\"elem\" data-key=\"{}[{}]\"><td class=\"key\">↳ <span class=\"k\">{}</span> {}</td><td class=\"val\">{}</td><td class=\"src\">{}</td></tr>",
            esc(&input.path),
            esc(&label),
            esc(&input.key),
            esc(&label),
            display(&e.value, &input.key),
            src
        );
    }
}

/// The `name` (or else `id`) of an inline table.
fn element_name(v: &InputValue) -> Option<String> {
    let InputValue::Table(pairs) = v else {
        return None;
    };
    ["name", "id"].iter().find_map(|k| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .and_then(|(_, v)| match v {
                InputValue::Text(s) | InputValue::Raw(s) => Some(s.clone()),
                _ => None,
            })
    })
}

/// A value for the table, escaped.
fn display(v: &InputValue, key: &str) -> String {
    match v {
        InputValue::Text(s) if s.is_empty() => "<span class=\"sub\">(empty)</span>".into(),
        InputValue::Text(s) => esc(s).replace('\n', "<br>"),
        InputValue::Raw(r) => esc(&number(r, key)),
        InputValue::Array(items) if items.is_empty() => "<span class=\"sub\">(none)</span>".into(),
        InputValue::Array(items) => items
            .iter()
            .map(|e| display(&e.value, key))
            .collect::<Vec<_>>()
            .join(", "),
        InputValue::Table(pairs) if pairs.is_empty() => "<span class=\"sub\">(empty)</span>".into(),
        InputValue::Table(pairs) => pairs
            .iter()
            .map(|(k, v)| {
                let inner = match v {
                    InputValue::Table(_) => format!("{{ {} }}", display(v, k)),
                    _ => display(v, k),
                };
                format!(
                    "<span class=\"kv\"><span class=\"k\">{}</span> = {inner}</span>",
                    esc(k)
                )
            })
            .collect::<Vec<_>>()
            .join("<span class=\"dot\"> · </span>"),
    }
}

/// Decimal numbers get thousands separators (not seeds); anything else stays as written.
fn number(raw: &str, key: &str) -> String {
    let t = raw.replace('_', "");
    let (sign, body) = match t.strip_prefix(['+', '-']) {
        Some(b) => (&t[..1], b),
        None => ("", t.as_str()),
    };
    let (whole, frac) = body
        .split_once('.')
        .map_or((body, None), |(w, f)| (w, Some(f)));
    let decimal = !whole.is_empty()
        && whole.chars().all(|c| c.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()));
    if !decimal || key.contains("seed") || whole.len() < 4 {
        return raw.to_string();
    }
    let mut out = format!("{sign}{}", group_thousands(whole));
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn numbers_get_separators_but_seeds_keep_their_digits() {
        assert_eq!(number("16_000", "students"), "16,000");
        assert_eq!(number("-1234.5", "x"), "-1,234.5");
        assert_eq!(number("12345", "seed"), "12345");
        assert_eq!(number("0.80", "x"), "0.80");
        assert_eq!(number("1e6", "x"), "1e6");
    }
}
