//! The card-check API's routes the checks look for.

pub(super) const CONFIRMATIONS: &str = "/v1/confirmations";
pub(super) const REGISTRATIONS: &str = "/v1/registrations";
pub(super) const CHALLENGES: &str = "/v1/challenges";
