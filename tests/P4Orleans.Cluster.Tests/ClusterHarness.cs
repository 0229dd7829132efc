using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Reflection;
using P4Orleans.Silo.Security;
using P4Orleans.Testing;

namespace P4Orleans.Cluster.Tests;

/// <summary>
/// Two silo nodes and one api-only node of the built gateway, as real processes on one test database, with
/// distinct HTTP, silo and gateway ports, one cluster id, one master key file and one development-issuer key.
/// Disposing kills every node still running, also when the test failed; the test runner's exit kills them too.
/// </summary>
public sealed class ClusterHarness : IAsyncDisposable
{
    private readonly List<NodeProcess> _nodes = [];
    private readonly EventHandler _onExit;

    private ClusterHarness(string folder, string connectionString, CourtMidnight court)
    {
        Folder = folder;
        ConnectionString = connectionString;
        Court = court;
        ClusterId = "cluster-" + Guid.NewGuid().ToString("N")[..8];
        _onExit = (_, _) => KillAll();
        AppDomain.CurrentDomain.ProcessExit += _onExit;
    }

    /// <summary>The test's folder: key files, time zones, node logs.</summary>
    public string Folder { get; }

    /// <summary>The database every node shares.</summary>
    public string ConnectionString { get; }

    /// <summary>The court's time zone and its coming midnight (the deadline of the test).</summary>
    public CourtMidnight Court { get; }

    /// <summary><c>Silo:ClusterId</c> and <c>Silo:ServiceId</c> of every node.</summary>
    public string ClusterId { get; }

    /// <summary>The master key file the nodes and the test share.</summary>
    public string KeysFile => Path.Combine(Folder, "keys.json");

    /// <summary>The development issuer's signing key the nodes and the test share.</summary>
    public string IssuerKeyFile => Path.Combine(Folder, "dev-issuer.key");

    public IReadOnlyList<NodeProcess> Nodes => _nodes;

    /// <summary>
    /// A database of its own, the shared files, and a court midnight at least <paramref name="deadlineLead"/> away
    /// (nothing is started yet).
    /// </summary>
    public static async Task<ClusterHarness> PrepareAsync(TimeSpan deadlineLead)
    {
        var folder = Path.Combine(Path.GetTempPath(), "p4o-cluster-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var connectionString = await TestPostgres.CreateDatabaseAsync("cluster");
        var harness = new ClusterHarness(folder, connectionString, CourtMidnight.Create(folder, DateTimeOffset.UtcNow + deadlineLead));
        // Written before any node starts: nodes racing to create their own keys would not read each other's data.
        KeyRing.LoadOrCreate(new KeyRingOptions { File = harness.KeysFile });
        await File.WriteAllTextAsync(harness.IssuerKeyFile, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        return harness;
    }

    /// <summary>Starts a node with <c>Silo:Role</c> <paramref name="role"/> (Silo or Api).</summary>
    public NodeProcess Start(string name, string role)
    {
        var http = FreePorts.Next();
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ConnectionStrings__Postgres"] = ConnectionString,
            ["Keys__File"] = KeysFile,
            ["Auth__DevelopmentIssuer__Enabled"] = "true",
            ["Auth__DevelopmentIssuer__KeyFile"] = IssuerKeyFile,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            ["Silo__Role"] = role,
            ["Silo__Name"] = name,
            ["Silo__ClusterId"] = ClusterId,
            ["Silo__ServiceId"] = ClusterId,
            ["Silo__AdvertisedAddress"] = "127.0.0.1",
            ["Silo__SiloPort"] = Invariant(FreePorts.Next()),
            ["Silo__GatewayPort"] = Invariant(FreePorts.Next()),
            // Reminders must prove themselves: the periodic catch-up is kept out of the test's minute.
            ["Silo__ReminderPeriod"] = "00:00:05",
            ["Silo__CatchUpPeriod"] = "00:10:00",
            ["Dispatch__Interval"] = "00:00:00.500",
            // The service deadline ends at the court's next midnight (see CourtMidnight).
            ["Dossier__ServiceDeadlineDays"] = "0",
            ["Law__TimeZoneId"] = CourtMidnight.ZoneId,
            ["TZDIR"] = Court.Directory,
            // The failover probe calls again 20 ms after each refusal, for every grain of the dead silo, as one operator:
            // under the default limit (1,000 requests per 10 s) a slow failover turned the probe's own calls into 429s,
            // and grains that had moved were counted as never answering. The limiter is the API tests' subject, not this one's.
            ["RateLimits__Operator__PermitLimit"] = "1000000",
            // Three runtimes on a small test machine: workstation GC and no instrumented JIT tier start them faster.
            ["DOTNET_gcServer"] = "0",
            ["DOTNET_TieredPGO"] = "0",
        };
        var node = NodeProcess.Start(name, http, ApiAssembly(), settings, Folder);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Polls every node's readiness probe until all answer 200, within <paramref name="bound"/>.</summary>
    public async Task WaitReadyAsync(TimeSpan bound, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        var pending = _nodes.ToList();
        while (pending.Count > 0)
        {
            foreach (var node in pending.ToList())
            {
                if (node.HasExited)
                {
                    throw new InvalidOperationException($"{node.Name} exited while starting.\n{node.Tail()}");
                }
                try
                {
                    using var response = await http.GetAsync(new Uri(node.BaseAddress, "/health/ready"), ct);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        pending.Remove(node);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    // Not listening yet.
                }
            }
            if (pending.Count > 0)
            {
                if (clock.Elapsed > bound)
                {
                    throw new TimeoutException($"Not ready within {bound}: {string.Join(", ", pending.Select(n => n.Name))}.\n"
                        + string.Join('\n', pending.Select(n => n.Tail())));
                }
                await Task.Delay(100, ct);
            }
        }
    }

    /// <summary>The last lines of every node's output.</summary>
    public string Logs() => string.Join('\n', _nodes.Select(n => n.Tail()));

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= _onExit;
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS.
        }
    }

    private void KillAll()
    {
        foreach (var node in _nodes)
        {
            try
            {
                node.KillHard();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    /// <summary>The api assembly built next to its project (written into this assembly at build time).</summary>
    private static string ApiAssembly()
    {
        var path = typeof(ClusterHarness).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ApiAssembly").Value!;
        return File.Exists(path) ? path : throw new FileNotFoundException($"The built gateway is missing: {path} (build api/P4Orleans.Api first).", path);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
