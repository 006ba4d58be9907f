//! BENCHMARKS.md holds the tables `scripts/bench-instructions.sh` prints: a row with figures for every case the
//! script measures, and the commit they were measured on, one that the repository has.

use std::collections::BTreeSet;
use std::fs;
use std::process::Command;

/// The script's cases, as (table, case): `main` or `browser`, and `kind status`.
fn measured_cases() -> BTreeSet<(String, String)> {
    let listed = Command::new("bash")
        .args(["scripts/bench-instructions.sh", "--cases"])
        .env_remove("KINDS")
        .output()
        .expect("run the script");
    assert!(listed.status.success(), "{}", String::from_utf8_lossy(&listed.stderr));
    String::from_utf8_lossy(&listed.stdout)
        .lines()
        .map(|line| {
            let (table, case) = line.split_once('\t').expect("table<TAB>case");
            (table.to_owned(), case.to_owned())
        })
        .collect()
}

/// The rows of the table whose header row starts with `header`: each row's first cell and the others.
fn table_rows<'a>(document: &'a str, header: &str) -> Vec<(&'a str, Vec<&'a str>)> {
    let mut lines = document.lines().skip_while(|line| !line.starts_with(header));
    assert!(lines.next().is_some(), "BENCHMARKS.md has no table starting {header:?}");
    lines
        .skip(1) // the |---| line
        .take_while(|line| line.starts_with('|'))
        .map(|line| {
            let mut cells = line.trim_matches('|').split('|').map(str::trim);
            let case = cells.next().unwrap_or_default();
            (case, cells.collect())
        })
        .collect()
}

const MAIN_TABLE: &str = "| case | n = 1 | ratio to plain | of it the hash |";
const BROWSER_TABLE: &str = "| case, with `Accept-Encoding";

#[test]
fn every_case_the_script_measures_has_a_row_with_figures() {
    let document = fs::read_to_string("BENCHMARKS.md").expect("BENCHMARKS.md");
    let cases = measured_cases();
    assert!(cases.len() > 20, "{cases:?}");
    for (table, header) in [("main", MAIN_TABLE), ("browser", BROWSER_TABLE)] {
        let rows = table_rows(&document, header);
        for (_, case) in cases.iter().filter(|(of, _)| of == table) {
            let (_, figures) = rows
                .iter()
                .find(|(row, _)| row == case)
                .unwrap_or_else(|| panic!("BENCHMARKS.md's {table} table has no row for {case:?}"));
            assert!(
                figures.iter().all(|cell| cell.parse::<f64>().is_ok()),
                "{table} {case}: {figures:?}"
            );
        }
    }
}

#[test]
fn the_tables_name_a_commit_of_the_repository() {
    let document = fs::read_to_string("BENCHMARKS.md").expect("BENCHMARKS.md");
    let named = document
        .lines()
        .find_map(|line| line.split_once("`bash scripts/bench-instructions.sh` on commit "))
        .map(|(_, rest)| rest.trim_end_matches('.'))
        .expect("BENCHMARKS.md names the commit its tables were measured on");
    assert!(
        named.len() == 12 && named.bytes().all(|byte| byte.is_ascii_hexdigit()),
        "measured on {named:?}: a commit, without uncommitted changes"
    );
    // A shallow clone may not hold the commit measured, only its format can be checked there.
    let shallow = Command::new("git")
        .args(["rev-parse", "--is-shallow-repository"])
        .output()
        .expect("run git");
    if String::from_utf8_lossy(&shallow.stdout).trim() == "true" {
        return;
    }
    let known = Command::new("git")
        .args(["cat-file", "-e", &format!("{named}^{{commit}}")])
        .status()
        .expect("run git");
    assert!(known.success(), "{named} is not a commit of this repository");
}
