using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using P4Orleans.Contracts;
using P4Orleans.Domain;
using P4Orleans.Domain.Orleans;
using P4Orleans.Grains;
using P4Orleans.Law;
using P4Orleans.Recovery.Vault;
using P4Orleans.Recovery.Hosting;
using P4Orleans.Silo.Database;

namespace P4Orleans.Recovery.Intake;

/// <summary>
/// ONSS's titles in: one at a time through the dossier grain, or as an NDJSON file of up to
/// <see cref="IntakeOptions.MaxLines"/> titles written in chunks with binary COPY (validated, sealed, with their
/// reminders and journal), each chunk one transaction together with its lines' results and the job's counts.
/// A bad line never blocks or half-writes the good ones; memory holds the chunk in hand, the two being written and a few
/// blocks of lines being prepared, never the job's results.
/// </summary>
public sealed partial class IntakeService(
    NpgsqlDataSource db, PersonalDataVault vault, LawEngine law, DossierOptions options,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider time, IGrainFactory grains, IntakeOptions limits, PlatformClusterOptions cluster,
    IHostApplicationLifetime lifetime,
    PlatformMetrics metrics,
    ILogger<IntakeService> logger)
{
    /// <summary>The most titles one request may carry by default.</summary>
    public const int MaxLines = 100_000;

    // A chunk is written when it holds Intake:ChunkSize new dossiers, or five times as many lines in all (refused lines are small).
    private const int ChunkLinesPerDossier = 5;

    private readonly string _nodeId = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>How submissions are read from JSON: the host's names (camelCase, enums as strings).</summary>
    public static JsonSerializerOptions Json => StateJson.Options;

    /// <summary>The limits in force.</summary>
    public IntakeOptions Limits => limits;

    /// <summary>One title through its grain; records the reference. Throws the grain's validation or conflict errors.</summary>
    public async Task<SubmissionOutcome> SubmitAsync(TitleSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        metrics.TitlesReceived(Channels.Single);
        SubmissionOutcome outcome;
        try
        {
            outcome = await SubmitCoreAsync(submission, cancellationToken);
        }
        catch (DomainException e) when (e is DossierValidationException or SubmissionConflictException)
        {
            metrics.TitlesRejected(Channels.Single);
            throw;
        }
        metrics.TitlesAccepted(Channels.Single, outcome.Duplicate);
        return outcome;
    }

    /// <summary>The submission itself, uncounted (a bulk line resolved through its grain is counted with its job).</summary>
    private async Task<SubmissionOutcome> SubmitCoreAsync(TitleSubmission submission, CancellationToken cancellationToken)
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

    /// <summary>
    /// Reads the NDJSON stream line by line, writes each chunk (new dossiers, every line's result, the job's counts)
    /// in one transaction, and reports each line's result to <paramref name="onResult"/>, in line order, once its
    /// chunk is committed. A body found too large ends the job as <c>too-large</c> after the lines read whole before it.
    /// When the host stops meanwhile, reading stops, the lines read whole are written as the last chunk, and the job ends
    /// <c>interrupted</c> (resubmitting the file is idempotent: lines taken in answer duplicate).
    /// </summary>
    public async Task<IntakeJob> RunBulkAsync(IntakeJob job, Stream ndjson, Func<IntakeLineResult, ValueTask> onResult, CancellationToken cancellationToken)
    {
        var reader = new NdjsonLineReader(ndjson, limits.MaxLineBytes);
        var run = new BulkRun(job.Id);
        var chunk = new ChunkBuilder();
        var block = new LineBlock();
        var titles = 0;
        var status = IntakeJobStatus.Finished;
        string? reason = null;
        // While chunk N is written (PostgreSQL's work), the lines of chunk N+1 are parsed, validated and sealed (ours), in
        // blocks on every core; the blocks are taken back in line order.
        var writing = new Queue<Task<List<IntakeLineResult>>>();
        var preparing = new Queue<Task<PreparedLine[]>>();
        var chunkSize = Math.Max(1, limits.ChunkSize);
        // Only the reading stops with the host: the chunk in hand and the one being written complete on the request's token.
        var stopping = lifetime.ApplicationStopping;
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            try
            {
                while (!stopping.IsCancellationRequested && await reader.ReadAsync(reading.Token))
                {
                    if (reader.IsBlank)
                    {
                        continue;
                    }
                    titles++;
                    var line = reader.LineNumber;
                    if (titles > limits.MaxLines)
                    {
                        block.Refuse(Rejected(line, null, "line", $"A request carries at most {limits.MaxLines:N0} titles; send the rest in another request."));
                    }
                    else if (reader.TooLong)
                    {
                        block.Refuse(Rejected(line, null, "line", $"The line is longer than {limits.MaxLineBytes:N0} bytes."));
                    }
                    else
                    {
                        block.Add(line, reader.Line.Span);
                    }
                    if (block.Full)
                    {
                        preparing.Enqueue(PrepareBlockAsync(block));
                        block = new LineBlock();
                        if (preparing.Count >= MaxBlocksPreparing)
                        {
                            await TakeBlockAsync();
                        }
                    }
                }
            }
            catch (IntakeBodyTooLargeException e)
            {
                // The lines read whole before the limit are taken in; the job says why it stopped.
                status = IntakeJobStatus.TooLarge;
                reason = e.Message;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // The node stops while a read waits for the client: what was read whole is written below, the rest stays unread.
            }
            if (stopping.IsCancellationRequested && status == IntakeJobStatus.Finished)
            {
                (status, reason) = (IntakeJobStatus.Interrupted, StoppedReason);
            }
            // The lines read whole are taken in, whatever ended the reading.
            preparing.Enqueue(PrepareBlockAsync(block));
            while (preparing.Count > 0)
            {
                await TakeBlockAsync();
            }
            writing.Enqueue(WriteChunkAsync(run, chunk, reader.LineNumber, cancellationToken));
            while (writing.Count > 0)
            {
                await ReportChunkAsync();
            }
        }
        catch (OperationCanceledException)
        {
            (status, reason) = (IntakeJobStatus.Cancelled, "The request was cancelled.");
            throw;
        }
        catch (Exception e)
        {
            // The type only: messages may quote the data.
            (status, reason) = (IntakeJobStatus.Failed, "The job failed: " + e.GetType().Name);
            throw;
        }
        finally
        {
            await Task.WhenAll(preparing).ContinueWith(_ => { }, TaskScheduler.Default);
            await Task.WhenAll(writing).ContinueWith(_ => { }, TaskScheduler.Default);
            await FinishJobAsync(job.Id, status, reason, CancellationToken.None);
            // Wall time of the job (the platform clock may be a test's, frozen): by its final status.
            metrics.IntakeJobEnded(status, TimeProvider.System.GetElapsedTime(started));
        }
        var ended = (await FindJobAsync(job.Id, CancellationToken.None))!;
        if (ended.Accepted >= AnalyzeAfter)
        {
            await RefreshStatisticsAsync(lifetime.ApplicationStopping);
        }
        return ended;

        // The oldest block back, its lines into the chunk in order; a full chunk is written beside the one being written.
        async Task TakeBlockAsync()
        {
            foreach (var prepared in await preparing.Dequeue())
            {
                Take(chunk, prepared, run.Seen);
                if (chunk.Candidates.Count >= chunkSize || chunk.Lines >= ChunkLinesPerDossier * chunkSize)
                {
                    var full = chunk;
                    chunk = new ChunkBuilder();
                    if (writing.Count >= MaxChunksWriting)
                    {
                        await ReportChunkAsync();
                    }
                    writing.Enqueue(WriteChunkAsync(run, full, prepared.Line, cancellationToken));
                }
            }
            // Progress as it commits: the chunks done at the head of the queue are reported without waiting for the next.
            while (writing.Count > 0 && writing.Peek().IsCompleted)
            {
                await ReportChunkAsync();
            }
        }

        // The oldest chunk's lines, once committed, reported in line order (a later chunk may have committed first).
        async Task ReportChunkAsync()
        {
            foreach (var result in await writing.Dequeue())
            {
                await onResult(result);
            }
        }
    }

    /// <summary>Chunks written at once, each in its own transaction: PostgreSQL's COPYs of one run beside the other's.</summary>
    private const int MaxChunksWriting = 2;

    /// <summary>Blocks prepared at once: two a core, so that a core never waits for the next block.</summary>
    private static readonly int MaxBlocksPreparing = 2 * Environment.ProcessorCount;

    /// <summary>The lines of a block prepared on the thread pool, stamped with the instant the block was handed over.</summary>
    private Task<PreparedLine[]> PrepareBlockAsync(LineBlock block)
    {
        var now = Instants.Micro(time.GetUtcNow());
        return block.Count == 0 ? Task.FromResult(Array.Empty<PreparedLine>()) : Task.Run(() => block.Prepare(this, now));
    }

    /// <summary>
    /// Consecutive lines of a bulk file, copied out of the reader's buffer: at most <see cref="MaxLines"/> lines or
    /// <see cref="MaxBytes"/> bytes (one line more when a single line is longer), so that the blocks in hand stay small.
    /// </summary>
    private sealed class LineBlock
    {
        private const int MaxLines = 64;
        private const int MaxBytes = 1024 * 1024;
        private readonly List<(int Line, byte[]? Utf8, IntakeLineResult? Refused)> _lines = new(MaxLines);
        private int _bytes;

        public int Count => _lines.Count;

        public bool Full => _lines.Count >= MaxLines || _bytes >= MaxBytes;

        public void Add(int line, ReadOnlySpan<byte> utf8)
        {
            _lines.Add((line, utf8.ToArray(), null));
            _bytes += utf8.Length;
        }

        public void Refuse(IntakeLineResult refused) => _lines.Add((refused.Line, null, refused));

        public PreparedLine[] Prepare(IntakeService intake, DateTimeOffset now)
        {
            var prepared = new PreparedLine[_lines.Count];
            for (var i = 0; i < prepared.Length; i++)
            {
                var (line, utf8, refused) = _lines[i];
                prepared[i] = utf8 is null ? new PreparedLine(line, null, refused) : intake.PrepareLine(line, utf8, now);
            }
            return prepared;
        }
    }

    /// <summary>Why a job ended when its node stopped.</summary>
    public const string StoppedReason = "Its node stopped while the job ran: the lines answered were committed, the rest of the file was not read. " +
        "Resubmit the file: lines already taken in answer duplicate.";
    /// <summary>The values of the <c>channel</c> tag of the title counters.</summary>
    private static class Channels
    {
        public const string Single = "single";
        public const string Bulk = "bulk";
    }

    /// <summary>Counts a committed set of bulk lines.</summary>
    private void CountBulk(List<IntakeLineResult> committed)
    {
        metrics.TitlesReceived(Channels.Bulk, committed.Count);
        metrics.TitlesAccepted(Channels.Bulk, duplicate: false, committed.Count(r => r.Outcome == LineOutcome.Accepted));
        metrics.TitlesAccepted(Channels.Bulk, duplicate: true, committed.Count(r => r.Outcome == LineOutcome.Duplicate));
        metrics.TitlesRejected(Channels.Bulk, committed.Count(r => r.Outcome == LineOutcome.Rejected));
    }

    /// <summary>What one bulk run keeps besides the chunks in hand: the references seen (bounded by the line limit).</summary>
    private sealed class BulkRun(Guid jobId)
    {
        public Guid JobId { get; } = jobId;

        /// <summary>Reference → the first 16 bytes of its payload hash, to tell a repeated line from a conflicting one.</summary>
        public Dictionary<string, UInt128> Seen { get; } = new(StringComparer.Ordinal);

    }
}
