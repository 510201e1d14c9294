<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ro_RO" sourcelanguage="en_US">
    <context>
        <name>AuditTab</name>
        <message>
            <source>All days</source>
            <translation>Toate zilele</translation>
        </message>
        <message>
            <source>Audit trail</source>
            <translation>Jurnal de audit</translation>
        </message>
        <message>
            <source>Backup restored</source>
            <translation>Copie de siguranță restaurată</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>Fișiere CSV (*.csv)</translation>
        </message>
        <message>
            <source>Cannot save the CSV: %1</source>
            <translation>CSV-ul nu poate fi salvat: %1</translation>
        </message>
        <message>
            <source>Cashier</source>
            <translation>Casier</translation>
        </message>
        <message>
            <source>Cashier PIN refused for a manager act</source>
            <translation>PIN de casier refuzat pentru o operațiune de manager</translation>
        </message>
        <message>
            <source>Cashier PIN reset</source>
            <translation>PIN-ul casierului resetat</translation>
        </message>
        <message>
            <source>Cashier added</source>
            <translation>Casier adăugat</translation>
        </message>
        <message>
            <source>Cashier disabled</source>
            <translation>Casier dezactivat</translation>
        </message>
        <message>
            <source>Cashier id</source>
            <translation>ID casier</translation>
        </message>
        <message>
            <source>Cashier role changed</source>
            <translation>Rolul casierului schimbat</translation>
        </message>
        <message>
            <source>Day</source>
            <translation>Ziua</translation>
        </message>
        <message>
            <source>Detail</source>
            <translation>Detalii</translation>
        </message>
        <message>
            <source>Every kind</source>
            <translation>Orice tip</translation>
        </message>
        <message>
            <source>Export CSV</source>
            <translation>Exportă CSV</translation>
        </message>
        <message>
            <source>Export the audit trail</source>
            <translation>Exportă jurnalul de audit</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Tip</translation>
        </message>
        <message>
            <source>Manager PIN approved</source>
            <translation>PIN de manager acceptat</translation>
        </message>
        <message>
            <source>Manager acts and wrong PINs, as they happened. Nothing here can be changed or removed.</source>
            <translation>Operațiunile managerilor și PIN-urile greșite, așa cum s-au petrecut. Nimic de aici nu poate fi modificat sau șters.</translation>
        </message>
        <message>
            <source>Member</source>
            <translation>Membru</translation>
        </message>
        <message>
            <source>Card or last 4 digits</source>
            <translation>Card sau 4 cifre</translation>
        </message>
        <message>
            <source>Member enrolled</source>
            <translation>Membru înscris</translation>
        </message>
        <message>
            <source>No rows for these filters.</source>
            <translation>Niciun rând pentru aceste filtre.</translation>
        </message>
        <message>
            <source>Points correction</source>
            <translation>Corecție puncte</translation>
        </message>
        <message>
            <source>Saved %1 rows to %2.</source>
            <translation>%1 rânduri salvate în %2.</translation>
        </message>
        <message>
            <source>Settings changed</source>
            <translation>Setări modificate</translation>
        </message>
        <message>
            <source>Setup wizard run</source>
            <translation>Asistentul de configurare rulat</translation>
        </message>
        <message>
            <source>Signed in</source>
            <translation>Autentificare</translation>
        </message>
        <message>
            <source>The newest %1 rows are shown; Export CSV writes them all.</source>
            <translation>Sunt afișate cele mai noi %1 rânduri; Exportă CSV le scrie pe toate.</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Ora</translation>
        </message>
        <message>
            <source>Voucher used</source>
            <translation>Voucher folosit</translation>
        </message>
        <message>
            <source>Voucher voided</source>
            <translation>Voucher anulat</translation>
        </message>
        <message>
            <source>Wrong PIN at restore</source>
            <translation>PIN greșit la restaurare</translation>
        </message>
        <message>
            <source>Wrong PIN at sign-in</source>
            <translation>PIN greșit la autentificare</translation>
        </message>
        <message>
            <source>Wrong manager PIN</source>
            <translation>PIN de manager greșit</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>necunoscut</translation>
        </message>
    </context>
    <context>
        <name>CameraSlot</name>
        <message>
            <source>Starting camera…</source>
            <translation>Se pornește camera…</translation>
        </message>
        <message>
            <source>No camera</source>
            <translation>Fără cameră</translation>
        </message>
        <message>
            <source>Camera lost</source>
            <translation>Camera s-a deconectat</translation>
        </message>
    </context>
    <context>
        <name>CashiersTab</name>
        <message>
            <source>Cashier</source>
            <translation>Casier</translation>
        </message>
        <message>
            <source>Cashier ID (an existing ID gets the new PIN)</source>
            <translation>ID casier (un ID existent primește noul PIN)</translation>
        </message>
        <message>
            <source>Cashiers</source>
            <translation>Casieri</translation>
        </message>
        <message>
            <source>Manager</source>
            <translation>Manager</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nume</translation>
        </message>
        <message>
            <source>PIN (4 to 6 digits)</source>
            <translation>PIN (între 4 și 6 cifre)</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>Rol</translation>
        </message>
        <message>
            <source>Save cashier</source>
            <translation>Salvează casierul</translation>
        </message>
        <message>
            <source>Saved: %1 signs in with the new PIN.</source>
            <translation>Salvat: %1 se conectează cu noul PIN.</translation>
        </message>
        <message>
            <source>Type the cashier&apos;s ID.</source>
            <translation>Scrieți ID-ul casierului.</translation>
        </message>
        <message>
            <source>Type the cashier&apos;s name.</source>
            <translation>Scrieți numele casierului.</translation>
        </message>
    </context>
    <context>
        <name>CorrectionTab</name>
        <message>
            <source>Apply correction</source>
            <translation>Aplică corecția</translation>
        </message>
        <message>
            <source>Card number</source>
            <translation>Număr card</translation>
        </message>
        <message>
            <source>Corrected by %1 points. New balance of card %2: %3 points.</source>
            <translation>Corecție de %1 puncte. Sold nou pentru cardul %2: %3 puncte.</translation>
        </message>
        <message>
            <source>Points (+ to add, - to take away)</source>
            <translation>Puncte (+ pentru a adăuga, - pentru a scădea)</translation>
        </message>
        <message>
            <source>Points correction</source>
            <translation>Corecție puncte</translation>
        </message>
        <message>
            <source>Reason (required)</source>
            <translation>Motiv (obligatoriu)</translation>
        </message>
        <message>
            <source>The correction is recorded with your name and sent to the server.</source>
            <translation>Corecția se înregistrează cu numele dumneavoastră și se trimite la server.</translation>
        </message>
        <message>
            <source>Type or scan the member&apos;s card number.</source>
            <translation>Scrieți sau scanați numărul cardului membrului.</translation>
        </message>
        <message>
            <source>Type the points as a whole number other than zero, e.g. 50 or -20.</source>
            <translation>Scrieți punctele ca număr întreg diferit de zero, de ex. 50 sau -20.</translation>
        </message>
        <message>
            <source>Type the reason for the correction.</source>
            <translation>Scrieți motivul corecției.</translation>
        </message>
        <message>
            <source>e.g. 50 or -20</source>
            <translation>de ex. 50 sau -20</translation>
        </message>
    </context>
    <context>
        <name>EnrollPanel</name>
        <message>
            <source>New member</source>
            <translation>Membru nou</translation>
        </message>
        <message>
            <source>empty: a new number</source>
            <translation>gol: număr nou</translation>
        </message>
        <message>
            <source>Agrees to receive offers</source>
            <translation>Acceptă să primească oferte</translation>
        </message>
        <message>
            <source>Name *</source>
            <translation>Nume *</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Telefon</translation>
        </message>
        <message>
            <source>E-mail</source>
            <translation>E-mail</translation>
        </message>
        <message>
            <source>Card number</source>
            <translation>Număr card</translation>
        </message>
        <message>
            <source>A phone number or an e-mail address is needed.</source>
            <translation>Este necesar un număr de telefon sau o adresă de e-mail.</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Anulează</translation>
        </message>
        <message>
            <source>Enroll</source>
            <translation>Înscrie</translation>
        </message>
        <message>
            <source>Print card</source>
            <translation>Tipărește cardul</translation>
        </message>
        <message>
            <source>Type the member's name.</source>
            <translation>Scrieți numele membrului.</translation>
        </message>
        <message>
            <source>Type a phone number or an e-mail address.</source>
            <translation>Scrieți un număr de telefon sau o adresă de e-mail.</translation>
        </message>
        <message>
            <source>Welcome, %1! Card %2 is ready.</source>
            <translation>Bun venit, %1! Cardul %2 este gata.</translation>
        </message>
        <message>
            <source>Welcome bonus: %1 points.</source>
            <translation>Bonus de bun venit: %1 puncte.</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Gata</translation>
        </message>
        <message>
            <source>Showing that member.</source>
            <translation>Iată fișa acestui membru.</translation>
        </message>
        <message>
            <source>Not enrolled: the server already has this member.</source>
            <translation>Neînscris: serverul are deja acest membru.</translation>
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
            <translation>Tessera – terminal de fidelitate</translation>
        </message>
        <message>
            <source>Opening the terminal database…</source>
            <translation>Se deschide baza de date a terminalului…</translation>
        </message>
        <message>
            <source>Cannot open the terminal database: %1</source>
            <translation>Baza de date a terminalului nu poate fi deschisă: %1</translation>
        </message>
    </context>
    <context>
        <name>ManagerPage</name>
        <message>
            <source>Audit trail</source>
            <translation>Jurnal de audit</translation>
        </message>
        <message>
            <source>Back to sales</source>
            <translation>Înapoi la vânzări</translation>
        </message>
        <message>
            <source>Cashiers</source>
            <translation>Casieri</translation>
        </message>
        <message>
            <source>Daily summary</source>
            <translation>Rezumat zilnic</translation>
        </message>
        <message>
            <source>Manager</source>
            <translation>Manager</translation>
        </message>
        <message>
            <source>Points correction</source>
            <translation>Corecție puncte</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Setări</translation>
        </message>
        <message>
            <source>Sync problems</source>
            <translation>Probleme de sincronizare</translation>
        </message>
    </context>
    <context>
        <name>MemberPanel</name>
        <message>
            <source>Blocked: ask a manager before any sale or reward.</source>
            <translation>Blocat: cereți ajutorul unui manager înainte de vânzări sau recompense.</translation>
        </message>
        <message>
            <source>Points to spend</source>
            <translation>Puncte disponibile</translation>
        </message>
        <message>
            <source>Pending points</source>
            <translation>Puncte în așteptare</translation>
        </message>
        <message>
            <source>Expiring within 30 days</source>
            <translation>Expiră în 30 de zile</translation>
        </message>
        <message>
            <source>Recent visits</source>
            <translation>Vizite recente</translation>
        </message>
        <message>
            <source>Card %1</source>
            <translation>Card %1</translation>
        </message>
        <message>
            <source>%1 tier</source>
            <translation>Nivel %1</translation>
        </message>
        <message>
            <source>Top tier reached</source>
            <translation>Nivelul maxim atins</translation>
        </message>
        <message>
            <source>%1 more to spend for %2</source>
            <translation>Încă %1 de cheltuit pentru %2</translation>
        </message>
        <message>
            <source>No visits yet</source>
            <translation>Nicio vizită încă</translation>
        </message>
        <message>
            <source>Sale</source>
            <translation>Cumpărătură</translation>
        </message>
        <message>
            <source>Reward</source>
            <translation>Recompensă</translation>
        </message>
        <message>
            <source>Refund</source>
            <translation>Rambursare</translation>
        </message>
        <message>
            <source>Correction</source>
            <translation>Corecție</translation>
        </message>
        <message>
            <source>Expired</source>
            <translation>Expirate</translation>
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
            <translation>PIN greșit.</translation>
        </message>
        <message>
            <source>Too many wrong PINs: try again in %1 s.</source>
            <translation>Prea multe PIN-uri greșite: încercați din nou peste %1 s.</translation>
        </message>
        <message>
            <source>A PIN is 4 to 6 digits.</source>
            <translation>PIN-ul are între 4 și 6 cifre.</translation>
        </message>
        <message>
            <source>No member has card %1.</source>
            <translation>Niciun membru nu are cardul %1.</translation>
        </message>
        <message>
            <source>No member has that phone number.</source>
            <translation>Niciun membru nu are acest număr de telefon.</translation>
        </message>
        <message>
            <source>That card number is mistyped: please check the digits.</source>
            <translation>Numărul cardului este greșit: verificați cifrele.</translation>
        </message>
        <message>
            <source>That is neither a card number nor a phone number.</source>
            <translation>Nu este nici număr de card, nici număr de telefon.</translation>
        </message>
        <message>
            <source>A card number has 13 digits.</source>
            <translation>Numărul cardului are 13 cifre.</translation>
        </message>
        <message>
            <source>This member is blocked: please ask a manager.</source>
            <translation>Acest membru este blocat: cereți ajutorul unui manager.</translation>
        </message>
        <message>
            <source>Receipt %1 was already used for another sale.</source>
            <translation>Bonul %1 a fost deja folosit pentru altă vânzare.</translation>
        </message>
        <message>
            <source>No sale has receipt %1.</source>
            <translation>Nu există nicio vânzare cu bonul %1.</translation>
        </message>
        <message>
            <source>Receipt %1 is already fully refunded.</source>
            <translation>Bonul %1 a fost deja rambursat integral.</translation>
        </message>
        <message>
            <source>The refund is larger than what is left on receipt %1.</source>
            <translation>Rambursarea depășește suma rămasă pe bonul %1.</translation>
        </message>
        <message>
            <source>A refund amount must be more than zero.</source>
            <translation>Suma rambursată trebuie să fie mai mare decât zero.</translation>
        </message>
        <message>
            <source>The amount must be more than zero.</source>
            <translation>Suma trebuie să fie mai mare decât zero.</translation>
        </message>
        <message>
            <source>This currency has no decimals.</source>
            <translation>Această monedă nu are zecimale.</translation>
        </message>
        <message>
            <source>At most %1 decimals.</source>
            <translation>Cel mult %1 zecimale.</translation>
        </message>
        <message>
            <source>That amount is too large.</source>
            <translation>Suma este prea mare.</translation>
        </message>
        <message>
            <source>Type the amount as digits, e.g. 12.50.</source>
            <translation>Scrieți suma în cifre, de ex. 12,50.</translation>
        </message>
        <message>
            <source>A receipt number is 1 to 64 characters.</source>
            <translation>Numărul bonului are între 1 și 64 de caractere.</translation>
        </message>
        <message>
            <source>%1 is already a member with this phone or e-mail (card %2).</source>
            <translation>%1 este deja membru cu acest telefon sau e-mail (cardul %2).</translation>
        </message>
        <message>
            <source>Card %1 already belongs to a member.</source>
            <translation>Cardul %1 aparține deja unui membru.</translation>
        </message>
        <message>
            <source>A member needs a name.</source>
            <translation>Membrul trebuie să aibă un nume.</translation>
        </message>
        <message>
            <source>The name is longer than 200 characters.</source>
            <translation>Numele depășește 200 de caractere.</translation>
        </message>
        <message>
            <source>That phone number is not valid.</source>
            <translation>Numărul de telefon nu este valid.</translation>
        </message>
        <message>
            <source>That e-mail address is not valid.</source>
            <translation>Adresa de e-mail nu este validă.</translation>
        </message>
        <message>
            <source>The name contains characters that are not allowed.</source>
            <translation>Numele conține caractere nepermise.</translation>
        </message>
        <message>
            <source>Type the phone number with its country code, e.g. +40 721 555 010.</source>
            <translation>Introduceți numărul de telefon cu prefixul țării, de ex. +40 721 555 010.</translation>
        </message>
        <message>
            <source>%1 is not available at this time.</source>
            <translation>%1: indisponibil în acest moment.</translation>
        </message>
        <message>
            <source>%1 needs %2 tier or higher.</source>
            <translation>%1 necesită nivelul %2 sau mai mare.</translation>
        </message>
        <message>
            <source>%1: limit per member reached (%2).</source>
            <translation>%1: limita per membru a fost atinsă (%2).</translation>
        </message>
        <message>
            <source>%1 needs %2 points; %3 available.</source>
            <translation>%1 necesită %2 puncte; disponibile: %3.</translation>
        </message>
        <message>
            <source>Not enough points: %1 available, %2 needed.</source>
            <translation>Puncte insuficiente: disponibile %1, necesare %2.</translation>
        </message>
        <message>
            <source>That reward is not in the catalog.</source>
            <translation>Această recompensă nu este în catalog.</translation>
        </message>
        <message>
            <source>Offline limit reached: %1 of %2 points left today until the terminal syncs.</source>
            <translation>Limita offline a fost atinsă: azi mai sunt %1 din %2 puncte până la sincronizarea terminalului.</translation>
        </message>
        <message>
            <source>This QR code is not a valid member code.</source>
            <translation>Acest cod QR nu este un cod de membru valid.</translation>
        </message>
        <message>
            <source>This member code is not genuine.</source>
            <translation>Acest cod de membru nu este autentic.</translation>
        </message>
        <message>
            <source>This member code has expired: ask the member to refresh it.</source>
            <translation>Acest cod de membru a expirat: rugați membrul să-l reîmprospăteze.</translation>
        </message>
        <message>
            <source>This member code is dated in the future: check the terminal clock.</source>
            <translation>Acest cod de membru are o dată din viitor: verificați ceasul terminalului.</translation>
        </message>
        <message>
            <source>This member code was already used: ask the member to refresh it.</source>
            <translation>Acest cod de membru a fost deja folosit: rugați membrul să-l reîmprospăteze.</translation>
        </message>
        <message>
            <source>This terminal does not know this member code yet: sync and retry.</source>
            <translation>Terminalul nu recunoaște încă acest cod: sincronizați și reîncercați.</translation>
        </message>
        <message>
            <source>Something went wrong: %1</source>
            <translation>A apărut o eroare: %1</translation>
        </message>
        <message>
            <source>A correction changes the balance by a number of points other than zero.</source>
            <translation>O corecție modifică soldul cu un număr de puncte diferit de zero.</translation>
        </message>
        <message>
            <source>Another cashier already uses this PIN: choose another.</source>
            <translation>Alt casier folosește deja acest PIN: alegeți altul.</translation>
        </message>
        <message>
            <source>The role is cashier or manager.</source>
            <translation>Rolul este casier sau manager.</translation>
        </message>
        <message>
            <source>Type the reason for the correction.</source>
            <translation>Scrieți motivul corecției.</translation>
        </message>
        <message>
            <source>The request was refused.</source>
            <translation>Cererea a fost refuzată.</translation>
        </message>
        <message>
            <source>That input is not valid.</source>
            <translation>Datele introduse nu sunt valide.</translation>
        </message>
        <message>
            <source>That card number is not valid.</source>
            <translation>Acest număr de card nu este valid.</translation>
        </message>
        <message>
            <source>The currency %1 is not supported.</source>
            <translation>Moneda %1 nu este acceptată.</translation>
        </message>
        <message>
            <source>A reversal cannot be reversed.</source>
            <translation>O stornare nu poate fi stornată.</translation>
        </message>
        <message>
            <source>The loyalty program is not valid: %1</source>
            <translation>Programul de fidelitate nu este valid: %1</translation>
        </message>
        <message>
            <source>The settings file is not valid: %1</source>
            <translation>Fișierul de setări nu este valid: %1</translation>
        </message>
        <message>
            <source>Program version %1 already exists with other rules.</source>
            <translation>Versiunea %1 a programului există deja cu alte reguli.</translation>
        </message>
        <message>
            <source>No loyalty program is loaded: sync with the server.</source>
            <translation>Nu este încărcat niciun program de fidelitate: sincronizați cu serverul.</translation>
        </message>
        <message>
            <source>The server did not send its active program version %1.</source>
            <translation>Serverul nu a trimis versiunea activă %1 a programului.</translation>
        </message>
        <message>
            <source>No terminal database in %1: run tessera-pos init first.</source>
            <translation>Nu există o bază de date a terminalului în %1: rulați mai întâi tessera-pos init.</translation>
        </message>
        <message>
            <source>The server address must look like https://host:port.</source>
            <translation>Adresa serverului trebuie să arate ca https://host:port.</translation>
        </message>
        <message>
            <source>This terminal is not registered: run tessera-pos register.</source>
            <translation>Acest terminal nu este înregistrat: rulați tessera-pos register.</translation>
        </message>
        <message>
            <source>Registration failed: %1</source>
            <translation>Înregistrarea a eșuat: %1</translation>
        </message>
        <message>
            <source>A registration code has 4 to 64 characters; this one has %1.</source>
            <translation>Un cod de înregistrare are între 4 și 64 de caractere; acesta are %1.</translation>
        </message>
        <message>
            <source>%1 is the last manager: add another manager first.</source>
            <translation>%1 este ultimul manager: adăugați mai întâi un alt manager.</translation>
        </message>
        <message>
            <source>No voucher has code %1.</source>
            <translation>Niciun voucher nu are codul %1.</translation>
        </message>
        <message>
            <source>Receipt %1 was not rung on this till and the server cannot be reached now.</source>
            <translation>Bonul %1 nu a fost emis la această casă, iar serverul nu poate fi contactat acum.</translation>
        </message>
        <message>
            <source>Voucher %1 expired on %2.</source>
            <translation>Voucherul %1 a expirat pe %2.</translation>
        </message>
        <message>
            <source>Voucher %1 was already used.</source>
            <translation>Voucherul %1 a fost deja folosit.</translation>
        </message>
        <message>
            <source>Voucher %1 was voided: it cannot be used.</source>
            <translation>Voucherul %1 a fost anulat: nu poate fi folosit.</translation>
        </message>
        <message>
            <source>The terminal database %1 is empty and was not replaced. Nothing can be sold until a backup is restored (tessera-pos restore); newest backup: %2</source>
            <translation>Baza de date a terminalului %1 este goală și nu a fost înlocuită. Nu se poate vinde până la restaurarea unei copii de siguranță (tessera-pos restore); cea mai recentă copie: %2</translation>
        </message>
        <message>
            <source>%1 is not a terminal database (its header is damaged). Restore a backup (tessera-pos restore); newest backup: %2</source>
            <translation>%1 nu este o bază de date a terminalului (antet deteriorat). Restaurați o copie de siguranță (tessera-pos restore); cea mai recentă copie: %2</translation>
        </message>
        <message>
            <source>The terminal database %1 is truncated. Restore a backup (tessera-pos restore); newest backup: %2</source>
            <translation>Baza de date a terminalului %1 este trunchiată. Restaurați o copie de siguranță (tessera-pos restore); cea mai recentă copie: %2</translation>
        </message>
        <message>
            <source>The terminal database %1 is damaged. Restore a backup (tessera-pos restore); newest backup: %2</source>
            <translation>Baza de date a terminalului %1 este deteriorată. Restaurați o copie de siguranță (tessera-pos restore); cea mai recentă copie: %2</translation>
        </message>
        <message>
            <source>The terminal database %1 cannot be written. Nothing was saved: ask a technician to give this user write access.</source>
            <translation>Baza de date a terminalului %1 nu poate fi scrisă. Nu s-a salvat nimic: cereți unui tehnician drept de scriere pentru acest utilizator.</translation>
        </message>
        <message>
            <source>The disk is full. Nothing was saved: free some space, then try again.</source>
            <translation>Discul este plin. Nu s-a salvat nimic: eliberați spațiu și încercați din nou.</translation>
        </message>
        <message>
            <source>The disk failed to read or write. Nothing was saved: run tessera-pos doctor.</source>
            <translation>Discul nu poate citi sau scrie. Nu s-a salvat nimic: rulați tessera-pos doctor.</translation>
        </message>
        <message>
            <source>Too many wrong PINs: the PIN pad is locked for %1 s.</source>
            <translation>Prea multe PIN-uri greșite: tastatura PIN este blocată %1 s.</translation>
        </message>
        <message>
            <source>The receipt printer is not set up right: %1</source>
            <translation>Imprimanta de bonuri nu este configurată corect: %1</translation>
        </message>
        <message>
            <source>The receipt printer %1 cannot be reached: check that it is on and connected.</source>
            <translation>Imprimanta de bonuri %1 nu poate fi contactată: verificați că este pornită și conectată.</translation>
        </message>
        <message>
            <source>The receipt printer %1 stopped printing: check its paper and cable.</source>
            <translation>Imprimanta de bonuri %1 s-a oprit din tipărit: verificați hârtia și cablul.</translation>
        </message>
        <message>
            <source>The receipt printer %1 is out of paper.</source>
            <translation>Imprimanta de bonuri %1 nu mai are hârtie.</translation>
        </message>
        <message>
            <source>%1 is not a usable terminal backup: %2</source>
            <translation>%1 nu este o copie de siguranță utilizabilă a terminalului: %2</translation>
        </message>
        <message>
            <source>%1 is a backup of another terminal: it cannot be restored on this one.</source>
            <translation>%1 este copia de siguranță a altui terminal: nu poate fi restaurată pe acesta.</translation>
        </message>
        <message>
            <source>There is no backup in %1.</source>
            <translation>Nu există nicio copie de siguranță în %1.</translation>
        </message>
        <message>
            <source>The terminal database %1 could not be upgraded from schema %2 to %3 (%4): it was put back as it was from %5. Nothing was lost: reinstall the previous version of Tessera and report this.</source>
            <translation>Baza de date a terminalului %1 nu a putut fi actualizată de la schema %2 la %3 (%4): a fost readusă cum era din copia %5. Nu s-a pierdut nimic: reinstalați versiunea anterioară a Tessera și raportați problema.</translation>
        </message>
        <message>
            <source>The terminal database %1 could not be upgraded (%2) and its backup could not be put back (%3). Restore it with tessera-pos restore %4</source>
            <translation>Baza de date a terminalului %1 nu a putut fi actualizată (%2), iar copia ei de siguranță nu a putut fi pusă înapoi (%3). Restaurați-o cu tessera-pos restore %4</translation>
        </message>
    </context>
    <context>
        <name>Printing</name>
        <message>
            <source>Saved to %1</source>
            <translation>Salvat în %1</translation>
        </message>
        <message>
            <source>Opened for printing: %1</source>
            <translation>Deschis pentru tipărire: %1</translation>
        </message>
        <message>
            <source>Printing is not available on this terminal.</source>
            <translation>Tipărirea nu este disponibilă pe acest terminal.</translation>
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
            <translation>Puncte folosite</translation>
        </message>
        <message>
            <source>Balance</source>
            <translation>Sold</translation>
        </message>
        <message>
            <source>Card</source>
            <translation>Card</translation>
        </message>
        <message>
            <source>Store</source>
            <translation>Magazin</translation>
        </message>
        <message>
            <source>Terminal</source>
            <translation>Casă</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Ora</translation>
        </message>
        <message>
            <source>Points</source>
            <translation>Puncte</translation>
        </message>
        <message>
            <source>Receipt</source>
            <translation>Bon</translation>
        </message>
        <message>
            <source>Points earned</source>
            <translation>Puncte câștigate</translation>
        </message>
        <message>
            <source>Expiring within 30 days</source>
            <translation>Expiră în 30 de zile</translation>
        </message>
        <message>
            <source>Welcome</source>
            <translation>Bun venit</translation>
        </message>
        <message>
            <source>Your card number</source>
            <translation>Numărul cardului dvs.</translation>
        </message>
        <message>
            <source>Welcome bonus</source>
            <translation>Bonus de bun venit</translation>
        </message>
        <message>
            <source>Keep this slip with your card.</source>
            <translation>Păstrați acest bon împreună cu cardul.</translation>
        </message>
        <message>
            <source>Only the slip is missing: nothing else was undone.</source>
            <translation>Lipsește doar bonul: nimic altceva nu a fost anulat.</translation>
        </message>
    </context>
    <context>
        <name>RedeemPanel</name>
        <message>
            <source>Rewards</source>
            <translation>Recompense</translation>
        </message>
        <message>
            <source>Confirm</source>
            <translation>Confirmă</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Anulează</translation>
        </message>
        <message>
            <source>Print voucher</source>
            <translation>Tipărește voucherul</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Gata</translation>
        </message>
        <message>
            <source>%1 points</source>
            <translation>%1 puncte</translation>
        </message>
        <message>
            <source>Redeem %1 for %2 points?</source>
            <translation>Folosiți %2 puncte pentru %1?</translation>
        </message>
        <message>
            <source>%1 redeemed. New balance: %2 points. Voucher code:</source>
            <translation>Recompensă acordată: %1. Sold nou: %2 puncte. Codul voucherului:</translation>
        </message>
    </context>
    <context>
        <name>RefundPanel</name>
        <message>
            <source>Refund</source>
            <translation>Rambursare</translation>
        </message>
        <message>
            <source>empty: the whole sale</source>
            <translation>gol: toată vânzarea</translation>
        </message>
        <message>
            <source>Receipt number</source>
            <translation>Număr bon</translation>
        </message>
        <message>
            <source>Amount to refund (%1)</source>
            <translation>Suma de rambursat (%1)</translation>
        </message>
        <message>
            <source>Points earned on the refunded part are taken back.</source>
            <translation>Punctele câștigate pe partea rambursată se retrag.</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Anulează</translation>
        </message>
        <message>
            <source>Type or scan the receipt number.</source>
            <translation>Scrieți sau scanați numărul bonului.</translation>
        </message>
        <message>
            <source>Refunded %1 on receipt %2: %3 points taken back. Balance: %4 points.</source>
            <translation>S-au rambursat %1 pe bonul %2: %3 puncte retrase. Sold: %4 puncte.</translation>
        </message>
        <message>
            <source>The balance is now negative.</source>
            <translation>Soldul este acum negativ.</translation>
        </message>
        <message>
            <source>Queue refund</source>
            <translation>Pune rambursarea în așteptare</translation>
        </message>
        <message>
            <source>Queue the refund anyway? It will be applied when the sale reaches the server; the points taken back are known after that.</source>
            <translation>Puneți totuși rambursarea în așteptare? Va fi aplicată când vânzarea ajunge la server; punctele retrase se vor ști după aceea.</translation>
        </message>
        <message>
            <source>Refund of receipt %1 queued: it will be applied when the sale reaches the server.</source>
            <translation>Rambursarea bonului %1 este în așteptare: va fi aplicată când vânzarea ajunge la server.</translation>
        </message>
    </context>
    <context>
        <name>SalePanel</name>
        <message>
            <source>New sale</source>
            <translation>Vânzare nouă</translation>
        </message>
        <message>
            <source>empty: a number is generated</source>
            <translation>gol: număr generat automat</translation>
        </message>
        <message>
            <source>Basket total (%1)</source>
            <translation>Total bon (%1)</translation>
        </message>
        <message>
            <source>Receipt number (optional)</source>
            <translation>Număr bon (opțional)</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Anulează</translation>
        </message>
        <message>
            <source>Confirm sale</source>
            <translation>Confirmă vânzarea</translation>
        </message>
        <message>
            <source>Type the basket total.</source>
            <translation>Scrieți totalul bonului.</translation>
        </message>
        <message>
            <source>That is not an amount yet.</source>
            <translation>Încă nu este o sumă validă.</translation>
        </message>
        <message>
            <source>%1 earns %2 points</source>
            <translation>%1 aduce %2 puncte</translation>
        </message>
        <message>
            <source>tier ×%1</source>
            <translation>nivel ×%1</translation>
        </message>
        <message>
            <source>promotion ×%1</source>
            <translation>promoție ×%1</translation>
        </message>
        <message>
            <source>capped</source>
            <translation>plafonat</translation>
        </message>
        <message>
            <source>Type the basket total as digits, e.g. %1.</source>
            <translation>Scrieți totalul în cifre, de ex. %1.</translation>
        </message>
        <message>
            <source>Sale recorded: +%1 points. New balance: %2 points. Receipt %3.</source>
            <translation>Vânzare înregistrată: +%1 puncte. Sold nou: %2 puncte. Bon %3.</translation>
        </message>
        <message>
            <source>This receipt was already recorded; nothing was added.</source>
            <translation>Acest bon era deja înregistrat; nu s-a adăugat nimic.</translation>
        </message>
        <message>
            <source>Undo sale (%1:%2)</source>
            <translation>Anulează (%1:%2)</translation>
        </message>
        <message>
            <source>Too late to undo: use Refund instead.</source>
            <translation>Prea târziu pentru anulare: folosiți Rambursare.</translation>
        </message>
        <message>
            <source>Sale %1 undone: %2 points taken back. Balance: %3 points.</source>
            <translation>Vânzarea %1 a fost anulată: %2 puncte retrase. Sold: %3 puncte.</translation>
        </message>
    </context>
    <context>
        <name>SearchResults</name>
        <message>
            <source>No member found for “%1”.</source>
            <translation>Niciun membru găsit pentru „%1”.</translation>
        </message>
        <message>
            <source>Members matching “%1”: pick one</source>
            <translation>Membri găsiți pentru „%1”: alegeți unul</translation>
        </message>
    </context>
    <context>
        <name>SettingsTab</name>
        <message>
            <source>A new language applies after the terminal restarts. Camera changes apply at once.</source>
            <translation>Limba nouă se aplică după repornirea terminalului. Modificările camerei se aplică imediat.</translation>
        </message>
        <message>
            <source>As the computer</source>
            <translation>Ca la calculator</translation>
        </message>
        <message>
            <source>Camera</source>
            <translation>Cameră</translation>
        </message>
        <message>
            <source>Cannot save the settings: %1</source>
            <translation>Setările nu pot fi salvate: %1</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Limbă</translation>
        </message>
        <message>
            <source>Lock after idle (minutes)</source>
            <translation>Blocare după inactivitate (minute)</translation>
        </message>
        <message>
            <source>None</source>
            <translation>Niciuna</translation>
        </message>
        <message>
            <source>Other (type below)</source>
            <translation>Alta (scrieți mai jos)</translation>
        </message>
        <message>
            <source>Other source</source>
            <translation>Altă sursă</translation>
        </message>
        <message>
            <source>Resolution</source>
            <translation>Rezoluție</translation>
        </message>
        <message>
            <source>Restart the terminal to use the new language.</source>
            <translation>Reporniți terminalul pentru a folosi limba nouă.</translation>
        </message>
        <message>
            <source>Same code again after (seconds)</source>
            <translation>Același cod din nou după (secunde)</translation>
        </message>
        <message>
            <source>Save settings</source>
            <translation>Salvează setările</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Setări</translation>
        </message>
        <message>
            <source>Settings saved.</source>
            <translation>Setările au fost salvate.</translation>
        </message>
        <message>
            <source>Type the camera source, or pick None.</source>
            <translation>Scrieți sursa camerei sau alegeți Niciuna.</translation>
        </message>
        <message>
            <source>camera number, file, folder or URL</source>
            <translation>număr cameră, fișier, dosar sau URL</translation>
        </message>
        <message>
            <source>never</source>
            <translation>niciodată</translation>
        </message>
        <message>
            <source>Back up now</source>
            <translation>Fă o copie acum</translation>
        </message>
        <message>
            <source>Restore…</source>
            <translation>Restaurează…</translation>
        </message>
        <message>
            <source>PIN</source>
            <translation>PIN</translation>
        </message>
        <message>
            <source>A manager's PIN, needed to restore a backup</source>
            <translation>PIN-ul unui manager, necesar pentru a restaura o copie de siguranță</translation>
        </message>
        <message>
            <source>Backup written: %1</source>
            <translation>Copia de siguranță a fost scrisă: %1</translation>
        </message>
        <message>
            <source>Cannot write the backup: %1</source>
            <translation>Copia de siguranță nu poate fi scrisă: %1</translation>
        </message>
        <message>
            <source>Restore a backup</source>
            <translation>Restaurează o copie de siguranță</translation>
        </message>
        <message>
            <source>Terminal backups (*.db)</source>
            <translation>Copii de siguranță ale terminalului (*.db)</translation>
        </message>
        <message>
            <source>Type a manager's PIN, then choose the backup.</source>
            <translation>Scrieți PIN-ul unui manager, apoi alegeți copia de siguranță.</translation>
        </message>
        <message>
            <source>Restored %1. The replaced database is kept in %2.</source>
            <translation>S-a restaurat %1. Baza de date înlocuită este păstrată în %2.</translation>
        </message>
        <message>
            <source>Nothing was restored: %1</source>
            <translation>Nu s-a restaurat nimic: %1</translation>
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
            <translation>PIN casier</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>OK</translation>
        </message>
        <message>
            <source>A PIN is 4 to 6 digits.</source>
            <translation>PIN-ul are între 4 și 6 cifre.</translation>
        </message>
        <message>
            <source>You can try again.</source>
            <translation>Puteți încerca din nou.</translation>
        </message>
        <message>
            <source>Too many wrong PINs. Locked for %1 s.</source>
            <translation>Prea multe PIN-uri greșite. Blocat încă %1 s.</translation>
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
            <translation>Autonom</translation>
        </message>
        <message>
            <source>To sync: %1</source>
            <translation>De trimis: %1</translation>
        </message>
        <message>
            <source>Last sync: %1</source>
            <translation>Ultima sincr.: %1</translation>
        </message>
        <message>
            <source>never</source>
            <translation>niciodată</translation>
        </message>
        <message>
            <source>Store %1 · Terminal %2</source>
            <translation>Magazin %1 · Casa %2</translation>
        </message>
        <message>
            <source>Cashier: %1</source>
            <translation>Casier: %1</translation>
        </message>
        <message>
            <source>Signed out</source>
            <translation>Niciun casier</translation>
        </message>
    </context>
    <context>
        <name>SummaryTab</name>
        <message>
            <source>(none)</source>
            <translation>(niciunul)</translation>
        </message>
        <message>
            <source>By hour</source>
            <translation>Pe ore</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>Fișiere CSV (*.csv)</translation>
        </message>
        <message>
            <source>Cannot save the file: %1</source>
            <translation>Fișierul nu poate fi salvat: %1</translation>
        </message>
        <message>
            <source>Cashier</source>
            <translation>Casier</translation>
        </message>
        <message>
            <source>Export CSV</source>
            <translation>Exportă CSV</translation>
        </message>
        <message>
            <source>Member sales</source>
            <translation>Vânzări către membri</translation>
        </message>
        <message>
            <source>No answer from the server: this terminal only.</source>
            <translation>Serverul nu a răspuns: doar acest terminal.</translation>
        </message>
        <message>
            <source>Points</source>
            <translation>Puncte</translation>
        </message>
        <message>
            <source>Provisional: %1 changes of this terminal are not yet sent to the server.</source>
            <translation>Provizoriu: %1 modificări ale acestui terminal nu au fost încă trimise la server.</translation>
        </message>
        <message>
            <source>Redeemed</source>
            <translation>Folosite</translation>
        </message>
        <message>
            <source>Reward</source>
            <translation>Recompensă</translation>
        </message>
        <message>
            <source>Sales</source>
            <translation>Vânzări</translation>
        </message>
        <message>
            <source>The last 30 days</source>
            <translation>Ultimele 30 de zile</translation>
        </message>
        <message>
            <source>This terminal</source>
            <translation>Acest terminal</translation>
        </message>
        <message>
            <source>Whole store</source>
            <translation>Tot magazinul</translation>
        </message>
        <message>
            <source>Cannot save the PDF: %1</source>
            <translation>PDF-ul nu poate fi salvat: %1</translation>
        </message>
        <message>
            <source>Changes not yet sent to the server</source>
            <translation>Modificări netrimise încă la server</translation>
        </message>
        <message>
            <source>Daily summary</source>
            <translation>Rezumat zilnic</translation>
        </message>
        <message>
            <source>Day</source>
            <translation>Ziua</translation>
        </message>
        <message>
            <source>Members with a negative balance</source>
            <translation>Membri cu sold negativ</translation>
        </message>
        <message>
            <source>Net sales</source>
            <translation>Vânzări nete</translation>
        </message>
        <message>
            <source>New members</source>
            <translation>Membri noi</translation>
        </message>
        <message>
            <source>PDF files (*.pdf)</source>
            <translation>Fișiere PDF (*.pdf)</translation>
        </message>
        <message>
            <source>Points adjusted</source>
            <translation>Puncte corectate</translation>
        </message>
        <message>
            <source>Points expired</source>
            <translation>Puncte expirate</translation>
        </message>
        <message>
            <source>Points issued</source>
            <translation>Puncte acordate</translation>
        </message>
        <message>
            <source>Points redeemed</source>
            <translation>Puncte folosite</translation>
        </message>
        <message>
            <source>Save PDF</source>
            <translation>Salvează PDF</translation>
        </message>
        <message>
            <source>Save the daily summary</source>
            <translation>Salvați rezumatul zilnic</translation>
        </message>
        <message>
            <source>Saved %1.</source>
            <translation>Salvat: %1.</translation>
        </message>
        <message>
            <source>Transactions</source>
            <translation>Tranzacții</translation>
        </message>
    </context>
    <context>
        <name>SyncTab</name>
        <message>
            <source>#%1 %2, %3: %4</source>
            <translation>nr. %1 %2, %3: %4</translation>
        </message>
        <message>
            <source>%1 changes were refused by the server.</source>
            <translation>Serverul a refuzat %1 modificări.</translation>
        </message>
        <message>
            <source>Changes the server refused, with its reason. They are not sent again.</source>
            <translation>Modificări refuzate de server, cu motivul. Nu se mai trimit.</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Se încarcă…</translation>
        </message>
        <message>
            <source>None: the server accepted every change.</source>
            <translation>Niciuna: serverul a acceptat toate modificările.</translation>
        </message>
        <message>
            <source>None: this terminal is not registered with a server.</source>
            <translation>Niciuna: acest terminal nu este înregistrat la un server.</translation>
        </message>
        <message>
            <source>Sync problems</source>
            <translation>Probleme de sincronizare</translation>
        </message>
    </context>
    <context>
        <name>Workspace</name>
        <message>
            <source>Scan a card, or type a card number, phone or name</source>
            <translation>Scanați cardul sau scrieți nr. de card, telefonul ori numele</translation>
        </message>
        <message>
            <source>Find</source>
            <translation>Caută</translation>
        </message>
        <message>
            <source>Scan the member's card or phone code to start.

No card yet? Press F4 to enroll.</source>
            <translation>Scanați cardul membrului sau codul de pe telefon pentru a începe.

Nu are card? Apăsați F4 pentru înscriere.</translation>
        </message>
        <message>
            <source>Undo sale</source>
            <translation>Anulează vânzarea</translation>
        </message>
        <message>
            <source>Sale</source>
            <translation>Vânzare</translation>
        </message>
        <message>
            <source>Redeem</source>
            <translation>Recompense</translation>
        </message>
        <message>
            <source>Enroll</source>
            <translation>Înscriere</translation>
        </message>
        <message>
            <source>Refund</source>
            <translation>Rambursare</translation>
        </message>
        <message>
            <source>Switch cashier</source>
            <translation>Schimbă casier</translation>
        </message>
        <message>
            <source>Asking the server about this card…</source>
            <translation>Se verifică acest card la server…</translation>
        </message>
        <message>
            <source>Scan or find the member first.</source>
            <translation>Mai întâi scanați sau căutați membrul.</translation>
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
            <translation>%1 · %2 puncte</translation>
        </message>
        <message>
            <source>Checking voucher %1…</source>
            <translation>Se verifică voucherul %1…</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Închide</translation>
        </message>
        <message>
            <source>Confirm void</source>
            <translation>Confirmă anularea</translation>
        </message>
        <message>
            <source>Member card %1</source>
            <translation>Card membru %1</translation>
        </message>
        <message>
            <source>State: %1</source>
            <translation>Stare: %1</translation>
        </message>
        <message>
            <source>Use voucher</source>
            <translation>Folosește voucherul</translation>
        </message>
        <message>
            <source>Using voucher %1…</source>
            <translation>Se folosește voucherul %1…</translation>
        </message>
        <message>
            <source>Valid until %1</source>
            <translation>Valabil până pe %1</translation>
        </message>
        <message>
            <source>Void voucher</source>
            <translation>Anulează voucherul</translation>
        </message>
        <message>
            <source>Void voucher %1 and give %2 points back to the member?</source>
            <translation>Anulați voucherul %1 și returnați membrului %2 puncte?</translation>
        </message>
        <message>
            <source>Voucher</source>
            <translation>Voucher</translation>
        </message>
        <message>
            <source>Voucher %1 used: %2.</source>
            <translation>Voucherul %1 a fost folosit: %2.</translation>
        </message>
        <message>
            <source>Voucher %1 voided: %2 points given back. Balance: %3 points.</source>
            <translation>Voucherul %1 a fost anulat: %2 puncte returnate. Sold: %3 puncte.</translation>
        </message>
        <message>
            <source>expired</source>
            <translation>expirat</translation>
        </message>
        <message>
            <source>used</source>
            <translation>folosit</translation>
        </message>
        <message>
            <source>valid, not used yet</source>
            <translation>valabil, încă nefolosit</translation>
        </message>
        <message>
            <source>void</source>
            <translation>anulat</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Gata</translation>
        </message>
    </context>
    <context>
        <name>Wizard</name>
        <message>
            <source>Run setup again</source>
            <translation>Reluați configurarea</translation>
        </message>
        <message>
            <source>The server's store %1 is in %2, not in %3: choose %2 on the previous step, or check the registration code.</source>
            <translation>Magazinul %1 al serverului este în %2, nu în %3: alegeți %2 la pasul anterior sau verificați codul de înregistrare.</translation>
        </message>
        <message>
            <source>Camera</source>
            <translation>Cameră</translation>
        </message>
        <message>
            <source>The camera reads member cards and phone codes. Hold a card in front of it and press Test scan.</source>
            <translation>Camera citește cardurile membrilor și codurile de pe telefon. Țineți un card în fața ei și apăsați Test de scanare.</translation>
        </message>
        <message>
            <source>No camera (a USB scanner or the keyboard)</source>
            <translation>Fără cameră (scaner USB sau tastatură)</translation>
        </message>
        <message>
            <source>Video file, image folder or address…</source>
            <translation>Fișier video, dosar de imagini sau adresă…</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>Sursă</translation>
        </message>
        <message>
            <source>Test scan</source>
            <translation>Test de scanare</translation>
        </message>
        <message>
            <source>Hold a member card in front of the camera…</source>
            <translation>Țineți un card de membru în fața camerei…</translation>
        </message>
        <message>
            <source>Test scan read %1.</source>
            <translation>Testul a citit %1.</translation>
        </message>
        <message>
            <source>Receipt printer</source>
            <translation>Imprimantă de bonuri</translation>
        </message>
        <message>
            <source>No receipt printer (vouchers as PDF)</source>
            <translation>Fără imprimantă (vouchere ca PDF)</translation>
        </message>
        <message>
            <source>File or device node</source>
            <translation>Fișier sau dispozitiv</translation>
        </message>
        <message>
            <source>Network (ESC/POS)</source>
            <translation>Rețea (ESC/POS)</translation>
        </message>
        <message>
            <source>USB (ESC/POS)</source>
            <translation>USB (ESC/POS)</translation>
        </message>
        <message>
            <source>Vouchers and points slips print on an ESC/POS receipt printer. Press Test print to check it.</source>
            <translation>Voucherele și bonurile de puncte se tipăresc pe o imprimantă ESC/POS. Apăsați Tipărire de test pentru a o verifica.</translation>
        </message>
        <message>
            <source>Printer</source>
            <translation>Imprimantă</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Adresă</translation>
        </message>
        <message>
            <source>Test print</source>
            <translation>Tipărire de test</translation>
        </message>
        <message>
            <source>Go on without a printer</source>
            <translation>Continuați fără imprimantă</translation>
        </message>
        <message>
            <source>Printing a test slip…</source>
            <translation>Se tipărește bonul de test…</translation>
        </message>
        <message>
            <source>Test slip sent to the printer: check it came out.</source>
            <translation>Bonul de test a fost trimis: verificați că a ieșit.</translation>
        </message>
        <message>
            <source>Tessera – first start</source>
            <translation>Tessera – prima pornire</translation>
        </message>
        <message>
            <source>Set up this terminal</source>
            <translation>Configurați acest terminal</translation>
        </message>
        <message>
            <source>Step %1 of %2: %3</source>
            <translation>Pasul %1 din %2: %3</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Înapoi</translation>
        </message>
        <message>
            <source>Finish</source>
            <translation>Gata</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>Înainte</translation>
        </message>
        <message>
            <source>Saving the settings and creating the terminal database…</source>
            <translation>Se salvează setările și se creează baza de date a terminalului…</translation>
        </message>
        <message>
            <source>Setup done.</source>
            <translation>Configurare încheiată.</translation>
        </message>
        <message>
            <source>Setup failed: %1</source>
            <translation>Configurarea a eșuat: %1</translation>
        </message>
        <message>
            <source>First manager</source>
            <translation>Primul manager</translation>
        </message>
        <message>
            <source>Add another manager here, or leave the fields empty.</source>
            <translation>Adăugați aici alt manager sau lăsați câmpurile goale.</translation>
        </message>
        <message>
            <source>The manager signs in with this PIN and adds the cashiers. A PIN has 4 to 6 digits.</source>
            <translation>Managerul se autentifică cu acest PIN și adaugă casierii. Un PIN are între 4 și 6 cifre.</translation>
        </message>
        <message>
            <source>Manager's name</source>
            <translation>Numele managerului</translation>
        </message>
        <message>
            <source>PIN</source>
            <translation>PIN</translation>
        </message>
        <message>
            <source>PIN again</source>
            <translation>Repetați PIN-ul</translation>
        </message>
        <message>
            <source>Type the manager's name.</source>
            <translation>Scrieți numele managerului.</translation>
        </message>
        <message>
            <source>The name is too long (80 characters at most).</source>
            <translation>Numele este prea lung (cel mult 80 de caractere).</translation>
        </message>
        <message>
            <source>A PIN has 4 to 6 digits.</source>
            <translation>Un PIN are între 4 și 6 cifre.</translation>
        </message>
        <message>
            <source>The two PINs differ: type the same PIN twice.</source>
            <translation>Cele două PIN-uri diferă: scrieți același PIN de două ori.</translation>
        </message>
        <message>
            <source>Type a two-letter country code such as IT or RO.</source>
            <translation>Scrieți un cod de țară din două litere, de exemplu IT sau RO.</translation>
        </message>
        <message>
            <source>The server address must look like https://host:port.</source>
            <translation>Adresa serverului trebuie să arate ca https://gazdă:port.</translation>
        </message>
        <message>
            <source>Type the registration code HQ gave you.</source>
            <translation>Scrieți codul de înregistrare primit de la sediu.</translation>
        </message>
        <message>
            <source>That video file or image folder does not exist.</source>
            <translation>Acel fișier video sau dosar de imagini nu există.</translation>
        </message>
        <message>
            <source>The printer address does not fit the printer kind.</source>
            <translation>Adresa nu se potrivește cu tipul imprimantei.</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Limbă</translation>
        </message>
        <message>
            <source>Choose the language of this terminal. You can change it later in the settings.</source>
            <translation>Alegeți limba acestui terminal. O puteți schimba mai târziu din setări.</translation>
        </message>
        <message>
            <source>Store region and currency</source>
            <translation>Țara magazinului și moneda</translation>
        </message>
        <message>
            <source>Italy</source>
            <translation>Italia</translation>
        </message>
        <message>
            <source>Romania</source>
            <translation>România</translation>
        </message>
        <message>
            <source>South Korea</source>
            <translation>Coreea de Sud</translation>
        </message>
        <message>
            <source>United Kingdom</source>
            <translation>Regatul Unit</translation>
        </message>
        <message>
            <source>Another country…</source>
            <translation>Altă țară…</translation>
        </message>
        <message>
            <source>Where is the store? Phone numbers typed without + are read in this country.</source>
            <translation>Unde este magazinul? Numerele de telefon scrise fără + sunt citite în această țară.</translation>
        </message>
        <message>
            <source>Country</source>
            <translation>Țară</translation>
        </message>
        <message>
            <source>Country code (ISO, two letters)</source>
            <translation>Codul țării (ISO, două litere)</translation>
        </message>
        <message>
            <source>Amounts and points follow the loyalty program: a registered terminal takes the server's, a standalone one starts with the starter program in EUR.</source>
            <translation>Sumele și punctele urmează programul de fidelitate: un terminal înregistrat îl preia pe cel al serverului, unul independent pornește cu programul inițial în EUR.</translation>
        </message>
        <message>
            <source>Currency: %1</source>
            <translation>Moneda: %1</translation>
        </message>
        <message>
            <source>The server %1 cannot be reached. Check the address and the network, or go on standalone and register later.</source>
            <translation>Serverul %1 nu poate fi contactat. Verificați adresa și rețeaua sau continuați independent și înregistrați mai târziu.</translation>
        </message>
        <message>
            <source>this registration code is unknown or was already used: ask HQ for a new one</source>
            <translation>acest cod de înregistrare este necunoscut sau a fost deja folosit: cereți unul nou de la sediu</translation>
        </message>
        <message>
            <source>this registration code has expired: ask HQ for a new one</source>
            <translation>acest cod de înregistrare a expirat: cereți unul nou de la sediu</translation>
        </message>
        <message>
            <source>Loyalty server</source>
            <translation>Server de fidelitate</translation>
        </message>
        <message>
            <source>A terminal registered with the loyalty server shares members and points with the other tills of the chain.</source>
            <translation>Un terminal înregistrat la serverul de fidelitate împarte membrii și punctele cu celelalte case ale rețelei.</translation>
        </message>
        <message>
            <source>Register with the server now</source>
            <translation>Înregistrați acum la server</translation>
        </message>
        <message>
            <source>Standalone for now</source>
            <translation>Deocamdată independent</translation>
        </message>
        <message>
            <source>Server address</source>
            <translation>Adresa serverului</translation>
        </message>
        <message>
            <source>Registration code</source>
            <translation>Cod de înregistrare</translation>
        </message>
        <message>
            <source>Register</source>
            <translation>Înregistrați</translation>
        </message>
        <message>
            <source>Go on standalone</source>
            <translation>Continuați independent</translation>
        </message>
        <message>
            <source>Standalone, the terminal works on its own; register it later in the settings or with tessera-pos register.</source>
            <translation>Independent, terminalul lucrează singur; înregistrați-l mai târziu din setări sau cu tessera-pos register.</translation>
        </message>
        <message>
            <source>Registering with %1…</source>
            <translation>Înregistrare la %1…</translation>
        </message>
        <message>
            <source>Registered as %1 of store %2.</source>
            <translation>Înregistrat ca %1 al magazinului %2.</translation>
        </message>
    </context>
    <context>
        <name>HourChart</name>
        <message>
            <source>Hour</source>
            <translation>Ora</translation>
        </message>
    </context>
    <context>
        <name>TrendChart</name>
        <message>
            <source>Day</source>
            <translation>Ziua</translation>
        </message>
        <message>
            <source>Points</source>
            <translation>Puncte</translation>
        </message>
        <message>
            <source>Points issued</source>
            <translation>Puncte acordate</translation>
        </message>
        <message>
            <source>Points redeemed</source>
            <translation>Puncte folosite</translation>
        </message>
        <message>
            <source>Visits (scaled)</source>
            <translation>Vizite (la scară)</translation>
        </message>
    </context>
</TS>
