// A refused derive is one error: the code that calls `.etag()` on the type raises nothing more.
use etag_runtime::ETag;

#[derive(ETag)]
struct User {
    id: u64,
    version: u64,
}

fn tag_of(user: &User) -> String {
    user.etag().to_string()
}

fn main() {
    let user = User { id: 1, version: 2 };
    let _ = (user.id, user.version, tag_of(&user));
}
