//! Why a picture (the venue's logo, a show's picture) is refused, and
//! what to do, in the operator's language (English for the command line).

use crate::domain::Locale;
use crate::domain::picture::{self, Kind, PictureError};

english!(PictureError => picture);

/// Why a picture (the venue's logo, a show's picture) was refused, and what to do.
pub fn picture(e: &PictureError, l: Locale) -> String {
    use PictureError as P;
    match e {
        P::Empty => say!(l, fr: "Le fichier est vide : choisissez le fichier de l’image.",
            en: "the file is empty: choose the picture's file"),
        P::TooHeavy { bytes } => {
            let mb = format!("{:.1}", *bytes as f64 / 1_048_576.0);
            say!(l, fr: "Le fichier pèse {mb} Mo ; une image pèse 2 Mo au plus. Enregistrez-le plus petit (en PNG) et réessayez.",
                en: "the file weighs {mb} MB; a picture may weigh 2 MB at most: save it smaller (as PNG) and try again")
        }
        P::NotPng(None) => {
            say!(l, fr: "Ce fichier n’est pas une image PNG : exportez l’image en PNG depuis votre logiciel et réessayez.",
            en: "the file is not a PNG picture: save the picture as PNG and try again")
        }
        P::NotPng(Some(kind)) => {
            let (fr, en) = match kind {
                Kind::Jpeg => ("une image JPEG", "a JPEG picture"),
                Kind::Gif => ("une image GIF", "a GIF picture"),
                Kind::Pdf => ("un document PDF", "a PDF document"),
                Kind::Webp => ("une image WebP", "a WebP picture"),
                Kind::Svg => ("un dessin SVG", "an SVG drawing"),
            };
            say!(l, fr: "Ce fichier est {fr}, pas une image PNG : exportez l’image en PNG depuis votre logiciel et réessayez.",
                en: "the file is {en}, not a PNG picture: save the picture as PNG and try again")
        }
        P::Damaged(why) => {
            say!(l, fr: "L’image PNG est abîmée ou incomplète ({why}) : enregistrez-la de nouveau et réessayez.",
            en: "the PNG picture is damaged or cut short ({why}): save it again and try again")
        }
        P::TooSmall { width, height } => {
            let min = picture::MIN_SIDE;
            say!(l, fr: "L’image fait {width} × {height} pixels : chaque côté doit en faire {min} au moins pour s’imprimer net.",
                en: "the picture is {width} × {height} pixels; each side needs {min} at least to print sharp")
        }
        P::TooLarge { width, height } => {
            let max = picture::MAX_SIDE;
            say!(l, fr: "L’image fait {width} × {height} pixels : chaque côté peut en faire {max} au plus. Réduisez-la et réessayez.",
                en: "the picture is {width} × {height} pixels; each side may be {max} at most: make it smaller and try again")
        }
    }
}
