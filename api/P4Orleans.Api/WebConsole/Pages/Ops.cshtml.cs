using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using P4Orleans.Api.Security;
using P4Orleans.Grains;
using P4Orleans.Recovery.Deadlines;
using P4Orleans.Recovery.Hosting;

namespace P4Orleans.Api.WebConsole.Pages;

/// <summary>
/// Ops (role Ops): the cluster's silos (Orleans membership), the deadline backlog by the platform clock, this node's
/// catch-up rounds, the audited requests' error rates of the last hour, and the links to the Orleans Dashboard and metrics.
/// </summary>
[Authorize(Policy = Policies.Ops)]
public sealed class OpsModel(ConsoleQueries queries, PlatformClusterOptions cluster, [FromKeyedServices(PlatformClock.Key)] TimeProvider clock,
    IServiceProvider services) : ConsolePage
{
    public IReadOnlyList<ClusterNode> Nodes { get; private set; } = [];

    public DeadlineBacklog Backlog { get; private set; } = new(0, 0, null, null, null, null);

    /// <summary>This node's catch-up (null on an api-only node, which runs none).</summary>
    public DeadlineCatchUp? CatchUp { get; private set; }

    public TimeSpan CatchUpPeriod => cluster.CatchUpPeriod;

    public ErrorRates Errors { get; private set; } = new(0, 0, 0, 0);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        Nodes = await queries.NodesAsync(ct);
        Backlog = await queries.BacklogAsync(now, ct);
        Errors = await queries.ErrorRatesAsync(now.AddHours(-1), ct);
        CatchUp = services.GetService<DeadlineCatchUp>();
    }

    public static string SiloStatus(int status) => status switch
    {
        1 => "Created",
        2 => "Joining",
        3 => "Active",
        4 => "ShuttingDown",
        5 => "Stopping",
        6 => "Dead",
        _ => "None",
    };

    public static string Seconds(double? seconds) => seconds is { } s ? s.ToString("0.#", CultureInfo.InvariantCulture) + " s" : "—";

    public static string Share(long part, long whole) => whole == 0 ? "—" : ((double)part / whole).ToString("P1", CultureInfo.InvariantCulture);
}
