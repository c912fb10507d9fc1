//! The files a capture read, rebuilt from its READ BINARY responses: each response's data lies
//! at the offset P1-P2 names in the EF selected under the application selected, the context the
//! recorded card looks commands up in (`docs/import.md`, "The recorded card"; what P1-P2 address:
//! `mynakit_apdu::BinaryRef`).

use std::collections::BTreeMap;

use mynakit_apdu::{Application, BinaryRef, Command, Instruction, SelectBy};

use crate::import::{Capture, CapturedEvent};

/// A file: the card it is on (reader, and how many cards that reader saw come and go before),
/// the application it is in and its FID.
pub(crate) type FileKey = ((usize, usize), Application, u16);

/// The bytes of one file the capture showed (`None` where no response covered them).
#[derive(Clone, Debug, Default)]
pub(crate) struct FileBytes {
    pub(crate) bytes: Vec<Option<u8>>,
}

impl FileBytes {
    /// The bytes from offset 0 up to the first one the capture never showed.
    pub(crate) fn prefix(&self) -> Vec<u8> {
        self.bytes.iter().map_while(|b| *b).collect()
    }

    fn put(&mut self, offset: usize, data: &[u8]) {
        if self.bytes.len() < offset + data.len() {
            self.bytes.resize(offset + data.len(), None);
        }
        for (at, byte) in data.iter().enumerate() {
            self.bytes[offset + at] = Some(*byte);
        }
    }
}

/// One response's data, where it came from and where it lies.
#[derive(Clone, Debug)]
struct Piece {
    reader: usize,
    step: usize,
    file: FileKey,
    offset: usize,
    len: usize,
}

/// A record a READ RECORD response gave: where it came from and what it read.
#[derive(Clone, Debug)]
pub(crate) struct RecordRead {
    pub(crate) reader: usize,
    pub(crate) step: usize,
    /// The application selected.
    pub(crate) app: Application,
    /// The record number (P1).
    pub(crate) record: u8,
}

/// The files a capture read, and the responses each byte came from.
#[derive(Debug, Default)]
pub(crate) struct ReadFiles {
    pub(crate) files: BTreeMap<FileKey, FileBytes>,
    pieces: Vec<Piece>,
    /// The records read with READ RECORD (the 共通AP's card identification record), whose
    /// responses hold the record whole.
    pub(crate) records: Vec<RecordRead>,
}

/// The files `capture` read.
pub(crate) fn read(capture: &Capture) -> ReadFiles {
    let mut out = ReadFiles::default();
    for (reader_index, reader) in capture.readers.iter().enumerate() {
        let mut app: Option<Application> = None;
        let mut ef: Option<u16> = None;
        let mut card = 0usize;
        for (step_index, step) in reader.steps.iter().enumerate() {
            let (command, response) = match &step.event {
                CapturedEvent::Apdu { command, response } => (command, response),
                CapturedEvent::Inserted(_) | CapturedEvent::Removed => {
                    card += 1;
                    app = None;
                    ef = None;
                    continue;
                }
                CapturedEvent::Reset | CapturedEvent::PowerOff => {
                    app = None;
                    ef = None;
                    continue;
                }
                CapturedEvent::Connect | CapturedEvent::Disconnect => continue,
            };
            // A redacted command (`**`) is a PIN command: it selects and reads nothing.
            let Ok(bytes) = hex::decode(command) else {
                continue;
            };
            let Ok(command) = Command::decode(&bytes) else {
                continue;
            };
            if response.len() < 2 {
                continue;
            }
            let (data, sw) = response.split_at(response.len() - 2);
            let ok = sw == [0x90, 0x00];
            match command.instruction() {
                Instruction::Select if ok => match SelectBy::from_p1(command.p1) {
                    SelectBy::DfName => {
                        app = Application::by_df_name(command.data);
                        ef = None;
                    }
                    SelectBy::Mf | SelectBy::ChildEf if command.data.len() == 2 => {
                        ef = Some(u16::from_be_bytes([command.data[0], command.data[1]]));
                    }
                    _ => {
                        app = None;
                        ef = None;
                    }
                },
                // `6282`: fewer bytes than asked, the end of the file; the data is still file data.
                Instruction::ReadBinary if ok || sw == [0x62, 0x82] => {
                    let offset = match BinaryRef::from_p1p2(command.p1, command.p2) {
                        BinaryRef::Current { offset } => offset,
                        BinaryRef::Short { sfi, offset } => {
                            ef = Some(u16::from(sfi));
                            offset
                        }
                    };
                    let (Some(app), Some(fid)) = (app, ef) else {
                        continue;
                    };
                    if data.is_empty() {
                        continue;
                    }
                    let key = ((reader_index, card), app, fid);
                    out.files.entry(key).or_default().put(offset, data);
                    out.pieces.push(Piece {
                        reader: reader_index,
                        step: step_index,
                        file: key,
                        offset,
                        len: data.len(),
                    });
                }
                Instruction::ReadRecord if ok && !data.is_empty() => {
                    if let Some(app) = app {
                        out.records.push(RecordRead {
                            reader: reader_index,
                            step: step_index,
                            app,
                            record: command.p1,
                        });
                    }
                }
                _ => {}
            }
        }
    }
    out
}

impl ReadFiles {
    /// Writes the files' bytes back into the responses they were read from.
    pub(crate) fn write_back(&self, capture: &mut Capture) {
        for piece in &self.pieces {
            let Some(file) = self.files.get(&piece.file) else {
                continue;
            };
            let step = &mut capture.readers[piece.reader].steps[piece.step];
            if let CapturedEvent::Apdu { response, .. } = &mut step.event {
                for (at, slot) in response.iter_mut().take(piece.len).enumerate() {
                    if let Some(Some(byte)) = file.bytes.get(piece.offset + at) {
                        *slot = *byte;
                    }
                }
            }
        }
    }
}
