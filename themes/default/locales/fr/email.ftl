# Thème par défaut de hallmark : les e-mails (texte brut, pas de HTML).

email-greeting = Bonjour { $name },
email-closing = Bien cordialement,
email-view = Voir votre attestation
email-link-text = Son adresse :
email-linkedin = L’ajouter à votre profil LinkedIn
email-wallet = L’ajouter à un portefeuille numérique
email-wallet-help = une application de portefeuille Open Badges 3.0 peut l’ajouter à partir de ce lien
email-verify-note = Toute personne avec qui vous partagez le lien peut vérifier sur la page qu’elle est authentique, sans compte.
email-questions = Pour toute question, répondez à cet e-mail pour joindre { $issuer }.
email-footer = Vous recevez cet e-mail parce que { $issuer } vous a délivré l’attestation « { $badge } ».
email-unsubscribe = Ne plus recevoir de rappels
email-validity = Elle est valide jusqu’au { $expires }.
email-reason = Motif indiqué : { $reason }
email-field-name = Nom
email-field-evidence = Preuves
email-field-expires = Date d’expiration
email-none = aucune

email-issued-subject = Votre attestation : { $badge }
email-issued-heading = { $badge }
email-issued-intro = { $issuer } vous a délivré l’attestation « { $badge } » le { $date }.

email-renewed-subject = Votre attestation renouvelée : { $badge }
email-renewed-heading = { $badge }
email-renewed-intro = { $issuer } a renouvelé votre attestation « { $badge } ». La nouvelle a été délivrée le { $date }.
email-renewed-previous = Votre attestation précédente reste à sa propre adresse :

email-corrected-subject = Corrigée : votre attestation { $badge }
email-corrected-heading = { $badge } : corrigée
email-corrected-intro = { $issuer } a corrigé votre attestation « { $badge } ». L’attestation corrigée a une nouvelle adresse.
email-corrected-changes = Ce qui a changé :
email-corrected-previous = La version précédente indique désormais qu’elle a été remplacée et renvoie vers celle-ci. Merci de partager dorénavant la nouvelle adresse.

email-revoked-subject = Votre attestation { $badge } a été révoquée
email-revoked-heading = { $badge } : révoquée
email-revoked-intro = { $issuer } a révoqué votre attestation « { $badge } » le { $date }.
email-revoked-explain = Les personnes qui la vérifient voient désormais qu’elle n’est plus valide.

email-suspended-subject = Votre attestation { $badge } est suspendue
email-suspended-heading = { $badge } : suspendue
email-suspended-intro = { $issuer } a suspendu votre attestation « { $badge } » le { $date }.
email-suspended-explain = Tant qu’elle est suspendue, les personnes qui la vérifient voient qu’elle n’est pas valide. Nous vous préviendrons quand cela changera.

email-reinstated-subject = Votre attestation { $badge } est de nouveau valide
email-reinstated-heading = { $badge } : de nouveau valide
email-reinstated-intro = { $issuer } a levé la suspension de votre attestation « { $badge } » le { $date }.
email-reinstated-explain = Les personnes qui la vérifient voient qu’elle est de nouveau valide.

email-expires-in =
    { $days ->
        [0] expire aujourd’hui
        [1] expire demain
       *[other] expire dans { $days } jours
    }
email-expiring-subject = Votre attestation { $badge } expire le { $expires }
email-expiring-heading = { $badge } : { email-expires-in }
email-expiring-intro = Votre attestation « { $badge } » délivrée par { $issuer } { email-expires-in }, le { $expires }.
email-expiring-explain = Passé cette date, les personnes qui la vérifient la verront comme expirée. Pour la renouveler, contactez { $issuer }.
email-expiring-calendar = Ajouter la date à votre calendrier
