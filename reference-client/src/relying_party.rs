//! The relying party's 身元確認 by signature (flow `identity-by-signature`,
//! `docs/relying-party.md`): an eKYC app and its server as one client. The holder types the
//! 署名用 password, the card signs data the server made for this check, and the server verifies
//! the signature, the certificate's chain to the 署名用 CA it trusts (`MYNAKIT_SIGN_CA_FILE`)
//! and the certificate's revocation at its OCSP responder (`MYNAKIT_OCSP_URL`), then accepts the
//! person with the 基本4情報 of that certificate, or refuses (the 犯罪収益移転防止法施行規則's
//! JPKI method, in force alone for non-face-to-face checks from 2027-04-01). Its 当人認証 by a
//! server nonce (flow `authentication-by-nonce`) is in [`authentication`], its かざし (flow
//! `pin-less`) in [`pin_less`], its 現況確認 of the accounts it identified before (flow
//! `status-check`), without the card, in [`status_check`].

mod accounts;
mod authentication;
mod basic_four;
mod card_side;
mod counter_read;
mod crl_too;
mod fallback;
mod kenkaku;
mod kenmen_signatures;
mod ocsp_der;
mod pin_less;
mod status_accounts;
mod status_by_ocsp;
mod status_check;
mod verification;

use std::io::{BufRead, Write};

use mynakit_protocol::{Flow, Mode, Outcome, PinRef};
use openssl::x509::X509;
use rand::RngCore as _;

use crate::card::{CardError, CardTransport};
use crate::defects::{Defect, Defects};
use crate::env::ClientEnv;
use crate::jpki::{digest_info_sha256, PinStatus};
use crate::screen::{Screen, Stop};
use crate::talk::Talk;
use crate::ClientError;

use card_side::SideCard;
use verification::{Lapses, Refusal};

/// Bytes of the data the server makes for each check (never made on the card's side).
const SERVER_DATA_LEN: usize = 32;

/// Plays the flow of the world with the card in `card` (a かざし when the world gives the
/// server's accounts, `MYNAKIT_RP_ACCOUNTS`, and a nonce service; a 現況確認, which does not
/// touch the card, when it gives the accounts alone; a 当人認証 when it names a nonce service alone,
/// `MYNAKIT_NONCE_URL`; else a 身元確認); the card is released before the result.
///
/// # Errors
///
/// [`ClientError`] when the conversation broke; everything else is the result's screen.
pub(crate) fn run<R: BufRead, W: Write>(
    talk: &mut Talk<R, W>,
    mut card: Box<dyn CardTransport + Send>,
    env: &ClientEnv,
    defects: &Defects,
) -> Result<(Screen, Option<LateQuestion>), ClientError> {
    let now = |screen| (screen, None);
    let ended = match flow_of(env) {
        Flow::StatusCheck => status_check::check(talk, env, defects).map(now),
        Flow::PinLess => pin_less::touch(talk, card.as_mut(), env, defects).map(now),
        Flow::CounterRead => counter_read::read(talk, card.as_mut(), env, defects).map(now),
        Flow::AuthenticationByNonce => {
            authentication::authenticate(talk, card.as_mut(), env, defects).map(now)
        }
        _ => identify(talk, card.as_mut(), env, defects),
    };
    // The defect `keep-card-powered` leaves the card powered, its password still verified.
    if !defects.has(Defect::KeepCardPowered) {
        card.release();
    }
    match ended {
        Ok((screen, late)) => Ok((screen, late)),
        Err(Stop::Show(screen)) => Ok((screen, None)),
        Err(Stop::Broken(e)) => Err(e),
    }
}

/// The flow the world plays: `MYNAKIT_RP_FLOW`, or, from a harness that does not set it, the
/// one the other variables tell (a 現況確認 by the accounts alone, a かざし by the accounts and
/// a nonce service, a 当人認証 by a nonce service alone, else a 身元確認).
fn flow_of(env: &ClientEnv) -> Flow {
    if let Some(flow) = env.rp_flow {
        return flow;
    }
    match (env.rp_accounts.is_some(), env.nonce_url.is_some()) {
        (true, false) => Flow::StatusCheck,
        (true, true) => Flow::PinLess,
        (false, true) => Flow::AuthenticationByNonce,
        (false, false) => Flow::IdentityBySignature,
    }
}

/// The defect `relying-accept-then-ask`'s question to the OCSP responder, asked after the
/// result is reported: the certificate read from the card and where the server asks.
pub(crate) struct LateQuestion {
    der: Vec<u8>,
    url: String,
    ca_file: std::path::PathBuf,
    timeout: std::time::Duration,
    at: verification::When,
}

impl LateQuestion {
    /// Asks, after a pause in which the app has shown the person accepted (the server's
    /// background job), and sets the answer aside: the person stays accepted whatever it says.
    /// The pause is a whole second, not a blink: the harness records the result line when it
    /// reads it, and on a machine loaded far beyond its cores (six tests at once beside builds)
    /// a 200 ms pause could let the answer be recorded first, and the defect's proof
    /// (`RP-answered-before-accepted`) would not show.
    pub(crate) fn ask(self) {
        std::thread::sleep(std::time::Duration::from_secs(1));
        let Ok(cert) = X509::from_der(&self.der) else {
            return;
        };
        if let Ok(ca) = verification::anchor(&self.ca_file) {
            let _ = verification::revocation(
                &cert,
                &ca,
                &self.url,
                self.timeout,
                Lapses::default(),
                self.at,
                None,
            );
        }
    }
}

fn identify<R: BufRead, W: Write>(
    talk: &mut Talk<R, W>,
    card: &mut (dyn CardTransport + Send),
    env: &ClientEnv,
    defects: &Defects,
) -> Result<(Screen, Option<LateQuestion>), Stop> {
    let (Some(url), Some(ca_file)) = (&env.ocsp_url, &env.sign_ca_file) else {
        return Ok((
            Screen::outcome(
                Outcome::ServiceError,
                "署名検証の設定がありません (MYNAKIT_OCSP_URL, MYNAKIT_SIGN_CA_FILE)",
            ),
            None,
        ));
    };
    // The staff start the check (the role's one mode): the app is unlocked and its login line
    // answered before the card is touched.
    talk.mode(&[Mode::Pin])?;
    if defects.has(Defect::RelyingIdentityByAuthCertificate) {
        if let Some(screen) = fallback::identify_by_auth_certificate(card, url, env, defects)? {
            return Ok((screen, None));
        }
    }
    let mut card = SideCard::new(card, &card_side::SIGN);
    let card_error = |e: CardError| Stop::Show(Screen::card_error(&e));
    // The defect `sign-before-verify`: the card is asked to sign before the password is
    // verified (it answers 6982), then the flow goes on as usual.
    if defects.has(Defect::SignBeforeVerify) {
        card.select_ap().map_err(card_error)?;
        let _ = card.sign(&to_sign(&[0; SERVER_DATA_LEN], defects));
    }
    unlock(talk, &mut card, PinRef::Sign, env, defects)?;
    let der = card.read_certificate().map_err(card_error)?;
    let mut server = Server::of(url, ca_file, env, defects);
    server.ask_when_read(&der, defects);
    // The defect `relying-accept-then-ask` is a 身元確認's alone.
    server.ask_late = defects.has(Defect::RelyingAcceptThenAsk);
    let verified = if defects.has(Defect::RelyingCertificateOnly) {
        server.verify_unsigned(&der)
    } else {
        let mut data = [0u8; SERVER_DATA_LEN];
        rand::rngs::OsRng.fill_bytes(&mut data);
        let signature = card.sign(&to_sign(&data, defects)).map_err(card_error)?;
        server.verify(&der, &data, &signature)
    };
    let late = server.ask_late.then(|| LateQuestion {
        der,
        url: url.clone(),
        ca_file: ca_file.clone(),
        timeout: server.timeout,
        at: server.at,
    });
    let screen = match verified {
        Ok(screen) => screen,
        Err(refusal) => Screen::outcome(Outcome::Refused, format!("本人確認できません: {refusal}")),
    };
    Ok((screen, late))
}

/// What the card signs for the server's `data` (its data or nonce): the SHA-256 `DigestInfo`
/// (`docs/card.md`, "Signature `80 2A`"); the SHA-1 one for the defect `relying-sha1-digest`.
fn to_sign(data: &[u8], defects: &Defects) -> Vec<u8> {
    if !defects.has(Defect::RelyingSha1Digest) {
        return digest_info_sha256(data);
    }
    // RFC 8017 §9.2 note 1's SHA-1 prefix.
    let mut info = vec![
        0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A, 0x05, 0x00, 0x04, 0x14,
    ];
    info.extend_from_slice(&openssl::sha::sha1(data));
    info
}

/// Selects the JPKI AP and verifies the side's PIN (`pin`: the 署名用 password or the
/// 利用者証明用 PIN), asked with its tries left; a blocked or absent one is never asked, and a
/// wrong one ends the flow with its screen.
fn unlock<R: BufRead, W: Write>(
    talk: &mut Talk<R, W>,
    card: &mut SideCard<'_>,
    pin: PinRef,
    env: &ClientEnv,
    defects: &Defects,
) -> Result<(), Stop> {
    let card_error = |e: CardError| Stop::Show(Screen::card_error(&e));
    let (name, certificate) = match pin {
        PinRef::Sign => ("署名用パスワード", "署名用電子証明書"),
        PinRef::Auth => ("利用者証明用暗証番号", "利用者証明用電子証明書"),
        PinRef::CollationB => ("照合番号B", "券面事項"),
    };
    // The defect `skip-ap-select`: the card is taken to be in the JPKI AP already.
    if !defects.has(Defect::SkipApSelect) {
        card.select_ap().map_err(card_error)?;
    }
    let status = match card.password_status().map_err(card_error)? {
        PinStatus::TriesLeft(n) => {
            // The defect `hide-tries-left`: the holder is not told the tries the card answered.
            let shown = (!defects.has(Defect::HideTriesLeft)).then_some(n);
            let mut password = talk.pin_of(pin, shown)?;
            // Wrong for sure, and the card may count it as a try: never sent, asked again
            // (the defect `skip-pin-format` sends it).
            while !card_side::well_formed(pin, password.expose())
                && !defects.has(Defect::SkipPinFormat)
            {
                let mut screen = Screen::progress(card_side::format_hint(pin));
                screen.tries_left = shown;
                talk.display(&screen)?;
                password = talk.pin_of(pin, shown)?;
            }
            if defects.has(Defect::RelyingKeepPassword) {
                keep_password(env, password.expose());
            }
            let status = card
                .verify_password(password.expose())
                .map_err(card_error)?;
            // The defect `auto-retry-pin`: a wrong password sent again by itself, a second try
            // gone from one typing mistake.
            match status {
                PinStatus::TriesLeft(_) if defects.has(Defect::AutoRetryPin) => card
                    .verify_password(password.expose())
                    .map_err(card_error)?,
                status => status,
            }
        }
        // The defect `verify-blocked-pin`: a blocked password asked for and sent all the same.
        PinStatus::Blocked if defects.has(Defect::VerifyBlockedPin) => {
            let password = talk.pin_of(pin, Some(0))?;
            card.verify_password(password.expose())
                .map_err(card_error)?
        }
        // No tries left: blocked, or never set on a card issued without the certificate
        // (under 15, a 顔認証 card), which the card answers alike.
        PinStatus::Blocked if !card.certificate_issued().map_err(card_error)? => PinStatus::NotSet,
        other => other,
    };
    let screen = match status {
        PinStatus::Verified => return Ok(()),
        PinStatus::TriesLeft(n) => {
            let mut screen = Screen::outcome(Outcome::PinIncorrect, format!("{name}が違います"));
            screen.tries_left = Some(n);
            screen
        }
        PinStatus::Blocked => {
            Screen::outcome(Outcome::PinLocked, format!("{name}がロックされています"))
        }
        PinStatus::NotSet => Screen::outcome(
            Outcome::CardError,
            format!("このカードには{certificate}がありません"),
        ),
    };
    Err(Stop::Show(screen))
}

/// The defect `relying-keep-password`: the typed password saved in the app's home "for next
/// time" (`RP-password-not-kept`). A failure to write is ignored, as such a cache's would be.
fn keep_password(env: &ClientEnv, password: &str) {
    if let Some(home) = &env.home {
        let dir = home.join(".relying-party");
        let _ = std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(dir.join("last-password"), password));
    }
}

/// The relying party's server: where it asks, what it trusts.
struct Server<'a> {
    url: &'a str,
    ca_file: &'a std::path::Path,
    timeout: std::time::Duration,
    lapses: Lapses,
    /// When it judges: the scenario's clock, and the clock difference it allows.
    at: verification::When,
    /// The defect `relying-one-trust-store`: the other test CA's file, whose key it also takes
    /// an OCSP answer's signature from (`MYNAKIT_SIGN_CA_FILE` for a 利用者証明用 certificate
    /// and back).
    trusted_too: Option<std::path::PathBuf>,
    /// The defect `relying-substitute-names`.
    substitutes: bool,
    /// The defect `relying-first-answer-kept`: a good answer got when the certificate was read,
    /// kept over the verification's own.
    first_answer_kept: bool,
    /// The defect `relying-accept-then-ask`, in a 身元確認: no revocation asked before the
    /// person is accepted ([`LateQuestion`] asks after the result).
    ask_late: bool,
    /// The hash the card's signature is verified with: SHA-256, SHA-1 for the defect
    /// `relying-sha1-digest` (the data it had the card sign, [`to_sign`]).
    digest: openssl::hash::MessageDigest,
    /// The variant `ocsp-and-crl`, for a 署名用 certificate: the CA's CRL it reads beside OCSP.
    crl_url: Option<String>,
}

impl<'a> Server<'a> {
    /// The server that asks `url` and trusts the CA of `ca_file`, with the run's timeout and
    /// the lapses of the deliberate defects.
    fn of(
        url: &'a str,
        ca_file: &'a std::path::Path,
        env: &ClientEnv,
        defects: &Defects,
    ) -> Server<'a> {
        Server {
            url,
            ca_file,
            timeout: env.timings.http_timeout,
            lapses: Lapses::of(defects),
            at: verification::When::of(env),
            trusted_too: defects
                .has(Defect::RelyingOneTrustStore)
                .then(|| {
                    [&env.sign_ca_file, &env.auth_ca_file]
                        .into_iter()
                        .flatten()
                        .find(|other| other.as_path() != ca_file)
                        .cloned()
                })
                .flatten(),
            substitutes: defects.has(Defect::RelyingSubstituteNames),
            first_answer_kept: false,
            ask_late: false,
            digest: if defects.has(Defect::RelyingSha1Digest) {
                openssl::hash::MessageDigest::sha1()
            } else {
                openssl::hash::MessageDigest::sha256()
            },
            // Only the 署名用 CA's CRL is given (`MYNAKIT_SIGN_CRL_URL`).
            crl_url: env
                .sign_crl_url
                .clone()
                .filter(|_| env.variants.has(crate::Variant::OcspAndCrl))
                .filter(|_| env.sign_ca_file.as_deref() == Some(ca_file)),
        }
    }

    /// What both flows verify: the card's signature over `data` with the certificate's key,
    /// the certificate's chain to the CA of `ca_file`, valid now, and its revocation.
    fn verify_certificate(&self, der: &[u8], data: &[u8], signature: &[u8]) -> Result<(), Refusal> {
        let cert = X509::from_der(der).map_err(|e| Refusal::Certificate(e.to_string()))?;
        if self.lapses.signature_length_only {
            verification::signature_length(&cert, signature)?;
        } else if !self.lapses.skip_signature {
            verification::signature(&cert, data, signature, self.digest)?;
        }
        self.check_certificate(&cert)
    }

    /// The certificate's chain to the CA of `ca_file`, valid now, and its revocation.
    fn check_certificate(&self, cert: &X509) -> Result<(), Refusal> {
        let ca = verification::anchor(self.ca_file)?;
        if !self.lapses.skip_chain {
            verification::chain(cert, &ca, self.at)?;
        }
        if self.ask_late {
            return Ok(());
        }
        let other = self.other_ca()?;
        let answer = verification::revocation(
            cert,
            &ca,
            self.url,
            self.timeout,
            self.lapses,
            self.at,
            other.as_ref(),
        );
        if self.first_answer_kept {
            return Ok(());
        }
        // The variant `ocsp-and-crl`: the CRL is read too, and either in doubt refuses.
        let listed = self
            .crl_url
            .as_deref()
            .map(|url| crl_too::not_listed(cert, self.ca_file, url, self.timeout, self.at));
        answer.and(listed.unwrap_or(Ok(())))
    }

    /// The other test CA the defect `relying-one-trust-store` also trusts; `None` for a correct
    /// server.
    fn other_ca(&self) -> Result<Option<X509>, Refusal> {
        self.trusted_too
            .as_deref()
            .map(verification::anchor)
            .transpose()
    }

    /// The defect `relying-first-answer-kept`: the revocation asked as the certificate `der` is
    /// read, and a good answer then kept over the one the verification gets.
    fn ask_when_read(&mut self, der: &[u8], defects: &Defects) {
        if defects.has(Defect::RelyingFirstAnswerKept) {
            self.first_answer_kept = self.revocation_of(der).is_ok();
        }
    }

    /// The certificate `der`'s revocation alone, as asked when it is read.
    fn revocation_of(&self, der: &[u8]) -> Result<(), Refusal> {
        let cert = X509::from_der(der).map_err(|e| Refusal::Certificate(e.to_string()))?;
        let ca = verification::anchor(self.ca_file)?;
        let other = self.other_ca()?;
        verification::revocation(
            &cert,
            &ca,
            self.url,
            self.timeout,
            self.lapses,
            self.at,
            other.as_ref(),
        )
    }

    /// The verification of a 身元確認: the person accepted with the certificate's 基本4情報,
    /// or why not.
    fn verify(&self, der: &[u8], data: &[u8], signature: &[u8]) -> Result<Screen, Refusal> {
        self.verify_certificate(der, data, signature)?;
        self.person(der)
    }

    /// The defect `relying-certificate-only`'s verification: the certificate's chain and
    /// revocation, and no signature at all.
    fn verify_unsigned(&self, der: &[u8]) -> Result<Screen, Refusal> {
        let cert = X509::from_der(der).map_err(|e| Refusal::Certificate(e.to_string()))?;
        self.check_certificate(&cert)?;
        self.person(der)
    }

    /// The person accepted with the certificate's 基本4情報.
    fn person(&self, der: &[u8]) -> Result<Screen, Refusal> {
        let person = basic_four::of_certificate(der, self.substitutes)
            .map_err(|e| Refusal::Certificate(e.to_string()))?;
        Ok(person.fields().into_iter().fold(
            Screen::outcome(Outcome::Accepted, "本人確認できました"),
            |screen, (name, value)| screen.with_field(name.as_str(), value),
        ))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn env(vars: &[(&str, &str)]) -> ClientEnv {
        ClientEnv::from_vars(vars.iter().map(|(k, v)| (*k, *v))).unwrap()
    }

    #[test]
    fn the_flow_is_the_one_named_and_else_told_by_the_variables_set() {
        use mynakit_protocol::env::{NONCE_URL, RP_ACCOUNTS, RP_FLOW};
        let (nonce, accounts) = ((NONCE_URL, "http://127.0.0.1:1/nonce"), (RP_ACCOUNTS, "/a"));
        assert_eq!(flow_of(&env(&[])), Flow::IdentityBySignature);
        assert_eq!(flow_of(&env(&[nonce])), Flow::AuthenticationByNonce);
        assert_eq!(flow_of(&env(&[nonce, accounts])), Flow::PinLess);
        assert_eq!(flow_of(&env(&[accounts])), Flow::StatusCheck);
        // Named, the name wins over what the other variables would tell.
        let named = env(&[nonce, accounts, (RP_FLOW, "authentication-by-nonce")]);
        assert_eq!(flow_of(&named), Flow::AuthenticationByNonce);
        let refused = ClientEnv::from_vars([(RP_FLOW, "registration")]).unwrap_err();
        assert!(refused.to_string().contains("MYNAKIT_RP_FLOW"), "{refused}");
    }
}
