//! A language as the database stores it: its BCP 47 code (`'es'`), bound as a query parameter
//! and read back as the `text_lang` of a row, which says which language a row's text is in.

use serde::Serializer;
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::sqlite::{SqliteArgumentsBuffer, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Sqlite, Type};

use crate::lang::Lang;

impl Type<Sqlite> for Lang {
    fn type_info() -> SqliteTypeInfo {
        <str as Type<Sqlite>>::type_info()
    }
}

impl Encode<'_, Sqlite> for Lang {
    fn encode_by_ref(&self, args: &mut SqliteArgumentsBuffer) -> Result<IsNull, BoxDynError> {
        <&str as Encode<Sqlite>>::encode_by_ref(&self.code(), args)
    }
}

impl<'r> Decode<'r, Sqlite> for Lang {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        let code = <&str as Decode<Sqlite>>::decode(value)?;
        Lang::ALL
            .into_iter()
            .find(|lang| lang.code() == code)
            .ok_or_else(|| format!("'{code}' is not a language the site is published in").into())
    }
}

/// A row's language in JSON: its code.
pub fn serialize<S: Serializer>(lang: &Lang, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(lang.code())
}
