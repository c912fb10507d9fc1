//! The screen table as `docs/client-protocol.md` prints it ("Which `fields` to show"): its
//! columns and the words it names the roles by.

use mynakit_protocol::Role;

use super::SCREEN;

/// The role column: the roles a row holds for, as the page names them.
fn roles(roles: &[Role]) -> &'static str {
    match roles {
        [Role::CardApp] => "card app",
        [Role::ReceiptComputer] => "レセコン",
        [Role::RelyingParty] => "relying party",
        _ => "both",
    }
}

/// The table as `docs/client-protocol.md` prints it.
pub fn screen_table() -> String {
    let mut out = String::from("| outcome | role | the answer holds | show | judged by |\n");
    out.push_str("|---|---|---|---|---|\n");
    for row in SCREEN {
        let outcomes: Vec<String> = row.outcomes.iter().map(|o| format!("`{o}`")).collect();
        let fields: Vec<String> = row.fields.iter().map(|f| f.shown()).collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            outcomes.join(", "),
            roles(row.roles),
            row.answer,
            fields.join(", "),
            row.judged_by
        ));
    }
    out
}
