//! The relying party's かざし (flow `pin-less`, `docs/relying-party.md`): a later use by a
//! holder its server already knows. No PIN is typed. The app reads the 利用者証明用
//! certificate, which needs none; the server checks its chain to the 利用者証明用 CA
//! (`MYNAKIT_AUTH_CA_FILE`), valid now, and its revocation (`MYNAKIT_OCSP_URL`), and finds the
//! account that certificate is linked to (`MYNAKIT_RP_ACCOUNTS`); a certificate no account
//! holds is a first use, refused: the first use is a 身元確認 by the 署名用 certificate. Then
//! the card proves itself: the account's birth date opens the 券面事項確認AP's birth-date key,
//! and the AP's own key signs a nonce the server issued (`MYNAKIT_NONCE_URL`), verified with the
//! key of the age record, whose birth date must be the account's (PocketSign Verify,
//! docs.p8n.app pin-less/sequence and pin-less/parse-date-of-birth).

use mynakit_protocol::normal_serial;
use std::io::{BufRead, Write};
use std::path::Path;

use mynakit_protocol::{Mode, Outcome};
use openssl::bn::BigNum;
use openssl::hash::MessageDigest;
use openssl::pkey::PKey;
use openssl::rsa::Rsa;
use openssl::sign::Verifier;
use openssl::x509::X509;

use super::accounts::{self, AccountsError};
use super::authentication::Nonces;
use super::card_side::{SideCard, AUTH};
use super::kenkaku::{AgeRecord, KenkakuCard};
use super::verification::Refusal;
use super::Server;
use crate::card::{CardError, CardTransport};
use crate::defects::{Defect, Defects};
use crate::env::ClientEnv;
use crate::jpki::{digest_info_sha256, PinStatus};
use crate::screen::{Screen, Stop};
use crate::talk::Talk;

/// One account of the server: the 利用者証明用 certificate linked to it and the birth date the
/// 署名用 certificate of its 身元確認 gave.
#[derive(Debug)]
struct Account {
    /// Hexadecimal digits, any case, leading zeros or not.
    auth_certificate_serial: String,
    /// `YYYYMMDD`.
    birth_date: String,
}

/// Plays the かざし with the card in `card`.
pub(super) fn touch<R: BufRead, W: Write>(
    talk: &mut Talk<R, W>,
    card: &mut (dyn CardTransport + Send),
    env: &ClientEnv,
    defects: &Defects,
) -> Result<Screen, Stop> {
    let (Some(url), Some(ca_file), Some(nonce_url), Some(accounts_file)) = (
        &env.ocsp_url,
        &env.auth_ca_file,
        &env.nonce_url,
        &env.rp_accounts,
    ) else {
        return Ok(Screen::outcome(
            Outcome::ServiceError,
            "かざしの設定がありません (MYNAKIT_OCSP_URL, MYNAKIT_AUTH_CA_FILE, MYNAKIT_NONCE_URL, \
             MYNAKIT_RP_ACCOUNTS)",
        ));
    };
    let accounts = match read_accounts(accounts_file) {
        Ok(accounts) => accounts,
        Err(why) => return Ok(accounts::unreadable(&why)),
    };
    // The staff start the check (the role's one mode); no PIN is asked.
    talk.mode(&[Mode::Pin])?;
    let card_error = |e: CardError| Stop::Show(Screen::card_error(&e));
    let refused = |refusal: Refusal| {
        Stop::Show(Screen::outcome(
            Outcome::Refused,
            format!("かざしで確認できません: {refusal}"),
        ))
    };
    let mut jpki = SideCard::new(card, &AUTH);
    jpki.select_ap().map_err(card_error)?;
    let der = jpki.read_certificate().map_err(card_error)?;
    let mut server = Server::of(url, ca_file, env, defects);
    server.ask_when_read(&der, defects);
    let cert = X509::from_der(&der).map_err(|e| refused(Refusal::Certificate(e.to_string())))?;
    server.check_certificate(&cert).map_err(refused)?;
    let Some(account) = account_of(&accounts, &cert) else {
        if defects.has(Defect::RelyingPinLessFirstUse) {
            return Ok(Screen::outcome(Outcome::Accepted, "かざしで確認できました"));
        }
        return Err(refused(Refusal::FirstUse));
    };
    if defects.has(Defect::RelyingPinLessNoCardProof) {
        return Ok(Screen::outcome(Outcome::Accepted, "かざしで確認できました"));
    }
    let era_date = era_date(&account.birth_date).ok_or_else(|| {
        Stop::Show(Screen::outcome(
            Outcome::ServiceError,
            format!("利用者情報の生年月日が読めません: {}", account.birth_date),
        ))
    })?;
    let mut nonces = Nonces::of_service(nonce_url);
    let nonce = nonces.issue(&server).map_err(refused)?;
    // The defect `relying-log-birth-date`: the key written to the log.
    if defects.has(Defect::RelyingLogBirthDate) {
        env.log(&format!(
            "pin-less: opening the 券面事項確認AP with {era_date}"
        ));
    }
    let mut kenkaku = KenkakuCard::new(card);
    let mut opened = kenkaku.open(&era_date).map_err(card_error)?;
    if matches!(opened, PinStatus::TriesLeft(_)) && defects.has(Defect::RelyingBirthDateRetry) {
        opened = kenkaku.open(&era_date).map_err(card_error)?;
    }
    match opened {
        PinStatus::Verified => {}
        _ => return Err(refused(Refusal::BirthDate)),
    }
    let record = kenkaku.age_record().map_err(card_error)?;
    let signature = kenkaku
        .sign(&digest_info_sha256(&nonce))
        .map_err(card_error)?;
    nonces.redeem(&nonce).map_err(refused)?;
    // The defect `relying-skip-signature`: the AP key's signature taken unverified.
    let skip_signature = defects.has(Defect::RelyingSkipSignature);
    card_proof(&record, account, &nonce, &signature, skip_signature).map_err(refused)?;
    let screen = Screen::outcome(Outcome::Accepted, "かざしで確認できました");
    // The defect `relying-fields-from-account`: the account's birth date shown as confirmed.
    if defects.has(Defect::RelyingFieldsFromAccount) {
        return Ok(screen.with_field(
            mynakit_oqs::ElementName::Birthdate.as_str(),
            account.birth_date.clone(),
        ));
    }
    Ok(screen)
}

/// The server's accounts, from the file its earlier 身元確認s wrote.
fn read_accounts(path: &Path) -> Result<Vec<Account>, AccountsError> {
    accounts::read(path)?
        .iter()
        .enumerate()
        .map(|(i, account)| {
            let field = |name: &str| accounts::string(path, account, i, name);
            Ok(Account {
                auth_certificate_serial: field("auth_certificate_serial")?,
                birth_date: field("birth_date")?,
            })
        })
        .collect()
}

/// The account `cert` is linked to, by its serial.
fn account_of<'a>(accounts: &'a [Account], cert: &X509) -> Option<&'a Account> {
    let serial = cert.serial_number().to_bn().ok()?.to_hex_str().ok()?;
    let serial = normal_serial(&serial);
    accounts
        .iter()
        .find(|a| normal_serial(&a.auth_certificate_serial) == serial)
}

/// The birth-date key of a `YYYYMMDD` birth date: the era's year, month and day (`YYMMDD`).
fn era_date(birth_date: &str) -> Option<String> {
    let date = mynakit_uke::Date::parse(birth_date).filter(|_| birth_date.len() == 8)?;
    let (_, year) = date.era_year()?;
    Some(format!("{year:02}{:02}{:02}", date.month, date.day))
}

/// The card proved itself: the age record is the account holder's (its birth date) and its key
/// signed the nonce (RSASSA-PKCS1-v1_5, SHA-256); with `skip_signature` (the defect
/// `relying-skip-signature`) the signature is not verified.
fn card_proof(
    record: &AgeRecord,
    account: &Account,
    nonce: &[u8],
    signature: &[u8],
    skip_signature: bool,
) -> Result<(), Refusal> {
    if record.birth_date != account.birth_date {
        return Err(Refusal::BirthDate);
    }
    if skip_signature {
        return Ok(());
    }
    let key = BigNum::from_slice(&record.modulus)
        .and_then(|n| Ok((n, BigNum::from_slice(&record.exponent)?)))
        .and_then(|(n, e)| Rsa::from_public_components(n, e))
        .and_then(PKey::from_rsa)
        .map_err(|e| Refusal::Certificate(e.to_string()))?;
    let verified = Verifier::new(MessageDigest::sha256(), &key)
        .and_then(|mut v| {
            v.update(nonce)?;
            v.verify(signature)
        })
        .unwrap_or(false);
    verified.then_some(()).ok_or(Refusal::CardProof)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_birth_date_becomes_its_era_key() {
        assert_eq!(era_date("19850412").as_deref(), Some("600412"));
        assert_eq!(era_date("20190501").as_deref(), Some("010501"));
        assert_eq!(era_date("19890107").as_deref(), Some("640107"));
        assert_eq!(era_date("1985041").as_deref(), None);
        assert_eq!(era_date("4600412").as_deref(), None);
    }

    #[test]
    fn serials_compare_whatever_their_case_and_zeros() {
        assert_eq!(normal_serial("00AB"), normal_serial("ab"));
        assert_ne!(normal_serial("ab"), normal_serial("abc"));
        assert_eq!(normal_serial("000"), "0");
    }
}
