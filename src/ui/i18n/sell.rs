//! The strings of Vente, French and English (same rules as the parent
//! module: exhaustive matches, `{0}` parameters).

use crate::domain::Locale;

words! {
    /// The words of Vente.
    pub enum S {
        EntryHint {
            fr: "Nombre de places, une place (F12) ou un spectacle",
            en: "Number of places, a seat (F12) or a show",
        }
        EntryHintPay {
            fr: "Montant reçu en espèces (vide = compte juste)",
            en: "Cash received (empty = exact amount)",
        }
        NothingOnSale { fr: "Aucune représentation en vente.", en: "No performance on sale." }
        NoMatch { fr: "Aucun spectacle ne commence par « {0} ».", en: "No show starts with “{0}”." }
        Free { fr: "{0} libres", en: "{0} free" }
        FreeHereShort { fr: "{0} libres ici", en: "{0} free here" }
        FreeOf { fr: "{0} libres sur {1}", en: "{0} free of {1}" }
        FreeHere { fr: "{0} libres à ce guichet sur {1}", en: "{0} free at this counter of {1}" }
        CentralPool { fr: "le reste est prêté à d’autres postes ou en réserve centrale", en: "the rest is lent to other terminals or in the central pool" }
        BorrowedSeats { fr: "Base centrale : {0} place(s) reçue(s) pour cette séance.", en: "Central database: {0} seat(s) came for this performance." }
        BorrowedPlaces { fr: "Base centrale : ce guichet détient maintenant {0} place(s) de cette séance.", en: "Central database: this counter now holds {0} place(s) of this performance." }
        NothingLent { fr: "Base centrale : plus aucune place à prêter pour cette séance.", en: "Central database: no place left to lend for this performance." }
        BorrowFailed { fr: "Les places reçues de la base centrale n’ont pas pu être enregistrées : {0}", en: "The places lent by the central database could not be recorded: {0}" }
        BorrowRefused { fr: "La base centrale n’a pas prêté de places : {0}", en: "The central database lent no places: {0}" }
        PickedAsking { fr: "Base centrale : demande de cette place…", en: "Central database: asking for this seat…" }
        PickedTaken {
            fr: "Cette place n’est pas libre à la base centrale (un autre guichet la détient, ou elle est vendue) : choisissez-en une en couleur.",
            en: "This seat is not free at the central database (another counter holds it, or it is sold): choose one in colour.",
        }
        CentralOffline { fr: "Base centrale injoignable : ce guichet vend les places qu’il détient et en redemandera.", en: "Central database unreachable: this counter sells the places it holds and will ask again." }
        Sold { fr: "{0} vendues", en: "{0} sold" }
        Held { fr: "{0} réservées", en: "{0} held" }
        InOtherCart { fr: "dans un autre panier", en: "in another basket" }
        Mine { fr: "dans le panier", en: "in the basket" }
        Basket { fr: "Panier", en: "Basket" }
        BasketEmpty { fr: "Tapez un nombre puis Entrée.", en: "Type a number, then Enter." }
        BasketHelp {
            fr: "F1–F8 : tarif du dernier billet · nombre + F1–F8 : ajoute à ce tarif · Suppr : retire le dernier · Échap : vide le panier",
            en: "F1–F8: tariff of the last ticket · number + F1–F8: add at that tariff · Del: remove the last · Esc: empty the basket",
        }
        Best { fr: "Meilleures places", en: "Best seats" }
        Total { fr: "Total", en: "Total" }
        VatOf { fr: "dont TVA {0} : {1}", en: "incl. VAT {0}: {1}" }
        Gst { fr: "TPS {0} : {1}", en: "GST {0}: {1}" }
        Qst { fr: "TVQ {0} : {1}", en: "QST {0}: {1}" }
        Subtotal { fr: "Sous-total : {0}", en: "Subtotal: {0}" }
        Pay { fr: "Encaisser  ↵", en: "Take payment  ↵" }
        PayHelp {
            fr: "Entrée : espèces, compte juste · montant + Entrée : espèces reçues · F2 : carte · F3 : chèque · code + F4 : bon cadeau ou avoir · Échap : retour au panier",
            en: "Enter: exact cash · amount + Enter: cash received · F2: card · F3: cheque · code + F4: gift voucher or credit note · Esc: back to the basket",
        }
        Cash { fr: "Espèces", en: "Cash" }
        Card { fr: "Carte", en: "Card" }
        Cheque { fr: "Chèque", en: "Cheque" }
        Voucher { fr: "Bon / avoir", en: "Voucher" }
        Due { fr: "À payer", en: "Due" }
        Tendered { fr: "Reçu", en: "Received" }
        Change { fr: "Rendu", en: "Change" }
        CardSent {
            fr: "Envoyé au terminal de paiement : {0}",
            en: "Sent to the card terminal: {0}",
        }
        CardConfirm {
            fr: "Entrée : paiement accepté · Échap : refusé",
            en: "Enter: approved · Esc: declined",
        }
        Paid { fr: "Déjà payé : {0}", en: "Paid so far: {0}" }
        VoucherCode { fr: "Tapez le code du bon cadeau ou de l’avoir (ex. K7QF-9M2X-HT4C-8WRA), puis F4.", ca: "Tapez le code de la carte-cadeau ou de la note de crédit (ex. K7QF-9M2X-HT4C-8WRA), puis F4.", en: "Type the gift voucher's or credit note's code (e.g. K7QF-9M2X-HT4C-8WRA), then F4." }
        VoucherTaken { fr: "Bon …{0} : {1} pris ; il y restera {2}.", en: "Voucher …{0}: {1} taken; {2} will be left on it." }
        Remaining { fr: "Reste à payer", en: "Still due" }
        OrderDone { fr: "Commande n° {0} — {1} billet(s)", en: "Order no. {0} — {1} ticket(s)" }
        NewSale {
            fr: "Vente suivante : tapez un nombre, ou choisissez des places.",
            en: "Next sale: type a number, or pick seats.",
        }
        ClearBasket { fr: "Vider", en: "Empty" }
        Remove { fr: "Retirer", en: "Remove" }
        Slot { fr: "Créneau", en: "Entry" }
        SlotFull { fr: "complet", en: "full" }
        Quantity { fr: "Quantité", en: "Quantity" }
        General {
            fr: "Placement libre : tapez le nombre de places puis Entrée.",
            en: "General admission: type the number of places, then Enter.",
        }
        Timed {
            fr: "Entrée par créneau : choisissez le créneau (← →), tapez le nombre puis Entrée.",
            en: "Timed entry: choose the slot (← →), type the number, then Enter.",
        }
        ErrQuantity {
            fr: "« {0} » n’est ni un nombre de places, ni une place, ni un spectacle.",
            en: "“{0}” is not a number of places, a seat or a show.",
        }
        ErrAmount {
            fr: "« {0} » n’est pas un montant : tapez par exemple 50 ou 50,00.",
            en: "“{0}” is not an amount: type for example 50 or 50.00.",
        }
        ErrNotEnough { fr: "Reçu {0} : il manque {1}.", en: "Received {0}: {1} missing." }
        Invitation { fr: "Invitation", en: "Invitation" }
        Gratis { fr: "Gratuit", en: "Free" }
        Online { fr: "En ligne", en: "Online" }
        Legend { fr: "Légende", en: "Legend" }
        LegendFree { fr: "libre (couleur de la catégorie)", en: "free (category colour)" }
        LegendSold { fr: "vendue (barrée)", en: "sold (barred)" }
        LegendHeld { fr: "réservée (creuse)", en: "held (hollow)" }
        LegendElsewhere { fr: "grisée : pas prêtée à ce guichet", en: "greyed: not lent to this counter" }
        LegendMine { fr: "dans le panier (cerclée)", en: "in the basket (ringed)" }
        Keys {
            fr: "↑ ↓ : représentation · F9 : spectateur · F10 : service client · Ctrl+A : abonnements · Ctrl+B : bons cadeaux",
            en: "↑ ↓: performance · F9: patron · F10: customer service · Ctrl+A: subscriptions · Ctrl+B: gift vouchers",
        }
        PatronHint {
            fr: "F9  Spectateur : nom, e-mail ou téléphone",
            en: "F9  Patron: name, e-mail or phone",
        }
        PatronNew { fr: "Entrée : nouveau spectateur « {0} »", en: "Enter: new patron “{0}”" }
        Patron { fr: "Spectateur", en: "Patron" }
        SoldThrough { fr: "Vente", en: "Sold" }
        PatronOrders { fr: "{0} achat(s)", en: "{0} purchase(s)" }
        Service { fr: "Service client", en: "Customer service" }
        ServiceHint {
            fr: "N° de commande ou de billet, code scanné, nom, e-mail ou téléphone",
            en: "Order or ticket number, scanned code, name, e-mail or phone",
        }
        OrderNumber { fr: "Commande n° {0}", en: "Order no. {0}" }
        TicketNumber { fr: "n° {0}", en: "no. {0}" }
        Duplicates { fr: "{0} duplicata(s)", en: "{0} duplicate(s)" }
        CancelledTicket { fr: "ANNULÉ", en: "CANCELLED" }
        Reprint { fr: "Réimprimer", en: "Reprint" }
        Reprinted {
            fr: "Billet n° {0} : duplicata n° {1} enregistré.",
            en: "Ticket no. {0}: duplicate no. {1} recorded.",
        }
        NetPaid { fr: "Payé, remboursements déduits : {0}", en: "Paid, refunds deducted: {0}" }
        RefundBy { fr: "Rembourser en", en: "Refund by" }
        CancelAll { fr: "Annuler toute la commande", en: "Cancel the whole order" }
        CancelSome { fr: "Annuler {0} billet(s)", en: "Cancel {0} ticket(s)" }
        Cancelled {
            fr: "Billet(s) {0} annulé(s) : {1} remboursés en {2}.",
            en: "Ticket(s) {0} cancelled: {1} refunded by {2}.",
        }
        ConfirmRefund { fr: "Confirmer : rembourser {0} en {1}", en: "Confirm: refund {0} by {1}" }
        ApprovalBy { fr: "Approuvé par", en: "Approved by" }
        ApprovalPin { fr: "Son code PIN", en: "Their PIN" }
        Approve { fr: "Approuver et rembourser", en: "Approve and refund" }
        ApprovedBy { fr: "Approuvé par {0}.", en: "Approved by {0}." }
        PrintTitle { fr: "Billets et impression", en: "Tickets and printing" }
        PrintA4 { fr: "A4 (4 billets par page)", en: "A4 (4 tickets a page)" }
        PrintThermal { fr: "Rouleau 80 mm", en: "80 mm roll" }
        PrintStock { fr: "Carton 2 × 5,5 pouces", en: "2 × 5.5 in card" }
        PrintViewer { fr: "Ouvrir dans le lecteur PDF", en: "Open in the PDF viewer" }
        PrintPrinter { fr: "Imprimante CUPS", en: "CUPS printer" }
        PrintFolder { fr: "Enregistrer dans un dossier", en: "Save to a folder" }
        PrintPrinterHint { fr: "Nom de l’imprimante (lpstat -p)", en: "Printer name (lpstat -p)" }
        PrintFolderHint { fr: "Dossier", en: "Folder" }
        PrintKept {
            fr: "Chaque PDF est aussi gardé dans le dossier « tickets » à côté de la base.",
            en: "Every PDF is also kept in the “tickets” folder beside the database.",
        }
        PrintSave { fr: "Enregistrer", en: "Save" }
        PrintSaved { fr: "Réglages d’impression enregistrés.", en: "Printing settings saved." }
        Printing { fr: "Impression en cours…", en: "Printing…" }
        Printed { fr: "Billets envoyés à l’impression.", en: "Tickets sent to print." }
        PrintFailed {
            fr: "Impression impossible : {0} — F11 : réimprimer (sans nouvelle vente).",
            en: "Printing failed: {0} — F11: print again (no new sale).",
        }
        Receipt { fr: "Reçu", en: "Receipt" }
        PrintAgain { fr: "Réimprimer  F11", en: "Print again  F11" }
        MapHelp {
            fr: "molette : zoom · clic droit glissé : déplacer · clic molette : tout le plan",
            en: "wheel: zoom · right-drag: move · middle click: whole plan",
        }
        Exchange { fr: "Échanger", en: "Exchange" }
        DemandUp { fr: "{0} (↑ demande)", en: "{0} (↑ demand)" }
        DemandDown { fr: "{0} (↓ demande)", en: "{0} (↓ demand)" }
        ExchangeWithin {
            fr: "Échanger pour la représentation choisie à gauche (abonnement)",
            en: "Exchange for the performance chosen on the left (subscription)",
        }
        ConfirmWithin {
            fr: "Confirmer : échanger pour {0}",
            en: "Confirm: exchange for {0}",
        }
        WholePerformance {
            fr: "Une représentation d’un abonnement s’échange entière : ses {0} billet(s) ensemble (cochez-les tous, ou aucun).",
            en: "A subscription's performance is exchanged whole: its {0} ticket(s) together (tick them all, or none).",
        }
        NoTarget {
            fr: "Choisissez d’abord à gauche la représentation où aller (↑ ↓).",
            en: "First choose on the left the performance to go to (↑ ↓).",
        }
        TickOnePerformance {
            fr: "Cochez les billets d’une seule représentation de l’abonnement à échanger.",
            en: "Tick the tickets of one performance of the subscription to exchange.",
        }
        ExchangedWithin {
            fr: "Échangé dans l’abonnement : billets {0} annulés, nouvelle commande n° {1} ({2}) ; les billets s’impriment.",
            en: "Exchanged within the subscription: tickets {0} cancelled, new order no. {1} ({2}); the tickets are printing.",
        }
        SameSeats { fr: "mêmes places", en: "the same seats" }
        OtherSeats { fr: "les mêmes places étaient prises : les meilleures libres", en: "the same seats were taken: the best free ones" }
        ExchangeCredit {
            fr: "Échange de la commande n° {0} (billets {1}) : avoir de {2}. Ajoutez les nouveaux billets ; Échap annule l’échange.",
            en: "Exchanging order no. {0} (tickets {1}): a credit of {2}. Add the new tickets; Esc cancels the exchange.",
        }
        ExchangeDone {
            fr: "Échange fait : billets {0} annulés, commande n° {1}.",
            en: "Exchange done: tickets {0} cancelled, order no. {1}.",
        }
    }
}

pub fn s(locale: Locale, key: S) -> &'static str {
    key.text(locale)
}

pub fn sf(locale: Locale, key: S, args: &[&str]) -> String {
    super::fill(s(locale, key), args)
}

/// A way of paying, as the counter names it ("Carte", "Avoir").
pub fn method(locale: Locale, m: crate::domain::payment::Method) -> &'static str {
    use crate::domain::payment::Method;
    s(
        locale,
        match m {
            Method::Cash => S::Cash,
            Method::Card => S::Card,
            Method::Cheque => S::Cheque,
            Method::Voucher => S::Voucher,
            Method::Complimentary => S::Gratis,
            Method::Online => S::Online,
        },
    )
}
