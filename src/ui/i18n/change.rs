//! The words of a performance cancelled or moved (Programmation's window
//! and `guichet performance`): its holders, the choice, what was done, and
//! why it was refused, in the coordinator's language (English for the
//! command line).

use crate::counter::change::{ChangeError, Changed};
use crate::domain::payment::Method;
use crate::domain::{Cents, Currency, Locale};

english!(ChangeError => error);

words! {
    /// The words of the cancel and move window.
    pub enum C {
        CancelButton { fr: "Annuler la représentation…", en: "Cancel the performance…" }
        MoveButton { fr: "Déplacer…", en: "Move…" }
        CancelTitle { fr: "Annuler la représentation", en: "Cancel the performance" }
        MoveTitle { fr: "Déplacer la représentation", en: "Move the performance" }
        Holders {
            fr: "{0} commande(s), {1} billet(s), {2} payés · {3} avec e-mail, {4} à appeler",
            ca: "{0} commande(s), {1} billet(s), {2} payés · {3} avec courriel, {4} à appeler",
            en: "{0} order(s), {1} ticket(s), {2} paid · {3} with an e-mail, {4} to call",
        }
        NoHolders {
            fr: "Personne n’a de billet pour cette représentation.",
            en: "Nobody holds a ticket for this performance.",
        }
        Anonymous { fr: "Vente anonyme", en: "Anonymous sale" }
        Order { fr: "Commande n° {0}", en: "Order {0}" }
        ByEmail { fr: "e-mail : {0}", ca: "courriel : {0}", en: "e-mail: {0}" }
        ByPhone { fr: "à appeler : {0}", en: "to call: {0}" }
        NoWay { fr: "ni e-mail ni téléphone", ca: "ni courriel ni téléphone", en: "no e-mail, no phone" }
        General { fr: "placement libre", ca: "admission générale", en: "general admission" }
        RefundHow { fr: "Rembourser", en: "Refund" }
        AsPaid {
            fr: "comme ils ont payé (espèces, carte, chèque, avoir)",
            en: "as they paid (cash, card, cheque, voucher)",
        }
        AsVoucher { fr: "en avoir, à utiliser au guichet", ca: "en note de crédit, à utiliser à la billetterie", en: "as a credit voucher, to spend at the box office" }
        NewDate { fr: "Nouvelle date (jj/mm/aaaa)", en: "New date (dd/mm/yyyy)" }
        NewTime { fr: "Heure", en: "Time" }
        MoveExplain {
            fr: "Chacun garde sa place si elle est libre à la nouvelle date, sinon les meilleures places de sa catégorie ; même tarif, même prix : aucun argent ne change de main. Les anciens billets sont refusés au contrôle avec la nouvelle date.",
            en: "Everyone keeps their seat when it is free on the new date, else gets the best seats of its category; same tariff, same price: no money changes hands. The old tickets are refused at the door with the new date.",
        }
        CancelExplain {
            fr: "La représentation passe « annulée » ; chaque commande est remboursée et prévenue (e-mail, ou liste d’appels imprimée pour les autres). C’est définitif.",
            ca: "La représentation passe « annulée » ; chaque commande est remboursée et avisée (courriel, ou liste d’appels imprimée pour les autres). C’est définitif.",
            en: "The performance becomes cancelled; each order is refunded and told (e-mail, or a printed call list for the others). This is final.",
        }
        ConfirmCancel { fr: "Annuler et rembourser  ↵", en: "Cancel and refund  ↵" }
        ConfirmMove { fr: "Déplacer et réémettre les billets  ↵", en: "Move and re-issue the tickets  ↵" }
        Back { fr: "Retour  Échap", en: "Back  Esc" }
        DoneCancel { fr: "Représentation annulée : {0}", en: "Performance cancelled: {0}" }
        DoneMove { fr: "Représentation déplacée au {0}", en: "Performance moved to {0}" }
        Refunded { fr: "Remboursé : {0}", en: "Refunded: {0}" }
        NothingRefunded { fr: "Rien à rembourser.", en: "Nothing to refund." }
        CreditNotes { fr: "{0} avoir(s) émis : chaque code est dans l’avis envoyé, ou sur la liste d’appel.", ca: "{0} note(s) de crédit émise(s) : chaque code est dans l’avis envoyé, ou sur la liste d’appel.", en: "{0} credit note(s) issued: each code is in the notice sent, or on the call list." }
        Reissued {
            fr: "{0} billet(s) réémis dans {1} commande(s), {2} à la même place.",
            en: "{0} ticket(s) re-issued in {1} order(s), {2} in the same seat.",
        }
        Notices {
            fr: "{0} avis mis dans la file d’envoi.",
            ca: "{0} avis mis dans la file d’envoi des courriels.",
            en: "{0} notice(s) queued in the outbox.",
        }
        CallList { fr: "Liste d’appels ({0}) : {1}", en: "Call list ({0}): {1}" }
        TicketsKept {
            fr: "Nouveaux billets à remettre ou envoyer par la poste ({0} commande(s) sans e-mail) : {1}",
            ca: "Nouveaux billets à remettre ou poster ({0} commande(s) sans courriel) : {1}",
            en: "New tickets to hand over or post ({0} order(s) without an e-mail): {1}",
        }
        NoCallList { fr: "Tout le monde a un e-mail : pas de liste d’appels.", ca: "Tout le monde a un courriel : pas de liste d’appels.", en: "Everyone has an e-mail: no call list." }
        ShowNew { fr: "Voir la nouvelle date", en: "Show the new date" }
        Close { fr: "Fermer", en: "Close" }
    }
}

pub fn c(locale: Locale, key: C) -> &'static str {
    key.text(locale)
}

pub fn cf(locale: Locale, key: C, args: &[&str]) -> String {
    super::fill(c(locale, key), args)
}

/// A way of paying, as a total names it ("Carte", "Avoir").
pub fn method(m: Method, l: Locale) -> &'static str {
    super::sell::method(l, m)
}

/// Amounts by way: "Carte 45,00 €, Espèces 10,00 €".
pub fn by_way(list: &[(Method, Cents)], currency: Currency, l: Locale) -> String {
    list.iter()
        .map(|(m, a)| format!("{} {}", method(*m, l), money(*a, currency, l)))
        .collect::<Vec<_>>()
        .join(", ")
}

pub use super::money;

/// What was done, in a few lines (the window's summary, the command
/// line's answer).
pub fn summary(done: &Changed, l: Locale) -> Vec<String> {
    let mut lines = Vec::new();
    match &done.moved_to {
        Some((_, to, _)) => {
            lines.push(cf(l, C::DoneMove, &[&l.in_words(to.starts_at, to.zone)]));
            let tickets: usize = done.orders.iter().map(|o| o.replaced_by.len()).sum();
            let kept: usize = done.orders.iter().map(|o| o.seats_kept).sum();
            lines.push(cf(
                l,
                C::Reissued,
                &[
                    &tickets.to_string(),
                    &done.orders.len().to_string(),
                    &kept.to_string(),
                ],
            ));
        }
        None => lines.push(cf(l, C::DoneCancel, &[&done.performance.label(l)])),
    }
    if done.refunded.is_empty() {
        if done.moved_to.is_none() {
            lines.push(c(l, C::NothingRefunded).to_owned());
        }
    } else {
        let ways = by_way(&done.refunded, done.currency, l);
        lines.push(cf(l, C::Refunded, &[&ways]));
    }
    let credits = done.orders.iter().filter(|o| o.credit.is_some()).count();
    if credits > 0 {
        lines.push(cf(l, C::CreditNotes, &[&credits.to_string()]));
    }
    lines.push(cf(l, C::Notices, &[&done.notices.to_string()]));
    if let Some(first) = done.tickets_kept.first() {
        let folder = first.parent().unwrap_or(first).display().to_string();
        let n = done.tickets_kept.len().to_string();
        lines.push(cf(l, C::TicketsKept, &[&n, &folder]));
    }
    match &done.call_list {
        Some(path) => lines.push(cf(
            l,
            C::CallList,
            &[&done.to_call.to_string(), &path.display().to_string()],
        )),
        None => lines.push(c(l, C::NoCallList).to_owned()),
    }
    lines
}

/// Why a performance could not be cancelled or moved.
pub fn error(e: &ChangeError, l: Locale) -> String {
    use ChangeError as E;
    match e {
        E::NotAllowed => {
            super::operators::not_allowed(crate::domain::operator::Act::CancelOrMove, l)
        }
        E::NoPerformance(id) => say!(l, fr: "La représentation {id} n’existe pas.",
            en: "there is no performance {id}: list them with `guichet performances`"),
        E::NothingToDo(p) => {
            let p = p.label(l);
            say!(l, fr: "{p} est déjà annulée et plus personne n’y a de billet : rien à faire.",
                en: "{p} is cancelled already and nobody holds a ticket for it: nothing to do")
        }
        E::SameDate(p) => {
            let p = p.label(l);
            say!(l, fr: "{p} est déjà à cette date : choisissez une autre date ou heure.",
                en: "{p} is already at that time: choose another date or time")
        }
        E::InThePast { at, zone } => {
            let at = l.date_time(*at, *zone);
            say!(l, fr: "Le {at} est déjà passé : choisissez une date à venir.",
                en: "{at} is past: choose a date to come")
        }
        E::NoCategory { code, to } => {
            let to = to.label(l);
            say!(l, fr: "{to} n’a pas de catégorie {code} pour les billets de cette catégorie : ajoutez-la dans Programmation, ou choisissez une autre date. Rien n’a été modifié.",
                en: "{to} has no category {code} for the tickets of that category: add it in Programmation, or choose another date. Nothing was changed")
        }
        E::NotEnoughSeats {
            category,
            wanted,
            free,
            to,
        } => {
            let to = to.label(l);
            say!(l, fr: "{to} n’a que {free} place(s) libre(s) en {category} pour {wanted} billet(s) à replacer : libérez des places ou choisissez une autre date. Rien n’a été modifié.",
                en: "{to} has only {free} free seat(s) in {category} for {wanted} ticket(s) to seat: free some seats or choose another date. Nothing was changed")
        }
        E::NotEnoughPlaces { wanted, left, to } => {
            let to = to.label(l);
            say!(l, fr: "{to} n’a plus que {left} place(s) pour {wanted} billet(s) à replacer : choisissez une autre date. Rien n’a été modifié.",
                en: "{to} has only {left} place(s) left for {wanted} ticket(s) to move: choose another date. Nothing was changed")
        }
        E::NoSlot { at, zone } => {
            let at = l.date_time(*at, *zone);
            say!(l, fr: "La nouvelle date n’a pas de créneau d’entrée le {at} pour les billets de ce créneau : ajoutez-le, ou choisissez une autre date. Rien n’a été modifié.",
                en: "the new date has no entry slot at {at} for the tickets of that slot: add it, or choose another date. Nothing was changed")
        }
        E::SlotFull {
            at,
            zone,
            wanted,
            left,
        } => {
            let at = l.date_time(*at, *zone);
            say!(l, fr: "Le créneau du {at} n’a plus que {left} place(s) pour {wanted} billet(s) à replacer. Rien n’a été modifié.",
                en: "the entry slot at {at} has only {left} place(s) left for {wanted} ticket(s) to move. Nothing was changed")
        }
        E::CostsMore {
            order,
            paid,
            due,
            currency,
        } => {
            let (paid, due) = (money(*paid, *currency, l), money(*due, *currency, l));
            say!(l, fr: "Les billets de la commande {order} coûteraient {due} à la nouvelle date pour {paid} payés (arrondi des taxes) : un déplacement ne fait pas payer. Rien n’a été modifié.",
                en: "the tickets of order {order} would cost {due} on the new date for {paid} paid (taxes rounded): a move takes no money. Nothing was changed")
        }
        E::Counter(e) => super::counter::error(e, l),
        E::Programming(e) => super::programming_errors::error(e, l),
        E::CallList(e) => {
            let e = super::system::print(e, l);
            say!(l, fr: "La liste d’appels n’a pas pu être écrite ({e}) : rien n’a été modifié.",
                en: "cannot write the call list ({e}): nothing was changed")
        }
        E::Pdf(e) => {
            let e = super::system::pdf(e, l);
            say!(l, fr: "La liste d’appels n’a pas pu être faite ({e}) : rien n’a été modifié.",
                en: "cannot make the call list ({e}): nothing was changed")
        }
        E::Tickets(e) => {
            let e = super::counter::printing(e, l);
            say!(l, fr: "Les nouveaux billets n’ont pas pu être écrits ({e}) : rien n’a été modifié.",
                en: "cannot write the new tickets ({e}): nothing was changed")
        }
        E::Store(e) => super::system::store(e, l),
    }
}
