//! The 公的個人認証 (JPKI) application of the My Number card: the few APDUs an eligibility check
//! needs, each with the status words it accepts (`docs/card.md`).
//!
//! | step | APDU | success |
//! |---|---|---|
//! | select the JPKI AP by DF name | `00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01` | `9000` |
//! | select EF `000A` (利用者証明用電子証明書) | `00 A4 02 0C 02 00 0A` | `9000` |
//! | read its first 4 bytes, then the rest | `00 B0 P1 P2 Le` | `9000` |
//! | select EF `0018` (auth PIN), read tries left | `00 A4 02 0C 02 00 18`, `00 20 00 80` | `63Cx` |
//! | verify the auth PIN | `00 20 00 80 04 <PIN>` | `9000` |
//! | select EF `0017` (auth key), sign | `00 A4 02 0C 02 00 17`, `80 2A 00 80 33 <DigestInfo> 00` | `9000` |
//! | on `6982` to the certificate: select EF `0006`, read the token label | `00 A4 02 0C 02 00 06`, `00 B0 00 00 20` | `9000` |
//!
//! A smartphone's スマホ用電子証明書 answers the same JPKI AP with its own token label in EF `0006`
//! (`JPKIAPGPSETOKEN` on Android, `JPKIAPIOSTOKEN` on iPhone, `JPKIAPICCTOKEN2` on the card) and,
//! on Android, gives the 利用者証明用 certificate only after the auth PIN's VERIFY (jpki/myna
//! `src/jpki.rs` and `src/cli.rs` switch on the label; `docs/card.md`, "Phone profiles").
//!
//! The card keeps a verified PIN for the AP's session: selecting EFs inside the AP keeps it,
//! selecting another AP or powering off loses it (`docs/card.md`, "Security state"). So the
//! client selects the AP once and can sign several challenges after one VERIFY; when the card
//! says otherwise (`6982` to the signature) it asks for the PIN again.

//!
//! The AID, file ids and status words here are this client's **own copy**, written from the
//! public sources in `docs/card.md`, on purpose: the reference client is an independent check of
//! the virtual card and the conformance checks, which share `mynakit-apdu`. If the shared
//! vocabulary were wrong, this client would disagree with the card and the bundled run would
//! fail, where a client built on the same table would agree with the mistake.

use sha2::{Digest, Sha256};

use crate::card::{CardError, CardTransport};

/// DF name (AID) of the JPKI AP (an independent copy; see the module doc).
pub const JPKI_AID: [u8; 10] = [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01];
/// EF of the 利用者証明用電子証明書 (auth certificate, DER, readable without a PIN).
pub const EF_AUTH_CERTIFICATE: u16 = 0x000A;
/// EF of the token information: a PKCS#11 `CK_TOKEN_INFO` whose first 32 bytes are the token
/// label, space-padded (`docs/card-records.md`, "JPKI token info").
pub const EF_TOKEN_INFO: u16 = 0x0006;
/// The token label of an Android phone's スマホ用電子証明書 (GP-SE), where a card says
/// `JPKIAPICCTOKEN2` (jpki/myna `src/cli.rs`, yuki-js myna `src/card.rs`).
pub const ANDROID_TOKEN_LABEL: &str = "JPKIAPGPSETOKEN";
/// The token label of an iPhone's スマホ用電子証明書 (jpki/myna, TRETJapanNFCReader).
pub const IPHONE_TOKEN_LABEL: &str = "JPKIAPIOSTOKEN";
/// EF of the auth key (signs after the auth PIN is verified).
pub const EF_AUTH_KEY: u16 = 0x0017;
/// EF of the 利用者証明用暗証番号 (auth PIN: 4 digits, 3 tries).
pub const EF_AUTH_PIN: u16 = 0x0018;

/// `DigestInfo` prefix for SHA-256 (RFC 8017 §9.2 note 1): what goes before the 32-byte hash.
pub const SHA256_DIGEST_INFO_PREFIX: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

/// Largest chunk asked for by one READ BINARY (short Le `00` = 256, as OpenSC reads).
const READ_CHUNK: usize = 256;

/// The `DigestInfo` of SHA-256 over `message`: what the card's `80 2A 00 80` pads and signs.
/// The card does not hash (P1 `00`: "the data exactly as supplied"), so the client hashes and
/// wraps; the result is an RSASSA-PKCS1-v1_5 SHA-256 signature over `message`, which is what
/// the service verifies over the challenge bytes (`docs/service.md`, "Public API").
pub fn digest_info_sha256(message: &[u8]) -> Vec<u8> {
    let mut data = SHA256_DIGEST_INFO_PREFIX.to_vec();
    data.extend_from_slice(&Sha256::digest(message));
    data
}

/// What the card says about the auth PIN.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinStatus {
    /// `9000`: verified for this session.
    Verified,
    /// `63Cx` with x > 0: this many tries left.
    TriesLeft(u8),
    /// `63C0` (no tries left, or the attempt that used the last one) or `6984` (a VERIFY while
    /// blocked). A 顔認証マイナンバーカード's unset PIN answers the same way.
    Blocked,
    /// `6A88`: the card has no such PIN (another answer for a card issued without PINs).
    NotSet,
}

/// What holds the JPKI AP, by its token label (EF `0006`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    /// A My Number card (`JPKIAPICCTOKEN2`), or any label this client does not know.
    Card,
    /// An Android phone (`JPKIAPGPSETOKEN`): the auth certificate needs the auth PIN.
    Android,
    /// An iPhone (`JPKIAPIOSTOKEN`): unlocked on the phone (`docs/card.md`, the iPhone
    /// assumption).
    Iphone,
}

impl Token {
    /// The token a label names; a label this client does not know is a card's.
    pub fn of_label(label: &str) -> Token {
        match label.trim_end_matches([' ', '\0']) {
            ANDROID_TOKEN_LABEL => Token::Android,
            IPHONE_TOKEN_LABEL => Token::Iphone,
            _ => Token::Card,
        }
    }

    /// Whether it is a phone (no 券面事項入力補助AP, no 券面事項確認AP).
    pub fn is_phone(self) -> bool {
        self != Token::Card
    }
}

/// How the client reads a certificate EF: each is a pattern a public client uses and
/// `docs/card.md` ("Clients whose read patterns are covered") calls correct. The reference
/// client reads with [`ReadPattern::Header4`]; the others exist so that the test suite can
/// prove every scenario's faults fire, and its verdicts hold, whichever pattern a correct
/// client uses (`MYNAKIT_READ_PATTERN`, docs/reference-client.md, "Read patterns").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReadPattern {
    /// `00 B0 00 00 04`, then 256-byte chunks from offset 4 (OpenSC's header, mnbcard).
    #[default]
    Header4,
    /// `00 B0 00 00 07`, then 256-byte chunks from offset 0 (jpki-rs / jpki-cli).
    Header7FromZero,
    /// `00 B0 00 00 08`, then 255-byte chunks from offset 8 (yuki-js `myna`).
    Header8,
    /// 255-byte chunks from offset 0, the length taken from the first (a short-APDU tag's
    /// reads, no header read of its own).
    Chunks,
    /// One extended-length READ BINARY of the whole EF (`00 B0 00 00 00 FF FF`), as the
    /// Android demo and nfcpy_mynacard read.
    Extended,
}

impl ReadPattern {
    /// Every pattern, in the order of [`ReadPattern::name`]'s list.
    pub const ALL: [ReadPattern; 5] = [
        ReadPattern::Header4,
        ReadPattern::Header7FromZero,
        ReadPattern::Header8,
        ReadPattern::Chunks,
        ReadPattern::Extended,
    ];

    /// Its name in `MYNAKIT_READ_PATTERN`.
    pub fn name(self) -> &'static str {
        match self {
            ReadPattern::Header4 => "header4",
            ReadPattern::Header7FromZero => "header7-from-zero",
            ReadPattern::Header8 => "header8",
            ReadPattern::Chunks => "chunks",
            ReadPattern::Extended => "extended",
        }
    }

    /// The pattern `name` names, if any.
    pub fn from_name(name: &str) -> Option<ReadPattern> {
        ReadPattern::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The first read (its length), whether the body is then read again from offset 0, and
    /// the chunk length of the reads after it.
    fn shape(self) -> (usize, bool, usize) {
        match self {
            ReadPattern::Header4 => (4, false, READ_CHUNK),
            ReadPattern::Header7FromZero => (7, true, READ_CHUNK),
            ReadPattern::Header8 => (8, false, 255),
            ReadPattern::Chunks => (255, false, 255),
            ReadPattern::Extended => (usize::from(u16::MAX), false, READ_CHUNK),
        }
    }
}

/// The answer to a signature command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Signing {
    /// The signature (256 bytes for RSA-2048).
    Signature(Vec<u8>),
    /// `6982`: the PIN is not verified in this session; verify it and sign again.
    NeedsPin,
}

/// A session with the JPKI AP over any [`CardTransport`].
///
/// It remembers which EF is current, so it selects an EF only when the next command needs
/// another one.
#[derive(Debug)]
pub struct JpkiSession<T: CardTransport> {
    card: T,
    ap_selected: bool,
    current_ef: Option<u16>,
    /// The `empty-answer-ok` defect: an empty R-APDU is read as `9000` with no data.
    accept_empty: bool,
    /// The `extended-read` defect: the certificate's rest is read with one extended READ BINARY.
    extended_reads: bool,
    /// How certificates are read.
    read_pattern: ReadPattern,
    /// The `reselect-every-step` variant: every command on an EF selects it first.
    reselect: bool,
    /// The `short-ef-forms` variant: the EFs are named in the commands themselves (`80|SFI`),
    /// never selected.
    short_ef: bool,
    /// The `tries-before-verify` variant: the tries are read again between the PIN typed and
    /// its VERIFY.
    tries_first: bool,
    /// The `resume-read-after-card-loss` defect: the certificate bytes read before the card
    /// left, kept to read on from; `None` without the defect.
    kept_partial: Option<Vec<u8>>,
    /// What the session does once the PC/SC service stopped under it.
    on_restart: OnRestart,
    /// How many times the session found the service again (at most [`MAX_RECOVERIES`]).
    recoveries: u32,
}

/// What a session does when the PC/SC service stops under a command
/// ([`CardError::NoService`]; `docs/client-protocol.md`, "When the PC/SC service restarts").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OnRestart {
    /// A new context, the reader found again ([`CardTransport::recover_service`]), the
    /// application and file selected again, the tries asked before a PIN goes again, and the
    /// lost command sent again.
    Recover,
    /// The `stale-context-after-restart` defect: goes on with the handle from before the stop,
    /// and takes its failures for an empty reader.
    StaleContext,
    /// The `reader-name-cached` defect: connects again by the name it had, and takes a reader
    /// listed no more for an empty one.
    CachedName,
}

/// How long a session waits for a stopped PC/SC service to be back.
const RECOVER_WITHIN: std::time::Duration = std::time::Duration::from_secs(10);

/// How many service restarts one session lives through; after that it gives up (card-error).
const MAX_RECOVERIES: u32 = 2;

/// How long the defects keep trying a dead handle or a cached name before they conclude the
/// reader is empty.
const DEFECT_TRIES: u32 = 12;
const DEFECT_PAUSE: std::time::Duration = std::time::Duration::from_millis(250);

/// Reads an EF on from `read` (its first bytes, the current EF) with short READ BINARYs until it
/// holds `total` bytes: each chunk at most 256 bytes, at offsets a short READ BINARY can name,
/// and none past `total` (the EF may hold filler after it). `send` sends one command and gives
/// its data on `9000`.
pub(crate) fn read_on(
    step: &'static str,
    mut read: Vec<u8>,
    total: usize,
    mut send: impl FnMut(&[u8]) -> Result<Vec<u8>, CardError>,
) -> Result<Vec<u8>, CardError> {
    let malformed = |problem: String| CardError::Malformed { step, problem };
    read.truncate(total);
    while read.len() < total {
        let [p1, p2] = u16::try_from(read.len())
            .ok()
            .filter(|o| *o <= 0x7FFF)
            .ok_or_else(|| malformed(format!("a file of {total} bytes")))?
            .to_be_bytes();
        let le = u8::try_from((total - read.len()).min(READ_CHUNK) % 256).unwrap_or(0);
        let chunk = send(&[0x00, 0xB0, p1, p2, le])?;
        if chunk.is_empty() || chunk.len() > total - read.len() {
            return Err(malformed(format!(
                "{} bytes where {} were left",
                chunk.len(),
                total - read.len()
            )));
        }
        read.extend_from_slice(&chunk);
    }
    Ok(read)
}

/// `80 2A 00 P2 Lc <digest_info> 00`: COMPUTE DIGITAL SIGNATURE with the key `p2` names
/// (`80`: the current key EF; `00`: a 券面 AP's own key), the data a `DigestInfo`.
pub(crate) fn sign_command(
    step: &'static str,
    p2: u8,
    digest_info: &[u8],
) -> Result<Vec<u8>, CardError> {
    let lc = u8::try_from(digest_info.len()).map_err(|_| CardError::Malformed {
        step,
        problem: "data longer than 255 bytes".to_owned(),
    })?;
    let mut apdu = vec![0x80, 0x2A, 0x00, p2, lc];
    apdu.extend_from_slice(digest_info);
    apdu.push(0x00);
    Ok(apdu)
}

/// Splits a response into data and status word.
pub(crate) fn split(
    step: &'static str,
    mut response: Vec<u8>,
) -> Result<(Vec<u8>, u16), CardError> {
    if response.len() < 2 {
        return Err(CardError::Malformed {
            step,
            problem: format!("{} bytes, no status word", response.len()),
        });
    }
    let sw2 = response.pop().unwrap_or_default();
    let sw1 = response.pop().unwrap_or_default();
    Ok((response, u16::from_be_bytes([sw1, sw2])))
}

impl<T: CardTransport> JpkiSession<T> {
    /// A session over `card`; nothing is sent yet.
    pub fn new(card: T) -> JpkiSession<T> {
        JpkiSession {
            card,
            ap_selected: false,
            current_ef: None,
            accept_empty: false,
            extended_reads: false,
            read_pattern: ReadPattern::default(),
            reselect: false,
            short_ef: false,
            tries_first: false,
            kept_partial: None,
            on_restart: OnRestart::Recover,
            recoveries: 0,
        }
    }

    /// The transport, e.g. to release it.
    pub fn transport(&mut self) -> &mut T {
        &mut self.card
    }

    /// A new session with the card in the reader now ([`CardTransport::reconnect`]): nothing
    /// is selected on it.
    ///
    /// # Errors
    ///
    /// The transport's.
    pub fn reconnect(&mut self) -> Result<(), CardError> {
        self.card.reconnect()?;
        self.ap_selected = false;
        self.current_ef = None;
        Ok(())
    }

    fn send(&mut self, step: &'static str, apdu: &[u8]) -> Result<(Vec<u8>, u16), CardError> {
        let response = match self.card.transmit(apdu) {
            Err(CardError::NoService(why)) => self.after_restart(apdu, why)?,
            other => other?,
        };
        if response.is_empty() && self.accept_empty {
            return Ok((Vec::new(), 0x9000));
        }
        split(step, response)
    }

    /// What a defect does once the PC/SC service stopped (default: [`OnRestart::Recover`]).
    pub(crate) fn on_restart(&mut self, on_restart: OnRestart) {
        self.on_restart = on_restart;
    }

    /// `apdu` got no answer because the PC/SC service stopped (`why`): every handle from before
    /// is dead, and the card comes back powered afresh. The answer to `apdu` sent again on a new
    /// connection, after the application and the current file are selected again and, for a
    /// VERIFY with a PIN, the tries asked first (the lost VERIFY may have reached the card).
    fn after_restart(&mut self, apdu: &[u8], why: String) -> Result<Vec<u8>, CardError> {
        let file = self.current_ef.take();
        match self.on_restart {
            OnRestart::Recover => {
                if self.recoveries >= MAX_RECOVERIES {
                    return Err(CardError::NoService(why));
                }
                self.recoveries += 1;
                self.card.recover_service(RECOVER_WITHIN)?;
            }
            OnRestart::StaleContext => return Err(self.keep_stale_handle(apdu, why)),
            OnRestart::CachedName => self.reconnect_by_cached_name()?,
        }
        self.ap_selected = false;
        self.select_ap()?;
        if let Some(fid) = file {
            self.select_ef("SELECT EF (again, after the PC/SC service restarted)", fid)?;
        }
        if is_pin_verify(apdu) {
            // The tries of the PIN the lost VERIFY names (`80` on the EF selected again above,
            // or `80|SFI` in the short form).
            let (_, sw) = self.send("VERIFY (tries left)", &[0x00, 0x20, 0x00, apdu[3]])?;
            if !matches!(sw, 0x63C1..=0x63CF) {
                // Blocked, or no tries to spend: the PIN is not sent.
                return Ok(sw.to_be_bytes().to_vec());
            }
        }
        self.card.transmit(apdu)
    }

    /// The `stale-context-after-restart` defect: sends `apdu` again on the dead handle for a
    /// while, and takes its failures for an empty reader.
    fn keep_stale_handle(&mut self, apdu: &[u8], why: String) -> CardError {
        let mut last = why;
        for _ in 0..DEFECT_TRIES {
            std::thread::sleep(DEFECT_PAUSE);
            match self.card.transmit(apdu) {
                Err(e) => last = e.to_string(),
                // A dead handle never answers; were it to, the card is not "not found".
                Ok(_) => break,
            }
        }
        CardError::NotFound(last)
    }

    /// The `reader-name-cached` defect: connects again by the name it had until the service
    /// answers; a reader listed no more is taken for an empty one.
    fn reconnect_by_cached_name(&mut self) -> Result<(), CardError> {
        for _ in 0..DEFECT_TRIES {
            std::thread::sleep(DEFECT_PAUSE);
            self.card.reconnect()?;
            // A SELECT of the application, as a connection's first command.
            let mut apdu = vec![0x00, 0xA4, 0x04, 0x0C, 0x0A];
            apdu.extend_from_slice(&JPKI_AID);
            match self.card.transmit(&apdu) {
                Err(CardError::NoService(_)) => continue,
                Err(CardError::Reader(why)) => return Err(CardError::NotFound(why)),
                Err(e) => return Err(e),
                Ok(_) => return Ok(()),
            }
        }
        Err(CardError::NotFound("SCARD_E_NO_SERVICE".to_owned()))
    }

    /// Reads certificates with `pattern` from now on.
    #[must_use]
    pub fn with_read_pattern(mut self, pattern: ReadPattern) -> JpkiSession<T> {
        self.read_pattern = pattern;
        self
    }

    /// Plays `variants` from now on (`docs/reference-client.md`, "Variants"):
    /// `reselect-every-step` selects an EF before every command on it, `short-ef-forms` names
    /// the EF in the command instead, `tries-before-verify` reads the tries before each VERIFY.
    #[must_use]
    pub fn with_variants(mut self, variants: &crate::Variants) -> JpkiSession<T> {
        self.reselect = variants.has(crate::Variant::ReselectEveryStep);
        self.short_ef = variants.has(crate::Variant::ShortEfForms);
        self.tries_first = variants.has(crate::Variant::TriesBeforeVerify);
        self
    }

    /// The P2 that names `fid`'s key or PIN for a VERIFY or a signature: `80|SFI` in the
    /// `short-ef-forms` variant (no SELECT: docs/card.md, "PINs" and "Signature"), else `80`
    /// on the EF made current first.
    fn reference(&mut self, step: &'static str, fid: u16) -> Result<u8, CardError> {
        if self.short_ef {
            self.select_ap()?;
            // The short form leaves which EF is current to the card.
            self.current_ef = None;
            return Ok(0x80 | short_ef(fid));
        }
        self.select_ef(step, fid)?;
        Ok(0x80)
    }

    /// The `empty-answer-ok` defect: from now on an empty R-APDU counts as `9000` with no
    /// data, an empty signature included.
    pub(crate) fn use_extended_reads(&mut self) {
        self.extended_reads = true;
    }

    /// The `resume-read-after-card-loss` defect: from now on a certificate read cut off by a
    /// card that left keeps what it read, and the next read goes on from there.
    pub(crate) fn resume_reads_after_loss(&mut self) {
        self.kept_partial = Some(Vec::new());
    }

    pub(crate) fn accept_empty_answers(&mut self) {
        self.accept_empty = true;
    }

    /// Sends `apdu` and requires `9000`.
    fn expect_ok(&mut self, step: &'static str, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
        match self.send(step, apdu)? {
            (data, 0x9000) => Ok(data),
            (_, sw) => Err(CardError::Status { step, sw }),
        }
    }

    /// Selects the JPKI AP by its DF name (`00 A4 04 0C`), once per session: selecting it again
    /// would gain nothing, and some cards log out on a reselect.
    ///
    /// # Errors
    ///
    /// [`CardError`] for anything but `9000` (e.g. `6A82`: not a My Number card).
    pub fn select_ap(&mut self) -> Result<(), CardError> {
        if self.ap_selected {
            return Ok(());
        }
        let mut apdu = vec![0x00, 0xA4, 0x04, 0x0C, 0x0A];
        apdu.extend_from_slice(&JPKI_AID);
        self.expect_ok("SELECT JPKI AP", &apdu)?;
        self.ap_selected = true;
        self.current_ef = None;
        Ok(())
    }

    /// Makes `fid` the current EF (`00 A4 02 0C 02 <FID>`) unless it already is.
    fn select_ef(&mut self, step: &'static str, fid: u16) -> Result<(), CardError> {
        self.select_ap()?;
        if self.current_ef == Some(fid) && !self.reselect {
            return Ok(());
        }
        let [hi, lo] = fid.to_be_bytes();
        self.expect_ok(step, &[0x00, 0xA4, 0x02, 0x0C, 0x02, hi, lo])?;
        self.current_ef = Some(fid);
        Ok(())
    }

    /// Reads `len` bytes of the current EF from `offset` with one READ BINARY; the card must
    /// answer `9000` and at least one byte.
    ///
    /// Short reads take at most `chunk` bytes; a `chunk` over 256 makes a longer read one
    /// extended READ BINARY.
    fn read_binary(
        &mut self,
        offset: usize,
        len: usize,
        chunk: usize,
    ) -> Result<Vec<u8>, CardError> {
        const STEP: &str = "READ BINARY (auth certificate)";
        let offset = u16::try_from(offset)
            .ok()
            .filter(|o| *o <= 0x7FFF)
            .ok_or_else(|| CardError::Malformed {
                step: STEP,
                problem: format!("offset {offset} beyond what READ BINARY can address"),
            })?;
        let [p1, p2] = offset.to_be_bytes();
        let data = if (self.extended_reads || chunk > READ_CHUNK) && len > READ_CHUNK {
            // Extended Le (`00 HH LL`): all at once, which a short-APDU-only reader refuses.
            let [hi, lo] = u16::try_from(len).unwrap_or(u16::MAX).to_be_bytes();
            self.expect_ok(STEP, &[0x00, 0xB0, p1, p2, 0x00, hi, lo])?
        } else {
            // Short Le: 1..=255 as is, 256 as 00.
            let le = u8::try_from(len.min(chunk).min(READ_CHUNK) % 256).unwrap_or(0);
            self.expect_ok(STEP, &[0x00, 0xB0, p1, p2, le])?
        };
        if data.is_empty() || data.len() > len {
            return Err(CardError::Malformed {
                step: STEP,
                problem: format!("asked for {len} bytes, got {}", data.len()),
            });
        }
        Ok(data)
    }

    /// Reads the whole 利用者証明用電子証明書 (EF `000A`): the first 4 bytes give the DER length
    /// (`30 82 HH LL`), then exactly that many more bytes are read in chunks of up to 256. The
    /// EF may be longer than the certificate (filler after the DER), so the length comes from
    /// the DER, never from reading until the card complains.
    ///
    /// # Errors
    ///
    /// [`CardError`] for any status other than `9000` on any read — a partly read certificate is
    /// never returned — or bytes that do not start a DER SEQUENCE.
    pub fn read_auth_certificate(&mut self) -> Result<Vec<u8>, CardError> {
        self.read_certificate(false)
    }

    /// Reads the token label: the first 32 bytes of EF `0006`, as jpki/myna reads them
    /// (`00 B0 00 00 20`).
    ///
    /// # Errors
    ///
    /// [`CardError`] for any status other than `9000`.
    pub fn read_token(&mut self) -> Result<Token, CardError> {
        let label = if self.short_ef {
            self.select_ap()?;
            let p1 = 0x80 | short_ef(EF_TOKEN_INFO);
            let label =
                self.expect_ok("READ BINARY (token label)", &[0x00, 0xB0, p1, 0x00, 0x20])?;
            self.current_ef = Some(EF_TOKEN_INFO);
            label
        } else {
            self.select_ef("SELECT EF 0006 (token info)", EF_TOKEN_INFO)?;
            self.expect_ok("READ BINARY (token label)", &[0x00, 0xB0, 0x00, 0x00, 0x20])?
        };
        Ok(Token::of_label(&String::from_utf8_lossy(&label)))
    }

    /// The `stop-at-read-error` defect's read: chunks of up to 256 bytes after the first 4, as
    /// [`JpkiSession::read_auth_certificate`], but a READ BINARY answered with an error status
    /// ends the read and what was read so far is returned as the certificate.
    pub(crate) fn read_auth_certificate_until_error(&mut self) -> Result<Vec<u8>, CardError> {
        self.read_certificate(true)
    }

    fn read_certificate(&mut self, stop_at_error: bool) -> Result<Vec<u8>, CardError> {
        let (first, from_zero, chunk) = self.read_pattern.shape();
        let short_first = self.short_ef && self.current_ef != Some(EF_AUTH_CERTIFICATE);
        if !short_first {
            self.select_ef("SELECT EF 000A (auth certificate)", EF_AUTH_CERTIFICATE)?;
        }
        let mut cert = match self.kept_partial.as_mut() {
            Some(kept) if kept.len() >= 4 => std::mem::take(kept),
            _ if short_first => self.read_short_ef(EF_AUTH_CERTIFICATE, first)?,
            _ => self.read_binary(0, first, first)?,
        };
        let total = der_length(&cert).map_err(|e| CardError::Malformed {
            step: "READ BINARY (auth certificate)",
            problem: e.to_string(),
        })?;
        cert.truncate(total);
        if from_zero {
            cert.clear();
        }
        while cert.len() < total {
            match self.read_binary(cert.len(), total - cert.len(), chunk) {
                Ok(chunk) => cert.extend_from_slice(&chunk),
                Err(CardError::Status { .. }) if stop_at_error => break,
                Err(lost @ (CardError::Removed | CardError::Reset)) => {
                    if let Some(kept) = self.kept_partial.as_mut() {
                        *kept = cert;
                    }
                    return Err(lost);
                }
                Err(other) => return Err(other),
            }
        }
        Ok(cert)
    }

    /// The `short-ef-forms` variant's first read of an EF: `00 B0 8s 00 Le` (offset 0) names
    /// the EF by its short identifier and makes it current, so the reads after it are the
    /// offset form (docs/card.md, "READ BINARY").
    fn read_short_ef(&mut self, fid: u16, len: usize) -> Result<Vec<u8>, CardError> {
        self.select_ap()?;
        let le = u8::try_from(len.min(READ_CHUNK) % 256).unwrap_or(0);
        let data = self.expect_ok(
            "READ BINARY (auth certificate)",
            &[0x00, 0xB0, 0x80 | short_ef(fid), 0x00, le],
        )?;
        self.current_ef = Some(fid);
        if data.is_empty() {
            return Err(CardError::Malformed {
                step: "READ BINARY (auth certificate)",
                problem: format!("asked for {len} bytes, got none"),
            });
        }
        Ok(data)
    }

    /// The `skip-ap-select` defect: the session behaves as if the JPKI AP were already
    /// selected, so EFs are selected at whatever level the card is.
    pub(crate) fn assume_ap_selected(&mut self) {
        self.ap_selected = true;
    }

    /// The empty VERIFY (`00 20 00 80`, no data) on EF `0018`: reads the tries left without
    /// using one. The screen shows them before the PIN is typed.
    ///
    /// # Errors
    ///
    /// [`CardError`] for a status word that says nothing about the PIN.
    pub fn pin_status(&mut self) -> Result<PinStatus, CardError> {
        const STEP: &str = "VERIFY (tries left)";
        let p2 = self.reference("SELECT EF 0018 (auth PIN)", EF_AUTH_PIN)?;
        let (_, sw) = self.send(STEP, &[0x00, 0x20, 0x00, p2])?;
        pin_status_of(STEP, sw)
    }

    /// VERIFY of the auth PIN (`00 20 00 80 Lc <PIN>`), exactly once: a wrong PIN costs a try,
    /// so the client never repeats a VERIFY on its own.
    ///
    /// # Errors
    ///
    /// [`CardError`] for a status word that says nothing about the PIN.
    pub fn verify_pin(&mut self, pin: &str) -> Result<PinStatus, CardError> {
        const STEP: &str = "VERIFY (auth PIN)";
        if self.tries_first {
            self.pin_status()?;
        }
        let p2 = self.reference("SELECT EF 0018 (auth PIN)", EF_AUTH_PIN)?;
        let pin = pin.as_bytes();
        let lc = u8::try_from(pin.len()).map_err(|_| CardError::Malformed {
            step: STEP,
            problem: "PIN longer than 255 bytes".to_owned(),
        })?;
        let mut apdu = vec![0x00, 0x20, 0x00, p2, lc];
        apdu.extend_from_slice(pin);
        let (_, sw) = self.send(STEP, &apdu)?;
        pin_status_of(STEP, sw)
    }

    /// VERIFY of the auth PIN on the reader's PIN pad: the patient types it there, so this
    /// client never holds it (`docs/reference-client.md`, "PIN pads"). `None`: the entry was
    /// cancelled on the pad (`64 01`) or no key came in time (`64 00`), and the card saw nothing.
    ///
    /// # Errors
    ///
    /// [`CardError`] for a status word that says nothing about the PIN, or a pad that failed.
    pub fn verify_pin_on_pad(&mut self) -> Result<Option<PinStatus>, CardError> {
        const STEP: &str = "VERIFY (auth PIN, on the PIN pad)";
        if self.tries_first {
            self.pin_status()?;
        }
        let p2 = self.reference("SELECT EF 0018 (auth PIN)", EF_AUTH_PIN)?;
        let structure = crate::pin_pad::verify_structure([0x00, 0x20, 0x00, p2]);
        let answer = self.card.verify_on_pad(&structure)?;
        match split(STEP, answer)? {
            (_, 0x6400 | 0x6401) => Ok(None),
            (_, sw) => pin_status_of(STEP, sw).map(Some),
        }
    }

    /// Signs `digest_info` with the auth key (`80 2A 00 80 Lc <data> 00` on EF `0017`).
    ///
    /// # Errors
    ///
    /// [`CardError`] for any status other than `9000` and `6982`.
    pub fn sign(&mut self, digest_info: &[u8]) -> Result<Signing, CardError> {
        const STEP: &str = "COMPUTE DIGITAL SIGNATURE";
        let p2 = self.reference("SELECT EF 0017 (auth key)", EF_AUTH_KEY)?;
        let apdu = sign_command(STEP, p2, digest_info)?;
        match self.send(STEP, &apdu)? {
            (signature, 0x9000) if !signature.is_empty() || self.accept_empty => {
                Ok(Signing::Signature(signature))
            }
            (_, 0x6982) => Ok(Signing::NeedsPin),
            (_, sw) => Err(CardError::Status { step: STEP, sw }),
        }
    }
}

/// The short EF identifier of `fid` (its low five bits, for FIDs `0001`–`001E`; docs/card.md,
/// "READ BINARY").
fn short_ef(fid: u16) -> u8 {
    (fid & 0x1F) as u8
}

/// Whether `apdu` is a VERIFY carrying a PIN (`00 20 00 P2 Lc …`).
fn is_pin_verify(apdu: &[u8]) -> bool {
    apdu.len() > 5 && apdu[0] == 0x00 && apdu[1] == 0x20
}

pub(crate) fn pin_status_of(step: &'static str, sw: u16) -> Result<PinStatus, CardError> {
    match sw {
        0x9000 => Ok(PinStatus::Verified),
        0x63C0 | 0x6983 | 0x6984 => Ok(PinStatus::Blocked),
        0x63C1..=0x63CF => Ok(PinStatus::TriesLeft((sw & 0x000F) as u8)),
        0x6A88 => Ok(PinStatus::NotSet),
        _ => Err(CardError::Status { step, sw }),
    }
}

/// The total length (header included) of the DER object whose first bytes are `head`.
pub(crate) fn der_length(head: &[u8]) -> Result<usize, NotDerSequence> {
    match head {
        [0x30, len, ..] if *len < 0x80 => Ok(2 + usize::from(*len)),
        [0x30, 0x81, len, ..] => Ok(3 + usize::from(*len)),
        [0x30, 0x82, hi, lo, ..] => Ok(4 + usize::from(u16::from_be_bytes([*hi, *lo]))),
        _ => Err(NotDerSequence {
            head: head.to_vec(),
        }),
    }
}

/// A certificate file whose first bytes are no DER SEQUENCE header (a short or garbled read).
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("does not start with a DER SEQUENCE: {}", hex_bytes(.head))]
pub(crate) struct NotDerSequence {
    /// The bytes read.
    head: Vec<u8>,
}

fn hex_bytes(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_lengths() {
        assert_eq!(der_length(&[0x30, 0x82, 0x05, 0xA0]), Ok(4 + 0x5A0));
        assert_eq!(der_length(&[0x30, 0x81, 0x90, 0x00]), Ok(3 + 0x90));
        assert_eq!(der_length(&[0x30, 0x03, 0x02, 0x01]), Ok(5));
        assert!(der_length(&[0xFF, 0xFF, 0xFF, 0xFF]).is_err());
    }

    #[test]
    fn status_words() {
        assert_eq!(pin_status_of("t", 0x63C3), Ok(PinStatus::TriesLeft(3)));
        assert_eq!(pin_status_of("t", 0x63C0), Ok(PinStatus::Blocked));
        assert_eq!(pin_status_of("t", 0x6984), Ok(PinStatus::Blocked));
        assert_eq!(pin_status_of("t", 0x6A88), Ok(PinStatus::NotSet));
        assert!(pin_status_of("t", 0x6F00).is_err());
    }

    #[test]
    fn token_labels() {
        assert_eq!(
            Token::of_label("JPKIAPGPSETOKEN                 "),
            Token::Android
        );
        assert_eq!(Token::of_label("JPKIAPIOSTOKEN"), Token::Iphone);
        assert_eq!(
            Token::of_label("JPKIAPICCTOKEN2                 "),
            Token::Card
        );
        assert!(!Token::of_label("").is_phone());
    }

    #[test]
    fn digest_info_is_51_bytes() {
        assert_eq!(digest_info_sha256(b"x").len(), 51);
    }
}
