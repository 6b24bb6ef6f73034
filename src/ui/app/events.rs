//! What the set-up, log-in and Réglages screens ask the application to do.

use super::*;

impl Open {
    pub(super) fn on_setup(
        &mut self,
        mut state: setup::State,
        event: setup::Event,
    ) -> Task<Message> {
        let now = self.terminal.now();
        let system = match operators::for_command_line(&self.terminal.store, None) {
            Ok(s) => s.actor(),
            Err(e) => {
                state.demo_failed(&e.to_string(), self.locale);
                self.screen = Screen::Setup(state);
                return Task::none();
            }
        };
        let t = &mut self.terminal;
        let created = match event {
            setup::Event::LoadDemo => {
                return match self.load_demo() {
                    Ok(()) => self.enter_first_screen(),
                    Err(e) => {
                        state.demo_failed(&e, self.locale);
                        self.screen = Screen::Setup(state);
                        Task::none()
                    }
                };
            }
            setup::Event::Create { venue, admin } => {
                programming::venue::set_up(&mut t.store, &t.signer, &system, *venue, &admin, now)
                    .map(|op| (op, admin.pin))
            }
            setup::Event::CreateAdmin(admin) => {
                operators::create_first_admin(&mut t.store, &t.signer, &system, &admin, now)
                    .map(|op| (op, admin.pin))
                    .map_err(Into::into)
            }
        };
        match created {
            Ok((admin, pin)) => {
                let _ = self.reload();
                let t = &mut self.terminal;
                match operators::log_in(&mut t.store, &t.signer, admin.id, &pin, now) {
                    Ok(op) => self.enter_desk(op),
                    Err(_) => self.enter_first_screen(),
                }
            }
            Err(e) => {
                state.failed(&e, self.locale);
                self.screen = Screen::Setup(state);
                Task::none()
            }
        }
    }

    pub(super) fn log_in(
        &mut self,
        mut state: login::State,
        operator_id: i64,
        pin: &str,
    ) -> Task<Message> {
        let t = &mut self.terminal;
        let now = t.now();
        match operators::log_in(&mut t.store, &t.signer, operator_id, pin, now) {
            Ok(op) => self.enter_desk(op),
            Err(e) => {
                state.failed(&e);
                let task = state.focus();
                self.screen = Screen::Login(state);
                task
            }
        }
    }

    pub(super) fn on_settings(&mut self, desk: &mut Desk, event: settings::Event) {
        let now = self.terminal.now();
        let t = &mut self.terminal;
        match event {
            settings::Event::SavePrinting(chosen) => match chosen.save(&mut t.store) {
                Ok(()) => desk.settings.printing.saved(self.locale),
                Err(e) => desk.settings.printing.failed(e.to_string()),
            },
            settings::Event::SetLanguage(locale) => {
                self.locale = locale;
                self.locale_forced = false;
                if let Err(e) = t.set_language(locale) {
                    desk.settings.failed(&e.into(), locale);
                }
            }
            settings::Event::AddOperator(new) => {
                match operators::create(&mut t.store, &t.signer, &desk.operator, &new, now) {
                    Ok(op) => {
                        let people = operators::people(&t.store).unwrap_or_default();
                        desk.settings.added(&op, people, self.locale);
                    }
                    Err(e) => desk.settings.failed(&e, self.locale),
                }
            }
            settings::Event::NameDoor(name) => {
                let said = match door::name_door(&mut t.store, &desk.operator, &name) {
                    Ok(name) => {
                        if let Some(door) = &mut desk.door {
                            door.door = name.clone();
                        }
                        desk.settings.door = name.clone();
                        Ok(tf(self.locale, T::DoorNamed, &[&name]))
                    }
                    Err(door::DoorError::NoDoorName) => {
                        Err(crate::ui::i18n::t(self.locale, T::DoorNameEmpty).to_owned())
                    }
                    Err(door::DoorError::DoorNameTooLong) => {
                        Err(crate::ui::i18n::t(self.locale, T::DoorNameLong).to_owned())
                    }
                    Err(e) => Err(e.to_string()),
                };
                desk.settings.door_named(said);
            }
            settings::Event::ChangeKey { reason } => {
                let key_path = t.key_path();
                let old = t.signer.key_id.clone();
                let changed = t.rotate_key(&desk.operator, &reason);
                desk.settings.key_changed(match changed {
                    Ok(new) => Ok(tf(
                        self.locale,
                        T::KeyChanged,
                        &[
                            &new.key_id,
                            &new.number.to_string(),
                            &old,
                            &key_path.display().to_string(),
                        ],
                    )),
                    Err(e) => Err(tf(self.locale, T::KeyNotChanged, &[&e.to_string()])),
                });
                desk.till.journal.key_id = t.signer.key_id.clone();
            }
            settings::Event::SetActive { id, active } => {
                let people = operators::people(&t.store).unwrap_or_default();
                if let Some(target) = people.iter().find(|p| p.id == id) {
                    let done = operators::set_active(
                        &mut t.store,
                        &t.signer,
                        &desk.operator,
                        target,
                        active,
                        now,
                    );
                    if let Err(e) = done {
                        desk.settings.failed(&e, self.locale);
                    }
                }
                desk.settings.people = operators::people(&t.store).unwrap_or_default();
            }
        }
    }
}
