//! What the file, the key, the journal and the printer can say: opening
//! the database, the terminal's key and its changes, writing the signed
//! journal, making and sending PDFs. Each says what happened and what to
//! do; paths and SQLite's own words are quoted as they are.

use crate::domain::Locale;
use crate::terminal::{
    CanonicalError, HeadError, KeyError, LedgerError, OpenError, RotationError, StartError,
    StoreError,
};
use crate::tickets::pdf::PdfError;
use crate::tickets::print::{ChoiceError, PrintError};

english!(
    OpenError => open,
    StoreError => store,
    StartError => start,
    LedgerError => ledger,
    HeadError => head,
    KeyError => key,
    RotationError => rotation,
    CanonicalError => canonical,
    PdfError => pdf,
    PrintError => print,
    ChoiceError => print_choice,
);

/// What SQLite said to a query.
pub fn store(e: &StoreError, l: Locale) -> String {
    let e = &e.0;
    say!(l, fr: "erreur de la base de données : {e}", en: "database error: {e}")
}

/// Why the database file was not opened (it was left as it was).
pub fn open(e: &OpenError, l: Locale) -> String {
    match e {
        OpenError::Unreadable { path, source } => {
            let path = path.display();
            say!(l, fr: "impossible de lire {path} : {source}. Vérifiez le chemin et ses droits.",
                en: "cannot read {path}: {source}. Check the path and its permissions.")
        }
        OpenError::Foreign { path, why } => {
            let path = path.display();
            say!(l,
                fr: "{path} n’est pas une base Guichet ({why}). Le fichier n’a pas été touché : choisissez-en un autre avec --db ou GUICHET_DB, ou déplacez celui-ci.",
                en: "{path} is not a Guichet database ({why}). It was left untouched: choose another file with --db or GUICHET_DB, or move this one away.")
        }
        OpenError::Corrupt { path, detail } => {
            let path = path.display();
            say!(l,
                fr: "{path} est endommagée ({detail}). Elle n’a pas été touchée : restaurez la dernière sauvegarde, ou demandez de l’aide avant toute autre manipulation.",
                en: "{path} is damaged ({detail}). It was left untouched: restore the latest backup, or ask for help before doing anything else with it.")
        }
        OpenError::Newer {
            path,
            found,
            supported,
        } => {
            let path = path.display();
            say!(l,
                fr: "{path} a été écrite par une version plus récente de Guichet (schéma {found} ; ce programme connaît jusqu’au {supported}). Elle n’a pas été touchée : installez le Guichet plus récent pour l’utiliser.",
                en: "{path} was written by a newer version of Guichet (schema version {found}; this program knows up to {supported}). It was left untouched: install the newer Guichet to use it.")
        }
        OpenError::Create { path, source } => {
            let path = path.display();
            say!(l, fr: "impossible de créer {path} : {source}", en: "cannot create {path}: {source}")
        }
        other => upgrade(other, l),
    }
}

/// Why an upgrade of the file failed or is needed first.
fn upgrade(e: &OpenError, l: Locale) -> String {
    match e {
        OpenError::Migration {
            path,
            step,
            committed,
            backup,
            source,
        } => {
            let (path, backup) = (path.display(), backup.display());
            say!(l,
                fr: "la mise à niveau de {path} vers le schéma {step} a échoué : {source}. Cette étape a été annulée ; le fichier est au schéma {committed}, utilisable par ce programme une fois la cause réglée, et une copie faite avant la mise à niveau est dans {backup}.",
                en: "upgrading {path} to schema version {step} failed: {source}. That step was rolled back; the file is at version {committed}, usable by this program once the cause is fixed, and a copy made before the upgrade is at {backup}.")
        }
        OpenError::NeedsUpgrade { path, found } => {
            let path = path.display();
            say!(l,
                fr: "{path} est au schéma {found} et doit d’abord être mise à niveau : ouvrez-la une fois avec la fenêtre ou une commande qui écrit. Elle n’a pas été touchée.",
                en: "{path} is at schema version {found} and must be upgraded first: open it once with the window or a command that writes. It was left untouched.")
        }
        OpenError::Sqlite { path, source } => {
            let path = path.display();
            say!(l, fr: "erreur de la base de données sur {path} : {source}",
                en: "database error on {path}: {source}")
        }
        other => format!("{other:?}"),
    }
}

/// Why the terminal did not start.
pub fn start(e: &StartError, l: Locale) -> String {
    match e {
        StartError::Open(e) => open(e, l),
        StartError::Ledger(e) => ledger(e, l),
        StartError::Store(e) => store(e, l),
        StartError::Restoring(db) => {
            let db = db.display();
            say!(l,
                fr: "une restauration remplace la base {db} en ce moment : attendez qu’elle se termine, puis relancez Guichet.",
                en: "a restore is replacing the database {db} right now: wait for it to end, then start Guichet again.")
        }
        StartError::OrphanKey { db, key } => {
            let (db, key) = (db.display(), key.display());
            say!(l,
                fr: "il n’y a pas de base à {db}, mais sa clé de terminal {key} est là : la base qu’elle signait a disparu. Restaurez la base depuis votre sauvegarde à côté de sa clé. Pour vraiment commencer une nouvelle base ici, déplacez d’abord le fichier de clé (gardez-le : il prouve les anciens enregistrements).",
                en: "there is no database at {db}, but its terminal key {key} is there: the database it signed for is gone. Restore the database from your backup next to its key. To really start a new database here, first move the key file away (keep it: it proves the old records).")
        }
    }
}

/// Why a record could not be signed into the journal.
pub fn ledger(e: &LedgerError, l: Locale) -> String {
    match e {
        LedgerError::Store(e) => store(e, l),
        LedgerError::Key(e) => key(e, l),
        LedgerError::Canonical(e) => {
            let e = canonical(e, l);
            say!(l, fr: "un enregistrement du journal n’a pas pu être écrit : {e}",
                en: "a ledger record could not be written: {e}")
        }
        LedgerError::KeyChanged { terminal, key_id } => say!(l,
            fr: "le terminal « {terminal} » ne signe plus avec la clé {key_id} : un autre programme Guichet a changé sa clé depuis le démarrage de celui-ci. Rien n’a été enregistré. Fermez ce programme et relancez-le pour signer avec la nouvelle clé.",
            en: "terminal \"{terminal}\" no longer signs with key {key_id}: its key was changed by another Guichet program since this one started. Nothing was recorded. Close this program and start it again to sign with the new key."),
        LedgerError::Cut(cut) => {
            let (chain, head, found) = (&cut.chain, cut.head, cut.found);
            say!(l,
                fr: "le journal ({chain}) s’arrête à l’enregistrement {found}, mais sa tête signée, à côté de la base, en connaît jusqu’au n° {head} : des enregistrements ont été retirés de la base. Rien n’a été enregistré, et ce poste ne signe plus rien tant que la base n’est pas restaurée depuis une sauvegarde. Lancez « guichet verify » et appelez la personne qui administre Guichet.",
                en: "the ledger's {chain} chain ends at record {found}, but its signed head beside the database knows records up to {head}: records were removed from the database. Nothing was recorded, and this terminal signs nothing more until the database is restored from a backup. Run \"guichet verify\" and call whoever looks after Guichet.")
        }
        LedgerError::ClockBehind { last, now } => {
            let (last, now) = (
                last.format("%Y-%m-%d %H:%M:%S UTC"),
                now.format("%Y-%m-%d %H:%M:%S UTC"),
            );
            say!(l,
                fr: "l’horloge de l’ordinateur retarde : le dernier enregistrement du journal date de {last}, et l’ordinateur dit {now}. Rien n’a été enregistré : remettez l’ordinateur à l’heure.",
                en: "the computer's clock is behind: the ledger's last record is from {last}, and the computer says {now}. Nothing was recorded: set the computer's clock right.")
        }
        other => key_at_start(other, l),
    }
}

/// Why the ledger's signed head could not be written (logged: the sale
/// itself is recorded).
pub fn head(e: &HeadError, l: Locale) -> String {
    match e {
        HeadError::Store(e) => store(e, l),
        HeadError::TooLarge => say!(l, fr: "la tête signée dépasse sa taille",
            en: "the signed head is larger than its file"),
        HeadError::Write { path, source } => {
            let path = path.display();
            say!(l, fr: "{path} n’a pas pu être écrit : {source}",
                en: "cannot write {path}: {source}")
        }
    }
}

/// The key beside the database is missing, foreign or retired.
fn key_at_start(e: &LedgerError, l: Locale) -> String {
    match e {
        LedgerError::KeyMissing {
            path,
            terminal,
            key_id,
            records,
        } => {
            let path = path.display();
            say!(l,
                fr: "la clé du terminal {path} manque, mais le journal de cette base a déjà {records} enregistrements signés par le terminal « {terminal} » (clé {key_id}). Guichet ne crée pas de nouvelle clé en silence : cela casserait la chaîne des signatures. Remettez {path} depuis votre sauvegarde, à côté de la base, puis relancez.",
                en: "the terminal key {path} is missing, but this database's ledger already holds {records} records signed by terminal \"{terminal}\" (key {key_id}). Guichet will not start a new key silently: that would break the chain of signatures. Restore {path} from your backup, next to the database, then start again.")
        }
        LedgerError::KeyRetired {
            path,
            terminal,
            number,
            found,
            current,
        } => {
            let path = path.display();
            say!(l,
                fr: "la clé du terminal {path} est la clé n° {number} du terminal « {terminal} » (clé {found}), retirée depuis : le terminal signe maintenant avec la clé {current}. C’est sans doute une ancienne sauvegarde. Remettez le fichier de clé actuel, {path}, depuis l’endroit où il a été sauvegardé, puis relancez.",
                en: "the terminal key {path} is terminal \"{terminal}\"'s key number {number} (key {found}), retired since: the terminal now signs with key {current}. It is probably an old backup. Put back the current key file, {path}, from where it was last saved, then start again.")
        }
        LedgerError::KeyMismatch {
            path,
            terminal,
            expected,
            found,
        } => {
            let path = path.display();
            say!(l,
                fr: "la clé du terminal {path} ne correspond pas au terminal « {terminal} » de cette base (la base attend la clé {expected}, le fichier contient la clé {found}). Elle appartient à une autre base : remettez le fichier de clé de cette base.",
                en: "the terminal key {path} does not match terminal \"{terminal}\" of this database (the database expects key {expected}, the file holds key {found}). It belongs to another database: put back this database's own key file.")
        }
        other => format!("{other:?}"),
    }
}

/// The terminal's key file could not be read or written.
pub fn key(e: &KeyError, l: Locale) -> String {
    match e {
        KeyError::Unreadable { path, source } => {
            let path = path.display();
            say!(l, fr: "impossible de lire la clé du terminal {path} : {source}",
                en: "cannot read the terminal key {path}: {source}")
        }
        KeyError::TooOpen { path, mode } => {
            let path = path.display();
            say!(l,
                fr: "la clé du terminal {path} est lisible par d’autres utilisateurs (droits {mode:o}). Quiconque peut la lire peut signer au nom de cette caisse. Restreignez-la avec : chmod 600 '{path}'",
                en: "the terminal key {path} can be read by other users (permissions {mode:o}). Anyone who can read it can sign in this till's name. Restrict it with: chmod 600 '{path}'")
        }
        KeyError::Malformed { path, why } => {
            let path = path.display();
            say!(l,
                fr: "la clé du terminal {path} n’est pas un fichier de clé Guichet ({why}). Restaurez-la depuis votre sauvegarde.",
                en: "the terminal key {path} is not a Guichet key file ({why}). Restore it from your backup.")
        }
        KeyError::Write { path, source } => {
            let path = path.display();
            say!(l, fr: "impossible d’écrire la clé du terminal {path} : {source}",
                en: "cannot write the terminal key {path}: {source}")
        }
        KeyError::Exists { path } => {
            let path = path.display();
            say!(l, fr: "la clé du terminal {path} existe déjà",
                en: "the terminal key {path} already exists")
        }
    }
}

/// Why the key was not changed.
pub fn rotation(e: &RotationError, l: Locale) -> String {
    match e {
        RotationError::NotAllowed => say!(l,
            fr: "seul un administrateur peut changer la clé de signature du terminal",
            en: "only an administrator can change the terminal's signing key"),
        RotationError::UnderWay { path } => {
            let path = path.display();
            say!(l,
                fr: "un changement de clé est déjà en cours ({path} existe) : un autre programme Guichet change peut-être la clé. Fermez tous les programmes Guichet sur cette base, relancez-en un (il achève ou abandonne ce changement), puis réessayez.",
                en: "a key change is already under way ({path} exists): another Guichet program may be changing the key. Close every Guichet program on this database, start one again (it finishes or abandons that change), then try again.")
        }
        RotationError::NotPromoted {
            path,
            pending,
            source,
        } => {
            let (path, pending, source) = (path.display(), pending.display(), key(source, l));
            say!(l,
                fr: "la nouvelle clé est enregistrée dans la base, mais elle n’a pas pu remplacer le fichier de clé {path} : {source}. Ne supprimez pas {pending} : le prochain démarrage de Guichet la met en place.",
                en: "the new key is recorded in the database, but it could not replace the key file {path}: {source}. Do not delete {pending}: the next start of Guichet puts it in place.")
        }
        RotationError::Ledger(e) => ledger(e, l),
        RotationError::Key(e) => key(e, l),
        RotationError::Store(e) => store(e, l),
    }
}

/// Why a record's content could not be written canonically.
pub fn canonical(e: &CanonicalError, l: Locale) -> String {
    match e {
        CanonicalError::NotAnInteger(n) => say!(l,
            fr: "{n} n’est pas un entier : les montants du journal sont en centimes et les taux en cent-millièmes",
            en: "{n} is not an integer: ledger amounts are in cents and rates in parts per 100,000"),
        CanonicalError::Json(why) => say!(l,
            fr: "un enregistrement n’a pas pu être écrit en JSON : {why}",
            en: "a record could not be written as JSON: {why}"),
    }
}

/// Why a PDF could not be drawn.
pub fn pdf(e: &PdfError, l: Locale) -> String {
    match e {
        PdfError::NoTickets => say!(l, fr: "aucun billet à imprimer", en: "no ticket to print"),
        PdfError::CodeTooLong { number, chars } => say!(l,
            fr: "le code du billet n° {number} ({chars} caractères) est trop long pour un QR code lisible sur ce support",
            en: "the code of ticket no. {number} ({chars} characters) is too long for a readable QR code on this stock"),
        PdfError::Font(name) => say!(l, fr: "la police intégrée {name} n’a pas pu être chargée",
            en: "the embedded font {name} could not be loaded"),
    }
}

/// Why tickets could not be kept or sent to the printer.
pub fn print(e: &PrintError, l: Locale) -> String {
    match e {
        PrintError::Keep { path, source } => {
            let path = path.display();
            say!(l, fr: "le PDF n’a pas pu être gardé dans {path} ({source})",
                en: "the ticket PDF could not be kept in {path}: {source}")
        }
        PrintError::NoLp => say!(l,
            fr: "CUPS n’est pas installé (paquet cups-client) : choisissez le lecteur PDF ou un dossier dans Réglages",
            en: "`lp` is not installed (CUPS): install cups-client, or choose the PDF viewer or a folder in Réglages"),
        PrintError::Printer { printer, message } => say!(l,
            fr: "l’imprimante « {printer} » refuse ({message}) : vérifiez son nom dans Réglages",
            en: "printer \"{printer}\" refused the tickets: {message}. Check its name in Réglages (lpstat -p lists them), then reprint"),
        PrintError::Viewer(why, path) => say!(l,
            fr: "le lecteur PDF ne s’ouvre pas ({why}) ; les billets sont dans {path}",
            en: "the PDF viewer could not be opened ({why}); the tickets are in {path}"),
        PrintError::Folder { path, source } => {
            let path = path.display();
            say!(l, fr: "copie impossible vers {path} ({source})",
                en: "the tickets could not be copied to {path}: {source}")
        }
    }
}

/// Why a choice of printing was not saved.
pub fn print_choice(e: &ChoiceError, l: Locale) -> String {
    match e {
        ChoiceError::NoPrinter => {
            say!(l, fr: "Donnez le nom de l’imprimante.", en: "Give the printer’s name.")
        }
        ChoiceError::NoFolder => say!(l, fr: "Donnez le dossier.", en: "Give the folder."),
        ChoiceError::Store(e) => store(e, l),
    }
}
