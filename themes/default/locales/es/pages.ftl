# Tema predeterminado de hallmark: las páginas. Conserve el HTML de los mensajes tal cual.

language-name = Español
languages-label = Idiomas

## Todas las páginas

skip-to-content = Ir al contenido
footer-issued-by = Emitido por { $issuer }
footer-contact = Contactar con el emisor
footer-all-badges = Todas las insignias
footer-issuer-id = ID del emisor
footer-about = Las credenciales de este sitio son credenciales verificables Open Badges 3.0 firmadas. Hecho con hallmark.

## Inicio

index-badges = Insignias
index-other-badges = Otras insignias
index-empty = Todavía no se ha publicado ninguna insignia.

## Páginas de insignias

badge-kicker = Insignia
badge-issued-count =
    { $count ->
        [one] { $count } credencial emitida
       *[other] { $count } credenciales emitidas
    } por { $issuer }
badge-requires-all = Se obtiene al poseer estas insignias
badge-requires-some = Se obtiene al poseer { $count } de estas insignias
badge-results = Resultados registrados
badge-levels-caption = { $name }: niveles
badge-level = Nivel
badge-level-description = Descripción
badge-level-points = Puntos
badge-about = Acerca de este logro
badge-data = Datos legibles por máquina
badge-json = Logro (JSON)
badge-image-alt = Insignia { $badge }

## Página de una credencial

credential-summary = { $name } obtuvo { $badge }, emitida por { $issuer } el { $date }.
credential-earned = obtuvo { $badge }
credential-issued-by = Emitida por { $issuer } el { $date }
credential-id = ID de la credencial
notice-replaced-title = Sustituida: esta credencial fue corregida
notice-replaced = { $issuer } emitió una credencial corregida, y esta ya no es válida.
notice-replaced-dated = { $issuer } emitió una credencial corregida el { $date }, y esta ya no es válida.
notice-replaced-by = Sustituida por <a href="{ $url }">la credencial vigente</a>.
notice-revoked-title = Revocada: esta credencial ya no es válida
notice-revoked = { $issuer } la revocó.
notice-revoked-dated = { $issuer } la revocó el { $date }.
notice-suspended-title = Suspendida: esta credencial no es válida por ahora
notice-suspended = { $issuer } la suspendió.
notice-suspended-dated = { $issuer } la suspendió el { $date }.
notice-reason = Motivo: { $reason }
notice-expired-title = Caducó el { $date }
notice-expired = Esta credencial fue válida hasta esa fecha; ya no es válida.
note-replaces = Esta credencial corrige y sustituye a <a href="{ $url }">una anterior</a>.
verification-title = Verificación
verification-checking = Comprobando…
verification-noscript = Esta comprobación necesita JavaScript. Cualquier verificador de Open Badges 3.0 puede comprobar <a href="{ $url }">el archivo JSON de la credencial</a>.
share-and-download = Compartir y descargar
action-copy-link = Copiar enlace
action-linkedin-add = Añadir al perfil de LinkedIn
action-linkedin-share = Compartir en LinkedIn
action-print = Imprimir certificado
action-download-png = Descargar insignia (PNG)
action-download-svg = Descargar insignia (SVG)
action-download-json = Descargar credencial (JSON)
action-download-certificate = Descargar certificado (PDF)
action-calendar = Añadir la caducidad al calendario
note-baked = Las imágenes de insignia descargadas llevan dentro la credencial firmada, así que se pueden verificar por sí solas.
note-not-baked = Sin JavaScript, las imágenes de insignia se descargan sin la credencial: comparta el enlace o el archivo JSON como prueba.
wallet-title = Añadir a una cartera digital
wallet-help = En Learner Credential Wallet: Add credential › Scan QR code, o pegue <a href="{ $url }">este enlace</a>.
wallet-ob2 = Mochilas de Open Badges 2.0:
wallet-ob2-link = enlace 2.0
wallet-ob2-image = imagen de la insignia 2.0
share-title = Enlace a esta credencial
share-help = Cualquier persona con este enlace puede ver y comprobar la credencial. Escanee el código para abrirla en un teléfono.
details-title = Detalles de la credencial
fact-achievement = Logro
fact-program = Programa
fact-expires = Caduca
badge-details-link = Qué exige y abarca esta insignia
section-criteria = Criterios
section-skills = Competencias
section-alignments = Alineaciones
section-evidence = Evidencias
section-more-evidence = Más evidencias
section-results = Resultados
section-details = Detalles
section-earned-with = Obtenida con

## Página de verificación y 404

verify-title = Verificar una credencial
verify-description = Compruebe una credencial Open Badges 3.0 emitida por { $issuer }: pegue su JSON, o elija el archivo de la credencial o una imagen de insignia descargada. Todo ocurre en su navegador.
verify-lead = Compruebe que una credencial Open Badges 3.0 es auténtica, no ha sido alterada y sigue siendo válida. La comprobación se hace en su navegador: el archivo nunca sale de su dispositivo.
verify-choose = Elegir un archivo
verify-drop = o suéltelo aquí: una credencial (JSON), o una imagen de insignia (PNG o SVG) con la credencial incorporada.
verify-paste = O pegue el JSON de la credencial, o un enlace a él o a su página
verify-button = Verificar
verify-noscript = Esta página comprueba credenciales con JavaScript, que está desactivado. Cualquier verificador de Open Badges 3.0 puede comprobar en su lugar el archivo JSON de una credencial.
verify-how-title = Qué se comprueba
verify-how-signature = <strong>Firma:</strong> la prueba <code>eddsa-rdfc-2022</code> de la credencial muestra que no se ha modificado desde su emisión.
verify-how-key = <strong>Clave del emisor:</strong> la clave de firma está publicada en el documento <code>did:web</code> del emisor.
verify-how-key-site = <strong>Clave del emisor:</strong> la clave de firma está publicada en el documento <code>did:web</code> del emisor (el emisor de este sitio es <code>{ $did }</code>).
verify-how-status = <strong>Estado:</strong> la lista de estados firmada del emisor indica si la credencial ha sido revocada o suspendida.
verify-how-validity = <strong>Periodo de validez:</strong> las fechas de inicio y de caducidad de la credencial, según el reloj de su dispositivo.
not-found-title = Página no encontrada
not-found-kicker = Error 404
not-found-lead = La página que buscaba no existe o se ha movido.
not-found-help = Si siguió un enlace a una credencial, compruebe que la dirección está completa, o contacte con { $contact }.
not-found-home = Ir a la página de inicio

## Resultados y detalles en las páginas de credencial y de insignia
result-out-of = de { $max }
result-pass-mark = nota mínima para aprobar { $value }
result-at-least = al menos { $value }
result-range-between = de { $value } a { $max }
result-range-from = desde { $value }
result-range-up-to = hasta { $value }
result-type-gpa = Promedio de calificaciones (GPA)
result-type-letter-grade = Calificación con letra
result-type-percent = Porcentaje
result-type-performance-level = Nivel de desempeño
result-type-predicted-score = Puntuación prevista
result-type-raw-score = Puntuación bruta
result-type-result = Resultado
result-type-rubric-criterion = Criterio de la rúbrica
result-type-rubric-level = Nivel de la rúbrica
result-type-rubric-score = Puntuación de la rúbrica
result-type-scaled-score = Puntuación escalada
result-type-status = Estado
field-credits-earned = Créditos obtenidos
field-term = Periodo
field-started = Inicio
field-completed = Finalización
field-licence-number = Número de licencia
field-role = Función
field-credits = Créditos
field-field-of-study = Área de estudio
field-code = Código
field-specialization = Especialización
field-version = Versión
field-language = Idioma

## Páginas de redirección para compartir y archivo de calendario de la caducidad, en el idioma de quien la recibe
share-redirect-title = Ir a { $name }
share-redirect-continue = Continuar a { $name }
share-wallet = su cartera digital
ics-summary = { $badge } caduca
ics-description = Su credencial «{ $badge }» de { $issuer } caduca el { $date }. Renuévela antes de esa fecha: { $url }

## The printable certificate.
cert-title = Certificado de logro
cert-certifies = Se certifica que
cert-earned = ha obtenido con éxito
cert-issued = Expedido el
cert-valid-until = Válido hasta el
cert-credential-id = ID de la credencial
cert-verify-at = Verifique este certificado en
