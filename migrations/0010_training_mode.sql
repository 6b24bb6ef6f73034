-- Version 10: training mode. It is switched on and off by signed
-- `training_mode` records of a terminal's fiscal chain; the last one says
-- whether the terminal is in training. This index finds it without reading
-- the chain (every sale asks).
CREATE INDEX ledger_training ON ledger (terminal_id, chain, seq) WHERE kind = 'training_mode';

-- A training ticket takes no place: a seat is sold at most once per
-- performance among live tickets that are not training ones.
DROP INDEX ticket_seat_live;
CREATE UNIQUE INDEX ticket_seat_live ON ticket (performance_id, seat_id)
    WHERE status = 'valid' AND seat_id IS NOT NULL AND training = 0;
