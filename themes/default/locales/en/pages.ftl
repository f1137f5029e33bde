# hallmark's default theme: the pages (home, badge pages, landing pages, verify page, 404).
# Messages may contain the theme's own HTML; in templates, every variable is escaped unless the
# template marks it safe (links and dates it builds itself). Keep the HTML of a message as it is
# when translating, and translate the text around and inside it.

# The language's name in itself, for the language switcher.
language-name = English
languages-label = Languages

## Every page

skip-to-content = Skip to content
footer-issued-by = Issued by { $issuer }
footer-contact = Contact the issuer
footer-all-badges = All badges
footer-issuer-id = Issuer ID
footer-about = Credentials on this site are signed Open Badges 3.0 verifiable credentials. Made with hallmark.

## Home

index-badges = Badges
index-other-badges = Other badges
index-empty = No badges have been published yet.

## Badge pages

badge-kicker = Badge
# $count: credentials issued; $issuer: a link to the issuer.
badge-issued-count =
    { $count ->
        [one] { $count } credential
       *[other] { $count } credentials
    } issued by { $issuer }
badge-requires-all = Earned by holding these badges
badge-requires-some = Earned by holding { $count } of these badges
badge-results = Results recorded
badge-levels-caption = { $name }: levels
badge-level = Level
badge-level-description = Description
badge-level-points = Points
badge-about = About this achievement
badge-data = Machine-readable data
badge-json = Achievement (JSON)
badge-image-alt = { $badge } badge

## Landing page of a credential

# $name: the recipient; $badge, $issuer: names; $date: the issue date.
credential-summary = { $name } earned { $badge }, issued by { $issuer } on { $date }.
# After the recipient's name, in the page's heading; $badge is a link.
credential-earned = earned { $badge }
credential-issued-by =
    Issued by
    { $issuer }
    on { $date }
credential-id = Credential ID
notice-replaced-title = Replaced: this credential was corrected
notice-replaced = { $issuer } issued a corrected credential, and this one is no longer valid.
notice-replaced-dated = { $issuer } issued a corrected credential on { $date }, and this one is no longer valid.
notice-replaced-by = Replaced by <a href="{ $url }">the current credential</a>.
notice-revoked-title = Revoked: this credential is no longer valid
notice-revoked = { $issuer } revoked it.
notice-revoked-dated = { $issuer } revoked it on { $date }.
notice-suspended-title = Suspended: this credential is not valid for now
notice-suspended = { $issuer } suspended it.
notice-suspended-dated = { $issuer } suspended it on { $date }.
notice-reason = Reason: { $reason }
notice-expired-title = Expired on { $date }
notice-expired = This credential was valid until then; it is no longer valid.
note-replaces = This credential corrects and replaces <a href="{ $url }">an earlier one</a>.
verification-title = Verification
verification-checking = Checking…
verification-noscript = This check needs JavaScript. Any Open Badges 3.0 verifier can check <a href="{ $url }">the credential’s JSON file</a>.
share-and-download = Share and download
action-copy-link = Copy link
action-linkedin-add = Add to LinkedIn profile
action-linkedin-share = Share on LinkedIn
action-print = Print certificate
action-download-png = Download badge (PNG)
action-download-svg = Download badge (SVG)
action-download-json = Download credential (JSON)
action-download-certificate = Download certificate (PDF)
action-calendar = Add expiry to calendar
note-baked = Downloaded badge images carry the signed credential inside them, so they can be verified on their own.
note-not-baked = With JavaScript off, the badge images download without the credential inside them: share the link or the JSON file as proof.
wallet-title = Add to a wallet
wallet-help = In the Learner Credential Wallet: Add credential › Scan QR code, or paste <a href="{ $url }">this link</a>.
wallet-ob2 = Open Badges 2.0 backpacks:
wallet-ob2-link = 2.0 link
wallet-ob2-image = 2.0 badge image
share-title = Link to this credential
share-help = Anyone with this link can see and check the credential. Scan the code to open it on a phone.
details-title = Credential details
fact-achievement = Achievement
fact-program = Program
fact-expires = Expires
badge-details-link = What this badge requires and covers
section-criteria = Criteria
section-skills = Skills
section-alignments = Alignments
section-evidence = Evidence
section-more-evidence = More evidence
section-results = Results
section-details = Details
section-earned-with = Earned with

## Verify page and 404

verify-title = Verify a credential
verify-description = Check an Open Badges 3.0 credential issued by { $issuer }: paste its JSON, or choose the credential file or a downloaded badge image. Everything happens in your browser.
verify-lead = Check that an Open Badges 3.0 credential is genuine, unaltered, and still valid. The check runs in your browser: the file never leaves your device.
verify-choose = Choose a file
verify-drop = or drop it here: a credential (JSON), or a badge image (PNG or SVG) with the credential baked in.
verify-paste = Or paste the credential’s JSON, or a link to it or to its page
verify-button = Verify
verify-noscript = This page checks credentials with JavaScript, which is turned off. Any Open Badges 3.0 verifier can check a credential’s JSON file instead.
verify-how-title = What is checked
verify-how-signature = <strong>Signature:</strong> the credential’s <code>eddsa-rdfc-2022</code> proof shows it has not been changed since it was issued.
verify-how-key = <strong>Issuer’s key:</strong> the signing key is published in the issuer’s <code>did:web</code> document.
verify-how-key-site = <strong>Issuer’s key:</strong> the signing key is published in the issuer’s <code>did:web</code> document (this site’s issuer is <code>{ $did }</code>).
verify-how-status = <strong>Status:</strong> the issuer’s signed status list says whether the credential has been revoked or suspended.
verify-how-validity = <strong>Validity period:</strong> the credential’s start and expiry dates, against your device’s clock.
not-found-title = Page not found
not-found-kicker = Error 404
not-found-lead = The page you were looking for doesn’t exist or has moved.
not-found-help = If you followed a link to a credential, check that the address is complete, or contact { $contact }.
not-found-home = Go to the home page

## Results and details on credential and badge pages
result-out-of = of { $max }
result-pass-mark = pass mark { $value }
result-at-least = at least { $value }
result-range-between = { $value } to { $max }
result-range-from = from { $value }
result-range-up-to = up to { $value }
result-type-gpa = Grade point average
result-type-letter-grade = Letter grade
result-type-percent = Percentage
result-type-performance-level = Performance level
result-type-predicted-score = Predicted score
result-type-raw-score = Raw score
result-type-result = Result
result-type-rubric-criterion = Rubric criterion
result-type-rubric-level = Rubric level
result-type-rubric-score = Rubric score
result-type-scaled-score = Scaled score
result-type-status = Status
field-credits-earned = Credits earned
field-term = Term
field-started = Started
field-completed = Completed
field-licence-number = Licence number
field-role = Role
field-credits = Credits
field-field-of-study = Field of study
field-code = Code
field-specialization = Specialization
field-version = Version
field-language = Language

## Share redirect pages and the expiry calendar file, in the recipient's language
share-redirect-title = On to { $name }
share-redirect-continue = Continue to { $name }
share-wallet = your wallet
ics-summary = { $badge } expires
ics-description = Your credential "{ $badge }" from { $issuer } expires on { $date }. Renew it before then: { $url }

## The printable certificate (an SVG printed from the landing page). Its words sit on their
## own lines: the heading, the line above the recipient's name, the line between the name and
## the achievement, the dates' labels, and the address and id under the QR code.
cert-title = Certificate of Achievement
cert-certifies = This certifies that
cert-earned = has successfully earned
cert-issued = Issued
cert-valid-until = Valid until
cert-credential-id = Credential ID
cert-verify-at = Verify this certificate at
