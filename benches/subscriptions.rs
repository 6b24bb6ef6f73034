//! A subscription's price shared among its performances: 1,000
//! subscriptions of six performances each (chosen among forty, at single
//! prices of 18 to 40 €), each price shared to the cent and summed per
//! performance, as a statement of the season would count them. Pure: the
//! sale and the statement that will call it are not built yet.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use guichet::domain::Cents;
use guichet::domain::subscription::allocate;

/// (performance, single price) × 6, for each of `n` subscriptions, and its price.
fn subscriptions(n: usize) -> Vec<(Cents, Vec<(i64, Cents)>)> {
    let mut seed: u64 = 42;
    let mut next = |m: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % m
    };
    (0..n)
        .map(|_| {
            let chosen: Vec<(i64, Cents)> = (0..6)
                .map(|_| {
                    let p = next(40) as i64;
                    (p, Cents(1_800 + (p % 12) * 200))
                })
                .collect();
            let alone: i64 = chosen.iter().map(|(_, c)| c.0).sum();
            // The subscriber price: a fifth off.
            (Cents(alone * 4 / 5), chosen)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let all = subscriptions(1_000);
    c.bench_function("allocation of 1,000 subscriptions of 6 performances", |b| {
        b.iter(|| {
            let mut revenue: BTreeMap<i64, Cents> = BTreeMap::new();
            for (price, chosen) in black_box(&all) {
                let weights: Vec<Cents> = chosen.iter().map(|(_, w)| *w).collect();
                let shares = allocate(*price, &weights).expect("a share each");
                for ((p, _), share) in chosen.iter().zip(shares) {
                    *revenue.entry(*p).or_default() += share;
                }
            }
            revenue
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
