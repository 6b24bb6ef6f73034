-- Version 23: subscriptions (abonnements). A formula is a product: a choice
-- of so many performances among some shows (at least so many of some
-- genres), a fixed set of performances, or one performance of each show of
-- a season; its price per tariff (and category, when it differs). A
-- subscription sold is one order whose lines carry each performance's share
-- of the price (shared by the single-ticket prices, to the cent), so
-- statements, show tax and SIBIL count each performance's real revenue;
-- the sale's signed record names the subscription, its formula and price.
CREATE TABLE formula (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    kind        TEXT    NOT NULL CHECK (kind = 'choice' OR kind = 'fixed' OR kind = 'season'),
    min_count   INTEGER NOT NULL DEFAULT 0 CHECK (min_count >= 0),
    max_count   INTEGER NOT NULL DEFAULT 0 CHECK (max_count >= 0),
    per_genre   TEXT    NOT NULL DEFAULT '{}',   -- JSON: genre → at least so many
    tariff_id   INTEGER NOT NULL REFERENCES tariff (id),  -- the tariff its tickets carry
    created_at  INTEGER NOT NULL
);

-- The shows a choice or a season is made of, or the performances of a
-- fixed set.
CREATE TABLE formula_item (
    formula_id      INTEGER NOT NULL REFERENCES formula (id) ON DELETE CASCADE,
    show_id         INTEGER REFERENCES show (id),
    performance_id  INTEGER REFERENCES performance (id),
    CHECK ((show_id IS NULL) <> (performance_id IS NULL))
);
CREATE INDEX formula_item_formula ON formula_item (formula_id);

-- A formula's price for a tariff ('' : any category).
CREATE TABLE formula_price (
    formula_id     INTEGER NOT NULL REFERENCES formula (id) ON DELETE CASCADE,
    tariff_id      INTEGER NOT NULL REFERENCES tariff (id),
    category_code  TEXT    NOT NULL DEFAULT '',
    amount         INTEGER NOT NULL CHECK (amount BETWEEN 0 AND 100000000),
    PRIMARY KEY (formula_id, tariff_id, category_code)
) WITHOUT ROWID;

CREATE TABLE subscription (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT    NOT NULL UNIQUE,
    formula_id  INTEGER NOT NULL REFERENCES formula (id),
    order_id    INTEGER NOT NULL REFERENCES sale_order (id),
    patron_id   INTEGER REFERENCES patron (id),
    price       INTEGER NOT NULL,
    training    INTEGER NOT NULL DEFAULT 0 CHECK (training IN (0, 1)),
    created_at  INTEGER NOT NULL
);
CREATE INDEX subscription_sale ON subscription (order_id);
CREATE INDEX subscription_patron ON subscription (patron_id) WHERE patron_id IS NOT NULL;

-- The orders holding a subscription's tickets: the one that sold it, and
-- each exchange's within the formula (its record names the subscription).
CREATE TABLE subscription_order (
    subscription_id  INTEGER NOT NULL REFERENCES subscription (id),
    order_id         INTEGER NOT NULL REFERENCES sale_order (id),
    PRIMARY KEY (subscription_id, order_id)
) WITHOUT ROWID;
CREATE INDEX subscription_order_order ON subscription_order (order_id);
