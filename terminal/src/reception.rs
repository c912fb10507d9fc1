//! The bulk receptions the terminal holds between an upload and its download: what was asked
//! and when it is ready (`bulk` makes and answers them; the terminal's state keeps them).

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

impl Reception {
    pub(crate) fn ready(&self, now: OffsetDateTime) -> bool {
        now >= self.ready_at || Instant::now() >= self.ready_instant
    }
}
