-- Version 19: invitations. A performance sets aside places for each kind of
-- requester (press, partner, artist, staff); each request is recorded with
-- who asked, for whom and how many, then issued (free tickets with the
-- invitation tariff, an order of its own) or refused. Each step is a
-- signed `invitation` record; quotas are journaled changes of the season.
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
-- verify holds each request against its last signed record.
CREATE INDEX ledger_invitation ON ledger (terminal_id, chain, seq) WHERE kind = 'invitation';
