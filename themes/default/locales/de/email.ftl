# Standard-Theme von hallmark: die E-Mails (reiner Text, kein HTML).

email-greeting = Guten Tag { $name },
email-closing = Mit besten Grüßen
email-view = Ihren Nachweis ansehen
email-link-text = Seine Adresse:
email-linkedin = Zu Ihrem LinkedIn-Profil hinzufügen
email-wallet = Zu einer digitalen Wallet hinzufügen
email-wallet-help = eine Wallet-App für Open Badges 3.0 kann ihn über diesen Link hinzufügen
email-verify-note = Alle, mit denen Sie den Link teilen, können auf der Seite ohne Konto prüfen, dass der Nachweis echt ist.
email-questions = Bei Fragen antworten Sie auf diese E-Mail, um { $issuer } zu erreichen.
email-footer = Sie erhalten diese E-Mail, weil { $issuer } Ihnen den Nachweis „{ $badge }“ ausgestellt hat.
email-unsubscribe = Keine Erinnerungen mehr
email-validity = Er ist gültig bis zum { $expires }.
email-reason = Angegebener Grund: { $reason }
email-field-name = Name
email-field-evidence = Belege
email-field-expires = Ablaufdatum
email-none = keine

email-issued-subject = Ihr Nachweis: { $badge }
email-issued-heading = { $badge }
email-issued-intro = { $issuer } hat Ihnen am { $date } den Nachweis „{ $badge }“ ausgestellt.

email-renewed-subject = Ihr erneuerter Nachweis: { $badge }
email-renewed-heading = { $badge }
email-renewed-intro = { $issuer } hat Ihren Nachweis „{ $badge }“ erneuert. Der neue wurde am { $date } ausgestellt.
email-renewed-previous = Ihr früherer Nachweis bleibt unter seiner eigenen Adresse:

email-corrected-subject = Korrigiert: Ihr Nachweis { $badge }
email-corrected-heading = { $badge }: korrigiert
email-corrected-intro = { $issuer } hat Ihren Nachweis „{ $badge }“ korrigiert. Der korrigierte Nachweis hat eine neue Adresse.
email-corrected-changes = Was sich geändert hat:
email-corrected-previous = Die frühere Fassung gibt jetzt an, dass sie ersetzt wurde, und verweist auf diese. Bitte teilen Sie ab jetzt die neue Adresse.

email-revoked-subject = Ihr Nachweis { $badge } wurde widerrufen
email-revoked-heading = { $badge }: widerrufen
email-revoked-intro = { $issuer } hat Ihren Nachweis „{ $badge }“ am { $date } widerrufen.
email-revoked-explain = Wer ihn jetzt prüft, sieht, dass er nicht mehr gültig ist.

email-suspended-subject = Ihr Nachweis { $badge } ist ausgesetzt
email-suspended-heading = { $badge }: ausgesetzt
email-suspended-intro = { $issuer } hat Ihren Nachweis „{ $badge }“ am { $date } ausgesetzt.
email-suspended-explain = Solange er ausgesetzt ist, sieht jeder, der ihn prüft, dass er nicht gültig ist. Sie hören von uns, sobald sich das ändert.

email-reinstated-subject = Ihr Nachweis { $badge } ist wieder gültig
email-reinstated-heading = { $badge }: wieder gültig
email-reinstated-intro = { $issuer } hat die Aussetzung Ihres Nachweises „{ $badge }“ am { $date } aufgehoben.
email-reinstated-explain = Wer ihn prüft, sieht, dass er wieder gültig ist.

email-expires-in =
    { $days ->
        [0] läuft heute ab
        [1] läuft morgen ab
       *[other] läuft in { $days } Tagen ab
    }
email-expiring-subject = Ihr Nachweis { $badge } läuft am { $expires } ab
email-expiring-heading = { $badge }: { email-expires-in }
email-expiring-intro = Ihr Nachweis „{ $badge }“ von { $issuer } { email-expires-in }, am { $expires }.
email-expiring-explain = Danach sehen Prüfende ihn als abgelaufen. Um ihn zu erneuern, wenden Sie sich an { $issuer }.
email-expiring-calendar = Datum in Ihren Kalender eintragen
