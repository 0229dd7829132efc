using CommunityToolkit.HighPerformance.Buffers;

namespace P4Orleans.Domain;

/// <summary>
/// One instance per distinct name of a key date or rule (a few dozen in all), so that the states of many active
/// dossiers read from storage share them instead of each holding its own copies: CommunityToolkit's
/// <see cref="StringPool"/> (bounded: a name it has evicted is then held by each state again, never lost). Names only: never a value that could
/// identify a person.
/// </summary>
internal static class SharedNames
{
    /// <summary>The shared instance equal to <paramref name="name"/>.</summary>
    public static string Of(string name) => StringPool.Shared.GetOrAdd(name);

    /// <summary>The same entries, keyed by the shared names (a dictionary read from storage holds its own key strings).</summary>
    public static Dictionary<string, TValue> Keys<TValue>(Dictionary<string, TValue> read)
    {
        var shared = new Dictionary<string, TValue>(read.Count, StringComparer.Ordinal);
        foreach (var (name, value) in read)
        {
            shared[Of(name)] = value;
        }
        return shared;
    }
}
