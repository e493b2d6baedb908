"""STTPL certificates: numbered per the institution's scheme, issued to participants whose sealed result passes,
each with a QR code pointing at a public verification page; revocation with a reason."""
