//! The actions of reader and file events: enums that write exactly the strings of
//! `docs/timeline.md` and `docs/terminal.md` ("Terminal behaviour"), and read any other string
//! back as `Other`.

/// Defines an enum of the values a wire string field takes: each known value a variant, anything
/// else kept as written in `Other` (a trace from a newer mynakit, or a third-party tool, still
/// reads). Gives `as_str`, `parse`, `Display`, serde as the string (so a line writes back as
/// it was read), and, with the `schema` feature, its JSON Schema.
macro_rules! string_enum {
    (
        $(#[$doc:meta])*
        $name:ident {
            $($(#[$vdoc:meta])* $variant:ident = $text:literal,)*
        }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
            /// A value this version does not know, as written.
            Other(String),
        }

        impl $name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)*
                    $name::Other(text) => text,
                }
            }

            /// The value a wire string names.
            pub fn parse(text: &str) -> $name {
                match text {
                    $($text => $name::$variant,)*
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                Ok($name::parse(&text))
            }
        }

        /// The known values, or any other string, which reads as `Other` (the `schema` feature,
        /// for report.json's schema).
        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "anyOf": [
                        { "enum": [$($text),*] },
                        { "description": "A value this version does not know, as written." }
                    ]
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum! {
    /// What a [`EventKind::Reader`](crate::EventKind::Reader) event says happened (`docs/timeline.md`, `docs/reader.md`).
    ReaderAction {
        /// A card was put into an empty reader (detail: the persona).
        Insert = "insert",
        /// The card in the reader was replaced by another (detail: the persona).
        Swap = "swap",
        /// The card was taken out.
        Remove = "remove",
        /// The card was powered (detail: the ATR).
        PowerOn = "power-on",
        /// The card's power was cut.
        PowerOff = "power-off",
        /// A warm reset (detail: the ATR).
        Reset = "reset",
        /// Power off and on again (a cold reset).
        PowerCycle = "power-cycle",
        /// A PIN counter was set (detail: a [`SetTries`](crate::SetTries), `jpki 0018 0`).
        SetTries = "set-tries",
        /// pcscd's vpcd driver connected (detail: the address).
        VpcdConnect = "vpcd-connect",
        /// The vpcd link closed (detail: why).
        VpcdClose = "vpcd-close",
        /// pcscd's presence poll got a different answer.
        GetAtr = "get-atr",
        /// The reader itself left (a USB reader unplugged), its card with it: PC/SC's
        /// `SCARD_E_READER_UNAVAILABLE` for a connection to it (`docs/reader.md`, "Unplugged
        /// readers"). Detail: the card that left with it, if any.
        Unplug = "unplug",
        /// The reader came back, empty, after an `unplug`.
        Replug = "replug",
        /// A recorded card (`docs/import.md`) was sent a command its recording never saw, and
        /// answered it as the virtual card would. Detail: `COMMAND => RESPONSE; nearest
        /// recorded: COMMAND` (hex, PIN data `*`; `none` when the recording holds no command).
        /// Recorded once per such command when the client has ended, in the order sent.
        UnrecordedCommand = "unrecorded-command",
        /// An app connected to the NFC relay and was welcomed (detail: `app (platform)`;
        /// `docs/mobile.md`).
        RelayConnect = "relay-connect",
        /// The app's relay connection closed (detail: why).
        RelayClose = "relay-close",
        /// The card came into the app's NFC field while reading was on (detail: the tag as
        /// reported: extended length, max transceive, timeout, initial AID).
        TagDiscovered = "tag-discovered",
        /// The app sent a command over NFC (detail: `id N COMMAND`, hex, PIN data `*`; a
        /// command the phone refused itself adds `refused: ERROR`). The card's answer, if it
        /// saw the command, is the `apdu` event that follows.
        Transceive = "transceive",
        /// The card left the app's NFC field.
        TagLost = "tag-lost",
        /// The app's reading session ended (detail: `user-cancelled`, `timeout`, `system` or
        /// `stopped` for the app's own `stop-reading`).
        SessionEnded = "session-ended",
        /// The app turned reader mode on / opened the reading sheet (`start-reading`).
        ReadingStarted = "reading-started",
        /// The reader takes short APDUs only (reader profile `short-apdu`), recorded when the
        /// scenario sets it up, before the client starts (detail: the status word answered to an
        /// extended-length command, e.g. `6700`). A client cannot see this; the checks use it to
        /// know the link's limit (`APDU-short-fallback`).
        ShortApdusOnly = "short-apdus-only",
        /// A command the app sent over NFC got no answer within the transceive timeout in force:
        /// the app got `transceive-error` `timeout`, though the card ran the command (its `apdu`
        /// event comes first, with the answer the app never saw). Detail: `id N timeout_ms T
        /// took_ms D` (`docs/mobile.md`, "When a transceive fails"; `APDU-timeout-honest`).
        TransceiveTimeout = "transceive-timeout",
        /// mynakit's reader driver failed a command in transit (`IFD_COMMUNICATION_ERROR`: the
        /// client's `SCardTransmit` gets `SCARD_E_NOT_TRANSACTED`); the card never saw it.
        /// Detail: the command (hex, PIN data `*`) (`docs/reader.md`, "The mynakit reader driver").
        TransportError = "transport-error",
        /// mynakit's reader driver began failing pcscd's presence polls: PC/SC shows the
        /// reader `SCARD_STATE_UNKNOWN` and connections to it fail.
        ReaderUnavailable = "reader-unavailable",
        /// The presence polls succeed again after `reader-unavailable`.
        ReaderAvailable = "reader-available",
        /// The PC/SC service stopped (the `stack-restart` fault: pcscd stopped by its pid, as an
        /// update or a crash stops it): every context and handle a client holds is dead, the
        /// command in flight gets `SCARD_F_COMM_ERROR` and later calls `SCARD_E_NO_SERVICE`.
        /// Detail: the command in flight (hex, PIN data `*`), or empty (`docs/reader.md`,
        /// "pcscd stops and starts again").
        PcscdStopped = "pcscd-stopped",
        /// The PC/SC service is back (after `pcscd-stopped`), the card powered afresh. Detail:
        /// `readers: NAME` with the name PC/SC lists the reader under now, which may differ from
        /// the one before (a new configuration, a reader back under another name).
        PcscdStarted = "pcscd-started",
        /// Another program (another vendor's resident app, a 顔認証付きカードリーダー's own
        /// software) connected to the reader with `SCARD_SHARE_EXCLUSIVE`: the client's
        /// `SCardConnect` gets `SCARD_E_SHARING_VIOLATION` until `reader-released`. Detail:
        /// how long it holds it (`for_ms N`) (`docs/reader.md`, "Another program holds the
        /// reader").
        ReaderHeld = "reader-held",
        /// The other program disconnected after `reader-held`: the reader can be connected to
        /// again.
        ReaderReleased = "reader-released",
        /// The PIN pad took a PIN on its keys and sent the command (detail: `verify` or
        /// `modify`; the command itself is the `apdu` event that follows, PIN data `*`), or the
        /// operator pressed Cancel on it (detail `cancelled`; the card saw nothing and the client
        /// got `64 01`).
        PinPad = "pin-pad",
        /// The reader named to the client as `MYNAKIT_READER`: the one holding the patient's
        /// card, recorded when the scenario has two or more readers, before the client starts
        /// (no detail). A client cannot see this; `APDU-patient-reader` reads it
        /// (`docs/reader.md`, "A second reader").
        PatientReader = "patient-reader",
        /// The reader adds a delay to every command, drawn anew each time between a least and a
        /// most, as a remote desktop's smart-card redirection does; recorded when the scenario
        /// sets it up, before the client starts (detail: `60-200 ms per command, seed 7`). A
        /// client cannot see it; `APDU-latency-patience` reads it (`docs/reader.md`, "Latency
        /// and jitter as over a remote desktop").
        Latency = "latency",
        /// The reader has a PIN pad (reader profile `pin-pad`), recorded when the scenario sets
        /// it up, before the client starts (no detail). `APDU-pin-pad-used` reads it
        /// (`docs/reader.md`, "A PIN-pad reader").
        PinPadReader = "pin-pad-reader",
    }
}

impl ReaderAction {
    /// Whether the card is at the MF level again (or gone) after this action.
    pub fn resets_card(&self) -> bool {
        matches!(
            self,
            ReaderAction::Insert
                | ReaderAction::Swap
                | ReaderAction::Remove
                | ReaderAction::PowerOn
                | ReaderAction::PowerOff
                | ReaderAction::Reset
                | ReaderAction::PowerCycle
                | ReaderAction::Unplug
        )
    }

    /// Whether this action puts a different card (or none) in the reader.
    pub fn changes_card(&self) -> bool {
        matches!(
            self,
            ReaderAction::Insert | ReaderAction::Swap | ReaderAction::Remove | ReaderAction::Unplug
        )
    }

    /// Whether the card left the reader and none came in with this action: a removal, or the
    /// reader itself unplugged with the card in it.
    pub fn takes_card(&self) -> bool {
        matches!(self, ReaderAction::Remove | ReaderAction::Unplug)
    }
}

string_enum! {
    /// What a [`EventKind::File`](crate::EventKind::File) event says happened in the terminal folders
    /// (`docs/terminal.md`, "Terminal behaviour").
    FileAction {
        /// The terminal saw a request in `req`.
        RequestSeen = "request-seen",
        /// A request was still being written; left for a later scan.
        RequestIncomplete = "request-incomplete",
        /// The terminal read a request whole.
        RequestRead = "request-read",
        /// The terminal wrote a result into `res`.
        ResultWritten = "result-written",
        /// Writing a result failed; the request stays in `req`.
        ResultFailed = "result-failed",
        /// The request was refused (bad name or content); an error result follows.
        Rejected = "rejected",
        /// The terminal could not reach the center (`center_outage`): the request was fine,
        /// and the answer is `SegmentOfResult` 9 all the same.
        CenterUnavailable = "center-unavailable",
        /// The terminal removed an answered request from `req`.
        RequestRemoved = "request-removed",
        /// The client deleted a request before pickup.
        RequestVanished = "request-vanished",
        /// The `.err` path: an error file was written.
        ErrorWritten = "error-written",
        /// The `.err` path: the request was moved into `res`.
        RequestMovedToRes = "request-moved-to-res",
        /// A face-confirmation push was written into `face`.
        FaceWritten = "face-written",
        /// The client took a result from `res`.
        ResultTaken = "result-taken",
        /// The client took a push from `face`.
        FaceTaken = "face-taken",
        /// The client moved a push into a subfolder of `face`.
        FaceMoved = "face-moved",
        /// A request under its final name changed size or time between two scans: it was
        /// being written in place, and the terminal skipped it until it settled.
        RequestGrowing = "request-growing",
        /// The client opened a result in `res` for reading and closed it (inotify).
        ResultRead = "result-read",
        /// The client opened a push in `face` for reading and closed it (inotify).
        FaceRead = "face-read",
        /// Another workstation (the scenario's `other_workstation`) wrote this request into
        /// `req`; it is not the client's.
        OtherRequest = "other-request",
        /// The terminal gave a result its final name and is writing it slowly, in parts
        /// (`slow_result`): a reader now sees a partial file.
        ResultWriting = "result-writing",
        /// The last part of a result written slowly is in place: from here a reader sees the
        /// whole file (`result-written` follows once it is synced and closed).
        ResultComplete = "result-complete",
        /// Through the SMB share (`mynakit run --terminal-share smb`), from smbd's audit log
        /// (Samba's `full_audit`; `docs/terminal.md`, "The share in a run"): the client opened
        /// this file.
        ShareOpen = "share-open",
        /// Through the SMB share: the client read from this file (once per open).
        ShareRead = "share-read",
        /// Through the SMB share: the client wrote to this file (once per open).
        ShareWrite = "share-write",
        /// Through the SMB share: the client closed this file after opening it.
        ShareClose = "share-close",
        /// Through the SMB share: the client renamed a file to this path.
        ShareRename = "share-rename",
        /// Through the SMB share: the client deleted this file.
        ShareDelete = "share-delete",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_read_back_as_written() {
        for text in ["insert", "power-cycle", "get-atr", "something-new"] {
            assert_eq!(ReaderAction::parse(text).as_str(), text);
        }
        assert_eq!(ReaderAction::parse("swap"), ReaderAction::Swap);
        assert!(ReaderAction::Swap.changes_card() && !ReaderAction::Reset.changes_card());
        assert_eq!(
            FileAction::parse("request-moved-to-res"),
            FileAction::RequestMovedToRes
        );
        assert_eq!(FileAction::parse("x"), FileAction::Other("x".to_owned()));
    }

    #[test]
    fn actions_are_json_strings() {
        let action: FileAction = serde_json::from_str("\"face-read\"").expect("a string");
        assert_eq!(action, FileAction::FaceRead);
        assert_eq!(
            serde_json::to_string(&ReaderAction::Other("new".into())).expect("json"),
            "\"new\""
        );
    }
}
