<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en_US">
    <context>
        <name>AuditTab</name>
        <message>
            <source>All days</source>
            <translation>All days</translation>
        </message>
        <message>
            <source>Audit trail</source>
            <translation>Audit trail</translation>
        </message>
        <message>
            <source>Backup restored</source>
            <translation>Backup restored</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSV files (*.csv)</translation>
        </message>
        <message>
            <source>Cannot save the CSV: %1</source>
            <translation>Cannot save the CSV: %1</translation>
        </message>
        <message>
            <source>Cashier</source>
            <translation>Cashier</translation>
        </message>
        <message>
            <source>Cashier PIN refused for a manager act</source>
            <translation>Cashier PIN refused for a manager act</translation>
        </message>
        <message>
            <source>Cashier PIN reset</source>
            <translation>Cashier PIN reset</translation>
        </message>
        <message>
            <source>Cashier added</source>
            <translation>Cashier added</translation>
        </message>
        <message>
            <source>Cashier disabled</source>
            <translation>Cashier disabled</translation>
        </message>
        <message>
            <source>Cashier id</source>
            <translation>Cashier id</translation>
        </message>
        <message>
            <source>Cashier role changed</source>
            <translation>Cashier role changed</translation>
        </message>
        <message>
            <source>Day</source>
            <translation>Day</translation>
        </message>
        <message>
            <source>Detail</source>
            <translation>Detail</translation>
        </message>
        <message>
            <source>Every kind</source>
            <translation>Every kind</translation>
        </message>
        <message>
            <source>Export CSV</source>
            <translation>Export CSV</translation>
        </message>
        <message>
            <source>Export the audit trail</source>
            <translation>Export the audit trail</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Manager PIN approved</source>
            <translation>Manager PIN approved</translation>
        </message>
        <message>
            <source>Manager acts and wrong PINs, as they happened. Nothing here can be changed or removed.</source>
            <translation>Manager acts and wrong PINs, as they happened. Nothing here can be changed or removed.</translation>
        </message>
        <message>
            <source>Member</source>
            <translation>Member</translation>
        </message>
        <message>
            <source>Card or last 4 digits</source>
            <translation>Card or last 4 digits</translation>
        </message>
        <message>
            <source>Member enrolled</source>
            <translation>Member enrolled</translation>
        </message>
        <message>
            <source>No rows for these filters.</source>
            <translation>No rows for these filters.</translation>
        </message>
        <message>
            <source>Points correction</source>
            <translation>Points correction</translation>
        </message>
        <message>
            <source>Saved %1 rows to %2.</source>
            <translation>Saved %1 rows to %2.</translation>
        </message>
        <message>
            <source>Settings changed</source>
            <translation>Settings changed</translation>
        </message>
        <message>
            <source>Setup wizard run</source>
            <translation>Setup wizard run</translation>
        </message>
        <message>
            <source>Signed in</source>
            <translation>Signed in</translation>
        </message>
        <message>
            <source>The newest %1 rows are shown; Export CSV writes them all.</source>
            <translation>The newest %1 rows are shown; Export CSV writes them all.</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Voucher used</source>
            <translation>Voucher used</translation>
        </message>
        <message>
            <source>Voucher voided</source>
            <translation>Voucher voided</translation>
        </message>
        <message>
            <source>Wrong PIN at restore</source>
            <translation>Wrong PIN at restore</translation>
        </message>
        <message>
            <source>Wrong PIN at sign-in</source>
            <translation>Wrong PIN at sign-in</translation>
        </message>
        <message>
            <source>Wrong manager PIN</source>
            <translation>Wrong manager PIN</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>unknown</translation>
        </message>
    </context>
    <context>
        <name>CameraSlot</name>
        <message>
            <source>Starting camera…</source>
            <translation>Starting camera…</translation>
        </message>
        <message>
            <source>No camera</source>
            <translation>No camera</translation>
        </message>
        <message>
            <source>Camera lost</source>
            <translation>Camera lost</translation>
        </message>
    </context>
    <context>
        <name>CashiersTab</name>
        <message>
            <source>Cashier</source>
            <translation>Cashier</translation>
        </message>
        <message>
            <source>Cashier ID (an existing ID gets the new PIN)</source>
            <translation>Cashier ID (an existing ID gets the new PIN)</translation>
        </message>
        <message>
            <source>Cashiers</source>
            <translation>Cashiers</translation>
        </message>
        <message>
            <source>Manager</source>
            <translation>Manager</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>PIN (4 to 6 digits)</source>
            <translation>PIN (4 to 6 digits)</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>Role</translation>
        </message>
        <message>
            <source>Save cashier</source>
            <translation>Save cashier</translation>
        </message>
        <message>
            <source>Saved: %1 signs in with the new PIN.</source>
            <translation>Saved: %1 signs in with the new PIN.</translation>
        </message>
        <message>
            <source>Type the cashier&apos;s ID.</source>
            <translation>Type the cashier&apos;s ID.</translation>
        </message>
        <message>
            <source>Type the cashier&apos;s name.</source>
            <translation>Type the cashier&apos;s name.</translation>
        </message>
    </context>
    <context>
        <name>CorrectionTab</name>
        <message>
            <source>Apply correction</source>
            <translation>Apply correction</translation>
        </message>
        <message>
            <source>Card number</source>
            <translation>Card number</translation>
        </message>
        <message>
            <source>Corrected by %1 points. New balance of card %2: %3 points.</source>
            <translation>Corrected by %1 points. New balance of card %2: %3 points.</translation>
        </message>
        <message>
            <source>Points (+ to add, - to take away)</source>
            <translation>Points (+ to add, - to take away)</translation>
        </message>
        <message>
            <source>Points correction</source>
            <translation>Points correction</translation>
        </message>
        <message>
            <source>Reason (required)</source>
            <translation>Reason (required)</translation>
        </message>
        <message>
            <source>The correction is recorded with your name and sent to the server.</source>
            <translation>The correction is recorded with your name and sent to the server.</translation>
        </message>
        <message>
            <source>Type or scan the member&apos;s card number.</source>
            <translation>Type or scan the member&apos;s card number.</translation>
        </message>
        <message>
            <source>Type the points as a whole number other than zero, e.g. 50 or -20.</source>
            <translation>Type the points as a whole number other than zero, e.g. 50 or -20.</translation>
        </message>
        <message>
            <source>Type the reason for the correction.</source>
            <translation>Type the reason for the correction.</translation>
        </message>
        <message>
            <source>e.g. 50 or -20</source>
            <translation>e.g. 50 or -20</translation>
        </message>
    </context>
    <context>
        <name>EnrollPanel</name>
        <message>
            <source>New member</source>
            <translation>New member</translation>
        </message>
        <message>
            <source>empty: a new number</source>
            <translation>empty: a new number</translation>
        </message>
        <message>
            <source>Agrees to receive offers</source>
            <translation>Agrees to receive offers</translation>
        </message>
        <message>
            <source>Name *</source>
            <translation>Name *</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>E-mail</source>
            <translation>E-mail</translation>
        </message>
        <message>
            <source>Card number</source>
            <translation>Card number</translation>
        </message>
        <message>
            <source>A phone number or an e-mail address is needed.</source>
            <translation>A phone number or an e-mail address is needed.</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Enroll</source>
            <translation>Enroll</translation>
        </message>
        <message>
            <source>Print card</source>
            <translation>Print card</translation>
        </message>
        <message>
            <source>Type the member's name.</source>
            <translation>Type the member's name.</translation>
        </message>
        <message>
            <source>Type a phone number or an e-mail address.</source>
            <translation>Type a phone number or an e-mail address.</translation>
        </message>
        <message>
            <source>Welcome, %1! Card %2 is ready.</source>
            <translation>Welcome, %1! Card %2 is ready.</translation>
        </message>
        <message>
            <source>Welcome bonus: %1 points.</source>
            <translation>Welcome bonus: %1 points.</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Done</translation>
        </message>
        <message>
            <source>Showing that member.</source>
            <translation>Showing that member.</translation>
        </message>
        <message>
            <source>Not enrolled: the server already has this member.</source>
            <translation>Not enrolled: the server already has this member.</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>(demo)</source>
            <translation>(demo)</translation>
        </message>
        <message>
            <source>Tessera – loyalty terminal</source>
            <translation>Tessera – loyalty terminal</translation>
        </message>
        <message>
            <source>Opening the terminal database…</source>
            <translation>Opening the terminal database…</translation>
        </message>
        <message>
            <source>Cannot open the terminal database: %1</source>
            <translation>Cannot open the terminal database: %1</translation>
        </message>
    </context>
    <context>
        <name>ManagerPage</name>
        <message>
            <source>Audit trail</source>
            <translation>Audit trail</translation>
        </message>
        <message>
            <source>Back to sales</source>
            <translation>Back to sales</translation>
        </message>
        <message>
            <source>Cashiers</source>
            <translation>Cashiers</translation>
        </message>
        <message>
            <source>Daily summary</source>
            <translation>Daily summary</translation>
        </message>
        <message>
            <source>Manager</source>
            <translation>Manager</translation>
        </message>
        <message>
            <source>Points correction</source>
            <translation>Points correction</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Settings</translation>
        </message>
        <message>
            <source>Sync problems</source>
            <translation>Sync problems</translation>
        </message>
    </context>
    <context>
        <name>MemberPanel</name>
        <message>
            <source>Blocked: ask a manager before any sale or reward.</source>
            <translation>Blocked: ask a manager before any sale or reward.</translation>
        </message>
        <message>
            <source>Points to spend</source>
            <translation>Points to spend</translation>
        </message>
        <message>
            <source>Pending points</source>
            <translation>Pending points</translation>
        </message>
        <message>
            <source>Expiring within 30 days</source>
            <translation>Expiring within 30 days</translation>
        </message>
        <message>
            <source>Recent visits</source>
            <translation>Recent visits</translation>
        </message>
        <message>
            <source>Card %1</source>
            <translation>Card %1</translation>
        </message>
        <message>
            <source>%1 tier</source>
            <translation>%1 tier</translation>
        </message>
        <message>
            <source>Top tier reached</source>
            <translation>Top tier reached</translation>
        </message>
        <message>
            <source>%1 more to spend for %2</source>
            <translation>%1 more to spend for %2</translation>
        </message>
        <message>
            <source>No visits yet</source>
            <translation>No visits yet</translation>
        </message>
        <message>
            <source>Sale</source>
            <translation>Sale</translation>
        </message>
        <message>
            <source>Reward</source>
            <translation>Reward</translation>
        </message>
        <message>
            <source>Refund</source>
            <translation>Refund</translation>
        </message>
        <message>
            <source>Correction</source>
            <translation>Correction</translation>
        </message>
        <message>
            <source>Expired</source>
            <translation>Expired</translation>
        </message>
        <message>
            <source>Bonus</source>
            <translation>Bonus</translation>
        </message>
    </context>
    <context>
        <name>Messages</name>
        <message>
            <source>Wrong PIN.</source>
            <translation>Wrong PIN.</translation>
        </message>
        <message>
            <source>Too many wrong PINs: try again in %1 s.</source>
            <translation>Too many wrong PINs: try again in %1 s.</translation>
        </message>
        <message>
            <source>A PIN is 4 to 6 digits.</source>
            <translation>A PIN is 4 to 6 digits.</translation>
        </message>
        <message>
            <source>No member has card %1.</source>
            <translation>No member has card %1.</translation>
        </message>
        <message>
            <source>No member has that phone number.</source>
            <translation>No member has that phone number.</translation>
        </message>
        <message>
            <source>That card number is mistyped: please check the digits.</source>
            <translation>That card number is mistyped: please check the digits.</translation>
        </message>
        <message>
            <source>That is neither a card number nor a phone number.</source>
            <translation>That is neither a card number nor a phone number.</translation>
        </message>
        <message>
            <source>A card number has 13 digits.</source>
            <translation>A card number has 13 digits.</translation>
        </message>
        <message>
            <source>This member is blocked: please ask a manager.</source>
            <translation>This member is blocked: please ask a manager.</translation>
        </message>
        <message>
            <source>Receipt %1 was already used for another sale.</source>
            <translation>Receipt %1 was already used for another sale.</translation>
        </message>
        <message>
            <source>No sale has receipt %1.</source>
            <translation>No sale has receipt %1.</translation>
        </message>
        <message>
            <source>Receipt %1 is already fully refunded.</source>
            <translation>Receipt %1 is already fully refunded.</translation>
        </message>
        <message>
            <source>The refund is larger than what is left on receipt %1.</source>
            <translation>The refund is larger than what is left on receipt %1.</translation>
        </message>
        <message>
            <source>A refund amount must be more than zero.</source>
            <translation>A refund amount must be more than zero.</translation>
        </message>
        <message>
            <source>The amount must be more than zero.</source>
            <translation>The amount must be more than zero.</translation>
        </message>
        <message>
            <source>This currency has no decimals.</source>
            <translation>This currency has no decimals.</translation>
        </message>
        <message>
            <source>At most %1 decimals.</source>
            <translation>At most %1 decimals.</translation>
        </message>
        <message>
            <source>That amount is too large.</source>
            <translation>That amount is too large.</translation>
        </message>
        <message>
            <source>Type the amount as digits, e.g. 12.50.</source>
            <translation>Type the amount as digits, e.g. 12.50.</translation>
        </message>
        <message>
            <source>A receipt number is 1 to 64 characters.</source>
            <translation>A receipt number is 1 to 64 characters.</translation>
        </message>
        <message>
            <source>%1 is already a member with this phone or e-mail (card %2).</source>
            <translation>%1 is already a member with this phone or e-mail (card %2).</translation>
        </message>
        <message>
            <source>Card %1 already belongs to a member.</source>
            <translation>Card %1 already belongs to a member.</translation>
        </message>
        <message>
            <source>A member needs a name.</source>
            <translation>A member needs a name.</translation>
        </message>
        <message>
            <source>The name is longer than 200 characters.</source>
            <translation>The name is longer than 200 characters.</translation>
        </message>
        <message>
            <source>That phone number is not valid.</source>
            <translation>That phone number is not valid.</translation>
        </message>
        <message>
            <source>That e-mail address is not valid.</source>
            <translation>That e-mail address is not valid.</translation>
        </message>
        <message>
            <source>The name contains characters that are not allowed.</source>
            <translation>The name contains characters that are not allowed.</translation>
        </message>
        <message>
            <source>Type the phone number with its country code, e.g. +40 721 555 010.</source>
            <translation>Type the phone number with its country code, e.g. +40 721 555 010.</translation>
        </message>
        <message>
            <source>%1 is not available at this time.</source>
            <translation>%1 is not available at this time.</translation>
        </message>
        <message>
            <source>%1 needs %2 tier or higher.</source>
            <translation>%1 needs %2 tier or higher.</translation>
        </message>
        <message>
            <source>%1: limit per member reached (%2).</source>
            <translation>%1: limit per member reached (%2).</translation>
        </message>
        <message>
            <source>%1 needs %2 points; %3 available.</source>
            <translation>%1 needs %2 points; %3 available.</translation>
        </message>
        <message>
            <source>Not enough points: %1 available, %2 needed.</source>
            <translation>Not enough points: %1 available, %2 needed.</translation>
        </message>
        <message>
            <source>That reward is not in the catalog.</source>
            <translation>That reward is not in the catalog.</translation>
        </message>
        <message>
            <source>Offline limit reached: %1 of %2 points left today until the terminal syncs.</source>
            <translation>Offline limit reached: %1 of %2 points left today until the terminal syncs.</translation>
        </message>
        <message>
            <source>This QR code is not a valid member code.</source>
            <translation>This QR code is not a valid member code.</translation>
        </message>
        <message>
            <source>This member code is not genuine.</source>
            <translation>This member code is not genuine.</translation>
        </message>
        <message>
            <source>This member code has expired: ask the member to refresh it.</source>
            <translation>This member code has expired: ask the member to refresh it.</translation>
        </message>
        <message>
            <source>This member code is dated in the future: check the terminal clock.</source>
            <translation>This member code is dated in the future: check the terminal clock.</translation>
        </message>
        <message>
            <source>This member code was already used: ask the member to refresh it.</source>
            <translation>This member code was already used: ask the member to refresh it.</translation>
        </message>
        <message>
            <source>This terminal does not know this member code yet: sync and retry.</source>
            <translation>This terminal does not know this member code yet: sync and retry.</translation>
        </message>
        <message>
            <source>Something went wrong: %1</source>
            <translation>Something went wrong: %1</translation>
        </message>
        <message>
            <source>A correction changes the balance by a number of points other than zero.</source>
            <translation>A correction changes the balance by a number of points other than zero.</translation>
        </message>
        <message>
            <source>Another cashier already uses this PIN: choose another.</source>
            <translation>Another cashier already uses this PIN: choose another.</translation>
        </message>
        <message>
            <source>The role is cashier or manager.</source>
            <translation>The role is cashier or manager.</translation>
        </message>
        <message>
            <source>Type the reason for the correction.</source>
            <translation>Type the reason for the correction.</translation>
        </message>
        <message>
            <source>The request was refused.</source>
            <translation>The request was refused.</translation>
        </message>
        <message>
            <source>That input is not valid.</source>
            <translation>That input is not valid.</translation>
        </message>
        <message>
            <source>That card number is not valid.</source>
            <translation>That card number is not valid.</translation>
        </message>
        <message>
            <source>The currency %1 is not supported.</source>
            <translation>The currency %1 is not supported.</translation>
        </message>
        <message>
            <source>A reversal cannot be reversed.</source>
            <translation>A reversal cannot be reversed.</translation>
        </message>
        <message>
            <source>The loyalty program is not valid: %1</source>
            <translation>The loyalty program is not valid: %1</translation>
        </message>
        <message>
            <source>The settings file is not valid: %1</source>
            <translation>The settings file is not valid: %1</translation>
        </message>
        <message>
            <source>Program version %1 already exists with other rules.</source>
            <translation>Program version %1 already exists with other rules.</translation>
        </message>
        <message>
            <source>No loyalty program is loaded: sync with the server.</source>
            <translation>No loyalty program is loaded: sync with the server.</translation>
        </message>
        <message>
            <source>The server did not send its active program version %1.</source>
            <translation>The server did not send its active program version %1.</translation>
        </message>
        <message>
            <source>No terminal database in %1: run tessera-pos init first.</source>
            <translation>No terminal database in %1: run tessera-pos init first.</translation>
        </message>
        <message>
            <source>The server address must look like https://host:port.</source>
            <translation>The server address must look like https://host:port.</translation>
        </message>
        <message>
            <source>This terminal is not registered: run tessera-pos register.</source>
            <translation>This terminal is not registered: run tessera-pos register.</translation>
        </message>
        <message>
            <source>Registration failed: %1</source>
            <translation>Registration failed: %1</translation>
        </message>
        <message>
            <source>A registration code has 4 to 64 characters; this one has %1.</source>
            <translation>A registration code has 4 to 64 characters; this one has %1.</translation>
        </message>
        <message>
            <source>%1 is the last manager: add another manager first.</source>
            <translation>%1 is the last manager: add another manager first.</translation>
        </message>
        <message>
            <source>No voucher has code %1.</source>
            <translation>No voucher has code %1.</translation>
        </message>
        <message>
            <source>Receipt %1 was not rung on this till and the server cannot be reached now.</source>
            <translation>Receipt %1 was not rung on this till and the server cannot be reached now.</translation>
        </message>
        <message>
            <source>Voucher %1 expired on %2.</source>
            <translation>Voucher %1 expired on %2.</translation>
        </message>
        <message>
            <source>Voucher %1 was already used.</source>
            <translation>Voucher %1 was already used.</translation>
        </message>
        <message>
            <source>Voucher %1 was voided: it cannot be used.</source>
            <translation>Voucher %1 was voided: it cannot be used.</translation>
        </message>
        <message>
            <source>The terminal database %1 is empty and was not replaced. Nothing can be sold until a backup is restored (tessera-pos restore); newest backup: %2</source>
            <translation>The terminal database %1 is empty and was not replaced. Nothing can be sold until a backup is restored (tessera-pos restore); newest backup: %2</translation>
        </message>
        <message>
            <source>%1 is not a terminal database (its header is damaged). Restore a backup (tessera-pos restore); newest backup: %2</source>
            <translation>%1 is not a terminal database (its header is damaged). Restore a backup (tessera-pos restore); newest backup: %2</translation>
        </message>
        <message>
            <source>The terminal database %1 is truncated. Restore a backup (tessera-pos restore); newest backup: %2</source>
            <translation>The terminal database %1 is truncated. Restore a backup (tessera-pos restore); newest backup: %2</translation>
        </message>
        <message>
            <source>The terminal database %1 is damaged. Restore a backup (tessera-pos restore); newest backup: %2</source>
            <translation>The terminal database %1 is damaged. Restore a backup (tessera-pos restore); newest backup: %2</translation>
        </message>
        <message>
            <source>The terminal database %1 cannot be written. Nothing was saved: ask a technician to give this user write access.</source>
            <translation>The terminal database %1 cannot be written. Nothing was saved: ask a technician to give this user write access.</translation>
        </message>
        <message>
            <source>The disk is full. Nothing was saved: free some space, then try again.</source>
            <translation>The disk is full. Nothing was saved: free some space, then try again.</translation>
        </message>
        <message>
            <source>The disk failed to read or write. Nothing was saved: run tessera-pos doctor.</source>
            <translation>The disk failed to read or write. Nothing was saved: run tessera-pos doctor.</translation>
        </message>
        <message>
            <source>Too many wrong PINs: the PIN pad is locked for %1 s.</source>
            <translation>Too many wrong PINs: the PIN pad is locked for %1 s.</translation>
        </message>
        <message>
            <source>The receipt printer is not set up right: %1</source>
            <translation>The receipt printer is not set up right: %1</translation>
        </message>
        <message>
            <source>The receipt printer %1 cannot be reached: check that it is on and connected.</source>
            <translation>The receipt printer %1 cannot be reached: check that it is on and connected.</translation>
        </message>
        <message>
            <source>The receipt printer %1 stopped printing: check its paper and cable.</source>
            <translation>The receipt printer %1 stopped printing: check its paper and cable.</translation>
        </message>
        <message>
            <source>The receipt printer %1 is out of paper.</source>
            <translation>The receipt printer %1 is out of paper.</translation>
        </message>
        <message>
            <source>%1 is not a usable terminal backup: %2</source>
            <translation>%1 is not a usable terminal backup: %2</translation>
        </message>
        <message>
            <source>%1 is a backup of another terminal: it cannot be restored on this one.</source>
            <translation>%1 is a backup of another terminal: it cannot be restored on this one.</translation>
        </message>
        <message>
            <source>There is no backup in %1.</source>
            <translation>There is no backup in %1.</translation>
        </message>
        <message>
            <source>The terminal database %1 could not be upgraded from schema %2 to %3 (%4): it was put back as it was from %5. Nothing was lost: reinstall the previous version of Tessera and report this.</source>
            <translation>The terminal database %1 could not be upgraded from schema %2 to %3 (%4): it was put back as it was from %5. Nothing was lost: reinstall the previous version of Tessera and report this.</translation>
        </message>
        <message>
            <source>The terminal database %1 could not be upgraded (%2) and its backup could not be put back (%3). Restore it with tessera-pos restore %4</source>
            <translation>The terminal database %1 could not be upgraded (%2) and its backup could not be put back (%3). Restore it with tessera-pos restore %4</translation>
        </message>
    </context>
    <context>
        <name>Printing</name>
        <message>
            <source>Saved to %1</source>
            <translation>Saved to %1</translation>
        </message>
        <message>
            <source>Opened for printing: %1</source>
            <translation>Opened for printing: %1</translation>
        </message>
        <message>
            <source>Printing is not available on this terminal.</source>
            <translation>Printing is not available on this terminal.</translation>
        </message>
    </context>
    <context>
        <name>Receipts</name>
        <message>
            <source>Voucher</source>
            <translation>Voucher</translation>
        </message>
        <message>
            <source>Points spent</source>
            <translation>Points spent</translation>
        </message>
        <message>
            <source>Balance</source>
            <translation>Balance</translation>
        </message>
        <message>
            <source>Card</source>
            <translation>Card</translation>
        </message>
        <message>
            <source>Store</source>
            <translation>Store</translation>
        </message>
        <message>
            <source>Terminal</source>
            <translation>Terminal</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Points</source>
            <translation>Points</translation>
        </message>
        <message>
            <source>Receipt</source>
            <translation>Receipt</translation>
        </message>
        <message>
            <source>Points earned</source>
            <translation>Points earned</translation>
        </message>
        <message>
            <source>Expiring within 30 days</source>
            <translation>Expiring within 30 days</translation>
        </message>
        <message>
            <source>Welcome</source>
            <translation>Welcome</translation>
        </message>
        <message>
            <source>Your card number</source>
            <translation>Your card number</translation>
        </message>
        <message>
            <source>Welcome bonus</source>
            <translation>Welcome bonus</translation>
        </message>
        <message>
            <source>Keep this slip with your card.</source>
            <translation>Keep this slip with your card.</translation>
        </message>
        <message>
            <source>Only the slip is missing: nothing else was undone.</source>
            <translation>Only the slip is missing: nothing else was undone.</translation>
        </message>
    </context>
    <context>
        <name>RedeemPanel</name>
        <message>
            <source>Rewards</source>
            <translation>Rewards</translation>
        </message>
        <message>
            <source>Confirm</source>
            <translation>Confirm</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Print voucher</source>
            <translation>Print voucher</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Done</translation>
        </message>
        <message>
            <source>%1 points</source>
            <translation>%1 points</translation>
        </message>
        <message>
            <source>Redeem %1 for %2 points?</source>
            <translation>Redeem %1 for %2 points?</translation>
        </message>
        <message>
            <source>%1 redeemed. New balance: %2 points. Voucher code:</source>
            <translation>%1 redeemed. New balance: %2 points. Voucher code:</translation>
        </message>
    </context>
    <context>
        <name>RefundPanel</name>
        <message>
            <source>Refund</source>
            <translation>Refund</translation>
        </message>
        <message>
            <source>empty: the whole sale</source>
            <translation>empty: the whole sale</translation>
        </message>
        <message>
            <source>Receipt number</source>
            <translation>Receipt number</translation>
        </message>
        <message>
            <source>Amount to refund (%1)</source>
            <translation>Amount to refund (%1)</translation>
        </message>
        <message>
            <source>Points earned on the refunded part are taken back.</source>
            <translation>Points earned on the refunded part are taken back.</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Type or scan the receipt number.</source>
            <translation>Type or scan the receipt number.</translation>
        </message>
        <message>
            <source>Refunded %1 on receipt %2: %3 points taken back. Balance: %4 points.</source>
            <translation>Refunded %1 on receipt %2: %3 points taken back. Balance: %4 points.</translation>
        </message>
        <message>
            <source>The balance is now negative.</source>
            <translation>The balance is now negative.</translation>
        </message>
        <message>
            <source>Queue refund</source>
            <translation>Queue refund</translation>
        </message>
        <message>
            <source>Queue the refund anyway? It will be applied when the sale reaches the server; the points taken back are known after that.</source>
            <translation>Queue the refund anyway? It will be applied when the sale reaches the server; the points taken back are known after that.</translation>
        </message>
        <message>
            <source>Refund of receipt %1 queued: it will be applied when the sale reaches the server.</source>
            <translation>Refund of receipt %1 queued: it will be applied when the sale reaches the server.</translation>
        </message>
    </context>
    <context>
        <name>SalePanel</name>
        <message>
            <source>New sale</source>
            <translation>New sale</translation>
        </message>
        <message>
            <source>empty: a number is generated</source>
            <translation>empty: a number is generated</translation>
        </message>
        <message>
            <source>Basket total (%1)</source>
            <translation>Basket total (%1)</translation>
        </message>
        <message>
            <source>Receipt number (optional)</source>
            <translation>Receipt number (optional)</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Confirm sale</source>
            <translation>Confirm sale</translation>
        </message>
        <message>
            <source>Type the basket total.</source>
            <translation>Type the basket total.</translation>
        </message>
        <message>
            <source>That is not an amount yet.</source>
            <translation>That is not an amount yet.</translation>
        </message>
        <message>
            <source>%1 earns %2 points</source>
            <translation>%1 earns %2 points</translation>
        </message>
        <message>
            <source>tier ×%1</source>
            <translation>tier ×%1</translation>
        </message>
        <message>
            <source>promotion ×%1</source>
            <translation>promotion ×%1</translation>
        </message>
        <message>
            <source>capped</source>
            <translation>capped</translation>
        </message>
        <message>
            <source>Type the basket total as digits, e.g. %1.</source>
            <translation>Type the basket total as digits, e.g. %1.</translation>
        </message>
        <message>
            <source>Sale recorded: +%1 points. New balance: %2 points. Receipt %3.</source>
            <translation>Sale recorded: +%1 points. New balance: %2 points. Receipt %3.</translation>
        </message>
        <message>
            <source>This receipt was already recorded; nothing was added.</source>
            <translation>This receipt was already recorded; nothing was added.</translation>
        </message>
        <message>
            <source>Undo sale (%1:%2)</source>
            <translation>Undo sale (%1:%2)</translation>
        </message>
        <message>
            <source>Too late to undo: use Refund instead.</source>
            <translation>Too late to undo: use Refund instead.</translation>
        </message>
        <message>
            <source>Sale %1 undone: %2 points taken back. Balance: %3 points.</source>
            <translation>Sale %1 undone: %2 points taken back. Balance: %3 points.</translation>
        </message>
    </context>
    <context>
        <name>SearchResults</name>
        <message>
            <source>No member found for “%1”.</source>
            <translation>No member found for “%1”.</translation>
        </message>
        <message>
            <source>Members matching “%1”: pick one</source>
            <translation>Members matching “%1”: pick one</translation>
        </message>
    </context>
    <context>
        <name>SettingsTab</name>
        <message>
            <source>A new language applies after the terminal restarts. Camera changes apply at once.</source>
            <translation>A new language applies after the terminal restarts. Camera changes apply at once.</translation>
        </message>
        <message>
            <source>As the computer</source>
            <translation>As the computer</translation>
        </message>
        <message>
            <source>Camera</source>
            <translation>Camera</translation>
        </message>
        <message>
            <source>Cannot save the settings: %1</source>
            <translation>Cannot save the settings: %1</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Language</translation>
        </message>
        <message>
            <source>Lock after idle (minutes)</source>
            <translation>Lock after idle (minutes)</translation>
        </message>
        <message>
            <source>None</source>
            <translation>None</translation>
        </message>
        <message>
            <source>Other (type below)</source>
            <translation>Other (type below)</translation>
        </message>
        <message>
            <source>Other source</source>
            <translation>Other source</translation>
        </message>
        <message>
            <source>Resolution</source>
            <translation>Resolution</translation>
        </message>
        <message>
            <source>Restart the terminal to use the new language.</source>
            <translation>Restart the terminal to use the new language.</translation>
        </message>
        <message>
            <source>Same code again after (seconds)</source>
            <translation>Same code again after (seconds)</translation>
        </message>
        <message>
            <source>Save settings</source>
            <translation>Save settings</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Settings</translation>
        </message>
        <message>
            <source>Settings saved.</source>
            <translation>Settings saved.</translation>
        </message>
        <message>
            <source>Type the camera source, or pick None.</source>
            <translation>Type the camera source, or pick None.</translation>
        </message>
        <message>
            <source>camera number, file, folder or URL</source>
            <translation>camera number, file, folder or URL</translation>
        </message>
        <message>
            <source>never</source>
            <translation>never</translation>
        </message>
        <message>
            <source>Back up now</source>
            <translation>Back up now</translation>
        </message>
        <message>
            <source>Restore…</source>
            <translation>Restore…</translation>
        </message>
        <message>
            <source>PIN</source>
            <translation>PIN</translation>
        </message>
        <message>
            <source>A manager's PIN, needed to restore a backup</source>
            <translation>A manager's PIN, needed to restore a backup</translation>
        </message>
        <message>
            <source>Backup written: %1</source>
            <translation>Backup written: %1</translation>
        </message>
        <message>
            <source>Cannot write the backup: %1</source>
            <translation>Cannot write the backup: %1</translation>
        </message>
        <message>
            <source>Restore a backup</source>
            <translation>Restore a backup</translation>
        </message>
        <message>
            <source>Terminal backups (*.db)</source>
            <translation>Terminal backups (*.db)</translation>
        </message>
        <message>
            <source>Type a manager's PIN, then choose the backup.</source>
            <translation>Type a manager's PIN, then choose the backup.</translation>
        </message>
        <message>
            <source>Restored %1. The replaced database is kept in %2.</source>
            <translation>Restored %1. The replaced database is kept in %2.</translation>
        </message>
        <message>
            <source>Nothing was restored: %1</source>
            <translation>Nothing was restored: %1</translation>
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
            <translation>Cashier PIN</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>OK</translation>
        </message>
        <message>
            <source>A PIN is 4 to 6 digits.</source>
            <translation>A PIN is 4 to 6 digits.</translation>
        </message>
        <message>
            <source>You can try again.</source>
            <translation>You can try again.</translation>
        </message>
        <message>
            <source>Too many wrong PINs. Locked for %1 s.</source>
            <translation>Too many wrong PINs. Locked for %1 s.</translation>
        </message>
    </context>
    <context>
        <name>StatusBar</name>
        <message>
            <source>Online</source>
            <translation>Online</translation>
        </message>
        <message>
            <source>Offline</source>
            <translation>Offline</translation>
        </message>
        <message>
            <source>Standalone</source>
            <translation>Standalone</translation>
        </message>
        <message>
            <source>To sync: %1</source>
            <translation>To sync: %1</translation>
        </message>
        <message>
            <source>Last sync: %1</source>
            <translation>Last sync: %1</translation>
        </message>
        <message>
            <source>never</source>
            <translation>never</translation>
        </message>
        <message>
            <source>Store %1 · Terminal %2</source>
            <translation>Store %1 · Terminal %2</translation>
        </message>
        <message>
            <source>Cashier: %1</source>
            <translation>Cashier: %1</translation>
        </message>
        <message>
            <source>Signed out</source>
            <translation>Signed out</translation>
        </message>
    </context>
    <context>
        <name>SummaryTab</name>
        <message>
            <source>(none)</source>
            <translation>(none)</translation>
        </message>
        <message>
            <source>By hour</source>
            <translation>By hour</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSV files (*.csv)</translation>
        </message>
        <message>
            <source>Cannot save the file: %1</source>
            <translation>Cannot save the file: %1</translation>
        </message>
        <message>
            <source>Cashier</source>
            <translation>Cashier</translation>
        </message>
        <message>
            <source>Export CSV</source>
            <translation>Export CSV</translation>
        </message>
        <message>
            <source>Member sales</source>
            <translation>Member sales</translation>
        </message>
        <message>
            <source>No answer from the server: this terminal only.</source>
            <translation>No answer from the server: this terminal only.</translation>
        </message>
        <message>
            <source>Points</source>
            <translation>Points</translation>
        </message>
        <message>
            <source>Provisional: %1 changes of this terminal are not yet sent to the server.</source>
            <translation>Provisional: %1 changes of this terminal are not yet sent to the server.</translation>
        </message>
        <message>
            <source>Redeemed</source>
            <translation>Redeemed</translation>
        </message>
        <message>
            <source>Reward</source>
            <translation>Reward</translation>
        </message>
        <message>
            <source>Sales</source>
            <translation>Sales</translation>
        </message>
        <message>
            <source>The last 30 days</source>
            <translation>The last 30 days</translation>
        </message>
        <message>
            <source>This terminal</source>
            <translation>This terminal</translation>
        </message>
        <message>
            <source>Whole store</source>
            <translation>Whole store</translation>
        </message>
        <message>
            <source>Cannot save the PDF: %1</source>
            <translation>Cannot save the PDF: %1</translation>
        </message>
        <message>
            <source>Changes not yet sent to the server</source>
            <translation>Changes not yet sent to the server</translation>
        </message>
        <message>
            <source>Daily summary</source>
            <translation>Daily summary</translation>
        </message>
        <message>
            <source>Day</source>
            <translation>Day</translation>
        </message>
        <message>
            <source>Members with a negative balance</source>
            <translation>Members with a negative balance</translation>
        </message>
        <message>
            <source>Net sales</source>
            <translation>Net sales</translation>
        </message>
        <message>
            <source>New members</source>
            <translation>New members</translation>
        </message>
        <message>
            <source>PDF files (*.pdf)</source>
            <translation>PDF files (*.pdf)</translation>
        </message>
        <message>
            <source>Points adjusted</source>
            <translation>Points adjusted</translation>
        </message>
        <message>
            <source>Points expired</source>
            <translation>Points expired</translation>
        </message>
        <message>
            <source>Points issued</source>
            <translation>Points issued</translation>
        </message>
        <message>
            <source>Points redeemed</source>
            <translation>Points redeemed</translation>
        </message>
        <message>
            <source>Save PDF</source>
            <translation>Save PDF</translation>
        </message>
        <message>
            <source>Save the daily summary</source>
            <translation>Save the daily summary</translation>
        </message>
        <message>
            <source>Saved %1.</source>
            <translation>Saved %1.</translation>
        </message>
        <message>
            <source>Transactions</source>
            <translation>Transactions</translation>
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
            <translation>%1 changes were refused by the server.</translation>
        </message>
        <message>
            <source>Changes the server refused, with its reason. They are not sent again.</source>
            <translation>Changes the server refused, with its reason. They are not sent again.</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Loading…</translation>
        </message>
        <message>
            <source>None: the server accepted every change.</source>
            <translation>None: the server accepted every change.</translation>
        </message>
        <message>
            <source>None: this terminal is not registered with a server.</source>
            <translation>None: this terminal is not registered with a server.</translation>
        </message>
        <message>
            <source>Sync problems</source>
            <translation>Sync problems</translation>
        </message>
    </context>
    <context>
        <name>Workspace</name>
        <message>
            <source>Scan a card, or type a card number, phone or name</source>
            <translation>Scan a card, or type a card number, phone or name</translation>
        </message>
        <message>
            <source>Find</source>
            <translation>Find</translation>
        </message>
        <message>
            <source>Scan the member's card or phone code to start.

No card yet? Press F4 to enroll.</source>
            <translation>Scan the member's card or phone code to start.

No card yet? Press F4 to enroll.</translation>
        </message>
        <message>
            <source>Undo sale</source>
            <translation>Undo sale</translation>
        </message>
        <message>
            <source>Sale</source>
            <translation>Sale</translation>
        </message>
        <message>
            <source>Redeem</source>
            <translation>Redeem</translation>
        </message>
        <message>
            <source>Enroll</source>
            <translation>Enroll</translation>
        </message>
        <message>
            <source>Refund</source>
            <translation>Refund</translation>
        </message>
        <message>
            <source>Switch cashier</source>
            <translation>Switch cashier</translation>
        </message>
        <message>
            <source>Asking the server about this card…</source>
            <translation>Asking the server about this card…</translation>
        </message>
        <message>
            <source>Scan or find the member first.</source>
            <translation>Scan or find the member first.</translation>
        </message>
        <message>
            <source>Manager</source>
            <translation>Manager</translation>
        </message>
    </context>
    <context>
        <name>VoucherPanel</name>
        <message>
            <source>%1 · %2 points</source>
            <translation>%1 · %2 points</translation>
        </message>
        <message>
            <source>Checking voucher %1…</source>
            <translation>Checking voucher %1…</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>Confirm void</source>
            <translation>Confirm void</translation>
        </message>
        <message>
            <source>Member card %1</source>
            <translation>Member card %1</translation>
        </message>
        <message>
            <source>State: %1</source>
            <translation>State: %1</translation>
        </message>
        <message>
            <source>Use voucher</source>
            <translation>Use voucher</translation>
        </message>
        <message>
            <source>Using voucher %1…</source>
            <translation>Using voucher %1…</translation>
        </message>
        <message>
            <source>Valid until %1</source>
            <translation>Valid until %1</translation>
        </message>
        <message>
            <source>Void voucher</source>
            <translation>Void voucher</translation>
        </message>
        <message>
            <source>Void voucher %1 and give %2 points back to the member?</source>
            <translation>Void voucher %1 and give %2 points back to the member?</translation>
        </message>
        <message>
            <source>Voucher</source>
            <translation>Voucher</translation>
        </message>
        <message>
            <source>Voucher %1 used: %2.</source>
            <translation>Voucher %1 used: %2.</translation>
        </message>
        <message>
            <source>Voucher %1 voided: %2 points given back. Balance: %3 points.</source>
            <translation>Voucher %1 voided: %2 points given back. Balance: %3 points.</translation>
        </message>
        <message>
            <source>expired</source>
            <translation>expired</translation>
        </message>
        <message>
            <source>used</source>
            <translation>used</translation>
        </message>
        <message>
            <source>valid, not used yet</source>
            <translation>valid, not used yet</translation>
        </message>
        <message>
            <source>void</source>
            <translation>void</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Done</translation>
        </message>
    </context>
    <context>
        <name>Wizard</name>
        <message>
            <source>Run setup again</source>
            <translation>Run setup again</translation>
        </message>
        <message>
            <source>The server's store %1 is in %2, not in %3: choose %2 on the previous step, or check the registration code.</source>
            <translation>The server's store %1 is in %2, not in %3: choose %2 on the previous step, or check the registration code.</translation>
        </message>
        <message>
            <source>Camera</source>
            <translation>Camera</translation>
        </message>
        <message>
            <source>The camera reads member cards and phone codes. Hold a card in front of it and press Test scan.</source>
            <translation>The camera reads member cards and phone codes. Hold a card in front of it and press Test scan.</translation>
        </message>
        <message>
            <source>No camera (a USB scanner or the keyboard)</source>
            <translation>No camera (a USB scanner or the keyboard)</translation>
        </message>
        <message>
            <source>Video file, image folder or address…</source>
            <translation>Video file, image folder or address…</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>Source</translation>
        </message>
        <message>
            <source>Test scan</source>
            <translation>Test scan</translation>
        </message>
        <message>
            <source>Hold a member card in front of the camera…</source>
            <translation>Hold a member card in front of the camera…</translation>
        </message>
        <message>
            <source>Test scan read %1.</source>
            <translation>Test scan read %1.</translation>
        </message>
        <message>
            <source>Receipt printer</source>
            <translation>Receipt printer</translation>
        </message>
        <message>
            <source>No receipt printer (vouchers as PDF)</source>
            <translation>No receipt printer (vouchers as PDF)</translation>
        </message>
        <message>
            <source>File or device node</source>
            <translation>File or device node</translation>
        </message>
        <message>
            <source>Network (ESC/POS)</source>
            <translation>Network (ESC/POS)</translation>
        </message>
        <message>
            <source>USB (ESC/POS)</source>
            <translation>USB (ESC/POS)</translation>
        </message>
        <message>
            <source>Vouchers and points slips print on an ESC/POS receipt printer. Press Test print to check it.</source>
            <translation>Vouchers and points slips print on an ESC/POS receipt printer. Press Test print to check it.</translation>
        </message>
        <message>
            <source>Printer</source>
            <translation>Printer</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Test print</source>
            <translation>Test print</translation>
        </message>
        <message>
            <source>Go on without a printer</source>
            <translation>Go on without a printer</translation>
        </message>
        <message>
            <source>Printing a test slip…</source>
            <translation>Printing a test slip…</translation>
        </message>
        <message>
            <source>Test slip sent to the printer: check it came out.</source>
            <translation>Test slip sent to the printer: check it came out.</translation>
        </message>
        <message>
            <source>Tessera – first start</source>
            <translation>Tessera – first start</translation>
        </message>
        <message>
            <source>Set up this terminal</source>
            <translation>Set up this terminal</translation>
        </message>
        <message>
            <source>Step %1 of %2: %3</source>
            <translation>Step %1 of %2: %3</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>Finish</source>
            <translation>Finish</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>Next</translation>
        </message>
        <message>
            <source>Saving the settings and creating the terminal database…</source>
            <translation>Saving the settings and creating the terminal database…</translation>
        </message>
        <message>
            <source>Setup done.</source>
            <translation>Setup done.</translation>
        </message>
        <message>
            <source>Setup failed: %1</source>
            <translation>Setup failed: %1</translation>
        </message>
        <message>
            <source>First manager</source>
            <translation>First manager</translation>
        </message>
        <message>
            <source>Add another manager here, or leave the fields empty.</source>
            <translation>Add another manager here, or leave the fields empty.</translation>
        </message>
        <message>
            <source>The manager signs in with this PIN and adds the cashiers. A PIN has 4 to 6 digits.</source>
            <translation>The manager signs in with this PIN and adds the cashiers. A PIN has 4 to 6 digits.</translation>
        </message>
        <message>
            <source>Manager's name</source>
            <translation>Manager's name</translation>
        </message>
        <message>
            <source>PIN</source>
            <translation>PIN</translation>
        </message>
        <message>
            <source>PIN again</source>
            <translation>PIN again</translation>
        </message>
        <message>
            <source>Type the manager's name.</source>
            <translation>Type the manager's name.</translation>
        </message>
        <message>
            <source>The name is too long (80 characters at most).</source>
            <translation>The name is too long (80 characters at most).</translation>
        </message>
        <message>
            <source>A PIN has 4 to 6 digits.</source>
            <translation>A PIN has 4 to 6 digits.</translation>
        </message>
        <message>
            <source>The two PINs differ: type the same PIN twice.</source>
            <translation>The two PINs differ: type the same PIN twice.</translation>
        </message>
        <message>
            <source>Type a two-letter country code such as IT or RO.</source>
            <translation>Type a two-letter country code such as IT or RO.</translation>
        </message>
        <message>
            <source>The server address must look like https://host:port.</source>
            <translation>The server address must look like https://host:port.</translation>
        </message>
        <message>
            <source>Type the registration code HQ gave you.</source>
            <translation>Type the registration code HQ gave you.</translation>
        </message>
        <message>
            <source>That video file or image folder does not exist.</source>
            <translation>That video file or image folder does not exist.</translation>
        </message>
        <message>
            <source>The printer address does not fit the printer kind.</source>
            <translation>The printer address does not fit the printer kind.</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Language</translation>
        </message>
        <message>
            <source>Choose the language of this terminal. You can change it later in the settings.</source>
            <translation>Choose the language of this terminal. You can change it later in the settings.</translation>
        </message>
        <message>
            <source>Store region and currency</source>
            <translation>Store region and currency</translation>
        </message>
        <message>
            <source>Italy</source>
            <translation>Italy</translation>
        </message>
        <message>
            <source>Romania</source>
            <translation>Romania</translation>
        </message>
        <message>
            <source>South Korea</source>
            <translation>South Korea</translation>
        </message>
        <message>
            <source>United Kingdom</source>
            <translation>United Kingdom</translation>
        </message>
        <message>
            <source>Another country…</source>
            <translation>Another country…</translation>
        </message>
        <message>
            <source>Where is the store? Phone numbers typed without + are read in this country.</source>
            <translation>Where is the store? Phone numbers typed without + are read in this country.</translation>
        </message>
        <message>
            <source>Country</source>
            <translation>Country</translation>
        </message>
        <message>
            <source>Country code (ISO, two letters)</source>
            <translation>Country code (ISO, two letters)</translation>
        </message>
        <message>
            <source>Amounts and points follow the loyalty program: a registered terminal takes the server's, a standalone one starts with the starter program in EUR.</source>
            <translation>Amounts and points follow the loyalty program: a registered terminal takes the server's, a standalone one starts with the starter program in EUR.</translation>
        </message>
        <message>
            <source>Currency: %1</source>
            <translation>Currency: %1</translation>
        </message>
        <message>
            <source>The server %1 cannot be reached. Check the address and the network, or go on standalone and register later.</source>
            <translation>The server %1 cannot be reached. Check the address and the network, or go on standalone and register later.</translation>
        </message>
        <message>
            <source>this registration code is unknown or was already used: ask HQ for a new one</source>
            <translation>this registration code is unknown or was already used: ask HQ for a new one</translation>
        </message>
        <message>
            <source>this registration code has expired: ask HQ for a new one</source>
            <translation>this registration code has expired: ask HQ for a new one</translation>
        </message>
        <message>
            <source>Loyalty server</source>
            <translation>Loyalty server</translation>
        </message>
        <message>
            <source>A terminal registered with the loyalty server shares members and points with the other tills of the chain.</source>
            <translation>A terminal registered with the loyalty server shares members and points with the other tills of the chain.</translation>
        </message>
        <message>
            <source>Register with the server now</source>
            <translation>Register with the server now</translation>
        </message>
        <message>
            <source>Standalone for now</source>
            <translation>Standalone for now</translation>
        </message>
        <message>
            <source>Server address</source>
            <translation>Server address</translation>
        </message>
        <message>
            <source>Registration code</source>
            <translation>Registration code</translation>
        </message>
        <message>
            <source>Register</source>
            <translation>Register</translation>
        </message>
        <message>
            <source>Go on standalone</source>
            <translation>Go on standalone</translation>
        </message>
        <message>
            <source>Standalone, the terminal works on its own; register it later in the settings or with tessera-pos register.</source>
            <translation>Standalone, the terminal works on its own; register it later in the settings or with tessera-pos register.</translation>
        </message>
        <message>
            <source>Registering with %1…</source>
            <translation>Registering with %1…</translation>
        </message>
        <message>
            <source>Registered as %1 of store %2.</source>
            <translation>Registered as %1 of store %2.</translation>
        </message>
    </context>
    <context>
        <name>HourChart</name>
        <message>
            <source>Hour</source>
            <translation>Hour</translation>
        </message>
    </context>
    <context>
        <name>TrendChart</name>
        <message>
            <source>Day</source>
            <translation>Day</translation>
        </message>
        <message>
            <source>Points</source>
            <translation>Points</translation>
        </message>
        <message>
            <source>Points issued</source>
            <translation>Points issued</translation>
        </message>
        <message>
            <source>Points redeemed</source>
            <translation>Points redeemed</translation>
        </message>
        <message>
            <source>Visits (scaled)</source>
            <translation>Visits (scaled)</translation>
        </message>
    </context>
</TS>
