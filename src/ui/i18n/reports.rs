//! The words of Rapports: takings per show and per performance, each
//! performance's box-office statement.

use crate::domain::Locale;

words! {
    /// The words of Rapports.
    pub enum R {
        Title { fr: "Rapports", en: "Reports" }
        Hint { fr: "Recettes par spectacle et par représentation (billets valides, hors formation) ; le bordereau de recettes de chaque représentation, en PDF ou en CSV, enregistré à côté de la base dans « exports ».", en: "Takings per show and per performance (valid tickets, training aside); each performance's box-office statement, as PDF or CSV, saved beside the database in “exports”." }
        ByShow { fr: "Recette par spectacle", en: "Takings per show" }
        Performances { fr: "Représentations", en: "Performances" }
        Line { fr: "{0} · {1} · {2}", en: "{0} · {1} · {2}" }
        Figures { fr: "{0} / {1} billets ({2} %) · {3}", en: "{0} / {1} tickets ({2}%) · {3}" }
        Pdf { fr: "Bordereau PDF", en: "Statement PDF" }
        Csv { fr: "CSV", en: "CSV" }
        Written { fr: "Enregistré : {0}", en: "Saved: {0}" }
        NotWritten { fr: "Impossible d’enregistrer : {0}", en: "Could not save: {0}" }
        Nothing { fr: "Aucune représentation au programme.", en: "No performance programmed." }
    }
}

pub fn r(locale: Locale, key: R) -> &'static str {
    key.text(locale)
}

pub fn rf(locale: Locale, key: R, args: &[&str]) -> String {
    super::fill(r(locale, key), args)
}
