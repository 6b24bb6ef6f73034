//! Price rules that follow demand: a rule in the reader's words (« Dès 80 %
//! des places vendues : C1 +5,00 €, au plus 40,00 € »), why one is refused,
//! and the words of the screens that set and replay them.

use super::money;
use crate::domain::price_rule::{Draft, MAX_CODE, MAX_HOURS, MAX_RULES, RuleError, Trigger};
use crate::domain::{Cents, Currency, Locale};
use crate::programming::ProgrammingError;

/// When a rule moves prices, in `l`.
pub fn trigger(t: Trigger, l: Locale, zone: chrono_tz::Tz) -> String {
    match t {
        Trigger::Fill(p) => {
            say!(l, fr: "dès {p} % des places vendues", en: "once {p} % of the places are sold")
        }
        Trigger::Before(at) => {
            let at = l.date_time(at, zone);
            say!(l, fr: "avant le {at}", en: "before {at}")
        }
        Trigger::LastHours(h) => {
            say!(l, fr: "dans les {h} h avant le début", en: "in the last {h} h before the start")
        }
    }
}

/// A step as a signed amount: « +5,00 € », « −8,00 € ».
pub fn step(s: Cents, currency: Currency, l: Locale) -> String {
    if s < Cents::ZERO {
        format!("−{}", money(-s, currency, l))
    } else {
        format!("+{}", money(s, currency, l))
    }
}

/// A rule in one line: « Dès 80 % des places vendues : C1 +5,00 €, au plus
/// 40,00 € ».
pub fn rule(d: &Draft, currency: Currency, l: Locale, zone: chrono_tz::Tz) -> String {
    let when = super::counter::capitalised(&trigger(d.trigger, l, zone));
    let what = match &d.category {
        Some(code) => code.clone(),
        None => say!(l, fr: "toutes catégories", en: "every category"),
    };
    let by = step(d.step, currency, l);
    let mut text = if l.is_french() {
        format!("{when}\u{a0}: {what} {by}")
    } else {
        format!("{when}: {what} {by}")
    };
    if let Some(c) = d.ceiling.filter(|_| d.step > Cents::ZERO) {
        let c = money(c, currency, l);
        text.push_str(&say!(l, fr: ", au plus {c}", en: ", {c} at most"));
    }
    if let Some(f) = d.floor.filter(|_| d.step < Cents::ZERO) {
        let f = money(f, currency, l);
        text.push_str(&say!(l, fr: ", au moins {f}", en: ", {f} at least"));
    }
    text
}

/// Why a rule is refused, in `l`: what is wrong and what to do.
pub fn error(e: &RuleError, l: Locale) -> String {
    use RuleError as E;
    match e {
        E::NoStep => say!(l,
            fr: "Une règle doit changer le prix : donnez un écart, comme +5 ou -3.",
            en: "a rule must move the price: give a step such as 500 or -300 (cents)"),
        E::StepTooLarge(s) => say!(l,
            fr: "Un écart de {s} centimes dépasse tout prix : au plus 100 000.",
            en: "a step of {s} cents is beyond any price"),
        E::BoundOutOfRange(b) => say!(l,
            fr: "Un plancher ou plafond de {b} centimes n’est pas un prix : de 0 à 100 000,00.",
            en: "a floor or ceiling of {b} cents is not a price: 0 to 10000000 cents"),
        E::FloorAboveCeiling { floor, ceiling } => {
            let (f, c) = (Cents(*floor).plain(','), Cents(*ceiling).plain(','));
            say!(l,
                fr: "Le plancher ({f}) est au-dessus du plafond ({c}) : le plancher doit être le plus bas des deux.",
                en: "the floor ({floor} cents) is above the ceiling ({ceiling} cents): the floor must be the lower")
        }
        E::FillOutOfRange(p) => say!(l,
            fr: "Un seuil de {p} % de places vendues : de 1 à 100.",
            en: "a fill rate of {p} %: it must be 1 to 100"),
        E::HoursOutOfRange(h) => say!(l,
            fr: "{h} h avant le début : de 1 à {MAX_HOURS} heures.",
            en: "{h} hours before the start: it must be 1 to {MAX_HOURS}"),
        E::BadCategory => say!(l,
            fr: "Le code de catégorie est vide ou dépasse {MAX_CODE} caractères : tapez-le comme sur le plan (ex. C1), ou rien pour toutes.",
            en: "the category's code is empty or longer than {MAX_CODE} characters: type it as on the plan (e.g. C1)"),
        E::TooMany => say!(l,
            fr: "Cette représentation suit déjà {MAX_RULES} règles : retirez-en une avant d’en ajouter.",
            en: "this performance answers to {MAX_RULES} rules already: remove one first"),
    }
}

/// A rule refused by the season's job: the rule itself, or a category the
/// performance does not have (other errors are not a rule's).
pub fn refused(e: &ProgrammingError, l: Locale) -> String {
    let code = match e {
        ProgrammingError::PriceRule(e) => return error(e, l),
        ProgrammingError::RuleCategory(code) => code,
        other => return format!("{other:?}"),
    };
    say!(l,
        fr: "Cette représentation n’a pas de catégorie « {code} » : prenez un code de ses catégories (ex. C1), ou aucune pour toutes.",
        en: "this performance has no price category \"{code}\": name one of its categories (e.g. C1), or none for all")
}

words! {
    /// The words of the screens that set and replay price rules.
    pub enum Y {
        Title { fr: "Prix suivant la demande", en: "Prices following demand" }
        Applied { fr: "Les règles de prix sont appliquées à la vente.", en: "Price rules are applied when selling." }
        NotApplied { fr: "Les règles de prix ne sont pas appliquées (elles le sont pour tout le lieu une fois activées).", en: "Price rules are not applied (once turned on, they apply to the whole venue)." }
        TurnOn { fr: "Appliquer les règles", en: "Apply the rules" }
        TurnOff { fr: "Ne plus les appliquer", en: "Stop applying them" }
        TurnedOn { fr: "Règles de prix appliquées dès maintenant. Un prix déjà dans un panier ne change pas.", en: "Price rules applied from now on. A price already in a basket does not change." }
        TurnedOff { fr: "Règles de prix arrêtées : les prix de la grille s’appliquent.", en: "Price rules stopped: the grid's prices apply." }
        Now { fr: "Maintenant : {0} place(s) vendue(s) sur {1} ({2} %).", en: "Now: {0} of {1} places sold ({2} %)." }
        PriceNow { fr: "{0} · {1} : {2} au lieu de {3}", en: "{0} · {1}: {2} instead of {3}" }
        NoMove { fr: "Aucune règle ne change les prix en ce moment.", en: "No rule moves the prices at the moment." }
        Rules { fr: "Règles de cette représentation", en: "This performance's rules" }
        NoRule { fr: "Aucune règle.", en: "No rule." }
        OnSeries { fr: "toute la série", en: "whole series" }
        OnThis { fr: "cette représentation", en: "this performance" }
        Remove { fr: "Retirer", en: "Remove" }
        Removed { fr: "Règle retirée.", en: "Rule removed." }
        New { fr: "Nouvelle règle", en: "New rule" }
        ForSeries { fr: "Pour toute la série (toutes les représentations du spectacle)", en: "For the whole series (every performance of the show)" }
        Add { fr: "Ajouter la règle", en: "Add the rule" }
        Added { fr: "Règle ajoutée : {0}", en: "Rule added: {0}" }
        KindFill { fr: "Dès un taux de remplissage", en: "Once a fill rate" }
        KindBefore { fr: "Avant une date (prévente)", en: "Before a date (early bird)" }
        KindLast { fr: "Dans les dernières heures", en: "In the last hours" }
        When { fr: "Quand", en: "When" }
        Percent { fr: "% vendus", en: "% sold" }
        Moment { fr: "Date et heure", en: "Date and time" }
        Hours { fr: "Heures avant", en: "Hours before" }
        Category { fr: "Catégorie", en: "Category" }
        AllCategories { fr: "toutes", en: "all" }
        Step { fr: "Écart", en: "Step" }
        StepHint { fr: "+5 ou -3", en: "+5 or -3" }
        Floor { fr: "Plancher", en: "Floor" }
        Ceiling { fr: "Plafond", en: "Ceiling" }
        Optional { fr: "facultatif", en: "optional" }
        NotAPercent { fr: "« {0} » n’est pas un pourcentage : un nombre entier de 1 à 100.", en: "\"{0}\" is not a percentage: a whole number from 1 to 100." }
        NotHours { fr: "« {0} » n’est pas un nombre d’heures : un nombre entier, comme 48.", en: "\"{0}\" is not a number of hours: a whole number such as 48." }
        NotAMoment { fr: "« {0} » n’est pas une date et une heure : écrivez-la comme 31/12/2026 18:00.", en: "\"{0}\" is not a date and time: write it as 31/12/2026 18:00." }
        NotAnAmount { fr: "« {0} » n’est pas un montant : des chiffres, une virgule au plus, comme 5 ou 2,50 (un signe − pour baisser).", en: "\"{0}\" is not an amount: digits with at most one decimal comma, such as 5 or 2.50 (a minus sign to lower)." }
        Simulate { fr: "Simuler", en: "Simulate" }
        SimTitle { fr: "Simuler une règle de prix sur une représentation passée", en: "Simulate a price rule on a past performance" }
        SimHint { fr: "Rejoue les ventes d’une représentation avec ses règles et celle décrite ici : mêmes acheteurs aux mêmes moments, la demande prise telle qu’elle a été.", en: "Replays a performance's sales under its rules and the one described here: the same buyers at the same moments, demand taken as it was." }
        SimPerformance { fr: "Représentation", en: "Performance" }
        SimChoose { fr: "Choisissez une représentation.", en: "Choose a performance." }
        SimResult { fr: "{0} billet(s) vendu(s) pour {1} ; avec les règles : {2} ({3}), {4} billet(s) à un autre prix.", en: "{0} ticket(s) sold for {1}; under the rules: {2} ({3}), {4} ticket(s) at another price." }
    }
}

pub fn y(locale: Locale, key: Y) -> &'static str {
    key.text(locale)
}

pub fn yf(locale: Locale, key: Y, args: &[&str]) -> String {
    super::fill(y(locale, key), args)
}

/// A replay's result in one sentence.
pub fn simulation(
    s: &crate::domain::price_rule::Simulation,
    currency: Currency,
    l: Locale,
) -> String {
    let gain = s.simulated - s.actual;
    yf(
        l,
        Y::SimResult,
        &[
            &s.tickets.to_string(),
            &money(s.actual, currency, l),
            &money(s.simulated, currency, l),
            &step(gain, currency, l),
            &s.moved.to_string(),
        ],
    )
}
