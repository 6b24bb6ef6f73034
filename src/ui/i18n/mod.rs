//! Every word a person reads in the window, and in the command line's
//! messages: French (France, with Quebec wording where it differs) and
//! English, side by side per key. A key without its French or its English
//! does not compile. The job modules hand out typed errors and outcomes;
//! they are worded here (in English for the command line). It may use
//! domain and the job modules' types; never iced.
//!
//! Parameters are written `{0}`, `{1}`… and filled by [`tf`].

/// A table of words: an enum of keys, each with its French, its Quebec
/// French where it differs (`ca:`), and its English.
macro_rules! words {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $key:ident { fr: $fr:expr, $(ca: $ca:expr,)? en: $en:expr $(,)? } )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        $vis enum $name { $( $key, )* }

        impl $name {
            /// The words of this key in `locale`.
            pub fn text(self, locale: $crate::domain::Locale) -> &'static str {
                match self {
                    $( $name::$key => $crate::ui::i18n::pick(
                        locale, $fr, words!(@ca $fr $(, $ca)?), $en
                    ), )*
                }
            }
        }
    };
    (@ca $fr:expr) => { $fr };
    (@ca $fr:expr, $ca:expr) => { $ca };
}

/// A sentence in the reader's language, its parameters taken from the
/// variables in scope: `say!(locale, fr: "Pas de billet {n}.", en: "No
/// ticket {n}.")`, with `ca:` before `en:` where Quebec says it otherwise.
macro_rules! say {
    ($locale:expr, fr: $fr:literal, $(ca: $ca:literal,)? en: $en:literal $(,)?) => {
        match $locale {
            $crate::domain::Locale::En => format!($en),
            $crate::domain::Locale::FrCa => say!(@ca $fr $(, $ca)?),
            $crate::domain::Locale::FrFr => format!($fr),
        }
    };
    (@ca $fr:literal) => { format!($fr) };
    (@ca $fr:literal, $ca:literal) => { format!($ca) };
}

/// The job modules' errors print in English (the command line, logs)
/// through their words here: `english!(CounterError => counter::error)`.
macro_rules! english {
    ($($ty:ty => $words:path),* $(,)?) => {
        $(
            impl std::fmt::Display for $ty {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(&$words(self, $crate::domain::Locale::En))
                }
            }
        )*
    };
}

/// The words of a locale among French, Quebec French and English.
pub fn pick(locale: Locale, fr: &'static str, ca: &'static str, en: &'static str) -> &'static str {
    match locale {
        Locale::FrFr => fr,
        Locale::FrCa => ca,
        Locale::En => en,
    }
}

pub mod analysis;
pub mod audience;
pub mod backups;
pub mod central;
pub mod change;
pub mod counter;
pub mod door;
pub mod imports;
pub mod invitations;
pub mod journal;
pub mod mail;
pub mod operators;
pub mod pictures;
pub mod pricing;
pub mod programming;
pub mod programming_errors;
pub mod reports;
pub mod sell;
pub mod subscriptions;
pub mod system;
pub mod till;
pub mod vouchers;

use crate::domain::Locale;

words! {
    /// The words of the frame, the first run, the log-in, Caisse and Réglages.
    pub enum T {
        // Frame
        NavSell { fr: "Vente", en: "Sell" }
        NavProgramming { fr: "Programmation", en: "Programming" }
        NavDoor { fr: "Contrôle", ca: "Contrôle des billets", en: "Door" }
        NavAudience { fr: "Publics", ca: "Clientèle", en: "Audience" }
        NavTill { fr: "Caisse", en: "Till" }
        NavReports { fr: "Rapports", en: "Reports" }
        NavSettings { fr: "Réglages", en: "Settings" }
        Operator { fr: "Opérateur : {0} ({1})", en: "Operator: {0} ({1})" }
        Outbox { fr: "À envoyer : {0}", ca: "En attente d’envoi : {0}", en: "Outbox: {0}" }
        DemoBadge { fr: "DÉMONSTRATION", en: "DEMO" }
        SwitchOperator { fr: "Changer d’opérateur  F12", en: "Switch operator  F12" }
        RoleClerk { fr: "guichet", en: "clerk" }
        RoleCoordinator { fr: "coordination", en: "coordinator" }
        RoleAdmin { fr: "administration", en: "admin" }
        // First run
        SetupTitle { fr: "Bienvenue dans Guichet", en: "Welcome to Guichet" }
        SetupIntro {
            fr: "Première mise en route : décrivez le lieu, puis créez le compte administrateur. Tout reste sur cet ordinateur.",
            en: "First start: describe the venue, then create the administrator's account. Everything stays on this computer.",
        }
        SetupVenue { fr: "Le lieu", en: "The venue" }
        VenueName { fr: "Nom du lieu", en: "Venue name" }
        VenueNameHint { fr: "Théâtre municipal", en: "Town theatre" }
        Country { fr: "Pays", en: "Country" }
        CountryFrance { fr: "France", en: "France" }
        CountryQuebec { fr: "Québec", en: "Quebec" }
        Currency { fr: "Devise", en: "Currency" }
        TimeZone { fr: "Fuseau horaire", en: "Time zone" }
        Licence { fr: "Licence d’entrepreneur de spectacles", en: "Live-show licence number" }
        LicenceHint {
            fr: "Imprimée sur chaque billet. Ex. : PLATESV-D-2024-001234",
            en: "Printed on every ticket. E.g. PLATESV-D-2024-001234",
        }
        GstNumber { fr: "N° d’inscription à la TPS", en: "GST registration number" }
        QstNumber { fr: "N° d’inscription à la TVQ", en: "QST registration number" }
        SetupAdmin { fr: "L’administrateur", en: "The administrator" }
        SetupAdminOnly {
            fr: "Ce lieu n’a plus d’opérateur actif : créez un compte administrateur pour continuer.",
            en: "This venue has no active operator left: create an administrator's account to go on.",
        }
        AdminName { fr: "Prénom et nom", en: "Full name" }
        AdminNameHint { fr: "Camille Roche", en: "Camille Roche" }
        Pin { fr: "Code PIN (4 à 8 chiffres)", en: "PIN (4 to 8 digits)" }
        PinAgain { fr: "Code PIN, une seconde fois", en: "PIN, once more" }
        Create { fr: "Créer la billetterie", en: "Create the box office" }
        TryDemo { fr: "Essayer avec la saison de démonstration", en: "Try it with the demo season" }
        TryDemoHint {
            fr: "Un théâtre fictif, douze spectacles, une quarantaine de représentations et trois opérateurs.",
            en: "A fictional theatre, twelve shows, about forty performances and three operators.",
        }
        // Log-in
        LoginTitle { fr: "Qui est au guichet ?", en: "Who is at the counter?" }
        LoginPinFor { fr: "Code PIN de {0}", en: "PIN for {0}" }
        LoginButton { fr: "Entrer  ↵", en: "Log in  ↵" }
        LoginChoose {
            fr: "Choisissez votre nom, puis tapez votre code PIN.",
            en: "Choose your name, then type your PIN.",
        }
        DemoPins { fr: "Base de démonstration — codes PIN :", en: "Demo database — PINs:" }
        // Sections
        TillTitle { fr: "Caisse et journal", ca: "Caisse et journal", en: "Till and ledger" }
        TillRecords {
            fr: "{0} enregistrements signés par ce poste · clé {1}",
            en: "{0} records signed by this terminal · key {1}",
        }
        TillVerify { fr: "Vérifier le journal", en: "Verify the ledger" }
        TillVerifying { fr: "Vérification en cours…", en: "Verifying…" }
        TillIntact {
            fr: "Journal intact : {0} enregistrements, toutes les signatures sont valides.",
            en: "Ledger intact: {0} records, every signature valid.",
        }
        TillBroken {
            fr: "Journal rompu à l’enregistrement {0} ({1}) : {2}",
            en: "Ledger broken at record {0} ({1}): {2}",
        }
        TillLatest { fr: "Dernières opérations", en: "Latest events" }
        TillSeasonChanges { fr: "Modifications de la programmation", en: "Changes to the season" }
        TillNoSeasonChange {
            fr: "Aucune modification de la programmation n’est journalisée.",
            en: "No change to the season is in the ledger.",
        }
        ProblemAltered { fr: "modifié après signature", en: "altered after signing" }
        ProblemMissing { fr: "enregistrement(s) {0} supprimé(s)", en: "record(s) {0} removed" }
        ProblemReordered {
            fr: "cette place contient l’enregistrement {0} : ordre modifié",
            en: "this position holds record {0}: order changed",
        }
        ProblemUnlinked {
            fr: "ne suit pas l’enregistrement précédent (ordre modifié ou suppression)",
            en: "does not follow the previous record (order changed or removal)",
        }
        ProblemSignature { fr: "signature invalide", en: "bad signature" }
        ProblemGenesis { fr: "ouverture du journal invalide", en: "invalid ledger opening" }
        ProblemKeyChange { fr: "changement de clé invalide", en: "invalid key change" }
        ProblemDisagrees {
            fr: "{0} ne correspond plus à son enregistrement signé ({1}) : la base a été modifiée",
            en: "{0} no longer matches its signed record ({1}): the database was edited",
        }
        ProblemNoRecord {
            fr: "{0} n’a pas d’enregistrement signé : ajouté(e) dans la base en dehors du journal",
            en: "{0} has no signed record: added to the database behind the ledger's back",
        }
        ProblemNoRow {
            fr: "{0} a été supprimé(e) de la base, son enregistrement signé reste",
            en: "{0} was deleted from the database; its signed record remains",
        }
        RowOrder { fr: "la commande {0}", en: "order {0}" }
        RowTicket { fr: "le billet {0}", en: "ticket {0}" }
        FieldPrice { fr: "prix", en: "price" }
        FieldSeat { fr: "place", en: "seat" }
        FieldTariff { fr: "tarif", en: "tariff" }
        FieldPerformance { fr: "séance", ca: "représentation", en: "performance" }
        FieldOrder { fr: "commande", en: "order" }
        FieldNumber { fr: "numéro", en: "number" }
        FieldTotal { fr: "total", en: "total" }
        FieldRecord { fr: "enregistrement", en: "record number" }
        FieldTerminal { fr: "poste ou chaîne", en: "terminal or chain" }
        FieldStatus { fr: "valide ou annulé", en: "valid or cancelled" }
        FieldPayments { fr: "paiements ou remboursements", en: "payments or refunds" }
        FieldPrints { fr: "nombre de duplicatas", en: "duplicates printed" }
        FieldLines { fr: "lignes : séance, tarif, quantité ou montants", en: "lines: performance, tariff, quantity or amounts" }
        ProblemNotEnrolled {
            fr: "un poste que rien n’a inscrit : ajouté dans la base à la main",
            en: "a terminal nothing enrolled: added to the database by hand",
        }
        ProblemDefenceMissing {
            fr: "la protection « {0} » de la base a été supprimée",
            en: "the database's protection \"{0}\" was removed",
        }
        ProblemDefenceChanged {
            fr: "la protection « {0} » de la base a été modifiée",
            en: "the database's protection \"{0}\" was changed",
        }
        ProblemTruncated {
            fr: "les enregistrements après le n° {0} manquent (la tête signée en connaît jusqu’au n° {1})",
            en: "records after {0} are missing (the signed head knows up to {1})",
        }
        ChainFiscal { fr: "fiscal", en: "fiscal" }
        ChainTraining { fr: "formation", en: "training" }
        TillEmpty {
            fr: "Le tiroir-caisse, les clôtures (Z, mois, année) et leurs archives, les envois (e-mails), les ventes extérieures (web, revendeurs) et le mode formation.",
            en: "The cash drawer, closings (Z, month, year) and their archives, the outbox (e-mails), outside sales (web, resellers) and training mode.",
        }
        SettingsTitle { fr: "Réglages", en: "Settings" }
        Language { fr: "Langue de l’interface", en: "Interface language" }
        TheVenue { fr: "Le lieu", en: "The venue" }
        EditVenue { fr: "Modifier l’identité du lieu", en: "Edit the venue's identity" }
        VenueSaved {
            fr: "Identité du lieu enregistrée (journalisée dans la programmation).",
            en: "The venue's identity is saved (journaled with the season's changes).",
        }
        VenueKeep { fr: "Ne pas modifier", en: "Leave unchanged" }
        Logo { fr: "Logo du lieu", en: "The venue's logo" }
        LogoNone {
            fr: "Aucun logo : les billets et les e-mails portent le nom du lieu.",
            en: "No logo: tickets and e-mails carry the venue's name.",
        }
        LogoIs {
            fr: "PNG de {0} × {1} pixels ({2} Ko), en tête des billets et des e-mails.",
            en: "PNG of {0} × {1} pixels ({2} KB), at the head of tickets and e-mails.",
        }
        LogoFile { fr: "Fichier PNG du logo (2 Mo au plus)", en: "The logo's PNG file (2 MB at most)" }
        LogoPath { fr: "/chemin/vers/logo.png", en: "/path/to/logo.png" }
        LogoSet { fr: "Utiliser ce logo", en: "Use this logo" }
        LogoRemove { fr: "Retirer le logo", en: "Remove the logo" }
        LogoSaved {
            fr: "Logo enregistré ({0} × {1} pixels) : il figure sur les prochains billets et e-mails.",
            en: "Logo saved ({0} × {1} pixels): it is on the next tickets and e-mails.",
        }
        LogoRemoved {
            fr: "Logo retiré : les billets et les e-mails portent le nom du lieu.",
            en: "Logo removed: tickets and e-mails carry the venue's name.",
        }
        Picture { fr: "Visuel du spectacle", en: "The show's picture" }
        PictureNone {
            fr: "Aucun visuel : les billets et les e-mails de ce spectacle n’en portent pas.",
            en: "No picture: this show's tickets and e-mails carry none.",
        }
        PictureIs {
            fr: "PNG de {0} × {1} pixels ({2} Ko), à côté du titre sur les billets, et dans les e-mails de billets, de toutes ses représentations.",
            en: "PNG of {0} × {1} pixels ({2} KB), beside the title on tickets, and in the ticket e-mails, of all its performances.",
        }
        PictureFile { fr: "Fichier PNG du visuel (2 Mo au plus)", en: "The picture's PNG file (2 MB at most)" }
        PicturePath { fr: "/chemin/vers/affiche.png", en: "/path/to/poster.png" }
        PictureSet { fr: "Utiliser ce visuel", en: "Use this picture" }
        PictureRemove { fr: "Retirer le visuel", en: "Remove the picture" }
        PictureSaved {
            fr: "Visuel enregistré ({0} × {1} pixels) : il figure sur les prochains billets et e-mails du spectacle.",
            en: "Picture saved ({0} × {1} pixels): it is on the show's next tickets and e-mails.",
        }
        PictureRemoved {
            fr: "Visuel retiré des billets et des e-mails du spectacle.",
            en: "Picture removed from the show's tickets and e-mails.",
        }
        LegalName { fr: "Raison sociale (imprimée sur les billets)", en: "Legal name (printed on tickets)" }
        Siret { fr: "SIRET", en: "SIRET" }
        Address { fr: "Adresse", en: "Address" }
        Postcode { fr: "Code postal", en: "Postcode" }
        City { fr: "Ville", en: "City" }
        ThisTerminal { fr: "Ce poste", en: "This terminal" }
        KeyId { fr: "Clé de signature", en: "Signing key" }
        KeyChange { fr: "Changer la clé de signature…", en: "Change the signing key…" }
        DoorName { fr: "Nom de la porte (Contrôle)", en: "Door name (Door section)" }
        DoorNamed {
            fr: "Les entrées contrôlées ici sont notées « {0} ».",
            en: "Entries checked here are recorded as \"{0}\".",
        }
        DoorNameEmpty {
            fr: "Donnez un nom à la porte (par exemple « Porte jardin »).",
            en: "Give the door a name (for example \"Stage door\").",
        }
        DoorNameLong {
            fr: "Le nom de la porte compte au plus 40 caractères.",
            en: "A door's name has at most 40 characters.",
        }
        Save { fr: "Enregistrer", en: "Save" }
        KeyChangeExplain {
            fr: "Une nouvelle clé signera le journal et les billets à partir de maintenant. Les billets déjà vendus restent valables à l’entrée et le journal reste vérifiable : l’ancienne clé publique reste dans la base. À faire si l’ordinateur ou une sauvegarde de la clé a pu être copié, ou une fois par an.",
            en: "A new key will sign the ledger and the tickets from now on. Tickets already sold still enter and the ledger still verifies: the old public key stays in the database. Do it when the computer or a backup of the key may have been copied, or once a year.",
        }
        KeyReason {
            fr: "Motif (facultatif, inscrit au journal)",
            en: "Reason (optional, kept in the ledger)",
        }
        KeyChangeNow { fr: "Changer la clé maintenant", en: "Change the key now" }
        KeyKeep { fr: "Garder la clé actuelle", en: "Keep the current key" }
        KeyChanged {
            fr: "Nouvelle clé : {0} (clé n° {1}). L’ancienne, {2}, ne signe plus mais vérifie toujours ce qu’elle a signé. Sauvegardez maintenant le fichier {3} avec la base : l’ancienne copie ne peut plus signer.",
            en: "New key: {0} (key no. {1}). The old one, {2}, no longer signs but still verifies what it signed. Back up the file {3} with the database now: the old copy can no longer sign.",
        }
        KeyNotChanged { fr: "La clé n’a pas été changée : {0}", en: "The key was not changed: {0}" }
        Database { fr: "Base de données", en: "Database" }
        Operators { fr: "Opérateurs", en: "Operators" }
        AddOperator { fr: "Ajouter l’opérateur", en: "Add the operator" }
        Role { fr: "Rôle", en: "Role" }
        OperatorAdded { fr: "{0} peut maintenant se connecter.", en: "{0} can now log in." }
        OnlyAdmin {
            fr: "Seul un administrateur gère les opérateurs.",
            en: "Only an administrator manages operators.",
        }
        Active { fr: "actif", en: "active" }
        Inactivated { fr: "désactivé", en: "deactivated" }
        Deactivate { fr: "Désactiver", en: "Deactivate" }
        Reactivate { fr: "Réactiver", en: "Reactivate" }
        // Ledger record kinds
        KindGenesis { fr: "Ouverture du journal", en: "Ledger opened" }
        KindSetup { fr: "Mise en route du lieu", en: "Venue set up" }
        KindDemo { fr: "Saison de démonstration chargée", en: "Demo season loaded" }
        KindOperatorCreated { fr: "Opérateur créé", en: "Operator created" }
        KindOperatorChanged { fr: "Opérateur modifié", en: "Operator changed" }
        KindLogIn { fr: "Connexion", en: "Log-in" }
        KindLogOut { fr: "Déconnexion", en: "Log-out" }
        KindIntegrityFailure { fr: "Journal trouvé rompu", en: "Ledger found broken" }
        KindSale { fr: "Vente", en: "Sale" }
        KindCancellation { fr: "Annulation", en: "Cancellation" }
        KindReprint { fr: "Duplicata", en: "Duplicate" }
        KindSeasonImported { fr: "Saison importée", en: "Season imported" }
        KindKeyRotated { fr: "Nouvelle clé de signature", en: "New signing key" }
        KindTerminalEnrolled { fr: "Nouveau poste inscrit", en: "Terminal enrolled" }
        KindCentralJoined { fr: "Poste inscrit à la base centrale", en: "Terminal joined the central database" }
        KindContingent { fr: "Places prêtées par la base centrale", en: "Places lent by the central database" }
        KindDoorList { fr: "Liste de contrôle reçue de la base centrale", en: "Door list pulled from the central database" }
        KindRestored { fr: "Base restaurée depuis une sauvegarde", en: "Database restored from a backup" }
        KindInvitation { fr: "Invitation demandée, émise ou refusée", en: "Invitation asked, issued or refused" }
        KindProgrammed { fr: "Programmation modifiée", en: "Season changed" }
        KindPatronFile { fr: "Fichier des publics (RGPD)", ca: "Fichier clients (Loi 25)", en: "Patron file (GDPR)" }
        KindClosing { fr: "Clôture", en: "Closing" }
        KindDrawer { fr: "Tiroir-caisse", en: "Cash drawer" }
        KindArchived { fr: "Archivage", en: "Archived" }
        KindTrainingMode { fr: "Mode formation", en: "Training mode" }
        KindOrderImported { fr: "Commande importée", en: "Order imported" }
        DayLeftOpen { fr: "La journée du {0} a des ventes et n’a pas été clôturée : clôturez-la avant d’aller plus loin.", en: "The day of {0} has sales and was not closed: close it before going further." }
        CloseItNow { fr: "Clôturer…", en: "Close it…" }
        BackupFailing { fr: "Sauvegarde en échec", en: "Backup failing" }
        TrainingOn { fr: "Passer en mode formation", en: "Switch to training mode" }
        TrainingOff { fr: "Quitter le mode formation", en: "Leave training mode" }
        TrainingBanner { fr: "MODE FORMATION — NE VAUT PAS TITRE", en: "TRAINING MODE — NOT VALID FOR ENTRY" }
        // Opening failures
        OpenFailedTitle {
            fr: "Guichet ne peut pas ouvrir sa base de données",
            en: "Guichet cannot open its database",
        }
        OpenForeign {
            fr: "Ce fichier n’est pas une base Guichet. Il n’a pas été modifié : choisissez un autre fichier avec --db ou GUICHET_DB.",
            en: "This file is not a Guichet database. It was not changed: choose another file with --db or GUICHET_DB.",
        }
        OpenNewer {
            fr: "Cette base a été écrite par une version plus récente de Guichet. Elle n’a pas été modifiée : installez la nouvelle version.",
            en: "This database was written by a newer Guichet. It was not changed: install the newer version.",
        }
        OpenCorrupt {
            fr: "Cette base est endommagée. Elle n’a pas été modifiée : restaurez la dernière sauvegarde.",
            en: "This database is damaged. It was not changed: restore the latest backup.",
        }
        OpenUnreadable {
            fr: "Le fichier ne peut pas être lu : vérifiez son chemin et ses droits.",
            en: "The file cannot be read: check its path and permissions.",
        }
        OpenKeyMissing {
            fr: "La clé de signature de ce poste est introuvable alors que le journal contient déjà des enregistrements. Guichet ne crée pas de nouvelle clé en silence : restaurez le fichier de clé depuis votre sauvegarde.",
            en: "This terminal's signing key is missing while the ledger already holds records. Guichet does not make a new key silently: restore the key file from your backup.",
        }
        OpenKeyMismatch {
            fr: "Le fichier de clé à côté de la base appartient à une autre base : remettez la clé de cette base.",
            en: "The key file beside the database belongs to another database: put back this database's key.",
        }
        OpenKeyRetired {
            fr: "Le fichier de clé à côté de la base est une ancienne clé de cette caisse, remplacée depuis (sans doute une vieille sauvegarde) : remettez la clé actuelle.",
            en: "The key file beside the database is an old key of this till, replaced since (probably an old backup): put back the current key.",
        }
        OpenKeyOpen {
            fr: "Le fichier de clé est lisible par d’autres utilisateurs : restreignez ses droits (chmod 600).",
            en: "The key file can be read by other users: restrict its permissions (chmod 600).",
        }
        OpenGone {
            fr: "La base de ce poste a disparu, mais sa clé est encore là : Guichet n’en crée pas une nouvelle à sa place. Restaurez la dernière sauvegarde.",
            en: "This terminal's database is gone, but its key is still there: Guichet does not start a new one in its place. Restore the latest backup.",
        }
        OpenOther { fr: "Erreur de la base de données.", en: "Database error." }
        Quit { fr: "Fermer Guichet", en: "Close Guichet" }
        StatusOnSale { fr: "en vente", en: "on sale" }
        StatusClosed { fr: "close", en: "closed" }
        StatusCancelled { fr: "annulée", en: "cancelled" }
        Error { fr: "Erreur : {0}", en: "Error: {0}" }
    }
}

/// The text of `key` in `locale`.
pub fn t(locale: Locale, key: T) -> &'static str {
    key.text(locale)
}

/// The text of `key` with `{0}`, `{1}`… replaced by `args`.
pub fn tf(locale: Locale, key: T, args: &[&str]) -> String {
    fill(t(locale, key), args)
}

/// "Clé de signature : 1a2b" / "Signing key: 1a2b": a label and its value,
/// with each language's colon.
pub fn label_value(locale: Locale, label: &str, value: &str) -> String {
    if locale.is_french() {
        format!("{label} : {value}")
    } else {
        format!("{label}: {value}")
    }
}

/// An amount in the venue's currency, as the reader writes it
/// (« 1 234,50 € », « $1,234.50 »).
pub fn money(cents: crate::domain::Cents, currency: crate::domain::Currency, l: Locale) -> String {
    crate::domain::Money { cents, currency }.format(l)
}

/// Replaces `{0}`, `{1}`… in a text by `args`.
pub fn fill(text: &str, args: &[&str]) -> String {
    let mut out = text.to_owned();
    for (i, arg) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), arg);
    }
    out
}

/// A sales row as `verify` names it ("order 3", "ticket 12"), in the
/// reader's words.
pub fn row_name(row: &str, locale: Locale) -> String {
    let (kind, n) = row.split_once(' ').unwrap_or((row, ""));
    let key = match kind {
        "order" => T::RowOrder,
        "ticket" => T::RowTicket,
        _ => return row.to_owned(),
    };
    tf(locale, key, &[n])
}

/// Which field of a sales row differs from its record, in the reader's words.
pub fn field_name(what: &str, locale: Locale) -> &str {
    let key = match what {
        "price" => T::FieldPrice,
        "seat" => T::FieldSeat,
        "tariff" => T::FieldTariff,
        "performance" => T::FieldPerformance,
        "order" => T::FieldOrder,
        "number" => T::FieldNumber,
        "total" => T::FieldTotal,
        "record number" => T::FieldRecord,
        "terminal or chain" => T::FieldTerminal,
        "status (valid or cancelled)" => T::FieldStatus,
        "payments or refunds" => T::FieldPayments,
        "prints" => T::FieldPrints,
        w if w.starts_with("lines") => T::FieldLines,
        _ => return what,
    };
    t(locale, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_filled() {
        assert_eq!(tf(Locale::FrFr, T::Outbox, &["3"]), "À envoyer : 3");
        assert_eq!(
            tf(Locale::FrCa, T::Outbox, &["3"]),
            "En attente d’envoi : 3"
        );
        assert_eq!(tf(Locale::En, T::Outbox, &["3"]), "Outbox: 3");
    }

    #[test]
    fn quebec_falls_back_to_france() {
        assert_eq!(
            t(Locale::FrCa, T::NavProgramming),
            t(Locale::FrFr, T::NavProgramming)
        );
        assert_ne!(
            t(Locale::FrCa, T::NavAudience),
            t(Locale::FrFr, T::NavAudience)
        );
    }
}
