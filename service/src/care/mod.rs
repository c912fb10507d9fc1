//! Care settings (`docs/care-settings.md`): the model and its rules ([`settings`]). Their HTTP
//! handlers are in `http`'s `care`.

pub mod settings;
