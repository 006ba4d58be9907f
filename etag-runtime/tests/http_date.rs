//! HTTP-dates: the three forms of RFC 9110 §5.6.7 and the rules for reading them.

use etag_runtime::HttpDate;

const SUNDAY_1994: i64 = 784_111_777; // Sun, 06 Nov 1994 08:49:37 GMT

fn parse(text: &str) -> Option<i64> {
    HttpDate::parse_in_year(text.as_bytes(), 2026)
        .ok()
        .map(HttpDate::unix_seconds)
}

// RFC 9110 §5.6.7: the preferred IMF-fixdate form.
#[test]
fn rfc9110_5_6_7_imf_fixdate() {
    assert_eq!(parse("Sun, 06 Nov 1994 08:49:37 GMT"), Some(SUNDAY_1994));
}

// RFC 9110 §5.6.7: recipients MUST accept the obsolete rfc850-date form.
#[test]
fn rfc9110_5_6_7_rfc850_date() {
    assert_eq!(parse("Sunday, 06-Nov-94 08:49:37 GMT"), Some(SUNDAY_1994));
}

// RFC 9110 §5.6.7: recipients MUST accept the obsolete asctime-date form, with its space-padded day.
#[test]
fn rfc9110_5_6_7_asctime_date() {
    assert_eq!(parse("Sun Nov  6 08:49:37 1994"), Some(SUNDAY_1994));
    assert_eq!(parse("Thu Nov 16 08:49:37 1994"), Some(SUNDAY_1994 + 10 * 86_400));
}

// RFC 9110 §5.6.7: a two-digit year more than 50 years ahead is the most recent past year with those digits.
#[test]
fn rfc9110_5_6_7_rfc850_two_digit_year_window() {
    let year_of = |text: &str, now: i64| {
        let date = HttpDate::parse_in_year(text.as_bytes(), now).unwrap();
        date.to_string()[12..16].parse::<i64>().unwrap()
    };
    assert_eq!(year_of("Monday, 01-Jan-76 00:00:00 GMT", 2026), 2076);
    assert_eq!(year_of("Thursday, 01-Jan-77 00:00:00 GMT", 2026), 1977);
    assert_eq!(year_of("Sunday, 06-Nov-94 08:49:37 GMT", 2026), 1994);
}

// RFC 9110 §5.6.7: senders generate IMF-fixdate; formatting round-trips, including leap days and old dates.
#[test]
fn rfc9110_5_6_7_formats_imf_fixdate() {
    for (seconds, text) in [
        (SUNDAY_1994, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
        (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
    ] {
        let date = HttpDate::from_unix_seconds(seconds);
        assert_eq!(date.to_string(), text);
        assert_eq!(parse(text), Some(seconds));
    }
}

// RFC 9110 §5.6.7: impossible dates and times are not HTTP-dates (and so are ignored by §13.1.3/§13.1.4).
#[test]
fn rfc9110_5_6_7_rejects_impossible_dates() {
    for bad in [
        "Sun, 31 Nov 1994 08:49:37 GMT",
        "Sun, 29 Feb 1900 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:00 GMT",
        "Sun, 00 Nov 1994 08:49:37 GMT",
    ] {
        assert_eq!(parse(bad), None, "{bad}");
    }
    assert!(
        parse("Sat, 31 Dec 2016 23:59:60 GMT").is_some(),
        "a leap second is allowed"
    );
}

// RFC 9110 §5.6.7: the grammar is exact: case-sensitive names, GMT, fixed widths, single spaces.
#[test]
fn rfc9110_5_6_7_rejects_malformed_text() {
    for bad in [
        "",
        "yesterday",
        "sun, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 6 Nov 1994 08:49:37 GMT",
        "Sun,  06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 94 08:49:37 GMT",
        "Sun, 06 Nov 1994 8:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT extra",
        "Sun Nov 6 08:49:37 1994",
        "Sunday, 06-Nov-1994 08:49:37 GMT",
        "Funday, 06-Nov-94 08:49:37 GMT",
        "1994-11-06T08:49:37Z",
    ] {
        assert_eq!(parse(bad), None, "{bad:?}");
    }
    assert!(HttpDate::parse(b"Sun, 06 Nov 1994 08:49:37 GMT\xff").is_err());
}

// RFC 9110 §5.6.7: HTTP-dates carry whole seconds; a SystemTime is truncated when converted.
#[test]
fn rfc9110_5_6_7_truncates_to_whole_seconds() {
    use std::time::{Duration, UNIX_EPOCH};
    let time = UNIX_EPOCH + Duration::from_millis(1_500);
    assert_eq!(HttpDate::from(time).unix_seconds(), 1);
    let back: std::time::SystemTime = HttpDate::from_unix_seconds(1).into();
    assert_eq!(back, UNIX_EPOCH + Duration::from_secs(1));
}

// Why this crate keeps its own HTTP-date code rather than the `httpdate` crate (see `validators/http_date.rs`).
// Each test shows one difference; if `httpdate` ever changes there, the test fails and the choice is made again.
mod why_not_httpdate {
    use std::time::{Duration, UNIX_EPOCH};

    use etag_runtime::HttpDate;

    // RFC 9110 §5.6.7: a two-digit year is read relative to the current year, not in a fixed window.
    #[test]
    fn rfc9110_5_6_7_two_digit_year_relative_to_now() {
        let text = "Thursday, 01-Jan-70 00:00:00 GMT";
        let theirs = httpdate::parse_http_date(text).expect("httpdate reads it");
        assert_eq!(theirs, UNIX_EPOCH, "httpdate reads 70 as 1970");
        let ours = HttpDate::parse_in_year(text.as_bytes(), 2026).unwrap();
        assert_eq!(
            ours.to_string(),
            "Wed, 01 Jan 2070 00:00:00 GMT",
            "44 years ahead is not more than 50"
        );
    }

    // RFC 9110 §13.1.4: an invalid If-Unmodified-Since is ignored, so a wrong weekday must not make it invalid.
    #[test]
    fn rfc9110_13_1_4_wrong_weekday_keeps_the_date() {
        let text = "Mon, 06 Nov 1994 08:49:37 GMT"; // 6 November 1994 was a Sunday
        assert!(httpdate::parse_http_date(text).is_err(), "httpdate refuses the date");
        assert_eq!(HttpDate::parse(text.as_bytes()).unwrap().unix_seconds(), 784_111_777);
    }

    // RFC 9110 §5.6.7: `year = 4DIGIT`, so years before 1970 are HTTP-dates; formatting one must not panic.
    #[test]
    fn rfc9110_5_6_7_years_before_1970() {
        let text = "Sat, 01 Jan 1966 00:00:00 GMT";
        assert!(
            httpdate::parse_http_date(text).is_err(),
            "httpdate refuses years before 1970"
        );
        assert_eq!(HttpDate::parse(text.as_bytes()).unwrap().to_string(), text);

        let before_epoch = UNIX_EPOCH - Duration::from_secs(1);
        let formatted = std::panic::catch_unwind(|| httpdate::fmt_http_date(before_epoch));
        assert!(formatted.is_err(), "httpdate panics on a time before 1970");
        assert_eq!(
            HttpDate::from(before_epoch).to_string(),
            "Wed, 31 Dec 1969 23:59:59 GMT"
        );
    }

    // RFC 9110 §5.6.7: `second = 2DIGIT` ranges to 60, for a leap second.
    #[test]
    fn rfc9110_5_6_7_leap_second() {
        let text = "Sat, 31 Dec 2016 23:59:60 GMT";
        assert!(httpdate::parse_http_date(text).is_err(), "httpdate refuses second 60");
        let ours = HttpDate::parse(text.as_bytes()).unwrap();
        assert_eq!(ours.to_string(), "Sun, 01 Jan 2017 00:00:00 GMT");
    }
}
