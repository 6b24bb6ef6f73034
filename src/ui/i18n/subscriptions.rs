//! Subscriptions: why a formula or a subscription is refused, in the
//! reader's words (English for the command line).

use crate::counter::subscriptions::{MAX_PLACES, SubscriptionError};
use crate::domain::Locale;
use crate::domain::subscription::{FormulaProblem, RuleError};

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
        E::MixedCategories(a, b) => say!(l,
            fr: "Les places sont dans deux catégories ({a} et {b}) et la formule a un prix par catégorie : choisissez des places d’une seule.",
            en: "the places are in two categories ({a} and {b}) and the formula is priced by category: take places in one"),
        E::Partial(n) => say!(l,
            fr: "La commande n° {n} est un abonnement : il se rembourse en entier, toutes ses commandes ensemble (guichet subscriptions refund), ou la représentation annulée par le lieu ; une représentation s’échange contre une autre de la formule : choisissez la nouvelle à gauche, puis « Échanger … (abonnement) » au service client (F10).",
            en: "order {n} is a subscription: it is refunded whole, all its orders together (`guichet subscriptions refund`), or its performance cancelled by the venue; a performance is exchanged for another within the formula with `guichet subscriptions exchange`"),
        E::UnknownSubscription(s) => say!(l,
            fr: "Pas d’abonnement « {s} » : retrouvez-le sur la fiche du spectateur.",
            en: "there is no subscription \"{s}\": see `guichet subscriptions list`"),
        E::Over(p) => say!(l,
            fr: "La représentation n° {p} est passée : ses billets ne s’échangent plus.",
            en: "performance {p} is over: its tickets are not exchanged"),
        E::Refunded => say!(l,
            fr: "Cet abonnement est déjà remboursé : il n’a plus de billet valide.",
            en: "the subscription is refunded already: it holds no valid ticket"),
        E::NotInSubscription(p) => say!(l,
            fr: "Cet abonnement n’a pas de billet pour la représentation n° {p}.",
            en: "the subscription holds no ticket for performance {p}"),
        E::PassEmpty => say!(l,
            fr: "Il ne reste aucune représentation en vente dans la période de ce pass : il ne se vend plus.",
            en: "no performance on sale is left in the pass's period: it is no longer sold"),
        E::PassExchange => say!(l,
            fr: "Un pass donne déjà accès à toutes les représentations de sa période : il ne s’échange pas (il se rembourse en entier).",
            en: "a pass already opens every performance of its days: it is not exchanged (it is refunded whole)"),
        E::PassElsewhere => say!(l,
            fr: "Ce pass a été vendu sur un autre poste : sa carte s’imprime sur celui-là.",
            en: "the pass was sold on another terminal: its cards are printed there"),
        E::NoPerformance(p) => say!(l,
            fr: "La représentation n° {p} n’existe pas (supprimée entre-temps ?).",
            en: "there is no performance {p}"),
    }
}

/// Why a formula is refused as written.
pub fn formula(p: &FormulaProblem, l: Locale) -> String {
    use crate::domain::subscription::{MAX_NAME, MAX_PRICES};
    use FormulaProblem as F;
    match p {
        F::Name => say!(l,
            fr: "Donnez à la formule un nom de 1 à {MAX_NAME} caractères.",
            en: "a formula's name is 1 to {MAX_NAME} characters"),
        F::ChoiceCounts => say!(l,
            fr: "Une formule au choix prend de 1 à 60 représentations, son minimum au plus son maximum.",
            en: "a choice takes 1 to 60 performances, its minimum at most its maximum"),
        F::Genres => say!(l,
            fr: "Le minimum d’un genre va de 1 à 60, pour au plus 12 genres.",
            en: "a genre's minimum is 1 to 60, for at most 12 genres of 40 characters"),
        F::GenresOverMax => say!(l,
            fr: "Les minimums par genre dépassent le maximum de la formule : baissez-les ou montez le maximum.",
            en: "the minimums per genre add up to more than the formula's maximum"),
        F::Size => say!(l,
            fr: "Cochez de 1 à 60 spectacles ou représentations.",
            en: "a fixed set or a season names 1 to 60 performances or shows (a choice or a pass at most 60 shows)"),
        F::PassDays => say!(l,
            fr: "La période du pass va de son premier jour à son dernier, un an au plus : vérifiez les deux dates.",
            en: "a pass's period is 1 to 366 days, its first day on or before its last"),
        F::TooManyPrices => say!(l,
            fr: "Une formule a au plus {MAX_PRICES} prix.",
            en: "a formula has at most {MAX_PRICES} prices"),
        F::Category(c) => say!(l,
            fr: "« {c} » n’est pas un code de catégorie (16 caractères au plus).",
            en: "\"{c}\" is not a category's code (16 characters at most)"),
        F::PriceTwice { tariff, category } => say!(l,
            fr: "Le prix de {tariff} {category} est donné deux fois : donnez-le une fois.",
            en: "the price of {tariff} {category} is given twice: give it once"),
        F::NotAPrice(typed) => say!(l,
            fr: "« {typed} » n’est pas un prix : tapez-le comme 96,00.",
            en: "\"{typed}\" is not a price: type it as 96.00"),
        F::NotADay(typed) => say!(l,
            fr: "« {typed} » n’est pas une date : tapez-la comme 08/12/2026.",
            en: "\"{typed}\" is not a date: type it as 2026-12-08"),
        F::NoPrice(t) => say!(l,
            fr: "La formule n’a pas de prix pour son tarif {t} : donnez-en un.",
            en: "the formula has no price for its tariff {t}: give one (--price {t}:CENTS)"),
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
        R::PerformanceNotInFormula(p) => say!(l,
            fr: "La représentation n° {p} ne fait pas partie de la formule.",
            en: "performance {p} is not in the formula"),
        R::Missing(p) => say!(l,
            fr: "La représentation n° {p} de la formule manque.",
            en: "the formula's performance {p} is missing"),
        R::ShowMissing(s) => say!(l,
            fr: "Le spectacle n° {s} de la formule n’a pas de représentation choisie.",
            en: "the formula's show {s} has no performance chosen"),
    }
}

words! {
    /// The words of the counter's « Abonnement » panel.
    pub enum B {
        Title { fr: "Vendre un abonnement", en: "Sell a subscription" }
        Help { fr: "N° de la formule + Entrée · les représentations par leurs numéros (une formule fixe, une saison ou un pass les prend d’office) · places par représentation · Entrée : le prix de chacune et le total · Entrée encore : espèces exactes, F2 : carte, F3 : chèque · Échap : retour. L’abonnement est au nom du spectateur choisi (F9), s’il y en a un.", en: "Formula number + Enter · the performances by their numbers (a fixed set, a season or a pass takes them at once) · places at each · Enter: each one's price and the total · Enter again: exact cash, F2: card, F3: cheque · Esc: back. The subscription is for the patron chosen (F9), if any." }
        NoFormula { fr: "Aucune formule d’abonnement : un coordinateur en crée dans Programmation (F4).", en: "No subscription formula: a coordinator makes one in Programmation (F4) or with `guichet subscriptions formula`." }
        Formula { fr: "Formule n°", en: "Formula no." }
        Chosen { fr: "Représentations", en: "Performances" }
        Places { fr: "Places", en: "Places" }
        Together { fr: "Mêmes places à chaque représentation", en: "Same seats at each performance" }
        Total { fr: "Total : {0} — Entrée : espèces exactes · F2 : carte · F3 : chèque", en: "Total: {0} — Enter: exact cash · F2: card · F3: cheque" }
        Sold { fr: "Abonnement « {0} » vendu — commande n° {1}, {2} billet(s), {3}. Les billets s’impriment.", en: "Subscription \"{0}\" sold — order {1}, {2} ticket(s), {3}. The tickets are printing." }
        PassSold { fr: "Pass « {0} » vendu — commande n° {1}, {2} carte(s), {3}. Les cartes s’impriment (avec les billets quand les places sont numérotées).", en: "Pass \"{0}\" sold — order {1}, {2} card(s), {3}. The cards are printing (with the tickets when the seats are numbered)." }
        Apart { fr: "Pas les mêmes places pour : {0} (elles y sont prises : les meilleures libres sont données).", en: "Not the same seats for: {0} (taken there: the best free ones are given)." }
        NoSuchFormula { fr: "« {0} » : tapez le numéro d’une formule de la liste.", en: "\"{0}\": type the number of a formula in the list." }
        ChooseFormula { fr: "Choisissez d’abord une formule (son numéro + Entrée).", en: "Choose a formula first (its number + Enter)." }
        NotAPerformance { fr: "« {0} » n’est pas un numéro de représentation de la liste.", en: "\"{0}\" is not the number of a performance in the list." }
        NotPlaces { fr: "« {0} » n’est pas un nombre de places (de 1 à 10).", en: "\"{0}\" is not a number of places (1 to 10)." }
    }
}

pub fn b(locale: Locale, key: B) -> &'static str {
    key.text(locale)
}

pub fn bf(locale: Locale, key: B, args: &[&str]) -> String {
    super::fill(b(locale, key), args)
}
