//! Every wrapper of a card ([`crate::card::Decorator`]) passes on each method it does not
//! change: a probe card under each one counts what reaches it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::card::{CardError, CardTransport};

/// The methods of [`CardTransport`], in the order [`call_every_method`] calls them.
const METHODS: [&str; 10] = [
    "transmit",
    "release",
    "wait_for_card",
    "reconnect",
    "open_reader",
    "recover_service",
    "has_pin_pad",
    "verify_on_pad",
    "connect",
    "reads_over_nfc",
];

/// The names of the methods declared in `pub trait CardTransport`, read from its source: a
/// method added there fails [`the_list_is_the_traits`] until it is called here too.
fn declared_methods() -> Vec<String> {
    let source = include_str!("card.rs");
    let start = source
        .find("pub trait CardTransport {")
        .expect("card.rs declares CardTransport");
    let body = &source[start..];
    let body = &body[..body.find("\n}\n").expect("the trait ends")];
    body.lines()
        .filter_map(|line| line.strip_prefix("    fn "))
        .filter_map(|rest| rest.split('(').next())
        .map(str::to_owned)
        .collect()
}

/// A card that notes every call and answers unlike each method's default, so that a default
/// taken in place of the call cannot pass for it.
#[derive(Clone, Default)]
struct Probe {
    calls: Arc<Mutex<Vec<&'static str>>>,
}

impl Probe {
    fn note(&self, method: &'static str) {
        self.calls.lock().unwrap().push(method);
    }
}

impl CardTransport for Probe {
    fn transmit(&mut self, _apdu: &[u8]) -> Result<Vec<u8>, CardError> {
        self.note("transmit");
        Ok(vec![0x90, 0x00])
    }

    fn release(&mut self) {
        self.note("release");
    }

    fn wait_for_card(&mut self, _timeout: Duration) -> Result<bool, CardError> {
        self.note("wait_for_card");
        Ok(false)
    }

    fn reconnect(&mut self) -> Result<(), CardError> {
        self.note("reconnect");
        Ok(())
    }

    fn open_reader(&mut self, _reader: &str) -> Result<Box<dyn CardTransport + Send>, CardError> {
        self.note("open_reader");
        Ok(Box::new(Probe::default()))
    }

    fn recover_service(&mut self, _timeout: Duration) -> Result<(), CardError> {
        self.note("recover_service");
        Ok(())
    }

    fn has_pin_pad(&mut self) -> Result<bool, CardError> {
        self.note("has_pin_pad");
        Ok(true)
    }

    fn verify_on_pad(&mut self, _structure: &[u8]) -> Result<Vec<u8>, CardError> {
        self.note("verify_on_pad");
        Ok(vec![0x90, 0x00])
    }

    fn connect(&mut self) -> Result<(), CardError> {
        self.note("connect");
        Err(CardError::ReaderBusy("probe".to_owned()))
    }

    fn reads_over_nfc(&mut self) -> bool {
        self.note("reads_over_nfc");
        true
    }
}

/// Calls each method of `card` once, in the order of [`METHODS`].
fn call_every_method(card: &mut dyn CardTransport) {
    let _ = card.transmit(&[0x00, 0xA4, 0x04, 0x0C]);
    card.release();
    let _ = card.wait_for_card(Duration::ZERO);
    let _ = card.reconnect();
    let _ = card.open_reader("another reader");
    let _ = card.recover_service(Duration::ZERO);
    let _ = card.has_pin_pad();
    let _ = card.verify_on_pad(&[]);
    let _ = card.connect();
    let _ = card.reads_over_nfc();
}

/// The methods that reached a probe under `wrap`'s wrapper.
fn reaching(
    wrap: impl FnOnce(Box<dyn CardTransport + Send>) -> Box<dyn CardTransport + Send>,
) -> Vec<&'static str> {
    let probe = Probe::default();
    let mut card = wrap(Box::new(probe.clone()));
    call_every_method(&mut *card);
    let calls = probe.calls.lock().unwrap().clone();
    calls
}

#[test]
fn the_list_is_the_traits() {
    assert_eq!(declared_methods(), METHODS);
}

#[test]
fn a_box_passes_on_every_method() {
    let got = reaching(|card| Box::new(card));
    assert_eq!(got, METHODS);
}

#[test]
fn procedure_bytes_pass_on_every_method() {
    let got = reaching(|card| {
        Box::new(crate::procedure::ProcedureBytes::new(
            card,
            &crate::Defects::none(),
        ))
    });
    assert_eq!(got, METHODS);
}

#[test]
fn note_loss_passes_on_every_method() {
    let got = reaching(|inner| {
        Box::new(crate::card_check::note_loss::NoteLoss {
            inner,
            lost: Arc::default(),
        })
    });
    assert_eq!(got, METHODS);
}

#[test]
fn the_logged_card_passes_on_every_method() {
    let got = reaching(|card| {
        Box::new(crate::defect_acts::LoggedCard {
            card,
            logger: crate::Logger::silent(),
        })
    });
    assert_eq!(got, METHODS);
}

#[test]
fn the_shared_card_passes_on_every_method() {
    let got = reaching(|card| Box::new(crate::defect_acts::SharedCard(Arc::new(Mutex::new(card)))));
    assert_eq!(got, METHODS);
}

#[test]
fn the_impatient_card_passes_on_every_method() {
    let got = reaching(|card| {
        Box::new(crate::defect_acts::ImpatientCard {
            card,
            skip: None,
            deadline: crate::defect_acts::SHORT_CARD_TIMEOUT,
            as_no_card: false,
        })
    });
    assert_eq!(got, METHODS);
}
