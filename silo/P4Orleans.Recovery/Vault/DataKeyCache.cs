using System.Security.Cryptography;

namespace P4Orleans.Recovery.Vault;

/// <summary>
/// Unwrapped data keys kept for a short time, bounded in number and age. Entries leave in the order they came
/// (their age is absolute, so the oldest is also the first to expire); a timer drops expired ones even when the
/// cache is idle. A key is zeroed when it leaves, but only once no caller still holds it: callers take a
/// <see cref="Lease"/>, and the last lease of an evicted key zeroes it.
/// </summary>
internal sealed class DataKeyCache : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _order = new();
    private readonly int _capacity;
    private readonly TimeSpan _age;
    private readonly TimeProvider _time;
    private readonly ITimer? _sweep;

    public DataKeyCache(int capacity, TimeSpan age, TimeProvider time)
    {
        _capacity = Math.Max(0, capacity);
        _age = age;
        _time = time;
        if (_capacity > 0 && age > TimeSpan.Zero)
        {
            _sweep = time.CreateTimer(_ => Sweep(), null, age, age);
        }
    }

    /// <summary>How many keys are held now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>A lease on a cached, unexpired key; false when there is none.</summary>
    public bool TryAcquire(string dossierId, out Lease lease)
    {
        lock (_gate)
        {
            DropExpired();
            if (_entries.TryGetValue(dossierId, out var entry))
            {
                entry.Users++;
                lease = new Lease(this, entry);
                return true;
            }
        }
        lease = default;
        return false;
    }

    /// <summary>Keeps <paramref name="key"/> (the cache owns it from now on) and returns a lease on it.</summary>
    public Lease Add(string dossierId, byte[] key)
    {
        var entry = new Entry(dossierId, key, _time.GetUtcNow() + _age) { Users = 1 };
        lock (_gate)
        {
            DropExpired();
            if (_entries.Remove(dossierId, out var old))
            {
                Evict(old);
            }
            if (_capacity == 0 || _age <= TimeSpan.Zero)
            {
                // Not cached at all: zeroed when the caller's lease ends.
                entry.Evicted = true;
                return new Lease(this, entry);
            }
            _entries[dossierId] = entry;
            entry.Node = _order.AddLast(entry);
            while (_entries.Count > _capacity)
            {
                var oldest = _order.First!.Value;
                _entries.Remove(oldest.DossierId);
                Evict(oldest);
            }
        }
        return new Lease(this, entry);
    }

    /// <summary>Forgets a dossier's key now (its key was destroyed).</summary>
    public void Remove(string dossierId)
    {
        lock (_gate)
        {
            if (_entries.Remove(dossierId, out var entry))
            {
                Evict(entry);
            }
        }
    }

    /// <summary>Drops the expired keys.</summary>
    public void Sweep()
    {
        lock (_gate)
        {
            DropExpired();
        }
    }

    public void Dispose()
    {
        _sweep?.Dispose();
        lock (_gate)
        {
            foreach (var entry in _entries.Values.ToList())
            {
                Evict(entry);
            }
            _entries.Clear();
        }
    }

    private void DropExpired()
    {
        var now = _time.GetUtcNow();
        while (_order.First is { } first && first.Value.Until <= now)
        {
            _entries.Remove(first.Value.DossierId);
            Evict(first.Value);
        }
    }

    private void Evict(Entry entry)
    {
        if (entry.Node is { } node)
        {
            _order.Remove(node);
            entry.Node = null;
        }
        entry.Evicted = true;
        if (entry.Users == 0)
        {
            CryptographicOperations.ZeroMemory(entry.Key);
        }
    }

    private void Release(Entry entry)
    {
        lock (_gate)
        {
            entry.Users--;
            if (entry.Evicted && entry.Users == 0)
            {
                CryptographicOperations.ZeroMemory(entry.Key);
            }
        }
    }

    internal sealed class Entry(string dossierId, byte[] key, DateTimeOffset until)
    {
        public string DossierId { get; } = dossierId;
        public byte[] Key { get; } = key;
        public DateTimeOffset Until { get; } = until;
        public int Users { get; set; }
        public bool Evicted { get; set; }
        public LinkedListNode<Entry>? Node { get; set; }
    }

    /// <summary>A key in use; dispose it as soon as the seal or unseal is done.</summary>
    public readonly struct Lease : IDisposable
    {
        private readonly DataKeyCache? _cache;
        private readonly Entry? _entry;

        internal Lease(DataKeyCache cache, Entry entry)
        {
            _cache = cache;
            _entry = entry;
        }

        /// <summary>The unwrapped key: valid until the lease is disposed.</summary>
        public byte[] Key => _entry?.Key ?? throw new InvalidOperationException("No key.");

        public void Dispose() => _cache?.Release(_entry!);
    }
}
