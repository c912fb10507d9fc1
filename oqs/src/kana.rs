//! Full-width katakana to the half-width katakana OQS reports in `NameKana`.
//!
//! OQS results carry kana half-width, with a half-width space between family and given name
//! (a sample result in `hangilc/myclinic-ts`; `docs/service.md`, "Names"). Voiced and
//! semi-voiced kana split into the base kana plus `ﾞ` / `ﾟ`, as JIS X 0201 has no composed forms.

/// Half-width forms of ア..ン in JIS X 0201 order, keyed by the unvoiced full-width kana.
const PLAIN: &[(char, char)] = &[
    ('ァ', 'ｧ'),
    ('ア', 'ｱ'),
    ('ィ', 'ｨ'),
    ('イ', 'ｲ'),
    ('ゥ', 'ｩ'),
    ('ウ', 'ｳ'),
    ('ェ', 'ｪ'),
    ('エ', 'ｴ'),
    ('ォ', 'ｫ'),
    ('オ', 'ｵ'),
    ('カ', 'ｶ'),
    ('キ', 'ｷ'),
    ('ク', 'ｸ'),
    ('ケ', 'ｹ'),
    ('コ', 'ｺ'),
    ('サ', 'ｻ'),
    ('シ', 'ｼ'),
    ('ス', 'ｽ'),
    ('セ', 'ｾ'),
    ('ソ', 'ｿ'),
    ('タ', 'ﾀ'),
    ('チ', 'ﾁ'),
    ('ッ', 'ｯ'),
    ('ツ', 'ﾂ'),
    ('テ', 'ﾃ'),
    ('ト', 'ﾄ'),
    ('ナ', 'ﾅ'),
    ('ニ', 'ﾆ'),
    ('ヌ', 'ﾇ'),
    ('ネ', 'ﾈ'),
    ('ノ', 'ﾉ'),
    ('ハ', 'ﾊ'),
    ('ヒ', 'ﾋ'),
    ('フ', 'ﾌ'),
    ('ヘ', 'ﾍ'),
    ('ホ', 'ﾎ'),
    ('マ', 'ﾏ'),
    ('ミ', 'ﾐ'),
    ('ム', 'ﾑ'),
    ('メ', 'ﾒ'),
    ('モ', 'ﾓ'),
    ('ャ', 'ｬ'),
    ('ヤ', 'ﾔ'),
    ('ュ', 'ｭ'),
    ('ユ', 'ﾕ'),
    ('ョ', 'ｮ'),
    ('ヨ', 'ﾖ'),
    ('ラ', 'ﾗ'),
    ('リ', 'ﾘ'),
    ('ル', 'ﾙ'),
    ('レ', 'ﾚ'),
    ('ロ', 'ﾛ'),
    ('ヮ', 'ﾜ'),
    ('ワ', 'ﾜ'),
    ('ヰ', 'ｲ'),
    ('ヱ', 'ｴ'),
    ('ヲ', 'ｦ'),
    ('ン', 'ﾝ'),
    ('ヵ', 'ｶ'),
    ('ヶ', 'ｹ'),
    ('ー', 'ｰ'),
    ('・', '･'),
    ('　', ' '),
    ('「', '｢'),
    ('」', '｣'),
    ('、', '､'),
    ('。', '｡'),
];

const DAKUTEN: char = 'ﾞ';
const HANDAKUTEN: char = 'ﾟ';

fn plain(c: char) -> Option<char> {
    PLAIN
        .iter()
        .find(|(full, _)| *full == c)
        .map(|(_, half)| *half)
}

/// The half-width form of one full-width character, or `None` if it has none.
fn half(c: char, out: &mut String) -> bool {
    // Hiragana → katakana first (same layout, 0x60 apart).
    let c = match c {
        '\u{3041}'..='\u{3096}' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
        _ => c,
    };
    if let Some(h) = plain(c) {
        out.push(h);
        return true;
    }
    let (base, mark) = match c {
        'ヴ' => ('ウ', DAKUTEN),
        'ヷ' => ('ワ', DAKUTEN),
        'ヺ' => ('ヲ', DAKUTEN),
        // ガ..ド, バ..ポ: voiced forms sit one code point after the unvoiced one, semi-voiced two.
        'ガ'..='ド' | 'バ'..='ポ' => {
            let code = c as u32;
            let (unvoiced, mark) = if ('バ'..='ポ').contains(&c) {
                let offset = (code - 'ハ' as u32) % 3;
                (
                    code - offset,
                    if offset == 2 { HANDAKUTEN } else { DAKUTEN },
                )
            } else {
                (code - 1, DAKUTEN)
            };
            match char::from_u32(unvoiced) {
                Some(u) => (u, mark),
                None => return false,
            }
        }
        _ => return false,
    };
    match plain(base) {
        Some(h) => {
            out.push(h);
            out.push(mark);
            true
        }
        None => false,
    }
}

/// `text` with full-width katakana, hiragana, spaces and kana punctuation made half-width;
/// anything else is kept.
pub fn to_half_width(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !half(c, &mut out) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_half_width_with_split_marks() {
        assert_eq!(to_half_width("シケン　タロウ"), "ｼｹﾝ ﾀﾛｳ");
        assert_eq!(to_half_width("タカハシ　ハナコ"), "ﾀｶﾊｼ ﾊﾅｺ");
        assert_eq!(to_half_width("シケン　サブロウ"), "ｼｹﾝ ｻﾌﾞﾛｳ");
        assert_eq!(to_half_width("ガギグゲゴ"), "ｶﾞｷﾞｸﾞｹﾞｺﾞ");
        assert_eq!(to_half_width("パピプペポバビブベボ"), "ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞ");
        assert_eq!(to_half_width("ヂヅデドダ"), "ﾁﾞﾂﾞﾃﾞﾄﾞﾀﾞ");
        assert_eq!(to_half_width("ヴィ・ー"), "ｳﾞｨ･ｰ");
        assert_eq!(to_half_width("しけん"), "ｼｹﾝ");
        assert_eq!(to_half_width("ABC試験"), "ABC試験");
    }
}
