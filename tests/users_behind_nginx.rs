//! A real shared cache in front of the users example: nginx with `proxy_cache` and `proxy_cache_revalidate`.
//! When its copy goes stale, nginx asks the example with If-None-Match; the example answers 304, and nginx
//! serves the bytes it kept (`$upstream_cache_status` REVALIDATED). After a write it gets the new 200.
//!
//! nginx comes from Debian's nginx-light, which `scripts/test.sh` installs when it is missing.

mod support;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use support::example::start_users;
use support::scratch::ScratchDir;
use support::{get, send_json};

/// The cache keeps a response fresh for 1 s (`proxy_cache_valid 200 1s`); nginx counts whole seconds.
const UNTIL_STALE: Duration = Duration::from_millis(2200);

struct Nginx {
    addr: SocketAddr,
    child: Child,
    log: PathBuf,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        drop(self.child.kill());
        drop(self.child.wait());
    }
}

impl Nginx {
    /// Starts nginx from `tests/nginx/users-cache.conf`, in `dir`, proxying to `upstream`.
    fn start(dir: &Path, upstream: SocketAddr) -> Nginx {
        let port = free_port();
        let template = include_str!("nginx/users-cache.conf");
        let config = template
            .replace("@DIR@", &dir.display().to_string())
            .replace("@PORT@", &port.to_string())
            .replace("@UPSTREAM@", &upstream.to_string());
        let config_path = dir.join("nginx.conf");
        std::fs::write(&config_path, config).expect("write nginx.conf");
        let child = Command::new(nginx_binary())
            .arg("-p")
            .arg(dir)
            .arg("-c")
            .arg(&config_path)
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start nginx");
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        wait_until_listening(addr, dir);
        Nginx {
            addr,
            child,
            log: dir.join("access.log"),
        }
    }

    /// The access log's lines: `uri $upstream_cache_status $upstream_status`.
    fn log_lines(&self) -> Vec<String> {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        log.lines().map(str::to_owned).collect()
    }
}

fn nginx_binary() -> PathBuf {
    let candidates = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"];
    let found = candidates.iter().map(PathBuf::from).find(|path| path.exists());
    found.expect("nginx is not installed: `scripts/ensure-package.sh nginx-light nginx` (scripts/test.sh runs it)")
}

/// A port nobody listens on now; nginx binds it a moment later.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

fn wait_until_listening(addr: SocketAddr, dir: &Path) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(addr).is_err() {
        if Instant::now() > deadline {
            let errors = std::fs::read_to_string(dir.join("error.log")).unwrap_or_default();
            panic!("nginx did not start on {addr}:\n{errors}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

// RFC 9111 §4.3 and RFC 9110 §13.1.2, §15.4.5: a stale entry is revalidated with If-None-Match, the example
// answers 304, and the cache serves the very bytes it stored, for a model tag (/users/1, strong, with
// Last-Modified) and a hashed one (/users, weak, ETag only). After a write, revalidation gets the new 200.
#[test]
fn rfc9111_4_3_nginx_revalidates_stale_entries_with_a_304() {
    let example = start_users(support::backend::Backend::Sqlite);
    let dir = ScratchDir::new("nginx");
    let nginx = Nginx::start(dir.path(), example.addr);
    let paths = ["/users/1", "/users"];

    let first: Vec<_> = paths.iter().map(|path| get(nginx.addr, path, &[])).collect();
    let cached: Vec<_> = paths.iter().map(|path| get(nginx.addr, path, &[])).collect();
    std::thread::sleep(UNTIL_STALE);
    let revalidated: Vec<_> = paths.iter().map(|path| get(nginx.addr, path, &[])).collect();
    for ((first, cached), revalidated) in first.iter().zip(&cached).zip(&revalidated) {
        assert_eq!((first.status, cached.status, revalidated.status), (200, 200, 200));
        assert_eq!(cached.body, first.body);
        assert_eq!(revalidated.body, first.body, "nginx served other bytes after the 304");
        assert_eq!(revalidated.header("etag"), first.header("etag"));
    }

    let tag = first[0].header("etag").unwrap();
    let body = json!({"name": "Augusta Ada King", "email": "ada@example.com"});
    assert_eq!(
        send_json(example.addr, "PUT", "/users/1", &[("If-Match", tag)], &body).status,
        200
    );
    std::thread::sleep(UNTIL_STALE);
    let refetched: Vec<_> = paths.iter().map(|path| get(nginx.addr, path, &[])).collect();
    assert_eq!(refetched[0].json()["name"], "Augusta Ada King");
    assert_ne!(refetched[1].body, first[1].body);

    let expected = [
        "/users/1 MISS 200",
        "/users MISS 200",
        "/users/1 HIT -",
        "/users HIT -",
        "/users/1 REVALIDATED 304",
        "/users REVALIDATED 304",
        "/users/1 EXPIRED 200",
        "/users EXPIRED 200",
    ];
    assert_eq!(nginx.log_lines(), expected);
}
