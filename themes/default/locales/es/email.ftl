# Tema predeterminado de hallmark: los correos (texto plano, sin HTML).

email-greeting = Hola, { $name }:
email-closing = Un cordial saludo,
email-view = Ver su credencial
email-link-text = Su dirección:
email-linkedin = Añadirla a su perfil de LinkedIn
email-wallet = Añadirla a una cartera digital
email-wallet-help = una aplicación de cartera para Open Badges 3.0 puede añadirla desde este enlace
email-verify-note = Cualquier persona con quien comparta el enlace puede comprobar en la página que es auténtica, sin necesidad de cuenta.
email-questions = Si tiene alguna pregunta, responda a este correo para contactar con { $issuer }.
email-footer = Recibe este correo porque { $issuer } le emitió la credencial «{ $badge }».
email-unsubscribe = No recibir más recordatorios
email-validity = Es válida hasta el { $expires }.
email-reason = Motivo indicado: { $reason }
email-field-name = Nombre
email-field-evidence = Evidencias
email-field-expires = Fecha de caducidad
email-none = ninguna

email-issued-subject = Su credencial: { $badge }
email-issued-heading = { $badge }
email-issued-intro = { $issuer } le emitió la credencial «{ $badge }» el { $date }.

email-renewed-subject = Su credencial renovada: { $badge }
email-renewed-heading = { $badge }
email-renewed-intro = { $issuer } renovó su credencial «{ $badge }». La nueva se emitió el { $date }.
email-renewed-previous = Su credencial anterior sigue en su propia dirección:

email-corrected-subject = Corregida: su credencial { $badge }
email-corrected-heading = { $badge }: corregida
email-corrected-intro = { $issuer } corrigió su credencial «{ $badge }». La credencial corregida tiene una dirección nueva.
email-corrected-changes = Qué ha cambiado:
email-corrected-previous = La versión anterior indica ahora que fue sustituida y enlaza con esta. A partir de ahora, comparta la nueva dirección.

email-revoked-subject = Su credencial { $badge } ha sido revocada
email-revoked-heading = { $badge }: revocada
email-revoked-intro = { $issuer } revocó su credencial «{ $badge }» el { $date }.
email-revoked-explain = Quienes la comprueben verán ahora que ya no es válida.

email-suspended-subject = Su credencial { $badge } está suspendida
email-suspended-heading = { $badge }: suspendida
email-suspended-intro = { $issuer } suspendió su credencial «{ $badge }» el { $date }.
email-suspended-explain = Mientras esté suspendida, quienes la comprueben verán que no es válida. Le avisaremos cuando esto cambie.

email-reinstated-subject = Su credencial { $badge } vuelve a ser válida
email-reinstated-heading = { $badge }: válida de nuevo
email-reinstated-intro = { $issuer } levantó la suspensión de su credencial «{ $badge }» el { $date }.
email-reinstated-explain = Quienes la comprueben verán que vuelve a ser válida.

email-expires-in =
    { $days ->
        [0] caduca hoy
        [1] caduca mañana
       *[other] caduca dentro de { $days } días
    }
email-expiring-subject = Su credencial { $badge } caduca el { $expires }
email-expiring-heading = { $badge }: { email-expires-in }
email-expiring-intro = Su credencial «{ $badge }» de { $issuer } { email-expires-in }, el { $expires }.
email-expiring-explain = Después, quienes la comprueben la verán caducada. Para renovarla, contacte con { $issuer }.
email-expiring-calendar = Añadir la fecha a su calendario
