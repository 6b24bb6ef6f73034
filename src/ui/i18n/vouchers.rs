//! Gift vouchers and credit notes: why one was refused (English for the
//! command line), and the words of the counter's « Bon cadeau » panel.

use super::money;
use crate::counter::vouchers::{CodeError, IssueError, VoucherError};
use crate::domain::Locale;
use crate::domain::voucher::{CODE_LEN, MAX_GIFT, MAX_MONTHS};

english!(VoucherError => error);

words! {
    pub enum V {
        Until { fr: "valable jusqu’au {0} inclus", en: "valid until {0} included" }
        NoEnd { fr: "sans date d’expiration", en: "never expires" }
        SellTitle { fr: "Vendre un bon cadeau", ca: "Vendre une carte-cadeau", en: "Sell a gift voucher" }
        AmountHint { fr: "Montant (ex. 50)", en: "Amount (e.g. 50)" }
        GivenHint { fr: "Espèces reçues (facultatif)", ca: "Argent reçu (facultatif)", en: "Cash handed over (optional)" }
        PayCash { fr: "↵  Espèces", ca: "↵  Comptant", en: "↵  Cash" }
        PayCard { fr: "F2  Carte", en: "F2  Card" }
        PayCheque { fr: "F3  Chèque", en: "F3  Cheque" }
        SellHelp { fr: "Montant + Entrée : espèces (Tab : espèces reçues, pour la monnaie) · F2 : carte · F3 : chèque. Le bon est au nom du spectateur choisi (F9), s’il y en a un.", en: "Amount + Enter: cash (Tab: cash handed over, for the change) · F2: card · F3: cheque. The voucher is for the patron chosen (F9), if any." }
        Sold { fr: "Bon cadeau vendu — commande n° {0}. Son code :", ca: "Carte-cadeau vendue — commande n° {0}. Son code :", en: "Gift voucher sold — order {0}. Its code:" }
        Change { fr: "Monnaie à rendre : {0}", ca: "Change à rendre : {0}", en: "Change to give: {0}" }
        WriteIt { fr: "Recopiez ce code sur le bon remis au client : il n’est montré qu’une fois, la caisse n’en garde que l’empreinte.", en: "Copy this code onto the voucher handed over: it is shown only once, the till keeps only its fingerprint." }
        LookTitle { fr: "Consulter un bon ou un avoir", ca: "Consulter une carte-cadeau ou une note de crédit", en: "Look up a voucher or credit note" }
        CodeHint { fr: "Code du bon + Entrée", en: "Voucher code + Enter" }
        Left { fr: "reste {0} sur {1}", en: "{0} left of {1}" }
        ExpiredOn { fr: "expiré le {0}", en: "expired on {0}" }
        FromOrder { fr: "commande n° {0}", en: "order {0}" }
        Use { fr: "Commande n° {0} : {1} payés le {2}", en: "Order {0}: {1} paid on {2}" }
        Close { fr: "Échap : retour à la vente · pour payer avec un bon : son code dans le panier, puis F4", ca: "Échap : retour à la vente · pour payer avec une carte-cadeau : son code dans le panier, puis F4", en: "Esc: back to selling · to pay with a voucher: its code in the basket, then F4" }
        NotAnAmount { fr: "« {0} » n’est pas un montant : des chiffres, une virgule au plus, comme 50 ou 25,50.", en: "\"{0}\" is not an amount: digits with at most one decimal comma, such as 50 or 25,50." }
        Outstanding { fr: "En cours : {0} bon(s) et avoir(s), {1} restant dus · expirés avec un reste : {2}, {3}", ca: "En cours : {0} carte(s)-cadeaux et note(s) de crédit, {1} restant dus · expirées avec un reste : {2}, {3}", en: "Outstanding: {0} voucher(s) and credit note(s), {1} owed · expired with money left: {2}, {3}" }
        Gift { fr: "bon cadeau", ca: "carte-cadeau", en: "gift voucher" }
        Credit { fr: "avoir", ca: "note de crédit", en: "credit note" }
        CreditIssued { fr: "Avoir émis : code {0}, {1}, {2}. Donnez ce code au client : il n’est montré qu’une fois.", ca: "Note de crédit émise : code {0}, {1}, {2}. Donnez ce code au client : il n’est montré qu’une fois.", en: "Credit note issued: code {0}, {1}, {2}. Give the customer this code: it is shown only once." }
    }
}

pub fn v(locale: Locale, key: V) -> &'static str {
    key.text(locale)
}

pub fn vf(locale: Locale, key: V, args: &[&str]) -> String {
    super::fill(v(locale, key), args)
}

/// A kind of voucher, as the counter names it.
pub fn kind(l: Locale, k: crate::counter::vouchers::Kind) -> &'static str {
    use crate::counter::vouchers::Kind;
    v(
        l,
        match k {
            Kind::Gift => V::Gift,
            Kind::Credit => V::Credit,
        },
    )
}

/// Until when a voucher is taken.
pub fn until(last_day: Option<chrono::NaiveDate>, l: Locale) -> String {
    match last_day {
        Some(d) => vf(l, V::Until, &[&l.short_date(d)]),
        None => v(l, V::NoEnd).to_owned(),
    }
}

/// A credit note just issued by a refund, for the clerk to hand over.
pub fn credit_issued(c: &crate::counter::vouchers::Issued, l: Locale) -> String {
    let amount = money(c.amount, c.currency, l);
    vf(
        l,
        V::CreditIssued,
        &[&c.code, &amount, &until(c.last_day, l)],
    )
}

/// Why a voucher was refused, in `l`: what is wrong and what to do.
pub fn error(e: &VoucherError, l: Locale) -> String {
    use VoucherError as E;
    match e {
        E::Code(CodeError::Malformed(typed)) => say!(l,
            fr: "« {typed} » n’est pas un code de bon : {CODE_LEN} lettres et chiffres, comme imprimé (ex. K7QF-9M2X-HT4C-8WRA).",
            en: "\"{typed}\" is not a voucher code: {CODE_LEN} letters and digits, as printed (e.g. K7QF-9M2X-HT4C-8WRA)"),
        E::Code(CodeError::Mistyped) => say!(l,
            fr: "Un caractère du code est mal saisi : relisez-le sur le bon, caractère par caractère. Rien n’a été encaissé.",
            en: "a character of the voucher code is mistyped: read it again from the voucher; nothing was taken"),
        E::Unknown => say!(l,
            fr: "Aucun bon de ce poste n’a ce code : vérifiez-le, ou demandez où il a été acheté.",
            en: "no voucher of this terminal has this code: check it, or ask where it was bought"),
        E::Expired {
            last_day,
            balance,
            currency,
        } => {
            let (day, left) = (l.short_date(*last_day), money(*balance, *currency, l));
            say!(l,
                fr: "Ce bon a expiré le {day} ({left} restaient dessus) : il n’est plus accepté.",
                en: "this voucher expired on {day} ({left} were left on it): it is no longer taken")
        }
        E::Short {
            balance,
            asked,
            currency,
        } if balance.0 == 0 => {
            let asked = money(*asked, *currency, l);
            say!(l,
                fr: "Ce bon est entièrement utilisé : il ne reste rien dessus pour les {asked} demandés.",
                en: "this voucher is spent: nothing is left on it for the {asked} asked")
        }
        E::Short {
            balance,
            asked,
            currency,
        } => {
            let (left, asked) = (money(*balance, *currency, l), money(*asked, *currency, l));
            say!(l,
                fr: "Il ne reste que {left} sur ce bon, pas {asked} : prenez {left} avec, et le reste autrement.",
                en: "only {left} is left on this voucher, not {asked}: take {left} from it and the rest otherwise")
        }
        E::Training(true) => say!(l,
            fr: "Ce bon a été émis en mode formation : il ne paie qu’en mode formation.",
            en: "this voucher was issued in training mode: it pays only in training mode"),
        E::Training(false) => say!(l,
            fr: "Mode formation : un vrai bon n’y est pas utilisé. Quittez le mode formation pour l’encaisser.",
            en: "training mode: a real voucher is not spent here; leave training mode to take it"),
        E::NeedsCode => say!(l,
            fr: "Un paiement par bon ou avoir se fait avec son code : tapez-le.",
            en: "a voucher payment names its voucher: --pay voucher:CODE:CENTS"),
        E::ForVoucher => say!(l,
            fr: "Un bon cadeau ne se paie pas avec un autre bon : espèces, carte ou chèque.",
            en: "a gift voucher is not paid with another voucher: cash, card or cheque"),
        E::Issue(IssueError::Amount(amount), currency) => {
            let (amount, max) = (money(*amount, *currency, l), money(MAX_GIFT, *currency, l));
            say!(l,
                fr: "Un bon cadeau va de 0,01 à {max}, pas {amount} : corrigez le montant.",
                en: "a gift voucher is worth 0.01 to {max}, not {amount}: correct the amount")
        }
        E::Issue(IssueError::Months(m), _) => say!(l,
            fr: "Un bon est valable de 1 à {MAX_MONTHS} mois, pas {m}.",
            en: "a voucher is valid for 1 to {MAX_MONTHS} months, not {m}"),
        E::Issue(IssueError::ExpiryInQuebec, _) => say!(l,
            fr: "Au Québec, une carte prépayée ne peut pas avoir de date d’expiration (Loi sur la protection du consommateur, art. 187.3) : émettez-le sans validité.",
            en: "in Quebec a prepaid card may not expire (Consumer Protection Act, s. 187.3): issue it with no validity"),
        E::NotCancelled(n) => say!(l,
            fr: "La commande n° {n} est la vente d’un bon cadeau : elle n’a pas de billet à annuler. Le bon reste valable ; il paie des billets plus tard.",
            en: "order {n} sold a gift voucher: it has no ticket to cancel; the voucher stays valid and pays for tickets later"),
        E::NoRandomness => say!(l,
            fr: "Le système n’a pas donné de hasard pour tirer un code : rien n’a été écrit, réessayez.",
            en: "the system gave no randomness to draw a code: nothing was written, try again"),
    }
}
