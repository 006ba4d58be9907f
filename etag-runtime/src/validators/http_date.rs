//! HTTP-date (RFC 9110 §5.6.7): IMF-fixdate, and the obsolete rfc850-date and asctime-date forms.
//!
//! Why not the `httpdate` crate, which actix-http already depends on: for what this crate needs, it differs
//! from RFC 9110 or from this crate's rules in five ways, each pinned by a test in `tests/http_date.rs` that
//! fails if `httpdate` changes, so that this choice is made again then.
//! - A two-digit rfc850 year is read in a fixed window (1970 to 2069); §5.6.7 reads it relative to the current
//!   year (more than 50 years ahead means the past), so in 2026 `01-Jan-70` is 2070, not 1970.
//! - A weekday that does not match the date makes the whole date invalid, and an invalid If-Unmodified-Since
//!   is ignored (§13.1.4): a client's slip would silently remove the guard on its write. Here the weekday is
//!   checked for spelling only.
//! - Years before 1970 are refused when parsing, and formatting a `SystemTime` before 1970, or after 9999,
//!   panics; a model's `last_modified()` must never be able to make a response panic.
//! - Second 60, which §5.6.7 allows for a leap second, is refused.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A point in time with the one-second precision of an HTTP-date.
///
/// ```
/// use etag_runtime::HttpDate;
///
/// let date: HttpDate = "Sun, 06 Nov 1994 08:49:37 GMT".parse().unwrap();
/// assert_eq!(date, "Sunday, 06-Nov-94 08:49:37 GMT".parse().unwrap());
/// assert_eq!(date, "Sun Nov  6 08:49:37 1994".parse().unwrap());
/// assert_eq!(date.to_string(), "Sun, 06 Nov 1994 08:49:37 GMT");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HttpDate {
    /// Seconds since 1970-01-01T00:00:00Z; negative before it.
    seconds: i64,
}

/// The text is not an HTTP-date in any of the three forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidHttpDate;

impl fmt::Display for InvalidHttpDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not an HTTP-date (RFC 9110 §5.6.7), such as \"Sun, 06 Nov 1994 08:49:37 GMT\"")
    }
}

impl std::error::Error for InvalidHttpDate {}

const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const LONG_WEEKDAYS: [&str; 7] = [
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const SECONDS_PER_DAY: i64 = 86_400;

impl HttpDate {
    /// Parses any of the three forms. A two-digit rfc850 year is read relative to the current year.
    pub fn parse(text: &[u8]) -> Result<Self, InvalidHttpDate> {
        let this_year = HttpDate::from(SystemTime::now()).civil().0;
        Self::parse_in_year(text, this_year)
    }

    /// Parses as [`HttpDate::parse`] would in `this_year`: RFC 9110 §5.6.7 reads a two-digit year that would lie
    /// more than 50 years ahead as the most recent past year with those digits.
    pub fn parse_in_year(text: &[u8], this_year: i64) -> Result<Self, InvalidHttpDate> {
        let text = std::str::from_utf8(text).map_err(|_| InvalidHttpDate)?;
        parse_imf_fixdate(text)
            .or_else(|| parse_rfc850(text, this_year))
            .or_else(|| parse_asctime(text))
            .ok_or(InvalidHttpDate)
    }

    /// The date `seconds` after 1970-01-01T00:00:00Z (before it, for a negative number).
    pub fn from_unix_seconds(seconds: i64) -> Self {
        Self { seconds }
    }

    /// Seconds since 1970-01-01T00:00:00Z; negative before it.
    pub fn unix_seconds(self) -> i64 {
        self.seconds
    }

    /// Year, month (1-12), day, and the seconds into that day.
    fn civil(self) -> (i64, u32, u32, i64) {
        let days = self.seconds.div_euclid(SECONDS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        (year, month, day, self.seconds.rem_euclid(SECONDS_PER_DAY))
    }
}

impl From<SystemTime> for HttpDate {
    /// Truncates to whole seconds, as the header can carry no more (RFC 9110 §5.6.7).
    fn from(time: SystemTime) -> Self {
        let seconds = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => after.as_secs() as i64,
            Err(before) => -(before.duration().as_secs_f64().ceil() as i64),
        };
        Self { seconds }
    }
}

impl From<HttpDate> for SystemTime {
    fn from(date: HttpDate) -> Self {
        let magnitude = Duration::from_secs(date.seconds.unsigned_abs());
        if date.seconds >= 0 {
            UNIX_EPOCH + magnitude
        } else {
            UNIX_EPOCH - magnitude
        }
    }
}

impl std::str::FromStr for HttpDate {
    type Err = InvalidHttpDate;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text.as_bytes())
    }
}

/// Always the preferred IMF-fixdate form (RFC 9110 §5.6.7: senders MUST generate it).
impl fmt::Display for HttpDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day, second_of_day) = self.civil();
        let weekday = WEEKDAYS[self.seconds.div_euclid(SECONDS_PER_DAY).rem_euclid(7) as usize];
        let (hour, minute, second) = (second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60);
        let month = MONTHS[month as usize - 1];
        write!(
            f,
            "{weekday}, {day:02} {month} {year:04} {hour:02}:{minute:02}:{second:02} GMT"
        )
    }
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`
fn parse_imf_fixdate(text: &str) -> Option<HttpDate> {
    let (weekday, rest) = text.split_once(", ")?;
    let rest = rest.strip_suffix(" GMT")?;
    let [day, month, year, time] = split_n::<4>(rest, ' ')?;
    WEEKDAYS.contains(&weekday).then_some(())?;
    build(digits(year, 4)?, month, digits(day, 2)?, time)
}

/// `Sunday, 06-Nov-94 08:49:37 GMT`
fn parse_rfc850(text: &str, this_year: i64) -> Option<HttpDate> {
    let (weekday, rest) = text.split_once(", ")?;
    let rest = rest.strip_suffix(" GMT")?;
    let (date, time) = rest.split_once(' ')?;
    let [day, month, year] = split_n::<3>(date, '-')?;
    LONG_WEEKDAYS.contains(&weekday).then_some(())?;
    build(full_year(digits(year, 2)?, this_year), month, digits(day, 2)?, time)
}

/// `Sun Nov  6 08:49:37 1994` (a one-digit day is padded with a space)
fn parse_asctime(text: &str) -> Option<HttpDate> {
    let (weekday, rest) = text.split_once(' ')?;
    let (month, rest) = rest.split_once(' ')?;
    let day = rest.get(..2)?;
    let [time, year] = split_n::<2>(rest.get(3..)?, ' ')?;
    if rest.as_bytes()[2] != b' ' || !WEEKDAYS.contains(&weekday) {
        return None;
    }
    let day = match day.strip_prefix(' ') {
        Some(single) => digits(single, 1)?,
        None => digits(day, 2)?,
    };
    build(digits(year, 4)?, month, day, time)
}

/// RFC 9110 §5.6.7: a year more than 50 years ahead is the most recent past year with the same two digits.
fn full_year(two_digits: i64, this_year: i64) -> i64 {
    let candidate = this_year - this_year.rem_euclid(100) + two_digits;
    if candidate > this_year + 50 {
        candidate - 100
    } else {
        candidate
    }
}

/// Assembles a date from its parts, rejecting impossible days and times. The weekday is checked for its
/// spelling only: a mismatched one would make us drop a precondition the client meant.
fn build(year: i64, month: &str, day: i64, time: &str) -> Option<HttpDate> {
    let month = MONTHS.iter().position(|&m| m == month)? as u32 + 1;
    let [hour, minute, second] = split_n::<3>(time, ':')?;
    let (hour, minute, second) = (digits(hour, 2)?, digits(minute, 2)?, digits(second, 2)?);
    // RFC 9110 §5.6.7 allows second 60 for a leap second.
    let time_ok = hour < 24 && minute < 60 && second <= 60;
    let day_ok = day >= 1 && day <= days_in_month(year, month);
    (time_ok && day_ok).then(|| HttpDate {
        seconds: days_from_civil(year, month, day as u32) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second,
    })
}

/// Exactly `count` ASCII digits.
fn digits(text: &str, count: usize) -> Option<i64> {
    let all_digits = text.len() == count && text.bytes().all(|b| b.is_ascii_digit());
    all_digits.then(|| text.parse().ok()).flatten()
}

fn split_n<const N: usize>(text: &str, separator: char) -> Option<[&str; N]> {
    let mut parts = text.split(separator);
    let array = std::array::from_fn(|_| parts.next());
    if parts.next().is_some() {
        return None;
    }
    array.iter().all(Option::is_some).then(|| array.map(Option::unwrap))
}

fn days_in_month(year: i64, month: u32) -> i64 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (the well-known era-based algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (i64::from(month) + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}
