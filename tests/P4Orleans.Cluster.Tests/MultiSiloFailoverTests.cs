using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace P4Orleans.Cluster.Tests;

/// <summary>
/// Two silos and an api-only node as real processes on one PostgreSQL; one silo is killed with SIGKILL while the
/// load runs. The court's midnight (the service deadline of every dossier accepted before it) falls a few
/// seconds after the kill, so the deadlines of the dead silo's share of the reminder ring must fire on the survivor.
/// </summary>
public sealed class MultiSiloFailoverTests
{
    /// <summary>
    /// From the nodes' start to the court's midnight, at least: starting three runtimes and loading them took 30 to
    /// 37 s on a busy two-core machine (70 s with a load average of 38; more than 45 s once while every test project
    /// ran at once beside two builds). The midnight is a whole UTC minute (see CourtMidnight), so the run waits up
    /// to a minute more. The suite runs this test beside the longer API suite, so the wait costs the run nothing.
    /// </summary>
    private static readonly TimeSpan DeadlineLead = TimeSpan.FromSeconds(90);

    /// <summary>The kill comes this long before the midnight: the survivor has taken the dead silo's ring range by then.</summary>
    private static readonly TimeSpan KillBeforeMidnight = TimeSpan.FromSeconds(4);

    /// <summary>
    /// The latest the kill may come: the dead silo must not have fired its reminders. The survivor then takes its
    /// range after the midnight and fires them at the next reminder period (Silo:ReminderPeriod, 5 s here).
    /// </summary>
    private static readonly TimeSpan LatestKillBeforeMidnight = TimeSpan.FromSeconds(1);

    /// <summary>One round of the steady load (a few commands) at most this often.</summary>
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan FailoverBound = TimeSpan.FromSeconds(2);

    /// <summary>Titles accepted before the kill: enough that both silos' ring ranges hold some of their reminders.</summary>
    private const int Titles = 24;

    [Fact]
    public async Task a_silo_killed_under_load_loses_no_acknowledged_command_its_grains_and_deadlines_move_to_the_survivor_and_nothing_applies_twice()
    {
        var ct = TestContext.Current.CancellationToken;
        var log = TestContext.Current.TestOutputHelper!;
        await using var cluster = await ClusterHarness.PrepareAsync(DeadlineLead);
        var victim = cluster.Start("silo-1", "Silo");
        var survivor = cluster.Start("silo-2", "Silo");
        var api = cluster.Start("api-1", "Api");
        try
        {
            var started = Stopwatch.StartNew();
            // Not ready by the lead, the court's midnight cannot come after the kill anyway.
            await cluster.WaitReadyAsync(DeadlineLead, ct);
            log.WriteLine($"ready after {started.Elapsed.TotalSeconds:F1} s; court midnight {cluster.Court.Midnight:HH:mm:ss} UTC (zone offset {cluster.Court.Offset})");
            await using var users = new ClusterUsers(cluster, api.BaseAddress);
            await using var db = new ClusterDatabase(cluster.ConnectionString, cluster.ClusterId);
            var operators = await users.OperatorAsync(ct);
            var load = new LoadGenerator(await users.OnssAsync(ct), operators, users.BailiffAsync);

            // Before the kill: offices, titles, dispatch by the silos, every dossier accepted (its service deadline: the midnight).
            await FirstGrainCallAsync(load, ct);
            for (var i = 0; i < 3; i++)
            {
                Assert.NotNull(await load.RegisterOfficeAsync(ct));
            }
            log.WriteLine($"offices registered at {started.Elapsed.TotalSeconds:F1} s");
            var titles = await load.SubmitAsync(Titles, 8, ct);
            Assert.True(titles.Count == Titles, $"{Titles - titles.Count} of {Titles} titles not acknowledged before the kill: {Refusals(load)}");
            log.WriteLine($"titles submitted at {started.Elapsed.TotalSeconds:F1} s");
            await AcceptAllAsync(load, titles, ct);
            log.WriteLine($"titles dispatched and accepted at {started.Elapsed.TotalSeconds:F1} s");
            var grains = titles.Select(id => $"/operators/dossiers/{id}")
                .Concat(load.AcknowledgedCommands.Where(a => a.Kind == CommandKind.RegisterOffice).Select(a => $"/operators/bailiffs/{a.Key}")).ToList();
            // Every grain active somewhere before the kill, spread over both silos by placement.
            var warm = await FailoverProbe.MeasureAsync(operators, grains, Stopwatch.StartNew(), TimeSpan.FromSeconds(10), ct);
            Assert.Empty(warm.NeverAnswered);
            log.WriteLine($"first reads, before the kill: {warm}");

            // The kill, in the middle of a mixed load, timed against the court's midnight.
            using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var steady = load.RunSteadyAsync(Pace, stopLoad.Token);
            await MoreAcknowledgedAsync(load, 6, ct);
            var spare = cluster.Court.Midnight - KillBeforeMidnight - DateTimeOffset.UtcNow;
            log.WriteLine($"loaded at {started.Elapsed.TotalSeconds:F1} s; the load runs {spare.TotalSeconds:F1} s more until the kill");
            Assert.True(spare >= LatestKillBeforeMidnight - KillBeforeMidnight,
                $"The cluster was too slow to be loaded {LatestKillBeforeMidnight.TotalSeconds} s before the court's midnight: raise DeadlineLead.");
            if (spare > TimeSpan.Zero)
            {
                // What is awaited here is the court's clock, not an effect: the load goes on meanwhile.
                await Task.Delay(spare, ct);
            }
            var sinceKill = Stopwatch.StartNew();
            var killedAt = DateTimeOffset.UtcNow;
            victim.KillHard();
            var eviction = EvictionAsync(db, victim, sinceKill, ct);
            // The commands in flight at the kill are left to their fate (answered or not); the load then steps aside so
            // that the probe's figure is the failover, not the queue of a two-core machine.
            await stopLoad.CancelAsync();
            var failover = await FailoverProbe.MeasureAsync(operators, grains, sinceKill, TimeSpan.FromSeconds(10), ct);
            log.WriteLine($"SIGKILL of {victim.Name} at {killedAt:HH:mm:ss.fff}, then {failover} after the kill; {await eviction}");
            await steady;
            // The survivor takes new commands too.
            using var stopAfter = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var after = load.RunSteadyAsync(Pace, stopAfter.Token);
            await MoreAcknowledgedAsync(load, 8, ct);
            await stopAfter.CancelAsync();
            await after;
            log.WriteLine($"acknowledged: {string.Join(", ", load.AcknowledgedCommands.GroupBy(a => a.Kind).Select(g => $"{g.Key} {g.Count()}"))}; "
                + $"not acknowledged: {Refusals(load)}");

            Assert.False(survivor.HasExited, survivor.Tail());

            // The deadlines due at the midnight fire on the survivor, the only silo left, once each.
            var dossiers = await DeadlinesAppliedAsync(db, cluster.Court.Midnight, ct);
            var phaseOne = dossiers.Where(d => titles.Contains(d.Id)).ToList();
            Assert.All(phaseOne, d => Assert.Equal(cluster.Court.Midnight, d.ServiceDueAt));
            var journal = await db.JournalAsync(ct);
            var reached = journal.Where(j => j.Kind == "deadline-reached" && j.Field("name") == "service-deadline").ToList();
            log.WriteLine($"{reached.Count} service deadlines due at {cluster.Court.Midnight:HH:mm:ss} applied after the kill, the last "
                + $"{(reached.Max(j => j.At) - cluster.Court.Midnight).TotalMilliseconds:F0} ms after they fell due");
            Assert.All(reached, j => Assert.True(j.At > killedAt && j.At >= cluster.Court.Midnight, $"{j.Key} applied at {j.At:O}"));
            Assert.All(dossiers.Where(d => d.ServiceReached), d => Assert.Equal(1, d.ServiceEscalations));

            var offices = await db.OfficeIdsAsync(ct);
            Assert.Empty(ClusterChecks.AcknowledgedAreStored(load.AcknowledgedCommands, dossiers, offices, journal));
            Assert.Empty(ClusterChecks.NothingAppliedTwice(journal));
            Assert.Empty(await LoadsSettledAsync(db, operators, ct));
            Assert.Empty(ClusterChecks.NoPersonalDataLogged(cluster.Nodes));
            Assert.Empty(failover.NeverAnswered);
            Assert.True(failover.Slowest <= FailoverBound, $"the dead silo's grains answered {failover.Slowest.TotalMilliseconds:F0} ms after the kill");
        }
        catch
        {
            log.WriteLine(cluster.Logs());
            throw;
        }
    }

    private static string Refusals(LoadGenerator load) =>
        load.Refused.Count == 0 ? "none" : string.Join(", ", load.Refused.Select(r => $"{r.Key} x{r.Value}"));

    /// <summary>The first grain call through the api-only node, retried (bounded) while its client finds the silos' gateways.</summary>
    private static async Task FirstGrainCallAsync(LoadGenerator load, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (await load.RegisterOfficeAsync(ct) is null)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "the api-only node never reached a silo: " + Refusals(load));
            await Task.Delay(100, ct);
        }
    }

    private static async Task AcceptAllAsync(LoadGenerator load, IReadOnlyList<string> titles, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var wanted = titles.ToHashSet(StringComparer.Ordinal);
        while (!wanted.IsSubsetOf(load.AcknowledgedCommands.Where(a => a.Kind == CommandKind.Accept).Select(a => a.Key)))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the silos did not dispatch the titles in time: " + Refusals(load));
            await load.WakeDispatchAsync(ct);
            if (await load.AcceptAssignedAsync(8, ct) == 0)
            {
                await Task.Delay(100, ct);
            }
        }
    }

    /// <summary>Waits (bounded) until the running load has had <paramref name="count"/> more commands acknowledged.</summary>
    private static async Task MoreAcknowledgedAsync(LoadGenerator load, int count, CancellationToken ct)
    {
        var target = load.AcknowledgedCommands.Count + count;
        var clock = Stopwatch.StartNew();
        while (load.AcknowledgedCommands.Count < target)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "the load stalled: " + Refusals(load));
            await Task.Delay(50, ct);
        }
    }

    /// <summary>When membership declared the killed silo dead (Orleans tables only).</summary>
    private static async Task<string> EvictionAsync(ClusterDatabase db, NodeProcess victim, Stopwatch sinceKill, CancellationToken ct)
    {
        var port = int.Parse(victim.Settings["Silo__SiloPort"], CultureInfo.InvariantCulture);
        while (sinceKill.Elapsed < TimeSpan.FromSeconds(10))
        {
            var members = await db.MembersAsync(ct);
            if (members.Count == 0)
            {
                return "no membership table rows (not an Orleans cluster)";
            }
            if (members.Any(m => m.Port == port && m.Status == ClusterDatabase.Dead))
            {
                return $"declared dead in membership {sinceKill.Elapsed.TotalMilliseconds:F0} ms after the kill";
            }
            await Task.Delay(25, ct);
        }
        return "not declared dead within 10 s";
    }

    /// <summary>Polls (bounded: 20 s past the midnight) until every dossier whose service deadline fell due has it applied.</summary>
    private static async Task<IReadOnlyList<DossierRow>> DeadlinesAppliedAsync(ClusterDatabase db, DateTimeOffset midnight, CancellationToken ct)
    {
        while (true)
        {
            var dossiers = await db.DossiersAsync(ct);
            var pending = dossiers.Where(d => d.ServiceDueAt <= midnight && !d.ServiceReached).Select(d => d.Id).ToList();
            if (DateTimeOffset.UtcNow > midnight && pending.Count == 0)
            {
                return dossiers;
            }
            Assert.True(DateTimeOffset.UtcNow < midnight + TimeSpan.FromSeconds(20),
                $"{pending.Count} service deadlines due at {midnight:HH:mm:ss} not applied 20 s later: {string.Join(", ", pending.Take(5))}");
            await Task.Delay(100, ct);
        }
    }

    /// <summary>Offices whose load differs from their open dossiers, polled (bounded) while cross-grain effects settle.</summary>
    private static async Task<IReadOnlyList<string>> LoadsSettledAsync(ClusterDatabase db, HttpClient operators, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var problems = ClusterChecks.LoadsMatchDossiers(await LoadsAsync(operators, ct), await db.DossiersAsync(ct));
            if (problems.Count == 0 || clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                return problems;
            }
            await Task.Delay(100, ct);
        }
    }

    private static async Task<IReadOnlyDictionary<string, int>> LoadsAsync(HttpClient operators, CancellationToken ct)
    {
        using var list = JsonDocument.Parse(await operators.GetStringAsync("/operators/bailiffs", ct));
        return list.RootElement.EnumerateArray().ToDictionary(o => o.GetProperty("officeId").GetString()!, o => o.GetProperty("load").GetInt32(), StringComparer.Ordinal);
    }
}
