using Npgsql;
using P4Orleans.Silo.Database;
using P4Orleans.Silo.Embedded;

namespace P4Orleans.Testing;

/// <summary>
/// One private PostgreSQL per test run (per test assembly), started on first use in a temporary folder,
/// with a migrated template database; each test class gets its own database cloned from it. A server
/// that cannot be started fails the tests with the reason; nothing is skipped.
/// </summary>
public static class TestPostgres
{
    private const string Template = "p4_template";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static EmbeddedPostgres? _server;
    private static string? _root;

    /// <summary>The running server, started if needed.</summary>
    public static async Task<EmbeddedPostgres> ServerAsync()
    {
        if (_server is not null)
        {
            return _server;
        }
        await Gate.WaitAsync();
        try
        {
            if (_server is not null)
            {
                return _server;
            }
            _root = Path.Combine(Path.GetTempPath(), "p4orleans-tests-" + Guid.NewGuid().ToString("N")[..10]);
            var server = new EmbeddedPostgres(new EmbeddedPostgresOptions
            {
                DataDirectory = _root,
                Database = "postgres",
                Durable = false,
                MaxConnections = 500,
                SharedBuffers = "128MB",
            });
            try
            {
                await server.StartAsync();
            }
            catch (EmbeddedPostgresException e)
            {
                throw new InvalidOperationException("The tests need a private PostgreSQL and it could not be started: " + e.Message, e);
            }
            await server.CreateDatabaseAsync(Template);
            await using (var ds = NpgsqlDataSource.Create(server.ConnectionStringFor(Template)))
            {
                await new Migrator(ds, Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance).MigrateAsync();
            }
            NpgsqlConnection.ClearAllPools();
            _server = server;
            return server;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A new database for one test class: migrated (from the template) unless <paramref name="empty"/>.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix, bool empty = false)
    {
        var server = await ServerAsync();
        var name = (prefix.Length > 30 ? prefix[..30] : prefix).ToLowerInvariant() + "_" + Guid.NewGuid().ToString("N")[..8];
        await server.CreateDatabaseAsync(name, template: empty ? "template0" : Template);
        return server.ConnectionStringFor(name);
    }

    /// <summary>Stops the server and removes its folder (at the end of the run).</summary>
    public static async Task StopAsync()
    {
        if (_server is null)
        {
            return;
        }
        await _server.StopAsync();
        _server = null;
        try
        {
            if (_root is not null)
            {
                Directory.Delete(_root, recursive: true);
            }
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}

/// <summary>The assembly fixture that stops the private PostgreSQL when the run ends.</summary>
public sealed class PostgresRunFixture : IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await TestPostgres.StopAsync();
}
