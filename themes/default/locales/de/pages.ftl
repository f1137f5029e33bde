# Standard-Theme von hallmark: die Seiten. Das HTML in den Meldungen unverändert lassen.

language-name = Deutsch
languages-label = Sprachen

## Alle Seiten

skip-to-content = Zum Inhalt springen
footer-issued-by = Ausgestellt von { $issuer }
footer-contact = Aussteller kontaktieren
footer-all-badges = Alle Badges
footer-issuer-id = Aussteller-ID
footer-about = Die Nachweise auf dieser Website sind signierte, überprüfbare Open-Badges-3.0-Nachweise. Erstellt mit hallmark.

## Startseite

index-badges = Badges
index-other-badges = Weitere Badges
index-empty = Es wurden noch keine Badges veröffentlicht.

## Badge-Seiten

badge-kicker = Badge
badge-issued-count =
    { $count ->
        [one] { $count } Nachweis
       *[other] { $count } Nachweise
    } ausgestellt von { $issuer }
badge-requires-all = Erworben durch den Besitz dieser Badges
badge-requires-some = Erworben durch den Besitz von { $count } dieser Badges
badge-results = Erfasste Ergebnisse
badge-levels-caption = { $name }: Stufen
badge-level = Stufe
badge-level-description = Beschreibung
badge-level-points = Punkte
badge-about = Über diese Leistung
badge-data = Maschinenlesbare Daten
badge-json = Leistung (JSON)
badge-image-alt = Badge { $badge }

## Seite eines Nachweises

credential-summary = { $name } hat { $badge } erworben, ausgestellt von { $issuer } am { $date }.
credential-earned = hat { $badge } erworben
credential-issued-by = Ausgestellt von { $issuer } am { $date }
credential-id = Nachweis-ID
notice-replaced-title = Ersetzt: Dieser Nachweis wurde korrigiert
notice-replaced = { $issuer } hat einen korrigierten Nachweis ausgestellt; dieser hier ist nicht mehr gültig.
notice-replaced-dated = { $issuer } hat am { $date } einen korrigierten Nachweis ausgestellt; dieser hier ist nicht mehr gültig.
notice-replaced-by = Ersetzt durch <a href="{ $url }">den aktuellen Nachweis</a>.
notice-revoked-title = Widerrufen: Dieser Nachweis ist nicht mehr gültig
notice-revoked = { $issuer } hat ihn widerrufen.
notice-revoked-dated = { $issuer } hat ihn am { $date } widerrufen.
notice-suspended-title = Ausgesetzt: Dieser Nachweis ist derzeit nicht gültig
notice-suspended = { $issuer } hat ihn ausgesetzt.
notice-suspended-dated = { $issuer } hat ihn am { $date } ausgesetzt.
notice-reason = Grund: { $reason }
notice-expired-title = Abgelaufen am { $date }
notice-expired = Dieser Nachweis war bis zu diesem Tag gültig; er ist nicht mehr gültig.
note-replaces = Dieser Nachweis korrigiert und ersetzt <a href="{ $url }">einen früheren</a>.
verification-title = Prüfung
verification-checking = Wird geprüft…
verification-noscript = Diese Prüfung benötigt JavaScript. Jedes Prüfprogramm für Open Badges 3.0 kann <a href="{ $url }">die JSON-Datei des Nachweises</a> prüfen.
share-and-download = Teilen und herunterladen
action-copy-link = Link kopieren
action-linkedin-add = Zum LinkedIn-Profil hinzufügen
action-linkedin-share = Auf LinkedIn teilen
action-print = Zertifikat drucken
action-download-png = Badge herunterladen (PNG)
action-download-svg = Badge herunterladen (SVG)
action-download-json = Nachweis herunterladen (JSON)
action-download-certificate = Zertifikat herunterladen (PDF)
action-calendar = Ablaufdatum in den Kalender
note-baked = Heruntergeladene Badge-Bilder enthalten den signierten Nachweis, sodass sie für sich allein geprüft werden können.
note-not-baked = Ohne JavaScript werden die Badge-Bilder ohne den Nachweis heruntergeladen: Teilen Sie den Link oder die JSON-Datei als Beleg.
wallet-title = Zu einer Wallet hinzufügen
wallet-help = In der Learner Credential Wallet: Add credential › Scan QR code, oder <a href="{ $url }">diesen Link</a> einfügen.
wallet-ob2 = Open-Badges-2.0-Backpacks:
wallet-ob2-link = 2.0-Link
wallet-ob2-image = 2.0-Badge-Bild
share-title = Link zu diesem Nachweis
share-help = Alle, die diesen Link haben, können den Nachweis sehen und prüfen. Scannen Sie den Code, um ihn auf einem Telefon zu öffnen.
details-title = Details des Nachweises
fact-achievement = Leistung
fact-program = Programm
fact-expires = Läuft ab
badge-details-link = Was dieses Badge voraussetzt und umfasst
section-criteria = Kriterien
section-skills = Kompetenzen
section-alignments = Zuordnungen
section-evidence = Belege
section-more-evidence = Weitere Belege
section-results = Ergebnisse
section-details = Details
section-earned-with = Erworben mit

## Prüfseite und 404

verify-title = Nachweis prüfen
verify-description = Prüfen Sie einen Open-Badges-3.0-Nachweis von { $issuer }: Fügen Sie sein JSON ein oder wählen Sie die Nachweisdatei oder ein heruntergeladenes Badge-Bild. Alles geschieht in Ihrem Browser.
verify-lead = Prüfen Sie, ob ein Open-Badges-3.0-Nachweis echt, unverändert und noch gültig ist. Die Prüfung läuft in Ihrem Browser: Die Datei verlässt Ihr Gerät nie.
verify-choose = Datei auswählen
verify-drop = oder hier ablegen: einen Nachweis (JSON) oder ein Badge-Bild (PNG oder SVG), in das der Nachweis eingebettet ist.
verify-paste = Oder das JSON des Nachweises einfügen, oder einen Link darauf oder auf seine Seite
verify-button = Prüfen
verify-noscript = Diese Seite prüft Nachweise mit JavaScript, das ausgeschaltet ist. Jedes Prüfprogramm für Open Badges 3.0 kann stattdessen die JSON-Datei eines Nachweises prüfen.
verify-how-title = Was geprüft wird
verify-how-signature = <strong>Signatur:</strong> Der <code>eddsa-rdfc-2022</code>-Beweis des Nachweises zeigt, dass er seit der Ausstellung nicht verändert wurde.
verify-how-key = <strong>Schlüssel des Ausstellers:</strong> Der Signaturschlüssel ist im <code>did:web</code>-Dokument des Ausstellers veröffentlicht.
verify-how-key-site = <strong>Schlüssel des Ausstellers:</strong> Der Signaturschlüssel ist im <code>did:web</code>-Dokument des Ausstellers veröffentlicht (der Aussteller dieser Website ist <code>{ $did }</code>).
verify-how-status = <strong>Status:</strong> Die signierte Statusliste des Ausstellers gibt an, ob der Nachweis widerrufen oder ausgesetzt wurde.
verify-how-validity = <strong>Gültigkeitszeitraum:</strong> Beginn und Ablauf des Nachweises, verglichen mit der Uhr Ihres Geräts.
not-found-title = Seite nicht gefunden
not-found-kicker = Fehler 404
not-found-lead = Die gesuchte Seite existiert nicht oder wurde verschoben.
not-found-help = Wenn Sie einem Link zu einem Nachweis gefolgt sind, prüfen Sie, ob die Adresse vollständig ist, oder wenden Sie sich an { $contact }.
not-found-home = Zur Startseite

## Ergebnisse und Angaben auf Nachweis- und Badge-Seiten
result-out-of = von { $max }
result-pass-mark = Bestehensgrenze { $value }
result-at-least = mindestens { $value }
result-range-between = { $value } bis { $max }
result-range-from = ab { $value }
result-range-up-to = bis { $value }
result-type-gpa = Notendurchschnitt (GPA)
result-type-letter-grade = Buchstabennote
result-type-percent = Prozent
result-type-performance-level = Leistungsstufe
result-type-predicted-score = Prognostizierte Punktzahl
result-type-raw-score = Rohpunktzahl
result-type-result = Ergebnis
result-type-rubric-criterion = Bewertungskriterium
result-type-rubric-level = Bewertungsstufe
result-type-rubric-score = Bewertungspunktzahl
result-type-scaled-score = Skalierte Punktzahl
result-type-status = Status
field-credits-earned = Erworbene Leistungspunkte
field-term = Zeitraum
field-started = Begonnen
field-completed = Abgeschlossen
field-licence-number = Zulassungsnummer
field-role = Rolle
field-credits = Leistungspunkte
field-field-of-study = Fachgebiet
field-code = Kennung
field-specialization = Schwerpunkt
field-version = Version
field-language = Sprache

## Weiterleitungsseiten zum Teilen und Kalenderdatei zum Ablauf, in der Sprache der Empfängerin oder des Empfängers
share-redirect-title = Weiter zu { $name }
share-redirect-continue = Weiter zu { $name }
share-wallet = Ihrer Wallet
ics-summary = { $badge } läuft ab
ics-description = Ihr Nachweis „{ $badge }“ von { $issuer } läuft am { $date } ab. Erneuern Sie ihn vorher: { $url }

## The printable certificate.
cert-title = Leistungszertifikat
cert-certifies = Hiermit wird bestätigt, dass
cert-earned = folgenden Nachweis erfolgreich erworben hat:
cert-issued = Ausgestellt am
cert-valid-until = Gültig bis
cert-credential-id = Nachweis-ID
cert-verify-at = Prüfen Sie dieses Zertifikat unter
