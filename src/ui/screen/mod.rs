//! The screens. Before log-in: `setup` (first run) and `login`. After: the
//! frame (`frame`) around one section at a time.

pub mod door;
pub mod frame;
pub mod login;
pub mod operator_form;
pub mod printing;
pub mod programming;
pub mod sections;
pub mod sell;
pub mod settings;
pub mod setup;
pub mod till;

use crate::ui::i18n::T;

/// The sections of the main frame, in the order of their keys (Ctrl+1…7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    Sell,
    Programming,
    Door,
    Audience,
    Till,
    Reports,
    Settings,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Sell,
        Section::Programming,
        Section::Door,
        Section::Audience,
        Section::Till,
        Section::Reports,
        Section::Settings,
    ];

    pub fn label(self) -> T {
        match self {
            Section::Sell => T::NavSell,
            Section::Programming => T::NavProgramming,
            Section::Door => T::NavDoor,
            Section::Audience => T::NavAudience,
            Section::Till => T::NavTill,
            Section::Reports => T::NavReports,
            Section::Settings => T::NavSettings,
        }
    }

    /// The digit of its Ctrl shortcut.
    pub fn key(self) -> usize {
        Section::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }

    pub fn from_key(digit: usize) -> Option<Section> {
        digit
            .checked_sub(1)
            .and_then(|i| Section::ALL.get(i).copied())
    }
}
