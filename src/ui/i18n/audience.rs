//! The words of Publics: the patron file, its search, the card, consent
//! and the contact log (French, Quebec where it differs, English).

use crate::audience::AudienceError;
use crate::domain::Locale;
use crate::domain::patron::{ConsentChannel, ContactFlag, Loyalty, MaySend, Need, Text};

english!(AudienceError => error);

words! {
    /// The words of Publics.
    pub enum A {
        Search { fr: "Nom, e-mail, téléphone, code postal, structure…", ca: "Nom, courriel, téléphone, code postal, organisme…", en: "Name, e-mail, phone, postcode, organisation…" }
        SearchHint { fr: "Tapez au moins deux lettres ou chiffres : les accents, majuscules et espaces ne comptent pas.", en: "Type two letters or digits at least: accents, capitals and spaces do not matter." }
        Nobody { fr: "Personne ne correspond : vérifiez l’orthographe, ou créez la fiche.", en: "Nobody matches: check the spelling, or add them." }
        NewPatron { fr: "+ Nouveau spectateur", en: "+ New patron" }
        FileSize { fr: "{0} spectateurs dans le fichier", en: "{0} patrons in the file" }
        Orders { fr: "{0} achat(s)", en: "{0} purchase(s)" }
        Edit { fr: "Modifier", en: "Edit" }
        Save { fr: "Enregistrer", en: "Save" }
        Cancel { fr: "Annuler", en: "Cancel" }
        Saved { fr: "Fiche enregistrée.", en: "Saved." }
        FirstName { fr: "Prénom", en: "First name" }
        LastName { fr: "Nom", en: "Last name" }
        Email { fr: "E-mail", ca: "Courriel", en: "E-mail" }
        Phone { fr: "Téléphone", en: "Phone" }
        Address { fr: "Adresse", en: "Address" }
        Postcode { fr: "Code postal", en: "Postcode" }
        City { fr: "Ville", en: "City" }
        Country { fr: "Pays", en: "Country" }
        BirthYear { fr: "Année de naissance", en: "Birth year" }
        Notes { fr: "Notes", en: "Notes" }
        Needs { fr: "Besoins à l’accueil", en: "Needs at the counter" }
        Categories { fr: "Catégories", en: "Categories" }
        Organisation { fr: "Structure", ca: "Organisme", en: "Organisation" }
        NoOrganisation { fr: "aucune", en: "none" }
        EmailFlag { fr: "Cette adresse e-mail semble incorrecte (gardée telle quelle).", ca: "Cette adresse courriel semble incorrecte (gardée telle quelle).", en: "This e-mail looks wrong (kept as typed)." }
        PhoneFlag { fr: "Ce numéro semble incorrect (gardé tel quel).", en: "This phone number looks wrong (kept as typed)." }
        NeedWheelchair { fr: "Place PMR", ca: "Place accessible en fauteuil", en: "Wheelchair place" }
        NeedHearing { fr: "Boucle magnétique", en: "Hearing loop" }
        NeedVision { fr: "Malvoyant", en: "Low vision" }
        NeedCompanion { fr: "Accompagnateur", en: "Companion" }
        LoyaltyProspect { fr: "Contact (jamais venu)", en: "Contact (never came)" }
        LoyaltyNew { fr: "Nouveau cette saison", en: "New this season" }
        LoyaltyReturning { fr: "Fidèle", en: "Returning" }
        LoyaltyLapsed { fr: "Perdu de vue", en: "Lapsed" }
        LoyaltySubscriber { fr: "Abonné", en: "Subscriber" }
        Subscription { fr: "Abonnement « {0} » — commande n° {1}, {2}, {3} billet(s) valides", en: "Subscription \"{0}\" — order {1}, {2}, {3} valid ticket(s)" }
        FirstVisit { fr: "Première venue", en: "First visit" }
        LastVisit { fr: "Dernière venue", en: "Last visit" }
        Never { fr: "jamais", en: "never" }
        PerSeason { fr: "Venues par saison", en: "Visits per season" }
        Spent { fr: "Total dépensé", en: "Total spent" }
        Genres { fr: "Genres préférés", en: "Favourite genres" }
        Consent { fr: "Ce qu’on peut lui envoyer", en: "What may be sent" }
        ChannelEmail { fr: "Lettre d’information par e-mail", ca: "Infolettre par courriel", en: "E-mail newsletter" }
        ChannelSms { fr: "SMS", ca: "Texto", en: "SMS" }
        ChannelPost { fr: "Courrier postal", en: "Post" }
        Give { fr: "Accepte", en: "Agrees" }
        Withdraw { fr: "Refuse", en: "Objects" }
        MayGiven { fr: "Oui : accord donné le {0}", en: "Yes: agreed on {0}" }
        MaySoft { fr: "Oui : client, offres semblables à ses achats tant qu’il ne s’y oppose pas", en: "Yes: a buyer, offers like what they bought until they object" }
        MayImplied { fr: "Oui : consentement tacite après achat, jusqu’au {0}", en: "Yes: implied consent after a purchase, until {0}" }
        MayNotObjected { fr: "Oui : pas d’opposition", en: "Yes: no objection" }
        MayWithdrawn { fr: "Non : refusé le {0}", en: "No: objected on {0}" }
        MayNo { fr: "Non : aucun accord", en: "No: no consent" }
        History { fr: "Achats", en: "Purchases" }
        NoOrder { fr: "Aucun achat.", en: "No purchase." }
        OrderLine { fr: "Commande n° {0} · {1} · {2} · {3}", en: "Order no. {0} · {1} · {2} · {3}" }
        PastHistory { fr: "Avant Guichet ({0})", en: "Before Guichet ({0})" }
        PastTicket { fr: "{0} · {1} · {2} · {3} · {4}", en: "{0} · {1} · {2} · {3} · {4}" }
        Absent { fr: "absent", en: "did not come" }
        SaleCounter { fr: "guichet", en: "counter" }
        SaleWeb { fr: "en ligne", en: "web shop" }
        SaleReseller { fr: "revendeur", en: "reseller" }
        SalePartner { fr: "partenaire", en: "partner" }
        SalePhone { fr: "téléphone", en: "phone" }
        SaleInvitation { fr: "invitation", en: "invitation" }
        Admitted { fr: "entré", en: "came in" }
        OpenOrder { fr: "Ouvrir au guichet", en: "Open at the counter" }
        CancelledTicket { fr: "annulé", en: "cancelled" }
        Contacts { fr: "Échanges", en: "Contact log" }
        ContactNote { fr: "Ce qui a été dit…", en: "What was said…" }
        AddContact { fr: "Noter", en: "Log it" }
        KindCall { fr: "Appel", en: "Call" }
        KindEmail { fr: "E-mail", ca: "Courriel", en: "E-mail" }
        KindLetter { fr: "Courrier", en: "Letter" }
        KindVisit { fr: "Visite", en: "Visit" }
        KindNote { fr: "Note", en: "Note" }
        ChooseOne { fr: "Cherchez un spectateur, ou créez sa fiche.", en: "Find a patron, or add one." }
        ConsentHistory { fr: "Historique des accords", en: "Consent history" }
        ConsentLine { fr: "{0} · {1} : {2} ({3}, texte {4})", en: "{0} · {1}: {2} ({3}, wording {4})" }
        Given { fr: "accepte", en: "agrees" }
        Personal { fr: "Données personnelles", en: "Personal data" }
        SearchList { fr: "Recherche", en: "Search" }
        SegmentsList { fr: "Segments", en: "Segments" }
        AnalysesList { fr: "Analyses", en: "Analyses" }
        ListsList { fr: "Organisations", en: "Organisations" }
        Counting { fr: "Comptage…", en: "Counting…" }
        Analysing { fr: "Analyse en cours…", en: "Analysing…" }
        ImportsTitle { fr: "Importer", en: "Import" }
        ImportsRefresh { fr: "Relire le dossier", en: "Read the folder again" }
        ImportsHint { fr: "Déposez les fichiers CSV dans le dossier « imports » à côté de la base : spectateurs (nom, e-mail, téléphone…) ou historique de l’ancienne billetterie (une ligne par billet : le spectateur, puis date, spectacle, genre, tarif, prix, canal, présent). Chaque ligne est rapprochée du fichier ; réimporter un fichier ne change rien.", en: "Put the CSV files in the “imports” folder beside the database: patrons (name, e-mail, phone…) or the previous ticketing system's history (one row per ticket: the patron, then date, show, genre, tariff, price, channel, attended). Each row is matched against the file; importing a file again changes nothing." }
        NoImportFile { fr: "Aucun fichier CSV dans le dossier « imports ».", en: "No CSV file in the “imports” folder." }
        SkipErrors { fr: "Importer les bonnes lignes et écarter les lignes en erreur", en: "Import the good rows and leave out the bad ones" }
        ImportPatrons { fr: "Spectateurs", en: "Patrons" }
        ImportHistory { fr: "Historique", en: "History" }
        PatronsImported { fr: "{0} ajouté(s), {1} complété(s), {2} déjà là, {3} ligne(s) écartée(s).", en: "{0} added, {1} completed, {2} already there, {3} row(s) left out." }
        HistoryImported { fr: "{0} billet(s) ajouté(s) aux historiques ({1} déjà importé(s)) ; {2} spectateur(s) nouveau(x) ; {3} ligne(s) écartée(s).", en: "{0} ticket(s) added to histories ({1} already imported); {2} new patron(s); {3} row(s) left out." }
        RetentionTitle { fr: "Durée de conservation", en: "Retention" }
        RetentionHint { fr: "Les spectateurs sans contact depuis ce nombre d’années (ni achat, ni entrée, ni fiche créée ; pour ceux venus de l’ancienne billetterie, leur dernier billet) sont anonymisés : leurs ventes restent pour la comptabilité, sans nom. Voyez d’abord qui serait concerné.", en: "Patrons with no contact for this many years (no purchase, no entry, no record created; for those from the previous system, their last ticket) are anonymised: their sales stay for the accounts, without a name. See first who it would be." }
        RetentionYears { fr: "Sans contact depuis (ans)", en: "No contact for (years)" }
        RetentionPreview { fr: "Voir qui", en: "See who" }
        RetentionFound { fr: "{0} spectateur(s) concerné(s).", en: "{0} patron(s) concerned." }
        AndMore { fr: " et {0} autre(s)", en: " and {0} more" }
        RetentionApply { fr: "Anonymiser ces {0} spectateur(s)…", en: "Anonymise these {0} patron(s)…" }
        RetentionConfirm { fr: "Anonymiser {0} spectateur(s) ? C’est définitif (l’acte est journalisé).", en: "Anonymise {0} patron(s)? This cannot be undone (the act is journaled)." }
        RetentionNow { fr: "Anonymiser", en: "Anonymise" }
        Forgotten { fr: "{0} spectateur(s) anonymisé(s).", en: "{0} patron(s) anonymised." }
        OrganisationName { fr: "Nom de l’organisation", en: "Organisation's name" }
        OrganisationKind { fr: "Type", en: "Kind" }
        NewOrganisation { fr: "+ Nouvelle organisation", en: "+ New organisation" }
        NoOrganisationYet { fr: "Aucune organisation encore : écoles, CSE, associations, entreprises qui réservent pour un groupe.", en: "No organisation yet: schools, works councils, associations, companies booking for a group." }
        ContactCount { fr: "{0} contact(s)", en: "{0} contact(s)" }
        OrganisationContacts { fr: "Contacts", en: "Contacts" }
        NoContactYet { fr: "Aucun contact encore : « + Contact » en ajoute un.", en: "No contact yet: “+ Contact” adds one." }
        NewContact { fr: "+ Contact", en: "+ Contact" }
        CategoriesTitle { fr: "Catégories de public", en: "Audience categories" }
        CategoriesHint { fr: "Cliquez une catégorie pour la renommer ; un code nouveau en ajoute une.", en: "Click a category to rename it; a new code adds one." }
        CategoryCode { fr: "Code (ex. etudiant)", en: "Code (e.g. student)" }
        CategoryName { fr: "Nom affiché", en: "Name shown" }
        SaveCategory { fr: "Ajouter ou renommer", en: "Add or rename" }
        KindSchool { fr: "Établissement scolaire", en: "School" }
        KindWorksCouncil { fr: "CSE / comité d’entreprise", ca: "Comité social / syndicat", en: "Works council" }
        KindAssociation { fr: "Association", ca: "Organisme", en: "Association" }
        KindCompany { fr: "Entreprise", en: "Company" }
        KindOther { fr: "Autre", en: "Other" }
        AnalysisCsv { fr: "Exporter en CSV", en: "Export as CSV" }
        AnalysisPdf { fr: "Rapport PDF", en: "PDF report" }
        AnalysisWritten { fr: "Enregistré : {0}", en: "Saved: {0}" }
        NoAnalysis { fr: "Aucun billet encore : les analyses viendront avec les ventes (ou l’import de l’historique de l’ancienne billetterie).", en: "No ticket yet: the analyses come with the sales (or with the import of the previous system's history)." }
        SegmentGenres { fr: "Venu voir un spectacle de genre", en: "Came to a show of genre" }
        NoSegment { fr: "Aucun segment enregistré : composez-en un à droite.", en: "No segment saved: build one on the right." }
        SegmentTitle { fr: "Segment", en: "Segment" }
        SegmentCount { fr: "{0} spectateur(s)", en: "{0} patron(s)" }
        MinVisits { fr: "Venues (au moins)", en: "Visits (at least)" }
        MinSpent { fr: "Dépense (au moins, €)", en: "Spent (at least)" }
        VisitedSince { fr: "Venu depuis le", en: "Came since" }
        NotSince { fr: "Pas venu depuis le", en: "Not since" }
        Postcodes { fr: "Codes postaux commençant par", en: "Postcodes starting with" }
        MayBeSent { fr: "Peut recevoir", en: "May be sent" }
        AnyConsent { fr: "peu importe", en: "any" }
        SegmentName { fr: "Nom du segment", en: "Segment name" }
        SaveSegment { fr: "Enregistrer le segment", en: "Save the segment" }
        SegmentSaved { fr: "Segment « {0} » enregistré.", en: "Segment \"{0}\" saved." }
        FormatSheet { fr: "Tableur (Excel, LibreOffice)", en: "Spreadsheet (Excel, LibreOffice)" }
        ExportSegment { fr: "Exporter (CSV)", en: "Export (CSV)" }
        ExportExplain { fr: "Pour Brevo ou Mailchimp, seuls ceux qui peuvent recevoir par le canal choisi sont exportés ; les autres sont comptés.", en: "For Brevo or Mailchimp, only those who may be sent on the chosen channel are exported; the others are counted." }
        SegmentExported { fr: "{0} spectateur(s) exporté(s) : {1} (écartés : {2} sans accord, {3} sans adresse pour ce canal)", en: "{0} patron(s) exported: {1} (left out: {2} without consent, {3} without an address for the channel)" }
        ExportNobody { fr: "Personne à exporter ({0} sans accord, {1} sans adresse pour ce canal) : rien n’a été écrit.", en: "Nobody to export ({0} without consent, {1} without an address for the channel): nothing written." }
        DuplicatesList { fr: "Doublons", en: "Duplicates" }
        NoDuplicate { fr: "Aucun doublon probable dans le fichier.", en: "No likely duplicate in the file." }
        SameEmail { fr: "même e-mail", ca: "même courriel", en: "same e-mail" }
        SamePhone { fr: "même téléphone", en: "same phone" }
        SameName { fr: "même initiale, nom et code postal", en: "same initial, last name and postcode" }
        MergeTitle { fr: "Fusionner deux fiches", en: "Merge two records" }
        MergeExplain { fr: "Choisissez chaque champ à garder. Tous les achats, entrées, accords et échanges des deux fiches sont conservés ; la fusion s’annule depuis la fiche gardée.", en: "Choose each field to keep. Every purchase, entry, consent and contact of both records is kept; the merge is undone from the record kept." }
        KeptPatron { fr: "Fiche gardée (n° {0})", en: "Record kept (no. {0})" }
        OtherPatron { fr: "Doublon (n° {0})", en: "Duplicate (no. {0})" }
        MergeNow { fr: "Fusionner", en: "Merge" }
        KeepOther { fr: "Garder plutôt l’autre", en: "Keep the other instead" }
        MergedDone { fr: "Fiches fusionnées : tout l’historique est sur la fiche gardée.", en: "Records merged: the whole history is on the record kept." }
        Unmerged { fr: "Fusion annulée : chaque fiche a retrouvé son historique.", en: "Merge undone: each record has its own history back." }
        UndoMerge { fr: "Annuler la dernière fusion", en: "Undo the last merge" }
        MergedInto { fr: "Fiche fusionnée dans la fiche n° {0}.", en: "Record merged into record no. {0}." }
        Export { fr: "Exporter ses données (JSON)", en: "Export their data (JSON)" }
        Exported { fr: "Données exportées : {0}", en: "Data exported: {0}" }
        NotExported { fr: "Export impossible : {0}", en: "Could not export: {0}" }
        Erase { fr: "Effacer la fiche…", en: "Erase the record…" }
        EraseExplain { fr: "Noms, coordonnées, adresse, notes et échanges seront effacés pour toujours ; ses achats restent dans les comptes sous un identifiant anonyme.", en: "Names, contacts, address, notes and contact log will be erased for good; their purchases stay in the accounts under an anonymous id." }
        EraseNow { fr: "Effacer définitivement", en: "Erase for good" }
        EraseKeep { fr: "Garder la fiche", en: "Keep the record" }
        Erased { fr: "Fiche effacée : ses achats restent, sans nom.", en: "Record erased: their purchases stay, with no name." }
        ErasedOn { fr: "Fiche effacée le {0}.", en: "Record erased on {0}." }
        OnlyCoordinator { fr: "Exporter ou effacer une fiche : réservé à la coordination.", en: "Exporting or erasing a record: a coordinator's act." }
        SourceCounter { fr: "au guichet", en: "at the counter" }
        SourceForm { fr: "par formulaire", en: "on a form" }
        SourceImport { fr: "par import", en: "imported" }
        SourceOnline { fr: "en ligne", en: "online" }
        Refused { fr: "refuse", en: "objects" }
    }
}

pub fn a(locale: Locale, key: A) -> &'static str {
    key.text(locale)
}

pub fn af(locale: Locale, key: A, args: &[&str]) -> String {
    super::fill(a(locale, key), args)
}

/// The label of a patron's text field.
pub fn text_label(t: Text) -> A {
    match t {
        Text::FirstName => A::FirstName,
        Text::LastName => A::LastName,
        Text::Email => A::Email,
        Text::Phone => A::Phone,
        Text::Address => A::Address,
        Text::Postcode => A::Postcode,
        Text::City => A::City,
        Text::Country => A::Country,
        Text::Notes => A::Notes,
    }
}

pub fn need_name(need: Need, locale: Locale) -> &'static str {
    a(
        locale,
        match need {
            Need::Wheelchair => A::NeedWheelchair,
            Need::HearingLoop => A::NeedHearing,
            Need::LowVision => A::NeedVision,
            Need::Companion => A::NeedCompanion,
        },
    )
}

pub fn loyalty_name(l: Loyalty, locale: Locale) -> &'static str {
    a(
        locale,
        match l {
            Loyalty::Prospect => A::LoyaltyProspect,
            Loyalty::New => A::LoyaltyNew,
            Loyalty::Returning => A::LoyaltyReturning,
            Loyalty::Lapsed => A::LoyaltyLapsed,
            Loyalty::Subscriber => A::LoyaltySubscriber,
        },
    )
}

pub fn channel_name(c: ConsentChannel, locale: Locale) -> &'static str {
    a(
        locale,
        match c {
            ConsentChannel::Email => A::ChannelEmail,
            ConsentChannel::Sms => A::ChannelSms,
            ConsentChannel::Post => A::ChannelPost,
        },
    )
}

/// A kind of organisation, by its code (another code as recorded).
pub fn organisation_kind(code: &str, locale: Locale) -> &str {
    match code {
        "school" => a(locale, A::KindSchool),
        "works_council" => a(locale, A::KindWorksCouncil),
        "association" => a(locale, A::KindAssociation),
        "company" => a(locale, A::KindCompany),
        "other" => a(locale, A::KindOther),
        _ => code,
    }
}

/// Through whom an order was sold, by its code (another code as recorded).
pub fn sale_channel(code: &str, locale: Locale) -> &str {
    use crate::domain::order::Channel;
    match Channel::from_code(code) {
        Some(Channel::Counter) => a(locale, A::SaleCounter),
        Some(Channel::Web) => a(locale, A::SaleWeb),
        Some(Channel::Reseller) => a(locale, A::SaleReseller),
        Some(Channel::Partner) => a(locale, A::SalePartner),
        Some(Channel::Phone) => a(locale, A::SalePhone),
        Some(Channel::Invitation) => a(locale, A::SaleInvitation),
        None => code,
    }
}

pub fn flag_text(f: ContactFlag, locale: Locale) -> &'static str {
    a(
        locale,
        match f {
            ContactFlag::Email => A::EmailFlag,
            ContactFlag::Phone => A::PhoneFlag,
        },
    )
}

/// Why a patron may or may not be sent marketing on a channel; `date`
/// writes a date in the reader's words.
pub fn may_send(
    m: MaySend,
    locale: Locale,
    date: impl Fn(chrono::DateTime<chrono::Utc>) -> String,
) -> String {
    match m {
        MaySend::Given(at) => af(locale, A::MayGiven, &[&date(at)]),
        MaySend::SoftOptIn => a(locale, A::MaySoft).to_owned(),
        MaySend::ImpliedUntil(at) => af(locale, A::MayImplied, &[&date(at)]),
        MaySend::NotObjected => a(locale, A::MayNotObjected).to_owned(),
        MaySend::Withdrawn(at) => af(locale, A::MayWithdrawn, &[&date(at)]),
        MaySend::NoConsent => a(locale, A::MayNo).to_owned(),
    }
}

/// How a consent was collected, by its code (another code as recorded).
pub fn source_name(source: &str, locale: Locale) -> &str {
    match source {
        "counter" => a(locale, A::SourceCounter),
        "form" => a(locale, A::SourceForm),
        "import" => a(locale, A::SourceImport),
        "online" => a(locale, A::SourceOnline),
        _ => source,
    }
}

pub fn contact_kind(kind: &str, locale: Locale) -> &str {
    match kind {
        "call" => a(locale, A::KindCall),
        "email" => a(locale, A::KindEmail),
        "letter" => a(locale, A::KindLetter),
        "visit" => a(locale, A::KindVisit),
        "note" => a(locale, A::KindNote),
        _ => kind,
    }
}

/// Why the patron file refused something, in the reader's language
/// (English for the command line).
pub fn error(e: &AudienceError, l: Locale) -> String {
    match e {
        AudienceError::NoName => say!(l, fr: "Un spectateur a besoin au moins d’un nom.",
            en: "a patron needs at least a name"),
        AudienceError::Email(text) => say!(l, fr: "« {text} » n’est pas une adresse e-mail.",
            ca: "« {text} » n’est pas une adresse courriel.",
            en: "\"{text}\" is not an e-mail address"),
        AudienceError::TooLong(field, max) => say!(l,
            fr: "Trop long ({field}) : {max} caractères au plus.",
            en: "the {field} is too long: {max} characters at most"),
        AudienceError::BirthYear(y) => say!(l,
            fr: "{y} n’est pas une année de naissance : tapez-la sur 4 chiffres, ou laissez vide.",
            en: "{y} is not a birth year: type it with 4 digits, or leave it empty"),
        AudienceError::UnknownCategory(c) => say!(l,
            fr: "La catégorie « {c} » n’existe pas : choisissez-en une de la liste.",
            en: "there is no category \"{c}\": choose one from the list"),
        AudienceError::NoSuchPatron => say!(l,
            fr: "Ce spectateur n’est plus dans le fichier (fusionné ou supprimé entre-temps ?).",
            en: "no such patron: merged or removed meanwhile?"),
        AudienceError::NoSuchOrganisation => say!(l,
            fr: "Cette structure n’existe pas : choisissez-en une de la liste.",
            en: "no such organisation: choose one from the list"),
        AudienceError::Anonymised => say!(l,
            fr: "Ce spectateur a été effacé (anonymisé) : sa fiche ne se modifie plus.",
            en: "this patron was erased (anonymised): their record cannot change"),
        AudienceError::EmptyNote => say!(l,
            fr: "Écrivez ce qui a été dit avant d’enregistrer le contact.",
            en: "the contact note is empty: write what was said"),
        AudienceError::NoLabel => say!(l,
            fr: "Donnez-lui un nom.",
            en: "it needs a name"),
        AudienceError::NotAllowed(act) => super::operators::not_allowed(*act, l),
        AudienceError::Years(y) => say!(l,
            fr: "{y} an(s) : la durée de conservation va de 1 à 20 ans.",
            en: "{y} years: the retention period is 1 to 20 years"),
        AudienceError::Ledger(e) => super::system::ledger(e, l),
        AudienceError::Merged(into) => say!(l,
            fr: "Ce spectateur a été fusionné dans la fiche n° {into} : travaillez sur celle-ci.",
            en: "this patron was merged into patron {into}: work on that one"),
        AudienceError::SamePatron => say!(l,
            fr: "Une fiche ne se fusionne pas avec elle-même : choisissez l’autre doublon.",
            en: "a patron cannot be merged with themselves: choose the other duplicate"),
        AudienceError::NoSuchMerge => say!(l,
            fr: "Cette fusion n’existe pas ou a déjà été annulée.",
            en: "no such merge, or it was undone already"),
        AudienceError::NoSuchSegment(name) => say!(l,
            fr: "Aucun segment ne s’appelle « {name} » : enregistrez-le d’abord.",
            en: "there is no segment named \"{name}\": save it first"),
        AudienceError::NoColumn(name) => say!(l,
            fr: "Le fichier n’a pas de colonne « {name} » : vérifiez sa première ligne, ou indiquez les colonnes à prendre.",
            en: "the file has no column \"{name}\": check its first line, or map the columns with --map field=Header"),
        AudienceError::FileTooLarge(max) => {
            let mb = max / (1024 * 1024);
            say!(l, fr: "Fichier trop gros : {mb} Mo au plus (500 000 lignes).",
                en: "the file is too large: {mb} MB and 500,000 rows at most")
        }
        AudienceError::Rows(rows) => {
            let n = rows.len();
            let list = rows
                .iter()
                .take(20)
                .map(|r| row_problem(r, l))
                .collect::<Vec<_>>()
                .join("; ");
            say!(l,
                fr: "{n} ligne(s) refusée(s), rien n’a été importé : {list}. Corrigez-les, ou importez en les écartant.",
                en: "{n} bad row(s), nothing imported: {list} (fix them, or import with --skip-errors)")
        }
        AudienceError::MergeClosed => say!(l,
            fr: "Une clôture de caisse a eu lieu depuis cette fusion : elle ne s’annule plus.",
            en: "the till was closed since this merge: it can no longer be undone"),
        AudienceError::NotLastMerge => say!(l,
            fr: "Une autre fiche a été fusionnée dans celle-ci depuis : annulez d’abord la plus récente.",
            en: "another patron was merged into this one since: undo the newest merge first"),
        AudienceError::Store(e) => {
            let e = &e.0;
            say!(l, fr: "La base de données a refusé l’écriture : {e}", en: "database error: {e}")
        }
    }
}

/// A bad row of an import, with its line.
pub fn row_problem(r: &crate::audience::import::RowError, l: Locale) -> String {
    use crate::audience::import::RowProblem as P;
    let line = r.line;
    match &r.problem {
        P::Nobody => say!(l, fr: "ligne {line} : ni nom, ni e-mail, ni téléphone",
            en: "line {line}: no name, e-mail or phone"),
        P::BirthYear(v) => say!(l, fr: "ligne {line} : « {v} » n’est pas une année de naissance",
            en: "line {line}: \"{v}\" is not a birth year"),
        P::TooLong(field) => say!(l, fr: "ligne {line} : {field} trop long",
            en: "line {line}: the {field} is too long"),
        P::Unreadable(e) => say!(l, fr: "ligne {line} illisible ({e})",
            en: "line {line} cannot be read ({e})"),
        P::Date(v) => say!(l,
            fr: "ligne {line} : « {v} » n’est pas une date de représentation (AAAA-MM-JJ HH:MM ou JJ/MM/AAAA HH:MM)",
            en: "line {line}: \"{v}\" is not a performance date (YYYY-MM-DD HH:MM or DD/MM/YYYY HH:MM)"),
        P::Future(v) => say!(l,
            fr: "ligne {line} : la représentation du {v} est à venir : ce n’est pas de l’historique (vendez-la dans Guichet)",
            en: "line {line}: the performance of {v} is still to come: that is not history (sell it in Guichet)"),
        P::NoShow => say!(l, fr: "ligne {line} : aucun spectacle",
            en: "line {line}: no show"),
        P::Price(v) => say!(l,
            fr: "ligne {line} : « {v} » n’est pas un prix (12,50 par exemple)",
            en: "line {line}: \"{v}\" is not a price (12.50 for example)"),
        P::Channel(v) => say!(l,
            fr: "ligne {line} : canal « {v} » inconnu (guichet, web, revendeur, partenaire, téléphone, invitation)",
            en: "line {line}: unknown channel \"{v}\" (counter, web, reseller, partner, phone, invitation)"),
        P::Attended(v) => say!(l,
            fr: "ligne {line} : « {v} » : présent, c’est oui ou non",
            en: "line {line}: \"{v}\": attended is yes or no"),
    }
}
