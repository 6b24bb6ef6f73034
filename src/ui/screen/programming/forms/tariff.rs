//! The form of a tariff (opened from a performance's prices).

use iced::Element;
use iced::widget::{checkbox, row};

use super::{Made, Problems, Submit, field, heading, page};
use crate::programming::{Field, ProgrammingError, pricing};
use crate::ui::i18n::programming::{P, p};
use crate::ui::screen::{Context, Look};

/// The code's field (the focus goes there when the form opens).
pub const CODE: &str = "form-code";
pub const NAME: &str = "form-name";

/// A tariff as typed.
#[derive(Default)]
pub struct TariffForm {
    code: String,
    name: String,
    /// A proof is asked for it (`requires_proof`).
    proof: bool,
    /// Complimentary.
    free: bool,
    problems: Problems,
}

#[derive(Clone, Debug)]
pub enum Message {
    Code(String),
    Name(String),
    Proof(bool),
    Free(bool),
    Submit,
}

impl TariffForm {
    pub fn update(&mut self, message: Message, ctx: &mut Context) -> Option<Made> {
        match message {
            Message::Code(v) => self.code = v,
            Message::Name(v) => self.name = v,
            Message::Proof(v) => self.proof = v,
            Message::Free(v) => self.free = v,
            Message::Submit => return super::submit(self, ctx),
        }
        None
    }

    pub fn view(&self, look: &Look) -> Element<'_, Message> {
        let locale = look.locale;
        let l = |k| p(locale, k);
        let error = |f| self.problems.beside(f);
        let fields = heading(locale, P::AddTariff)
            .push(
                row![
                    field(
                        l(P::CategoryCode),
                        CODE,
                        "GROUPE",
                        &self.code,
                        Message::Code,
                        Message::Submit,
                        error(Field::Code)
                    ),
                    field(
                        l(P::Name),
                        NAME,
                        l(P::ExampleTariffName),
                        &self.name,
                        Message::Name,
                        Message::Submit,
                        error(Field::Name)
                    ),
                ]
                .spacing(10),
            )
            .push(
                checkbox(self.proof)
                    .label(l(P::Proof))
                    .on_toggle(Message::Proof),
            )
            .push(
                checkbox(self.free)
                    .label(l(P::Free))
                    .on_toggle(Message::Free),
            );
        page(locale, fields, P::Create, Message::Submit, &self.problems)
    }
}

impl Submit for TariffForm {
    fn submit(&self, ctx: &mut Context) -> Result<Made, ProgrammingError> {
        let (store, by) = ctx.acting()?;
        pricing::create_tariff(store, &by, &self.code, &self.name, self.proof, self.free)?;
        Ok(Made::Tariff)
    }

    fn place(&self, field: Option<Field>) -> Option<Field> {
        field.filter(|f| [Field::Code, Field::Name].contains(f))
    }

    fn problems(&mut self) -> &mut Problems {
        &mut self.problems
    }
}
