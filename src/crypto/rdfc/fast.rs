//! The fast path from JSON-LD to RDF: the bundled contexts are processed once, when the suite is
//! built, into term-definition tables; a document is then turned into quads with no context processing
//! beyond stacking those tables. A node met again in another document, in the same context (a badge's
//! achievement, the issuer), gives the quads it gave before ([`recall`]).
//!
//! It handles what hallmark's documents and the bundled contexts use, and gives up (`None`, and the
//! general path takes the document) on anything else, so it never produces quads the general path would
//! not:
//!
//! - `@context`: only at the top, and only bundled context URLs, each usable on the fast path (see
//!   [`context`]); a protected term redefined differently gives up (the general path reports it);
//! - terms: definitions with `@id`, `@type` (`@id`, `@vocab`, a datatype IRI), `@container` `@set`,
//!   `@protected`, keyword aliases for `@id` and `@type`, a context's `@vocab`; property-scoped contexts
//!   (propagated) and type-scoped contexts (not propagated: nested nodes return to the context before);
//! - a key, type or `@vocab` value that no term defines expands with `@vocab` if a context sets one,
//!   else the fast path gives up (the general path then names the undefined term);
//! - node objects with or without `id` (a blank node), types, strings, numbers (`xsd:integer`,
//!   `xsd:double`, or the term's datatype), booleans, arrays of those;
//! - it gives up on `null`, nested arrays, empty objects, value objects and every other keyword key
//!   (`@value`, `@graph`, `@list`, `@included`, `@reverse`, `@nest`, a nested `@context`, …), `@json`
//!   and `@none` values, `@list`/`@graph`/`@language`/`@index`/`@id` containers, compact IRIs and blank
//!   node identifiers in the document, relative IRI references, and any identifier, type or key that
//!   the general path's checks would refuse.

mod context;
mod expand;
mod recall;
#[cfg(test)]
mod tests;

pub(super) use context::Tables;
pub(super) use expand::to_quads;
