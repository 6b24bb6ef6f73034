//! The words of Réglages' « Sauvegardes » card, and why a backup or a
//! restore could not be done.

use crate::backup::BackupError;
use crate::domain::Locale;

words! {
    /// Réglages → « Sauvegardes ».
    pub enum B {
        Card { fr: "Sauvegardes", en: "Backups" }
        Beside { fr: "Dans le dossier : {0}", en: "In the folder: {0}" }
        Second { fr: "Second emplacement (clé USB, partage réseau)", en: "Second place (USB stick, network share)" }
        SecondHint { fr: "chemin complet, ex. /media/usb/sauvegardes (vide : aucun)", en: "full path, e.g. /media/usb/backups (empty: none)" }
        Save { fr: "Enregistrer", en: "Save" }
        SecondSaved { fr: "Les sauvegardes iront aussi dans {0}.", en: "Backups will also go to {0}." }
        SecondOff { fr: "Les sauvegardes ne vont plus que dans le dossier de la base.", en: "Backups now go only to the database's folder." }
        Kept { fr: "Gardées : une par jour sur {0} jours, une par mois sur {1} mois, et une par année.", en: "Kept: one a day for {0} days, one a month for {1} months, and one a year." }
        Last { fr: "Dernière sauvegarde : {0} ({1} Mo, {2} billets).", en: "Last backup: {0} ({1} MB, {2} tickets)." }
        None { fr: "Aucune sauvegarde encore.", en: "No backup yet." }
        Automatic {
            fr: "Une sauvegarde est faite après chaque clôture du jour (Z) et à la fermeture de la fenêtre.",
            en: "A backup is made after each day's closing (Z) and when the window closes.",
        }
        KeepTitle { fr: "Ce qui est gardé (une sauvegarde de chaque année l’est toujours)", en: "What is kept (one backup of every year always is)" }
        KeepDays { fr: "derniers jours,", en: "last days," }
        KeepMonths { fr: "derniers mois", en: "last months" }
        Now { fr: "Sauvegarder maintenant", en: "Back up now" }
        Running { fr: "Sauvegarde en cours…", en: "Backing up…" }
        Done { fr: "Sauvegarde faite et vérifiée : {0}", en: "Backup made and checked: {0}" }
        Failing { fr: "La dernière sauvegarde a échoué : {0}", en: "The last backup failed: {0}" }
        Stopped { fr: "le travail en arrière-plan s’est arrêté", en: "the work in the background stopped" }
        KeyOut {
            fr: "La clé de signature du poste n’est pas dans les sauvegardes : choisissez une phrase secrète (elle n’est gardée nulle part, notez-la à part).",
            en: "The terminal's signing key is not in the backups: choose a passphrase (it is kept nowhere: note it apart).",
        }
        KeyIn { fr: "La clé du poste est dans chaque sauvegarde, scellée par la phrase secrète.", en: "The terminal's key is in each backup, sealed by the passphrase." }
        Passphrase { fr: "Phrase secrète (12 caractères au moins)", en: "Passphrase (at least 12 characters)" }
        Seal { fr: "Sceller la clé", en: "Seal the key" }
        Sealed { fr: "Clé scellée : les prochaines sauvegardes la contiennent.", en: "Key sealed: the next backups hold it." }
    }
}

pub fn b(locale: Locale, key: B) -> &'static str {
    key.text(locale)
}

pub fn bf(locale: Locale, key: B, args: &[&str]) -> String {
    super::fill(b(locale, key), args)
}

words! {
    /// « Restaurer une sauvegarde »: on the first run and where the
    /// database cannot be opened.
    pub enum R {
        Title { fr: "Restaurer une sauvegarde", en: "Restore a backup" }
        Hint {
            fr: "Nouvel ordinateur, disque changé : reprenez la billetterie telle qu’elle était lors d’une sauvegarde (clé USB, partage, dossier).",
            en: "A new computer, a changed disk: take the box office back as it was at a backup (USB stick, share, folder).",
        }
        HintDamaged {
            fr: "La base de ce poste est endommagée ou a disparu : reprenez-la depuis une sauvegarde. Ce qu’il en reste est gardé de côté, jamais écrasé.",
            en: "This terminal's database is damaged or gone: take it back from a backup. What is left of it is kept aside, never overwritten.",
        }
        Path { fr: "Fichier ou dossier de la sauvegarde", en: "Backup file or folder" }
        PathHint { fr: "ex. /media/usb/sauvegardes", en: "e.g. /media/usb/backups" }
        Look { fr: "Chercher", en: "Look" }
        Looking { fr: "Vérification…", en: "Checking…" }
        NoneHere { fr: "Aucune sauvegarde de Guichet dans ce dossier.", en: "No Guichet backup in this folder." }
        Found { fr: "Sauvegardes trouvées, la plus récente en premier (12 au plus) :", en: "Backups found, newest first (12 at most):" }
        Terminals {
            fr: "Ce dossier contient les sauvegardes de plusieurs postes : choisissez celles de ce poste (son code est à la fin du nom du fichier).",
            en: "This folder holds the backups of several terminals: choose this terminal's (its code ends the file's name).",
        }
        Terminal { fr: "poste {0}", en: "terminal {0}" }
        Other { fr: "Choisir une autre sauvegarde", en: "Choose another backup" }
        Made { fr: "Sauvegarde du {0}", en: "Backup of {0}" }
        LastSale { fr: "Dernière vente : {0}", en: "Last sale: {0}" }
        NoSale { fr: "Aucune vente", en: "No sale" }
        Checked { fr: "Vérifiée : entière, journal intact.", en: "Checked: whole, ledger intact." }
        Broken { fr: "Son journal est rompu : {0}", en: "Its ledger is broken: {0}" }
        NoKeyIn {
            fr: "Elle ne contient pas la clé du poste (aucune phrase secrète n’avait été choisie) : fermez Guichet, supprimez la base neuve et sa clé (guichet.db et guichet.db.key), copiez à leur place le fichier de clé du poste, puis relancez Guichet : il proposera de restaurer.",
            en: "It does not hold the terminal's key (no passphrase had been chosen): close Guichet, delete the new database and its key (guichet.db and guichet.db.key), copy the terminal's key file in their place, then start Guichet again: it will offer to restore.",
        }
        Passphrase { fr: "Phrase secrète de la clé", en: "The key's passphrase" }
        Restore { fr: "Restaurer cette sauvegarde", en: "Restore this backup" }
        Older { fr: "Revenir quand même à cette sauvegarde", en: "Go back to this backup anyway" }
        Restoring { fr: "Restauration en cours", en: "Restoring" }
        RestoringBody {
            fr: "La sauvegarde du {0} est vérifiée, mise à jour et signée, puis remise en place. Ne fermez pas la fenêtre : cela prend quelques secondes.",
            en: "The backup of {0} is checked, brought up to date and signed, then put in place. Do not close the window: it takes a few seconds.",
        }
    }
}

pub fn r(locale: Locale, key: R) -> &'static str {
    key.text(locale)
}

pub fn rf(locale: Locale, key: R, args: &[&str]) -> String {
    super::fill(r(locale, key), args)
}

/// What a backup holds, counted: orders, tickets, patrons.
pub fn counts(l: Locale, h: &crate::backup::Holds) -> String {
    // French counts 0 and 1 in the singular, English only 1.
    let single = |count: i64| match l {
        Locale::En => count == 1,
        _ => count <= 1,
    };
    let n = |count: i64, one: &str, many: &str| {
        format!("{count} {}", if single(count) { one } else { many })
    };
    match l {
        Locale::En => [
            n(h.orders, "order", "orders"),
            n(h.tickets, "ticket", "tickets"),
            n(h.patrons, "patron", "patrons"),
        ],
        _ => [
            n(h.orders, "commande", "commandes"),
            n(h.tickets, "billet", "billets"),
            n(h.patrons, "spectateur", "spectateurs"),
        ],
    }
    .join(", ")
}

/// What a restore did, for the log-in screen that follows it.
pub fn restored(l: Locale, done: &crate::backup::Restored, zone: chrono_tz::Tz) -> String {
    let h = &done.manifest.holds;
    let when = l.in_words(done.manifest.made_at, zone);
    let (venue, counts) = (&h.venue, counts(l, h));
    let mut said = say!(l,
        fr: "Sauvegarde du {when} restaurée : {venue}, {counts}.",
        en: "Backup of {when} restored: {venue}, {counts}.");
    if let Some(aside) = &done.kept_aside {
        let aside = aside.display();
        said.push(' ');
        said.push_str(&say!(l,
            fr: "La base remplacée est gardée sous {aside}.",
            en: "The database it replaced is kept as {aside}."));
    }
    for lost in &done.lost {
        let (from, to, chain) = (lost.from, lost.to, &lost.chain);
        said.push(' ');
        said.push_str(&if from == to {
            say!(l,
                fr: "Perdu depuis la sauvegarde : l’enregistrement {from} de la chaîne « {chain} » (le contrôle du journal le dit ; ses billets sont reconnus au contrôle d’accès).",
                en: "Lost since the backup: record {from} of the \"{chain}\" chain (the ledger check says so; its tickets are recognised at the door).")
        } else {
            say!(l,
                fr: "Perdus depuis la sauvegarde : les enregistrements {from} à {to} de la chaîne « {chain} » (le contrôle du journal les liste ; leurs billets sont reconnus au contrôle d’accès).",
                en: "Lost since the backup: records {from} to {to} of the \"{chain}\" chain (the ledger check lists them; their tickets are recognised at the door).")
        });
    }
    said
}

/// Why a restore was refused, in the window's words.
fn restore_error(l: Locale, e: &crate::backup::RestoreError) -> String {
    use crate::backup::RestoreError as E;
    match e {
        E::InUse(_) => say!(l,
            fr: "Guichet est ouvert sur cette base (une autre fenêtre, une commande) : fermez-le, puis restaurez",
            en: "Guichet is open on this database (another window, a command): close it, then restore"),
        E::Older {
            chain,
            backup,
            here,
        } => say!(l,
            fr: "la sauvegarde est plus ancienne que la base qu’elle remplacerait (sa chaîne « {chain} » s’arrête à l’enregistrement {backup}, celle de la base à {here}) : pour y revenir quand même, utilisez le bouton ci-dessous",
            en: "the backup is older than the database it would replace (its {chain} chain ends at record {backup}, the database's at {here}): to go back to it anyway, say so below"),
        E::Other(_) => say!(l,
            fr: "cette sauvegarde est celle d’un autre poste ou d’un autre lieu : choisissez une sauvegarde de ce poste",
            en: "this backup is another terminal's or another venue's: choose this terminal's backup"),
        E::NoKey(key) => {
            let key = key.display();
            say!(l,
                fr: "la clé du poste ({key}) n’est pas à côté de la base : donnez la phrase secrète de la clé scellée avec la sauvegarde, ou remettez la clé à sa place",
                en: "the terminal's key ({key}) is not beside the database: give the passphrase of the key sealed with the backup, or put the key back")
        }
        E::NoSealedKey => say!(l,
            fr: "cette sauvegarde ne contient pas la clé du poste (aucune phrase secrète n’avait été choisie) : fermez Guichet, supprimez la base neuve et sa clé (guichet.db et guichet.db.key), copiez à leur place le fichier de clé du poste, puis relancez Guichet : il proposera de restaurer",
            en: "this backup does not hold the terminal's key (no passphrase had been chosen): close Guichet, delete the new database and its key (guichet.db and guichet.db.key), copy the terminal's key file in their place, then start Guichet again: it will offer to restore"),
        E::NotNew(_) => say!(l,
            fr: "la base contient déjà un lieu ou des ventes : restaurez par la ligne de commande (guichet restore), qui la garde de côté",
            en: "the database already holds a venue or sales: restore from the command line (guichet restore), which keeps it aside"),
        E::NoTerminal => say!(l,
            fr: "la sauvegarde ne contient aucun poste : ce n’est pas une base Guichet entière",
            en: "the backup holds no terminal: it is not a whole Guichet database"),
        E::StaleSealedKey => say!(l,
            fr: "la clé scellée avec cette sauvegarde est une ancienne clé du poste (changée depuis) : choisissez une sauvegarde plus récente",
            en: "the key sealed with this backup is an old key of the terminal (changed since): choose a newer backup"),
        E::Key(why) => say!(l,
            fr: "la clé du poste n’a pas pu être mise à côté de la base ({why}) : rien n’a été remplacé",
            en: "the terminal's key could not be put beside the database ({why}): nothing was replaced"),
        E::Aside(why) => say!(l,
            fr: "la base actuelle n’a pas pu être mise de côté ({why}) : rien n’a été remplacé",
            en: "the current database could not be kept aside ({why}): nothing was replaced"),
        E::Place(why) => say!(l,
            fr: "la sauvegarde n’a pas pu être mise en place ({why}) : la base actuelle est revenue telle quelle",
            en: "the backup could not be put in place ({why}): the current database is back as it was"),
        E::Open(why) => say!(l,
            fr: "la sauvegarde restaurée n’a pas pu être ouverte pour y inscrire la restauration : {why}",
            en: "the restored backup could not be opened to record the restore: {why}"),
    }
}

/// Why the last backup failed, as kept.
pub fn failure(l: Locale, f: &crate::backup::Failure) -> String {
    use crate::backup::Failure as F;
    match f {
        F::Missing(place) => error(l, &BackupError::Missing(place.clone())),
        F::Write { place, why } => error(
            l,
            &BackupError::Write {
                place: place.clone(),
                why: why.clone(),
            },
        ),
        F::Damaged(why) => error(l, &BackupError::Damaged(why.clone())),
        F::Other(said) => said.clone(),
    }
}

/// Why a backup could not be made or a place set, in the window's words.
pub fn error(l: Locale, e: &BackupError) -> String {
    match e {
        BackupError::Missing(place) => {
            let place = place.display();
            say!(l, fr: "l’emplacement {place} est absent (clé USB non branchée, partage non monté) : branchez-le, ou choisissez-en un autre",
                en: "the place {place} is missing (a USB stick not plugged in, a share not mounted): plug it in, or choose another")
        }
        BackupError::Write { place, why } => {
            let place = place.display();
            say!(l, fr: "la sauvegarde n’a pas pu être écrite dans {place} (disque plein ?) : {why}",
                en: "the backup could not be written to {place} (disk full?): {why}")
        }
        BackupError::Damaged(why) => say!(l,
            fr: "la base est endommagée ({why}) : cette sauvegarde n’est pas gardée, les précédentes le sont",
            en: "the database is damaged ({why}): this backup is not kept; the previous ones are"),
        BackupError::Keep => say!(l,
            fr: "on garde de 1 à 366 sauvegardes quotidiennes et de 0 à 120 mensuelles : corrigez les nombres",
            en: "what is kept is 1 to 366 daily backups and 0 to 120 monthly ones: correct the numbers"),
        BackupError::NotAllowed => say!(l,
            fr: "l’emplacement des sauvegardes est un choix d’administrateur",
            en: "where backups go is an administrator's choice"),
        BackupError::WeakPassphrase(n) => say!(l,
            fr: "une phrase secrète compte au moins {n} caractères : quelques mots que personne ne devinerait",
            en: "a passphrase is at least {n} characters: a few words nobody would guess"),
        BackupError::NotAbsolute(place) => {
            let place = place.display();
            say!(l, fr: "{place} : donnez le chemin complet (ex. /media/usb/sauvegardes)",
                en: "{place}: give the full path (e.g. /media/usb/backups)")
        }
        BackupError::NotABackup(file, why) => {
            let file = file.display();
            say!(l, fr: "{file} n’est pas une sauvegarde de Guichet, ou pas une sauvegarde entière : {why}",
                en: "{file} is not a Guichet backup, or not a whole one: {why}")
        }
        BackupError::Corrupted(file, why) => {
            let file = file.display();
            say!(l, fr: "la sauvegarde {file} a été modifiée ou abîmée depuis qu’elle a été faite ({why}) : elle est refusée, rien n’a été écrit",
                en: "the backup {file} was changed or damaged since it was made ({why}): it is refused, nothing was written")
        }
        BackupError::Passphrase => say!(l,
            fr: "la phrase secrète n’ouvre pas la clé : rien n’a été écrit, retapez-la",
            en: "the passphrase does not open the key: nothing was written, type it again"),
        BackupError::Restore(e) => restore_error(l, e),
        BackupError::Store(e) => super::system::store(e, l),
    }
}
