using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Npgsql;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Problems;

namespace P4Orleans.Api.Users;

/// <summary>How a registered certificate is recognised at sign-in.</summary>
public enum CertificateMatch
{
    /// <summary>This one certificate only (its SHA-256 thumbprint): a renewal needs a new registration.</summary>
    Thumbprint,

    /// <summary>Any certificate with this subject from this issuer: a renewal by the same trusted CA is recognised.</summary>
    SubjectAndIssuer,
}

/// <summary>A client certificate registered for a system user (no key, only what identifies it).</summary>
public sealed record UserCertificate(Guid Id, Guid UserId, CertificateMatch Match, string Thumbprint, string Subject, string Issuer,
    DateTimeOffset NotAfter, DateTimeOffset CreatedAt);

// Client certificates of the systems of ONSS and the Chamber (mutual TLS). Only users of those organisations get one:
// people sign in with eID. A registration is audited in its own transaction, like every change of rights.
public sealed partial class UserRegistry
{
    /// <summary>The organisations whose systems may sign in with a client certificate.</summary>
    public static IReadOnlySet<OrganisationKind> CertificateOrganisations { get; } = new HashSet<OrganisationKind> { OrganisationKind.Onss, OrganisationKind.Chamber };

    /// <summary>The SHA-256 thumbprint of a certificate's DER, upper-case hex (the SHA-1 one is not used to identify anything).</summary>
    public static string ThumbprintOf(X509Certificate2 certificate) => Convert.ToHexString(SHA256.HashData(certificate.RawData));

    /// <summary>Reads a certificate given as PEM or as base64 DER; a 400 problem when it is neither.</summary>
    public static X509Certificate2 ParseCertificate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ValidationFailedException("certificate", "A certificate (PEM or base64 DER) is required.");
        }
        try
        {
            return text.Contains("-----BEGIN", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificate(Convert.FromBase64String(text.Trim()));
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            throw new ValidationFailedException("certificate", "The certificate is not a readable X.509 certificate (PEM or base64 DER).");
        }
    }

    /// <summary>
    /// Registers a client certificate for a system user of ONSS or the Chamber: the user exists (else null), is not
    /// revoked, and the certificate is currently valid; the same thumbprint (or subject and issuer) is never mapped twice.
    /// </summary>
    public async Task<UserCertificate?> AddCertificateAsync(Guid userId, X509Certificate2 certificate, CertificateMatch match, RegistryActor actor,
        CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(match))
        {
            throw new ValidationFailedException("match", "The match must be Thumbprint or SubjectAndIssuer.");
        }
        var now = AuditLog.Truncate(time.GetUtcNow());
        if (certificate.NotAfter.ToUniversalTime() <= now.UtcDateTime || certificate.NotBefore.ToUniversalTime() > now.UtcDateTime)
        {
            throw new ValidationFailedException("certificate", "The certificate is not valid now (expired or not yet valid).");
        }
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await using var select = new NpgsqlCommand($"SELECT {Columns} FROM users WHERE id = $1 FOR UPDATE", conn, tx);
        select.Parameters.Add(new NpgsqlParameter { Value = userId });
        if (await ReadOneAsync(select, cancellationToken) is not { } user)
        {
            return null;
        }
        if (!CertificateOrganisations.Contains(user.OrganisationKind))
        {
            throw new ValidationFailedException("userId", "Client certificates are for the systems of ONSS and the Chamber; people sign in with eID.");
        }
        if (user.Status == UserStatus.Revoked)
        {
            throw new ConflictException("A revoked user gets no certificate; register a new account.");
        }
        var registered = new UserCertificate(Guid.CreateVersion7(), userId, match, ThumbprintOf(certificate), certificate.SubjectName.Name,
            certificate.IssuerName.Name, new DateTimeOffset(certificate.NotAfter.ToUniversalTime()), now);
        await using var insert = new NpgsqlCommand(
            "INSERT INTO user_certificates (id, user_id, match, thumbprint, subject, issuer, not_after, created_at) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING", conn, tx);
        insert.Parameters.Add(new NpgsqlParameter { Value = registered.Id });
        insert.Parameters.Add(new NpgsqlParameter { Value = userId });
        insert.Parameters.Add(new NpgsqlParameter { Value = match.ToString() });
        insert.Parameters.Add(new NpgsqlParameter { Value = registered.Thumbprint });
        insert.Parameters.Add(new NpgsqlParameter { Value = registered.Subject });
        insert.Parameters.Add(new NpgsqlParameter { Value = registered.Issuer });
        insert.Parameters.Add(new NpgsqlParameter { Value = registered.NotAfter });
        insert.Parameters.Add(new NpgsqlParameter { Value = now });
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new ConflictException(match == CertificateMatch.Thumbprint
                ? "This certificate is already registered."
                : "A certificate with this subject and issuer is already registered.");
        }
        // The thumbprint identifies the certificate; its subject is left out of the log (it may name a person).
        var details = JsonSerializer.Serialize(new
        {
            by = actor.IsMachine ? "machine" : "user",
            organisation = new { kind = user.OrganisationKind.ToString(), id = user.OrganisationId },
            certificate = new { id = registered.Id, match = match.ToString(), thumbprint = registered.Thumbprint },
        });
        var entry = new AuditEntry(now, actor.UserId, actor.IsMachine ? null : string.Join(',', actor.Roles.Order(StringComparer.Ordinal)),
            AuditActions.CertificateAdded, $"user/{userId}", null, "ok", actor.RequestId, details);
        await AuditLog.AppendInTransactionAsync(conn, tx, [entry], cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return registered;
    }

    /// <summary>
    /// The user a client certificate is registered for: by its thumbprint first, else by its subject and issuer (a row
    /// registered to match so); null when none. The certificate's chain, dates and revocation are checked before this.
    /// </summary>
    public async Task<User?> FindByCertificateAsync(X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            $"SELECT {string.Join(", ", Columns.Split(", ").Select(c => "u." + c))} FROM user_certificates c JOIN users u ON u.id = c.user_id " +
            "WHERE (c.match = 'Thumbprint' AND c.thumbprint = $1) OR (c.match = 'SubjectAndIssuer' AND c.subject = $2 AND c.issuer = $3) " +
            "ORDER BY (c.match = 'Thumbprint') DESC LIMIT 1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = ThumbprintOf(certificate) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = certificate.SubjectName.Name });
        cmd.Parameters.Add(new NpgsqlParameter { Value = certificate.IssuerName.Name });
        return await ReadOneAsync(cmd, cancellationToken);
    }
}
