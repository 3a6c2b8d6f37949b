//! Calendar arithmetic shared by date formats (`dictionary::format`) and the identity
//! number rule (`rules`), which must not depend on each other.

/// Whether `y` is a leap year of the Gregorian calendar.
pub fn is_leap_year(y: u32) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

/// Days in month `m` (1–12) of year `y`; 0 for a month that does not exist.
pub fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(y) => 29,
        2 => 28,
        _ => 0,
    }
}
