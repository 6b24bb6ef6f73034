//! The words of Contrôle: its screen, why a ticket is refused (for the
//! steward and the command line), and why the door could not do something.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::domain::Locale;
use crate::domain::admission::Outcome;
use crate::door::{Answer, DoorError, Refusal, Verdict};

english!(DoorError => error);

words! {
    /// The words of Contrôle.
    pub enum D {
        AllToday {
            fr: "Toutes les séances du jour",
            ca: "Toutes les représentations du jour",
            en: "All of today’s performances" }
        Upcoming { fr: "Prochaines séances", ca: "Prochaines représentations", en: "Next performances" }
        NothingToday {
            fr: "Aucune séance aujourd’hui : choisissez une séance à venir.",
            ca: "Aucune représentation aujourd’hui : choisissez-en une à venir.",
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
        General { fr: "Placement libre", ca: "Admission générale", en: "General admission" }
        Ticket { fr: "Billet n° {0}", en: "Ticket {0}" }
        ViaPass { fr: "Pass « {0} »", en: "Pass \"{0}\"" }
        Entered { fr: "Entrés : {0} / {1}", en: "In: {0} / {1}" }
        InCategory { fr: "{0} : {1} / {2}", en: "{0}: {1} / {2}" }
        Number { fr: "n° {0}", en: "no. {0}" }
        Recent { fr: "Derniers passages", en: "Latest scans" }
        Manual { fr: "Sans billet", en: "Without a ticket" }
        ManualHint {
            fr: "Nom, e-mail, téléphone ou n° de commande, puis Entrée",
            ca: "Nom, courriel, téléphone ou n° de commande, puis Entrée",
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
        Live { fr: "Base centrale : chaque entrée est vérifiée en direct", en: "Central database: each admission is checked live" }
        Offline {
            fr: "Base centrale injoignable : contrôle hors ligne, les entrées partent à la reconnexion",
            en: "Central database unreachable: checking offline; admissions go up when it is back",
        }
        ListFrom {
            fr: "liste reçue à {0} ({1} billet(s) d’autres postes)",
            en: "list pulled at {0} ({1} ticket(s) of other terminals)",
        }
        NoList {
            fr: "aucune liste reçue : les billets vendus ailleurs sont refusés comme inconnus (F11)",
            en: "no list pulled: tickets sold elsewhere are refused as unknown (F11)",
        }
        PullList { fr: "Recevoir la liste", en: "Pull the list" }
        ListKept {
            fr: "Liste reçue : {0} billet(s) d’autres postes pour {1} séance(s)",
            ca: "Liste reçue : {0} billet(s) d’autres postes pour {1} représentation(s)",
            en: "List pulled: {0} ticket(s) of other terminals for {1} performance(s)",
        }
        ListFailed { fr: "La liste n’a pas été reçue : {0}", en: "The list was not pulled: {0}" }
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
    let (fr, ca, en) = match outcome {
        Some(Outcome::Admitted) => ("admis", "admis", "admitted"),
        Some(Outcome::Undone) => ("entrée annulée", "entrée annulée", "admission undone"),
        Some(Outcome::Forged) => ("faux billet", "faux billet", "forged"),
        Some(Outcome::Damaged) => ("code abîmé", "code abîmé", "damaged code"),
        Some(Outcome::NotATicket) => ("pas un billet", "pas un billet", "not a ticket"),
        Some(Outcome::UnknownKey) => ("clé inconnue", "clé inconnue", "unknown key"),
        Some(Outcome::UnknownTicket) => ("billet inconnu", "billet inconnu", "unknown ticket"),
        Some(Outcome::Altered) => ("base modifiée", "base modifiée", "database altered"),
        Some(Outcome::Training) => (
            "billet de formation",
            "billet de formation",
            "training ticket",
        ),
        Some(Outcome::Cancelled) => ("billet annulé", "billet annulé", "cancelled"),
        Some(Outcome::OtherPerformance) => {
            ("autre séance", "autre représentation", "other performance")
        }
        Some(Outcome::TooEarly) => ("trop tôt", "trop tôt", "too early"),
        Some(Outcome::Over) => (
            "séance terminée",
            "représentation terminée",
            "performance over",
        ),
        Some(Outcome::AlreadyEntered) => ("déjà entré", "déjà entré", "already in"),
        Some(Outcome::AlreadyEnteredJustNow) => ("doublon", "doublon", "repeated scan"),
        Some(Outcome::Empty) => ("vide", "vide", "empty"),
        Some(Outcome::NewerFormat) => (
            "version plus récente",
            "version plus récente",
            "newer format",
        ),
        None => ("refusé", "refusé", "refused"),
    };
    super::pick(locale, fr, ca, en)
}

/// Why a ticket was refused; `now` (the scan's time) says whether a time
/// is today ("à 17:00") or another day ("le jeu. 3 déc. 2026 17:00").
pub fn refusal(r: &Refusal, l: Locale, zone: Tz, now: DateTime<Utc>) -> String {
    let time = |at: &DateTime<Utc>| l.time(&at.with_timezone(&zone));
    let when = |at: &DateTime<Utc>| {
        let today = now.with_timezone(&zone).date_naive();
        if at.with_timezone(&zone).date_naive() == today {
            let t = time(at);
            say!(l, fr: "à {t}", en: "at {t}")
        } else {
            let t = l.date_time(*at, zone);
            say!(l, fr: "le {t}", en: "on {t}")
        }
    };
    match r {
        Refusal::Empty => say!(l, fr: "rien n’a été scanné", en: "nothing was scanned"),
        Refusal::NotATicket => say!(l, fr: "ce n’est pas un billet de ce lieu",
            en: "this is not one of this venue's tickets"),
        Refusal::Damaged => say!(l, fr: "code abîmé : il ne se lit pas",
            en: "damaged code: it does not read"),
        Refusal::NewerFormat => say!(l,
            fr: "billet d’une version plus récente de Guichet : mettre à jour ce poste",
            en: "ticket from a newer Guichet: update this terminal"),
        Refusal::Forged => say!(l, fr: "faux billet : la signature ne correspond pas",
            en: "forged ticket: the signature does not match"),
        Refusal::UnknownKey => say!(l,
            fr: "billet signé par une clé inconnue ici (autre lieu, ou poste non synchronisé)",
            en: "signed by a key unknown here (another venue, or a terminal not synced)"),
        Refusal::UnknownTicket => say!(l,
            fr: "billet inconnu ici (vendu sur un poste non synchronisé ?)",
            en: "ticket unknown here (sold on a terminal not synced?)"),
        Refusal::LostAtRestore { restored } => {
            let day = l.date(&restored.with_timezone(&zone));
            say!(l,
                fr: "billet vendu ici après la dernière sauvegarde, perdu à la restauration du {day} : vrai billet, vérifiez-le (reçu, nom) puis faites entrer (Sans billet, F9)",
                en: "ticket sold here after the last backup, lost with the restore of {day}: a real ticket; check it (receipt, name), then let the holder in (No ticket, F9)")
        }
        Refusal::Altered => say!(l,
            fr: "la base ne correspond plus au billet signé (place modifiée) : appelez la coordination",
            en: "the database no longer matches the signed ticket (its place was changed): call the coordinator"),
        Refusal::Training => say!(l, fr: "billet de formation : il n’est pas valable",
            en: "training ticket: not valid"),
        Refusal::RealInTraining => say!(l,
            fr: "mode formation : seuls les billets de formation sont contrôlés ici",
            en: "training mode: only training tickets are checked here"),
        Refusal::Cancelled { at: Some(at) } => {
            let day = l.date(&at.with_timezone(&zone));
            say!(l, fr: "billet annulé le {day}", en: "ticket cancelled on {day}")
        }
        Refusal::Cancelled { at: None } => say!(l, fr: "billet annulé", en: "ticket cancelled"),
        Refusal::Moved { to, ticket } => {
            let when = l.in_words(to.starts_at, to.zone);
            let by = ticket.map(|n| match l {
                Locale::En => format!(" (ticket {n:06})"),
                _ => format!(" (billet n° {n:06})"),
            });
            let by = by.unwrap_or_default();
            say!(l, fr: "représentation déplacée au {when} : ce billet a été remplacé{by}",
                en: "performance moved to {when}: this ticket was replaced{by}")
        }
        Refusal::OtherPerformance { performance } => {
            let p = performance.label(l);
            say!(l, fr: "autre séance : {p}", ca: "autre représentation : {p}",
                en: "another performance: {p}")
        }
        Refusal::PassNotHere { from, until } => {
            let (from, until) = (l.short_date(*from), l.short_date(*until));
            say!(l,
                fr: "pass valable du {from} au {until} : il ne donne pas accès à cette séance",
                ca: "passeport valable du {from} au {until} : il ne donne pas accès à cette représentation",
                en: "pass valid from {from} to {until}: it gives no entry to this performance")
        }
        Refusal::TooEarly { opens } => {
            let at = when(opens);
            say!(l, fr: "trop tôt : les portes ouvrent {at}", en: "too early: the doors open {at}")
        }
        Refusal::Over { ended } => {
            let at = time(ended);
            say!(l, fr: "séance terminée à {at}", ca: "représentation terminée à {at}",
                en: "the performance ended at {at}")
        }
        Refusal::AlreadyEntered {
            door,
            just_now: true,
            ..
        } => say!(l,
            fr: "déjà entré à l’instant ({door})", en: "already entered just now ({door})"),
        Refusal::AlreadyEntered { at, door, .. } => {
            let at = time(at);
            say!(l, fr: "déjà entré à {at} ({door})", en: "already entered at {at} ({door})")
        }
    }
}

/// Why a scan was refused, in words (None when admitted).
pub fn reason(answer: &Answer, l: Locale) -> Option<String> {
    match &answer.verdict {
        Verdict::Refused(r) => Some(refusal(r, l, answer.zone, answer.at)),
        Verdict::Admitted { .. } => None,
    }
}

/// Why the door could not do what was asked.
pub fn error(e: &DoorError, l: Locale) -> String {
    use DoorError as E;
    match e {
        E::NoPerformance(id) => say!(l, fr: "la représentation {id} n’existe pas",
            en: "there is no performance {id}: pick one from `guichet performances`"),
        E::NoTicket(n) => say!(l, fr: "pas de billet n° {n}", en: "there is no ticket {n}"),
        E::NothingToUndo(door) => say!(l, fr: "aucune entrée à annuler à la porte « {door} »",
            en: "no admission to undo at door \"{door}\""),
        E::NotSupervisor => say!(l,
            fr: "seuls la coordination et l’administration peuvent annuler une entrée",
            en: "only a coordinator or an administrator can undo an admission"),
        E::NoDoorName => say!(l, fr: "la porte a besoin d’un nom", en: "the door needs a name"),
        E::DoorNameTooLong => {
            let max = crate::door::DOOR_NAME_MAX;
            say!(l, fr: "le nom d’une porte a {max} caractères au plus",
                en: "a door's name has at most {max} characters")
        }
        E::NotAllowedToName => say!(l,
            fr: "seuls la coordination et l’administration peuvent nommer la porte",
            en: "only a coordinator or an administrator can name the door"),
        E::Pdf(e) => {
            let e = super::system::pdf(e, l);
            say!(l, fr: "la liste de contrôle n’a pas pu être faite : {e}",
                en: "cannot make the door list: {e}")
        }
        E::Print(e) => {
            let e = super::system::print(e, l);
            say!(l, fr: "la liste de contrôle n’a pas pu être envoyée : {e}",
                en: "cannot send the door list: {e}")
        }
        E::Open(e) => super::system::open(e, l),
        E::NoPerformanceChosen => say!(l, fr: "aucune représentation choisie",
            en: "no performance chosen"),
        E::Counter(e) => super::counter::error(e, l),
        E::Store(e) => super::system::store(e, l),
    }
}
