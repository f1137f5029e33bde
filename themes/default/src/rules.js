/* hallmark: GENERATED from the Rust constants by the test browser_rules_module_is_generated_from_rust
   (src/verify/cases/rules_js.rs). Do not edit: change the Rust side, then write this file again with
   HALLMARK_BLESS=1 cargo test --lib verify::cases, and build the published scripts (node
   tests/js/build.mjs). */
// The Open Badges 3.0 namespace of a baked SVG's credential element.
export const OB3_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0';
// Open Badges 2.0's baking namespace (its assertion element).
export const OB2_SVG_NAMESPACE = 'http://openbadges.org';
// The first bytes of every PNG file.
export const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
// The keyword of the iTXt chunk that carries a baked credential.
export const PNG_KEYWORD = 'openbadgecredential';
// The keyword of Open Badges 2.0's baked chunk.
export const OB2_PNG_KEYWORD = 'openbadges';
// The fewest entries a status list may have (the Bitstring Status List standard's minimum).
export const STATUS_LIST_BITS = 131072;
// Where a status list is published, under the site's base URL.
export const STATUS_LIST_PATH = 'status/{purpose}/{list}.json';
// The prefix of every did:web.
export const DID_WEB_PREFIX = 'did:web:';
// A port's colon in a did:web: the only escape resolution decodes (in either case).
export const DID_WEB_PORT_COLON = '%3A';
// Where a did:web without a path has its DID document.
export const DID_DOCUMENT_AT_ROOT = '.well-known/did.json';
// Where a did:web with a path has its DID document.
export const DID_DOCUMENT_IN_PATH = 'did.json';
// The cryptosuites hallmark signs with.
export const EDDSA_JCS_2022 = 'eddsa-jcs-2022';
export const EDDSA_RDFC_2022 = 'eddsa-rdfc-2022';
