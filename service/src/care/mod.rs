//! Care settings (`docs/care-settings.md`): the model and its rules ([`settings`]), and
//! 救急時医療情報閲覧 ([`emergency`], `docs/emergency.md`). Their HTTP
//! handlers are in `http`'s `care`.

pub mod emergency;
pub mod settings;
