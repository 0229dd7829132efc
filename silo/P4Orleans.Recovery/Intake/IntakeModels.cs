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

/// <summary>A bulk intake job and its progress.</summary>
public sealed record IntakeJob(Guid Id, string Status, int LinesRead, int Accepted, int Duplicates, int Rejected, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt);
