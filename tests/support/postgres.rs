//! A private PostgreSQL cluster for the tests, never the system's: Debian's server binaries, `initdb` into a
//! fresh directory under the system's temporary directory, run as the `postgres` user on a free port of 127.0.0.1 with no Unix socket and trust
//! authentication (only this machine's loopback reaches it).
//!
//! A test binary shares one cluster ([`Cluster::shared`]), and each test makes its own database in it, so tests
//! run in parallel. A watchdog stops the cluster and removes its files when the test binary exits, since Rust
//! runs no destructor for a static. A test that stops the server on purpose starts a cluster of its own
//! ([`Cluster::start`]), stopped and removed when dropped.
//!
//! `scripts/test.sh` installs Debian's `postgresql` when it is missing.

use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use super::free_port;

pub struct Cluster {
    pub port: u16,
    root: PathBuf,
    server: Mutex<Option<Child>>,
    watchdog: Mutex<Child>,
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop();
        drop(self.watchdog.lock().map(|mut watchdog| watchdog.kill()));
        drop(std::fs::remove_dir_all(&self.root));
    }
}

impl Cluster {
    /// The cluster this test binary's tests share, started on first use.
    pub fn shared() -> &'static Cluster {
        static SHARED: OnceLock<Cluster> = OnceLock::new();
        SHARED.get_or_init(Cluster::start)
    }

    /// A new cluster of the caller's own.
    pub fn start() -> Cluster {
        let root = fresh_root();
        let data = root.join("data");
        as_postgres(&bin("initdb"))
            .arg("-D")
            .arg(&data)
            .args(["-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"])
            .stdout(Stdio::null())
            .status_ok("initdb");
        let port = free_port();
        let watchdog = start_watchdog(&root);
        let cluster = Cluster {
            port,
            root,
            server: Mutex::new(None),
            watchdog: Mutex::new(watchdog),
        };
        cluster.run();
        cluster
    }

    /// Starts the server again after [`Cluster::stop`], on the same port, with the same data.
    pub fn run(&self) {
        let log = std::fs::File::create(self.root.join("server.log")).expect("the server's log file");
        let server = as_postgres(&bin("postgres"))
            .arg("-D")
            .arg(self.root.join("data"))
            .args(["-p", &self.port.to_string()])
            .args(["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="])
            // A test cluster: nothing here must outlive a crash of the machine.
            .args([
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
            ])
            .args(["-c", "max_connections=300"])
            // Each logged line names its database, for a test that reads what its own database ran.
            .args(["-c", "log_line_prefix=%d: "])
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start postgres");
        *self.server.lock().expect("the server") = Some(server);
        self.wait_until_ready();
    }

    /// Stops the server (a fast shutdown: open transactions roll back, connections are closed).
    pub fn stop(&self) {
        let Some(mut server) = self.server.lock().expect("the server").take() else {
            return;
        };
        let stopped = as_postgres(&bin("pg_ctl"))
            .arg("stop")
            .arg("-D")
            .arg(self.root.join("data"))
            .args(["-m", "fast", "-w"])
            .stdout(Stdio::null())
            .status();
        if !stopped.is_ok_and(|status| status.success()) {
            drop(server.kill());
        }
        drop(server.wait());
    }

    /// A new, empty database; its name.
    pub fn create_database(&self) -> String {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!("test_{}", NEXT.fetch_add(1, Ordering::Relaxed));
        self.psql("postgres", &format!("CREATE DATABASE {name}"));
        name
    }

    /// The URL of `database`, for the users example's `--db`.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// The statements `database` has run since it was told to log them (`ALTER DATABASE .. SET log_statement =
    /// 'all'`, which [`Cluster::log_statements`] does), in order, as the server logged them.
    pub fn statements(&self, database: &str) -> Vec<String> {
        let log = std::fs::read_to_string(self.root.join("server.log")).unwrap_or_default();
        let prefix = format!("{database}: LOG:  ");
        log.lines()
            .filter_map(|line| line.strip_prefix(&prefix))
            .filter(|line| line.starts_with("execute") || line.starts_with("statement"))
            .map(str::to_owned)
            .collect()
    }

    /// Makes the server log every statement that sessions opened from now on run in `database`.
    pub fn log_statements(&self, database: &str) {
        self.psql(
            "postgres",
            &format!("ALTER DATABASE {database} SET log_statement = 'all'"),
        );
    }

    /// Runs `sql` in `database` and returns what psql prints, unaligned and without headers.
    pub fn psql(&self, database: &str, sql: &str) -> String {
        let output = self.psql_output(database, sql);
        assert!(
            output.status.success(),
            "psql {sql:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    /// psql running `sql` in `database`, started and not waited for: a session that holds a lock a while.
    pub fn psql_child(&self, database: &str, sql: &str) -> Child {
        self.psql_command(database, sql)
            .stdout(Stdio::null())
            .spawn()
            .expect("run psql (Debian's postgresql-client)")
    }

    fn psql_output(&self, database: &str, sql: &str) -> Output {
        self.psql_command(database, sql)
            .output()
            .expect("run psql (Debian's postgresql-client)")
    }

    fn psql_command(&self, database: &str, sql: &str) -> Command {
        let mut command = Command::new("psql");
        command
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
                "-d",
                database,
            ])
            .args(["-v", "ON_ERROR_STOP=1", "-A", "-t", "-c", sql]);
        command
    }

    fn wait_until_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        loop {
            let listening = TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok();
            if listening && self.psql_output("postgres", "SELECT 1").status.success() {
                return;
            }
            let log = std::fs::read_to_string(self.root.join("server.log")).unwrap_or_default();
            assert!(Instant::now() < deadline, "postgres did not start on {addr}:\n{log}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// `<tmp>/etag-rs-pg-<pid>-<n>`, owned by `postgres`, which must be able to write the cluster there. Not under
/// `target/`: a checkout inside a private directory (`mktemp -d` makes them 0700) cannot be entered by `postgres`.
fn fresh_root() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let root = std::env::temp_dir().join(format!("etag-rs-pg-{}-{n}", std::process::id()));
    drop(std::fs::remove_dir_all(&root));
    std::fs::create_dir_all(&root).expect("create the cluster's directory");
    Command::new("chown").arg("postgres:").arg(&root).status_ok("chown");
    root
}

/// A process that waits for this test binary to exit, however it ends, then stops the cluster in `root` and
/// removes it: nothing is left running after the tests.
fn start_watchdog(root: &Path) -> Child {
    let script = r#"
        while kill -0 "$1" 2>/dev/null; do sleep 0.5; done
        setpriv --reuid=postgres --regid=postgres --init-groups "$2" stop -D "$3/data" -m immediate >/dev/null 2>&1
        rm -rf "$3"
    "#;
    Command::new("sh")
        .args(["-c", script, "watchdog"])
        .arg(std::process::id().to_string())
        .arg(bin("pg_ctl"))
        .arg(root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the cluster's watchdog")
}

/// A command run as the `postgres` user (the server refuses to run as root), from util-linux's `setpriv`.
fn as_postgres(program: &Path) -> Command {
    let mut command = Command::new("setpriv");
    command
        .args(["--reuid=postgres", "--regid=postgres", "--init-groups"])
        .arg(program)
        // The test's own directory may be closed to `postgres`.
        .current_dir("/");
    command
}

/// A server program of the newest PostgreSQL that Debian installed (`/usr/lib/postgresql/<major>/bin`).
fn bin(name: &str) -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    let dir = BIN.get_or_init(|| {
        let versions = std::fs::read_dir("/usr/lib/postgresql").ok().into_iter().flatten();
        let newest = versions
            .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
            .max()
            .expect("PostgreSQL is not installed: `apt-get install postgresql` (scripts/test.sh does it)");
        PathBuf::from(format!("/usr/lib/postgresql/{newest}/bin"))
    });
    dir.join(name)
}

trait StatusOk {
    fn status_ok(&mut self, what: &str);
}

impl StatusOk for Command {
    fn status_ok(&mut self, what: &str) {
        let output = self.output().unwrap_or_else(|error| panic!("run {what}: {error}"));
        assert!(
            output.status.success(),
            "{what} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
