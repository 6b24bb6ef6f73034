//! The words of e-mail: Réglages → E-mail, Caisse → Envois, the status
//! bar's count and Vente's Ctrl+E.

use crate::domain::Locale;
use crate::domain::mail::{MessageKind, OutboxState};
use crate::exchange::mail::MailError;

words! {
    pub enum M {
        Settings { fr: "E-mail (serveur d’envoi)", en: "E-mail (outgoing server)" }
        Host { fr: "Serveur", en: "Server" }
        Port { fr: "Port", en: "Port" }
        Security { fr: "Chiffrement", en: "Encryption" }
        StartTls { fr: "STARTTLS (587)", en: "STARTTLS (587)" }
        Tls { fr: "TLS (465)", en: "TLS (465)" }
        NoTls { fr: "Aucun (serveur local)", en: "None (local server)" }
        User { fr: "Compte", en: "Account" }
        Password { fr: "Mot de passe", en: "Password" }
        PasswordKept { fr: "Mot de passe gardé à part, lisible par ce compte seul : laissez vide pour le garder.", en: "Password kept apart, readable by this account only: leave empty to keep it." }
        From { fr: "Adresse d’expédition", en: "Sender’s address" }
        FromName { fr: "Nom d’expéditeur (le lieu par défaut)", en: "Sender’s name (the venue by default)" }
        CaFile { fr: "Autorité de certification (fichier PEM, facultatif)", en: "Certificate authority (PEM file, optional)" }
        Save { fr: "Enregistrer", en: "Save" }
        Saved { fr: "Réglages d’envoi enregistrés.", en: "Mail settings saved." }
        TestTo { fr: "Adresse d’essai", en: "Test address" }
        Test { fr: "Envoyer un essai", en: "Send a test" }
        TestQueued { fr: "Essai mis en file pour {0} : il part à l’envoi suivant (Caisse → Envois).", en: "Test queued for {0}: it leaves at the next send (Caisse → Envois)." }
        NotSet { fr: "Aucun serveur d’envoi : les e-mails attendent dans la file.", en: "No outgoing server: e-mails wait in the outbox." }
        List { fr: "Envois", en: "Outbox" }
        SendNow { fr: "Envoyer maintenant", en: "Send now" }
        Sending { fr: "Envoi en cours…", en: "Sending…" }
        Retry { fr: "Remettre dans la file", en: "Queue again" }
        RetryUncertain { fr: "Remettre dans la file (peut arriver deux fois)", en: "Queue again (may arrive twice)" }
        Empty { fr: "Rien n’attend : aucun e-mail n’a été mis en file.", en: "Nothing waits: no e-mail was queued." }
        Drained { fr: "Envoyés : {0} · en échec, réessayés plus tard : {1} · abandonnés : {2} · incertains : {3}", en: "Sent: {0} · failed, tried again later: {1} · given up: {2} · uncertain: {3}" }
        ServerDown { fr: "Les e-mails attendent, rien n’est perdu — {0}.", en: "E-mails wait, nothing is lost — {0}." }
        Order { fr: "commande {0}", en: "order {0}" }
        NextTry { fr: "nouvel essai à {0}", en: "next try at {0}" }
        SentAt { fr: "envoyé à {0}", en: "sent at {0}" }
        QueuedAt { fr: "en file depuis {0}", en: "queued since {0}" }
        Attempts { fr: "{0} essai(s)", en: "{0} attempt(s)" }
        StatusProblem { fr: "À envoyer : {0} — serveur injoignable", en: "To send: {0} — server unreachable" }
        StatusFailed { fr: "À envoyer : {0} — envoi en échec (Caisse → Envois)", en: "To send: {0} — sending failed (Caisse → Outbox)" }
        StatusNoServer { fr: "À envoyer : {0} — aucun serveur d’envoi", en: "To send: {0} — no outgoing server" }
        SellHint { fr: "Ctrl+E : envoyer les billets à {0}", en: "Ctrl+E: e-mail the tickets to {0}" }
        ReceiptByMail { fr: "Reçu par e-mail", en: "Receipt by e-mail" }
        ReceiptQueued { fr: "Reçu mis en file pour {0}.", en: "Receipt queued for {0}." }
        SellMail { fr: "Envoyer par e-mail", en: "Send by e-mail" }
        SellQueued { fr: "Billets mis en file pour {0} : ils partent dès que le réseau est là.", en: "Tickets queued for {0}: they leave as soon as the network is there." }
        SellAlready { fr: "Déjà en file pour {0} ({1}) : rien n’est envoyé deux fois.", en: "Already queued for {0} ({1}): nothing is sent twice." }
    }
}

pub fn m(locale: Locale, key: M) -> &'static str {
    key.text(locale)
}

pub fn mf(locale: Locale, key: M, args: &[&str]) -> String {
    super::fill(m(locale, key), args)
}

/// A message's state, as the list says it.
pub fn state(s: OutboxState, locale: Locale) -> &'static str {
    match s {
        OutboxState::Waiting => say_static(locale, "En attente", "Waiting"),
        OutboxState::Sending | OutboxState::Handing => say_static(locale, "En cours", "Sending"),
        OutboxState::Sent => say_static(locale, "Envoyé", "Sent"),
        OutboxState::GivenUp => say_static(locale, "Abandonné", "Given up"),
        OutboxState::Uncertain => say_static(locale, "À vérifier", "To check"),
    }
}

/// What a message is, as the list says it.
pub fn kind(k: MessageKind, locale: Locale) -> &'static str {
    match k {
        MessageKind::ETicket => say_static(locale, "Billets", "Tickets"),
        MessageKind::Receipt => say_static(locale, "Reçu", "Receipt"),
        MessageKind::Confirmation => say_static(locale, "Confirmation", "Confirmation"),
        MessageKind::Notice => say_static(locale, "Avis", "Notice"),
        MessageKind::Cancellation => say_static(locale, "Annulation", "Cancellation"),
        MessageKind::Test => say_static(locale, "Essai", "Test"),
    }
}

fn say_static(locale: Locale, fr: &'static str, en: &'static str) -> &'static str {
    if locale == Locale::En { en } else { fr }
}

/// A mail error in the reader's language.
pub fn error(e: &MailError, locale: Locale) -> String {
    use crate::domain::mail::{AddressError, MailSettingsError as S};
    match e {
        MailError::NotAllowed(_) => {
            say!(locale, fr: "Votre rôle ne le permet pas.", en: "Your role does not allow it.")
        }
        MailError::NoServer => m(locale, M::NotSet).to_owned(),
        MailError::NoAddress(n) => say!(locale,
            fr: "La commande {n} n’a pas de client avec une adresse e-mail : rattachez un client (F9) avant la vente.",
            en: "Order {n} has no patron with an e-mail address: attach a patron (F9) before the sale."),
        MailError::Address(AddressError::Malformed(a)) => say!(locale,
            fr: "« {a} » n’est pas une adresse e-mail (nom@domaine.fr).",
            en: "“{a}” is not an e-mail address (name@domain.com)."),
        MailError::Address(_) => {
            say!(locale, fr: "L’adresse e-mail est vide ou trop longue.", en: "The e-mail address is empty or too long.")
        }
        MailError::Training(n) => say!(locale,
            fr: "La commande {n} est en mode formation : elle n’est pas envoyée.",
            en: "Order {n} is a training order: it is not sent."),
        MailError::NoTickets(n) => {
            say!(locale, fr: "La commande {n} n’a plus de billet valable.", en: "Order {n} has no valid ticket left.")
        }
        MailError::Settings(S::NoHost) => {
            say!(locale, fr: "Indiquez le serveur (smtp.exemple.fr).", en: "Give the server (smtp.example.com).")
        }
        MailError::Settings(S::BadHost(h)) => {
            say!(locale, fr: "« {h} » n’est pas un nom de serveur.", en: "“{h}” is not a server name.")
        }
        MailError::Settings(S::NoPort) => {
            say!(locale, fr: "Le port est 0 : 587 (STARTTLS), 465 (TLS) ou 25.", en: "The port is 0: 587 (STARTTLS), 465 (TLS) or 25.")
        }
        MailError::Settings(S::From(_)) => say!(locale,
            fr: "L’adresse d’expédition n’est pas une adresse e-mail.",
            en: "The sender’s address is not an e-mail address."),
        MailError::Settings(S::Unencrypted) => say!(locale,
            fr: "Sans chiffrement, seulement un serveur sur cet ordinateur (localhost), sans compte : un mot de passe ne circule jamais en clair.",
            en: "Without encryption, only a server on this computer (localhost), without an account: a password never travels in clear."),
        MailError::PasswordTooOpen { path, .. } => {
            let path = path.display();
            say!(locale,
                fr: "Le fichier du mot de passe {path} est lisible par d’autres : rien n’est envoyé (chmod 600).",
                en: "The password file {path} may be read by others: nothing is sent (chmod 600).")
        }
        other => other.to_string(),
    }
}

/// Why a message failed, as stored (the server's own reply after our words
/// in English): our words put in the reader's language, the reply kept.
pub fn reason(stored: &str, locale: Locale) -> String {
    if locale == Locale::En {
        return stored.to_owned();
    }
    const OURS: [(&str, &str); 5] = [
        (
            "connection cut while handing the message over (it may have arrived): ",
            "connexion coupée pendant la remise du message (il est peut-être arrivé) : ",
        ),
        ("connection cut: ", "connexion coupée avant l’envoi : "),
        (
            "server: log-in refused: ",
            "serveur : connexion au compte refusée : ",
        ),
        ("server: ", "serveur injoignable : "),
        ("refused: ", "refusé : "),
    ];
    let mut out = stored.to_owned();
    for (en, fr) in OURS {
        if let Some(rest) = out.strip_prefix(en) {
            out = format!("{fr}{rest}");
        }
    }
    out.replace("permanent error ", "refus définitif ")
        .replace("transient error ", "refus pour l’instant ")
        .replace(
            "the sender stopped while handing it over",
            "l’envoi s’est arrêté pendant la remise du message",
        )
}
