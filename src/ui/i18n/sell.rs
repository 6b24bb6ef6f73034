//! The strings of Vente, French and English (same rules as the parent
//! module: exhaustive matches, `{0}` parameters).

use crate::domain::Locale;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum S {
    EntryHint,
    EntryHintPay,
    NothingOnSale,
    NoMatch,
    Free,
    FreeOf,
    Sold,
    Held,
    InOtherCart,
    Mine,
    Basket,
    BasketEmpty,
    BasketHelp,
    Best,
    Total,
    VatOf,
    Gst,
    Qst,
    Subtotal,
    Pay,
    PayHelp,
    Cash,
    Card,
    Cheque,
    Voucher,
    Due,
    Tendered,
    Change,
    CardSent,
    CardConfirm,
    Paid,
    Remaining,
    OrderDone,
    NewSale,
    ClearBasket,
    Remove,
    Slot,
    SlotFull,
    Quantity,
    General,
    Timed,
    ErrQuantity,
    ErrAmount,
    ErrNotEnough,
    Invitation,
    Gratis,
    Legend,
    LegendFree,
    LegendSold,
    LegendHeld,
    LegendMine,
    Keys,
    PatronHint,
    PatronNew,
    Patron,
    PatronOrders,
}

pub fn s(locale: Locale, key: S) -> &'static str {
    if locale.is_french() { fr(key) } else { en(key) }
}

pub fn sf(locale: Locale, key: S, args: &[&str]) -> String {
    super::fill(s(locale, key), args)
}

fn fr(key: S) -> &'static str {
    match key {
        S::EntryHint => "Nombre de places, une place (F12) ou un spectacle",
        S::EntryHintPay => "Montant reçu en espèces (vide = compte juste)",
        S::NothingOnSale => "Aucune représentation en vente.",
        S::NoMatch => "Aucun spectacle ne commence par « {0} ».",
        S::Free => "{0} libres",
        S::FreeOf => "{0} libres sur {1}",
        S::Sold => "{0} vendues",
        S::Held => "{0} réservées",
        S::InOtherCart => "dans un autre panier",
        S::Mine => "dans le panier",
        S::Basket => "Panier",
        S::BasketEmpty => "Tapez un nombre puis Entrée.",
        S::BasketHelp => {
            "F1–F8 : tarif du dernier billet · nombre + F1–F8 : ajoute à ce tarif · Suppr : retire le dernier · Échap : vide le panier"
        }
        S::Best => "Meilleures places",
        S::Total => "Total",
        S::VatOf => "dont TVA {0} : {1}",
        S::Gst => "TPS {0} : {1}",
        S::Qst => "TVQ {0} : {1}",
        S::Subtotal => "Sous-total : {0}",
        S::Pay => "Encaisser  ↵",
        S::PayHelp => {
            "Entrée : espèces, compte juste · montant + Entrée : espèces reçues · F2 : carte · F3 : chèque · F4 : avoir · Échap : retour au panier"
        }
        S::Cash => "Espèces",
        S::Card => "Carte",
        S::Cheque => "Chèque",
        S::Voucher => "Avoir",
        S::Due => "À payer",
        S::Tendered => "Reçu",
        S::Change => "Rendu",
        S::CardSent => "Envoyé au terminal de paiement : {0}",
        S::CardConfirm => "Entrée : paiement accepté · Échap : refusé",
        S::Paid => "Déjà payé : {0}",
        S::Remaining => "Reste à payer",
        S::OrderDone => "Commande n° {0} — {1} billet(s)",
        S::NewSale => "Vente suivante : tapez un nombre, ou choisissez des places.",
        S::ClearBasket => "Vider",
        S::Remove => "Retirer",
        S::Slot => "Créneau",
        S::SlotFull => "complet",
        S::Quantity => "Quantité",
        S::General => "Placement libre : tapez le nombre de places puis Entrée.",
        S::Timed => {
            "Entrée par créneau : choisissez le créneau (← →), tapez le nombre puis Entrée."
        }
        S::ErrQuantity => "« {0} » n’est ni un nombre de places, ni une place, ni un spectacle.",
        S::ErrAmount => "« {0} » n’est pas un montant : tapez par exemple 50 ou 50,00.",
        S::ErrNotEnough => "Reçu {0} : il manque {1}.",
        S::Invitation => "Invitation",
        S::Gratis => "Gratuit",
        S::Legend => "Légende",
        S::LegendFree => "libre (couleur de la catégorie)",
        S::LegendSold => "vendue (barrée)",
        S::LegendHeld => "réservée (creuse)",
        S::LegendMine => "dans le panier (cerclée)",
        S::Keys => "↑ ↓ : représentation",
        S::PatronHint => "F9  Spectateur : nom, e-mail ou téléphone",
        S::PatronNew => "Entrée : nouveau spectateur « {0} »",
        S::Patron => "Spectateur",
        S::PatronOrders => "{0} commande(s)",
    }
}

fn en(key: S) -> &'static str {
    match key {
        S::EntryHint => "Number of places, a seat (F12) or a show",
        S::EntryHintPay => "Cash received (empty = exact amount)",
        S::NothingOnSale => "No performance on sale.",
        S::NoMatch => "No show starts with “{0}”.",
        S::Free => "{0} free",
        S::FreeOf => "{0} free of {1}",
        S::Sold => "{0} sold",
        S::Held => "{0} held",
        S::InOtherCart => "in another basket",
        S::Mine => "in the basket",
        S::Basket => "Basket",
        S::BasketEmpty => "Type a number, then Enter.",
        S::BasketHelp => {
            "F1–F8: tariff of the last ticket · number + F1–F8: add at that tariff · Del: remove the last · Esc: empty the basket"
        }
        S::Best => "Best seats",
        S::Total => "Total",
        S::VatOf => "incl. VAT {0}: {1}",
        S::Gst => "GST {0}: {1}",
        S::Qst => "QST {0}: {1}",
        S::Subtotal => "Subtotal: {0}",
        S::Pay => "Take payment  ↵",
        S::PayHelp => {
            "Enter: exact cash · amount + Enter: cash received · F2: card · F3: cheque · F4: voucher · Esc: back to the basket"
        }
        S::Cash => "Cash",
        S::Card => "Card",
        S::Cheque => "Cheque",
        S::Voucher => "Voucher",
        S::Due => "Due",
        S::Tendered => "Received",
        S::Change => "Change",
        S::CardSent => "Sent to the card terminal: {0}",
        S::CardConfirm => "Enter: approved · Esc: declined",
        S::Paid => "Paid so far: {0}",
        S::Remaining => "Still due",
        S::OrderDone => "Order no. {0} — {1} ticket(s)",
        S::NewSale => "Next sale: type a number, or pick seats.",
        S::ClearBasket => "Empty",
        S::Remove => "Remove",
        S::Slot => "Entry",
        S::SlotFull => "full",
        S::Quantity => "Quantity",
        S::General => "General admission: type the number of places, then Enter.",
        S::Timed => "Timed entry: choose the slot (← →), type the number, then Enter.",
        S::ErrQuantity => "“{0}” is not a number of places, a seat or a show.",
        S::ErrAmount => "“{0}” is not an amount: type for example 50 or 50.00.",
        S::ErrNotEnough => "Received {0}: {1} missing.",
        S::Invitation => "Invitation",
        S::Gratis => "Free",
        S::Legend => "Legend",
        S::LegendFree => "free (category colour)",
        S::LegendSold => "sold (barred)",
        S::LegendHeld => "held (hollow)",
        S::LegendMine => "in the basket (ringed)",
        S::Keys => "↑ ↓: performance",
        S::PatronHint => "F9  Patron: name, e-mail or phone",
        S::PatronNew => "Enter: new patron “{0}”",
        S::Patron => "Patron",
        S::PatronOrders => "{0} order(s)",
    }
}
