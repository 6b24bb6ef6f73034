//! Why a sale was refused, in the clerk's language: what is wrong and
//! what to do, naming the seat, performance or tariff.

use crate::counter::CounterError;
use crate::domain::SeatName;
use crate::domain::payment::PaymentError;
use crate::domain::{Cents, Currency, Locale, Money};

pub fn describe(e: &CounterError, locale: Locale) -> String {
    if !locale.is_french() {
        return capitalised(&e.to_string());
    }
    let l = locale;
    let seat = |s: &SeatName| s.label(l);
    let when = |t: &chrono::DateTime<chrono::Utc>, zone: chrono_tz::Tz| l.date_time(*t, zone);
    let money = |c: Cents, cur: Currency| {
        Money {
            cents: c,
            currency: cur,
        }
        .format(l)
    };
    match e {
        CounterError::NoPerformance(_) => "Cette représentation n’existe plus.".into(),
        CounterError::Cancelled(p) => {
            format!("{} est annulée : rien ne peut être vendu.", p.label(l))
        }
        CounterError::Closed(p) => format!(
            "Les ventes de {} sont fermées : rouvrez-les dans Programmation pour vendre.",
            p.label(l)
        ),
        CounterError::NotOpenYet { performance, opens } => format!(
            "Les ventes de {} ouvrent le {}.",
            performance.label(l),
            when(opens, performance.zone)
        ),
        CounterError::SalesOver {
            performance,
            closed,
        } => format!(
            "Les ventes de {} sont closes depuis le {}.",
            performance.label(l),
            when(closed, performance.zone)
        ),
        CounterError::NothingToSell => "Le panier est vide : ajoutez des places.".into(),
        CounterError::TooManyTickets { wanted, max } => format!(
            "{wanted} billets dans une commande : {max} au plus, partagez la commande."
        ),
        CounterError::NoTariff(p) => format!(
            "{} ne propose aucun tarif : ajoutez-en un dans Programmation.",
            p.label(l)
        ),
        CounterError::CashShort {
            given,
            missing,
            currency,
        } => format!(
            "Reçu {} : il manque {}.",
            money(*given, *currency),
            money(*missing, *currency)
        ),
        CounterError::NeedsSeats(p) => format!(
            "{} est en placement numéroté : choisissez les places sur le plan ou tapez un nombre pour les meilleures.",
            p.label(l)
        ),
        CounterError::NotNumbered(p) => format!(
            "{} n’est pas numérotée : tapez un nombre de places.",
            p.label(l)
        ),
        CounterError::NeedsSlot(p) => format!("{} : choisissez un créneau d’entrée.", p.label(l)),
        CounterError::NoSuchSeat(_) => "Cette place n’est pas dans la salle.".into(),
        CounterError::UnknownSeat(text) => format!(
            "Pas de place « {text} » dans cette salle : tapez le rang et le numéro (F12) ou la section, le rang et le numéro."
        ),
        CounterError::AmbiguousSeat { text, candidates } => format!(
            "« {text} » peut être plusieurs places ({}) : ajoutez la section.",
            SeatName::list(candidates, l)
        ),
        CounterError::NoSuchSlot(_) => "Ce créneau n’est pas celui de cette représentation.".into(),
        CounterError::SeatSold { seat: s, .. } => {
            format!(
                "La place {} vient d’être vendue : choisissez-en une autre.",
                seat(s)
            )
        }
        CounterError::SeatHeld { seat: s, hold } => format!(
            "La place {} est réservée (« {hold} ») : libérez-la dans Programmation pour la vendre.",
            seat(s)
        ),
        CounterError::SeatInAnotherCart(s) => format!(
            "La place {} est dans le panier d’un autre guichet : choisissez-en une autre.",
            seat(s)
        ),
        CounterError::SeatTwice(s) => format!("La place {} est deux fois dans le panier.", seat(s)),
        CounterError::SeatWithoutCategory(s) => format!(
            "La place {} n’a pas de catégorie de prix : peignez-la dans Programmation.",
            seat(s)
        ),
        CounterError::NoBlock {
            wanted,
            performance,
        } => format!(
            "Pas {wanted} places côte à côte pour {} : choisissez-les sur le plan.",
            performance.label(l)
        ),
        CounterError::SoldOut {
            performance,
            wanted,
            left,
        } => format!(
            "{} : il reste {left} place(s), pas {wanted}.",
            performance.label(l)
        ),
        CounterError::SlotFull { slot, wanted, left } => format!(
            "Le créneau de {} : il reste {left} place(s), pas {wanted}.",
            l.time(slot)
        ),
        CounterError::UnknownTariff(code) => format!("Pas de tarif « {code} »."),
        CounterError::TariffNotOffered {
            tariff,
            performance,
        } => format!(
            "Le tarif {tariff} n’est pas proposé pour {}.",
            performance.label(l)
        ),
        CounterError::NoPrice { tariff, category } => format!(
            "Le tarif {tariff} n’a pas de prix en {category} : fixez-le dans Programmation."
        ),
        CounterError::OverQuota {
            tariff,
            quota,
            left,
            wanted,
            ..
        } => format!("Le tarif {tariff} est limité à {quota} : il en reste {left}, pas {wanted}."),
        CounterError::TariffCount { count, tariffs } => {
            format!("{count} billets mais {tariffs} tarifs.")
        }
        CounterError::Payment { error, currency } => match error {
            PaymentError::NotPositive(_) => "Un paiement doit être supérieur à zéro.".into(),
            PaymentError::Short { paid, total } => format!(
                "Payé {} sur {} : il manque {}.",
                money(*paid, *currency),
                money(*total, *currency),
                money(*total - *paid, *currency)
            ),
            PaymentError::Over { paid, total } => format!(
                "Carte, chèque et avoir font {}, plus que les {} dus : seules les espèces rendent la monnaie.",
                money(*paid, *currency),
                money(*total, *currency)
            ),
            PaymentError::ComplimentaryNotFree(total) => format!(
                "« Exonéré » seulement pour une commande gratuite ; celle-ci fait {}.",
                money(*total, *currency)
            ),
        },
        CounterError::NoOrder(n) => format!("Pas de commande {n}."),
        CounterError::NoTicket(n) => format!("Pas de billet {n}."),
        CounterError::TicketNotInOrder(t, o) => {
            format!("Le billet {t} n’est pas dans la commande {o}.")
        }
        CounterError::AlreadyCancelled(n) => format!("Le billet {n} est déjà annulé."),
        CounterError::NothingFound(text) => format!(
            "Rien ne correspond à « {text} » : essayez un numéro de commande ou de billet, un code scanné, un nom, un e-mail ou un téléphone."
        ),
        CounterError::NoCategory(p) => format!(
            "{} n’a pas de catégorie de prix : ajoutez-en une dans Programmation.",
            p.label(l)
        ),
        CounterError::TooMany => "Un numéro est trop grand pour un code de billet.".into(),
        CounterError::NoVenue => "Le lieu n’est pas encore configuré.".into(),
        CounterError::NoPatron(_) => "Ce spectateur n’existe plus.".into(),
        CounterError::Tax(e) => format!("Calcul des taxes impossible : {e}"),
        CounterError::KeyChanged(_) => {
            "La clé de signature de cette caisse a été changée depuis un autre programme : rien n’a été enregistré. Fermez Guichet et relancez-le pour vendre avec la nouvelle clé.".into()
        }
        CounterError::Ledger(e) => format!("Le journal signé n’a pas pu être écrit : {e}"),
        CounterError::Store(e) => format!("La base de données a refusé l’écriture : {e}"),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Why tickets could not be made or printed, in the clerk's language.
pub fn describe_printing(e: &crate::counter::printed::PrintingError, locale: Locale) -> String {
    use crate::counter::printed::PrintingError as TicketError;
    use crate::tickets::print::PrintError;
    if !locale.is_french() {
        return capitalised(&e.to_string());
    }
    match e {
        TicketError::Counter(e) => describe(e, locale),
        TicketError::Pdf(e) => format!("le PDF des billets n’a pas pu être fait ({e})"),
        TicketError::Nothing(n) => format!("la commande {n} n’a plus de billet valide"),
        TicketError::Open(e) => format!("la base n’a pas pu être lue pour imprimer ({e})"),
        TicketError::Print(p) => match p {
            PrintError::Keep { path, source } => format!(
                "le PDF n’a pas pu être gardé dans {} ({source})",
                path.display()
            ),
            PrintError::NoLp => "CUPS n’est pas installé (paquet cups-client) : choisissez le lecteur PDF ou un dossier dans Réglages".into(),
            PrintError::Printer { printer, message } => format!(
                "l’imprimante « {printer} » refuse ({message}) : vérifiez son nom dans Réglages"
            ),
            PrintError::Viewer(why, path) => {
                format!("le lecteur PDF ne s’ouvre pas ({why}) ; les billets sont dans {path}")
            }
            PrintError::Folder { path, source } => {
                format!("copie impossible vers {} ({source})", path.display())
            }
        },
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
