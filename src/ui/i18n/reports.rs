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
        ShowTaxDone { fr: "Taxe sur les spectacles {0} : recette HT {1}, taxe {2}. {3}", en: "Show tax {0}: takings before VAT {1}, tax {2}. {3}" }
    }
}

pub fn r(locale: Locale, key: R) -> &'static str {
    key.text(locale)
}

pub fn rf(locale: Locale, key: R, args: &[&str]) -> String {
    super::fill(r(locale, key), args)
}
