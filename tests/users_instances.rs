//! Three instances of the users example on one PostgreSQL database, as a service that outgrew one machine runs
//! behind a load balancer. The library keeps no state of its own, so what must hold is shown here: every
//! instance gives the same validators, honours the others', lets one of many racing guarded writes through, and
//! loses no acknowledged write when an instance is killed or the database goes away for a while.

mod support;

use std::net::SocketAddr;
use std::sync::{Arc, Barrier, RwLock};
use std::time::{Duration, Instant};

use serde_json::json;
use support::backend::{Backend, TestDatabase};
use support::example::{Example, USERS_GET_ROUTES, race_puts, start_users_at, start_users_with};
use support::postgres::Cluster;
use support::writers::{Writers, assert_acknowledged_writes_kept};
use support::{get, send_json};

fn three_instances(database: &TestDatabase) -> Vec<Example> {
    (0..3).map(|_| start_users_with(database, &[])).collect()
}

fn addrs(instances: &[Example]) -> Vec<SocketAddr> {
    instances.iter().map(|instance| instance.addr).collect()
}

// RFC 9110 §8.8.1, §8.8.3: validators come from the stored state alone, so every instance sends the same ETag
// and Last-Modified for every route, in identity and in gzip; and a tag any instance minted is current at every
// other (§13.1.2: 304).
#[test]
fn rfc9110_8_8_every_instance_sends_the_same_validators() {
    let database = Backend::Postgres.shared_database();
    let instances = three_instances(&database);
    for path in USERS_GET_ROUTES {
        for coding in ["identity", "gzip"] {
            let headers = [("Accept-Encoding", coding)];
            let seen: Vec<_> = instances.iter().map(|i| get(i.addr, path, &headers)).collect();
            let validators = |n: usize| (seen[n].header("etag"), seen[n].header("last-modified"));
            assert!(validators(0).0.is_some(), "{path} has no ETag");
            assert_eq!(validators(0), validators(1), "{path} {coding}");
            assert_eq!(validators(0), validators(2), "{path} {coding}");
            let tag = validators(0).0.unwrap_or_default().to_owned();
            for other in &instances[1..] {
                let revalidated = get(
                    other.addr,
                    path,
                    &[("Accept-Encoding", coding), ("If-None-Match", &tag)],
                );
                assert_eq!(revalidated.status, 304, "{path} {coding} at {}", other.addr);
            }
        }
    }
}

// RFC 9110 §13.1.1: after a write through one instance, the tag it replaced fails If-Match at every other (412)
// and changes nothing; the others serve the new state.
#[test]
fn rfc9110_13_1_1_a_write_through_one_instance_fails_the_old_tag_at_the_others() {
    let database = Backend::Postgres.shared_database();
    let instances = three_instances(&database);
    let old_tag = get(instances[2].addr, "/users/2", &[])
        .header("etag")
        .unwrap()
        .to_owned();
    let body = json!({"name": "Rear Admiral Hopper", "email": "grace@example.org"});
    let written = send_json(instances[0].addr, "PUT", "/users/2", &[("If-Match", &old_tag)], &body);
    assert_eq!(written.status, 200, "{}", written.text());
    for other in &instances[1..] {
        let late = json!({"name": "Lost Update", "email": "lost@example.org"});
        let refused = send_json(other.addr, "PATCH", "/users/2", &[("If-Match", &old_tag)], &late);
        assert_eq!(refused.status, 412, "{}", refused.text());
        let current = get(other.addr, "/users/2", &[("If-None-Match", &old_tag)]);
        assert_eq!(current.status, 200);
        assert_eq!(current.json()["name"], "Rear Admiral Hopper");
    }
}

// RFC 9110 §13.1.1 (lost updates): 30 PUTs with one If-Match, ten through each instance, at once: the row's lock
// spans check and write across instances, so exactly one wins and 29 get 412.
#[test]
fn rfc9110_13_1_1_thirty_racing_puts_over_three_instances_have_one_winner() {
    let database = Backend::Postgres.shared_database();
    let instances = three_instances(&database);
    let tag = get(instances[0].addr, "/users/3", &[])
        .header("etag")
        .unwrap()
        .to_owned();
    let winner = race_puts(30, &addrs(&instances), "/users/3", &tag);
    for instance in &instances {
        assert_eq!(get(instance.addr, "/users/3", &[]).json()["name"], winner);
    }
}

// RFC 9110 §13.1.2: a create-only PUT (`If-None-Match: *`) racing others for the same new id, over three
// instances: one creates it (201), every other gets 412, and the user holds the winner's fields.
#[test]
fn rfc9110_13_1_2_racing_create_only_puts_have_one_winner() {
    let database = Backend::Postgres.shared_database();
    let instances = three_instances(&database);
    let writers: Vec<_> = (0..12)
        .map(|writer| {
            let addr = instances[writer % 3].addr;
            std::thread::spawn(move || {
                let body = json!({"name": format!("creator {writer}"), "email": "c@example.com"});
                let status = send_json(addr, "PUT", "/users/77", &[("If-None-Match", "*")], &body).status;
                (writer, status)
            })
        })
        .collect();
    let outcomes: Vec<(usize, u16)> = writers.into_iter().map(|w| w.join().unwrap()).collect();
    let winners: Vec<usize> = outcomes.iter().filter(|(_, s)| *s == 201).map(|(w, _)| *w).collect();
    assert_eq!(winners.len(), 1, "{outcomes:?}");
    assert_eq!(outcomes.iter().filter(|(_, s)| *s == 412).count(), 11, "{outcomes:?}");
    let stored = get(instances[1].addr, "/users/77", &[]).json();
    assert_eq!(stored["name"], format!("creator {}", winners[0]));
}

// RFC 9110 §9.3.4: an instance killed (SIGKILL) while writers run through all three, then restarted where it
// was: every write any instance acknowledged is stored, and every other is wholly there or absent.
#[test]
fn rfc9110_9_3_4_an_instance_killed_loses_no_acknowledged_write() {
    let database = Backend::Postgres.shared_database();
    let mut instances = three_instances(&database);
    let shared = Arc::new(RwLock::new(addrs(&instances)));
    let writers = Writers::start(6, shared.clone());
    wait_for_writes(&writers, 30);

    let victim = instances[1].addr;
    instances[1].kill();
    let before_restart = writers.attempts().len();
    wait_for_writes(&writers, before_restart + 30);
    instances[1] = start_users_at(&victim.to_string(), &database, &[]);
    assert_eq!(instances[1].addr, victim);
    wait_for_writes(&writers, writers.attempts().len() + 30);

    let attempts = writers.finish();
    let failed = attempts.iter().filter(|a| a.status.is_none()).count();
    assert!(
        failed > 0,
        "no write reached the killed instance: the test proved nothing"
    );
    let kept = assert_acknowledged_writes_kept(instances[0].addr, &attempts);
    assert!(kept >= 60, "{kept} acknowledged writes");
}

// RFC 9110 §15.6.4 and §10.2.3: with PostgreSQL stopped for a few seconds while writers run, the instances
// answer 503 with Retry-After and write nothing half; when it is back they serve again by themselves, and no
// acknowledged write is missing.
#[test]
fn rfc9110_15_6_4_the_database_gone_for_a_while_gives_503_and_loses_nothing() {
    let cluster = Cluster::start();
    let database = TestDatabase::postgres(&cluster);
    let instances = three_instances(&database);
    let writers = Writers::start(6, Arc::new(RwLock::new(addrs(&instances))));
    wait_for_writes(&writers, 30);

    cluster.stop();
    // Writes already past the database when it stopped may still be answering; count from a moment later.
    std::thread::sleep(Duration::from_millis(500));
    let during = writers.attempts().len();
    std::thread::sleep(Duration::from_millis(2500));
    let down: Vec<_> = writers.attempts()[during..].to_vec();
    cluster.run();

    assert!(!down.is_empty(), "no write was tried while the database was down");
    for attempt in &down {
        assert_eq!(attempt.status, Some(503), "{attempt:?}");
        assert!(attempt.retry_after, "a 503 without Retry-After: {attempt:?}");
    }
    // Back by itself: within a few seconds, every instance creates users again.
    let recovered = Instant::now();
    let service_back = || writers.attempts().iter().rev().take(12).all(|a| a.status == Some(201));
    while !service_back() {
        assert!(recovered.elapsed() < Duration::from_secs(15), "no recovery");
        std::thread::sleep(Duration::from_millis(100));
    }
    let attempts = writers.finish();
    assert_acknowledged_writes_kept(instances[2].addr, &attempts);
    // What an operator sees: each failure named on the instance's standard error.
    assert!(
        instances
            .iter()
            .any(|i| i.errors().iter().any(|e| e.starts_with("database error: ")))
    );
    let half_written = cluster.psql(
        database.name(),
        "SELECT count(*) FROM users WHERE id >= 1000 AND email <> 'user' || id || '@example.com'",
    );
    assert_eq!(half_written, "0");
}

/// Waits until the writers have made `count` attempts in all.
fn wait_for_writes(writers: &Writers, count: usize) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while writers.attempts().len() < count {
        assert!(Instant::now() < deadline, "the writers stalled");
        std::thread::sleep(Duration::from_millis(20));
    }
}

// The schema is made once however many instances start together on an empty database: eight started at once
// all come up, and users 1 to 3 are there once each.
#[test]
fn instances_started_at_once_create_and_seed_the_database_once() {
    const INSTANCES: usize = 8;
    let database = Arc::new(Backend::Postgres.shared_database());
    let together = Arc::new(Barrier::new(INSTANCES));
    let starting: Vec<_> = (0..INSTANCES)
        .map(|_| {
            let (database, together) = (database.clone(), together.clone());
            std::thread::spawn(move || {
                together.wait();
                start_users_with(&database, &[])
            })
        })
        .collect();
    let instances: Vec<Example> = starting.into_iter().map(|s| s.join().expect("an instance")).collect();
    for instance in &instances {
        let ids: Vec<i64> = get(instance.addr, "/users", &[])
            .json()
            .as_array()
            .expect("a list")
            .iter()
            .map(|user| user["id"].as_i64().expect("an id"))
            .collect();
        assert_eq!(ids, [1, 2, 3]);
    }
}
