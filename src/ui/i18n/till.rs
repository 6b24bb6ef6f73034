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
        TillError::Print(why) => say!(l,
            fr: "Le rapport n’a pas pu être imprimé : {why}",
            en: "the report could not be printed: {why}"),
        TillError::NoPerformance(id) => say!(l,
            fr: "Aucune représentation n° {id}.",
            en: "no performance {id}: guichet performances lists them"),
        TillError::Store(e) => super::system::store(e, l),
        TillError::Ledger(e) => super::system::ledger(e, l),
    }
}

words! {
    /// The words of Caisse's closings.
    pub enum C {
        List { fr: "Clôtures", en: "Closings" }
        Today { fr: "Journée du {0}", en: "Day of {0}" }
        CloseDay { fr: "Clôturer la journée (Z)", en: "Close the day (Z)" }
        Confirm { fr: "Clôturer la journée du {0} ? C’est définitif : plus aucune vente ni remboursement ne pourra y être daté.", en: "Close the day of {0}? This is final: no more sale or refund can be dated in it." }
        ConfirmYes { fr: "Clôturer", en: "Close" }
        Cancel { fr: "Annuler", en: "Cancel" }
        LeftOpen { fr: "La journée du {0} a des ventes et n’a pas été clôturée.", en: "The day of {0} has sales and was not closed." }
        CloseThat { fr: "Clôturer le {0}", en: "Close {0}" }
        Done { fr: "Clôture n° {0} enregistrée ({1}).", en: "Closing no. {0} recorded ({1})." }
        None { fr: "Aucune clôture encore : la première journée de ventes se clôture le soir (Z).", en: "No closing yet: the first day of sales is closed in the evening (Z)." }
        Day { fr: "Z", en: "Z" }
        Month { fr: "Mois", en: "Month" }
        Year { fr: "Année", en: "Year" }
        Line { fr: "{0} n° {1} · {2} · total {3} · cumul perpétuel {4}", en: "{0} no. {1} · {2} · total {3} · perpetual total {4}" }
        Sales { fr: "{0} vente(s) · {1} billet(s) dont {2} exonéré(s) · {3} échange(s) · {4} annulation(s) ({5} billet(s))", en: "{0} sale(s) · {1} ticket(s), {2} free · {3} exchange(s) · {4} cancellation(s) ({5} ticket(s))" }
        Amounts { fr: "Ventes {0} · annulations {1} · remboursé {2} · total {3}", en: "Sold {0} · cancelled {1} · refunded {2} · total {3}" }
        TaxLine { fr: "{0} {1} : base {2}, taxe {3}", en: "{0} {1}: base {2}, tax {3}" }
        MethodLine { fr: "{0} : {1}", en: "{0}: {1}" }
        Records { fr: "Enregistrements {0} à {1} · dernier : {2}…", en: "Records {0} to {1} · last: {2}…" }
        Print { fr: "Imprimer le rapport", en: "Print the report" }
        Printed { fr: "Rapport envoyé à l’impression : {0}", en: "Report sent to print: {0}" }
    }
}

pub fn c(locale: Locale, key: C) -> &'static str {
    key.text(locale)
}

pub fn cf(locale: Locale, key: C, args: &[&str]) -> String {
    super::fill(c(locale, key), args)
}

/// A period's name: Z, month, year.
pub fn period_name(period: &str, locale: Locale) -> &'static str {
    c(
        locale,
        match period {
            "month" => C::Month,
            "year" => C::Year,
            _ => C::Day,
        },
    )
}

/// A tax by its code: TVA, TPS, TVQ in French; VAT, GST, QST in English.
pub fn tax_kind(kind: &str, locale: Locale) -> String {
    match (kind, locale.is_french()) {
        ("vat", true) => "TVA".into(),
        ("gst", true) => "TPS".into(),
        ("qst", true) => "TVQ".into(),
        (other, _) => other.to_uppercase(),
    }
}
