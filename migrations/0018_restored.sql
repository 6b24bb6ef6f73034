-- Version 18: a restore from a backup is a signed `restored` record; the
-- door finds it when a ticket it does not know turns up (sold after the
-- backup, lost with the restore), and `verify` lists what was lost.
CREATE INDEX ledger_restored ON ledger (terminal_id, chain, seq) WHERE kind = 'restored';
