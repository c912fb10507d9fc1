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
    /// …or in real time from here…
    pub(crate) ready_instant: Instant,
    /// …but not before one download was answered 処理中, when the upload had a delay at all: a
    /// client slowed by its machine or its share (SMB under load) would otherwise first ask after
    /// the delay and never meet the 処理中 its scenario judges (docs/terminal.md, "Bulk").
    pub(crate) processing_owed: bool,
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

    /// The reception under `number`, if any, and whether its download is ready at `now`; a
    /// download not ready is answered 処理中, which pays the 処理中 the reception owed.
    pub(crate) fn poll(&self, number: &str, now: OffsetDateTime) -> Option<(Reception, bool)> {
        let mut receptions = crate::recorder::lock(&self.by_number);
        let reception = receptions.get_mut(number)?;
        let ready = reception.ready(now);
        if !ready {
            reception.processing_owed = false;
        }
        Some((reception.clone(), ready))
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
    fn ready(&self, now: OffsetDateTime) -> bool {
        !self.processing_owed && (now >= self.ready_at || Instant::now() >= self.ready_instant)
    }
}
