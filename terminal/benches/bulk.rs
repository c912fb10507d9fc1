//! The terminal's answer time for a large bulk upload (`docs/performance.md`): a 56,000-search
//! `OQSmuquc01` of about 20 MB must be answered in under 2 s in a release build (issue 11: it
//! was not answered in 600 s while element positions were found by rescanning the text).
//!
//! `cargo bench -p mynakit-terminal --bench bulk`

#![allow(missing_docs, clippy::unwrap_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use mynakit_fixtures::Fixtures;
use mynakit_terminal::{Terminal, TerminalData};

/// A bulk upload of `n` searches, laid out as public clients write them (one search per
/// block, indented, with the 限度額 consent flag).
fn bulk(n: usize) -> Vec<u8> {
    let mut doc = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<XmlMsg>\n  <MessageHeader>\n    \
<QualificationConfirmationDate>20261101</QualificationConfirmationDate>\n    \
<MedicalInstitutionCode>1312345678</MedicalInstitutionCode>\n    \
<ArbitraryFileIdentifier>bench-bulk-0001</ArbitraryFileIdentifier>\n  </MessageHeader>\n  <MessageBody>\n",
    );
    for i in 0..n {
        doc.push_str(&format!(
            "    <QualificationConfirmSearchInfo>\n      <InsurerNumber>06139992</InsurerNumber>\n      \
<InsuredCardSymbol>1001</InsuredCardSymbol>\n      <InsuredIdentificationNumber>{:08}</InsuredIdentificationNumber>\n      \
<InsuredBranchNumber>00</InsuredBranchNumber>\n      <Birthdate>19850412</Birthdate>\n      \
<LimitApplicationCertificateRelatedConsFlg>0</LimitApplicationCertificateRelatedConsFlg>\n      \
<ArbitraryIdentifier>patient-{i:012}-テスト</ArbitraryIdentifier>\n    </QualificationConfirmSearchInfo>\n",
            i
        ));
    }
    doc.push_str("  </MessageBody>\n</XmlMsg>\n");
    doc.into_bytes()
}

fn bulk_upload(c: &mut Criterion) {
    let personas = Fixtures::bundled().personas().unwrap();
    let terminal = Terminal::new("/nonexistent", TerminalData::default(), personas, None);
    let doc = bulk(56_000);
    eprintln!(
        "OQSmuquc01 request: {} searches, {} bytes",
        56_000,
        doc.len()
    );
    let mut group = c.benchmark_group("terminal");
    group.sample_size(10);
    group.bench_function("answer OQSmuquc01 56k searches (target < 2 s)", |b| {
        b.iter(|| {
            let answer = terminal.answer("OQSmuquc01req_202611010001.xml", &doc);
            assert!(answer.problem.is_none(), "{:?}", answer.problem);
            answer
        });
    });
    let single = bulk(1);
    group.sample_size(50);
    group.bench_function("answer OQSsiquc01 (one search)", |b| {
        b.iter(|| terminal.answer("OQSsiquc01req_202611010002.xml", &single));
    });
    group.finish();
}

criterion_group!(benches, bulk_upload);
criterion_main!(benches);
