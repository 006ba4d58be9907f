//! Writers that keep creating users through several instances while a test breaks something (kills an
//! instance, stops the database), and the check that follows: every write acknowledged with a 2xx is there,
//! and every other one is either wholly there or not at all.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::json;

use super::{get, try_send};

/// What one attempted write got: a status, or `None` when the connection failed or the answer was cut.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub id: u64,
    pub status: Option<u16>,
    pub retry_after: bool,
}

/// Writer threads, each creating users `1000 * (writer + 1) + n` (PUT with `If-None-Match: *`) through the
/// instances in turn, until [`Writers::finish`].
pub struct Writers {
    stop: Arc<AtomicBool>,
    attempts: Arc<Mutex<Vec<Attempt>>>,
    threads: Vec<JoinHandle<()>>,
}

impl Writers {
    /// Starts `count` writers over `instances`, which the test may change (an instance restarted elsewhere).
    pub fn start(count: u64, instances: Arc<RwLock<Vec<SocketAddr>>>) -> Writers {
        let stop = Arc::new(AtomicBool::new(false));
        let attempts = Arc::new(Mutex::new(Vec::new()));
        let threads = (0..count)
            .map(|writer| {
                let (stop, attempts, instances) = (stop.clone(), attempts.clone(), instances.clone());
                std::thread::spawn(move || {
                    for n in 0.. {
                        if stop.load(Ordering::Relaxed) {
                            return;
                        }
                        let addrs = instances.read().expect("the instances").clone();
                        let addr = addrs[(writer + n) as usize % addrs.len()];
                        let attempt = create(addr, 1000 * (writer + 1) + n);
                        if attempt.status.is_none() {
                            // A dead instance refuses at once; do not spin on it.
                            std::thread::sleep(Duration::from_millis(20));
                        }
                        attempts.lock().expect("the attempts").push(attempt);
                    }
                })
            })
            .collect();
        Writers {
            stop,
            attempts,
            threads,
        }
    }

    /// The attempts so far.
    pub fn attempts(&self) -> Vec<Attempt> {
        self.attempts.lock().expect("the attempts").clone()
    }

    /// Stops the writers and returns every attempt.
    pub fn finish(self) -> Vec<Attempt> {
        self.stop.store(true, Ordering::Relaxed);
        for thread in self.threads {
            thread.join().expect("a writer");
        }
        self.attempts.lock().expect("the attempts").clone()
    }
}

/// The name and address user `id` is created with; a user holding one without the other is half-written.
pub fn fields_of(id: u64) -> (String, String) {
    (format!("writer user {id}"), format!("user{id}@example.com"))
}

fn create(addr: SocketAddr, id: u64) -> Attempt {
    let (name, email) = fields_of(id);
    let body = json!({"name": name, "email": email}).to_string();
    let headers = [("Content-Type", "application/json"), ("If-None-Match", "*")];
    let response = try_send(addr, "PUT", &format!("/users/{id}"), &headers, body.as_bytes());
    match response {
        Ok(response) => Attempt {
            id,
            status: Some(response.status),
            retry_after: response.header("retry-after").is_some(),
        },
        Err(_) => Attempt {
            id,
            status: None,
            retry_after: false,
        },
    }
}

/// RFC 9110 §9.3.4 and §15.3.2: a 201 means the user is stored; an attempt with no 2xx left the user wholly
/// there (it committed, the answer was lost) or not there at all. Read back through `addr`; returns how many
/// were acknowledged.
pub fn assert_acknowledged_writes_kept(addr: SocketAddr, attempts: &[Attempt]) -> usize {
    let mut acknowledged = 0;
    for attempt in attempts {
        let stored = get(addr, &format!("/users/{}", attempt.id), &[]);
        let (name, email) = fields_of(attempt.id);
        match (attempt.status, stored.status) {
            (Some(201), 200) => acknowledged += 1,
            (Some(201), status) => panic!("user {} was acknowledged (201) but GET answers {status}", attempt.id),
            (_, 200 | 404) => {}
            (_, status) => panic!("GET /users/{} answered {status}", attempt.id),
        }
        if stored.status == 200 {
            let user = stored.json();
            assert_eq!(
                (user["name"].as_str(), user["email"].as_str()),
                (Some(&*name), Some(&*email))
            );
        }
    }
    acknowledged
}
