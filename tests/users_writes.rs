//! The users example's writes, over real HTTP against the built example: POST, PUT (replace and create),
//! PATCH and DELETE under If-Match, If-None-Match and If-Unmodified-Since; bad bodies and headers; and 32
//! concurrent writers racing with one If-Match.

mod support;

use serde_json::{Value, json};
use support::backend::Backend;
use support::example::{Example, race_puts, start_users, users_example};
use support::{Response, get, send, send_json};

fn users(backend: Backend) -> Example {
    start_users(backend)
}

fn etag_of(example: &Example, path: &str) -> String {
    get(example.addr, path, &[]).header("etag").expect("an ETag").to_owned()
}

fn stored(example: &Example, path: &str) -> Value {
    get(example.addr, path, &[]).json()
}

/// A problem+json error, which no cache may keep (RFC 9111 §4.2.2: it describes a state that a later write may
/// end, and a 404 or 405 is otherwise heuristically cacheable).
fn assert_problem(response: &Response, status: u16) {
    assert_eq!(response.status, status, "{}", response.text());
    assert_eq!(response.header("content-type"), Some("application/problem+json"));
    assert_eq!(response.json()["status"], status);
    assert_eq!(response.header("cache-control"), Some("no-store"), "{status}");
}

/// RFC 9110 §9.3.4: a PUT's response carries no validators (the stored user is not the content sent); the
/// client asks with GET for the new ones.
fn assert_no_validators(response: &Response) {
    assert_eq!(response.header("etag"), None, "{}", response.text());
    assert_eq!(response.header("last-modified"), None);
}

// RFC 9110 §9.3.3, §15.3.2: POST creates a user, 201 with its Location, which then serves it.
fn rfc9110_15_3_2_post_creates_with_location(backend: Backend) {
    let example = users(backend);
    let body = json!({"name": "Katherine Johnson", "email": "kj@example.gov"});
    let created = send_json(example.addr, "POST", "/users", &[], &body);
    assert_eq!(created.status, 201, "{}", created.text());
    assert_eq!(created.header("location"), Some("/users/4"));
    // RFC 5789 §2, as for PATCH: the new user's tag comes with its Location, the one a GET of it sends.
    assert_eq!(created.header("etag"), Some(etag_of(&example, "/users/4").as_str()));
    let user = stored(&example, "/users/4");
    assert_eq!(
        (user["name"].as_str(), user["email"].as_str()),
        (Some("Katherine Johnson"), Some("kj@example.gov"))
    );
}

// RFC 9110 §13.1.2: If-None-Match on a POST, with `*` or with the collection's current tag, fails (412) and
// creates nothing; RFC 9110 §13.1.1: If-Match with a tag the list no longer has fails, and with its current
// (strong) tag the POST goes through, after which that tag is stale.
fn rfc9110_13_1_2_post_with_matching_if_none_match_fails(backend: Backend) {
    let example = users(backend);
    let body = json!({"name": "Nobody", "email": "nobody@example.com"});
    let list_tag = etag_of(&example, "/users");
    assert!(!list_tag.starts_with("W/"), "{list_tag}");
    for (field, value) in [
        ("If-None-Match", "*"),
        ("If-None-Match", list_tag.as_str()),
        ("If-Match", "\"list-v999\""),
    ] {
        let refused = send_json(example.addr, "POST", "/users", &[(field, value)], &body);
        assert_problem(&refused, 412);
    }
    assert_eq!(
        stored(&example, "/users").as_array().unwrap().len(),
        3,
        "a refused POST created a user"
    );
    let allowed = send_json(example.addr, "POST", "/users", &[("If-Match", "*")], &body);
    assert_eq!(allowed.status, 201);
    let current = etag_of(&example, "/users");
    let guarded = send_json(example.addr, "POST", "/users", &[("If-Match", &current)], &body);
    assert_eq!(guarded.status, 201, "{}", guarded.text());
    assert_problem(
        &send_json(example.addr, "POST", "/users", &[("If-Match", &current)], &body),
        412,
    );
}

// RFC 9110 §13.1.1, §9.3.4: PUT with the current tag replaces (200, no validators); the new state has a new
// tag; the old tag then fails (412) and changes nothing.
fn rfc9110_13_1_1_put_with_if_match_then_stale_tag_fails(backend: Backend) {
    let example = users(backend);
    let old_tag = etag_of(&example, "/users/1");
    let body = json!({"name": "Ada King", "email": "ada@example.com"});
    let replaced = send_json(example.addr, "PUT", "/users/1", &[("If-Match", &old_tag)], &body);
    assert_eq!(replaced.status, 200, "{}", replaced.text());
    assert_no_validators(&replaced);
    assert_eq!(replaced.json()["name"], "Ada King");
    let new_tag = etag_of(&example, "/users/1");
    assert_ne!(new_tag, old_tag);

    let late = json!({"name": "Lost Update", "email": "lost@example.com"});
    assert_problem(
        &send_json(example.addr, "PUT", "/users/1", &[("If-Match", &old_tag)], &late),
        412,
    );
    assert_eq!(stored(&example, "/users/1")["name"], "Ada King");
    assert_eq!(etag_of(&example, "/users/1"), new_tag);
}

// RFC 9110 §13.1.1, §8.8.3.3: a write guarded by the gzip form of the tag names the same state, and succeeds.
fn rfc9110_8_8_3_3_if_match_accepts_the_gzip_form_of_the_tag(backend: Backend) {
    let example = users(backend);
    let gzip = get(example.addr, "/users/2", &[("Accept-Encoding", "gzip")]);
    let gzip_tag = gzip.header("etag").unwrap();
    assert!(gzip_tag.ends_with("+gzip\""), "{gzip_tag}");
    let body = json!({"name": "Grace Brewster Hopper", "email": "grace@example.org"});
    let replaced = send_json(example.addr, "PUT", "/users/2", &[("If-Match", gzip_tag)], &body);
    assert_eq!(replaced.status, 200, "{}", replaced.text());
}

// RFC 9110 §9.3.4, §13.1.2: PUT creates a missing user (201 + Location); `If-None-Match: *` makes it
// create-only, so a second one fails (412); `If-Match` on a missing user fails (412) and creates nothing.
fn rfc9110_13_1_2_put_creates_and_if_none_match_star_is_create_only(backend: Backend) {
    let example = users(backend);
    let body = json!({"name": "Hedy Lamarr", "email": "hedy@example.com"});
    let created = send_json(example.addr, "PUT", "/users/42", &[("If-None-Match", "*")], &body);
    assert_eq!(created.status, 201, "{}", created.text());
    assert_eq!(created.header("location"), Some("/users/42"));
    assert_no_validators(&created);
    let again = json!({"name": "Someone Else", "email": "else@example.com"});
    assert_problem(
        &send_json(example.addr, "PUT", "/users/42", &[("If-None-Match", "*")], &again),
        412,
    );
    assert_eq!(stored(&example, "/users/42")["name"], "Hedy Lamarr");

    for guard in ["*", "\"v1\""] {
        let refused = send_json(example.addr, "PUT", "/users/43", &[("If-Match", guard)], &body);
        assert_problem(&refused, 412);
    }
    assert_eq!(
        get(example.addr, "/users/43", &[]).status,
        404,
        "a refused PUT created the user"
    );
}

// RFC 9110 §13.1.4: If-Unmodified-Since at Last-Modified lets the PUT through; a date before it fails (412).
fn rfc9110_13_1_4_put_with_if_unmodified_since(backend: Backend) {
    let example = users(backend);
    let body = json!({"name": "Alan M. Turing", "email": "alan@example.com"});
    let long_ago = "Sun, 06 Nov 1994 08:49:37 GMT";
    assert_problem(
        &send_json(
            example.addr,
            "PUT",
            "/users/3",
            &[("If-Unmodified-Since", long_ago)],
            &body,
        ),
        412,
    );
    assert_eq!(stored(&example, "/users/3")["name"], "Alan Turing");
    let last_modified = get(example.addr, "/users/3", &[])
        .header("last-modified")
        .unwrap()
        .to_owned();
    let replaced = send_json(
        example.addr,
        "PUT",
        "/users/3",
        &[("If-Unmodified-Since", &last_modified)],
        &body,
    );
    assert_eq!(replaced.status, 200, "{}", replaced.text());
}

// RFC 9110 §13.1.1: PATCH changes only the members sent, under the same preconditions.
fn rfc9110_13_1_1_patch_is_partial_and_guarded(backend: Backend) {
    let example = users(backend);
    let tag = etag_of(&example, "/users/1");
    let stale = send_json(
        example.addr,
        "PATCH",
        "/users/1",
        &[("If-Match", "\"v999\"")],
        &json!({"name": "X"}),
    );
    assert_problem(&stale, 412);
    let patched = send_json(
        example.addr,
        "PATCH",
        "/users/1",
        &[("If-Match", &tag)],
        &json!({"name": "Ada"}),
    );
    assert_eq!(patched.status, 200, "{}", patched.text());
    // RFC 5789 §2: the PATCH answers with the user as stored now, and its new tag.
    assert_eq!(patched.header("etag"), Some(etag_of(&example, "/users/1").as_str()));
    let user = stored(&example, "/users/1");
    assert_eq!(
        (user["name"].as_str(), user["email"].as_str()),
        (Some("Ada"), Some("ada@example.com"))
    );
    assert_problem(
        &send_json(example.addr, "PATCH", "/users/1", &[], &json!({"email": null})),
        422,
    );
}

// RFC 9110 §13.1.1, §15.3.5: DELETE with a stale tag fails (412) and deletes nothing; with the current tag
// it answers 204, and the user is gone (404, no validators).
fn rfc9110_13_1_1_delete_is_guarded(backend: Backend) {
    let example = users(backend);
    let tag = etag_of(&example, "/users/2");
    assert_problem(
        &send(example.addr, "DELETE", "/users/2", &[("If-Match", "\"v999\"")], b""),
        412,
    );
    assert_eq!(get(example.addr, "/users/2", &[]).status, 200);
    let deleted = send(example.addr, "DELETE", "/users/2", &[("If-Match", &tag)], b"");
    assert_eq!(deleted.status, 204);
    assert!(deleted.body.is_empty());
    let gone = get(example.addr, "/users/2", &[]);
    assert_problem(&gone, 404);
    assert_eq!(gone.header("etag"), None);
}

// RFC 9110 §13.2.1: on a missing user, PATCH and DELETE answer 404 whatever the preconditions say.
fn rfc9110_13_2_1_missing_user_is_404_before_preconditions(backend: Backend) {
    let example = users(backend);
    for guard in [("If-Match", "*"), ("If-None-Match", "*")] {
        assert_problem(
            &send_json(example.addr, "PATCH", "/users/77", &[guard], &json!({"name": "X"})),
            404,
        );
        assert_problem(&send(example.addr, "DELETE", "/users/77", &[guard], b""), 404);
    }
    // RFC 9111 §4.2.2: a read's 404 is not stored, so no cache keeps it once a PUT creates the user.
    for path in ["/users/77", "/users/77/card", "/users/x"] {
        let missing = get(example.addr, path, &[]);
        assert_eq!(
            missing.header("cache-control"),
            Some("no-store"),
            "{path}: {:?}",
            missing.headers
        );
    }
}

// RFC 9110 §8.8.3: entity tags are never reused: a user deleted and created again gets a new tag, and a
// write guarded by the old one fails.
fn rfc9110_8_8_3_recreated_user_never_repeats_an_old_tag(backend: Backend) {
    let example = users(backend);
    let old_tag = etag_of(&example, "/users/3");
    assert_eq!(
        send(example.addr, "DELETE", "/users/3", &[("If-Match", &old_tag)], b"").status,
        204
    );
    let body = json!({"name": "Alan Turing", "email": "alan@example.com"});
    assert_eq!(send_json(example.addr, "PUT", "/users/3", &[], &body).status, 201);
    assert_ne!(etag_of(&example, "/users/3"), old_tag);
    // Another change (the same one would be in place, and answered 2xx, RFC 9110 §13.1.1).
    let other = json!({"name": "Alan M. Turing", "email": "alan@example.com"});
    assert_problem(
        &send_json(example.addr, "PUT", "/users/3", &[("If-Match", &old_tag)], &other),
        412,
    );
}

// RFC 9110 §13.1.1: a malformed If-Match is never evaluated, so the write is refused (400) and nothing changes.
fn rfc9110_13_1_1_malformed_if_match_refuses_the_write(backend: Backend) {
    let example = users(backend);
    let body = json!({"name": "Malformed", "email": "m@example.com"});
    for malformed in ["v1", "\"v1", "W/\"v1\", *"] {
        assert_problem(
            &send_json(example.addr, "PUT", "/users/1", &[("If-Match", malformed)], &body),
            400,
        );
    }
    assert_eq!(stored(&example, "/users/1")["name"], "Ada Lovelace");
}

// RFC 9457: bad bodies are problem+json: 400 for what is not JSON, 422 for JSON of the wrong shape or
// values (an array of the fields in order too, which serde would otherwise read as the struct, and which RFC
// 7396 reads as a replacement of the whole user), 415 for another media type; never a 500, and never a write.
fn rfc9457_bad_bodies_are_problems_and_write_nothing(backend: Backend) {
    let example = users(backend);
    let json_type = "application/json";
    let cases: [(&str, &str, &[u8], u16); 11] = [
        ("PUT", json_type, b"[\"Ada\", \"a@b.c\"]", 422),
        ("PATCH", json_type, b"[\"Ada\"]", 422),
        ("PATCH", json_type, b"[]", 422),
        ("PUT", json_type, b"{\"name\": ", 400),
        ("PUT", json_type, b"", 400),
        ("PUT", json_type, b"{\"name\": \"Only a name\"}", 422),
        ("PUT", json_type, b"{\"name\": 7, \"email\": \"a@b.c\"}", 422),
        (
            "PUT",
            json_type,
            b"{\"name\": \"A\", \"email\": \"a@b.c\", \"role\": \"admin\"}",
            422,
        ),
        ("PUT", json_type, b"{\"name\": \"  \", \"email\": \"a@b.c\"}", 422),
        ("PATCH", json_type, b"{\"email\": \"no-at-sign\"}", 422),
        ("PUT", "text/plain", b"{\"name\": \"A\", \"email\": \"a@b.c\"}", 415),
    ];
    let before = get(example.addr, "/users", &[]).body;
    for (method, content_type, body, status) in cases {
        let response = send(
            example.addr,
            method,
            "/users/1",
            &[("Content-Type", content_type)],
            body,
        );
        assert_problem(&response, status);
    }
    let posted = send(
        example.addr,
        "POST",
        "/users",
        &[("Content-Type", json_type)],
        b"[\"Hedy\", \"hedy@example.com\"]",
    );
    assert_problem(&posted, 422);
    assert_eq!(
        get(example.addr, "/users", &[]).body,
        before,
        "a refused body changed the store"
    );
}

// RFC 9111 §4.2.2: the example's own errors (a path it does not serve, a method a resource does not allow, a body
// too large) are problems sent `no-store` like the rest, so no cache keeps one after the state has changed.
fn rfc9111_4_2_2_the_examples_own_errors_are_not_stored(backend: Backend) {
    let example = users(backend);
    assert_problem(&get(example.addr, "/nowhere", &[]), 404);
    let not_allowed = send(example.addr, "DELETE", "/users", &[], b"");
    assert_problem(&not_allowed, 405);
    assert_eq!(not_allowed.header("allow"), Some("GET, HEAD, POST"));
    // The page that renders the document is utoipa-scalar's route, which answers another method 404 on actix
    // (it matches GET only) and 405 on axum: a problem either way.
    let docs_status = match users_example() {
        "users_axum" => 405,
        _ => 404,
    };
    assert_problem(&send(example.addr, "POST", "/docs", &[], b""), docs_status);
    let large = format!("{{\"name\": \"{}\", \"email\": \"a@b.c\"}}", "n".repeat(2 << 20));
    let too_large = send(
        example.addr,
        "POST",
        "/users",
        &[("Content-Type", "application/json")],
        large.as_bytes(),
    );
    assert_problem(&too_large, 413);
}

// RFC 9110 §13.1.1 (lost updates): 32 clients PUT at once, each with the same If-Match. The check and the
// write share one transaction, so exactly one succeeds, the 31 others get 412, and the stored user is the
// winner's.
fn rfc9110_13_1_1_thirty_two_concurrent_puts_have_one_winner(backend: Backend) {
    let example = users(backend);
    let tag = etag_of(&example, "/users/1");
    let winner = race_puts(32, &[example.addr], "/users/1", &tag);
    assert_eq!(stored(&example, "/users/1")["name"], winner);
}

// RFC 6585 §3: a write to an existing user without a precondition is refused (428 problem+json) and writes
// nothing; creating a user, by POST or by a PUT to a free id, needs none.
fn rfc6585_3_unconditional_writes_to_existing_users_are_428(backend: Backend) {
    let example = users(backend);
    let before = stored(&example, "/users/1");
    let body = json!({"name": "Nobody Checked", "email": "nc@example.com"});
    assert_problem(&send_json(example.addr, "PUT", "/users/1", &[], &body), 428);
    assert_problem(
        &send_json(example.addr, "PATCH", "/users/1", &[], &json!({"name": "X"})),
        428,
    );
    assert_problem(&send(example.addr, "DELETE", "/users/1", &[], b""), 428);
    // RFC 9110 §5.6.1.2, §13.1.2: an If-None-Match that names no tag can stop nothing, so it is no precondition.
    for empty in ["", ",", " , "] {
        let put = send_json(example.addr, "PUT", "/users/1", &[("If-None-Match", empty)], &body);
        assert_problem(&put, 428);
    }
    assert_eq!(stored(&example, "/users/1"), before, "a refused write changed the user");
    assert_eq!(send_json(example.addr, "PUT", "/users/40", &[], &body).status, 201);
    assert_eq!(send_json(example.addr, "POST", "/users", &[], &body).status, 201);
    // With the tag it has seen, the same client writes.
    let tag = etag_of(&example, "/users/1");
    assert_eq!(
        send_json(example.addr, "PUT", "/users/1", &[("If-Match", &tag)], &body).status,
        200
    );
}

// RFC 9110 §15.5.13: a PATCH with a stale tag gets a 412 that names the current state, the ETag and
// Last-Modified a GET sends, so the client rebases without a GET; the rebased PATCH then applies.
fn rfc9110_15_5_13_a_412_names_the_current_tag_and_date(backend: Backend) {
    let example = users(backend);
    let old_tag = etag_of(&example, "/users/2");
    let patch = |tag: &str, name: &str| {
        send_json(
            example.addr,
            "PATCH",
            "/users/2",
            &[("If-Match", tag)],
            &json!({"name": name}),
        )
    };
    assert_eq!(patch(&old_tag, "Grace B. Hopper").status, 200);
    let stale = patch(&old_tag, "Lost Update");
    assert_problem(&stale, 412);
    let current = get(example.addr, "/users/2", &[]);
    assert_eq!(stale.header("etag"), current.header("etag"));
    assert_eq!(stale.header("last-modified"), current.header("last-modified"));
    assert_eq!(stale.json()["current_etag"].as_str(), current.header("etag"));
    let rebased = patch(stale.header("etag").expect("the 412's ETag"), "Grace Brewster Hopper");
    assert_eq!(rebased.status, 200, "{}", rebased.text());
    assert_eq!(stored(&example, "/users/2")["name"], "Grace Brewster Hopper");
}

// RFC 9110 §15.5.21: a PUT may create ids up to 2^53 - 1 only, and a larger one is refused (422 problem+json,
// nothing created), so that POST, whose new ids continue past the largest ever used, keeps working for everyone.
fn ids_a_put_creates_are_bounded_so_that_post_keeps_working(backend: Backend) {
    let example = users(backend);
    let body = json!({"name": "Far Away", "email": "far@example.com"});
    let refused = send_json(example.addr, "PUT", "/users/9223372036854775807", &[], &body);
    assert_problem(&refused, 422);
    assert_eq!(get(example.addr, "/users/9223372036854775807", &[]).status, 404);
    let created = send_json(example.addr, "POST", "/users", &[], &body);
    assert_eq!((created.status, created.header("location")), (201, Some("/users/4")));
    let largest = send_json(example.addr, "PUT", "/users/9007199254740991", &[], &body);
    assert_eq!(largest.status, 201, "{}", largest.text());
    let next = send_json(example.addr, "POST", "/users", &[], &body);
    assert_eq!(
        (next.status, next.header("location")),
        (201, Some("/users/9007199254740992"))
    );
    assert_eq!(get(example.addr, "/users/9007199254740992", &[]).status, 200);
}

// RFC 9110 §15.5.21: an address is checked as it will be stored, trimmed first: one that is no address once
// trimmed is 422 on POST, PUT and PATCH, and writes nothing; a valid one is stored trimmed.
fn addresses_are_checked_as_they_are_stored(backend: Backend) {
    let example = users(backend);
    let before = stored(&example, "/users/1");
    let tag = etag_of(&example, "/users/1");
    for email in [" @example.com", "a@ ", " @ ", "   "] {
        let fields = json!({"name": "Nobody", "email": email});
        assert_problem(&send_json(example.addr, "POST", "/users", &[], &fields), 422);
        assert_problem(
            &send_json(example.addr, "PUT", "/users/1", &[("If-Match", &tag)], &fields),
            422,
        );
        let patch = send_json(
            example.addr,
            "PATCH",
            "/users/1",
            &[("If-Match", &tag)],
            &json!({"email": email}),
        );
        assert_problem(&patch, 422);
    }
    assert_eq!(stored(&example, "/users/1"), before, "a refused write changed the user");
    let trimmed = json!({"name": "Spaced Out", "email": "  spaced@example.com "});
    let created = send_json(example.addr, "POST", "/users", &[], &trimmed);
    assert_eq!(created.status, 201);
    assert_eq!(created.json()["email"], "spaced@example.com");
}

on_each_backend!(
    rfc9111_4_2_2_the_examples_own_errors_are_not_stored,
    ids_a_put_creates_are_bounded_so_that_post_keeps_working,
    addresses_are_checked_as_they_are_stored,
    rfc9110_15_5_13_a_412_names_the_current_tag_and_date,
    rfc6585_3_unconditional_writes_to_existing_users_are_428,
    rfc9110_15_3_2_post_creates_with_location,
    rfc9110_13_1_2_post_with_matching_if_none_match_fails,
    rfc9110_13_1_1_put_with_if_match_then_stale_tag_fails,
    rfc9110_8_8_3_3_if_match_accepts_the_gzip_form_of_the_tag,
    rfc9110_13_1_2_put_creates_and_if_none_match_star_is_create_only,
    rfc9110_13_1_4_put_with_if_unmodified_since,
    rfc9110_13_1_1_patch_is_partial_and_guarded,
    rfc9110_13_1_1_delete_is_guarded,
    rfc9110_13_2_1_missing_user_is_404_before_preconditions,
    rfc9110_8_8_3_recreated_user_never_repeats_an_old_tag,
    rfc9110_13_1_1_malformed_if_match_refuses_the_write,
    rfc9457_bad_bodies_are_problems_and_write_nothing,
    rfc9110_13_1_1_thirty_two_concurrent_puts_have_one_winner,
);
