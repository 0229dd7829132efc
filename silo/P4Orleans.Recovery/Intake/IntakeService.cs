using System.Text.Json;
using System.Threading.Channels;
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
        var chunkSize = Math.Max(1, limits.ChunkSize);
        // A block never holds more lines than a chunk needs, so that a file sent slowly is written as it comes.
        var blockLines = Math.Min(LineBlock.MaxLines, chunkSize);
        var block = new LineBlock(blockLines);
        var chunk = new ChunkBuilder();
        var titles = 0;
        var status = IntakeJobStatus.Finished;
        string? reason = null;
        // The reader hands blocks of lines to the thread pool, where they are parsed, validated and sealed (ours) on every
        // core; the taker gets them back in line order, fills the chunks and writes each beside the one before (PostgreSQL's
        // work), and each chunk's lines are answered once it commits, after the chunk before. The reader waits only when
        // the taker is that many blocks behind, and the taker never waits for lines still to come from the client.
        var blocks = Channel.CreateBounded<Task<PreparedLine[]>>(new BoundedChannelOptions(MaxBlocksPreparing) { SingleReader = true, SingleWriter = true });
        var writes = new Queue<Task>();
        var answered = Task.CompletedTask;
        var taker = Task.Run(TakeBlocksAsync, CancellationToken.None);
        // Only the reading stops with the host: the chunks in hand and being written complete on the request's token.
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
                        await HandOverAsync();
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
            // The lines read whole are taken in, whatever ended the reading: the last block, then the last chunk.
            await HandOverAsync();
            blocks.Writer.Complete();
            await taker;
            await WaitForRoomAsync();
            Write(chunk, reader.LineNumber);
            await answered;
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
            // Nothing of this job runs on once it has ended.
            blocks.Writer.TryComplete();
            await taker.ContinueWith(_ => { }, TaskScheduler.Default);
            await Task.WhenAll(writes).ContinueWith(_ => { }, TaskScheduler.Default);
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

        // The block in hand to the thread pool (waiting while the taker is that many blocks behind).
        async Task HandOverAsync()
        {
            if (block.Count == 0)
            {
                return;
            }
            var full = block;
            block = new LineBlock(blockLines);
            try
            {
                await blocks.Writer.WriteAsync(PrepareBlockAsync(full), cancellationToken);
            }
            catch (ChannelClosedException)
            {
                // The taker failed: its error, not the channel's.
                await taker;
                throw;
            }
        }

        // The blocks back in line order, their lines into the chunks; a full chunk is written.
        async Task TakeBlocksAsync()
        {
            try
            {
                await foreach (var prepared in blocks.Reader.ReadAllAsync(CancellationToken.None))
                {
                    foreach (var line in await prepared)
                    {
                        Take(chunk, line, run.Seen);
                        if (chunk.Candidates.Count >= chunkSize || chunk.Lines >= ChunkLinesPerDossier * chunkSize)
                        {
                            var full = chunk;
                            chunk = new ChunkBuilder();
                            await WaitForRoomAsync();
                            Write(full, line.Line);
                        }
                    }
                }
            }
            catch (Exception e)
            {
                blocks.Writer.TryComplete(e);
                throw;
            }
        }

        // At most MaxChunksWriting chunks written at once: the oldest one done (written and answered) first.
        async Task WaitForRoomAsync()
        {
            while (writes.Count >= MaxChunksWriting)
            {
                await writes.Dequeue();
            }
        }

        // Writes a chunk beside the ones being written; its lines are answered once it commits and the chunk before is answered.
        void Write(ChunkBuilder full, int linesRead)
        {
            answered = AnswerAsync(WriteChunkAsync(run, full, linesRead, cancellationToken), answered);
            writes.Enqueue(answered);
        }

        async Task AnswerAsync(Task<List<IntakeLineResult>> write, Task before)
        {
            var results = await write;
            await before;
            foreach (var result in results)
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
    /// Consecutive lines of a bulk file, copied out of the reader's buffer: at most <c>maxLines</c> lines (at most
    /// <see cref="MaxLines"/>) or 1 MiB (one line more when a single line is longer), so that the blocks in hand stay small.
    /// </summary>
    private sealed class LineBlock(int maxLines)
    {
        /// <summary>The most lines of a block.</summary>
        public const int MaxLines = 64;
        private const int MaxBytes = 1024 * 1024;
        private readonly List<(int Line, byte[]? Utf8, IntakeLineResult? Refused)> _lines = new(maxLines);
        private int _bytes;

        public int Count => _lines.Count;

        public bool Full => _lines.Count >= maxLines || _bytes >= MaxBytes;

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
