//! The synthetic persona whose values replace the card holder's: its persona file, its test
//! keys and the files of its virtual card, read from the card as a client reads them (SELECT,
//! VERIFY with the persona's own PINs, READ BINARY), so the bytes are exactly what the emulator
//! encodes (`docs/card-records.md`) and nothing here encodes a record a second time.

use std::collections::BTreeMap;

use mynakit_apdu::files::{common, jpki, kenhojo, kenkaku};
use mynakit_apdu::Application;
use mynakit_emulator::{collation_a, collation_b, personalize, Behaviour, Card};
use mynakit_fixtures::{CardMaterial, Fixtures};
use mynakit_persona::Persona;

use super::ScrubError;

/// The files each application holds that carry personal or card-specific data.
pub(crate) const PERSONAL_FILES: [(Application, &[u16]); 3] = [
    (
        Application::Jpki,
        &[
            jpki::AUTH_CERT,
            jpki::AUTH_CA_CERT,
            jpki::SIGN_CERT,
            jpki::SIGN_CA_CERT,
        ],
    ),
    (
        Application::Kenhojo,
        &[
            kenhojo::MY_NUMBER,
            0x0002,
            0x0003,
            0x0004,
            0x0005,
            0x0006,
            0x0007,
        ],
    ),
    (
        Application::Kenkaku,
        &[0x0001, 0x0002, 0x0003, 0x0004, kenkaku::MY_NUMBER_IMAGE],
    ),
];

/// A bundled persona, its keys and its card's files.
pub(crate) struct Synthetic {
    persona: Persona,
    /// The test CAs' keys: the auth CA's and the sign CA's.
    ca: [Option<rsa::RsaPrivateKey>; 2],
    material: CardMaterial,
    files: BTreeMap<(Application, u16), Vec<u8>>,
    /// The records READ RECORD gives (the 共通AP's card identification record), by application
    /// and record number.
    records: BTreeMap<(Application, u8), Vec<u8>>,
}

impl Synthetic {
    /// Loads the bundled persona `id` and reads its card.
    pub(crate) fn load(id: &str) -> Result<Synthetic, ScrubError> {
        let failed = |message: String| ScrubError::Persona {
            persona: id.to_owned(),
            message,
        };
        let fixtures = Fixtures::bundled();
        let persona = fixtures.persona(id).map_err(|e| failed(e.to_string()))?;
        let material = fixtures
            .card_material(&persona)
            .map_err(|e| failed(e.to_string()))?;
        let mut card = personalize::card(&persona, &material, Behaviour::default())
            .map_err(|e| failed(e.to_string()))?;
        let mut files = BTreeMap::new();
        for (app, fids) in PERSONAL_FILES {
            let selected =
                card.transmit(&[&[0x00, 0xA4, 0x04, 0x0C, 0x0A][..], &app.aid()].concat());
            if selected != [0x90, 0x00] {
                continue;
            }
            for (pin_fid, value) in secrets(&persona, app) {
                select_ef(&mut card, pin_fid);
                let mut verify = vec![0x00, 0x20, 0x00, 0x80, value.len() as u8];
                verify.extend_from_slice(value.as_bytes());
                card.transmit(&verify);
            }
            for &fid in fids {
                if select_ef(&mut card, fid) {
                    let data = read_all(&mut card);
                    if !data.is_empty() {
                        files.insert((app, fid), data);
                    }
                }
            }
        }
        let mut records = BTreeMap::new();
        let app = Application::Common;
        let selected = card.transmit(&[&[0x00, 0xA4, 0x04, 0x0C, 0x0A][..], &app.aid()].concat());
        if selected == [0x90, 0x00] && select_ef(&mut card, common::SERIAL_RECORD) {
            // READ RECORD 1 of the current EF (P2 `04`).
            let response = card.transmit(&[0x00, 0xB2, 0x01, 0x04, 0x00]);
            if let Some((data, [0x90, 0x00])) = response.split_last_chunk::<2>() {
                records.insert((app, 1), data.to_vec());
            }
        }
        let ca = ["auth-ca", "sign-ca"].map(|stem| ca_key(&fixtures, stem));
        Ok(Synthetic {
            persona,
            ca,
            material,
            files,
            records,
        })
    }

    /// The persona id.
    pub(crate) fn id(&self) -> &str {
        &self.persona.id
    }

    /// The persona.
    pub(crate) fn persona(&self) -> &Persona {
        &self.persona
    }

    /// The persona's test keys.
    pub(crate) fn material(&self) -> &CardMaterial {
        &self.material
    }

    /// The key of the test CA that issues the certificate in JPKI EF `fid`.
    pub(crate) fn ca_key(&self, fid: u16) -> Option<&rsa::RsaPrivateKey> {
        match fid {
            jpki::AUTH_CERT => self.ca[0].as_ref(),
            jpki::SIGN_CERT => self.ca[1].as_ref(),
            _ => None,
        }
    }

    /// The 12-digit numbers of this persona, synthetic by construction.
    pub(crate) fn synthetic_numbers(&self) -> Vec<String> {
        vec![self.persona.identity.individual_number.clone()]
    }

    /// Record `number` of the persona card's `app` (READ RECORD).
    pub(crate) fn record(&self, app: Application, number: u8) -> Option<&[u8]> {
        self.records.get(&(app, number)).map(Vec::as_slice)
    }

    /// The bytes of the persona card's file.
    pub(crate) fn file(&self, app: Application, fid: u16) -> Option<&[u8]> {
        self.files.get(&(app, fid)).map(Vec::as_slice)
    }
}

/// A test CA's private key, `pki/ca/<stem>.key.pem` (PKCS#8 PEM; the layout of `pki/` is in
/// its generated README.md). `None` when it cannot be read: the certificate is then replaced as
/// undecoded bytes.
fn ca_key(fixtures: &Fixtures, stem: &str) -> Option<rsa::RsaPrivateKey> {
    use rsa::pkcs8::DecodePrivateKey;
    let path = fixtures
        .pki_dir()
        .join("ca")
        .join(format!("{stem}.key.pem"));
    let pem = std::fs::read_to_string(path).ok()?;
    rsa::RsaPrivateKey::from_pkcs8_pem(&pem).ok()
}

/// The PINs and keys that open `app`'s personal files: (PIN FID, value).
fn secrets(persona: &Persona, app: Application) -> Vec<(u16, String)> {
    let pins = &persona.card.pins;
    match app {
        Application::Jpki => pins
            .sign
            .iter()
            .map(|p| (jpki::SIGN_PIN, p.value.clone()))
            .collect(),
        Application::Kenhojo => pins
            .kenhojo
            .iter()
            .map(|p| (kenhojo::PIN, p.value.clone()))
            .collect(),
        Application::Kenkaku => {
            let mut keys = vec![(kenkaku::COLLATION_A, collation_a(&persona.identity))];
            if let Ok(b) = collation_b(&persona.identity, &persona.card) {
                keys.push((kenkaku::COLLATION_B, b));
            }
            keys
        }
        _ => Vec::new(),
    }
}

fn select_ef(card: &mut Card, fid: u16) -> bool {
    let [hi, lo] = fid.to_be_bytes();
    card.transmit(&[0x00, 0xA4, 0x02, 0x0C, 0x02, hi, lo]) == [0x90, 0x00]
}

/// The whole current EF, in 256-byte reads until the card gives fewer.
fn read_all(card: &mut Card) -> Vec<u8> {
    let mut out = Vec::new();
    while out.len() <= 0x7FFF {
        let [hi, lo] = (out.len() as u16).to_be_bytes();
        let response = card.transmit(&[0x00, 0xB0, hi, lo, 0x00]);
        let Some((data, sw)) = response.split_last_chunk::<2>() else {
            break;
        };
        if !(sw == &[0x90, 0x00] || sw == &[0x62, 0x82]) || data.is_empty() {
            break;
        }
        out.extend_from_slice(data);
        if data.len() < 256 || sw != &[0x90, 0x00] {
            break;
        }
    }
    out
}
