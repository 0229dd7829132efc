using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.TestingHost;
using P4Orleans.Testing;

namespace P4Orleans.Orleans.Tests;

/// <summary>ADO.NET clustering on the project's tables, with two real silos.</summary>
public sealed class MembershipTests(TwoSiloCluster cluster) : IClassFixture<TwoSiloCluster>
{
    private const int Active = 3;
    private const int Dead = 6;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task two_silos_join_through_the_table_then_a_stopped_one_is_dead_and_the_cleanup_removes_it_alone()
    {
        var rows = await Eventually.ValueAsync(RowsAsync, r => r.Count == 2 && r.All(m => m.Status == Active));
        Assert.Equal(2, rows.Count);
        // Every change moved the version row: two inserts and at least two status updates.
        Assert.True(await VersionAsync() >= 4);
        // The client found a gateway through GatewaysQueryKey and reaches a grain.
        await cluster.Cluster.GrainFactory.GetGrain<IOfficeProbeGrain>("m-probe").SaveAsync(new OfficeProbeState { Name = "m" });

        var stopped = cluster.Cluster.Silos[^1];
        var survivor = cluster.Cluster.Silos[0];
        await cluster.Cluster.StopSiloAsync(stopped, Ct);
        rows = await Eventually.ValueAsync(RowsAsync, r => r.Count(m => m.Status == Dead) == 1);
        Assert.Equal(stopped.SiloAddress.Endpoint.Port, rows.Single(m => m.Status == Dead).Port);
        Assert.Equal(survivor.SiloAddress.Endpoint.Port, rows.Single(m => m.Status == Active).Port);

        // What the membership agent does every DefunctSiloCleanupPeriod, with a cut-off of now.
        var table = ((InProcessSiloHandle)survivor).SiloHost.Services.GetRequiredService<IMembershipTable>();
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddSeconds(1), Ct);

        rows = await RowsAsync();
        var left = Assert.Single(rows);
        Assert.Equal(Active, left.Status);
        Assert.Equal(survivor.SiloAddress.Endpoint.Port, left.Port);
    }

    [Fact]
    public async Task the_bulk_cleanup_query_removes_only_dead_rows_older_than_the_cut_off()
    {
        const string deployment = "cleanup-probe";
        var now = DateTime.UtcNow;
        await ExecAsync("INSERT INTO orleans_membership_version (deployment_id) VALUES ($1)", deployment);
        foreach (var (port, status, alive) in new[]
        {
            (1, Dead, now.AddHours(-2)), (2, Dead, now.AddMinutes(1)), (3, Active, now.AddHours(-2)),
            (4, 2, now.AddHours(-2)), (5, 5, now.AddHours(-2)), (6, Dead, now.AddHours(-3)),
        })
        {
            await ExecAsync("""
                INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name, status,
                                                proxy_port, start_time, i_am_alive_time)
                VALUES ($1, '127.0.0.1', $2, 1, 's', 'h', $3, 0, $4, $4)
                """, deployment, port, status, alive);
        }

        var text = await QueryTextAsync("CleanupDefunctSiloEntriesKey");
        await using (var cmd = cluster.Database.CreateCommand(text))
        {
            cmd.Parameters.AddWithValue("DeploymentId", deployment);
            cmd.Parameters.AddWithValue("IAmAliveTime", now);
            await cmd.ExecuteNonQueryAsync(Ct);
        }

        await using var read = cluster.Database.CreateCommand(
            "SELECT array_agg(port ORDER BY port) FROM orleans_membership WHERE deployment_id = $1");
        read.Parameters.Add(new() { Value = deployment });
        Assert.Equal(new[] { 2, 3, 4, 5 }, (int[])(await read.ExecuteScalarAsync(Ct))!);
    }

    [Fact]
    public async Task the_query_table_holds_every_key_the_three_providers_of_10_4_2_read()
    {
        string[] required =
        [
            "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
            "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
            "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
            "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
            "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key",
            "ReadRangeRows2Key", "DeleteReminderRowKey", "DeleteReminderRowsKey",
        ];
        await using var cmd = cluster.Database.CreateCommand("SELECT QueryKey FROM OrleansQuery ORDER BY 1");
        var keys = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                keys.Add(reader.GetString(0));
            }
        }
        Assert.Equal(required.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    private async Task<List<(int Port, int Status)>> RowsAsync()
    {
        await using var cmd = cluster.Database.CreateCommand(
            "SELECT port, status FROM orleans_membership WHERE deployment_id = $1 ORDER BY port");
        cmd.Parameters.Add(new() { Value = cluster.ClusterId });
        var rows = new List<(int, int)>();
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            rows.Add((reader.GetInt32(0), reader.GetInt32(1)));
        }
        return rows;
    }

    private async Task<int> VersionAsync()
    {
        await using var cmd = cluster.Database.CreateCommand("SELECT version FROM orleans_membership_version WHERE deployment_id = $1");
        cmd.Parameters.Add(new() { Value = cluster.ClusterId });
        return (int)(await cmd.ExecuteScalarAsync(Ct))!;
    }

    private async Task<string> QueryTextAsync(string key)
    {
        await using var cmd = cluster.Database.CreateCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = $1");
        cmd.Parameters.Add(new() { Value = key });
        return (string)(await cmd.ExecuteScalarAsync(Ct))!;
    }

    private async Task ExecAsync(string sql, params object[] values)
    {
        await using var cmd = cluster.Database.CreateCommand(sql);
        foreach (var value in values)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await cmd.ExecuteNonQueryAsync(Ct);
    }
}
