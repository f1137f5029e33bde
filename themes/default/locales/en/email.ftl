# hallmark's default theme: the e-mails (plain text: no HTML in these messages).
# $name: the recipient; $badge, $issuer: names; $date, $expires: dates in words; $reason: the
# issuer's public reason; $days: days before expiry.

email-greeting = Hello { $name },
email-closing = With best wishes,
email-view = View your credential
email-link-text = Its address:
email-linkedin = Add it to your LinkedIn profile
email-wallet = Add it to a digital wallet
email-wallet-help = a wallet app for Open Badges 3.0 can add it from this link
email-verify-note = Anyone you share the link with can check on the page that it is genuine, with no account.
email-questions = If you have a question, reply to this e-mail to reach { $issuer }.
email-footer = You receive this e-mail because { $issuer } issued you the credential “{ $badge }”.
email-unsubscribe = No more reminders
email-validity = It is valid until { $expires }.
email-reason = The reason given: { $reason }
email-field-name = Name
email-field-evidence = Evidence
email-field-expires = Expiry date
email-none = none

email-issued-subject = Your credential: { $badge }
email-issued-heading = { $badge }
email-issued-intro = { $issuer } has issued you the credential “{ $badge }” on { $date }.

email-renewed-subject = Your renewed credential: { $badge }
email-renewed-heading = { $badge }
email-renewed-intro = { $issuer } has renewed your credential “{ $badge }”. The new one was issued on { $date }.
email-renewed-previous = Your earlier credential stays at its own address:

email-corrected-subject = Corrected: your credential { $badge }
email-corrected-heading = { $badge }: corrected
email-corrected-intro = { $issuer } has corrected your credential “{ $badge }”. The corrected credential has a new address.
email-corrected-changes = What changed:
email-corrected-previous = The earlier version now says that it was replaced, and links to this one. Please share the new address from now on.

email-revoked-subject = Your credential { $badge } has been revoked
email-revoked-heading = { $badge }: revoked
email-revoked-intro = { $issuer } revoked your credential “{ $badge }” on { $date }.
email-revoked-explain = Verifiers who check it now see that it is no longer valid.

email-suspended-subject = Your credential { $badge } is suspended
email-suspended-heading = { $badge }: suspended
email-suspended-intro = { $issuer } suspended your credential “{ $badge }” on { $date }.
email-suspended-explain = While it is suspended, verifiers who check it see that it is not valid. You will hear from us when this changes.

email-reinstated-subject = Your credential { $badge } is valid again
email-reinstated-heading = { $badge }: valid again
email-reinstated-intro = { $issuer } lifted the suspension of your credential “{ $badge }” on { $date }.
email-reinstated-explain = Verifiers who check it see that it is valid again.

# "expires today", "expires tomorrow", "expires in 3 days": $days from today.
email-expires-in =
    { $days ->
        [0] expires today
        [1] expires tomorrow
       *[other] expires in { $days } days
    }
email-expiring-subject = Your credential { $badge } expires on { $expires }
email-expiring-heading = { $badge }: { email-expires-in }
email-expiring-intro = Your credential “{ $badge }” from { $issuer } { email-expires-in }, on { $expires }.
email-expiring-explain = After that, verifiers see it as expired. To renew it, contact { $issuer }.
email-expiring-calendar = Add the date to your calendar
