using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;
using P4Orleans.Recovery.Vault;
using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Grains;

namespace P4Orleans.Recovery.Documents;

/// <summary>A stored document's metadata (the content is sealed with the dossier's key).</summary>
public sealed record StoredDocument(Guid Id, string DossierId, string Kind, string ContentType, long SizeBytes, string Sha256, DateTimeOffset UploadedAt, bool Purged);

/// <summary>Document content refused: wrong type, empty, or too large.</summary>
public sealed class DocumentRejectedException(string message) : Exception(message);

/// <summary>
/// Documents of dossiers: scanned titles (PDF, TIFF, PNG, JPEG, the type checked from the content's
/// first bytes, never from the client's word), bailiffs' acts, central-file extracts. Content is sealed
/// with the dossier's data key; SHA-256 of the clear content is kept.
/// </summary>
public sealed class DocumentStore(NpgsqlDataSource db, PersonalDataVault vault, [FromKeyedServices(PlatformClock.Key)] TimeProvider time)
{
    /// <summary>The largest document accepted (20 MiB).</summary>
    public const long MaxBytes = 20 * 1024 * 1024;

    /// <summary>The content type read from the first bytes, or null when not one of the accepted types.</summary>
    public static string? Sniff(ReadOnlySpan<byte> content) => content switch
    {
        [0x25, 0x50, 0x44, 0x46, 0x2D, ..] => "application/pdf",
        [0x49, 0x49, 0x2A, 0x00, ..] or [0x4D, 0x4D, 0x00, 0x2A, ..] => "image/tiff",
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        _ => null,
    };

    public async Task<StoredDocument> AddAsync(string dossierId, string kind, byte[] content, Guid? uploadedBy, CancellationToken cancellationToken)
    {
        if (content.Length == 0)
        {
            throw new DocumentRejectedException("The document is empty.");
        }
        if (content.Length > MaxBytes)
        {
            throw new DocumentRejectedException($"The document is larger than {MaxBytes / (1024 * 1024)} MiB.");
        }
        var type = Sniff(content) ?? throw new DocumentRejectedException("Only PDF, TIFF, PNG and JPEG documents are accepted (checked from the content).");
        var sha = SHA256.HashData(content);
        var sealedContent = await vault.SealAsync(dossierId, content);
        var doc = new StoredDocument(Guid.CreateVersion7(), dossierId, kind, type, content.Length, Convert.ToHexStringLower(sha), time.GetUtcNow(), false);
        await using var cmd = db.CreateCommand(
            "INSERT INTO documents (id, dossier_id, kind, content_type, size_bytes, sha256, content, uploaded_by, uploaded_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = doc.Id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = dossierId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = kind });
        cmd.Parameters.Add(new NpgsqlParameter { Value = type });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (long)content.Length });
        cmd.Parameters.Add(new NpgsqlParameter { Value = sha });
        cmd.Parameters.Add(new NpgsqlParameter { Value = System.Text.Encoding.ASCII.GetBytes(sealedContent), NpgsqlDbType = NpgsqlDbType.Bytea });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)uploadedBy ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new NpgsqlParameter { Value = doc.UploadedAt });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return doc;
    }

    public async Task<IReadOnlyList<StoredDocument>> ListAsync(string dossierId, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            "SELECT id, dossier_id, kind, content_type, size_bytes, encode(sha256, 'hex'), uploaded_at, purged_at IS NOT NULL FROM documents WHERE dossier_id = $1 ORDER BY uploaded_at, id");
        cmd.Parameters.Add(new NpgsqlParameter { Value = dossierId });
        var list = new List<StoredDocument>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new StoredDocument(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetString(5),
                r.GetFieldValue<DateTimeOffset>(6), r.GetBoolean(7)));
        }
        return list;
    }

    /// <summary>The clear content and its metadata; null when unknown, of another dossier, or purged.</summary>
    public async Task<(StoredDocument Document, byte[] Content)?> ReadAsync(string dossierId, Guid documentId, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            "SELECT id, dossier_id, kind, content_type, size_bytes, encode(sha256, 'hex'), uploaded_at, content FROM documents WHERE id = $1 AND dossier_id = $2 AND content IS NOT NULL");
        cmd.Parameters.Add(new NpgsqlParameter { Value = documentId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = dossierId });
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await r.ReadAsync(cancellationToken))
        {
            return null;
        }
        var doc = new StoredDocument(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetString(5), r.GetFieldValue<DateTimeOffset>(6), false);
        var sealedContent = System.Text.Encoding.ASCII.GetString(r.GetFieldValue<byte[]>(7));
        var content = await vault.UnsealAsync(dossierId, sealedContent);
        return content is null ? null : (doc, content);
    }

    /// <summary>Removes a document the dossier refused (the upload is undone).</summary>
    public async Task DeleteAsync(Guid documentId, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("DELETE FROM documents WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = documentId });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes the content of every document of the dossier; the metadata stays, anonymous.</summary>
    public async Task<int> PurgeAsync(string dossierId, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("UPDATE documents SET content = NULL, uploaded_by = NULL, purged_at = $2 WHERE dossier_id = $1 AND content IS NOT NULL");
        cmd.Parameters.Add(new NpgsqlParameter { Value = dossierId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
