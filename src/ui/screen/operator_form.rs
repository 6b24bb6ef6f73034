//! The name and PIN fields of a new operator, with their errors: the first
//! run's administrator and the operators added in Réglages share them.

use std::collections::HashMap;

use iced::Element;
use iced::widget::{row, text_input};

use crate::domain::{Locale, Role};
use crate::operators::{NewOperator, OperatorError};
use crate::ui::i18n::counter::capitalised;
use crate::ui::i18n::{T, operators as words, t};
use crate::ui::widget::labelled;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Field {
    Name,
    Pin,
    PinAgain,
}

#[derive(Default)]
pub struct OperatorForm {
    name: String,
    pin: String,
    pin_again: String,
    errors: HashMap<Field, OperatorError>,
}

#[derive(Clone, Debug)]
pub enum Message {
    Name(String),
    Pin(String),
    PinAgain(String),
}

impl OperatorForm {
    pub fn update(&mut self, message: Message) {
        match message {
            Message::Name(v) => self.name = v,
            Message::Pin(v) => self.pin = digits(v),
            Message::PinAgain(v) => self.pin_again = digits(v),
        }
    }

    fn new_operator(&self, role: Role) -> NewOperator {
        NewOperator {
            name: self.name.clone(),
            role,
            pin: self.pin.clone(),
            pin_again: self.pin_again.clone(),
        }
    }

    /// Checks the fields, showing every problem beside its field; the new
    /// operator when there is none.
    pub fn check(&mut self, role: Role) -> Option<NewOperator> {
        self.errors.clear();
        let new = self.new_operator(role);
        for problem in crate::operators::problems(&new) {
            self.place(&problem);
        }
        self.errors.is_empty().then_some(new)
    }

    /// Shows an error beside its field; returns it, in `locale`, when it
    /// belongs to no field, for the form to show as a whole.
    pub fn show(&mut self, e: &OperatorError, locale: Locale) -> Option<String> {
        match beside(e) {
            Some((field, kept)) => {
                self.errors.insert(field, kept);
                None
            }
            None => Some(capitalised(&words::operator(e, locale))),
        }
    }

    /// Keeps a problem found by the checks beside its field.
    fn place(&mut self, e: &OperatorError) {
        if let Some((field, kept)) = beside(e) {
            self.errors.insert(field, kept);
        }
    }

    /// The problem beside `field`, in `locale`.
    fn error(&self, field: Field, locale: Locale) -> Option<String> {
        self.errors
            .get(&field)
            .map(|e| capitalised(&words::operator(e, locale)))
    }

    /// The name field, and the two PIN fields side by side. Field ids are
    /// `{prefix}-name`, `{prefix}-pin` and `{prefix}-pin-again`.
    pub fn view<'a, M: Clone + 'a>(
        &'a self,
        locale: Locale,
        prefix: &str,
        map: fn(Message) -> M,
        submit: M,
    ) -> (Element<'a, M>, Element<'a, M>) {
        let l = |key| t(locale, key);
        let name = labelled(
            l(T::AdminName),
            text_input(l(T::AdminNameHint), &self.name)
                .id(format!("{prefix}-name"))
                .on_input(move |v| map(Message::Name(v)))
                .on_submit(submit.clone())
                .padding(10),
            self.error(Field::Name, locale),
        );
        let pin = |label, id: String, value: &'a str, message: fn(String) -> Message, field| {
            labelled(
                l(label),
                text_input("••••", value)
                    .id(id)
                    .secure(true)
                    .on_input(move |v| map(message(v)))
                    .on_submit(submit.clone())
                    .padding(10),
                self.error(field, locale),
            )
        };
        let pins = row![
            pin(
                T::Pin,
                format!("{prefix}-pin"),
                &self.pin,
                Message::Pin,
                Field::Pin
            ),
            pin(
                T::PinAgain,
                format!("{prefix}-pin-again"),
                &self.pin_again,
                Message::PinAgain,
                Field::PinAgain
            ),
        ]
        .spacing(12)
        .into();
        (name, pins)
    }
}

/// Only digits reach a PIN field (a slip of the finger or a barcode scanner
/// cannot put letters in it), eight at most.
fn digits(v: String) -> String {
    v.chars().filter(char::is_ascii_digit).take(8).collect()
}

/// The field a problem belongs beside, and the problem to keep there.
fn beside(e: &OperatorError) -> Option<(Field, OperatorError)> {
    Some(match e {
        OperatorError::Name(n) => (Field::Name, OperatorError::Name(n.clone())),
        OperatorError::NameTaken(n) => (Field::Name, OperatorError::NameTaken(n.clone())),
        OperatorError::Pin(p) => (Field::Pin, OperatorError::Pin(p.clone())),
        OperatorError::PinMismatch => (Field::PinAgain, OperatorError::PinMismatch),
        _ => return None,
    })
}
