-- Version 20: gift vouchers and credit notes (bons cadeaux, avoirs). A
-- voucher is sold at the counter (a gift: money in, owed to whoever holds
-- the code) or issued by a refund (a credit); it is spent in part or whole
-- as a payment. Only the SHA-256 of its code is kept: the code is printed
-- once, for its holder. What it was issued for and each spend are named in
-- the signed sale or cancellation record of their order; `verify` holds
-- these rows to them. Neither table is ever changed: a balance is the
-- amount less what was spent.
CREATE TABLE voucher (
    id           INTEGER PRIMARY KEY,
    public_id    TEXT    NOT NULL UNIQUE,
    code_sha256  TEXT    NOT NULL UNIQUE,
    hint         TEXT    NOT NULL,          -- the code's last four characters
    kind         TEXT    NOT NULL CHECK (kind = 'gift' OR kind = 'credit'),
    amount       INTEGER NOT NULL CHECK (amount > 0),
    expires_on   TEXT,                      -- last day it is taken (venue's day); NULL: never
    order_id     INTEGER NOT NULL REFERENCES sale_order (id),  -- sold by, or refunded from: its patron's
    training     INTEGER NOT NULL DEFAULT 0 CHECK (training IN (0, 1)),
    issued_at    INTEGER NOT NULL
);
CREATE INDEX voucher_order ON voucher (order_id);

-- What a voucher paid: one row per payment of an order with it.
CREATE TABLE voucher_use (
    id          INTEGER PRIMARY KEY,
    voucher_id  INTEGER NOT NULL REFERENCES voucher (id),
    order_id    INTEGER NOT NULL REFERENCES sale_order (id),
    amount      INTEGER NOT NULL CHECK (amount > 0),
    at          INTEGER NOT NULL
);
CREATE INDEX voucher_use_voucher ON voucher_use (voucher_id);

CREATE TRIGGER voucher_no_update BEFORE UPDATE ON voucher
BEGIN
    SELECT RAISE(ABORT, 'vouchers answer to the ledger: they cannot be changed');
END;

CREATE TRIGGER voucher_no_delete BEFORE DELETE ON voucher
BEGIN
    SELECT RAISE(ABORT, 'vouchers answer to the ledger: they cannot be removed');
END;

CREATE TRIGGER voucher_use_no_update BEFORE UPDATE ON voucher_use
BEGIN
    SELECT RAISE(ABORT, 'what a voucher paid answers to the ledger: it cannot be changed');
END;

CREATE TRIGGER voucher_use_no_delete BEFORE DELETE ON voucher_use
BEGIN
    SELECT RAISE(ABORT, 'what a voucher paid answers to the ledger: it cannot be removed');
END;
