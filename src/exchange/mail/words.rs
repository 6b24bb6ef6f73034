//! What the messages say, in French and in English: a patron reads them in
//! their own language (French of Quebec reads as French here).

use crate::domain::Locale;

/// The words of one language.
pub struct Words {
    pub tickets_subject: &'static str,
    pub tickets_intro: &'static str,
    pub tickets_print: &'static str,
    pub receipt_subject: &'static str,
    pub receipt_intro: &'static str,
    pub confirmation_subject: &'static str,
    pub confirmation_intro: &'static str,
    pub test_subject: &'static str,
    pub cancellation_subject: &'static str,
    /// {0} the tickets, {1} the amount, {2} how it went back.
    pub cancellation_intro: &'static str,
    pub test_body: &'static str,
    pub cancelled_subject: &'static str,
    /// {0} the show, {1} when it was, {2} the tickets, {3} what went back.
    pub cancelled_intro: &'static str,
    pub moved_subject: &'static str,
    /// {0} the show, {1} when it was, {2} when it is now, {3} the old
    /// tickets, {4} the new ones.
    pub moved_intro: &'static str,
    pub same_seats: &'static str,
    pub other_seats: &'static str,
    pub nothing_back: &'static str,
    pub hello: &'static str,
    pub order: &'static str,
    pub total: &'static str,
    pub ticket: &'static str,
    pub seat: &'static str,
    pub free_seating: &'static str,
    pub tariff: &'static str,
    pub price: &'static str,
    pub free: &'static str,
    pub proof: &'static str,
    pub code_alt: &'static str,
    pub see_you: &'static str,
    pub footer: &'static str,
    pub calendar_file: &'static str,
    pub tickets_file: &'static str,
    pub receipt_file: &'static str,
}

const FR: Words = Words {
    tickets_subject: "Vos billets",
    tickets_intro: "Voici vos billets. Présentez-les à l’entrée, imprimés ou sur votre téléphone : \
                    chaque code QR n’ouvre la porte qu’une fois.",
    tickets_print: "Les billets sont aussi joints en PDF, à imprimer si vous préférez.",
    receipt_subject: "Votre reçu",
    receipt_intro: "Voici le reçu de votre commande, joint en PDF.",
    confirmation_subject: "Votre commande est confirmée",
    confirmation_intro: "Votre commande est enregistrée à la billetterie.",
    test_subject: "Essai d’envoi de la billetterie",
    cancellation_subject: "Annulation et remboursement",
    cancellation_intro: "Vos billets n° {0} sont annulés : ils ne donnent plus accès à la salle. \
                         Remboursement : {1}, {2}.",
    test_body: "Ce message vérifie les réglages d’envoi de la billetterie. Il est bien arrivé : \
                vous n’avez rien à faire.",
    cancelled_subject: "Représentation annulée",
    cancelled_intro: "Nous sommes au regret de vous annoncer que la représentation de {0} du {1} \
                      est annulée. Vos billets n° {2} sont annulés. Remboursement : {3}.",
    moved_subject: "Représentation déplacée",
    moved_intro: "La représentation de {0} du {1} est déplacée au {2}. Vos billets n° {3} sont \
                  remplacés par les billets n° {4}, joints à ce message : les anciens ne donnent \
                  plus accès à la salle.",
    same_seats: "Vous gardez vos places, au même tarif : vous n’avez rien à payer.",
    other_seats: "Vos places n’étaient plus libres à la nouvelle date : vous avez les meilleures \
                  places de la même catégorie, au même tarif, sans rien à payer.",
    nothing_back: "rien à rembourser (invitation)",
    hello: "Bonjour",
    order: "Commande n°",
    total: "Total",
    ticket: "Billet",
    seat: "Place",
    free_seating: "Placement libre",
    tariff: "Tarif",
    price: "Prix",
    free: "Gratuit",
    proof: "Justificatif à présenter",
    code_alt: "Code d’entrée",
    see_you: "À bientôt !",
    footer: "Message envoyé par la billetterie. Ne répondez pas pour changer vos billets : \
             adressez-vous au guichet.",
    calendar_file: "spectacle.ics",
    tickets_file: "billets",
    receipt_file: "recu",
};

const EN: Words = Words {
    tickets_subject: "Your tickets",
    tickets_intro: "Here are your tickets. Show them at the door, printed or on your phone: \
                    each QR code opens the door once.",
    tickets_print: "The tickets are also attached as a PDF, to print if you prefer.",
    receipt_subject: "Your receipt",
    receipt_intro: "Here is the receipt of your order, attached as a PDF.",
    confirmation_subject: "Your order is confirmed",
    confirmation_intro: "Your order is recorded at the box office.",
    test_subject: "Box office test message",
    cancellation_subject: "Cancellation and refund",
    cancellation_intro: "Your tickets no. {0} are cancelled: they no longer open the door. \
                         Refund: {1}, {2}.",
    test_body: "This message checks the box office's mail settings. It arrived: \
                there is nothing to do.",
    cancelled_subject: "Performance cancelled",
    cancelled_intro: "We regret to tell you that the performance of {0} on {1} is cancelled. \
                      Your tickets no. {2} are cancelled. Refund: {3}.",
    moved_subject: "Performance moved",
    moved_intro: "The performance of {0} on {1} is moved to {2}. Your tickets no. {3} are \
                  replaced by tickets no. {4}, attached to this message: the old ones no longer \
                  open the door.",
    same_seats: "You keep your seats, at the same price: there is nothing to pay.",
    other_seats: "Your seats were no longer free on the new date: you have the best seats of \
                  the same category, at the same price, with nothing to pay.",
    nothing_back: "nothing to refund (complimentary)",
    hello: "Hello",
    order: "Order no.",
    total: "Total",
    ticket: "Ticket",
    seat: "Seat",
    free_seating: "General admission",
    tariff: "Price type",
    price: "Price",
    free: "Free",
    proof: "Proof required at the door",
    code_alt: "Entry code",
    see_you: "See you soon!",
    footer: "Sent by the box office. Please do not reply to change your tickets: \
             ask at the box office.",
    calendar_file: "performance.ics",
    tickets_file: "tickets",
    receipt_file: "receipt",
};

pub fn of(locale: Locale) -> &'static Words {
    match locale {
        Locale::En => &EN,
        Locale::FrFr | Locale::FrCa => &FR,
    }
}

/// How money went back, as the patron reads it.
pub fn method(m: crate::domain::payment::Method, locale: Locale) -> &'static str {
    use crate::domain::payment::Method;
    let en = locale == Locale::En;
    match (m, en) {
        (Method::Cash, false) => "en espèces",
        (Method::Cash, true) => "in cash",
        (Method::Card, false) => "sur votre carte",
        (Method::Card, true) => "to your card",
        (Method::Cheque, false) => "par chèque",
        (Method::Cheque, true) => "by cheque",
        (Method::Voucher, false) => "en avoir",
        (Method::Voucher, true) => "as a credit voucher",
        (Method::Complimentary, false) => "rien à rembourser (invitation)",
        (Method::Complimentary, true) => "nothing to refund (complimentary)",
        (Method::Online, false) => "par la billetterie où vous avez acheté",
        (Method::Online, true) => "through the ticket shop you bought from",
    }
}

/// A credit note as the patron reads it: its code, and its last day.
pub fn credit(code: &str, last_day: Option<chrono::NaiveDate>, locale: Locale) -> String {
    let until = last_day.map(|d| locale.short_date(d));
    match (locale == Locale::En, until) {
        (false, Some(d)) => format!("code {code}, valable jusqu’au {d} au guichet"),
        (false, None) => format!("code {code}, à présenter au guichet"),
        (true, Some(d)) => format!("code {code}, valid at the box office until {d}"),
        (true, None) => format!("code {code}, to show at the box office"),
    }
}
