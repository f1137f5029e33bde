//! `t(key="…", name=…)` in templates, and how Fluent shows numbers.

use std::sync::Arc;

use fluent_bundle::memoizer::MemoizerKind;
use fluent_bundle::{FluentArgs, FluentValue};
use intl_memoizer::Memoizable;
use tera::{Kwargs, State, TeraResult, Value};
use unic_langid::LanguageIdentifier;

use super::{values, Locales, FALLBACK};

/// The template function `t`: message `key` in the page's language (the context's `lang`), the
/// other arguments as its variables. Messages are the theme's own HTML; in HTML templates each
/// variable is escaped unless it is already safe (`| safe`), so a name can never add markup.
pub(crate) struct Translate(pub Arc<Locales>);

impl tera::Function<TeraResult<Value>> for Translate {
    fn call(&self, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
        let key: String = kwargs.must_get("key")?;
        let lang: String = match kwargs.get::<String>("lang")? {
            Some(l) => l,
            None => state.get::<String>("lang")?.unwrap_or_else(|| FALLBACK.to_string()),
        };
        let escape = state.autoescaping_enabled();
        let mut args = FluentArgs::new();
        for (name, value) in kwargs.iter() {
            let Some(name) = name.as_str().filter(|n| *n != "key" && *n != "lang") else { continue };
            args.set(name.to_string(), fluent_value(value, escape));
        }
        match self.0.message(&lang, &key, Some(&args)) {
            Some(text) => Ok(Value::safe_string(&text)),
            None => Err(tera::Error::message(format!(
                "no message `{key}` in locales/{FALLBACK}/ or locales/{lang}/: add `{key} = …` to a .ftl file there"
            ))),
        }
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// A template value as a Fluent variable: numbers stay numbers (for plural rules), text is
/// escaped for HTML when `escape` and not already safe.
fn fluent_value(value: &Value, escape: bool) -> FluentValue<'static> {
    if let Some(n) = value.as_i64() {
        return FluentValue::from(n);
    }
    if let Some(n) = value.as_f64() {
        return FluentValue::from(n);
    }
    let text = match value.as_str() {
        Some(s) => s.to_string(),
        None if value.is_none() || value.is_undefined() => String::new(),
        None => value.to_string(),
    };
    if escape && !value.is_safe() {
        let mut out = Vec::with_capacity(text.len());
        if tera::escape_html(&text, &mut out).is_ok() {
            return FluentValue::from(String::from_utf8_lossy(&out).into_owned());
        }
    }
    FluentValue::from(text)
}

/// A language's number formatter, made once per bundle by Fluent's memoizer.
struct Numbers(values::Values);

impl Memoizable for Numbers {
    type Args = (usize,);
    type Error = ();

    fn construct(lang: LanguageIdentifier, (digits,): Self::Args) -> Result<Self, ()> {
        let digits = values::Digits((digits < values::NUMBERING_SYSTEMS.len()).then_some(digits));
        Ok(Numbers(values::Values::new(&lang.to_string(), digits)))
    }
}

/// Numbers in the language's grouping and the digits `[site] digits` names (index `D` of
/// `NUMBERING_SYSTEMS`, or the language's own past its end). Fluent takes a plain function.
pub(super) fn format_number<const D: usize, M: MemoizerKind>(value: &FluentValue<'_>, memoizer: &M) -> Option<String> {
    match value {
        FluentValue::Number(n) => memoizer.with_try_get_threadsafe::<Numbers, _, _>((D,), |f| f.0.number(n.value)).ok(),
        _ => None,
    }
}
