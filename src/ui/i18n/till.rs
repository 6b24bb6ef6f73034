//! The till's refusals in the reader's words (English for the command
//! line): closings asked too early, twice, or before an earlier day.

use crate::domain::Locale;
use crate::till::closings::TillError;

english!(TillError => error);

pub fn error(e: &TillError, l: Locale) -> String {
    match e {
        TillError::NotAllowed(act) => super::operators::not_allowed(*act, l),
        TillError::NoVenue => say!(l,
            fr: "Aucun lieu n’est encore réglé : il n’y a rien à clôturer.",
            en: "no venue is set up yet: there is nothing to close"),
        TillError::NotYet(label) => say!(l,
            fr: "{label} n’a pas commencé : on ne clôture qu’une période commencée.",
            en: "{label} has not begun: only a period under way or past can be closed"),
        TillError::NotOver(label) => say!(l,
            fr: "{label} n’est pas terminé : un mois ou une année se clôture une fois fini.",
            en: "{label} is not over: a month or a year is closed once it has ended"),
        TillError::Closed { label, number } => say!(l,
            fr: "{label} est déjà clôturé (clôture n° {number}).",
            en: "{label} is closed already (closing no. {number})"),
        TillError::EarlierDayOpen(day) => {
            let day = l.short_date(*day);
            say!(l,
                fr: "La journée du {day} a des ventes et n’est pas clôturée : clôturez-la d’abord.",
                en: "the day of {day} has sales and is not closed: close it first")
        }
        TillError::DayOpen(day) => {
            let day = l.short_date(*day);
            say!(l,
                fr: "La journée du {day} n’est pas clôturée : clôturez chaque journée d’abord.",
                en: "the day of {day} is not closed: close every day first")
        }
        TillError::MonthOpen(month) => say!(l,
            fr: "Le mois {month} n’est pas clôturé : clôturez chaque mois d’abord.",
            en: "the month {month} is not closed: close every month first"),
        TillError::Unreadable(seq) => say!(l,
            fr: "L’enregistrement n° {seq} du journal est illisible : lancez la vérification du journal.",
            en: "ledger record {seq} cannot be read: run guichet verify"),
        TillError::Store(e) => super::system::store(e, l),
        TillError::Ledger(e) => super::system::ledger(e, l),
    }
}
