//! The till's refusals in the reader's words (English for the command
//! line): closings asked too early, twice, or before an earlier day.

use crate::domain::Locale;
use crate::till::closings::TillError;

english!(TillError => error);

pub fn error(e: &TillError, l: Locale) -> String {
    match e {
        TillError::NotAllowed(act) => super::operators::not_allowed(*act, l),
        TillError::NoVenue => say!(l,
            fr: "Aucun lieu n’est encore réglé : il n’y a rien à clôturer.",
            en: "no venue is set up yet: there is nothing to close"),
        TillError::NotYet(label) => say!(l,
            fr: "{label} n’a pas commencé : on ne clôture qu’une période commencée.",
            en: "{label} has not begun: only a period under way or past can be closed"),
        TillError::NotOver(label) => say!(l,
            fr: "{label} n’est pas terminé : un mois ou une année se clôture une fois fini.",
            en: "{label} is not over: a month or a year is closed once it has ended"),
        TillError::Closed { label, number } => say!(l,
            fr: "{label} est déjà clôturé (clôture n° {number}).",
            en: "{label} is closed already (closing no. {number})"),
        TillError::EarlierDayOpen(day) => {
            let day = l.short_date(*day);
            say!(l,
                fr: "La journée du {day} a des ventes et n’est pas clôturée : clôturez-la d’abord.",
                en: "the day of {day} has sales and is not closed: close it first")
        }
        TillError::DayOpen(day) => {
            let day = l.short_date(*day);
            say!(l,
                fr: "La journée du {day} n’est pas clôturée : clôturez chaque journée d’abord.",
                en: "the day of {day} is not closed: close every day first")
        }
        TillError::MonthOpen(month) => say!(l,
            fr: "Le mois {month} n’est pas clôturé : clôturez chaque mois d’abord.",
            en: "the month {month} is not closed: close every month first"),
        TillError::Unreadable(seq) => say!(l,
            fr: "L’enregistrement n° {seq} du journal est illisible : lancez la vérification du journal.",
            en: "ledger record {seq} cannot be read: run guichet verify"),
        TillError::Print(why) => say!(l,
            fr: "Le rapport n’a pas pu être imprimé : {why}",
            en: "the report could not be printed: {why}"),
        TillError::NoPerformance(id) => say!(l,
            fr: "Aucune représentation n° {id}.",
            en: "no performance {id}: guichet performances lists them"),
        TillError::Store(e) => super::system::store(e, l),
        TillError::Ledger(e) => super::system::ledger(e, l),
        TillError::NoSession => say!(l,
            fr: "La caisse n’est pas ouverte : ouvrez-la en comptant le fond de caisse.",
            en: "the drawer is not open: open it with its float (guichet session open --float CENTS)"),
        TillError::SessionOpen { number, day } => {
            let day = l.short_date(*day);
            say!(l,
                fr: "La caisse est déjà ouverte (session n° {number} du {day}) : comptez-la pour la fermer d’abord.",
                en: "the drawer is open already (session {number} of {day}): count it to close it first (guichet session count)")
        }
        TillError::DrawerOpen { number, day } => {
            let day = l.short_date(*day);
            say!(l,
                fr: "La caisse du {day} (session n° {number}) n’a pas été comptée : comptez le tiroir avant de clôturer.",
                en: "the drawer of {day} (session {number}) was not counted: count it before closing the day (guichet session count)")
        }
        TillError::NotInDrawer { holds, currency } => {
            let holds = crate::domain::Money {
                cents: crate::domain::Cents(*holds),
                currency: *currency,
            }
            .format(l);
            say!(l,
                fr: "Le tiroir ne devrait contenir que {holds} : on ne peut pas en sortir plus.",
                en: "the drawer should hold only {holds}: more cannot be taken out")
        }
        TillError::NoOperator(name) => say!(l,
            fr: "Aucun guichetier actif ne s’appelle « {name} » : choisissez qui reprend la caisse.",
            en: "no active clerk is called \"{name}\": name who takes the drawer"),
        TillError::Count(e) => count(e, l),
        TillError::Archive(e) => archive(e, l),
    }
}

/// Why an archive was not written, or does not hold.
pub fn archive(e: &crate::till::archive::ArchiveError, l: Locale) -> String {
    use crate::till::archive::ArchiveError as E;
    match e {
        E::NotClosed(label) => say!(l,
            fr: "{label} n’est pas clôturé : clôturez la période avant de l’archiver.",
            en: "{label} is not closed: close the period before archiving it (guichet close month|year)"),
        E::Exists(path) => {
            let path = path.display();
            say!(l,
                fr: "Une archive de cette période est déjà là : {path}.",
                en: "an archive of this period is already there: {path}")
        }
        E::Write { path, why } => {
            let path = path.display();
            say!(l,
                fr: "L’archive n’a pas pu être écrite ({path} : {why}). Rien n’a été gardé ni enregistré : choisissez un dossier où l’on peut écrire, avec de la place.",
                en: "the archive could not be written ({path}: {why}); nothing was kept or recorded: choose a folder that can be written to, with room")
        }
        E::Missing(path) => {
            let path = path.display();
            say!(l, fr: "Aucun dossier {path}.", en: "no folder {path}")
        }
        E::Incomplete(path) => {
            let path = path.display();
            say!(l,
                fr: "{path} n’est pas une archive complète (écriture interrompue, pas de manifeste) : archivez la période à nouveau.",
                en: "{path} is not a complete archive (its writing was interrupted, it has no manifest): archive the period again")
        }
        E::Invalid(why) => say!(l,
            fr: "L’archive ne tient pas : {why}.",
            en: "the archive does not hold: {why}"),
    }
}

/// Why an amount or a count was refused.
pub fn count(e: &crate::domain::drawer::CountError, l: Locale) -> String {
    use crate::domain::drawer::CountError as E;
    match e {
        E::Negative => say!(l,
            fr: "Un montant ou un nombre de pièces ne peut pas être négatif.",
            en: "an amount or a number of notes or coins cannot be negative"),
        E::TooLarge => say!(l,
            fr: "Ce montant dépasse ce qu’un tiroir peut contenir (1 000 000,00 au plus, 100 000 pièces d’une valeur).",
            en: "more than a drawer can hold (1,000,000.00 at most, 100,000 of one note or coin)"),
        E::NotADenomination(v) => say!(l,
            fr: "{v} centimes n’est ni un billet ni une pièce de cette monnaie.",
            en: "{v} cents is not a note or coin of this currency"),
        E::Twice(v) => say!(l,
            fr: "La valeur {v} centimes est comptée deux fois.",
            en: "the value {v} cents is counted twice"),
        E::Zero => say!(l,
            fr: "Indiquez un montant : un mouvement de rien ne s’enregistre pas.",
            en: "give an amount: a movement of nothing is not recorded"),
        E::Reason => say!(l,
            fr: "Indiquez la raison du mouvement (200 caractères au plus).",
            en: "say why the cash moves (200 characters at most)"),
    }
}

words! {
    /// The words of Caisse's closings.
    pub enum C {
        List { fr: "Clôtures", en: "Closings" }
        Today { fr: "Journée du {0}", en: "Day of {0}" }
        CloseDay { fr: "Clôturer la journée (Z)", en: "Close the day (Z)" }
        Confirm { fr: "Clôturer la journée du {0} ? C’est définitif : plus aucune vente ni remboursement ne pourra y être daté.", en: "Close the day of {0}? This is final: no more sale or refund can be dated in it." }
        ConfirmYes { fr: "Clôturer", en: "Close" }
        Cancel { fr: "Annuler", en: "Cancel" }
        LeftOpen { fr: "La journée du {0} a des ventes et n’a pas été clôturée.", en: "The day of {0} has sales and was not closed." }
        CloseThat { fr: "Clôturer le {0}", en: "Close {0}" }
        Done { fr: "Clôture n° {0} enregistrée ({1}).", en: "Closing no. {0} recorded ({1})." }
        None { fr: "Aucune clôture encore : la première journée de ventes se clôture le soir (Z).", en: "No closing yet: the first day of sales is closed in the evening (Z)." }
        Day { fr: "Z", en: "Z" }
        Month { fr: "Mois", en: "Month" }
        Year { fr: "Année", en: "Year" }
        Line { fr: "{0} n° {1} · {2} · total {3} · cumul perpétuel {4}", en: "{0} no. {1} · {2} · total {3} · perpetual total {4}" }
        Sales { fr: "{0} vente(s) · {1} billet(s) dont {2} exonéré(s) · {3} échange(s) · {4} annulation(s) ({5} billet(s))", en: "{0} sale(s) · {1} ticket(s), {2} free · {3} exchange(s) · {4} cancellation(s) ({5} ticket(s))" }
        Amounts { fr: "Ventes {0} · annulations {1} · remboursé {2} · total {3}", en: "Sold {0} · cancelled {1} · refunded {2} · total {3}" }
        TaxLine { fr: "{0} {1} : base {2}, taxe {3}", en: "{0} {1}: base {2}, tax {3}" }
        MethodLine { fr: "{0} : {1}", en: "{0}: {1}" }
        VoucherNet { fr: "Bons et avoirs (utilisés, moins émis)", ca: "Cartes-cadeaux et notes de crédit (utilisées, moins émises)", en: "Vouchers and credit notes (spent, less issued)" }
        Records { fr: "Enregistrements {0} à {1} · dernier : {2}…", en: "Records {0} to {1} · last: {2}…" }
        Print { fr: "Imprimer le rapport", en: "Print the report" }
        Printed { fr: "Rapport envoyé à l’impression : {0}", en: "Report sent to print: {0}" }
        Archive { fr: "Archiver la période", en: "Archive the period" }
        Archived { fr: "Archive écrite et signée : {0} ({1} enregistrements).", en: "Archive written and signed: {0} ({1} records)." }
    }
}

pub fn c(locale: Locale, key: C) -> &'static str {
    key.text(locale)
}

pub fn cf(locale: Locale, key: C, args: &[&str]) -> String {
    super::fill(c(locale, key), args)
}

/// A period's name: Z, month, year.
pub fn period_name(period: &str, locale: Locale) -> &'static str {
    c(
        locale,
        match period {
            "month" => C::Month,
            "year" => C::Year,
            _ => C::Day,
        },
    )
}

/// A tax by its code: TVA, TPS, TVQ in French; VAT, GST, QST in English.
pub fn tax_kind(kind: &str, locale: Locale) -> String {
    match (kind, locale.is_french()) {
        ("vat", true) => "TVA".into(),
        ("gst", true) => "TPS".into(),
        ("qst", true) => "TVQ".into(),
        (other, _) => other.to_uppercase(),
    }
}

words! {
    /// The words of the cash drawer: its opening, movements and counts.
    pub enum D {
        List { fr: "Tiroir-caisse", en: "Cash drawer" }
        OpeningTitle { fr: "Ouverture de caisse", en: "Opening the till" }
        OpeningHint { fr: "Comptez le fond de caisse du tiroir, tapez-le et validez (Entrée). Une fois par jour.", en: "Count the float in the drawer, type it and press Enter. Once a day." }
        Float { fr: "Fond de caisse", en: "Float" }
        Open { fr: "Ouvrir la caisse", en: "Open the till" }
        Later { fr: "Plus tard (pas de vente)", en: "Later (no sales)" }
        ByPieces { fr: "Compter par billets et pièces", en: "Count by notes and coins" }
        ByTotal { fr: "Saisir le total", en: "Type the total" }
        Total { fr: "Total compté", en: "Total counted" }
        CountedTotal { fr: "Total : {0}", en: "Total: {0}" }
        NotOpen { fr: "La caisse n’est pas ouverte aujourd’hui : comptez le fond de caisse pour l’ouvrir.", en: "The till is not open today: count the float to open it." }
        Session { fr: "Session n° {0} du {1}", en: "Session {0} of {1}" }
        Expected { fr: "Fond {0} · espèces encaissées {1} · entrées {2} · sorties {3} · attendu dans le tiroir {4}", en: "Float {0} · cash taken {1} · cash in {2} · cash out {3} · expected in the drawer {4}" }
        StepOpen { fr: "Ouverture", en: "Opened" }
        StepIn { fr: "Entrée d’espèces", en: "Cash in" }
        StepOut { fr: "Sortie d’espèces", en: "Cash out" }
        StepHandover { fr: "Passation", en: "Handover" }
        StepCount { fr: "Comptage de fermeture", en: "Closing count" }
        StepLine { fr: "{0} · {1} · {2}", en: "{0} · {1} · {2}" }
        StepCounted { fr: "{0} · {1} · compté {2}, attendu {3}, écart {4}", en: "{0} · {1} · counted {2}, expected {3}, difference {4}" }
        Amount { fr: "Montant", en: "Amount" }
        Reason { fr: "Motif", en: "Reason" }
        CashIn { fr: "Entrée", en: "Cash in" }
        CashOut { fr: "Sortie", en: "Cash out" }
        CountTitle { fr: "Comptage du tiroir", en: "Counting the drawer" }
        HandoverTo { fr: "Passer la caisse à…", en: "Hand the drawer to…" }
        CountEnd { fr: "Compter et fermer la caisse", en: "Count and close the till" }
        CountHandover { fr: "Compter et passer la caisse", en: "Count and hand over" }
        Result { fr: "Attendu {0} · compté {1} · écart {2}", en: "Expected {0} · counted {1} · difference {2}" }
        Closed { fr: "Caisse comptée et fermée. Vous pouvez clôturer la journée (Z) dans Clôtures.", en: "Till counted and closed. You may close the day (Z) in Closings." }
        HandedOver { fr: "Caisse passée à {0}.", en: "Drawer handed to {0}." }
        Moved { fr: "Mouvement enregistré.", en: "Movement recorded." }
        Opened { fr: "Caisse ouverte avec un fond de {0}.", en: "Till opened with a float of {0}." }
    }
}

pub fn d(locale: Locale, key: D) -> &'static str {
    key.text(locale)
}

pub fn df(locale: Locale, key: D, args: &[&str]) -> String {
    super::fill(d(locale, key), args)
}
