//! The words of a performance's « Invitations » tab in Programmation, and
//! why an invitation was refused.

use crate::counter::invitations::InvitationError;
use crate::domain::Locale;

words! {
    pub enum I {
        Press { fr: "Presse", en: "Press" }
        Partner { fr: "Partenaires", en: "Partners" }
        Artist { fr: "Artistes", en: "Artists" }
        Staff { fr: "Équipe", en: "Staff" }
        SetAside { fr: "Plafond d’invitations par demandeur (vide : sans plafond)", en: "Ceiling of invitations per requester (empty: none)" }
        Issued { fr: "{0} émises", en: "{0} issued" }
        IssuedOne { fr: "{0} émise", en: "{0} issued" }
        PlacesN { fr: "{0} places", en: "{0} places" }
        Save { fr: "Enregistrer les plafonds", en: "Save the ceilings" }
        Saved { fr: "Plafonds d’invitations enregistrés.", en: "Invitation ceilings saved." }
        New { fr: "Nouvelle demande", en: "New request" }
        RequesterHint { fr: "ex. Ouest-France — Marie Dupont", en: "e.g. Ouest-France — Marie Dupont" }
        Places { fr: "Places", en: "Places" }
        Ask { fr: "Enregistrer la demande", en: "Record the request" }
        Asked { fr: "Demande enregistrée : à émettre ou refuser.", en: "Request recorded: to issue or refuse." }
        Requests { fr: "Demandes", en: "Requests" }
        NoRequest { fr: "Aucune demande pour cette représentation.", en: "No request for this performance." }
        Issue { fr: "Émettre", en: "Issue" }
        Refuse { fr: "Refuser", en: "Refuse" }
        IssuedOrder { fr: "Invitations émises : commande n° {0}, {1} billet(s) gratuit(s).", en: "Invitations issued: order {0}, {1} free ticket(s)." }
        Refused { fr: "Demande refusée.", en: "Request refused." }
        StatusAsked { fr: "à décider", en: "to decide" }
        StatusIssued { fr: "émise (commande n° {0})", en: "issued (order {0})" }
        StatusRefused { fr: "refusée", en: "refused" }
    }
}

pub fn i(locale: Locale, key: I) -> &'static str {
    key.text(locale)
}

pub fn if_(locale: Locale, key: I, args: &[&str]) -> String {
    super::fill(i(locale, key), args)
}

/// A kind of requester, as the tab names it.
pub fn kind(locale: Locale, kind: crate::domain::invitation::RequesterKind) -> &'static str {
    use crate::domain::invitation::RequesterKind as K;
    i(
        locale,
        match kind {
            K::Press => I::Press,
            K::Partner => I::Partner,
            K::Artist => I::Artist,
            K::Staff => I::Staff,
        },
    )
}

/// Why an invitation was refused, and what to do.
pub fn error(e: &InvitationError, l: Locale) -> String {
    use InvitationError as E;
    match e {
        E::NotAllowed(act) => super::operators::not_allowed(*act, l),
        E::NoPerformance(_) => say!(l,
            fr: "Cette représentation n’existe plus : rouvrez la liste.",
            en: "this performance is gone: open the list again"),
        E::Requester => say!(l,
            fr: "Indiquez qui demande (un journal et son journaliste, un partenaire), en 120 caractères au plus.",
            en: "say who asks (a newspaper and its journalist, a partner), 120 characters at most"),
        E::Places(n) => say!(l,
            fr: "Une demande compte de 1 à 20 places, pas {n}.",
            en: "a request is for 1 to 20 places, not {n}"),
        E::Note => {
            say!(l, fr: "La note compte 500 caractères au plus.", en: "the note is 500 characters at most")
        }
        E::NoPatron(_) => say!(l, fr: "Ce spectateur n’existe plus.", en: "this patron is gone"),
        E::Unknown(id) => say!(l, fr: "Aucune demande {id}.", en: "no request {id}"),
        E::Decided(..) => say!(l,
            fr: "Cette demande est déjà décidée : rien n’a changé.",
            en: "this request is already decided: nothing changed"),
        E::Full {
            kind,
            quota,
            issued,
            asked,
        } => {
            let kind = super::journal::requester_kind(kind, l);
            say!(l,
                fr: "Plafond d’invitations ({kind}) atteint : {issued} émises sur {quota}, cette demande en veut {asked}. Relevez le plafond, ou refusez-la.",
                en: "the places set aside ({kind}) are taken: {issued} of {quota} issued, this request asks {asked}: raise them, or refuse it")
        }
        E::NoTariff => say!(l,
            fr: "Cette représentation n’offre pas de tarif invitation : proposez-en un (gratuit) dans l’onglet Tarifs, puis émettez.",
            en: "this performance offers no invitation tariff: offer one (free) in the Prices tab, then issue"),
        E::Training => say!(l,
            fr: "Pas d’invitations en mode formation : elles compteraient sur les vraies places réservées. Quittez le mode formation d’abord.",
            en: "no invitations in training mode: they would count against the real places set aside; switch training off first"),
        E::Counter(e) => super::counter::error(e, l),
        E::Store(e) => super::system::store(e, l),
        E::Ledger(e) => super::system::ledger(e, l),
    }
}
