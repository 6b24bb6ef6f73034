-- Version 24: passes. A pass is a formula whose performances are those of
-- its shows (any show when it lists none) starting within a period of the
-- venue's days, `valid_from` to `valid_until` inclusive (ISO dates). Sold,
-- it takes a place at each of them like a subscription, its price shared
-- the same way; at the door one card admits its holder, each entry within
-- the period, as the pass's own ticket for that performance.
CREATE TABLE formula_new (
    id           INTEGER PRIMARY KEY,
    public_id    TEXT    NOT NULL UNIQUE,
    name         TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    kind         TEXT    NOT NULL CHECK (kind = 'choice' OR kind = 'fixed' OR kind = 'season'
                                         OR kind = 'pass'),
    min_count    INTEGER NOT NULL DEFAULT 0 CHECK (min_count >= 0),
    max_count    INTEGER NOT NULL DEFAULT 0 CHECK (max_count >= 0),
    per_genre    TEXT    NOT NULL DEFAULT '{}',   -- JSON: genre → at least so many
    tariff_id    INTEGER NOT NULL REFERENCES tariff (id),  -- the tariff its tickets carry
    created_at   INTEGER NOT NULL,
    valid_from   TEXT,
    valid_until  TEXT,
    CHECK ((kind = 'pass') = (valid_from IS NOT NULL AND valid_until IS NOT NULL)),
    CHECK (valid_from IS NULL OR valid_from <= valid_until)
);
INSERT INTO formula_new (id, public_id, name, kind, min_count, max_count, per_genre, tariff_id,
                         created_at)
    SELECT id, public_id, name, kind, min_count, max_count, per_genre, tariff_id, created_at
    FROM formula;
DROP TABLE formula;
ALTER TABLE formula_new RENAME TO formula;
