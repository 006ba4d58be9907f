// A Problem made with a bare number: any u16 (42, 1000) would get in, so it must be the framework's status type.
use etag_runtime::Problem;

fn main() {
    let _ = Problem::new(404u16, "no user 7");
}
