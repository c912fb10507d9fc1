//! Who the terminal can answer for, and how insurance-card data finds them.
//!
//! The personas (`fixtures/personas`, the same data the mock service answers from) plus the
//! card-less persons of the terminal data. A query matches a qualification when the 8-character
//! `InsurerNumber` equals the printed number right-aligned with spaces (sanox.org road26; a
//! sample `"  123456"` in `hangilc/myclinic-ts`), and symbol, number, branch and birth date are
//! equal. No match gives 該当資格なし, two persons give 複数該当 (`docs/terminal.md`, "Validity").

use mynakit_persona::{Identity, Insurance, LimitApplication, Persona, SpecificDisease, Subsidy};
use time::Date;

use crate::data::PersonSpec;
use mynakit_oqs::padded_insurer_number;

/// One person the terminal knows.
#[derive(Clone, Debug)]
pub struct Person {
    /// Persona id, or the terminal data's id.
    pub id: String,
    /// Name, kana, birth date, sex, address.
    pub identity: Identity,
    /// The current qualification, if any.
    pub current: Option<Insurance>,
    /// Earlier qualifications (terminal data only).
    pub former: Vec<Insurance>,
    /// The persona, for persons who have a card.
    pub persona: Option<Persona>,
    /// 限度額適用認定証 data of the current qualification (shown with the patient's consent).
    pub limit_application: Option<LimitApplication>,
    /// 特定疾病療養受療証 data of the current qualification.
    pub specific_diseases: Vec<SpecificDisease>,
    /// 医療費助成 受給者証 (`docs/subsidies.md`): those whose 自治体 has joined PMH by the day
    /// come with the current qualification.
    pub subsidies: Vec<Subsidy>,
}

impl From<Persona> for Person {
    fn from(p: Persona) -> Person {
        Person {
            id: p.id.clone(),
            identity: p.identity.clone(),
            current: p.insurance.clone(),
            former: Vec::new(),
            limit_application: p.limit_application.clone(),
            specific_diseases: p.specific_diseases.clone(),
            subsidies: p.subsidies.clone(),
            persona: Some(p),
        }
    }
}

impl From<&PersonSpec> for Person {
    fn from(s: &PersonSpec) -> Person {
        Person {
            id: s.id.clone(),
            identity: Identity {
                name: s.name.clone(),
                name_kana: s.name_kana.clone(),
                birth_date: s.birth_date,
                sex: s.sex,
                address: s.address.clone(),
                municipality_code: String::new(),
                prefecture_romaji: String::new(),
                city_romaji: String::new(),
                individual_number: String::new(),
            },
            current: Some(s.insurance.0.clone()),
            former: s.former_insurance.iter().map(|i| i.0.clone()).collect(),
            persona: None,
            limit_application: s.limit_application.clone(),
            specific_diseases: s.specific_diseases.clone(),
            subsidies: s.subsidies.clone(),
        }
    }
}

/// Insurance-card data as a request carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardData {
    /// `InsurerNumber`, exactly as sent (8 characters).
    pub insurer_number: String,
    /// `InsuredCardSymbol`.
    pub symbol: Option<String>,
    /// `InsuredIdentificationNumber`.
    pub number: String,
    /// `InsuredBranchNumber`.
    pub branch: Option<String>,
}

fn same_opt(a: Option<&str>, b: Option<&str>) -> bool {
    a.unwrap_or("").trim() == b.unwrap_or("").trim()
}

impl CardData {
    /// Whether this card data names `ins`. A missing branch in the request matches any branch
    /// (後期高齢者 cards have none).
    pub fn names(&self, ins: &Insurance) -> bool {
        self.insurer_number == padded_insurer_number(&ins.insurer_number)
            && same_opt(self.symbol.as_deref(), ins.insured_card_symbol.as_deref())
            && self.number.trim() == ins.insured_identification_number
            && (self.branch.as_deref().is_none_or(|b| b.trim().is_empty())
                || same_opt(self.branch.as_deref(), ins.insured_branch_number.as_deref()))
    }
}

/// What a query found.
#[derive(Clone, Debug)]
pub enum Found<'a> {
    /// Nobody.
    Nobody,
    /// One person, through their current qualification or a former one.
    One {
        /// Who.
        person: &'a Person,
        /// The qualification the card data names.
        insurance: &'a Insurance,
        /// Whether it is a former qualification.
        former: bool,
    },
    /// Several persons (複数該当).
    Several(Vec<&'a Person>),
}

/// Everyone the terminal knows.
#[derive(Clone, Debug, Default)]
pub struct People {
    persons: Vec<Person>,
}

impl People {
    /// The personas plus the terminal data's persons (a person with a persona's id replaces it).
    pub fn new(personas: Vec<Persona>, extra: &[PersonSpec]) -> People {
        let mut persons: Vec<Person> = personas.into_iter().map(Person::from).collect();
        for spec in extra {
            persons.retain(|p| p.id != spec.id);
            persons.push(Person::from(spec));
        }
        People { persons }
    }

    /// Every person.
    pub fn iter(&self) -> impl Iterator<Item = &Person> {
        self.persons.iter()
    }

    /// The person with id `id`.
    pub fn get(&self, id: &str) -> Option<&Person> {
        self.persons.iter().find(|p| p.id == id)
    }

    /// Who `card` with `birth_date` names.
    pub fn find(&self, card: &CardData, birth_date: Date) -> Found<'_> {
        let mut hits: Vec<(&Person, &Insurance, bool)> = Vec::new();
        for person in &self.persons {
            if person.identity.birth_date != birth_date {
                continue;
            }
            let current = person.current.iter().map(|i| (i, false));
            let former = person.former.iter().map(|i| (i, true));
            if let Some((ins, is_former)) = current.chain(former).find(|(i, _)| card.names(i)) {
                hits.push((person, ins, is_former));
            }
        }
        match hits.as_slice() {
            [] => Found::Nobody,
            [(person, insurance, former)] => Found::One {
                person,
                insurance,
                former: *former,
            },
            _ => Found::Several(hits.iter().map(|(p, _, _)| *p).collect()),
        }
    }
}
