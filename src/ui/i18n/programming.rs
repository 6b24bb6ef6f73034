//! The strings of Programmation, French and English (same rules as the
//! parent module: exhaustive matches, `{0}` parameters).

use crate::domain::Locale;

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
            en: "Complimentary (invitation, price always 0)",
        }
        ErrTariffCode {
            fr: "Code de tarif « {0} » : majuscules et chiffres seulement, comme GROUPE.",
            en: "Tariff code “{0}”: capitals and digits only, such as GROUPE.",
        }
        ErrTariffName { fr: "Donnez un nom au tarif.", en: "Give the tariff a name." }
        ErrTariffTaken { fr: "Le tarif {0} existe déjà.", en: "Tariff {0} already exists." }
        ErrCategoryIncomplete {
            fr: "Une catégorie a besoin d’un code (8 caractères au plus) et d’un nom (60 au plus).",
            en: "A category needs a code (8 characters at most) and a name (60 at most).",
        }
        ErrNotOffered {
            fr: "{0} a des prix mais n’est pas coché parmi les tarifs proposés.",
            en: "{0} has prices but is not ticked among the tariffs offered.",
        }
        ErrOtherHall {
            fr: "Les catégories ne se copient qu’entre représentations de la même salle.",
            en: "Categories are only copied between performances of the same hall.",
        }
        ErrHoldName {
            fr: "Donnez un motif à la réserve (maison, presse…).",
            en: "Give the hold a name (house, press…).",
        }
        ErrNoSeats {
            fr: "Choisissez d’abord les places sur le plan.",
            en: "Choose the seats on the map first.",
        }
        ErrNotInHold {
            fr: "Certaines de ces places ne sont pas dans cette réserve.",
            en: "Some of these seats are not in this hold.",
        }
        ErrSeatTwice {
            fr: "La place {0} figure deux fois dans le plan.",
            en: "Seat {0} appears twice in the plan.",
        }
        ErrRenumber {
            fr: "{0}, rang {1} a déjà une place {2} hors de la sélection : incluez-la ou partez d’un autre numéro.",
            en: "{0} row {1} already has a seat {2} outside the selection: include it or start from another number.",
        }
        ErrDate {
            fr: "« {0} » n’est pas une date : tapez-la comme 24/11/2026.",
            en: "“{0}” is not a date: type it as 2026-11-24 or 24/11/2026.",
        }
        ErrTime {
            fr: "« {0} » n’est pas une heure : tapez-la comme 20:00.",
            en: "“{0}” is not a time: type it as 20:00.",
        }
        ErrPriceTypo {
            fr: "{0} / {1} : « {2} » n’est pas un prix, tapez-le comme 12,50.",
            en: "{0} / {1}: “{2}” is not a price, type it as 12.50.",
        }
        ErrSeriesBackwards {
            fr: "La série finit avant de commencer.",
            en: "The series ends before it starts.",
        }
        ErrSeriesLong {
            fr: "La série dépasse 400 jours : coupez-la en deux.",
            en: "The series spans more than 400 days: split it.",
        }
        ErrSeriesNoTimes {
            fr: "Cochez au moins un jour de la semaine.",
            en: "Tick at least one weekday.",
        }
        ErrSeriesNoDates {
            fr: "Aucune date ne tombe dans la série (vérifiez les jours et les exceptions).",
            en: "No date falls in the series (check the weekdays and the exceptions).",
        }
        ErrClockSkips {
            fr: "Le {0} à {1} n’existe pas (changement d’heure cette nuit-là) : choisissez une autre heure.",
            en: "{0} at {1} does not exist (the clocks change that night): choose another time.",
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
        TabHolds { fr: "Places retenues", en: "Holds" }
        TabSettings { fr: "Représentation", en: "Performance" }
        MapLegend {
            fr: "Couleur = catégorie · place creuse = retenue ({0}) · barrée = vendue · large = PMR · encoche = visibilité réduite",
            en: "Colour = category · hollow = held ({0}) · barred = sold · wide = wheelchair · notch = restricted view",
        }
        TimedHall {
            fr: "Entrée par créneau : {0} places par créneau.",
            en: "Timed entry: {0} places per slot.",
        }
        GeneralHall { fr: "Placement libre : {0} places.", en: "General admission: {0} places." }
        Chosen { fr: "{0} places choisies", en: "{0} seats chosen" }
        SelectAll { fr: "Tout", en: "All" }
        SelectNone { fr: "Aucune", en: "None" }
        Paint { fr: "Peindre", en: "Paint" }
        ToSeries { fr: "Appliquer à la série", en: "Apply to the series" }
        CategoryCode { fr: "Code", en: "Code" }
        CategoryName { fr: "Nouvelle catégorie", en: "New category" }
        AddCategory { fr: "Ajouter", en: "Add" }
        HoldReason { fr: "Réserve (maison, presse…)", en: "Hold (house, press…)" }
        HoldSeats { fr: "Retenir", en: "Hold" }
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
        PricesHint {
            fr: "Prix tout compris payés par le spectateur. Cochez les tarifs proposés ; un quota vide veut dire sans limite.",
            en: "All-in prices the spectator pays. Tick the tariffs offered; an empty quota means no limit.",
        }
        SavePrices { fr: "Enregistrer", en: "Save" }
        SavePricesSeries {
            fr: "Enregistrer pour les {0} représentations du spectacle",
            en: "Save for the show's {0} performances",
        }
        NoHolds { fr: "Aucune place retenue.", en: "Nothing held." }
        Places { fr: "{0} places", en: "{0} places" }
        Lent { fr: "Prêtée à ce poste", en: "Lent to this terminal" }
        ReleaseAll { fr: "Tout libérer", en: "Release all" }
        Quantity { fr: "Nombre", en: "Number" }
        HoldPlaces { fr: "Retenir", en: "Hold" }
        HoldOnMap {
            fr: "Pour retenir des places numérotées : choisissez-les sur le plan.",
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
        KindNumbered { fr: "Placement numéroté", en: "Reserved seating" }
        KindGeneral { fr: "Placement libre", en: "General admission" }
        KindTimed { fr: "Entrée par créneau", en: "Timed entry" }
        ErrHallName { fr: "Donnez un nom à la salle.", en: "Give the hall a name." }
        ErrHallTaken {
            fr: "Une salle « {0} » existe déjà.",
            en: "A hall named “{0}” already exists.",
        }
        ErrCapacity {
            fr: "Jauge de {0} : entre 1 et 100 000 places.",
            en: "A capacity of {0}: between 1 and 100,000.",
        }
        ErrPlanEmpty {
            fr: "Une salle numérotée a besoin de places : générez un plan ou importez un CSV.",
            en: "A numbered hall needs seats: generate a plan or import a CSV.",
        }
        ErrTitle { fr: "Donnez un titre au spectacle.", en: "Give the show a title." }
        ErrDuration {
            fr: "Durée de {0} minutes : entre 1 et 1 440.",
            en: "A length of {0} minutes: between 1 and 1,440.",
        }
        ErrVat {
            fr: "Taux de TVA illisible : tapez un pourcentage comme 5,5.",
            en: "Unreadable VAT rate: type a percentage such as 5.5.",
        }
        ErrOverlap {
            fr: "{0} est prise par {1} le {2} jusqu’à {3} : choisissez une autre heure ou une autre salle.",
            en: "{0} is taken by {1} on {2} until {3}: choose another time or hall.",
        }
        ErrSalesWindow {
            fr: "La vente doit fermer au plus tard à la fin de la représentation, et ouvrir avant de fermer.",
            en: "Sales must close by the end of the performance, and open before they close.",
        }
        ErrComplimentary {
            fr: "{0} est un tarif exonéré : son prix est toujours 0.",
            en: "{0} is a complimentary tariff: its price is always 0.",
        }
        ErrQuota {
            fr: "Quota de {0} pour {1} : au-delà des {2} places.",
            en: "A quota of {0} for {1}: above the {2} places.",
        }
        ErrPrice {
            fr: "{0} / {1} : prix impossible (de 0 à 100 000,00).",
            en: "{0} / {1}: impossible price (0 to 100,000.00).",
        }
        ErrCategoryTaken {
            fr: "Le code {0} est déjà pris dans cette représentation.",
            en: "The code {0} is already used in this performance.",
        }
        ErrSeatsSold { fr: "Déjà vendues : {0}.", en: "Already sold: {0}." }
        ErrSeatsHeld { fr: "Déjà retenues : {0}.", en: "Already held: {0}." }
        ErrPlaces {
            fr: "{0} places demandées, {1} encore libres.",
            en: "{0} places asked, {1} still free.",
        }
        ErrHasTickets {
            fr: "Des billets existent déjà pour cette représentation : sa salle et ses places ne changent plus.",
            en: "Tickets already exist for this performance: its hall and seats no longer change.",
        }
        ErrLength {
            fr: "Une représentation finit après son début, dans les 24 heures.",
            en: "A performance ends after it starts, within 24 hours.",
        }
        SectionTooCurved {
            fr: "le rang {0} ferait plus d’un demi-cercle : prenez une courbure plus grande",
            en: "row {0} would bend more than a half circle: choose a larger curve radius",
        }
        FileMissing {
            fr: "fichier introuvable, vérifiez le chemin",
            en: "no such file, check the path",
        }
        FileDenied {
            fr: "accès refusé, vérifiez les droits du fichier",
            en: "access refused, check the file's permissions",
        }
        FileFolder {
            fr: "c’est un dossier, donnez le chemin du fichier CSV",
            en: "this is a folder, give the CSV file's path",
        }
        FileOther { fr: "erreur de lecture du disque", en: "the disk could not be read" }
        ErrMoment {
            fr: "« {0} » n’est pas une date et une heure : tapez-les comme 24/11/2026 18:00.",
            en: "“{0}” is not a date and time: type it as 24/11/2026 18:00.",
        }
        ErrAboveHall {
            fr: "Jauge de {0} : la salle en contient {1} au plus.",
            en: "A capacity of {0}: the hall holds {1} at most.",
        }
        ErrQuotaSold {
            fr: "Quota de {0} pour {1} : {2} billets sont déjà vendus.",
            en: "A quota of {0} for {1}: {2} tickets are already sold.",
        }
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
        ErrSeatMisplaced {
            fr: "Place {0} : section, rang et numéro de 1 à 40 caractères, coordonnées entre -10 000 et 10 000.",
            en: "Seat {0}: section, row and number of 1 to 40 characters, coordinates between -10,000 and 10,000.",
        }
        ErrNameLong {
            fr: "Nom trop long : {0} caractères au plus.",
            en: "The name is too long: {0} characters at most.",
        }
        ErrNoSeatsHere {
            fr: "Cette salle n’a pas de places numérotées : retenez un nombre de places.",
            en: "This hall has no numbered seats: hold a number of places.",
        }
        ErrColour {
            fr: "« {0} » n’est pas une couleur : écrivez-la comme #4a6fa5.",
            en: "“{0}” is not a colour: write it as #4a6fa5.",
        }
        ErrBelowTaken {
            fr: "Jauge de {0} : {1} places sont déjà vendues ou retenues.",
            en: "A capacity of {0}: {1} places are already sold or held.",
        }
        ErrNoSlot {
            fr: "Une entrée par créneau a besoin d’au moins un créneau.",
            en: "Timed entry needs at least one slot.",
        }
        ErrSlotTwice { fr: "Deux créneaux commencent à {0}.", en: "Two slots start at {0}." }
        ErrSlotOutside {
            fr: "Le créneau de {0} tombe hors de la représentation.",
            en: "The {0} slot falls outside the performance.",
        }
        ErrSlotSold {
            fr: "Le créneau de {0} a des billets : il reste.",
            en: "The {0} slot has tickets: it stays.",
        }
        ErrUnknownCategory {
            fr: "Pas de catégorie « {0} » dans cette représentation.",
            en: "No price category “{0}” in this performance.",
        }
        ErrUnknownTariff {
            fr: "Pas de tarif « {0} » : créez-le d’abord.",
            en: "No tariff “{0}”: create it first.",
        }
        ErrWithoutCategory {
            fr: "{0} places ne sont dans aucune catégorie : peignez-les avant de vendre.",
            en: "{0} seats are in no price category: paint them before selling.",
        }
        ErrNotFound {
            fr: "Introuvable : {0} (supprimé entre-temps ?). Rouvrez la liste et réessayez.",
            en: "Not found: the {0} (removed meanwhile?). Reopen the list and try again.",
        }
        ErrNoShow { fr: "Choisissez d’abord un spectacle.", en: "Choose a show first." }
        ErrNoHall { fr: "Choisissez d’abord une salle.", en: "Choose a hall first." }
        ErrNotANumber {
            fr: "« {0} » n’est pas un nombre entier.",
            en: "“{0}” is not a whole number.",
        }
        ErrFile { fr: "Impossible de lire {0} : {1}.", en: "{0} cannot be read: {1}." }
        ErrStore {
            fr: "La base de données a refusé l’écriture ({0}) : rien n’a été enregistré.",
            en: "The database refused the write ({0}): nothing was saved.",
        }
        ErrLedger {
            fr: "Le journal a refusé l’écriture ({0}) : rien n’a été enregistré.",
            en: "The ledger refused the write ({0}): nothing was saved.",
        }
        ErrCsvLine { fr: "Plan CSV, ligne {0} : {1}.", en: "CSV plan, line {0}: {1}." }
        CsvUnreadable {
            fr: "ligne illisible (un guillemet n’est pas refermé ?)",
            en: "unreadable line (a quote left open?)",
        }
        CsvTooFew {
            fr: "{0} colonnes, il en faut 5 ou 6 (section,row,seat,x,y[,flags])",
            en: "{0} columns where 5 or 6 are expected (section,row,seat,x,y[,flags])",
        }
        CsvTooMany {
            fr: "{0} colonnes, 6 au plus (section,row,seat,x,y[,flags]) : mettez entre guillemets un nom qui contient le séparateur",
            en: "{0} columns, at most 6 (section,row,seat,x,y[,flags]): quote a name that holds the separator",
        }
        CsvEmptySection { fr: "section vide", en: "the section is empty" }
        CsvEmptyRow { fr: "rang vide", en: "the row is empty" }
        CsvEmptySeat { fr: "numéro de place vide", en: "the seat number is empty" }
        CsvNotANumber {
            fr: "{0} « {1} » n’est pas un nombre entre -10000 et 10000",
            en: "{0} “{1}” is not a number between -10000 and 10000",
        }
        CsvUnknownFlag {
            fr: "marque inconnue « {0} » : wheelchair, companion ou restricted_view",
            en: "unknown flag “{0}”: wheelchair, companion or restricted_view",
        }
        CsvTwice {
            fr: "la place {0} figure deux fois (déjà ligne {1})",
            en: "seat {0} appears twice (first on line {1})",
        }
        CsvNoSeat {
            fr: "aucune place : une ligne par place, section,row,seat,x,y[,flags]",
            en: "no seat: one line per seat, section,row,seat,x,y[,flags]",
        }
        ErrSectionTwice {
            fr: "La section « {0} » figure deux fois : donnez à chacune son nom.",
            en: "Section “{0}” appears twice: give each its own name.",
        }
        ErrSection { fr: "Section « {0} » : {1}.", en: "Section “{0}”: {1}." }
        SectionNoName { fr: "la section n’a pas de nom", en: "the section has no name" }
        SectionRows { fr: "{0} rangs : entre 1 et 200", en: "{0} rows: between 1 and 200" }
        SectionGeometry {
            fr: "espacement des rangs entre 0 et 20, courbure entre 0 et 1 000, recul entre -1 000 et 1 000",
            en: "row spacing between 0 and 20, curve between 0 and 1,000, offset between -1,000 and 1,000",
        }
        SectionFirstRow {
            fr: "« {0} » n’est pas une lettre de rang",
            en: "“{0}” is not a row letter",
        }
        SectionRowSize {
            fr: "le rang {0} aurait {1} places : entre 1 et 500",
            en: "row {0} would have {1} seats: between 1 and 500",
        }
        SectionNoSeatToFlag {
            fr: "le rang {0} n’a pas de place {1} à marquer",
            en: "row {0} has no seat {1} to flag",
        }
        MissingHall { fr: "la salle", en: "hall" }
        MissingShow { fr: "le spectacle", en: "show" }
        MissingPerformance { fr: "la représentation", en: "performance" }
        MissingTariff { fr: "le tarif", en: "tariff" }
        MissingCategory { fr: "la catégorie", en: "price category" }
        MissingHold { fr: "la réserve", en: "hold" }
        MissingSeat { fr: "la place", en: "seat" }
    }
}

pub fn p(locale: Locale, key: P) -> &'static str {
    key.text(locale)
}

pub fn pf(locale: Locale, key: P, args: &[&str]) -> String {
    super::fill(p(locale, key), args)
}
