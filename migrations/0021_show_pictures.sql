-- Version 21: a show's picture (its poster, its visual), printed on its
-- tickets and shown in the e-mails that carry them, kept whole in the
-- database like the venue's logo (it travels with the file, its backups
-- and the season file). The PNG was checked before it was written.
CREATE TABLE show_picture (
    show_id  INTEGER PRIMARY KEY REFERENCES show (id) ON DELETE CASCADE,
    png      BLOB    NOT NULL,
    small    BLOB    NOT NULL,                -- at most 600 px a side: what prints and is sent
    width    INTEGER NOT NULL CHECK (width > 0),
    height   INTEGER NOT NULL CHECK (height > 0),
    sha256   TEXT    NOT NULL,
    set_at   INTEGER NOT NULL
);
