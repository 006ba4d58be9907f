//! Real shared caches in front of users example instances, from the configurations users are given
//! (`examples/users/deploy/`): nginx (Debian's nginx-light) and Varnish (Debian's varnish), each started on a
//! free port of 127.0.0.1 in a scratch directory and stopped when dropped. `scripts/test.sh` installs both when
//! they are missing.

use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::free_port;
use super::scratch::ScratchDir;

/// The addresses the deploy configurations name: the cache's own, then the three instances'.
const DEPLOY_LISTEN: &str = "127.0.0.1:8080";
const DEPLOY_PORTS: [&str; 3] = ["8081", "8082", "8083"];

/// A cache process, killed when dropped, with its scratch directory.
pub struct Cache {
    pub addr: SocketAddr,
    child: Child,
    dir: ScratchDir,
}

impl Drop for Cache {
    fn drop(&mut self) {
        // SIGTERM first: Varnish's manager then stops its worker process too.
        drop(Command::new("kill").arg(self.child.id().to_string()).status());
        let deadline = Instant::now() + Duration::from_secs(5);
        while self.child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        drop(self.child.kill());
        drop(self.child.wait());
    }
}

impl Cache {
    /// nginx from `deploy/nginx.conf`, its upstream the three `instances`.
    pub fn nginx(instances: [SocketAddr; 3]) -> Cache {
        let dir = ScratchDir::new("nginx");
        let port = free_port();
        let mut config = deploy_file("nginx.conf").replace(DEPLOY_LISTEN, &format!("127.0.0.1:{port}"));
        for (deployed, instance) in DEPLOY_PORTS.iter().zip(instances) {
            config = config.replace(&format!("server 127.0.0.1:{deployed};"), &format!("server {instance};"));
        }
        let config_path = dir.path().join("nginx.conf");
        std::fs::write(&config_path, config).expect("write nginx.conf");
        let child = Command::new(installed(&[
            "/usr/sbin/nginx",
            "/usr/local/sbin/nginx",
            "/usr/bin/nginx",
        ]))
        .arg("-p")
        .arg(dir.path())
        .arg("-c")
        .arg(&config_path)
        // One process in the foreground, which the test stops.
        .args(["-g", "daemon off; master_process off;"])
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start nginx");
        Cache::started(child, dir, port, "error.log")
    }

    /// Varnish from `deploy/varnish.vcl`, its round-robin director over the three `instances`.
    pub fn varnish(instances: [SocketAddr; 3]) -> Cache {
        let dir = ScratchDir::new("varnish");
        let port = free_port();
        let mut vcl = deploy_file("varnish.vcl");
        for (deployed, instance) in DEPLOY_PORTS.iter().zip(instances) {
            let backend = format!(".host = \"{}\"; .port = \"{}\";", instance.ip(), instance.port());
            vcl = vcl.replace(&format!(".host = \"127.0.0.1\"; .port = \"{deployed}\";"), &backend);
        }
        let vcl_path = dir.path().join("varnish.vcl");
        std::fs::write(&vcl_path, vcl).expect("write varnish.vcl");
        let log = std::fs::File::create(dir.path().join("varnishd.log")).expect("varnishd's log");
        let child = Command::new(installed(&["/usr/sbin/varnishd", "/usr/local/sbin/varnishd"]))
            .arg("-F")
            .arg("-n")
            .arg(dir.path().join("work"))
            .args(["-a", &format!("127.0.0.1:{port}"), "-s", "malloc,32m"])
            .arg("-f")
            .arg(&vcl_path)
            .stdout(log.try_clone().expect("the log"))
            .stderr(log)
            .spawn()
            .expect("start varnishd");
        Cache::started(child, dir, port, "varnishd.log")
    }

    /// nginx's access log (`deploy/nginx.conf`'s format): `uri cache-status upstream-status upstream-addr`.
    pub fn access_log(&self) -> Vec<String> {
        let log = std::fs::read_to_string(self.dir.path().join("access.log")).unwrap_or_default();
        log.lines().map(str::to_owned).collect()
    }

    fn started(child: Child, dir: ScratchDir, port: u16, errors: &str) -> Cache {
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let cache = Cache { addr, child, dir };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(addr).is_err() {
            let log = std::fs::read_to_string(cache.dir.path().join(errors)).unwrap_or_default();
            assert!(Instant::now() < deadline, "the cache did not start on {addr}:\n{log}");
            std::thread::sleep(Duration::from_millis(20));
        }
        cache
    }
}

fn deploy_file(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/users/deploy")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn installed(candidates: &[&str]) -> PathBuf {
    let found = candidates.iter().map(PathBuf::from).find(|path| path.exists());
    found.unwrap_or_else(|| panic!("{} is not installed: scripts/test.sh installs it", candidates[0]))
}
