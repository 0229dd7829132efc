using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using P4Orleans.Contracts;
using P4Orleans.Domain;
using P4Orleans.Grains;
using P4Orleans.Law;
using P4Orleans.Recovery.Vault;
using P4Orleans.Silo.Runtime;

namespace P4Orleans.Recovery.Intake;

/// <summary>
/// ONSS's titles in: one at a time through the dossier grain, or as an NDJSON file of up to 100,000 titles
/// written in chunks with binary COPY (validated, sealed, with their reminders and journal), each chunk one
/// transaction. A bad line never blocks or half-writes the good ones; progress is kept in <c>intake_jobs</c>.
/// </summary>
public sealed partial class IntakeService(
    NpgsqlDataSource db, PersonalDataVault vault, LawEngine law, DossierOptions options, TimeProvider time, IGrainFactory grains)
{
    /// <summary>The most titles one request may carry.</summary>
    public const int MaxLines = 100_000;

    private const int ChunkSize = 2_000;

    /// <summary>How submissions are read from JSON: the host's names (camelCase, enums as strings).</summary>
    public static JsonSerializerOptions Json => JsonState.Options;

    /// <summary>One title through its grain; records the reference. Throws the grain's validation or conflict errors.</summary>
    public async Task<SubmissionOutcome> SubmitAsync(TitleSubmission submission, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(submission.Reference))
        {
            throw new DossierValidationException([new ValidationError("reference", "ONSS's reference of the title is required.")]);
        }
        var id = DossierIds.FromReference(submission.Reference);
        var outcome = await grains.GetGrain<IDossierGrain>(id).SubmitAsync(submission);
        await using var cmd = db.CreateCommand(
            "INSERT INTO dossier_intake (onss_reference, dossier_id, payload_sha256, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING");
        cmd.Parameters.Add(new NpgsqlParameter { Value = submission.Reference.Trim() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = Convert.FromHexString(SubmissionHash.Compute(submission)) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return outcome;
    }

    /// <summary>The dossier holding ONSS's reference, if any.</summary>
    public async Task<string?> FindByReferenceAsync(string reference, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("SELECT dossier_id FROM dossier_intake WHERE onss_reference = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = reference.Trim() });
        return await cmd.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<IntakeJob> StartJobAsync(Guid? submittedBy, CancellationToken cancellationToken)
    {
        var job = new IntakeJob(Guid.CreateVersion7(), "running", 0, 0, 0, 0, time.GetUtcNow(), null);
        await using var cmd = db.CreateCommand("INSERT INTO intake_jobs (id, submitted_by, status, started_at) VALUES ($1, $2, $3, $4)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = job.Id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)submittedBy ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new NpgsqlParameter { Value = job.Status });
        cmd.Parameters.Add(new NpgsqlParameter { Value = job.StartedAt });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return job;
    }

    public async Task<IntakeJob?> FindJobAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            "SELECT id, status, lines_read, accepted, duplicates, rejected, started_at, finished_at FROM intake_jobs WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken)
            ? new IntakeJob(r.GetGuid(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.GetFieldValue<DateTimeOffset>(6),
                r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7))
            : null;
    }

    /// <summary>
    /// Reads the NDJSON stream line by line, writes accepted titles chunk by chunk, reports each line's
    /// result to <paramref name="onResult"/> as soon as its chunk is committed, and keeps the job's counts.
    /// </summary>
    public async Task<IntakeJob> RunBulkAsync(IntakeJob job, Stream ndjson, Func<IntakeLineResult, ValueTask> onResult, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(ndjson, System.Text.Encoding.UTF8);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var chunk = new List<(int Line, string Text)>(ChunkSize);
        var overflow = new List<IntakeLineResult>();
        var totals = new int[3];
        var lineNumber = 0;
        var status = "finished";
        // While chunk N is written (PostgreSQL's work), chunk N+1 is parsed, validated and sealed (ours).
        var pending = Task.CompletedTask;
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } text)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }
                if (lineNumber > MaxLines)
                {
                    overflow.Add(new IntakeLineResult(lineNumber, null, LineOutcome.Rejected, null,
                        [new ValidationError("line", $"A request carries at most {MaxLines:N0} titles; send the rest in another request.")]));
                    continue;
                }
                chunk.Add((lineNumber, text));
                if (chunk.Count == ChunkSize)
                {
                    var prepared = PrepareChunk(chunk, seen);
                    chunk = new List<(int Line, string Text)>(ChunkSize);
                    await pending;
                    pending = WriteAndCountAsync(prepared, lineNumber);
                }
            }
            var last = PrepareChunk(chunk, seen);
            await pending;
            await WriteChunkAsync(job.Id, last, Report, cancellationToken);
            foreach (var result in overflow)
            {
                await Report(result);
            }
        }
        catch (OperationCanceledException)
        {
            status = "cancelled";
            throw;
        }
        catch
        {
            status = "failed";
            throw;
        }
        finally
        {
            await pending.ContinueWith(_ => { }, TaskScheduler.Default);
            await UpdateJobAsync(job.Id, status, lineNumber, totals, CancellationToken.None, finished: true);
        }
        return (await FindJobAsync(job.Id, CancellationToken.None))!;

        async Task WriteAndCountAsync(PreparedChunk prepared, int linesRead)
        {
            await WriteChunkAsync(job.Id, prepared, Report, cancellationToken);
            await UpdateJobAsync(job.Id, "running", linesRead, totals, cancellationToken);
        }

        ValueTask Report(IntakeLineResult result)
        {
            totals[(int)result.Outcome]++;
            return onResult(result);
        }
    }

    private async Task UpdateJobAsync(Guid id, string status, int lines, int[] totals, CancellationToken cancellationToken, bool finished = false)
    {
        await using var cmd = db.CreateCommand(
            "UPDATE intake_jobs SET status = $2, lines_read = $3, accepted = $4, duplicates = $5, rejected = $6, finished_at = $7 WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = status });
        cmd.Parameters.Add(new NpgsqlParameter { Value = lines });
        cmd.Parameters.Add(new NpgsqlParameter { Value = totals[(int)LineOutcome.Accepted] });
        cmd.Parameters.Add(new NpgsqlParameter { Value = totals[(int)LineOutcome.Duplicate] });
        cmd.Parameters.Add(new NpgsqlParameter { Value = totals[(int)LineOutcome.Rejected] });
        cmd.Parameters.Add(new NpgsqlParameter { Value = finished ? time.GetUtcNow() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
