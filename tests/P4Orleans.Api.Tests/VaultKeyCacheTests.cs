using System.Text;
using Npgsql;
using P4Orleans.Recovery.Vault;
using P4Orleans.Silo.Security;
using P4Orleans.Testing;

namespace P4Orleans.Api.Tests;

/// <summary>The vault's unwrapped keys: bounded in number and age, zeroed when they leave, never while in use.</summary>
public sealed class VaultKeyCacheTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(0, 5)]
    [InlineData(1, 5)]
    [InlineData(3, 10)]
    [InlineData(50, 20)]
    public async Task the_vault_never_holds_more_keys_than_its_cache_size_and_every_dossier_still_opens(int size, int dossiers)
    {
        await using var db = NpgsqlDataSource.Create(api.ConnectionString);
        var clock = new ManualTimeProvider();
        using var vault = new PersonalDataVault(db, KeyRing.InMemory(), clock, new VaultOptions { CacheSize = size });
        var prefix = $"cache-size-{size}-";
        var sealedValues = new List<string>();
        for (var i = 0; i < dossiers; i++)
        {
            sealedValues.Add(await vault.SealAsync(prefix + i, Encoding.UTF8.GetBytes($"name {i}")));
            Assert.True(vault.CachedKeyCount <= size);
        }
        Assert.Equal(Math.Min(size, dossiers), vault.CachedKeyCount);
        for (var i = 0; i < dossiers; i++)
        {
            Assert.Equal($"name {i}", Encoding.UTF8.GetString((await vault.UnsealAsync(prefix + i, sealedValues[i]))!));
            Assert.True(vault.CachedKeyCount <= size);
        }
    }

    [Fact]
    public async Task unwrapped_keys_leave_the_cache_when_their_age_is_reached_even_when_nobody_asks()
    {
        await using var db = NpgsqlDataSource.Create(api.ConnectionString);
        var clock = new ManualTimeProvider();
        using var vault = new PersonalDataVault(db, KeyRing.InMemory(), clock, new VaultOptions { CacheSize = 100, CacheFor = TimeSpan.FromSeconds(30) });
        var sealedValue = await vault.SealAsync("cache-age-1", "Jean"u8.ToArray());
        await vault.SealAsync("cache-age-2", "Marie"u8.ToArray());
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(2, vault.CachedKeyCount);

        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(0, vault.CachedKeyCount);
        Assert.Equal("Jean", Encoding.UTF8.GetString((await vault.UnsealAsync("cache-age-1", sealedValue))!));
        Assert.Equal(1, vault.CachedKeyCount);
    }

    [Fact]
    public async Task a_destroyed_key_leaves_the_cache_at_once()
    {
        await using var db = NpgsqlDataSource.Create(api.ConnectionString);
        using var vault = new PersonalDataVault(db, KeyRing.InMemory(), new ManualTimeProvider());
        var sealedValue = await vault.SealAsync("cache-destroyed", "Jean"u8.ToArray());
        Assert.Equal(1, vault.CachedKeyCount);

        await vault.DestroyAsync("cache-destroyed");

        Assert.Equal(0, vault.CachedKeyCount);
        Assert.Null(await vault.UnsealAsync("cache-destroyed", sealedValue));
    }

    [Fact]
    public void an_evicted_key_is_zeroed_once_its_last_user_is_done_and_not_before()
    {
        var clock = new ManualTimeProvider();
        using var cache = new DataKeyCache(1, TimeSpan.FromSeconds(30), clock);
        var first = Key(1);
        var inUse = cache.Add("a", first);
        Assert.True(cache.TryAcquire("a", out var second));

        // "b" pushes "a" out while two callers still use its key.
        cache.Add("b", Key(2)).Dispose();
        Assert.False(cache.TryAcquire("a", out _));
        Assert.Equal(Key(1), first);
        inUse.Dispose();
        Assert.Equal(Key(1), first);
        second.Dispose();
        Assert.All(first, b => Assert.Equal(0, b));

        // Age: "b" is zeroed when it expires, with no caller holding it.
        Assert.True(cache.TryAcquire("b", out var b));
        var bKey = b.Key;
        b.Dispose();
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(0, cache.Count);
        Assert.All(bKey, x => Assert.Equal(0, x));
    }

    [Fact]
    public void a_cache_of_size_zero_keeps_nothing_and_zeroes_each_key_after_use()
    {
        using var cache = new DataKeyCache(0, TimeSpan.FromSeconds(30), new ManualTimeProvider());
        var key = Key(7);
        using (var lease = cache.Add("a", key))
        {
            Assert.Equal(Key(7), lease.Key);
            Assert.Equal(0, cache.Count);
        }
        Assert.All(key, b => Assert.Equal(0, b));
    }

    private static byte[] Key(byte seed) => [.. Enumerable.Range(0, 32).Select(i => (byte)(seed + i + 1))];
}
