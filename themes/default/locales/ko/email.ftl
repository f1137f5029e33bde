# hallmark 기본 테마: 이메일 (일반 텍스트, HTML 없음).

email-greeting = { $name } 님, 안녕하세요.
email-closing = 감사합니다.
email-view = 자격증명 보기
email-link-text = 주소:
email-linkedin = LinkedIn 프로필에 추가하기
email-wallet = 디지털 지갑에 추가하기
email-wallet-help = Open Badges 3.0 지갑 앱에서 이 링크로 추가할 수 있습니다
email-verify-note = 링크를 공유받은 사람은 누구나 계정 없이 페이지에서 진본인지 확인할 수 있습니다.
email-questions = 문의 사항이 있으면 이 이메일에 회신하여 { $issuer }에 연락하십시오.
email-footer = { $issuer }에서 자격증명 “{ $badge }”을(를) 발급했기 때문에 이 이메일을 받으셨습니다.
email-unsubscribe = 알림 그만 받기
email-validity = { $expires }까지 유효합니다.
email-reason = 사유: { $reason }
email-field-name = 이름
email-field-evidence = 증빙
email-field-expires = 만료일
email-none = 없음

email-issued-subject = 자격증명 발급: { $badge }
email-issued-heading = { $badge }
email-issued-intro = { $issuer }에서 { $date }에 자격증명 “{ $badge }”을(를) 발급했습니다.

email-renewed-subject = 자격증명 갱신: { $badge }
email-renewed-heading = { $badge }
email-renewed-intro = { $issuer }에서 자격증명 “{ $badge }”을(를) 갱신했습니다. 새 자격증명은 { $date }에 발급되었습니다.
email-renewed-previous = 이전 자격증명은 원래 주소에 그대로 있습니다:

email-corrected-subject = 정정됨: 자격증명 { $badge }
email-corrected-heading = { $badge }: 정정됨
email-corrected-intro = { $issuer }에서 자격증명 “{ $badge }”을(를) 정정했습니다. 정정된 자격증명은 새 주소를 가집니다.
email-corrected-changes = 변경 사항:
email-corrected-previous = 이전 버전에는 이제 대체되었다는 안내와 이 자격증명으로 가는 링크가 표시됩니다. 앞으로는 새 주소를 공유해 주십시오.

email-revoked-subject = 자격증명 { $badge }이(가) 취소되었습니다
email-revoked-heading = { $badge }: 취소됨
email-revoked-intro = { $issuer }에서 { $date }에 자격증명 “{ $badge }”을(를) 취소했습니다.
email-revoked-explain = 이제 확인하는 사람에게는 더 이상 유효하지 않다고 표시됩니다.

email-suspended-subject = 자격증명 { $badge }이(가) 정지되었습니다
email-suspended-heading = { $badge }: 정지됨
email-suspended-intro = { $issuer }에서 { $date }에 자격증명 “{ $badge }”을(를) 정지했습니다.
email-suspended-explain = 정지된 동안에는 확인하는 사람에게 유효하지 않다고 표시됩니다. 상황이 바뀌면 알려 드리겠습니다.

email-reinstated-subject = 자격증명 { $badge }이(가) 다시 유효합니다
email-reinstated-heading = { $badge }: 다시 유효함
email-reinstated-intro = { $issuer }에서 { $date }에 자격증명 “{ $badge }”의 정지를 해제했습니다.
email-reinstated-explain = 이제 확인하는 사람에게 다시 유효하다고 표시됩니다.

email-expires-in =
    { $days ->
        [0] 오늘 만료됩니다
        [1] 내일 만료됩니다
       *[other] { $days }일 후에 만료됩니다
    }
email-expiring-subject = 자격증명 { $badge }이(가) { $expires }에 만료됩니다
email-expiring-heading = { $badge }: { email-expires-in }
email-expiring-intro = { $issuer }의 자격증명 “{ $badge }”은(는) { $expires }, { email-expires-in }.
email-expiring-explain = 그 후에는 확인하는 사람에게 만료된 것으로 표시됩니다. 갱신하려면 { $issuer }에 문의하십시오.
email-expiring-calendar = 캘린더에 날짜 추가
