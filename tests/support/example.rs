//! Runs the users example as its own process, as its users run it: the binary that cargo builds, started on
//! `--addr 127.0.0.1:0`, its port read from the line it prints.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

/// A running example process, killed when dropped.
pub struct Example {
    pub addr: SocketAddr,
    child: Child,
}

impl Drop for Example {
    fn drop(&mut self) {
        drop(self.child.kill());
        drop(self.child.wait());
    }
}

/// Starts the users example on a free port of 127.0.0.1, with its database in memory or in the file `db`.
pub fn start_users(db: Option<&Path>) -> Example {
    let mut command = Command::new(users_binary());
    command.args(["--addr", "127.0.0.1:0"]).stdout(Stdio::piped());
    if let Some(db) = db {
        command.arg("--db").arg(db);
    }
    let mut child = command.spawn().expect("start the users example");
    let mut stdout = BufReader::new(child.stdout.take().expect("a piped stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("read the example's first line");
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .and_then(|addr| addr.parse().ok())
        .unwrap_or_else(|| panic!("the example did not say where it listens: {line:?}"));
    // Keep reading, so that a later line never meets a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    Example { addr, child }
}

/// The example's binary beside this test's, built first by cargo (a no-op when `cargo test --all-targets`
/// already built it), so that a test never runs a stale example.
pub fn users_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let test_binary = std::env::current_exe().expect("the test's own path");
        // target/<profile>/deps/<test> -> target/<profile>/examples/users
        let profile_dir = test_binary
            .parent()
            .and_then(Path::parent)
            .expect("target/<profile>/deps");
        if let Ok(cargo) = std::env::var("CARGO") {
            build_users(&cargo, profile_dir);
        }
        let binary = profile_dir.join("examples").join("users");
        assert!(
            binary.exists(),
            "{} is missing: run `cargo build --example users`",
            binary.display()
        );
        binary
    })
}

fn build_users(cargo: &str, profile_dir: &Path) {
    let mut command = Command::new(cargo);
    command.args(["build", "--quiet", "-p", "etag-workspace", "--example", "users"]);
    if profile_dir.file_name().is_some_and(|name| name == "release") {
        command.arg("--release");
    }
    let output = command.output().expect("run cargo");
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "cargo build --example users failed:\n{errors}");
}

/// RFC 9110 §13.1.1 (lost updates): 32 clients PUT `path` at once, all with `If-Match: tag`; writer N sends the
/// name "writer N" through `addrs[N % addrs.len()]`. Asserts exactly one 200 and 31 × 412, and returns the
/// winner's name, which the caller checks is what was stored.
pub fn race_32_puts(addrs: &[SocketAddr], path: &str, tag: &str) -> String {
    let writers: Vec<_> = (0..32)
        .map(|writer| {
            let (addr, path, tag) = (addrs[writer % addrs.len()], path.to_owned(), tag.to_owned());
            std::thread::spawn(move || {
                let body =
                    serde_json::json!({"name": format!("writer {writer}"), "email": format!("w{writer}@example.com")});
                let status = super::send_json(addr, "PUT", &path, &[("If-Match", &tag)], &body).status;
                (writer, status)
            })
        })
        .collect();
    let outcomes: Vec<(usize, u16)> = writers.into_iter().map(|w| w.join().unwrap()).collect();
    let winners: Vec<usize> = outcomes.iter().filter(|(_, s)| *s == 200).map(|(w, _)| *w).collect();
    assert_eq!(winners.len(), 1, "{outcomes:?}");
    assert_eq!(outcomes.iter().filter(|(_, s)| *s == 412).count(), 31, "{outcomes:?}");
    format!("writer {}", winners[0])
}
