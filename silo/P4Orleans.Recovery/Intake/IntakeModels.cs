using System.ComponentModel.DataAnnotations;
using P4Orleans.Contracts;

namespace P4Orleans.Recovery.Intake;

/// <summary>What became of one line of a bulk file.</summary>
public enum LineOutcome
{
    Accepted,
    Duplicate,
    Rejected,
}

/// <summary>One line's result: its number (from 1), ONSS's reference if it could be read, the dossier, or why not.</summary>
public sealed record IntakeLineResult(int Line, string? Reference, LineOutcome Outcome, string? DossierId, IReadOnlyList<ValidationError>? Errors = null);

/// <summary>
/// A bulk intake job and its progress. <see cref="Status"/>: <c>running</c>, <c>finished</c>, <c>too-large</c> (the body
/// passed the size limit while it was read), <c>cancelled</c> (the client went away), <c>failed</c>, or <c>interrupted</c>
/// (its node died); the counts are what was committed. <see cref="Reason"/> says why a job did not finish.
/// </summary>
public sealed record IntakeJob(Guid Id, string Status, int LinesRead, int Accepted, int Duplicates, int Rejected, DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt, string? Reason = null);

/// <summary>A page of a job's line results, in line order; <see cref="Next"/> is the <c>after</c> of the next page.</summary>
public sealed record IntakeLinePage(IReadOnlyList<IntakeLineResult> Items, int? Next);

/// <summary>Job statuses (stable names, stored in <c>intake_jobs.status</c>).</summary>
public static class IntakeJobStatus
{
    public const string Running = "running";
    public const string Finished = "finished";
    public const string TooLarge = "too-large";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";
    public const string Interrupted = "interrupted";
}

/// <summary>The request body passed the bulk size limit while it was read (the size was not declared up front).</summary>
public sealed class IntakeBodyTooLargeException(long limit)
    : IOException($"The request body is larger than {limit:N0} bytes.")
{
    /// <summary>The limit in bytes.</summary>
    public long Limit { get; } = limit;
}

/// <summary>The caller already runs <see cref="Limit"/> bulk jobs: the new one is refused before anything is read.</summary>
public sealed class IntakeJobLimitException(int limit)
    : InvalidOperationException($"A caller runs at most {limit} bulk intake jobs at once.")
{
    /// <summary>The most jobs a caller may run at once.</summary>
    public int Limit { get; } = limit;
}

/// <summary>Limits of bulk intake (section <c>Intake</c>).</summary>
public sealed class IntakeOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Intake";

    /// <summary>The most titles (non-blank lines) one request may carry; further lines are answered rejected, unread.</summary>
    [Range(1, 10_000_000)]
    public int MaxLines { get; set; } = 100_000;

    /// <summary>The largest body: a declared larger one is 413 before reading; one found larger while reading ends the job.</summary>
    [Range(1L, 64L * 1024 * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>The longest line in bytes; a longer line is rejected alone (skipped without being held).</summary>
    [Range(64, 64 * 1024 * 1024)]
    public int MaxLineBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// New dossiers written per chunk (one transaction): what a stop or a crash may leave unwritten of the lines read,
    /// and what memory holds. Smaller chunks commit sooner but cost more round trips.
    /// </summary>
    [Range(1, 100_000)]
    public int ChunkSize { get; set; } = 2_000;

    /// <summary>
    /// The most bulk jobs one caller may run at once across the cluster (0: no limit). A job of a node that died counts
    /// until the sweep marks it interrupted (<see cref="NodeSilence"/>).
    /// </summary>
    [Range(0, 1_000)]
    public int MaxConcurrentJobsPerCaller { get; set; } = 2;

    /// <summary>A node silent this long (no heartbeat) is gone: its running jobs are marked interrupted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan NodeSilence { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a node looks for jobs of gone nodes (it also does once at start).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);
}
