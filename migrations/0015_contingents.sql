-- Version 15: what this terminal holds of the venue's central pool. A
-- terminal joined to a central database sells only the seats lent to it
-- and, in general admission, up to the places lent to it (those it sold
-- included). Each change is a signed `contingent` record; `verify` holds
-- these rows against them.
CREATE TABLE lent_seat (
    performance_id  INTEGER NOT NULL REFERENCES performance (id),
    seat_id         INTEGER NOT NULL REFERENCES seat (id),
    PRIMARY KEY (performance_id, seat_id)
) WITHOUT ROWID;

CREATE TABLE lent_places (
    performance_id  INTEGER PRIMARY KEY REFERENCES performance (id),
    places          INTEGER NOT NULL CHECK (places >= 0)
);

CREATE INDEX ledger_contingent ON ledger (terminal_id, chain, seq) WHERE kind = 'contingent';
