-- Version 16: what a door joined to a central database admits from. Before
-- the evening it pulls the tickets the other terminals sold for the
-- performances it admits to, and the keys that sign their codes; it then
-- admits them offline as it admits this terminal's own. Each pull is a
-- signed `door_list` record holding the list's digest; `verify` holds these
-- rows against it.
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

-- A scan of a ticket sold elsewhere names it by its public id; a re-entry
-- the door allowed says so (no duplicate entry centrally).
ALTER TABLE scan ADD COLUMN door_ticket TEXT;
ALTER TABLE scan ADD COLUMN reentry INTEGER NOT NULL DEFAULT 0 CHECK (reentry IN (0, 1));
-- An undo names the admission (its public id) it takes back.
ALTER TABLE scan ADD COLUMN undoes TEXT;
CREATE INDEX scan_door_ticket ON scan (door_ticket, at) WHERE door_ticket IS NOT NULL;

CREATE INDEX ledger_door_list ON ledger (terminal_id, chain, seq) WHERE kind = 'door_list';
