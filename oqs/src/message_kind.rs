//! The OQS message kinds and their file-name prefixes (`OQSsiquc01`, `OQSmuhvq01`, …), once: the
//! 資格確認端末 emulation answers each kind, and the conformance checks of the レセコン role
//! find the client's requests by the same prefixes (`docs/terminal.md`, "Messages"; the
//! prefixes as public OQS clients write them: `YUKI-ENT/OQSDrug2`, `hangilc/myclinic-ts`).

/// 診療情報's request prefix when nothing sets it: mynakit's model, shaped like its siblings
/// (`YZKsiquc01`, `TKKsiquc01`); a terminal setting may name it otherwise
/// ([`crate::RequestNames`]).
pub const DEFAULT_DIAGNOSIS_INFO_PREFIX: &str = "SRKsiquc01";

/// The OQS messages a 資格確認端末 answers, each named by its file-name prefix
/// (`docs/terminal.md`, "Messages").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageKind {
    /// `OQSsiquc01`: single 資格確認 from insurance-card data.
    SingleCheck,
    /// `OQSmuquc01`: bulk check upload.
    BulkUpload,
    /// `OQSmuquc02`: bulk check download.
    BulkDownload,
    /// `OQSsiimm01`: 照会番号 registration.
    ReferenceRegistration,
    /// `OQSmutic01`: bulk 医療扶助 query upload.
    AssistanceUpload,
    /// `OQSmutic02`: bulk 医療扶助 query download.
    AssistanceDownload,
    /// `OQSmuimm01`: bulk 照会番号 registration upload.
    ReferenceBulkUpload,
    /// `OQSmuimm02`: bulk 照会番号 registration download.
    ReferenceBulkDownload,
    /// `OQSmuhvq01`: bulk query of 訪問診療等 (居宅同意取得型) consents, upload.
    HomeVisitUpload,
    /// `OQSmuhvq02`: its download.
    HomeVisitDownload,
    /// `OQSmuonq01`: bulk query of オンライン診療等 consents, upload.
    OnlineUpload,
    /// `OQSmuonq02`: its download.
    OnlineDownload,
    /// `YZKsiquc01`: 薬剤情報 (drug history), as XML or PDF.
    DrugInfo,
    /// `TKKsiquc01`: 特定健診情報 (health-check history), as XML or PDF.
    HealthCheckInfo,
    /// `SRKsiquc01`: 診療情報 (treatment history), as XML or PDF. **mynakit's model**: the
    /// interface names the consent (`DiagnosisInfoConsFlg`) but no public source shows the
    /// request's file name, so the prefix is this project's, shaped like its siblings, and a
    /// terminal setting ([`crate::RequestNames`]; `docs/terminal.md`, "診療情報").
    DiagnosisInfo,
}

impl MessageKind {
    /// Every kind, with its prefix.
    pub const ALL: [(MessageKind, &'static str); 15] = [
        (MessageKind::SingleCheck, "OQSsiquc01"),
        (MessageKind::BulkUpload, "OQSmuquc01"),
        (MessageKind::BulkDownload, "OQSmuquc02"),
        (MessageKind::ReferenceRegistration, "OQSsiimm01"),
        (MessageKind::AssistanceUpload, "OQSmutic01"),
        (MessageKind::AssistanceDownload, "OQSmutic02"),
        (MessageKind::ReferenceBulkUpload, "OQSmuimm01"),
        (MessageKind::ReferenceBulkDownload, "OQSmuimm02"),
        (MessageKind::HomeVisitUpload, "OQSmuhvq01"),
        (MessageKind::HomeVisitDownload, "OQSmuhvq02"),
        (MessageKind::OnlineUpload, "OQSmuonq01"),
        (MessageKind::OnlineDownload, "OQSmuonq02"),
        (MessageKind::DrugInfo, "YZKsiquc01"),
        (MessageKind::HealthCheckInfo, "TKKsiquc01"),
        (MessageKind::DiagnosisInfo, DEFAULT_DIAGNOSIS_INFO_PREFIX),
    ];

    /// Whether this is the download half of a bulk exchange (the results that may come zipped).
    pub fn is_bulk_download(self) -> bool {
        matches!(
            self,
            MessageKind::BulkDownload
                | MessageKind::AssistanceDownload
                | MessageKind::ReferenceBulkDownload
                | MessageKind::HomeVisitDownload
                | MessageKind::OnlineDownload
        )
    }

    /// Whether this is a 薬剤情報 / 特定健診情報 / 診療情報 request (`ResultCode` /
    /// `MessageContents` results, possibly a PDF).
    pub fn is_patient_info(self) -> bool {
        matches!(
            self,
            MessageKind::DrugInfo | MessageKind::HealthCheckInfo | MessageKind::DiagnosisInfo
        )
    }

    /// The kind whose file-name prefix is `prefix` (`OQSsiquc01`).
    pub fn from_prefix(prefix: &str) -> Option<MessageKind> {
        MessageKind::ALL
            .iter()
            .find(|(_, p)| *p == prefix)
            .map(|(kind, _)| *kind)
    }

    /// The kind of a request file by its name (`req/OQSsiquc01req_0001.xml`): the prefix before
    /// its `req`.
    pub fn of_request(path: &str) -> Option<MessageKind> {
        let name = path.rsplit('/').next().unwrap_or(path);
        name.find("req")
            .and_then(|at| MessageKind::from_prefix(&name[..at]))
    }

    /// The file-name prefix.
    pub fn prefix(self) -> &'static str {
        MessageKind::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("", |(_, p)| p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_one_prefix_and_each_prefix_one_kind() {
        for (kind, prefix) in MessageKind::ALL {
            assert_eq!(kind.prefix(), prefix);
            let same: Vec<_> = MessageKind::ALL
                .iter()
                .filter(|(_, p)| *p == prefix)
                .collect();
            assert_eq!(same.len(), 1, "{prefix}");
            assert_eq!(MessageKind::from_prefix(prefix), Some(kind));
            let request = format!("req/{prefix}req_0001.xml");
            assert_eq!(MessageKind::of_request(&request), Some(kind));
        }
        assert_eq!(MessageKind::of_request("req/XYZsiquc01req_1.xml"), None);
    }
}
