-- Version 9: the cash drawer. Each step of a session (opened with a float,
-- cash in, cash out, counted at a handover or at the end) is a signed
-- `drawer` record of the terminal's chain; this table finds them by session,
-- and `verify` holds each row against its record. Sessions are numbered
-- without gaps per terminal and chain; the rows are never changed.
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

-- The drawer's records of a chain, found without reading it.
CREATE INDEX ledger_drawer ON ledger (terminal_id, chain, seq) WHERE kind = 'drawer';
