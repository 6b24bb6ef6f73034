//! The code printed in a ticket's QR: who issued it, for which performance
//! and place, signed with the issuing terminal's Ed25519 key so a door can
//! check it offline with the public key alone.
//!
//! Text form: `G` followed by base32 (RFC 4648, no padding) of the 22-byte
//! body and its 64-byte signature: 139 characters of `A–Z2–7`, the QR
//! alphanumeric alphabet (a version 6 symbol at level M), with no space or
//! punctuation for a keyboard-wedge scanner to mangle.
//!
//! Body: version (1) · flags (1: bit 0 training, bit 1 the place is an
//! entry slot, bit 2 a pass's card) · key id (8) · ticket number (4) ·
//! performance (4) · place (4: seat id, slot id, or 0 for general
//! admission), big-endian. A duplicata prints the same code, so only one
//! copy can enter.
//!
//! A pass's card has the same form at version 2 (a door knowing only
//! tickets says it is newer, rather than take it for one): its number is
//! the number of the order
//! that sold the pass on the signing terminal, its performance 0 (it names
//! none: the door finds the pass's ticket for its own), its place the
//! card's rank among the pass's places (1, 2, …).

use data_encoding::BASE32_NOPAD;
use ed25519_dalek::{Signature, VerifyingKey};

const PREFIX: char = 'G';
const VERSION: u8 = 1;
/// A pass's card: a door that knows only tickets says it is newer.
const PASS_VERSION: u8 = 2;
const BODY: usize = 22;
/// What is signed: a tag, so a ticket signature can never pass for a
/// ledger one (or the reverse), then the body.
const DOMAIN: &[u8] = b"guichet-ticket-v1:";
const TRAINING: u8 = 1;
const SLOT: u8 = 2;
const PASS: u8 = 4;

/// Where the holder may go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    Seat(u32),
    Slot(u32),
    Unnumbered,
    /// A pass's card: its rank among the pass's places (from 1).
    Pass(u32),
}

/// What a ticket's code says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Claims {
    /// The issuing terminal's key id (first 8 bytes of SHA-256 of its key).
    pub key_id: [u8; 8],
    pub training: bool,
    pub number: u32,
    pub performance: u32,
    pub place: Place,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("nothing was scanned")]
    Empty,
    #[error("this is not a Guichet ticket code (it has {0} characters)")]
    NotATicket(usize),
    #[error("the code is damaged: it does not decode")]
    Damaged,
    #[error("the code was made by a newer version of Guichet (format {0})")]
    NewerFormat(u8),
    #[error("the code's signature is wrong: forged or altered")]
    BadSignature,
    #[error("a number on the ticket is too large for a code")]
    OutOfRange,
}

impl Claims {
    fn body(&self) -> [u8; BODY] {
        let mut b = [0u8; BODY];
        b[0] = match self.place {
            Place::Pass(_) => PASS_VERSION,
            _ => VERSION,
        };
        let (flag, place) = match self.place {
            Place::Seat(id) => (0, id),
            Place::Slot(id) => (SLOT, id),
            Place::Unnumbered => (0, 0),
            Place::Pass(card) => (PASS, card),
        };
        b[1] = flag | if self.training { TRAINING } else { 0 };
        b[2..10].copy_from_slice(&self.key_id);
        b[10..14].copy_from_slice(&self.number.to_be_bytes());
        b[14..18].copy_from_slice(&self.performance.to_be_bytes());
        b[18..22].copy_from_slice(&place.to_be_bytes());
        b
    }

    fn from_body(b: &[u8; BODY]) -> Result<Claims, CodeError> {
        match b[0] {
            VERSION | PASS_VERSION if (b[0] == PASS_VERSION) == (b[1] & PASS != 0) => {}
            v if v > PASS_VERSION => return Err(CodeError::NewerFormat(v)),
            _ => return Err(CodeError::Damaged),
        }
        let u32_at = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        let place = match (b[1] & SLOT != 0, b[1] & PASS != 0, u32_at(18)) {
            (true, true, _) => return Err(CodeError::Damaged),
            (false, true, card) => Place::Pass(card),
            (true, false, id) => Place::Slot(id),
            (false, false, 0) => Place::Unnumbered,
            (false, false, id) => Place::Seat(id),
        };
        let mut key_id = [0u8; 8];
        key_id.copy_from_slice(&b[2..10]);
        Ok(Claims {
            key_id,
            training: b[1] & TRAINING != 0,
            number: u32_at(10),
            performance: u32_at(14),
            place,
        })
    }

    /// The key id as the ledger writes it (hex).
    pub fn key_id_hex(&self) -> String {
        data_encoding::HEXLOWER.encode(&self.key_id)
    }
}

/// The message a terminal signs for these claims.
pub fn message(claims: &Claims) -> Vec<u8> {
    [DOMAIN, &claims.body()].concat()
}

/// The printed code: claims and their signature (from `Signer::sign` over
/// [`message`]).
/// How a seller's own ticket code (an imported ticket's barcode, pretix's
/// secret) is kept and looked up: the hex SHA-256 of the code as printed.
pub fn seller_code_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    data_encoding::HEXLOWER.encode(&Sha256::digest(text.trim().as_bytes()))
}

pub fn encode(claims: &Claims, signature: &[u8; 64]) -> String {
    let mut bytes = Vec::with_capacity(BODY + 64);
    bytes.extend_from_slice(&claims.body());
    bytes.extend_from_slice(signature);
    format!("{PREFIX}{}", BASE32_NOPAD.encode(&bytes))
}

/// A code as stored: upper case, no spaces.
pub fn normal(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase()
}

/// A scanned code, read but not yet checked against a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scanned {
    pub claims: Claims,
    signature: [u8; 64],
}

/// Reads a scanned or typed code. Tolerates what scanners and people add:
/// spaces (the ticket prints the code in groups of four), lower case.
pub fn read(text: &str) -> Result<Scanned, CodeError> {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let text = text.as_str();
    if text.is_empty() {
        return Err(CodeError::Empty);
    }
    let expected = 1 + BASE32_NOPAD.encode_len(BODY + 64);
    let upper = text.to_ascii_uppercase();
    let Some(rest) = upper
        .strip_prefix(PREFIX)
        .filter(|_| text.len() == expected)
    else {
        return Err(CodeError::NotATicket(text.chars().count()));
    };
    let bytes = BASE32_NOPAD
        .decode(rest.as_bytes())
        .map_err(|_| CodeError::Damaged)?;
    let mut body = [0u8; BODY];
    body.copy_from_slice(&bytes[..BODY]);
    let mut signature = [0u8; 64];
    signature.copy_from_slice(&bytes[BODY..]);
    Ok(Scanned {
        claims: Claims::from_body(&body)?,
        signature,
    })
}

impl Scanned {
    /// Checks the signature with the public key of the terminal the claims name.
    pub fn verify(&self, public_key: &[u8; 32]) -> Result<Claims, CodeError> {
        let key = VerifyingKey::from_bytes(public_key).map_err(|_| CodeError::BadSignature)?;
        key.verify_strict(
            &message(&self.claims),
            &Signature::from_bytes(&self.signature),
        )
        .map_err(|_| CodeError::BadSignature)?;
        Ok(self.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn claims() -> Claims {
        Claims {
            key_id: [1, 2, 3, 4, 5, 6, 7, 8],
            training: false,
            number: 123,
            performance: 42,
            place: Place::Seat(3071),
        }
    }

    fn make(k: &SigningKey, c: &Claims) -> String {
        encode(c, &k.sign(&message(c)).to_bytes())
    }

    #[test]
    fn a_code_reads_back_and_verifies() {
        let k = key(7);
        for place in [
            Place::Seat(3071),
            Place::Slot(9),
            Place::Unnumbered,
            Place::Pass(2),
        ] {
            let c = Claims {
                place,
                training: place == Place::Slot(9),
                ..claims()
            };
            let text = make(&k, &c);
            assert_eq!(text.len(), 139);
            assert!(
                text.chars()
                    .all(|ch| ch.is_ascii_uppercase() || ('2'..='7').contains(&ch))
            );
            let scanned = read(&format!("  {}\n", text.to_lowercase())).unwrap();
            let grouped: Vec<String> = text
                .as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect();
            assert_eq!(
                read(&grouped.join(" ")).unwrap(),
                scanned,
                "typed in groups of four"
            );
            assert_eq!(scanned.verify(&k.verifying_key().to_bytes()), Ok(c));
        }
    }

    #[test]
    fn a_pass_card_is_version_2_and_only_a_card_is() {
        let card = Claims {
            place: Place::Pass(1),
            performance: 0,
            ..claims()
        };
        let mut b = card.body();
        assert_eq!(b[0], 2);
        assert_eq!(Claims::from_body(&b), Ok(card));
        b[0] = 1;
        assert_eq!(Claims::from_body(&b), Err(CodeError::Damaged));
        let mut ticket = claims().body();
        ticket[0] = 2;
        assert_eq!(Claims::from_body(&ticket), Err(CodeError::Damaged));
        ticket[0] = 3;
        assert_eq!(Claims::from_body(&ticket), Err(CodeError::NewerFormat(3)));
    }

    #[test]
    fn one_character_changed_anywhere_is_refused() {
        let k = key(7);
        let text = make(&k, &claims());
        let public = k.verifying_key().to_bytes();
        for i in 1..text.len() {
            let mut chars: Vec<char> = text.chars().collect();
            chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
            let altered: String = chars.into_iter().collect();
            let outcome = read(&altered).and_then(|s| s.verify(&public));
            assert!(outcome.is_err(), "character {i} changed still verifies");
        }
    }

    #[test]
    fn another_key_is_refused() {
        let text = make(&key(7), &claims());
        assert_eq!(
            read(&text)
                .unwrap()
                .verify(&key(8).verifying_key().to_bytes()),
            Err(CodeError::BadSignature)
        );
    }

    #[test]
    fn junk_is_named() {
        assert_eq!(read("   "), Err(CodeError::Empty));
        assert_eq!(read("HELLO"), Err(CodeError::NotATicket(5)));
        let long = "G".repeat(5000);
        assert_eq!(read(&long), Err(CodeError::NotATicket(5000)));
        let text = make(&key(7), &claims());
        let bad: String = text.replacen(&text[5..6], "1", 1);
        assert_eq!(read(&bad).map(|_| ()), Err(CodeError::Damaged));
    }
}
