-- Version 22: price rules that follow demand (yield). A coordinator sets
-- them on a performance or on a show (all its performances, the series):
-- once so much of the hall is sold, before a date (early bird), in the last
-- hours before the start, a category's prices move by a step, never past
-- the rule's floor or ceiling. Off until the venue turns them on (setting
-- `pricing.rules`). A price already in a basket is kept.
CREATE TABLE price_rule (
    id              INTEGER PRIMARY KEY,
    public_id       TEXT    NOT NULL UNIQUE,
    performance_id  INTEGER REFERENCES performance (id) ON DELETE CASCADE,
    show_id         INTEGER REFERENCES show (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL CHECK (kind = 'fill' OR kind = 'before' OR kind = 'last_hours'),
    threshold       INTEGER NOT NULL,         -- fill: percent sold; before: an instant; last_hours: hours
    category_code   TEXT    NOT NULL DEFAULT '',  -- '' : every category
    step            INTEGER NOT NULL CHECK (step <> 0 AND step BETWEEN -10000000 AND 10000000),
    floor           INTEGER CHECK (floor IS NULL OR floor BETWEEN 0 AND 10000000),
    ceiling         INTEGER CHECK (ceiling IS NULL OR ceiling BETWEEN 0 AND 10000000),
    created_at      INTEGER NOT NULL,
    CHECK ((performance_id IS NULL) <> (show_id IS NULL)),
    CHECK (floor IS NULL OR ceiling IS NULL OR floor <= ceiling)
);
CREATE INDEX price_rule_performance ON price_rule (performance_id) WHERE performance_id IS NOT NULL;
CREATE INDEX price_rule_show ON price_rule (show_id) WHERE show_id IS NOT NULL;

-- The price a rule last made a sale pay, per performance, category and
-- tariff: a sale at another price journals the change (a signed
-- `programmed` record) once.
CREATE TABLE price_applied (
    performance_id  INTEGER NOT NULL REFERENCES performance (id) ON DELETE CASCADE,
    category_id     INTEGER NOT NULL,
    tariff_id       INTEGER NOT NULL,
    amount          INTEGER NOT NULL,
    at              INTEGER NOT NULL,
    PRIMARY KEY (performance_id, category_id, tariff_id)
) WITHOUT ROWID;
