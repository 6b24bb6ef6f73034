-- Version 11: the outbox, as the e-mail sender uses it. Nothing wrote to
-- the first table, so it is made anew.
--
-- A message is queued in the transaction of what caused it, once: `key`
-- says what it is for whom (`e_ticket:<order>:<address>`), and queuing the
-- same key again changes nothing. Its life:
--   waiting    queued, or failed for a reason that may pass (retried at
--              next_attempt_at, with a growing delay);
--   sending    a sender has taken it (its `claim`) and is talking to the
--              server: nothing has been handed over yet (a sender that died
--              here leaves it to be taken again after claimed_at + 10
--              minutes);
--   handing    the server said "go ahead" to the message itself: from here
--              a cut may or may not have delivered it (a sender silent for
--              30 minutes here leaves it uncertain);
--   sent       the server took it (sent_at, server_reply);
--   given_up   refused for good (an address the server does not know, a
--              message that cannot be made): a person retries it or leaves it;
--   uncertain  cut while it was being handed over: never sent again by
--              itself (that could send it twice), a person decides.
DROP INDEX outbox_pending;
DROP TABLE outbox;
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    public_id       TEXT    NOT NULL UNIQUE,
    key             TEXT    NOT NULL UNIQUE,
    kind            TEXT    NOT NULL CHECK (kind IN ('e_ticket', 'receipt', 'confirmation', 'notice',
                                             'cancellation', 'test')),
    destination     TEXT    NOT NULL CHECK (length(destination) BETWEEN 3 AND 254),
    language        TEXT    NOT NULL,
    order_id        INTEGER REFERENCES sale_order (id),
    payload         TEXT    NOT NULL,
    state           TEXT    NOT NULL DEFAULT 'waiting'
                    CHECK (state IN ('waiting', 'sending', 'handing', 'sent', 'given_up', 'uncertain')),
    created_at      INTEGER NOT NULL,
    created_by      INTEGER REFERENCES operator (id),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at INTEGER NOT NULL,
    claimed_at      INTEGER,
    claim           TEXT,                   -- the sender that has it: every step checks it
    last_error      TEXT,
    sent_at         INTEGER,
    server_reply    TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'waiting';
CREATE INDEX outbox_state ON outbox (state, created_at);
CREATE INDEX outbox_order ON outbox (order_id) WHERE order_id IS NOT NULL;
