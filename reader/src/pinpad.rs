//! The PIN pad: what a class-2 reader does with PC/SC Part 10's `PIN_VERIFY_STRUCTURE` and
//! `PIN_MODIFY_STRUCTURE` (PC/SC Part 10; their fields are those of CCID 1.1's
//! `PC_to_RDR_Secure`, §6.1.11): take the APDU the client built, put the PIN the operator
//! typed into it where the structure says, formatted as it says, and send it to the card. Here
//! the operator's PIN is the scenario's, so the client never sees it. The same pad serves the
//! in-process slot ([`crate::Slot::verify_on_pad`]) and mynakit's reader driver (`crate::ifd`).

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex};

/// The PIN an operator types on the pad. Never printed: `Debug` shows its length only.
#[derive(Clone)]
pub struct PinPad {
    keys: Keys,
    new_pin: Option<String>,
}

/// What the operator types: one PIN every time, or a scenario's PINs in order, after which the
/// operator presses Cancel.
#[derive(Clone)]
enum Keys {
    Always(String),
    /// Shared by the pad's clones (a driver reader and the slot hold one each).
    InOrder(Arc<Mutex<VecDeque<String>>>),
}

impl fmt::Debug for PinPad {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.keys {
            Keys::Always(pin) => write!(f, "PinPad {{ pin: <{} characters> }}", pin.len()),
            Keys::InOrder(pins) => write!(
                f,
                "PinPad {{ pins: <{} left> }}",
                pins.lock().unwrap_or_else(|p| p.into_inner()).len()
            ),
        }
    }
}

impl PinPad {
    /// A pad whose operator types `pin` when asked to verify, and for a change types `pin` as the
    /// old PIN and `pin` again as the new one (the same PIN: a change that leaves the card
    /// usable) unless [`PinPad::changing_to`] says otherwise.
    pub fn new(pin: impl Into<String>) -> PinPad {
        PinPad {
            keys: Keys::Always(pin.into()),
            new_pin: None,
        }
    }

    /// A pad whose operator types `pins` in order, one per PIN entry (a scenario's
    /// `operator.pins`), and presses Cancel once they ran out: the reader then answers `64 01`
    /// and the card sees nothing (libccid's `commands.c` turns a CCID reader's "PIN cancelled"
    /// slot error into that status word).
    pub fn typing(pins: impl IntoIterator<Item = String>) -> PinPad {
        PinPad {
            keys: Keys::InOrder(Arc::new(Mutex::new(pins.into_iter().collect()))),
            new_pin: None,
        }
    }

    /// The new PIN the operator types for a PIN change.
    pub fn changing_to(mut self, new_pin: impl Into<String>) -> PinPad {
        self.new_pin = Some(new_pin.into());
        self
    }

    /// The PIN the operator types next, or `None`: they press Cancel.
    fn next_pin(&self) -> Option<String> {
        match &self.keys {
            Keys::Always(pin) => Some(pin.clone()),
            Keys::InOrder(pins) => pins.lock().unwrap_or_else(|p| p.into_inner()).pop_front(),
        }
    }

    /// The VERIFY command the pad sends for a `PIN_VERIFY_STRUCTURE`.
    pub(crate) fn verify_apdu(&self, structure: &[u8]) -> Result<Vec<u8>, PadError> {
        let format = Format::read(structure, 2)?;
        let data = data_of(structure, VERIFY_HEADER)?;
        let pin = self.next_pin().ok_or(PadError::Cancelled)?;
        build(data, &format, &[(0, &pin)])
    }

    /// The CHANGE REFERENCE DATA command the pad sends for a `PIN_MODIFY_STRUCTURE`: the old PIN
    /// at `bInsertionOffsetOld`, the new at `bInsertionOffsetNew` (in the units of
    /// `bmFormatString`).
    pub(crate) fn modify_apdu(&self, structure: &[u8]) -> Result<Vec<u8>, PadError> {
        let format = Format::read(structure, 2)?;
        let old_at = usize::from(*structure.get(5).ok_or(PadError::Short)?);
        let new_at = usize::from(*structure.get(6).ok_or(PadError::Short)?);
        let data = data_of(structure, MODIFY_HEADER)?;
        let pin = self.next_pin().ok_or(PadError::Cancelled)?;
        let new_pin = self.new_pin.clone().unwrap_or_else(|| pin.clone());
        build(data, &format, &[(old_at, &pin), (new_at, &new_pin)])
    }
}

/// The shortest and longest PIN the pad takes (`bMinPINSize`, `bMaxPINSize`): 4 digits, the
/// 利用者証明用暗証番号 and the 券面 APs' PINs (`docs/card.md`), up to 16. Readers differ
/// (libccid reports fixed limits for the pads it knows, e.g. the Cherry ST-2000 and the HID
/// OMNIKEY 3821); these are mynakit's choice.
const PIN_SIZES: (u8, u8) = (4, 16);

/// The pad's answer to `FEATURE_GET_TLV_PROPERTIES` (PC/SC Part 10 §2.6.14): TLVs of a
/// property tag, its length and a little-endian value. A client reads the PIN sizes from it
/// for its `PIN_VERIFY_STRUCTURE` (OpenSC's `part10_check_pin_min_max`, `reader-pcsc.c`).
pub(crate) fn tlv_properties() -> Vec<u8> {
    const ENTRY_VALIDATION_CONDITION: u8 = 0x02;
    const TIME_OUT_2: u8 = 0x03;
    const MIN_PIN_SIZE: u8 = 0x06;
    const MAX_PIN_SIZE: u8 = 0x07;
    vec![
        // The validation key ends an entry.
        ENTRY_VALIDATION_CONDITION,
        1,
        0x02,
        TIME_OUT_2,
        1,
        0,
        MIN_PIN_SIZE,
        1,
        PIN_SIZES.0,
        MAX_PIN_SIZE,
        1,
        PIN_SIZES.1,
    ]
}

/// What a reader answers when its operator pressed Cancel: `64 01` (libccid, `commands.c`).
pub(crate) const CANCELLED: [u8; 2] = [0x64, 0x01];

/// Why a structure could not be carried out: a real reader refuses such a request too (libccid
/// returns `IFD_COMMUNICATION_ERROR`), and so does this pad.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum PadError {
    /// Shorter than its fixed fields.
    #[error("the PIN structure is shorter than its fixed fields")]
    Short,
    /// `ulDataLength` does not match the bytes that follow, or the APDU has no 5-byte header.
    #[error("the PIN structure's ulDataLength does not match its APDU")]
    DataLength,
    /// The PIN does not fit where the structure puts it, or holds a character its format cannot
    /// code.
    #[error("the PIN does not fit the structure's format")]
    DoesNotFit,
    /// The operator pressed Cancel (no PIN left to type): not an error of the structure, the
    /// reader answers [`CANCELLED`].
    #[error("the PIN entry was cancelled on the pad")]
    Cancelled,
}

/// Fixed fields before `ulDataLength` in `PIN_VERIFY_STRUCTURE` (pcsc-lite `reader.h`).
const VERIFY_HEADER: usize = 15;
/// The same in `PIN_MODIFY_STRUCTURE` (pcsc-lite `reader.h`).
const MODIFY_HEADER: usize = 20;

/// `bmFormatString`, `bmPINBlockString`, `bmPINLengthFormat` (CCID 1.1, `PC_to_RDR_Secure`'s
/// PIN verification data structure).
struct Format {
    /// Positions count bytes (bit 7 of `bmFormatString`) or bits.
    bytes: bool,
    /// Where the PIN starts in the APDU's data field, in those units.
    position: usize,
    right_justify: bool,
    coding: Coding,
    /// Bits of the PIN length to write (0: none).
    length_bits: usize,
    /// The PIN block's size in bytes (0: the PIN alone, and Lc is its length).
    block: usize,
    /// Where the PIN length goes, in bits or bytes (bit 4 of `bmPINLengthFormat`).
    length_position_bits: usize,
}

#[derive(Clone, Copy)]
enum Coding {
    Binary,
    Bcd,
    Ascii,
}

impl Format {
    fn read(structure: &[u8], at: usize) -> Result<Format, PadError> {
        let [format, block, length] = structure
            .get(at..at + 3)
            .and_then(|b| <[u8; 3]>::try_from(b).ok())
            .ok_or(PadError::Short)?;
        let bytes = format & 0x80 != 0;
        let length_unit = if length & 0x10 != 0 { 8 } else { 1 };
        Ok(Format {
            bytes,
            position: usize::from((format >> 3) & 0x0F),
            right_justify: format & 0x04 != 0,
            coding: match format & 0x03 {
                0 => Coding::Binary,
                1 => Coding::Bcd,
                2 => Coding::Ascii,
                _ => return Err(PadError::DoesNotFit),
            },
            length_bits: usize::from(block >> 4),
            block: usize::from(block & 0x0F),
            length_position_bits: usize::from(length & 0x0F) * length_unit,
        })
    }

    /// Where the PIN starts, in bits from the start of the data field.
    fn start_bits(&self) -> usize {
        if self.bytes {
            self.position * 8
        } else {
            self.position
        }
    }
}

/// The APDU in the structure's `abData`, checked against `ulDataLength`.
fn data_of(structure: &[u8], header: usize) -> Result<&[u8], PadError> {
    let length = structure
        .get(header..header + 4)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map(u32::from_le_bytes)
        .ok_or(PadError::Short)?;
    let data = &structure[header + 4..];
    if usize::try_from(length).ok() != Some(data.len()) || data.len() < 4 {
        return Err(PadError::DataLength);
    }
    Ok(data)
}

/// The PIN as its format codes it: the bits, most significant first, and how many.
fn coded(pin: &str, coding: Coding) -> Result<Vec<(u8, usize)>, PadError> {
    pin.bytes()
        .map(|c| match coding {
            Coding::Ascii => Ok((c, 8)),
            Coding::Binary | Coding::Bcd if c.is_ascii_digit() => Ok((c - b'0', 4)),
            _ => Err(PadError::DoesNotFit),
        })
        .map(|digit| match coding {
            // "binary": one byte per digit (CCID 1.1, `bmFormatString`).
            Coding::Binary => digit.map(|(d, _)| (d, 8)),
            _ => digit,
        })
        .collect()
}

fn write_bits(data: &mut [u8], at: usize, value: u8, bits: usize) -> Result<(), PadError> {
    for i in 0..bits {
        let bit = (value >> (bits - 1 - i)) & 1;
        let pos = at + i;
        let byte = data.get_mut(pos / 8).ok_or(PadError::DoesNotFit)?;
        let mask = 0x80u8 >> (pos % 8);
        *byte = if bit == 1 {
            *byte | mask
        } else {
            *byte & !mask
        };
    }
    Ok(())
}

/// The command: the template's header, and its data with each PIN written in at its offset
/// (in the format's units, added to the format's own position).
fn build(template: &[u8], format: &Format, pins: &[(usize, &str)]) -> Result<Vec<u8>, PadError> {
    let header = &template[..4];
    let mut data: Vec<u8> = template.get(5..).unwrap_or_default().to_vec();
    let unit = if format.bytes { 8 } else { 1 };
    for (offset, pin) in pins {
        let digits = coded(pin, format.coding)?;
        let bits: usize = digits.iter().map(|(_, n)| n).sum();
        let block_bits = format.block * 8;
        let mut at = format.start_bits() + offset * unit;
        if format.right_justify && block_bits > bits {
            at += block_bits - bits;
        }
        let end = (at + bits)
            .div_ceil(8)
            .max(format.start_bits() / 8 + format.block);
        if format.block == 0 {
            // No block: the data field is the PIN alone (Lc is its length).
            data.truncate(end);
        }
        if data.len() < end {
            data.resize(end, 0xFF);
        }
        for (value, n) in digits {
            write_bits(&mut data, at, value, n)?;
            at += n;
        }
    }
    if format.length_bits > 0 {
        let digits = pins.first().map_or(0, |(_, pin)| pin.len());
        let length = u8::try_from(digits).map_err(|_| PadError::DoesNotFit)?;
        write_bits(
            &mut data,
            format.length_position_bits,
            length,
            format.length_bits,
        )?;
    }
    let lc = u8::try_from(data.len()).map_err(|_| PadError::DoesNotFit)?;
    let mut apdu = header.to_vec();
    apdu.push(lc);
    apdu.extend_from_slice(&data);
    Ok(apdu)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A `PIN_VERIFY_STRUCTURE` with these format bytes around `apdu`.
    fn verify(format: u8, block: u8, length: u8, apdu: &[u8]) -> Vec<u8> {
        let mut s = vec![
            0x1E, 0x1E, format, block, length, 0x04, 0x04, 0x02, 0, 0, 0, 0, 0, 0, 0,
        ];
        s.extend_from_slice(&u32::try_from(apdu.len()).unwrap().to_le_bytes());
        s.extend_from_slice(apdu);
        s
    }

    /// What OpenSC's `part10_build_verify_pin_block` sends for an ASCII PIN without padding
    /// (`reader-pcsc.c`): ASCII, bit units, position 0, no block, VERIFY without data.
    #[test]
    fn an_ascii_pin_without_a_block_is_the_whole_data_field() {
        let pad = PinPad::new("1234");
        let apdu = pad
            .verify_apdu(&verify(0x02, 0x00, 0x00, &[0x00, 0x20, 0x00, 0x80]))
            .unwrap();
        assert_eq!(apdu, b"\x00\x20\x00\x80\x041234");
        // With a 5-byte header and a placeholder, the placeholder gives way to the PIN.
        let apdu = pad
            .verify_apdu(&verify(
                0x82,
                0x00,
                0x00,
                &[0x00, 0x20, 0x00, 0x80, 0x08, 0, 0, 0, 0, 0, 0, 0, 0],
            ))
            .unwrap();
        assert_eq!(apdu, b"\x00\x20\x00\x80\x041234");
    }

    /// An ISO 9564 format-2 block, as libccid's documentation and German eID readers use it:
    /// BCD from byte 1, PIN length in the first byte's low nibble, 8-byte block padded with F.
    #[test]
    fn a_format_2_block_carries_the_length_and_bcd_digits() {
        let pad = PinPad::new("1234");
        let template = [
            0x00, 0x20, 0x00, 0x01, 0x08, 0x20, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        ];
        let apdu = pad
            .verify_apdu(&verify(0x89, 0x47, 0x04, &template))
            .unwrap();
        assert_eq!(
            apdu,
            vec![0x00, 0x20, 0x00, 0x01, 0x08, 0x24, 0x12, 0x34, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        );
    }

    #[test]
    fn a_change_puts_the_old_and_the_new_pin_at_their_offsets() {
        let pad = PinPad::new("1234").changing_to("5678");
        let mut s = vec![
            0x1E, 0x1E, 0x82, 0x04, 0x00, 0x00, 0x04, 0x04, 0x04, 0x03, 0x02, 0, 0, 0, 0, 0, 0, 0,
            0, 0,
        ];
        let apdu = [0x00, 0x24, 0x01, 0x80, 0x08, 0, 0, 0, 0, 0, 0, 0, 0];
        s.extend_from_slice(&u32::try_from(apdu.len()).unwrap().to_le_bytes());
        s.extend_from_slice(&apdu);
        assert_eq!(
            pad.modify_apdu(&s).unwrap(),
            b"\x00\x24\x01\x80\x0812345678"
        );
    }

    #[test]
    fn malformed_structures_are_refused_not_guessed() {
        let pad = PinPad::new("1234");
        assert_eq!(pad.verify_apdu(&[0x1E; 10]), Err(PadError::Short));
        let mut s = verify(0x02, 0, 0, &[0x00, 0x20, 0x00, 0x80]);
        s.push(0);
        assert_eq!(pad.verify_apdu(&s), Err(PadError::DataLength));
        assert_eq!(
            PinPad::new("12A4").verify_apdu(&verify(0x01, 0, 0, &[0x00, 0x20, 0x00, 0x80])),
            Err(PadError::DoesNotFit),
            "a BCD pad cannot type a letter"
        );
        assert_eq!(format!("{pad:?}"), "PinPad { pin: <4 characters> }");
    }

    proptest! {
        /// Any bytes: an APDU or a named refusal, never a panic, and never longer than a short
        /// APDU can be.
        #[test]
        fn any_structure_gives_an_apdu_or_an_error(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let pad = PinPad::new("123456");
            if let Ok(apdu) = pad.verify_apdu(&bytes) {
                prop_assert!(apdu.len() <= 4 + 1 + 255);
            }
            let _ = pad.modify_apdu(&bytes);
        }
    }
}
