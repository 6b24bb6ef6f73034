//! The strings of Contrôle, French and English (same rules as the parent
//! module: exhaustive matches, `{0}` parameters).

use crate::domain::Locale;
use crate::domain::admission::Outcome;

words! {
    /// The words of Contrôle.
    pub enum D {
        AllToday { fr: "Toutes les séances du jour", en: "All of today’s performances" }
        Upcoming { fr: "Prochaines séances", en: "Next performances" }
        NothingToday {
            fr: "Aucune séance aujourd’hui : choisissez une séance à venir.",
            en: "No performance today: pick an upcoming one.",
        }
        ScanHint {
            fr: "Scannez un billet, ou tapez son code puis Entrée",
            en: "Scan a ticket, or type its code then Enter",
        }
        Waiting { fr: "Prêt : scannez le premier billet", en: "Ready: scan the first ticket" }
        Admitted { fr: "ADMIS", en: "ADMITTED" }
        Reentry { fr: "ADMIS — retour", en: "ADMITTED — back in" }
        Refused { fr: "REFUSÉ", en: "REFUSED" }
        Repeated { fr: "DÉJÀ SCANNÉ", en: "ALREADY SCANNED" }
        Proof { fr: "{0} — justificatif à vérifier", en: "{0} — check the proof" }
        General { fr: "Placement libre", en: "General admission" }
        Ticket { fr: "Billet n° {0}", en: "Ticket {0}" }
        Entered { fr: "Entrés : {0} / {1}", en: "In: {0} / {1}" }
        Recent { fr: "Derniers passages", en: "Latest scans" }
        Manual { fr: "Sans billet", en: "Without a ticket" }
        ManualHint {
            fr: "Nom, e-mail, téléphone ou n° de commande, puis Entrée",
            en: "Name, e-mail, phone or order number, then Enter",
        }
        Admit { fr: "Faire entrer", en: "Let in" }
        NothingFound { fr: "Aucun billet trouvé pour « {0} »", en: "No ticket found for “{0}”" }
        Undo { fr: "Annuler la dernière entrée", en: "Undo the last admission" }
        Undone { fr: "Entrée annulée : billet n° {0}", en: "Admission undone: ticket {0}" }
        DoorList { fr: "Liste de contrôle (PDF)", en: "Door list (PDF)" }
        DoorListSent { fr: "Liste de contrôle : {0}", en: "Door list: {0}" }
        Door { fr: "Porte : {0}", en: "Door: {0}" }
        Keys {
            fr: "Entrée : valider · Échap : effacer · F9 : sans billet · F10 : liste de contrôle",
            en: "Enter: check · Esc: clear · F9: without a ticket · F10: door list",
        }
        Manually { fr: "à la main", en: "by hand" }
    }
}

pub fn d(locale: Locale, key: D) -> &'static str {
    key.text(locale)
}

pub fn df(locale: Locale, key: D, args: &[&str]) -> String {
    super::fill(d(locale, key), args)
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
