//! The README's snippets that are compiled and run elsewhere are the same code, line for line, so that what the
//! README shows is what the tests run.

use std::fs;

/// The lines of the README's ```rust block that follows `marker`.
fn readme_block(marker: &str) -> Vec<String> {
    let readme = fs::read_to_string("README.md").expect("the README");
    let after = &readme[readme
        .find(marker)
        .unwrap_or_else(|| panic!("{marker:?} in the README"))..];
    let body = &after[after.find("```rust\n").expect("a rust block") + "```rust\n".len()..];
    let body = &body[..body.find("\n```").expect("the block's end")];
    body.lines().map(str::to_owned).collect()
}

/// The shown lines (not the `# ` hidden ones) of the first doc test in `path`, a Markdown page that rustdoc
/// includes.
fn doc_test(path: &str) -> Vec<String> {
    let source = fs::read_to_string(path).expect("the source");
    source
        .lines()
        .skip_while(|line| line.trim() != "```")
        .skip(1)
        .take_while(|line| line.trim() != "```")
        .filter(|line| !line.starts_with("# ") && *line != "#")
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_write_snippet_is_the_precondition_doc_test() {
    let shown = readme_block("before any side effect:");
    assert!(
        shown.iter().any(|line| line.contains("precondition.check")),
        "{shown:#?}"
    );
    assert_eq!(shown, doc_test("etag-runtime/src/writes/docs/precondition_on_actix.md"));
}
