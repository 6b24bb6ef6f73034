//! The journal of the season's changes in the reader's words: what changed
//! ("Séance modifiée"), and each field before and after ("Prix (CAT1 ·
//! PLEIN) : 25,00 € → 28,00 €"), values shown as the screens show them.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::programming::{genre_name, hall_kind_name, status_name, tax_name};
use crate::domain::programmed::{Action, FieldChange, Programmed, Subject};
use crate::domain::season::{HallKind, PerformanceStatus, ShowTax};
use crate::domain::{Cents, Currency, Locale, Money, SeatName, TaxRate};

words! {
    /// The words of the season's journal.
    pub enum J {
        HallCreated { fr: "Salle créée", en: "Hall created" }
        HallChanged { fr: "Salle modifiée", en: "Hall changed" }
        HallDeleted { fr: "Salle supprimée", en: "Hall deleted" }
        SeatsChanged { fr: "Plan de salle modifié", en: "Seat plan changed" }
        SeatsDeleted { fr: "Sièges retirés du plan", en: "Seats removed from the plan" }
        ShowCreated { fr: "Spectacle créé", en: "Show created" }
        ShowChanged { fr: "Spectacle modifié", en: "Show changed" }
        ShowDeleted { fr: "Spectacle supprimé", en: "Show deleted" }
        PerformanceCreated { fr: "Séance créée", ca: "Représentation créée", en: "Performance created" }
        PerformanceChanged { fr: "Séance modifiée", ca: "Représentation modifiée", en: "Performance changed" }
        PerformanceDeleted { fr: "Séance supprimée", ca: "Représentation supprimée", en: "Performance deleted" }
        SlotsChanged { fr: "Créneaux d’entrée modifiés", en: "Entry slots changed" }
        CategoryCreated { fr: "Catégorie de places ajoutée", en: "Price category added" }
        CategoryChanged { fr: "Catégories des places modifiées", en: "Seat categories changed" }
        CategoryDeleted { fr: "Catégorie de places supprimée", en: "Price category deleted" }
        PricesChanged { fr: "Prix et quotas modifiés", en: "Prices and quotas changed" }
        TariffCreated { fr: "Tarif créé", en: "Tariff created" }
        TariffChanged { fr: "Tarif modifié", en: "Tariff changed" }
        TariffDeleted { fr: "Tarif supprimé", en: "Tariff deleted" }
        HoldCreated { fr: "Places retenues", ca: "Places bloquées", en: "Seats held" }
        HoldChanged { fr: "Places retenues modifiées", ca: "Places bloquées modifiées", en: "Hold changed" }
        HoldDeleted { fr: "Places retenues libérées", ca: "Places bloquées libérées", en: "Hold released" }
        VenueChanged { fr: "Identité du lieu modifiée", en: "Venue's identity changed" }
        InvitationsChanged { fr: "Invitations modifiées", en: "Invitations changed" }
        PriceRuleCreated { fr: "Règle de prix ajoutée", en: "Price rule added" }
        PriceRuleDeleted { fr: "Règle de prix retirée", en: "Price rule removed" }
        PricesFollowDemand { fr: "Prix suivant la demande", en: "Prices following demand" }
        FormulaCreated { fr: "Formule d’abonnement créée", en: "Subscription formula created" }
        FormulaChanged { fr: "Formule d’abonnement modifiée", en: "Subscription formula changed" }
        FieldRule { fr: "Règle", en: "Rule" }
        FieldPrices { fr: "Prix", en: "Prices" }
        FieldTrigger { fr: "Quand", en: "When" }
        FieldCategory { fr: "Catégorie", en: "Category" }
        FieldStep { fr: "Écart", en: "Step" }
        FieldFloor { fr: "Plancher", en: "Floor" }
        FieldCeiling { fr: "Plafond", en: "Ceiling" }
        FieldRulesOn { fr: "Règles de prix appliquées", en: "Price rules applied" }
        EveryCategory { fr: "toutes", en: "all" }
        FieldInvitations { fr: "Places d’invitation", en: "Invitation places" }
        FieldLogo { fr: "Logo", en: "Logo" }
        FieldPicture { fr: "Visuel", en: "Picture" }
        KindPress { fr: "presse", en: "press" }
        KindPartner { fr: "partenaires", en: "partners" }
        KindArtist { fr: "artistes", en: "artists" }
        KindStaff { fr: "équipe", en: "staff" }
        Yes { fr: "oui", en: "yes" }
        No { fr: "non", en: "no" }
        Nothing { fr: "—", en: "—" }
        More { fr: "… et {0} autres", en: "… and {0} more" }
        FieldTitle { fr: "Titre", en: "Title" }
        FieldArtists { fr: "Artistes", en: "Artists" }
        FieldGenre { fr: "Genre", en: "Genre" }
        FieldSibil { fr: "Domaine SIBIL", en: "SIBIL domain" }
        FieldYoung { fr: "Jeune public", en: "Young audience" }
        FieldShowTax { fr: "Taxe sur les spectacles", en: "Show tax" }
        FieldVat { fr: "TVA", ca: "Taxe", en: "VAT" }
        FieldDuration { fr: "Durée (min)", en: "Length (min)" }
        FieldDescription { fr: "Présentation", en: "Description" }
        FieldName { fr: "Nom", en: "Name" }
        FieldKind { fr: "Placement", en: "Seating" }
        FieldCapacity { fr: "Jauge", en: "Capacity" }
        FieldVenueType { fr: "Type de lieu (SIBIL)", en: "Venue type (SIBIL)" }
        FieldShow { fr: "Spectacle", en: "Show" }
        FieldHall { fr: "Salle", en: "Hall" }
        FieldStarts { fr: "Début", en: "Starts" }
        FieldEnds { fr: "Fin", en: "Ends" }
        FieldSalesOpen { fr: "Ouverture des ventes", en: "Sales open" }
        FieldSalesClose { fr: "Fermeture des ventes", en: "Sales close" }
        FieldStatus { fr: "État", en: "Status" }
        FieldReentry { fr: "Sortie et retour", en: "Re-entry" }
        FieldCopyOf { fr: "Copie de", en: "Copy of" }
        FieldMovedTo { fr: "Déplacée au", en: "Moved to" }
        FieldCategories { fr: "Catégories", en: "Categories" }
        FieldCode { fr: "Code", en: "Code" }
        FieldColour { fr: "Couleur", en: "Colour" }
        FieldPrice { fr: "Prix", en: "Price" }
        FieldOffered { fr: "Proposé", en: "Offered" }
        FieldQuota { fr: "Quota", en: "Quota" }
        FieldSlot { fr: "Créneau", en: "Slot" }
        FieldSeat { fr: "Siège", en: "Seat" }
        FieldSeats { fr: "Sièges", en: "Seats" }
        FieldFlags { fr: "Marques", en: "Flags" }
        FieldProof { fr: "Justificatif", en: "Proof needed" }
        FieldComplimentary { fr: "Exonéré (invitation)", en: "Complimentary" }
        FieldPerformance { fr: "Séance", ca: "Représentation", en: "Performance" }
        FieldReason { fr: "Motif", en: "Reason" }
        FieldQuantity { fr: "Places", en: "Places" }
        FieldLentTo { fr: "Prêtées au poste", en: "Lent to terminal" }
        FieldLegalName { fr: "Raison sociale", en: "Legal name" }
        FieldLicence { fr: "Licence d’entrepreneur de spectacles", en: "Live-show licence" }
        FieldSiret { fr: "SIRET", en: "SIRET" }
        FieldVatExempt { fr: "Non assujetti à la TVA", ca: "Exempté de taxes", en: "VAT exempt" }
        FieldGst { fr: "N° TPS", en: "GST number" }
        FieldQst { fr: "N° TVQ", en: "QST number" }
        FieldAddress { fr: "Adresse", en: "Address" }
        FieldPostcode { fr: "Code postal", en: "Postcode" }
        FieldCity { fr: "Ville", en: "City" }
        FlagWheelchair { fr: "PMR", en: "wheelchair" }
        FlagCompanion { fr: "accompagnant", en: "companion" }
        FlagRestricted { fr: "visibilité réduite", en: "restricted view" }
    }
}

fn j(locale: Locale, key: J) -> &'static str {
    key.text(locale)
}

/// What a change did: "Séance modifiée" (a subject or action a newer
/// version wrote, as recorded).
pub fn title(change: &Programmed, locale: Locale) -> String {
    let (Some(subject), Some(action)) = (
        Subject::from_code(&change.subject),
        Action::from_code(&change.action),
    ) else {
        return format!("{} {}", change.subject, change.action);
    };
    use Action as A;
    use Subject as S;
    let key = match (subject, action) {
        (S::Hall, A::Created) => J::HallCreated,
        (S::Hall, A::Changed) => J::HallChanged,
        (S::Hall, A::Deleted) => J::HallDeleted,
        (S::Seats, A::Deleted) => J::SeatsDeleted,
        (S::Seats, _) => J::SeatsChanged,
        (S::Show, A::Created) => J::ShowCreated,
        (S::Show, A::Changed) => J::ShowChanged,
        (S::Show, A::Deleted) => J::ShowDeleted,
        (S::Performance, A::Created) => J::PerformanceCreated,
        (S::Performance, A::Changed) => J::PerformanceChanged,
        (S::Performance, A::Deleted) => J::PerformanceDeleted,
        (S::Slots, _) => J::SlotsChanged,
        (S::Category, A::Created) => J::CategoryCreated,
        (S::Category, A::Changed) => J::CategoryChanged,
        (S::Category, A::Deleted) => J::CategoryDeleted,
        (S::Prices, _) => J::PricesChanged,
        (S::Tariff, A::Created) => J::TariffCreated,
        (S::Tariff, A::Changed) => J::TariffChanged,
        (S::Tariff, A::Deleted) => J::TariffDeleted,
        (S::Hold, A::Created) => J::HoldCreated,
        (S::Hold, A::Changed) => J::HoldChanged,
        (S::Hold, A::Deleted) => J::HoldDeleted,
        (S::Venue, _) => J::VenueChanged,
        (S::Invitations, _) => J::InvitationsChanged,
        (S::PriceRules, A::Created) => J::PriceRuleCreated,
        (S::PriceRules, A::Deleted) => J::PriceRuleDeleted,
        (S::PriceRules, A::Changed) => J::PricesFollowDemand,
        (S::Formula, A::Created) => J::FormulaCreated,
        (S::Formula, _) => J::FormulaChanged,
    };
    j(locale, key).to_owned()
}

/// How the reader's screen shows values: the venue's currency and zone.
#[derive(Clone, Copy, Debug)]
pub struct Shown {
    pub locale: Locale,
    pub currency: Currency,
    pub zone: chrono_tz::Tz,
}

/// Each field that changed, one line each: "Prix (CAT1 · PLEIN) : 25,00 €
/// → 28,00 €"; a new thing's fields without their empty "before", a gone
/// thing's without their empty "after".
pub fn lines(change: &Programmed, shown: Shown) -> Vec<String> {
    change.changes.iter().map(|c| line(c, shown)).collect()
}

fn line(c: &FieldChange, shown: Shown) -> String {
    let locale = shown.locale;
    let name = match &c.item {
        Some(item) => format!(
            "{} ({})",
            field_name(&c.field, locale),
            item_name(&c.field, item, shown)
        ),
        None => field_name(&c.field, locale).to_owned(),
    };
    let colon = if locale.is_french() { "\u{a0}:" } else { ":" };
    let (before, after) = (
        value(&c.field, &c.before, shown),
        value(&c.field, &c.after, shown),
    );
    match (c.before.is_null(), c.after.is_null()) {
        (true, false) => format!("{name}{colon} {after}"),
        (false, true) => format!("{name}{colon} {before} → {}", j(locale, J::Nothing)),
        _ => format!("{name}{colon} {before} → {after}"),
    }
}

/// A field's name by its code (an unknown code as recorded).
fn field_name(field: &str, locale: Locale) -> &str {
    let key = match field {
        "title" => J::FieldTitle,
        "artists" => J::FieldArtists,
        "genre" => J::FieldGenre,
        "sibil_domain" => J::FieldSibil,
        "young_audience" => J::FieldYoung,
        "show_tax" => J::FieldShowTax,
        "vat_rate" => J::FieldVat,
        "duration_min" => J::FieldDuration,
        "description" => J::FieldDescription,
        "name" => J::FieldName,
        "kind" => J::FieldKind,
        "capacity" => J::FieldCapacity,
        "venue_type" => J::FieldVenueType,
        "show" => J::FieldShow,
        "hall" => J::FieldHall,
        "starts_at" => J::FieldStarts,
        "ends_at" => J::FieldEnds,
        "sales_open_at" => J::FieldSalesOpen,
        "sales_close_at" => J::FieldSalesClose,
        "status" => J::FieldStatus,
        "reentry_allowed" => J::FieldReentry,
        "invitation_places" => J::FieldInvitations,
        "copy_of" => J::FieldCopyOf,
        "moved_to" => J::FieldMovedTo,
        "categories" => J::FieldCategories,
        "code" => J::FieldCode,
        "colour" => J::FieldColour,
        "price" => J::FieldPrice,
        "offered" => J::FieldOffered,
        "quota" => J::FieldQuota,
        "slot" => J::FieldSlot,
        "seat" => J::FieldSeat,
        "seats" => J::FieldSeats,
        "flags" => J::FieldFlags,
        "requires_proof" => J::FieldProof,
        "complimentary" => J::FieldComplimentary,
        "performance" => J::FieldPerformance,
        "reason" => J::FieldReason,
        "quantity" => J::FieldQuantity,
        "lent_to" => J::FieldLentTo,
        "legal_name" => J::FieldLegalName,
        "licence_number" => J::FieldLicence,
        "siret" => J::FieldSiret,
        "vat_exempt" => J::FieldVatExempt,
        "gst_number" => J::FieldGst,
        "qst_number" => J::FieldQst,
        "address" => J::FieldAddress,
        "postcode" => J::FieldPostcode,
        "city" => J::FieldCity,
        "logo" => J::FieldLogo,
        "picture" => J::FieldPicture,
        "trigger" => J::FieldTrigger,
        "category" => J::FieldCategory,
        "step" => J::FieldStep,
        "floor" => J::FieldFloor,
        "ceiling" => J::FieldCeiling,
        "rules_on" => J::FieldRulesOn,
        "rule" => J::FieldRule,
        "prices" => J::FieldPrices,
        _ => return field,
    };
    j(locale, key)
}

/// Which one of a field of many: a slot's local time, a seat by its name,
/// a price's "category · tariff".
fn item_name(field: &str, item: &str, shown: Shown) -> String {
    match field {
        "slot" => instant(item, shown).unwrap_or_else(|| item.to_owned()),
        "seat" | "flags" => seat(item, shown.locale),
        "price" => item.replace('/', " · "),
        "invitation_places" => requester_kind(item, shown.locale),
        _ => item.to_owned(),
    }
}

/// A kind of requester by its code (as recorded when unknown).
pub fn requester_kind(code: &str, locale: Locale) -> String {
    use crate::domain::invitation::RequesterKind as K;
    match K::from_code(code) {
        Some(K::Press) => j(locale, J::KindPress).to_owned(),
        Some(K::Partner) => j(locale, J::KindPartner).to_owned(),
        Some(K::Artist) => j(locale, J::KindArtist).to_owned(),
        Some(K::Staff) => j(locale, J::KindStaff).to_owned(),
        None => code.to_owned(),
    }
}

/// A seat recorded as "section/row/number", as the screens name it.
fn seat(recorded: &str, locale: Locale) -> String {
    let mut parts = recorded.splitn(3, '/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(section), Some(row), Some(number)) => SeatName {
            section: section.to_owned(),
            row: row.to_owned(),
            number: number.to_owned(),
        }
        .label(locale),
        _ => recorded.to_owned(),
    }
}

fn instant(recorded: &str, shown: Shown) -> Option<String> {
    let at = DateTime::parse_from_rfc3339(recorded).ok()?;
    Some(shown.locale.date_time(at.with_timezone(&Utc), shown.zone))
}

/// The most seats a line lists before "… and N more".
const SEATS_SHOWN: usize = 12;

/// A value as the screens show it.
fn value(field: &str, v: &Value, shown: Shown) -> String {
    let locale = shown.locale;
    match v {
        Value::Null => j(locale, J::Nothing).to_owned(),
        Value::Bool(true) => j(locale, J::Yes).to_owned(),
        Value::Bool(false) => j(locale, J::No).to_owned(),
        Value::Number(n) => match (field, n.as_i64()) {
            ("price" | "floor" | "ceiling", Some(cents)) => {
                Money::new(cents, shown.currency).format(locale)
            }
            ("step", Some(cents)) => super::pricing::step(Cents(cents), shown.currency, locale),
            ("vat_rate", Some(rate)) => u32::try_from(rate)
                .map(|r| TaxRate(r).format(locale))
                .unwrap_or_else(|_| n.to_string()),
            _ => n.to_string(),
        },
        Value::String(s) => text(field, s, shown),
        Value::Array(items) => {
            let names: Vec<String> = items
                .iter()
                .map(|i| match (field, i.as_str()) {
                    ("seats", Some(s)) => seat(s, locale),
                    ("flags", Some(f)) => flag(f, locale).to_owned(),
                    (_, Some(s)) => s.to_owned(),
                    _ => i.to_string(),
                })
                .collect();
            if names.is_empty() {
                return j(locale, J::Nothing).to_owned();
            }
            let mut shown_names = names
                .iter()
                .take(SEATS_SHOWN)
                .cloned()
                .collect::<Vec<_>>()
                .join(" ; ");
            if names.len() > SEATS_SHOWN {
                shown_names.push(' ');
                shown_names.push_str(&super::fill(
                    j(locale, J::More),
                    &[&(names.len() - SEATS_SHOWN).to_string()],
                ));
            }
            shown_names
        }
        Value::Object(_) => v.to_string(),
    }
}

/// A text value: a code named in the reader's words, an instant in the
/// venue's zone, an empty text as a dash.
fn text(field: &str, s: &str, shown: Shown) -> String {
    let locale = shown.locale;
    let named = match field {
        "genre" => Some(genre_name(s, locale)),
        "status" => PerformanceStatus::from_code(s).map(|st| status_name(st, locale)),
        "kind" => HallKind::from_code(s).map(|k| hall_kind_name(k, locale)),
        "show_tax" => ShowTax::from_code(s).map(|t| tax_name(t, locale)),
        "trigger" => {
            return recorded_trigger(s).map_or_else(
                || s.to_owned(),
                |t| super::pricing::trigger(t, locale, shown.zone),
            );
        }
        "category" if s.is_empty() => Some(j(locale, J::EveryCategory)),
        _ => None,
    };
    if let Some(named) = named {
        return named.to_owned();
    }
    if field.ends_with("_at")
        && let Some(at) = instant(s, shown)
    {
        return at;
    }
    if s.is_empty() {
        return j(locale, J::Nothing).to_owned();
    }
    s.to_owned()
}

/// A rule's trigger as recorded: "fill:80", "before:1767225600",
/// "last_hours:48".
fn recorded_trigger(s: &str) -> Option<crate::domain::price_rule::Trigger> {
    let (code, threshold) = s.split_once(':')?;
    crate::domain::price_rule::Trigger::from_parts(code, threshold.parse().ok()?)
}

fn flag(code: &str, locale: Locale) -> &str {
    match code {
        "wheelchair" => j(locale, J::FlagWheelchair),
        "companion" => j(locale, J::FlagCompanion),
        "restricted_view" => j(locale, J::FlagRestricted),
        _ => code,
    }
}
