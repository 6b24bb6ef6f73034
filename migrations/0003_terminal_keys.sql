-- Version 3: a terminal's signing key can be changed (rotated).
--
-- Every key a terminal has signed with gets a row in terminal_key, the first
-- one (terminal.public_key, announced by the chains' genesis records)
-- numbered 1. Tickets and ledger records name their key by its id, so
-- those signed before a rotation keep verifying after it.

CREATE TABLE terminal_key (
    key_id       TEXT    PRIMARY KEY,         -- short fingerprint of public_key
    terminal_id  INTEGER NOT NULL REFERENCES terminal (id),
    number       INTEGER NOT NULL CHECK (number > 0), -- 1, 2, ... per terminal
    public_key   BLOB    NOT NULL UNIQUE CHECK (length(public_key) = 32), -- Ed25519
    created_at   INTEGER NOT NULL,
    UNIQUE (terminal_id, number)
) WITHOUT ROWID;

INSERT INTO terminal_key (key_id, terminal_id, number, public_key, created_at)
SELECT key_id, id, 1, public_key, created_at FROM terminal;

CREATE TRIGGER terminal_key_no_update BEFORE UPDATE ON terminal_key
BEGIN
    SELECT RAISE(ABORT, 'terminal keys vouch for the ledger and tickets: they cannot be changed');
END;

CREATE TRIGGER terminal_key_no_delete BEFORE DELETE ON terminal_key
BEGIN
    SELECT RAISE(ABORT, 'terminal keys vouch for the ledger and tickets: they cannot be removed');
END;
