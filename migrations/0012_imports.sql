-- Version 12: orders from the web shop, resellers and partners.
--
-- Payments gain `online`: what a platform took for an imported order (it
-- never reaches the till's cash).
CREATE TABLE payment_new (
    id        INTEGER PRIMARY KEY,
    order_id  INTEGER NOT NULL REFERENCES sale_order (id),
    method    TEXT    NOT NULL CHECK (method = 'cash' OR method = 'card' OR method = 'cheque'
                                      OR method = 'voucher' OR method = 'complimentary'
                                      OR method = 'online'),
    amount    INTEGER NOT NULL,
    tendered  INTEGER,
    at        INTEGER NOT NULL
);
INSERT INTO payment_new (id, order_id, method, amount, tendered, at)
    SELECT id, order_id, method, amount, tendered, at FROM payment;
DROP INDEX payment_order;
DROP TABLE payment;
ALTER TABLE payment_new RENAME TO payment;
CREATE INDEX payment_order ON payment (order_id);

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
