using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace P4Orleans.Silo.Security;

/// <summary>Where the platform's master keys live (section <c>Keys</c>).</summary>
public sealed class KeyRingOptions
{
    /// <summary>
    /// A JSON key file, created on first start when missing (the embedded default). Kept outside the
    /// database; in production point it at a mounted secret, or give <see cref="Json"/> instead.
    /// </summary>
    public string File { get; set; } = ".p4orleans/keys.json";

    /// <summary>The key file's content given directly by configuration (a secret store); wins over <see cref="File"/>.</summary>
    public string? Json { get; set; }
}

/// <summary>
/// The master keys outside the database: numbered wrapping keys (the newest wraps new data, older ones
/// still unwrap, so a rotation never re-encrypts data) and a look-up key for keyed hashes (never rotated,
/// so hashed look-ups keep working). AES-256-GCM and HMAC-SHA256.
/// </summary>
public sealed class KeyRing
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly SortedDictionary<int, byte[]> _keys;
    private readonly byte[] _lookupKey;
    private readonly string? _file;

    private KeyRing(SortedDictionary<int, byte[]> keys, byte[] lookupKey, string? file)
    {
        _keys = keys;
        _lookupKey = lookupKey;
        _file = file;
    }

    /// <summary>The id of the key that wraps new data.</summary>
    public int CurrentKeyId => _keys.Keys.Max();

    /// <summary>Whether the keys come from a key file (which <see cref="Rotate"/> rewrites), rather than from configuration or memory.</summary>
    public bool IsFileBacked => _file is not null;

    /// <summary>The ids of every key held.</summary>
    public IReadOnlyCollection<int> KeyIds => _keys.Keys;

    /// <summary>Loads the keys from configuration or the key file, creating the file (mode 600) on first start.</summary>
    public static KeyRing LoadOrCreate(KeyRingOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Json))
        {
            return Parse(options.Json, file: null);
        }
        var path = Path.GetFullPath(options.File);
        if (System.IO.File.Exists(path))
        {
            return Parse(System.IO.File.ReadAllText(path), path);
        }
        // Two nodes starting at once on the same key folder must end with ONE key ring. A move that does not overwrite
        // is no guarantee (on Linux, .NET may check for the file and then rename over it, so two nodes could both
        // "win" and the later file replace the keys the earlier node already uses): the nodes take an exclusive lock
        // beside the file, and the one holding it creates the file only if it is still missing.
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var creating = CreationLock(path);
        if (System.IO.File.Exists(path))
        {
            return Parse(System.IO.File.ReadAllText(path), path);
        }
        var ring = new KeyRing(new SortedDictionary<int, byte[]> { [1] = RandomNumberGenerator.GetBytes(32) }, RandomNumberGenerator.GetBytes(32), path);
        ring.Save();
        return ring;
    }

    /// <summary>How long a node waits for another one creating the key file.</summary>
    private static readonly TimeSpan CreationWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The lock on <c>&lt;file&gt;.lock</c> (an exclusive lock on Unix, an unshared handle on Windows), removed when
    /// released. It is released only once the key file is published (or found), so a node that takes it later, even on
    /// a new lock file, finds the file. A node that dies holding it releases it with its process.
    /// </summary>
    private static FileStream CreationLock(string path)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (waited.Elapsed < CreationWait)
            {
                // Another node holds it for the few milliseconds it takes to write the file (a lock across processes:
                // no wait handle to block on, so a short poll, bounded).
                Thread.Sleep(10);
            }
            catch (IOException e)
            {
                throw new InvalidOperationException($"The key file {path} is being created by another process that has held " +
                    $"{path}.lock for over {CreationWait.TotalSeconds:F0} s; stop the other node or remove its lock, then start again.", e);
            }
        }
    }

    /// <summary>A key ring held in memory only (tests).</summary>
    public static KeyRing InMemory() =>
        new(new SortedDictionary<int, byte[]> { [1] = RandomNumberGenerator.GetBytes(32) }, RandomNumberGenerator.GetBytes(32), null);

    /// <summary>Adds a new wrapping key, which wraps from now on, and saves the file. Older keys stay to unwrap.</summary>
    /// <exception cref="InvalidOperationException">The keys come from configuration: a rotation here would be lost.</exception>
    public int Rotate()
    {
        if (_file is null)
        {
            throw new InvalidOperationException("The master keys come from configuration (Keys:Json), not from a key file: " +
                "add the new key to the secret store's key file and restart the nodes.");
        }
        var id = CurrentKeyId + 1;
        _keys[id] = RandomNumberGenerator.GetBytes(32);
        Save();
        return id;
    }

    /// <summary>Encrypts with the current key: key id (4 bytes) | nonce | tag | ciphertext; the purpose is authenticated.</summary>
    public byte[] Protect(ReadOnlySpan<byte> plaintext, string purpose)
    {
        var keyId = CurrentKeyId;
        var output = new byte[4 + NonceSize + TagSize + plaintext.Length];
        BitConverter.TryWriteBytes(output.AsSpan(0, 4), keyId);
        var nonce = output.AsSpan(4, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[keyId], TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(4 + NonceSize + TagSize), output.AsSpan(4 + NonceSize, TagSize), Encoding.UTF8.GetBytes(purpose));
        return output;
    }

    /// <summary>Decrypts what <see cref="Protect"/> produced, with whichever key wrapped it.</summary>
    public byte[] Unprotect(ReadOnlySpan<byte> protectedData, string purpose)
    {
        if (protectedData.Length < 4 + NonceSize + TagSize)
        {
            throw new CryptographicException("The protected data is too short.");
        }
        var keyId = BitConverter.ToInt32(protectedData[..4]);
        if (!_keys.TryGetValue(keyId, out var key))
        {
            throw new CryptographicException($"Master key {keyId} is not in the key ring.");
        }
        var plaintext = new byte[protectedData.Length - 4 - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(protectedData.Slice(4, NonceSize), protectedData[(4 + NonceSize + TagSize)..], protectedData.Slice(4 + NonceSize, TagSize),
            plaintext, Encoding.UTF8.GetBytes(purpose));
        return plaintext;
    }

    /// <summary>A keyed hash for look-ups of a secret value (a national register number, say).</summary>
    public byte[] LookupHash(string value, string purpose) =>
        HMACSHA256.HashData(_lookupKey, Encoding.UTF8.GetBytes(purpose + "\u001f" + value));

    /// <summary>
    /// Publishes the key file whole: written to a temporary file of its own (created readable by the owner only), then
    /// renamed over the file, so that a reader never sees half a file.
    /// </summary>
    private void Save()
    {
        if (_file is null)
        {
            return;
        }
        var doc = new KeyFile(_keys.Select(k => new KeyEntry(k.Key, Convert.ToBase64String(k.Value))).ToList(), Convert.ToBase64String(_lookupKey));
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        var temp = $"{_file}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using (var stream = new FileStream(temp, create))
            {
                JsonSerializer.Serialize(stream, doc);
            }
            System.IO.File.Move(temp, _file, overwrite: true);
        }
        finally
        {
            System.IO.File.Delete(temp);
        }
    }

    private static KeyRing Parse(string json, string? file)
    {
        var doc = JsonSerializer.Deserialize<KeyFile>(json) ?? throw new InvalidOperationException("The key file is empty.");
        var keys = new SortedDictionary<int, byte[]>(doc.Keys.ToDictionary(k => k.Id, k => Convert.FromBase64String(k.Key)));
        if (keys.Count == 0 || keys.Values.Any(k => k.Length != 32))
        {
            throw new InvalidOperationException("The key file must hold at least one 256-bit key.");
        }
        return new KeyRing(keys, Convert.FromBase64String(doc.Lookup), file);
    }

    private sealed record KeyEntry(int Id, string Key);

    private sealed record KeyFile(List<KeyEntry> Keys, string Lookup);
}
