//! The documents stay readable where readers find them: a README that fits on a screen or two, relative links
//! that lead to files of the repository, and no reference a reader of the repository or the published crate
//! cannot follow (an issue number, a file outside the repository).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The files git tracks, or would track (untracked but not ignored), with the given ending.
fn repository_files(ending: &str) -> Vec<PathBuf> {
    let listed = Command::new("git")
        .args(["ls-files", "--cached", "--others", "--exclude-standard"])
        .output()
        .expect("git lists the repository's files");
    String::from_utf8_lossy(&listed.stdout)
        .lines()
        .filter(|path| path.ends_with(ending) && Path::new(path).exists())
        .map(PathBuf::from)
        .collect()
}

/// The targets of the Markdown links `[text](target)` in `text`.
fn link_targets(text: &str) -> Vec<&str> {
    text.match_indices("](")
        .filter_map(|(at, _)| {
            let rest = &text[at + 2..];
            rest.find(')').map(|end| &rest[..end])
        })
        .collect()
}

#[test]
fn the_readme_fits_on_a_screen_or_two() {
    let readme = fs::read_to_string("README.md").expect("the README");
    let lines = readme.lines().count();
    assert!(
        lines <= 150,
        "README.md has {lines} lines; the guide belongs in rustdoc"
    );
}

#[test]
fn every_relative_link_names_a_file_of_the_repository() {
    let markdown = repository_files(".md");
    assert!(markdown.iter().any(|path| path == Path::new("README.md")));
    let mut broken = Vec::new();
    for file in &markdown {
        let text = fs::read_to_string(file).expect("a Markdown file");
        for target in link_targets(&text) {
            let relative = !target.contains("://") && !target.starts_with('#') && !target.starts_with("mailto:");
            // Links inside the guide are rustdoc's (`super::modes`, `crate::Deferred`), not paths.
            let rustdoc_path = target.contains("::");
            if !relative || rustdoc_path || target.is_empty() {
                continue;
            }
            let path = target.split('#').next().unwrap_or(target);
            let resolved = file.parent().unwrap_or(Path::new("")).join(path);
            if !resolved.exists() {
                broken.push(format!("{}: {target}", file.display()));
            }
        }
    }
    assert!(broken.is_empty(), "links to nothing: {broken:#?}");
}

/// The words that point a reader at an issue of this project, and the folder beside the repository; each spelt
/// in two halves, so that this file does not say them itself.
const ISSUE_WORDS: &str = concat!("the ", "issue");
const OUTSIDE_FILES: [&str; 2] = [concat!("../", "shared/"), concat!("PEERS", ".md")];

/// Whether `line` names one of this project's issues: by a number of one to three digits after `#`, or by
/// [`ISSUE_WORDS`].
fn names_an_issue(line: &str) -> bool {
    if line.contains(ISSUE_WORDS) {
        return true;
    }
    let bytes = line.as_bytes();
    bytes.iter().enumerate().any(|(at, &byte)| {
        let before = at.checked_sub(1).map(|before| bytes[before]);
        let digits = bytes[at + 1..].iter().take_while(|byte| byte.is_ascii_digit()).count();
        let after = bytes.get(at + 1 + digits);
        byte == b'#'
            && (1..=3).contains(&digits)
            && !before.is_some_and(|before| before.is_ascii_alphanumeric() || before == b'&')
            && !after.is_some_and(|after| after.is_ascii_alphanumeric() || *after == b'_')
    })
}

#[test]
fn no_document_names_an_issue_or_a_file_outside_the_repository() {
    let mut found = Vec::new();
    for file in repository_files(".md").into_iter().chain(repository_files(".rs")) {
        let text = fs::read_to_string(&file).expect("a text file");
        for (number, line) in text.lines().enumerate() {
            if names_an_issue(line) || OUTSIDE_FILES.iter().any(|outside| line.contains(outside)) {
                found.push(format!("{}:{}: {line}", file.display(), number + 1));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_issue_check_tells_a_number_from_a_format_string() {
    assert!(names_an_issue(&format!("fixed in #{}", 19)));
    assert!(names_an_issue(&format!("(#{})", 2)));
    assert!(names_an_issue(&format!("as {ISSUE_WORDS} says")));
    assert!(!names_an_issue("println!(\"{:#?}\", x)"));
    assert!(!names_an_issue("&#39; and #[derive(Debug)]"));
    assert!(!names_an_issue("color: #fff and #1234"));
}
