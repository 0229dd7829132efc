using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using P4Orleans.Contracts;
using P4Orleans.Silo.Database;

namespace P4Orleans.Recovery.Intake;

// One chunk of a bulk file: one transaction of binary COPYs (new dossiers, the chunk's line results, the job's counts).
public sealed partial class IntakeService
{
    /// <summary>
    /// Writes a chunk; returns its lines' results in line order, committed. Two chunks may be written at once, each in a
    /// transaction of its own: the job's counts are added, never set, so that they hold whichever commits first.
    /// </summary>
    private async Task<List<IntakeLineResult>> WriteChunkAsync(BulkRun run, ChunkBuilder chunk, int linesRead, CancellationToken cancellationToken)
    {
        var results = new List<IntakeLineResult>(chunk.Lines);
        var existing = new List<Candidate>();
        await using (var conn = await db.OpenConnectionAsync(cancellationToken))
        await using (var tx = await conn.BeginTransactionAsync(cancellationToken))
        {
            if (chunk.Candidates.Count > 0)
            {
                await WriteCandidatesAsync(conn, tx, run.JobId, chunk.Candidates, results, existing, cancellationToken);
            }
            results.AddRange(chunk.Refused);
            await RecordAsync(conn, run, results, linesRead, cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        CountBulk(results);
        if (results.Any(r => r.Outcome == LineOutcome.Accepted))
        {
            DossiersCreated?.Invoke();
        }
        if (existing.Count > 0)
        {
            // Dossiers created meanwhile by another path: their grains answer duplicate or conflict.
            var resolved = new List<IntakeLineResult>(existing.Count);
            foreach (var c in existing)
            {
                resolved.Add(Safe(await ResolveExistingAsync(c, cancellationToken)));
            }
            await using var conn = await db.OpenConnectionAsync(cancellationToken);
            await using var tx = await conn.BeginTransactionAsync(cancellationToken);
            await RecordAsync(conn, run, resolved, linesRead, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            CountBulk(resolved);
            results.AddRange(resolved);
        }
        results.Sort((a, b) => a.Line.CompareTo(b.Line));
        return results;
    }

    /// <summary>
    /// Writes the candidates under a savepoint; when PostgreSQL refuses a value (a data error, which fails the whole COPY),
    /// writes each half again, down to the one line at fault, which is rejected alone. A line whose dossier came into the
    /// database between the check and the COPY (a unique key) is found the same way and left to its grain.
    /// </summary>
    private async Task WriteCandidatesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid jobId, List<Candidate> candidates,
        List<IntakeLineResult> results, List<Candidate> existing, CancellationToken ct)
    {
        await tx.SaveAsync("rows", ct);
        try
        {
            var inserted = await WriteRowsAsync(conn, cluster.ServiceId, jobId, candidates, ct);
            await tx.ReleaseAsync("rows", ct);
            foreach (var c in candidates)
            {
                if (inserted.Contains(c.DossierId))
                {
                    results.Add(new IntakeLineResult(c.Line, c.Reference, LineOutcome.Accepted, c.DossierId));
                }
                else
                {
                    existing.Add(c);
                }
            }
        }
        catch (PostgresException e) when (e.SqlState[..2] is "22" or "23" or "54")
        {
            await tx.RollbackAsync("rows", ct);
            if (candidates.Count == 1 && e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // A row of this dossier written meanwhile by another path (or left by a failed turn): its grain decides.
                existing.Add(candidates[0]);
                return;
            }
            if (candidates.Count == 1)
            {
                results.Add(Safe(Rejected(candidates[0].Line, candidates[0].Reference, "title",
                    $"The database refused a value of this title (SQLSTATE {e.SqlState}).")));
                return;
            }
            var half = candidates.Count / 2;
            await WriteCandidatesAsync(conn, tx, jobId, candidates.GetRange(0, half), results, existing, ct);
            await WriteCandidatesAsync(conn, tx, jobId, candidates.GetRange(half, candidates.Count - half), results, existing, ct);
        }
    }

    private async Task<IntakeLineResult> ResolveExistingAsync(Candidate c, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await SubmitCoreAsync(c.Submission, cancellationToken);
            return new IntakeLineResult(c.Line, c.Reference, outcome.Duplicate ? LineOutcome.Duplicate : LineOutcome.Accepted, outcome.DossierId);
        }
        catch (SubmissionConflictException)
        {
            return Rejected(c.Line, c.Reference, "reference", "A title with this reference was already submitted with a different payload (conflict).");
        }
        catch (DossierValidationException e)
        {
            return new IntakeLineResult(c.Line, c.Reference, LineOutcome.Rejected, null, e.Errors);
        }
    }

    /// <summary>The lines' results (binary COPY) and what they add to the job's counts, in the caller's transaction.</summary>
    private static async Task RecordAsync(NpgsqlConnection conn, BulkRun run, List<IntakeLineResult> results, int linesRead, CancellationToken ct)
    {
        var counts = new int[3];
        foreach (var r in results)
        {
            counts[(int)r.Outcome]++;
        }
        await BinaryCopy.RowsAsync(conn, "COPY intake_job_lines (job_id, line, outcome, reference, dossier_id, errors) FROM STDIN (FORMAT BINARY)",
            results, async (w, r) =>
            {
                await w.WriteAsync(run.JobId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(r.Line, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(OutcomeName(r.Outcome), NpgsqlDbType.Text, ct);
                await w.WriteNullableAsync(r.Reference, NpgsqlDbType.Text, ct);
                await w.WriteNullableAsync(r.DossierId, NpgsqlDbType.Text, ct);
                await w.WriteNullableAsync(r.Errors is { } errors ? JsonSerializer.Serialize(errors, Json) : null, NpgsqlDbType.Jsonb, ct);
            }, ct);
        await using var cmd = new NpgsqlCommand(
            "UPDATE intake_jobs SET lines_read = greatest(lines_read, $2), accepted = accepted + $3, duplicates = duplicates + $4, " +
            "rejected = rejected + $5 WHERE id = $1", conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = run.JobId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = linesRead });
        cmd.Parameters.Add(new NpgsqlParameter { Value = counts[(int)LineOutcome.Accepted] });
        cmd.Parameters.Add(new NpgsqlParameter { Value = counts[(int)LineOutcome.Duplicate] });
        cmd.Parameters.Add(new NpgsqlParameter { Value = counts[(int)LineOutcome.Rejected] });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The outcome's name on the wire and in <c>intake_job_lines</c>.</summary>
    public static string OutcomeName(LineOutcome outcome) => outcome switch
    {
        LineOutcome.Accepted => "accepted",
        LineOutcome.Duplicate => "duplicate",
        _ => "rejected",
    };

    /// <summary>The candidates' rows of one of the dossiers' append-only tables (grain, seq, entry), by binary COPY.</summary>
    private static Task CopyNumberedAsync(NpgsqlConnection conn, string table, string serviceId, List<Candidate> fresh,
        Func<Candidate, IReadOnlyList<(long Seq, byte[] Json)>> rows, CancellationToken ct) =>
        // The table is "timeline" or "ledger_entries", never input.
        BinaryCopy.RowsAsync(conn, $"COPY {table} (service_id, grain_type, grain_key, seq, entry) FROM STDIN (FORMAT BINARY)",
            fresh.SelectMany(c => rows(c).Select(e => (c.DossierId, e.Seq, e.Json))).ToList(), async (w, x) =>
            {
                await w.WriteAsync(serviceId, NpgsqlDbType.Text, ct);
                await w.WriteAsync(GrainTypes.Dossier, NpgsqlDbType.Text, ct);
                await w.WriteAsync(x.DossierId, NpgsqlDbType.Text, ct);
                await w.WriteAsync(x.Seq, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(x.Json, NpgsqlDbType.Jsonb, ct);
            }, ct);

    /// <summary>
    /// The candidates whose dossier is not in the database yet, written straight into the tables the storage reads with
    /// binary COPY (grain state in the storage's own row format, timeline, the dates' reasons, ledger entries, keys, journal, references):
    /// each row as it is stored, so PostgreSQL parses and indexes, and never takes a document apart. Those already there
    /// are left out (their grains decide, see <see cref="ResolveExistingAsync"/>). The dossier grain reads its row on
    /// activation; a grain activated before the row came reads again (see the grains' README).
    /// </summary>
    private static async Task<HashSet<string>> WriteRowsAsync(NpgsqlConnection conn, string serviceId, Guid jobId, List<Candidate> candidates, CancellationToken ct)
    {
        var inserted = new HashSet<string>(candidates.Select(c => c.DossierId), StringComparer.Ordinal);
        await using (var check = new NpgsqlCommand(
            "SELECT grain_key FROM orleans_grain_state WHERE service_id = $1 AND state_name = $2 AND grain_key = ANY($3)", conn))
        {
            check.Parameters.Add(new NpgsqlParameter { Value = serviceId });
            check.Parameters.Add(new NpgsqlParameter { Value = GrainTypes.Dossier });
            check.Parameters.Add(new NpgsqlParameter { Value = inserted.ToArray() });
            await using var r = await check.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                inserted.Remove(r.GetString(0));
            }
        }
        var fresh = candidates.Where(c => inserted.Contains(c.DossierId)).ToList();
        await BinaryCopy.RowsAsync(conn, "COPY orleans_grain_state (service_id, state_name, grain_key, version, payload, modified_at) FROM STDIN (FORMAT BINARY)",
            fresh, async (w, c) =>
            {
                await w.WriteAsync(serviceId, NpgsqlDbType.Text, ct);
                await w.WriteAsync(GrainTypes.Dossier, NpgsqlDbType.Text, ct);
                await w.WriteAsync(c.DossierId, NpgsqlDbType.Text, ct);
                await w.WriteAsync(1L, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(c.StateJson, NpgsqlDbType.Jsonb, ct);
                await w.WriteAsync(c.Now, NpgsqlDbType.TimestampTz, ct);
            }, ct);
        await CopyNumberedAsync(conn, "timeline", serviceId, fresh, c => c.Timeline, ct);
        await BinaryCopy.RowsAsync(conn, "COPY key_date_texts (service_id, grain_type, grain_key, name, french, dutch) FROM STDIN (FORMAT BINARY)",
            fresh.SelectMany(c => c.KeyDateTexts.Select(t => (c.DossierId, t.Name, t.Text))).ToList(), async (w, x) =>
            {
                await w.WriteAsync(serviceId, NpgsqlDbType.Text, ct);
                await w.WriteAsync(GrainTypes.Dossier, NpgsqlDbType.Text, ct);
                await w.WriteAsync(x.DossierId, NpgsqlDbType.Text, ct);
                await w.WriteAsync(x.Name, NpgsqlDbType.Text, ct);
                await w.WriteAsync(x.Text.French, NpgsqlDbType.Text, ct);
                await w.WriteAsync(x.Text.Dutch, NpgsqlDbType.Text, ct);
            }, ct);
        await CopyNumberedAsync(conn, "ledger_entries", serviceId, fresh, c => c.Ledger, ct);
        // A key left by a failed turn (never used for committed data) is a unique key: that dossier goes to its grain.
        await BinaryCopy.RowsAsync(conn, "COPY dossier_keys (dossier_id, wrapped_key, created_at) FROM STDIN (FORMAT BINARY)", fresh, async (w, c) =>
        {
            await w.WriteAsync(c.DossierId, NpgsqlDbType.Text, ct);
            await w.WriteAsync(c.WrappedKey, NpgsqlDbType.Bytea, ct);
            await w.WriteAsync(c.Now, NpgsqlDbType.TimestampTz, ct);
        }, ct);
        // Deadlines are in each state (wakeUps, next_due_at): the silos' catch-up wakes the dossier when the first falls due.
        await BinaryCopy.RowsAsync(conn, "COPY journal (service_id, grain_type, grain_key, seq, at, kind, data) FROM STDIN (FORMAT BINARY)",
            fresh.SelectMany(c => c.Journal.Select((j, n) => (c.DossierId, Seq: n + 1L, c.Now, j.Kind, j.Json))).ToList(), async (w, x) =>
            {
                await w.WriteAsync(serviceId, NpgsqlDbType.Text, ct);
                await w.WriteAsync(GrainTypes.Dossier, NpgsqlDbType.Text, ct);
                await w.WriteAsync(x.DossierId, NpgsqlDbType.Text, ct);
                await w.WriteAsync(x.Seq, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(x.Now, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(x.Kind, NpgsqlDbType.Text, ct);
                await w.WriteAsync(x.Json, NpgsqlDbType.Jsonb, ct);
            }, ct);
        await BinaryCopy.RowsAsync(conn, "COPY dossier_intake (onss_reference, dossier_id, payload_sha256, job_id, received_at) FROM STDIN (FORMAT BINARY)",
            fresh, async (w, c) =>
            {
                await w.WriteAsync(c.Reference, NpgsqlDbType.Text, ct);
                await w.WriteAsync(c.DossierId, NpgsqlDbType.Text, ct);
                await w.WriteAsync(Convert.FromHexString(c.Accepted.State.PayloadHash), NpgsqlDbType.Bytea, ct);
                await w.WriteAsync(jobId, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(c.Now, NpgsqlDbType.TimestampTz, ct);
            }, ct);
        return inserted;
    }
}
