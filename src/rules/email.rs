//! Placeholder: implemented in the rules change.

use super::Violation;

pub fn check(_value: &str) -> Result<(), Violation> {
    Ok(())
}
