//! One app's connection to the relay: `hello`, then reading sessions, tags and transceives, as
//! `docs/mobile.md` lays them out. Everything the app does and everything the card answers is
//! a timeline event in NFC words, next to the same `apdu` events as over PC/SC.

use std::io;
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use mynakit_apdu::{Command, Instruction, SelectBy};
use mynakit_emulator::redact;
use mynakit_protocol::framing::{ErrorFrame, Frame};
use mynakit_protocol::nfc::{
    AppMessage, Platform, RelayMessage, SessionEndReason, TransceiveError, RELAY_PROTOCOL,
};
use mynakit_timeline::ReaderAction;

use super::shared::{Shared, POLL};
use super::wire::{Read, Wire};
use crate::slot::ShortApdusOnly;

/// How long a write may block on a peer that reads nothing.
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);

/// The app → relay types this version knows.
const KNOWN_TYPES: [&str; 5] = [
    "hello",
    "start-reading",
    "transceive",
    "set-timeout",
    "stop-reading",
];

/// Why a connection ends.
enum End {
    /// The app closed it.
    Closed,
    /// A protocol error, sent to the app before closing.
    Error(ErrorFrame),
    /// The socket failed.
    Io(io::Error),
    /// The relay stops.
    Stop,
}

struct Connection {
    wire: Wire,
}

impl Connection {
    fn send(&mut self, message: &RelayMessage) -> Result<(), End> {
        self.wire.send(message).map_err(End::Io)
    }

    /// The next message, polling: `Ok(None)` when nothing came within [`POLL`].
    fn poll(&mut self) -> Result<Option<Frame>, End> {
        match self.wire.read() {
            Read::Frame(frame) => Ok(Some(frame)),
            Read::Nothing => Ok(None),
            Read::Closed => Err(End::Closed),
            Read::Error(e) => Err(End::Error(e)),
            Read::Failed(e) => Err(End::Io(e)),
        }
    }
}

/// Serves one connection until it ends.
pub(crate) fn serve(shared: &Shared, stream: TcpStream, peer: SocketAddr) {
    let _ = stream.set_read_timeout(Some(POLL));
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let mut conn = Connection {
        wire: Wire::new(stream),
    };
    let end = match hello(shared, &mut conn) {
        Ok(app) => {
            let mut session = Session::new(shared, app);
            let end = session.run(&mut conn).err().unwrap_or(End::Stop);
            if session.reading {
                session.stop("the app left");
            }
            shared.release();
            let why = match &end {
                End::Closed => "closed by the app".to_owned(),
                End::Error(e) => format!("{}: {}", e.code, e.message),
                End::Io(e) => format!("connection failed: {e}"),
                End::Stop => "the relay stopped".to_owned(),
            };
            shared.slot.event(ReaderAction::RelayClose, why);
            end
        }
        Err(end) => {
            if let End::Error(e) = &end {
                // Refused before any app was welcomed: the timeline says who was refused and
                // why (never the token offered).
                shared.slot.event(
                    ReaderAction::RelayClose,
                    format!("{peer} refused: {}: {}", e.code, e.message),
                );
            }
            end
        }
    };
    if let End::Error(error) = end {
        let _ = conn.wire.send(&error);
        conn.wire.close();
        linger(conn.wire.stream());
    }
    let _ = conn.wire.stream().shutdown(std::net::Shutdown::Both);
}

/// After an error line: says "no more" and reads what the peer still sends, for at most
/// [`LINGER`], so that closing with its bytes unread does not reset the connection before the
/// peer has read the error (RFC 1122 §4.2.2.13: a close with unread data sends RST).
fn linger(stream: &mut TcpStream) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let deadline = Instant::now() + LINGER;
    let mut sink = [0u8; 8192];
    while Instant::now() < deadline {
        match io::Read::read(stream, &mut sink) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) => {}
            Err(_) => break,
        }
    }
}

/// How long [`linger`] waits for the peer to stop sending.
const LINGER: Duration = Duration::from_millis(500);

/// What the app said of itself.
struct App {
    platform: Platform,
    select_identifiers: Option<Vec<Vec<u8>>>,
}

fn bad_frame(frame: &Frame, problem: impl std::fmt::Display) -> End {
    End::Error(ErrorFrame::new(
        "bad-frame",
        format!("line {}: {problem}", frame.line),
    ))
}

fn decode(frame: Frame) -> Result<AppMessage, End> {
    if !KNOWN_TYPES.contains(&frame.kind.as_str()) {
        return Err(End::Error(ErrorFrame::new(
            "unknown-type",
            format!(
                "line {}: unknown type {:?} (known: {})",
                frame.line,
                frame.kind,
                KNOWN_TYPES.join(", ")
            ),
        )));
    }
    let line = frame.line;
    serde_json::from_value(frame.value.clone()).map_err(|e| {
        bad_frame(
            &Frame {
                line,
                kind: frame.kind,
                value: serde_json::Value::Null,
            },
            e,
        )
    })
}

/// Waits for `hello`, checks the token and claims the card.
fn hello(shared: &Shared, conn: &mut Connection) -> Result<App, End> {
    let deadline = Instant::now() + shared.config.hello_timeout;
    let frame = loop {
        if shared.stop.load(Ordering::SeqCst) {
            return Err(End::Stop);
        }
        if let Some(frame) = conn.poll()? {
            break frame;
        }
        if Instant::now() >= deadline {
            return Err(End::Error(ErrorFrame::new(
                "no-hello",
                format!(
                    "no hello within {} s of connecting",
                    shared.config.hello_timeout.as_secs_f32()
                ),
            )));
        }
    };
    let line = frame.line;
    let message = decode(frame)?;
    let AppMessage::Hello {
        token,
        app,
        platform,
        select_identifiers,
        protocol,
    } = message
    else {
        return Err(End::Error(ErrorFrame::new(
            "no-hello",
            format!("line {line}: the first line must be a hello"),
        )));
    };
    if !shared.token.matches(&token) {
        return Err(End::Error(ErrorFrame::new(
            "bad-token",
            "wrong or missing token (the relay's start-up line and MYNAKIT_RELAY_TOKEN give it)",
        )));
    }
    if let Some(version) = protocol.filter(|v| *v != RELAY_PROTOCOL) {
        return Err(End::Error(ErrorFrame::new(
            "bad-frame",
            format!("line {line}: protocol {version} is not spoken here (only {RELAY_PROTOCOL})"),
        )));
    }
    let select_identifiers = select_identifiers
        .map(|aids| {
            aids.iter()
                .map(|aid| mynakit_apdu::hex_bytes(aid))
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()
        .map_err(|e| {
            End::Error(ErrorFrame::new(
                "bad-frame",
                format!("line {line}: select_identifiers: {e}"),
            ))
        })?;
    if !shared.claim() {
        return Err(End::Error(ErrorFrame::new(
            "busy",
            "another app is using this card; one app at a time",
        )));
    }
    let welcome = RelayMessage::Welcome {
        protocol: RELAY_PROTOCOL,
        reader: shared.slot.reader().to_owned(),
    };
    if let Err(end) = conn.send(&welcome) {
        shared.release();
        return Err(end);
    }
    shared.slot.event(
        ReaderAction::RelayConnect,
        format!("{} ({})", app.escape_debug(), platform.as_str()),
    );
    Ok(App {
        platform,
        select_identifiers,
    })
}

/// One welcomed app.
struct Session<'a> {
    shared: &'a Shared,
    app: App,
    /// Reader mode is on / the sheet is open.
    reading: bool,
    /// The slot's generation when the tag was discovered, while it is connected.
    tag: Option<u64>,
    /// The transceive timeout in force.
    timeout: Duration,
    /// Whether the connected tag takes extended APDUs, and its maximum command length.
    extended_length: bool,
    max_transceive: usize,
}

/// However the connection ended, the card is no longer in this app's field.
impl Drop for Session<'_> {
    fn drop(&mut self) {
        self.set_tag(None);
    }
}

impl<'a> Session<'a> {
    fn new(shared: &'a Shared, app: App) -> Session<'a> {
        Session {
            shared,
            app,
            reading: false,
            tag: None,
            timeout: shared.config.timeout,
            extended_length: shared.config.extended_length,
            max_transceive: shared.config.max_transceive,
        }
    }

    fn event(&self, action: ReaderAction, detail: String) {
        self.shared.slot.event(action, detail);
    }

    fn run(&mut self, conn: &mut Connection) -> Result<(), End> {
        loop {
            if self.shared.stop.load(Ordering::SeqCst) {
                if self.reading {
                    let _ = conn.send(&RelayMessage::SessionEnded {
                        reason: SessionEndReason::System,
                    });
                }
                return Err(End::Stop);
            }
            self.watch(conn)?;
            if let Some(frame) = conn.poll()? {
                let message = decode(frame)?;
                self.handle(conn, message)?;
            }
        }
    }

    /// Unsolicited news: a session end asked for, the card leaving or coming.
    fn watch(&mut self, conn: &mut Connection) -> Result<(), End> {
        if !self.reading {
            return Ok(());
        }
        if let Some(reason) = self.shared.slot.take_nfc_session_end() {
            self.stop(reason.as_str());
            return conn.send(&RelayMessage::SessionEnded { reason });
        }
        let slot = &self.shared.slot;
        match self.tag {
            Some(seen) if slot.generation() != seen || !slot.presence().1 => {
                self.lose(conn)?;
            }
            None if slot.presence().1 => self.discover(conn)?,
            _ => {}
        }
        Ok(())
    }

    fn stop(&mut self, why: &str) {
        self.reading = false;
        self.field_off();
        self.set_tag(None);
        self.timeout = self.shared.config.timeout;
        self.event(ReaderAction::SessionEnded, why.to_owned());
    }

    /// The card the app's field holds now (its slot generation), or none: while one is held,
    /// pcscd's power requests do not reach it ([`Slot::set_in_nfc_field`](crate::Slot::set_in_nfc_field)).
    fn set_tag(&mut self, tag: Option<u64>) {
        self.tag = tag;
        self.shared.slot.set_in_nfc_field(tag.is_some());
    }

    /// The phone's field goes off with reading (or the app): the card connected now loses
    /// power, as a card taken off a reader does (its PIN verification is gone). Recorded as
    /// `power-off`, which the checks read as the client releasing the card.
    fn field_off(&self) {
        let slot = &self.shared.slot;
        if self.tag.is_some_and(|seen| seen == slot.generation()) {
            slot.power_off();
        }
    }

    fn lose(&mut self, conn: &mut Connection) -> Result<(), End> {
        self.set_tag(None);
        self.timeout = self.shared.config.timeout;
        self.event(ReaderAction::TagLost, String::new());
        conn.send(&RelayMessage::TagLost {})
    }

    /// The card is in the field: on iOS with select identifiers, the OS first SELECTs each
    /// listed AID in order and keeps the first that answers 9000 (Core NFC's
    /// `initialSelectedAID`).
    fn discover(&mut self, conn: &mut Connection) -> Result<(), End> {
        let slot = &self.shared.slot;
        // The field activates the card: a card an earlier session powered off comes back on.
        slot.power_on();
        let generation = slot.generation();
        let short_only = slot.short_apdus_only().is_some();
        let mut initial = None;
        if self.app.platform == Platform::Ios {
            for aid in self.app.select_identifiers.iter().flatten() {
                let Ok(lc) = u8::try_from(aid.len()) else {
                    continue;
                };
                let mut select = vec![0x00, 0xA4, 0x04, 0x0C, lc];
                select.extend_from_slice(aid);
                self.event(
                    ReaderAction::Transceive,
                    format!(
                        "os {} (iOS select-identifiers)",
                        redact::command_hex(&select)
                    ),
                );
                if slot
                    .transmit(&select)
                    .is_ok_and(|r| r.ends_with(&[0x90, 0x00]))
                {
                    initial = Some(hex::encode_upper(aid));
                    break;
                }
            }
        }
        let timeout_ms = u64::try_from(self.timeout.as_millis()).unwrap_or(u64::MAX);
        let tag = self
            .shared
            .config
            .tag(short_only, timeout_ms, initial.clone());
        self.extended_length = tag.extended_length;
        self.max_transceive = tag.max_transceive;
        self.set_tag(Some(generation));
        self.event(
            ReaderAction::TagDiscovered,
            format!(
                "extended_length {} max_transceive {} timeout_ms {} initial_selected_aid {}",
                tag.extended_length,
                tag.max_transceive,
                tag.timeout_ms,
                initial.as_deref().unwrap_or("none")
            ),
        );
        conn.send(&RelayMessage::TagDiscovered { tag })
    }

    fn handle(&mut self, conn: &mut Connection, message: AppMessage) -> Result<(), End> {
        match message {
            AppMessage::Hello { .. } => Err(End::Error(ErrorFrame::new(
                "bad-frame",
                format!("line {}: hello sent twice", conn.wire.lines()),
            ))),
            AppMessage::StartReading { .. } => {
                if !self.reading {
                    self.reading = true;
                    self.event(ReaderAction::ReadingStarted, String::new());
                }
                self.watch(conn)
            }
            AppMessage::StopReading {} => {
                if self.reading {
                    self.stop("stopped");
                }
                conn.send(&RelayMessage::Stopped {})
            }
            AppMessage::SetTimeout { ms } => {
                self.timeout = Duration::from_millis(ms);
                Ok(())
            }
            AppMessage::Transceive { id, apdu } => {
                let Ok(apdu) = mynakit_apdu::hex_bytes(&apdu) else {
                    return Err(End::Error(ErrorFrame::new(
                        "bad-frame",
                        format!("line {}: `apdu` is not hex", conn.wire.lines()),
                    )));
                };
                self.transceive(conn, id, &apdu)
            }
        }
    }

    fn refuse(
        &self,
        conn: &mut Connection,
        id: i64,
        apdu: &[u8],
        error: TransceiveError,
        message: &str,
    ) -> Result<(), End> {
        self.event(
            ReaderAction::Transceive,
            format!(
                "id {id} {} refused: {}",
                redact::command_hex(apdu),
                error.as_str()
            ),
        );
        conn.send(&RelayMessage::TransceiveError {
            id,
            error,
            message: message.to_owned(),
        })
    }

    fn transceive(&mut self, conn: &mut Connection, id: i64, apdu: &[u8]) -> Result<(), End> {
        // News first: a card that left before this command makes it fail as tag-lost.
        self.watch(conn)?;
        let Some(generation) = self.tag else {
            return self.refuse(
                conn,
                id,
                apdu,
                TransceiveError::NotConnected,
                "no tag is connected",
            );
        };
        if apdu.len() > self.max_transceive {
            return self.refuse(
                conn,
                id,
                apdu,
                TransceiveError::TooLong,
                "Transceive length exceeds supported maximum",
            );
        }
        if !self.extended_length && ShortApdusOnly::refuses(apdu) {
            return self.refuse(
                conn,
                id,
                apdu,
                TransceiveError::NoExtendedLength,
                "this tag does not take extended-length APDUs",
            );
        }
        if let Some(allowed) = self
            .app
            .select_identifiers
            .as_ref()
            .filter(|_| self.app.platform == Platform::Ios)
        {
            if let Ok(command) = Command::decode(apdu) {
                if command.instruction() == Instruction::Select
                    && SelectBy::from_p1(command.p1) == SelectBy::DfName
                    && !allowed.iter().any(|aid| aid.as_slice() == command.data)
                {
                    return self.refuse(
                        conn,
                        id,
                        apdu,
                        TransceiveError::SecurityViolation,
                        "SELECT of an AID not in the app's select-identifiers",
                    );
                }
            }
        }
        self.event(
            ReaderAction::Transceive,
            format!("id {id} {}", redact::command_hex(apdu)),
        );
        let slot = self.shared.slot.clone();
        let started = Instant::now();
        let answer = slot.transmit(apdu);
        let took = started.elapsed();
        match answer {
            Ok(response) if slot.generation() == generation && slot.presence().1 => {
                if took > self.timeout {
                    // The card ran it and answered (the `apdu` event holds that answer); the
                    // app sees none: the checks need to know which command that was.
                    self.event(
                        ReaderAction::TransceiveTimeout,
                        format!(
                            "id {id} timeout_ms {} took_ms {}",
                            self.timeout.as_millis(),
                            took.as_millis()
                        ),
                    );
                    conn.send(&RelayMessage::TransceiveError {
                        id,
                        error: TransceiveError::Timeout,
                        message: format!(
                            "no answer within {} ms (the card took {} ms)",
                            self.timeout.as_millis(),
                            took.as_millis()
                        ),
                    })
                } else {
                    conn.send(&RelayMessage::TransceiveResult {
                        id,
                        response: hex::encode_upper(response),
                    })
                }
            }
            // The card left with the command: the one in flight fails, then the tag is lost.
            _ => {
                conn.send(&RelayMessage::TransceiveError {
                    id,
                    error: TransceiveError::TagLost,
                    message: "Tag was lost.".to_owned(),
                })?;
                self.lose(conn)
            }
        }
    }
}
