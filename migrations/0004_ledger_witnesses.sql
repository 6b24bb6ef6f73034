-- Version 4: the door and `verify` find a ticket's or a key's signed events
-- without reading the whole chain.
--
-- A partial index of the few records that change what a ticket or a key is
-- worth (cancellations, key changes, terminal enrolments): a sale, the
-- common record, does not pay for it. Queries repeat its WHERE term so
-- SQLite uses it.
CREATE INDEX ledger_events ON ledger (terminal_id, kind)
    WHERE kind = 'cancellation' OR kind = 'key_rotated' OR kind = 'terminal_enrolled';
