using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Health;

/// <summary>A node that stops: its silo leaves the cluster as Dead, within the shutdown timeout.</summary>
public sealed class ShutdownTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact(Timeout = 180_000)]
    public async Task a_stopped_node_leaves_its_silo_dead_in_the_membership_table_within_the_shutdown_timeout()
    {
        var api = new ApiFactory();
        await api.InitializeAsync();
        var silo = api.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        await using var db = NpgsqlDataSource.Create(api.ConnectionString);
        Assert.Equal(3, await StatusAsync(db, silo)); // Active

        var clock = Stopwatch.StartNew();
        await api.DisposeAsync().AsTask().WaitAsync(Bound, Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"host stopped in {clock.Elapsed.TotalSeconds:F1} s");

        // Dead (6), written by the silo itself on its way out: not a silo others must first suspect of missing probes.
        Assert.Equal(6, await StatusAsync(db, silo));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the stop took {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task<int> StatusAsync(NpgsqlDataSource db, SiloAddress silo)
    {
        await using var cmd = db.CreateCommand("SELECT status FROM orleans_membership WHERE address = $1 AND port = $2 AND generation = $3");
        cmd.Parameters.Add(new NpgsqlParameter { Value = silo.Endpoint.Address.ToString() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = silo.Endpoint.Port });
        cmd.Parameters.Add(new NpgsqlParameter { Value = silo.Generation });
        return (int)(await cmd.ExecuteScalarAsync(Ct))!;
    }
}
