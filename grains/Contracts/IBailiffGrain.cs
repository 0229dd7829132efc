using P4Orleans.Grains;

namespace P4Orleans.Contracts;

/// <summary>
/// One bailiff office (key: office id): identity, arrondissement, status, capacity, load and performance.
/// Its load is kept up to date by messages from dossiers; suspending it or its departure asks each open
/// dossier for reassignment.
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
public sealed record BailiffRegistration(string Name, string ChamberNumber, string ArrondissementId, int Capacity, IReadOnlyList<string>? UserIds = null);

/// <summary>An office as Operators and the dispatcher read it.</summary>
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
    IReadOnlyList<string> UserIds);

/// <summary>Acceptance and service performance of an office.</summary>
public sealed record BailiffPerformance(int Assigned, int Accepted, int Refused, int MissedAcceptanceDeadlines, int Served, double? AverageDaysToService);
