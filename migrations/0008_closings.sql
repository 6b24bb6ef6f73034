-- Version 8: closings of the till. Each is a signed `closing` record of
-- the terminal's chain (a day, a month, a year: its totals, the perpetual
-- grand total, the last record it sums); this table finds them by period
-- and number, and `verify` holds each row against its record. Numbers are
-- gap-free per terminal, chain and period; a period is closed once.
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

-- The closings of a chain, found without reading it.
CREATE INDEX ledger_closings ON ledger (terminal_id, chain, seq) WHERE kind = 'closing';
