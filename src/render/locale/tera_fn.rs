//! `t(key="…", name=…)` in templates, and how Fluent shows numbers.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use fluent_bundle::memoizer::MemoizerKind;
use fluent_bundle::{FluentArgs, FluentValue};
use intl_memoizer::Memoizable;
use tera::value::Key;
use tera::{Kwargs, State, TeraResult, Value};
use unic_langid::LanguageIdentifier;

use super::{values, Locales, FALLBACK};
use crate::ground::hash::FastMap;

/// The template function `t`: message `key` in the page's language (the context's `lang`), the
/// other arguments as its variables. Messages are the theme's own HTML; in HTML templates each
/// variable is escaped unless it is already safe (`| safe`), so a name can never add markup.
pub(crate) struct Translate {
    locales: Arc<Locales>,
    /// Which `Translate` this is, for the memo of messages without variables ([`PLAIN`]).
    id: u64,
}

/// Messages without variables by language and key (most of a page's, the same on every page),
/// formatted once per thread for the `Translate` whose id is first: Fluent's formatting and the
/// arguments' map for every call were 5 % of a cold build's CPU, and a memo shared by the threads
/// behind a lock gave some of that back to the lock.
type Plain = (u64, FastMap<String, FastMap<String, Value>>);

thread_local! {
    static PLAIN: std::cell::RefCell<Plain> = std::cell::RefCell::default();
}

impl Translate {
    pub(crate) fn new(locales: Arc<Locales>) -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Translate { locales, id: NEXT.fetch_add(1, Ordering::Relaxed) }
    }

    /// Message `key` in `lang` with `args`, or the error a template shows.
    fn message(&self, lang: &str, key: &str, args: Option<&FluentArgs<'_>>) -> TeraResult<Value> {
        match self.locales.message(lang, key, args) {
            Some(text) => Ok(Value::safe_string(&text)),
            None => Err(tera::Error::message(format!(
                "no message `{key}` in locales/{FALLBACK}/ or locales/{lang}/: add `{key} = …` to a .ftl file there"
            ))),
        }
    }
}

impl tera::Function<TeraResult<Value>> for Translate {
    fn call(&self, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
        let key: &str = kwargs.must_get("key")?;
        let lang_value = match kwargs.get::<Value>("lang")? {
            Some(l) => l,
            None => state.get::<Value>("lang")?.unwrap_or_else(|| Value::from(FALLBACK)),
        };
        let lang = lang_value.as_str().unwrap_or(FALLBACK);
        fn variable<'k>(name: &'k Key<'_>) -> Option<&'k str> {
            name.as_str().filter(|n| *n != "key" && *n != "lang")
        }
        if kwargs.iter().all(|(name, _)| variable(name).is_none()) {
            return PLAIN.with_borrow_mut(|(id, plain)| {
                if *id != self.id {
                    (*id, *plain) = (self.id, FastMap::default());
                }
                if let Some(text) = plain.get(lang).and_then(|m| m.get(key)) {
                    return Ok(text.clone());
                }
                let text = self.message(lang, key, None)?;
                plain.entry(lang.to_string()).or_default().insert(key.to_string(), text.clone());
                Ok(text)
            });
        }
        let escape = state.autoescaping_enabled();
        let mut args = FluentArgs::new();
        for (name, value) in kwargs.iter() {
            let Some(name) = variable(name) else { continue };
            args.set(name.to_string(), fluent_value(value, escape));
        }
        self.message(lang, key, Some(&args))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::locale::Digits;

    #[test]
    fn a_message_without_variables_is_made_once_per_language_and_one_with_them_every_time() {
        let mut tera = tera::Tera::default();
        tera.register_function("t", Translate::new(Arc::new(Locales::built_in(Digits::default()))));
        tera.add_raw_template("page.html", r#"{{ t(key="share-title") }}|{{ t(key="credential-summary", name=name, badge="B", issuer="I", date="D") }}"#).unwrap();
        let render = |lang: &str, name: &str| {
            let mut context = tera::Context::new();
            context.insert("lang", lang);
            context.insert("name", name);
            tera.render("page.html", &context).unwrap()
        };
        let english = render("en", "Ada <b>");
        assert!(english.starts_with("Link to this credential|") && english.contains("Ada &lt;b&gt;"), "{english}");
        let german = render("de", "Ben");
        assert!(!german.starts_with("Link to this credential|") && german.contains("Ben"), "{german}");
        // Again, from the memo: each language's own text, and the variables of this call.
        assert_eq!(render("en", "Cy"), english.replace("Ada &lt;b&gt;", "Cy"));
        assert_eq!(render("de", "Ben"), german);
    }
}
