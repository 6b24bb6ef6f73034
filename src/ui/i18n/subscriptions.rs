//! Subscriptions: why a formula or a subscription is refused, in the
//! reader's words (English for the command line).

use crate::counter::subscriptions::{MAX_PLACES, SubscriptionError};
use crate::domain::Locale;
use crate::domain::subscription::RuleError;

/// Why a subscription was refused, in `l`: what is wrong and what to do.
pub fn error(e: &SubscriptionError, l: Locale) -> String {
    use SubscriptionError as E;
    match e {
        E::UnknownFormula(f) => say!(l,
            fr: "Pas de formule d’abonnement « {f} » : choisissez-en une de la liste.",
            en: "there is no formula \"{f}\": list them with `guichet subscriptions formulas`"),
        E::Rule(r) => rule(r, l),
        E::NoPrice => say!(l,
            fr: "Cette formule n’a pas de prix pour ce tarif et cette catégorie : fixez-le dans la formule.",
            en: "the formula has no price for this tariff and category: set one"),
        E::Places(n) => say!(l,
            fr: "{n} places par représentation : de 1 à {MAX_PLACES} (un abonnement chacune).",
            en: "{n} places at each performance: 1 to {MAX_PLACES} (one subscription each)"),
        E::NoPerformance(p) => say!(l,
            fr: "La représentation n° {p} n’existe pas (supprimée entre-temps ?).",
            en: "there is no performance {p}"),
    }
}

/// Why the performances chosen break the formula's rules.
pub fn rule(e: &RuleError, l: Locale) -> String {
    use RuleError as R;
    match e {
        R::TooFew { min, got } => say!(l,
            fr: "{got} représentation(s) choisie(s) : la formule en demande au moins {min}.",
            en: "{got} performances chosen: the formula takes at least {min}"),
        R::TooMany { max, got } => say!(l,
            fr: "{got} représentations choisies : la formule en prend au plus {max}.",
            en: "{got} performances chosen: the formula takes at most {max}"),
        R::Twice(p) => say!(l,
            fr: "La représentation n° {p} est choisie deux fois.",
            en: "performance {p} is chosen twice"),
        R::ShowTwice(s) => say!(l,
            fr: "Un spectacle (n° {s}) est choisi deux fois : une représentation de chacun.",
            en: "a show (number {s}) is chosen twice: one performance of each"),
        R::NotInFormula(s) => say!(l,
            fr: "Le spectacle n° {s} ne fait pas partie de la formule.",
            en: "show {s} is not in the formula"),
        R::Genre { genre, need, got } => say!(l,
            fr: "{got} spectacle(s) de genre « {genre} » : la formule en demande au moins {need}.",
            en: "{got} of genre {genre}: the formula asks at least {need}"),
        R::Missing(p) => say!(l,
            fr: "La représentation n° {p} de la formule manque.",
            en: "the formula's performance {p} is missing"),
        R::ShowMissing(s) => say!(l,
            fr: "Le spectacle n° {s} de la formule n’a pas de représentation choisie.",
            en: "the formula's show {s} has no performance chosen"),
    }
}
