//! What the harness told the checks through the run's notes ([`Fact`], `docs/timeline.md`):
//! decoded once when the [`Run`] is built (`decoded`), each fact from a note of its own source (a client
//! cannot state what the operator gave it), and read here by what it is about: the care
//! setting, the relying party's revocation service, accounts and nonces, the portal account.

use mynakit_timeline::{AccountStatus, Fact, PortalAccount};

use super::Run;

impl Run<'_> {
    /// The facts the harness recorded for the checks ([`Fact`]), with when, in timeline order:
    /// each from a note of the fact's own source (a client cannot state what the operator
    /// gave it).
    pub fn facts(&self) -> impl Iterator<Item = (u64, Fact)> + '_ {
        self.noted().map(|(_, t_us, f)| (t_us, f))
    }

    /// [`Run::facts`] with the step each was noted at.
    pub(crate) fn noted(&self) -> impl Iterator<Item = (usize, u64, Fact)> + '_ {
        self.noted.iter().cloned()
    }

    /// The care setting the harness told the client (`MYNAKIT_CARE_SETTING`), from the fact it
    /// records at the start ([`Fact::CareSetting`]); `None` at the counter.
    pub fn care_setting(&self) -> Option<mynakit_protocol::Flow> {
        self.facts().find_map(|(_, f)| match f {
            Fact::CareSetting(name) => mynakit_protocol::Flow::from_name(&name),
            _ => None,
        })
    }

    /// What the revocation service of a `relying-party` run knew and got wrong (the card's
    /// 署名用 certificate's status at the start, the faults), from the fact the harness records
    /// when it starts it ([`Fact::Revocation`]); `None` in any other run.
    pub fn revocation(&self) -> Option<mynakit_timeline::Revocation> {
        self.facts().find_map(|(_, f)| match f {
            Fact::Revocation(r) => Some(r),
            _ => None,
        })
    }

    /// Whether this is a relying party's run: the harness told the checks of its revocation
    /// service, of the 利用者証明用 certificate of a 当人認証 or of the accounts of a 現況確認
    /// (`docs/relying-party.md`).
    pub fn is_relying_party(&self) -> bool {
        self.facts().any(|(_, f)| {
            matches!(
                f,
                Fact::Revocation(_) | Fact::AuthCertificate(_) | Fact::AccountStatus(_)
            )
        })
    }

    /// Whether the card's 署名用 certificate was within its validity when a relying party's run
    /// started, from the fact the harness records then ([`Fact::SignValidity`]); `None` in any
    /// other run, and in one recorded before the harness told it.
    pub fn sign_within_validity(&self) -> Option<bool> {
        self.facts().find_map(|(_, f)| match f {
            Fact::SignValidity(within) => Some(within),
            _ => None,
        })
    }

    /// What the harness knew of the card's 利用者証明用 certificate in a relying party's
    /// 当人認証 (its status at the revocation service and whether it was within its validity at
    /// the start), from the fact it records then ([`Fact::AuthCertificate`]); `None` in any
    /// other run.
    pub fn auth_certificate(&self) -> Option<mynakit_timeline::AuthCertificate> {
        self.facts().find_map(|(_, f)| match f {
            Fact::AuthCertificate(a) => Some(a),
            _ => None,
        })
    }

    /// The SubjectPublicKeyInfo (DER) of the test CA the client was given to trust for the
    /// card's `certificate` (`署名用`, `利用者証明用`) in a relying party's run, from the fact
    /// the harness records at the start ([`Fact::TestCaKey`]); `None` when it recorded none
    /// (another run, or one recorded before the harness told it) or its digits do not read.
    pub fn test_ca_key(&self, certificate: mynakit_protocol::CardCertificate) -> Option<Vec<u8>> {
        self.facts().find_map(|(_, f)| match f {
            Fact::TestCaKey(k) if k.certificate == certificate => hex::decode(&k.key).ok(),
            _ => None,
        })
    }

    /// What the revocation service of a `relying-party` run answered about the card's
    /// certificates, in the order it answered ([`Fact::RevocationAnswer`]).
    pub fn revocation_answers(&self) -> Vec<mynakit_timeline::RevocationAnswer> {
        self.revocation_answers_at()
            .into_iter()
            .map(|(_, a)| a)
            .collect()
    }

    /// The same, each with the index in [`Self::steps`] of the note that recorded it, so a
    /// check can tell an answer given before the client's result ([`Self::result_at`]) from
    /// one given after.
    pub fn revocation_answers_at(&self) -> Vec<(usize, mynakit_timeline::RevocationAnswer)> {
        self.noted()
            .filter_map(|(i, _, f)| match f {
                Fact::RevocationAnswer(a) => Some((i, a)),
                _ => None,
            })
            .collect()
    }

    /// The nonces the run's nonce service issued to a 当人認証's server, as their hexadecimal
    /// digits, in the order issued ([`Fact::NonceIssued`]).
    pub fn issued_nonces(&self) -> Vec<String> {
        self.facts()
            .filter_map(|(_, f)| match f {
                Fact::NonceIssued(nonce) => Some(nonce),
                _ => None,
            })
            .collect()
    }

    /// In a counter read (flow `counter-read`), whether the card is within the expiry on its
    /// face when the client starts ([`Fact::CardFace`]); `None` in any other run.
    pub fn card_face(&self) -> Option<bool> {
        self.facts().find_map(|(_, f)| match f {
            Fact::CardFace(within) => Some(within),
            _ => None,
        })
    }

    /// In a counter read (flow `counter-read`), whether the card's 券面 records verify with the
    /// 券面 APs' test CV roots ([`Fact::CardRecords`]); `None` in any other run.
    pub fn card_records(&self) -> Option<bool> {
        self.facts().find_map(|(_, f)| match f {
            Fact::CardRecords(genuine) => Some(genuine),
            _ => None,
        })
    }

    /// In a counter read (flow `counter-read`), the items of the card's data its 確認記録 may
    /// keep ([`Fact::RecordItems`]); `None` in any other run.
    pub fn record_items(&self) -> Option<Vec<mynakit_protocol::RecordItem>> {
        self.facts().find_map(|(_, f)| match f {
            Fact::RecordItems(items) => Some(items),
            _ => None,
        })
    }

    /// Whether the relying party's server had an account for the card's holder in a かざし
    /// (flow `pin-less`), from the fact the harness records at the start
    /// ([`Fact::HolderAccount`]); `None` in any other run.
    pub fn holder_account(&self) -> Option<bool> {
        self.facts().find_map(|(_, f)| match f {
            Fact::HolderAccount(has) => Some(has),
            _ => None,
        })
    }

    /// The relying party's accounts in a 現況確認 (flow `status-check`) and what the revocation
    /// service says of each account's 署名用 certificate, from the facts the harness records at
    /// the start ([`Fact::AccountStatus`]); empty in any other run.
    pub fn account_statuses(&self) -> Vec<AccountStatus> {
        self.facts()
            .filter_map(|(_, f)| match f {
                Fact::AccountStatus(a) => Some(a),
                _ => None,
            })
            .collect()
    }

    /// What the revocation service answered in a 現況確認 about each account's 署名用
    /// certificate, in the order it answered, each by its serial
    /// ([`mynakit_timeline::RevocationAnswer::certificate`], [`Fact::AccountAnswer`]); empty in
    /// any other run.
    pub fn account_answers(&self) -> Vec<mynakit_timeline::RevocationAnswer<String>> {
        self.facts()
            .filter_map(|(_, f)| match f {
                Fact::AccountAnswer(a) => Some(a),
                _ => None,
            })
            .collect()
    }

    /// The revocation service's faults in a 現況確認, from the fact the harness records at the
    /// start when there are some ([`Fact::StatusCheckFaults`]); empty without any, and in any
    /// other run (where [`Run::revocation`] tells them).
    pub fn status_check_faults(&self) -> Vec<mynakit_protocol::RevocationFault> {
        self.facts()
            .find_map(|(_, f)| match f {
                Fact::StatusCheckFaults(faults) => Some(faults),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// The portal device account the harness gave the client (`MYNAKIT_PORTAL_ACCOUNT`) and
    /// the facility code, from the fact it records at the start ([`Fact::PortalAccount`]);
    /// `None` when the device was not registered through the portal.
    pub fn portal_account(&self) -> Option<PortalAccount> {
        self.facts().find_map(|(_, f)| match f {
            Fact::PortalAccount(p) => Some(p),
            _ => None,
        })
    }
}
