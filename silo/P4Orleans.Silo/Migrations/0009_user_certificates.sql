-- Client certificates (mutual TLS) of the systems of ONSS and the Chamber, each mapped to a registered user.
-- A row matches either one certificate exactly (its SHA-256 thumbprint) or every certificate with this subject
-- from this issuer (so that a renewal by the same trusted CA needs no new registration).
CREATE TABLE user_certificates (
    id          uuid        PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id),
    match       text        NOT NULL CHECK (match IN ('Thumbprint', 'SubjectAndIssuer')),
    thumbprint  text        NOT NULL,   -- SHA-256 of the registered certificate's DER, upper-case hex
    subject     text        NOT NULL,   -- distinguished names as .NET formats them (X500DistinguishedName.Name)
    issuer      text        NOT NULL,
    not_after   timestamptz NOT NULL,   -- of the registered certificate, for display; validity is checked at each request
    created_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX user_certificates_thumbprint ON user_certificates (thumbprint) WHERE match = 'Thumbprint';
CREATE UNIQUE INDEX user_certificates_subject_issuer ON user_certificates (subject, issuer) WHERE match = 'SubjectAndIssuer';
CREATE INDEX user_certificates_user ON user_certificates (user_id);
