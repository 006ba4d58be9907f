//! One tag per representation in the users example (RFC 9110 §8.8.3): the card's languages, the requester of
//! `/me`, and the release, on SQLite and PostgreSQL; each revalidates to its own 304, and a write compares the
//! state whatever representation its client saw (§13.1.1).

mod support;

use serde_json::json;
use support::backend::Backend;
use support::example::{Example, start_users_with};
use support::{Response, get, send_json};

fn etag(response: &Response) -> String {
    response.header("etag").expect("an ETag").to_owned()
}

/// The Vary names, lowercased, one entry per mention (so a name sent twice shows twice).
fn vary_names(response: &Response) -> Vec<String> {
    response
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("vary"))
        .flat_map(|(_, value)| {
            value
                .split(',')
                .map(|name| name.trim().to_ascii_lowercase())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn card(example: &Example, language: &str, headers: &[(&str, &str)]) -> Response {
    let mut headers = headers.to_vec();
    headers.push(("Accept-Language", language));
    get(example.addr, "/users/1/card", &headers)
}

// RFC 9110 §8.8.3 and RFC 9111 §4.3.1: the English and the French card have different strong tags; each
// revalidates to a 304 with its own tag, the other's tag gets the full 200, and Vary names Accept-Language once
// beside Accept-Encoding on the 200 and the 304 (§12.5.5, §15.4.5).
fn rfc9110_8_8_3_each_language_of_the_card_has_its_own_tag(backend: Backend) {
    let example = start_users_with(&backend.database(), &[]);
    let english = card(&example, "en", &[]);
    let french = card(&example, "fr-CH, fr;q=0.9, en;q=0.8", &[]);
    assert!(english.text().contains("lang=\"en\"") && french.text().contains("lang=\"fr\""));
    let (english_tag, french_tag) = (etag(&english), etag(&french));
    assert_ne!(english_tag, french_tag);
    assert!(!english_tag.starts_with("W/") && !french_tag.starts_with("W/"));
    // No Accept-Language is English, and names the English tag.
    assert_eq!(etag(&get(example.addr, "/users/1/card", &[])), english_tag);
    // RFC 9110 §12.4.2: q=0 means "not acceptable", so French refused is English, whatever else is sent.
    for refused in ["fr;q=0", "fr;q=0, en;q=0.5", "fr-CH;q=0, fr;q=0, de", "*, fr;q=0"] {
        let card = card(&example, refused, &[]);
        assert!(card.text().contains("lang=\"en\""), "{refused}: {}", card.text());
        assert_eq!(etag(&card), english_tag, "{refused}");
    }
    for (language, own, other) in [("en", &english_tag, &french_tag), ("fr", &french_tag, &english_tag)] {
        let not_modified = card(&example, language, &[("If-None-Match", own)]);
        assert_eq!(not_modified.status, 304, "{language}");
        assert_eq!(&etag(&not_modified), own, "{language}");
        let full = card(&example, language, &[("If-None-Match", other)]);
        assert_eq!(full.status, 200, "{language}: another variant's tag");
        for response in [&full, &not_modified] {
            let names = vary_names(response);
            let count = |name: &str| names.iter().filter(|named| *named == name).count();
            assert_eq!(
                (count("accept-language"), count("accept-encoding")),
                (1, 1),
                "{language}: {names:?}"
            );
        }
    }
}

// RFC 9110 §8.8.3 and RFC 9111 §5.2.2.7: two requesters of /me get different tags (no id in them), each its own
// 304, and every answer is private and varies on the field that names the requester.
fn rfc9111_5_2_2_7_each_requester_has_its_own_private_tag(backend: Backend) {
    let example = start_users_with(&backend.database(), &[]);
    let me = |user: &str, headers: &[(&str, &str)]| {
        let mut headers = headers.to_vec();
        headers.push(("X-User", user));
        get(example.addr, "/me", &headers)
    };
    let (ada, grace) = (me("1", &[]), me("2", &[]));
    assert_eq!(
        (ada.json()["id"].as_i64(), grace.json()["id"].as_i64()),
        (Some(1), Some(2))
    );
    let (ada_tag, grace_tag) = (etag(&ada), etag(&grace));
    assert_ne!(ada_tag, grace_tag);
    // The user's own tag, then the requester: its state is the user's (`v1`), and it is not the public tag.
    let public = etag(&get(example.addr, "/users/1", &[]));
    assert_ne!(ada_tag, public);
    assert!(ada_tag.starts_with("\"v1+") && ada_tag.contains("+u."), "{ada_tag}");
    let not_modified = me("1", &[("If-None-Match", &ada_tag)]);
    assert_eq!(not_modified.status, 304);
    for response in [&ada, &grace, &not_modified] {
        assert_eq!(response.header("cache-control"), Some("private"));
        assert!(vary_names(response).contains(&"x-user".to_owned()));
    }
    // One requester's tag never validates another's copy.
    let mut grace_with_ada_tag = me("2", &[("If-None-Match", &ada_tag)]);
    assert_eq!(grace_with_ada_tag.status, 200);
    assert_eq!(grace_with_ada_tag.json()["id"], 2);
    grace_with_ada_tag = me("2", &[("If-None-Match", &grace_tag)]);
    assert_eq!(grace_with_ada_tag.status, 304);
    // RFC 9111 §4.1 and §4.2.2: the 404 for a requester with no user varies with the requester too, and is not
    // stored, so that no cache gives it to every user of /me.
    let missing = me("999", &[]);
    assert_eq!(missing.status, 404);
    assert!(
        vary_names(&missing).contains(&"x-user".to_owned()),
        "{:?}",
        missing.headers
    );
    assert_eq!(missing.header("cache-control"), Some("no-store"));
    // RFC 9110 §8.8.3: a requester is its exact bytes; one that is not visible ASCII is refused, never shared.
    let unreadable = me("1\u{ff}", &[]);
    assert_eq!(unreadable.status, 400, "{}", unreadable.text());
    assert!(vary_names(&unreadable).contains(&"x-user".to_owned()));
}

// RFC 9110 §8.8.3 and §13.1.1: two releases on one database send different tags for the models, the user and
// the list (the stats' hashed tag and the card's own tag are the same bytes, so the same tags), a GET with the
// other release's tag gets the body, a write guarded by the other release's tag of the unchanged row passes, and
// one with a stale tag is 412.
fn rfc9110_13_1_1_a_new_release_changes_model_tags_and_keeps_writes(backend: Backend) {
    let database = backend.shared_database();
    let old = start_users_with(&database, &["--release", "2026.11.30"]);
    let new = start_users_with(&database, &["--release", "2026.12.06"]);
    let old_tag = etag(&get(old.addr, "/users/2", &[]));
    let new_tag = etag(&get(new.addr, "/users/2", &[]));
    assert_ne!(old_tag, new_tag, "the release is in the model's tag");
    assert_ne!(
        etag(&get(old.addr, "/users", &[])),
        etag(&get(new.addr, "/users", &[])),
        "and in the list's"
    );
    for path in ["/users/stats", "/users/2/card"] {
        assert_eq!(
            etag(&get(old.addr, path, &[])),
            etag(&get(new.addr, path, &[])),
            "{path}"
        );
    }
    assert_eq!(get(new.addr, "/users/2", &[("If-None-Match", &old_tag)]).status, 200);
    assert_eq!(get(new.addr, "/users/2", &[("If-None-Match", &new_tag)]).status, 304);
    // A rolling deploy: the client read from the old release and writes through the new one.
    let renamed = json!({"name": "Grace B. Hopper", "email": "grace@example.org"});
    let written = send_json(new.addr, "PUT", "/users/2", &[("If-Match", &old_tag)], &renamed);
    assert!(written.status == 200 || written.status == 204, "{}", written.text());
    // Another change with the old tag: the row changed, and this change is not the one in place.
    let other = json!({"name": "Lost Update", "email": "grace@example.org"});
    let stale = send_json(old.addr, "PUT", "/users/2", &[("If-Match", &old_tag)], &other);
    assert_eq!(stale.status, 412, "the row changed: {}", stale.text());
    // RFC 9110 §15.5.13: the 412 names the current tag as that instance's GET sends it, release included; the
    // list's tag too, as that instance's GET sends it.
    assert_eq!(stale.header("etag"), get(old.addr, "/users/2", &[]).header("etag"));
    let refused = send_json(new.addr, "POST", "/users", &[("If-None-Match", "*")], &other);
    assert_eq!(refused.status, 412);
    assert_eq!(refused.header("etag"), get(new.addr, "/users", &[]).header("etag"));
    assert_eq!(get(old.addr, "/users/2", &[]).json()["name"], "Grace B. Hopper");
}

on_each_backend!(
    rfc9110_8_8_3_each_language_of_the_card_has_its_own_tag,
    rfc9111_5_2_2_7_each_requester_has_its_own_private_tag,
    rfc9110_13_1_1_a_new_release_changes_model_tags_and_keeps_writes,
);
