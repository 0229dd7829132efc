using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using P4Orleans.Contracts;
using P4Orleans.Silo.Security;
using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Grains;

namespace P4Orleans.Recovery.Vault;

/// <summary>
/// Per-dossier data keys: 256-bit, random, wrapped by the master key ring (outside the database) and
/// stored in <c>dossier_keys</c>. Values are sealed with AES-256-GCM, the dossier id as associated data,
/// encoded as base64(nonce | tag | ciphertext). Destroying the row destroys every sealed value of the
/// dossier. Unwrapped keys are cached briefly and in bounded number (<see cref="VaultOptions"/>), so a destroyed
/// key cannot live long on another node, and are zeroed when they leave the cache.
/// </summary>
public sealed class PersonalDataVault(NpgsqlDataSource db, KeyRing keys, [FromKeyedServices(PlatformClock.Key)] TimeProvider time, VaultOptions? options = null) : IPersonalDataVault, IDisposable
{
    private const string WrapPurpose = "dossier-data-key";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly DataKeyCache _cache = new((options ?? new VaultOptions()).CacheSize, (options ?? new VaultOptions()).CacheFor, time);

    /// <summary>How many unwrapped keys this node holds now.</summary>
    public int CachedKeyCount => _cache.Count;

    public async ValueTask<string> SealAsync(string dossierId, ReadOnlyMemory<byte> plaintext)
    {
        using var lease = await KeyAsync(dossierId, create: true) ?? throw new InvalidOperationException("The dossier's data key was destroyed.");
        return Seal(lease.Key, dossierId, plaintext.Span);
    }

    public async ValueTask<byte[]?> UnsealAsync(string dossierId, string sealedValue)
    {
        if (await KeyAsync(dossierId, create: false) is not { } lease)
        {
            return null;
        }
        using (lease)
        {
            return Unseal(lease.Key, dossierId, sealedValue);
        }
    }

    /// <summary>Destroys the key and, in the same transaction, the content of the dossier's documents (sealed with it).</summary>
    public async ValueTask DestroyAsync(string dossierId)
    {
        _cache.Remove(dossierId);
        await using var batch = db.CreateBatch();
        var deleteKey = new NpgsqlBatchCommand("DELETE FROM dossier_keys WHERE dossier_id = $1");
        deleteKey.Parameters.Add(new NpgsqlParameter { Value = dossierId });
        var purgeDocuments = new NpgsqlBatchCommand(
            "UPDATE documents SET content = NULL, uploaded_by = NULL, purged_at = $2 WHERE dossier_id = $1 AND content IS NOT NULL");
        purgeDocuments.Parameters.Add(new NpgsqlParameter { Value = dossierId });
        purgeDocuments.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
        batch.BatchCommands.Add(deleteKey);
        batch.BatchCommands.Add(purgeDocuments);
        // A batch without its own BEGIN runs as one implicit transaction.
        await batch.ExecuteNonQueryAsync();
        // A turn that read the key just before the delete may have cached it again: forget it once more.
        _cache.Remove(dossierId);
    }

    /// <summary>
    /// A new data key and its wrapped form, for bulk intake (written with COPY by the caller). The key is not cached:
    /// the caller seals with it and zeroes it; a later turn unwraps it again.
    /// </summary>
    public (byte[] Key, byte[] Wrapped) NewKey()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        return (key, keys.Protect(key, WrapPurpose));
    }

    /// <summary>Seals with a known data key.</summary>
    public static string Seal(byte[] key, string dossierId, ReadOnlySpan<byte> plaintext)
    {
        var output = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(dossierId));
        return Convert.ToBase64String(output);
    }

    public void Dispose() => _cache.Dispose();

    private static byte[] Unseal(byte[] key, string dossierId, string sealedValue)
    {
        var data = Convert.FromBase64String(sealedValue);
        var plaintext = new byte[data.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize + TagSize), data.AsSpan(NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(dossierId));
        return plaintext;
    }

    private async ValueTask<DataKeyCache.Lease?> KeyAsync(string dossierId, bool create)
    {
        if (_cache.TryAcquire(dossierId, out var cached))
        {
            return cached;
        }
        await using var read = db.CreateCommand("SELECT wrapped_key FROM dossier_keys WHERE dossier_id = $1");
        read.Parameters.Add(new NpgsqlParameter { Value = dossierId });
        if (await read.ExecuteScalarAsync() is byte[] wrapped)
        {
            return _cache.Add(dossierId, keys.Unprotect(wrapped, WrapPurpose));
        }
        if (!create)
        {
            return null;
        }
        // Committed at once, before the turn that uses it: a failed turn leaves an unused key, never sealed data without its key.
        var (fresh, wrappedFresh) = NewKey();
        await using var insert = db.CreateCommand(
            "INSERT INTO dossier_keys (dossier_id, wrapped_key, created_at) VALUES ($1, $2, $3) ON CONFLICT (dossier_id) DO NOTHING");
        insert.Parameters.Add(new NpgsqlParameter { Value = dossierId });
        insert.Parameters.Add(new NpgsqlParameter { Value = wrappedFresh, NpgsqlDbType = NpgsqlDbType.Bytea });
        insert.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
        if (await insert.ExecuteNonQueryAsync() == 1)
        {
            return _cache.Add(dossierId, fresh);
        }
        CryptographicOperations.ZeroMemory(fresh);
        return await KeyAsync(dossierId, create: false);
    }
}

/// <summary>The vault's key cache (section <c>Vault</c>).</summary>
public sealed class VaultOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Vault";

    /// <summary>The most unwrapped keys a node keeps; 0 keeps none.</summary>
    [Range(0, 10_000_000)]
    public int CacheSize { get; set; } = 10_000;

    /// <summary>How long an unwrapped key is kept after it was unwrapped (absolute, not renewed by use).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(30);
}
