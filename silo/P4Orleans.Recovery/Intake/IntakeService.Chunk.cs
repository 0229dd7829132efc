using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using P4Orleans.Contracts;
using P4Orleans.Domain;
using P4Orleans.Recovery.Vault;
using P4Orleans.Silo.Database;
using P4Orleans.Silo.Runtime;

namespace P4Orleans.Recovery.Intake;

// One chunk of a bulk file: validate and seal in memory, then one transaction of binary COPYs.
public sealed partial class IntakeService
{
    private sealed record Candidate(int Line, TitleSubmission Submission, string DossierId, IntakeAccepted Accepted, byte[] Key, byte[] WrappedKey, string StateJson);

    /// <summary>Raised after a chunk of new dossiers commits: a hint to wake the dispatcher.</summary>
    public event Action? DossiersCreated;

    /// <summary>A chunk validated and sealed in memory, ready to be written.</summary>
    private sealed record PreparedChunk(DateTimeOffset Now, SortedDictionary<int, IntakeLineResult> Results, List<Candidate> Candidates);

    /// <summary>Parses, validates and seals a chunk: .NET CPU only, no database (so it overlaps the previous chunk's write).</summary>
    private PreparedChunk PrepareChunk(List<(int Line, string Text)> lines, Dictionary<string, string> seen)
    {
        var now = Instants.Micro(time.GetUtcNow());
        var results = new SortedDictionary<int, IntakeLineResult>();
        var candidates = new List<Candidate>(lines.Count);
        foreach (var (line, text) in lines)
        {
            var candidate = Prepare(line, text, now, seen, out var refused);
            if (candidate is null)
            {
                results[line] = refused!;
            }
            else
            {
                candidates.Add(candidate);
            }
        }
        return new PreparedChunk(now, results, candidates);
    }

    /// <summary>Writes a prepared chunk in one transaction, then reports its lines in order.</summary>
    private async Task WriteChunkAsync(Guid jobId, PreparedChunk chunk, Func<IntakeLineResult, ValueTask> report, CancellationToken cancellationToken)
    {
        var results = chunk.Results;
        var inserted = await WriteAsync(jobId, chunk.Candidates, chunk.Now, cancellationToken);
        foreach (var c in chunk.Candidates)
        {
            if (inserted.Contains(c.DossierId))
            {
                vault.Remember(c.DossierId, c.Key);
                results[c.Line] = new IntakeLineResult(c.Line, c.Submission.Reference, LineOutcome.Accepted, c.DossierId);
            }
            else
            {
                // The dossier already exists (an earlier request, or a single submission at the same moment): its grain answers.
                results[c.Line] = await ResolveExistingAsync(c, cancellationToken);
            }
        }
        if (inserted.Count > 0)
        {
            DossiersCreated?.Invoke();
        }
        foreach (var result in results.Values)
        {
            await report(result);
        }
    }

    private Candidate? Prepare(int line, string text, DateTimeOffset now, Dictionary<string, string> seen, out IntakeLineResult? refused)
    {
        refused = null;
        TitleSubmission? submission;
        try
        {
            submission = JsonSerializer.Deserialize<TitleSubmission>(text, Json);
        }
        catch (JsonException e)
        {
            // The parser's message names the path and position, never the content.
            refused = Rejected(line, null, "line", "Not a title in JSON: " + e.Message);
            return null;
        }
        if (submission is null || string.IsNullOrWhiteSpace(submission.Reference))
        {
            refused = Rejected(line, null, "reference", "ONSS's reference of the title is required.");
            return null;
        }
        var reference = submission.Reference.Trim();
        var id = DossierIds.FromReference(reference);
        IntakeResult result;
        try
        {
            result = DossierIntake.Intake(submission, new IntakeContext(id, now, law, options));
        }
        catch (Exception e) when (e is NullReferenceException or ArgumentException or InvalidOperationException)
        {
            refused = Rejected(line, reference, "title", "The title is incomplete: a required part is missing.");
            return null;
        }
        if (result.Accepted is not { } accepted)
        {
            refused = new IntakeLineResult(line, reference, LineOutcome.Rejected, null, result.Errors);
            return null;
        }
        var hash = accepted.State.PayloadHash;
        if (seen.TryGetValue(reference, out var earlier))
        {
            refused = earlier == hash
                ? new IntakeLineResult(line, reference, LineOutcome.Duplicate, id)
                : Rejected(line, reference, "reference", "The same reference appears earlier in this file with a different title (conflict).");
            return null;
        }
        seen[reference] = hash;
        var (key, wrapped) = vault.NewKey();
        accepted.Seal(PersonalDataVault.Seal(key, id, accepted.PersonalData));
        return new Candidate(line, submission, id, accepted, key, wrapped, JsonSerializer.Serialize(accepted.State, JsonState.Options));
    }

    private async Task<IntakeLineResult> ResolveExistingAsync(Candidate c, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await SubmitAsync(c.Submission, cancellationToken);
            return new IntakeLineResult(c.Line, c.Submission.Reference, outcome.Duplicate ? LineOutcome.Duplicate : LineOutcome.Accepted, outcome.DossierId);
        }
        catch (SubmissionConflictException)
        {
            return Rejected(c.Line, c.Submission.Reference, "reference",
                "A title with this reference was already submitted with a different payload (conflict).");
        }
        catch (DossierValidationException e)
        {
            return new IntakeLineResult(c.Line, c.Submission.Reference, LineOutcome.Rejected, null, e.Errors);
        }
    }

    private static IntakeLineResult Rejected(int line, string? reference, string field, string message) =>
        new(line, reference, LineOutcome.Rejected, null, [new ValidationError(field, message)]);

    private async Task<HashSet<string>> WriteAsync(Guid jobId, List<Candidate> candidates, DateTimeOffset now, CancellationToken ct)
    {
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        if (candidates.Count == 0)
        {
            return inserted;
        }
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await ExecAsync(conn, """
            CREATE TEMP TABLE stage_state (grain_id text, state jsonb, idx_status text, idx_owner text, idx_group text, idx_amount bigint,
                idx_date date) ON COMMIT DROP;
            CREATE TEMP TABLE stage_keys (dossier_id text, wrapped_key bytea) ON COMMIT DROP
            """, ct);
        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY stage_state (grain_id, state, idx_status, idx_owner, idx_group, idx_amount, idx_date) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var c in candidates)
            {
                var index = c.Accepted.State.GetIndex();
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(c.DossierId, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(c.StateJson, NpgsqlDbType.Jsonb, ct);
                await copy.WriteNullableAsync(index.Status, NpgsqlDbType.Text, ct);
                await copy.WriteNullableAsync(index.Owner, NpgsqlDbType.Text, ct);
                await copy.WriteNullableAsync(index.Group, NpgsqlDbType.Text, ct);
                await copy.WriteNullableAsync(index.Amount, NpgsqlDbType.Bigint, ct);
                await copy.WriteNullableAsync(index.Date, NpgsqlDbType.Date, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO grain_state (grain_type, grain_id, version, state, idx_status, idx_owner, idx_group, idx_amount, idx_date, updated_at)
            SELECT $1, grain_id, 1, state, idx_status, idx_owner, idx_group, idx_amount, idx_date, $2 FROM stage_state
            ON CONFLICT DO NOTHING RETURNING grain_id
            """, conn))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = GrainTypes.Dossier });
            insert.Parameters.Add(new NpgsqlParameter { Value = now });
            await using var r = await insert.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                inserted.Add(r.GetString(0));
            }
        }
        var fresh = candidates.Where(c => inserted.Contains(c.DossierId)).ToList();
        await BinaryCopy.RowsAsync(conn, "COPY stage_keys (dossier_id, wrapped_key) FROM STDIN (FORMAT BINARY)", fresh, async (w, c) =>
        {
            await w.WriteAsync(c.DossierId, NpgsqlDbType.Text, ct);
            await w.WriteAsync(c.WrappedKey, NpgsqlDbType.Bytea, ct);
        }, ct);
        // Only a key left by a failed turn (never used for committed data) can already be there: replace it.
        await using (var keysInsert = new NpgsqlCommand(
            "INSERT INTO dossier_keys (dossier_id, wrapped_key, created_at) SELECT dossier_id, wrapped_key, $1 FROM stage_keys " +
            "ON CONFLICT (dossier_id) DO UPDATE SET wrapped_key = EXCLUDED.wrapped_key, created_at = EXCLUDED.created_at", conn))
        {
            keysInsert.Parameters.Add(new NpgsqlParameter { Value = now });
            await keysInsert.ExecuteNonQueryAsync(ct);
        }
        await BinaryCopy.RowsAsync(conn, "COPY reminders (grain_type, grain_id, name, due_at) FROM STDIN (FORMAT BINARY)",
            fresh.SelectMany(c => c.Accepted.Reminders.Select(r => (c.DossierId, r))).ToList(), async (w, x) =>
            {
                await w.WriteAsync(GrainTypes.Dossier, NpgsqlDbType.Text, ct);
                await w.WriteAsync(x.DossierId, NpgsqlDbType.Text, ct);
                await w.WriteAsync(x.r.Name, NpgsqlDbType.Text, ct);
                await w.WriteAsync(Instants.Micro(x.r.DueAt), NpgsqlDbType.TimestampTz, ct);
            }, ct);
        await BinaryCopy.RowsAsync(conn, "COPY grain_journal (grain_type, grain_id, version, at, kind, data) FROM STDIN (FORMAT BINARY)",
            fresh.SelectMany(c => c.Accepted.Journal.Select(j => (c.DossierId, j))).ToList(), async (w, x) =>
            {
                await w.WriteAsync(GrainTypes.Dossier, NpgsqlDbType.Text, ct);
                await w.WriteAsync(x.DossierId, NpgsqlDbType.Text, ct);
                await w.WriteAsync(1L, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(x.j.Kind, NpgsqlDbType.Text, ct);
                await w.WriteAsync(JsonSerializer.Serialize(x.j.Data, x.j.Data.GetType(), JsonState.Options), NpgsqlDbType.Jsonb, ct);
            }, ct);
        await BinaryCopy.RowsAsync(conn, "COPY dossier_intake (onss_reference, dossier_id, payload_sha256, job_id, received_at) FROM STDIN (FORMAT BINARY)",
            fresh, async (w, c) =>
            {
                await w.WriteAsync(c.Submission.Reference.Trim(), NpgsqlDbType.Text, ct);
                await w.WriteAsync(c.DossierId, NpgsqlDbType.Text, ct);
                await w.WriteAsync(Convert.FromHexString(c.Accepted.State.PayloadHash), NpgsqlDbType.Bytea, ct);
                await w.WriteAsync(jobId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
            }, ct);
        await tx.CommitAsync(ct);
        return inserted;
    }

    private static async Task ExecAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
