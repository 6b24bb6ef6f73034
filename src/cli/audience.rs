//! `guichet patrons …`: the patron file at the command line: find, show,
//! add, and record a consent given or withdrawn.

use serde_json::{Value, json};

use super::args::{PatronCommand, SegmentFilter};
use super::imports;
use super::{Failure, Run};
use guichet::audience::segments::{Format, Segment};
use guichet::audience::{self, segments};
use guichet::domain::organisation::OrganisationDetails;
use guichet::domain::patron::{ConsentChannel, MaySend, PatronDetails};
use guichet::programming;
use guichet::terminal;

pub fn patrons(run: &Run, command: PatronCommand) -> Result<(), Failure> {
    match command {
        PatronCommand::Find { text, json } => find(run, &text, json),
        PatronCommand::Show { id, json } => show(run, id, json),
        PatronCommand::Add {
            first,
            last,
            email,
            phone,
            postcode,
            city,
        } => add(
            run,
            PatronDetails {
                first_name: first.unwrap_or_default(),
                last_name: last.unwrap_or_default(),
                email: email.unwrap_or_default(),
                phone: phone.unwrap_or_default(),
                postcode: postcode.unwrap_or_default(),
                city: city.unwrap_or_default(),
                ..PatronDetails::default()
            },
        ),
        PatronCommand::Export {
            segment,
            channel,
            format,
            out,
        } => export(run, &segment, channel.as_deref(), &format, &out),
        PatronCommand::Segment { name, filter } => save_segment(run, &name, filter),
        PatronCommand::Segments => segments(run),
        PatronCommand::Organisation {
            name,
            kind,
            email,
            phone,
            city,
        } => organisation(
            run,
            name,
            OrganisationDetails {
                kind,
                email,
                phone,
                city,
                ..OrganisationDetails::default()
            },
        ),
        PatronCommand::Category { code, name } => category(run, code, name),
        PatronCommand::Import {
            file,
            map,
            skip_errors,
        } => imports::import(run, &file, &map, skip_errors, None),
        PatronCommand::ImportHistory {
            file,
            map,
            skip_errors,
            source,
        } => imports::import(run, &file, &map, skip_errors, Some(source)),
        PatronCommand::PersonalData { id, out } => personal_data(run, id, out),
        PatronCommand::Erase { id } => {
            let (mut t, by) = run.open(false)?;
            audience::erase(&mut t.store, &t.signer, &by, id, run.now())?;
            println!("patron {id} erased: their sales stay for the accounts");
            Ok(())
        }
        PatronCommand::Duplicates { json } => duplicates(run, json),
        PatronCommand::Merge { keep, other } => merge(run, keep, other),
        PatronCommand::Unmerge { merge } => {
            let (mut t, by) = run.open(false)?;
            audience::unmerge(&mut t.store, &t.signer, &by, merge, run.now())?;
            println!("merge {merge} undone");
            Ok(())
        }
        PatronCommand::ForgetInactive { years, dry_run } => forget_inactive(run, years, dry_run),
        PatronCommand::Consent {
            id,
            channel,
            given,
            withdrawn,
            source,
        } => {
            let channel = ConsentChannel::from_code(&channel)
                .ok_or_else(|| Failure(format!("\"{channel}\": use email, sms or post"), 2))?;
            if given == withdrawn {
                return Err(Failure("say --given or --withdrawn".into(), 2));
            }
            let (mut t, by) = run.open(false)?;
            let changed =
                audience::set_consent(&mut t.store, &by, id, channel, given, &source, run.now())?;
            println!(
                "{} {}",
                channel.code(),
                match (changed, given) {
                    (false, _) => "unchanged",
                    (true, true) => "given",
                    (true, false) => "withdrawn",
                }
            );
            Ok(())
        }
    }
}

fn find(run: &Run, text: &str, as_json: bool) -> Result<(), Failure> {
    let store = terminal::read_only(run.db())?;
    let found = audience::search(&store, text, 50)?;
    if as_json {
        let rows: Vec<Value> = found
            .iter()
            .map(|p| {
                json!({
                    "id": p.id, "public_id": p.public_id, "first_name": p.first_name,
                    "last_name": p.last_name, "email": p.email, "phone": p.phone,
                    "city": p.city, "organisation": p.organisation, "orders": p.orders,
                    "needs": p.needs.iter().map(|n| n.code()).collect::<Vec<_>>(),
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).unwrap_or_default()
        );
        return Ok(());
    }
    for p in &found {
        println!(
            "{}\t{}\t{}\t{}\t{} order(s)",
            p.id,
            p.display_name(),
            p.email,
            p.phone,
            p.orders
        );
    }
    Ok(())
}

fn may(m: MaySend) -> String {
    match m {
        MaySend::Given(at) => format!("yes: agreed on {}", at.date_naive()),
        MaySend::SoftOptIn => "yes: a buyer, offers like what they bought until they object".into(),
        MaySend::ImpliedUntil(at) => format!("yes: implied consent until {}", at.date_naive()),
        MaySend::NotObjected => "yes: no objection".into(),
        MaySend::Withdrawn(at) => format!("no: objected on {}", at.date_naive()),
        MaySend::NoConsent => "no: no consent".into(),
    }
}

fn show(run: &Run, id: i64, as_json: bool) -> Result<(), Failure> {
    let store = terminal::read_only(run.db())?;
    let zone = programming::venue::time_zone(&store);
    let quebec = programming::venue::load(&store)?
        .is_some_and(|v| v.settings.country == guichet::domain::Country::Quebec);
    let card = audience::card(&store, id, run.now(), zone, quebec)?;
    let d = &card.row.details;
    if as_json {
        let value = json!({
            "id": card.patron.id,
            "public_id": card.patron.public_id,
            "first_name": d.first_name, "last_name": d.last_name, "email": d.email,
            "phone": d.phone, "address": d.address, "postcode": d.postcode, "city": d.city,
            "birth_year": d.birth_year, "categories": d.categories,
            "needs": d.needs.iter().map(|n| n.code()).collect::<Vec<_>>(),
            "organisation": card.patron.organisation,
            "loyalty": format!("{:?}", card.loyalty).to_lowercase(),
            "first_visit": card.first_visit.map(|t| t.to_rfc3339()),
            "last_visit": card.last_visit.map(|t| t.to_rfc3339()),
            "visits_per_season": card.per_season.iter().map(|(y, n)| json!({"season": y, "visits": n})).collect::<Vec<_>>(),
            "total_spent": card.total_spent,
            "genres": card.genres.iter().map(|(g, n)| json!({"genre": g, "visits": n})).collect::<Vec<_>>(),
            "consent": card.consents.iter().map(|c| json!({"channel": c.channel.code(), "allowed": c.may.allowed(), "why": may(c.may)})).collect::<Vec<_>>(),
            "tickets": card.history.iter().map(|h| json!({
                "order": h.order_number, "ticket": h.ticket_number, "show": h.show,
                "starts_at": h.starts_at.to_rfc3339(),
                "tariff": h.tariff, "price": h.price, "channel": h.channel,
                "valid": h.valid, "admitted": h.admitted_at.is_some(),
            })).collect::<Vec<_>>(),
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
        return Ok(());
    }
    println!("{} ({:?})", card.patron.display_name(), card.loyalty);
    for (label, value) in [
        ("e-mail", &d.email),
        ("phone", &d.phone),
        ("postcode", &d.postcode),
    ] {
        if !value.is_empty() {
            println!("  {label}: {value}");
        }
    }
    println!(
        "  spent: {} cents, visits: {}",
        card.total_spent,
        card.visits.len()
    );
    for c in &card.consents {
        println!("  {}: {}", c.channel.code(), may(c.may));
    }
    for h in &card.history {
        println!(
            "  order {} ticket {}\t{}\t{}\t{}\t{}",
            h.order_number,
            h.ticket_number,
            h.show,
            h.starts_at.format("%Y-%m-%d %H:%M UTC"),
            h.tariff,
            h.price
        );
    }
    Ok(())
}

fn duplicates(run: &Run, json: bool) -> Result<(), Failure> {
    let store = terminal::read_only(run.db())?;
    let list = audience::duplicates(&store)?;
    if json {
        let rows: Vec<Value> = list
            .iter()
            .map(|d| {
                json!({
                    "first": d.first.id, "second": d.second.id, "score": d.score,
                    "why": d.why.iter().map(|w| format!("{w:?}")).collect::<Vec<_>>(),
                    "first_name": d.first.display_name(),
                    "second_name": d.second.display_name(),
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).unwrap_or_default()
        );
    } else {
        for d in &list {
            println!(
                "{}\t{} {}\t{} {}\t{:?}",
                d.score,
                d.first.id,
                d.first.display_name(),
                d.second.id,
                d.second.display_name(),
                d.why
            );
        }
    }
    Ok(())
}

fn forget_inactive(run: &Run, years: u32, dry_run: bool) -> Result<(), Failure> {
    let (mut t, by) = run.open(false)?;
    let found = audience::forget_inactive(&mut t.store, &t.signer, &by, years, dry_run, run.now())?;
    for (id, name) in &found {
        println!("{id}\t{}", if name.is_empty() { "-" } else { name });
    }
    println!(
        "{} patron(s) without contact for {years} year(s){}",
        found.len(),
        if dry_run {
            " (dry run: nothing erased)"
        } else {
            " erased"
        }
    );
    Ok(())
}

/// The venue's zone and whether Quebec's rules apply.
fn venue_rules(store: &guichet::terminal::Store) -> Result<(chrono_tz::Tz, bool), Failure> {
    let zone = programming::venue::time_zone(store);
    let quebec = programming::venue::load(store)?
        .is_some_and(|v| v.settings.country == guichet::domain::Country::Quebec);
    Ok((zone, quebec))
}

fn consent_channel(code: &str) -> Result<ConsentChannel, Failure> {
    ConsentChannel::from_code(code)
        .ok_or_else(|| Failure(format!("\"{code}\": use email, sms or post"), 2))
}

fn save_segment(run: &Run, name: &str, f: SegmentFilter) -> Result<(), Failure> {
    let segment = Segment {
        genres: f.genre,
        shows: f.show,
        seasons: f.season,
        min_visits: f.min_visits,
        min_spent: f.min_spent,
        visited_since: f.visited_since,
        not_since: f.not_since,
        postcodes: f.postcode,
        categories: f.category,
        born_from: f.born_from,
        born_to: f.born_to,
        channel: f.channel,
        organisation: None,
        consent: f.consent.as_deref().map(consent_channel).transpose()?,
    };
    let (mut t, by) = run.open(false)?;
    segments::save(&mut t.store, &by, name, &segment, run.now())?;
    let (zone, quebec) = venue_rules(&t.store)?;
    let n = segments::members(&t.store, &segment, run.now(), zone, quebec)?.len();
    println!("{name}: {n} patron(s)");
    Ok(())
}

fn segments(run: &Run) -> Result<(), Failure> {
    let store = terminal::read_only(run.db())?;
    let (zone, quebec) = venue_rules(&store)?;
    for (name, segment) in segments::saved(&store)? {
        let n = segments::members(&store, &segment, run.now(), zone, quebec)?.len();
        println!("{name}\t{n}");
    }
    Ok(())
}

fn export(
    run: &Run,
    name: &str,
    channel: Option<&str>,
    format: &str,
    out: &std::path::Path,
) -> Result<(), Failure> {
    let format = Format::from_code(format)
        .ok_or_else(|| Failure(format!("\"{format}\": use brevo, mailchimp or sheet"), 2))?;
    let channel = channel.map(consent_channel).transpose()?;
    let (t, by) = run.open(false)?;
    let (zone, quebec) = venue_rules(&t.store)?;
    let segment = segments::named(&t.store, name)?;
    let done = segments::export(
        &t.store,
        &by,
        &segment,
        channel,
        format,
        run.now(),
        zone,
        quebec,
    )?;
    if done.written == 0 {
        let why = if channel.is_some() {
            format!(
                "nobody in \"{name}\" may be contacted on that channel ({} without consent, {} without an address for it)",
                done.without_consent, done.unreachable
            )
        } else {
            format!("the segment \"{name}\" matches nobody")
        };
        return Err(Failure(format!("{why}: nothing written"), 1));
    }
    std::fs::write(out, &done.csv)
        .map_err(|e| Failure(format!("cannot write {}: {e}", out.display()), 2))?;
    println!(
        "{}: {} patron(s) written; left out: {} without consent, {} without an address for the channel",
        out.display(),
        done.written,
        done.without_consent,
        done.unreachable
    );
    Ok(())
}

fn organisation(
    run: &Run,
    name: Option<String>,
    details: OrganisationDetails,
) -> Result<(), Failure> {
    use guichet::domain::organisation::KINDS;
    let Some(name) = name else {
        let store = terminal::read_only(run.db())?;
        for o in audience::organisations(&store)? {
            let d = &o.details;
            println!(
                "{}\t{}\t{}\t{} contact(s)",
                o.id, d.name, d.kind, o.contacts
            );
        }
        return Ok(());
    };
    if !KINDS.contains(&details.kind.as_str()) {
        return Err(Failure(
            format!("\"{}\": use {}", details.kind, KINDS.join(", ")),
            2,
        ));
    }
    let (mut t, by) = run.open(false)?;
    let details = OrganisationDetails { name, ..details };
    let id = audience::add_organisation(&mut t.store, &by, &details, run.now())?;
    println!("{id}\t{}", details.name);
    Ok(())
}

fn category(run: &Run, code: Option<String>, name: Option<String>) -> Result<(), Failure> {
    match (code, name) {
        (Some(code), Some(name)) => {
            let (mut t, by) = run.open(false)?;
            audience::set_category(&mut t.store, &by, &code, &name)?;
            println!("{code}\t{name}");
            Ok(())
        }
        (None, _) => {
            let store = terminal::read_only(run.db())?;
            for (code, name) in audience::categories(&store)? {
                println!("{code}\t{name}");
            }
            Ok(())
        }
        (Some(_), None) => Err(Failure(
            "give the category's code and name: category CODE NAME".into(),
            2,
        )),
    }
}

/// `guichet patrons add`: a patron as the counter adds one.
fn add(run: &Run, details: PatronDetails) -> Result<(), Failure> {
    let (mut t, _) = run.open(false)?;
    let (p, flags) = audience::create(&mut t.store, &details, "counter", run.now())?;
    println!("{}\t{}", p.id, p.display_name());
    for f in flags {
        eprintln!("guichet: warning: the {f:?} looks wrong; it is kept as typed");
    }
    Ok(())
}

/// `guichet patrons personal-data ID [--out FILE]`: everything held about
/// a patron, as JSON (journaled).
fn personal_data(run: &Run, id: i64, out: Option<std::path::PathBuf>) -> Result<(), Failure> {
    let (mut t, by) = run.open(false)?;
    let value = audience::export(&mut t.store, &t.signer, &by, id, run.now())?;
    let text = serde_json::to_string_pretty(&value).unwrap_or_default();
    match out {
        Some(path) => std::fs::write(&path, text + "\n")
            .map_err(|e| Failure(format!("cannot write {}: {e}", path.display()), 2))?,
        None => println!("{text}"),
    }
    Ok(())
}

/// `guichet patrons merge KEEP OTHER`: each field from the patron kept,
/// else from the other.
fn merge(run: &Run, keep: i64, other: i64) -> Result<(), Failure> {
    let (mut t, by) = run.open(false)?;
    let (kept, dup) = audience::merge_preview(&t.store, keep, other)?;
    let details = audience::merged_details(&kept, &dup);
    let merge = audience::merge(
        &mut t.store,
        &t.signer,
        &by,
        keep,
        other,
        &details,
        run.now(),
    )?;
    println!("merge {merge}: patron {other} merged into {keep}");
    Ok(())
}
