//! Programmation in words: the names of statuses, genres, taxes and hall
//! kinds, and every programming error as the coordinator reads it.

use super::*;
use crate::domain::SeatName;
use crate::domain::plan_csv::{CsvColumn, CsvProblem};
use crate::domain::season::{HallKind, ShowTax};
use crate::domain::seat_plan::{PlanError, SectionProblem};
use crate::programming::Missing;

pub fn status_name(status: PerformanceStatus, locale: Locale) -> &'static str {
    p(
        locale,
        match status {
            PerformanceStatus::OnSale => P::OnSale,
            PerformanceStatus::Closed => P::Closed,
            PerformanceStatus::Cancelled => P::Cancelled,
        },
    )
}

pub(super) fn genre_name(genre: &str, locale: Locale) -> &'static str {
    p(
        locale,
        match genre {
            "theatre" => P::GenreTheatre,
            "dance" => P::GenreDance,
            "music" => P::GenreMusic,
            "humour" => P::GenreHumour,
            "circus" => P::GenreCircus,
            "cabaret" => P::GenreCabaret,
            "opera" => P::GenreOpera,
            "exhibition" => P::GenreExhibition,
            _ => P::GenreOther,
        },
    )
}

pub(super) fn tax_name(tax: ShowTax, locale: Locale) -> &'static str {
    p(
        locale,
        match tax {
            ShowTax::Cnm => P::TaxCnm,
            ShowTax::Astp => P::TaxAstp,
            ShowTax::None => P::TaxNone,
        },
    )
}

pub(super) fn hall_kind_name(kind: HallKind, locale: Locale) -> &'static str {
    p(
        locale,
        match kind {
            HallKind::Numbered => P::KindNumbered,
            HallKind::General => P::KindGeneral,
            HallKind::Timed => P::KindTimed,
        },
    )
}

pub(super) fn series_problem(e: &crate::domain::season::SeriesError, locale: Locale) -> String {
    use crate::domain::season::SeriesError as S;
    match e {
        S::Backwards { .. } => p(locale, P::ErrSeriesBackwards).to_owned(),
        S::TooLong => p(locale, P::ErrSeriesLong).to_owned(),
        S::NoTimes => p(locale, P::ErrSeriesNoTimes).to_owned(),
        S::NoDates => p(locale, P::ErrSeriesNoDates).to_owned(),
        S::NoSuchTime { date, time } => pf(
            locale,
            P::ErrClockSkips,
            &[&locale.short_date(*date), &time.format("%H:%M").to_string()],
        ),
    }
}

/// A programming error in the coordinator's language. Exhaustive: a new
/// error cannot reach the window without its French.
pub fn describe(e: &ProgrammingError, locale: Locale, zone: chrono_tz::Tz) -> String {
    use ProgrammingError as E;
    let n = |v: i64| v.to_string();
    match e {
        E::HallNameEmpty => p(locale, P::ErrHallName).to_owned(),
        E::HallNameTaken(name) => pf(locale, P::ErrHallTaken, &[name]),
        E::NameTooLong => pf(
            locale,
            P::ErrNameLong,
            &[&crate::domain::operator::NAME_MAX_CHARS.to_string()],
        ),
        E::Capacity(c) => pf(locale, P::ErrCapacity, &[&n(*c)]),
        E::PlanCsv(e) => pf(
            locale,
            P::ErrCsvLine,
            &[&e.line.to_string(), &csv_problem(&e.problem, locale)],
        ),
        E::PlanLayout(e) => plan_problem(e, locale),
        E::PlanEmpty => p(locale, P::ErrPlanEmpty).to_owned(),
        E::TitleEmpty => p(locale, P::ErrTitle).to_owned(),
        E::Duration(d) => pf(locale, P::ErrDuration, &[&n(*d)]),
        E::Vat(_) => p(locale, P::ErrVat).to_owned(),
        E::Overlap {
            hall,
            show,
            starts_at,
            ends_at,
        } => overlap(hall, show, starts_at, ends_at, locale, zone),
        E::SalesWindow => p(locale, P::ErrSalesWindow).to_owned(),
        E::Length => p(locale, P::ErrLength).to_owned(),
        E::CapacityAboveHall { capacity, hall } => {
            pf(locale, P::ErrAboveHall, &[&n(*capacity), &n(*hall)])
        }
        E::QuotaBelowSold {
            tariff,
            quota,
            sold,
        } => pf(locale, P::ErrQuotaSold, &[&n(*quota), tariff, &n(*sold)]),
        E::CapacityBelowTaken { capacity, taken } => {
            pf(locale, P::ErrBelowTaken, &[&n(*capacity), &n(*taken)])
        }
        E::NoSlot => p(locale, P::ErrNoSlot).to_owned(),
        E::SlotTwice(at) => pf(locale, P::ErrSlotTwice, &[&slot_time(*at, locale, zone)]),
        E::SlotOutside(at) => pf(locale, P::ErrSlotOutside, &[&slot_time(*at, locale, zone)]),
        E::SlotHasTickets(at) => pf(locale, P::ErrSlotSold, &[&slot_time(*at, locale, zone)]),
        E::Series(e) => series_problem(e, locale),
        E::PriceOutOfRange {
            category, tariff, ..
        } => pf(locale, P::ErrPrice, &[category, tariff]),
        E::ComplimentaryNotFree(t) => pf(locale, P::ErrComplimentary, &[t]),
        E::QuotaAboveCapacity {
            tariff,
            quota,
            capacity,
        } => pf(locale, P::ErrQuota, &[&n(*quota), tariff, &n(*capacity)]),
        E::UnknownCategory(code) => pf(locale, P::ErrUnknownCategory, &[code]),
        E::UnknownTariff(code) => pf(locale, P::ErrUnknownTariff, &[code]),
        E::CategoryTaken(code) => pf(locale, P::ErrCategoryTaken, &[code]),
        E::SeatsWithoutCategory(count) => pf(locale, P::ErrWithoutCategory, &[&count.to_string()]),
        E::SeatsSold(seats) => pf(locale, P::ErrSeatsSold, &[&SeatName::list(seats, locale)]),
        E::SeatsHeld(seats) => pf(locale, P::ErrSeatsHeld, &[&SeatName::list(seats, locale)]),
        E::NotEnoughPlaces { asked, available } => {
            pf(locale, P::ErrPlaces, &[&n(*asked), &n(*available)])
        }
        E::HasTickets => p(locale, P::ErrHasTickets).to_owned(),
        E::NotFound(what) => pf(locale, P::ErrNotFound, &[missing_name(*what, locale)]),
        E::NoShowChosen => p(locale, P::ErrNoShow).to_owned(),
        E::NoHallChosen => p(locale, P::ErrNoHall).to_owned(),
        E::NotANumber { typed, .. } => pf(locale, P::ErrNotANumber, &[typed]),
        E::FileUnreadable { path, kind } => unreadable(path, *kind, locale),
        E::TariffCode(code) => pf(locale, P::ErrTariffCode, &[code]),
        E::TariffNameEmpty => p(locale, P::ErrTariffName).to_owned(),
        E::TariffTaken(code) => pf(locale, P::ErrTariffTaken, &[code]),
        E::CategoryIncomplete => p(locale, P::ErrCategoryIncomplete).to_owned(),
        E::NotOffered(code) => pf(locale, P::ErrNotOffered, &[code]),
        E::OtherHall => p(locale, P::ErrOtherHall).to_owned(),
        E::HoldNameEmpty => p(locale, P::ErrHoldName).to_owned(),
        E::NoSeatsChosen => p(locale, P::ErrNoSeats).to_owned(),
        E::NoSeatsHere => p(locale, P::ErrNoSeatsHere).to_owned(),
        E::Colour(c) => pf(locale, P::ErrColour, &[c]),
        E::NotInHold => p(locale, P::ErrNotInHold).to_owned(),
        E::SeatTwice(seat) => pf(locale, P::ErrSeatTwice, &[&seat.label(locale)]),
        E::SeatMisplaced(seat) => pf(locale, P::ErrSeatMisplaced, &[&seat.label(locale)]),
        E::RenumberClash {
            section,
            row,
            number,
        } => pf(locale, P::ErrRenumber, &[section, row, number]),
        E::NotADate(v) => pf(locale, P::ErrDate, &[v]),
        E::NotATime(v) | E::SlotNotATime(v) => pf(locale, P::ErrTime, &[v]),
        E::NotAMoment(v) => pf(locale, P::ErrMoment, &[v]),
        E::PriceTypo {
            category,
            tariff,
            typed,
        } => pf(locale, P::ErrPriceTypo, &[category, tariff, typed]),
        // Season files are read on the command line, in English.
        E::Other(message) => message.clone(),
        E::Store(e) => pf(locale, P::ErrStore, &[&e.to_string()]),
        E::Ledger(e) => pf(locale, P::ErrLedger, &[&e.to_string()]),
    }
}

/// A performance refused because its hall is taken by another then.
fn overlap(
    hall: &str,
    show: &str,
    starts_at: &DateTime<chrono_tz::Tz>,
    ends_at: &DateTime<chrono_tz::Tz>,
    locale: Locale,
    zone: chrono_tz::Tz,
) -> String {
    pf(
        locale,
        P::ErrOverlap,
        &[
            hall,
            show,
            &locale.date_time(starts_at.with_timezone(&Utc), zone),
            &locale.time(&ends_at.with_timezone(&zone)),
        ],
    )
}

/// A file that could not be read (a CSV plan), and why.
fn unreadable(path: &str, kind: std::io::ErrorKind, locale: Locale) -> String {
    let reason = p(
        locale,
        match kind {
            std::io::ErrorKind::NotFound => P::FileMissing,
            std::io::ErrorKind::PermissionDenied => P::FileDenied,
            std::io::ErrorKind::IsADirectory => P::FileFolder,
            _ => P::FileOther,
        },
    );
    pf(locale, P::ErrFile, &[path, reason])
}

pub(super) fn slot_time(
    at: DateTime<chrono_tz::Tz>,
    locale: Locale,
    zone: chrono_tz::Tz,
) -> String {
    locale.time(&at.with_timezone(&zone))
}

pub(super) fn missing_name(what: Missing, locale: Locale) -> &'static str {
    p(
        locale,
        match what {
            Missing::Hall => P::MissingHall,
            Missing::Show => P::MissingShow,
            Missing::Performance => P::MissingPerformance,
            Missing::Tariff => P::MissingTariff,
            Missing::Category => P::MissingCategory,
            Missing::Hold => P::MissingHold,
            Missing::Seat => P::MissingSeat,
        },
    )
}

pub(super) fn csv_problem(problem: &CsvProblem, locale: Locale) -> String {
    match problem {
        CsvProblem::Unreadable(_) => p(locale, P::CsvUnreadable).to_owned(),
        CsvProblem::TooFewColumns(count) => pf(locale, P::CsvTooFew, &[&count.to_string()]),
        CsvProblem::TooManyColumns(count) => pf(locale, P::CsvTooMany, &[&count.to_string()]),
        CsvProblem::Empty(column) => p(
            locale,
            match column {
                CsvColumn::Section => P::CsvEmptySection,
                CsvColumn::Row => P::CsvEmptyRow,
                CsvColumn::Seat => P::CsvEmptySeat,
            },
        )
        .to_owned(),
        CsvProblem::NotANumber { axis, raw } => pf(locale, P::CsvNotANumber, &[axis, raw]),
        CsvProblem::UnknownFlag(flag) => pf(locale, P::CsvUnknownFlag, &[flag]),
        CsvProblem::Twice {
            section,
            row,
            number,
            first,
        } => pf(
            locale,
            P::CsvTwice,
            &[
                &SeatName {
                    section: section.clone(),
                    row: row.clone(),
                    number: number.clone(),
                }
                .label(locale),
                &first.to_string(),
            ],
        ),
        CsvProblem::NoSeat => p(locale, P::CsvNoSeat).to_owned(),
    }
}

pub(super) fn plan_problem(e: &PlanError, locale: Locale) -> String {
    let (section, problem) = match e {
        PlanError::DuplicateSection(name) => return pf(locale, P::ErrSectionTwice, &[name]),
        PlanError::Section { section, problem } => (section, problem),
    };
    let detail = match problem {
        SectionProblem::NoName => p(locale, P::SectionNoName).to_owned(),
        SectionProblem::Rows(rows) => pf(locale, P::SectionRows, &[&rows.to_string()]),
        SectionProblem::Geometry => p(locale, P::SectionGeometry).to_owned(),
        SectionProblem::FirstRow(row) => pf(locale, P::SectionFirstRow, &[row]),
        SectionProblem::RowSize { row, count } => {
            pf(locale, P::SectionRowSize, &[row, &count.to_string()])
        }
        SectionProblem::NoSeatToFlag { row, number } => {
            pf(locale, P::SectionNoSeatToFlag, &[row, number])
        }
        SectionProblem::TooCurved(row) => pf(locale, P::SectionTooCurved, &[row]),
    };
    pf(locale, P::ErrSection, &[section, &detail])
}
