//! Which faults below the card each transport can show: a run whose way to the cards cannot
//! show a scenario's stack fault is NOT-APPLICABLE, naming the transport, why, and the section
//! of `docs/reader.md` that describes the fault there ("Which transport shows which stack
//! fault"), rather than run and judged on something the client never saw.
//!
//! A card fault (`remove`, `reset`, answer edits) lives in the card or the slot and every
//! transport carries it; a stack fault is one the reader or the PC/SC stack itself gives the
//! client: an error for one command (`transport-error`), a reader that stops answering
//! (`unavailable`), a reader that leaves (`unplug`), another reader beside the patient's
//! (`given.readers` with two or more, the row `second-reader`). What each transport does with
//! them was measured (`docs/reader.md`, `docs/windows.md`, `docs/mobile.md`): vpcd carries no
//! error for one command and cannot fail a presence poll (vsmartcard `ifd-vpcd.c`); the NFC
//! relay serves the patient's card only, behind a phone's own NFC controller; Wine's
//! `winscard.dll` passes pcsc-lite's answers on, so it shows what the pcscd below it shows.
//!
//! [`ROWS`] is the one table: adding a fault is one row, its cells in [`Link::ALL`]'s order.

use super::faults::{CardFault, HeldHow};
use super::Scenario;

/// One way between the client and the cards, as far as a stack fault is concerned. A run's
/// route is one or two of them, the client's side first (Wine over a managed pcscd).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Link {
    /// No pcscd: the built-in reference client calls the slot in this process.
    InProcess,
    /// A managed pcscd whose readers are mynakit's own reader driver (`docs/reader.md`, "The
    /// mynakit reader driver").
    IfdDriver,
    /// A managed pcscd whose readers are vsmartcard's vpcd (`$MYNAKIT_IFD_DRIVER` names a missing driver).
    ManagedVpcd,
    /// The system's pcscd and its vpcd readers (`--pcscd system`).
    SystemPcscd,
    /// The NFC relay: the app reads the patient's card as a phone would (`docs/mobile.md`).
    NfcRelay,
    /// A Windows program under Wine, whose `winscard.dll` is a bridge to pcsc-lite
    /// (`docs/windows.md`); the pcscd below it is the route's next link.
    Wine,
}

impl Link {
    /// Every link, in the order of a row's cells and of `docs/reader.md`'s table's columns.
    pub const ALL: [Link; 6] = [
        Link::InProcess,
        Link::IfdDriver,
        Link::ManagedVpcd,
        Link::SystemPcscd,
        Link::NfcRelay,
        Link::Wine,
    ];

    /// As reports and `docs/reader.md` name it.
    pub fn name(self) -> &'static str {
        match self {
            Link::InProcess => "in-process",
            Link::IfdDriver => "the managed pcscd with mynakit's reader driver",
            Link::ManagedVpcd => "the managed pcscd with vpcd",
            Link::SystemPcscd => "the system pcscd (vpcd)",
            Link::NfcRelay => "the NFC relay",
            Link::Wine => "Wine's WinSCard",
        }
    }

    /// Its Japanese name.
    pub fn name_ja(self) -> &'static str {
        match self {
            Link::InProcess => "プロセス内",
            Link::IfdDriver => "mynakit の読取機ドライバを使う管理下の pcscd",
            Link::ManagedVpcd => "vpcd を使う管理下の pcscd",
            Link::SystemPcscd => "システムの pcscd (vpcd)",
            Link::NfcRelay => "NFC リレー",
            Link::Wine => "Wine の WinSCard",
        }
    }

    fn column(self) -> usize {
        match self {
            Link::InProcess => 0,
            Link::IfdDriver => 1,
            Link::ManagedVpcd => 2,
            Link::SystemPcscd => 3,
            Link::NfcRelay => 4,
            Link::Wine => 5,
        }
    }
}

/// Why a link cannot show a fault. Each has its words in the report's languages
/// (`report::lang::msg`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// vpcd carries no error for one command: the link closes and the client sees a card
    /// pulled mid-command (`docs/reader.md`, "Known limits").
    VpcdNoCommandError,
    /// vpcd cannot fail a presence poll: the reader never shows `SCARD_STATE_UNAVAILABLE`,
    /// and the command in flight closes the link as a card pulled mid-command does.
    VpcdNoFailedPresence,
    /// ISO/IEC 14443-4 sends a block lost in the field again (R(NAK)) below the app; what
    /// reaches it is the answer or a lost tag, which `remove` gives.
    NfcResends,
    /// A phone's NFC reader is part of the phone: it does not stop answering or leave apart
    /// from it; a card that leaves the field is `remove` (`tag-lost`).
    NfcNoReaderToLose,
    /// A phone has one NFC field and the relay serves the patient's reader only: there is no
    /// other reader to choose.
    NfcOneField,
    /// vpcd's cards reach a managed pcscd through ports in its network namespace, which ends
    /// with the process: mynakit starts a pcscd again only in front of its own driver's readers,
    /// which it reaches through Unix sockets that outlive it (`docs/reader.md`, "pcscd stops
    /// and starts again").
    VpcdNotRestarted,
    /// mynakit never stops the system's pcscd: other programs of the machine use it.
    SystemPcscdLeftAlone,
    /// A phone app has no PC/SC service to stop: the platform's NFC stack is part of the OS.
    NfcNoService,
    /// A phone gives the card in its field to the app in the foreground: no other program can
    /// hold it exclusively.
    NfcForegroundOnly,
    /// vpcd's driver answers no `IFDHControl` request: it cannot list a PIN pad's features
    /// (`FEATURE_VERIFY_PIN_DIRECT`), so the reader is a plain one.
    VpcdNoControl,
    /// A phone has no PIN pad: a PIN is typed on its screen, which is the app's.
    NfcNoPad,
    /// Wine's `winscard.dll` passes a Windows program's control code to pcsc-lite unchanged:
    /// Windows' `CM_IOCTL_GET_FEATURE_REQUEST` (`SCARD_CTL_CODE(3400)`, `0x00313520`) is not
    /// pcsc-lite's (`0x42000D48`), so the reader driver does not know the request and the
    /// program sees no pad (measured: `docs/windows.md`, "Stack faults under Wine").
    WineControlCodes,
}

/// What a link does with a fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    /// The client sees the fault as a real stack gives it.
    Shows,
    /// It cannot, for this reason.
    Cannot(Why),
}

/// One stack fault across every link.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    /// The fault as a scenario writes it: a card fault's key, or `second-reader`.
    pub fault: &'static str,
    /// The section of `docs/reader.md` that describes it.
    pub section: &'static str,
    /// What each link does, in [`Link::ALL`]'s order.
    pub cells: [Cell; 6],
}

use Cell::{Cannot, Shows};
use Why::*;

/// Fault × transport: the one table (`held-transaction` is `held` with `how: transaction`) (`docs/reader.md`, "Which transport shows which stack
/// fault", mirrors it, and a test holds them equal). Columns: in-process, the IFD driver,
/// managed vpcd, system pcscd, NFC relay, Wine.
#[rustfmt::skip]
pub const ROWS: &[Row] = &[
    Row { fault: "transport-error", section: "Commands that fail in transit", cells: [Shows, Shows, Cannot(VpcdNoCommandError), Cannot(VpcdNoCommandError), Cannot(NfcResends), Shows] },
    Row { fault: "unavailable", section: "A reader unavailable for a while", cells: [Shows, Shows, Cannot(VpcdNoFailedPresence), Cannot(VpcdNoFailedPresence), Cannot(NfcNoReaderToLose), Shows] },
    Row { fault: "unplug", section: "Unplugged readers", cells: [Shows, Shows, Shows, Shows, Cannot(NfcNoReaderToLose), Shows] },
    Row { fault: "stack-restart", section: "pcscd stops and starts again", cells: [Shows, Shows, Cannot(VpcdNotRestarted), Cannot(SystemPcscdLeftAlone), Cannot(NfcNoService), Shows] },
    Row { fault: "held", section: "Another program holds the reader", cells: [Shows, Shows, Shows, Shows, Cannot(NfcForegroundOnly), Shows] },
    Row { fault: "held-transaction", section: "Another program holds the reader", cells: [Shows, Shows, Shows, Shows, Cannot(NfcForegroundOnly), Shows] },
    Row { fault: "pin-pad", section: "A PIN-pad reader", cells: [Shows, Shows, Cannot(VpcdNoControl), Cannot(VpcdNoControl), Cannot(NfcNoPad), Cannot(WineControlCodes)] },
    Row { fault: "second-reader", section: "A second reader", cells: [Shows, Shows, Shows, Shows, Cannot(NfcOneField), Shows] },
];

/// The row name of a scenario with two or more readers (`given.readers`).
pub const SECOND_READER: &str = "second-reader";

/// The row name of another program's transaction (`held` with `how: transaction`).
pub const HELD_TRANSACTION: &str = "held-transaction";

/// The row name of a scenario with a PIN-pad reader (`given.readers[].profile: pin-pad`).
pub const PIN_PAD: &str = "pin-pad";

/// Whether `scenario` stops the PC/SC service (a `stack-restart` fault): over a pcscd, the
/// pcscd every reader of the process's pool is behind, so the scenario must have it alone
/// (`docs/reader.md`, "pcscd stops and starts again").
pub fn stops_the_service(scenario: &Scenario) -> bool {
    scenario
        .faults
        .card
        .iter()
        .any(|f| matches!(f, CardFault::StackRestart(_)))
}

/// A stack fault of a scenario that a link of its run's route cannot show: NOT-APPLICABLE.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CannotShow {
    /// The fault, as [`Row::fault`].
    pub fault: &'static str,
    /// The link that cannot show it.
    pub link: Link,
    /// Why.
    pub why: Why,
    /// The section of `docs/reader.md` that describes the fault.
    pub section: &'static str,
}

/// The faults of `scenario` that may have a row: its card faults' keys, and `second-reader`
/// when it has two or more readers.
fn faults_of(scenario: &Scenario) -> Vec<&'static str> {
    let mut faults: Vec<&'static str> = scenario
        .faults
        .card
        .iter()
        .map(|f| match f {
            CardFault::Held(held) if held.how == HeldHow::Transaction => HELD_TRANSACTION,
            f => f.key(),
        })
        .collect();
    if scenario.given.readers.len() >= 2 {
        faults.push(SECOND_READER);
    }
    if scenario
        .given
        .readers
        .iter()
        .any(|r| r.profile == super::model::ReaderProfile::PinPad)
    {
        faults.push(PIN_PAD);
    }
    faults
}

/// The first stack fault of `scenario` that a link of `route` cannot show, if any; `route` is
/// the run's links, the client's side first.
pub fn cannot_show(scenario: &Scenario, route: &[Link]) -> Option<CannotShow> {
    faults_of(scenario).into_iter().find_map(|fault| {
        let row = ROWS.iter().find(|r| r.fault == fault)?;
        route
            .iter()
            .find_map(|&link| match row.cells[link.column()] {
                Shows => None,
                Cannot(why) => Some(CannotShow {
                    fault: row.fault,
                    link,
                    why,
                    section: row.section,
                }),
            })
    })
}

/// The table as `docs/reader.md` shows it (Markdown, English): a cell that cannot show its
/// fault names its reason by number, and the reasons follow the table, numbered.
pub fn markdown_table() -> String {
    let mut reasons: Vec<Why> = Vec::new();
    let mut out = String::from("| fault |");
    for link in Link::ALL {
        out.push_str(&format!(" {} |", link.name()));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(Link::ALL.len()));
    out.push('\n');
    for row in ROWS {
        out.push_str(&format!("| `{}` |", row.fault));
        for cell in row.cells {
            match cell {
                Shows => out.push_str(" shows |"),
                Cannot(why) => {
                    let n = match reasons.iter().position(|&w| w == why) {
                        Some(i) => i + 1,
                        None => {
                            reasons.push(why);
                            reasons.len()
                        }
                    };
                    out.push_str(&format!(" cannot ({n}) |"));
                }
            }
        }
        out.push('\n');
    }
    out.push('\n');
    for (i, why) in reasons.iter().enumerate() {
        out.push_str(&format!("{}. {}.\n", i + 1, why_en(*why)));
    }
    out
}

/// Why a link cannot show a fault, in English (the report's note and `docs/reader.md`).
pub fn why_en(why: Why) -> &'static str {
    match why {
        VpcdNoCommandError => {
            "vpcd carries no error for one command: the link closes and the client sees a card pulled mid-command"
        }
        VpcdNoFailedPresence => {
            "vpcd cannot fail a presence poll: the reader never shows SCARD_STATE_UNAVAILABLE and the command in flight closes the link as a card pulled mid-command does"
        }
        NfcResends => {
            "ISO/IEC 14443-4 sends a block lost in the field again below the app; what reaches it is the answer, or a lost tag (`remove`)"
        }
        NfcNoReaderToLose => {
            "a phone's NFC reader is part of the phone and does not stop answering or leave apart from it; a card that leaves the field is `remove` (tag-lost)"
        }
        NfcOneField => {
            "a phone has one NFC field and the relay serves the patient's reader only: there is no other reader to choose"
        }
        VpcdNotRestarted => {
            "vpcd's cards reach the managed pcscd through ports in its network namespace, which ends with it: mynakit starts a pcscd again only in front of its own reader driver, whose sockets outlive it"
        }
        SystemPcscdLeftAlone => {
            "mynakit never stops the system's pcscd: other programs of the machine use it"
        }
        NfcNoService => {
            "a phone app has no PC/SC service to stop: the NFC stack is part of the phone's OS"
        }
        NfcForegroundOnly => {
            "a phone gives the card in its field to the app in the foreground: no other program can hold it"
        }
        VpcdNoControl => {
            "vpcd's driver answers no control request: it cannot list a PIN pad's features, so the reader is a plain one"
        }
        NfcNoPad => "a phone has no PIN pad: a PIN is typed on its screen, which is the app's",
        WineControlCodes => {
            "Wine passes a Windows program's control codes to pcsc-lite unchanged, and Windows' CM_IOCTL_GET_FEATURE_REQUEST (SCARD_CTL_CODE(3400), 0x00313520) is not pcsc-lite's (0x42000D48): the reader does not know the request, so the program sees no pad"
        }
    }
}

/// Why a link cannot show a fault, in Japanese.
pub fn why_ja(why: Why) -> &'static str {
    match why {
        VpcdNoCommandError => {
            "vpcd は 1 つのコマンドだけを失敗させられません。接続が切れ、クライアントにはコマンドの途中でカードが抜かれたように見えます"
        }
        VpcdNoFailedPresence => {
            "vpcd はカードの有無の問い合わせを失敗させられません。読取機は SCARD_STATE_UNAVAILABLE にならず、処理中のコマンドはカードが途中で抜かれたときと同じく接続を切ります"
        }
        NfcResends => {
            "ISO/IEC 14443-4 は無線区間で失われたブロックをアプリの下で再送します。アプリに届くのは応答か、タグの喪失 (`remove`) です"
        }
        NfcNoReaderToLose => {
            "スマートフォンの NFC 読取部は端末の一部で、端末と別に応答を止めたり外れたりしません。カードが読取範囲から離れるのは `remove` (tag-lost) です"
        }
        NfcOneField => {
            "スマートフォンの NFC の読取範囲は 1 つで、リレーは患者の読取機だけを扱います。選ぶべき別の読取機がありません"
        }
        VpcdNotRestarted => {
            "vpcd のカードは管理下の pcscd のネットワーク名前空間のポートを通じてつながり、その名前空間は pcscd とともに終わります。mynakit が pcscd を再起動するのは、ソケットが pcscd より長く残る mynakit 自身の読取機ドライバを使う場合だけです"
        }
        SystemPcscdLeftAlone => {
            "mynakit はシステムの pcscd を停止しません。そのマシンのほかのプログラムが使っています"
        }
        NfcNoService => {
            "スマートフォンのアプリには停止する PC/SC サービスがありません。NFC の仕組みは端末の OS の一部です"
        }
        NfcForegroundOnly => {
            "スマートフォンは読取範囲のカードを前面のアプリに渡します。ほかのプログラムが占有することはできません"
        }
        VpcdNoControl => {
            "vpcd のドライバは制御要求に答えません。PIN パッドの機能を示せないため、読取機は通常の読取機になります"
        }
        NfcNoPad => "スマートフォンに PIN パッドはありません。暗証番号は端末の画面 (アプリの画面) で入力します",
        WineControlCodes => {
            "Wine は Windows プログラムの制御コードをそのまま pcsc-lite に渡します。Windows の CM_IOCTL_GET_FEATURE_REQUEST (SCARD_CTL_CODE(3400)、0x00313520) は pcsc-lite のもの (0x42000D48) と異なるため、読取機はこの要求を知らず、プログラムには PIN パッドが見えません"
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn scenario(text: &str) -> Scenario {
        crate::scenario::load_str(text, "t.yaml", &mynakit_fixtures::Fixtures::bundled()).unwrap()
    }

    const TRANSPORT_ERROR: &str = "id: t\ntitle: T\ngiven:\n  cards:\n    - persona: employee\n\
        faults:\n  card:\n    - transport-error: {when: {apdu: 3}}\noperator:\n  pins: [\"1234\"]\n\
        expect:\n  outcome: card-error\n";

    #[test]
    fn a_fault_a_link_cannot_show_names_that_link_and_its_section() {
        let s = scenario(TRANSPORT_ERROR);
        assert_eq!(cannot_show(&s, &[Link::InProcess]), None);
        assert_eq!(cannot_show(&s, &[Link::IfdDriver]), None);
        assert_eq!(cannot_show(&s, &[Link::Wine, Link::IfdDriver]), None);
        let over_vpcd = cannot_show(&s, &[Link::Wine, Link::ManagedVpcd]).unwrap();
        assert_eq!(over_vpcd.link, Link::ManagedVpcd);
        assert_eq!(over_vpcd.why, Why::VpcdNoCommandError);
        assert_eq!(over_vpcd.section, "Commands that fail in transit");
        assert_eq!(
            cannot_show(&s, &[Link::NfcRelay]).map(|c| c.why),
            Some(Why::NfcResends)
        );
    }

    #[test]
    fn two_readers_are_the_second_reader_row_and_a_plain_scenario_has_no_stack_fault() {
        let two = scenario(
            "id: t\ntitle: T\ngiven:\n  cards:\n    - persona: employee\n  readers:\n    - {}\n    \
             - card: employee\noperator:\n  pins: [\"1234\"]\nexpect:\n  outcome: eligible\n",
        );
        assert_eq!(
            cannot_show(&two, &[Link::NfcRelay]).map(|c| c.fault),
            Some(SECOND_READER)
        );
        assert_eq!(cannot_show(&two, &[Link::SystemPcscd]), None);
        let plain = scenario(
            "id: t\ntitle: T\noperator:\n  pins: [\"1234\"]\nexpect:\n  outcome: eligible\n",
        );
        for link in Link::ALL {
            assert_eq!(cannot_show(&plain, &[link]), None, "{link:?}");
        }
    }

    #[test]
    fn every_row_names_a_fault_a_scenario_can_write_and_a_section_of_reader_md() {
        let docs = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/reader.md"),
        )
        .unwrap();
        for row in ROWS {
            let written = format!(
                "id: t\ntitle: T\ngiven:\n  cards:\n    - persona: employee\nfaults:\n  card:\n    \
                 - {}: {{when: {{apdu: 3}}}}\noperator:\n  pins: [\"1234\"]\nexpect:\n  outcome: card-error\n",
                row.fault
            );
            // A key the scenario format does not know is refused as an unknown variant; a
            // known one loads, or is refused for its own fields.
            let known = row.fault == SECOND_READER
                || row.fault == PIN_PAD
                || row.fault == HELD_TRANSACTION
                || match crate::scenario::load_str(
                    &written,
                    "t.yaml",
                    &mynakit_fixtures::Fixtures::bundled(),
                ) {
                    Ok(s) => s.faults.card.iter().any(|f| f.key() == row.fault),
                    Err(e) => !e.to_string().contains("unknown variant"),
                };
            assert!(known, "{}: no such fault", row.fault);
            assert!(
                docs.contains(&format!("\n### {}\n", row.section))
                    || docs.contains(&format!("\n## {}\n", row.section)),
                "{}: docs/reader.md has no section {:?}",
                row.fault,
                row.section
            );
        }
    }

    #[test]
    fn docs_reader_md_shows_this_table() {
        let docs = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/reader.md"),
        )
        .unwrap();
        let table = markdown_table();
        assert!(
            docs.contains(&table),
            "docs/reader.md, \"Which transport shows which stack fault\", should hold:\n{table}"
        );
    }
}
