using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService;
using P4Orleans.Testing;

namespace P4Orleans.Orleans.Tests;

/// <summary>
/// The clustering provider's table class on the migrated schema, without a silo: the compare-and-swap
/// of membership over more cases than a running cluster produces.
/// </summary>
public sealed class ProviderContractTests(ClassDatabase database) : IClassFixture<ClassDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task membership_changes_are_compare_and_swap_on_the_version_row()
    {
        var clusterId = "cas-" + Guid.NewGuid().ToString("N")[..6];
        var table = new AdoNetClusteringTable(new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "svc" }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = "Npgsql", ConnectionString = database.ConnectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(true, Ct);
        // A second node initialising finds the version row there.
        await table.InitializeMembershipTableAsync(true, Ct);

        var empty = await table.ReadAllAsync(Ct);
        Assert.Empty(empty.Members);
        Assert.Equal(0, empty.Version.Version);

        var entry = Entry(11111);
        // The provider sends the etag; an etag the table is not at changes nothing.
        Assert.False(await table.InsertRowAsync(entry, new TableVersion(7, "7"), Ct));
        Assert.True(await table.InsertRowAsync(entry, empty.Version, Ct));
        // The same version again: someone (here, this very call) moved it.
        Assert.False(await table.InsertRowAsync(Entry(22222), empty.Version, Ct));

        var one = await table.ReadAllAsync(Ct);
        Assert.Equal(1, one.Version.Version);
        var (read, etag) = Assert.Single(one.Members);
        Assert.Equal(entry.SiloAddress, read.SiloAddress);
        Assert.Equal(SiloStatus.Joining, read.Status);

        read.Status = SiloStatus.Active;
        Assert.False(await table.UpdateRowAsync(read, etag, empty.Version, Ct));
        Assert.True(await table.UpdateRowAsync(read, etag, one.Version, Ct));
        // An update of a row that is not there moves nothing.
        Assert.False(await table.UpdateRowAsync(Entry(33333), "2", new TableVersion(2, "2"), Ct));

        var row = await table.ReadRowAsync(entry.SiloAddress, Ct);
        Assert.Equal(2, row.Version.Version);
        Assert.Equal(SiloStatus.Active, Assert.Single(row.Members).Item1.Status);
        var missing = await table.ReadRowAsync(Entry(44444).SiloAddress, Ct);
        Assert.Empty(missing.Members);
        Assert.Equal(2, missing.Version.Version);

        await table.DeleteMembershipTableEntriesAsync(clusterId, Ct);
        await using var db = NpgsqlDataSource.Create(database.ConnectionString);
        await using var count = db.CreateCommand(
            "SELECT (SELECT count(*) FROM orleans_membership WHERE deployment_id = $1) + (SELECT count(*) FROM orleans_membership_version WHERE deployment_id = $1)");
        count.Parameters.Add(new() { Value = clusterId });
        Assert.Equal(0L, await count.ExecuteScalarAsync(Ct));
    }

    private static MembershipEntry Entry(int port) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, 7),
        SiloName = "silo-" + port,
        HostName = "host",
        Status = SiloStatus.Joining,
        ProxyPort = port + 1,
        StartTime = DateTime.UtcNow,
        IAmAliveTime = DateTime.UtcNow,
    };
}
