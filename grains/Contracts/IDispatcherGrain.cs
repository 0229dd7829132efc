namespace P4Orleans.Contracts;

/// <summary>
/// The dispatcher of one judicial arrondissement (key: arrondissement id): the single writer of automatic
/// assignments to that arrondissement's offices, so that two silos never give the same last free slot to two
/// dossiers. It reads the offices and their loads from SQL, decides with the dispatch policy and assigns.
/// </summary>
public interface IDispatcherGrain : IGrainWithStringKey
{
    /// <summary>Dispatches up to <paramref name="max"/> dossiers of the arrondissement awaiting dispatch.</summary>
    Task<DispatchResult> DispatchAsync(int max);
}

/// <summary>What one dispatch run did.</summary>
/// <param name="Assigned">Dossiers assigned to an office.</param>
/// <param name="ManualDecisions">Dossiers sent to the Operators' queue.</param>
/// <param name="Failed">Dossiers left for the next run (a call failed).</param>
[GenerateSerializer, Immutable]
public sealed record DispatchResult(int Assigned, int ManualDecisions, int Failed)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;

    /// <summary>Nothing done.</summary>
    public static DispatchResult None { get; } = new(0, 0, 0);

    /// <summary>The sum of two runs.</summary>
    public DispatchResult Add(DispatchResult other) =>
        new(Assigned + other.Assigned, ManualDecisions + other.ManualDecisions, Failed + other.Failed);
}
