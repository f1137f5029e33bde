# Thème par défaut de hallmark : les pages. Gardez le HTML des messages tel quel.

language-name = Français
languages-label = Langues

## Toutes les pages

skip-to-content = Aller au contenu
footer-issued-by = Délivré par { $issuer }
footer-contact = Contacter l’émetteur
footer-all-badges = Tous les badges
footer-issuer-id = Identifiant de l’émetteur
footer-about = Les attestations de ce site sont des attestations vérifiables Open Badges 3.0 signées. Réalisé avec hallmark.

## Accueil

index-badges = Badges
index-other-badges = Autres badges
index-empty = Aucun badge n’a encore été publié.

## Pages des badges

badge-kicker = Badge
badge-issued-count =
    { $count ->
        [one] { $count } attestation délivrée
       *[other] { $count } attestations délivrées
    } par { $issuer }
badge-requires-all = Obtenu en détenant ces badges
badge-requires-some = Obtenu en détenant { $count } de ces badges
badge-results = Résultats enregistrés
badge-levels-caption = { $name } : niveaux
badge-level = Niveau
badge-level-description = Description
badge-level-points = Points
badge-about = À propos de cette réussite
badge-data = Données lisibles par machine
badge-json = Réussite (JSON)
badge-image-alt = Badge { $badge }

## Page d’une attestation

credential-summary = { $name } a obtenu { $badge }, délivré par { $issuer } le { $date }.
credential-earned = a obtenu { $badge }
credential-issued-by = Délivré par { $issuer } le { $date }
credential-id = Identifiant de l’attestation
notice-replaced-title = Remplacée : cette attestation a été corrigée
notice-replaced = { $issuer } a délivré une attestation corrigée ; celle-ci n’est plus valide.
notice-replaced-dated = { $issuer } a délivré une attestation corrigée le { $date } ; celle-ci n’est plus valide.
notice-replaced-by = Remplacée par <a href="{ $url }">l’attestation en vigueur</a>.
notice-revoked-title = Révoquée : cette attestation n’est plus valide
notice-revoked = { $issuer } l’a révoquée.
notice-revoked-dated = { $issuer } l’a révoquée le { $date }.
notice-suspended-title = Suspendue : cette attestation n’est pas valide pour le moment
notice-suspended = { $issuer } l’a suspendue.
notice-suspended-dated = { $issuer } l’a suspendue le { $date }.
notice-reason = Motif : { $reason }
notice-expired-title = Expirée le { $date }
notice-expired = Cette attestation était valide jusqu’à cette date ; elle ne l’est plus.
note-replaces = Cette attestation corrige et remplace <a href="{ $url }">une attestation antérieure</a>.
verification-title = Vérification
verification-checking = Vérification en cours…
verification-noscript = Cette vérification nécessite JavaScript. Tout vérificateur Open Badges 3.0 peut vérifier <a href="{ $url }">le fichier JSON de l’attestation</a>.
share-and-download = Partager et télécharger
action-copy-link = Copier le lien
action-linkedin-add = Ajouter au profil LinkedIn
action-linkedin-share = Partager sur LinkedIn
action-print = Imprimer le certificat
action-download-png = Télécharger le badge (PNG)
action-download-svg = Télécharger le badge (SVG)
action-download-json = Télécharger l’attestation (JSON)
action-download-certificate = Télécharger le certificat (PDF)
action-calendar = Ajouter l’expiration au calendrier
note-baked = Les images de badge téléchargées contiennent l’attestation signée : elles peuvent être vérifiées seules.
note-not-baked = Sans JavaScript, les images de badge sont téléchargées sans l’attestation : partagez le lien ou le fichier JSON comme preuve.
wallet-title = Ajouter à un portefeuille
wallet-help = Dans Learner Credential Wallet : Add credential › Scan QR code, ou collez <a href="{ $url }">ce lien</a>.
wallet-ob2 = Sacs à badges Open Badges 2.0 :
wallet-ob2-link = lien 2.0
wallet-ob2-image = image du badge 2.0
share-title = Lien vers cette attestation
share-help = Toute personne disposant de ce lien peut voir et vérifier l’attestation. Scannez le code pour l’ouvrir sur un téléphone.
details-title = Détails de l’attestation
fact-achievement = Réussite
fact-program = Programme
fact-expires = Expire le
badge-details-link = Ce que ce badge exige et couvre
section-criteria = Critères
section-skills = Compétences
section-alignments = Référentiels
section-evidence = Preuves
section-more-evidence = Autres preuves
section-results = Résultats
section-details = Détails
section-earned-with = Obtenu avec

## Page de vérification et 404

verify-title = Vérifier une attestation
verify-description = Vérifiez une attestation Open Badges 3.0 délivrée par { $issuer } : collez son JSON, ou choisissez le fichier de l’attestation ou une image de badge téléchargée. Tout se passe dans votre navigateur.
verify-lead = Vérifiez qu’une attestation Open Badges 3.0 est authentique, non modifiée et toujours valide. La vérification a lieu dans votre navigateur : le fichier ne quitte jamais votre appareil.
verify-choose = Choisir un fichier
verify-drop = ou déposez-le ici : une attestation (JSON), ou une image de badge (PNG ou SVG) qui contient l’attestation.
verify-paste = Ou collez le JSON de l’attestation, ou un lien vers celui-ci ou vers sa page
verify-button = Vérifier
verify-noscript = Cette page vérifie les attestations avec JavaScript, qui est désactivé. Tout vérificateur Open Badges 3.0 peut vérifier le fichier JSON d’une attestation.
verify-how-title = Ce qui est vérifié
verify-how-signature = <strong>Signature :</strong> la preuve <code>eddsa-rdfc-2022</code> de l’attestation montre qu’elle n’a pas été modifiée depuis sa délivrance.
verify-how-key = <strong>Clé de l’émetteur :</strong> la clé de signature est publiée dans le document <code>did:web</code> de l’émetteur.
verify-how-key-site = <strong>Clé de l’émetteur :</strong> la clé de signature est publiée dans le document <code>did:web</code> de l’émetteur (l’émetteur de ce site est <code>{ $did }</code>).
verify-how-status = <strong>Statut :</strong> la liste de statuts signée de l’émetteur indique si l’attestation a été révoquée ou suspendue.
verify-how-validity = <strong>Période de validité :</strong> les dates de début et d’expiration de l’attestation, comparées à l’horloge de votre appareil.
not-found-title = Page introuvable
not-found-kicker = Erreur 404
not-found-lead = La page que vous cherchez n’existe pas ou a été déplacée.
not-found-help = Si vous avez suivi un lien vers une attestation, vérifiez que l’adresse est complète, ou contactez { $contact }.
not-found-home = Aller à la page d’accueil

## Résultats et détails des pages d’attestation et de badge
result-out-of = sur { $max }
result-pass-mark = seuil de réussite { $value }
result-at-least = au moins { $value }
result-range-between = de { $value } à { $max }
result-range-from = à partir de { $value }
result-range-up-to = jusqu’à { $value }
result-type-gpa = Moyenne générale (GPA)
result-type-letter-grade = Note en lettre
result-type-percent = Pourcentage
result-type-performance-level = Niveau de performance
result-type-predicted-score = Note prévisionnelle
result-type-raw-score = Note brute
result-type-result = Résultat
result-type-rubric-criterion = Critère de la grille d’évaluation
result-type-rubric-level = Niveau de la grille d’évaluation
result-type-rubric-score = Note de la grille d’évaluation
result-type-scaled-score = Note normalisée
result-type-status = Statut
field-credits-earned = Crédits obtenus
field-term = Période
field-started = Début
field-completed = Fin
field-licence-number = Numéro d’autorisation
field-role = Rôle
field-credits = Crédits
field-field-of-study = Domaine d’études
field-code = Code
field-specialization = Spécialisation
field-version = Version
field-language = Langue

## Pages de redirection du partage et fichier d’agenda de l’expiration, dans la langue du titulaire
share-redirect-title = Vers { $name }
share-redirect-continue = Continuer vers { $name }
share-wallet = votre portefeuille numérique
ics-summary = { $badge } expire
ics-description = Votre attestation « { $badge } » délivrée par { $issuer } expire le { $date }. Renouvelez-la avant cette date : { $url }

## The printable certificate.
cert-title = Certificat de réussite
cert-certifies = Le présent certificat atteste que
cert-earned = a obtenu avec succès
cert-issued = Délivré le
cert-valid-until = Valable jusqu’au
cert-credential-id = Identifiant de l’attestation
cert-verify-at = Vérifiez ce certificat à l’adresse
