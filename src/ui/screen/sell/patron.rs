//! Who the order is for (F9): a name, e-mail or phone finds a patron; Enter
//! on a name nobody has adds one.

use super::{Context, State};
use crate::audience;
use crate::ui::i18n::counter::audience;

impl State {
    pub(super) fn patron_input(&mut self, text: String, ctx: &Context) {
        self.patron_active = true;
        self.patron_hits = audience::search(&ctx.terminal.store, &text, 6).unwrap_or_default();
        self.patron_text = text;
    }

    /// Enter in the patron field: the first found, else a new patron.
    pub(super) fn patron_submit(&mut self, ctx: &mut Context) {
        if !self.patron_hits.is_empty() {
            self.pick_patron(0);
            return;
        }
        if self.patron_text.trim().is_empty() {
            self.patron_active = false;
            return;
        }
        let now = ctx.now();
        match audience::create_from_text(&mut ctx.terminal.store, &self.patron_text, now) {
            Ok(p) => {
                self.basket.set_patron(Some(p.id));
                self.patron = Some(p);
                self.patron_text.clear();
                self.patron_active = false;
            }
            Err(e) => self.error = Some(audience(&e, ctx.locale)),
        }
    }

    pub(super) fn pick_patron(&mut self, index: usize) {
        if let Some(p) = self.patron_hits.get(index) {
            self.basket.set_patron(Some(p.id));
            self.patron = Some(p.clone());
        }
        self.patron_text.clear();
        self.patron_hits.clear();
        self.patron_active = false;
    }

    pub(super) fn clear_patron(&mut self) {
        self.basket.set_patron(None);
        self.patron = None;
        self.patron_text.clear();
        self.patron_hits.clear();
        self.patron_active = false;
    }
}
