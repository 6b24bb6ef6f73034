//! The words of Programmation's screens, French (France, Quebec where it
//! differs) and English (same rules as the parent module: exhaustive
//! matches, `{0}` parameters), and the names of statuses, genres, show
//! taxes and hall kinds. Its refusals are worded in `programming_errors`.

use crate::domain::Locale;
use crate::domain::season::{HallKind, PerformanceStatus, ShowTax};

words! {
    /// The words of Programmation.
    pub enum P {
        SalesOpen { fr: "Ouverture des ventes (date heure)", en: "Sales open (date time)" }
        SalesClose { fr: "Fermeture des ventes (date heure)", en: "Sales close (date time)" }
        Always { fr: "dès maintenant", en: "from now" }
        UntilEnd { fr: "jusqu’à la fin", en: "until the end" }
        Slot { fr: "{0} — {1} places", en: "{0} — {1} places" }
        PricesHintQuebec {
            fr: "Prix avant TPS et TVQ, frais obligatoires compris (les taxes s’ajoutent à la caisse). Cochez les tarifs proposés ; un quota vide veut dire sans limite.",
            en: "Prices before GST and QST, every mandatory fee included (taxes are added at the till). Tick the tariffs offered; an empty quota means no limit.",
        }
        EditShow { fr: "Modifier le spectacle", en: "Edit the show" }
        AddTariff { fr: "+ Tarif", en: "+ Tariff" }
        Proof {
            fr: "Justificatif à vérifier (carte étudiant, âge…)",
            en: "Proof to check (student card, age…)",
        }
        Free {
            fr: "Exonéré (invitation, prix toujours 0)",
            ca: "Billet de faveur (prix toujours 0)",
            en: "Complimentary (invitation, price always 0)",
        }
        Stage { fr: "SCÈNE", en: "STAGE" }
        AppliedToSeries {
            fr: "Catégories copiées sur les {0} autres représentations de la série.",
            en: "Categories copied to the series' {0} other performances.",
        }
        SeatsRemoved { fr: "{0} places retirées du plan.", en: "{0} seats removed from the plan." }
        PricesSaved {
            fr: "Tarifs enregistrés pour {0} représentation(s).",
            en: "Prices saved for {0} performance(s).",
        }
        Saved { fr: "Enregistré.", en: "Saved." }
        TabPlan { fr: "Plan et catégories", en: "Map and categories" }
        TabPrices { fr: "Tarifs", en: "Prices" }
        TabHolds { fr: "Places retenues", ca: "Places bloquées", en: "Holds" }
        TabSettings { fr: "Représentation", en: "Performance" }
        TabInvitations { fr: "Invitations", en: "Invitations" }
        TabDemand { fr: "Demande", en: "Demand" }
        MapLegend {
            fr: "Couleur = catégorie · place creuse = retenue ({0}) · barrée = vendue · large = PMR · encoche = visibilité réduite",
            ca: "Couleur = catégorie · place creuse = bloquée ({0}) · barrée = vendue · large = PMR · encoche = visibilité réduite",
            en: "Colour = category · hollow = held ({0}) · barred = sold · wide = wheelchair · notch = restricted view",
        }
        TimedHall {
            fr: "Entrée par créneau : {0} places par créneau.",
            en: "Timed entry: {0} places per slot.",
        }
        GeneralHall {
            fr: "Placement libre : {0} places.",
            ca: "Admission générale : {0} places.",
            en: "General admission: {0} places.",
        }
        Chosen { fr: "{0} places choisies", en: "{0} seats chosen" }
        SelectAll { fr: "Tout", en: "All" }
        SelectNone { fr: "Aucune", en: "None" }
        Paint { fr: "Peindre", en: "Paint" }
        ToSeries { fr: "Appliquer à la série", en: "Apply to the series" }
        CategoryCode { fr: "Code", en: "Code" }
        CategoryName { fr: "Nouvelle catégorie", en: "New category" }
        AddCategory { fr: "Ajouter", en: "Add" }
        HoldReason { fr: "Réserve (maison, presse…)", en: "Hold (house, press…)" }
        HoldSeats { fr: "Retenir", ca: "Bloquer", en: "Hold" }
        Release { fr: "Libérer", en: "Release" }
        PlanEdit { fr: "Plan :", en: "Plan:" }
        Wheelchair { fr: "PMR", en: "Wheelchair" }
        Restricted { fr: "Visibilité réduite", en: "Restricted view" }
        NoFlags { fr: "Sans marque", en: "No flag" }
        RenumberFrom { fr: "Numéroter dès", en: "Number from" }
        Renumber { fr: "Renuméroter", en: "Renumber" }
        OddEven { fr: "Pair / impair", en: "Odd / even" }
        Sequential { fr: "Continue", en: "Sequential" }
        DeleteSeats { fr: "Supprimer", en: "Remove" }
        Tariff { fr: "Tarif", en: "Tariff" }
        Quota { fr: "Quota", en: "Quota" }
        // Examples shown in empty fields.
        ExampleShowTitle { fr: "Cyrano de Bergerac", en: "Cyrano de Bergerac" }
        ExampleArtists { fr: "Compagnie…", en: "Company…" }
        ExampleSibil { fr: "Théâtre", en: "Théâtre (the SIBIL domain)" }
        ExampleHallName { fr: "Grande salle", en: "Main hall" }
        ExampleSection { fr: "Parterre", en: "Stalls" }
        ExampleTariffName { fr: "Groupe (10 personnes et plus)", en: "Group (10 people or more)" }
        PricesHint {
            fr: "Prix tout compris payés par le spectateur. Cochez les tarifs proposés ; un quota vide veut dire sans limite.",
            en: "All-in prices the spectator pays. Tick the tariffs offered; an empty quota means no limit.",
        }
        SavePrices { fr: "Enregistrer", en: "Save" }
        SavePricesSeries {
            fr: "Enregistrer pour les {0} représentations du spectacle",
            en: "Save for the show's {0} performances",
        }
        NoHolds { fr: "Aucune place retenue.", ca: "Aucune place bloquée.", en: "Nothing held." }
        Places { fr: "{0} places", en: "{0} places" }
        Lent { fr: "Prêtée à ce poste", en: "Lent to this terminal" }
        ReleaseAll { fr: "Tout libérer", en: "Release all" }
        Quantity { fr: "Nombre", en: "Number" }
        HoldPlaces { fr: "Retenir", ca: "Bloquer", en: "Hold" }
        HoldOnMap {
            fr: "Pour retenir des places numérotées : choisissez-les sur le plan.",
            ca: "Pour bloquer des places numérotées : choisissez-les sur le plan.",
            en: "To hold numbered seats: choose them on the map.",
        }
        Date { fr: "Date", en: "Date" }
        Time { fr: "Heure", en: "Time" }
        Vat { fr: "TVA (%)", en: "VAT (%)" }
        Status { fr: "État", en: "Status" }
        Reentry { fr: "Sortie et retour autorisés", en: "Re-entry allowed" }
        Save { fr: "Enregistrer", en: "Save" }
        DuplicateTitle { fr: "Dupliquer à une autre date", en: "Duplicate to another date" }
        Duplicate { fr: "Dupliquer", en: "Duplicate" }
        NewShow { fr: "Nouveau spectacle", en: "New show" }
        NewPerformance { fr: "Nouvelle représentation", en: "New performance" }
        NewSeries { fr: "Nouvelle série de représentations", en: "New series of performances" }
        NewHall { fr: "Nouvelle salle", en: "New hall" }
        Show { fr: "Spectacle", en: "Show" }
        Hall { fr: "Salle", en: "Hall" }
        Title { fr: "Titre", en: "Title" }
        Artists { fr: "Artistes, compagnie", en: "Artists, company" }
        Genre { fr: "Genre", en: "Genre" }
        ShowTax { fr: "Taxe sur les spectacles", en: "Show tax" }
        Duration { fr: "Durée (minutes)", en: "Length (minutes)" }
        Sibil { fr: "Domaine SIBIL", en: "SIBIL domain" }
        Young { fr: "Jeune public", en: "Young audience" }
        Description { fr: "Présentation", en: "Description" }
        PerformanceHint {
            fr: "Catégories, tarifs et créneaux reprennent la dernière représentation du spectacle dans cette salle.",
            en: "Categories, prices and slots follow the show's last performance in this hall.",
        }
        From { fr: "Du", en: "From" }
        To { fr: "Au", en: "To" }
        Except { fr: "Sauf les", en: "Except" }
        CopySelected {
            fr: "Reprendre catégories, tarifs et réserves de la représentation choisie",
            en: "Copy categories, prices and holds of the chosen performance",
        }
        Name { fr: "Nom", en: "Name" }
        Section { fr: "Section", en: "Section" }
        Rows { fr: "Rangs", en: "Rows" }
        SeatsPerRow { fr: "Places par rang", en: "Seats per row" }
        Curve { fr: "Courbure (rayon, 0 = droit)", en: "Curve (radius, 0 = straight)" }
        Aisles { fr: "Allées après les places", en: "Aisles after seats" }
        CsvPath {
            fr: "ou plan CSV (section,rang,place,x,y) : chemin du fichier",
            en: "or a CSV plan (section,row,seat,x,y): file path",
        }
        Capacity { fr: "Jauge", en: "Capacity" }
        Create { fr: "Créer", en: "Create" }
        ListView { fr: "Liste", en: "List" }
        MonthView { fr: "Mois", en: "Month" }
        Search { fr: "Chercher un spectacle, une salle…", en: "Find a show, a hall…" }
        AddShow { fr: "+ Spectacle", en: "+ Show" }
        AddPerformance { fr: "+ Représentation", en: "+ Performance" }
        AddSeries { fr: "+ Série", en: "+ Series" }
        AddHall { fr: "+ Salle", en: "+ Hall" }
        AddFormula { fr: "+ Abonnement", en: "+ Subscription" }
        FormulaTitle {
            fr: "Nouvelle formule d’abonnement ou pass",
            en: "New subscription formula or pass",
        }
        FormulaMade {
            fr: "Formule « {0} » créée : elle se vend au guichet (Vente, Ctrl+A).",
            en: "Formula \"{0}\" made: it is sold at the counter (Sell, Ctrl+A).",
        }
        ExampleFormulaName { fr: "Abonnement 3 spectacles", en: "Three-show subscription" }
        FormulaKind { fr: "Formule", en: "Kind" }
        KindChoice { fr: "Au choix (de N à M représentations)", en: "A choice (N to M performances)" }
        KindFixed { fr: "Représentations imposées", en: "A fixed set of performances" }
        KindSeason { fr: "Saison : un spectacle de chaque", en: "Season: one of each show" }
        KindPass { fr: "Pass sur une période", en: "A pass over some days" }
        Minimum { fr: "Au moins", en: "At least" }
        Maximum { fr: "Au plus", en: "At most" }
        AnyGenre { fr: "aucun", en: "none" }
        GenreAtLeast { fr: "Dont un genre", en: "Of which a genre" }
        GenreCount { fr: "Combien", en: "How many" }
        FormulaShows {
            fr: "Spectacles (aucun coché : tous)",
            en: "Shows (none ticked: every show)",
        }
        FormulaShowsAll { fr: "Spectacles de la saison", en: "The season's shows" }
        FormulaPerformances { fr: "Représentations", en: "Performances" }
        PassFrom { fr: "Premier jour (jj/mm/aaaa)", en: "First day (dd/mm/yyyy)" }
        PassUntil { fr: "Dernier jour", en: "Last day" }
        FormulaTariff { fr: "Tarif de ses billets", en: "Its tickets' tariff" }
        FormulaPrice { fr: "Prix (par personne)", en: "Price (each)" }
        FormulaByCategory {
            fr: "Ou par catégorie (code prix ; …)",
            en: "Or by category (code price; …)",
        }
        ChooseOne {
            fr: "Choisissez une représentation (↑ ↓), ou créez un spectacle, une représentation, une série, une salle.",
            en: "Choose a performance (↑ ↓), or create a show, a performance, a series, a hall.",
        }
        SeasonSize {
            fr: "{0} salles · {1} spectacles · {2} représentations",
            en: "{0} halls · {1} shows · {2} performances",
        }
        NoPerformance { fr: "Aucune représentation à venir.", en: "No performance ahead." }
        Gauge {
            fr: "{0} vendues · {1} retenues · {2} libres",
            ca: "{0} vendues · {1} bloquées · {2} libres",
            en: "{0} sold · {1} held · {2} free",
        }
        OnSale { fr: "en vente", en: "on sale" }
        Closed { fr: "vente close", en: "closed" }
        Cancelled { fr: "annulée", en: "cancelled" }
        GenreTheatre { fr: "Théâtre", en: "Theatre" }
        GenreDance { fr: "Danse", en: "Dance" }
        GenreMusic { fr: "Musique", en: "Music" }
        GenreHumour { fr: "Humour", en: "Comedy" }
        GenreCircus { fr: "Cirque", en: "Circus" }
        GenreCabaret { fr: "Cabaret", en: "Cabaret" }
        GenreOpera { fr: "Opéra", en: "Opera" }
        GenreExhibition { fr: "Exposition", en: "Exhibition" }
        GenreOther { fr: "Autre", en: "Other" }
        TaxCnm { fr: "CNM (musique, variétés, humour)", en: "CNM (music, variety, comedy)" }
        TaxAstp { fr: "ASTP (théâtre, danse)", en: "ASTP (drama, dance)" }
        TaxNone { fr: "aucune", en: "none" }
        KindNumbered { fr: "Placement numéroté", ca: "Places réservées", en: "Reserved seating" }
        KindGeneral { fr: "Placement libre", ca: "Admission générale", en: "General admission" }
        KindTimed { fr: "Entrée par créneau", en: "Timed entry" }
        AppliedToSeriesSkipped {
            fr: "Plan copié sur {0} représentations ; {1} déjà en vente gardent le leur.",
            en: "Map copied to {0} performances; {1} already selling keep theirs.",
        }
        Released { fr: "{0} places remises en vente.", en: "{0} places back on sale." }
        HoldColour { fr: "Couleur", en: "Colour" }
        HoldNote { fr: "Motif (facultatif)", en: "Reason (optional)" }
        Companion { fr: "Accompagnateur", en: "Companion" }
        ReleaseSome { fr: "Libérer", en: "Release" }
        SlotsTitle { fr: "Créneaux d’entrée", en: "Entry slots" }
        SlotTime { fr: "Heure", en: "Time" }
        SlotPlaces { fr: "Places", en: "Places" }
        AddSlot { fr: "+ Créneau", en: "+ Slot" }
        SaveSlots { fr: "Enregistrer les créneaux", en: "Save the slots" }
        RemoveSlot { fr: "Retirer", en: "Remove" }
        GaCapacity { fr: "Jauge (places en vente)", en: "Capacity (places on sale)" }
        ReadOnly {
            fr: "Consultation : seul un coordinateur modifie la programmation.",
            en: "Read only: a coordinator changes the season.",
        }
    }
}

pub fn p(locale: Locale, key: P) -> &'static str {
    key.text(locale)
}

pub fn pf(locale: Locale, key: P, args: &[&str]) -> String {
    super::fill(p(locale, key), args)
}

/// A performance's status: "en vente", "on sale".
pub fn status_name(status: PerformanceStatus, locale: Locale) -> &'static str {
    p(
        locale,
        match status {
            PerformanceStatus::OnSale => P::OnSale,
            PerformanceStatus::Closed => P::Closed,
            PerformanceStatus::Cancelled => P::Cancelled,
        },
    )
}

/// A show's genre by its code ("theatre"…); an unknown code is "Autre".
pub fn genre_name(genre: &str, locale: Locale) -> &'static str {
    p(
        locale,
        match genre {
            "theatre" => P::GenreTheatre,
            "dance" => P::GenreDance,
            "music" => P::GenreMusic,
            "humour" => P::GenreHumour,
            "circus" => P::GenreCircus,
            "cabaret" => P::GenreCabaret,
            "opera" => P::GenreOpera,
            "exhibition" => P::GenreExhibition,
            _ => P::GenreOther,
        },
    )
}

/// A show-tax regime (France).
pub fn tax_name(tax: ShowTax, locale: Locale) -> &'static str {
    p(
        locale,
        match tax {
            ShowTax::Cnm => P::TaxCnm,
            ShowTax::Astp => P::TaxAstp,
            ShowTax::None => P::TaxNone,
        },
    )
}

/// How a hall is sold: "Placement numéroté" (Quebec: "Places réservées").
pub fn hall_kind_name(kind: HallKind, locale: Locale) -> &'static str {
    p(
        locale,
        match kind {
            HallKind::Numbered => P::KindNumbered,
            HallKind::General => P::KindGeneral,
            HallKind::Timed => P::KindTimed,
        },
    )
}
