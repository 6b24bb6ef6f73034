-- Version 6: the patron file.
--
-- Patrons get their needs at the counter, their organisation and a wider
-- source; organisations, the categories a coordinator edits, the contact
-- log and the search tokens are new; every order names its channel. SQLite
-- cannot change a column constraint: the patron table is rebuilt (foreign
-- keys are off while a migration runs, and checked before it commits).

CREATE TABLE organisation (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    kind        TEXT    NOT NULL DEFAULT 'other' CHECK (kind = 'school' OR kind = 'works_council'
                            OR kind = 'association' OR kind = 'company' OR kind = 'other'),
    email       TEXT    NOT NULL DEFAULT '',
    phone       TEXT    NOT NULL DEFAULT '',
    address     TEXT    NOT NULL DEFAULT '',
    postcode    TEXT    NOT NULL DEFAULT '',
    city        TEXT    NOT NULL DEFAULT '',
    notes       TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE patron_rebuilt (
    id             INTEGER PRIMARY KEY,
    public_id      TEXT    NOT NULL UNIQUE,
    first_name     TEXT    NOT NULL DEFAULT '',
    last_name      TEXT    NOT NULL DEFAULT '',
    email          TEXT    NOT NULL DEFAULT '',
    phone          TEXT    NOT NULL DEFAULT '',
    address        TEXT    NOT NULL DEFAULT '',
    postcode       TEXT    NOT NULL DEFAULT '',
    city           TEXT    NOT NULL DEFAULT '',
    country        TEXT    NOT NULL DEFAULT '',
    birth_year     INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100),
    language       TEXT    NOT NULL DEFAULT 'fr',
    categories     TEXT    NOT NULL DEFAULT '',
    notes          TEXT    NOT NULL DEFAULT '',
    needs          TEXT    NOT NULL DEFAULT '',
    organisation_id INTEGER REFERENCES organisation (id),
    source         TEXT    NOT NULL DEFAULT 'counter' CHECK (source = 'counter' OR source = 'online'
                                                         OR source = 'import' OR source = 'reseller'),
    last_contact_at INTEGER,
    anonymised_at  INTEGER,
    merged_into    INTEGER REFERENCES patron (id),  -- a duplicate merged into this one
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);

INSERT INTO patron_rebuilt (id, public_id, first_name, last_name, email, phone, address,
                            postcode, city, country, birth_year, language, categories, notes,
                            source, last_contact_at, anonymised_at, created_at, updated_at)
SELECT id, public_id, first_name, last_name, email, phone, address, postcode, city, country,
       CASE WHEN birth_year BETWEEN 1900 AND 2100 THEN birth_year END, language, categories,
       notes, source, last_contact_at, anonymised_at, created_at, updated_at
FROM patron;

DROP TABLE patron;
ALTER TABLE patron_rebuilt RENAME TO patron;

CREATE INDEX patron_last_name ON patron (lower(last_name));
CREATE INDEX patron_email ON patron (lower(email)) WHERE email <> '';
CREATE INDEX patron_phone ON patron (phone) WHERE phone <> '';
CREATE INDEX patron_organisation ON patron (organisation_id) WHERE organisation_id IS NOT NULL;

CREATE TABLE patron_token (
    token      TEXT    NOT NULL,
    patron_id  INTEGER NOT NULL REFERENCES patron (id),
    PRIMARY KEY (token, patron_id)
) WITHOUT ROWID;
CREATE INDEX patron_token_patron ON patron_token (patron_id, token);

CREATE TABLE audience_category (
    code      TEXT    PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 24),
    name      TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    position  INTEGER NOT NULL
);
INSERT INTO audience_category (code, name, position) VALUES
    ('student', 'Étudiant', 0), ('senior', 'Senior', 1), ('member', 'Adhérent', 2),
    ('professional', 'Professionnel', 3), ('press', 'Presse', 4), ('school', 'Scolaire', 5);

CREATE TABLE contact_log (
    id           INTEGER PRIMARY KEY,
    patron_id    INTEGER NOT NULL REFERENCES patron (id),
    kind         TEXT    NOT NULL CHECK (kind = 'call' OR kind = 'email' OR kind = 'letter'
                                         OR kind = 'visit' OR kind = 'note'),
    note         TEXT    NOT NULL,
    operator_id  INTEGER REFERENCES operator (id),
    at           INTEGER NOT NULL
);
CREATE INDEX contact_log_patron ON contact_log (patron_id, at);

-- Segments a coordinator saved: a name and its filter (JSON), counted and
-- exported again as the file grows.
CREATE TABLE segment (
    name        TEXT    PRIMARY KEY CHECK (length(trim(name)) > 0),
    filter      TEXT    NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- Duplicates merged: both patrons as they were, and the rows moved from the
-- duplicate to the patron kept, so a merge can be undone.
CREATE TABLE patron_merge (
    id           INTEGER PRIMARY KEY,
    kept_id      INTEGER NOT NULL REFERENCES patron (id),
    merged_id    INTEGER NOT NULL REFERENCES patron (id),
    kept_before  TEXT    NOT NULL,   -- JSON: the kept patron's details before
    moved        TEXT    NOT NULL,   -- JSON: ids of the orders, consents, contacts moved
    operator_id  INTEGER REFERENCES operator (id),
    at           INTEGER NOT NULL,
    undone_at    INTEGER
);

-- An order's tickets, found without reading them all (customer service,
-- the patron card, segments).
CREATE INDEX ticket_order_line ON ticket (order_line_id);

ALTER TABLE sale_order ADD COLUMN channel TEXT NOT NULL DEFAULT 'counter'
    CHECK (channel = 'counter' OR channel = 'web' OR channel = 'reseller' OR channel = 'partner'
           OR channel = 'phone' OR channel = 'invitation');
