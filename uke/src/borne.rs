//! What each payer of a 訪問看護 claim bears: the sum of the KA 金額 whose 負担区分 (別表22,
//! [`Burden`]) names it. A claim's HO 合計金額 is the 医療保険's sum and each KO's the sum of
//! its 公費 (記録条件仕様（訪問看護用）, 保険者レコード and 公費レコード 「合計金額」;
//! `docs/uke.md`, "訪問看護"): the one place both the file's own consistency and the run's
//! `UKE-station-amounts` add them up.

use crate::codes::Burden;

/// The payers a claim has room for: the 医療保険 (HO) and the 第1 to 第4 公費 (KO in order).
pub const PAYERS: usize = 5;

/// The sums each payer bears, as a claim's KA records come.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Borne {
    sums: [u64; PAYERS],
    /// A KA's 負担区分 is outside 別表22: who bears it is not known.
    unknown: bool,
}

impl Borne {
    /// Takes in a KA of 負担区分 `burden` (as written) and 金額 `amount`.
    pub fn add(&mut self, burden: &str, amount: u64) {
        let Some(burden) = Burden::from_code(burden) else {
            self.unknown = true;
            return;
        };
        for (payer, sum) in self.sums.iter_mut().enumerate() {
            if burden.bears(payer) {
                *sum = sum.saturating_add(amount);
            }
        }
    }

    /// The sum `payer` bears (0 the 医療保険, 1 to 4 the claim's first to fourth KO); `None`
    /// when a KA's 負担区分 is outside 別表22, so that no payer's sum is known, or past the
    /// fourth 公費.
    pub fn of(&self, payer: usize) -> Option<u64> {
        if self.unknown {
            return None;
        }
        self.sums.get(payer).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_payer_bears_the_items_its_code_names() {
        let mut borne = Borne::default();
        borne.add("1", 5550);
        borne.add("2", 50);
        borne.add("5", 1000);
        assert_eq!(borne.of(0), Some(5600));
        assert_eq!(borne.of(1), Some(1050));
        assert_eq!(borne.of(2), Some(0));
        assert_eq!(borne.of(PAYERS), None);
        borne.add("8", 1);
        assert_eq!(borne.of(0), None, "a code outside 別表22");
    }
}
