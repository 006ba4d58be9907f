// RFC 9110 §5.1: a requester's field is a field name, checked where the static is declared.
use etag_runtime::actix::Requester;

static BY_NAME: Requester = Requester::field("X User");

fn main() {
    let _ = &BY_NAME;
}
