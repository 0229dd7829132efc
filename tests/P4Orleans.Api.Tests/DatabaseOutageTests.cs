using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Silo.Embedded;

namespace P4Orleans.Api.Tests;

/// <summary>A database that goes away and comes back: 503 with Retry-After meanwhile, served again within 10 s.</summary>
public sealed class DatabaseOutageTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task the_embedded_server_killed_is_restarted_and_requests_meanwhile_are_503_with_retry_after()
    {
        await using var gateway = new OwnServerGateway(5461);
        var client = await gateway.OperatorClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", TestContext.Current.CancellationToken)).StatusCode);
        var embedded = gateway.Services.GetRequiredService<EmbeddedPostgres>();
        var supervisor = gateway.Services.GetRequiredService<EmbeddedPostgresSupervisor>();

        var pid = int.Parse(File.ReadLines(Path.Combine(embedded.ClusterDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
        // SIGKILL of the whole server, no shutdown, as a crash of the machine's PostgreSQL would: the postmaster and its
        // backends at once. Backends outlive a postmaster killed alone until their next check, and one still holding a
        // pooled connection would answer the first request as if nothing had happened.
        var backends = ChildrenOf(pid);
        using (var postmaster = Process.GetProcessById(pid))
        {
            postmaster.Kill();
        }
        foreach (var backend in backends)
        {
            try
            {
                using var process = Process.GetProcessById(backend);
                process.Kill();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }
        var killed = Stopwatch.StartNew();

        var outage = await ObserveOutageAsync(client);
        var backAfter = killed.Elapsed;
        TestContext.Current.TestOutputHelper?.WriteLine($"killed postmaster: served again after {backAfter.TotalSeconds:F1} s, {outage.Refusals.Count} requests refused meanwhile");

        Assert.NotEmpty(outage.Refusals);
        Assert.All(outage.Refusals, r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r));
        Assert.True(outage.ReadyWasRed, "/health/ready was red during the outage");
        Assert.True(backAfter < TimeSpan.FromSeconds(10), $"served again {backAfter.TotalSeconds:F1} s after the kill");
        Assert.True(supervisor.Restarts >= 1);
        Assert.True(embedded.IsPostmasterAlive());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task an_external_server_stopped_and_started_again_is_served_again_without_a_restart_of_the_platform()
    {
        var folder = Path.Combine(Path.GetTempPath(), "p4o-external-" + Guid.NewGuid().ToString("N")[..8]);
        var server = new EmbeddedPostgres(new EmbeddedPostgresOptions
        {
            DataDirectory = folder, Port = 5462, Durable = false, SharedBuffers = "16MB", MaxConnections = 60, Database = "external",
        });
        try
        {
            await server.StartAsync(TestContext.Current.CancellationToken);
            await using var gateway = new OwnServerGateway(5463, server.ConnectionString);
            var client = await gateway.OperatorClientAsync();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me", TestContext.Current.CancellationToken)).StatusCode);

            await server.StopAsync();
            for (var i = 0; i < 3; i++)
            {
                var down = await client.GetAsync("/me", TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
                Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
                Assert.True(down.Headers.RetryAfter?.Delta > TimeSpan.Zero);
                var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
                Assert.True(ready.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            }

            await server.StartAsync(TestContext.Current.CancellationToken);
            var started = Stopwatch.StartNew();
            var outage = await ObserveOutageAsync(client);
            Assert.All(outage.Refusals, r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r));
            TestContext.Current.TestOutputHelper?.WriteLine($"external server back: served again after {started.Elapsed.TotalSeconds:F1} s");
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"served again {started.Elapsed.TotalSeconds:F1} s after the server came back");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await server.DisposeAsync();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>The processes whose parent is <paramref name="pid"/> (Linux: the fourth field of /proc/N/stat).</summary>
    private static List<int> ChildrenOf(int pid)
    {
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), System.Globalization.CultureInfo.InvariantCulture, out var candidate))
            {
                continue;
            }
            try
            {
                // "N (comm) S PPID ...": the command may hold spaces and parentheses, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == pid)
                {
                    children.Add(candidate);
                }
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
        }
        return children;
    }

    /// <summary>Polls (bounded) until /me answers 200 again, keeping every other status seen and whether readiness was red.</summary>
    private static async Task<(List<HttpStatusCode> Refusals, bool ReadyWasRed)> ObserveOutageAsync(HttpClient client)
    {
        var refusals = new List<HttpStatusCode>();
        var readyWasRed = false;
        var aborted = 0;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Bound)
        {
            HttpResponseMessage me;
            try
            {
                me = await client.GetAsync("/me", TestContext.Current.CancellationToken);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                // The database went away between the handler and its audit entry: an unauditable answer is not
                // served, the connection is aborted (api/README.md). Not a 500, and nothing of the answer left.
                aborted++;
                continue;
            }
            if (me.StatusCode == HttpStatusCode.OK)
            {
                return (refusals, readyWasRed);
            }
            refusals.Add(me.StatusCode);
            if (me.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Assert.Equal("application/problem+json", me.Content.Headers.ContentType?.MediaType);
                Assert.True(me.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a 503 says when to retry");
            }
            var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
            readyWasRed |= ready.StatusCode == HttpStatusCode.ServiceUnavailable;
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException($"Still not served after {Bound}; statuses seen: {string.Join(", ", refusals)}; aborted: {aborted}");
    }
}
