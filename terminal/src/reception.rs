//! The bulk receptions the terminal holds between an upload and its download: what was asked
//! and when it is ready (`bulk` makes and answers them; [`Receptions`] keeps them).

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;

use time::OffsetDateTime;

use crate::request::{ConsentQuery, Header, ReferenceRegistration, SearchInfo};

/// What an upload asked for.
#[derive(Clone, Debug)]
pub(crate) enum Job {
    /// `OQSmuquc01`: these searches.
    Check(Vec<SearchInfo>),
    /// `OQSmutic01`: 医療扶助 for this treatment month (yyyyMM).
    Assistance(String),
    /// `OQSmuimm01`: these 照会番号 registrations (made when the download is ready).
    References(Vec<ReferenceRegistration>),
    /// `OQSmuhvq01` / `OQSmuonq01`: the consents of this kind in this date range.
    Consented(ConsentQuery),
}

/// One accepted upload.
#[derive(Clone, Debug)]
pub(crate) struct Reception {
    pub(crate) header: Header,
    pub(crate) job: Job,
    /// Ready on the scenario clock from here…
    pub(crate) ready_at: OffsetDateTime,
    /// …or in real time from here.
    pub(crate) ready_instant: Instant,
}

/// The receptions by `ReceptionNumber`, shared by every handle on the terminal.
#[derive(Debug, Default)]
pub(crate) struct Receptions {
    by_number: Mutex<BTreeMap<String, Reception>>,
}

impl Receptions {
    /// Keeps `reception` under `number`.
    pub(crate) fn insert(&self, number: String, reception: Reception) {
        crate::recorder::lock(&self.by_number).insert(number, reception);
    }

    /// The reception under `number`, if any.
    pub(crate) fn get(&self, number: &str) -> Option<Reception> {
        crate::recorder::lock(&self.by_number).get(number).cloned()
    }
}

impl Clone for Receptions {
    fn clone(&self) -> Receptions {
        Receptions {
            by_number: Mutex::new(crate::recorder::lock(&self.by_number).clone()),
        }
    }
}

impl Reception {
    pub(crate) fn ready(&self, now: OffsetDateTime) -> bool {
        now >= self.ready_at || Instant::now() >= self.ready_instant
    }
}
