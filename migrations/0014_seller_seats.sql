-- Version 14: a seller's seats by its own ids. pretix's order export gives a
-- seat by the id its seating plan gave it (seat_guid); the plans loaded for
-- a seller say which seat that is by its zone (a section here), row and
-- number.
CREATE TABLE seller_seat (
    source  TEXT NOT NULL,                  -- the seller and its file: pretix:org/event
    guid    TEXT NOT NULL,                  -- the seat's id in the seller's plan
    zone    TEXT NOT NULL,                  -- as the plan names them: "Orchestre"
    row     TEXT NOT NULL,                  -- "F"
    number  TEXT NOT NULL,                  -- "8"
    PRIMARY KEY (source, guid)
) WITHOUT ROWID;
