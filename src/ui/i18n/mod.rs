//! Every string of the interface, in French (France, with Quebec wording
//! where it differs) and English. Each language is an exhaustive `match`, so
//! a key without its English or French text does not compile.
//!
//! Parameters are written `{0}`, `{1}`… and filled by [`tf`].

pub mod door;
pub mod programming;
pub mod sell;

use crate::domain::Locale;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum T {
    // Frame
    NavSell,
    NavProgramming,
    NavDoor,
    NavAudience,
    NavTill,
    NavReports,
    NavSettings,
    Operator,
    Outbox,
    DemoBadge,
    SwitchOperator,
    RoleClerk,
    RoleCoordinator,
    RoleAdmin,
    // First run
    SetupTitle,
    SetupIntro,
    SetupVenue,
    VenueName,
    VenueNameHint,
    Country,
    CountryFrance,
    CountryQuebec,
    Currency,
    TimeZone,
    Licence,
    LicenceHint,
    GstNumber,
    QstNumber,
    SetupAdmin,
    SetupAdminOnly,
    AdminName,
    AdminNameHint,
    Pin,
    PinAgain,
    Create,
    TryDemo,
    TryDemoHint,
    ErrVenueNameEmpty,
    ErrVenueNameLong,
    ErrTimeZone,
    ErrLicence,
    ErrNameEmpty,
    ErrNameLong,
    ErrNameTaken,
    ErrPinLength,
    ErrPinDigits,
    ErrPinSimple,
    ErrPinMismatch,
    ErrSetup,
    ErrDemo,
    // Log-in
    LoginTitle,
    LoginPinFor,
    LoginButton,
    LoginChoose,
    WrongPin,
    LockedOut,
    Inactive,
    DemoPins,
    // Sections
    AudienceTitle,
    AudienceEmpty,
    TillTitle,
    TillRecords,
    TillVerify,
    TillVerifying,
    TillIntact,
    TillBroken,
    TillLatest,
    ProblemAltered,
    ProblemMissing,
    ProblemReordered,
    ProblemUnlinked,
    ProblemSignature,
    ProblemGenesis,
    ProblemKeyChange,
    ChainFiscal,
    ChainTraining,
    TillEmpty,
    ReportsTitle,
    ReportsEmpty,
    SettingsTitle,
    Language,
    TheVenue,
    ThisTerminal,
    KeyId,
    KeyChange,
    DoorName,
    DoorNamed,
    DoorNameEmpty,
    DoorNameLong,
    Save,
    KeyChangeExplain,
    KeyReason,
    KeyChangeNow,
    KeyKeep,
    KeyChanged,
    KeyNotChanged,
    Database,
    Operators,
    AddOperator,
    Role,
    OperatorAdded,
    OnlyAdmin,
    Active,
    Inactivated,
    Deactivate,
    Reactivate,
    ErrLastAdmin,
    // Ledger record kinds
    KindGenesis,
    KindSetup,
    KindDemo,
    KindOperatorCreated,
    KindOperatorChanged,
    KindLogIn,
    KindLogOut,
    KindIntegrityFailure,
    KindSale,
    KindCancellation,
    KindReprint,
    KindSeasonImported,
    KindKeyRotated,
    // Opening failures
    OpenFailedTitle,
    OpenForeign,
    OpenNewer,
    OpenCorrupt,
    OpenUnreadable,
    OpenKeyMissing,
    OpenKeyMismatch,
    OpenKeyRetired,
    OpenKeyOpen,
    OpenOther,
    StatusOnSale,
    StatusClosed,
    StatusCancelled,
    Error,
}

/// The text of `key` in `locale`.
pub fn t(locale: Locale, key: T) -> &'static str {
    match locale {
        Locale::En => en(key),
        Locale::FrCa => fr_ca(key).unwrap_or_else(|| fr(key)),
        Locale::FrFr => fr(key),
    }
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

/// Replaces `{0}`, `{1}`… in a text by `args`.
pub fn fill(text: &str, args: &[&str]) -> String {
    let mut out = text.to_owned();
    for (i, arg) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), arg);
    }
    out
}

/// Quebec wording, where it differs from France's.
fn fr_ca(key: T) -> Option<&'static str> {
    Some(match key {
        T::NavDoor => "Contrôle des billets",
        T::NavAudience => "Clientèle",
        T::Outbox => "En attente d’envoi : {0}",
        T::AudienceTitle => "Fichier clients",
        T::TillTitle => "Caisse et journal",
        _ => return None,
    })
}

fn fr(key: T) -> &'static str {
    match key {
        T::NavSell => "Vente",
        T::NavProgramming => "Programmation",
        T::NavDoor => "Contrôle",
        T::NavAudience => "Publics",
        T::NavTill => "Caisse",
        T::NavReports => "Rapports",
        T::NavSettings => "Réglages",
        T::Operator => "Opérateur : {0} ({1})",
        T::Outbox => "À envoyer : {0}",
        T::DemoBadge => "DÉMONSTRATION",
        T::SwitchOperator => "Changer d’opérateur  F12",
        T::RoleClerk => "guichet",
        T::RoleCoordinator => "coordination",
        T::RoleAdmin => "administration",
        T::SetupTitle => "Bienvenue dans Guichet",
        T::SetupIntro => {
            "Première mise en route : décrivez le lieu, puis créez le compte administrateur. Tout reste sur cet ordinateur."
        }
        T::SetupVenue => "Le lieu",
        T::VenueName => "Nom du lieu",
        T::VenueNameHint => "Théâtre municipal",
        T::Country => "Pays",
        T::CountryFrance => "France",
        T::CountryQuebec => "Québec",
        T::Currency => "Devise",
        T::TimeZone => "Fuseau horaire",
        T::Licence => "Licence d’entrepreneur de spectacles",
        T::LicenceHint => "Imprimée sur chaque billet. Ex. : PLATESV-D-2024-001234",
        T::GstNumber => "N° d’inscription à la TPS",
        T::QstNumber => "N° d’inscription à la TVQ",
        T::SetupAdmin => "L’administrateur",
        T::SetupAdminOnly => {
            "Ce lieu n’a plus d’opérateur actif : créez un compte administrateur pour continuer."
        }
        T::AdminName => "Prénom et nom",
        T::AdminNameHint => "Camille Roche",
        T::Pin => "Code PIN (4 à 8 chiffres)",
        T::PinAgain => "Code PIN, une seconde fois",
        T::Create => "Créer la billetterie",
        T::TryDemo => "Essayer avec la saison de démonstration",
        T::TryDemoHint => {
            "Un théâtre fictif, douze spectacles, une quarantaine de représentations et trois opérateurs."
        }
        T::ErrVenueNameEmpty => "Indiquez le nom du lieu.",
        T::ErrVenueNameLong => "60 caractères au plus.",
        T::ErrTimeZone => "Fuseau horaire inconnu.",
        T::ErrLicence => "Lettres, chiffres et tirets seulement.",
        T::ErrNameEmpty => "Indiquez un nom.",
        T::ErrNameLong => "60 caractères au plus.",
        T::ErrNameTaken => "Ce nom est déjà pris : choisissez-en un autre.",
        T::ErrPinLength => "Le code PIN compte 4 à 8 chiffres.",
        T::ErrPinDigits => "Des chiffres seulement.",
        T::ErrPinSimple => "Trop facile à deviner (0000, 1234…) : choisissez-en un autre.",
        T::ErrPinMismatch => "Les deux codes PIN diffèrent : retapez-les.",
        T::ErrSetup => "La mise en route n’a pas abouti, rien n’a été enregistré : {0}",
        T::ErrDemo => {
            "La saison de démonstration n’a pas pu être chargée, rien n’a été enregistré : {0}"
        }
        T::LoginTitle => "Qui est au guichet ?",
        T::LoginPinFor => "Code PIN de {0}",
        T::LoginButton => "Entrer  ↵",
        T::LoginChoose => "Choisissez votre nom, puis tapez votre code PIN.",
        T::WrongPin => "Code PIN incorrect. Encore {0} essai(s) avant un blocage temporaire.",
        T::LockedOut => {
            "Trop d’essais : réessayez dans {0} s. Un coordinateur peut changer votre code PIN."
        }
        T::Inactive => "Ce compte est désactivé : voyez un administrateur.",
        T::DemoPins => "Base de démonstration — codes PIN :",
        T::AudienceTitle => "Fichier des publics",
        T::AudienceEmpty => {
            "Le fichier des publics se remplira avec les ventes. Au guichet, la vente reste anonyme par défaut."
        }
        T::TillTitle => "Caisse et journal",
        T::TillRecords => "{0} enregistrements signés par ce poste · clé {1}",
        T::TillVerify => "Vérifier le journal",
        T::TillVerifying => "Vérification en cours…",
        T::TillIntact => {
            "Journal intact : {0} enregistrements, toutes les signatures sont valides."
        }
        T::TillBroken => "Journal rompu à l’enregistrement {0} ({1}) : {2}",
        T::TillLatest => "Dernières opérations",
        T::ProblemAltered => "modifié après signature",
        T::ProblemMissing => "enregistrement(s) {0} supprimé(s)",
        T::ProblemReordered => "cette place contient l’enregistrement {0} : ordre modifié",
        T::ProblemUnlinked => {
            "ne suit pas l’enregistrement précédent (ordre modifié ou suppression)"
        }
        T::ProblemSignature => "signature invalide",
        T::ProblemGenesis => "ouverture du journal invalide",
        T::ProblemKeyChange => "changement de clé invalide",
        T::ChainFiscal => "fiscal",
        T::ChainTraining => "formation",
        T::TillEmpty => "Fonds de caisse, clôtures (ticket Z) et archives arrivent avec la vente.",
        T::ReportsTitle => "Rapports",
        T::ReportsEmpty => {
            "Bordereaux de recettes, déclaration SIBIL et exports comptables arrivent avec la vente."
        }
        T::SettingsTitle => "Réglages",
        T::Language => "Langue de l’interface",
        T::TheVenue => "Le lieu",
        T::ThisTerminal => "Ce poste",
        T::KeyId => "Clé de signature",
        T::KeyChange => "Changer la clé de signature…",
        T::DoorName => "Nom de la porte (Contrôle)",
        T::DoorNamed => "Les entrées contrôlées ici sont notées « {0} ».",
        T::DoorNameEmpty => "Donnez un nom à la porte (par exemple « Porte jardin »).",
        T::DoorNameLong => "Le nom de la porte compte au plus 40 caractères.",
        T::Save => "Enregistrer",
        T::KeyChangeExplain => {
            "Une nouvelle clé signera le journal et les billets à partir de maintenant. Les billets déjà vendus restent valables à l’entrée et le journal reste vérifiable : l’ancienne clé publique reste dans la base. À faire si l’ordinateur ou une sauvegarde de la clé a pu être copié, ou une fois par an."
        }
        T::KeyReason => "Motif (facultatif, inscrit au journal)",
        T::KeyChangeNow => "Changer la clé maintenant",
        T::KeyKeep => "Garder la clé actuelle",
        T::KeyChanged => {
            "Nouvelle clé : {0} (clé n° {1}). L’ancienne, {2}, ne signe plus mais vérifie toujours ce qu’elle a signé. Sauvegardez maintenant le fichier {3} avec la base : l’ancienne copie ne peut plus signer."
        }
        T::KeyNotChanged => "La clé n’a pas été changée : {0}",
        T::Database => "Base de données",
        T::Operators => "Opérateurs",
        T::AddOperator => "Ajouter l’opérateur",
        T::Role => "Rôle",
        T::OperatorAdded => "{0} peut maintenant se connecter.",
        T::OnlyAdmin => "Seul un administrateur gère les opérateurs.",
        T::Active => "actif",
        T::Inactivated => "désactivé",
        T::Deactivate => "Désactiver",
        T::Reactivate => "Réactiver",
        T::ErrLastAdmin => "C’est le dernier administrateur actif : nommez-en un autre d’abord.",
        T::KindGenesis => "Ouverture du journal",
        T::KindSetup => "Mise en route du lieu",
        T::KindDemo => "Saison de démonstration chargée",
        T::KindOperatorCreated => "Opérateur créé",
        T::KindOperatorChanged => "Opérateur modifié",
        T::KindLogIn => "Connexion",
        T::KindLogOut => "Déconnexion",
        T::KindIntegrityFailure => "Journal trouvé rompu",
        T::KindSale => "Vente",
        T::KindCancellation => "Annulation",
        T::KindReprint => "Duplicata",
        T::KindSeasonImported => "Saison importée",
        T::KindKeyRotated => "Nouvelle clé de signature",
        T::OpenFailedTitle => "Guichet ne peut pas ouvrir sa base de données",
        T::OpenForeign => {
            "Ce fichier n’est pas une base Guichet. Il n’a pas été modifié : choisissez un autre fichier avec --db ou GUICHET_DB."
        }
        T::OpenNewer => {
            "Cette base a été écrite par une version plus récente de Guichet. Elle n’a pas été modifiée : installez la nouvelle version."
        }
        T::OpenCorrupt => {
            "Cette base est endommagée. Elle n’a pas été modifiée : restaurez la dernière sauvegarde."
        }
        T::OpenUnreadable => "Le fichier ne peut pas être lu : vérifiez son chemin et ses droits.",
        T::OpenKeyMissing => {
            "La clé de signature de ce poste est introuvable alors que le journal contient déjà des enregistrements. Guichet ne crée pas de nouvelle clé en silence : restaurez le fichier de clé depuis votre sauvegarde."
        }
        T::OpenKeyMismatch => {
            "Le fichier de clé à côté de la base appartient à une autre base : remettez la clé de cette base."
        }
        T::OpenKeyRetired => {
            "Le fichier de clé à côté de la base est une ancienne clé de cette caisse, remplacée depuis (sans doute une vieille sauvegarde) : remettez la clé actuelle."
        }
        T::OpenKeyOpen => {
            "Le fichier de clé est lisible par d’autres utilisateurs : restreignez ses droits (chmod 600)."
        }
        T::OpenOther => "Erreur de la base de données.",
        T::StatusOnSale => "en vente",
        T::StatusClosed => "close",
        T::StatusCancelled => "annulée",
        T::Error => "Erreur : {0}",
    }
}

fn en(key: T) -> &'static str {
    match key {
        T::NavSell => "Sell",
        T::NavProgramming => "Programming",
        T::NavDoor => "Door",
        T::NavAudience => "Audience",
        T::NavTill => "Till",
        T::NavReports => "Reports",
        T::NavSettings => "Settings",
        T::Operator => "Operator: {0} ({1})",
        T::Outbox => "Outbox: {0}",
        T::DemoBadge => "DEMO",
        T::SwitchOperator => "Switch operator  F12",
        T::RoleClerk => "clerk",
        T::RoleCoordinator => "coordinator",
        T::RoleAdmin => "admin",
        T::SetupTitle => "Welcome to Guichet",
        T::SetupIntro => {
            "First start: describe the venue, then create the administrator's account. Everything stays on this computer."
        }
        T::SetupVenue => "The venue",
        T::VenueName => "Venue name",
        T::VenueNameHint => "Town theatre",
        T::Country => "Country",
        T::CountryFrance => "France",
        T::CountryQuebec => "Quebec",
        T::Currency => "Currency",
        T::TimeZone => "Time zone",
        T::Licence => "Live-show licence number",
        T::LicenceHint => "Printed on every ticket. E.g. PLATESV-D-2024-001234",
        T::GstNumber => "GST registration number",
        T::QstNumber => "QST registration number",
        T::SetupAdmin => "The administrator",
        T::SetupAdminOnly => {
            "This venue has no active operator left: create an administrator's account to go on."
        }
        T::AdminName => "Full name",
        T::AdminNameHint => "Camille Roche",
        T::Pin => "PIN (4 to 8 digits)",
        T::PinAgain => "PIN, once more",
        T::Create => "Create the box office",
        T::TryDemo => "Try it with the demo season",
        T::TryDemoHint => {
            "A fictional theatre, twelve shows, about forty performances and three operators."
        }
        T::ErrVenueNameEmpty => "Give the venue's name.",
        T::ErrVenueNameLong => "60 characters at most.",
        T::ErrTimeZone => "Unknown time zone.",
        T::ErrLicence => "Letters, digits and dashes only.",
        T::ErrNameEmpty => "Give a name.",
        T::ErrNameLong => "60 characters at most.",
        T::ErrNameTaken => "This name is taken: choose another.",
        T::ErrPinLength => "A PIN has 4 to 8 digits.",
        T::ErrPinDigits => "Digits only.",
        T::ErrPinSimple => "Too easy to guess (0000, 1234…): choose another.",
        T::ErrPinMismatch => "The two PINs differ: type them again.",
        T::ErrSetup => "Set-up did not complete and nothing was saved: {0}",
        T::ErrDemo => "The demo season could not be loaded and nothing was saved: {0}",
        T::LoginTitle => "Who is at the counter?",
        T::LoginPinFor => "PIN for {0}",
        T::LoginButton => "Log in  ↵",
        T::LoginChoose => "Choose your name, then type your PIN.",
        T::WrongPin => "Wrong PIN. {0} more tries before a short lock-out.",
        T::LockedOut => "Too many tries: try again in {0} s. A coordinator can reset your PIN.",
        T::Inactive => "This account is deactivated: see an administrator.",
        T::DemoPins => "Demo database — PINs:",
        T::AudienceTitle => "Patron file",
        T::AudienceEmpty => {
            "The patron file fills up with sales. At the counter, sales stay anonymous by default."
        }
        T::TillTitle => "Till and ledger",
        T::TillRecords => "{0} records signed by this terminal · key {1}",
        T::TillVerify => "Verify the ledger",
        T::TillVerifying => "Verifying…",
        T::TillIntact => "Ledger intact: {0} records, every signature valid.",
        T::TillBroken => "Ledger broken at record {0} ({1}): {2}",
        T::TillLatest => "Latest events",
        T::ProblemAltered => "altered after signing",
        T::ProblemMissing => "record(s) {0} removed",
        T::ProblemReordered => "this position holds record {0}: order changed",
        T::ProblemUnlinked => "does not follow the previous record (order changed or removal)",
        T::ProblemSignature => "bad signature",
        T::ProblemGenesis => "invalid ledger opening",
        T::ProblemKeyChange => "invalid key change",
        T::ChainFiscal => "fiscal",
        T::ChainTraining => "training",
        T::TillEmpty => "Cash floats, closings (Z reports) and archives come with sales.",
        T::ReportsTitle => "Reports",
        T::ReportsEmpty => {
            "Box-office statements, the SIBIL return and accounting exports come with sales."
        }
        T::SettingsTitle => "Settings",
        T::Language => "Interface language",
        T::TheVenue => "The venue",
        T::ThisTerminal => "This terminal",
        T::KeyId => "Signing key",
        T::KeyChange => "Change the signing key…",
        T::DoorName => "Door name (Door section)",
        T::DoorNamed => "Entries checked here are recorded as \"{0}\".",
        T::DoorNameEmpty => "Give the door a name (for example \"Stage door\").",
        T::DoorNameLong => "A door's name has at most 40 characters.",
        T::Save => "Save",
        T::KeyChangeExplain => {
            "A new key will sign the ledger and the tickets from now on. Tickets already sold still enter and the ledger still verifies: the old public key stays in the database. Do it when the computer or a backup of the key may have been copied, or once a year."
        }
        T::KeyReason => "Reason (optional, kept in the ledger)",
        T::KeyChangeNow => "Change the key now",
        T::KeyKeep => "Keep the current key",
        T::KeyChanged => {
            "New key: {0} (key no. {1}). The old one, {2}, no longer signs but still verifies what it signed. Back up the file {3} with the database now: the old copy can no longer sign."
        }
        T::KeyNotChanged => "The key was not changed: {0}",
        T::Database => "Database",
        T::Operators => "Operators",
        T::AddOperator => "Add the operator",
        T::Role => "Role",
        T::OperatorAdded => "{0} can now log in.",
        T::OnlyAdmin => "Only an administrator manages operators.",
        T::Active => "active",
        T::Inactivated => "deactivated",
        T::Deactivate => "Deactivate",
        T::Reactivate => "Reactivate",
        T::ErrLastAdmin => "This is the last active administrator: appoint another first.",
        T::KindGenesis => "Ledger opened",
        T::KindSetup => "Venue set up",
        T::KindDemo => "Demo season loaded",
        T::KindOperatorCreated => "Operator created",
        T::KindOperatorChanged => "Operator changed",
        T::KindLogIn => "Log-in",
        T::KindLogOut => "Log-out",
        T::KindIntegrityFailure => "Ledger found broken",
        T::KindSale => "Sale",
        T::KindCancellation => "Cancellation",
        T::KindReprint => "Duplicate",
        T::KindSeasonImported => "Season imported",
        T::KindKeyRotated => "New signing key",
        T::OpenFailedTitle => "Guichet cannot open its database",
        T::OpenForeign => {
            "This file is not a Guichet database. It was not changed: choose another file with --db or GUICHET_DB."
        }
        T::OpenNewer => {
            "This database was written by a newer Guichet. It was not changed: install the newer version."
        }
        T::OpenCorrupt => {
            "This database is damaged. It was not changed: restore the latest backup."
        }
        T::OpenUnreadable => "The file cannot be read: check its path and permissions.",
        T::OpenKeyMissing => {
            "This terminal's signing key is missing while the ledger already holds records. Guichet does not make a new key silently: restore the key file from your backup."
        }
        T::OpenKeyMismatch => {
            "The key file beside the database belongs to another database: put back this database's key."
        }
        T::OpenKeyRetired => {
            "The key file beside the database is an old key of this till, replaced since (probably an old backup): put back the current key."
        }
        T::OpenKeyOpen => {
            "The key file can be read by other users: restrict its permissions (chmod 600)."
        }
        T::OpenOther => "Database error.",
        T::StatusOnSale => "on sale",
        T::StatusClosed => "closed",
        T::StatusCancelled => "cancelled",
        T::Error => "Error: {0}",
    }
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
