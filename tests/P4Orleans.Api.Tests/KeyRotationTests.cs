using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Recovery.Vault;
using P4Orleans.Silo.Embedded;
using P4Orleans.Silo.Security;

namespace P4Orleans.Api.Tests;

public sealed class KeyRotationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task a_master_key_rotation_keeps_old_dossiers_readable_without_re_encrypting_them()
    {
        var folder = Path.Combine(Path.GetTempPath(), "p4o-keys-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var options = new KeyRingOptions { File = Path.Combine(folder, "keys.json") };
            var ring = KeyRing.LoadOrCreate(options);
            await using var db = NpgsqlDataSource.Create(api.ConnectionString);
            var before = new PersonalDataVault(db, ring, TimeProvider.System);
            var sealedBefore = await before.SealAsync("dossier-rotated-1", Encoding.UTF8.GetBytes("Jean Vandermeulen"));
            var wrappedBefore = await WrappedKeyAsync(db, "dossier-rotated-1");

            Assert.Equal(2, ring.Rotate());

            // A node started after the rotation reads the key file again: new keys are wrapped with key 2, old ones still unwrap.
            var reloaded = KeyRing.LoadOrCreate(options);
            Assert.Equal(2, reloaded.CurrentKeyId);
            var after = new PersonalDataVault(db, reloaded, TimeProvider.System);
            Assert.Equal("Jean Vandermeulen", Encoding.UTF8.GetString((await after.UnsealAsync("dossier-rotated-1", sealedBefore))!));
            Assert.Equal(wrappedBefore, await WrappedKeyAsync(db, "dossier-rotated-1"));
            Assert.Equal(1, BitConverter.ToInt32(wrappedBefore, 0));

            await after.SealAsync("dossier-rotated-2", Encoding.UTF8.GetBytes("Marie Peeters"));
            Assert.Equal(2, BitConverter.ToInt32(await WrappedKeyAsync(db, "dossier-rotated-2"), 0));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public async Task a_destroyed_key_leaves_the_sealed_values_unreadable()
    {
        await using var db = NpgsqlDataSource.Create(api.ConnectionString);
        var vault = new PersonalDataVault(db, KeyRing.InMemory(), TimeProvider.System);
        var sealedValue = await vault.SealAsync("dossier-destroyed", Encoding.UTF8.GetBytes("BE68539007547034"));
        await vault.DestroyAsync("dossier-destroyed");
        Assert.Null(await vault.UnsealAsync("dossier-destroyed", sealedValue));
    }

    [Fact]
    public void with_a_connection_string_configured_no_embedded_postgresql_is_started()
    {
        Assert.Null(api.Services.GetService<EmbeddedPostgres>());
    }

    private static async Task<byte[]> WrappedKeyAsync(NpgsqlDataSource db, string dossierId)
    {
        await using var cmd = db.CreateCommand("SELECT wrapped_key FROM dossier_keys WHERE dossier_id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = dossierId });
        return (byte[])(await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}

public sealed class NodeRoleTests
{
    [Fact]
    public async Task a_silo_only_node_serves_its_health_probes_and_nothing_else()
    {
        await using var api = new ApiFactory();
        await api.InitializeAsync();
        await using var siloOnly = api.WithWebHostBuilder(b => b.UseSetting("Silo:Role", "Silo"));
        var client = siloOnly.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode);
        var user = await api.UserAsync(Security.Roles.Operator);
        var token = ((Security.DevelopmentIssuer)siloOnly.Services.GetService(typeof(Security.DevelopmentIssuer))!).IssueFor(user.Id);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/me", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/operators/dossiers", TestContext.Current.CancellationToken)).StatusCode);
    }
}
