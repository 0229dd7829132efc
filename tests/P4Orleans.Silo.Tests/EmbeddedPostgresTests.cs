using Npgsql;
using P4Orleans.Silo.Embedded;

namespace P4Orleans.Silo.Tests;

public sealed class EmbeddedPostgresTests
{
    [Fact]
    public async Task a_second_start_reuses_the_data_of_the_first()
    {
        var folder = Path.Combine(Path.GetTempPath(), "p4o-embedded-" + Guid.NewGuid().ToString("N")[..8]);
        var options = new EmbeddedPostgresOptions { DataDirectory = folder, Durable = false, Port = 5433, SharedBuffers = "16MB", MaxConnections = 20 };
        try
        {
            await using (var first = new EmbeddedPostgres(options))
            {
                await first.StartAsync(TestContext.Current.CancellationToken);
                await using var db = NpgsqlDataSource.Create(first.ConnectionString);
                await using var create = db.CreateCommand("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
                await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }
            Assert.False(File.Exists(Path.Combine(folder, "data", "postmaster.pid")), "the server stopped with its owner");

            await using var second = new EmbeddedPostgres(options);
            await second.StartAsync(TestContext.Current.CancellationToken);
            await using var again = NpgsqlDataSource.Create(second.ConnectionString);
            await using var read = again.CreateCommand("SELECT v FROM kept");
            Assert.Equal("still here", await read.ExecuteScalarAsync(TestContext.Current.CancellationToken));

            if (Environment.UserName == "root")
            {
                // PostgreSQL refuses root: the cluster belongs to the unprivileged account.
                await using var who = again.CreateCommand("SELECT current_setting('data_directory')");
                var dataDir = (string)(await who.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
                Assert.NotEqual(0, OwnerUid(dataDir));
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public async Task a_server_already_running_on_the_folder_is_reused_and_left_running()
    {
        var folder = Path.Combine(Path.GetTempPath(), "p4o-shared-" + Guid.NewGuid().ToString("N")[..8]);
        var options = new EmbeddedPostgresOptions { DataDirectory = folder, Durable = false, Port = 5434, SharedBuffers = "16MB", MaxConnections = 20 };
        try
        {
            await using var owner = new EmbeddedPostgres(options);
            await owner.StartAsync(TestContext.Current.CancellationToken);
            await using (var guest = new EmbeddedPostgres(options))
            {
                await guest.StartAsync(TestContext.Current.CancellationToken);
            }
            await using var db = NpgsqlDataSource.Create(owner.ConnectionString);
            await using var ping = db.CreateCommand("SELECT 42");
            Assert.Equal(42, await ping.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static int OwnerUid(string path)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%u", path]) { RedirectStandardOutput = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return int.Parse(output, System.Globalization.CultureInfo.InvariantCulture);
    }
}
