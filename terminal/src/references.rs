//! Registered 照会番号 (`OQSsiimm01`): the clinic's own patient number, stored against a
//! qualification's insurance-card data **per `MedicalInstitutionCode`**, and shown as
//! `ReferenceNumber` in that institution's later results (reference §1.8: "the number is stored
//! per institution code"; the ReceptionAgent 照会番号 spec; sanox.org road18/26).

use std::collections::BTreeMap;

use mynakit_persona::Insurance;

use crate::people::CardData;
use mynakit_oqs::padded_insurer_number;

/// The card data, normalised (insurer number as sent, 8 characters; the rest trimmed).
type CardKey = (String, String, String, String);

fn card_key(card: &CardData) -> CardKey {
    (
        card.insurer_number.clone(),
        card.symbol.as_deref().unwrap_or("").trim().to_owned(),
        card.number.trim().to_owned(),
        card.branch.as_deref().unwrap_or("").trim().to_owned(),
    )
}

/// The card data naming qualification `insurance`.
pub(crate) fn card_of(insurance: &Insurance) -> CardData {
    CardData {
        insurer_number: padded_insurer_number(&insurance.insurer_number),
        symbol: insurance.insured_card_symbol.clone(),
        number: insurance.insured_identification_number.clone(),
        branch: insurance.insured_branch_number.clone(),
    }
}

/// 照会番号 by (institution, card data).
#[derive(Clone, Debug, Default)]
pub(crate) struct References {
    numbers: BTreeMap<(String, CardKey), String>,
}

impl References {
    /// Registers `number` for `card` at `institution` (replacing an earlier one).
    pub(crate) fn register(&mut self, institution: &str, card: &CardData, number: &str) {
        self.numbers.insert(
            (institution.trim().to_owned(), card_key(card)),
            number.to_owned(),
        );
    }

    /// The number `institution` registered for `card`.
    pub(crate) fn get(&self, institution: &str, card: &CardData) -> Option<String> {
        self.numbers
            .get(&(institution.trim().to_owned(), card_key(card)))
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_per_institution() {
        let card = CardData {
            insurer_number: "06139992".into(),
            symbol: Some("1001".into()),
            number: "2345".into(),
            branch: Some("00".into()),
        };
        let mut refs = References::default();
        refs.register("1312345678", &card, "P-1");
        assert_eq!(refs.get("1312345678", &card).as_deref(), Some("P-1"));
        assert_eq!(refs.get("1319999999", &card), None);
        let spaced = CardData {
            number: " 2345 ".into(),
            ..card.clone()
        };
        assert_eq!(refs.get("1312345678", &spaced).as_deref(), Some("P-1"));
    }
}
