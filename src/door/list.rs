//! The door list: every live ticket of a performance on A4, alphabetical by
//! patron then by ticket number, with seat, tariff and a box to tick, for
//! when a scanner dies.

use chrono::{DateTime, Utc};

use super::DoorError;
use crate::counter::cart::performance_name;
use crate::domain::admission::Outcome;
use crate::domain::{Locale, SeatName};
use crate::store::{self, Store};
use crate::tickets::pdf::{Item, Layout, St, bold, fonts, reg, save};
use crate::tickets::print::{self, PrintSettings};

/// One line of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub patron: Option<String>,
    pub number: i64,
    pub seat: Option<SeatName>,
    pub tariff: String,
    pub category: String,
    /// When the holder was admitted (and not undone): a list printed
    /// mid-evening shows who is already in.
    pub entered: Option<DateTime<Utc>>,
}

/// The performance's name and its lines, in the list's order.
pub fn lines(store: &Store, performance_id: i64) -> Result<(String, Vec<Line>), DoorError> {
    store.read(|tx| {
        if store::performances::by_id(tx, performance_id)?.is_none() {
            return Err(DoorError::NoPerformance(performance_id));
        }
        let name = performance_name(tx, performance_id)?.label(Locale::FrFr);
        let mut lines = Vec::new();
        for t in store::door::tickets_of_performance(tx, performance_id)? {
            let seat = match t.seat_id {
                Some(seat) => store::sales::seat_name(tx, performance_id, seat)?,
                None => None,
            };
            let entered = match store::door::last_entry(tx, store::door::Scanned::Here(t.id))? {
                Some((Outcome::Admitted, at, _)) => Some(at),
                _ => None,
            };
            lines.push(Line {
                entered,
                patron: t.patron,
                number: t.number,
                seat,
                tariff: t.tariff_name,
                category: t.category,
            });
        }
        Ok((name, lines))
    })
}

const PAGE: (f32, f32) = (210.0, 297.0);
const MARGIN: f32 = 14.0;
const ROW: f32 = 7.0;
/// Columns: tick box, patron, entered at, ticket, place, tariff.
const COLUMNS: [f32; 6] = [
    MARGIN,
    MARGIN + 8.0,
    MARGIN + 58.0,
    MARGIN + 74.0,
    MARGIN + 96.0,
    MARGIN + 146.0,
];

/// The door list as a PDF.
pub fn pdf(store: &Store, performance_id: i64, now: DateTime<Utc>) -> Result<Vec<u8>, DoorError> {
    let (name, lines) = lines(store, performance_id)?;
    let zone = store
        .read(store::venue::time_zone)?
        .unwrap_or(chrono_tz::UTC);
    let f = fonts()?;
    let printed = Locale::FrFr.date_time(now, zone);
    let header = |page: usize, pages: usize| -> Vec<Item> {
        let mut items = vec![
            {
                let title = f.clean(&format!("Liste de contrôle — {name}"));
                let (st, fitted) = f.shrink(&title, PAGE.0 - 2.0 * MARGIN, bold(14.0), 9.0, 1);
                Item::Text((MARGIN, MARGIN + 6.0), st, 0.0, fitted.concat())
            },
            Item::Text(
                (MARGIN, MARGIN + 12.0),
                reg(9.0).grey(0.35),
                0.0,
                f.clean(&format!(
                    "{} · {} · imprimée le {printed} · page {page}/{pages}",
                    plural(lines.len(), "billet", "billets"),
                    plural(
                        lines.iter().filter(|l| l.entered.is_some()).count(),
                        "déjà entré",
                        "déjà entrés"
                    ),
                )),
            ),
        ];
        let y = MARGIN + 22.0;
        for (x, title) in
            COLUMNS
                .iter()
                .zip(["", "Spectateur", "Entré", "Billet", "Place", "Tarif"])
        {
            items.push(Item::Text((*x, y), bold(9.0), 0.0, title.into()));
        }
        items.push(rule(y + 2.0, 0.8, 0.0));
        items
    };
    let top = MARGIN + 24.0 + ROW;
    let per_page = ((PAGE.1 - MARGIN - top) / ROW) as usize;
    let pages = lines.len().div_ceil(per_page).max(1);
    let mut out = Vec::with_capacity(pages);
    for page in 0..pages {
        let mut items = header(page + 1, pages);
        let chunk = lines.iter().skip(page * per_page).take(per_page);
        for (i, line) in chunk.enumerate() {
            let y = top + i as f32 * ROW;
            let cell = |x: usize, text: &str, st: St, width: f32| {
                let (st, fitted) = f.shrink(&f.clean(text), width - 2.0, st, 7.0, 1);
                let text = fitted.into_iter().next().unwrap_or_default();
                Item::Text((COLUMNS[x], y), st, 0.0, text)
            };
            items.push(Item::Rect((COLUMNS[0], y - 3.8, 4.5, 4.5), 0.0, Some(0.8)));
            if let Some(at) = line.entered {
                // Already in: the box ticked, and when.
                let (x, top) = (COLUMNS[0], y - 3.8);
                items.push(Item::Line(
                    (x + 0.8, top + 2.4),
                    (x + 1.9, top + 3.7),
                    1.2,
                    0.0,
                    None,
                ));
                items.push(Item::Line(
                    (x + 1.9, top + 3.7),
                    (x + 4.0, top + 0.6),
                    1.2,
                    0.0,
                    None,
                ));
                let when = at.with_timezone(&zone).format("%H:%M").to_string();
                items.push(cell(2, &when, reg(10.0), 16.0));
            }
            let patron = line.patron.as_deref().unwrap_or("—");
            items.push(cell(1, patron, reg(10.0), 50.0));
            items.push(cell(3, &format!("{:06}", line.number), reg(10.0), 22.0));
            let place = match &line.seat {
                Some(seat) => seat.label(Locale::FrFr),
                None => "Placement libre".into(),
            };
            items.push(cell(4, &place, reg(10.0), 50.0));
            let width = PAGE.0 - MARGIN - COLUMNS[5];
            items.push(cell(5, &line.tariff, reg(10.0), width));
            items.push(rule(y + 2.6, 0.3, 0.75));
        }
        out.push((PAGE, items));
    }
    Ok(save(f, &format!("Liste de contrôle — {name}"), out))
}

/// A line across the page at `y` (mm from the top), `width` in points.
fn rule(y: f32, width: f32, grey: f32) -> Item {
    Item::Line((MARGIN, y), (PAGE.0 - MARGIN, y), width, grey, None)
}

/// "0 billet", "1 billet", "2 billets" (French: the singular up to one).
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n <= 1 { one } else { many })
}

/// Makes the door list of each performance and sends it where Réglages
/// says (always on A4), on a connection of its own (the window runs it in
/// the background); the path of the last one.
pub fn print(
    db: &std::path::Path,
    performances: &[i64],
    now: DateTime<Utc>,
) -> Result<std::path::PathBuf, DoorError> {
    let store = Store::open_read_only(db)?;
    let mut settings = PrintSettings::load(&store)?;
    settings.layout = Layout::A4;
    let mut last = None;
    for id in performances {
        let pdf = pdf(&store, *id, now)?;
        let name = format!("controle-{id}-{}.pdf", now.format("%Y%m%d-%H%M%S"));
        let path = print::keep(db, &name, &pdf, now)?;
        print::send(&settings, &path)?;
        last = Some(path);
    }
    last.ok_or(DoorError::NoPerformanceChosen)
}
