-- Version 17: timed entry lent slot by slot. On a terminal joined to a
-- central database each entry slot's places are lent apart (the central
-- pool knows a slot as its performance's public id and its start): two
-- counters can no longer fill one slot past its capacity between them.
CREATE TABLE lent_slot (
    slot_id  INTEGER PRIMARY KEY REFERENCES entry_slot (id),
    places   INTEGER NOT NULL CHECK (places >= 0)
);
