//! The wire between mynakit's reader driver (`reader/ifd/`, C) and mynakit: requests the
//! driver sends for pcscd's calls, and the answer codes it turns into IFD return codes. The
//! numbers must agree with `reader/ifd/protocol.h`; the table is in `docs/reader.md`, "The
//! mynakit reader driver". Frames are vpcd's (2-byte big-endian length, then the payload:
//! [`crate::vpcd::FrameReader`] reads them), so one codec serves both drivers.

/// One request from the driver.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Request {
    /// `IFDHICCPresence`, every 400 ms (pcsc-lite's `PCSCLITE_STATUS_POLL_RATE`).
    Presence,
    /// `IFDHPowerICC(IFD_POWER_UP)`: answer with the ATR.
    PowerUp,
    /// `IFDHPowerICC(IFD_POWER_DOWN)`.
    PowerDown,
    /// `IFDHPowerICC(IFD_RESET)`: answer with the ATR.
    Reset,
    /// `IFDHTransmitToICC`: a C-APDU.
    Transmit(Vec<u8>),
    /// `IFDHControl(CM_IOCTL_GET_FEATURE_REQUEST)`: which PIN-pad features to announce.
    Features,
    /// `IFDHControl(IOCTL_FEATURE_VERIFY_PIN_DIRECT)`: a `PIN_VERIFY_STRUCTURE`.
    VerifyPin(Vec<u8>),
    /// `IFDHControl(IOCTL_FEATURE_MODIFY_PIN_DIRECT)`: a `PIN_MODIFY_STRUCTURE`.
    ModifyPin(Vec<u8>),
    /// `IFDHControl(IOCTL_FEATURE_GET_TLV_PROPERTIES)`: the pad's properties.
    Properties,
}

/// A payload that is no request.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum RequestError {
    /// An empty payload: every request has an operation byte.
    #[error("an empty request from the reader driver")]
    Empty,
    /// An operation byte the driver never sends.
    #[error("unknown reader-driver operation 0x{0:02X}")]
    UnknownOperation(u8),
}

impl Request {
    /// Decodes one frame's payload.
    pub(crate) fn decode(payload: &[u8]) -> Result<Request, RequestError> {
        let (&op, arg) = payload.split_first().ok_or(RequestError::Empty)?;
        Ok(match op {
            0x01 => Request::Presence,
            0x02 => Request::PowerUp,
            0x03 => Request::PowerDown,
            0x04 => Request::Reset,
            0x05 => Request::Transmit(arg.to_vec()),
            0x06 => Request::Features,
            0x07 => Request::VerifyPin(arg.to_vec()),
            0x08 => Request::ModifyPin(arg.to_vec()),
            0x09 => Request::Properties,
            other => return Err(RequestError::UnknownOperation(other)),
        })
    }
}

/// What the driver returns to pcscd, and so what pcsc-lite makes of it for the client
/// (`src/ifdwrapper.c`: `IFDTransmit`, `IFDStatusICC`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Code {
    /// `IFD_SUCCESS` (`IFD_ICC_PRESENT` for a presence poll).
    Ok = 0x00,
    /// `IFD_ICC_NOT_PRESENT`: an empty reader; a transmit gets `SCARD_E_NO_SMARTCARD`.
    NoCard = 0x01,
    /// `IFD_COMMUNICATION_ERROR`: a transmit gets `SCARD_E_NOT_TRANSACTED`; a presence poll puts
    /// the reader in `SCARD_STATE_UNKNOWN` until a poll succeeds again.
    TransportError = 0x02,
    /// `IFD_NO_SUCH_DEVICE`: `SCARD_E_READER_UNAVAILABLE`, and pcscd rescans for hot-plugged
    /// readers.
    NoDevice = 0x03,
    /// `IFD_NOT_SUPPORTED`: a control code this reader does not offer.
    NotSupported = 0x04,
}

/// The PIN-pad flags of a [`Request::Features`] answer.
pub(crate) const PAD_VERIFY: u8 = 0x01;
/// See [`PAD_VERIFY`].
pub(crate) const PAD_MODIFY: u8 = 0x02;
/// See [`PAD_VERIFY`]: `FEATURE_GET_TLV_PROPERTIES`.
pub(crate) const PAD_PROPERTIES: u8 = 0x04;

/// An answer's payload: the code, then the data.
pub(crate) fn answer(code: Code, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 + data.len());
    out.push(code as u8);
    out.extend_from_slice(data);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn requests_decode_as_protocol_h_numbers_them() {
        assert_eq!(Request::decode(&[1]), Ok(Request::Presence));
        assert_eq!(Request::decode(&[2]), Ok(Request::PowerUp));
        assert_eq!(Request::decode(&[3]), Ok(Request::PowerDown));
        assert_eq!(Request::decode(&[4]), Ok(Request::Reset));
        assert_eq!(
            Request::decode(&[5, 0, 0xA4]),
            Ok(Request::Transmit(vec![0, 0xA4]))
        );
        assert_eq!(Request::decode(&[6]), Ok(Request::Features));
        assert_eq!(Request::decode(&[7, 9]), Ok(Request::VerifyPin(vec![9])));
        assert_eq!(Request::decode(&[8, 9]), Ok(Request::ModifyPin(vec![9])));
        assert_eq!(Request::decode(&[]), Err(RequestError::Empty));
        assert_eq!(
            Request::decode(&[0x42]),
            Err(RequestError::UnknownOperation(0x42))
        );
        assert_eq!(answer(Code::TransportError, &[0x90, 0]), vec![2, 0x90, 0]);
    }

    /// protocol.h and this file name the same numbers: read the header and compare.
    #[test]
    fn the_numbers_agree_with_the_c_header() {
        let header = include_str!("../../ifd/protocol.h");
        let defined = |name: &str| -> u8 {
            let line = header
                .lines()
                .find(|l| l.starts_with(&format!("#define {name} ")))
                .unwrap_or_else(|| panic!("{name} in protocol.h"));
            let value = line.split_whitespace().nth(2).unwrap_or_default();
            u8::from_str_radix(value.trim_start_matches("0x"), 16).unwrap_or(0xFF)
        };
        assert_eq!(defined("ANSWER_OK"), Code::Ok as u8);
        assert_eq!(defined("ANSWER_NO_CARD"), Code::NoCard as u8);
        assert_eq!(
            defined("ANSWER_TRANSPORT_ERROR"),
            Code::TransportError as u8
        );
        assert_eq!(defined("ANSWER_NO_DEVICE"), Code::NoDevice as u8);
        assert_eq!(defined("ANSWER_NOT_SUPPORTED"), Code::NotSupported as u8);
        assert_eq!(defined("PAD_VERIFY"), PAD_VERIFY);
        assert_eq!(defined("PAD_MODIFY"), PAD_MODIFY);
        assert_eq!(defined("PAD_PROPERTIES"), PAD_PROPERTIES);
        for (name, request) in [
            ("OP_PRESENCE", Request::Presence),
            ("OP_POWER_UP", Request::PowerUp),
            ("OP_POWER_DOWN", Request::PowerDown),
            ("OP_RESET", Request::Reset),
            ("OP_TRANSMIT", Request::Transmit(Vec::new())),
            ("OP_FEATURES", Request::Features),
            ("OP_VERIFY_PIN", Request::VerifyPin(Vec::new())),
            ("OP_MODIFY_PIN", Request::ModifyPin(Vec::new())),
            ("OP_PROPERTIES", Request::Properties),
        ] {
            assert_eq!(Request::decode(&[defined(name)]), Ok(request), "{name}");
        }
    }

    proptest! {
        #[test]
        fn any_payload_decodes_or_names_its_fault(payload in proptest::collection::vec(any::<u8>(), 0..40)) {
            let _ = Request::decode(&payload);
        }
    }
}
