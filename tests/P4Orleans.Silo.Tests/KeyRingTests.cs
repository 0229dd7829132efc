using System.Text;
using P4Orleans.Silo.Security;

namespace P4Orleans.Silo.Tests;

/// <summary>The key file on disk: created once, private, and shared by nodes that start at the same moment.</summary>
public sealed class KeyRingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("p4-keyring-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task nodes_creating_the_key_file_at_the_same_moment_all_end_with_the_same_keys()
    {
        // The race is won or lost in microseconds: run it many times, each on a folder of its own.
        for (var round = 0; round < 25; round++)
        {
            await CreateAtOnceAsync(Path.Combine(_folder, $"round-{round}"));
        }
    }

    private static async Task CreateAtOnceAsync(string folder)
    {
        var options = new KeyRingOptions { File = Path.Combine(folder, "keys", "keys.json") };
        using var start = new ManualResetEventSlim();
        var creations = Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
        {
            start.Wait(TestContext.Current.CancellationToken);
            return KeyRing.LoadOrCreate(options);
        })).ToArray();
        start.Set();
        var rings = await Task.WhenAll(creations);

        // Whatever one node sealed, every other node (and a node started later) opens.
        var later = KeyRing.LoadOrCreate(options);
        foreach (var ring in rings)
        {
            var sealedBytes = ring.Protect("a sealed value"u8, "purpose");
            Assert.Equal("a sealed value", Encoding.UTF8.GetString(later.Unprotect(sealedBytes, "purpose")));
            Assert.Equal(later.LookupHash("85073100123", "niss"), ring.LookupHash("85073100123", "niss"));
        }
        Assert.Equal(["keys.json"], Directory.GetFiles(Path.Combine(folder, "keys")).Select(Path.GetFileName));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(options.File));
        }
    }

    [Fact]
    public void a_rotation_keeps_the_file_private_and_leaves_no_temporary_file()
    {
        var options = new KeyRingOptions { File = Path.Combine(_folder, "keys.json") };
        var ring = KeyRing.LoadOrCreate(options);
        var before = ring.Protect("old"u8, "p");

        Assert.Equal(2, ring.Rotate());

        var reloaded = KeyRing.LoadOrCreate(options);
        Assert.Equal(2, reloaded.CurrentKeyId);
        Assert.Equal("old", Encoding.UTF8.GetString(reloaded.Unprotect(before, "p")));
        Assert.Equal(["keys.json"], Directory.GetFiles(_folder).Select(Path.GetFileName));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(options.File));
        }
    }

    [Fact]
    public void keys_given_by_configuration_refuse_a_rotation_that_would_be_lost()
    {
        var file = new KeyRingOptions { File = Path.Combine(_folder, "keys.json") };
        var fromFile = KeyRing.LoadOrCreate(file);
        var sealedValue = fromFile.Protect("value"u8, "p");
        var fromConfiguration = KeyRing.LoadOrCreate(new KeyRingOptions { File = "", Json = File.ReadAllText(file.File) });

        Assert.True(fromFile.IsFileBacked);
        Assert.False(fromConfiguration.IsFileBacked);
        var refused = Assert.Throws<InvalidOperationException>(() => fromConfiguration.Rotate());
        Assert.Contains("Keys:Json", refused.Message, StringComparison.Ordinal);
        // Nothing changed: the same key wraps and unwraps.
        Assert.Equal(1, fromConfiguration.CurrentKeyId);
        Assert.Equal("value"u8.ToArray(), fromConfiguration.Unprotect(sealedValue, "p"));
    }
}
