//! A run's first days of the starts ([`Began`]): each start's documented day, or the day the run
//! set for it (`mynakit run --began NAME=YYYY-MM-DD`, `docs/rules.md`, "Setting a start's day").
//!
//! Most starts' days are defaults, not days read in a primary source (a notice's date, the first
//! of a month, a city's page), and a vendor whose app changed on another day judges it by its
//! own day. The harness (NOT-APPLICABLE before a start), the checks (which judge by the day)
//! and the reference client (which shows the screen of the day, told through `MYNAKIT_BEGAN`)
//! all ask one [`Starts`], so no part of a run judges by a day another part does not.

use std::fmt;

use super::{Began, Day, RulesError};

/// The first day of each start for one run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Starts {
    /// The day the run set, by the start's place in [`Began::ALL`]; `None`: its own.
    set: [Option<Day>; Began::ALL.len()],
}

/// A start's day that cannot be set.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StartsError {
    /// Not `NAME=YYYY-MM-DD`.
    #[error("`{0}` is not NAME=YYYY-MM-DD (starts: {known})", known = known())]
    NotAPair(String),
    /// No start has that name.
    #[error("`{given}`: no start is named `{name}` (starts: {known})", known = known())]
    UnknownStart {
        /// The text as written.
        given: String,
        /// The name in it.
        name: String,
    },
    /// The day is not a day of the calendar written `YYYY-MM-DD` ([`Day::parse`]).
    #[error("`{given}`: `{day}` is not a day written YYYY-MM-DD")]
    NotADate {
        /// The text as written.
        given: String,
        /// The day in it.
        day: String,
    },
    /// The same start set twice with two days.
    #[error("`{given}`: the start `{name}` is already set to {day}")]
    SetTwice {
        /// The text as written.
        given: String,
        /// The start's name.
        name: &'static str,
        /// The day it was set to first.
        day: String,
    },
}

fn known() -> String {
    Began::ALL.map(Began::key).join(", ")
}

impl Starts {
    /// The first day of a start a client declares without a day ([`Starts::declare`]): before
    /// every day a run can have.
    pub const EVERY_DAY: &'static str = "0000-01-01";

    /// Sets one start's day from `text`, `NAME=YYYY-MM-DD` (`welfare-screen=2025-05-01`).
    /// Setting a start again to the same day is no error; to another day it is.
    ///
    /// # Errors
    ///
    /// [`StartsError`] naming `text` as written.
    pub fn set(&mut self, text: &str) -> Result<(), StartsError> {
        let Some((name, day)) = text.split_once('=') else {
            return Err(StartsError::NotAPair(text.to_owned()));
        };
        let Some(began) = Began::from_key(name) else {
            return Err(StartsError::UnknownStart {
                given: text.to_owned(),
                name: name.to_owned(),
            });
        };
        let day = Day::parse(day).map_err(|_| StartsError::NotADate {
            given: text.to_owned(),
            day: day.to_owned(),
        })?;
        let slot = &mut self.set[began.index()];
        match slot {
            Some(earlier) if *earlier != day => Err(StartsError::SetTwice {
                given: text.to_owned(),
                name: began.key(),
                day: written(*earlier),
            }),
            _ => {
                *slot = Some(day);
                Ok(())
            }
        }
    }

    /// The starts set by `texts`, each `NAME=YYYY-MM-DD`, in order.
    ///
    /// # Errors
    ///
    /// The first text that cannot be set ([`Starts::set`]).
    pub fn parse_all<'t>(texts: impl IntoIterator<Item = &'t str>) -> Result<Starts, StartsError> {
        let mut starts = Starts::default();
        for text in texts {
            starts.set(text)?;
        }
        Ok(starts)
    }

    /// Sets the start a client declares it implements (`capabilities.began`,
    /// `docs/client-protocol.md`, "Capabilities"): `NAME=YYYY-MM-DD`, the day its build began
    /// to play it, as [`Starts::set`]; or `NAME` alone, a build that plays it on every day,
    /// whatever a scenario's day (its first day then the earliest there is, `0000-01-01`).
    ///
    /// # Errors
    ///
    /// [`StartsError`] naming `text` as written.
    pub fn declare(&mut self, text: &str) -> Result<(), StartsError> {
        if text.contains('=') {
            return self.set(text);
        }
        self.set(&format!("{text}={}", Starts::EVERY_DAY))
            .map_err(|e| match e {
                StartsError::UnknownStart { name, .. } => StartsError::UnknownStart {
                    given: text.to_owned(),
                    name,
                },
                StartsError::SetTwice { name, day, .. } => StartsError::SetTwice {
                    given: text.to_owned(),
                    name,
                    day,
                },
                other => other,
            })
    }

    /// The starts as `MYNAKIT_BEGAN` carries them: `NAME=YYYY-MM-DD` separated by commas, or
    /// the empty text when none is set ([`Starts::from_env`] reads it back).
    ///
    /// # Errors
    ///
    /// [`StartsError`] naming the part that cannot be set.
    pub fn from_env(text: &str) -> Result<Starts, StartsError> {
        Starts::parse_all(text.split(',').filter(|part| !part.is_empty()))
    }

    /// These days, and `other`'s for each start these leave at its own: a run's `--began` over
    /// the `MYNAKIT_BEGAN` of its environment.
    pub fn or(&self, other: &Starts) -> Starts {
        let mut set = self.set;
        for (mine, theirs) in set.iter_mut().zip(other.set) {
            *mine = mine.or(theirs);
        }
        Starts { set }
    }

    /// Whether the run set no day.
    pub fn is_empty(&self) -> bool {
        self.set.iter().all(Option::is_none)
    }

    /// Whether the run set `began`'s day.
    pub fn is_set(&self, began: Began) -> bool {
        self.set[began.index()].is_some()
    }

    /// `began`'s first day in this run, `YYYY-MM-DD`: the day set, else its own
    /// ([`Began::first_day`]).
    pub fn first_day(&self, began: Began) -> String {
        self.set[began.index()].map_or_else(|| began.first_day().to_owned(), written)
    }

    /// Whether `began` is in force on `day` (`YYYY-MM-DD`) in this run: on its first day and
    /// after.
    ///
    /// # Errors
    ///
    /// [`RulesError::NotADate`] when `day` is not `YYYY-MM-DD`.
    pub fn in_force_on(&self, began: Began, day: &str) -> Result<bool, RulesError> {
        super::check_date(day)?;
        // `YYYY-MM-DD` orders as the days it names.
        Ok(day >= self.first_day(began).as_str())
    }
}

/// The set days as `MYNAKIT_BEGAN` carries them (`welfare-screen=2025-05-01,phone-card=…`).
impl fmt::Display for Starts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for began in Began::ALL {
            if let Some(day) = self.set[began.index()] {
                if !first {
                    f.write_str(",")?;
                }
                first = false;
                write!(f, "{}={}", began.key(), written(day))?;
            }
        }
        Ok(())
    }
}

/// `day` written `YYYY-MM-DD`.
fn written(day: Day) -> String {
    format!("{:04}-{:02}-{:02}", day.year, day.month, day.day)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_declared_start_without_a_day_is_in_force_on_every_day() {
        let mut starts = Starts::default();
        starts.declare("app-registration").unwrap();
        starts.declare("history-hand-off=2024-09-01").unwrap();
        assert!(starts
            .in_force_on(Began::AppRegistration, "2021-03-04")
            .unwrap());
        assert_eq!(starts.first_day(Began::HistoryHandOff), "2024-09-01");
        assert_eq!(
            starts.declare("no-such-start"),
            Err(StartsError::UnknownStart {
                given: "no-such-start".into(),
                name: "no-such-start".into()
            })
        );
    }

    #[test]
    fn a_set_day_moves_only_its_start() {
        let starts = Starts::parse_all(["welfare-screen=2025-05-01"]).unwrap();
        assert!(starts.is_set(Began::WelfareScreen));
        assert_eq!(starts.first_day(Began::WelfareScreen), "2025-05-01");
        assert!(!starts
            .in_force_on(Began::WelfareScreen, "2025-04-30")
            .unwrap());
        assert!(starts
            .in_force_on(Began::WelfareScreen, "2025-05-01")
            .unwrap());
        assert_eq!(starts.first_day(Began::PhoneCard), "2025-09-19");
        assert!(!starts.is_set(Began::PhoneCard));
        assert!(Starts::default().is_empty());
        for b in Began::ALL {
            assert_eq!(Starts::default().first_day(b), b.first_day(), "{b:?}");
            assert_eq!(Began::from_key(b.key()), Some(b));
        }
    }

    #[test]
    fn a_flag_wins_over_the_environment_start_by_start() {
        let flag = Starts::parse_all(["kenshin=2024-06-01"]).unwrap();
        let env = Starts::from_env("kenshin=2024-05-01,phone-card=2025-10-01").unwrap();
        let run = flag.or(&env);
        assert_eq!(run.first_day(Began::LimitedTypeCheckup), "2024-06-01");
        assert_eq!(run.first_day(Began::PhoneCard), "2025-10-01");
        assert!(!run.is_set(Began::WelfareScreen));
    }

    #[test]
    fn the_environment_carries_what_was_set() {
        let starts = Starts::parse_all(["phone-card=2025-10-01", "kyotaku=2024-05-01"]).unwrap();
        let text = starts.to_string();
        assert_eq!(text, "kyotaku=2024-05-01,phone-card=2025-10-01");
        assert_eq!(Starts::from_env(&text), Ok(starts));
        assert_eq!(Starts::from_env(""), Ok(Starts::default()));
    }

    #[test]
    fn bad_text_is_refused_naming_it() {
        let e = Starts::parse_all(["welfare-screen"])
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("`welfare-screen` is not NAME=YYYY-MM-DD (starts: information-viewing,"),
            "{e}"
        );
        let e = Starts::parse_all(["welfare=2025-05-01"])
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("`welfare=2025-05-01`: no start is named `welfare` (starts: "),
            "{e}"
        );
        let e = Starts::parse_all(["phone-card=2025-02-30"])
            .unwrap_err()
            .to_string();
        assert!(
            e == "`phone-card=2025-02-30`: `2025-02-30` is not a day written YYYY-MM-DD",
            "{e}"
        );
        let e = Starts::parse_all(["phone-card=2025-10-01", "phone-card=2025-10-02"])
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "`phone-card=2025-10-02`: the start `phone-card` is already set to 2025-10-01"
        );
        assert!(Starts::parse_all(["phone-card=2025-10-01", "phone-card=2025-10-01"]).is_ok());
    }
}
