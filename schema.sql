-- Guichet: the whole current database schema.
--
-- A new database is created from this file; an existing one is brought up to
-- date by the files in migrations/ (PRAGMA user_version counts the ones
-- applied). tests/store.rs proves that migrating the oldest schema gives the
-- same database as this file, so any change here comes with a migration.
--
-- Conventions
--   * money: INTEGER minor units (cents) of the venue's currency, never REAL;
--   * tax rates: INTEGER parts per 100,000 (5.5 % = 5500, 9.975 % = 9975);
--   * instants: INTEGER seconds since the Unix epoch, UTC; the venue's IANA
--     time zone (venue.time_zone) turns them into local dates and times, so a
--     daylight-saving change never moves a performance;
--   * ids: INTEGER primary keys stay inside this file; anything that leaves
--     the machine (orders, tickets, patrons, operators, ledger records) also
--     has a public_id (UUIDv7 text) so exports and syncs never collide;
--   * booleans: INTEGER 0/1 with a CHECK.

-- Marks the file as a Guichet database ("GCHT"); a file without it is refused.
-- PRAGMA user_version (the schema version) is set by the program: it is the
-- number of files in migrations/.
PRAGMA application_id = 1195591764;

------------------------------------------------------------------------------
-- The venue and this installation
------------------------------------------------------------------------------

-- The establishment: one row. Its legal identity goes on every ticket.
CREATE TABLE venue (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    public_id       TEXT    NOT NULL UNIQUE,
    name            TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    legal_name      TEXT    NOT NULL,          -- operator of the venue, printed on tickets
    country         TEXT    NOT NULL CHECK (country IN ('FR', 'QC')),
    currency        TEXT    NOT NULL CHECK (currency IN ('EUR', 'CAD')),
    time_zone       TEXT    NOT NULL,          -- IANA name: Europe/Paris, America/Toronto
    licence_number  TEXT    NOT NULL DEFAULT '', -- France: PLATESV-D-2024-001234
    siret           TEXT    NOT NULL DEFAULT '', -- France, for SIBIL and the FEC
    vat_exempt      INTEGER NOT NULL DEFAULT 0 CHECK (vat_exempt IN (0, 1)), -- art. 293 B du CGI
    gst_number      TEXT    NOT NULL DEFAULT '', -- Quebec: GST/HST registration
    qst_number      TEXT    NOT NULL DEFAULT '', -- Quebec: QST registration
    address         TEXT    NOT NULL DEFAULT '',
    postcode        TEXT    NOT NULL DEFAULT '',
    city            TEXT    NOT NULL DEFAULT '',
    is_demo         INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
    created_at      INTEGER NOT NULL
);

-- A terminal is one till: it signs its own ledger chains with its own key,
-- kept in a file beside the database (never in it). Like the ledger it
-- vouches for, a terminal row is never changed or removed.
CREATE TABLE terminal (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL UNIQUE,
    public_key  BLOB    NOT NULL CHECK (length(public_key) = 32), -- Ed25519
    key_id      TEXT    NOT NULL UNIQUE,     -- short fingerprint of public_key
    created_at  INTEGER NOT NULL
);

CREATE TRIGGER terminal_no_update BEFORE UPDATE ON terminal
BEGIN
    SELECT RAISE(ABORT, 'terminals vouch for the ledger: they cannot be changed');
END;

CREATE TRIGGER terminal_no_delete BEFORE DELETE ON terminal
BEGIN
    SELECT RAISE(ABORT, 'terminals vouch for the ledger: they cannot be removed');
END;

-- Every key a terminal has signed with, its first (the terminal's own
-- public_key) numbered 1. A new key is announced in each of the terminal's
-- chains by a key_rotated record signed by the key before it; records after
-- it are signed by the new key. Tickets carry their key's id, so a ticket
-- signed before a rotation still verifies at the door. Never changed or
-- removed: old keys keep proving old records and tickets.
CREATE TABLE terminal_key (
    key_id       TEXT    PRIMARY KEY,         -- short fingerprint of public_key
    terminal_id  INTEGER NOT NULL REFERENCES terminal (id),
    number       INTEGER NOT NULL CHECK (number > 0), -- 1, 2, ... per terminal
    public_key   BLOB    NOT NULL UNIQUE CHECK (length(public_key) = 32), -- Ed25519
    created_at   INTEGER NOT NULL,
    UNIQUE (terminal_id, number)
) WITHOUT ROWID;

CREATE TRIGGER terminal_key_no_update BEFORE UPDATE ON terminal_key
BEGIN
    SELECT RAISE(ABORT, 'terminal keys vouch for the ledger and tickets: they cannot be changed');
END;

CREATE TRIGGER terminal_key_no_delete BEFORE DELETE ON terminal_key
BEGIN
    SELECT RAISE(ABORT, 'terminal keys vouch for the ledger and tickets: they cannot be removed');
END;

-- Preferences that are not part of the venue's identity (language of this
-- counter, ticket layout, printer...). Keys are documented where they are read.
CREATE TABLE setting (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;

------------------------------------------------------------------------------
-- Operators (staff who log in)
------------------------------------------------------------------------------

-- pin_hash is an Argon2id PHC string; NULL only for the built-in system
-- operator, who acts for the command line and can never log in to the GUI.
CREATE TABLE operator (
    id            INTEGER PRIMARY KEY,
    public_id     TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    role          TEXT    NOT NULL CHECK (role IN ('clerk', 'coordinator', 'admin')),
    pin_hash      TEXT,
    is_system     INTEGER NOT NULL DEFAULT 0 CHECK (is_system IN (0, 1)),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    failed_pins   INTEGER NOT NULL DEFAULT 0,  -- consecutive wrong PINs
    locked_until  INTEGER,                     -- instant; NULL when not locked out
    last_login_at INTEGER,
    created_at    INTEGER NOT NULL,
    CHECK (is_system = 1 OR pin_hash IS NOT NULL)
);
CREATE UNIQUE INDEX operator_name ON operator (lower(name));

INSERT INTO operator (id, public_id, name, role, pin_hash, is_system, created_at)
VALUES (1, '00000000-0000-0000-0000-000000000000', 'système', 'admin', NULL, 1, 0);

------------------------------------------------------------------------------
-- Halls and seat plans
------------------------------------------------------------------------------

-- kind: numbered (a seat plan), general (standing or free seating: a
-- capacity), timed (museum: entry slots, each with a capacity).
CREATE TABLE hall (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    kind        TEXT    NOT NULL CHECK (kind IN ('numbered', 'general', 'timed')),
    capacity    INTEGER NOT NULL CHECK (capacity >= 0), -- general: places; timed: per slot; numbered: seat count
    venue_type  TEXT    NOT NULL DEFAULT 'THEATRE',     -- SIBIL venue type
    created_at  INTEGER NOT NULL
);

CREATE TABLE seat_section (
    id        INTEGER PRIMARY KEY,
    hall_id   INTEGER NOT NULL REFERENCES hall (id) ON DELETE CASCADE,
    name      TEXT    NOT NULL,               -- Orchestre, Balcon
    position  INTEGER NOT NULL DEFAULT 0,     -- display order
    UNIQUE (hall_id, name)
);

-- x, y: the seat's centre in plan units (one unit ~ one seat width), so the
-- map drawn on screen looks like the room: curved rows, aisles, balconies.
-- flags: bit 0 wheelchair place, bit 1 companion seat, bit 2 restricted view.
CREATE TABLE seat (
    id          INTEGER PRIMARY KEY,
    hall_id     INTEGER NOT NULL REFERENCES hall (id) ON DELETE CASCADE,
    section_id  INTEGER NOT NULL REFERENCES seat_section (id) ON DELETE CASCADE,
    row_label   TEXT    NOT NULL,
    number      TEXT    NOT NULL,
    x           REAL    NOT NULL,
    y           REAL    NOT NULL,
    flags       INTEGER NOT NULL DEFAULT 0 CHECK (flags BETWEEN 0 AND 7),
    UNIQUE (section_id, row_label, number)
);
CREATE INDEX seat_hall ON seat (hall_id);

------------------------------------------------------------------------------
-- Shows, performances, price categories, tariffs, holds
------------------------------------------------------------------------------

CREATE TABLE show (
    id              INTEGER PRIMARY KEY,
    public_id       TEXT    NOT NULL UNIQUE,
    title           TEXT    NOT NULL CHECK (length(trim(title)) > 0),
    artists         TEXT    NOT NULL DEFAULT '',
    genre           TEXT    NOT NULL,          -- theatre, dance, music, humour, exhibition, ...
    sibil_domain    TEXT    NOT NULL DEFAULT '',
    young_audience  INTEGER NOT NULL DEFAULT 0 CHECK (young_audience IN (0, 1)),
    show_tax        TEXT    NOT NULL DEFAULT 'none' CHECK (show_tax IN ('CNM', 'ASTP', 'none')),
    vat_rate        INTEGER NOT NULL CHECK (vat_rate BETWEEN 0 AND 100000),
    duration_min    INTEGER NOT NULL DEFAULT 120 CHECK (duration_min > 0),
    description     TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL
);

-- A show in a hall at an instant. vat_rate is the performance's own (it can
-- change during a run). capacity: for general halls the places on sale; for
-- numbered halls the seat count (holds are subtracted when selling).
CREATE TABLE performance (
    id              INTEGER PRIMARY KEY,
    public_id       TEXT    NOT NULL UNIQUE,
    show_id         INTEGER NOT NULL REFERENCES show (id),
    hall_id         INTEGER NOT NULL REFERENCES hall (id),
    starts_at       INTEGER NOT NULL,
    ends_at         INTEGER NOT NULL CHECK (ends_at > starts_at),
    vat_rate        INTEGER NOT NULL CHECK (vat_rate BETWEEN 0 AND 100000),
    capacity        INTEGER NOT NULL CHECK (capacity >= 0),
    sales_open_at   INTEGER,
    sales_close_at  INTEGER,
    status          TEXT    NOT NULL DEFAULT 'on_sale'
                            CHECK (status IN ('on_sale', 'closed', 'cancelled')),
    reentry_allowed INTEGER NOT NULL DEFAULT 0 CHECK (reentry_allowed IN (0, 1)),
    created_at      INTEGER NOT NULL,
    CHECK (sales_close_at IS NULL OR sales_close_at <= ends_at),
    CHECK (sales_open_at IS NULL OR sales_close_at IS NULL OR sales_open_at < sales_close_at)
);
CREATE INDEX performance_start ON performance (starts_at);
CREATE INDEX performance_hall ON performance (hall_id, starts_at);

-- Timed entry (museum): a performance is an opening day, sold by slot.
CREATE TABLE entry_slot (
    id              INTEGER PRIMARY KEY,
    performance_id  INTEGER NOT NULL REFERENCES performance (id) ON DELETE CASCADE,
    starts_at       INTEGER NOT NULL,
    capacity        INTEGER NOT NULL CHECK (capacity >= 0),
    UNIQUE (performance_id, starts_at)
);

-- Price categories of a performance: zones of its seat map sharing a price
-- band ("Catégorie 1 — orchestre centre"). General halls have one.
CREATE TABLE price_category (
    id              INTEGER PRIMARY KEY,
    performance_id  INTEGER NOT NULL REFERENCES performance (id) ON DELETE CASCADE,
    code            TEXT    NOT NULL,          -- C1, C2, ...
    name            TEXT    NOT NULL,
    colour          TEXT    NOT NULL DEFAULT '#4a6fa5',
    position        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (performance_id, code)
);

-- Which category each seat of a numbered performance belongs to.
CREATE TABLE seat_category (
    performance_id  INTEGER NOT NULL REFERENCES performance (id) ON DELETE CASCADE,
    seat_id         INTEGER NOT NULL REFERENCES seat (id),
    category_id     INTEGER NOT NULL REFERENCES price_category (id) ON DELETE CASCADE,
    PRIMARY KEY (performance_id, seat_id)
) WITHOUT ROWID;

-- The venue's tariffs: plein, réduit, jeune, abonné, groupe, exonéré...
-- complimentary tariffs are always priced 0 and still issue tickets.
CREATE TABLE tariff (
    id                INTEGER PRIMARY KEY,
    code              TEXT    NOT NULL UNIQUE,  -- PLEIN, REDUIT, JEUNE, ABONNE, EXONERE
    name              TEXT    NOT NULL,
    requires_proof    INTEGER NOT NULL DEFAULT 0 CHECK (requires_proof IN (0, 1)),
    is_complimentary  INTEGER NOT NULL DEFAULT 0 CHECK (is_complimentary IN (0, 1)),
    position          INTEGER NOT NULL DEFAULT 0
);

-- The tariffs a performance offers, each with an optional quota.
CREATE TABLE performance_tariff (
    performance_id  INTEGER NOT NULL REFERENCES performance (id) ON DELETE CASCADE,
    tariff_id       INTEGER NOT NULL REFERENCES tariff (id),
    quota           INTEGER CHECK (quota IS NULL OR quota >= 0),
    PRIMARY KEY (performance_id, tariff_id)
) WITHOUT ROWID;

-- The all-in price of a tariff in a category (VAT included in France,
-- before GST/QST in Quebec).
CREATE TABLE price (
    category_id  INTEGER NOT NULL REFERENCES price_category (id) ON DELETE CASCADE,
    tariff_id    INTEGER NOT NULL REFERENCES tariff (id),
    amount       INTEGER NOT NULL CHECK (amount BETWEEN 0 AND 10000000),
    PRIMARY KEY (category_id, tariff_id)
) WITHOUT ROWID;

-- Seats or a general-admission quantity set aside: house seats, press,
-- technical kills, a partner's contingent. A hold may be lent to a terminal
-- (seats it alone may sell while offline).
CREATE TABLE hold (
    id              INTEGER PRIMARY KEY,
    public_id       TEXT    NOT NULL UNIQUE,
    performance_id  INTEGER NOT NULL REFERENCES performance (id) ON DELETE CASCADE,
    name            TEXT    NOT NULL,
    reason          TEXT    NOT NULL DEFAULT '',
    colour          TEXT    NOT NULL DEFAULT '#8a8a8a',
    quantity        INTEGER NOT NULL DEFAULT 0 CHECK (quantity >= 0), -- general admission places
    terminal_id     INTEGER REFERENCES terminal (id),
    created_at      INTEGER NOT NULL
);
CREATE INDEX hold_performance ON hold (performance_id);

CREATE TABLE hold_seat (
    hold_id         INTEGER NOT NULL REFERENCES hold (id) ON DELETE CASCADE,
    performance_id  INTEGER NOT NULL REFERENCES performance (id) ON DELETE CASCADE,
    seat_id         INTEGER NOT NULL REFERENCES seat (id),
    PRIMARY KEY (performance_id, seat_id)      -- a seat is in one hold at most
) WITHOUT ROWID;

-- Seats in a clerk's cart, held for a few minutes so two counters never sell
-- the same seat; released on cancel or when expires_at has passed.
CREATE TABLE cart_seat (
    performance_id  INTEGER NOT NULL REFERENCES performance (id) ON DELETE CASCADE,
    seat_id         INTEGER NOT NULL REFERENCES seat (id),
    cart            TEXT    NOT NULL,          -- the cart's id on its terminal
    terminal_id     INTEGER NOT NULL REFERENCES terminal (id),
    expires_at      INTEGER NOT NULL,
    PRIMARY KEY (performance_id, seat_id)
) WITHOUT ROWID;

------------------------------------------------------------------------------
-- The patron file
------------------------------------------------------------------------------

-- Organisations: schools, works councils, associations, companies. Their
-- contacts are patrons (patron.organisation_id), so a group booking and the
-- people behind it are one file.
CREATE TABLE organisation (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    kind        TEXT    NOT NULL DEFAULT 'other' CHECK (kind = 'school' OR kind = 'works_council'
                            OR kind = 'association' OR kind = 'company' OR kind = 'other'),
    email       TEXT    NOT NULL DEFAULT '',
    phone       TEXT    NOT NULL DEFAULT '',
    address     TEXT    NOT NULL DEFAULT '',
    postcode    TEXT    NOT NULL DEFAULT '',
    city        TEXT    NOT NULL DEFAULT '',
    notes       TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- Erasure anonymises a row (names, contacts, address emptied, anonymised_at
-- set): the sales that reference it stay for the accounts. A prospect (who
-- never bought) is a patron too.
CREATE TABLE patron (
    id             INTEGER PRIMARY KEY,
    public_id      TEXT    NOT NULL UNIQUE,
    first_name     TEXT    NOT NULL DEFAULT '',
    last_name      TEXT    NOT NULL DEFAULT '',
    email          TEXT    NOT NULL DEFAULT '',
    phone          TEXT    NOT NULL DEFAULT '',
    address        TEXT    NOT NULL DEFAULT '',
    postcode       TEXT    NOT NULL DEFAULT '',
    city           TEXT    NOT NULL DEFAULT '',
    country        TEXT    NOT NULL DEFAULT '',
    birth_year     INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100),
    language       TEXT    NOT NULL DEFAULT 'fr',
    categories     TEXT    NOT NULL DEFAULT '',  -- comma list of audience_category codes
    notes          TEXT    NOT NULL DEFAULT '',
    needs          TEXT    NOT NULL DEFAULT '',  -- comma list: wheelchair, hearing_loop, low_vision, companion
    organisation_id INTEGER REFERENCES organisation (id),
    source         TEXT    NOT NULL DEFAULT 'counter' CHECK (source = 'counter' OR source = 'online'
                                                         OR source = 'import' OR source = 'reseller'),
    last_contact_at INTEGER,                     -- a purchase or a click renews it (retention)
    anonymised_at  INTEGER,
    merged_into    INTEGER REFERENCES patron (id),  -- a duplicate merged into this one
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX patron_last_name ON patron (lower(last_name));
CREATE INDEX patron_email ON patron (lower(email)) WHERE email <> '';
CREATE INDEX patron_phone ON patron (phone) WHERE phone <> '';
CREATE INDEX patron_organisation ON patron (organisation_id) WHERE organisation_id IS NOT NULL;

-- What search as you type looks up: each patron's words folded (lower case,
-- no accents), its phone's digits (national and international), its
-- postcode without spaces, its organisation's name. A typed word finds the
-- tokens it starts, through the key's range.
CREATE TABLE patron_token (
    token      TEXT    NOT NULL,
    patron_id  INTEGER NOT NULL REFERENCES patron (id),
    PRIMARY KEY (token, patron_id)
) WITHOUT ROWID;
CREATE INDEX patron_token_patron ON patron_token (patron_id, token);

-- The categories a coordinator sorts patrons in (student, senior, member…).
CREATE TABLE audience_category (
    code      TEXT    PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 24),
    name      TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    position  INTEGER NOT NULL
);
INSERT INTO audience_category (code, name, position) VALUES
    ('student', 'Étudiant', 0), ('senior', 'Senior', 1), ('member', 'Adhérent', 2),
    ('professional', 'Professionnel', 3), ('press', 'Presse', 4), ('school', 'Scolaire', 5);

-- Calls, e-mails, letters and visits with a patron: who, when, what.
CREATE TABLE contact_log (
    id           INTEGER PRIMARY KEY,
    patron_id    INTEGER NOT NULL REFERENCES patron (id),
    kind         TEXT    NOT NULL CHECK (kind = 'call' OR kind = 'email' OR kind = 'letter'
                                         OR kind = 'visit' OR kind = 'note'),
    note         TEXT    NOT NULL,
    operator_id  INTEGER REFERENCES operator (id),
    at           INTEGER NOT NULL
);
CREATE INDEX contact_log_patron ON contact_log (patron_id, at);

-- Segments a coordinator saved: a name and its filter (JSON), counted and
-- exported again as the file grows.
CREATE TABLE segment (
    name        TEXT    PRIMARY KEY CHECK (length(trim(name)) > 0),
    filter      TEXT    NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- Duplicates merged: both patrons as they were, and the rows moved from the
-- duplicate to the patron kept, so a merge can be undone.
CREATE TABLE patron_merge (
    id           INTEGER PRIMARY KEY,
    kept_id      INTEGER NOT NULL REFERENCES patron (id),
    merged_id    INTEGER NOT NULL REFERENCES patron (id),
    kept_before  TEXT    NOT NULL,   -- JSON: the kept patron's details before
    moved        TEXT    NOT NULL,   -- JSON: ids of the orders, consents, contacts moved
    operator_id  INTEGER REFERENCES operator (id),
    at           INTEGER NOT NULL,
    undone_at    INTEGER
);

-- Consent history per channel: the newest row for (patron, channel) wins;
-- withdrawing is a new row with granted = 0.
CREATE TABLE consent (
    id               INTEGER PRIMARY KEY,
    patron_id        INTEGER NOT NULL REFERENCES patron (id),
    channel          TEXT    NOT NULL CHECK (channel IN ('email', 'sms', 'post')),
    granted          INTEGER NOT NULL CHECK (granted IN (0, 1)),
    source           TEXT    NOT NULL,          -- counter, online form, import...
    wording_version  TEXT    NOT NULL,
    operator_id      INTEGER REFERENCES operator (id),
    at               INTEGER NOT NULL
);
CREATE INDEX consent_patron ON consent (patron_id, channel, at);

-- The attendance brought from the venue's previous ticketing system: a
-- patron's history before Guichet (not this till's sales).
CREATE TABLE past_attendance (
    id           INTEGER PRIMARY KEY,
    patron_id    INTEGER NOT NULL REFERENCES patron (id),
    key          TEXT    NOT NULL UNIQUE,
    starts_at    INTEGER NOT NULL,           -- the performance, unix seconds
    show         TEXT    NOT NULL CHECK (length(trim(show)) > 0),
    genre        TEXT    NOT NULL DEFAULT '',
    tariff       TEXT    NOT NULL DEFAULT '',
    price        INTEGER NOT NULL CHECK (price BETWEEN 0 AND 100000000),  -- cents
    channel      TEXT    NOT NULL DEFAULT 'counter'
                         CHECK (channel = 'counter' OR channel = 'web' OR channel = 'reseller'
                                OR channel = 'partner' OR channel = 'phone'
                                OR channel = 'invitation'),
    attended     INTEGER NOT NULL DEFAULT 1 CHECK (attended IN (0, 1)),
    source       TEXT    NOT NULL,           -- the system or file it came from
    imported_at  INTEGER NOT NULL
);
CREATE INDEX past_attendance_patron ON past_attendance (patron_id, starts_at);
CREATE INDEX past_attendance_starts ON past_attendance (starts_at);

------------------------------------------------------------------------------
-- Sales: orders, lines, tickets, payments
------------------------------------------------------------------------------

-- One sale to one customer. number: the receipt number, gap-free per
-- terminal. training: made in training mode (own chain, out of all totals).
CREATE TABLE sale_order (
    id           INTEGER PRIMARY KEY,
    public_id    TEXT    NOT NULL UNIQUE,
    terminal_id  INTEGER NOT NULL REFERENCES terminal (id),
    number       INTEGER NOT NULL,
    operator_id  INTEGER NOT NULL REFERENCES operator (id),
    patron_id    INTEGER REFERENCES patron (id),
    total        INTEGER NOT NULL,          -- what the customer pays, taxes included
    training     INTEGER NOT NULL DEFAULT 0 CHECK (training IN (0, 1)),
    ledger_seq   INTEGER NOT NULL,          -- the sale's record in the terminal's chain
    created_at   INTEGER NOT NULL,
    -- Where it was sold, so analyses cross channels.
    channel      TEXT    NOT NULL DEFAULT 'counter' CHECK (channel = 'counter' OR channel = 'web'
                      OR channel = 'reseller' OR channel = 'partner' OR channel = 'phone'
                      OR channel = 'invitation'),
    UNIQUE (terminal_id, training, number)
);
CREATE INDEX sale_order_patron ON sale_order (patron_id) WHERE patron_id IS NOT NULL;

CREATE TABLE order_line (
    id              INTEGER PRIMARY KEY,
    order_id        INTEGER NOT NULL REFERENCES sale_order (id),
    performance_id  INTEGER NOT NULL REFERENCES performance (id),
    category_id     INTEGER NOT NULL REFERENCES price_category (id),
    tariff_id       INTEGER NOT NULL REFERENCES tariff (id),
    quantity        INTEGER NOT NULL CHECK (quantity > 0),
    unit_price      INTEGER NOT NULL,
    tax_rate        INTEGER NOT NULL,          -- VAT (France); 0 when GST/QST apply per order
    amount_excl     INTEGER NOT NULL,
    amount_tax      INTEGER NOT NULL,
    amount_incl     INTEGER NOT NULL
);
CREATE INDEX order_line_order ON order_line (order_id);

-- One admission. number: gap-free per terminal, printed on the ticket.
-- A cancelled ticket keeps its row and number; its code is refused at the door.
CREATE TABLE ticket (
    id              INTEGER PRIMARY KEY,
    public_id       TEXT    NOT NULL UNIQUE,
    terminal_id     INTEGER NOT NULL REFERENCES terminal (id),
    number          INTEGER NOT NULL,
    order_line_id   INTEGER NOT NULL REFERENCES order_line (id),
    performance_id  INTEGER NOT NULL REFERENCES performance (id),
    seat_id         INTEGER REFERENCES seat (id),
    slot_id         INTEGER REFERENCES entry_slot (id),
    price           INTEGER NOT NULL,
    code            TEXT    NOT NULL,   -- the signed QR text (found by key id and number)
    status          TEXT    NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'cancelled')),
    training        INTEGER NOT NULL DEFAULT 0 CHECK (training IN (0, 1)),
    prints          INTEGER NOT NULL DEFAULT 1, -- 1 = original; k > 1 = duplicata n° k-1 issued
    created_at      INTEGER NOT NULL,
    cancelled_at    INTEGER,
    UNIQUE (terminal_id, training, number)
);
-- A seat is sold at most once per performance among live tickets (training
-- ones take no place).
CREATE UNIQUE INDEX ticket_seat_live ON ticket (performance_id, seat_id)
    WHERE status = 'valid' AND seat_id IS NOT NULL AND training = 0;
CREATE INDEX ticket_performance ON ticket (performance_id, status);
-- An order's tickets (customer service, the patron card, segments).
CREATE INDEX ticket_order_line ON ticket (order_line_id);

CREATE TABLE payment (
    id        INTEGER PRIMARY KEY,
    order_id  INTEGER NOT NULL REFERENCES sale_order (id),
    -- Comparisons, not IN (…): SQLite checks a list of more than two values
    -- by building a temporary table, on every payment.
    method    TEXT    NOT NULL CHECK (method = 'cash' OR method = 'card' OR method = 'cheque'
                                      OR method = 'voucher' OR method = 'complimentary'
                                      OR method = 'online'),  -- online: taken by a seller's platform
    amount    INTEGER NOT NULL,              -- negative for a refund
    tendered  INTEGER,                       -- cash handed over; change = tendered - amount
    at        INTEGER NOT NULL
);
CREATE INDEX payment_order ON payment (order_id);

-- Door scans, admitted or refused, from every door device; public_id lets
-- scans from several devices be merged without double counting.
CREATE TABLE scan (
    id           INTEGER PRIMARY KEY,
    public_id    TEXT    NOT NULL UNIQUE,
    ticket_id    INTEGER REFERENCES ticket (id),
    performance_id INTEGER REFERENCES performance (id),
    code         TEXT    NOT NULL,
    outcome      TEXT    NOT NULL,           -- admitted, or the refusal reason
    manual       INTEGER NOT NULL DEFAULT 0 CHECK (manual IN (0, 1)),
    door         TEXT    NOT NULL,
    operator_id  INTEGER REFERENCES operator (id),
    at           INTEGER NOT NULL,
    door_ticket  TEXT,                       -- a ticket sold elsewhere: its public id
    reentry      INTEGER NOT NULL DEFAULT 0 CHECK (reentry IN (0, 1)),
    undoes       TEXT                        -- an undo: the admission (public id) it takes back
);
CREATE INDEX scan_ticket ON scan (ticket_id, at);
CREATE INDEX scan_door_ticket ON scan (door_ticket, at) WHERE door_ticket IS NOT NULL;

------------------------------------------------------------------------------
-- Orders from the web shop, resellers and partners
------------------------------------------------------------------------------

-- What an outside seller's events and products are here, set once by the
-- coordinator and remembered: an event is a performance, a product a
-- tariff. A row with no target is one an import met and could not place
-- (the window asks for it).
CREATE TABLE import_mapping (
    source    TEXT    NOT NULL,             -- the seller and its file: pretix:org/event
    kind      TEXT    NOT NULL CHECK (kind IN ('event', 'product')),
    external  TEXT    NOT NULL,             -- its id in the seller's file
    label     TEXT    NOT NULL DEFAULT '',  -- its name there, for the coordinator
    target    INTEGER,                      -- performance.id or tariff.id
    PRIMARY KEY (source, kind, external)
) WITHOUT ROWID;

-- Every outside order an import has met, once (importing the same file
-- again finds it here and changes nothing). state:
--   imported   its order and tickets are in the file (order_id);
--   conflict   it claims a seat sold here meanwhile: it waits for the
--              coordinator (payload keeps it whole, problem says what);
--   refunded   the coordinator sent it back to the seller to refund;
--   cancelled  the seller cancelled it after it was imported.
CREATE TABLE import_order (
    id           INTEGER PRIMARY KEY,
    source       TEXT    NOT NULL,
    external     TEXT    NOT NULL,
    channel      TEXT    NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('imported', 'conflict', 'refunded', 'cancelled')),
    order_id     INTEGER REFERENCES sale_order (id),
    fingerprint  TEXT    NOT NULL,          -- SHA-256 of the order as read
    payload      TEXT    NOT NULL,          -- the order as read (JSON)
    problem      TEXT,                      -- the conflict (JSON)
    note         TEXT    NOT NULL DEFAULT '',
    decided_by   INTEGER REFERENCES operator (id),
    decided_at   INTEGER,
    seen_at      INTEGER NOT NULL,
    UNIQUE (source, external),
    CHECK ((state = 'imported') = (order_id IS NOT NULL) OR state = 'cancelled')
);
CREATE INDEX import_order_open ON import_order (seen_at) WHERE state = 'conflict';
-- Customer service finds an imported order by its number at the seller.
CREATE INDEX import_order_external ON import_order (external);

-- A seller's own ticket code (its barcode, pretix's secret), accepted at
-- the door for the ticket issued here. Only its SHA-256 is kept, and the
-- order's signed record names it.
CREATE TABLE external_code (
    hash       TEXT    PRIMARY KEY,         -- hex SHA-256 of the code as printed
    ticket_id  INTEGER NOT NULL REFERENCES ticket (id)
) WITHOUT ROWID;
CREATE INDEX external_code_ticket ON external_code (ticket_id);

-- A seller's seats by its own ids. pretix's order export gives a seat by the
-- id its seating plan gave it (seat_guid); the plans loaded for a seller say
-- which seat that is by its zone (a section here), row and number.
CREATE TABLE seller_seat (
    source  TEXT NOT NULL,                  -- the seller and its file: pretix:org/event
    guid    TEXT NOT NULL,                  -- the seat's id in the seller's plan
    zone    TEXT NOT NULL,                  -- as the plan names them: "Orchestre"
    row     TEXT NOT NULL,                  -- "F"
    number  TEXT NOT NULL,                  -- "8"
    PRIMARY KEY (source, guid)
) WITHOUT ROWID;

-- The venue's pictures. Its logo, printed on tickets and shown at the top of
-- every e-mail, kept whole in the database (it travels with the file and its
-- backups). The PNG was checked before it was written.
CREATE TABLE picture (
    subject  TEXT    PRIMARY KEY CHECK (subject = 'venue_logo'),
    png      BLOB    NOT NULL,
    small    BLOB    NOT NULL,                -- at most 600 px a side: what prints and is sent
    width    INTEGER NOT NULL CHECK (width > 0),
    height   INTEGER NOT NULL CHECK (height > 0),
    sha256   TEXT    NOT NULL,
    set_at   INTEGER NOT NULL
);

-- What this terminal holds of the venue's central pool (when it joined a
-- central database): it sells only the seats lent to it and, in general
-- admission, up to the places lent to it (those it sold included). Each
-- change is a signed `contingent` record; `verify` holds them against it.
CREATE TABLE lent_seat (
    performance_id  INTEGER NOT NULL REFERENCES performance (id),
    seat_id         INTEGER NOT NULL REFERENCES seat (id),
    PRIMARY KEY (performance_id, seat_id)
) WITHOUT ROWID;

CREATE TABLE lent_places (
    performance_id  INTEGER PRIMARY KEY REFERENCES performance (id),
    places          INTEGER NOT NULL CHECK (places >= 0)
);

-- Timed entry: each slot's places are lent apart (the central pool knows a
-- slot as its performance's public id and its start).
CREATE TABLE lent_slot (
    slot_id  INTEGER PRIMARY KEY REFERENCES entry_slot (id),
    places   INTEGER NOT NULL CHECK (places >= 0)
);

-- What a door joined to a central database admits from: the tickets the
-- other terminals sold, and the keys that sign their codes, as last pulled
-- (a signed `door_list` record holds their digest).
CREATE TABLE door_key (
    key_id      TEXT    PRIMARY KEY,        -- hex, as a code names it
    terminal    TEXT    NOT NULL,           -- the seller's public id
    name        TEXT    NOT NULL,
    public_key  BLOB    NOT NULL CHECK (length(public_key) = 32)
) WITHOUT ROWID;

CREATE TABLE door_ticket (
    public_id     TEXT    PRIMARY KEY,
    terminal      TEXT    NOT NULL,         -- the seller's public id
    number        INTEGER NOT NULL,
    performance   TEXT    NOT NULL,         -- the performance's public id
    seat          TEXT,
    tariff        TEXT    NOT NULL,
    category      TEXT    NOT NULL,
    cancelled     INTEGER NOT NULL CHECK (cancelled IN (0, 1)),
    -- Its first admission at another door, as the central database knew it.
    entered_at    INTEGER,
    entered_door  TEXT,
    UNIQUE (terminal, number)
) WITHOUT ROWID;

------------------------------------------------------------------------------
-- The ledger: append-only, hash-chained, signed (see src/ledger/mod.rs)
------------------------------------------------------------------------------

-- One row per fiscal or technical event. body is the canonical JSON that was
-- hashed (UTF-8, sorted keys, no whitespace, amounts in cents, timestamps
-- ISO-8601 with offset); hash = SHA-256(prev_hash || body); signature =
-- Ed25519(hash) by the terminal's key. seq is gap-free per terminal and chain.
-- What is signed is the content, never a row id, so a restore elsewhere, in
-- any physical order, verifies. A rowid table (with the key as its index)
-- rather than WITHOUT ROWID: a sale record (~1.1 KB) fits in a 4 KiB table
-- page, where a WITHOUT ROWID row spills past ~1 KB onto an overflow page.
CREATE TABLE ledger (
    terminal_id  INTEGER NOT NULL REFERENCES terminal (id),
    chain        TEXT    NOT NULL CHECK (chain IN ('fiscal', 'training')),
    seq          INTEGER NOT NULL CHECK (seq > 0),
    kind         TEXT    NOT NULL,
    at           TEXT    NOT NULL,           -- copy of body.at, for reading
    recorded     INTEGER NOT NULL,           -- the same instant, ms since the epoch, for ordering
    body         TEXT    NOT NULL,
    prev_hash    BLOB    NOT NULL CHECK (length(prev_hash) = 32),
    hash         BLOB    NOT NULL CHECK (length(hash) = 32),
    signature    BLOB    NOT NULL CHECK (length(signature) = 64),
    PRIMARY KEY (terminal_id, chain, seq)
);
-- Closings and exports read a chain by its sequence range, through the key.
-- The few records that change what a ticket or a key is worth, found by the
-- door and `verify` without reading the chain (queries repeat the WHERE term).
CREATE INDEX ledger_events ON ledger (terminal_id, kind)
    WHERE kind = 'cancellation' OR kind = 'key_rotated' OR kind = 'terminal_enrolled';
-- The season's changes, newest first, for Caisse's programming journal.
CREATE INDEX ledger_programmed ON ledger (recorded) WHERE kind = 'programmed';
-- The closings of a chain, found without reading it.
CREATE INDEX ledger_closings ON ledger (terminal_id, chain, seq) WHERE kind = 'closing';
-- The cash drawer's steps of a chain, found without reading it.
CREATE INDEX ledger_drawer ON ledger (terminal_id, chain, seq) WHERE kind = 'drawer';
-- Training mode switched on and off: the last switch says which.
CREATE INDEX ledger_training ON ledger (terminal_id, chain, seq) WHERE kind = 'training_mode';
-- The places lent by the central database, found without reading the chain.
CREATE INDEX ledger_contingent ON ledger (terminal_id, chain, seq) WHERE kind = 'contingent';
-- The door lists pulled from the central database, found without reading the chain.
CREATE INDEX ledger_door_list ON ledger (terminal_id, chain, seq) WHERE kind = 'door_list';
CREATE INDEX ledger_restored ON ledger (terminal_id, chain, seq) WHERE kind = 'restored';

CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
BEGIN
    SELECT RAISE(ABORT, 'ledger records are append-only: write a correcting record instead');
END;

CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
BEGIN
    SELECT RAISE(ABORT, 'ledger records are append-only: they cannot be deleted');
END;

------------------------------------------------------------------------------
-- The outbox: everything meant for the outside world waits here
------------------------------------------------------------------------------

-- E-mails and files for the outside world. A message is queued in the
-- transaction of what caused it, once: `key` says what it is for whom (`e_ticket:<order>:<address>`), and queuing the
-- same key again changes nothing. Its life:
--   waiting    queued, or failed for a reason that may pass (retried at
--              next_attempt_at, with a growing delay);
--   sending    a sender has taken it (its `claim`) and is talking to the
--              server: nothing has been handed over yet (a sender that died
--              here leaves it to be taken again after claimed_at + 10
--              minutes);
--   handing    the server said "go ahead" to the message itself: from here
--              a cut may or may not have delivered it (a sender silent for
--              30 minutes here leaves it uncertain);
--   sent       the server took it (sent_at, server_reply);
--   given_up   refused for good (an address the server does not know, a
--              message that cannot be made): a person retries it or leaves it;
--   uncertain  cut while it was being handed over: never sent again by
--              itself (that could send it twice), a person decides.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    public_id       TEXT    NOT NULL UNIQUE,
    key             TEXT    NOT NULL UNIQUE,
    kind            TEXT    NOT NULL CHECK (kind IN ('e_ticket', 'receipt', 'confirmation', 'notice',
                                             'cancellation', 'test')),
    destination     TEXT    NOT NULL CHECK (length(destination) BETWEEN 3 AND 254),
    language        TEXT    NOT NULL,
    order_id        INTEGER REFERENCES sale_order (id),
    payload         TEXT    NOT NULL,
    state           TEXT    NOT NULL DEFAULT 'waiting'
                    CHECK (state IN ('waiting', 'sending', 'handing', 'sent', 'given_up', 'uncertain')),
    created_at      INTEGER NOT NULL,
    created_by      INTEGER REFERENCES operator (id),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at INTEGER NOT NULL,
    claimed_at      INTEGER,
    claim           TEXT,                   -- the sender that has it: every step checks it
    last_error      TEXT,
    sent_at         INTEGER,
    server_reply    TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'waiting';
CREATE INDEX outbox_state ON outbox (state, created_at);
CREATE INDEX outbox_order ON outbox (order_id) WHERE order_id IS NOT NULL;

-- Closings of the till: each answers to its signed `closing` record.
CREATE TABLE closing (
    id           INTEGER PRIMARY KEY,
    terminal_id  INTEGER NOT NULL REFERENCES terminal (id),
    training     INTEGER NOT NULL DEFAULT 0 CHECK (training IN (0, 1)),
    period       TEXT    NOT NULL CHECK (period IN ('day', 'month', 'year')),
    number       INTEGER NOT NULL CHECK (number > 0),
    label        TEXT    NOT NULL,
    first_seq    INTEGER NOT NULL,
    last_seq     INTEGER NOT NULL,
    total        INTEGER NOT NULL,
    perpetual    INTEGER NOT NULL,
    ledger_seq   INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    UNIQUE (terminal_id, training, period, number),
    UNIQUE (terminal_id, training, period, label)
);

CREATE TRIGGER closing_no_update BEFORE UPDATE ON closing
BEGIN
    SELECT RAISE(ABORT, 'closings are final: a period is closed once');
END;
CREATE TRIGGER closing_no_delete BEFORE DELETE ON closing
BEGIN
    SELECT RAISE(ABORT, 'closings are final: a period is closed once');
END;

-- The cash drawer: each step of a session (opened with a float, cash in or
-- out, counted at a handover or at the end) answers to its signed `drawer`
-- record. Sessions are numbered without gaps per terminal and chain.
CREATE TABLE drawer (
    id           INTEGER PRIMARY KEY,
    terminal_id  INTEGER NOT NULL REFERENCES terminal (id),
    training     INTEGER NOT NULL DEFAULT 0 CHECK (training IN (0, 1)),
    session      INTEGER NOT NULL CHECK (session > 0),
    day          TEXT    NOT NULL,
    step         TEXT    NOT NULL
                 CHECK (step IN ('open', 'cash_in', 'cash_out', 'handover', 'count')),
    amount       INTEGER NOT NULL CHECK (amount >= 0),
    expected     INTEGER,
    operator_id  INTEGER NOT NULL REFERENCES operator (id),
    ledger_seq   INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    UNIQUE (terminal_id, training, ledger_seq)
);
CREATE UNIQUE INDEX drawer_one_opening ON drawer (terminal_id, training, session)
    WHERE step = 'open';
CREATE UNIQUE INDEX drawer_one_count ON drawer (terminal_id, training, session)
    WHERE step = 'count';
CREATE INDEX drawer_by_session ON drawer (terminal_id, training, session);

CREATE TRIGGER drawer_no_update BEFORE UPDATE ON drawer
BEGIN
    SELECT RAISE(ABORT, 'the drawer''s steps are final');
END;
CREATE TRIGGER drawer_no_delete BEFORE DELETE ON drawer
BEGIN
    SELECT RAISE(ABORT, 'the drawer''s steps are final');
END;

-- Invitations: places set aside per kind of requester, and each request
-- (who asked, for whom, how many), issued as free tickets or refused.
CREATE TABLE invitation_quota (
    performance_id  INTEGER NOT NULL REFERENCES performance (id) ON DELETE CASCADE,
    requester_kind  TEXT    NOT NULL CHECK (requester_kind = 'press' OR requester_kind = 'partner'
                                            OR requester_kind = 'artist' OR requester_kind = 'staff'),
    places          INTEGER NOT NULL CHECK (places >= 0),
    PRIMARY KEY (performance_id, requester_kind)
) WITHOUT ROWID;

CREATE TABLE invitation (
    id              INTEGER PRIMARY KEY,
    public_id       TEXT    NOT NULL UNIQUE,
    performance_id  INTEGER NOT NULL REFERENCES performance (id),
    requester_kind  TEXT    NOT NULL CHECK (requester_kind = 'press' OR requester_kind = 'partner'
                                            OR requester_kind = 'artist' OR requester_kind = 'staff'),
    requester       TEXT    NOT NULL CHECK (length(trim(requester)) > 0),
    patron_id       INTEGER REFERENCES patron (id),
    places          INTEGER NOT NULL CHECK (places > 0),
    note            TEXT    NOT NULL DEFAULT '',
    asked_by        INTEGER NOT NULL REFERENCES operator (id),
    asked_at        INTEGER NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'asked'
                            CHECK (status = 'asked' OR status = 'issued' OR status = 'refused'),
    decided_by      INTEGER REFERENCES operator (id),
    decided_at      INTEGER,
    order_id        INTEGER REFERENCES sale_order (id)
);
CREATE INDEX invitation_performance ON invitation (performance_id, requester_kind, status);
CREATE INDEX invitation_requester ON invitation (requester COLLATE NOCASE);
CREATE INDEX ledger_invitation ON ledger (terminal_id, chain, seq) WHERE kind = 'invitation';

------------------------------------------------------------------------------
-- Gift vouchers and credit notes
------------------------------------------------------------------------------

-- A voucher sold at the counter (gift) or issued by a refund (credit),
-- spent in part or whole as a payment. Only its code's SHA-256 is kept;
-- each issue and spend is named in its order's signed record.
CREATE TABLE voucher (
    id           INTEGER PRIMARY KEY,
    public_id    TEXT    NOT NULL UNIQUE,
    code_sha256  TEXT    NOT NULL UNIQUE,
    hint         TEXT    NOT NULL,          -- the code's last four characters
    kind         TEXT    NOT NULL CHECK (kind = 'gift' OR kind = 'credit'),
    amount       INTEGER NOT NULL CHECK (amount > 0),
    expires_on   TEXT,                      -- last day it is taken (venue's day); NULL: never
    order_id     INTEGER NOT NULL REFERENCES sale_order (id),  -- sold by, or refunded from: its patron's
    training     INTEGER NOT NULL DEFAULT 0 CHECK (training IN (0, 1)),
    issued_at    INTEGER NOT NULL
);
CREATE INDEX voucher_order ON voucher (order_id);

-- What a voucher paid: one row per payment of an order with it.
CREATE TABLE voucher_use (
    id          INTEGER PRIMARY KEY,
    voucher_id  INTEGER NOT NULL REFERENCES voucher (id),
    order_id    INTEGER NOT NULL REFERENCES sale_order (id),
    amount      INTEGER NOT NULL CHECK (amount > 0),
    at          INTEGER NOT NULL
);
CREATE INDEX voucher_use_voucher ON voucher_use (voucher_id);

CREATE TRIGGER voucher_no_update BEFORE UPDATE ON voucher
BEGIN
    SELECT RAISE(ABORT, 'vouchers answer to the ledger: they cannot be changed');
END;

CREATE TRIGGER voucher_no_delete BEFORE DELETE ON voucher
BEGIN
    SELECT RAISE(ABORT, 'vouchers answer to the ledger: they cannot be removed');
END;

CREATE TRIGGER voucher_use_no_update BEFORE UPDATE ON voucher_use
BEGIN
    SELECT RAISE(ABORT, 'what a voucher paid answers to the ledger: it cannot be changed');
END;

CREATE TRIGGER voucher_use_no_delete BEFORE DELETE ON voucher_use
BEGIN
    SELECT RAISE(ABORT, 'what a voucher paid answers to the ledger: it cannot be removed');
END;

-- A show's picture (its poster), printed on its tickets and shown in the
-- e-mails that carry them; checked before it was written.
CREATE TABLE show_picture (
    show_id  INTEGER PRIMARY KEY REFERENCES show (id) ON DELETE CASCADE,
    png      BLOB    NOT NULL,
    small    BLOB    NOT NULL,                -- at most 600 px a side: what prints and is sent
    width    INTEGER NOT NULL CHECK (width > 0),
    height   INTEGER NOT NULL CHECK (height > 0),
    sha256   TEXT    NOT NULL,
    set_at   INTEGER NOT NULL
);

-- Price rules that follow demand (yield): off until the venue turns them on.
CREATE TABLE price_rule (
    id              INTEGER PRIMARY KEY,
    public_id       TEXT    NOT NULL UNIQUE,
    performance_id  INTEGER REFERENCES performance (id) ON DELETE CASCADE,
    show_id         INTEGER REFERENCES show (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL CHECK (kind = 'fill' OR kind = 'before' OR kind = 'last_hours'),
    threshold       INTEGER NOT NULL,         -- fill: percent sold; before: an instant; last_hours: hours
    category_code   TEXT    NOT NULL DEFAULT '',  -- '' : every category
    step            INTEGER NOT NULL CHECK (step <> 0 AND step BETWEEN -10000000 AND 10000000),
    floor           INTEGER CHECK (floor IS NULL OR floor BETWEEN 0 AND 10000000),
    ceiling         INTEGER CHECK (ceiling IS NULL OR ceiling BETWEEN 0 AND 10000000),
    created_at      INTEGER NOT NULL,
    CHECK ((performance_id IS NULL) <> (show_id IS NULL)),
    CHECK (floor IS NULL OR ceiling IS NULL OR floor <= ceiling)
);
CREATE INDEX price_rule_performance ON price_rule (performance_id) WHERE performance_id IS NOT NULL;
CREATE INDEX price_rule_show ON price_rule (show_id) WHERE show_id IS NOT NULL;

-- The price a rule last made a sale pay, per performance, category and
-- tariff: a sale at another price journals the change (a signed
-- `programmed` record) once.
CREATE TABLE price_applied (
    performance_id  INTEGER NOT NULL REFERENCES performance (id) ON DELETE CASCADE,
    category_id     INTEGER NOT NULL,
    tariff_id       INTEGER NOT NULL,
    amount          INTEGER NOT NULL,
    at              INTEGER NOT NULL,
    PRIMARY KEY (performance_id, category_id, tariff_id)
) WITHOUT ROWID;

-- Subscriptions and passes: formulas sold as one order, its price shared
-- among its performances' lines by their single-ticket prices.
CREATE TABLE formula (
    id           INTEGER PRIMARY KEY,
    public_id    TEXT    NOT NULL UNIQUE,
    name         TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    kind         TEXT    NOT NULL CHECK (kind = 'choice' OR kind = 'fixed' OR kind = 'season'
                                         OR kind = 'pass'),
    min_count    INTEGER NOT NULL DEFAULT 0 CHECK (min_count >= 0),
    max_count    INTEGER NOT NULL DEFAULT 0 CHECK (max_count >= 0),
    per_genre    TEXT    NOT NULL DEFAULT '{}',   -- JSON: genre → at least so many
    tariff_id    INTEGER NOT NULL REFERENCES tariff (id),  -- the tariff its tickets carry
    created_at   INTEGER NOT NULL,
    -- A pass: the venue's days its performances start within (ISO dates).
    valid_from   TEXT,
    valid_until  TEXT,
    CHECK ((kind = 'pass') = (valid_from IS NOT NULL AND valid_until IS NOT NULL)),
    CHECK (valid_from IS NULL OR valid_from <= valid_until)
);

-- The shows a choice or a season is made of, or the performances of a
-- fixed set.
CREATE TABLE formula_item (
    formula_id      INTEGER NOT NULL REFERENCES formula (id) ON DELETE CASCADE,
    show_id         INTEGER REFERENCES show (id),
    performance_id  INTEGER REFERENCES performance (id),
    CHECK ((show_id IS NULL) <> (performance_id IS NULL))
);
CREATE INDEX formula_item_formula ON formula_item (formula_id);

-- A formula's price for a tariff ('' : any category).
CREATE TABLE formula_price (
    formula_id     INTEGER NOT NULL REFERENCES formula (id) ON DELETE CASCADE,
    tariff_id      INTEGER NOT NULL REFERENCES tariff (id),
    category_code  TEXT    NOT NULL DEFAULT '',
    amount         INTEGER NOT NULL CHECK (amount BETWEEN 0 AND 100000000),
    PRIMARY KEY (formula_id, tariff_id, category_code)
) WITHOUT ROWID;

CREATE TABLE subscription (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT    NOT NULL UNIQUE,
    formula_id  INTEGER NOT NULL REFERENCES formula (id),
    order_id    INTEGER NOT NULL REFERENCES sale_order (id),
    patron_id   INTEGER REFERENCES patron (id),
    price       INTEGER NOT NULL,
    training    INTEGER NOT NULL DEFAULT 0 CHECK (training IN (0, 1)),
    created_at  INTEGER NOT NULL
);
CREATE INDEX subscription_sale ON subscription (order_id);
CREATE INDEX subscription_patron ON subscription (patron_id) WHERE patron_id IS NOT NULL;

-- The orders holding a subscription's tickets: the one that sold it, and
-- each exchange's within the formula (its record names the subscription).
CREATE TABLE subscription_order (
    subscription_id  INTEGER NOT NULL REFERENCES subscription (id),
    order_id         INTEGER NOT NULL REFERENCES sale_order (id),
    PRIMARY KEY (subscription_id, order_id)
) WITHOUT ROWID;
CREATE INDEX subscription_order_order ON subscription_order (order_id);
