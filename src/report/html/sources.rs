//! The sources a scenario's comments cite as `docs/SOURCES.md#anchor`: the
//! repository's sources document, compiled in, so that the report links
//! each input to the entry it cites and repeats the entries it cites (the
//! page loads nothing). Pure text; imports nothing of the crate.

use std::fmt::Write as _;

use super::text::esc;

/// `docs/SOURCES.md`, as the repository has it.
pub const SOURCES_MD: &str = include_str!("../../../docs/SOURCES.md");

/// How a comment cites an entry.
pub const CITE_PREFIX: &str = "docs/SOURCES.md#";

/// One entry of the sources document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The stable anchor, e.g. `koica-dec`.
    pub anchor: String,
    /// The heading, e.g. "KOICA Digital Education Centres".
    pub title: String,
    /// The bullets as (label, text), markdown as written: ("What we use", …).
    pub items: Vec<(String, String)>,
}

/// Every entry of `docs/SOURCES.md`, in document order.
pub fn entries() -> Vec<Entry> {
    parse(SOURCES_MD)
}

/// Reads entries: a `### <a id="anchor"></a>Title` heading, then `- **Label:** text` bullets.
pub fn parse(md: &str) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for line in md.lines() {
        if let Some(head) = line.strip_prefix("### ") {
            let Some(rest) = head.trim().strip_prefix("<a id=\"") else {
                continue;
            };
            let Some((anchor, rest)) = rest.split_once('"') else {
                continue;
            };
            let title = rest.split_once("</a>").map_or(rest, |(_, t)| t).trim();
            out.push(Entry {
                anchor: anchor.to_string(),
                title: title.to_string(),
                items: Vec::new(),
            });
        } else if line.starts_with("## ") {
            // A new section: bullets below it belong to no entry.
            out.push(Entry {
                anchor: String::new(),
                title: String::new(),
                items: Vec::new(),
            });
        } else if let (Some(entry), Some((label, text))) = (
            out.last_mut(),
            line.strip_prefix("- **").and_then(|b| b.split_once(":**")),
        ) {
            entry
                .items
                .push((label.trim().to_string(), text.trim().to_string()));
        }
    }
    out.retain(|e| !e.anchor.is_empty());
    out
}

/// The anchors a comment cites, in order, once each.
pub fn cited(comment: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, _) in comment.match_indices(CITE_PREFIX) {
        let anchor: String = comment[i + CITE_PREFIX.len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        if !anchor.is_empty() && !out.contains(&anchor) {
            out.push(anchor);
        }
    }
    out
}

/// The id of an entry in the page.
pub fn page_id(anchor: &str) -> String {
    format!("src-{anchor}")
}

/// A comment as HTML: escaped, each citation of a known entry a link to it
/// in the page, showing the entry's title (an unknown anchor stays as written).
pub fn link_citations(comment: &str, entries: &[Entry]) -> String {
    let mut out = String::new();
    let mut rest = comment;
    while let Some(i) = rest.find(CITE_PREFIX) {
        out.push_str(&esc(&rest[..i]));
        let after = &rest[i + CITE_PREFIX.len()..];
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(after.len());
        let anchor = &after[..len];
        match entries.iter().find(|e| e.anchor == anchor) {
            Some(e) if !anchor.is_empty() => {
                let _ = write!(
                    out,
                    "<a class=\"cite\" href=\"#{}\" title=\"{}{}\">{}</a>",
                    esc(&page_id(anchor)),
                    CITE_PREFIX,
                    esc(anchor),
                    esc(&e.title)
                );
            }
            _ => out.push_str(&esc(&rest[i..i + CITE_PREFIX.len() + len])),
        }
        rest = &after[len..];
    }
    out.push_str(&esc(rest));
    out
}

/// Inline markdown of an entry as HTML: `**bold**` and `*italic*`, `` `code` ``,
/// `[text](#anchor)` links to entries in the page; web addresses are shown
/// as text without their scheme (the page links to nothing outside it).
pub fn inline(md: &str) -> String {
    let text = esc(md).replace("https://", "").replace("http://", "");
    let mut out = String::new();
    let mut chars = text.char_indices().peekable();
    let (mut bold, mut italic, mut code) = (false, false, false);
    while let Some((i, c)) = chars.next() {
        match c {
            '`' => {
                out.push_str(if code { "</code>" } else { "<code>" });
                code = !code;
            }
            '*' if !code && text[i + 1..].starts_with('*') => {
                chars.next();
                out.push_str(if bold { "</strong>" } else { "<strong>" });
                bold = !bold;
            }
            '*' if !code => {
                out.push_str(if italic { "</em>" } else { "<em>" });
                italic = !italic;
            }
            '[' if !code => {
                // [text](#anchor)
                let link = text[i + 1..].split_once("](#").and_then(|(label, r)| {
                    let (anchor, _) = r.split_once(')')?;
                    (!label.contains(']')).then_some((label, anchor))
                });
                match link {
                    Some((label, anchor)) => {
                        let _ = write!(
                            out,
                            "<a class=\"cite\" href=\"#{}\">{label}</a>",
                            page_id(anchor)
                        );
                        let skip = label.len() + anchor.len() + 4;
                        for _ in 0..skip {
                            chars.next();
                        }
                    }
                    None => out.push('['),
                }
            }
            c => out.push(c),
        }
    }
    for (open, close) in [(code, "</code>"), (italic, "</em>"), (bold, "</strong>")] {
        if open {
            out.push_str(close);
        }
    }
    out
}

/// The entries `anchors` cite, as a definition list with their page ids.
pub fn section(h: &mut String, anchors: &[String], entries: &[Entry]) {
    let cited: Vec<&Entry> = entries
        .iter()
        .filter(|e| anchors.contains(&e.anchor))
        .collect();
    if cited.is_empty() {
        return;
    }
    let _ = writeln!(
        h,
        "<h3 id=\"sources\">Sources cited</h3>\n<p class=\"intro\">The {} entr{} of the repository's \
         <code>docs/SOURCES.md</code> that the scenario's comments cite, as that document states them.</p>\n<dl class=\"sources\">",
        cited.len(),
        if cited.len() == 1 { "y" } else { "ies" }
    );
    for e in cited {
        let _ = writeln!(
            h,
            "<dt id=\"{}\">{} <span class=\"k\">{}{}</span></dt><dd>",
            esc(&page_id(&e.anchor)),
            inline(&e.title),
            CITE_PREFIX,
            esc(&e.anchor)
        );
        for (label, text) in &e.items {
            let _ = writeln!(
                h,
                "<p><span class=\"label\">{}:</span> {}</p>",
                esc(label),
                inline(text)
            );
        }
        h.push_str("</dd>\n");
    }
    h.push_str("</dl>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repository_document_has_unique_anchors_and_complete_entries() {
        let entries = entries();
        assert!(entries.len() >= 20, "{} entries", entries.len());
        let mut anchors: Vec<&str> = entries.iter().map(|e| e.anchor.as_str()).collect();
        anchors.sort_unstable();
        anchors.dedup();
        assert_eq!(anchors.len(), entries.len(), "duplicate anchors");
        for e in &entries {
            let labels: Vec<&str> = e.items.iter().map(|(l, _)| l.as_str()).collect();
            assert_eq!(
                labels,
                ["What we use", "Source", "Confidence"],
                "entry {} is incomplete",
                e.anchor
            );
        }
    }

    #[test]
    fn every_citation_of_the_built_in_plan_resolves() {
        let text = include_str!("../../../scenarios/uzbekistan-bpo-2026-2030.toml");
        let entries = entries();
        for anchor in cited(text).iter().filter(|a| *a != "anchor") {
            assert!(
                entries.iter().any(|e| &e.anchor == anchor),
                "the built-in plan cites docs/SOURCES.md#{anchor}, which does not exist"
            );
        }
    }

    #[test]
    fn citations_become_links_and_markdown_becomes_html() {
        let entries = parse(
            "## A\n\n### <a id=\"x-1\"></a>Entry <one>\n- **What we use:** a *b* `c`\n- **Source:** [y](#x-1) https://e.org/p\n",
        );
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].title, "Entry <one>");
        assert_eq!(
            cited("a docs/SOURCES.md#x-1; docs/SOURCES.md#zz, docs/SOURCES.md#x-1"),
            ["x-1", "zz"]
        );
        assert_eq!(
            link_citations("80% (docs/SOURCES.md#x-1) & docs/SOURCES.md#zz", &entries),
            "80% (<a class=\"cite\" href=\"#src-x-1\" title=\"docs/SOURCES.md#x-1\">Entry &lt;one&gt;</a>) &amp; docs/SOURCES.md#zz"
        );
        assert_eq!(inline("a *b* `c`"), "a <em>b</em> <code>c</code>");
        assert_eq!(
            inline("[y](#x-1) https://e.org/p **S:**"),
            "<a class=\"cite\" href=\"#src-x-1\">y</a> e.org/p <strong>S:</strong>"
        );
    }
}
