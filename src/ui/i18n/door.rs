//! The strings of Contrôle, French and English (same rules as the parent
//! module: exhaustive matches, `{0}` parameters).

use crate::domain::Locale;
use crate::domain::admission::Outcome;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum D {
    AllToday,
    Upcoming,
    NothingToday,
    ScanHint,
    Waiting,
    Admitted,
    Reentry,
    Refused,
    Repeated,
    Proof,
    General,
    Ticket,
    Entered,
    Recent,
    Manual,
    ManualHint,
    Admit,
    NothingFound,
    Undo,
    Undone,
    DoorList,
    DoorListSent,
    Door,
    Keys,
    Manually,
}

pub fn d(locale: Locale, key: D) -> &'static str {
    if locale.is_french() { fr(key) } else { en(key) }
}

pub fn df(locale: Locale, key: D, args: &[&str]) -> String {
    super::fill(d(locale, key), args)
}

fn fr(key: D) -> &'static str {
    match key {
        D::AllToday => "Toutes les séances du jour",
        D::Upcoming => "Prochaines séances",
        D::NothingToday => "Aucune séance aujourd’hui : choisissez une séance à venir.",
        D::ScanHint => "Scannez un billet, ou tapez son code puis Entrée",
        D::Waiting => "Prêt : scannez le premier billet",
        D::Admitted => "ADMIS",
        D::Reentry => "ADMIS — retour",
        D::Refused => "REFUSÉ",
        D::Repeated => "DÉJÀ SCANNÉ",
        D::Proof => "{0} — justificatif à vérifier",
        D::General => "Placement libre",
        D::Ticket => "Billet n° {0}",
        D::Entered => "Entrés : {0} / {1}",
        D::Recent => "Derniers passages",
        D::Manual => "Sans billet",
        D::ManualHint => "Nom, e-mail, téléphone ou n° de commande, puis Entrée",
        D::Admit => "Faire entrer",
        D::NothingFound => "Aucun billet trouvé pour « {0} »",
        D::Undo => "Annuler la dernière entrée",
        D::Undone => "Entrée annulée : billet n° {0}",
        D::DoorList => "Liste de contrôle (PDF)",
        D::DoorListSent => "Liste de contrôle : {0}",
        D::Door => "Porte : {0}",
        D::Keys => {
            "Entrée : valider · Échap : effacer · F9 : sans billet · F10 : liste de contrôle"
        }
        D::Manually => "à la main",
    }
}

fn en(key: D) -> &'static str {
    match key {
        D::AllToday => "All of today’s performances",
        D::Upcoming => "Next performances",
        D::NothingToday => "No performance today: pick an upcoming one.",
        D::ScanHint => "Scan a ticket, or type its code then Enter",
        D::Waiting => "Ready: scan the first ticket",
        D::Admitted => "ADMITTED",
        D::Reentry => "ADMITTED — back in",
        D::Refused => "REFUSED",
        D::Repeated => "ALREADY SCANNED",
        D::Proof => "{0} — check the proof",
        D::General => "General admission",
        D::Ticket => "Ticket {0}",
        D::Entered => "In: {0} / {1}",
        D::Recent => "Latest scans",
        D::Manual => "Without a ticket",
        D::ManualHint => "Name, e-mail, phone or order number, then Enter",
        D::Admit => "Let in",
        D::NothingFound => "No ticket found for “{0}”",
        D::Undo => "Undo the last admission",
        D::Undone => "Admission undone: ticket {0}",
        D::DoorList => "Door list (PDF)",
        D::DoorListSent => "Door list: {0}",
        D::Door => "Door: {0}",
        D::Keys => "Enter: check · Esc: clear · F9: without a ticket · F10: door list",
        D::Manually => "by hand",
    }
}

/// A recorded outcome in a few words, for the list of latest scans (one
/// this version does not know: "refused").
pub fn outcome(locale: Locale, outcome: Option<Outcome>) -> &'static str {
    let fr = locale.is_french();
    let (french, english) = match outcome {
        Some(Outcome::Admitted) => ("admis", "admitted"),
        Some(Outcome::Undone) => ("entrée annulée", "admission undone"),
        Some(Outcome::Forged) => ("faux billet", "forged"),
        Some(Outcome::Damaged) => ("code abîmé", "damaged code"),
        Some(Outcome::NotATicket) => ("pas un billet", "not a ticket"),
        Some(Outcome::UnknownKey) => ("clé inconnue", "unknown key"),
        Some(Outcome::UnknownTicket) => ("billet inconnu", "unknown ticket"),
        Some(Outcome::Training) => ("billet de formation", "training ticket"),
        Some(Outcome::Cancelled) => ("billet annulé", "cancelled"),
        Some(Outcome::OtherPerformance) => ("autre séance", "other performance"),
        Some(Outcome::TooEarly) => ("trop tôt", "too early"),
        Some(Outcome::Over) => ("séance terminée", "performance over"),
        Some(Outcome::AlreadyEntered) => ("déjà entré", "already in"),
        Some(Outcome::AlreadyEnteredJustNow) => ("doublon", "repeated scan"),
        Some(Outcome::Empty) => ("vide", "empty"),
        Some(Outcome::NewerFormat) => ("version plus récente", "newer format"),
        None => ("refusé", "refused"),
    };
    if fr { french } else { english }
}
