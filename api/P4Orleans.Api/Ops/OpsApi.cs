using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.Ops;

/// <summary>What ops watch: the cluster's nodes and their heartbeats.</summary>
public static class OpsApi
{
    public sealed record NodeView(
        string NodeId, string Role, string Version, string HostName, DateTimeOffset StartedAt, DateTimeOffset LastBeat, DateTimeOffset? StoppedAt,
        int InFlight, long TurnsTotal, long RemindersFired, long MessagesDelivered, double? ReminderLatenessP50Ms, double? ReminderLatenessP99Ms);

    public static IEndpointRouteBuilder MapOpsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ops/nodes", NodesAsync).WithTags("Ops").RequireAuthorization(Policies.NodeWatchers)
            .WithName("ListNodes").WithSummary("The nodes of the cluster with their last heartbeat and work");
        return app;
    }

    private static async Task<Ok<List<NodeView>>> NodesAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT node_id, role, version, host_name, started_at, last_beat, stopped_at, in_flight, turns_total, reminders_fired,
                   messages_delivered, reminder_lateness_p50_ms, reminder_lateness_p99_ms
            FROM nodes ORDER BY stopped_at NULLS FIRST, last_beat DESC LIMIT 500
            """);
        var list = new List<NodeView>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(new NodeView(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetFieldValue<DateTimeOffset>(4),
                r.GetFieldValue<DateTimeOffset>(5), r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6), r.GetInt32(7), r.GetInt64(8),
                r.GetInt64(9), r.GetInt64(10), r.IsDBNull(11) ? null : r.GetDouble(11), r.IsDBNull(12) ? null : r.GetDouble(12)));
        }
        return TypedResults.Ok(list);
    }
}
