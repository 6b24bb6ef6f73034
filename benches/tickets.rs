//! Ticket PDF rendering: one ticket per layout (fonts already parsed) and a 100-ticket A4 PDF.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use guichet::tickets::pdf::{Layout, TicketFace, tickets};

fn face(n: u32) -> TicketFace {
    TicketFace {
        venue: "Association Théâtre des Quais".into(),
        venue_address: "12, quai de la Fosse, 44000 Nantes".into(),
        licence: "PLATESV-D-2024-001234".into(),
        show: "Les Fourberies de Scapin".into(),
        artists: "Compagnie des Échappés · mise en scène Zoé Lefèvre".into(),
        when: "mardi 24 novembre 2026 · 20 h 00".into(),
        hall: "Grande salle".into(),
        category: "Catégorie 1 — Orchestre centre".into(),
        seat: Some(format!("Orchestre, rang F, {n}")),
        tariff: "Plein".into(),
        price: "28,00\u{a0}€".into(),
        tax_note: "dont TVA 5,5\u{a0}% : 1,46\u{a0}€".into(),
        number: format!("{n:06}"),
        order: "42".into(),
        sold: "Vendu le 23/11/2026 à 19 h 04 · Guichet 1 · Claire".into(),
        code: format!(
            "G1{}{n:06}",
            "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPJQWEY3EMVTGO2DJ".repeat(2)
        )
        .replace(['0', '1', '8', '9'], "A"),
        ..TicketFace::default()
    }
}

fn bench(c: &mut Criterion) {
    tickets(Layout::A4, &[face(1)]).expect("warm-up: fonts parsed once");
    for layout in [Layout::A4, Layout::Thermal80, Layout::Stock2x55] {
        let one = [face(1)];
        c.bench_function(&format!("one ticket {layout:?}"), |b| {
            b.iter(|| tickets(layout, black_box(&one)).unwrap())
        });
    }
    let hundred: Vec<TicketFace> = (1..=100).map(face).collect();
    let mut group = c.benchmark_group("batch");
    group.sample_size(20);
    group.bench_function("100 tickets A4", |b| {
        b.iter(|| tickets(Layout::A4, black_box(&hundred)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
