//! The card: power, the current DF/EF, the volatile security state, and command dispatch.
//!
//! [`Card::transmit`] is the whole APDU interface: bytes in, bytes out, never a panic. The
//! behaviour copies the real My Number card as recorded in `docs/card.md`; where the public
//! sources disagree, [`Behaviour`] holds a switch.

use rand::RngCore;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use sha2::{Digest, Sha256};

use crate::ap::KENHOJO_PIN;
use crate::apdu::{self, Command, DecodeError, Le};
use crate::behaviour::Behaviour;
use crate::command::{CardCommand, EfRef, SelectTarget, SignKey, SignMode};
use crate::fs::{Access, AppKind, Application, Ef, EfBody, KeyUse};
use crate::key::SHA256_DIGEST_INFO_PREFIX;
use crate::pin::{PinState, VerifyOutcome};
use crate::records::{mf_tag, MfObjects};
use crate::security::{Location, SecurityState};
use crate::sm::{self, CommandObject, Session, SmState};
use mynakit_apdu::Sw;

/// The GlobalPlatform ISD AID; selecting it returns the card to its power-on MF state
/// (myna-card `mf.rs`).
const ISD_AID: [u8; 7] = [0xA0, 0x00, 0x00, 0x01, 0x51, 0x00, 0x00];

/// MF-level EF `001E`: selectable, never readable (myna-card).
const MF_OPAQUE_EF: u16 = 0x001E;

/// A virtual My Number card. Cloning gives an independent card in the same state (keys are
/// shared, read-only).
#[derive(Clone)]
pub struct Card {
    atr: Vec<u8>,
    apps: Vec<Application>,
    behaviour: Behaviour,
    security: SecurityState,
    power: Power,
    rng: ChaCha20Rng,
    mf_objects: MfObjects,
    sm: SmState,
    /// A recorded card replays a log instead (`docs/import.md`); `None` for a virtual card.
    replay: Option<Box<crate::recorded::Replay>>,
}

/// A READ BINARY as the card places it ([`Card::binary_read`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BinaryRead {
    /// The application the EF belongs to.
    pub app: AppKind,
    /// The EF's file id.
    pub fid: u16,
    /// The bytes asked for, clipped to the file's length (empty when the offset is past the
    /// end).
    pub bytes: std::ops::Range<usize>,
}

/// Whether the card is powered, and whether it has answered anything since power-on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Power {
    Off,
    JustOn,
    On,
}

impl std::fmt::Debug for Card {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Card")
            .field("atr", &hex::encode_upper(&self.atr))
            .field(
                "apps",
                &self.apps.iter().map(|a| a.kind).collect::<Vec<_>>(),
            )
            .field("security", &self.security)
            .finish_non_exhaustive()
    }
}

/// A read-only view of one PIN, for tests and status displays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PinInfo {
    /// The application holding it.
    pub app: AppKind,
    /// Its FID.
    pub fid: u16,
    /// Tries left.
    pub tries_left: u8,
    /// The maximum.
    pub max_tries: u8,
    /// Its persistent state.
    pub state: PinState,
    /// Whether it is verified in the current DF session.
    pub verified: bool,
}

impl Card {
    /// A powered card (the reader has already applied power and read the ATR).
    pub fn new(atr: Vec<u8>, apps: Vec<Application>, behaviour: Behaviour, seed: u64) -> Card {
        let seed = behaviour.rng_seed.unwrap_or(seed);
        let mut card = Card {
            atr,
            apps,
            behaviour,
            security: SecurityState::default(),
            power: Power::Off,
            rng: ChaCha20Rng::seed_from_u64(seed),
            mf_objects: MfObjects::default(),
            sm: SmState::Closed,
            replay: None,
        };
        card.power_on();
        card
    }

    /// A recorded card: it answers as `recording` says (the responses a field log saw), with
    /// its ATR, and has no applications or PINs of its own (`docs/import.md`).
    pub fn recorded(recording: crate::recorded::Recording) -> Card {
        let atr = recording.atr.clone();
        let mut card = Card::new(atr, Vec::new(), Behaviour::default(), 0);
        card.replay = Some(Box::new(crate::recorded::Replay::new(recording)));
        card
    }

    /// Whether this is a recorded card ([`Card::recorded`]).
    pub fn is_recorded(&self) -> bool {
        self.replay.is_some()
    }

    /// The card with these MF-level data objects for GET DATA (`docs/card.md`, "Power-on
    /// state"); without them only `5F51` answers.
    pub fn with_mf_objects(mut self, objects: MfObjects) -> Card {
        self.mf_objects = objects;
        self
    }

    /// Changes the stored bytes of the transparent EF `fid` of the AP `app` with `alter` (a
    /// counterfeit card's record, [`crate::personalize::Counterfeit`]); nothing when the card
    /// has no such file.
    pub(crate) fn alter_binary(&mut self, app: AppKind, fid: u16, alter: impl FnOnce(&mut [u8])) {
        let file = self
            .apps
            .iter_mut()
            .filter(|a| a.kind == app)
            .flat_map(|a| a.efs.iter_mut())
            .find(|ef| ef.fid == fid);
        if let Some(Ef {
            body: EfBody::Binary { data, .. },
            ..
        }) = file
        {
            alter(data);
        }
    }

    /// The answer-to-reset.
    pub fn atr(&self) -> &[u8] {
        &self.atr
    }

    /// Cold reset: power on at MF level with no PIN verified. Returns the ATR.
    pub fn power_on(&mut self) -> &[u8] {
        if let Some(replay) = self.replay.as_mut() {
            replay.reset();
        }
        self.security = SecurityState::default();
        self.sm = SmState::Closed;
        self.power = Power::JustOn;
        &self.atr
    }

    /// Power off: clears everything volatile.
    pub fn power_off(&mut self) {
        if let Some(replay) = self.replay.as_mut() {
            replay.reset();
        }
        self.security = SecurityState::default();
        self.sm = SmState::Closed;
        self.power = Power::Off;
    }

    /// Warm reset (`SCARD_RESET_CARD`): back to MF level with no current EF, as at power-on
    /// (jpki-card.md §1, §5.1). Verified PINs stay bound to their DF, so re-selecting that DF
    /// finds them (§6.2), unless [`Behaviour::warm_reset_clears`] says otherwise. Returns the ATR.
    pub fn warm_reset(&mut self) -> &[u8] {
        if let Some(replay) = self.replay.as_mut() {
            replay.reset();
        }
        if self.behaviour.warm_reset_clears || self.power == Power::Off {
            self.security = SecurityState::default();
        } else {
            self.security.warm_reset();
        }
        // Back at MF level: the session belonged to the AP that was current.
        self.sm = SmState::Closed;
        self.power = Power::JustOn;
        &self.atr
    }

    /// Whether the card is powered.
    pub fn is_powered(&self) -> bool {
        self.power != Power::Off
    }

    /// The switches in force.
    pub fn behaviour(&self) -> &Behaviour {
        &self.behaviour
    }

    /// Processes one command APDU and returns the response APDU (data, then SW1 SW2).
    ///
    /// An unpowered card answers `6F00`: a real reader would refuse to send, and the reader
    /// layer reports that itself.
    pub fn transmit(&mut self, capdu: &[u8]) -> Vec<u8> {
        match self.power {
            Power::Off => return Sw::NoPreciseDiagnosis.to_bytes().to_vec(),
            Power::JustOn => {
                self.power = Power::On;
                if self.behaviour.first_command_fails {
                    return Sw::NoPreciseDiagnosis.to_bytes().to_vec();
                }
            }
            Power::On => {}
        }
        if let Some(replay) = self.replay.as_mut() {
            if let Some(answer) = replay.answer(capdu) {
                return answer;
            }
        }
        // A virtual card, or a command its recording never saw: the card's own answer
        // (`docs/import.md`, "Off the logged path").
        let response = match self.process(capdu) {
            Ok(data) => apdu::response(data, Sw::Ok),
            Err(sw) => sw.to_bytes().to_vec(),
        };
        if let Some(replay) = self.replay.as_mut() {
            replay.answered_by_card(capdu, &response);
        }
        response
    }

    /// The commands sent to this recorded card that its recording never saw, in the order
    /// sent, each with the nearest recorded one; empty for a virtual card.
    pub fn unrecorded(&self) -> Vec<crate::recorded::Unrecorded> {
        self.replay
            .as_ref()
            .map(|r| r.unrecorded().to_vec())
            .unwrap_or_default()
    }

    /// Every PIN on the card with its state.
    pub fn pins(&self) -> Vec<PinInfo> {
        let mut out = Vec::new();
        for (index, app) in self.apps.iter().enumerate() {
            for ef in &app.efs {
                if let EfBody::Pin(pin) = &ef.body {
                    out.push(PinInfo {
                        app: app.kind,
                        fid: ef.fid,
                        tries_left: pin.tries_left(),
                        max_tries: pin.max_tries(),
                        state: pin.state().clone(),
                        verified: self.security.is_verified(index, ef.fid),
                    });
                }
            }
        }
        out
    }

    /// One PIN's state.
    pub fn pin(&self, app: AppKind, fid: u16) -> Option<PinInfo> {
        self.pins()
            .into_iter()
            .find(|p| p.app == app && p.fid == fid)
    }

    /// Sets a PIN's tries left on the running card (0 blocks it). Returns false if no such PIN.
    pub fn set_pin_tries(&mut self, app: AppKind, fid: u16, tries: u8) -> bool {
        let Some(pin) = self
            .apps
            .iter_mut()
            .find(|a| a.kind == app)
            .and_then(|a| a.pin_mut(fid))
        else {
            return false;
        };
        pin.set_tries_left(tries);
        true
    }

    /// What `capdu` would read if it is a READ BINARY this card can place: the application
    /// and EF it addresses from where the card is now, and the bytes it asks for, clipped to
    /// the file. Nothing changes on the card. A scenario's fault keyed to what the card is
    /// doing ("while the auth certificate is being read") asks this before the card runs the
    /// command, so it fires for every read pattern a client may use (`docs/card.md`, "Clients
    /// whose read patterns are covered"), not for one client's bytes.
    pub fn binary_read(&self, capdu: &[u8]) -> Option<BinaryRead> {
        let command = Command::decode(capdu).ok()?;
        let CardCommand::ReadBinary { ef, offset, le } = CardCommand::decode(&command).ok()? else {
            return None;
        };
        let (app, index) = self.find(ef).ok()?;
        let file = &self.apps[app].efs[index];
        let EfBody::Binary { data, .. } = &file.body else {
            return None;
        };
        Some(BinaryRead {
            app: self.apps[app].kind,
            fid: file.fid,
            bytes: offset
                ..data
                    .len()
                    .min(offset.saturating_add(le.max_len()))
                    .max(offset),
        })
    }

    /// The application whose DF is current, if any.
    pub fn current_app(&self) -> Option<AppKind> {
        match self.security.location() {
            Location::Df { app, .. } => self.apps.get(app).map(|a| a.kind),
            Location::Mf { .. } => None,
        }
    }

    /// The PINs verified in the current DF session, by FID.
    pub fn verified_pins(&self) -> Vec<u16> {
        self.security.verified().to_vec()
    }

    /// The applications, for inspection.
    pub fn applications(&self) -> &[Application] {
        &self.apps
    }

    fn process(&mut self, capdu: &[u8]) -> Result<Vec<u8>, Sw> {
        let command = Command::decode(capdu).map_err(|e| match e {
            DecodeError::UnsupportedClass { .. } => self.behaviour.unknown_cla,
            other => Sw::from(other),
        })?;
        if command.is_secure_messaging() {
            return self.secure_messaging(&command);
        }
        self.dispatch(&command)
    }

    fn dispatch(&mut self, command: &Command<'_>) -> Result<Vec<u8>, Sw> {
        match CardCommand::decode(command)? {
            CardCommand::Select(target) => self.select(target),
            CardCommand::ReadBinary { ef, offset, le } => self.read_binary(ef, offset, le),
            CardCommand::ReadRecord { ef, number, le } => self.read_record(ef, number, le),
            CardCommand::Verify { ef, pin } => self.verify(ef, pin),
            CardCommand::ChangePin { ef, new } => self.change_pin(ef, new),
            CardCommand::GetChallenge { len } => Ok(self.challenge(len)),
            CardCommand::Sign {
                mode,
                key,
                data,
                le,
            } => self.sign(mode, key, data, le),
            CardCommand::InternalAuthenticate { ef, data } => self.internal_authenticate(ef, data),
            CardCommand::GetData { tag, le } => self.get_data(tag, le),
            CardCommand::SetSessionKey { plain_form, data } => {
                self.set_session_key(plain_form, data)
            }
            CardCommand::VerifyTerminalCertificate { p1: 0x00, p2: 0xC1 } => {
                Err(self.behaviour.terminal_certificate_c1)
            }
            CardCommand::VerifyTerminalCertificate { .. } => Err(Sw::IncorrectP1P2),
            CardCommand::PhoneToken => Err(Sw::WrongLength),
            CardCommand::Unknown { .. } => Err(self.behaviour.unknown_ins),
        }
    }

    // --- SELECT ---------------------------------------------------------------------------

    fn select(&mut self, target: SelectTarget<'_>) -> Result<Vec<u8>, Sw> {
        match target {
            SelectTarget::DfName { name, fci } => self.select_df(name, fci),
            SelectTarget::Ef(fid) => self.select_ef(fid),
            // Right after reset the MF form is refused; once an AP was selected it is accepted
            // without changing the current DF (myna-card `mf.rs`).
            SelectTarget::Mf => match self.security.location() {
                Location::Mf { .. } => Err(Sw::IncorrectP1P2),
                Location::Df { .. } => Ok(Vec::new()),
            },
            SelectTarget::FromMf => Err(Sw::FileNotFound),
        }
    }

    fn select_df(&mut self, name: &[u8], fci: bool) -> Result<Vec<u8>, Sw> {
        if name.is_empty() {
            return Err(Sw::FileNotFound);
        }
        // A secure-messaging session ends whenever a DF is selected (myna-card `sm.rs`).
        self.sm = SmState::Closed;
        if ISD_AID.starts_with(name) && name.len() >= 5 {
            self.security = SecurityState::default();
            return Ok(Vec::new());
        }
        // JICSAP allows a prefix of the DF name, and the card honours it (myna-card).
        let index = self
            .apps
            .iter()
            .position(|app| app.aid.starts_with(name))
            .ok_or(self.behaviour.unknown_aid)?;
        self.security
            .enter_df(index, self.behaviour.reselect_same_df_clears);
        if fci && self.behaviour.fci_on_select {
            let aid = &self.apps[index].aid;
            let mut out = vec![0x6F, (aid.len() + 2) as u8, 0x84, aid.len() as u8];
            out.extend_from_slice(aid);
            return Ok(out);
        }
        Ok(Vec::new())
    }

    fn select_ef(&mut self, fid: u16) -> Result<Vec<u8>, Sw> {
        match self.security.location() {
            Location::Mf { .. } => {
                if fid != MF_OPAQUE_EF {
                    return Err(Sw::FileNotFound);
                }
                self.security.set_mf_ef();
            }
            Location::Df { app, .. } => {
                let ef = self.apps[app].find(fid).ok_or(self.behaviour.unknown_fid)?;
                self.security.set_ef(ef);
            }
        }
        Ok(Vec::new())
    }

    /// Resolves an EF reference in the current DF; the SFI form also makes the EF current, a
    /// key reference does not.
    fn locate(&mut self, ef: EfRef) -> Result<(usize, usize), Unresolved> {
        let (app, index) = self.find(ef)?;
        if matches!(ef, EfRef::Sfi(_)) {
            self.security.set_ef(index);
        }
        Ok((app, index))
    }

    /// The EF `ef` addresses from where the card is now (its application and index), without
    /// making it current: what [`Card::locate`] finds.
    fn find(&self, ef: EfRef) -> Result<(usize, usize), Unresolved> {
        match (self.security.location(), ef) {
            (Location::Mf { ef: Some(()) }, _) => Err(Unresolved::MfEf),
            (Location::Mf { ef: None } | Location::Df { ef: None, .. }, EfRef::Current) => {
                Err(Unresolved::NoCurrentEf)
            }
            (Location::Mf { ef: None }, EfRef::Sfi(_) | EfRef::Reference(_)) => {
                Err(Unresolved::AtMf)
            }
            (Location::Df { app, ef: Some(ef) }, EfRef::Current) => Ok((app, ef)),
            (Location::Df { app, .. }, EfRef::Sfi(n) | EfRef::Reference(n)) => {
                let index = self.apps[app]
                    .find(u16::from(n))
                    .ok_or(Unresolved::NotInDf)?;
                Ok((app, index))
            }
        }
    }

    /// [`Card::locate`] for commands on files and keys, with the status word for a miss.
    fn resolve(&mut self, ef: EfRef) -> Result<(usize, usize), Sw> {
        self.locate(ef).map_err(|miss| match miss {
            Unresolved::NoCurrentEf => self.behaviour.no_current_ef,
            Unresolved::NotInDf => self.behaviour.unknown_fid,
            // Nothing is found at MF level (myna-card `mf.rs`: 2F10, 2F11, 3F00 → 6A82).
            Unresolved::AtMf => Sw::FileNotFound,
            Unresolved::MfEf => Sw::IncompatibleWithFile,
        })
    }

    fn allowed(&self, app: usize, access: &Access) -> bool {
        match access {
            Access::Always => true,
            Access::AnyOf(pins) => pins.iter().any(|fid| self.security.is_verified(app, *fid)),
        }
    }

    // --- READ -----------------------------------------------------------------------------

    fn read_binary(&mut self, ef: EfRef, offset: usize, le: Le) -> Result<Vec<u8>, Sw> {
        let (app, index) = self.resolve(ef)?;
        let EfBody::Binary { data, read } = &self.apps[app].efs[index].body else {
            return Err(Sw::IncompatibleWithFile);
        };
        if !self.allowed(app, read) {
            return Err(Sw::SecurityStatusNotSatisfied);
        }
        if offset >= data.len() {
            return Err(self.behaviour.read_past_end);
        }
        // A read past the end returns what is left, with 9000 (myna-card, mnbcard, nfcpy).
        let end = data.len().min(offset + le.max_len());
        Ok(with_room_for_sw(&data[offset..end]))
    }

    fn read_record(&mut self, ef: EfRef, number: u8, le: Le) -> Result<Vec<u8>, Sw> {
        let (app, index) = self.resolve(ef)?;
        let EfBody::Records { records, read } = &self.apps[app].efs[index].body else {
            return Err(Sw::IncompatibleWithFile);
        };
        if !self.allowed(app, read) {
            return Err(Sw::SecurityStatusNotSatisfied);
        }
        let record = records
            .get(usize::from(number) - 1)
            .ok_or(Sw::RecordNotFound)?;
        if le == Le::Absent {
            return Err(Sw::WrongLength);
        }
        Ok(with_room_for_sw(&record[..record.len().min(le.max_len())]))
    }

    // --- PINs -----------------------------------------------------------------------------

    /// Resolves the PIN a VERIFY or CHANGE addresses.
    fn resolve_pin(&mut self, ef: EfRef) -> Result<(usize, usize), Sw> {
        let (app, index) = self.locate(ef).map_err(|miss| match miss {
            Unresolved::NoCurrentEf => self.behaviour.no_current_ef,
            Unresolved::NotInDf | Unresolved::AtMf => self.behaviour.unknown_key_reference,
            Unresolved::MfEf => Sw::IncompatibleWithFile,
        })?;
        match self.apps[app].efs[index].body {
            EfBody::Pin(_) => Ok((app, index)),
            _ => Err(self.behaviour.verify_not_a_pin),
        }
    }

    fn verify(&mut self, ef: EfRef, candidate: Option<&[u8]>) -> Result<Vec<u8>, Sw> {
        let (app, index) = self.resolve_pin(ef)?;
        let wrong_format = self.behaviour.verify_wrong_format;
        let not_set = self.behaviour.not_set_pin;
        let fid = self.apps[app].efs[index].fid;
        let EfBody::Pin(pin) = &mut self.apps[app].efs[index].body else {
            return Err(Sw::IncompatibleWithFile);
        };
        let Some(candidate) = candidate else {
            // The empty form never returns 9000, even once verified (OpenSC issue #959).
            return Err(pin.status(not_set));
        };
        match pin.verify(candidate, wrong_format, not_set) {
            VerifyOutcome::Verified => {
                self.security.mark_verified(fid);
                Ok(Vec::new())
            }
            VerifyOutcome::Rejected(sw) => {
                self.security.clear_verified(fid);
                Err(sw)
            }
        }
    }

    fn change_pin(&mut self, ef: EfRef, new: &[u8]) -> Result<Vec<u8>, Sw> {
        let (app, index) = self.resolve_pin(ef)?;
        let fid = self.apps[app].efs[index].fid;
        if !self.security.is_verified(app, fid) {
            return Err(Sw::SecurityStatusNotSatisfied);
        }
        let wrong_format = self.behaviour.change_wrong_format;
        let EfBody::Pin(pin) = &mut self.apps[app].efs[index].body else {
            return Err(Sw::IncompatibleWithFile);
        };
        pin.change(new, wrong_format)?;
        Ok(Vec::new())
    }

    // --- Keys -----------------------------------------------------------------------------

    fn challenge(&mut self, len: usize) -> Vec<u8> {
        let mut out = vec![0u8; len];
        self.rng.fill_bytes(&mut out);
        out
    }

    fn sign(&mut self, mode: SignMode, key: SignKey, data: &[u8], le: Le) -> Result<Vec<u8>, Sw> {
        let (app, index) = match key {
            SignKey::Ef(ef) => self.resolve(ef)?,
            SignKey::ApOwn => {
                let Location::Df { app, .. } = self.security.location() else {
                    return Err(Sw::IncorrectP1P2);
                };
                let fid = self.apps[app].own_key.ok_or(Sw::IncorrectP1P2)?;
                (app, self.apps[app].find(fid).ok_or(Sw::IncorrectP1P2)?)
            }
        };
        let EfBody::Key { key, usage, role } = &self.apps[app].efs[index].body else {
            return Err(Sw::IncompatibleWithFile);
        };
        match role {
            KeyUse::Signature | KeyUse::ApInternal => {}
            KeyUse::InternalAuthenticate => return Err(Sw::ConditionsNotSatisfied),
        }
        if !self.allowed(app, usage) {
            return Err(self.refusal(app, usage));
        }
        let wrong_length = self.behaviour.sign_input_wrong_length;
        let hashed;
        let input: &[u8] = match mode {
            SignMode::Raw => data,
            SignMode::HashBare => {
                hashed = Sha256::digest(data).to_vec();
                &hashed
            }
            SignMode::DigestInfoOfHash => {
                if data.len() != 32 {
                    return Err(wrong_length);
                }
                hashed = [&SHA256_DIGEST_INFO_PREFIX[..], data].concat();
                &hashed
            }
            SignMode::HashDigestInfo => {
                hashed = [&SHA256_DIGEST_INFO_PREFIX[..], &Sha256::digest(data)[..]].concat();
                &hashed
            }
            SignMode::PssOfHash | SignMode::PssHash => {
                let digest: [u8; 32] = match mode {
                    SignMode::PssOfHash => data.try_into().map_err(|_| wrong_length)?,
                    _ if data.is_empty() => return Err(wrong_length),
                    _ => Sha256::digest(data).into(),
                };
                let signature = key.sign_pss(&digest, &mut self.rng)?;
                if le != Le::Absent && le.max_len() < signature.len() {
                    return Err(Sw::WrongLength);
                }
                return Ok(signature);
            }
        };
        if input.is_empty() || input.len() > key.max_input() {
            return Err(wrong_length);
        }
        let signature = key.sign_raw(input)?;
        if le != Le::Absent && le.max_len() < signature.len() {
            return Err(Sw::WrongLength);
        }
        Ok(signature)
    }

    /// Why a guarded key is refused: the configured answers for a PIN not verified and for a
    /// blocked PIN.
    fn refusal(&self, app: usize, usage: &Access) -> Sw {
        let Access::AnyOf(pins) = usage else {
            return self.behaviour.sign_without_pin;
        };
        let blocked = pins.iter().all(|fid| {
            self.apps[app]
                .pin(*fid)
                .is_some_and(|p| *p.state() == PinState::Blocked)
        });
        if blocked {
            self.behaviour.sign_with_blocked_pin
        } else {
            self.behaviour.sign_without_pin
        }
    }

    fn internal_authenticate(&mut self, ef: EfRef, data: &[u8]) -> Result<Vec<u8>, Sw> {
        let (app, index) = self.resolve(ef)?;
        let EfBody::Key { key, usage, role } = &self.apps[app].efs[index].body else {
            return Err(Sw::IncompatibleWithFile);
        };
        match role {
            KeyUse::InternalAuthenticate => {}
            KeyUse::Signature => return Err(Sw::SecurityStatusNotSatisfied),
            KeyUse::ApInternal => return Err(Sw::ConditionsNotSatisfied),
        }
        if !self.allowed(app, usage) {
            return Err(Sw::SecurityStatusNotSatisfied);
        }
        if data.is_empty() || data.len() > 255 {
            return Err(Sw::WrongLength);
        }
        key.sign_sha256_digest_info(data)
    }

    /// GET DATA: the MF-level objects answer only at MF level; `5F51` (the contact ATR without
    /// TS, last byte its XOR check) answers there and in every AP, since cards differ and
    /// myna-card reads it inside 共通AP (`card.rs` `contact_atr`). The value is returned without
    /// its tag, as myna-card's fixtures and `contact_atr` show. Large objects need an extended Le.
    fn get_data(&self, tag: u16, le: Le) -> Result<Vec<u8>, Sw> {
        let value = if tag == mf_tag::CONTACT_ATR {
            self.atr.get(1..).unwrap_or_default()
        } else if !matches!(self.security.location(), Location::Mf { .. }) {
            return Err(self.behaviour.get_data_in_ap);
        } else {
            self.mf_objects
                .get(tag)
                .ok_or(self.behaviour.get_data_other_object)?
        };
        // A short Le for a large object is refused, not answered 6Cxx (myna-card `get_data`).
        if le.max_len() < value.len() {
            return Err(Sw::WrongLength);
        }
        Ok(with_room_for_sw(value))
    }

    // --- Secure messaging (券面事項入力補助AP) -------------------------------------------------

    /// SET SESSION KEY. Only the 券面事項入力補助AP delivers a key; the others refuse as real
    /// cards do: JPKI and 住基 `6982`, 共通 and 券面事項確認 `66F1` (myna-card `ap/text.rs`). In
    /// kenhojo the access check comes first (`6982` without the PIN, even with the right key),
    /// then the decryption (`6A80` for a wrong key or structure, `6F00` for a value at or above
    /// the modulus).
    fn set_session_key(&mut self, plain_form: bool, data: &[u8]) -> Result<Vec<u8>, Sw> {
        let Location::Df { app, .. } = self.security.location() else {
            return Err(Sw::ConditionsNotSatisfied);
        };
        match self.apps[app].kind {
            AppKind::Kenhojo => {}
            AppKind::Common | AppKind::Kenkaku => return Err(Sw::Other(0x66F1)),
            AppKind::Jpki | AppKind::Juki => return Err(Sw::SecurityStatusNotSatisfied),
        }
        if !plain_form {
            return Err(Sw::IncorrectP1P2);
        }
        if !self.security.is_verified(app, KENHOJO_PIN) {
            return Err(Sw::SecurityStatusNotSatisfied);
        }
        // EF 0006 publishes the AP key's public half (docs/card-records.md), so that key decrypts.
        let key = self.apps[app]
            .own_key
            .and_then(|fid| self.apps[app].find(fid))
            .and_then(|index| match &self.apps[app].efs[index].body {
                EfBody::Key { key, .. } => Some(key.clone()),
                _ => None,
            })
            .ok_or(Sw::ConditionsNotSatisfied)?;
        if data.len() != key.signature_len() {
            return Err(Sw::WrongLength);
        }
        if key.exceeds_modulus(data) {
            return Err(Sw::NoPreciseDiagnosis);
        }
        let plaintext = key.decrypt_oaep_sha256(data).ok_or(Sw::IncorrectData)?;
        let session = Session::from_delivery(&plaintext).map_err(|_| Sw::IncorrectData)?;
        self.sm = SmState::Open(session);
        Ok(Vec::new())
    }

    /// A command with CLA `08`/`0C`: unwrapped, run as the plain command, and its response
    /// wrapped (`emulator/src/sm.rs`).
    fn secure_messaging(&mut self, command: &Command<'_>) -> Result<Vec<u8>, Sw> {
        let SmState::Open(session) = &mut self.sm else {
            return Err(sm::SM_NO_SESSION);
        };
        if command.cla & 0x0C == 0x0C {
            // The AP takes no checksum key, so the objects an authenticated header needs are
            // missing; like any secure-messaging error this ends the session.
            self.sm = SmState::Closed;
            return Err(sm::SM_OBJECTS_MISSING);
        }
        let object = sm::parse_command_object(command.data);
        let plain_data: Vec<u8>;
        let le: Le;
        match (command.ins, object) {
            (0x20 | 0xA4, Some(CommandObject::Cryptogram(cryptogram))) => {
                let Some(plain) = session.decrypt(session.counter(), cryptogram) else {
                    self.sm = SmState::Closed;
                    return Err(sm::SM_OBJECTS_INCORRECT);
                };
                plain_data = plain;
                le = Le::Absent;
            }
            (0xB0, Some(CommandObject::ExpectedLength(n))) => {
                plain_data = Vec::new();
                le = if n == 0 {
                    Le::Extended(65536)
                } else {
                    Le::Extended(u32::from(n))
                };
            }
            _ => {
                self.sm = SmState::Closed;
                return Err(sm::SM_OBJECTS_INCORRECT);
            }
        }
        let n = session.advance();
        let inner = Command {
            cla: command.cla & !0x0C,
            ins: command.ins,
            p1: command.p1,
            p2: command.p2,
            data: &plain_data,
            extended: le != Le::Absent,
            le,
        };
        // An empty VERIFY under SM is the status query; the plain path treats it the same way.
        let response = self.dispatch(&inner)?;
        match &self.sm {
            // The command itself (a SELECT of a DF) may have ended the session.
            SmState::Open(session) if !response.is_empty() || inner.ins == 0xB0 => {
                Ok(sm::response_object(&session.encrypt(n, &response)))
            }
            _ => Ok(response),
        }
    }
}

/// Why an EF reference found no EF; each caller answers with its own status word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unresolved {
    /// The current EF was addressed, but none is current.
    NoCurrentEf,
    /// An SFI or key reference at MF level, where no such EF exists.
    AtMf,
    /// An SFI or key reference the current DF does not have.
    NotInDf,
    /// The MF-level opaque EF `001E` is current: nothing else is addressable.
    MfEf,
}

/// Copies response data into a buffer with room for the status word, so that appending it does
/// not reallocate: READ BINARY is a hot path (`docs/performance.md`).
fn with_room_for_sw(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 2);
    out.extend_from_slice(data);
    out
}
