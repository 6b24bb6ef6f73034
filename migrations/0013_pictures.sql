-- Version 13: the venue's pictures. Its logo, printed on tickets and shown
-- at the top of every e-mail, kept whole in the database (it travels with
-- the file and its backups). The PNG was checked before it was written.
CREATE TABLE picture (
    subject  TEXT    PRIMARY KEY CHECK (subject = 'venue_logo'),
    png      BLOB    NOT NULL,
    small    BLOB    NOT NULL,                -- at most 600 px a side: what prints and is sent
    width    INTEGER NOT NULL CHECK (width > 0),
    height   INTEGER NOT NULL CHECK (height > 0),
    sha256   TEXT    NOT NULL,
    set_at   INTEGER NOT NULL
);
