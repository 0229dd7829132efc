using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace P4Orleans.Api.Audit;

/// <summary>The verdict on the chain: intact, or the first broken link and what is wrong with it.</summary>
public sealed record AuditVerification(bool Intact, long EntriesChecked, long? FirstBrokenSeq, string? Problem, long HeadSeq);

/// <summary>
/// Walks the audit log in order and recomputes every hash; reports the first entry that was edited,
/// removed or moved, and a tail removed after the last entry (checked against the chain's head).
/// </summary>
public sealed class AuditVerifier(NpgsqlDataSource db)
{
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        long headSeq;
        byte[] headHash;
        await using (var head = db.CreateCommand("SELECT seq, hash FROM audit_head"))
        await using (var r = await head.ExecuteReaderAsync(cancellationToken))
        {
            await r.ReadAsync(cancellationToken);
            headSeq = r.GetInt64(0);
            headHash = r.GetFieldValue<byte[]>(1);
        }

        var previous = new byte[32];
        long expected = 1, checkedCount = 0;
        await using var cmd = db.CreateCommand(
            "SELECT seq, at, user_id, role, action, resource, dossier_id, outcome, request_id, hash, details FROM audit_log ORDER BY seq");
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var seq = reader.GetInt64(0);
            if (seq != expected)
            {
                return Broken(expected, seq > expected ? $"entry {expected} is missing" : $"entry {seq} is out of order", checkedCount, headSeq);
            }
            var entry = new AuditEntry(
                reader.GetFieldValue<DateTimeOffset>(1), reader.IsDBNull(2) ? null : reader.GetGuid(2), Str(reader, 3), reader.GetString(4),
                Str(reader, 5), Str(reader, 6), reader.GetString(7), Str(reader, 8), Str(reader, 10));
            var stored = reader.GetFieldValue<byte[]>(9);
            var computed = Link(previous, seq, entry);
            if (!computed.AsSpan().SequenceEqual(stored))
            {
                return Broken(seq, $"entry {seq} does not match its hash: it was edited, or an entry before it was removed or reordered", checkedCount, headSeq);
            }
            previous = stored;
            expected++;
            checkedCount++;
        }
        if (expected - 1 != headSeq || !previous.AsSpan().SequenceEqual(headHash))
        {
            return Broken(expected, $"the chain ends at entry {expected - 1} but its head says {headSeq}: entries were removed from the end", checkedCount, headSeq);
        }
        return new AuditVerification(true, checkedCount, null, null, headSeq);
    }

    /// <summary>
    /// hash(n) = SHA-256(hash(n-1) || canonical(n)), the same as the database function audit_append. Details, when
    /// present, end the canonical text after one more separator; an entry without details (every entry written before
    /// the column existed) keeps the text it was hashed with.
    /// </summary>
    public static byte[] Link(byte[] previous, long seq, AuditEntry e)
    {
        var canonical = string.Join('\u001f',
            seq.ToString(CultureInfo.InvariantCulture),
            e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            e.UserId?.ToString("D") ?? "", e.Role ?? "", e.Action, e.Resource ?? "", e.DossierId ?? "", e.Outcome, e.RequestId ?? "");
        if (e.Details is not null)
        {
            canonical += "\u001f" + e.Details;
        }
        var bytes = Encoding.UTF8.GetBytes(canonical);
        var input = new byte[previous.Length + bytes.Length];
        previous.CopyTo(input, 0);
        bytes.CopyTo(input, previous.Length);
        return SHA256.HashData(input);
    }

    private static string? Str(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static AuditVerification Broken(long seq, string problem, long checkedCount, long headSeq) =>
        new(false, checkedCount, seq, problem, headSeq);
}
