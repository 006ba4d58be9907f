//! The users example's command line, as its README documents it: clap's usage on `--help`, clap's error on
//! anything else it does not know, and one line with exit code 1 for what stops it from starting.

mod support;

use std::net::TcpListener;
use std::process::{Command, Output};

use support::example::{users_binary, users_example};
use support::scratch::ScratchDir;

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
    let flags = [
        "--addr <IP:PORT>",
        "--db <PATH|URL>",
        "--pool <N>",
        "--log",
        "--log-format <FORMAT>",
        "--metrics",
        "--help",
    ];
    for flag in flags {
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

/// What a failed start must look like: exit code 1 and one line on standard error naming `names`, with no
/// panic, no backtrace and no Rust debug dump.
fn assert_one_line_failure(output: &Output, names: &str) {
    let message = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert_eq!(message.lines().count(), 1, "{message}");
    let prefix = format!("{}: ", users_example());
    assert!(message.starts_with(&prefix), "{message}");
    assert!(message.contains(names), "{message}");
    for dump in ["panicked", "Os {", "Custom {", "Error: "] {
        assert!(!message.contains(dump), "{message}");
    }
}

#[test]
fn an_unreachable_postgresql_is_one_line_and_exit_code_1() {
    // Nothing listens on port 1 of the loopback: the connection is refused at once.
    let output = run_users(&[
        "--addr",
        "127.0.0.1:0",
        "--db",
        "postgres://postgres:secret@127.0.0.1:1/users",
    ]);
    assert_one_line_failure(&output, "users at 127.0.0.1:1");
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains("secret"),
        "the password was printed"
    );
}

#[test]
fn a_sqlite_file_that_cannot_be_opened_is_one_line_and_exit_code_1() {
    let dir = ScratchDir::new("cli-bad-db");
    let path = dir.path().join("no-such-folder").join("users.sqlite");
    let output = run_users(&["--addr", "127.0.0.1:0", "--db", &path.display().to_string()]);
    assert_one_line_failure(&output, &path.display().to_string());
}

#[test]
fn a_busy_port_is_one_line_and_exit_code_1() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("a port");
    let addr = taken.local_addr().expect("its address").to_string();
    let output = run_users(&["--addr", &addr]);
    assert_one_line_failure(&output, &addr);
}

#[test]
fn a_rust_log_that_cannot_be_read_is_one_line_and_exit_code_1() {
    let output = Command::new(users_binary())
        .args(["--addr", "127.0.0.1:0", "--log"])
        .env("RUST_LOG", "etag_runtime=loudly")
        .output()
        .expect("run the users example");
    assert_one_line_failure(&output, "RUST_LOG=\"etag_runtime=loudly\"");
}

#[test]
fn an_unknown_log_format_exits_non_zero_naming_the_formats() {
    let output = run_users(&["--log-format", "yaml"]);
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(message.contains("[possible values: text, json]"), "{message}");
}
