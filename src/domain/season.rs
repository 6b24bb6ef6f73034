//! The season's vocabulary: kinds of hall, show-tax regimes, performance
//! statuses. Stored as the lowercase codes below.

use serde::{Deserialize, Serialize};

/// How a hall is sold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HallKind {
    /// Reserved seating: every ticket has a seat of the plan.
    Numbered,
    /// General admission: a capacity, no seats.
    General,
    /// Timed entry (museum): slots, each with a capacity.
    Timed,
}

impl HallKind {
    pub const ALL: [HallKind; 3] = [HallKind::Numbered, HallKind::General, HallKind::Timed];

    pub fn code(self) -> &'static str {
        match self {
            HallKind::Numbered => "numbered",
            HallKind::General => "general",
            HallKind::Timed => "timed",
        }
    }

    pub fn from_code(code: &str) -> Option<HallKind> {
        HallKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// France's tax on show tickets: 3.5 % of revenue excluding VAT, to the CNM
/// (music, variety, humour) or the ASTP (drama, opera, dance).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ShowTax {
    #[serde(rename = "CNM")]
    Cnm,
    #[serde(rename = "ASTP")]
    Astp,
    #[serde(rename = "none")]
    None,
}

impl ShowTax {
    pub fn code(self) -> &'static str {
        match self {
            ShowTax::Cnm => "CNM",
            ShowTax::Astp => "ASTP",
            ShowTax::None => "none",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PerformanceStatus {
    OnSale,
    Closed,
    Cancelled,
}

impl PerformanceStatus {
    pub const ALL: [PerformanceStatus; 3] = [
        PerformanceStatus::OnSale,
        PerformanceStatus::Closed,
        PerformanceStatus::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PerformanceStatus::OnSale => "on_sale",
            PerformanceStatus::Closed => "closed",
            PerformanceStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<PerformanceStatus> {
        PerformanceStatus::ALL
            .into_iter()
            .find(|s| s.code() == code)
    }
}
