-- Version 5: every change to the season (halls, shows, performances,
-- prices, holds, tariffs) is a signed `programmed` record; Caisse lists the
-- newest without reading the whole ledger.
CREATE INDEX ledger_programmed ON ledger (recorded) WHERE kind = 'programmed';
