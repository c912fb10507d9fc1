//! Correct variants: switches that make this client behave another correct way, as clients
//! written by other people do. Unlike a [`Defect`](crate::Defect), a variant never breaks a
//! rule: every bundled scenario a variant can play must pass it, and mynakit's tests run the
//! bundled set with each, so that a scenario judging *how* one client does something rather
//! than *what* a correct client does is caught (`docs/reference-client.md`, "Variants").
//! They are named in the reference client's own variable [`VARIANTS`], as the read pattern
//! is, not part of the client protocol.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// The reference client's own variable naming its variants, comma-separated
/// ([`crate::ClientEnv::variants`]).
pub const VARIANTS: &str = "MYNAKIT_VARIANTS";

/// One correct way of doing something the default client does another way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Variant {
    /// `own-transactions`: over PC/SC, each command goes inside a transaction of the client's
    /// own (`SCardBeginTransaction` … `SCardEndTransaction(SCARD_LEAVE_CARD)`), as OpenSC's
    /// `sc_lock` does around each card step, so no other program talks to the card in the
    /// middle of one.
    OwnTransactions,
    /// `reselect-every-step`: selects the EF again before every step on it (the auth PIN's EF
    /// before each VERIFY, the key's before each signature, the certificate's before reading
    /// it), where the default client selects an EF only when another is current.
    ReselectEveryStep,
    /// `short-ef-forms`: names each EF in the command itself and never selects one: VERIFY
    /// `00 20 00 98`, the signature `80 2A 00 97`, the certificate's first read `00 B0 8A 00`
    /// (then the offset form on the EF it made current), as jsapdu and myna-browser-extension
    /// do (docs/card.md, "READ BINARY", "PINs", "Signature").
    ShortEfForms,
    /// `tries-before-verify`: reads the tries left again (the empty VERIFY) between the PIN
    /// typed and its VERIFY, so the VERIFY is not the first command after the PIN answer.
    TriesBeforeVerify,
    /// `claims-in-patient-order`: keeps the month's claims in RECEIPTC.UKE in the order of
    /// their patients (保険者番号, 記号・番号, 枝番, 生年月日, as a レセコン lists its patients),
    /// not in the order of their first visit; the RE numbers follow the new order.
    ClaimsInPatientOrder,
    /// `go-after-header`: writes a station's bare GO right after HM, as one version of a
    /// public station writer does, where the default writes it last (both are read:
    /// docs/uke.md, "訪問看護").
    GoAfterHeader,
    /// `one-line-per-code`: a code a claim of the month already bills on an SI line is billed
    /// again on that line (its 算定日 column of the new day marked, its 回数 one more), as
    /// レセコン that write a code once per claim do; the default writes each visit's lines
    /// after the claim's own.
    OneLinePerCode,
    /// `subsidies-in-other-order`: imports the answer's 医療費助成 entries last first, so its
    /// KO records (第1公費 …) come in another order than the answer's (docs/subsidies.md: which
    /// 公費 is the 第1 is the 記録条件仕様's 公費の優先順位, not judged).
    SubsidiesInOtherOrder,
    /// `subsidy-asked-first`: a card app asks the patient whether to use their 医療費助成
    /// 受給者証 before the check, beside the 限度額 consent (as a face reader asks its questions
    /// before it sends the check), and keeps that answer for the visit, across a check repeated
    /// after a lost answer too; the default asks once an answer carrying entries is in
    /// (docs/subsidies.md, "The card app": either is correct, and so is asking again).
    SubsidyAskedFirst,
    /// `subsidy-asked-again`: as `subsidy-asked-first`, but a confirmation that failed (its
    /// answer lost on the network, or refused by a 5xx) forgets the patient's answer with it: once the repeated check is
    /// answered, the patient is asked again (docs/subsidies.md, "After a network loss").
    SubsidyAskedAgain,
    /// `retries-at-the-limits`: every documented wait and repeat at its bound instead of the
    /// default's shorter choice (docs/client-protocol.md, "Bounds a client must meet"): 3
    /// automatic repeats of a failed request from 200 ms apart; a reader another program
    /// holds tried again every 1.9 s for up to 25 s (under the 30 s of refusals); an empty
    /// reader waited for up to 20 s (never past the run's limit less its margin).
    RetriesAtTheLimits,
    /// `status-by-ocsp`: a relying party's 現況確認 asks the OCSP responder (`MYNAKIT_OCSP_URL`)
    /// about each account's 署名用 certificate by its issuer and serial, as a server that asks
    /// OCSP rather than read its CA's CRL does, where the default reads the CRL
    /// (`docs/relying-party.md`, "status-check (現況確認)").
    StatusByOcsp,
    /// `ocsp-and-crl`: a relying party's server that verifies a 署名用 certificate asks the OCSP
    /// responder and reads the 署名用 CA's CRL (`MYNAKIT_SIGN_CRL_URL`) too, and refuses when
    /// either is in doubt (no answer it can believe, or revoked), where the default asks OCSP
    /// alone: a stricter correct server, which refuses where a scenario's `outcome_or` allows
    /// it (`docs/relying-party.md`, "Under revocation faults").
    OcspAndCrl,
    /// `strict-clock`: a relying party's server allows no clock difference: an OCSP answer or
    /// a CRL is current only when the scenario's clock (`MYNAKIT_CLOCK`, running since) is
    /// within its thisUpdate and nextUpdate to the second, where the default allows 300 s
    /// (`docs/relying-party.md`, "Which clock").
    StrictClock,
}

impl Variant {
    /// Every variant, in documentation order (the table of docs/reference-client.md, "Variants").
    pub const ALL: [Variant; 14] = [
        Variant::OwnTransactions,
        Variant::ReselectEveryStep,
        Variant::ShortEfForms,
        Variant::TriesBeforeVerify,
        Variant::ClaimsInPatientOrder,
        Variant::GoAfterHeader,
        Variant::OneLinePerCode,
        Variant::SubsidiesInOtherOrder,
        Variant::SubsidyAskedFirst,
        Variant::SubsidyAskedAgain,
        Variant::RetriesAtTheLimits,
        Variant::StatusByOcsp,
        Variant::OcspAndCrl,
        Variant::StrictClock,
    ];

    /// The name used on the command line (`--variant NAME`).
    pub fn name(self) -> &'static str {
        match self {
            Variant::OwnTransactions => "own-transactions",
            Variant::ReselectEveryStep => "reselect-every-step",
            Variant::ShortEfForms => "short-ef-forms",
            Variant::TriesBeforeVerify => "tries-before-verify",
            Variant::ClaimsInPatientOrder => "claims-in-patient-order",
            Variant::GoAfterHeader => "go-after-header",
            Variant::OneLinePerCode => "one-line-per-code",
            Variant::SubsidiesInOtherOrder => "subsidies-in-other-order",
            Variant::SubsidyAskedFirst => "subsidy-asked-first",
            Variant::SubsidyAskedAgain => "subsidy-asked-again",
            Variant::RetriesAtTheLimits => "retries-at-the-limits",
            Variant::StatusByOcsp => "status-by-ocsp",
            Variant::OcspAndCrl => "ocsp-and-crl",
            Variant::StrictClock => "strict-clock",
        }
    }

    /// One line: what is done another way.
    pub fn description(self) -> &'static str {
        match self {
            Variant::OwnTransactions => {
                "over PC/SC, wraps each command in a transaction of its own, as OpenSC does"
            }
            Variant::ReselectEveryStep => {
                "selects the EF again before every step (each VERIFY, signature, file read)"
            }
            Variant::ShortEfForms => {
                "names each EF in the command (80|SFI) and never selects one, as jsapdu does"
            }
            Variant::TriesBeforeVerify => {
                "reads the tries left again between the PIN typed and its VERIFY"
            }
            Variant::ClaimsInPatientOrder => {
                "keeps a month's claims in the order of their patients, not of first visits"
            }
            Variant::GoAfterHeader => "writes a station's GO right after HM, not last",
            Variant::OneLinePerCode => {
                "bills a code once per claim: a later day marks its 算定日 on the same SI line"
            }
            Variant::SubsidiesInOtherOrder => {
                "imports a confirmation's 医療費助成 entries last first: its KO in another order"
            }
            Variant::SubsidyAskedFirst => {
                "asks about 医療費助成 before the check and keeps the answer for the visit"
            }
            Variant::SubsidyAskedAgain => {
                "asks about 医療費助成 before the check, and again after a lost answer"
            }
            Variant::RetriesAtTheLimits => {
                "waits and repeats at every documented bound: 3 repeats, 25 s for a held reader"
            }
            Variant::StatusByOcsp => {
                "in a relying party's 現況確認, asks OCSP about each account instead of the CRL"
            }
            Variant::OcspAndCrl => {
                "a relying party asks OCSP and reads the CRL too, refusing when either is in doubt"
            }
            Variant::StrictClock => {
                "a relying party allows no clock difference on an answer's or a CRL's times"
            }
        }
    }

    /// Whether it changes the claim file only (a レセコン's layout of its month), so that only
    /// the runs of flow `claim-file` can tell it from the default.
    pub fn claim_file_only(self) -> bool {
        matches!(
            self,
            Variant::ClaimsInPatientOrder
                | Variant::OneLinePerCode
                | Variant::GoAfterHeader
                | Variant::SubsidiesInOtherOrder
        )
    }

    /// Whether it changes only when a card app asks about 医療費助成 (one more `consent` ask,
    /// before the check, in every card check of a 保険医療機関's own setting), so that only the
    /// runs of flow `subsidy` judge what it changes.
    pub fn subsidy_only(self) -> bool {
        matches!(
            self,
            Variant::SubsidyAskedFirst | Variant::SubsidyAskedAgain
        )
    }

    /// Whether it changes a relying party's 現況確認 only (flow `status-check`), so that only
    /// those runs can tell it from the default.
    pub fn status_check_only(self) -> bool {
        self == Variant::StatusByOcsp
    }

    /// Whether it changes a relying party only (role `relying-party`: `ocsp-and-crl` its
    /// verification of a card's certificate, `strict-clock` every answer's times), so that only
    /// the runs tagged `relying-party` can tell it from the default.
    pub fn relying_party_only(self) -> bool {
        matches!(self, Variant::OcspAndCrl | Variant::StrictClock)
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A variant name that does not exist.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("no variant {0:?} (known: {known})", known = Variant::ALL.map(Variant::name).join(", "))]
pub struct UnknownVariant(pub String);

impl FromStr for Variant {
    type Err = UnknownVariant;

    fn from_str(name: &str) -> Result<Variant, UnknownVariant> {
        Variant::ALL
            .into_iter()
            .find(|v| v.name() == name)
            .ok_or_else(|| UnknownVariant(name.to_owned()))
    }
}

/// The variants switched on for one run; none (the default client) by default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Variants(BTreeSet<Variant>);

impl Variants {
    /// Whether `variant` is on.
    pub fn has(&self, variant: Variant) -> bool {
        self.0.contains(&variant)
    }

    /// The variants of a comma-separated list (`own-transactions,reselect-every-step`);
    /// blanks around names and empty entries are ignored.
    ///
    /// # Errors
    ///
    /// [`UnknownVariant`] for the first name that is no variant.
    pub fn from_list(list: &str) -> Result<Variants, UnknownVariant> {
        list.split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::parse)
            .collect::<Result<BTreeSet<_>, _>>()
            .map(Variants)
    }
}

impl FromIterator<Variant> for Variants {
    fn from_iter<I: IntoIterator<Item = Variant>>(iter: I) -> Variants {
        Variants(iter.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_is_found_by_its_name_and_no_other_name_is() {
        for variant in Variant::ALL {
            assert_eq!(variant.name().parse::<Variant>(), Ok(variant));
        }
        let unknown = "share-exclusive".parse::<Variant>().unwrap_err();
        assert!(
            unknown.to_string().contains("own-transactions"),
            "{unknown}"
        );
    }

    #[test]
    fn a_list_names_several_variants_and_a_wrong_name_is_refused() {
        let both = Variants::from_list(" own-transactions, ,reselect-every-step").unwrap();
        assert!(both.has(Variant::OwnTransactions) && both.has(Variant::ReselectEveryStep));
        assert_eq!(Variants::from_list("").unwrap(), Variants::default());
        assert_eq!(
            Variants::from_list("own-transactions,typo"),
            Err(UnknownVariant("typo".to_owned()))
        );
    }
}
