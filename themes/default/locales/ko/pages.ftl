# hallmark 기본 테마: 페이지. 메시지 안의 HTML은 그대로 두십시오.

language-name = 한국어
languages-label = 언어

## 모든 페이지

skip-to-content = 본문으로 건너뛰기
footer-issued-by = 발급 기관: { $issuer }
footer-contact = 발급 기관에 문의
footer-all-badges = 모든 배지
footer-issuer-id = 발급 기관 ID
footer-about = 이 사이트의 자격증명은 서명된 Open Badges 3.0 검증 가능한 자격증명입니다. hallmark로 만들었습니다.

## 홈

index-badges = 배지
index-other-badges = 기타 배지
index-empty = 아직 게시된 배지가 없습니다.

## 배지 페이지

badge-kicker = 배지
badge-issued-count = { $issuer }에서 발급한 자격증명 { $count }개
badge-requires-all = 다음 배지를 모두 보유하면 취득
badge-requires-some = 다음 배지 중 { $count }개를 보유하면 취득
badge-results = 기록된 결과
badge-levels-caption = { $name }: 수준
badge-level = 수준
badge-level-description = 설명
badge-level-points = 점수
badge-about = 이 성취에 대하여
badge-data = 기계 판독용 데이터
badge-json = 성취 (JSON)
badge-image-alt = { $badge } 배지

## 자격증명 페이지

credential-summary = { $name } 님이 { $badge }을(를) 취득했습니다. { $issuer }에서 { $date }에 발급했습니다.
credential-earned = { $badge } 취득
credential-issued-by = { $issuer }에서 { $date }에 발급
credential-id = 자격증명 ID
notice-replaced-title = 대체됨: 이 자격증명은 정정되었습니다
notice-replaced = { $issuer }에서 정정된 자격증명을 발급했으며, 이 자격증명은 더 이상 유효하지 않습니다.
notice-replaced-dated = { $issuer }에서 { $date }에 정정된 자격증명을 발급했으며, 이 자격증명은 더 이상 유효하지 않습니다.
notice-replaced-by = <a href="{ $url }">현재 자격증명</a>으로 대체되었습니다.
notice-revoked-title = 취소됨: 이 자격증명은 더 이상 유효하지 않습니다
notice-revoked = { $issuer }에서 이 자격증명을 취소했습니다.
notice-revoked-dated = { $issuer }에서 { $date }에 이 자격증명을 취소했습니다.
notice-suspended-title = 정지됨: 이 자격증명은 현재 유효하지 않습니다
notice-suspended = { $issuer }에서 이 자격증명을 정지했습니다.
notice-suspended-dated = { $issuer }에서 { $date }에 이 자격증명을 정지했습니다.
notice-reason = 사유: { $reason }
notice-expired-title = { $date }에 만료됨
notice-expired = 이 자격증명은 그날까지 유효했으며, 지금은 더 이상 유효하지 않습니다.
note-replaces = 이 자격증명은 <a href="{ $url }">이전 자격증명</a>을 정정하여 대체합니다.
verification-title = 검증
verification-checking = 확인 중…
verification-noscript = 이 확인에는 JavaScript가 필요합니다. Open Badges 3.0 검증 도구라면 어느 것이든 <a href="{ $url }">자격증명의 JSON 파일</a>을 확인할 수 있습니다.
share-and-download = 공유 및 다운로드
action-copy-link = 링크 복사
action-linkedin-add = LinkedIn 프로필에 추가
action-linkedin-share = LinkedIn에 공유
action-print = 증명서 인쇄
action-download-png = 배지 다운로드 (PNG)
action-download-svg = 배지 다운로드 (SVG)
action-download-json = 자격증명 다운로드 (JSON)
action-download-certificate = 증명서 다운로드 (PDF)
action-calendar = 만료일을 캘린더에 추가
note-baked = 다운로드한 배지 이미지에는 서명된 자격증명이 들어 있어 이미지만으로도 검증할 수 있습니다.
note-not-baked = JavaScript가 꺼져 있으면 배지 이미지가 자격증명 없이 다운로드됩니다. 증빙으로는 링크나 JSON 파일을 공유하십시오.
wallet-title = 지갑에 추가
wallet-help = Learner Credential Wallet에서: Add credential › Scan QR code를 선택하거나 <a href="{ $url }">이 링크</a>를 붙여 넣으십시오.
wallet-ob2 = Open Badges 2.0 백팩:
wallet-ob2-link = 2.0 링크
wallet-ob2-image = 2.0 배지 이미지
share-title = 이 자격증명의 링크
share-help = 이 링크가 있는 사람은 누구나 자격증명을 보고 확인할 수 있습니다. 코드를 스캔하면 휴대전화에서 열 수 있습니다.
details-title = 자격증명 세부 정보
fact-achievement = 성취
fact-program = 프로그램
fact-expires = 만료일
badge-details-link = 이 배지의 요건과 범위
section-criteria = 기준
section-skills = 역량
section-alignments = 연계 기준
section-evidence = 증빙
section-more-evidence = 추가 증빙
section-results = 결과
section-details = 세부 정보
section-earned-with = 취득 근거

## 검증 페이지와 404

verify-title = 자격증명 검증
verify-description = { $issuer }에서 발급한 Open Badges 3.0 자격증명을 확인하십시오. JSON을 붙여 넣거나 자격증명 파일 또는 다운로드한 배지 이미지를 선택하십시오. 모든 과정은 브라우저 안에서 이루어집니다.
verify-lead = Open Badges 3.0 자격증명이 진본인지, 변경되지 않았는지, 아직 유효한지 확인하십시오. 확인은 브라우저에서 실행되며 파일은 기기 밖으로 나가지 않습니다.
verify-choose = 파일 선택
verify-drop = 또는 여기에 놓으십시오: 자격증명(JSON) 또는 자격증명이 들어 있는 배지 이미지(PNG 또는 SVG).
verify-paste = 또는 자격증명의 JSON이나 그 파일 또는 페이지의 링크를 붙여 넣으십시오
verify-button = 검증
verify-noscript = 이 페이지는 JavaScript로 자격증명을 확인하는데, JavaScript가 꺼져 있습니다. 대신 Open Badges 3.0 검증 도구로 자격증명의 JSON 파일을 확인할 수 있습니다.
verify-how-title = 확인하는 항목
verify-how-signature = <strong>서명:</strong> 자격증명의 <code>eddsa-rdfc-2022</code> 증명은 발급 이후 변경되지 않았음을 보여 줍니다.
verify-how-key = <strong>발급 기관의 키:</strong> 서명 키는 발급 기관의 <code>did:web</code> 문서에 게시되어 있습니다.
verify-how-key-site = <strong>발급 기관의 키:</strong> 서명 키는 발급 기관의 <code>did:web</code> 문서에 게시되어 있습니다(이 사이트의 발급 기관은 <code>{ $did }</code>).
verify-how-status = <strong>상태:</strong> 발급 기관의 서명된 상태 목록은 자격증명이 취소되었거나 정지되었는지 알려 줍니다.
verify-how-validity = <strong>유효 기간:</strong> 자격증명의 시작일과 만료일을 기기의 시계와 비교합니다.
not-found-title = 페이지를 찾을 수 없습니다
not-found-kicker = 오류 404
not-found-lead = 찾으시는 페이지가 없거나 이동되었습니다.
not-found-help = 자격증명 링크를 따라오셨다면 주소가 완전한지 확인하시거나 { $contact }에 문의하십시오.
not-found-home = 홈페이지로 이동

## 자격증명 및 배지 페이지의 결과와 세부 정보
result-out-of = / { $max }
result-pass-mark = 합격 기준 { $value }
result-at-least = { $value } 이상
result-range-between = { $value }~{ $max }
result-range-from = { $value } 이상
result-range-up-to = { $value } 이하
result-type-gpa = 평점 평균(GPA)
result-type-letter-grade = 등급(문자)
result-type-percent = 백분율
result-type-performance-level = 성취 수준
result-type-predicted-score = 예상 점수
result-type-raw-score = 원점수
result-type-result = 결과
result-type-rubric-criterion = 평가 기준
result-type-rubric-level = 평가 기준 수준
result-type-rubric-score = 평가 기준 점수
result-type-scaled-score = 환산 점수
result-type-status = 상태
field-credits-earned = 취득 학점
field-term = 학기
field-started = 시작일
field-completed = 완료일
field-licence-number = 면허 번호
field-role = 역할
field-credits = 학점
field-field-of-study = 전공 분야
field-code = 코드
field-specialization = 세부 전공
field-version = 버전
field-language = 언어

## 공유 리디렉션 페이지와 만료일 캘린더 파일 (수령인의 언어)
share-redirect-title = { $name }(으)로 이동
share-redirect-continue = { $name }(으)로 계속
share-wallet = 디지털 지갑
ics-summary = { $badge } 만료
ics-description = { $issuer }의 자격증명 “{ $badge }”이(가) { $date }에 만료됩니다. 그 전에 갱신하십시오: { $url }

## The printable certificate.
cert-title = 성취 증명서
cert-certifies = 이 증명서는 다음 사람이
cert-earned = 아래 자격을 취득하였음을 증명합니다
cert-issued = 발급일
cert-valid-until = 유효 기한
cert-credential-id = 자격증명 ID
cert-verify-at = 증명서 확인 주소:
