using Npgsql;
using P4Orleans.Silo.Database;

namespace P4Orleans.Api.Tests.Migration;

/// <summary>Release 1's database restored, read, then migrated by the platform's migrator (once per test class).</summary>
public sealed class MigratedRelease1Database : IAsyncLifetime
{
    public const string ServiceId = "p4orleans";

    public string ConnectionString { get; private set; } = "";

    public Release1Snapshot Before { get; private set; } = null!;

    public MigrationReport Report { get; private set; } = null!;

    public NpgsqlDataSource Db { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        ConnectionString = await Release1Fixture.RestoreAsync("r1", ct);
        Before = await Release1Snapshot.ReadAsync(ConnectionString, ct);
        Report = await Release1Fixture.MigrateAsync(ConnectionString, ct);
        Db = NpgsqlDataSource.Create(ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (Db is not null)
        {
            await Db.DisposeAsync();
        }
    }
}
