//! Runs the users example as its own process, as its users run it: the binary that cargo builds, started on
//! `--addr 127.0.0.1:0`, its port read from the line it prints.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};

use super::backend::{Backend, TestDatabase};

/// Every GET route of the users example, with an id that exists in a new database.
pub const USERS_GET_ROUTES: [&str; 7] = [
    "/",
    "/users",
    "/users/1",
    "/users/stats",
    "/users.csv",
    "/users/1/card",
    "/openapi.json",
];

/// A running example process, killed when dropped.
pub struct Example {
    pub addr: SocketAddr,
    child: Child,
    /// The lines it printed after the first, such as its `--log` access log.
    printed: Arc<Mutex<Vec<String>>>,
    /// The lines it wrote on standard error, such as `database error: ...` while the database is down.
    errors: Arc<Mutex<Vec<String>>>,
}

impl Drop for Example {
    fn drop(&mut self) {
        drop(self.child.kill());
        drop(self.child.wait());
    }
}

impl Example {
    /// Kills the process at once (SIGKILL), as a crash or an OOM kill would: nothing is flushed or closed.
    pub fn kill(&mut self) {
        drop(self.child.kill());
        drop(self.child.wait());
    }

    /// Sends SIGTERM, as an orchestrator stopping the instance does.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        assert!(status.is_ok_and(|status| status.success()), "kill -TERM");
    }

    /// How the process exited, if it did within `within`.
    pub fn exit_within(&mut self, within: std::time::Duration) -> Option<std::process::ExitStatus> {
        let deadline = std::time::Instant::now() + within;
        while std::time::Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("the process's state") {
                return Some(status);
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        None
    }

    /// The access-log lines printed so far (`--log`), such as `GET /users/1 if-none-match="v1" status=304 ...`.
    pub fn log(&self) -> Vec<String> {
        self.printed.lock().expect("the log").clone()
    }

    /// Its resident memory now, in kilobytes (VmRSS in /proc).
    pub fn resident_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).expect("/proc status");
        let line = status.lines().find(|line| line.starts_with("VmRSS:")).expect("VmRSS");
        line.split_whitespace()
            .nth(1)
            .and_then(|kb| kb.parse().ok())
            .expect("VmRSS in kB")
    }

    /// What it wrote on standard error so far.
    pub fn errors(&self) -> Vec<String> {
        self.errors.lock().expect("the errors").clone()
    }
}

/// Starts the users example on a free port of 127.0.0.1, on a new database of `backend`'s.
pub fn start_users(backend: Backend) -> Example {
    start_users_with(&backend.database(), &[])
}

/// Starts the users example on a free port of 127.0.0.1, on `database`, with more arguments such as `--log`.
pub fn start_users_with(database: &TestDatabase, more: &[&str]) -> Example {
    start_users_at("127.0.0.1:0", database, more)
}

/// As [`start_users_with`], listening on `addr`: an instance restarted where it was.
pub fn start_users_at(addr: &str, database: &TestDatabase, more: &[&str]) -> Example {
    start_users_logging(addr, database, more, None)
}

/// As [`start_users_at`], with `RUST_LOG` set to `rust_log`, or unset (whatever the test's own environment
/// says), so that the lines the tests read are the access log's alone.
pub fn start_users_logging(addr: &str, database: &TestDatabase, more: &[&str], rust_log: Option<&str>) -> Example {
    start_example_logging(users_example(), addr, database, more, rust_log)
}

/// As [`start_users_logging`], for the users example `name` (`users` or `users_axum`) whatever `USERS_EXAMPLE`
/// says: for a test that is about one of them, such as a document's transcript of that example.
pub fn start_example_logging(
    name: &'static str,
    addr: &str,
    database: &TestDatabase,
    more: &[&str],
    rust_log: Option<&str>,
) -> Example {
    let mut command = Command::new(users_binary_named(name));
    command
        .args(["--addr", addr])
        .args(more)
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(directives) = rust_log {
        command.env("RUST_LOG", directives);
    }
    if let Some(db) = &database.arg {
        command.args(["--db", db]);
    }
    let mut child = command.spawn().expect("start the users example");
    let errors = keep_lines(BufReader::new(child.stderr.take().expect("a piped stderr")));
    let mut stdout = BufReader::new(child.stdout.take().expect("a piped stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("read the example's first line");
    let Some(addr) = line
        .trim()
        .strip_prefix("listening on http://")
        .and_then(|addr| addr.parse().ok())
    else {
        drop(child.wait());
        std::thread::sleep(std::time::Duration::from_millis(100));
        let said = errors.lock().expect("the errors").join("\n");
        panic!("the example did not say where it listens: {line:?}\n{said}");
    };
    // Keep reading, so that a later line never meets a closed pipe, and keep what it says.
    let printed = keep_lines(stdout);
    Example {
        addr,
        child,
        printed,
        errors,
    }
}

/// Reads `lines` to their end on a thread of its own, keeping each.
fn keep_lines(lines: impl BufRead + Send + 'static) -> Arc<Mutex<Vec<String>>> {
    let kept = Arc::new(Mutex::new(Vec::new()));
    let collected = Arc::clone(&kept);
    std::thread::spawn(move || {
        for line in lines.lines().map_while(Result::ok) {
            collected.lock().expect("the lines").push(line);
        }
    });
    kept
}

/// The current ETag of `path`: what a client sends in If-Match to write over the state it has seen, as the users
/// example requires of every write to an existing user (RFC 6585 §3).
pub fn current_tag(example: &Example, path: &str) -> String {
    let response = super::get(example.addr, path, &[]);
    response.header("etag").expect("an ETag").to_owned()
}

/// The users example's binary ([`users_example`]); see [`example_binary`].
pub fn users_binary() -> &'static Path {
    users_binary_named(users_example())
}

/// The binary of the users example `name`, `users` or `users_axum`, built once per test process.
fn users_binary_named(name: &'static str) -> &'static Path {
    static USERS: OnceLock<PathBuf> = OnceLock::new();
    static USERS_AXUM: OnceLock<PathBuf> = OnceLock::new();
    let binary = match name {
        "users" => &USERS,
        "users_axum" => &USERS_AXUM,
        other => panic!("{other:?}: the users examples are users and users_axum"),
    };
    binary.get_or_init(|| example_binary(name))
}

/// Which users example the tests drive: `users` (actix-web), or the one `USERS_EXAMPLE` names, `users_axum`,
/// which keeps the same HTTP contract on axum; `scripts/test.sh` runs every `users_*` test once with each.
pub fn users_example() -> &'static str {
    match std::env::var("USERS_EXAMPLE").as_deref() {
        Err(_) | Ok("" | "users") => "users",
        Ok("users_axum") => "users_axum",
        Ok(other) => panic!("USERS_EXAMPLE={other:?}: the users examples are users and users_axum"),
    }
}

/// The client example's binary; see [`example_binary`].
pub fn client_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| example_binary("client"))
}

/// The benchmark server's binary; see [`example_binary`].
pub fn bench_server_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| example_binary("bench_server"))
}

/// A benchmark server on a free port of 127.0.0.1, killed when dropped.
pub struct BenchServer {
    pub addr: SocketAddr,
    child: Child,
}

impl Drop for BenchServer {
    fn drop(&mut self) {
        drop(self.child.kill());
        drop(self.child.wait());
    }
}

/// Starts `bench_server` as its own process and reads its address from the line it prints.
pub fn start_bench_server() -> BenchServer {
    let mut child = Command::new(bench_server_binary())
        .args(["--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start bench_server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("a piped stdout"))
        .read_line(&mut line)
        .expect("its first line");
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .and_then(|addr| addr.parse().ok())
        .unwrap_or_else(|| panic!("bench_server did not say where it listens: {line:?}"));
    BenchServer { addr, child }
}

/// An example's binary beside this test's, built first by cargo (a no-op when `cargo test --all-targets`
/// already built it), so that a test never runs a stale example.
fn example_binary(name: &str) -> PathBuf {
    let test_binary = std::env::current_exe().expect("the test's own path");
    // target/<profile>/deps/<test> -> target/<profile>/examples/<name>
    let profile_dir = test_binary
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps");
    if let Ok(cargo) = std::env::var("CARGO") {
        build_example(&cargo, profile_dir, name);
    }
    let binary = profile_dir.join("examples").join(name);
    assert!(
        binary.exists(),
        "{} is missing: run `cargo build --example {name}`",
        binary.display()
    );
    binary
}

fn build_example(cargo: &str, profile_dir: &Path, name: &str) {
    let mut command = Command::new(cargo);
    command.args(["build", "--quiet", "-p", "etag-workspace", "--example", name]);
    if profile_dir.file_name().is_some_and(|name| name == "release") {
        command.arg("--release");
    }
    let output = command.output().expect("run cargo");
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "cargo build --example {name} failed:\n{errors}"
    );
}

/// RFC 9110 §13.1.1 (lost updates): `count` clients PUT `path` at once, all with `If-Match: tag`; writer N sends
/// the name "writer N" through `addrs[N % addrs.len()]`. Asserts exactly one 200 and `count - 1` × 412, and
/// returns the winner's name, which the caller checks is what was stored.
pub fn race_puts(count: usize, addrs: &[SocketAddr], path: &str, tag: &str) -> String {
    let writers: Vec<_> = (0..count)
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
    assert_eq!(
        outcomes.iter().filter(|(_, s)| *s == 412).count(),
        count - 1,
        "{outcomes:?}"
    );
    format!("writer {}", winners[0])
}

/// RFC 9110 §13.1.1 from the client's side: `count` `client patch` processes at once against `url`, client N
/// renaming the user to "patcher N", each retrying its 412s up to `attempts` times. Asserts that every one exits
/// 0 having said `applied on attempt`.
pub fn concurrent_client_patches(url: &str, count: usize, attempts: u32) {
    let clients: Vec<_> = (0..count)
        .map(|n| {
            let (url, patch) = (url.to_owned(), format!(r#"{{"name":"patcher {n}"}}"#));
            std::thread::spawn(move || {
                Command::new(client_binary())
                    .args(["patch", &url, &patch, "--attempts", &attempts.to_string()])
                    .output()
                    .expect("run the client example")
            })
        })
        .collect();
    for (n, handle) in clients.into_iter().enumerate() {
        let output = handle.join().expect("a client");
        let said = String::from_utf8_lossy(&output.stdout);
        let errors = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "client {n}: {said}{errors}");
        assert!(said.contains("applied on attempt"), "{said}");
    }
}
