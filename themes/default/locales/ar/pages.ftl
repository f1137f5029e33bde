# سمة hallmark الافتراضية: الصفحات. أبقِ شيفرة HTML في الرسائل كما هي.

language-name = العربية
languages-label = اللغات

## كل الصفحات

skip-to-content = انتقل إلى المحتوى
footer-issued-by = صادرة عن { $issuer }
footer-contact = تواصل مع الجهة المُصدِرة
footer-all-badges = كل الشارات
footer-issuer-id = معرّف الجهة المُصدِرة
footer-about = الشهادات على هذا الموقع شهادات Open Badges 3.0 موقَّعة وقابلة للتحقق. صُنع باستخدام hallmark.

## الصفحة الرئيسية

index-badges = الشارات
index-other-badges = شارات أخرى
index-empty = لم تُنشر أي شارة بعد.

## صفحات الشارات

badge-kicker = شارة
badge-issued-count =
    { $count ->
        [zero] لم تُصدر أي شهادة عن { $issuer }
        [one] شهادة واحدة صادرة عن { $issuer }
        [two] شهادتان صادرتان عن { $issuer }
        [few] { $count } شهادات صادرة عن { $issuer }
        [many] { $count } شهادة صادرة عن { $issuer }
       *[other] { $count } شهادة صادرة عن { $issuer }
    }
badge-requires-all = تُنال بحيازة هذه الشارات
badge-requires-some = تُنال بحيازة { $count } من هذه الشارات
badge-results = النتائج المسجَّلة
badge-levels-caption = { $name }: المستويات
badge-level = المستوى
badge-level-description = الوصف
badge-level-points = النقاط
badge-about = عن هذا الإنجاز
badge-data = بيانات مقروءة آليًا
badge-json = الإنجاز (JSON)
badge-image-alt = شارة { $badge }

## صفحة الشهادة

credential-summary = نال { $name } { $badge }، الصادرة عن { $issuer } بتاريخ { $date }.
credential-earned = نال { $badge }
credential-issued-by = صادرة عن { $issuer } بتاريخ { $date }
credential-id = معرّف الشهادة
notice-replaced-title = استُبدلت: صُحّحت هذه الشهادة
notice-replaced = أصدرت { $issuer } شهادة مصحَّحة، ولم تعد هذه الشهادة صالحة.
notice-replaced-dated = أصدرت { $issuer } شهادة مصحَّحة بتاريخ { $date }، ولم تعد هذه الشهادة صالحة.
notice-replaced-by = حلّت محلها <a href="{ $url }">الشهادة الحالية</a>.
notice-revoked-title = أُلغيت: لم تعد هذه الشهادة صالحة
notice-revoked = ألغتها { $issuer }.
notice-revoked-dated = ألغتها { $issuer } بتاريخ { $date }.
notice-suspended-title = عُلّقت: هذه الشهادة غير صالحة حاليًا
notice-suspended = علّقتها { $issuer }.
notice-suspended-dated = علّقتها { $issuer } بتاريخ { $date }.
notice-reason = السبب: { $reason }
notice-expired-title = انتهت صلاحيتها في { $date }
notice-expired = كانت هذه الشهادة صالحة حتى ذلك التاريخ، ولم تعد صالحة.
note-replaces = تصحّح هذه الشهادة <a href="{ $url }">شهادة سابقة</a> وتحلّ محلها.
verification-title = التحقق
verification-checking = جارٍ التحقق…
verification-noscript = يتطلب هذا التحقق JavaScript. تستطيع أي أداة تحقق من Open Badges 3.0 فحص <a href="{ $url }">ملف JSON الخاص بالشهادة</a>.
share-and-download = المشاركة والتنزيل
action-copy-link = نسخ الرابط
action-linkedin-add = إضافة إلى ملف LinkedIn الشخصي
action-linkedin-share = المشاركة على LinkedIn
action-print = طباعة الشهادة
action-download-png = تنزيل الشارة (PNG)
action-download-svg = تنزيل الشارة (SVG)
action-download-json = تنزيل الشهادة (JSON)
action-download-certificate = تنزيل الشهادة المطبوعة (PDF)
action-calendar = إضافة تاريخ الانتهاء إلى التقويم
note-baked = تحمل صور الشارات المنزَّلة الشهادةَ الموقَّعة داخلها، لذا يمكن التحقق منها وحدها.
note-not-baked = عند إيقاف JavaScript تُنزَّل صور الشارات من دون الشهادة داخلها: شارك الرابط أو ملف JSON دليلًا.
wallet-title = إضافة إلى محفظة
wallet-help = في Learner Credential Wallet: ‏Add credential › Scan QR code، أو الصق <a href="{ $url }">هذا الرابط</a>.
wallet-ob2 = حقائب Open Badges 2.0:
wallet-ob2-link = رابط 2.0
wallet-ob2-image = صورة شارة 2.0
share-title = رابط هذه الشهادة
share-help = يستطيع كل من لديه هذا الرابط رؤية الشهادة والتحقق منها. امسح الرمز لفتحها على الهاتف.
details-title = تفاصيل الشهادة
fact-achievement = الإنجاز
fact-program = البرنامج
fact-expires = تاريخ الانتهاء
badge-details-link = ما تتطلبه هذه الشارة وما تشمله
section-criteria = المعايير
section-skills = المهارات
section-alignments = المواءمات
section-evidence = الأدلة
section-more-evidence = أدلة أخرى
section-results = النتائج
section-details = التفاصيل
section-earned-with = نيلت بواسطة

## صفحة التحقق و404

verify-title = التحقق من شهادة
verify-description = تحقّق من شهادة Open Badges 3.0 صادرة عن { $issuer }: الصق محتوى JSON الخاص بها، أو اختر ملف الشهادة أو صورة شارة منزَّلة. يجري كل شيء في متصفحك.
verify-lead = تحقّق من أن شهادة Open Badges 3.0 أصلية وغير معدَّلة وما زالت صالحة. يجري التحقق في متصفحك: لا يغادر الملف جهازك أبدًا.
verify-choose = اختر ملفًا
verify-drop = أو أفلته هنا: شهادة (JSON)، أو صورة شارة (PNG أو SVG) تحمل الشهادة داخلها.
verify-paste = أو الصق محتوى JSON الخاص بالشهادة، أو رابطًا إليه أو إلى صفحتها
verify-button = تحقّق
verify-noscript = تتحقق هذه الصفحة من الشهادات باستخدام JavaScript، وهو متوقف. يمكن لأي أداة تحقق من Open Badges 3.0 فحص ملف JSON الخاص بالشهادة بدلًا من ذلك.
verify-how-title = ما الذي يُفحص
verify-how-signature = <strong>التوقيع:</strong> يُظهر إثبات <code>eddsa-rdfc-2022</code> الخاص بالشهادة أنها لم تتغير منذ إصدارها.
verify-how-key = <strong>مفتاح الجهة المُصدِرة:</strong> مفتاح التوقيع منشور في مستند <code>did:web</code> الخاص بالجهة المُصدِرة.
verify-how-key-site = <strong>مفتاح الجهة المُصدِرة:</strong> مفتاح التوقيع منشور في مستند <code>did:web</code> الخاص بالجهة المُصدِرة (الجهة المُصدِرة لهذا الموقع هي <code>{ $did }</code>).
verify-how-status = <strong>الحالة:</strong> تبيّن قائمة الحالة الموقَّعة للجهة المُصدِرة ما إذا كانت الشهادة قد أُلغيت أو عُلّقت.
verify-how-validity = <strong>مدة الصلاحية:</strong> تاريخا بدء الشهادة وانتهائها، مقارنةً بساعة جهازك.
not-found-title = الصفحة غير موجودة
not-found-kicker = خطأ 404
not-found-lead = الصفحة التي تبحث عنها غير موجودة أو نُقلت.
not-found-help = إذا اتبعت رابطًا إلى شهادة، فتأكد من اكتمال العنوان، أو تواصل مع { $contact }.
not-found-home = الانتقال إلى الصفحة الرئيسية

## النتائج والتفاصيل في صفحات الشهادات والشارات
result-out-of = من { $max }
result-pass-mark = درجة النجاح { $value }
result-at-least = { $value } على الأقل
result-range-between = من { $value } إلى { $max }
result-range-from = من { $value }
result-range-up-to = حتى { $value }
result-type-gpa = المعدل التراكمي
result-type-letter-grade = التقدير بالحروف
result-type-percent = النسبة المئوية
result-type-performance-level = مستوى الأداء
result-type-predicted-score = الدرجة المتوقعة
result-type-raw-score = الدرجة الخام
result-type-result = النتيجة
result-type-rubric-criterion = معيار سلّم التقدير
result-type-rubric-level = مستوى سلّم التقدير
result-type-rubric-score = درجة سلّم التقدير
result-type-scaled-score = الدرجة المعيارية
result-type-status = الحالة
field-credits-earned = الساعات المعتمدة المكتسبة
field-term = الفصل الدراسي
field-started = تاريخ البدء
field-completed = تاريخ الإكمال
field-licence-number = رقم الترخيص
field-role = الدور
field-credits = الساعات المعتمدة
field-field-of-study = مجال الدراسة
field-code = الرمز
field-specialization = التخصص
field-version = الإصدار
field-language = اللغة

## صفحات إعادة التوجيه للمشاركة وملف التقويم لانتهاء الصلاحية، بلغة صاحب الشهادة
share-redirect-title = الانتقال إلى { $name }
share-redirect-continue = المتابعة إلى { $name }
share-wallet = محفظتك الرقمية
ics-summary = انتهاء صلاحية { $badge }
ics-description = تنتهي صلاحية شهادتك «{ $badge }» الصادرة عن { $issuer } في { $date }. جدّدها قبل ذلك: { $url }

## The printable certificate.
cert-title = شهادة إنجاز
cert-certifies = تُمنح هذه الشهادة إلى
cert-earned = تقديرًا لنيل
cert-issued = تاريخ الإصدار
cert-valid-until = صالحة حتى
cert-credential-id = معرّف الشهادة
cert-verify-at = تحقّق من هذه الشهادة على
