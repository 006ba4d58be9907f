//! The users example's command line, as its README documents it: clap's usage on `--help`, clap's error on
//! anything else it does not know.

mod support;

use std::process::{Command, Output};

use support::example::users_binary;

fn run_users(args: &[&str]) -> Output {
    Command::new(users_binary())
        .args(args)
        .output()
        .expect("run the users example")
}

#[test]
fn help_names_every_flag_and_exits_zero() {
    let output = run_users(&["--help"]);
    let usage = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "--help exited with {}", output.status);
    for flag in ["--addr <IP:PORT>", "--db <PATH>", "--log", "--help"] {
        assert!(usage.contains(flag), "the usage does not name {flag}:\n{usage}");
    }
}

#[test]
fn unknown_flag_exits_non_zero_with_clap_message() {
    let output = run_users(&["--no-such-flag"]);
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(message.contains("unexpected argument '--no-such-flag'"), "{message}");
}

#[test]
fn malformed_address_exits_non_zero_naming_the_flag() {
    let output = run_users(&["--addr", "localhost"]);
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(message.contains("--addr <IP:PORT>"), "{message}");
}
