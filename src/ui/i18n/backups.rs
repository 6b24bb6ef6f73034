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
        Kept { fr: "Gardées : les {0} derniers jours, {1} derniers mois, et chaque année.", en: "Kept: the last {0} days, {1} months, and every year." }
        Last { fr: "Dernière sauvegarde : {0} ({1} Mo, {2} billets).", en: "Last backup: {0} ({1} MB, {2} tickets)." }
        None { fr: "Aucune sauvegarde encore.", en: "No backup yet." }
        Automatic {
            fr: "Une sauvegarde est faite après chaque clôture du jour (Z) et à la fermeture de la fenêtre.",
            en: "A backup is made after each day's closing (Z) and when the window closes.",
        }
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
        other => other.to_string(),
    }
}
