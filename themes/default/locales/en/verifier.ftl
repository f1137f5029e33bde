# hallmark's default theme: the in-browser verifier's results (themes/default/src/page.js and
# verifier.js write them in English; on a page in another language, words.js puts each sentence
# into it) and `hallmark verify --lang`. Each English message is the sentence exactly as the
# verifier writes it; a variable stands for a part it fills in (dates are the browser's own).

js-verified = Verified
js-verified-lead = This credential is genuine, unaltered, not revoked, and valid.
js-revoked = Revoked
js-revoked-lead = The issuer has revoked this credential. It is no longer valid.
js-suspended = Suspended
js-suspended-lead = The issuer has suspended this credential. It is not valid while suspended.
js-expired = Expired
js-expired-lead = This credential is genuine but has expired.
js-not-yet-valid = Not yet valid
js-not-yet-valid-lead = This credential is genuine but not valid yet.
js-not-valid = Not valid
js-failed-lead = This credential failed verification: it was changed after it was issued, or not signed by its issuer.
js-status-lead = Its status list cannot be trusted, so this page cannot tell whether it was revoked.
js-dates-lead = Its validity dates are missing or not readable.
js-unknown = Could not check
js-unknown-lead = Some checks could not be done, so this page cannot confirm the credential. That does not mean it is fake: try again later, or use another verifier.
js-not-a-credential = Not an Open Badges 3.0 credential
js-not-a-credential-lead = This page checks Open Badges 3.0 credentials, and badge images with one baked in.

js-passed = passed
js-failed = failed
js-could-not-check = could not check
js-not-applicable = not applicable
js-step-credential = Credential
js-step-proof = Signature
js-step-key = Issuer's key
js-step-status = Status
js-step-dates = Validity period
js-issued-to = Issued to
js-achievement = Achievement
js-issuer = Issuer
js-technical-details = Technical details

js-proof-intact = intact, and made with the issuer's key.
js-key-published = published by the issuer in its DID document.
js-not-revoked = not revoked, according to the issuer's signed status lists.
js-not-revoked-suspended = not revoked and not suspended, according to the issuer's signed status lists.
js-revoked-by-issuer = revoked by the issuer.
js-suspended-by-issuer = suspended by the issuer.
js-no-status = it has no status entry, so it cannot be revoked.
js-valid-from = valid from { $from }, with no expiry date.
js-valid-from-until = valid from { $from } until { $until }.
js-expired-on = expired on { $date }.
js-not-valid-until = not valid until { $date }.
js-dates-missing = its dates are missing or not readable.
js-changed = it does not match, so the credential was changed after it was signed.
js-damaged = it is damaged.
js-not-checked = it could not be checked.
js-no-issuer = the credential names no issuer.
js-key-not-issuers = the signing key is not the issuer's.
js-did-unreadable = the issuer's DID document could not be read.
js-did-no-key = the issuer's DID document does not list the signing key.
js-status-unreadable = the issuer's status list could not be read.
js-status-damaged = its status list is damaged.
js-not-json = it is not valid JSON.
js-file-unreadable = its file could not be read.
