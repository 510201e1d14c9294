<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="it_IT" sourcelanguage="en_US">
    <context>
        <name>AuditTab</name>
        <message>
            <source>All days</source>
            <translation>Tutti i giorni</translation>
        </message>
        <message>
            <source>Audit trail</source>
            <translation>Registro attività</translation>
        </message>
        <message>
            <source>Backup restored</source>
            <translation>Backup ripristinato</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>File CSV (*.csv)</translation>
        </message>
        <message>
            <source>Cannot save the CSV: %1</source>
            <translation>Impossibile salvare il CSV: %1</translation>
        </message>
        <message>
            <source>Cashier</source>
            <translation>Cassiere</translation>
        </message>
        <message>
            <source>Cashier PIN refused for a manager act</source>
            <translation>PIN di un cassiere rifiutato per un'operazione da responsabile</translation>
        </message>
        <message>
            <source>Cashier PIN reset</source>
            <translation>PIN del cassiere reimpostato</translation>
        </message>
        <message>
            <source>Cashier added</source>
            <translation>Cassiere aggiunto</translation>
        </message>
        <message>
            <source>Cashier disabled</source>
            <translation>Cassiere disattivato</translation>
        </message>
        <message>
            <source>Cashier id</source>
            <translation>ID cassiere</translation>
        </message>
        <message>
            <source>Cashier role changed</source>
            <translation>Ruolo del cassiere cambiato</translation>
        </message>
        <message>
            <source>Day</source>
            <translation>Giorno</translation>
        </message>
        <message>
            <source>Detail</source>
            <translation>Dettaglio</translation>
        </message>
        <message>
            <source>Every kind</source>
            <translation>Ogni tipo</translation>
        </message>
        <message>
            <source>Export CSV</source>
            <translation>Esporta CSV</translation>
        </message>
        <message>
            <source>Export the audit trail</source>
            <translation>Esporta il registro attività</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Tipo</translation>
        </message>
        <message>
            <source>Manager PIN approved</source>
            <translation>PIN del responsabile accettato</translation>
        </message>
        <message>
            <source>Manager acts and wrong PINs, as they happened. Nothing here can be changed or removed.</source>
            <translation>Operazioni dei responsabili e PIN errati, così come sono avvenuti. Qui nulla può essere modificato o rimosso.</translation>
        </message>
        <message>
            <source>Member</source>
            <translation>Cliente</translation>
        </message>
        <message>
            <source>Card or last 4 digits</source>
            <translation>Carta o 4 cifre</translation>
        </message>
        <message>
            <source>Member enrolled</source>
            <translation>Cliente iscritto</translation>
        </message>
        <message>
            <source>No rows for these filters.</source>
            <translation>Nessuna riga per questi filtri.</translation>
        </message>
        <message>
            <source>Points correction</source>
            <translation>Correzione punti</translation>
        </message>
        <message>
            <source>Saved %1 rows to %2.</source>
            <translation>Salvate %1 righe in %2.</translation>
        </message>
        <message>
            <source>Settings changed</source>
            <translation>Impostazioni modificate</translation>
        </message>
        <message>
            <source>Setup wizard run</source>
            <translation>Configurazione guidata eseguita</translation>
        </message>
        <message>
            <source>Signed in</source>
            <translation>Accesso eseguito</translation>
        </message>
        <message>
            <source>The newest %1 rows are shown; Export CSV writes them all.</source>
            <translation>Sono mostrate le %1 righe più recenti; Esporta CSV le scrive tutte.</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Ora</translation>
        </message>
        <message>
            <source>Voucher used</source>
            <translation>Buono usato</translation>
        </message>
        <message>
            <source>Voucher voided</source>
            <translation>Buono annullato</translation>
        </message>
        <message>
            <source>Wrong PIN at restore</source>
            <translation>PIN errato al ripristino</translation>
        </message>
        <message>
            <source>Wrong PIN at sign-in</source>
            <translation>PIN errato all'accesso</translation>
        </message>
        <message>
            <source>Wrong manager PIN</source>
            <translation>PIN del responsabile errato</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>sconosciuto</translation>
        </message>
    </context>
    <context>
        <name>CameraSlot</name>
        <message>
            <source>Starting camera…</source>
            <translation>Avvio fotocamera…</translation>
        </message>
        <message>
            <source>No camera</source>
            <translation>Nessuna fotocamera</translation>
        </message>
        <message>
            <source>Camera lost</source>
            <translation>Fotocamera scollegata</translation>
        </message>
    </context>
    <context>
        <name>CashiersTab</name>
        <message>
            <source>Cashier</source>
            <translation>Cassiere</translation>
        </message>
        <message>
            <source>Cashier ID (an existing ID gets the new PIN)</source>
            <translation>ID cassiere (un ID esistente riceve il nuovo PIN)</translation>
        </message>
        <message>
            <source>Cashiers</source>
            <translation>Cassieri</translation>
        </message>
        <message>
            <source>Manager</source>
            <translation>Responsabile</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nome</translation>
        </message>
        <message>
            <source>PIN (4 to 6 digits)</source>
            <translation>PIN (da 4 a 6 cifre)</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>Ruolo</translation>
        </message>
        <message>
            <source>Save cashier</source>
            <translation>Salva cassiere</translation>
        </message>
        <message>
            <source>Saved: %1 signs in with the new PIN.</source>
            <translation>Salvato: %1 accede con il nuovo PIN.</translation>
        </message>
        <message>
            <source>Type the cashier&apos;s ID.</source>
            <translation>Scrivi l&apos;ID del cassiere.</translation>
        </message>
        <message>
            <source>Type the cashier&apos;s name.</source>
            <translation>Scrivi il nome del cassiere.</translation>
        </message>
    </context>
    <context>
        <name>CorrectionTab</name>
        <message>
            <source>Apply correction</source>
            <translation>Applica correzione</translation>
        </message>
        <message>
            <source>Card number</source>
            <translation>Numero carta</translation>
        </message>
        <message>
            <source>Corrected by %1 points. New balance of card %2: %3 points.</source>
            <translation>Correzione di %1 punti. Nuovo saldo della carta %2: %3 punti.</translation>
        </message>
        <message>
            <source>Points (+ to add, - to take away)</source>
            <translation>Punti (+ per aggiungere, - per togliere)</translation>
        </message>
        <message>
            <source>Points correction</source>
            <translation>Correzione punti</translation>
        </message>
        <message>
            <source>Reason (required)</source>
            <translation>Motivo (obbligatorio)</translation>
        </message>
        <message>
            <source>The correction is recorded with your name and sent to the server.</source>
            <translation>La correzione viene registrata con il tuo nome e inviata al server.</translation>
        </message>
        <message>
            <source>Type or scan the member&apos;s card number.</source>
            <translation>Scrivi o scansiona il numero della carta del cliente.</translation>
        </message>
        <message>
            <source>Type the points as a whole number other than zero, e.g. 50 or -20.</source>
            <translation>Scrivi i punti come numero intero diverso da zero, es. 50 o -20.</translation>
        </message>
        <message>
            <source>Type the reason for the correction.</source>
            <translation>Scrivi il motivo della correzione.</translation>
        </message>
        <message>
            <source>e.g. 50 or -20</source>
            <translation>es. 50 o -20</translation>
        </message>
    </context>
    <context>
        <name>EnrollPanel</name>
        <message>
            <source>New member</source>
            <translation>Nuovo cliente</translation>
        </message>
        <message>
            <source>empty: a new number</source>
            <translation>vuoto: nuovo numero</translation>
        </message>
        <message>
            <source>Agrees to receive offers</source>
            <translation>Accetta di ricevere offerte</translation>
        </message>
        <message>
            <source>Name *</source>
            <translation>Nome *</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Telefono</translation>
        </message>
        <message>
            <source>E-mail</source>
            <translation>E-mail</translation>
        </message>
        <message>
            <source>Card number</source>
            <translation>Numero carta</translation>
        </message>
        <message>
            <source>A phone number or an e-mail address is needed.</source>
            <translation>Serve un numero di telefono o un indirizzo e-mail.</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Annulla</translation>
        </message>
        <message>
            <source>Enroll</source>
            <translation>Iscrivi</translation>
        </message>
        <message>
            <source>Print card</source>
            <translation>Stampa carta</translation>
        </message>
        <message>
            <source>Type the member's name.</source>
            <translation>Scrivi il nome del cliente.</translation>
        </message>
        <message>
            <source>Type a phone number or an e-mail address.</source>
            <translation>Scrivi un numero di telefono o un indirizzo e-mail.</translation>
        </message>
        <message>
            <source>Welcome, %1! Card %2 is ready.</source>
            <translation>Iscrizione completata per %1: la carta %2 è pronta.</translation>
        </message>
        <message>
            <source>Welcome bonus: %1 points.</source>
            <translation>Bonus di benvenuto: %1 punti.</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Fatto</translation>
        </message>
        <message>
            <source>Showing that member.</source>
            <translation>Ecco la sua scheda.</translation>
        </message>
        <message>
            <source>Not enrolled: the server already has this member.</source>
            <translation>Non iscritto: il server ha già questo cliente.</translation>
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
            <translation>Tessera – terminale fedeltà</translation>
        </message>
        <message>
            <source>Opening the terminal database…</source>
            <translation>Apertura del database del terminale…</translation>
        </message>
        <message>
            <source>Cannot open the terminal database: %1</source>
            <translation>Impossibile aprire il database del terminale: %1</translation>
        </message>
    </context>
    <context>
        <name>ManagerPage</name>
        <message>
            <source>Audit trail</source>
            <translation>Registro attività</translation>
        </message>
        <message>
            <source>Back to sales</source>
            <translation>Torna alle vendite</translation>
        </message>
        <message>
            <source>Cashiers</source>
            <translation>Cassieri</translation>
        </message>
        <message>
            <source>Daily summary</source>
            <translation>Riepilogo del giorno</translation>
        </message>
        <message>
            <source>Manager</source>
            <translation>Responsabile</translation>
        </message>
        <message>
            <source>Points correction</source>
            <translation>Correzione punti</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Impostazioni</translation>
        </message>
        <message>
            <source>Sync problems</source>
            <translation>Problemi di sincronizzazione</translation>
        </message>
    </context>
    <context>
        <name>MemberPanel</name>
        <message>
            <source>Blocked: ask a manager before any sale or reward.</source>
            <translation>Bloccato: chiedi a un responsabile prima di vendite o premi.</translation>
        </message>
        <message>
            <source>Points to spend</source>
            <translation>Punti da spendere</translation>
        </message>
        <message>
            <source>Pending points</source>
            <translation>Punti in attesa</translation>
        </message>
        <message>
            <source>Expiring within 30 days</source>
            <translation>In scadenza entro 30 giorni</translation>
        </message>
        <message>
            <source>Recent visits</source>
            <translation>Visite recenti</translation>
        </message>
        <message>
            <source>Card %1</source>
            <translation>Carta %1</translation>
        </message>
        <message>
            <source>%1 tier</source>
            <translation>Livello %1</translation>
        </message>
        <message>
            <source>Top tier reached</source>
            <translation>Livello massimo raggiunto</translation>
        </message>
        <message>
            <source>%1 more to spend for %2</source>
            <translation>Ancora %1 di spesa per %2</translation>
        </message>
        <message>
            <source>No visits yet</source>
            <translation>Ancora nessuna visita</translation>
        </message>
        <message>
            <source>Sale</source>
            <translation>Acquisto</translation>
        </message>
        <message>
            <source>Reward</source>
            <translation>Premio</translation>
        </message>
        <message>
            <source>Refund</source>
            <translation>Rimborso</translation>
        </message>
        <message>
            <source>Correction</source>
            <translation>Correzione</translation>
        </message>
        <message>
            <source>Expired</source>
            <translation>Scaduti</translation>
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
            <translation>PIN errato.</translation>
        </message>
        <message>
            <source>Too many wrong PINs: try again in %1 s.</source>
            <translation>Troppi PIN errati: riprova tra %1 s.</translation>
        </message>
        <message>
            <source>A PIN is 4 to 6 digits.</source>
            <translation>Il PIN ha da 4 a 6 cifre.</translation>
        </message>
        <message>
            <source>No member has card %1.</source>
            <translation>Nessun cliente ha la carta %1.</translation>
        </message>
        <message>
            <source>No member has that phone number.</source>
            <translation>Nessun cliente ha questo numero di telefono.</translation>
        </message>
        <message>
            <source>That card number is mistyped: please check the digits.</source>
            <translation>Numero di carta errato: controlla le cifre.</translation>
        </message>
        <message>
            <source>That is neither a card number nor a phone number.</source>
            <translation>Non è né un numero di carta né un numero di telefono.</translation>
        </message>
        <message>
            <source>A card number has 13 digits.</source>
            <translation>Il numero di carta ha 13 cifre.</translation>
        </message>
        <message>
            <source>This member is blocked: please ask a manager.</source>
            <translation>Questo cliente è bloccato: chiedi a un responsabile.</translation>
        </message>
        <message>
            <source>Receipt %1 was already used for another sale.</source>
            <translation>Lo scontrino %1 è già stato usato per un'altra vendita.</translation>
        </message>
        <message>
            <source>No sale has receipt %1.</source>
            <translation>Nessuna vendita con lo scontrino %1.</translation>
        </message>
        <message>
            <source>Receipt %1 is already fully refunded.</source>
            <translation>Lo scontrino %1 è già stato rimborsato per intero.</translation>
        </message>
        <message>
            <source>The refund is larger than what is left on receipt %1.</source>
            <translation>Il rimborso supera quanto resta sullo scontrino %1.</translation>
        </message>
        <message>
            <source>A refund amount must be more than zero.</source>
            <translation>L'importo del rimborso deve essere maggiore di zero.</translation>
        </message>
        <message>
            <source>The amount must be more than zero.</source>
            <translation>L'importo deve essere maggiore di zero.</translation>
        </message>
        <message>
            <source>This currency has no decimals.</source>
            <translation>Questa valuta non ha decimali.</translation>
        </message>
        <message>
            <source>At most %1 decimals.</source>
            <translation>Al massimo %1 decimali.</translation>
        </message>
        <message>
            <source>That amount is too large.</source>
            <translation>Importo troppo grande.</translation>
        </message>
        <message>
            <source>Type the amount as digits, e.g. 12.50.</source>
            <translation>Scrivi l'importo in cifre, ad es. 12,50.</translation>
        </message>
        <message>
            <source>A receipt number is 1 to 64 characters.</source>
            <translation>Il numero di scontrino ha da 1 a 64 caratteri.</translation>
        </message>
        <message>
            <source>%1 is already a member with this phone or e-mail (card %2).</source>
            <translation>%1 è già cliente con questo telefono o e-mail (carta %2).</translation>
        </message>
        <message>
            <source>Card %1 already belongs to a member.</source>
            <translation>La carta %1 appartiene già a un cliente.</translation>
        </message>
        <message>
            <source>A member needs a name.</source>
            <translation>Il cliente deve avere un nome.</translation>
        </message>
        <message>
            <source>The name is longer than 200 characters.</source>
            <translation>Il nome supera i 200 caratteri.</translation>
        </message>
        <message>
            <source>That phone number is not valid.</source>
            <translation>Numero di telefono non valido.</translation>
        </message>
        <message>
            <source>That e-mail address is not valid.</source>
            <translation>Indirizzo e-mail non valido.</translation>
        </message>
        <message>
            <source>The name contains characters that are not allowed.</source>
            <translation>Il nome contiene caratteri non ammessi.</translation>
        </message>
        <message>
            <source>Type the phone number with its country code, e.g. +40 721 555 010.</source>
            <translation>Digita il numero di telefono con il prefisso internazionale, ad es. +40 721 555 010.</translation>
        </message>
        <message>
            <source>%1 is not available at this time.</source>
            <translation>%1 non è disponibile in questo momento.</translation>
        </message>
        <message>
            <source>%1 needs %2 tier or higher.</source>
            <translation>%1 richiede il livello %2 o superiore.</translation>
        </message>
        <message>
            <source>%1: limit per member reached (%2).</source>
            <translation>%1: limite per cliente raggiunto (%2).</translation>
        </message>
        <message>
            <source>%1 needs %2 points; %3 available.</source>
            <translation>%1 richiede %2 punti; disponibili %3.</translation>
        </message>
        <message>
            <source>Not enough points: %1 available, %2 needed.</source>
            <translation>Punti insufficienti: disponibili %1, necessari %2.</translation>
        </message>
        <message>
            <source>That reward is not in the catalog.</source>
            <translation>Questo premio non è nel catalogo.</translation>
        </message>
        <message>
            <source>Offline limit reached: %1 of %2 points left today until the terminal syncs.</source>
            <translation>Limite offline raggiunto: oggi restano %1 punti su %2 finché il terminale non si sincronizza.</translation>
        </message>
        <message>
            <source>This QR code is not a valid member code.</source>
            <translation>Questo codice QR non è un codice cliente valido.</translation>
        </message>
        <message>
            <source>This member code is not genuine.</source>
            <translation>Questo codice cliente non è autentico.</translation>
        </message>
        <message>
            <source>This member code has expired: ask the member to refresh it.</source>
            <translation>Questo codice cliente è scaduto: chiedi al cliente di aggiornarlo.</translation>
        </message>
        <message>
            <source>This member code is dated in the future: check the terminal clock.</source>
            <translation>Questo codice cliente ha una data futura: controlla l'orologio del terminale.</translation>
        </message>
        <message>
            <source>This member code was already used: ask the member to refresh it.</source>
            <translation>Questo codice cliente è già stato usato: chiedi al cliente di aggiornarlo.</translation>
        </message>
        <message>
            <source>This terminal does not know this member code yet: sync and retry.</source>
            <translation>Il terminale non riconosce ancora questo codice: sincronizza e riprova.</translation>
        </message>
        <message>
            <source>Something went wrong: %1</source>
            <translation>Si è verificato un errore: %1</translation>
        </message>
        <message>
            <source>A correction changes the balance by a number of points other than zero.</source>
            <translation>Una correzione cambia il saldo di un numero di punti diverso da zero.</translation>
        </message>
        <message>
            <source>Another cashier already uses this PIN: choose another.</source>
            <translation>Un altro cassiere usa già questo PIN: scegline un altro.</translation>
        </message>
        <message>
            <source>The role is cashier or manager.</source>
            <translation>Il ruolo è cassiere o responsabile.</translation>
        </message>
        <message>
            <source>Type the reason for the correction.</source>
            <translation>Scrivi il motivo della correzione.</translation>
        </message>
        <message>
            <source>The request was refused.</source>
            <translation>La richiesta è stata rifiutata.</translation>
        </message>
        <message>
            <source>That input is not valid.</source>
            <translation>Questo dato non è valido.</translation>
        </message>
        <message>
            <source>That card number is not valid.</source>
            <translation>Questo numero di carta non è valido.</translation>
        </message>
        <message>
            <source>The currency %1 is not supported.</source>
            <translation>La valuta %1 non è supportata.</translation>
        </message>
        <message>
            <source>A reversal cannot be reversed.</source>
            <translation>Uno storno non può essere stornato.</translation>
        </message>
        <message>
            <source>The loyalty program is not valid: %1</source>
            <translation>Il programma fedeltà non è valido: %1</translation>
        </message>
        <message>
            <source>The settings file is not valid: %1</source>
            <translation>Il file delle impostazioni non è valido: %1</translation>
        </message>
        <message>
            <source>Program version %1 already exists with other rules.</source>
            <translation>La versione %1 del programma esiste già con altre regole.</translation>
        </message>
        <message>
            <source>No loyalty program is loaded: sync with the server.</source>
            <translation>Nessun programma fedeltà caricato: sincronizza con il server.</translation>
        </message>
        <message>
            <source>The server did not send its active program version %1.</source>
            <translation>Il server non ha inviato la versione attiva %1 del programma.</translation>
        </message>
        <message>
            <source>No terminal database in %1: run tessera-pos init first.</source>
            <translation>Nessun database del terminale in %1: esegui prima tessera-pos init.</translation>
        </message>
        <message>
            <source>The server address must look like https://host:port.</source>
            <translation>L'indirizzo del server deve avere la forma https://host:porta.</translation>
        </message>
        <message>
            <source>This terminal is not registered: run tessera-pos register.</source>
            <translation>Questo terminale non è registrato: esegui tessera-pos register.</translation>
        </message>
        <message>
            <source>Registration failed: %1</source>
            <translation>Registrazione non riuscita: %1</translation>
        </message>
        <message>
            <source>A registration code has 4 to 64 characters; this one has %1.</source>
            <translation>Un codice di registrazione ha da 4 a 64 caratteri; questo ne ha %1.</translation>
        </message>
        <message>
            <source>%1 is the last manager: add another manager first.</source>
            <translation>%1 è l&apos;ultimo responsabile: aggiungi prima un altro responsabile.</translation>
        </message>
        <message>
            <source>No voucher has code %1.</source>
            <translation>Nessun buono ha il codice %1.</translation>
        </message>
        <message>
            <source>Receipt %1 was not rung on this till and the server cannot be reached now.</source>
            <translation>Lo scontrino %1 non è stato battuto su questa cassa e il server ora non è raggiungibile.</translation>
        </message>
        <message>
            <source>Voucher %1 expired on %2.</source>
            <translation>Il buono %1 è scaduto il %2.</translation>
        </message>
        <message>
            <source>Voucher %1 was already used.</source>
            <translation>Il buono %1 è già stato usato.</translation>
        </message>
        <message>
            <source>Voucher %1 was voided: it cannot be used.</source>
            <translation>Il buono %1 è stato annullato: non si può usare.</translation>
        </message>
        <message>
            <source>The terminal database %1 is empty and was not replaced. Nothing can be sold until a backup is restored (tessera-pos restore); newest backup: %2</source>
            <translation>Il database del terminale %1 è vuoto e non è stato sostituito. Non si può vendere finché non si ripristina un backup (tessera-pos restore); backup più recente: %2</translation>
        </message>
        <message>
            <source>%1 is not a terminal database (its header is damaged). Restore a backup (tessera-pos restore); newest backup: %2</source>
            <translation>%1 non è un database del terminale (intestazione danneggiata). Ripristinare un backup (tessera-pos restore); backup più recente: %2</translation>
        </message>
        <message>
            <source>The terminal database %1 is truncated. Restore a backup (tessera-pos restore); newest backup: %2</source>
            <translation>Il database del terminale %1 è troncato. Ripristinare un backup (tessera-pos restore); backup più recente: %2</translation>
        </message>
        <message>
            <source>The terminal database %1 is damaged. Restore a backup (tessera-pos restore); newest backup: %2</source>
            <translation>Il database del terminale %1 è danneggiato. Ripristinare un backup (tessera-pos restore); backup più recente: %2</translation>
        </message>
        <message>
            <source>The terminal database %1 cannot be written. Nothing was saved: ask a technician to give this user write access.</source>
            <translation>Il database del terminale %1 non è scrivibile. Non è stato salvato nulla: chiedere a un tecnico di dare a questo utente i permessi di scrittura.</translation>
        </message>
        <message>
            <source>The disk is full. Nothing was saved: free some space, then try again.</source>
            <translation>Il disco è pieno. Non è stato salvato nulla: liberare spazio e riprovare.</translation>
        </message>
        <message>
            <source>The disk failed to read or write. Nothing was saved: run tessera-pos doctor.</source>
            <translation>Il disco non riesce a leggere o scrivere. Non è stato salvato nulla: eseguire tessera-pos doctor.</translation>
        </message>
        <message>
            <source>Too many wrong PINs: the PIN pad is locked for %1 s.</source>
            <translation>Troppi PIN errati: il tastierino è bloccato per %1 s.</translation>
        </message>
        <message>
            <source>The receipt printer is not set up right: %1</source>
            <translation>La stampante degli scontrini non è configurata bene: %1</translation>
        </message>
        <message>
            <source>The receipt printer %1 cannot be reached: check that it is on and connected.</source>
            <translation>La stampante degli scontrini %1 non è raggiungibile: verifica che sia accesa e collegata.</translation>
        </message>
        <message>
            <source>The receipt printer %1 stopped printing: check its paper and cable.</source>
            <translation>La stampante degli scontrini %1 ha smesso di stampare: controlla la carta e il cavo.</translation>
        </message>
        <message>
            <source>The receipt printer %1 is out of paper.</source>
            <translation>La stampante degli scontrini %1 è senza carta.</translation>
        </message>
        <message>
            <source>%1 is not a usable terminal backup: %2</source>
            <translation>%1 non è un backup del terminale utilizzabile: %2</translation>
        </message>
        <message>
            <source>%1 is a backup of another terminal: it cannot be restored on this one.</source>
            <translation>%1 è un backup di un altro terminale: non si può ripristinare su questo.</translation>
        </message>
        <message>
            <source>There is no backup in %1.</source>
            <translation>Non c'è nessun backup in %1.</translation>
        </message>
        <message>
            <source>The terminal database %1 could not be upgraded from schema %2 to %3 (%4): it was put back as it was from %5. Nothing was lost: reinstall the previous version of Tessera and report this.</source>
            <translation>Non è stato possibile aggiornare il database del terminale %1 dallo schema %2 al %3 (%4): è stato riportato com'era dal backup %5. Non è andato perso nulla: reinstallare la versione precedente di Tessera e segnalare il problema.</translation>
        </message>
        <message>
            <source>The terminal database %1 could not be upgraded (%2) and its backup could not be put back (%3). Restore it with tessera-pos restore %4</source>
            <translation>Non è stato possibile aggiornare il database del terminale %1 (%2) né rimettere al suo posto il backup (%3). Ripristinarlo con tessera-pos restore %4</translation>
        </message>
    </context>
    <context>
        <name>Printing</name>
        <message>
            <source>Saved to %1</source>
            <translation>Salvato in %1</translation>
        </message>
        <message>
            <source>Opened for printing: %1</source>
            <translation>Aperto per la stampa: %1</translation>
        </message>
        <message>
            <source>Printing is not available on this terminal.</source>
            <translation>La stampa non è disponibile su questo terminale.</translation>
        </message>
    </context>
    <context>
        <name>Receipts</name>
        <message>
            <source>Voucher</source>
            <translation>Buono</translation>
        </message>
        <message>
            <source>Points spent</source>
            <translation>Punti usati</translation>
        </message>
        <message>
            <source>Balance</source>
            <translation>Saldo</translation>
        </message>
        <message>
            <source>Card</source>
            <translation>Carta</translation>
        </message>
        <message>
            <source>Store</source>
            <translation>Negozio</translation>
        </message>
        <message>
            <source>Terminal</source>
            <translation>Cassa</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Ora</translation>
        </message>
        <message>
            <source>Points</source>
            <translation>Punti</translation>
        </message>
        <message>
            <source>Receipt</source>
            <translation>Scontrino</translation>
        </message>
        <message>
            <source>Points earned</source>
            <translation>Punti guadagnati</translation>
        </message>
        <message>
            <source>Expiring within 30 days</source>
            <translation>In scadenza entro 30 giorni</translation>
        </message>
        <message>
            <source>Welcome</source>
            <translation>Benvenuto</translation>
        </message>
        <message>
            <source>Your card number</source>
            <translation>Il numero della tua carta</translation>
        </message>
        <message>
            <source>Welcome bonus</source>
            <translation>Bonus di benvenuto</translation>
        </message>
        <message>
            <source>Keep this slip with your card.</source>
            <translation>Conserva questo scontrino con la tua carta.</translation>
        </message>
        <message>
            <source>Only the slip is missing: nothing else was undone.</source>
            <translation>Manca solo lo scontrino: nient'altro è stato annullato.</translation>
        </message>
    </context>
    <context>
        <name>RedeemPanel</name>
        <message>
            <source>Rewards</source>
            <translation>Premi</translation>
        </message>
        <message>
            <source>Confirm</source>
            <translation>Conferma</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Annulla</translation>
        </message>
        <message>
            <source>Print voucher</source>
            <translation>Stampa buono</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Fatto</translation>
        </message>
        <message>
            <source>%1 points</source>
            <translation>%1 punti</translation>
        </message>
        <message>
            <source>Redeem %1 for %2 points?</source>
            <translation>Riscattare %1 per %2 punti?</translation>
        </message>
        <message>
            <source>%1 redeemed. New balance: %2 points. Voucher code:</source>
            <translation>%1 riscattato. Nuovo saldo: %2 punti. Codice del buono:</translation>
        </message>
    </context>
    <context>
        <name>RefundPanel</name>
        <message>
            <source>Refund</source>
            <translation>Rimborso</translation>
        </message>
        <message>
            <source>empty: the whole sale</source>
            <translation>vuoto: l'intera vendita</translation>
        </message>
        <message>
            <source>Receipt number</source>
            <translation>Numero scontrino</translation>
        </message>
        <message>
            <source>Amount to refund (%1)</source>
            <translation>Importo da rimborsare (%1)</translation>
        </message>
        <message>
            <source>Points earned on the refunded part are taken back.</source>
            <translation>I punti guadagnati sulla parte rimborsata vengono stornati.</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Annulla</translation>
        </message>
        <message>
            <source>Type or scan the receipt number.</source>
            <translation>Scrivi o scansiona il numero dello scontrino.</translation>
        </message>
        <message>
            <source>Refunded %1 on receipt %2: %3 points taken back. Balance: %4 points.</source>
            <translation>Rimborsati %1 sullo scontrino %2: stornati %3 punti. Saldo: %4 punti.</translation>
        </message>
        <message>
            <source>The balance is now negative.</source>
            <translation>Il saldo ora è negativo.</translation>
        </message>
        <message>
            <source>Queue refund</source>
            <translation>Metti in coda il reso</translation>
        </message>
        <message>
            <source>Queue the refund anyway? It will be applied when the sale reaches the server; the points taken back are known after that.</source>
            <translation>Mettere comunque in coda il reso? Sarà applicato quando la vendita arriverà al server; i punti ripresi si sapranno dopo.</translation>
        </message>
        <message>
            <source>Refund of receipt %1 queued: it will be applied when the sale reaches the server.</source>
            <translation>Reso dello scontrino %1 in coda: sarà applicato quando la vendita arriverà al server.</translation>
        </message>
    </context>
    <context>
        <name>SalePanel</name>
        <message>
            <source>New sale</source>
            <translation>Nuova vendita</translation>
        </message>
        <message>
            <source>empty: a number is generated</source>
            <translation>vuoto: numero automatico</translation>
        </message>
        <message>
            <source>Basket total (%1)</source>
            <translation>Totale scontrino (%1)</translation>
        </message>
        <message>
            <source>Receipt number (optional)</source>
            <translation>Numero scontrino (facoltativo)</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Annulla</translation>
        </message>
        <message>
            <source>Confirm sale</source>
            <translation>Conferma vendita</translation>
        </message>
        <message>
            <source>Type the basket total.</source>
            <translation>Scrivi il totale dello scontrino.</translation>
        </message>
        <message>
            <source>That is not an amount yet.</source>
            <translation>Non è ancora un importo valido.</translation>
        </message>
        <message>
            <source>%1 earns %2 points</source>
            <translation>%1 fa guadagnare %2 punti</translation>
        </message>
        <message>
            <source>tier ×%1</source>
            <translation>livello ×%1</translation>
        </message>
        <message>
            <source>promotion ×%1</source>
            <translation>promozione ×%1</translation>
        </message>
        <message>
            <source>capped</source>
            <translation>limite raggiunto</translation>
        </message>
        <message>
            <source>Type the basket total as digits, e.g. %1.</source>
            <translation>Scrivi il totale in cifre, ad es. %1.</translation>
        </message>
        <message>
            <source>Sale recorded: +%1 points. New balance: %2 points. Receipt %3.</source>
            <translation>Vendita registrata: +%1 punti. Nuovo saldo: %2 punti. Scontrino %3.</translation>
        </message>
        <message>
            <source>This receipt was already recorded; nothing was added.</source>
            <translation>Questo scontrino era già registrato; non è stato aggiunto nulla.</translation>
        </message>
        <message>
            <source>Undo sale (%1:%2)</source>
            <translation>Annulla (%1:%2)</translation>
        </message>
        <message>
            <source>Too late to undo: use Refund instead.</source>
            <translation>Troppo tardi per annullare: usa Rimborso.</translation>
        </message>
        <message>
            <source>Sale %1 undone: %2 points taken back. Balance: %3 points.</source>
            <translation>Vendita %1 annullata: stornati %2 punti. Saldo: %3 punti.</translation>
        </message>
    </context>
    <context>
        <name>SearchResults</name>
        <message>
            <source>No member found for “%1”.</source>
            <translation>Nessun cliente trovato per «%1».</translation>
        </message>
        <message>
            <source>Members matching “%1”: pick one</source>
            <translation>Clienti trovati per «%1»: scegline uno</translation>
        </message>
    </context>
    <context>
        <name>SettingsTab</name>
        <message>
            <source>A new language applies after the terminal restarts. Camera changes apply at once.</source>
            <translation>La nuova lingua vale dopo il riavvio del terminale. Le modifiche alla fotocamera valgono subito.</translation>
        </message>
        <message>
            <source>As the computer</source>
            <translation>Come il computer</translation>
        </message>
        <message>
            <source>Camera</source>
            <translation>Fotocamera</translation>
        </message>
        <message>
            <source>Cannot save the settings: %1</source>
            <translation>Impossibile salvare le impostazioni: %1</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Lingua</translation>
        </message>
        <message>
            <source>Lock after idle (minutes)</source>
            <translation>Blocca dopo inattività (minuti)</translation>
        </message>
        <message>
            <source>None</source>
            <translation>Nessuna</translation>
        </message>
        <message>
            <source>Other (type below)</source>
            <translation>Altra (scrivila sotto)</translation>
        </message>
        <message>
            <source>Other source</source>
            <translation>Altra sorgente</translation>
        </message>
        <message>
            <source>Resolution</source>
            <translation>Risoluzione</translation>
        </message>
        <message>
            <source>Restart the terminal to use the new language.</source>
            <translation>Riavvia il terminale per usare la nuova lingua.</translation>
        </message>
        <message>
            <source>Same code again after (seconds)</source>
            <translation>Stesso codice di nuovo dopo (secondi)</translation>
        </message>
        <message>
            <source>Save settings</source>
            <translation>Salva impostazioni</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Impostazioni</translation>
        </message>
        <message>
            <source>Settings saved.</source>
            <translation>Impostazioni salvate.</translation>
        </message>
        <message>
            <source>Type the camera source, or pick None.</source>
            <translation>Scrivi la sorgente della fotocamera o scegli Nessuna.</translation>
        </message>
        <message>
            <source>camera number, file, folder or URL</source>
            <translation>numero fotocamera, file, cartella o URL</translation>
        </message>
        <message>
            <source>never</source>
            <translation>mai</translation>
        </message>
        <message>
            <source>Back up now</source>
            <translation>Esegui backup</translation>
        </message>
        <message>
            <source>Restore…</source>
            <translation>Ripristina…</translation>
        </message>
        <message>
            <source>PIN</source>
            <translation>PIN</translation>
        </message>
        <message>
            <source>A manager's PIN, needed to restore a backup</source>
            <translation>Il PIN di un responsabile, necessario per ripristinare un backup</translation>
        </message>
        <message>
            <source>Backup written: %1</source>
            <translation>Backup salvato: %1</translation>
        </message>
        <message>
            <source>Cannot write the backup: %1</source>
            <translation>Impossibile scrivere il backup: %1</translation>
        </message>
        <message>
            <source>Restore a backup</source>
            <translation>Ripristina un backup</translation>
        </message>
        <message>
            <source>Terminal backups (*.db)</source>
            <translation>Backup del terminale (*.db)</translation>
        </message>
        <message>
            <source>Type a manager's PIN, then choose the backup.</source>
            <translation>Scrivi il PIN di un responsabile, poi scegli il backup.</translation>
        </message>
        <message>
            <source>Restored %1. The replaced database is kept in %2.</source>
            <translation>Ripristinato %1. Il database sostituito è conservato in %2.</translation>
        </message>
        <message>
            <source>Nothing was restored: %1</source>
            <translation>Non è stato ripristinato nulla: %1</translation>
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
            <translation>PIN cassiere</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>OK</translation>
        </message>
        <message>
            <source>A PIN is 4 to 6 digits.</source>
            <translation>Il PIN ha da 4 a 6 cifre.</translation>
        </message>
        <message>
            <source>You can try again.</source>
            <translation>Puoi riprovare.</translation>
        </message>
        <message>
            <source>Too many wrong PINs. Locked for %1 s.</source>
            <translation>Troppi PIN errati. Bloccato per %1 s.</translation>
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
            <translation>Autonomo</translation>
        </message>
        <message>
            <source>To sync: %1</source>
            <translation>Da inviare: %1</translation>
        </message>
        <message>
            <source>Last sync: %1</source>
            <translation>Ultima sincr.: %1</translation>
        </message>
        <message>
            <source>never</source>
            <translation>mai</translation>
        </message>
        <message>
            <source>Store %1 · Terminal %2</source>
            <translation>Negozio %1 · Cassa %2</translation>
        </message>
        <message>
            <source>Cashier: %1</source>
            <translation>Cassiere: %1</translation>
        </message>
        <message>
            <source>Signed out</source>
            <translation>Nessun cassiere</translation>
        </message>
    </context>
    <context>
        <name>SummaryTab</name>
        <message>
            <source>(none)</source>
            <translation>(nessuno)</translation>
        </message>
        <message>
            <source>By hour</source>
            <translation>Per ora</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>File CSV (*.csv)</translation>
        </message>
        <message>
            <source>Cannot save the file: %1</source>
            <translation>Impossibile salvare il file: %1</translation>
        </message>
        <message>
            <source>Cashier</source>
            <translation>Cassiere</translation>
        </message>
        <message>
            <source>Export CSV</source>
            <translation>Esporta CSV</translation>
        </message>
        <message>
            <source>Member sales</source>
            <translation>Vendite ai soci</translation>
        </message>
        <message>
            <source>No answer from the server: this terminal only.</source>
            <translation>Nessuna risposta dal server: solo questo terminale.</translation>
        </message>
        <message>
            <source>Points</source>
            <translation>Punti</translation>
        </message>
        <message>
            <source>Provisional: %1 changes of this terminal are not yet sent to the server.</source>
            <translation>Provvisorio: %1 modifiche di questo terminale non sono ancora state inviate al server.</translation>
        </message>
        <message>
            <source>Redeemed</source>
            <translation>Riscattati</translation>
        </message>
        <message>
            <source>Reward</source>
            <translation>Premio</translation>
        </message>
        <message>
            <source>Sales</source>
            <translation>Vendite</translation>
        </message>
        <message>
            <source>The last 30 days</source>
            <translation>Ultimi 30 giorni</translation>
        </message>
        <message>
            <source>This terminal</source>
            <translation>Questo terminale</translation>
        </message>
        <message>
            <source>Whole store</source>
            <translation>Tutto il negozio</translation>
        </message>
        <message>
            <source>Cannot save the PDF: %1</source>
            <translation>Impossibile salvare il PDF: %1</translation>
        </message>
        <message>
            <source>Changes not yet sent to the server</source>
            <translation>Modifiche non ancora inviate al server</translation>
        </message>
        <message>
            <source>Daily summary</source>
            <translation>Riepilogo del giorno</translation>
        </message>
        <message>
            <source>Day</source>
            <translation>Giorno</translation>
        </message>
        <message>
            <source>Members with a negative balance</source>
            <translation>Clienti con saldo negativo</translation>
        </message>
        <message>
            <source>Net sales</source>
            <translation>Vendite nette</translation>
        </message>
        <message>
            <source>New members</source>
            <translation>Nuovi clienti</translation>
        </message>
        <message>
            <source>PDF files (*.pdf)</source>
            <translation>File PDF (*.pdf)</translation>
        </message>
        <message>
            <source>Points adjusted</source>
            <translation>Punti corretti</translation>
        </message>
        <message>
            <source>Points expired</source>
            <translation>Punti scaduti</translation>
        </message>
        <message>
            <source>Points issued</source>
            <translation>Punti assegnati</translation>
        </message>
        <message>
            <source>Points redeemed</source>
            <translation>Punti riscattati</translation>
        </message>
        <message>
            <source>Save PDF</source>
            <translation>Salva PDF</translation>
        </message>
        <message>
            <source>Save the daily summary</source>
            <translation>Salva il riepilogo del giorno</translation>
        </message>
        <message>
            <source>Saved %1.</source>
            <translation>Salvato %1.</translation>
        </message>
        <message>
            <source>Transactions</source>
            <translation>Transazioni</translation>
        </message>
    </context>
    <context>
        <name>SyncTab</name>
        <message>
            <source>#%1 %2, %3: %4</source>
            <translation>n. %1 %2, %3: %4</translation>
        </message>
        <message>
            <source>%1 changes were refused by the server.</source>
            <translation>Il server ha rifiutato %1 modifiche.</translation>
        </message>
        <message>
            <source>Changes the server refused, with its reason. They are not sent again.</source>
            <translation>Modifiche rifiutate dal server, con il motivo. Non vengono inviate di nuovo.</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Caricamento…</translation>
        </message>
        <message>
            <source>None: the server accepted every change.</source>
            <translation>Nessuno: il server ha accettato tutte le modifiche.</translation>
        </message>
        <message>
            <source>None: this terminal is not registered with a server.</source>
            <translation>Nessuno: questo terminale non è registrato su un server.</translation>
        </message>
        <message>
            <source>Sync problems</source>
            <translation>Problemi di sincronizzazione</translation>
        </message>
    </context>
    <context>
        <name>Workspace</name>
        <message>
            <source>Scan a card, or type a card number, phone or name</source>
            <translation>Scansiona la carta o scrivi numero di carta, telefono o nome</translation>
        </message>
        <message>
            <source>Find</source>
            <translation>Cerca</translation>
        </message>
        <message>
            <source>Scan the member's card or phone code to start.

No card yet? Press F4 to enroll.</source>
            <translation>Scansiona la carta del cliente o il codice sul telefono per iniziare.

Non ha ancora la carta? Premi F4 per iscriverlo.</translation>
        </message>
        <message>
            <source>Undo sale</source>
            <translation>Annulla vendita</translation>
        </message>
        <message>
            <source>Sale</source>
            <translation>Vendita</translation>
        </message>
        <message>
            <source>Redeem</source>
            <translation>Premi</translation>
        </message>
        <message>
            <source>Enroll</source>
            <translation>Iscrivi</translation>
        </message>
        <message>
            <source>Refund</source>
            <translation>Rimborso</translation>
        </message>
        <message>
            <source>Switch cashier</source>
            <translation>Cambia cassiere</translation>
        </message>
        <message>
            <source>Asking the server about this card…</source>
            <translation>Chiedo al server di questa carta…</translation>
        </message>
        <message>
            <source>Scan or find the member first.</source>
            <translation>Prima scansiona o cerca il cliente.</translation>
        </message>
        <message>
            <source>Manager</source>
            <translation>Responsabile</translation>
        </message>
    </context>
    <context>
        <name>VoucherPanel</name>
        <message>
            <source>%1 · %2 points</source>
            <translation>%1 · %2 punti</translation>
        </message>
        <message>
            <source>Checking voucher %1…</source>
            <translation>Verifica del buono %1…</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Chiudi</translation>
        </message>
        <message>
            <source>Confirm void</source>
            <translation>Conferma annullamento</translation>
        </message>
        <message>
            <source>Member card %1</source>
            <translation>Tessera cliente %1</translation>
        </message>
        <message>
            <source>State: %1</source>
            <translation>Stato: %1</translation>
        </message>
        <message>
            <source>Use voucher</source>
            <translation>Usa il buono</translation>
        </message>
        <message>
            <source>Using voucher %1…</source>
            <translation>Uso del buono %1…</translation>
        </message>
        <message>
            <source>Valid until %1</source>
            <translation>Valido fino al %1</translation>
        </message>
        <message>
            <source>Void voucher</source>
            <translation>Annulla il buono</translation>
        </message>
        <message>
            <source>Void voucher %1 and give %2 points back to the member?</source>
            <translation>Annullare il buono %1 e restituire %2 punti al cliente?</translation>
        </message>
        <message>
            <source>Voucher</source>
            <translation>Buono</translation>
        </message>
        <message>
            <source>Voucher %1 used: %2.</source>
            <translation>Buono %1 usato: %2.</translation>
        </message>
        <message>
            <source>Voucher %1 voided: %2 points given back. Balance: %3 points.</source>
            <translation>Buono %1 annullato: %2 punti restituiti. Saldo: %3 punti.</translation>
        </message>
        <message>
            <source>expired</source>
            <translation>scaduto</translation>
        </message>
        <message>
            <source>used</source>
            <translation>usato</translation>
        </message>
        <message>
            <source>valid, not used yet</source>
            <translation>valido, non ancora usato</translation>
        </message>
        <message>
            <source>void</source>
            <translation>annullato</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Fatto</translation>
        </message>
    </context>
    <context>
        <name>Wizard</name>
        <message>
            <source>Run setup again</source>
            <translation>Ripeti la configurazione</translation>
        </message>
        <message>
            <source>The server's store %1 is in %2, not in %3: choose %2 on the previous step, or check the registration code.</source>
            <translation>Il negozio %1 del server è in %2, non in %3: scegli %2 al passo precedente, o controlla il codice di registrazione.</translation>
        </message>
        <message>
            <source>Camera</source>
            <translation>Fotocamera</translation>
        </message>
        <message>
            <source>The camera reads member cards and phone codes. Hold a card in front of it and press Test scan.</source>
            <translation>La fotocamera legge le carte dei soci e i codici sul telefono. Tieni una carta davanti e premi Prova lettura.</translation>
        </message>
        <message>
            <source>No camera (a USB scanner or the keyboard)</source>
            <translation>Nessuna fotocamera (scanner USB o tastiera)</translation>
        </message>
        <message>
            <source>Video file, image folder or address…</source>
            <translation>File video, cartella di immagini o indirizzo…</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>Sorgente</translation>
        </message>
        <message>
            <source>Test scan</source>
            <translation>Prova lettura</translation>
        </message>
        <message>
            <source>Hold a member card in front of the camera…</source>
            <translation>Tieni una carta socio davanti alla fotocamera…</translation>
        </message>
        <message>
            <source>Test scan read %1.</source>
            <translation>La prova ha letto %1.</translation>
        </message>
        <message>
            <source>Receipt printer</source>
            <translation>Stampante scontrini</translation>
        </message>
        <message>
            <source>No receipt printer (vouchers as PDF)</source>
            <translation>Nessuna stampante (buoni in PDF)</translation>
        </message>
        <message>
            <source>File or device node</source>
            <translation>File o dispositivo</translation>
        </message>
        <message>
            <source>Network (ESC/POS)</source>
            <translation>Rete (ESC/POS)</translation>
        </message>
        <message>
            <source>USB (ESC/POS)</source>
            <translation>USB (ESC/POS)</translation>
        </message>
        <message>
            <source>Vouchers and points slips print on an ESC/POS receipt printer. Press Test print to check it.</source>
            <translation>Buoni e scontrini punti si stampano su una stampante ESC/POS. Premi Stampa di prova per verificarla.</translation>
        </message>
        <message>
            <source>Printer</source>
            <translation>Stampante</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Indirizzo</translation>
        </message>
        <message>
            <source>Test print</source>
            <translation>Stampa di prova</translation>
        </message>
        <message>
            <source>Go on without a printer</source>
            <translation>Continua senza stampante</translation>
        </message>
        <message>
            <source>Printing a test slip…</source>
            <translation>Stampa dello scontrino di prova…</translation>
        </message>
        <message>
            <source>Test slip sent to the printer: check it came out.</source>
            <translation>Scontrino di prova inviato: controlla che sia uscito.</translation>
        </message>
        <message>
            <source>Tessera – first start</source>
            <translation>Tessera – primo avvio</translation>
        </message>
        <message>
            <source>Set up this terminal</source>
            <translation>Configura questo terminale</translation>
        </message>
        <message>
            <source>Step %1 of %2: %3</source>
            <translation>Passo %1 di %2: %3</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Indietro</translation>
        </message>
        <message>
            <source>Finish</source>
            <translation>Fine</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>Avanti</translation>
        </message>
        <message>
            <source>Saving the settings and creating the terminal database…</source>
            <translation>Salvataggio delle impostazioni e creazione del database del terminale…</translation>
        </message>
        <message>
            <source>Setup done.</source>
            <translation>Configurazione completata.</translation>
        </message>
        <message>
            <source>Setup failed: %1</source>
            <translation>Configurazione non riuscita: %1</translation>
        </message>
        <message>
            <source>First manager</source>
            <translation>Primo responsabile</translation>
        </message>
        <message>
            <source>Add another manager here, or leave the fields empty.</source>
            <translation>Aggiungi qui un altro responsabile, o lascia i campi vuoti.</translation>
        </message>
        <message>
            <source>The manager signs in with this PIN and adds the cashiers. A PIN has 4 to 6 digits.</source>
            <translation>Il responsabile accede con questo PIN e aggiunge i cassieri. Un PIN ha da 4 a 6 cifre.</translation>
        </message>
        <message>
            <source>Manager's name</source>
            <translation>Nome del responsabile</translation>
        </message>
        <message>
            <source>PIN</source>
            <translation>PIN</translation>
        </message>
        <message>
            <source>PIN again</source>
            <translation>Ripeti il PIN</translation>
        </message>
        <message>
            <source>Type the manager's name.</source>
            <translation>Scrivi il nome del responsabile.</translation>
        </message>
        <message>
            <source>The name is too long (80 characters at most).</source>
            <translation>Il nome è troppo lungo (al massimo 80 caratteri).</translation>
        </message>
        <message>
            <source>A PIN has 4 to 6 digits.</source>
            <translation>Un PIN ha da 4 a 6 cifre.</translation>
        </message>
        <message>
            <source>The two PINs differ: type the same PIN twice.</source>
            <translation>I due PIN sono diversi: scrivi lo stesso PIN due volte.</translation>
        </message>
        <message>
            <source>Type a two-letter country code such as IT or RO.</source>
            <translation>Scrivi un codice paese di due lettere, come IT o RO.</translation>
        </message>
        <message>
            <source>The server address must look like https://host:port.</source>
            <translation>L'indirizzo del server deve essere come https://host:porta.</translation>
        </message>
        <message>
            <source>Type the registration code HQ gave you.</source>
            <translation>Scrivi il codice di registrazione ricevuto dalla sede.</translation>
        </message>
        <message>
            <source>That video file or image folder does not exist.</source>
            <translation>Quel file video o quella cartella di immagini non esiste.</translation>
        </message>
        <message>
            <source>The printer address does not fit the printer kind.</source>
            <translation>L'indirizzo non corrisponde al tipo di stampante.</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Lingua</translation>
        </message>
        <message>
            <source>Choose the language of this terminal. You can change it later in the settings.</source>
            <translation>Scegli la lingua di questo terminale. Potrai cambiarla nelle impostazioni.</translation>
        </message>
        <message>
            <source>Store region and currency</source>
            <translation>Paese del negozio e valuta</translation>
        </message>
        <message>
            <source>Italy</source>
            <translation>Italia</translation>
        </message>
        <message>
            <source>Romania</source>
            <translation>Romania</translation>
        </message>
        <message>
            <source>South Korea</source>
            <translation>Corea del Sud</translation>
        </message>
        <message>
            <source>United Kingdom</source>
            <translation>Regno Unito</translation>
        </message>
        <message>
            <source>Another country…</source>
            <translation>Un altro paese…</translation>
        </message>
        <message>
            <source>Where is the store? Phone numbers typed without + are read in this country.</source>
            <translation>Dove si trova il negozio? I numeri di telefono scritti senza + sono letti in questo paese.</translation>
        </message>
        <message>
            <source>Country</source>
            <translation>Paese</translation>
        </message>
        <message>
            <source>Country code (ISO, two letters)</source>
            <translation>Codice paese (ISO, due lettere)</translation>
        </message>
        <message>
            <source>Amounts and points follow the loyalty program: a registered terminal takes the server's, a standalone one starts with the starter program in EUR.</source>
            <translation>Importi e punti seguono il programma fedeltà: un terminale registrato usa quello del server, uno autonomo parte con il programma iniziale in EUR.</translation>
        </message>
        <message>
            <source>Currency: %1</source>
            <translation>Valuta: %1</translation>
        </message>
        <message>
            <source>The server %1 cannot be reached. Check the address and the network, or go on standalone and register later.</source>
            <translation>Il server %1 non è raggiungibile. Controlla l'indirizzo e la rete, oppure continua in autonomia e registra più tardi.</translation>
        </message>
        <message>
            <source>this registration code is unknown or was already used: ask HQ for a new one</source>
            <translation>questo codice di registrazione è sconosciuto o già usato: chiedine uno nuovo alla sede</translation>
        </message>
        <message>
            <source>this registration code has expired: ask HQ for a new one</source>
            <translation>questo codice di registrazione è scaduto: chiedine uno nuovo alla sede</translation>
        </message>
        <message>
            <source>Loyalty server</source>
            <translation>Server fedeltà</translation>
        </message>
        <message>
            <source>A terminal registered with the loyalty server shares members and points with the other tills of the chain.</source>
            <translation>Un terminale registrato sul server fedeltà condivide soci e punti con le altre casse della catena.</translation>
        </message>
        <message>
            <source>Register with the server now</source>
            <translation>Registra ora sul server</translation>
        </message>
        <message>
            <source>Standalone for now</source>
            <translation>Per ora in autonomia</translation>
        </message>
        <message>
            <source>Server address</source>
            <translation>Indirizzo del server</translation>
        </message>
        <message>
            <source>Registration code</source>
            <translation>Codice di registrazione</translation>
        </message>
        <message>
            <source>Register</source>
            <translation>Registra</translation>
        </message>
        <message>
            <source>Go on standalone</source>
            <translation>Continua in autonomia</translation>
        </message>
        <message>
            <source>Standalone, the terminal works on its own; register it later in the settings or with tessera-pos register.</source>
            <translation>In autonomia il terminale lavora da solo; registralo più tardi dalle impostazioni o con tessera-pos register.</translation>
        </message>
        <message>
            <source>Registering with %1…</source>
            <translation>Registrazione su %1…</translation>
        </message>
        <message>
            <source>Registered as %1 of store %2.</source>
            <translation>Registrato come %1 del negozio %2.</translation>
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
            <translation>Giorno</translation>
        </message>
        <message>
            <source>Points</source>
            <translation>Punti</translation>
        </message>
        <message>
            <source>Points issued</source>
            <translation>Punti assegnati</translation>
        </message>
        <message>
            <source>Points redeemed</source>
            <translation>Punti riscattati</translation>
        </message>
        <message>
            <source>Visits (scaled)</source>
            <translation>Visite (in scala)</translation>
        </message>
    </context>
</TS>
