<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR" sourcelanguage="en_US">
    <context>
        <name>AuditTab</name>
        <message>
            <source>All days</source>
            <translation>모든 날짜</translation>
        </message>
        <message>
            <source>Audit trail</source>
            <translation>감사 기록</translation>
        </message>
        <message>
            <source>Backup restored</source>
            <translation>백업 복원됨</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSV 파일 (*.csv)</translation>
        </message>
        <message>
            <source>Cannot save the CSV: %1</source>
            <translation>CSV를 저장할 수 없습니다: %1</translation>
        </message>
        <message>
            <source>Cashier</source>
            <translation>계산원</translation>
        </message>
        <message>
            <source>Cashier PIN refused for a manager act</source>
            <translation>매니저 작업에 계산원 PIN 거부됨</translation>
        </message>
        <message>
            <source>Cashier PIN reset</source>
            <translation>계산원 PIN 재설정</translation>
        </message>
        <message>
            <source>Cashier added</source>
            <translation>계산원 추가</translation>
        </message>
        <message>
            <source>Cashier disabled</source>
            <translation>계산원 비활성화</translation>
        </message>
        <message>
            <source>Cashier id</source>
            <translation>계산원 ID</translation>
        </message>
        <message>
            <source>Cashier role changed</source>
            <translation>계산원 역할 변경</translation>
        </message>
        <message>
            <source>Day</source>
            <translation>날짜</translation>
        </message>
        <message>
            <source>Detail</source>
            <translation>세부 정보</translation>
        </message>
        <message>
            <source>Every kind</source>
            <translation>모든 종류</translation>
        </message>
        <message>
            <source>Export CSV</source>
            <translation>CSV 내보내기</translation>
        </message>
        <message>
            <source>Export the audit trail</source>
            <translation>감사 기록 내보내기</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>종류</translation>
        </message>
        <message>
            <source>Manager PIN approved</source>
            <translation>매니저 PIN 승인</translation>
        </message>
        <message>
            <source>Manager acts and wrong PINs, as they happened. Nothing here can be changed or removed.</source>
            <translation>매니저 작업과 틀린 PIN이 일어난 그대로 기록됩니다. 여기의 어떤 기록도 바꾸거나 지울 수 없습니다.</translation>
        </message>
        <message>
            <source>Member</source>
            <translation>회원</translation>
        </message>
        <message>
            <source>Card or last 4 digits</source>
            <translation>카드 또는 끝 4자리</translation>
        </message>
        <message>
            <source>Member enrolled</source>
            <translation>회원 가입</translation>
        </message>
        <message>
            <source>No rows for these filters.</source>
            <translation>이 조건에 맞는 기록이 없습니다.</translation>
        </message>
        <message>
            <source>Points correction</source>
            <translation>포인트 정정</translation>
        </message>
        <message>
            <source>Saved %1 rows to %2.</source>
            <translation>%1개 행을 %2에 저장했습니다.</translation>
        </message>
        <message>
            <source>Settings changed</source>
            <translation>설정 변경</translation>
        </message>
        <message>
            <source>Setup wizard run</source>
            <translation>설정 마법사 실행</translation>
        </message>
        <message>
            <source>Signed in</source>
            <translation>로그인</translation>
        </message>
        <message>
            <source>The newest %1 rows are shown; Export CSV writes them all.</source>
            <translation>최근 %1개 행만 표시됩니다. CSV 내보내기는 모두 저장합니다.</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>시간</translation>
        </message>
        <message>
            <source>Voucher used</source>
            <translation>쿠폰 사용</translation>
        </message>
        <message>
            <source>Voucher voided</source>
            <translation>쿠폰 무효화</translation>
        </message>
        <message>
            <source>Wrong PIN at restore</source>
            <translation>복원 시 틀린 PIN</translation>
        </message>
        <message>
            <source>Wrong PIN at sign-in</source>
            <translation>로그인 시 틀린 PIN</translation>
        </message>
        <message>
            <source>Wrong manager PIN</source>
            <translation>틀린 매니저 PIN</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>알 수 없음</translation>
        </message>
    </context>
    <context>
        <name>CameraSlot</name>
        <message>
            <source>Starting camera…</source>
            <translation>카메라 시작 중…</translation>
        </message>
        <message>
            <source>No camera</source>
            <translation>카메라 없음</translation>
        </message>
        <message>
            <source>Camera lost</source>
            <translation>카메라 연결 끊김</translation>
        </message>
    </context>
    <context>
        <name>CashiersTab</name>
        <message>
            <source>Cashier</source>
            <translation>계산원</translation>
        </message>
        <message>
            <source>Cashier ID (an existing ID gets the new PIN)</source>
            <translation>계산원 ID (기존 ID면 새 PIN으로 바뀝니다)</translation>
        </message>
        <message>
            <source>Cashiers</source>
            <translation>계산원</translation>
        </message>
        <message>
            <source>Manager</source>
            <translation>매니저</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>이름</translation>
        </message>
        <message>
            <source>PIN (4 to 6 digits)</source>
            <translation>PIN (4~6자리 숫자)</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>역할</translation>
        </message>
        <message>
            <source>Save cashier</source>
            <translation>계산원 저장</translation>
        </message>
        <message>
            <source>Saved: %1 signs in with the new PIN.</source>
            <translation>저장했습니다: %1 님은 새 PIN으로 로그인합니다.</translation>
        </message>
        <message>
            <source>Type the cashier&apos;s ID.</source>
            <translation>계산원 ID를 입력하세요.</translation>
        </message>
        <message>
            <source>Type the cashier&apos;s name.</source>
            <translation>계산원 이름을 입력하세요.</translation>
        </message>
    </context>
    <context>
        <name>CorrectionTab</name>
        <message>
            <source>Apply correction</source>
            <translation>정정 적용</translation>
        </message>
        <message>
            <source>Card number</source>
            <translation>카드 번호</translation>
        </message>
        <message>
            <source>Corrected by %1 points. New balance of card %2: %3 points.</source>
            <translation>%1 포인트를 정정했습니다. 카드 %2의 새 잔액: %3 포인트.</translation>
        </message>
        <message>
            <source>Points (+ to add, - to take away)</source>
            <translation>포인트 (+ 추가, - 차감)</translation>
        </message>
        <message>
            <source>Points correction</source>
            <translation>포인트 정정</translation>
        </message>
        <message>
            <source>Reason (required)</source>
            <translation>사유 (필수)</translation>
        </message>
        <message>
            <source>The correction is recorded with your name and sent to the server.</source>
            <translation>정정 내역은 사용자 이름과 함께 기록되고 서버로 전송됩니다.</translation>
        </message>
        <message>
            <source>Type or scan the member&apos;s card number.</source>
            <translation>회원 카드 번호를 입력하거나 스캔하세요.</translation>
        </message>
        <message>
            <source>Type the points as a whole number other than zero, e.g. 50 or -20.</source>
            <translation>포인트를 0이 아닌 정수로 입력하세요 (예: 50 또는 -20).</translation>
        </message>
        <message>
            <source>Type the reason for the correction.</source>
            <translation>정정 사유를 입력하세요.</translation>
        </message>
        <message>
            <source>e.g. 50 or -20</source>
            <translation>예: 50 또는 -20</translation>
        </message>
    </context>
    <context>
        <name>EnrollPanel</name>
        <message>
            <source>New member</source>
            <translation>신규 회원</translation>
        </message>
        <message>
            <source>empty: a new number</source>
            <translation>비워 두면 새 번호</translation>
        </message>
        <message>
            <source>Agrees to receive offers</source>
            <translation>혜택 안내 수신 동의</translation>
        </message>
        <message>
            <source>Name *</source>
            <translation>이름 *</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>전화번호</translation>
        </message>
        <message>
            <source>E-mail</source>
            <translation>이메일</translation>
        </message>
        <message>
            <source>Card number</source>
            <translation>카드 번호</translation>
        </message>
        <message>
            <source>A phone number or an e-mail address is needed.</source>
            <translation>전화번호 또는 이메일 주소가 필요합니다.</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>취소</translation>
        </message>
        <message>
            <source>Enroll</source>
            <translation>가입</translation>
        </message>
        <message>
            <source>Print card</source>
            <translation>카드 인쇄</translation>
        </message>
        <message>
            <source>Type the member's name.</source>
            <translation>회원 이름을 입력하세요.</translation>
        </message>
        <message>
            <source>Type a phone number or an e-mail address.</source>
            <translation>전화번호 또는 이메일 주소를 입력하세요.</translation>
        </message>
        <message>
            <source>Welcome, %1! Card %2 is ready.</source>
            <translation>%1 님, 환영합니다! 카드 %2 준비 완료.</translation>
        </message>
        <message>
            <source>Welcome bonus: %1 points.</source>
            <translation>가입 보너스: %1 포인트.</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>완료</translation>
        </message>
        <message>
            <source>Showing that member.</source>
            <translation>해당 회원을 표시합니다.</translation>
        </message>
        <message>
            <source>Not enrolled: the server already has this member.</source>
            <translation>가입하지 않았습니다: 서버에 이미 이 회원이 있습니다.</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>(demo)</source>
            <translation>(데모)</translation>
        </message>
        <message>
            <source>Tessera – loyalty terminal</source>
            <translation>Tessera – 멤버십 단말기</translation>
        </message>
        <message>
            <source>Opening the terminal database…</source>
            <translation>단말기 데이터베이스를 여는 중…</translation>
        </message>
        <message>
            <source>Cannot open the terminal database: %1</source>
            <translation>단말기 데이터베이스를 열 수 없습니다: %1</translation>
        </message>
    </context>
    <context>
        <name>ManagerPage</name>
        <message>
            <source>Audit trail</source>
            <translation>감사 기록</translation>
        </message>
        <message>
            <source>Back to sales</source>
            <translation>판매 화면으로</translation>
        </message>
        <message>
            <source>Cashiers</source>
            <translation>계산원</translation>
        </message>
        <message>
            <source>Daily summary</source>
            <translation>일일 요약</translation>
        </message>
        <message>
            <source>Manager</source>
            <translation>매니저</translation>
        </message>
        <message>
            <source>Points correction</source>
            <translation>포인트 정정</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>설정</translation>
        </message>
        <message>
            <source>Sync problems</source>
            <translation>동기화 문제</translation>
        </message>
    </context>
    <context>
        <name>MemberPanel</name>
        <message>
            <source>Blocked: ask a manager before any sale or reward.</source>
            <translation>차단됨: 판매나 리워드 전에 매니저에게 문의하세요.</translation>
        </message>
        <message>
            <source>Points to spend</source>
            <translation>사용 가능 포인트</translation>
        </message>
        <message>
            <source>Pending points</source>
            <translation>적립 대기 포인트</translation>
        </message>
        <message>
            <source>Expiring within 30 days</source>
            <translation>30일 이내 소멸 예정</translation>
        </message>
        <message>
            <source>Recent visits</source>
            <translation>최근 방문</translation>
        </message>
        <message>
            <source>Card %1</source>
            <translation>카드 %1</translation>
        </message>
        <message>
            <source>%1 tier</source>
            <translation>%1 등급</translation>
        </message>
        <message>
            <source>Top tier reached</source>
            <translation>최고 등급 달성</translation>
        </message>
        <message>
            <source>%1 more to spend for %2</source>
            <translation>%2 등급까지 %1 남음</translation>
        </message>
        <message>
            <source>No visits yet</source>
            <translation>아직 방문 기록 없음</translation>
        </message>
        <message>
            <source>Sale</source>
            <translation>구매</translation>
        </message>
        <message>
            <source>Reward</source>
            <translation>리워드</translation>
        </message>
        <message>
            <source>Refund</source>
            <translation>환불</translation>
        </message>
        <message>
            <source>Correction</source>
            <translation>정정</translation>
        </message>
        <message>
            <source>Expired</source>
            <translation>소멸</translation>
        </message>
        <message>
            <source>Bonus</source>
            <translation>보너스</translation>
        </message>
    </context>
    <context>
        <name>Messages</name>
        <message>
            <source>Wrong PIN.</source>
            <translation>PIN이 틀렸습니다.</translation>
        </message>
        <message>
            <source>Too many wrong PINs: try again in %1 s.</source>
            <translation>PIN 오류가 너무 많습니다: %1초 후에 다시 시도하세요.</translation>
        </message>
        <message>
            <source>A PIN is 4 to 6 digits.</source>
            <translation>PIN은 4~6자리 숫자입니다.</translation>
        </message>
        <message>
            <source>No member has card %1.</source>
            <translation>카드 %1을(를) 가진 회원이 없습니다.</translation>
        </message>
        <message>
            <source>No member has that phone number.</source>
            <translation>해당 전화번호의 회원이 없습니다.</translation>
        </message>
        <message>
            <source>That card number is mistyped: please check the digits.</source>
            <translation>카드 번호가 잘못 입력되었습니다: 숫자를 확인하세요.</translation>
        </message>
        <message>
            <source>That is neither a card number nor a phone number.</source>
            <translation>카드 번호도 전화번호도 아닙니다.</translation>
        </message>
        <message>
            <source>A card number has 13 digits.</source>
            <translation>카드 번호는 13자리입니다.</translation>
        </message>
        <message>
            <source>This member is blocked: please ask a manager.</source>
            <translation>차단된 회원입니다: 매니저에게 문의하세요.</translation>
        </message>
        <message>
            <source>Receipt %1 was already used for another sale.</source>
            <translation>영수증 %1은(는) 이미 다른 판매에 사용되었습니다.</translation>
        </message>
        <message>
            <source>No sale has receipt %1.</source>
            <translation>영수증 %1에 해당하는 판매가 없습니다.</translation>
        </message>
        <message>
            <source>Receipt %1 is already fully refunded.</source>
            <translation>영수증 %1은(는) 이미 전액 환불되었습니다.</translation>
        </message>
        <message>
            <source>The refund is larger than what is left on receipt %1.</source>
            <translation>환불 금액이 영수증 %1의 남은 금액보다 큽니다.</translation>
        </message>
        <message>
            <source>A refund amount must be more than zero.</source>
            <translation>환불 금액은 0보다 커야 합니다.</translation>
        </message>
        <message>
            <source>The amount must be more than zero.</source>
            <translation>금액은 0보다 커야 합니다.</translation>
        </message>
        <message>
            <source>This currency has no decimals.</source>
            <translation>이 통화는 소수점이 없습니다.</translation>
        </message>
        <message>
            <source>At most %1 decimals.</source>
            <translation>소수점 이하 최대 %1자리입니다.</translation>
        </message>
        <message>
            <source>That amount is too large.</source>
            <translation>금액이 너무 큽니다.</translation>
        </message>
        <message>
            <source>Type the amount as digits, e.g. 12.50.</source>
            <translation>금액을 숫자로 입력하세요 (예: 12.50).</translation>
        </message>
        <message>
            <source>A receipt number is 1 to 64 characters.</source>
            <translation>영수증 번호는 1~64자입니다.</translation>
        </message>
        <message>
            <source>%1 is already a member with this phone or e-mail (card %2).</source>
            <translation>%1 님은 이 전화번호 또는 이메일로 이미 가입되어 있습니다 (카드 %2).</translation>
        </message>
        <message>
            <source>Card %1 already belongs to a member.</source>
            <translation>카드 %1은(는) 이미 다른 회원의 카드입니다.</translation>
        </message>
        <message>
            <source>A member needs a name.</source>
            <translation>회원 이름이 필요합니다.</translation>
        </message>
        <message>
            <source>The name is longer than 200 characters.</source>
            <translation>이름이 200자를 넘습니다.</translation>
        </message>
        <message>
            <source>That phone number is not valid.</source>
            <translation>올바른 전화번호가 아닙니다.</translation>
        </message>
        <message>
            <source>That e-mail address is not valid.</source>
            <translation>올바른 이메일 주소가 아닙니다.</translation>
        </message>
        <message>
            <source>The name contains characters that are not allowed.</source>
            <translation>이름에 허용되지 않는 문자가 있습니다.</translation>
        </message>
        <message>
            <source>Type the phone number with its country code, e.g. +40 721 555 010.</source>
            <translation>국가 번호를 포함해 전화번호를 입력하세요. 예: +40 721 555 010</translation>
        </message>
        <message>
            <source>%1 is not available at this time.</source>
            <translation>%1은(는) 지금 이용할 수 없습니다.</translation>
        </message>
        <message>
            <source>%1 needs %2 tier or higher.</source>
            <translation>%1은(는) %2 등급 이상만 이용할 수 있습니다.</translation>
        </message>
        <message>
            <source>%1: limit per member reached (%2).</source>
            <translation>%1: 회원당 한도(%2회)에 도달했습니다.</translation>
        </message>
        <message>
            <source>%1 needs %2 points; %3 available.</source>
            <translation>%1에는 %2 포인트가 필요합니다. 사용 가능: %3.</translation>
        </message>
        <message>
            <source>Not enough points: %1 available, %2 needed.</source>
            <translation>포인트 부족: 사용 가능 %1, 필요 %2.</translation>
        </message>
        <message>
            <source>That reward is not in the catalog.</source>
            <translation>카탈로그에 없는 리워드입니다.</translation>
        </message>
        <message>
            <source>Offline limit reached: %1 of %2 points left today until the terminal syncs.</source>
            <translation>오프라인 한도 도달: 단말기가 동기화될 때까지 오늘 %2 포인트 중 %1 포인트 남음.</translation>
        </message>
        <message>
            <source>This QR code is not a valid member code.</source>
            <translation>유효한 회원 QR 코드가 아닙니다.</translation>
        </message>
        <message>
            <source>This member code is not genuine.</source>
            <translation>위조된 회원 코드입니다.</translation>
        </message>
        <message>
            <source>This member code has expired: ask the member to refresh it.</source>
            <translation>회원 코드가 만료되었습니다: 회원에게 새로 고침을 요청하세요.</translation>
        </message>
        <message>
            <source>This member code is dated in the future: check the terminal clock.</source>
            <translation>회원 코드 날짜가 미래입니다: 단말기 시계를 확인하세요.</translation>
        </message>
        <message>
            <source>This member code was already used: ask the member to refresh it.</source>
            <translation>이미 사용된 회원 코드입니다: 회원에게 새로 고침을 요청하세요.</translation>
        </message>
        <message>
            <source>This terminal does not know this member code yet: sync and retry.</source>
            <translation>단말기가 아직 이 회원 코드를 인식하지 못합니다: 동기화 후 다시 시도하세요.</translation>
        </message>
        <message>
            <source>Something went wrong: %1</source>
            <translation>오류가 발생했습니다: %1</translation>
        </message>
        <message>
            <source>A correction changes the balance by a number of points other than zero.</source>
            <translation>정정은 0이 아닌 포인트만큼 잔액을 바꿉니다.</translation>
        </message>
        <message>
            <source>Another cashier already uses this PIN: choose another.</source>
            <translation>다른 계산원이 이미 이 PIN을 사용합니다: 다른 PIN을 고르세요.</translation>
        </message>
        <message>
            <source>The role is cashier or manager.</source>
            <translation>역할은 계산원 또는 매니저입니다.</translation>
        </message>
        <message>
            <source>Type the reason for the correction.</source>
            <translation>정정 사유를 입력하세요.</translation>
        </message>
        <message>
            <source>The request was refused.</source>
            <translation>요청이 거부되었습니다.</translation>
        </message>
        <message>
            <source>That input is not valid.</source>
            <translation>입력이 올바르지 않습니다.</translation>
        </message>
        <message>
            <source>That card number is not valid.</source>
            <translation>올바른 카드 번호가 아닙니다.</translation>
        </message>
        <message>
            <source>The currency %1 is not supported.</source>
            <translation>통화 %1은(는) 지원되지 않습니다.</translation>
        </message>
        <message>
            <source>A reversal cannot be reversed.</source>
            <translation>취소 거래는 다시 취소할 수 없습니다.</translation>
        </message>
        <message>
            <source>The loyalty program is not valid: %1</source>
            <translation>적립 프로그램이 올바르지 않습니다: %1</translation>
        </message>
        <message>
            <source>The settings file is not valid: %1</source>
            <translation>설정 파일이 올바르지 않습니다: %1</translation>
        </message>
        <message>
            <source>Program version %1 already exists with other rules.</source>
            <translation>프로그램 버전 %1이(가) 다른 규칙으로 이미 존재합니다.</translation>
        </message>
        <message>
            <source>No loyalty program is loaded: sync with the server.</source>
            <translation>불러온 적립 프로그램이 없습니다: 서버와 동기화하세요.</translation>
        </message>
        <message>
            <source>The server did not send its active program version %1.</source>
            <translation>서버가 활성 프로그램 버전 %1을(를) 보내지 않았습니다.</translation>
        </message>
        <message>
            <source>No terminal database in %1: run tessera-pos init first.</source>
            <translation>%1에 단말기 데이터베이스가 없습니다: 먼저 tessera-pos init을 실행하세요.</translation>
        </message>
        <message>
            <source>The server address must look like https://host:port.</source>
            <translation>서버 주소는 https://host:port 형식이어야 합니다.</translation>
        </message>
        <message>
            <source>This terminal is not registered: run tessera-pos register.</source>
            <translation>이 단말기는 등록되지 않았습니다: tessera-pos register를 실행하세요.</translation>
        </message>
        <message>
            <source>Registration failed: %1</source>
            <translation>등록 실패: %1</translation>
        </message>
        <message>
            <source>A registration code has 4 to 64 characters; this one has %1.</source>
            <translation>등록 코드는 4~64자입니다. 이 코드는 %1자입니다.</translation>
        </message>
        <message>
            <source>%1 is the last manager: add another manager first.</source>
            <translation>%1 님은 마지막 매니저입니다: 먼저 다른 매니저를 추가하세요.</translation>
        </message>
        <message>
            <source>No voucher has code %1.</source>
            <translation>코드 %1인 쿠폰이 없습니다.</translation>
        </message>
        <message>
            <source>Receipt %1 was not rung on this till and the server cannot be reached now.</source>
            <translation>영수증 %1은(는) 이 계산대에서 발행되지 않았고 지금은 서버에 연결할 수 없습니다.</translation>
        </message>
        <message>
            <source>Voucher %1 expired on %2.</source>
            <translation>쿠폰 %1은(는) %2에 만료되었습니다.</translation>
        </message>
        <message>
            <source>Voucher %1 was already used.</source>
            <translation>쿠폰 %1은(는) 이미 사용되었습니다.</translation>
        </message>
        <message>
            <source>Voucher %1 was voided: it cannot be used.</source>
            <translation>쿠폰 %1은(는) 무효 처리되어 사용할 수 없습니다.</translation>
        </message>
        <message>
            <source>The terminal database %1 is empty and was not replaced. Nothing can be sold until a backup is restored (tessera-pos restore); newest backup: %2</source>
            <translation>단말기 데이터베이스 %1 이(가) 비어 있으며 교체되지 않았습니다. 백업을 복원할 때까지 판매할 수 없습니다(tessera-pos restore). 최신 백업: %2</translation>
        </message>
        <message>
            <source>%1 is not a terminal database (its header is damaged). Restore a backup (tessera-pos restore); newest backup: %2</source>
            <translation>%1 은(는) 단말기 데이터베이스가 아닙니다(헤더 손상). 백업을 복원하십시오(tessera-pos restore). 최신 백업: %2</translation>
        </message>
        <message>
            <source>The terminal database %1 is truncated. Restore a backup (tessera-pos restore); newest backup: %2</source>
            <translation>단말기 데이터베이스 %1 이(가) 잘렸습니다. 백업을 복원하십시오(tessera-pos restore). 최신 백업: %2</translation>
        </message>
        <message>
            <source>The terminal database %1 is damaged. Restore a backup (tessera-pos restore); newest backup: %2</source>
            <translation>단말기 데이터베이스 %1 이(가) 손상되었습니다. 백업을 복원하십시오(tessera-pos restore). 최신 백업: %2</translation>
        </message>
        <message>
            <source>The terminal database %1 cannot be written. Nothing was saved: ask a technician to give this user write access.</source>
            <translation>단말기 데이터베이스 %1 에 쓸 수 없습니다. 아무것도 저장되지 않았습니다. 기술자에게 이 사용자의 쓰기 권한을 요청하십시오.</translation>
        </message>
        <message>
            <source>The disk is full. Nothing was saved: free some space, then try again.</source>
            <translation>디스크가 가득 찼습니다. 아무것도 저장되지 않았습니다. 공간을 확보한 후 다시 시도하십시오.</translation>
        </message>
        <message>
            <source>The disk failed to read or write. Nothing was saved: run tessera-pos doctor.</source>
            <translation>디스크 읽기 또는 쓰기에 실패했습니다. 아무것도 저장되지 않았습니다. tessera-pos doctor를 실행하십시오.</translation>
        </message>
        <message>
            <source>Too many wrong PINs: the PIN pad is locked for %1 s.</source>
            <translation>PIN 오류가 너무 많습니다: PIN 패드가 %1초 동안 잠깁니다.</translation>
        </message>
        <message>
            <source>The receipt printer is not set up right: %1</source>
            <translation>영수증 프린터 설정이 올바르지 않습니다: %1</translation>
        </message>
        <message>
            <source>The receipt printer %1 cannot be reached: check that it is on and connected.</source>
            <translation>영수증 프린터 %1에 연결할 수 없습니다: 전원과 연결을 확인하세요.</translation>
        </message>
        <message>
            <source>The receipt printer %1 stopped printing: check its paper and cable.</source>
            <translation>영수증 프린터 %1이(가) 인쇄를 멈췄습니다: 용지와 케이블을 확인하세요.</translation>
        </message>
        <message>
            <source>The receipt printer %1 is out of paper.</source>
            <translation>영수증 프린터 %1에 용지가 없습니다.</translation>
        </message>
        <message>
            <source>%1 is not a usable terminal backup: %2</source>
            <translation>%1 은(는) 사용할 수 있는 단말기 백업이 아닙니다: %2</translation>
        </message>
        <message>
            <source>%1 is a backup of another terminal: it cannot be restored on this one.</source>
            <translation>%1 은(는) 다른 단말기의 백업이므로 이 단말기에 복원할 수 없습니다.</translation>
        </message>
        <message>
            <source>There is no backup in %1.</source>
            <translation>%1 에 백업이 없습니다.</translation>
        </message>
        <message>
            <source>The terminal database %1 could not be upgraded from schema %2 to %3 (%4): it was put back as it was from %5. Nothing was lost: reinstall the previous version of Tessera and report this.</source>
            <translation>단말기 데이터베이스 %1 을(를) 스키마 %2에서 %3(으)로 업그레이드할 수 없었습니다(%4). 백업 %5에서 원래 상태로 되돌렸으며 잃은 데이터는 없습니다. 이전 버전의 Tessera를 다시 설치하고 이 문제를 보고하십시오.</translation>
        </message>
        <message>
            <source>The terminal database %1 could not be upgraded (%2) and its backup could not be put back (%3). Restore it with tessera-pos restore %4</source>
            <translation>단말기 데이터베이스 %1 을(를) 업그레이드할 수 없었고(%2) 백업도 되돌리지 못했습니다(%3). tessera-pos restore %4 명령으로 복원하십시오</translation>
        </message>
    </context>
    <context>
        <name>Printing</name>
        <message>
            <source>Saved to %1</source>
            <translation>%1에 저장됨</translation>
        </message>
        <message>
            <source>Opened for printing: %1</source>
            <translation>인쇄용으로 열림: %1</translation>
        </message>
        <message>
            <source>Printing is not available on this terminal.</source>
            <translation>이 단말기에서는 인쇄할 수 없습니다.</translation>
        </message>
    </context>
    <context>
        <name>Receipts</name>
        <message>
            <source>Voucher</source>
            <translation>바우처</translation>
        </message>
        <message>
            <source>Points spent</source>
            <translation>사용 포인트</translation>
        </message>
        <message>
            <source>Balance</source>
            <translation>잔액</translation>
        </message>
        <message>
            <source>Card</source>
            <translation>카드</translation>
        </message>
        <message>
            <source>Store</source>
            <translation>매장</translation>
        </message>
        <message>
            <source>Terminal</source>
            <translation>단말기</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>시간</translation>
        </message>
        <message>
            <source>Points</source>
            <translation>포인트</translation>
        </message>
        <message>
            <source>Receipt</source>
            <translation>영수증</translation>
        </message>
        <message>
            <source>Points earned</source>
            <translation>적립 포인트</translation>
        </message>
        <message>
            <source>Expiring within 30 days</source>
            <translation>30일 이내 소멸 예정</translation>
        </message>
        <message>
            <source>Welcome</source>
            <translation>환영합니다</translation>
        </message>
        <message>
            <source>Your card number</source>
            <translation>회원 카드 번호</translation>
        </message>
        <message>
            <source>Welcome bonus</source>
            <translation>가입 보너스</translation>
        </message>
        <message>
            <source>Keep this slip with your card.</source>
            <translation>이 전표를 카드와 함께 보관하세요.</translation>
        </message>
        <message>
            <source>Only the slip is missing: nothing else was undone.</source>
            <translation>전표만 인쇄되지 않았습니다. 다른 것은 취소되지 않았습니다.</translation>
        </message>
    </context>
    <context>
        <name>RedeemPanel</name>
        <message>
            <source>Rewards</source>
            <translation>리워드</translation>
        </message>
        <message>
            <source>Confirm</source>
            <translation>확인</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>취소</translation>
        </message>
        <message>
            <source>Print voucher</source>
            <translation>쿠폰 인쇄</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>완료</translation>
        </message>
        <message>
            <source>%1 points</source>
            <translation>%1 포인트</translation>
        </message>
        <message>
            <source>Redeem %1 for %2 points?</source>
            <translation>%2 포인트로 %1을(를) 사용할까요?</translation>
        </message>
        <message>
            <source>%1 redeemed. New balance: %2 points. Voucher code:</source>
            <translation>%1 사용 완료. 새 잔액: %2 포인트. 쿠폰 코드:</translation>
        </message>
    </context>
    <context>
        <name>RefundPanel</name>
        <message>
            <source>Refund</source>
            <translation>환불</translation>
        </message>
        <message>
            <source>empty: the whole sale</source>
            <translation>비워 두면 전액</translation>
        </message>
        <message>
            <source>Receipt number</source>
            <translation>영수증 번호</translation>
        </message>
        <message>
            <source>Amount to refund (%1)</source>
            <translation>환불 금액 (%1)</translation>
        </message>
        <message>
            <source>Points earned on the refunded part are taken back.</source>
            <translation>환불된 부분에서 적립된 포인트는 회수됩니다.</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>취소</translation>
        </message>
        <message>
            <source>Type or scan the receipt number.</source>
            <translation>영수증 번호를 입력하거나 스캔하세요.</translation>
        </message>
        <message>
            <source>Refunded %1 on receipt %2: %3 points taken back. Balance: %4 points.</source>
            <translation>영수증 %2에서 %1 환불: %3 포인트 회수. 잔액: %4 포인트.</translation>
        </message>
        <message>
            <source>The balance is now negative.</source>
            <translation>잔액이 마이너스가 되었습니다.</translation>
        </message>
        <message>
            <source>Queue refund</source>
            <translation>환불 대기열에 추가</translation>
        </message>
        <message>
            <source>Queue the refund anyway? It will be applied when the sale reaches the server; the points taken back are known after that.</source>
            <translation>그래도 환불을 대기열에 추가할까요? 판매가 서버에 도착하면 적용되며, 회수되는 포인트는 그 후에 알 수 있습니다.</translation>
        </message>
        <message>
            <source>Refund of receipt %1 queued: it will be applied when the sale reaches the server.</source>
            <translation>영수증 %1의 환불이 대기열에 추가되었습니다: 판매가 서버에 도착하면 적용됩니다.</translation>
        </message>
    </context>
    <context>
        <name>SalePanel</name>
        <message>
            <source>New sale</source>
            <translation>새 판매</translation>
        </message>
        <message>
            <source>empty: a number is generated</source>
            <translation>비워 두면 자동 생성</translation>
        </message>
        <message>
            <source>Basket total (%1)</source>
            <translation>결제 금액 (%1)</translation>
        </message>
        <message>
            <source>Receipt number (optional)</source>
            <translation>영수증 번호 (선택)</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>취소</translation>
        </message>
        <message>
            <source>Confirm sale</source>
            <translation>판매 확인</translation>
        </message>
        <message>
            <source>Type the basket total.</source>
            <translation>결제 금액을 입력하세요.</translation>
        </message>
        <message>
            <source>That is not an amount yet.</source>
            <translation>아직 올바른 금액이 아닙니다.</translation>
        </message>
        <message>
            <source>%1 earns %2 points</source>
            <translation>%1 결제 시 %2 포인트 적립</translation>
        </message>
        <message>
            <source>tier ×%1</source>
            <translation>등급 ×%1</translation>
        </message>
        <message>
            <source>promotion ×%1</source>
            <translation>프로모션 ×%1</translation>
        </message>
        <message>
            <source>capped</source>
            <translation>상한 적용</translation>
        </message>
        <message>
            <source>Type the basket total as digits, e.g. %1.</source>
            <translation>결제 금액을 숫자로 입력하세요 (예: %1).</translation>
        </message>
        <message>
            <source>Sale recorded: +%1 points. New balance: %2 points. Receipt %3.</source>
            <translation>판매 완료: +%1 포인트. 새 잔액: %2 포인트. 영수증 %3.</translation>
        </message>
        <message>
            <source>This receipt was already recorded; nothing was added.</source>
            <translation>이미 등록된 영수증입니다. 추가된 내용이 없습니다.</translation>
        </message>
        <message>
            <source>Undo sale (%1:%2)</source>
            <translation>판매 취소 (%1:%2)</translation>
        </message>
        <message>
            <source>Too late to undo: use Refund instead.</source>
            <translation>취소 가능 시간이 지났습니다: 환불을 이용하세요.</translation>
        </message>
        <message>
            <source>Sale %1 undone: %2 points taken back. Balance: %3 points.</source>
            <translation>판매 %1 취소: %2 포인트 회수. 잔액: %3 포인트.</translation>
        </message>
    </context>
    <context>
        <name>SearchResults</name>
        <message>
            <source>No member found for “%1”.</source>
            <translation>“%1”에 해당하는 회원이 없습니다.</translation>
        </message>
        <message>
            <source>Members matching “%1”: pick one</source>
            <translation>“%1” 검색 결과: 회원을 선택하세요</translation>
        </message>
    </context>
    <context>
        <name>SettingsTab</name>
        <message>
            <source>A new language applies after the terminal restarts. Camera changes apply at once.</source>
            <translation>새 언어는 단말기를 다시 시작한 후 적용됩니다. 카메라 변경은 바로 적용됩니다.</translation>
        </message>
        <message>
            <source>As the computer</source>
            <translation>컴퓨터 설정과 같게</translation>
        </message>
        <message>
            <source>Camera</source>
            <translation>카메라</translation>
        </message>
        <message>
            <source>Cannot save the settings: %1</source>
            <translation>설정을 저장할 수 없습니다: %1</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>언어</translation>
        </message>
        <message>
            <source>Lock after idle (minutes)</source>
            <translation>미사용 시 잠금 (분)</translation>
        </message>
        <message>
            <source>None</source>
            <translation>없음</translation>
        </message>
        <message>
            <source>Other (type below)</source>
            <translation>기타 (아래에 입력)</translation>
        </message>
        <message>
            <source>Other source</source>
            <translation>기타 소스</translation>
        </message>
        <message>
            <source>Resolution</source>
            <translation>해상도</translation>
        </message>
        <message>
            <source>Restart the terminal to use the new language.</source>
            <translation>새 언어를 사용하려면 단말기를 다시 시작하세요.</translation>
        </message>
        <message>
            <source>Same code again after (seconds)</source>
            <translation>같은 코드 재인식 간격 (초)</translation>
        </message>
        <message>
            <source>Save settings</source>
            <translation>설정 저장</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>설정</translation>
        </message>
        <message>
            <source>Settings saved.</source>
            <translation>설정을 저장했습니다.</translation>
        </message>
        <message>
            <source>Type the camera source, or pick None.</source>
            <translation>카메라 소스를 입력하거나 없음을 고르세요.</translation>
        </message>
        <message>
            <source>camera number, file, folder or URL</source>
            <translation>카메라 번호, 파일, 폴더 또는 URL</translation>
        </message>
        <message>
            <source>never</source>
            <translation>잠그지 않음</translation>
        </message>
        <message>
            <source>Back up now</source>
            <translation>지금 백업</translation>
        </message>
        <message>
            <source>Restore…</source>
            <translation>복원…</translation>
        </message>
        <message>
            <source>PIN</source>
            <translation>PIN</translation>
        </message>
        <message>
            <source>A manager's PIN, needed to restore a backup</source>
            <translation>백업을 복원하려면 매니저 PIN이 필요합니다</translation>
        </message>
        <message>
            <source>Backup written: %1</source>
            <translation>백업을 저장했습니다: %1</translation>
        </message>
        <message>
            <source>Cannot write the backup: %1</source>
            <translation>백업을 저장할 수 없습니다: %1</translation>
        </message>
        <message>
            <source>Restore a backup</source>
            <translation>백업 복원</translation>
        </message>
        <message>
            <source>Terminal backups (*.db)</source>
            <translation>단말기 백업 (*.db)</translation>
        </message>
        <message>
            <source>Type a manager's PIN, then choose the backup.</source>
            <translation>매니저 PIN을 입력한 다음 백업을 선택하세요.</translation>
        </message>
        <message>
            <source>Restored %1. The replaced database is kept in %2.</source>
            <translation>%1 백업을 복원했습니다. 교체된 데이터베이스는 %2에 보관되어 있습니다.</translation>
        </message>
        <message>
            <source>Nothing was restored: %1</source>
            <translation>복원하지 않았습니다: %1</translation>
        </message>
    </context>
    <context>
        <name>SignInPage</name>
        <message>
            <source>Tessera</source>
            <translation>Tessera</translation>
        </message>
        <message>
            <source>Cashier PIN</source>
            <translation>계산원 PIN</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>확인</translation>
        </message>
        <message>
            <source>A PIN is 4 to 6 digits.</source>
            <translation>PIN은 4~6자리 숫자입니다.</translation>
        </message>
        <message>
            <source>You can try again.</source>
            <translation>다시 시도할 수 있습니다.</translation>
        </message>
        <message>
            <source>Too many wrong PINs. Locked for %1 s.</source>
            <translation>PIN 오류가 너무 많습니다. %1초 동안 잠김.</translation>
        </message>
    </context>
    <context>
        <name>StatusBar</name>
        <message>
            <source>Online</source>
            <translation>온라인</translation>
        </message>
        <message>
            <source>Offline</source>
            <translation>오프라인</translation>
        </message>
        <message>
            <source>Standalone</source>
            <translation>독립 실행</translation>
        </message>
        <message>
            <source>To sync: %1</source>
            <translation>동기화 대기: %1</translation>
        </message>
        <message>
            <source>Last sync: %1</source>
            <translation>마지막 동기화: %1</translation>
        </message>
        <message>
            <source>never</source>
            <translation>없음</translation>
        </message>
        <message>
            <source>Store %1 · Terminal %2</source>
            <translation>매장 %1 · 단말기 %2</translation>
        </message>
        <message>
            <source>Cashier: %1</source>
            <translation>계산원: %1</translation>
        </message>
        <message>
            <source>Signed out</source>
            <translation>로그아웃됨</translation>
        </message>
    </context>
    <context>
        <name>SummaryTab</name>
        <message>
            <source>(none)</source>
            <translation>(없음)</translation>
        </message>
        <message>
            <source>By hour</source>
            <translation>시간대별</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSV 파일 (*.csv)</translation>
        </message>
        <message>
            <source>Cannot save the file: %1</source>
            <translation>파일을 저장할 수 없습니다: %1</translation>
        </message>
        <message>
            <source>Cashier</source>
            <translation>계산원</translation>
        </message>
        <message>
            <source>Export CSV</source>
            <translation>CSV 내보내기</translation>
        </message>
        <message>
            <source>Member sales</source>
            <translation>회원 판매</translation>
        </message>
        <message>
            <source>No answer from the server: this terminal only.</source>
            <translation>서버 응답 없음: 이 단말기만 표시합니다.</translation>
        </message>
        <message>
            <source>Points</source>
            <translation>포인트</translation>
        </message>
        <message>
            <source>Provisional: %1 changes of this terminal are not yet sent to the server.</source>
            <translation>잠정: 이 단말기의 변경 사항 %1건이 아직 서버로 전송되지 않았습니다.</translation>
        </message>
        <message>
            <source>Redeemed</source>
            <translation>사용</translation>
        </message>
        <message>
            <source>Reward</source>
            <translation>리워드</translation>
        </message>
        <message>
            <source>Sales</source>
            <translation>판매</translation>
        </message>
        <message>
            <source>The last 30 days</source>
            <translation>최근 30일</translation>
        </message>
        <message>
            <source>This terminal</source>
            <translation>이 단말기</translation>
        </message>
        <message>
            <source>Whole store</source>
            <translation>매장 전체</translation>
        </message>
        <message>
            <source>Cannot save the PDF: %1</source>
            <translation>PDF를 저장할 수 없습니다: %1</translation>
        </message>
        <message>
            <source>Changes not yet sent to the server</source>
            <translation>아직 서버로 보내지 않은 변경</translation>
        </message>
        <message>
            <source>Daily summary</source>
            <translation>일일 요약</translation>
        </message>
        <message>
            <source>Day</source>
            <translation>날짜</translation>
        </message>
        <message>
            <source>Members with a negative balance</source>
            <translation>잔액이 마이너스인 회원</translation>
        </message>
        <message>
            <source>Net sales</source>
            <translation>순매출</translation>
        </message>
        <message>
            <source>New members</source>
            <translation>신규 회원</translation>
        </message>
        <message>
            <source>PDF files (*.pdf)</source>
            <translation>PDF 파일 (*.pdf)</translation>
        </message>
        <message>
            <source>Points adjusted</source>
            <translation>정정된 포인트</translation>
        </message>
        <message>
            <source>Points expired</source>
            <translation>만료된 포인트</translation>
        </message>
        <message>
            <source>Points issued</source>
            <translation>적립된 포인트</translation>
        </message>
        <message>
            <source>Points redeemed</source>
            <translation>사용된 포인트</translation>
        </message>
        <message>
            <source>Save PDF</source>
            <translation>PDF 저장</translation>
        </message>
        <message>
            <source>Save the daily summary</source>
            <translation>일일 요약 저장</translation>
        </message>
        <message>
            <source>Saved %1.</source>
            <translation>%1에 저장했습니다.</translation>
        </message>
        <message>
            <source>Transactions</source>
            <translation>거래</translation>
        </message>
    </context>
    <context>
        <name>SyncTab</name>
        <message>
            <source>#%1 %2, %3: %4</source>
            <translation>#%1 %2, %3: %4</translation>
        </message>
        <message>
            <source>%1 changes were refused by the server.</source>
            <translation>서버가 변경 %1건을 거부했습니다.</translation>
        </message>
        <message>
            <source>Changes the server refused, with its reason. They are not sent again.</source>
            <translation>서버가 거부한 변경과 그 사유입니다. 다시 전송되지 않습니다.</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>불러오는 중…</translation>
        </message>
        <message>
            <source>None: the server accepted every change.</source>
            <translation>없음: 서버가 모든 변경을 받아들였습니다.</translation>
        </message>
        <message>
            <source>None: this terminal is not registered with a server.</source>
            <translation>없음: 이 단말기는 서버에 등록되어 있지 않습니다.</translation>
        </message>
        <message>
            <source>Sync problems</source>
            <translation>동기화 문제</translation>
        </message>
    </context>
    <context>
        <name>Workspace</name>
        <message>
            <source>Scan a card, or type a card number, phone or name</source>
            <translation>카드를 스캔하거나 카드 번호, 전화번호, 이름을 입력하세요</translation>
        </message>
        <message>
            <source>Find</source>
            <translation>찾기</translation>
        </message>
        <message>
            <source>Scan the member's card or phone code to start.

No card yet? Press F4 to enroll.</source>
            <translation>시작하려면 회원 카드나 휴대폰 코드를 스캔하세요.

카드가 없나요? F4를 눌러 가입하세요.</translation>
        </message>
        <message>
            <source>Undo sale</source>
            <translation>판매 취소</translation>
        </message>
        <message>
            <source>Sale</source>
            <translation>판매</translation>
        </message>
        <message>
            <source>Redeem</source>
            <translation>리워드</translation>
        </message>
        <message>
            <source>Enroll</source>
            <translation>회원 가입</translation>
        </message>
        <message>
            <source>Refund</source>
            <translation>환불</translation>
        </message>
        <message>
            <source>Switch cashier</source>
            <translation>계산원 변경</translation>
        </message>
        <message>
            <source>Asking the server about this card…</source>
            <translation>서버에서 이 카드를 확인하는 중…</translation>
        </message>
        <message>
            <source>Scan or find the member first.</source>
            <translation>먼저 회원을 스캔하거나 찾으세요.</translation>
        </message>
        <message>
            <source>Manager</source>
            <translation>매니저</translation>
        </message>
    </context>
    <context>
        <name>VoucherPanel</name>
        <message>
            <source>%1 · %2 points</source>
            <translation>%1 · %2포인트</translation>
        </message>
        <message>
            <source>Checking voucher %1…</source>
            <translation>쿠폰 %1 확인 중…</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>닫기</translation>
        </message>
        <message>
            <source>Confirm void</source>
            <translation>무효 처리 확인</translation>
        </message>
        <message>
            <source>Member card %1</source>
            <translation>회원 카드 %1</translation>
        </message>
        <message>
            <source>State: %1</source>
            <translation>상태: %1</translation>
        </message>
        <message>
            <source>Use voucher</source>
            <translation>쿠폰 사용</translation>
        </message>
        <message>
            <source>Using voucher %1…</source>
            <translation>쿠폰 %1 사용 중…</translation>
        </message>
        <message>
            <source>Valid until %1</source>
            <translation>%1까지 유효</translation>
        </message>
        <message>
            <source>Void voucher</source>
            <translation>쿠폰 무효 처리</translation>
        </message>
        <message>
            <source>Void voucher %1 and give %2 points back to the member?</source>
            <translation>쿠폰 %1을(를) 무효 처리하고 회원에게 %2포인트를 돌려줄까요?</translation>
        </message>
        <message>
            <source>Voucher</source>
            <translation>쿠폰</translation>
        </message>
        <message>
            <source>Voucher %1 used: %2.</source>
            <translation>쿠폰 %1 사용됨: %2.</translation>
        </message>
        <message>
            <source>Voucher %1 voided: %2 points given back. Balance: %3 points.</source>
            <translation>쿠폰 %1 무효 처리됨: %2포인트를 돌려주었습니다. 잔액: %3포인트.</translation>
        </message>
        <message>
            <source>expired</source>
            <translation>만료됨</translation>
        </message>
        <message>
            <source>used</source>
            <translation>사용됨</translation>
        </message>
        <message>
            <source>valid, not used yet</source>
            <translation>유효함, 아직 사용 안 함</translation>
        </message>
        <message>
            <source>void</source>
            <translation>무효</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>완료</translation>
        </message>
    </context>
    <context>
        <name>Wizard</name>
        <message>
            <source>Run setup again</source>
            <translation>설정 다시 실행</translation>
        </message>
        <message>
            <source>The server's store %1 is in %2, not in %3: choose %2 on the previous step, or check the registration code.</source>
            <translation>서버의 매장 %1은(는) %3이(가) 아니라 %2에 있습니다. 이전 단계에서 %2을(를) 고르거나 등록 코드를 확인하세요.</translation>
        </message>
        <message>
            <source>Camera</source>
            <translation>카메라</translation>
        </message>
        <message>
            <source>The camera reads member cards and phone codes. Hold a card in front of it and press Test scan.</source>
            <translation>카메라는 회원 카드와 휴대폰 코드를 읽습니다. 카드를 카메라 앞에 대고 스캔 테스트를 누르세요.</translation>
        </message>
        <message>
            <source>No camera (a USB scanner or the keyboard)</source>
            <translation>카메라 없음(USB 스캐너 또는 키보드)</translation>
        </message>
        <message>
            <source>Video file, image folder or address…</source>
            <translation>동영상 파일, 이미지 폴더 또는 주소…</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>소스</translation>
        </message>
        <message>
            <source>Test scan</source>
            <translation>스캔 테스트</translation>
        </message>
        <message>
            <source>Hold a member card in front of the camera…</source>
            <translation>회원 카드를 카메라 앞에 대세요…</translation>
        </message>
        <message>
            <source>Test scan read %1.</source>
            <translation>스캔 테스트 결과: %1.</translation>
        </message>
        <message>
            <source>Receipt printer</source>
            <translation>영수증 프린터</translation>
        </message>
        <message>
            <source>No receipt printer (vouchers as PDF)</source>
            <translation>영수증 프린터 없음(쿠폰은 PDF로)</translation>
        </message>
        <message>
            <source>File or device node</source>
            <translation>파일 또는 장치 노드</translation>
        </message>
        <message>
            <source>Network (ESC/POS)</source>
            <translation>네트워크(ESC/POS)</translation>
        </message>
        <message>
            <source>USB (ESC/POS)</source>
            <translation>USB(ESC/POS)</translation>
        </message>
        <message>
            <source>Vouchers and points slips print on an ESC/POS receipt printer. Press Test print to check it.</source>
            <translation>쿠폰과 포인트 영수증은 ESC/POS 영수증 프린터로 인쇄됩니다. 테스트 인쇄를 눌러 확인하세요.</translation>
        </message>
        <message>
            <source>Printer</source>
            <translation>프린터</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>주소</translation>
        </message>
        <message>
            <source>Test print</source>
            <translation>테스트 인쇄</translation>
        </message>
        <message>
            <source>Go on without a printer</source>
            <translation>프린터 없이 계속</translation>
        </message>
        <message>
            <source>Printing a test slip…</source>
            <translation>테스트 영수증 인쇄 중…</translation>
        </message>
        <message>
            <source>Test slip sent to the printer: check it came out.</source>
            <translation>테스트 영수증을 보냈습니다. 출력되었는지 확인하세요.</translation>
        </message>
        <message>
            <source>Tessera – first start</source>
            <translation>Tessera – 처음 시작</translation>
        </message>
        <message>
            <source>Set up this terminal</source>
            <translation>이 단말기 설정</translation>
        </message>
        <message>
            <source>Step %1 of %2: %3</source>
            <translation>%2단계 중 %1단계: %3</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>뒤로</translation>
        </message>
        <message>
            <source>Finish</source>
            <translation>완료</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>다음</translation>
        </message>
        <message>
            <source>Saving the settings and creating the terminal database…</source>
            <translation>설정을 저장하고 단말기 데이터베이스를 만드는 중…</translation>
        </message>
        <message>
            <source>Setup done.</source>
            <translation>설정이 끝났습니다.</translation>
        </message>
        <message>
            <source>Setup failed: %1</source>
            <translation>설정 실패: %1</translation>
        </message>
        <message>
            <source>First manager</source>
            <translation>첫 관리자</translation>
        </message>
        <message>
            <source>Add another manager here, or leave the fields empty.</source>
            <translation>여기에서 관리자를 더 추가하거나 칸을 비워 두세요.</translation>
        </message>
        <message>
            <source>The manager signs in with this PIN and adds the cashiers. A PIN has 4 to 6 digits.</source>
            <translation>관리자는 이 PIN으로 로그인하고 계산원을 추가합니다. PIN은 4~6자리 숫자입니다.</translation>
        </message>
        <message>
            <source>Manager's name</source>
            <translation>관리자 이름</translation>
        </message>
        <message>
            <source>PIN</source>
            <translation>PIN</translation>
        </message>
        <message>
            <source>PIN again</source>
            <translation>PIN 다시 입력</translation>
        </message>
        <message>
            <source>Type the manager's name.</source>
            <translation>관리자 이름을 입력하세요.</translation>
        </message>
        <message>
            <source>The name is too long (80 characters at most).</source>
            <translation>이름이 너무 깁니다(최대 80자).</translation>
        </message>
        <message>
            <source>A PIN has 4 to 6 digits.</source>
            <translation>PIN은 4~6자리 숫자입니다.</translation>
        </message>
        <message>
            <source>The two PINs differ: type the same PIN twice.</source>
            <translation>두 PIN이 다릅니다. 같은 PIN을 두 번 입력하세요.</translation>
        </message>
        <message>
            <source>Type a two-letter country code such as IT or RO.</source>
            <translation>IT나 RO 같은 두 글자 국가 코드를 입력하세요.</translation>
        </message>
        <message>
            <source>The server address must look like https://host:port.</source>
            <translation>서버 주소는 https://호스트:포트 형식이어야 합니다.</translation>
        </message>
        <message>
            <source>Type the registration code HQ gave you.</source>
            <translation>본사에서 받은 등록 코드를 입력하세요.</translation>
        </message>
        <message>
            <source>That video file or image folder does not exist.</source>
            <translation>해당 동영상 파일이나 이미지 폴더가 없습니다.</translation>
        </message>
        <message>
            <source>The printer address does not fit the printer kind.</source>
            <translation>프린터 주소가 프린터 종류와 맞지 않습니다.</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>언어</translation>
        </message>
        <message>
            <source>Choose the language of this terminal. You can change it later in the settings.</source>
            <translation>이 단말기의 언어를 고르세요. 나중에 설정에서 바꿀 수 있습니다.</translation>
        </message>
        <message>
            <source>Store region and currency</source>
            <translation>매장 지역과 통화</translation>
        </message>
        <message>
            <source>Italy</source>
            <translation>이탈리아</translation>
        </message>
        <message>
            <source>Romania</source>
            <translation>루마니아</translation>
        </message>
        <message>
            <source>South Korea</source>
            <translation>대한민국</translation>
        </message>
        <message>
            <source>United Kingdom</source>
            <translation>영국</translation>
        </message>
        <message>
            <source>Another country…</source>
            <translation>다른 국가…</translation>
        </message>
        <message>
            <source>Where is the store? Phone numbers typed without + are read in this country.</source>
            <translation>매장은 어디에 있나요? +없이 입력한 전화번호는 이 국가의 번호로 읽습니다.</translation>
        </message>
        <message>
            <source>Country</source>
            <translation>국가</translation>
        </message>
        <message>
            <source>Country code (ISO, two letters)</source>
            <translation>국가 코드(ISO, 두 글자)</translation>
        </message>
        <message>
            <source>Amounts and points follow the loyalty program: a registered terminal takes the server's, a standalone one starts with the starter program in EUR.</source>
            <translation>금액과 포인트는 적립 프로그램을 따릅니다. 등록된 단말기는 서버의 프로그램을, 단독 단말기는 EUR 기본 프로그램을 사용합니다.</translation>
        </message>
        <message>
            <source>Currency: %1</source>
            <translation>통화: %1</translation>
        </message>
        <message>
            <source>The server %1 cannot be reached. Check the address and the network, or go on standalone and register later.</source>
            <translation>서버 %1에 연결할 수 없습니다. 주소와 네트워크를 확인하거나, 단독으로 계속하고 나중에 등록하세요.</translation>
        </message>
        <message>
            <source>this registration code is unknown or was already used: ask HQ for a new one</source>
            <translation>알 수 없거나 이미 사용된 등록 코드입니다. 본사에 새 코드를 요청하세요</translation>
        </message>
        <message>
            <source>this registration code has expired: ask HQ for a new one</source>
            <translation>등록 코드가 만료되었습니다. 본사에 새 코드를 요청하세요</translation>
        </message>
        <message>
            <source>Loyalty server</source>
            <translation>적립 서버</translation>
        </message>
        <message>
            <source>A terminal registered with the loyalty server shares members and points with the other tills of the chain.</source>
            <translation>적립 서버에 등록된 단말기는 체인의 다른 계산대와 회원 및 포인트를 공유합니다.</translation>
        </message>
        <message>
            <source>Register with the server now</source>
            <translation>지금 서버에 등록</translation>
        </message>
        <message>
            <source>Standalone for now</source>
            <translation>지금은 단독으로</translation>
        </message>
        <message>
            <source>Server address</source>
            <translation>서버 주소</translation>
        </message>
        <message>
            <source>Registration code</source>
            <translation>등록 코드</translation>
        </message>
        <message>
            <source>Register</source>
            <translation>등록</translation>
        </message>
        <message>
            <source>Go on standalone</source>
            <translation>단독으로 계속</translation>
        </message>
        <message>
            <source>Standalone, the terminal works on its own; register it later in the settings or with tessera-pos register.</source>
            <translation>단독 모드에서는 단말기가 혼자 작동합니다. 나중에 설정이나 tessera-pos register로 등록하세요.</translation>
        </message>
        <message>
            <source>Registering with %1…</source>
            <translation>%1에 등록 중…</translation>
        </message>
        <message>
            <source>Registered as %1 of store %2.</source>
            <translation>매장 %2의 %1(으)로 등록되었습니다.</translation>
        </message>
    </context>
    <context>
        <name>HourChart</name>
        <message>
            <source>Hour</source>
            <translation>시</translation>
        </message>
    </context>
    <context>
        <name>TrendChart</name>
        <message>
            <source>Day</source>
            <translation>날짜</translation>
        </message>
        <message>
            <source>Points</source>
            <translation>포인트</translation>
        </message>
        <message>
            <source>Points issued</source>
            <translation>적립된 포인트</translation>
        </message>
        <message>
            <source>Points redeemed</source>
            <translation>사용된 포인트</translation>
        </message>
        <message>
            <source>Visits (scaled)</source>
            <translation>방문 (비율)</translation>
        </message>
    </context>
</TS>
