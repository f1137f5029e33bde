# سمة hallmark الافتراضية: رسائل البريد الإلكتروني (نص عادي، بلا HTML).

email-greeting = مرحبًا { $name }،
email-closing = مع أطيب التمنيات،
email-view = عرض شهادتك
email-link-text = عنوانها:
email-linkedin = أضفها إلى ملفك الشخصي على LinkedIn
email-wallet = أضفها إلى محفظة رقمية
email-wallet-help = يستطيع تطبيق محفظة يدعم Open Badges 3.0 إضافتها من هذا الرابط
email-verify-note = يستطيع كل من تشارك معه الرابط التحقق على الصفحة من أنها أصلية، من دون حساب.
email-questions = إن كان لديك سؤال، فردّ على هذه الرسالة للتواصل مع { $issuer }.
email-footer = تصلك هذه الرسالة لأن { $issuer } أصدرت لك الشهادة «{ $badge }».
email-unsubscribe = إيقاف التذكيرات
email-validity = وهي صالحة حتى { $expires }.
email-reason = السبب المذكور: { $reason }
email-field-name = الاسم
email-field-evidence = الأدلة
email-field-expires = تاريخ الانتهاء
email-none = لا شيء

email-issued-subject = شهادتك: { $badge }
email-issued-heading = { $badge }
email-issued-intro = أصدرت لك { $issuer } الشهادة «{ $badge }» بتاريخ { $date }.

email-renewed-subject = شهادتك المجدَّدة: { $badge }
email-renewed-heading = { $badge }
email-renewed-intro = جدّدت { $issuer } شهادتك «{ $badge }». صدرت الشهادة الجديدة بتاريخ { $date }.
email-renewed-previous = تبقى شهادتك السابقة على عنوانها الخاص:

email-corrected-subject = مصحَّحة: شهادتك { $badge }
email-corrected-heading = { $badge }: مصحَّحة
email-corrected-intro = صحّحت { $issuer } شهادتك «{ $badge }». للشهادة المصحَّحة عنوان جديد.
email-corrected-changes = ما الذي تغيّر:
email-corrected-previous = تذكر النسخة السابقة الآن أنها استُبدلت، وترتبط بهذه الشهادة. يُرجى مشاركة العنوان الجديد من الآن فصاعدًا.

email-revoked-subject = أُلغيت شهادتك { $badge }
email-revoked-heading = { $badge }: ملغاة
email-revoked-intro = ألغت { $issuer } شهادتك «{ $badge }» بتاريخ { $date }.
email-revoked-explain = يرى من يتحقق منها الآن أنها لم تعد صالحة.

email-suspended-subject = عُلّقت شهادتك { $badge }
email-suspended-heading = { $badge }: معلَّقة
email-suspended-intro = علّقت { $issuer } شهادتك «{ $badge }» بتاريخ { $date }.
email-suspended-explain = ما دامت معلَّقة، يرى من يتحقق منها أنها غير صالحة. سنبلغك عندما يتغير ذلك.

email-reinstated-subject = شهادتك { $badge } صالحة من جديد
email-reinstated-heading = { $badge }: صالحة من جديد
email-reinstated-intro = رفعت { $issuer } التعليق عن شهادتك «{ $badge }» بتاريخ { $date }.
email-reinstated-explain = يرى من يتحقق منها أنها صالحة من جديد.

email-expires-in =
    { $days ->
        [0] تنتهي صلاحيتها اليوم
        [1] تنتهي صلاحيتها غدًا
        [two] تنتهي صلاحيتها بعد يومين
        [few] تنتهي صلاحيتها بعد { $days } أيام
        [many] تنتهي صلاحيتها بعد { $days } يومًا
       *[other] تنتهي صلاحيتها بعد { $days } يوم
    }
email-expiring-subject = تنتهي صلاحية شهادتك { $badge } في { $expires }
email-expiring-heading = { $badge }: { email-expires-in }
email-expiring-intro = شهادتك «{ $badge }» الصادرة عن { $issuer } { email-expires-in }، في { $expires }.
email-expiring-explain = بعد ذلك يراها المتحققون منتهية الصلاحية. لتجديدها، تواصل مع { $issuer }.
email-expiring-calendar = أضف التاريخ إلى تقويمك
