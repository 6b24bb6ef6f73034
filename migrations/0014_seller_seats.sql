-- Version 14: a seller's seats by its own ids. pretix's order export gives a
-- seat by the id its seating plan gave it (seat_guid); the plan, loaded once
-- per seller, says which seat that is by its name here (zone, row, number).
CREATE TABLE seller_seat (
    source  TEXT NOT NULL,                  -- the seller and its file: pretix:org/event
    guid    TEXT NOT NULL,                  -- the seat's id in the seller's plan
    name    TEXT NOT NULL,                  -- "Orchestre F 8": zone, row, number
    PRIMARY KEY (source, guid)
) WITHOUT ROWID;
