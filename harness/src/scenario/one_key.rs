//! Enums written as one-key maps (`- remove: {when: signature}`) or, for variants without data,
//! as a plain word (`when: signature`). serde's derived enums expect YAML tags (`!remove`) from
//! `serde_yaml_ng`, which nobody writes by hand; this reads the natural form and keeps the
//! deserializer's `file:line:col` for errors inside the value.

/// Implements `Deserialize` for an externally tagged enum from a one-key map, plus optional
/// unit variants from a plain string. `Serialize`/`JsonSchema` stay derived (their external
/// tagging is exactly this shape).
macro_rules! one_key_enum {
    (
        $ty:ident, $what:literal,
        units { $($ukey:literal => $uvar:ident),* $(,)? }
        values { $($vkey:literal => $vvar:ident($vty:ty)),* $(,)? }
    ) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$ty, D::Error> {
                struct V;
                const KEYS: &[&str] = &[$($ukey,)* $($vkey,)*];
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(f, "{} (a map with one key of: {})", $what, KEYS.join(", "))
                    }
                    #[allow(unused_variables)]
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$ty, E> {
                        match v {
                            $($ukey => Ok($ty::$uvar),)*
                            other => Err(E::unknown_variant(other, KEYS)),
                        }
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$ty, A::Error> {
                        use serde::de::Error;
                        let Some(key) = map.next_key::<String>()? else {
                            return Err(A::Error::custom(format!(
                                "empty map: expected {} (one key of: {})", $what, KEYS.join(", ")
                            )));
                        };
                        let value = match key.as_str() {
                            $($ukey => {
                                map.next_value::<serde::de::IgnoredAny>()?;
                                $ty::$uvar
                            })*
                            $($vkey => $ty::$vvar(map.next_value::<$vty>()?),)*
                            other => return Err(A::Error::unknown_variant(other, KEYS)),
                        };
                        if let Some(extra) = map.next_key::<String>()? {
                            return Err(A::Error::custom(format!(
                                "`{extra}` after `{key}`: {} has exactly one key", $what
                            )));
                        }
                        Ok(value)
                    }
                }
                d.deserialize_any(V)
            }
        }
    };
}

pub(crate) use one_key_enum;
