//! Draining the outbox: 1,000 e-tickets (each made then: its PDF, two QR
//! codes, an invitation; claimed, handed over and marked sent, three
//! commits each) sent to a real local SMTP server (tests/smtp/server.py on
//! aiosmtpd, which writes each message to disk) on one connection per 500.
//! Skipped, saying so, when python3-aiosmtpd is missing.

mod common;

use std::time::{Duration, Instant};

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};

use guichet::counter::{self, Item, Place, SaleRequest, offer};
use guichet::domain::Cents;
use guichet::domain::mail::{MailSettings, Security};
use guichet::domain::payment::{Method, Tender};
use guichet::exchange::{mail, outbox};

use common::season;

const MESSAGES: usize = 1_000;

fn season_file() -> String {
    let day = Utc::now().date_naive() + chrono::Days::new(3);
    season::season(
        "Europe/Paris",
        &[("PLEIN", "Plein tarif", false)],
        vec![season::general_hall("h", "Le Club", 300)],
        vec![season::show(
            "s",
            "Banc d'essai",
            "concert",
            "CNM",
            "5.5",
            90,
        )],
        vec![season::performance(
            ("p1", "s", "h"),
            (
                format!("{day}T20:00:00+01:00"),
                format!("{day}T21:30:00+01:00"),
            ),
            "5.5",
            ("Salle", &[]),
            &[("PLEIN", 2000)],
        )],
    )
}

fn drain(c: &mut Criterion) {
    if !common::smtp::available("bench outbox") {
        return;
    }
    let server = common::smtp::Smtp::start(&[]);
    let now = Utc::now();
    let (mut t, clerk) = common::venue_with_season("bench-outbox", &season_file(), now);
    season::open_drawer(&mut t, now);
    let performance = guichet::programming::upcoming(&t.store, now, 10).unwrap()[0].id;
    let tariff = offer::load(&t.store, performance, None, now)
        .unwrap()
        .tariff("PLEIN")
        .unwrap()
        .tariff
        .id;
    let request = SaleRequest {
        quoted: Vec::new(),
        items: vec![
            Item {
                performance_id: performance,
                place: Place::Unnumbered,
                tariff_id: tariff,
            };
            2
        ],
        tenders: vec![Tender {
            voucher: None,
            method: Method::Card,
            amount: Cents(4_000),
        }],
        ..SaleRequest::default()
    };
    let order = counter::sell::sell(&mut t.store, &t.signer, &clerk, &request, now)
        .unwrap()
        .order_id;
    let settings = MailSettings {
        host: "127.0.0.1".into(),
        port: server.port,
        security: Security::None,
        from: "billetterie@example.fr".into(),
        ..MailSettings::default()
    };
    let admin = guichet::operators::system(&t.store).unwrap();
    mail::save_settings(&mut t.store, &admin, &settings, None).unwrap();
    let mut round = 0;
    let mut g = c.benchmark_group("outbox");
    g.sample_size(10).measurement_time(Duration::from_secs(60));
    g.bench_function("drain 1,000 e-tickets to a local SMTP server", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                // Queued (not timed), then drained (timed).
                round += 1;
                for i in 0..MESSAGES {
                    let to = format!("r{round}p{i}@example.fr");
                    outbox::queue_tickets(&mut t.store, &clerk, order, Some(&to), now).unwrap();
                }
                let start = Instant::now();
                let mut sent = 0;
                while sent < MESSAGES {
                    let done = outbox::drain(&mut t.store, &Utc::now, false).unwrap();
                    assert!(done.server_error.is_none(), "{done:?}");
                    sent += done.sent;
                }
                spent += start.elapsed();
            }
            spent
        })
    });
    g.finish();
}

criterion_group!(benches, drain);
criterion_main!(benches);
