//! The words of Rapports: takings per show and per performance, each
//! performance's box-office statement.

use crate::domain::Locale;

words! {
    /// The words of Rapports.
    pub enum R {
        Title { fr: "Rapports", en: "Reports" }
        Hint { fr: "Recettes par spectacle et par représentation (billets valides, hors formation) ; le bordereau de recettes de chaque représentation et de chaque journée (PDF ou CSV), la taxe sur les spectacles de chaque trimestre (CSV), enregistrés à côté de la base dans « exports ».", en: "Takings per show and per performance (valid tickets, training aside); the box-office statement of each performance and of each day (PDF or CSV), each quarter's show tax (CSV), saved beside the database in “exports”." }
        ByShow { fr: "Recette par spectacle", en: "Takings per show" }
        Performances { fr: "Représentations", en: "Performances" }
        Line { fr: "{0} · {1} · {2}", en: "{0} · {1} · {2}" }
        Figures { fr: "{0} / {1} billets ({2} %) · {3}", en: "{0} / {1} tickets ({2}%) · {3}" }
        Pdf { fr: "Bordereau PDF", en: "Statement PDF" }
        Csv { fr: "CSV", en: "CSV" }
        Written { fr: "Enregistré : {0}", en: "Saved: {0}" }
        NotWritten { fr: "Impossible d’enregistrer : {0}", en: "Could not save: {0}" }
        Nothing { fr: "Aucune représentation au programme.", en: "No performance programmed." }
        DayPdf { fr: "Bordereaux du jour PDF", en: "The day's statements PDF" }
        ShowTax { fr: "Taxe sur les spectacles (3,5 % de la recette HT, CNM et ASTP)", en: "Show tax (3.5% of takings before VAT, CNM and ASTP)" }
        Quarter { fr: "T{0} {1}", en: "Q{0} {1}" }
        ShowTaxCsv { fr: "{0} : déclaration (CSV)", en: "{0}: return (CSV)" }
        Administration { fr: "Pour l’administration", en: "For the administration" }
        AdministrationHint { fr: "Le FEC d’un mois clôturé (journées et mois) pour le comptable, la déclaration SIBIL d’un trimestre ; les comptes se règlent par « guichet accounts ».", en: "The FEC of a closed month (days and month) for the accountant, a quarter's SIBIL declaration; the accounts are set with “guichet accounts”." }
        AdministrationHintQc { fr: "Le journal QuickBooks d’un mois clôturé (journées et mois), TPS et TVQ à leurs comptes ; les comptes se règlent par « guichet accounts ».", en: "The QuickBooks journal of a closed month (days and month), GST and QST on their own accounts; the accounts are set with “guichet accounts”." }
        Fec { fr: "FEC {0}", en: "FEC {0}" }
        SibilJson { fr: "SIBIL {0} (JSON)", en: "SIBIL {0} (JSON)" }
        SibilCsv { fr: "SIBIL {0} (CSV)", en: "SIBIL {0} (CSV)" }
        QuickBooks { fr: "QuickBooks {0}", en: "QuickBooks {0}" }
        ShowTaxDone { fr: "Taxe sur les spectacles {0} : recette HT {1}, taxe {2}. {3}", en: "Show tax {0}: takings before VAT {1}, tax {2}. {3}" }
    }
}

pub fn r(locale: Locale, key: R) -> &'static str {
    key.text(locale)
}

pub fn rf(locale: Locale, key: R, args: &[&str]) -> String {
    super::fill(r(locale, key), args)
}

/// Why an export for the administration was not written, in the reader's
/// language.
pub fn export_error(e: &crate::exchange::ExportError, locale: Locale) -> String {
    use crate::exchange::ExportError as E;
    match e {
        E::NotClosed {
            period, terminal, ..
        } => say!(locale,
            fr: "{period} n’est pas clôturé sur le poste « {terminal} » : clôturez chaque journée puis la période (Caisse → Clôtures), et recommencez. Rien n’a été écrit.",
            en: "{period} is not closed on terminal “{terminal}”: close every day then the period (Caisse → Closings), and try again. Nothing was written."),
        E::Missing(what) => {
            let what = what.join(" ; ");
            say!(locale,
                fr: "La déclaration SIBIL ne peut pas être faite, il manque : {what}. Complétez (Réglages → Le lieu, Programmation) et recommencez.",
                en: "The SIBIL declaration cannot be made, missing: {what}. Fill it in (Réglages → The venue, Programmation) and try again.")
        }
        E::WrongCountry { .. } => say!(locale,
            fr: "Cet export n’est pas pour le pays du lieu.",
            en: "This export is not for the venue's country."),
        E::Write { path, why } => {
            let path = path.display();
            say!(locale,
                fr: "Impossible d’écrire {path} : {why}. Rien n’a été écrit.",
                en: "Cannot write {path}: {why}. Nothing was written.")
        }
        other => other.to_string(),
    }
}
