//! Invitations: who may ask for free places (the press, partners, the
//! artists, the staff), how many a request may hold, and where a request
//! stands.

/// Who asks for invitations: each kind has its own places set aside per
/// performance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RequesterKind {
    Press,
    Partner,
    Artist,
    Staff,
}

impl RequesterKind {
    pub const ALL: [RequesterKind; 4] = [
        RequesterKind::Press,
        RequesterKind::Partner,
        RequesterKind::Artist,
        RequesterKind::Staff,
    ];

    /// As stored, recorded and typed (`--kind press`).
    pub fn code(self) -> &'static str {
        match self {
            RequesterKind::Press => "press",
            RequesterKind::Partner => "partner",
            RequesterKind::Artist => "artist",
            RequesterKind::Staff => "staff",
        }
    }

    pub fn from_code(code: &str) -> Option<RequesterKind> {
        let code = code.trim().to_ascii_lowercase();
        RequesterKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Asked,
    Issued,
    Refused,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Asked => "asked",
            Status::Issued => "issued",
            Status::Refused => "refused",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        [Status::Asked, Status::Issued, Status::Refused]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// Places one request may ask for: a party, not a block of the hall.
pub const MAX_PLACES: i64 = 20;
/// The requester's name (a newspaper and its journalist, a partner).
pub const MAX_REQUESTER: usize = 120;
/// A note on the request.
pub const MAX_NOTE: usize = 500;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_back_from_their_code() {
        for k in RequesterKind::ALL {
            assert_eq!(RequesterKind::from_code(k.code()), Some(k));
        }
        assert_eq!(
            RequesterKind::from_code(" Press "),
            Some(RequesterKind::Press)
        );
        assert_eq!(RequesterKind::from_code("mayor"), None);
    }
}
