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
