//! The scenario's operator: the conversation with a client that speaks the protocol, each ask
//! answered as the scenario's operator would ([`conversation`]), or a person performing the
//! steps on an app with a screen ([`manual`]).

pub(crate) mod conversation;
pub mod manual;
