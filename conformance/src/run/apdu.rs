//! The APDU vocabulary of a decoded run: one command/response pair with the card context it
//! was sent in. What the bytes mean (instructions, AIDs, file ids, status words) is
//! `mynakit-apdu`'s, the vocabulary the card shares.

use mynakit_apdu::{BinaryRef, Command, Instruction, KeyRef, Sw};

use super::pin_key::{Df, PinKey};
use super::{at, hex_bytes, words};

/// One command/response pair, decoded, with the card context it was sent in.
#[derive(Clone, Debug)]
pub struct Apdu<'a> {
    /// The APDU's number in the run, from 1.
    pub n: usize,
    /// When the card answered (µs since the timeline started).
    pub t_us: u64,
    /// The reader (slot) name.
    pub reader: &'a str,
    /// The command as the timeline holds it (upper-case hex, PIN data as `*`).
    pub command: &'a str,
    /// The response as the timeline holds it (upper-case hex, the status word last).
    pub response_hex: &'a str,
    /// The class byte.
    pub cla: u8,
    /// The INS byte.
    pub ins: u8,
    /// Parameter 1.
    pub p1: u8,
    /// Parameter 2.
    pub p2: u8,
    /// What the command asks for (from CLA and INS).
    pub instruction: Instruction,
    /// Whether the command is a well-formed APDU (lengths as ISO 7816-4 §5.1 allows, a class
    /// the card reads); when not, `data` is what the bytes hold as far as they go.
    pub well_formed: bool,
    /// Whether the command used ISO 7816-4's extended length form (a three-byte Lc or a
    /// two/three-byte Le).
    pub extended: bool,
    /// The data field (redacted PIN bytes read as 0).
    pub data: Vec<u8>,
    /// The response data, without the status word.
    pub response: Vec<u8>,
    /// The status word; `None` when the card gave no answer (pulled, unreadable).
    pub sw: Option<Sw>,
    /// How long the card took, µs.
    pub duration_us: u64,
    /// Bytes sent and received.
    pub bytes: usize,
    /// The DF current when the command was sent.
    pub df: Df,
    /// The EF current when the command was sent.
    pub ef: Option<u16>,
}

impl Apdu<'_> {
    pub(crate) fn decode<'a>(
        n: usize,
        t_us: u64,
        reader: &'a str,
        command: &'a str,
        response: &'a str,
        duration_us: u64,
    ) -> Option<Apdu<'a>> {
        let c = hex_bytes(command)?;
        let r = hex_bytes(response).unwrap_or_default();
        let decoded = Command::read_lenient(&c)?;
        let (response_data, sw) = match r.len() {
            0 | 1 => (Vec::new(), None),
            len => (
                r[..len - 2].to_vec(),
                Some(Sw::from(u16::from_be_bytes([r[len - 2], r[len - 1]]))),
            ),
        };
        Some(Apdu {
            n,
            t_us,
            reader,
            command,
            response_hex: response,
            cla: decoded.cla,
            ins: decoded.ins,
            p1: decoded.p1,
            p2: decoded.p2,
            instruction: decoded.instruction(),
            well_formed: Command::decode(&c).is_ok(),
            extended: decoded.extended,
            data: decoded.data.to_vec(),
            response: response_data,
            sw,
            duration_us,
            bytes: c.len() + r.len(),
            df: Df::Mf,
            ef: None,
        })
    }

    /// When the command was sent (`mynakit_timeline::started_us`).
    pub(crate) fn start_us(&self) -> u64 {
        mynakit_timeline::started_us(self.t_us, self.duration_us)
    }

    /// `00 20`: VERIFY (with or without data).
    pub(crate) fn is_verify(&self) -> bool {
        self.instruction == Instruction::Verify
    }

    /// A VERIFY that carries a PIN: it can cost a try.
    pub(crate) fn is_pin_verify(&self) -> bool {
        self.is_verify() && !self.data.is_empty()
    }

    /// A VERIFY with data in the 券面事項確認AP, or to the 券面事項入力補助AP's 照合番号A or B: these
    /// keys (the birth-date key, 照合番号A and B) are derived from what is printed on the card,
    /// none a PIN the holder chose or types (`docs/card.md`, 券面事項確認AP); a relying party's
    /// かざし opens the birth-date key with the birth date it registered
    /// (`docs/relying-party.md`), a counter app both APs with one 照合番号B
    /// (`docs/counter-read.md`).
    pub(crate) fn is_printed_key_verify(&self) -> bool {
        use mynakit_apdu::files::kenhojo;
        self.is_pin_verify()
            && match self.df {
                Df::App(mynakit_apdu::Application::Kenkaku) => true,
                // The 券面事項入力補助AP's 照合番号A and B are the card face's too (docs/card.md):
                // a counter app opens the 基本4情報 with the 照合番号B it opened the card face with.
                Df::App(mynakit_apdu::Application::Kenhojo) => matches!(
                    self.pin_key().fid,
                    Some(kenhojo::COLLATION_A | kenhojo::COLLATION_B)
                ),
                _ => false,
            }
    }

    /// An empty VERIFY: it asks the tries left and costs nothing.
    pub(crate) fn is_tries_query(&self) -> bool {
        self.is_verify() && self.data.is_empty()
    }

    /// `80 2A` with a PIN-guarded key (P2 `80` = the key in the current EF, or `80|SFI`). The
    /// 券面 APs' own-key signature (`P2=00`) needs no PIN and is not one.
    pub(crate) fn is_guarded_sign(&self) -> bool {
        self.instruction == Instruction::Sign && KeyRef::from_p2(self.p2).is_some()
    }

    /// `00 A4`: SELECT.
    pub(crate) fn is_select(&self) -> bool {
        self.instruction == Instruction::Select
    }

    /// `00 B0`: READ BINARY.
    pub(crate) fn is_read_binary(&self) -> bool {
        self.instruction == Instruction::ReadBinary
    }

    /// A command that returns data the card holds: READ BINARY, READ RECORD or GET DATA. A
    /// SELECT, a VERIFY or a signature reads none of the card's files.
    pub(crate) fn reads_data(&self) -> bool {
        matches!(
            self.instruction,
            Instruction::ReadBinary | Instruction::ReadRecord | Instruction::GetData
        )
    }

    /// The key reference a VERIFY or signature names: the current EF for P2 `80`, the SFI for
    /// P2 `81`–`9E`.
    fn key_fid(&self) -> Option<u16> {
        match KeyRef::from_p2(self.p2)? {
            KeyRef::Current => self.ef,
            KeyRef::Short(n) => Some(u16::from(n)),
        }
    }

    /// The PIN a VERIFY went to.
    pub(crate) fn pin_key(&self) -> PinKey {
        PinKey {
            df: self.df.clone(),
            fid: self.key_fid(),
        }
    }

    /// The EF a READ BINARY reads (SFI form or the current EF) and its offset.
    pub(crate) fn read_target(&self) -> (Option<u16>, usize) {
        match BinaryRef::from_p1p2(self.p1, self.p2) {
            BinaryRef::Short { sfi, offset } => (Some(u16::from(sfi)), offset),
            BinaryRef::Current { offset } => (self.ef, offset),
        }
    }

    /// The key a signature uses: `0017` (auth key) or `001A` (sign key), by SFI or current EF.
    pub(crate) fn sign_key(&self) -> Option<u16> {
        self.key_fid()
    }

    /// Tries left, when the answer is `63Cx`.
    pub(crate) fn tries(&self) -> Option<u8> {
        self.sw.and_then(Sw::tries_left)
    }

    /// Whether the answer says the PIN is blocked: `63C0`, or `6984` (reference data not usable).
    pub(crate) fn says_blocked(&self) -> bool {
        self.sw.is_some_and(Sw::says_blocked)
    }

    /// Whether the card executed the command (`9000`, or `61xx`).
    pub(crate) fn ok(&self) -> bool {
        self.sw.is_some_and(Sw::is_success)
    }

    /// The status word as written (`63C2`), or `no answer`.
    pub(crate) fn sw_text(&self) -> String {
        words::sw(self.sw)
    }

    /// [`Apdu::sw_text`] in Japanese: the status word as written, or "no answer" in Japanese.
    pub(crate) fn sw_text_ja(&self) -> String {
        words::sw_ja(self.sw)
    }

    /// `APDU 14, t=1.234s`.
    pub(crate) fn place(&self) -> String {
        format!("APDU {}, {}", self.n, at(self.t_us))
    }

    /// The command's name, for verdict texts.
    pub(crate) fn name(&self) -> &'static str {
        match self.instruction {
            Instruction::Select => "SELECT",
            Instruction::ReadBinary => "READ BINARY",
            Instruction::Verify if self.data.is_empty() => "empty VERIFY",
            Instruction::Verify => "VERIFY",
            Instruction::Sign => "signature (80 2A)",
            Instruction::GetChallenge => "GET CHALLENGE",
            Instruction::GetData if self.ins == 0xCA && self.cla & 0x80 == 0 => "GET DATA",
            Instruction::ReadRecord => "READ RECORD",
            _ => "command",
        }
    }

    /// [`Apdu::name`] in Japanese: the APDU names stay as written.
    pub(crate) fn name_ja(&self) -> &'static str {
        words::command_ja(self.name())
    }
}

impl From<&Apdu<'_>> for crate::facts::Cite {
    /// The APDU as a finding cites it (what [`Apdu::place`] says as `APDU 14`).
    fn from(apdu: &Apdu<'_>) -> Self {
        crate::facts::Cite::Apdu { n: apdu.n }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use crate::run::{PinKey, Run};
    use crate::testkit::{select, Tl};
    use mynakit_apdu::Application;
    use mynakit_protocol::PinRef;

    #[test]
    fn apdus_decode_with_redacted_pins_and_extended_lengths() {
        let tl = Tl::new()
            .apdu(&select(Application::Jpki), "9000")
            .apdu("00A4020C020018", "9000")
            .apdu("0020008004********", "63C2")
            .apdu("00200080", "63C2")
            .apdu("00200098000004********", "9000")
            .apdu("00B0000000", "3082062E9000")
            .apdu("802A00973300", "");
        let run = Run::new(&tl.events);
        let a: Vec<_> = run.apdus().collect();
        assert_eq!(a.len(), 7);
        assert!(a[2].is_pin_verify() && a[2].data.len() == 4);
        assert_eq!(a[2].pin_key(), PinKey::of(PinRef::Auth));
        assert_eq!(a[2].tries(), Some(2));
        assert!(a[3].is_tries_query());
        assert!(a[4].is_pin_verify() && a[4].data.len() == 4, "{:?}", a[4]);
        assert_eq!(a[4].pin_key(), PinKey::of(PinRef::Auth));
        assert_eq!(a[5].response, [0x30, 0x82, 0x06, 0x2E]);
        assert_eq!(a[6].sw, None);
        assert!(a[6].is_guarded_sign());
        assert_eq!(a[6].sw_text(), "no answer");
    }
}
