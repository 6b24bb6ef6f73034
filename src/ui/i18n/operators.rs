//! Why an operator, a log-in, the first run or the demo season was
//! refused, in the reader's language (English for the command line): names
//! and PINs, the venue's settings, set-up and the demo file. The screens
//! place a refusal beside its field; the sentence comes from here.

use chrono::{DateTime, Utc};

use crate::domain::Locale;
use crate::domain::operator::{
    NAME_MAX_CHARS, NameError, PIN_MAX_DIGITS, PIN_MIN_DIGITS, PinError,
};
use crate::domain::venue::VenueError;
use crate::operators::{LoginError, OperatorError};
use crate::programming::demo::DemoError;
use crate::programming::venue::SetupError;

english!(
    PinError => pin,
    NameError => name,
    VenueError => venue,
    OperatorError => operator,
    LoginError => login,
    SetupError => setup,
    DemoError => demo,
);

/// Why a PIN is refused.
pub fn pin(e: &PinError, l: Locale) -> String {
    match e {
        PinError::Length => say!(l,
            fr: "Le code PIN compte {PIN_MIN_DIGITS} à {PIN_MAX_DIGITS} chiffres.",
            en: "the PIN must be {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits"),
        PinError::NotDigits => say!(l, fr: "Des chiffres seulement.",
            en: "the PIN must contain digits only"),
        PinError::TooSimple => say!(l,
            fr: "Trop facile à deviner (0000, 1234…) : choisissez-en un autre.",
            en: "the PIN is too easy to guess (all the same digit, or a run such as 1234): choose another"),
    }
}

/// Why an operator's name is refused.
pub fn name(e: &NameError, l: Locale) -> String {
    match e {
        NameError::Empty => say!(l, fr: "Indiquez un nom.", en: "the name is empty"),
        NameError::TooLong => say!(l, fr: "{NAME_MAX_CHARS} caractères au plus.",
            en: "the name is longer than {NAME_MAX_CHARS} characters"),
    }
}

/// Why the venue's settings are refused.
pub fn venue(e: &VenueError, l: Locale) -> String {
    match e {
        VenueError::NameEmpty => {
            say!(l, fr: "Indiquez le nom du lieu.", en: "the venue needs a name")
        }
        VenueError::NameTooLong => say!(l, fr: "{NAME_MAX_CHARS} caractères au plus.",
            en: "the venue's name is longer than {NAME_MAX_CHARS} characters"),
        VenueError::UnknownTimeZone(zone) => say!(l, fr: "Fuseau horaire inconnu.",
            en: "\"{zone}\" is not a time zone name such as Europe/Paris or America/Toronto"),
        VenueError::BadLicence(licence) => say!(l,
            fr: "Lettres, chiffres et tirets seulement.",
            en: "the licence number \"{licence}\" has unexpected characters: letters, digits and dashes only (e.g. PLATESV-D-2024-001234)"),
    }
}

/// Why an operator could not be created, changed or acted as.
pub fn operator(e: &OperatorError, l: Locale) -> String {
    use OperatorError as E;
    match e {
        E::Name(e) => {
            let why = name(e, l);
            say!(l, fr: "{why}", en: "operator name: {why}")
        }
        E::NameTaken(name) => say!(l, fr: "Ce nom est déjà pris : choisissez-en un autre.",
            en: "an operator named \"{name}\" already exists: choose another name"),
        E::Pin(e) => pin(e, l),
        E::PinMismatch => say!(l, fr: "Les deux codes PIN diffèrent : retapez-les.",
            en: "the two PINs typed differ: type the same PIN twice"),
        E::NotAllowed => say!(l, fr: "Seul un administrateur gère les opérateurs.",
            en: "only an administrator can manage operators"),
        E::LastAdmin(name) => say!(l,
            fr: "C’est le dernier administrateur actif : nommez-en un autre d’abord.",
            en: "\"{name}\" is the last active administrator: make someone else administrator first"),
        E::UnknownName(name) => say!(l,
            fr: "Aucun opérateur ne s’appelle « {name} » : voyez la liste avec `guichet operator list`.",
            en: "no operator named \"{name}\": list them with `guichet operator list`"),
        E::Deactivated(name) => say!(l,
            fr: "« {name} » est désactivé : agissez sous un autre nom, ou réactivez ce compte d’abord.",
            en: "\"{name}\" has been deactivated: act as another operator, or reactivate them first"),
        E::NeedsOperator => say!(l,
            fr: "Cette commande écrit dans la base : dites qui agit avec --operator NOM, et son code PIN sur l’entrée standard ou dans GUICHET_PIN.",
            en: "this command writes to the database: say who acts with --operator NAME, and give their PIN on standard input or in GUICHET_PIN"),
        E::NeedsPin(name) => say!(l,
            fr: "Le code PIN de « {name} » manque : sur la première ligne de l’entrée standard, ou dans GUICHET_PIN.",
            en: "no PIN for \"{name}\": give it on the first line of standard input, or in GUICHET_PIN"),
        E::Login(name, e) => {
            let why = login(e, l);
            say!(l, fr: "« {name} » : {why}", en: "\"{name}\": {why}")
        }
        E::Hash(why) => say!(l, fr: "Le code PIN n’a pas pu être chiffré : {why}",
            en: "the PIN could not be hashed: {why}"),
        E::Store(e) => super::system::store(e, l),
        E::Ledger(e) => super::system::ledger(e, l),
    }
}

/// Why an operator may not do something: who may.
pub fn not_allowed(act: crate::domain::operator::Act, l: Locale) -> String {
    use crate::domain::Role;
    match act.least() {
        Role::Clerk => say!(l, fr: "Ce compte ne le permet pas.", en: "this operator may not"),
        Role::Coordinator => say!(l,
            fr: "Réservé à la coordination et à l’administration : connectez-vous sous un tel compte.",
            en: "only a coordinator or an administrator may: act as one with --operator"),
        Role::Admin => say!(l,
            fr: "Réservé à l’administration : connectez-vous sous un compte administrateur.",
            en: "only an administrator may: act as one with --operator"),
    }
}

/// Why a log-in was refused; a lock-out is said as the instant it ends
/// (the command line). The window counts it down with [`login_at`].
pub fn login(e: &LoginError, l: Locale) -> String {
    match e {
        LoginError::LockedOut { until } => say!(l,
            fr: "Trop d’essais : compte bloqué jusqu’à {until}. Un coordinateur peut changer votre code PIN.",
            en: "too many wrong PINs: locked until {until} (ask a coordinator if you forgot your PIN)"),
        other => refusal(other, l),
    }
}

/// Why a log-in was refused, as the log-in screen says it at `now`: a
/// lock-out as the seconds left.
pub fn login_at(e: &LoginError, l: Locale, now: DateTime<Utc>) -> String {
    match e {
        LoginError::LockedOut { until } => {
            let secs = (*until - now).num_seconds().max(0);
            say!(l,
                fr: "Trop d’essais : réessayez dans {secs} s. Un coordinateur peut changer votre code PIN.",
                en: "too many wrong PINs: try again in {secs} s (ask a coordinator if you forgot your PIN)")
        }
        other => refusal(other, l),
    }
}

/// Why a log-in was refused, but for a lock-out.
fn refusal(e: &LoginError, l: Locale) -> String {
    match e {
        LoginError::WrongPin { tries_left } => say!(l,
            fr: "Code PIN incorrect. Encore {tries_left} essai(s) avant un blocage temporaire.",
            en: "wrong PIN; {tries_left} tries left before a short lock-out"),
        LoginError::LockedOut { .. } => login(e, l),
        LoginError::Inactive => say!(l, fr: "Ce compte est désactivé : voyez un administrateur.",
            en: "this operator has been deactivated: ask an administrator"),
        LoginError::Unknown => {
            say!(l, fr: "Cet opérateur n’existe pas.", en: "no such operator")
        }
        LoginError::Store(e) => super::system::store(e, l),
        LoginError::Ledger(e) => super::system::ledger(e, l),
    }
}

/// Why the first run did not set the venue up (nothing was written).
pub fn setup(e: &SetupError, l: Locale) -> String {
    match e {
        SetupError::Venue(errors) => {
            let each: Vec<String> = errors.iter().map(|e| venue(e, l)).collect();
            // French says each as a sentence; English joins them.
            each.join(if l.is_french() { " " } else { "; " })
        }
        SetupError::Operator(e) => operator(e, l),
        SetupError::AlreadySetUp(name) => say!(l,
            fr: "cette base est déjà configurée pour « {name} » : rien n’a été changé",
            en: "this database is already set up for \"{name}\": nothing was changed"),
        SetupError::Store(e) => super::system::store(e, l),
        SetupError::Ledger(e) => super::system::ledger(e, l),
    }
}

/// Why the demo season was not loaded (nothing was written).
pub fn demo(e: &DemoError, l: Locale) -> String {
    match e {
        DemoError::Missing { path, source } => {
            let path = path.display();
            say!(l, fr: "le fichier de démonstration {path} ne peut pas être lu : {source}",
                en: "the demo file {path} cannot be read: {source}")
        }
        DemoError::Malformed { file, detail } => say!(l,
            fr: "le fichier de démonstration {file} n’est pas valable : {detail}",
            en: "the demo file {file} is not valid: {detail}"),
        DemoError::Invalid { file, at, problem } => say!(l,
            fr: "le fichier de démonstration {file} : {at} : {problem}",
            en: "the demo file {file}: {at}: {problem}"),
        DemoError::NotEmpty(name) => say!(l,
            fr: "cette base contient déjà un lieu (« {name} ») : la démonstration se charge dans une nouvelle base, par exemple guichet --db demo.db demo",
            en: "this database already holds a venue (\"{name}\"): the demo goes into a new database, e.g. guichet --db demo.db demo"),
        DemoError::Setup(e) => setup(e, l),
    }
}

/// The first run failed as a whole (the window's words around `why`).
pub fn setup_failed(why: &str, l: Locale) -> String {
    say!(l, fr: "La mise en route n’a pas abouti, rien n’a été enregistré : {why}",
        en: "Set-up did not complete and nothing was saved: {why}")
}

/// The demo season could not be loaded (the window's words around `why`).
pub fn demo_failed(why: &str, l: Locale) -> String {
    say!(l, fr: "La saison de démonstration n’a pas pu être chargée, rien n’a été enregistré : {why}",
        en: "The demo season could not be loaded and nothing was saved: {why}")
}
