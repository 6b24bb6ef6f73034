//! Why a sale, a basket, customer service or printing was refused, in the
//! clerk's language (English for the command line): what is wrong and what
//! to do, naming the seat, performance or tariff. Also what a payment, an
//! amount typed or a tax table can be refused for.

use chrono::{DateTime, Utc};

use crate::counter::CounterError;
use crate::counter::printed::PrintingError;
use crate::domain::money::MoneyParseError;
use crate::domain::money::{MAX_AMOUNT, MAX_CHANGE, MAX_PAYMENTS};
use crate::domain::payment::PaymentError;
use crate::domain::tax::TaxError;
use crate::domain::{Cents, Currency, Locale, Money, SeatName};

english!(
    CounterError => error,
    PrintingError => printing,
    MoneyParseError => amount,
    TaxError => tax,
    PaymentError => payment_in_cents,
);

/// A counter's refusal, as the window shows it (capitalised).
pub fn describe(e: &CounterError, locale: Locale) -> String {
    capitalised(&error(e, locale))
}

/// A counter's refusal in `locale`.
pub fn error(e: &CounterError, l: Locale) -> String {
    use CounterError as E;
    match e {
        E::NoPerformance(id) => say!(l,
            fr: "Cette représentation n’existe plus.",
            en: "there is no performance {id}: list them with `guichet performances`"),
        E::Cancelled(p) => {
            let p = p.label(l);
            say!(l, fr: "{p} est annulée : rien ne peut être vendu.",
                en: "{p} is cancelled: nothing can be sold for it")
        }
        E::Closed(p) => {
            let p = p.label(l);
            say!(l, fr: "Les ventes de {p} sont fermées : rouvrez-les dans Programmation pour vendre.",
                en: "sales for {p} are closed: reopen them in Programmation to sell")
        }
        E::NotOpenYet { performance, opens } => {
            let (p, at) = (performance.label(l), when(l, opens, performance.zone));
            say!(l, fr: "Les ventes de {p} ouvrent le {at}.", en: "sales for {p} open on {at}")
        }
        E::SalesOver { performance, closed } => {
            let (p, at) = (performance.label(l), when(l, closed, performance.zone));
            say!(l, fr: "Les ventes de {p} sont closes depuis le {at}.",
                en: "sales for {p} closed on {at}")
        }
        E::NothingToSell => say!(l, fr: "Le panier est vide : ajoutez des places.",
            en: "nothing to sell: add a seat or a quantity"),
        E::TooManyTickets { wanted, max } => say!(l,
            fr: "{wanted} billets dans une commande : {max} au plus, partagez la commande.",
            en: "{wanted} tickets in one order: {max} at most, split the order"),
        E::NoTariff(p) => {
            let p = p.label(l);
            say!(l, fr: "{p} ne propose aucun tarif : ajoutez-en un dans Programmation.",
                en: "{p} offers no tariff: add one in Programmation")
        }
        E::CashShort { given, missing, currency } => {
            let (given, missing) = (money(l, *given, *currency), money(l, *missing, *currency));
            say!(l, fr: "Reçu {given} : il manque {missing}.", en: "received {given}: {missing} missing")
        }
        E::Payment { error, currency } => payment(error, *currency, l),
        E::Tax(e) => tax(e, l),
        // What the journal and the database said, as they say it.
        E::KeyChanged(e) | E::Ledger(e) if !l.is_french() => e.to_string(),
        E::Store(e) if !l.is_french() => e.to_string(),
        E::KeyChanged(_) => "La clé de signature de cette caisse a été changée depuis un autre programme : rien n’a été enregistré. Fermez Guichet et relancez-le pour vendre avec la nouvelle clé.".into(),
        E::Ledger(e) => {
            let e = super::system::ledger(e, l);
            format!("Le journal signé n’a pas pu être écrit : {e}")
        }
        E::Store(e) => {
            let e = &e.0;
            format!("La base de données a refusé l’écriture : {e}")
        }
        other => places(other, l).unwrap_or_else(|| orders(other, l)),
    }
}

/// Refusals about places: seats, slots, capacity, tariffs.
fn places(e: &CounterError, l: Locale) -> Option<String> {
    use CounterError as E;
    let seat = |s: &SeatName| s.label(l);
    Some(match e {
        E::NeedsSeats(p) => {
            let p = p.label(l);
            say!(l, fr: "{p} est en placement numéroté : choisissez les places sur le plan ou tapez un nombre pour les meilleures.",
                ca: "{p} est en places réservées : choisissez les places sur le plan ou tapez un nombre pour les meilleures.",
                en: "{p} is a numbered hall: choose seats (or best available)")
        }
        E::NotNumbered(p) => {
            let p = p.label(l);
            say!(l, fr: "{p} n’est pas numérotée : tapez un nombre de places.",
                ca: "{p} est en admission générale : tapez un nombre de places.",
                en: "{p} is not numbered: sell a quantity, not seats")
        }
        E::NeedsSlot(p) => {
            let p = p.label(l);
            say!(l, fr: "{p} : choisissez un créneau d’entrée.",
                en: "{p} has timed entry: choose an entry slot")
        }
        E::NoSuchSeat(id) => say!(l, fr: "Cette place n’est pas dans la salle.",
            en: "seat {id} is not in this performance's hall"),
        E::UnknownSeat(text) => say!(l,
            fr: "Pas de place « {text} » dans cette salle : tapez le rang et le numéro (F12) ou la section, le rang et le numéro.",
            en: "no seat \"{text}\" in this hall: type it as row and number (F12) or section, row and number"),
        E::AmbiguousSeat { text, candidates } => {
            let list = SeatName::list(candidates, l);
            say!(l, fr: "« {text} » peut être plusieurs places ({list}) : ajoutez la section.",
                en: "\"{text}\" could be several seats ({list}): add the section")
        }
        E::NoSuchSlot(id) => say!(l, fr: "Ce créneau n’est pas celui de cette représentation.",
            en: "entry slot {id} is not one of this performance's"),
        E::SeatSold {
            seat: s,
            performance,
        } => {
            let (s, p) = (seat(s), performance.label(l));
            say!(l, fr: "La place {s} vient d’être vendue : choisissez-en une autre.",
                en: "seat {s} is already sold for {p}: choose another seat")
        }
        E::SeatHeld { seat: s, hold } => {
            let s = seat(s);
            say!(l, fr: "La place {s} est réservée (« {hold} ») : libérez-la dans Programmation pour la vendre.",
                ca: "La place {s} est bloquée (« {hold} ») : libérez-la dans Programmation pour la vendre.",
                en: "seat {s} is held (\"{hold}\"): release it in Programmation to sell it")
        }
        E::SeatInAnotherCart(s) => {
            let s = seat(s);
            say!(l, fr: "La place {s} est dans le panier d’un autre guichet : choisissez-en une autre.",
                en: "seat {s} is in another clerk's basket: choose another seat")
        }
        E::SeatNotLent(s) => {
            let s = seat(s);
            say!(l, fr: "La place {s} n’est pas prêtée à ce guichet par la base centrale : choisissez-en une parmi celles en couleur. Ce guichet en redemande lui-même quand il lui en reste peu.",
                en: "seat {s} is not lent to this terminal by the central database: choose one of those in colour (the terminal asks for more by itself when few are left; `guichet central lend` asks now)")
        }
        E::NotEnoughLent {
            performance,
            wanted,
            left,
        } => {
            let p = performance.label(l);
            say!(l, fr: "{p} : ce guichet détient encore {left} place(s), pas {wanted}. Il en redemande lui-même à la base centrale : réessayez dans un instant, ou vendez-en {left}.",
                en: "{p}: this terminal holds {left} places left, not {wanted} (it asks the central database for more by itself; `guichet central lend` asks now)")
        }
        E::SeatTwice(s) => {
            let s = seat(s);
            say!(l, fr: "La place {s} est deux fois dans le panier.", en: "seat {s} is in the order twice")
        }
        E::SeatWithoutCategory(s) => {
            let s = seat(s);
            say!(l, fr: "La place {s} n’a pas de catégorie de prix : peignez-la dans Programmation.",
                en: "seat {s} has no price category for this performance: paint it in Programmation")
        }
        E::NoBlock {
            wanted,
            performance,
        } => {
            let p = performance.label(l);
            say!(l, fr: "Pas {wanted} places côte à côte pour {p} : choisissez-les sur le plan.",
                en: "no {wanted} seats side by side are free for {p}: pick them on the map")
        }
        E::SoldOut {
            performance,
            wanted,
            left,
        } => {
            let p = performance.label(l);
            say!(l, fr: "{p} : il reste {left} place(s), pas {wanted}.",
                en: "{p} has {left} places left, not {wanted}")
        }
        E::SlotFull { slot, wanted, left } => {
            let at = match l {
                Locale::En => slot.format("%H:%M UTC").to_string(),
                _ => l.time(slot),
            };
            say!(l, fr: "Le créneau de {at} : il reste {left} place(s), pas {wanted}.",
                en: "the {at} entry has {left} places left, not {wanted}")
        }
        E::NoCategory(p) => {
            let p = p.label(l);
            say!(l, fr: "{p} n’a pas de catégorie de prix : ajoutez-en une dans Programmation.",
                en: "{p} has no price category: add one in Programmation")
        }
        other => return tariffs(other, l),
    })
}

/// Refusals about tariffs and quotas.
fn tariffs(e: &CounterError, l: Locale) -> Option<String> {
    use CounterError as E;
    Some(match e {
        E::UnknownTariff(code) => say!(l, fr: "Pas de tarif « {code} ».",
            en: "there is no tariff \"{code}\": see the tariffs in Programmation"),
        E::TariffNotOffered {
            tariff,
            performance,
        } => {
            let p = performance.label(l);
            say!(l, fr: "Le tarif {tariff} n’est pas proposé pour {p}.",
                en: "the {tariff} tariff is not offered for {p}")
        }
        E::NoPrice { tariff, category } => say!(l,
            fr: "Le tarif {tariff} n’a pas de prix en {category} : fixez-le dans Programmation.",
            en: "the {tariff} tariff has no price in category {category}: set it in Programmation"),
        E::OverQuota {
            tariff,
            quota,
            left,
            wanted,
            performance,
        } => {
            let p = performance.label(l);
            say!(l, fr: "Le tarif {tariff} est limité à {quota} : il en reste {left}, pas {wanted}.",
                en: "the {tariff} tariff is limited to {quota} for {p}: {left} left, not {wanted}")
        }
        E::PriceChanged {
            performance,
            tariff,
            category,
            shown,
            now,
        } => {
            let p = performance.label(l);
            let (shown, now) = (shown.plain(','), now.plain(','));
            say!(l,
                fr: "Le prix du tarif {tariff} en {category} pour {p} est maintenant {now}, pas {shown} comme affiché dans le panier : rien n’a été encaissé. Retirez ce billet et reprenez-le pour le vendre au prix du moment.",
                en: "the {tariff} price in {category} for {p} is now {now}, not {shown} as the basket shows: nothing was taken; take the ticket out and add it again to sell it at today's price")
        }
        E::TariffCount { count, tariffs } => say!(l, fr: "{count} billets mais {tariffs} tarifs.",
            en: "{count} tickets but {tariffs} tariffs: give one tariff, or one per ticket"),
        _ => return None,
    })
}

/// Refusals of customer service: orders, tickets, patrons.
fn orders(e: &CounterError, l: Locale) -> String {
    use CounterError as E;
    match e {
        E::NoOrder(n) => say!(l, fr: "Pas de commande {n}.", en: "there is no order {n}"),
        E::NoTicket(n) => say!(l, fr: "Pas de billet {n}.", en: "there is no ticket {n}"),
        E::TicketNotInOrder(t, o) => say!(l, fr: "Le billet {t} n’est pas dans la commande {o}.",
            en: "ticket {t} is not in order {o}"),
        E::AlreadyCancelled(n) => say!(l, fr: "Le billet {n} est déjà annulé.",
            en: "ticket {n} is already cancelled"),
        E::NeedsCoordinator(why) => refund_right(why, l),
        E::NothingFound(text) => say!(l,
            fr: "Rien ne correspond à « {text} » : essayez un numéro de commande ou de billet, un code scanné, un nom, un e-mail ou un téléphone.",
            ca: "Rien ne correspond à « {text} » : essayez un numéro de commande ou de billet, un code scanné, un nom, un courriel ou un téléphone.",
            en: "nothing matches \"{text}\": try an order or ticket number, a scanned code, a name, an e-mail or a phone"),
        E::TooMany => say!(l, fr: "Un numéro est trop grand pour un code de billet.",
            en: "a number is too large for a ticket code"),
        E::NoVenue => {
            say!(l, fr: "Le lieu n’est pas encore configuré.", en: "the venue is not set up yet")
        }
        E::NoPatron(id) => say!(l, fr: "Ce spectateur n’existe plus.", en: "no patron {id}"),
        E::DayClosed(day) => {
            let day = l.short_date(*day);
            say!(l,
                fr: "La journée du {day} est clôturée sur cette caisse : aucune vente ni remboursement ne peut y être daté. Vérifiez l’horloge de l’ordinateur.",
                en: "the day of {day} is closed on this terminal: no sale or refund can be dated in it (check the computer's clock)")
        }
        E::InTraining => say!(l,
            fr: "Mode formation : un remboursement ou un échange rendrait de l’argent réel. Quittez le mode formation (Caisse) pour le faire.",
            en: "training mode: a refund or an exchange would move real money; leave training mode first (guichet training off)"),
        E::NoDrawer => say!(l,
            fr: "La caisse n’est pas ouverte : ouvrez-la dans Caisse en comptant le fond de caisse, puis vendez.",
            en: "the drawer is not open: open it with its float first (guichet session open --float CENTS)"),
        E::DrawerOfEarlierDay(day) => {
            let day = l.short_date(*day);
            say!(l,
                fr: "La caisse ouverte est celle du {day} : comptez-la dans Caisse, puis ouvrez celle d’aujourd’hui.",
                en: "the drawer open is the one of {day}: count it (guichet session count), then open today's")
        }
        E::Voucher(v) => super::vouchers::error(v, l),
        E::Subscription(s) => super::subscriptions::error(s, l),
        other => format!("{other:?}"),
    }
}

/// Why a refund is a coordinator's: what the clerk may not vouch for.
pub fn refund_right(why: &crate::counter::refunds::RefundRight, l: Locale) -> String {
    use crate::counter::refunds::RefundRight as R;
    let then = say!(l,
        fr: "Un coordinateur peut le faire, ou l’approuver ici avec son code PIN.",
        en: "A coordinator can do it, or approve it here with their PIN.");
    let why = match why {
        R::OtherTerminal => say!(l,
            fr: "Cette commande a été vendue sur un autre poste.",
            en: "This order was sold on another terminal."),
        R::NotToday { sold, zone } => {
            let day = l.date(&sold.with_timezone(zone));
            say!(l, fr: "Cette commande date du {day}, pas d’aujourd’hui.",
                en: "This order was sold on {day}, not today.")
        }
        R::OtherMethod { asked, paid } => {
            let word =
                |m: &crate::domain::payment::Method| super::sell::method(l, *m).to_lowercase();
            let asked = word(asked);
            let paid = paid.iter().map(word).collect::<Vec<_>>().join(", ");
            say!(l, fr: "Rembourser en {asked} une commande payée en {paid}.",
                en: "Refunding by {asked} an order paid by {paid}.")
        }
        R::Admitted { ticket } => say!(l,
            fr: "Le billet {ticket} est déjà entré au contrôle : seul un coordinateur le rembourse.",
            en: "Ticket {ticket} has already entered at the door: only a coordinator refunds it."),
    };
    format!("{why} {then}")
}

/// Why payments do not settle an order.
pub fn payment(e: &PaymentError, currency: Currency, l: Locale) -> String {
    payment_with(e, l, &|c: Cents| money(l, c, currency))
}

/// Why payments do not settle an order, each amount worded by `m`.
fn payment_with(e: &PaymentError, l: Locale, m: &dyn Fn(Cents) -> String) -> String {
    match e {
        PaymentError::NotPositive(method) => {
            let method = method.code();
            say!(l, fr: "Un paiement ({method}) doit être supérieur à zéro.",
                en: "a {method} payment must be more than zero")
        }
        PaymentError::Short { paid, total } => {
            let (paid, due, missing) = (m(*paid), m(*total), m(*total - *paid));
            say!(l, fr: "Payé {paid} sur {due} : il manque {missing}.",
                en: "the payments add up to {paid}, the order is {due}: {missing} missing")
        }
        PaymentError::Over { paid, total } => {
            let (paid, due) = (m(*paid), m(*total));
            say!(l, fr: "Carte, chèque et avoir font {paid}, plus que les {due} dus : seules les espèces rendent la monnaie.",
                ca: "Carte, chèque et note de crédit font {paid}, plus que les {due} dus : seul l’argent comptant rend la monnaie.",
                en: "card, cheque and voucher add up to {paid}, more than the {due} due: only cash gives change")
        }
        PaymentError::TooLarge(method, amount) => {
            let (method, amount, max) = (method.code(), m(*amount), m(MAX_AMOUNT));
            say!(l, fr: "Un paiement ({method}) de {amount} dépasse {max} : vérifiez le montant.",
                en: "a {method} payment of {amount} is more than the {max} the till takes in one payment: check the amount")
        }
        PaymentError::OrderTooLarge(total) => {
            let (total, max) = (m(*total), m(MAX_AMOUNT));
            say!(l, fr: "Une commande de {total} dépasse {max} : partagez-la en plusieurs commandes.",
                en: "an order of {total} is more than the {max} one order may hold: split it")
        }
        PaymentError::TooMuchChange { change } => {
            let (change, max) = (m(*change), m(MAX_CHANGE));
            say!(l, fr: "Cela ferait {change} de monnaie à rendre, plus que {max} : vérifiez le montant reçu.",
                ca: "Cela ferait {change} de change à rendre, plus que {max} : vérifiez le montant reçu.",
                en: "that would be {change} in change, more than the {max} the till gives: check the cash handed over")
        }
        PaymentError::NotAtCounter(method) => {
            let method = method.code();
            say!(l, fr: "Le paiement « {method} » ne se prend pas au guichet : c’est celui des commandes importées d’une billetterie en ligne.",
                en: "a {method} payment is not taken at the counter: it is the one of orders imported from an online ticket shop")
        }
        PaymentError::TooManyPayments(n) => {
            say!(l, fr: "{n} paiements pour une commande : {MAX_PAYMENTS} au plus.",
                en: "{n} payments for one order: {MAX_PAYMENTS} at most")
        }
        PaymentError::ComplimentaryNotFree(total) => {
            let total = m(*total);
            say!(l, fr: "« Exonéré » seulement pour une commande gratuite ; celle-ci fait {total}.",
                ca: "« Billet de faveur » seulement pour une commande gratuite ; celle-ci fait {total}.",
                en: "\"complimentary\" is only for an order with nothing to pay; this one is {total}")
        }
    }
}

/// Why payments do not settle an order, when the currency is not known
/// (amounts in cents): the same words as [`payment`].
pub fn payment_in_cents(e: &PaymentError, l: Locale) -> String {
    payment_with(e, l, &|c: Cents| {
        let n = c.0;
        say!(l, fr: "{n} centimes", en: "{n} cents")
    })
}

/// Why an amount typed is not one.
pub fn amount(e: &MoneyParseError, l: Locale) -> String {
    match e {
        MoneyParseError::Empty => say!(l, fr: "Aucun montant : tapez un prix comme 12,50.",
            en: "no amount given: type a price such as 12,50"),
        MoneyParseError::NotANumber(t) => say!(l,
            fr: "« {t} » n’est pas un montant : des chiffres, une virgule au plus, comme 12,50.",
            en: "\"{t}\" is not an amount: type digits with at most one decimal comma, such as 12,50"),
        MoneyParseError::TooManyDecimals(t) => say!(l,
            fr: "« {t} » a plus de deux décimales : les montants sont au centime.",
            en: "\"{t}\" has more than two decimals: amounts are to the cent"),
        MoneyParseError::TooLarge(t) => say!(l,
            fr: "« {t} » est trop grand pour un montant tapé au guichet.",
            en: "\"{t}\" is too large for an amount typed at the counter"),
    }
}

/// Why taxes could not be worked out.
pub fn tax(e: &TaxError, l: Locale) -> String {
    match e {
        TaxError::NegativeAmount { line, amount } => say!(l,
            fr: "La ligne {line} a un montant négatif ({amount} centimes) : un panier est tout en ventes ou tout en remboursements.",
            en: "line {line} has a negative amount ({amount} cents): a basket is all sales or all refunds, refunds are a negated breakdown"),
        TaxError::BadRate(t) => say!(l,
            fr: "« {t} » n’est pas un taux : tapez un pourcentage entre 0 et 100, comme 5,5.",
            en: "\"{t}\" is not a tax rate: type a percentage between 0 and 100, such as 5,5"),
    }
}

/// Why tickets could not be made or printed.
pub fn printing(e: &PrintingError, l: Locale) -> String {
    match e {
        PrintingError::Counter(e) => error(e, l),
        PrintingError::Pdf(e) => {
            let e = super::system::pdf(e, l);
            say!(l, fr: "le PDF des billets n’a pas pu être fait ({e})",
            en: "the ticket PDF could not be made: {e}")
        }
        PrintingError::Nothing(n) => say!(l, fr: "la commande {n} n’a plus de billet valide",
            en: "order {n} has no valid ticket left to print"),
        PrintingError::Open(e) => {
            let e = super::system::open(e, l);
            say!(l, fr: "la base n’a pas pu être lue pour imprimer ({e})",
            en: "the database could not be read to print: {e}")
        }
        PrintingError::Print(p) => super::system::print(p, l),
    }
}

/// Ticket numbers as a message lists them: "12, 13, 14".
pub fn ticket_list(numbers: &[i64]) -> String {
    numbers
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn money(l: Locale, cents: Cents, currency: Currency) -> String {
    Money { cents, currency }.format(l)
}

/// An instant as a refusal says it: local in French, UTC for the command
/// line (the English words are read in logs and scripts).
fn when(l: Locale, at: &DateTime<Utc>, zone: chrono_tz::Tz) -> String {
    if l.is_french() {
        l.date_time(*at, zone)
    } else {
        at.format("%Y-%m-%d %H:%M UTC").to_string()
    }
}

/// English sentences start in lower case (the command line prefixes
/// them); the window shows them capitalised.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
