using System.Text;
using P4Orleans.Contracts;

namespace P4Orleans.Grains.Tests.Fakes;

/// <summary>
/// A vault that keeps plaintexts in memory behind opaque tokens, so sealed values in state reveal nothing;
/// destroying a dossier's key makes its tokens unreadable.
/// </summary>
public sealed class FakeVault : IPersonalDataVault
{
    private readonly Dictionary<string, byte[]> values = [];
    private readonly HashSet<string> destroyed = [];
    private int counter;

    public IReadOnlySet<string> Destroyed => destroyed;

    public int SealCount { get; private set; }

    public ValueTask<string> SealAsync(string dossierId, ReadOnlyMemory<byte> plaintext)
    {
        if (destroyed.Contains(dossierId))
        {
            throw new InvalidOperationException($"The key of {dossierId} was destroyed.");
        }

        SealCount++;
        var token = $"v1:{dossierId}:{++counter}";
        values[token] = plaintext.ToArray();
        // Base64 text, as the vault's contract says (the state holds the bytes).
        return ValueTask.FromResult(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(token)));
    }

    public ValueTask<byte[]?> UnsealAsync(string dossierId, string sealedValue)
    {
        var token = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(sealedValue));
        return ValueTask.FromResult(destroyed.Contains(dossierId) || !token.StartsWith($"v1:{dossierId}:", StringComparison.Ordinal)
            ? null
            : values.GetValueOrDefault(token));
    }

    public ValueTask DestroyAsync(string dossierId)
    {
        destroyed.Add(dossierId);
        return ValueTask.CompletedTask;
    }

    /// <summary>True when any plaintext sealed for the dossier contains <paramref name="text"/>.</summary>
    public bool Holds(string dossierId, string text) =>
        values.Where(kv => kv.Key.StartsWith($"v1:{dossierId}:", StringComparison.Ordinal))
            .Any(kv => Encoding.UTF8.GetString(kv.Value).Contains(text, StringComparison.Ordinal));
}
