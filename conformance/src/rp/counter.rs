//! A relying party at a counter (flow `counter-read`, `docs/counter-read.md`): the 対面 IC read
//! of the card the customer presents, without a PIN. 照合番号B, printed on the card face, opens
//! the 券面 APs for whoever holds the card: only the staff's look at the card's photo tells
//! whether the customer is its holder, and their answer binds the app. And the chip's records
//! are the issuer's only if their signatures chain to the test CV roots the app trusts.

use mynakit_protocol::{Outcome, RecordItem};
use mynakit_timeline::{CARD_PHOTO, TYPED_PASSWORD};

use super::words::counter as words;
use crate::check::{Evidence, Verdict};
use crate::run::{Run, Step};

check! {
    /// `RP-counter-face-refused`: a customer whose face the staff said does not match the card's
    /// photo is not accepted.
    CounterFaceRefused {
        id: "RP-counter-face-refused",
        severity: Failed,
        rule: "A relying party that asked the staff whether the card's photo is the person's \
               (confirm topic photo-match) and was answered no (or cancel) does not end \
               `accepted`.",
        rationale: "照合番号B is printed on the card face: it opens the card's 券面 APs for whoever \
                    holds the card, and the IC read shows only that the card is genuine. Whether \
                    the customer is its holder only the staff's comparison of the photo with the \
                    face tells; a counter app that accepts after the staff said no identifies \
                    whoever brought the card.",
        reference: "犯罪収益移転防止法施行規則 第6条第1項第1号 (as amended 2025-06-24, in force \
                    2027-04-01: the document presented and its IC chip read, its content shown); \
                    デジタル庁 マイナンバーカード対面確認アプリ (2024-08-20: the face photo shown for \
                    the staff to compare); docs/counter-read.md",
        roles: [RelyingParty],
        evaluate: face_refused,
    }
}

check! {
    /// `RP-counter-expired-refused`: a card past the expiry on its face is not accepted.
    CounterExpiredRefused {
        id: "RP-counter-expired-refused",
        severity: Failed,
        rule: "In a counter read (flow `counter-read`) whose card is past the expiry its \
               券面事項確認AP holds (DF29 of the card face; the card is valid through that day) \
               on the scenario's clock when the client starts, the client does not end \
               `accepted`.",
        rationale: "照合番号B still opens the 券面 APs of a card past its expiry, and the data read \
                    is the holder's; but the 犯罪収益移転防止法施行規則 accepts an identity \
                    document only within its validity, and a counter app that only shows what \
                    it read lets an expired card through.",
        reference: "犯罪収益移転防止法施行規則 第7条 (本人確認書類: 有効期間のあるものは有効なもの); \
                    docs/card-records.md (DF29, the card's expiry); docs/counter-read.md",
        roles: [RelyingParty],
        evaluate: expired_refused,
    }
}

check! {
    /// `RP-counter-signature-refused`: a card whose 券面 records do not verify with the test CV
    /// roots is not accepted.
    CounterSignatureRefused {
        id: "RP-counter-signature-refused",
        severity: Failed,
        rule: "In a counter read (flow `counter-read`) of a card whose 券面 records do not \
               verify with the 券面 APs' test CV roots the client is given \
               (`MYNAKIT_KENKAKU_CV_ROOT_FILE`, `MYNAKIT_KENHOJO_CV_ROOT_FILE`): the card face's \
               DF28 or the 基本4情報's integrity record `0003` not made by the key each AP's EF \
               `0004` certificate names, or that certificate not made by the root (a look-alike \
               signer under the same key IDs, a record altered after signing), the client does \
               not end `accepted`.",
        rationale: "The 犯罪収益移転防止法施行規則's IC read is worth more than a look at the card \
                    only because the chip's records are the issuer's: a counter app that shows \
                    what a chip holds without checking its signatures shows a forger's name, \
                    birth date and photo as readily as the holder's. Records that agree with a \
                    certificate on the card prove nothing unless the certificate chains to the \
                    root the app trusts.",
        reference: "犯罪収益移転防止法施行規則 第6条第1項第1号 (as amended 2025-06-24, in force \
                    2027-04-01: the IC chip of the document read); デジタル庁 \
                    マイナンバーカード対面確認アプリ (2024-08-20: checks that the card is \
                    genuine by its IC chip); myna-card `ap/surface.rs`, `ap/text.rs`, `data.rs` \
                    (DF28, EF 0003, the card-verifiable certificate); docs/card-records.md; \
                    docs/counter-read.md",
        roles: [RelyingParty],
        evaluate: signature_refused,
    }
}

check! {
    /// `RP-counter-record-only`: a counter app keeps of the card what its 確認記録 holds, and
    /// nothing more.
    CounterRecordOnly {
        id: "RP-counter-record-only",
        severity: Failed,
        rule: "After a counter read (flow `counter-read`), no file in the client's private home, \
               temporary folder or working folder holds an item of the card's data that the \
               確認記録 does not (mynakit's model: 氏名, 住居, 生年月日, the card's expiry and \
               security code; the scenario's `given.relying_party.record_items` when it names \
               them): the card face's photo (its bytes as read, or in base64), 照合番号B as the \
               staff typed it, or 氏名, 住居, 生年月日 when the scenario leaves them out; \
               whether or not the client declares the file kept on purpose (`keeps`).",
        rationale: "犯罪収益移転防止法 第6条 has the 特定事業者 keep a 確認記録 of each check for \
                    seven years, and 同法施行規則 第20条第1項 says what it holds: the 本人特定事項 \
                    and what identifies the document shown, not a copy of everything the chip \
                    gave. A counter app that keeps the face photo or 照合番号B beyond the check \
                    piles up what a leak turns into a forger's kit (照合番号B opens the card's \
                    券面 for whoever holds it); the Digital Agency's 対面確認アプリ keeps only \
                    the expiry year and the security code of a read.",
        reference: "犯罪収益移転防止法 第6条 (確認記録の作成・保存); 同法施行規則 第20条第1項 \
                    (確認記録の記録事項); デジタル庁 マイナンバーカード対面確認アプリ (2024-08-20: \
                    its history keeps the expiry year and the security code); \
                    docs/counter-read.md, docs/client-protocol.md#the-clients-folders",
        roles: [RelyingParty],
        evaluate: record_only,
    }
}

/// The 確認記録 item a value found in a counter app's files is (`None`: not the card's data a
/// counter read gives): in a counter read the only typed value is 照合番号B.
fn item_of_kept(kind: &str) -> Option<RecordItem> {
    match kind {
        "name" => Some(RecordItem::Name),
        "address" => Some(RecordItem::Address),
        "birth-date" => Some(RecordItem::BirthDate),
        CARD_PHOTO => Some(RecordItem::Photo),
        TYPED_PASSWORD => Some(RecordItem::CollationB),
        _ => None,
    }
}

fn record_only(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some(allowed) = run.record_items() else {
        return Verdict::NotApplicable(words::not_counter_read());
    };
    if e.manual {
        return Verdict::NotApplicable(words::counter_folders_not_searched());
    }
    let Some((files, found)) = run.steps.iter().rev().find_map(|s| match s {
        Step::Kept { files, found, .. } => Some((*files, *found)),
        _ => None,
    }) else {
        return Verdict::NotApplicable(words::counter_folders_not_searched());
    };
    let names: Vec<&str> = allowed.iter().map(|i| i.as_str()).collect();
    let allowed_text = if names.is_empty() {
        "nothing".to_owned()
    } else {
        names.join(", ")
    };
    let mut kept: Vec<String> = found
        .iter()
        .filter_map(|v| {
            let item = item_of_kept(&v.value)?;
            (!allowed.contains(&item)).then(|| format!("{}: {}", v.path, item.as_str()))
        })
        .collect();
    kept.dedup();
    if kept.is_empty() {
        Verdict::Pass(words::kept_record_only(files, &allowed_text))
    } else {
        Verdict::Fail(words::kept_beyond_record(&kept, &allowed_text))
    }
}

fn signature_refused(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    match (run.card_records(), e.result.outcome) {
        (None, _) => Verdict::NotApplicable(words::not_counter_read()),
        (Some(true), _) => Verdict::NotApplicable(words::records_genuine()),
        (Some(false), Outcome::Accepted) => Verdict::Fail(words::counterfeit_records_accepted()),
        (Some(false), outcome) => Verdict::Pass(words::counterfeit_records_not_accepted(outcome)),
    }
}

fn expired_refused(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    match (run.card_face(), e.result.outcome) {
        (None, _) => Verdict::NotApplicable(words::not_counter_read()),
        (Some(true), _) => Verdict::NotApplicable(words::card_within_expiry()),
        (Some(false), Outcome::Accepted) => Verdict::Fail(words::expired_card_accepted()),
        (Some(false), outcome) => Verdict::Pass(words::expired_card_not_accepted(outcome)),
    }
}

fn face_refused(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    match (crate::run::photo_answer(run), e.result.outcome) {
        (None, _) => Verdict::NotApplicable(words::no_photo_ask()),
        (Some((_, _, true)), _) => Verdict::NotApplicable(words::photo_matched()),
        (Some(_), Outcome::Accepted) => Verdict::Fail(words::accepted_other_face()),
        (Some(_), outcome) => Verdict::Pass(words::other_face_not_accepted(outcome)),
    }
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    /// The staff asked about the photo and answered `yes`.
    fn asked(yes: bool) -> Tl {
        Tl::new()
            .client(r#"{"type":"confirm","id":"c1","topic":"photo-match"}"#)
            .operator(&format!(r#"{{"type":"confirm","id":"c1","yes":{yes}}}"#))
    }

    #[test]
    fn an_expired_card_is_never_accepted() {
        use mynakit_timeline::Fact;
        let accepted = result(Outcome::Accepted, &[]);
        let refused = result(Outcome::Refused, &[]);
        let expired = Tl::new().fact(Fact::CardFace(false));
        let valid = Tl::new().fact(Fact::CardFace(true));
        let text = fail(
            &CounterExpiredRefused,
            &evidence(&expired.events, &accepted),
        );
        assert!(text.contains("expiry"), "{text}");
        pass(&CounterExpiredRefused, &evidence(&expired.events, &refused));
        not_applicable(&CounterExpiredRefused, &evidence(&valid.events, &accepted));
        not_applicable(
            &CounterExpiredRefused,
            &evidence(&Tl::new().events, &accepted),
        );
    }

    #[test]
    fn counterfeit_records_are_never_accepted() {
        use mynakit_timeline::Fact;
        let accepted = result(Outcome::Accepted, &[]);
        let refused = result(Outcome::Refused, &[]);
        let counterfeit = Tl::new().fact(Fact::CardRecords(false));
        let genuine = Tl::new().fact(Fact::CardRecords(true));
        let text = fail(
            &CounterSignatureRefused,
            &evidence(&counterfeit.events, &accepted),
        );
        assert!(text.contains("CV roots"), "{text}");
        pass(
            &CounterSignatureRefused,
            &evidence(&counterfeit.events, &refused),
        );
        not_applicable(
            &CounterSignatureRefused,
            &evidence(&genuine.events, &accepted),
        );
        not_applicable(
            &CounterSignatureRefused,
            &evidence(&Tl::new().events, &accepted),
        );
    }

    #[test]
    fn a_face_the_staff_refused_is_never_accepted() {
        let accepted = result(Outcome::Accepted, &[]);
        let refused = result(Outcome::Refused, &[]);
        let text = fail(
            &CounterFaceRefused,
            &evidence(&asked(false).events, &accepted),
        );
        assert!(text.contains("accepted"), "{text}");
        pass(
            &CounterFaceRefused,
            &evidence(&asked(false).events, &refused),
        );
        not_applicable(
            &CounterFaceRefused,
            &evidence(&asked(true).events, &accepted),
        );
        not_applicable(&CounterFaceRefused, &evidence(&Tl::new().events, &accepted));
    }

    /// A value of `kind` found in `path`.
    fn found(path: &str, kind: &str) -> mynakit_timeline::KeptValue {
        mynakit_timeline::KeptValue {
            path: path.into(),
            offset: 0,
            value: kind.into(),
            encoding: "bytes".into(),
        }
    }

    #[test]
    fn a_counter_app_keeps_only_the_record_items() {
        use mynakit_timeline::Fact;
        let accepted = result(Outcome::Accepted, &[]);
        let read = |items: Vec<RecordItem>, kept: Vec<mynakit_timeline::KeptValue>| {
            Tl::new()
                .fact(Fact::RecordItems(items))
                .kept(kept, vec!["home/.app/".into()])
        };
        let model = RecordItem::MODEL.to_vec();
        // The 本人特定事項 in a declared file: the 確認記録 keeps them.
        let record = read(model.clone(), vec![found("home/.app/record.json", "name")]);
        pass(&CounterRecordOnly, &evidence(&record.events, &accepted));
        // The photo, declared or not, and 照合番号B: beyond it.
        let photo = read(
            model.clone(),
            vec![
                found("home/.app/face.jp2", CARD_PHOTO),
                found("tmp/session", TYPED_PASSWORD),
            ],
        );
        let text = fail(&CounterRecordOnly, &evidence(&photo.events, &accepted));
        assert!(text.contains("home/.app/face.jp2: photo"), "{text}");
        assert!(text.contains("tmp/session: collation-b"), "{text}");
        // A scenario's own list: the photo kept, the address not.
        let own = read(
            vec![RecordItem::Name, RecordItem::Photo],
            vec![
                found("home/.app/face.jp2", CARD_PHOTO),
                found("home/.app/record.json", "address"),
            ],
        );
        let text = fail(&CounterRecordOnly, &evidence(&own.events, &accepted));
        assert!(!text.contains("face.jp2"), "{text}");
        assert!(text.contains("record.json: address"), "{text}");
        // Another run, or folders not searched.
        not_applicable(
            &CounterRecordOnly,
            &evidence(&Tl::new().kept(Vec::new(), Vec::new()).events, &accepted),
        );
        not_applicable(
            &CounterRecordOnly,
            &evidence(&Tl::new().fact(Fact::RecordItems(model)).events, &accepted),
        );
    }
}
