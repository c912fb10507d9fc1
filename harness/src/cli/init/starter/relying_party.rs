//! The relying-party starter: `examples/python-relying-party` carried in the binary, with the
//! Python example's PC/SC binding (`examples/python-client/pcsc.py`, one file for both), the
//! capabilities of its role and flows, and a first scenario of its own (docs/relying-party.md,
//! "The first hour"). Its server verifies with python3-cryptography, which the set-up checks
//! Python finds.

use mynakit_harness::report::Lang;

use super::Setup;

/// The starter's files, as `examples/python-relying-party` holds them (its README included),
/// and the Python example's `pcsc.py`.
pub(super) const FILES: &[(&str, &str)] = &[
    (
        "client.py",
        include_str!("../../../../../examples/python-relying-party/client.py"),
    ),
    (
        "card.py",
        include_str!("../../../../../examples/python-relying-party/card.py"),
    ),
    (
        "server.py",
        include_str!("../../../../../examples/python-relying-party/server.py"),
    ),
    (
        "pcsc.py",
        include_str!("../../../../../examples/python-client/pcsc.py"),
    ),
    (
        "README.md",
        include_str!("../../../../../examples/python-relying-party/README.md"),
    ),
];

/// What the starter needs once: python3-cryptography (Debian 12 and Ubuntu 24.04 name it so),
/// and Python finding it.
pub(super) fn setup() -> Setup {
    Setup {
        command: "python3 -c \"import cryptography.x509.ocsp\"".to_owned(),
        packages: "python3 python3-cryptography",
    }
}

/// The capabilities and the first scenario `init` writes with the starter, in `lang`: the role,
/// the mode and the flows `client.py` declares (`CAPABILITIES`), and a 身元確認 of the persona
/// `employee`.
pub(super) fn capabilities(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::En => (CAPABILITIES, SCENARIO),
        Lang::Ja => (CAPABILITIES_JA, SCENARIO_JA),
    }
}

const CAPABILITIES: &str = "\
# yaml-language-server: $schema=capabilities.schema.json
# What your relying party does (`mynakit docs client-protocol`, \"Capabilities\"; schema:
# capabilities.schema.json beside this file). Scenarios it does not claim are NOT-APPLICABLE, not FAILED.
# Add `pin-less` (かざし) or `status-check` (現況確認) to the flows once your app plays them
# (`mynakit docs relying-party`), and to CAPABILITIES in starter-relying-party/client.py.
role: relying-party
modes: [pin]
flows: [identity-by-signature, authentication-by-nonce, counter-read]
";

/// [`CAPABILITIES`] with its comments in Japanese (`--lang ja`); the YAML itself the same.
const CAPABILITIES_JA: &str = "\
# yaml-language-server: $schema=capabilities.schema.json
# この署名検証者ができること（`mynakit docs client-protocol`「Capabilities」、スキーマ:
# このファイルの隣の capabilities.schema.json）。宣言しないシナリオは不合格ではなく対象外（NOT-APPLICABLE）になります。
# かざし（`pin-less`）や現況確認（`status-check`）に対応したら flows に加えてください
# （`mynakit docs relying-party`）。starter-relying-party/client.py の CAPABILITIES にも。
role: relying-party
modes: [pin]
flows: [identity-by-signature, authentication-by-nonce, counter-read]
";

const SCENARIO: &str = "\
# yaml-language-server: $schema=../scenario.schema.json
# Your own scenario (`mynakit docs scenarios`): copy it to write more. `mynakit scenario check
# mynakit/scenarios` checks them; {CI_FILE} runs them beside the bundled ones.
id: our-app-identity-accepted
title: Our server confirms a person by the 署名用 certificate and shows the 基本4情報 from it
tags: [ours, relying-party]
role: relying-party
flows: [identity-by-signature]
modes: [pin]
given:
  clock:
    now: 2026-11-01T09:00:00+09:00
  cards:
    - persona: employee
operator:
  pins: [\"ABC123\"]
expect:
  outcome: accepted
  fields:
    Name: 試験　太郎
    Birthdate: \"19850412\"
    Sex1: \"1\"
    Address: 東京都千代田区試験町１丁目２番３号
  checks: [RP-fields-from-certificate, RP-signature-verified, RP-chain-to-test-ca]
";

/// [`SCENARIO`] with its comments in Japanese and a `title_ja` (`--lang ja`).
const SCENARIO_JA: &str = "\
# yaml-language-server: $schema=../scenario.schema.json
# 自分のシナリオ（`mynakit docs scenarios`）: コピーして増やしてください。`mynakit scenario check
# mynakit/scenarios` で検査でき、{CI_FILE}は同梱のシナリオと一緒に実行します。
id: our-app-identity-accepted
title: Our server confirms a person by the 署名用 certificate and shows the 基本4情報 from it
title_ja: 署名用電子証明書で本人確認し、証明書の基本4情報を表示する
tags: [ours, relying-party]
role: relying-party
flows: [identity-by-signature]
modes: [pin]
given:
  clock:
    now: 2026-11-01T09:00:00+09:00
  cards:
    - persona: employee
operator:
  pins: [\"ABC123\"]
expect:
  outcome: accepted
  fields:
    Name: 試験　太郎
    Birthdate: \"19850412\"
    Sex1: \"1\"
    Address: 東京都千代田区試験町１丁目２番３号
  checks: [RP-fields-from-certificate, RP-signature-verified, RP-chain-to-test-ca]
";

#[cfg(test)]
mod tests {
    use super::*;

    /// The starter is every file of `examples/python-relying-party` and the Python example's
    /// PC/SC binding, byte for byte, so that what the tests run is what `init` writes.
    #[test]
    fn the_relying_party_starter_is_the_whole_example() {
        let own: Vec<(&str, &str)> = FILES
            .iter()
            .copied()
            .filter(|(n, _)| *n != "pcsc.py")
            .collect();
        super::super::tests::assert_is_the_example("python-relying-party", &own, |_| true);
        let pcsc = FILES.iter().find(|(n, _)| *n == "pcsc.py").unwrap().1;
        super::super::tests::assert_is_the_example("python-client", &[("pcsc.py", pcsc)], |n| {
            n == "pcsc.py"
        });
        for plugged in ["client.py", "card.py", "server.py"] {
            assert!(
                FILES
                    .iter()
                    .any(|(n, t)| *n == plugged && t.contains("YOUR APP:")),
                "{plugged} marks no place for the vendor's code"
            );
        }
    }

    /// The Japanese scenario is the English one with its comments in Japanese and a
    /// `title_ja`: the same run.
    #[test]
    fn the_japanese_scenario_is_the_english_one() {
        let data = |yaml: &'static str| -> Vec<&'static str> {
            yaml.lines()
                .filter(|l| !l.starts_with('#') && !l.starts_with("title_ja: "))
                .collect()
        };
        assert_eq!(data(SCENARIO), data(SCENARIO_JA));
        assert!(SCENARIO_JA.contains("\ntitle_ja: "));
        let data = |yaml: &'static str| -> Vec<&'static str> {
            yaml.lines().filter(|l| !l.starts_with('#')).collect()
        };
        assert_eq!(data(CAPABILITIES), data(CAPABILITIES_JA));
    }

    /// What the starter declares in `client.py` is what `init` writes in capabilities.yaml.
    #[test]
    fn the_capabilities_file_says_what_the_client_declares() {
        let client = FILES.iter().find(|(n, _)| *n == "client.py").unwrap().1;
        for yaml in [CAPABILITIES, CAPABILITIES_JA] {
            let flows = yaml
                .lines()
                .find_map(|l| l.strip_prefix("flows: ["))
                .unwrap()
                .trim_end_matches(']');
            for flow in flows.split(", ") {
                assert!(client.contains(&format!("\"{flow}\"")), "{flow}");
            }
            assert!(yaml.contains("role: relying-party\n"));
            assert!(client.contains("\"role\": \"relying-party\""));
        }
    }
}
