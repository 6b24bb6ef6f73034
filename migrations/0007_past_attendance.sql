-- Version 7: the attendance a venue brings from its previous ticketing
-- system. Those tickets were sold and paid before Guichet: they are not
-- this till's sales (no order, no payment, no ledger record of a sale),
-- but a patron's history, their loyalty and the audience analyses count
-- them. Each row is one ticket; `key` makes importing a file twice change
-- nothing.
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
