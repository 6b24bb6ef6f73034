//! The accounts the accounting exports post to: a default chart per
//! country (France: the PCG accounts a venue's accountant expects; Quebec:
//! QuickBooks account names), each account overridable by a setting
//! `accounts.KEY` of the database (`guichet accounts set KEY VALUE`). In
//! France a value is the account's number then its label ("706105
//! Recettes de spectacles TVA 5,5 %"); in Quebec it is the account's name
//! exactly as QuickBooks' chart has it ("Sales:Tickets").

use std::collections::BTreeMap;

use super::ExportError;
use crate::domain::TaxRate;
use crate::domain::operator::Act;
use crate::domain::venue::Country;
use crate::operators::Operator;
use crate::store::{self, Store, Tx};

/// Where the settings of the accounts live.
pub const PREFIX: &str = "accounts.";

/// What an account is for.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    /// Money received by a payment method (cash, card, cheque, voucher).
    Payment(String),
    /// Ticket revenue: per VAT rate in France, one account in Quebec.
    Revenue(Option<u32>),
    /// VAT collected at a rate (France).
    Vat(u32),
    /// GST and QST payable (Quebec).
    Gst,
    Qst,
    /// Revenue received for performances still to come.
    Deferred,
    /// The journals (France: code then label): sales, and the entries that
    /// recognise deferred revenue.
    SalesJournal,
    MiscJournal,
}

/// A rate as a key writes it: 5500 is "5.5", 20000 is "20".
pub fn rate_text(rate: u32) -> String {
    let decimals = format!("{:03}", rate % 1000);
    let decimals = decimals.trim_end_matches('0');
    if decimals.is_empty() {
        (rate / 1000).to_string()
    } else {
        format!("{}.{decimals}", rate / 1000)
    }
}

impl Key {
    pub fn code(&self) -> String {
        match self {
            Key::Payment(m) => m.clone(),
            Key::Revenue(Some(r)) => format!("revenue.{}", rate_text(*r)),
            Key::Revenue(None) => "revenue".into(),
            Key::Vat(r) => format!("vat.{}", rate_text(*r)),
            Key::Gst => "gst".into(),
            Key::Qst => "qst".into(),
            Key::Deferred => "deferred".into(),
            Key::SalesJournal => "journal.sales".into(),
            Key::MiscJournal => "journal.misc".into(),
        }
    }

    /// A key as typed (`cash`, `revenue.5.5`, `vat.20`, `deferred`…).
    pub fn parse(code: &str) -> Option<Key> {
        let code = code.trim().to_ascii_lowercase();
        let rate = |r: &str| TaxRate::parse_percent(r).ok().map(|t| t.0);
        Some(match code.as_str() {
            "cash" | "card" | "cheque" | "voucher" => Key::Payment(code),
            "revenue" => Key::Revenue(None),
            "gst" => Key::Gst,
            "qst" => Key::Qst,
            "deferred" => Key::Deferred,
            "journal.sales" => Key::SalesJournal,
            "journal.misc" => Key::MiscJournal,
            c => match c.split_once('.') {
                Some(("revenue", r)) => Key::Revenue(Some(rate(r)?)),
                Some(("vat", r)) => Key::Vat(rate(r)?),
                _ => return None,
            },
        })
    }

    /// The keys a country's exports use (the usual rates).
    pub fn standard(country: Country) -> Vec<Key> {
        let mut keys: Vec<Key> = ["cash", "card", "cheque", "voucher"]
            .into_iter()
            .map(|m| Key::Payment(m.into()))
            .collect();
        match country {
            Country::France => {
                for r in TaxRate::FRANCE_VAT {
                    keys.push(Key::Revenue(Some(r.0)));
                }
                for r in TaxRate::FRANCE_VAT.iter().filter(|r| r.0 > 0) {
                    keys.push(Key::Vat(r.0));
                }
            }
            Country::Quebec => keys.extend([Key::Revenue(None), Key::Gst, Key::Qst]),
        }
        keys.push(Key::Deferred);
        if country == Country::France {
            keys.extend([Key::SalesJournal, Key::MiscJournal]);
        }
        keys
    }
}

/// An account (or a journal): its number and label in France; in Quebec
/// the number is empty and the label is QuickBooks' account name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub number: String,
    pub label: String,
}

/// A rate as a label writes it: "5,5 %".
fn percent(rate: u32) -> String {
    format!("{} %", rate_text(rate).replace('.', ","))
}

/// The default account of a key in a country.
pub fn default(country: Country, key: &Key) -> String {
    match country {
        Country::France => match key {
            Key::Payment(m) => match m.as_str() {
                "cash" => "530000 Caisse".into(),
                "card" => "511500 Cartes bancaires à encaisser".into(),
                "cheque" => "511200 Chèques à encaisser".into(),
                "voucher" => "419100 Clients - avoirs et bons".into(),
                _ => "471000 Compte d'attente".into(),
            },
            Key::Revenue(None) | Key::Revenue(Some(0)) => "706100 Recettes de spectacles".into(),
            Key::Revenue(Some(r)) => {
                let n = match r {
                    2_100 => "706102",
                    5_500 => "706105",
                    10_000 => "706110",
                    20_000 => "706120",
                    _ => "706100",
                };
                format!("{n} Recettes de spectacles TVA {}", percent(*r))
            }
            Key::Vat(r) => {
                let n = match r {
                    2_100 => "445712",
                    5_500 => "445715",
                    10_000 => "445710",
                    20_000 => "445720",
                    _ => "445700",
                };
                format!("{n} TVA collectée {}", percent(*r))
            }
            Key::Gst | Key::Qst => "445700 TVA collectée".into(),
            Key::Deferred => "487000 Produits constatés d'avance".into(),
            Key::SalesJournal => "VT Ventes billetterie".into(),
            Key::MiscJournal => "OD Opérations diverses".into(),
        },
        Country::Quebec => match key {
            Key::Payment(m) => match m.as_str() {
                "cash" => "Cash on hand".into(),
                "card" => "Card receipts to deposit".into(),
                "cheque" => "Cheques to deposit".into(),
                "voucher" => "Customer credits and gift certificates".into(),
                _ => "Suspense".into(),
            },
            Key::Revenue(_) => "Ticket sales".into(),
            Key::Vat(_) | Key::Gst => "GST/HST Payable".into(),
            Key::Qst => "QST Payable".into(),
            Key::Deferred => "Deferred revenue".into(),
            Key::SalesJournal => "Z".into(),
            Key::MiscJournal => "REV".into(),
        },
    }
}

/// Checks a value for a key: what is wrong with it, if anything.
fn check(country: Country, value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        return Err("give the account".into());
    }
    if value.contains(['|', '\t', '\n', '\r']) {
        return Err("an account may not hold a |, a tab or a line break".into());
    }
    if country == Country::France {
        let number = value.split_whitespace().next().unwrap_or_default();
        if !number.chars().all(|c| c.is_ascii_alphanumeric()) || number.len() > 20 {
            return Err(format!(
                "\"{number}\" is not an account number: write the number, a space, the label \
                 (706105 Recettes de spectacles TVA 5,5 %)"
            ));
        }
    }
    Ok(())
}

/// The accounts of the venue: its country's defaults and its settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chart {
    pub country: Country,
    set: BTreeMap<String, String>,
}

impl Chart {
    pub fn new(country: Country, set: BTreeMap<String, String>) -> Chart {
        Chart { country, set }
    }

    /// The value of a key: the setting, else the default.
    pub fn value(&self, key: &Key) -> String {
        self.set
            .get(&key.code())
            .cloned()
            .unwrap_or_else(|| default(self.country, key))
    }

    /// The account of a key.
    pub fn account(&self, key: &Key) -> Account {
        let value = self.value(key);
        let value = value.trim();
        match self.country {
            Country::France => {
                let (number, label) = value.split_once(' ').unwrap_or((value, value));
                Account {
                    number: number.to_owned(),
                    label: label.trim().to_owned(),
                }
            }
            Country::Quebec => Account {
                number: String::new(),
                label: value.to_owned(),
            },
        }
    }

    /// Every standard key and every key set: (key, value, set by the venue).
    pub fn listing(&self) -> Vec<(String, String, bool)> {
        let mut keys = Key::standard(self.country);
        for k in self.set.keys().filter_map(|k| Key::parse(k)) {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        keys.iter()
            .map(|k| (k.code(), self.value(k), self.set.contains_key(&k.code())))
            .collect()
    }
}

/// The chart as the database holds it.
pub fn chart_in(tx: &Tx) -> Result<Chart, ExportError> {
    let venue = store::venue::load(tx)?.ok_or(ExportError::NoVenue)?;
    let set = store::settings::with_prefix(tx, PREFIX)?
        .into_iter()
        .map(|(k, v)| (k[PREFIX.len()..].to_owned(), v))
        .collect();
    Ok(Chart::new(venue.settings.country, set))
}

pub fn chart(store: &Store) -> Result<Chart, ExportError> {
    store.read(chart_in)
}

/// Sets an account (`Some`) or puts its default back (`None`); a
/// coordinator's act, as the month's closing is.
pub fn set(
    store: &mut Store,
    by: &Operator,
    key: &str,
    value: Option<&str>,
) -> Result<Chart, ExportError> {
    if !by.role.may(Act::ClosePeriod) {
        return Err(ExportError::NotAllowed);
    }
    let parsed = Key::parse(key).ok_or_else(|| {
        ExportError::BadAccount(
            key.to_owned(),
            "the keys are cash, card, cheque, voucher, revenue.RATE (revenue in Quebec), \
             vat.RATE, gst, qst, deferred, journal.sales, journal.misc"
                .into(),
        )
    })?;
    store.write(|tx| {
        let chart = chart_in(tx)?;
        let setting = format!("{PREFIX}{}", parsed.code());
        match value {
            Some(v) => {
                check(chart.country, v).map_err(|why| ExportError::BadAccount(key.into(), why))?;
                store::settings::set(tx, &setting, v.trim())?;
            }
            None => store::settings::remove(tx, &setting)?,
        }
        chart_in(tx)
    })
}
