//! The central database's conflicts in the coordinator's words: what each
//! one is, where it comes from, and the actions a person records.

use serde_json::Value;

use crate::central::conflicts::Conflict;
use crate::domain::Locale;

words! {
    /// The words of Réglages' « Base centrale » card, its conflicts' list,
    /// and the status bar's count.
    pub enum C {
        Card { fr: "Base centrale", en: "Central database" }
        Alone {
            fr: "Ce poste travaille seul : il n’est inscrit à aucune base centrale. Un administrateur l’inscrit avec « guichet central join ».",
            en: "This terminal works alone: it has joined no central database. An administrator enrols it with `guichet central join`.",
        }
        Joined { fr: "Inscrit à la base centrale « {0} » sur {1}, sous le compte {2}.", en: "Joined to the central database “{0}” on {1}, as {2}." }
        Push { fr: "Envoyer le journal maintenant", en: "Send the ledger now" }
        Publish { fr: "Publier la saison", en: "Publish the season" }
        Publishing { fr: "Publication de la saison…", en: "Publishing the season…" }
        Published {
            fr: "Saison publiée (version {0}) : les autres postes la reçoivent dans la minute, séances déplacées ou annulées comprises.",
            en: "Season published (version {0}): the other terminals receive it within the minute, moved or cancelled performances included.",
        }
        Stopped { fr: "le travail en arrière-plan s’est arrêté", en: "the work in the background stopped" }
        StatusWaiting { fr: "Base centrale : {0} conflit(s) à décider", en: "Central database: {0} conflict(s) to decide" }
        Pushing { fr: "Envoi du journal en cours…", en: "Sending the ledger…" }
        Pushed {
            fr: "Journal envoyé : {0} enregistrement(s) nouveaux, {1} déjà là. Conflits en attente : {2}.",
            en: "Ledger sent: {0} new record(s), {1} there already. Conflicts waiting: {2}.",
        }
        PushFork {
            fr: "La base centrale a un autre journal pour ce poste (copie restaurée, enregistrements perdus) : rien n’est envoyé de cette chaîne. Un coordinateur d’un autre poste ou un administrateur décide (« guichet central conflicts »).",
            en: "The central database holds another ledger for this terminal (a restored copy, lost records): nothing of that chain is sent. A coordinator of another terminal or an administrator decides (`guichet central conflicts`).",
        }
        PushFailed { fr: "Le journal n’a pas été envoyé : {0}. Il part au prochain envoi, rien n’est perdu.", en: "The ledger was not sent: {0}. It leaves with the next sending; nothing is lost." }
        Conflicts { fr: "Conflits", en: "Conflicts" }
        Show { fr: "Voir les conflits", en: "Show the conflicts" }
        Reading { fr: "Lecture des conflits…", en: "Reading the conflicts…" }
        None { fr: "Aucun conflit : chaque poste a vendu ce qu’il détenait.", en: "No conflict: each terminal sold what it held." }
        Waiting { fr: "{0} conflit(s) en attente d’une décision", en: "{0} conflict(s) waiting for a decision" }
        Note { fr: "Ce qui a été fait (par ex. « commande 42 remboursée », « replacé en F12 »)", en: "What was done (e.g. “order 42 refunded”, “moved to F12”)" }
        Decide { fr: "Décider", en: "Decide" }
        DecidedBy { fr: "Décidé par {0} : {1}", en: "Decided by {0}: {1}" }
        Failed { fr: "La base centrale n’a pas répondu, ou a refusé : {0}", en: "The central database did not answer, or refused: {0}" }
        OwnConflict { fr: "Ce conflit concerne ce poste : il se décide depuis un autre poste.", en: "This conflict is about this terminal: it is decided from another one." }
        Fork { fr: "Chaîne divergente", en: "Forked chain" }
        Gap { fr: "Trou dans la chaîne", en: "Gap in the chain" }
        Behind { fr: "Copie plus ancienne que l’envoyé", en: "Copy older than what was sent" }
        ReclaimedSale { fr: "Vente sur une place reprise", en: "Sale on a reclaimed seat" }
        OverPlaces { fr: "Jauge dépassée", en: "Capacity exceeded" }
        DuplicateEntry { fr: "Entrée en double", en: "Duplicate entry" }
        WebSeatTaken { fr: "Commande web sur une place prise", en: "Web order on a seat taken" }
        Refund { fr: "Remboursé", en: "Refunded" }
        Move { fr: "Replacé", en: "Moved" }
        AcceptReentry { fr: "Ré-entrée acceptée", en: "Re-entry accepted" }
        Retire { fr: "Poste retiré", en: "Terminal retired" }
        Acknowledge { fr: "Pris acte", en: "Acknowledged" }
        Before {
            fr: "Rendre les places invendues à la base centrale, en minutes avant chaque séance (vide : seulement à la clôture du jour)",
            ca: "Rendre les places invendues à la base centrale, en minutes avant chaque représentation (vide : seulement à la clôture du jour)",
            en: "Give unsold places back to the central database, in minutes before each performance (empty: only at the day's closing)",
        }
        BeforeHint { fr: "par ex. 60", en: "e.g. 60" }
        Address {
            fr: "Adresse du serveur (un administrateur la change si le serveur déménage ; l’autorité de la salle : sslrootcert=FICHIER ; jamais de mot de passe ici)",
            en: "Server address (an administrator changes it when the server moves; the venue's authority: sslrootcert=FILE; never a password here)",
        }
        AddressHint { fr: "host=… port=5432 dbname=… sslmode=require", en: "host=… port=5432 dbname=… sslmode=require" }
        AddressSaved { fr: "Adresse enregistrée : ce poste s’y connecte désormais, sous le même compte.", en: "Address saved: this terminal connects there from now on, under the same login." }
        Save { fr: "Enregistrer", en: "Save" }
        BeforeSaved {
            fr: "Ce poste rend ce qu’il n’a pas vendu {0} minutes avant chaque séance, et à la clôture du jour.",
            ca: "Ce poste rend ce qu’il n’a pas vendu {0} minutes avant chaque représentation, et à la clôture du jour.",
            en: "This terminal gives back what it did not sell {0} minutes before each performance, and at the day's closing.",
        }
        BeforeNever {
            fr: "Ce poste rend ce qu’il n’a pas vendu à la clôture du jour, ou quand on le lui demande.",
            en: "This terminal gives back what it did not sell at the day's closing, or when asked.",
        }
        BeforeNotMinutes { fr: "Un nombre de minutes, ou rien.", en: "A number of minutes, or nothing." }
    }
}

pub fn c(locale: Locale, key: C) -> &'static str {
    key.text(locale)
}

pub fn cf(locale: Locale, key: C, args: &[&str]) -> String {
    super::fill(c(locale, key), args)
}

/// What kind of conflict, in a few words.
pub fn kind(locale: Locale, kind: &str) -> String {
    match kind {
        "fork" => c(locale, C::Fork).to_owned(),
        "gap" => c(locale, C::Gap).to_owned(),
        "behind" => c(locale, C::Behind).to_owned(),
        "reclaimed_sale" => c(locale, C::ReclaimedSale).to_owned(),
        "over_places" => c(locale, C::OverPlaces).to_owned(),
        "duplicate_entry" => c(locale, C::DuplicateEntry).to_owned(),
        "web_seat_taken" => c(locale, C::WebSeatTaken).to_owned(),
        other => other.to_owned(),
    }
}

/// An action a conflict is decided by, in a word or two.
pub fn action(locale: Locale, action: &str) -> String {
    let key = match action {
        "refund" => C::Refund,
        "move" => C::Move,
        "accept_reentry" => C::AcceptReentry,
        "retire" => C::Retire,
        "acknowledge" => C::Acknowledge,
        other => return other.to_owned(),
    };
    c(locale, key).to_owned()
}

/// When the central database found it, in the venue's time (it says
/// `2026-12-07 03:44:48.833564+00`).
pub fn seen(l: Locale, zone: chrono_tz::Tz, seen_at: &str) -> String {
    match chrono::DateTime::parse_from_str(seen_at, "%Y-%m-%d %H:%M:%S%.f%#z") {
        Ok(at) => l.date_time(at.to_utc(), zone),
        Err(_) => seen_at.to_owned(),
    }
}

/// What happened, from the conflict's details (times the central database
/// gives in the venue's time zone `zone`).
pub fn detail(l: Locale, zone: chrono_tz::Tz, conflict: &Conflict) -> String {
    let d: Value = serde_json::from_str(&conflict.detail).unwrap_or_default();
    let word = |k: &str| match &d[k] {
        Value::String(s) => s.clone(),
        Value::Null => "?".to_owned(),
        other => other.to_string(),
    };
    let terminal = word("terminal");
    match conflict.kind.as_str() {
        "reclaimed_sale" => {
            let (seat, performance, held) = (word("seat"), word("performance"), word("held_by"));
            // When it was sold, as the terminal's clock and time zone said.
            let at = match chrono::DateTime::parse_from_rfc3339(&word("at")) {
                Ok(at) => format!("{} {}", l.date(&at), l.time(&at)),
                Err(_) => word("at"),
            };
            let sold_twice = !matches!(d["other_ticket"], Value::Null);
            if sold_twice {
                say!(l, fr: "{terminal} a vendu {seat} ({performance}) le {at}, déjà vendue par ailleurs (la place était à {held}) : remboursez ou replacez l’un des deux spectateurs.",
                    en: "{terminal} sold {seat} ({performance}) at {at}, already sold elsewhere (the seat was {held}'s): refund or move one of the two patrons.")
            } else if held == "the pool" {
                say!(l, fr: "{terminal} a vendu {seat} ({performance}) le {at} alors que la place lui avait été reprise ; personne ne l’avait vendue entre-temps : elle lui reste. Rien d’autre à faire que le noter.",
                    en: "{terminal} sold {seat} ({performance}) at {at} after the seat was taken back from it; no one had sold it meanwhile: it stays its own. Nothing to do but note it.")
            } else {
                say!(l, fr: "{terminal} a vendu {seat} ({performance}) le {at} alors que la place avait été prêtée à {held}, qui ne l’a pas encore vendue : reprenez-la à {held} (guichet central reclaim) avant qu’elle le soit.",
                    en: "{terminal} sold {seat} ({performance}) at {at} though the seat had been lent to {held}, which has not sold it yet: take it back from {held} (guichet central reclaim) before it does.")
            }
        }
        "over_places" => {
            let (performance, sold, held) = (word("performance"), word("sold"), word("held"));
            say!(l, fr: "{terminal} a vendu {sold} place(s) de {performance} alors qu’il n’en détenait plus que {held} (des places lui avaient été reprises) : la jauge est dépassée d’autant. Remboursez ou accueillez les spectateurs en surnombre.",
                en: "{terminal} sold {sold} place(s) of {performance} though it held only {held} (places had been taken back from it): capacity is exceeded by the difference. Refund or admit the extra patrons.")
        }
        "duplicate_entry" => {
            let (number, performance) = (word("number"), word("performance"));
            let seat = match &d["seat"] {
                Value::String(s) => format!(", {s}"),
                _ => String::new(),
            };
            let when = |k: &str| match chrono::DateTime::parse_from_rfc3339(&word(k)) {
                Ok(at) => l.time(&at.with_timezone(&zone)),
                Err(_) => word(k),
            };
            let first = format!("{} ({})", word("first_door"), word("first_terminal"));
            let second = format!("{} ({})", word("second_door"), word("second_terminal"));
            let (first_at, second_at) = (when("first_at"), when("second_at"));
            say!(l, fr: "Le billet n° {number} ({performance}{seat}) est entré par {first} à {first_at}, puis par {second} à {second_at}, la seconde porte n’ayant pas pu consulter la base centrale : une copie du billet ? Notez ce qui a été fait (ré-entrée acceptée, personne raccompagnée…).",
                en: "Ticket no. {number} ({performance}{seat}) entered through {first} at {first_at}, then through {second} at {second_at}, the second door unable to ask the central database: a copy of the ticket? Note what was done (re-entry accepted, person shown out…).")
        }
        "web_seat_taken" => {
            let (reference, performance, places) =
                (word("reference"), word("performance"), word("places"));
            let seats = match &d["seats"] {
                Value::Array(a) if !a.is_empty() => a
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" ; "),
                _ => "—".to_owned(),
            };
            say!(l, fr: "{terminal} : la commande web {reference} ({performance}) a été payée après l’expiration de son panier ; entre-temps ont été vendues : {seats} (et {places} place(s) libre(s)). Remboursez l’acheteur de ces places ou replacez-le, puis notez-le.",
                en: "{terminal}: web order {reference} ({performance}) was paid after its basket expired; sold meanwhile: {seats} (and {places} general admission place(s)). Refund the buyer for them or move them, then note it.")
        }
        "behind" => {
            let (chain, here, there) = (word("chain"), word("here"), word("there"));
            say!(l, fr: "{terminal} : sa chaîne {chain} s’arrête à {there} alors qu’il avait envoyé jusqu’à {here} (une copie ancienne restaurée ?).",
                en: "{terminal}: its {chain} chain ends at {there} though it had sent up to {here} (an old copy restored?).")
        }
        _ => {
            let (chain, seq) = (word("chain"), word("seq"));
            say!(l, fr: "{terminal} : chaîne {chain}, enregistrement {seq}.",
                en: "{terminal}: {chain} chain, record {seq}.")
        }
    }
}

/// Why the central database could not do what was asked, in the window's
/// words (the command line prints the English of `CentralError`). What the
/// server itself said stays as it said it.
pub fn refusal(l: Locale, e: &crate::central::CentralError) -> String {
    use crate::central::CentralError as E;
    match e {
        E::Unreachable(_) => {
            say!(l, fr: "la base centrale ne répond pas (réseau coupé ?) : ce poste continue seul",
            en: "the central database does not answer (network down?): this terminal goes on alone")
        }
        E::Refused(said) => say!(l, fr: "la base centrale a refusé : {said}",
            en: "the central database refused: {said}"),
        E::NotJoined => say!(l, fr: "ce poste n’est inscrit à aucune base centrale",
            en: "this terminal has joined no central database"),
        E::NotInitialised => say!(l, fr: "la base centrale n’est pas encore créée",
            en: "the central database is not created yet"),
        E::Newer { .. } => {
            say!(l, fr: "la base centrale est plus récente que ce Guichet : installez la nouvelle version",
            en: "the central database is newer than this Guichet: install the new version")
        }
        E::NotAllowed(_) => say!(l, fr: "votre rôle ne le permet pas",
            en: "your role does not allow it"),
        E::TooManyPerformances(n) => {
            say!(l, fr: "une liste de contrôle couvre au plus {n} séances : choisissez celles de la soirée",
            en: "a door list covers at most {n} performances: choose the evening's")
        }
        E::Lot => {
            say!(l, fr: "un lot compte au plus 5 000 places numérotées et 100 000 places libres",
            en: "a lot is at most 5,000 seats and 100,000 places")
        }
        E::BySlot(_) => {
            say!(l, fr: "une séance à créneaux se prête créneau par créneau : choisissez le créneau",
            en: "a timed entry performance is lent slot by slot: choose the slot")
        }
        E::NoSlot(_) => say!(l, fr: "ce créneau n’existe plus ici",
            en: "this entry slot no longer exists here"),
        E::GiveBackTooEarly(n) => {
            say!(l, fr: "un poste rend ses places au plus {n} minutes avant la séance",
            en: "a terminal gives back at most {n} minutes before a performance")
        }
        other => other.to_string(),
    }
}
