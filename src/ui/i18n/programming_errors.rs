//! Why Programmation refused something, in the coordinator's language
//! (English for the command line): halls and their seat plans (generated
//! or read from a CSV file), shows, performances and series, prices,
//! quotas and holds. Each says what is wrong and what to do.

use chrono::DateTime;
use chrono_tz::Tz;

use crate::domain::plan_csv::{COLUMNS, CsvColumn, CsvError, CsvProblem};
use crate::domain::season::{SERIES_MAX_DAYS, SeriesError};
use crate::domain::seat_plan::{PlanError, SectionProblem};
use crate::domain::{Locale, SeatName};
use crate::programming::{Missing, ProgrammingError};

english!(
    ProgrammingError => error,
    SeriesError => series,
    PlanError => plan,
    SectionProblem => section,
    CsvError => csv,
    CsvProblem => csv_problem,
);

/// A programming error as the window shows it: a sentence (English starts
/// in lower case for the command line, and is capitalised here).
pub fn describe(e: &ProgrammingError, l: Locale) -> String {
    let text = error(e, l);
    if l.is_french() {
        text
    } else {
        super::counter::capitalised(&text)
    }
}

/// A programming error in `l`. Exhaustive: a new error cannot reach the
/// window without its French.
pub fn error(e: &ProgrammingError, l: Locale) -> String {
    use ProgrammingError as E;
    match e {
        E::HallNameEmpty => say!(l, fr: "Donnez un nom à la salle.", en: "the hall needs a name"),
        E::NameTooLong => {
            let max = crate::domain::operator::NAME_MAX_CHARS;
            say!(l, fr: "Nom trop long : {max} caractères au plus.",
                en: "the name is longer than {max} characters")
        }
        E::HallNameTaken(name) => say!(l, fr: "Une salle « {name} » existe déjà.",
            en: "a hall named \"{name}\" already exists: choose another name"),
        E::Capacity(c) => say!(l, fr: "Jauge de {c} : entre 1 et 100 000 places.",
            en: "a capacity of {c}: between 1 and 100000 places"),
        E::PlanCsv(e) => {
            let (line, problem, whole) = (e.line, csv_problem(&e.problem, l), csv(e, l));
            say!(l, fr: "Plan CSV, ligne {line} : {problem}.", en: "the seat plan: {whole}")
        }
        E::PlanLayout(e) => {
            let plan = plan(e, l);
            say!(l, fr: "{plan}", en: "the seat plan: {plan}")
        }
        E::PlanEmpty => say!(l,
            fr: "Une salle numérotée a besoin de places : générez un plan ou importez un CSV.",
            ca: "Une salle à places réservées a besoin de sièges : générez un plan ou importez un CSV.",
            en: "a numbered hall needs seats: generate a plan or import a CSV"),
        E::TitleEmpty => say!(l, fr: "Donnez un titre au spectacle.", en: "the show needs a title"),
        E::Duration(d) => say!(l, fr: "Durée de {d} minutes : entre 1 et 1 440.",
            en: "a duration of {d} minutes: between 1 and 1440"),
        E::Vat(e) => {
            let why = super::counter::tax(e, l);
            say!(l, fr: "Taux de TVA illisible : tapez un pourcentage comme 5,5.",
                en: "VAT: {why}")
        }
        E::Series(e) => series(e, l),
        E::NotAllowed(act) => super::operators::not_allowed(*act, l),
        E::Venue(errors) => errors
            .iter()
            .map(|e| super::operators::venue(e, l))
            .collect::<Vec<_>>()
            .join(if l.is_french() { " " } else { "; " }),
        E::VenueFixed => say!(l,
            fr: "Le pays, la monnaie et le fuseau horaire restent ceux de la mise en route : chaque vente enregistrée se lit avec eux. Pour un autre lieu, créez une autre base.",
            en: "the venue's country, currency and time zone stay as set up: every recorded sale reads in them; another venue needs its own database"),
        E::Picture(e) => super::pictures::picture(e, l),
        E::PriceRule(_) | E::RuleCategory(_) => super::pricing::refused(e, l),
        E::NotFound(what) => {
            let what = missing(*what, l);
            say!(l, fr: "Introuvable : {what} (supprimé entre-temps ?). Rouvrez la liste et réessayez.",
                en: "no such {what}: it may have been removed meanwhile")
        }
        E::NoShowChosen => {
            say!(l, fr: "Choisissez d’abord un spectacle.", en: "choose a show first")
        }
        E::NoHallChosen => {
            say!(l, fr: "Choisissez d’abord une salle.", en: "choose a hall first")
        }
        E::NotANumber { typed, .. } => say!(l, fr: "« {typed} » n’est pas un nombre entier.",
            en: "\"{typed}\" is not a whole number"),
        E::FileUnreadable { path, kind } => {
            let why = unreadable(*kind, l);
            say!(l, fr: "Impossible de lire {path} : {why}.", en: "{path} cannot be read: {why}")
        }
        // Season files' problems (the command line's): English, placed.
        E::Other(message) => message.clone(),
        E::Formula(p) => super::subscriptions::formula(p, l),
        E::Store(e) => {
            let (sqlite, words) = (&e.0, super::system::store(e, l));
            say!(l, fr: "La base de données a refusé l’écriture ({sqlite}) : rien n’a été enregistré.",
                en: "{words}")
        }
        E::Ledger(e) => {
            let why = super::system::ledger(e, l);
            say!(l, fr: "Le journal a refusé l’écriture ({why}) : rien n’a été enregistré.",
                en: "{why}")
        }
        E::Overlap { .. }
        | E::SalesWindow
        | E::Length
        | E::CapacityAboveHall { .. }
        | E::CapacityBelowTaken { .. }
        | E::NoSlot
        | E::SlotTwice(_)
        | E::SlotOutside(_)
        | E::SlotHasTickets(_)
        | E::SlotLent(_)
        | E::HasTickets
        | E::NotADate(_)
        | E::NotATime(_)
        | E::SlotNotATime(_)
        | E::NotAMoment(_) => performances(e, l),
        E::PriceOutOfRange { .. }
        | E::PriceTypo { .. }
        | E::ComplimentaryNotFree(_)
        | E::QuotaAboveCapacity { .. }
        | E::InvitationPlaces { .. }
        | E::QuotaBelowSold { .. }
        | E::UnknownCategory(_)
        | E::UnknownTariff(_)
        | E::CategoryTaken(_)
        | E::CategoryIncomplete
        | E::TariffCode(_)
        | E::TariffNameEmpty
        | E::TariffTaken(_)
        | E::NotOffered(_)
        | E::OtherHall => prices(e, l),
        E::SeatsWithoutCategory(_)
        | E::SeatsSold(_)
        | E::SeatsLent(_)
        | E::SeatsHeld(_)
        | E::NotEnoughPlaces { .. }
        | E::HoldNameEmpty
        | E::NoSeatsChosen
        | E::NoSeatsHere
        | E::Colour(_)
        | E::NotInHold
        | E::SeatTwice(_)
        | E::SeatMisplaced(_)
        | E::RenumberClash { .. } => seats(e, l),
    }
}

/// Refusals about performances: their times, sales, capacity and slots.
fn performances(e: &ProgrammingError, l: Locale) -> String {
    use ProgrammingError as E;
    match e {
        E::Overlap {
            hall,
            show,
            starts_at,
            ends_at,
        } => {
            let from = l.date_time(starts_at.with_timezone(&chrono::Utc), starts_at.timezone());
            let to = l.time(ends_at);
            say!(l, fr: "{hall} est prise par {show} le {from} jusqu’à {to} : choisissez une autre heure ou une autre salle.",
                en: "{hall} is taken by {show} from {from} to {to}: choose another time or another hall")
        }
        E::SalesWindow => say!(l,
            fr: "La vente doit fermer au plus tard à la fin de la représentation, et ouvrir avant de fermer.",
            en: "sales must close no later than the end of the performance, and open before they close"),
        E::Length => say!(l, fr: "Une représentation finit après son début, dans les 24 heures.",
            en: "a performance ends after it starts, within 24 hours"),
        E::CapacityAboveHall { capacity, hall } => say!(l,
            fr: "Jauge de {capacity} : la salle en contient {hall} au plus.",
            en: "a capacity of {capacity}: the hall holds {hall} at most"),
        E::CapacityBelowTaken { capacity, taken } => say!(l,
            fr: "Jauge de {capacity} : {taken} places sont déjà vendues ou retenues.",
            ca: "Jauge de {capacity} : {taken} places sont déjà vendues ou bloquées.",
            en: "a capacity of {capacity}: {taken} places are already sold or held"),
        E::NoSlot => say!(l, fr: "Une entrée par créneau a besoin d’au moins un créneau.",
            en: "a timed performance needs at least one entry slot"),
        E::SlotTwice(at) => {
            let at = slot_time(at, l);
            say!(l, fr: "Deux créneaux commencent à {at}.", en: "two entry slots start at {at}")
        }
        E::SlotOutside(at) => {
            let at = slot_time(at, l);
            say!(l, fr: "Le créneau de {at} tombe hors de la représentation.",
                en: "the slot at {at} is outside the performance")
        }
        E::SlotLent(at) => {
            let at = slot_time(at, l);
            say!(l, fr: "Ce poste détient des places du créneau de {at}, prêtées par la base centrale : rendez-les d’abord (Réglages → Base centrale), puis retirez le créneau.",
                en: "this terminal holds places of the slot at {at}, lent by the central database: give them back first (Réglages → central database), then remove the slot")
        }
        E::SlotHasTickets(at) => {
            let at = slot_time(at, l);
            say!(l, fr: "Le créneau de {at} a des billets : il reste.",
                en: "the slot at {at} has tickets: it cannot be removed")
        }
        E::HasTickets => say!(l,
            fr: "Des billets existent déjà pour cette représentation : sa salle et ses places ne changent plus.",
            en: "tickets were already issued for this performance: its hall and seats cannot change"),
        E::NotADate(v) => say!(l, fr: "« {v} » n’est pas une date : tapez-la comme 24/11/2026.",
            en: "\"{v}\" is not a date: type it as 2026-11-24 or 24/11/2026"),
        E::NotATime(v) => say!(l, fr: "« {v} » n’est pas une heure : tapez-la comme 20:00.",
            en: "\"{v}\" is not a time: type it as 20:00"),
        E::SlotNotATime(v) => say!(l, fr: "« {v} » n’est pas une heure : tapez-la comme 20:00.",
            en: "\"{v}\" is not a time: type it as 10:30"),
        E::NotAMoment(v) => say!(l,
            fr: "« {v} » n’est pas une date et une heure : tapez-les comme 24/11/2026 18:00.",
            en: "\"{v}\" is not a date and time: type it as 24/11/2026 18:00"),
        other => format!("{other:?}"),
    }
}

/// Refusals about tariffs, prices, categories and quotas.
fn prices(e: &ProgrammingError, l: Locale) -> String {
    use ProgrammingError as E;
    match e {
        E::PriceOutOfRange {
            category,
            tariff,
            amount,
        } => {
            let amount = crate::domain::Cents(*amount).plain('.');
            say!(l, fr: "{category} / {tariff} : prix impossible (de 0 à 100 000,00).",
                en: "{category} / {tariff}: {amount} is not a price (from 0.00 to 100000.00)")
        }
        E::PriceTypo {
            category,
            tariff,
            typed,
        } => {
            say!(l, fr: "{category} / {tariff} : « {typed} » n’est pas un prix, tapez-le comme 12,50.",
            en: "{category} / {tariff}: \"{typed}\" is not a price, type it as 12,50")
        }
        E::ComplimentaryNotFree(t) => say!(l,
            fr: "{t} est un tarif exonéré : son prix est toujours 0.",
            ca: "{t} est un tarif de billet de faveur : son prix est toujours 0.",
            en: "{t} is a complimentary tariff: its price is always 0"),
        E::QuotaAboveCapacity {
            tariff,
            quota,
            capacity,
        } => say!(l, fr: "Quota de {quota} pour {tariff} : au-delà des {capacity} places.",
            en: "a quota of {quota} for {tariff} is above the {capacity} places of the performance"),
        E::InvitationPlaces {
            kind,
            places,
            capacity,
            issued,
        } => {
            let kind = super::journal::requester_kind(kind, l);
            say!(l, fr: "{places} places d’invitation ({kind}) : il en faut entre {issued} (déjà émises) et {capacity} (les places de la représentation).",
                en: "{places} invitation places ({kind}): between {issued} (already issued) and {capacity} (the performance's places)")
        }
        E::QuotaBelowSold {
            tariff,
            quota,
            sold,
        } => say!(l, fr: "Quota de {quota} pour {tariff} : {sold} billets sont déjà vendus.",
            en: "a quota of {quota} for {tariff}: {sold} tickets are already sold"),
        E::UnknownCategory(code) => say!(l,
            fr: "Pas de catégorie « {code} » dans cette représentation.",
            en: "no price category \"{code}\" in this performance"),
        E::UnknownTariff(code) => say!(l, fr: "Pas de tarif « {code} » : créez-le d’abord.",
            en: "no tariff \"{code}\": create it first"),
        E::CategoryTaken(code) => say!(l,
            fr: "Le code {code} est déjà pris dans cette représentation.",
            en: "the category code \"{code}\" is already used in this performance"),
        E::CategoryIncomplete => say!(l,
            fr: "Une catégorie a besoin d’un code (8 caractères au plus) et d’un nom (60 au plus).",
            en: "a category needs a code (8 characters at most) and a name (60 at most)"),
        E::TariffCode(code) => say!(l,
            fr: "Code de tarif « {code} » : majuscules et chiffres seulement, comme GROUPE.",
            en: "the tariff code \"{code}\": capital letters and digits only, such as GROUPE"),
        E::TariffNameEmpty => {
            say!(l, fr: "Donnez un nom au tarif.", en: "the tariff needs a name")
        }
        E::TariffTaken(code) => {
            say!(l, fr: "Le tarif {code} existe déjà.", en: "a tariff {code} already exists")
        }
        E::NotOffered(code) => say!(l,
            fr: "{code} a des prix mais n’est pas coché parmi les tarifs proposés.",
            en: "{code} has prices but is not among the tariffs offered"),
        E::OtherHall => say!(l,
            fr: "Les catégories ne se copient qu’entre représentations de la même salle.",
            en: "categories can only be copied between performances of the same hall"),
        other => format!("{other:?}"),
    }
}

/// Refusals about seats: the plan's, the categories', the holds'.
fn seats(e: &ProgrammingError, l: Locale) -> String {
    use ProgrammingError as E;
    match e {
        E::SeatsWithoutCategory(count) => say!(l,
            fr: "{count} places ne sont dans aucune catégorie : peignez-les avant de vendre.",
            en: "{count} seats are in no price category: paint them before selling"),
        E::SeatsSold(seats) => {
            let seats = SeatName::list(seats, l);
            say!(l, fr: "Déjà vendues : {seats}.",
                en: "already sold: {seats}; these seats stay as they were sold (not removed, renumbered, repainted or held)")
        }
        E::SeatsLent(seats) => {
            let seats = SeatName::list(seats, l);
            say!(l, fr: "Prêtées à ce guichet par la base centrale : {seats}. Rendez-les d’abord (guichet central give-back), puis modifiez le plan.",
                en: "lent to this terminal by the central database: {seats}; give them back first (guichet central give-back), then change the plan")
        }
        E::SeatsHeld(seats) => {
            let seats = SeatName::list(seats, l);
            say!(l, fr: "Déjà retenues : {seats}.", ca: "Déjà bloquées : {seats}.",
                en: "already in a hold: {seats}")
        }
        E::NotEnoughPlaces { asked, available } => say!(l,
            fr: "{asked} places demandées, {available} encore libres.",
            en: "{asked} places asked, {available} still free"),
        E::HoldNameEmpty => say!(l, fr: "Donnez un motif à la réserve (maison, presse…).",
            en: "the hold needs a name (house seats, press…)"),
        E::NoSeatsChosen => say!(l, fr: "Choisissez d’abord les places sur le plan.",
            en: "choose the seats on the map first"),
        E::NoSeatsHere => say!(l,
            fr: "Cette salle n’a pas de places numérotées : retenez un nombre de places.",
            ca: "Cette salle n’a pas de places numérotées : bloquez un nombre de places.",
            en: "this hall has no numbered seats: hold a number of places"),
        E::Colour(c) => say!(l, fr: "« {c} » n’est pas une couleur : écrivez-la comme #4a6fa5.",
            en: "\"{c}\" is not a colour: write it as #4a6fa5"),
        E::NotInHold => say!(l, fr: "Certaines de ces places ne sont pas dans cette réserve.",
            en: "some of these seats are not in this hold"),
        E::SeatTwice(seat) => {
            let seat = seat.label(l);
            say!(l, fr: "La place {seat} figure deux fois dans le plan.",
                en: "seat {seat} appears twice in the plan")
        }
        E::SeatMisplaced(seat) => {
            let seat = seat.label(l);
            say!(l, fr: "Place {seat} : section, rang et numéro de 1 à 40 caractères, coordonnées entre -10 000 et 10 000.",
                en: "seat {seat}: a section, row and number of 1 to 40 characters, and coordinates between -10000 and 10000")
        }
        E::RenumberClash {
            section,
            row,
            number,
        } => say!(l,
            fr: "{section}, rang {row} a déjà une place {number} hors de la sélection : incluez-la ou partez d’un autre numéro.",
            en: "{section} row {row} already has a seat {number} outside the selection: include it or start from another number"),
        other => format!("{other:?}"),
    }
}

/// The time of an entry slot, in the venue's zone.
fn slot_time(at: &DateTime<Tz>, l: Locale) -> String {
    l.time(at)
}

/// What could not be found: "la salle", "hall".
fn missing(what: Missing, l: Locale) -> String {
    match what {
        Missing::Hall => say!(l, fr: "la salle", en: "hall"),
        Missing::Show => say!(l, fr: "le spectacle", en: "show"),
        Missing::Performance => say!(l, fr: "la représentation", en: "performance"),
        Missing::Tariff => say!(l, fr: "le tarif", en: "tariff"),
        Missing::Category => say!(l, fr: "la catégorie", en: "price category"),
        Missing::Hold => say!(l, fr: "la réserve", en: "hold"),
        Missing::Seat => say!(l, fr: "la place", en: "seat"),
        Missing::PriceRule => say!(l, fr: "la règle de prix", en: "price rule"),
        Missing::Venue => {
            say!(l, fr: "le lieu (pas encore mis en route)", en: "venue (not set up yet)")
        }
    }
}

/// Why a file (a CSV plan) could not be read.
fn unreadable(kind: std::io::ErrorKind, l: Locale) -> String {
    use std::io::ErrorKind as K;
    match kind {
        K::NotFound => say!(l, fr: "fichier introuvable, vérifiez le chemin",
            en: "no such file, check the path"),
        K::PermissionDenied => say!(l, fr: "accès refusé, vérifiez les droits du fichier",
            en: "access refused, check the file's permissions"),
        K::IsADirectory => say!(l, fr: "c’est un dossier, donnez le chemin du fichier CSV",
            en: "this is a folder, give the CSV file's path"),
        _ => say!(l, fr: "erreur de lecture du disque", en: "the disk could not be read"),
    }
}

/// Why a series of performances gives no dates.
pub fn series(e: &SeriesError, l: Locale) -> String {
    match e {
        SeriesError::Backwards { from, to } => {
            let (from, to) = (l.short_date(*from), l.short_date(*to));
            say!(l, fr: "La série finit avant de commencer.",
                en: "the series ends ({to}) before it starts ({from})")
        }
        SeriesError::TooLong => say!(l,
            fr: "La série dépasse {SERIES_MAX_DAYS} jours : coupez-la en deux.",
            en: "the series spans more than {SERIES_MAX_DAYS} days: split it"),
        SeriesError::NoTimes => say!(l, fr: "Cochez au moins un jour de la semaine.",
            en: "no day and time chosen: tick at least one weekday with its time"),
        SeriesError::NoDates => say!(l,
            fr: "Aucune date ne tombe dans la série (vérifiez les jours et les exceptions).",
            en: "no date falls in the series (check the weekdays and the dates excepted)"),
        SeriesError::NoSuchTime { date, time } => {
            let (date, time) = (l.short_date(*date), time.format("%H:%M").to_string());
            say!(l, fr: "Le {date} à {time} n’existe pas (changement d’heure cette nuit-là) : choisissez une autre heure.",
                en: "{date} at {time} does not exist in the venue's time zone (the clocks go forward that night): choose another time")
        }
    }
}

/// Why a generated seat plan was refused.
pub fn plan(e: &PlanError, l: Locale) -> String {
    match e {
        PlanError::DuplicateSection(name) => say!(l,
            fr: "La section « {name} » figure deux fois : donnez à chacune son nom.",
            en: "section \"{name}\" appears twice: each section needs its own name"),
        PlanError::Section {
            section: name,
            problem,
        } => {
            let problem = section(problem, l);
            say!(l, fr: "Section « {name} » : {problem}.", en: "section \"{name}\": {problem}")
        }
    }
}

/// What is wrong with one section of a generated plan.
pub fn section(problem: &SectionProblem, l: Locale) -> String {
    use SectionProblem as S;
    match problem {
        S::NoName => say!(l, fr: "la section n’a pas de nom", en: "the section has no name"),
        S::Rows(rows) => {
            say!(l, fr: "{rows} rangs : entre 1 et 200", en: "{rows} rows: between 1 and 200")
        }
        S::Geometry => say!(l,
            fr: "espacement des rangs entre 0 et 20, courbure entre 0 et 1 000, recul entre -1 000 et 1 000",
            en: "the row spacing must be above 0 and at most 20, the curve radius between 0 and 1000, the offset between -1000 and 1000"),
        S::FirstRow(row) => say!(l, fr: "« {row} » n’est pas une lettre de rang",
            en: "\"{row}\" is not a row letter"),
        S::RowSize { row, count } => say!(l,
            fr: "le rang {row} aurait {count} places : entre 1 et 500",
            en: "row {row} would have {count} seats: between 1 and 500"),
        S::NoSeatToFlag { row, number } => say!(l,
            fr: "le rang {row} n’a pas de place {number} à marquer",
            en: "row {row} has no seat {number} to flag"),
        S::TooCurved(row) => say!(l,
            fr: "le rang {row} ferait plus d’un demi-cercle : prenez une courbure plus grande",
            en: "row {row} would bend more than a half circle: choose a larger curve radius"),
    }
}

/// A CSV plan's problem with the line it is on.
pub fn csv(e: &CsvError, l: Locale) -> String {
    let (line, problem) = (e.line, csv_problem(&e.problem, l));
    say!(l, fr: "ligne {line} : {problem}", en: "line {line}: {problem}")
}

/// What is wrong with one line of a CSV plan.
pub fn csv_problem(problem: &CsvProblem, l: Locale) -> String {
    use CsvProblem as C;
    match problem {
        C::Unreadable(why) => say!(l, fr: "ligne illisible (un guillemet n’est pas refermé ?)",
            en: "unreadable line ({why})"),
        C::TooFewColumns(count) => say!(l,
            fr: "{count} colonnes, il en faut 5 ou 6 ({COLUMNS})",
            en: "{count} columns where {COLUMNS} is expected"),
        C::TooManyColumns(count) => say!(l,
            fr: "{count} colonnes, 6 au plus ({COLUMNS}) : mettez entre guillemets un nom qui contient le séparateur",
            en: "{count} columns where at most 6 ({COLUMNS}) are expected; quote a name that holds the separator"),
        C::Empty(CsvColumn::Section) => say!(l, fr: "section vide", en: "the section is empty"),
        C::Empty(CsvColumn::Row) => say!(l, fr: "rang vide", en: "the row is empty"),
        C::Empty(CsvColumn::Seat) => {
            say!(l, fr: "numéro de place vide", en: "the seat number is empty")
        }
        C::NotANumber { axis, raw } => say!(l,
            fr: "{axis} « {raw} » n’est pas un nombre entre -10000 et 10000",
            en: "{axis} \"{raw}\" is not a number between -10000 and 10000"),
        C::UnknownFlag(flag) => say!(l,
            fr: "marque inconnue « {flag} » : wheelchair, companion ou restricted_view",
            en: "unknown flag \"{flag}\": use wheelchair, companion or restricted_view"),
        C::Twice {
            section,
            row,
            number,
            first,
        } => {
            let seat = SeatName {
                section: section.clone(),
                row: row.clone(),
                number: number.clone(),
            }
            .label(l);
            say!(l, fr: "la place {seat} figure deux fois (déjà ligne {first})",
                en: "seat {section} {row} {number} appears twice (first on line {first})")
        }
        C::NoSeat => say!(l, fr: "aucune place : une ligne par place, {COLUMNS}",
            en: "no seat: one line per seat, {COLUMNS}"),
    }
}
