using Orleans.Concurrency;

namespace P4Orleans.Contracts;

/// <summary>
/// One bailiff office (key: office id): identity, arrondissement, status, capacity and users. Its load and
/// performance are SQL over the dossiers' indexed columns and the journal, never counters of its own;
/// suspending it or its departure asks each open dossier for reassignment (durably, once per dossier).
/// </summary>
public interface IBailiffGrain : IGrainWithStringKey
{
    /// <summary>Creates or updates the office (Operators, or the National Chamber's feed).</summary>
    Task RegisterAsync(BailiffRegistration registration);

    /// <summary>Sets how many open dossiers the office takes.</summary>
    Task SetCapacityAsync(int capacity);

    /// <summary>Changes the status; Suspended or Departed sends every open dossier a reassignment request.</summary>
    Task SetStatusAsync(BailiffStatus status);

    /// <summary>Adds a user of the office.</summary>
    Task AddUserAsync(string userId);

    /// <summary>Removes a user of the office.</summary>
    Task RemoveUserAsync(string userId);

    /// <summary>The state as stored (JSON): what the Orleans Dashboard's state view shows.</summary>
    [ReadOnly]
    Task<string> GetState();

    /// <summary>The office with its load, capacity and performance.</summary>
    [ReadOnly]
    Task<BailiffView> GetAsync();
}

/// <summary>An office's identity as registered.</summary>
/// <param name="Name">Name of the office.</param>
/// <param name="ChamberNumber">Number at the National Chamber of Bailiffs.</param>
/// <param name="ArrondissementId">Judicial arrondissement of appointment (art. 513 Judicial Code).</param>
/// <param name="Capacity">Open dossiers the office takes.</param>
/// <param name="UserIds">The office's users.</param>
[GenerateSerializer, Immutable]
public sealed record BailiffRegistration(string Name, string ChamberNumber, string ArrondissementId, int Capacity, IReadOnlyList<string>? UserIds = null)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>An office as Operators and the dispatcher read it.</summary>
[GenerateSerializer, Immutable]
public sealed record BailiffView(
    string OfficeId,
    string Name,
    string ChamberNumber,
    string ArrondissementId,
    BailiffStatus Status,
    int Capacity,
    int Load,
    double LoadRatio,
    IReadOnlyList<string> OpenDossierIds,
    BailiffPerformance Performance,
    IReadOnlyList<string> UserIds)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>Acceptance and service performance of an office.</summary>
[GenerateSerializer, Immutable]
public sealed record BailiffPerformance(int Assigned, int Accepted, int Refused, int MissedAcceptanceDeadlines, int Served, double? AverageDaysToService)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>An office's load and performance as SQL counts them over the dossiers' indexed columns and journal.</summary>
/// <param name="Load">Open dossiers assigned to the office.</param>
/// <param name="OpenDossierIds">Their ids, in order (bounded, see <see cref="MaxOpenDossierIds"/>).</param>
/// <param name="Performance">Acceptance and service performance from the dossiers' journal.</param>
public sealed record OfficeStatistics(int Load, IReadOnlyList<string> OpenDossierIds, BailiffPerformance Performance)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;

    /// <summary>How many open dossier ids an office view lists at most (its load counts them all).</summary>
    public const int MaxOpenDossierIds = 10_000;

    /// <summary>An office with nothing yet.</summary>
    public static OfficeStatistics Empty { get; } = new(0, [], new BailiffPerformance(0, 0, 0, 0, 0, null));
}

/// <summary>Reads an office's statistics (SQL, implemented on the silo).</summary>
public interface IOfficeStatistics
{
    /// <summary>The office's load, open dossiers and performance now.</summary>
    Task<OfficeStatistics> ForOfficeAsync(string officeId, CancellationToken cancellationToken = default);

    /// <summary>The ids of the dossiers still assigned to the office, in order, after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<string>> OpenDossierIdsAsync(string officeId, string after, int limit, CancellationToken cancellationToken = default);
}
