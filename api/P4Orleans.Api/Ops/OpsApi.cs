using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using P4Orleans.Api.Security;
using P4Orleans.Recovery.Hosting;

namespace P4Orleans.Api.Ops;

/// <summary>What ops watch: the cluster's silos, from Orleans' membership table.</summary>
public static class OpsApi
{
    /// <summary>A silo as the membership table holds it.</summary>
    /// <param name="Silo">Its address, port and generation (Orleans' silo address).</param>
    /// <param name="Name">Its name.</param>
    /// <param name="HostName">The machine it runs on.</param>
    /// <param name="Status">Orleans' status: Created, Joining, Active, ShuttingDown, Stopping or Dead.</param>
    /// <param name="GatewayPort">Its gateway port (0: none).</param>
    /// <param name="StartedAt">When it started.</param>
    /// <param name="LastAlive">Its last I-am-alive time.</param>
    public sealed record NodeView(string Silo, string Name, string HostName, string Status, int GatewayPort, DateTimeOffset StartedAt, DateTimeOffset LastAlive);

    public static IEndpointRouteBuilder MapOpsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ops/nodes", NodesAsync).WithTags("Ops").RequireAuthorization(Policies.NodeWatchers)
            .WithName("ListNodes").WithSummary("The silos of the cluster (Orleans membership), active first");
        return app;
    }

    private static async Task<Ok<List<NodeView>>> NodesAsync(NpgsqlDataSource db, PlatformClusterOptions cluster, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT address || ':' || port || '@' || generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time
            FROM orleans_membership WHERE deployment_id = $1
            ORDER BY status = 3 DESC, i_am_alive_time DESC LIMIT 500
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ClusterId });
        var list = new List<NodeView>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(new NodeView(r.GetString(0), r.GetString(1), r.GetString(2), StatusName(r.GetInt32(3)), r.GetInt32(4),
                r.GetFieldValue<DateTimeOffset>(5), r.GetFieldValue<DateTimeOffset>(6)));
        }

        return TypedResults.Ok(list);
    }

    private static string StatusName(int status) => status switch
    {
        1 => "Created",
        2 => "Joining",
        3 => "Active",
        4 => "ShuttingDown",
        5 => "Stopping",
        6 => "Dead",
        _ => "None",
    };
}
