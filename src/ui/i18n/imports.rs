//! The words of Caisse → Ventes extérieures: orders from the web shop,
//! resellers and partners imported, mapped, and their conflicts decided.

use crate::domain::Locale;
use crate::exchange::imports::{ImportError, Invalid, Problem, Summary, Trouble};

words! {
    pub enum W {
        List { fr: "Ventes extérieures", en: "Outside sales" }
        File { fr: "Fichier de commandes (Guichet JSON ou export pretix « Order data (JSON) »)", en: "Order file (Guichet JSON or pretix “Order data (JSON)” export)" }
        FileHint { fr: "/chemin/vers/commandes.json", en: "/path/to/orders.json" }
        Import { fr: "Importer (Entrée)", en: "Import (Enter)" }
        ETickets { fr: "Envoyer aux acheteurs leurs billets par e-mail (pour un revendeur ou un partenaire qui ne les envoie pas)", ca: "Envoyer aux acheteurs leurs billets par courriel (pour un revendeur ou un partenaire qui ne les envoie pas)", en: "E-mail the buyers their tickets (for a reseller or partner who does not send them)" }
        ToMap { fr: "À faire correspondre avant d’importer", en: "To map before importing" }
        ToMapNone { fr: "Tous les événements et produits rencontrés ont leur correspondance.", en: "Every event and product met is mapped." }
        Event { fr: "Événement", en: "Event" }
        Product { fr: "Produit", en: "Product" }
        ChoosePerformance { fr: "Représentation…", en: "Performance…" }
        ChooseTariff { fr: "Tarif…", en: "Tariff…" }
        Map { fr: "Faire correspondre", en: "Map" }
        Conflicts { fr: "Conflits à décider", en: "Conflicts to decide" }
        ConflictsNone { fr: "Aucun conflit : chaque commande importée a trouvé sa place.", en: "No conflict: every imported order found its place." }
        Note { fr: "Note (pour le spectateur ou la billetterie)", en: "Note (for the patron or the ticket shop)" }
        Move { fr: "Déplacer (places libres les plus proches)", en: "Move (nearest free seats)" }
        Refund { fr: "Rembourser côté billetterie", en: "Refund on the ticket shop’s side" }
        Overbook { fr: "Accepter en surnombre", en: "Accept overbooking" }
        Recent { fr: "Dernières commandes importées", en: "Latest orders imported" }
        RecentNone { fr: "Aucune commande importée pour l’instant.", en: "No order imported yet." }
        Tickets { fr: "{0} billet(s)", en: "{0} ticket(s)" }
        DecidedBy { fr: "décidé par {0}", en: "decided by {0}" }
        Anonymous { fr: "(sans nom)", en: "(no name)" }
        PlanOf { fr: "Plan de salle pretix de {0} (exporté depuis l’éditeur de plans de pretix)", en: "pretix seating plan of {0} (exported from pretix's plan editor)" }
        PlanHint { fr: "/chemin/vers/plan-de-salle.json", en: "/path/to/seating-plan.json" }
        LoadPlan { fr: "Charger le plan", en: "Load the plan" }
        PlanLoaded { fr: "Plan de salle chargé : {0} places connues. Importez à nouveau le fichier de commandes.", en: "Seating plan loaded: {0} seats known. Import the order file again." }
    }
}

pub fn w(locale: Locale, key: W) -> &'static str {
    key.text(locale)
}

pub fn wf(locale: Locale, key: W, args: &[&str]) -> String {
    super::fill(w(locale, key), args)
}

english!(Trouble => trouble);

/// An outside order's state, as the list says it.
pub fn state(state: &str, l: Locale) -> String {
    match state {
        "imported" => say!(l, fr: "Importée", en: "Imported"),
        "conflict" => say!(l, fr: "En conflit", en: "In conflict"),
        "refunded" => say!(l, fr: "À rembourser (billetterie)", en: "To refund (ticket shop)"),
        "cancelled" => {
            say!(l, fr: "Annulée par la billetterie", en: "Cancelled by the ticket shop")
        }
        other => other.to_owned(),
    }
}

/// What keeps a ticket of an outside order from landing.
pub fn trouble(t: &Trouble, l: Locale) -> String {
    let ticket = &t.ticket;
    let seat = t.seat.clone().unwrap_or_default();
    match t.why {
        Problem::SeatSold => say!(l,
            fr: "Billet {ticket} : la place {seat} est déjà vendue ici.",
            en: "Ticket {ticket}: seat {seat} is already sold here."),
        Problem::SeatHeld => say!(l,
            fr: "Billet {ticket} : la place {seat} est réservée ici (maison, presse ou technique).",
            en: "Ticket {ticket}: seat {seat} is held here (house, press or technical)."),
        Problem::NotHeldHere => say!(l,
            fr: "Billet {ticket} : la place {seat} n’est pas prêtée à ce poste par la base centrale ; un autre guichet peut la vendre. Empruntez-la (guichet central lend --seat) ou importez sur le poste qui la détient.",
            en: "Ticket {ticket}: seat {seat} is not lent to this terminal by the central database; another may sell it. Borrow it (guichet central lend --seat) or import on the terminal that holds it."),
        Problem::UnknownSeat => say!(l,
            fr: "Billet {ticket} : la salle n’a pas de place « {seat} ».",
            en: "Ticket {ticket}: the hall has no seat “{seat}”."),
        Problem::NoSeat => say!(l,
            fr: "Billet {ticket} : salle numérotée, la billetterie n’a pas donné de place.",
            en: "Ticket {ticket}: a numbered hall, and the ticket shop gave no seat."),
        Problem::Full => say!(l,
            fr: "Billet {ticket} : plus une place libre.",
            en: "Ticket {ticket}: no place left."),
        Problem::NoSlot => say!(l,
            fr: "Billet {ticket} : aucun créneau d’entrée ne commence à l’heure donnée par la billetterie.",
            en: "Ticket {ticket}: no entry slot starts at the time the ticket shop gave."),
        Problem::Cancelled => say!(l,
            fr: "Billet {ticket} : la représentation est annulée.",
            en: "Ticket {ticket}: the performance is cancelled."),
    }
}

/// What an import did, in one or two sentences.
pub fn summary(s: &Summary, l: Locale) -> String {
    if !s.unmapped.is_empty() {
        let n = s.unmapped.iter().filter(|u| u.kind != "seats").count();
        let mut said = if n > 0 {
            say!(l,
                fr: "Rien n’est importé : {n} événement(s) ou produit(s) à faire correspondre ci-dessous, puis importez à nouveau le fichier.",
                en: "Nothing imported: {n} event(s) or product(s) to map below, then import the file again.")
        } else {
            say!(l, fr: "Rien n’est importé.", en: "Nothing imported.")
        };
        if s.unmapped.iter().any(|u| u.kind == "seats") {
            said.push(' ');
            said.push_str(&say!(l,
                fr: "La billetterie donne ses places par les identifiants de son plan de salle : exportez ce plan depuis l’éditeur de plans de pretix, chargez-le ci-dessous, puis importez à nouveau le fichier.",
                en: "The ticket shop gives its seats by the ids of its seating plan: export that plan from pretix's plan editor, load it below, then import the file again."));
        }
        return said;
    }
    let (imported, tickets, unchanged, cancelled) =
        (s.imported, s.tickets, s.unchanged, s.cancelled);
    let (conflicts, matched, created) = (
        s.conflicts + s.waiting,
        s.patrons_matched,
        s.patrons_created,
    );
    let sent = s.e_tickets;
    let mut out = say!(l,
        fr: "{imported} commande(s) importée(s) ({tickets} billets), {unchanged} déjà là, {cancelled} annulée(s) par la billetterie, {conflicts} en conflit. Public : {matched} retrouvé(s), {created} ajouté(s).",
        en: "{imported} order(s) imported ({tickets} tickets), {unchanged} already there, {cancelled} cancelled by the ticket shop, {conflicts} in conflict. Patrons: {matched} found, {created} added.");
    if !s.changed.is_empty() {
        let list = s.changed.join(", ");
        out.push(' ');
        out.push_str(&say!(l,
            fr: "Modifiées depuis leur import, non reprises : {list}.",
            en: "Changed since imported, not applied: {list}."));
    }
    if sent > 0 {
        out.push(' ');
        out.push_str(&say!(l,
            fr: "{sent} envoi(s) de billets mis en file (Caisse → Envois).",
            en: "{sent} e-ticket(s) queued (Caisse → Envois)."));
    }
    out
}

fn invalid(why: &Invalid, l: Locale) -> String {
    match why {
        Invalid::Missing => say!(l, fr: "manquant ou vide", en: "missing or empty"),
        Invalid::NotText => say!(l, fr: "n’est pas un texte", en: "not a text"),
        Invalid::NotList => say!(l, fr: "n’est pas une liste", en: "not a list"),
        Invalid::TooLong(n) => {
            say!(l, fr: "plus de {n} caractères", en: "longer than {n} characters")
        }
        Invalid::TooMany(n) => say!(l, fr: "plus de {n} éléments", en: "more than {n} entries"),
        Invalid::NotAmount(v) => {
            say!(l, fr: "« {v} » n’est pas un montant", en: "“{v}” is not an amount")
        }
        Invalid::NotInstant(v) => say!(l,
            fr: "« {v} » n’est pas une date et heure avec son décalage (2026-11-02T18:04:00+01:00)",
            en: "“{v}” is not a date and time with its offset (2026-11-02T18:04:00+01:00)"),
        Invalid::Unknown(v) => {
            say!(l, fr: "« {v} » n’est pas une valeur connue", en: "“{v}” is not a known value")
        }
        Invalid::NoTickets => {
            say!(l, fr: "une commande sans billet", en: "an order without tickets")
        }
        Invalid::Twice(first) => {
            say!(l, fr: "le même identifiant que {first}", en: "the same id as {first}")
        }
    }
}

/// Why an import or a decision was refused, and what to do.
pub fn error(e: &ImportError, l: Locale) -> String {
    match e {
        ImportError::Unreadable { line, column, .. } => say!(l,
            fr: "Le fichier n’est pas du JSON lisible (ligne {line}, colonne {column}) : rien n’est importé. Vérifiez qu’il est complet.",
            en: "The file is not readable JSON (line {line}, column {column}): nothing imported. Check that it is whole."),
        ImportError::NotAnOrderFile => say!(l,
            fr: "Ce n’est ni un fichier de commandes Guichet ni un export de commandes pretix : rien n’est importé.",
            en: "Neither a Guichet order file nor a pretix order export: nothing imported."),
        ImportError::NotASeatingPlan => say!(l,
            fr: "Ce n’est pas un plan de salle pretix (des zones, leurs rangs, leurs places) : exportez-le depuis l’éditeur de plans de pretix.",
            en: "Not a pretix seating plan (zones, their rows, their seats): export it from pretix's plan editor."),
        ImportError::UnknownSeller(seller) => say!(l,
            fr: "Aucun export pretix de {seller} n’a été importé : importez d’abord ses commandes, puis chargez son plan de salle.",
            en: "No pretix export of {seller} was imported: import its orders first, then load its seating plan."),
        ImportError::Invalid { path, why } => {
            let why = invalid(why, l);
            say!(l, fr: "{path} : {why}. Rien n’est importé : corrigez le fichier.",
                en: "{path}: {why}. Nothing imported: correct the file.")
        }
        ImportError::Duplicate {
            order,
            first,
            second,
        } => say!(l,
            fr: "La commande {order} est deux fois dans le fichier (orders[{first}] et orders[{second}]) : rien n’est importé.",
            en: "Order {order} is in the file twice (orders[{first}] and orders[{second}]): nothing imported."),
        ImportError::DuplicateCode { first, second } => say!(l,
            fr: "Les commandes {first} et {second} portent le même code de billet : rien n’est importé.",
            en: "Orders {first} and {second} carry the same ticket code: nothing imported."),
        ImportError::Currency { file, venue } => say!(l,
            fr: "Le fichier est en {file}, le lieu en {venue} : rien n’est importé.",
            en: "The file is in {file}, the venue in {venue}: nothing imported."),
        ImportError::File { path, why } => say!(l,
            fr: "Impossible de lire {path} : {why}. Vérifiez le chemin.",
            en: "Cannot read {path}: {why}. Check the path."),
        ImportError::TooLarge { max } => {
            let mb = max / (1024 * 1024);
            say!(l, fr: "Le fichier dépasse {mb} Mo : découpez-le.", en: "The file is over {mb} MB: split it.")
        }
        ImportError::NotAllowed(_) => say!(l,
            fr: "Importer des commandes et décider des conflits revient à un coordinateur.",
            en: "Importing orders and deciding conflicts is a coordinator’s act."),
        ImportError::Training => say!(l,
            fr: "Le poste est en mode formation : quittez-le pour importer de vraies commandes.",
            en: "The terminal is in training mode: leave it to import real orders."),
        ImportError::NoteNeeded => say!(l,
            fr: "Écrivez une note qui dit pourquoi : elle reste avec la commande.",
            en: "Write a note saying why: it stays with the order."),
        ImportError::Unresolved(t) => {
            let t = trouble(t, l);
            say!(l, fr: "{t} Choisissez une autre action.", en: "{t} Choose another action.")
        }
        ImportError::Counter(e) => super::counter::error(e, l),
        ImportError::NoVenue => say!(l,
            fr: "Le lieu n’est pas encore réglé : faites la mise en route d’abord.",
            en: "The venue is not set up yet: set it up first."),
        ImportError::NoSuchOrder(id) => say!(l,
            fr: "Aucune commande extérieure n° {id}.",
            en: "No outside order {id}."),
        ImportError::NotAConflict(id) => say!(l,
            fr: "La commande extérieure n° {id} n’attend plus de décision.",
            en: "Outside order {id} no longer waits for a decision."),
        ImportError::NoSuchMapping {
            seller,
            kind,
            external,
        } => say!(l,
            fr: "{seller} n’a pas de {kind} « {external} » dans les fichiers importés.",
            en: "{seller} has no {kind} “{external}” in the files imported."),
        ImportError::NoPerformance(id) => say!(l,
            fr: "Aucune représentation n° {id}.",
            en: "No performance {id}."),
        ImportError::NoTariff(code) => say!(l,
            fr: "Aucun tarif « {code} ».",
            en: "No tariff “{code}”."),
        ImportError::Store(_) | ImportError::Ledger(_) => {
            let e = e.to_string();
            say!(l,
                fr: "Rien n’est écrit : la base n’a pas pu être lue ou écrite ({e}).",
                en: "Nothing written: the database could not be read or written ({e}).")
        }
        ImportError::Audience(e) | ImportError::Mail(e) => say!(l,
            fr: "Rien n’est importé : {e}",
            en: "Nothing imported: {e}"),
    }
}
