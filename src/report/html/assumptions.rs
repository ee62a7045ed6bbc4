//! Section 3, assumptions and sources: the scenario file's opening comment
//! and every input as written, with the source its comments state. Reads
//! the inputs of [`crate::results`] only.

use std::fmt::Write as _;

use super::text::{esc, int, plural};
use crate::report::format::group_thousands;
use crate::results::{Input, InputGroup, InputValue, Inputs};

/// The assumptions section.
pub fn assumptions(h: &mut String, inputs: &Inputs) {
    h.push_str("<section id=\"assumptions\">\n<h2><span class=\"num\">3</span>Assumptions and sources</h2>\n");
    h.push_str(
        "<p class=\"intro\">Every input of the scenario file, as written, with the source stated in the file's \
         comment on that line (or on the comment lines directly above it). An input whose line carries no comment \
         shows <span class=\"missing\">not stated</span>.</p>\n",
    );
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
            rows(h, input);
        }
        h.push_str("</tbody>\n");
    }
    if inputs.groups.is_empty() {
        h.push_str("<tbody><tr><td colspan=\"3\">The scenario has no inputs.</td></tr></tbody>\n");
    }
    h.push_str("</table>\n</section>\n");
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

/// How many inputs state a source, and how many of those are assumptions.
fn counts(h: &mut String, inputs: &Inputs) {
    let all = || inputs.groups.iter().flat_map(|g| &g.inputs);
    let total = all().count();
    let stated = all().filter(|i| i.source.is_some()).count();
    let assumed = all().filter(|i| i.assumption).count();
    let _ = writeln!(
        h,
        "<p class=\"counts\"><strong>{}</strong> input{}: <strong>{}</strong> with a stated source or note \
         (<strong>{}</strong> of them marked as an assumption), <strong>{}</strong> not stated.</p>",
        int(total as f64),
        plural(total),
        int(stated as f64),
        int(assumed as f64),
        int((total - stated) as f64)
    );
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

fn source_cell(source: Option<&String>) -> String {
    match source {
        Some(c) => esc(c),
        None => "<span class=\"missing\">not stated</span>".into(),
    }
}

/// The rows of one input; an array of tables gets a row per element below.
fn rows(h: &mut String, input: &Input) {
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
        source_cell(input.source.as_ref())
    );
    for (i, e) in tables.into_iter().flatten().enumerate() {
        let label = element_name(&e.value).unwrap_or_else(|| (i + 1).to_string());
        let src = match &e.comment {
            Some(c) => esc(c),
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
